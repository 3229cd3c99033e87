"""The choice list: numbered choice buttons with keyboard focus and scrolling."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from ..draw import clipped, draw_panel, draw_triangle
from ..theme import RGBA, Color, TextStyle
from .base import (
    ACTIVATE_KEYS,
    CHANGED,
    HANDLED,
    IGNORED,
    REDRAW,
    EventResult,
    UIContext,
    Widget,
    event_pos,
    number_key,
    ring_room,
)
from .buttons import Button
from .focus import FocusGroup

# Choices sit over the busiest part of the picture: a card this opaque keeps the picture from
# showing through the words (the palette's buttons are lighter, over quieter places).
CHOICE_ALPHA = 248


class ChoiceCard(Button):
    """A choice: a button whose card hides the picture behind it."""

    def _colours(self) -> tuple[RGBA, Color]:
        bg, fg = super()._colours()
        return (bg[0], bg[1], bg[2], max(bg[3], CHOICE_ALPHA)), fg


class ChoiceList(Widget):
    """A vertical list of numbered choice buttons with keyboard focus and scrolling.

    Keys: Up/Down/Tab/Shift+Tab move focus, Home/End jump, Enter/Space pick the focused item
    once the player has moved focus there (until then they do nothing, so a player mashing
    Enter through dialogue never picks by accident), 1–9 pick directly. The mouse hovers and
    clicks; the wheel scrolls a list laid out taller than its area.
    """

    focusable = True

    def __init__(
        self,
        labels: Sequence[str],
        on_pick: Callable[[int], None] | None = None,
        *,
        numbered: bool = True,
        style: TextStyle = TextStyle.CHOICE,
        align: str = "left",
        max_width: float = 820,
    ) -> None:
        super().__init__()
        self.on_pick = on_pick
        self.numbered = numbered
        self.max_width = max_width
        self.buttons = [
            ChoiceCard(
                label,
                self._picker(i),
                number=(i + 1) if numbered and i < 9 else None,
                style=style,
                align=align,
            )
            for i, label in enumerate(labels)
        ]
        self.group = FocusGroup(self.buttons)
        self.picked: int | None = None
        self.scroll = 0
        self.content_height = 0
        self.area = pygame.Rect(0, 0, 0, 0)
        self._mouse: tuple[int, int] | None = None
        # Set by the scene when a list would not fit otherwise: tighter spacing and padding.
        self.compact = False

    def _picker(self, index: int) -> Callable[[], None]:
        return lambda: self.pick(index)

    @property
    def focus_index(self) -> int | None:
        """The focused choice, if any."""
        return self.group.index

    def focus(self, index: int | None, *, visible: bool = True) -> None:
        """Focus a choice and scroll it into view."""
        self.group.focus(index, visible=visible)
        self._scroll_into_view()

    def pick(self, index: int) -> None:
        """Pick choice `index` (0-based)."""
        if 0 <= index < len(self.buttons) and self.buttons[index].enabled:
            self.picked = index
            if self.on_pick is not None:
                self.on_pick(index)

    # layout
    def _gap(self, ctx: UIContext) -> int:
        # Room for the focus ring between buttons, so rings never overlap a neighbour.
        m = ctx.metrics
        rings = 2 * (m.focus_gap + m.focus_ring + 1)
        return rings if self.compact else max(m.text_px(ctx.theme.spacing.md), rings)

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Lay the buttons out in `rect`, centred vertically when they fit, scrolling when not."""
        super().layout(ctx, rect)
        m = ctx.metrics
        ring = ring_room(ctx)
        self.area = pygame.Rect(rect)
        width = min(rect.width - 2 * ring, m.px(self.max_width) * max(1.0, m.reading_scale**0.5))
        width = max(1, int(width))
        for b in self.buttons:
            b.tight = self.compact
        heights = [b.measure(ctx, width) for b in self.buttons]
        gap = self._gap(ctx)
        self.content_height = sum(heights) + gap * max(0, len(heights) - 1) + 2 * ring
        x = rect.left + (rect.width - width) // 2
        y = rect.top + ring + max(0, (rect.height - self.content_height) // 2)
        for b, h in zip(self.buttons, heights, strict=True):
            b.layout(ctx, pygame.Rect(x, y, width, h))
            y += h + gap
        self.scroll = min(self.scroll, self.max_scroll)
        self._scroll_into_view()

    @property
    def max_scroll(self) -> int:
        """How far the list can scroll (0 when it fits)."""
        return max(0, self.content_height - self.area.height)

    def _scroll_into_view(self) -> None:
        i = self.group.index
        if i is None or self.ctx is None:
            return
        ring = ring_room(self.ctx)
        b = self.buttons[i].rect
        top, bottom = b.top - ring - self.scroll, b.bottom + ring - self.scroll
        if top < self.area.top:
            self.scroll -= self.area.top - top
        elif bottom > self.area.bottom:
            # An item taller than the area shows its start (number and first line), not its end.
            self.scroll += min(bottom - self.area.bottom, top - self.area.top)
        self.scroll = max(0, min(self.scroll, self.max_scroll))

    # input
    def _shifted(self, event: pygame.event.Event) -> pygame.event.Event:
        """The event with its mouse position moved into content coordinates (for scrolling)."""
        pos = event_pos(event)
        if pos is None or self.scroll == 0:
            return event
        data = dict(event.dict)
        data["pos"] = (pos[0], pos[1] + self.scroll)
        return pygame.event.Event(event.type, data)

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Number keys, focus keys, Enter, the mouse and the wheel (see the class docstring)."""
        if event.type == pygame.KEYDOWN:
            n = number_key(event)
            if n is not None:
                if n <= len(self.buttons):
                    self.focus(n - 1, visible=self.group.visible)
                    self.pick(n - 1)
                    return CHANGED
                return HANDLED  # a number with no choice: swallow it, do nothing
            if event.key == pygame.K_HOME and self.buttons:
                self.focus(0)
                return CHANGED
            if event.key == pygame.K_END and self.buttons:
                self.focus(len(self.buttons) - 1)
                return CHANGED
            if event.key in ACTIVATE_KEYS and not self.group.visible:
                # Space/Enter are also the keys that read on: they pick only a choice the
                # player moved to with the arrows, Tab or a number, never one by accident.
                return HANDLED
            result = self.group.handle_event(event)
            self._scroll_into_view()
            return result
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event_pos(event)
        # The wheel scrolls only when the pointer is over the list (or has not moved yet).
        over = self._mouse is None or self.area.collidepoint(self._mouse)
        if event.type == pygame.MOUSEWHEEL and self.max_scroll > 0 and over:
            step = self.ctx.line_height(TextStyle.CHOICE) * 2 if self.ctx else 40
            old = self.scroll
            self.scroll = max(0, min(self.max_scroll, self.scroll - int(event.y) * step))
            return EventResult(True, self.scroll != old)
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pos = event_pos(event)
            if (
                pos is not None
                and not self.area.collidepoint(pos)
                and event.type != pygame.MOUSEBUTTONUP
            ):
                # Outside the visible area nothing is hoverable, even if scrolled content is there.
                result = IGNORED
                for b in self.buttons:
                    if b.hovered:
                        b.hovered = False
                        result = REDRAW
                return result
            shifted = self._shifted(event)
            result = IGNORED
            for b in self.buttons:
                result = result | b.handle_event(shifted)
            return result
        return self.group.handle_event(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the visible buttons, clipped to the area, with scroll hints when scrolled."""
        ctx = self._context()
        with clipped(surface, self.area):
            for b in self.buttons:
                if self.scroll:
                    saved = b.rect
                    b.rect = saved.move(0, -self.scroll)
                    b.draw(surface)
                    b.rect = saved
                else:
                    b.draw(surface)
        if self.max_scroll > 0:
            self._draw_scroll_hints(surface, ctx)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Each choice by its label, where it shows inside the (scrolled) area."""
        out = []
        for b in self.buttons:
            rect = b.rect.move(0, -self.scroll).clip(self.area)
            if rect.width > 0 and rect.height > 0:
                out.append((b.label, rect))
        return out

    def _draw_scroll_hints(self, surface: pygame.Surface, ctx: UIContext) -> None:
        """A small pill with an arrow at each edge that has more choices beyond it."""
        m, p = ctx.metrics, ctx.theme.palette
        size = max(5, m.text_px(7))
        pill = pygame.Rect(0, 0, size * 6, size * 3)
        for more, edge, direction in (
            (self.scroll > 0, self.area.top, "up"),
            (self.scroll < self.max_scroll, self.area.bottom, "down"),
        ):
            if not more:
                continue
            pill.center = (
                self.area.centerx,
                edge + (pill.height // 2 if direction == "up" else -pill.height // 2),
            )
            draw_panel(surface, pill, p.panel, pill.height // 2, p.panel_edge, m.border)
            draw_triangle(surface, pill.center, size, p.accent, direction)
