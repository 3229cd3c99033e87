"""Settings rows: a label, a control and its value written out (`Slider`, `Toggle`)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from ..draw import draw_panel
from ..text_layout import TextBlock, layout_text
from ..theme import TextStyle
from .base import (
    ACTIVATE_KEYS,
    CHANGED,
    HANDLED,
    IGNORED,
    Arranged,
    EventResult,
    UIContext,
    button_colours,
    event_pos,
    is_left,
)


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


class SettingRow(Arranged):
    """A settings row: label on the left, control in the middle, value written on the right.

    When the row is too narrow for all three (big reading size on a small window) the label
    goes on its own line(s) above the control, so nothing is ever cut off.
    """

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.stacked = False
        self._label: TextBlock | None = None
        self._label_at = (0, 0)
        self._control = pygame.Rect(0, 0, 0, 0)
        self._value = pygame.Rect(0, 0, 0, 0)
        # Values of other rows in the same list, so every row reserves the same value column.
        self.value_samples: list[str] = []

    # subclasses describe their control
    def _value_texts(self) -> list[str]:
        """Every text the value may show, to reserve the widest."""
        return []

    def _value_text(self) -> str:
        return ""

    def _control_size(self, ctx: UIContext) -> tuple[int, int]:
        """Minimum width and the height of the control."""
        return 0, ctx.font(TextStyle.LABEL).get_height()

    # geometry
    def _arrange(self, ctx: UIContext, rect: pygame.Rect) -> int:
        """Lay out label, control and value inside `rect` (height is ours); returns the height."""
        pad_x, pad_y = ctx.pads(ctx.theme.spacing.lg, ctx.theme.spacing.md)
        label_font = ctx.font(TextStyle.LABEL)
        value_font = ctx.font(TextStyle.BUTTON)
        # A common minimum value column ("200%") keeps tracks in a list of rows the same length.
        samples = [*self._value_texts(), *self.value_samples, "200%"]
        value_w = max((value_font.size(t)[0] for t in samples), default=0)
        control_min, control_h = self._control_size(ctx)
        label_w = label_font.size(self.label)[0]
        inner_w = max(1, rect.width - 2 * pad_x)
        gap = pad_x
        self.stacked = label_w + gap + control_min + gap + value_w > inner_w
        lh = ctx.line_height(TextStyle.LABEL)
        label_width = inner_w if self.stacked else label_w + 1
        self._label = layout_text(self.label, label_font, label_width, line_height=lh)
        row_h = max(lh, control_h, value_font.get_height())
        if self.stacked:
            height = 2 * pad_y + self._label.height + pad_y // 2 + row_h
            self._label_at = (rect.left + pad_x, rect.top + pad_y)
            row_top = rect.top + pad_y + self._label.height + pad_y // 2
            left = rect.left + pad_x
        else:
            height = 2 * pad_y + max(row_h, self._label.height)
            self._label_at = (rect.left + pad_x, rect.top + (height - self._label.height) // 2)
            row_top = rect.top + (height - row_h) // 2
            # Controls start at a common column (when labels allow) so a list of rows lines up.
            left = max(rect.left + pad_x + label_w + gap, rect.left + pad_x + round(inner_w * 0.4))
            left = min(left, rect.left + pad_x + inner_w - value_w - gap - control_min)
        right = rect.left + rect.width - pad_x
        self._value = pygame.Rect(right - value_w, row_top, value_w, row_h)
        self._control = pygame.Rect(left, row_top, max(0, self._value.left - gap - left), row_h)
        return height

    # drawing
    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """The row by its label."""
        return [(self.label, self.rect)]

    def _draw_row(self, surface: pygame.Surface) -> None:
        """Background, label, value text and (when focused) the focus ring and marker."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        bg, fg = button_colours(p, lit=self.hovered or (self.focused and self.show_focus))
        draw_panel(surface, self.rect, bg, m.radius, p.button_edge, m.border)
        if self._label is not None:
            self._draw_text(surface, TextStyle.LABEL, self._label, fg, self._label_at)
        value = ctx.font(TextStyle.BUTTON).render(self._value_text(), True, fg)
        surface.blit(value, value.get_rect(midright=self._value.midright))
        self._draw_focus(surface)


class Slider(SettingRow):
    """A labelled slider with its value written out: Left/Right step, Home/End, mouse drag."""

    def __init__(
        self,
        label: str,
        value: float,
        minimum: float,
        maximum: float,
        step: float,
        on_change: Callable[[float], None] | None = None,
        *,
        format_value: Callable[[float], str] = _percent,
    ) -> None:
        super().__init__(label)
        if maximum <= minimum or step <= 0:
            raise ValueError("slider needs minimum < maximum and a positive step")
        self.minimum, self.maximum, self.step = minimum, maximum, step
        self.on_change = on_change
        self.format_value = format_value
        self.value = self._snap(value)
        self.dragging = False

    def _value_texts(self) -> list[str]:
        return [self.format_value(v) for v in (self.minimum, self.maximum, self.value)]

    def _value_text(self) -> str:
        return self.format_value(self.value)

    def _control_size(self, ctx: UIContext) -> tuple[int, int]:
        return ctx.metrics.px(140), 2 * self._knob_radius(ctx) + 2 * ctx.metrics.px(2)

    @staticmethod
    def _knob_radius(ctx: UIContext) -> int:
        return max(6, ctx.metrics.text_px(10))

    @property
    def track(self) -> pygame.Rect:
        """The slider's track (the knob's centre travels along it)."""
        if self.ctx is None:
            return pygame.Rect(0, 0, 0, 0)
        knob = self._knob_radius(self.ctx)
        thick = max(4, self.ctx.metrics.text_px(6))
        track = pygame.Rect(
            self._control.left + knob, 0, max(0, self._control.width - 2 * knob), thick
        )
        track.centery = self._control.centery
        return track

    def _snap(self, value: float) -> float:
        if not math.isfinite(value):
            value = self.minimum
        steps = round((value - self.minimum) / self.step)
        snapped = self.minimum + steps * self.step
        return round(min(self.maximum, max(self.minimum, snapped)), 6)

    def set_value(self, value: float) -> bool:
        """Set (snapped and clamped); calls on_change and returns True when it changed."""
        new = self._snap(value)
        if new == self.value:
            return False
        self.value = new
        if self.on_change is not None:
            self.on_change(new)
        return True

    def _value_at(self, x: int) -> float:
        track = self.track
        if track.width <= 0:
            return self.value
        t = (x - track.left) / track.width
        return self.minimum + max(0.0, min(1.0, t)) * (self.maximum - self.minimum)

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Keys when focused; press on the control, drag, release."""
        if event.type == pygame.KEYDOWN and self.focused:
            big = (self.maximum - self.minimum) / 4
            moves = {
                pygame.K_LEFT: self.value - self.step,
                pygame.K_RIGHT: self.value + self.step,
                pygame.K_MINUS: self.value - self.step,
                pygame.K_KP_MINUS: self.value - self.step,
                pygame.K_EQUALS: self.value + self.step,
                pygame.K_PLUS: self.value + self.step,
                pygame.K_KP_PLUS: self.value + self.step,
                pygame.K_PAGEDOWN: self.value - big,
                pygame.K_PAGEUP: self.value + big,
                pygame.K_HOME: self.minimum,
                pygame.K_END: self.maximum,
            }
            if event.key in moves:
                return EventResult(True, self.set_value(moves[event.key]))
            return IGNORED
        pos = event_pos(event)
        if is_left(event, pygame.MOUSEBUTTONDOWN) and pos is not None:
            grab = self._control.inflate(0, self.rect.height)  # generous vertical hit area
            if self.rect.collidepoint(pos) and grab.collidepoint(pos):
                self.dragging = True
                self.set_value(self._value_at(pos[0]))
                return CHANGED
        if event.type == pygame.MOUSEMOTION:
            hover = self._hover(event)
            if self.dragging and pos is not None:
                moved = self.set_value(self._value_at(pos[0]))
                return EventResult(True, moved or hover.redraw)
            return hover
        if is_left(event, pygame.MOUSEBUTTONUP) and self.dragging:
            self.dragging = False
            return CHANGED
        return IGNORED

    def draw(self, surface: pygame.Surface) -> None:
        """Row, track with the filled part, the knob and the value text."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        self._draw_row(surface)
        track = self.track
        if track.width <= 0:
            return
        radius = track.height // 2
        pygame.draw.rect(surface, p.track, track, border_radius=radius)
        t = (self.value - self.minimum) / (self.maximum - self.minimum)
        fill = pygame.Rect(track.left, track.top, round(track.width * t), track.height)
        pygame.draw.rect(surface, p.accent, fill, border_radius=radius)
        knob = (fill.right, track.centery)
        r = self._knob_radius(ctx)
        pygame.draw.circle(surface, p.focus_halo, knob, r + max(1, m.px(2)))
        pygame.draw.circle(surface, p.body_text, knob, r)


SIDEWAYS = (pygame.K_LEFT, pygame.K_RIGHT)


class Toggle(SettingRow):
    """An on/off setting: a switch drawn with the words On / Off beside it (not colour alone).

    Space flips it and Left/Right set it, like a slider. Enter is left to the page's main
    button where it has one ("Press Enter to continue" must never switch a setting back).
    """

    uses_enter = False

    def __init__(
        self, label: str, value: bool, on_change: Callable[[bool], None] | None = None
    ) -> None:
        super().__init__(label)
        self.value = value
        self.on_change = on_change
        self._pressed = False

    def _value_texts(self) -> list[str]:
        return ["On", "Off"]

    def _value_text(self) -> str:
        return "On" if self.value else "Off"

    def _control_size(self, ctx: UIContext) -> tuple[int, int]:
        h = max(12, ctx.metrics.text_px(22))
        return 2 * h, h

    def toggle(self) -> None:
        """Flip the value and report it."""
        self.value = not self.value
        if self.on_change is not None:
            self.on_change(self.value)

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Enter/Space flip it and Left/Right set it when focused; a click anywhere on the row."""
        if event.type == pygame.KEYDOWN and self.focused and event.key in ACTIVATE_KEYS:
            self.toggle()
            return CHANGED
        if event.type == pygame.KEYDOWN and self.focused and event.key in SIDEWAYS:
            if self.value != (event.key == pygame.K_RIGHT):
                self.toggle()
                return CHANGED
            return HANDLED
        if event.type == pygame.MOUSEMOTION:
            return self._hover(event)
        pos = event_pos(event)
        if is_left(event, pygame.MOUSEBUTTONDOWN) and pos and self.rect.collidepoint(pos):
            self._pressed = True
            return HANDLED
        if is_left(event, pygame.MOUSEBUTTONUP) and self._pressed:
            self._pressed = False
            if pos and self.rect.collidepoint(pos):
                self.toggle()
                return CHANGED
            return HANDLED
        return IGNORED

    def draw(self, surface: pygame.Surface) -> None:
        """Row, the switch (right-aligned in the control area) and the On/Off word."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        self._draw_row(surface)
        w, h = self._control_size(ctx)
        switch = pygame.Rect(0, 0, w, h)
        switch.midright = self._control.midright
        if self.stacked:
            switch.midleft = self._control.midleft
        pygame.draw.rect(surface, p.accent if self.value else p.track, switch, border_radius=h // 2)
        pygame.draw.rect(
            surface, p.focus_halo, switch, width=max(1, m.border), border_radius=h // 2
        )
        knob_x = switch.right - h // 2 if self.value else switch.left + h // 2
        pygame.draw.circle(surface, p.focus_halo, (knob_x, switch.centery), h // 2 - 1)
        pygame.draw.circle(surface, p.body_text, (knob_x, switch.centery), h // 2 - max(2, m.px(3)))
