"""Things you click: `Pressable` (hover, press, release inside, Enter) and the labelled `Button`."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ..draw import draw_panel
from ..text_layout import TextBlock, layout_text
from ..theme import RGBA, Color, TextStyle
from .base import (
    ACTIVATE_KEYS,
    CHANGED,
    IGNORED,
    LEAVE_EVENTS,
    EventResult,
    UIContext,
    Widget,
    button_colours,
    event_pos,
    is_left,
)


class Pressable(Widget):
    """A widget that acts like a button: hover, press, release inside to click, Enter/Space."""

    uses_enter = True

    def __init__(self, on_click: Callable[[], None] | None, *, enabled: bool = True) -> None:
        super().__init__()
        self.on_click = on_click
        self.enabled = enabled
        self.pressed = False

    def activate(self) -> None:
        """Fire the action (if enabled)."""
        if self.enabled and self.on_click is not None:
            self.on_click()

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Mouse hover/press/click anywhere; Enter/Space when focused."""
        if event.type == pygame.MOUSEMOTION:
            return self._hover(event, active=self.enabled)
        if event.type in LEAVE_EVENTS:
            changed = self.hovered or self.pressed
            self.hovered = self.pressed = False
            return EventResult(False, changed)
        if not self.enabled:
            return IGNORED
        if is_left(event, pygame.MOUSEBUTTONDOWN):
            pos = event_pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.pressed = True
                return CHANGED
        elif is_left(event, pygame.MOUSEBUTTONUP) and self.pressed:
            self.pressed = False
            pos = event_pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.activate()
            return CHANGED
        elif event.type == pygame.KEYDOWN and self.focused and event.key in ACTIVATE_KEYS:
            self.activate()
            return CHANGED
        return IGNORED

    def _colours(self) -> tuple[RGBA, Color]:
        """(background, text) for the current state."""
        return button_colours(
            self._context().theme.palette,
            lit=self.hovered or (self.focused and self.show_focus),
            pressed=self.pressed,
            enabled=self.enabled,
        )


class Button(Pressable):
    """A labelled button: hover, pressed, focus (thick ring + left bar) and disabled states.

    The label wraps onto several lines when it is long; `number` shows a key badge (1–9).
    """

    def __init__(
        self,
        label: str,
        on_click: Callable[[], None] | None = None,
        *,
        number: int | None = None,
        enabled: bool = True,
        style: TextStyle = TextStyle.CHOICE,
        align: str = "left",
    ) -> None:
        super().__init__(on_click, enabled=enabled)
        self.label = label
        self.number = number
        self.style = style
        self.align = align
        self._block: TextBlock | None = None
        self.tight = False  # less padding, for choices that would not fit otherwise

    # sizes
    def _pad(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.pads(sp.md, sp.xs) if self.tight else ctx.pads(sp.lg, sp.md)

    def _badge_size(self, ctx: UIContext) -> int:
        return round(ctx.font(TextStyle.BUTTON).get_height() * 1.25)

    def _badge_room(self, ctx: UIContext) -> int:
        """Width the number badge and its gap take from the label (0 without a number)."""
        if not self.number:
            return 0
        return self._badge_size(ctx) + ctx.metrics.text_px(ctx.theme.spacing.md)

    def _text_width(self, ctx: UIContext, width: int) -> int:
        pad_x, _ = self._pad(ctx)
        return max(1, width - 2 * pad_x - self._badge_room(ctx))

    def _layout_label(self, ctx: UIContext, width: int) -> TextBlock:
        return layout_text(
            self.label,
            ctx.font(self.style),
            self._text_width(ctx, width),
            line_height=ctx.line_height(self.style),
            align=self.align,
        )

    def measure(self, ctx: UIContext, width: int) -> int:
        """Height needed at `width`: the wrapped label (or the badge) plus padding."""
        _, pad_y = self._pad(ctx)
        block = self._layout_label(ctx, width)
        inner = max(block.height, self._badge_size(ctx) if self.number else 0)
        return inner + 2 * pad_y

    def natural_width(self, ctx: UIContext) -> int:
        """The width that fits the label on one line."""
        pad_x, _ = self._pad(ctx)
        longest = max(
            (ctx.font(self.style).size(part)[0] for part in self.label.split("\n")), default=0
        )
        return longest + 2 * pad_x + self._badge_room(ctx)

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the button and wrap its label to the new width."""
        super().layout(ctx, rect)
        self._block = self._layout_label(ctx, self.rect.width)
        self._cache.clear()

    def draw(self, surface: pygame.Surface) -> None:
        """Background, badge, label, then the focus ring and marker on top."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        bg, fg = self._colours()
        radius = m.radius
        draw_panel(surface, self.rect, bg, radius, p.button_edge, m.border)
        pad_x, _ = self._pad(ctx)
        x = self.rect.left + pad_x
        block = self._block
        text_top = self.rect.top + (self.rect.height - (block.height if block else 0)) // 2
        if self.number is not None:
            size = self._badge_size(ctx)
            badge = pygame.Rect(x, 0, size, size)
            if block is not None and len(block.lines) > 1:
                # Long labels: the badge sits beside the first line, not floating in the middle.
                badge.centery = text_top + block.line_height // 2
            else:
                badge.centery = self.rect.centery
            draw_panel(surface, badge, p.badge, max(2, radius // 2))
            digit = ctx.font(TextStyle.BUTTON).render(str(self.number), True, p.badge_text)
            surface.blit(digit, digit.get_rect(center=badge.center))
            x = badge.right + m.text_px(ctx.theme.spacing.md)
        if block is not None:
            self._draw_text(surface, self.style, block, fg, (x, text_top))
        self._draw_focus(surface)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """The button by its label (only while it can be clicked)."""
        return [(self.label, self.rect)] if self.enabled else []
