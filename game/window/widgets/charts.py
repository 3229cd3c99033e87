"""The meters chart on the ending page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pygame

from ..draw import draw_panel
from ..theme import TextStyle
from .base import Arranged, LaidText, UIContext

if TYPE_CHECKING:  # annotations only: the title screen starts without the game's runner
    from game.engine.runner import MeterTrack


class MeterChart(Arranged):
    """Every meter's value over the playthrough as a small line chart, one chart per meter.

    Each chart has its name and the final value written out ("6 of 10, from 2"), so the
    numbers never depend on reading the line.
    """

    focusable = False

    def __init__(self, tracks: Sequence[MeterTrack]) -> None:
        super().__init__()
        self.tracks = list(tracks)
        self._cells: list[tuple[pygame.Rect, pygame.Rect]] = []
        self._titles: list[LaidText] = [LaidText() for _ in self.tracks]

    def _columns(self, ctx: UIContext, width: int) -> int:
        least = ctx.metrics.text_px(ctx.theme.spacing.chart_min_width)
        return max(1, min(2, len(self.tracks), width // max(1, least)))

    @staticmethod
    def caption(track: MeterTrack) -> str:
        """The words under a chart's name: where the meter ended and where it began."""
        end = track.values[-1] if track.values else track.lo
        start = track.values[0] if track.values else track.lo
        return f"{track.label}: {end} of {track.hi} (started at {start})"

    def _arrange(self, ctx: UIContext, rect: pygame.Rect) -> int:
        if not self.tracks:
            self._cells = []
            return 0
        m, sp = ctx.metrics, ctx.theme.spacing
        cols = self._columns(ctx, rect.width)
        gap = m.text_px(sp.lg)
        cell_w = (rect.width - gap * (cols - 1)) // cols
        plot_h = m.text_px(sp.chart_height)
        self._cells = []
        y = rect.top
        row_h = 0
        for i, track in enumerate(self.tracks):
            col = i % cols
            if col == 0 and i:
                y += row_h + gap
                row_h = 0
            x = rect.left + col * (cell_w + gap)
            title = self._titles[i].get(ctx, self.caption(track), TextStyle.LABEL, cell_w)
            plot = pygame.Rect(x, y + title.height + m.text_px(sp.xs), cell_w, plot_h)
            self._cells.append((pygame.Rect(x, y, cell_w, title.height), plot))
            row_h = max(row_h, plot.bottom - y)
        return y + row_h - rect.top

    @staticmethod
    def points(track: MeterTrack, area: pygame.Rect) -> list[tuple[int, int]]:
        """Where each of a track's values sits in a plot area (min at the bottom)."""
        values = track.values or (track.lo,)
        span = max(1, track.hi - track.lo)
        n = len(values)
        out = []
        for k, v in enumerate(values):
            x = area.left + (round(area.width * k / (n - 1)) if n > 1 else area.width // 2)
            t = (min(track.hi, max(track.lo, v)) - track.lo) / span
            out.append((x, area.bottom - round(area.height * t)))
        return out

    def draw(self, surface: pygame.Surface) -> None:
        """Caption, frame, grid lines at min/middle/max, the line and its points."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        for i, (track, (title_rect, plot)) in enumerate(zip(self.tracks, self._cells, strict=True)):
            block = self._titles[i].block
            if block is not None:
                self._draw_text(surface, TextStyle.LABEL, block, p.body_text, title_rect.topleft)
            draw_panel(surface, plot, p.button, max(2, m.radius // 2), p.panel_edge, m.border)
            inset = max(6, m.text_px(ctx.theme.spacing.chart_inset))
            area = plot.inflate(-2 * inset, -2 * inset)
            if area.width <= 0 or area.height <= 0:
                continue
            for frac in (0.0, 0.5, 1.0):
                y = area.bottom - round(area.height * frac)
                pygame.draw.line(surface, p.track, (area.left, y), (area.right, y), 1)
            points = self.points(track, area)
            thick = max(2, m.text_px(3))
            if len(points) > 1:
                pygame.draw.lines(surface, p.accent, False, points, thick)
            dot = max(3, m.text_px(4))
            for pt in points:
                pygame.draw.circle(surface, p.accent, pt, dot)
            pygame.draw.circle(surface, p.focus_halo, points[-1], dot + max(2, dot // 2))
            pygame.draw.circle(surface, p.body_text, points[-1], dot + 1)
