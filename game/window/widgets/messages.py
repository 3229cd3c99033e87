"""Text messages drawn as a phone's thread: theirs on the left, yours on the right, the time
and what became of each (read, delivered) small beneath it, and a draft that was never sent
sitting in the compose box with the words "Draft, not sent" beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.engine.runner import Line

from ..draw import draw_panel
from ..text_layout import TextBlock, draw_lines, layout_text
from ..theme import Color, TextStyle, composite, ensure_contrast
from .base import UIContext

# Bubbles are at most this share of the phone's inner width, so whose side is clear.
BUBBLE_SHARE = 0.8
TEXT_CONTRAST = 7.0  # AAA: the phone is read from the back of a classroom too


@dataclass(frozen=True)
class Placed:
    """One message laid out: its bubble, text, and the small line under it."""

    line: Line
    bubble: pygame.Rect
    text: TextBlock
    caption: str
    caption_y: int


def caption(line: Line) -> str:
    """The small line under a bubble: who (theirs), when, and what became of it."""
    parts = []
    if line.draft:
        parts.append("Draft, not sent")
    elif not line.mine and line.name:
        parts.append(line.name)
    if line.time:
        parts.append(line.time)
    if line.status and not line.draft:
        parts.append(line.status.capitalize())
    return " · ".join(parts)


def body(line: Line) -> str:
    """A bubble's words (a photo is named in words: the window may not have the picture)."""
    return f"[Photo]\n{line.text}" if line.photo else line.text


class MessageThread:
    """The thread on screen: laid out from the bottom (newest) up; older ones that do not
    fit are left off the top, as a phone scrolls."""

    def __init__(self) -> None:
        self.lines: tuple[Line, ...] = ()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.placed: list[Placed] = []
        self._ctx: UIContext | None = None

    def layout(self, ctx: UIContext, rect: pygame.Rect, lines: Sequence[Line]) -> None:
        """Lay `lines` out in the phone `rect`."""
        self._ctx, self.rect, self.lines = ctx, rect, tuple(lines)
        m, sp = ctx.metrics, ctx.theme.spacing
        pad = m.text_px(sp.md)
        bx, by = ctx.pads(sp.md, sp.sm)
        inner = rect.inflate(-2 * pad, -2 * pad)
        font = ctx.font(TextStyle.BODY)
        small_h = ctx.line_height(TextStyle.SMALL)
        gap = m.text_px(sp.sm)
        self.placed = []
        y = inner.bottom
        for line in reversed(self.lines):
            width = int(inner.width * BUBBLE_SHARE) - 2 * bx
            text = layout_text(body(line), font, width, line_height=ctx.line_height(TextStyle.BODY))
            used = max((ln.width for ln in text.lines), default=0)
            w = inner.width if line.draft else used + 2 * bx
            h = text.height + 2 * by
            cap = caption(line)
            top = y - h - (small_h if cap else 0)
            if top < inner.top and self.placed:
                break
            x = inner.right - w if line.mine or line.draft else inner.left
            bubble = pygame.Rect(x, top, w, h)
            self.placed.append(Placed(line, bubble, text, cap, bubble.bottom))
            y = top - gap

    def draw(self, surface: pygame.Surface) -> None:
        """The phone, its bubbles and their captions."""
        ctx = self._ctx
        if ctx is None or not self.placed:
            return
        p, m = ctx.theme.palette, ctx.metrics
        draw_panel(surface, self.rect, p.panel, m.radius, p.panel_edge, m.border)
        ground = composite(p.panel, p.window)
        bx, by = ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)
        font, small = ctx.font(TextStyle.BODY), ctx.font(TextStyle.SMALL)
        body_h, small_h = ctx.line_height(TextStyle.BODY), ctx.line_height(TextStyle.SMALL)
        muted = ensure_contrast(p.muted_text, ground, 4.5)
        for item in self.placed:
            fill, ink = self._colours(item.line, ground)
            radius = min(m.radius * 2, item.bubble.height // 2)
            if item.line.draft:
                draw_panel(surface, item.bubble, ground, radius, p.accent, max(2, m.border * 2))
            else:
                draw_panel(surface, item.bubble, fill, radius)
            origin = (item.bubble.x + bx, item.bubble.y + by)
            draw_lines(surface, font, item.text.lines, ink, origin, line_height=body_h)
            if item.caption:
                image = small.render(item.caption, True, muted)
                right = item.line.mine or item.line.draft
                x = item.bubble.right - image.get_width() if right else item.bubble.left
                surface.blit(image, (x, item.caption_y + (small_h - image.get_height()) // 2))

    def _colours(self, line: Line, ground: Color) -> tuple[Color, Color]:
        """A bubble's fill and its text colour (text always reaches AAA contrast on it)."""
        assert self._ctx is not None
        p = self._ctx.theme.palette
        if line.draft:
            return ground, ensure_contrast(p.body_text, ground, TEXT_CONTRAST)
        fill = p.accent if line.mine else composite(p.button, ground)
        base = p.window if line.mine else p.button_text
        return fill, ensure_contrast(base, fill, TEXT_CONTRAST)
