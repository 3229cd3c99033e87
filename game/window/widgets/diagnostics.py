"""One checker diagnostic, with the bad part of the source line underlined."""

from __future__ import annotations

import pygame

from game.engine.diagnostics import Diagnostic

from ..draw import draw_panel
from ..text_layout import TextBlock
from ..theme import TextStyle
from .base import LaidText, UIContext, Widget


class DiagnosticView(Widget):
    """One checker diagnostic: where, what, and the source line with the bad part underlined.

    The window's fonts are proportional, so instead of a line of carets the span is underlined
    by measuring the text; spaces are kept (as no-break spaces) so columns stay true.
    """

    focusable = False

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__()
        self.diagnostic = diagnostic
        self._head = LaidText()
        self._where = LaidText()
        self._source = LaidText()

    @property
    def header(self) -> str:
        """The severity, code and message."""
        d = self.diagnostic
        return f"{d.severity.value.capitalize()} {d.code}: {d.message}"

    @property
    def source_text(self) -> str:
        """The source line with spaces made unbreakable (so nothing is collapsed)."""
        line = self.diagnostic.source_line
        if line is None or self.diagnostic.span.line <= 0:
            return ""
        return line.rstrip("\n").expandtabs(1).replace(" ", "\u00a0")

    def _inset(self, ctx: UIContext) -> int:
        return ctx.metrics.text_px(ctx.theme.spacing.md)

    def _blocks(self, ctx: UIContext, width: int) -> tuple[TextBlock, TextBlock, TextBlock | None]:
        head = self._head.get(ctx, self.header, TextStyle.LABEL, width)
        where = self._where.get(ctx, self.diagnostic.location(), TextStyle.SMALL, width)
        src = self.source_text
        source = (
            self._source.get(ctx, src, TextStyle.SMALL, max(1, width - 2 * self._inset(ctx)))
            if src
            else None
        )
        return head, where, source

    def measure(self, ctx: UIContext, width: int) -> int:
        """Header, location, and the boxed source line."""
        head, where, source = self._blocks(ctx, width)
        extra = 0
        if source is not None:
            # Each source line gets room below it for the underline.
            underline = max(2, ctx.metrics.text_px(3)) * 2
            extra = source.height + len(source.lines) * underline + 2 * self._inset(ctx)
            extra += ctx.metrics.text_px(ctx.theme.spacing.xs)
        return head.height + where.height + extra

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Wrap the parts."""
        super().layout(ctx, rect)
        self._blocks(ctx, self.rect.width)
        self._cache.clear()

    def draw(self, surface: pygame.Surface) -> None:
        """Header, location line, source box with the underline."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        head, where, source = self._blocks(ctx, self.rect.width)
        x, y = self.rect.topleft
        colour = p.body_text
        self._draw_text(surface, TextStyle.LABEL, head, colour, (x, y))
        y += head.height
        self._draw_text(surface, TextStyle.SMALL, where, p.muted_text, (x, y))
        y += where.height
        if source is None:
            return
        y += m.text_px(ctx.theme.spacing.xs)
        inset = self._inset(ctx)
        underline = max(2, m.text_px(3))
        box = pygame.Rect(
            x, y, self.rect.width, source.height + len(source.lines) * underline * 2 + 2 * inset
        )
        draw_panel(surface, box, p.button, max(2, m.radius // 2), p.panel_edge, m.border)
        font = ctx.font(TextStyle.SMALL)
        span = self.diagnostic.span
        start = max(0, span.col - 1)
        end = max(start + 1, min(span.end_col - 1, len(self.source_text)))
        ty = y + inset
        for line in source.lines:
            image = font.render(line.text, True, p.body_text) if line.text else None
            if image is not None:
                surface.blit(image, (x + inset, ty))
            lo, hi = max(start, line.start), min(end, line.end)
            if lo < hi or (start >= line.end and line is source.lines[-1] and start == line.end):
                x0 = font.size(line.text[: lo - line.start])[0]
                x1 = font.size(line.text[: hi - line.start])[0]
                if hi <= lo:  # a span just past the end of the line: underline one space
                    x1 = x0 + font.size(" ")[0]
                uy = ty + source.line_height + underline // 2
                pygame.draw.line(
                    surface, p.warning, (x + inset + x0, uy), (x + inset + x1, uy), underline
                )
            ty += source.line_height + underline * 2
