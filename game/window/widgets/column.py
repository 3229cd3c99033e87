"""`Column`: widgets stacked top to bottom in a viewport that scrolls when they do not fit."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from ..draw import clipped
from ..theme import TextStyle
from .base import (
    HANDLED,
    IGNORED,
    LEAVE_EVENTS,
    EventResult,
    UIContext,
    Widget,
    event_pos,
    is_left,
    ring_room,
    widget_gap,
)

# Far outside any window: mouse events outside a viewport are sent here so nothing hovers.
_NOWHERE = (-(10**6), -(10**6))


class Column(Widget):
    """Widgets stacked top to bottom in a viewport that scrolls when they do not fit.

    Only widgets inside the viewport are laid out at their on-screen place, drawn and given
    mouse events; a widget that gets keyboard focus is scrolled into view first. Room for focus
    rings is kept around every widget so rings are never cut by the viewport's edge. The
    column's own `rect` is its viewport.
    """

    focusable = False  # its widgets take focus, not the column

    def __init__(
        self, widgets: Sequence[Widget] = (), *, center: bool = False, columns: int = 1
    ) -> None:
        super().__init__()
        self.widgets: list[Widget] = list(widgets)
        self.center = center
        self.columns = columns  # >1 lays widgets out in a grid, row by row
        self.bar_offset = 0  # the scrollbar sits this far right of the viewport (in a margin)
        self.scroll = 0
        self.content_height = 0
        self._slots: list[pygame.Rect] = []
        self._visible: set[int] = set()
        self._mouse: tuple[int, int] | None = None
        self._offset_y = 0

    # layout
    def _gap(self, ctx: UIContext, a: Widget, b: Widget) -> int:
        if a.focusable or b.focusable:
            return max(ctx.metrics.text_px(ctx.theme.spacing.md), widget_gap(ctx))
        return ctx.metrics.text_px(ctx.theme.spacing.md)

    def _stack(self, ctx: UIContext, width: int) -> tuple[list[pygame.Rect], int]:
        ring = ring_room(ctx)
        inner = max(1, width - 2 * ring)
        cols = max(1, self.columns)
        col_gap = widget_gap(ctx)
        col_w = max(1, (inner - col_gap * (cols - 1)) // cols)
        y = ring
        slots: list[pygame.Rect] = []
        for start in range(0, len(self.widgets), cols):
            row = self.widgets[start : start + cols]
            if start:
                y += max(self._gap(ctx, self.widgets[start - 1], w) for w in row)
            w_each = inner if cols == 1 else col_w
            heights = [max(0, w.measure(ctx, w_each)) for w in row]
            for k, h in enumerate(heights):
                slots.append(pygame.Rect(ring + k * (col_w + col_gap), y, w_each, h))
            y += max(heights)
        return slots, y + ring

    def measure(self, ctx: UIContext, width: int) -> int:
        """The height of everything (what the viewport would need to show it all)."""
        return self._stack(ctx, width)[1]

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Take the viewport; keep the scroll position where possible."""
        super().layout(ctx, rect)
        self._slots, self.content_height = self._stack(ctx, self.rect.width)
        self._offset_y = max(0, (self.rect.height - self.content_height) // 2) if self.center else 0
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        self._place()

    def _place(self) -> None:
        if self.ctx is None:
            return
        self._visible = set()
        top = self.rect.top + self._offset_y - self.scroll
        for i, (w, slot) in enumerate(zip(self.widgets, self._slots, strict=True)):
            screen = slot.move(self.rect.left, top)
            if screen.bottom >= self.rect.top and screen.top <= self.rect.bottom:
                w.layout(self.ctx, screen)
                self._visible.add(i)

    @property
    def max_scroll(self) -> int:
        """How far the content can scroll (0 when it fits)."""
        return max(0, self.content_height - self.rect.height)

    def scroll_to(self, value: int) -> bool:
        """Scroll to `value` pixels (clamped); True when it moved."""
        new = max(0, min(self.max_scroll, int(value)))
        if new == self.scroll:
            return False
        self.scroll = new
        self._place()
        return True

    def scroll_by(self, delta: int) -> bool:
        """Scroll by `delta` pixels; True when it moved."""
        return self.scroll_to(self.scroll + delta)

    def line_step(self) -> int:
        """One arrow press or wheel line, in pixels."""
        return self.ctx.line_height(TextStyle.BODY) if self.ctx else 30

    def page_step(self) -> int:
        """One PageUp/PageDown, in pixels: a viewport less a line, so some text stays in view."""
        return max(self.line_step(), self.rect.height - self.line_step())

    def ensure_visible(self, widget: Widget) -> bool:
        """Scroll so `widget` (and its focus ring) is inside the viewport; True when it moved."""
        if widget not in self.widgets or self.ctx is None:
            return False
        slot = self._slots[self.widgets.index(widget)]
        ring = ring_room(self.ctx)
        top, bottom = slot.top - ring, slot.bottom + ring
        if top < self.scroll:
            return self.scroll_to(top)
        if bottom > self.scroll + self.rect.height:
            # A widget taller than the viewport shows its top.
            return self.scroll_to(min(top, bottom - self.rect.height))
        if widget not in self.visible_widgets():
            self._place()
        return False

    def visible_widgets(self) -> list[Widget]:
        """Widgets at least partly inside the viewport."""
        return [self.widgets[i] for i in sorted(self._visible)]

    def focusables(self) -> list[Widget]:
        """Widgets that take keyboard focus, in order."""
        return [w for w in self.widgets if w.focusable]

    # input
    def _scrollbar(self) -> pygame.Rect:
        if self.ctx is None or self.max_scroll <= 0:
            return pygame.Rect(0, 0, 0, 0)
        w = max(4, self.ctx.metrics.px(self.ctx.theme.spacing.scrollbar))
        x = self.rect.right - w + self.bar_offset
        return pygame.Rect(x, self.rect.top, w, self.rect.height)

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Wheel scrolling over the viewport; mouse events to the visible widgets only."""
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event_pos(event)
        if event.type == pygame.MOUSEWHEEL:
            over = self._mouse is None or self.rect.collidepoint(self._mouse)
            if over and self.max_scroll > 0:
                step = self.line_step() * (
                    self.ctx.theme.motion.scroll_lines if self.ctx is not None else 3
                )
                return EventResult(True, self.scroll_by(-int(getattr(event, "y", 0)) * step))
            return IGNORED
        pos = event_pos(event)
        if pos is None:
            if event.type in LEAVE_EVENTS:
                result = IGNORED
                for w in self.visible_widgets():
                    result = result | w.handle_event(event)
                return result
            return IGNORED
        bar = self._scrollbar()
        if is_left(event, pygame.MOUSEBUTTONDOWN) and bar.inflate(bar.width * 2, 0).collidepoint(
            pos
        ):
            # A click on the scrollbar pages toward the click, for mouse players with no wheel.
            thumb = self._thumb()
            if pos[1] < thumb.top:
                return EventResult(True, self.scroll_by(-self.page_step()))
            if pos[1] > thumb.bottom:
                return EventResult(True, self.scroll_by(self.page_step()))
            return HANDLED
        if not self.rect.collidepoint(pos):
            if event.type == pygame.MOUSEBUTTONDOWN:
                return IGNORED
            data = dict(event.dict)
            data["pos"] = _NOWHERE
            event = pygame.event.Event(event.type, data)
        result = IGNORED
        for w in self.visible_widgets():
            result = result | w.handle_event(event)
        return result

    def widget_at(self, pos: tuple[int, int]) -> Widget | None:
        """The visible widget under `pos`, if any."""
        if not self.rect.collidepoint(pos):
            return None
        for w in self.visible_widgets():
            if w.rect.collidepoint(pos):
                return w
        return None

    # drawing
    def _thumb(self) -> pygame.Rect:
        bar = self._scrollbar()
        if bar.width == 0 or self.content_height <= 0:
            return bar
        h = max(bar.width * 4, round(bar.height * self.rect.height / self.content_height))
        h = min(bar.height, h)
        top = bar.top + round((bar.height - h) * self.scroll / max(1, self.max_scroll))
        return pygame.Rect(bar.left, top, bar.width, h)

    def draw(self, surface: pygame.Surface) -> None:
        """The visible widgets, clipped to the viewport, and a scrollbar when it scrolls."""
        if self.ctx is None:
            return
        with clipped(surface, self.rect):
            for w in self.visible_widgets():
                w.draw(surface)
        if self.max_scroll > 0:
            p = self.ctx.theme.palette
            bar = self._scrollbar()
            pygame.draw.rect(surface, p.track, bar, border_radius=bar.width // 2)
            pygame.draw.rect(surface, p.accent, self._thumb(), border_radius=bar.width // 2)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Clickable labels of the visible widgets (for scripts), clipped to the viewport."""
        out = []
        for w in self.visible_widgets():
            for label, rect in w.targets():
                shown = rect.clip(self.rect)
                if shown.width > 0 and shown.height > 0:
                    out.append((label, shown))
        return out
