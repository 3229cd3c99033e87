"""Two widgets side by side in equal halves (What if?'s comparison): reading matter only."""

from __future__ import annotations

import pygame

from .base import UIContext, Widget, widget_gap


class Pair(Widget):
    """`left` and `right` in two equal columns, as tall as the taller of the two."""

    focusable = False

    def __init__(self, left: Widget, right: Widget) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def _half(self, ctx: UIContext, width: int) -> int:
        return max(1, (width - widget_gap(ctx)) // 2)

    def measure(self, ctx: UIContext, width: int) -> int:
        """The taller half."""
        half = self._half(ctx, width)
        return max(self.left.measure(ctx, half), self.right.measure(ctx, half))

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Each half gets the full height, so cards in a row line up at top and bottom."""
        super().layout(ctx, rect)
        half = self._half(ctx, rect.width)
        self.left.layout(ctx, pygame.Rect(rect.x, rect.y, half, rect.height))
        self.right.layout(ctx, pygame.Rect(rect.right - half, rect.y, half, rect.height))

    def draw(self, surface: pygame.Surface) -> None:
        """Both halves."""
        self.left.draw(surface)
        self.right.draw(surface)
