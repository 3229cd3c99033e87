"""Keyboard focus over a list of widgets."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from .base import ACTIVATE_KEYS, CHANGED, IGNORED, EventResult, Widget, is_shift_tab


class FocusGroup:
    """Keyboard focus over a list of widgets: Tab/Shift+Tab and Up/Down move, with wrap-around.

    Focus is only *shown* after the keyboard is used, so mouse players see no ring they did not ask
    for; the first arrow or Tab press shows it.
    """

    def __init__(
        self, widgets: Sequence[Widget], *, wrap: bool = True, arrows: bool = True
    ) -> None:
        self.widgets = list(widgets)
        self.wrap = wrap
        self.arrows = arrows
        self.index: int | None = None
        self.visible = False

    def _focusable(self) -> list[int]:
        return [
            i for i, w in enumerate(self.widgets) if w.focusable and getattr(w, "enabled", True)
        ]

    def focus(self, index: int | None, *, visible: bool = True) -> None:
        """Move focus to widget `index` (None clears it)."""
        for i, w in enumerate(self.widgets):
            w.focused = i == index
        self.index = index
        self.visible = visible and index is not None
        for w in self.widgets:
            w.show_focus = self.visible

    def move(self, delta: int) -> None:
        """Move focus forward (+1) or back (-1) among focusable widgets."""
        order = self._focusable()
        if not order:
            return
        if self.index is None or self.index not in order:
            target = order[0] if delta > 0 else order[-1]
        else:
            pos = order.index(self.index) + delta
            if self.wrap:
                pos %= len(order)
            else:
                pos = max(0, min(len(order) - 1, pos))
            target = order[pos]
        self.focus(target)

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Focus keys first, then the focused widget for keys, every widget for the mouse."""
        if event.type == pygame.KEYDOWN:
            forward = {pygame.K_TAB} | ({pygame.K_DOWN} if self.arrows else set())
            back = {pygame.K_UP} if self.arrows else set()
            if is_shift_tab(event) or event.key in back:
                self.move(-1)
                return CHANGED
            if event.key in forward:
                if not self.visible and self.index is not None:
                    self.focus(self.index)  # first key press only reveals where focus is
                else:
                    self.move(+1)
                return CHANGED
            if self.index is not None:
                if not self.visible and event.key in ACTIVATE_KEYS:
                    self.focus(self.index)
                    return CHANGED
                return self.widgets[self.index].handle_event(event)
            return IGNORED
        result = IGNORED
        for w in self.widgets:
            result = result | w.handle_event(event)
        return result

    def draw(self, surface: pygame.Surface) -> None:
        """Draw every widget."""
        for w in self.widgets:
            w.draw(surface)
