"""The class vote on the projector: join code and QR, live bars, countdown and result.

Drawn from a `Snapshot` each frame: nothing here waits on the server.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace

import pygame

from game.voting import JoinInfo, Snapshot, VoteState

from ..draw import draw_panel
from ..text_layout import Line, TextBlock, draw_lines, layout_text
from ..theme import FontRole, Role, TextStyle
from ..widgets import UIContext

_WHITE = (255, 255, 255)
_BLACK = (0, 0, 0)


@functools.lru_cache(maxsize=4)
def qr_surface(url: str, module_px: int) -> pygame.Surface:
    """The join URL's QR code: crisp squares of `module_px`, black on white, quiet zone in."""
    matrix = JoinInfo(url, "").qr_matrix()
    side = len(matrix) * module_px
    image = pygame.Surface((side, side))
    image.fill(_WHITE)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.fill(_BLACK, (x * module_px, y * module_px, module_px, module_px))
    return image


def percent(count: int, total: int) -> int:
    """`count` as a whole percentage of `total` (0 when nobody voted)."""
    return round(100 * count / total) if total else 0


def status_line(snap: Snapshot) -> str:
    """What the facilitator can do now, in words (the keys are in the help page too)."""
    if snap.state is VoteState.OPEN:
        return "L or Enter: close the vote · X: cancel · R: start again"
    result = snap.result
    if result is None:
        return "X: hide"
    if result.is_tie:
        tied = " or ".join(str(i + 1) for i in result.tied)
        return f"A tie: press {tied} to decide · R: vote again"
    return "Enter: take it · 1–9: overrule · R: vote again"


def headline(snap: Snapshot) -> str:
    """The panel's heading: open with its countdown, or how it came out."""
    if snap.state is VoteState.OPEN:
        if snap.seconds_left is not None:
            left = math.ceil(snap.seconds_left)
            return f"Vote now · {left // 60}:{left % 60:02d} left"
        return "Vote now"
    result = snap.result
    if result is None:
        return "Class vote"
    if result.is_tie:
        return "A tie: the facilitator decides"
    return f"Result: choice {result.winner + 1}"  # type: ignore[operator]


class VoteView:
    """Lays out and draws the projector's vote panel for one window size."""

    def __init__(self, ctx: UIContext, size: tuple[int, int]) -> None:
        m = ctx.metrics
        self.ctx = ctx
        self.rect = pygame.Rect(0, 0, *size).inflate(-2 * m.margin, -2 * m.margin)
        self.pad = m.px(ctx.theme.spacing.xl)

    def draw(self, surface: pygame.Surface, snap: Snapshot, join: JoinInfo) -> None:
        """The whole panel: scrim, join side (QR, code, URL) and the tally side."""
        ctx, p = self.ctx, self.ctx.theme.palette
        draw_panel(surface, surface.get_rect(), p.scrim, 0)
        # Opaque: the scene's words must not show through the tally.
        fill = (*p.rgb(Role.PANEL), 255)
        draw_panel(surface, self.rect, fill, ctx.metrics.radius, p.accent, ctx.metrics.border * 2)
        inner = self.rect.inflate(-2 * self.pad, -2 * self.pad)
        join_w = self._draw_join(surface, inner, join)
        tally = pygame.Rect(inner.x + join_w + self.pad, inner.y, 0, inner.height)
        tally.width = inner.right - tally.x
        self._draw_tally(surface, tally, snap)

    def _draw_join(self, surface: pygame.Surface, area: pygame.Rect, join: JoinInfo) -> int:
        """QR on top, the code large beneath, the address small; returns the width used."""
        ctx, p = self.ctx, self.ctx.theme.palette
        m = ctx.metrics
        # Bold sans: the display face's old-style figures blur "5" and "8" at a distance.
        code_font = ctx.fonts.get(m.faces, FontRole.BOLD, m.font_px(TextStyle.TITLE))
        small = ctx.font(TextStyle.SMALL)
        below = code_font.get_linesize() + 2 * small.get_linesize()
        side = min(area.height - below, area.width * 2 // 5)
        modules = len(JoinInfo(join.url, "").qr_matrix())
        qr = qr_surface(join.url, max(2, side // modules))
        surface.blit(qr, area.topleft)
        y = area.y + qr.get_height()
        width = max(qr.get_width(), 1)
        for text, font, colour in (
            (f"Code {join.code}", code_font, p.body_text),
            (join.url.split("/?")[0], small, p.muted_text),
        ):
            image = font.render(text, True, colour)
            if image.get_width() > width:
                image = pygame.transform.smoothscale_by(image, width / image.get_width())
            surface.blit(image, (area.x, y))
            y += image.get_height()
        return width

    def _draw_tally(self, surface: pygame.Surface, area: pygame.Rect, snap: Snapshot) -> None:
        ctx, p, m = self.ctx, self.ctx.theme.palette, self.ctx.metrics
        head, label, small = (
            ctx.font(TextStyle.HEADING),
            ctx.font(TextStyle.LABEL),
            ctx.font(TextStyle.SMALL),
        )
        y = area.y
        surface.blit(head.render(headline(snap), True, p.body_text), (area.x, y))
        y += head.get_linesize()
        footer = area.bottom - 2 * small.get_linesize()
        n = max(1, len(snap.options))
        bar = ctx.font(TextStyle.BUTTON).get_linesize()
        gap = m.px(ctx.theme.spacing.md)
        # The options come first; the prompt gets what room is left (the phones show it all).
        prompt = layout_text(snap.prompt, small, area.width)
        room = footer - y - gap - n * (label.get_linesize() + bar)
        lines = first_lines(prompt, max(0, min(3, room // prompt.line_height)), small)
        draw_lines(surface, small, lines, p.muted_text, (area.x, y), line_height=prompt.line_height)
        y += len(lines) * prompt.line_height + gap
        # Two lines of each option when they fit, else one.
        wrap = 2 if n * (2 * label.get_linesize() + bar) <= footer - y else 1
        row = max((footer - y) // n, wrap * label.get_linesize() + bar)
        winner = snap.result.winner if snap.result is not None else None
        for i, option in enumerate(snap.options):
            count = snap.counts[i] if i < len(snap.counts) else 0
            rect = pygame.Rect(area.x, y, area.width, row)
            mark = "  · most votes" if i == winner else ""
            self._draw_option(surface, rect, wrap, f"{i + 1}  {option}{mark}", count, snap.total)
            y += row
        people = "phone" if snap.phones == 1 else "phones"
        votes = "vote" if snap.total == 1 else "votes"
        info = f"{snap.total} {votes} · {snap.phones} {people} connected"
        surface.blit(small.render(info, True, p.muted_text), (area.x, footer))
        status = first_lines(layout_text(status_line(snap), small, area.width), 1, small)
        at = (area.x, footer + small.get_linesize())
        draw_lines(surface, small, status, p.body_text, at, line_height=small.get_linesize())

    def _draw_option(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        wrap: int,
        text: str,
        count: int,
        total: int,
    ) -> None:
        """The option's words (up to `wrap` lines), then its bar with count and percentage."""
        ctx, p, m = self.ctx, self.ctx.theme.palette, self.ctx.metrics
        label, bold = ctx.font(TextStyle.LABEL), ctx.font(TextStyle.BUTTON)
        block = layout_text(text, label, rect.width)
        lines = first_lines(block, wrap, label)
        draw_lines(surface, label, lines, p.body_text, rect.topleft, line_height=block.line_height)
        y = rect.y + len(lines) * block.line_height
        figures = bold.render(f"{count} · {percent(count, total)}%", True, p.body_text)
        gap = m.px(ctx.theme.spacing.md)
        bar_h = max(m.px(ctx.theme.spacing.sm), figures.get_height() * 2 // 3)
        track = pygame.Rect(rect.x, y + (figures.get_height() - bar_h) // 2, 0, bar_h)
        track.width = rect.width - figures.get_width() - gap
        draw_panel(surface, track, p.track, bar_h // 3, p.panel_edge, m.border)
        if count:
            fill = track.copy()
            fill.width = max(bar_h, round(track.width * count / max(1, total)))
            draw_panel(surface, fill, p.accent, bar_h // 3)
        surface.blit(figures, (rect.right - figures.get_width(), y))


def first_lines(block: TextBlock, count: int, font: pygame.font.Font) -> list[Line]:
    """The first `count` lines of `block`, the last ending in "…" when text was left out."""
    lines = list(block.lines[:count])
    if not lines or len(block.lines) <= count:
        return lines
    last = lines[-1]
    text = block.text[last.start :].replace("\n", " ")
    while text and font.size(text + "…")[0] > block.width:
        text = text[:-1]
    lines[-1] = replace(last, text=text.rstrip() + "…")
    return lines
