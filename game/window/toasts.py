"""Short notes at the top (or bottom) of the window that fade away after a few seconds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from .clock import Clock
from .draw import draw_panel
from .text_layout import draw_lines, layout_text
from .theme import TextStyle
from .widgets import UIContext

# Where a note goes: (x centre, y, True if y is its top, False if its bottom).
Spot = tuple[int, int, bool]


def note_height(ctx: UIContext) -> int:
    """The height of a one-line note, for screens that find it a place."""
    return ctx.line_height(TextStyle.LABEL) + 2 * _pad_y(ctx)


def _pad_y(ctx: UIContext) -> int:
    return ctx.metrics.text_px(ctx.theme.spacing.sm)


@dataclass(frozen=True)
class Toast:
    """A short note on show until `until` (clock time)."""

    text: str
    until: float


class Toasts:
    """The note on show (one at a time: a new one replaces it), its timing and its drawing."""

    def __init__(
        self, clock: Clock, ctx: Callable[[], UIContext], reduced_motion: Callable[[], bool]
    ) -> None:
        self._clock = clock
        self._ctx = ctx
        self._reduced_motion = reduced_motion
        self._toast: Toast | None = None
        self.changed = False  # the picture of the note changed since the last draw

    def show(self, text: str, *, long: bool = False) -> None:
        """Show a short note for a few seconds."""
        motion = self._ctx().theme.motion
        self._toast = Toast(text, self._clock.now() + (motion.long_toast if long else motion.toast))
        self.changed = True

    @property
    def text(self) -> str | None:
        """The note on show (tests)."""
        return self._toast.text if self._toast is not None else None

    def _fade(self) -> float:
        return 0.0 if self._reduced_motion() else self._ctx().theme.motion.fade

    def next_wake(self) -> float | None:
        """Seconds until the note starts fading (None: no note)."""
        if self._toast is None:
            return None
        left = self._toast.until - self._clock.now()
        fade = self._fade()
        return 0.0 if left <= fade else left - fade

    def update(self) -> None:
        """Drop the note when its time is up; mark fading frames for drawing."""
        toast = self._toast
        if toast is None:
            return
        left = toast.until - self._clock.now()
        if left <= 0:
            self._toast = None
            self.changed = True
        elif left <= self._fade():
            self.changed = True

    def draw(self, surface: pygame.Surface, spot: Spot | None) -> None:
        """Draw the note at `spot` (None: centred at the top margin)."""
        toast = self._toast
        self.changed = False
        if toast is None:
            return
        ctx = self._ctx()
        m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
        pad_x, pad_y = m.text_px(sp.lg), _pad_y(ctx)
        width = min(surface.get_width() - 2 * m.margin, m.content_width)
        font = ctx.font(TextStyle.LABEL)
        block = layout_text(
            toast.text,
            font,
            max(1, width - 2 * pad_x),
            line_height=ctx.line_height(TextStyle.LABEL),
            align="center",
        )
        w = max(line.width for line in block.lines) + 2 * pad_x if block.lines else 2 * pad_x
        rect = pygame.Rect(0, 0, min(width, w), block.height + 2 * pad_y)
        x, y, from_top = spot if spot is not None else (surface.get_width() // 2, m.margin, True)
        if from_top:
            rect.midtop = (x, y)
        else:
            rect.midbottom = (x, y)
        rect.clamp_ip(surface.get_rect())
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        draw_panel(layer, layer.get_rect(), p.nameplate, m.radius, p.panel_edge, m.border)
        shift = (rect.width - block.width) // 2
        draw_lines(
            layer,
            font,
            block.lines,
            p.nameplate_text,
            (shift, pad_y),
            line_height=block.line_height,
        )
        left = toast.until - self._clock.now()
        fade = ctx.theme.motion.fade
        if not self._reduced_motion() and left < fade:
            layer.set_alpha(max(0, round(255 * left / fade)))
        surface.blit(layer, rect.topleft)
