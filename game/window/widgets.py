"""Widgets: buttons, the dialogue text box, the choice list, sliders and toggles.

Every widget is laid out from a `UIContext` (theme + pixel metrics for the current window and
reading size + fonts) and a rectangle, so a resize is just another `layout` call. Widgets do
not own the loop: `handle_event` says whether the event was used and whether anything visible
changed, `update(dt)` advances animations, and `draw` paints the current state.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from .draw import (
    draw_focus_marker,
    draw_focus_ring,
    draw_panel,
    draw_triangle,
)
from .fonts import FontCache
from .text_layout import Page, TextBlock, draw_lines, layout_text
from .theme import (
    RGBA,
    Color,
    FontChoice,
    Metrics,
    TextStyle,
    Theme,
    compute_metrics,
)

# --- shared plumbing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventResult:
    """What a widget did with an event: used it (stop passing it on) and/or needs a redraw."""

    handled: bool = False
    redraw: bool = False

    def __or__(self, other: EventResult) -> EventResult:
        return EventResult(self.handled or other.handled, self.redraw or other.redraw)


IGNORED = EventResult()
HANDLED = EventResult(handled=True)
CHANGED = EventResult(handled=True, redraw=True)


@dataclass(frozen=True)
class UIContext:
    """Everything layout and drawing need: the theme, pixel metrics and the font cache."""

    theme: Theme
    metrics: Metrics
    fonts: FontCache

    @classmethod
    def create(
        cls,
        theme: Theme,
        fonts: FontCache,
        window: tuple[int, int],
        reading_scale: float = 1.0,
        font_choice: FontChoice = FontChoice.STANDARD,
    ) -> UIContext:
        """Build a context for a window size and the player's reading settings."""
        return cls(theme, compute_metrics(theme, window, reading_scale, font_choice), fonts)

    def font(self, style: TextStyle) -> pygame.font.Font:
        """The font for a text style."""
        return self.fonts.style(self.metrics, style)

    def line_height(self, style: TextStyle) -> int:
        """The line height for a text style."""
        return self.fonts.line_height(self.metrics, style)


ACTIVATE_KEYS = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE})
_NUMBER_KEYS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
_NUMBER_KEYS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})
# Scancodes are physical keys: they make the number row work on AZERTY keyboards too.
_NUMBER_SCANCODES = {getattr(pygame, f"KSCAN_{i}"): i for i in range(1, 10)}


def number_key(event: pygame.event.Event) -> int | None:
    """The digit 1–9 a KEYDOWN event stands for (number row or keypad), or None."""
    if event.type != pygame.KEYDOWN or event.mod & (
        pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META
    ):
        return None
    if event.key in _NUMBER_KEYS:
        return _NUMBER_KEYS[event.key]
    return _NUMBER_SCANCODES.get(getattr(event, "scancode", -1))


def is_shift_tab(event: pygame.event.Event) -> bool:
    """Shift+Tab."""
    return bool(
        event.type == pygame.KEYDOWN and event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT
    )


def _event_pos(event: pygame.event.Event) -> tuple[int, int] | None:
    pos = getattr(event, "pos", None)
    if pos is None:
        return None
    return int(pos[0]), int(pos[1])


class Widget:
    """Base class: a rectangle that lays itself out, takes events and draws itself."""

    focusable = True

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.focused = False
        # Owners (FocusGroup) hide the ring until the keyboard is used: mouse players never
        # see a ring they did not ask for.
        self.show_focus = True
        self.ctx: UIContext | None = None

    def measure(self, ctx: UIContext, width: int) -> int:
        """The height this widget wants at `width`."""
        return 0

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Take a position and size; called again on every resize or settings change."""
        self.ctx = ctx
        self.rect = pygame.Rect(rect)

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """React to an event."""
        return IGNORED

    def update(self, dt: float) -> bool:
        """Advance animations by `dt` seconds; True when something visible changed."""
        return False

    def next_wake(self) -> float | None:
        """Seconds until this widget next needs `update` (0: every frame; None: only on input)."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the widget."""

    def _context(self) -> UIContext:
        if self.ctx is None:
            raise RuntimeError(f"{type(self).__name__}.layout() must be called before drawing")
        return self.ctx


# --- button ------------------------------------------------------------------------------------


class Button(Widget):
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
        super().__init__()
        self.label = label
        self.on_click = on_click
        self.number = number
        self.enabled = enabled
        self.style = style
        self.align = align
        self.hovered = False
        self.pressed = False
        self._block: TextBlock | None = None
        self._cache: dict[tuple[str, tuple[int, int, int]], pygame.Surface] = {}

    # sizes
    def _pad(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.metrics.text_px(sp.lg), ctx.metrics.text_px(sp.md)

    def _badge_size(self, ctx: UIContext) -> int:
        return round(ctx.font(TextStyle.BUTTON).get_height() * 1.25)

    def _text_width(self, ctx: UIContext, width: int) -> int:
        pad_x, _ = self._pad(ctx)
        badge = (
            self._badge_size(ctx) + ctx.metrics.text_px(ctx.theme.spacing.md) if self.number else 0
        )
        return max(1, width - 2 * pad_x - badge)

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
        badge = (
            self._badge_size(ctx) + ctx.metrics.text_px(ctx.theme.spacing.md) if self.number else 0
        )
        longest = max(
            (ctx.font(self.style).size(part)[0] for part in self.label.split("\n")), default=0
        )
        return longest + 2 * pad_x + badge

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the button and wrap its label to the new width."""
        super().layout(ctx, rect)
        self._block = self._layout_label(ctx, self.rect.width)
        self._cache.clear()

    # input
    def activate(self) -> None:
        """Fire the button's action (if enabled)."""
        if self.enabled and self.on_click is not None:
            self.on_click()

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Mouse hover/press/click anywhere; Enter/Space when focused."""
        if event.type == pygame.MOUSEMOTION:
            pos = _event_pos(event)
            inside = pos is not None and self.rect.collidepoint(pos) and self.enabled
            if inside != self.hovered:
                self.hovered = inside
                return EventResult(handled=False, redraw=True)
            return IGNORED
        if event.type in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST):
            changed = self.hovered or self.pressed
            self.hovered = self.pressed = False
            return EventResult(False, changed)
        if not self.enabled:
            return IGNORED
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            pos = _event_pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.pressed = True
                return CHANGED
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.pressed:
            self.pressed = False
            pos = _event_pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.activate()
            return CHANGED
        elif event.type == pygame.KEYDOWN and self.focused and event.key in ACTIVATE_KEYS:
            self.activate()
            return CHANGED
        return IGNORED

    # drawing
    def _colours(self) -> tuple[RGBA, Color]:
        p = self._context().theme.palette
        if not self.enabled:
            return p.button_disabled, p.button_disabled_text
        if self.pressed:
            return p.button_pressed, p.button_pressed_text
        if self.hovered or (self.focused and self.show_focus):
            return p.button_hover, p.button_hover_text
        return p.button, p.button_text

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
            top = text_top
            draw_lines(
                surface,
                ctx.font(self.style),
                block.lines,
                fg,
                (x, top),
                line_height=block.line_height,
                cache=self._cache,
            )
        if self.focused and self.show_focus:
            draw_focus_ring(surface, self.rect, m, p, radius)
            draw_focus_marker(surface, self.rect, m, p)


# --- focus group -------------------------------------------------------------------------------


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


# --- choice list -------------------------------------------------------------------------------


class ChoiceList(Widget):
    """A vertical list of numbered choice buttons with keyboard focus and scrolling.

    Keys: Up/Down/Tab/Shift+Tab move focus, Home/End jump, Enter/Space pick the focused item
    (the first press only shows focus, so a player mashing Enter through dialogue never picks
    by accident), 1–9 pick directly. The mouse hovers and clicks; the wheel scrolls long lists.
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
            Button(
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
        return max(m.text_px(ctx.theme.spacing.md), 2 * (m.focus_gap + m.focus_ring + 1))

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Lay the buttons out in `rect`, centred vertically when they fit, scrolling when not."""
        super().layout(ctx, rect)
        m = ctx.metrics
        ring = m.focus_gap + m.focus_ring + max(1, m.focus_ring // 2)
        self.area = pygame.Rect(rect)
        width = min(rect.width - 2 * ring, m.px(self.max_width) * max(1.0, m.reading_scale**0.5))
        width = max(1, int(width))
        heights = [b.measure(ctx, width) for b in self.buttons]
        gap = self._gap(ctx)
        self.content_height = sum(heights) + gap * max(0, len(heights) - 1) + 2 * ring
        x = rect.left + (rect.width - width) // 2
        top = rect.top + ring + max(0, (rect.height - self.content_height) // 2)
        y = top
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
        m = self.ctx.metrics
        ring = m.focus_gap + m.focus_ring + max(1, m.focus_ring // 2)
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
        pos = _event_pos(event)
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
            if event.key in ACTIVATE_KEYS and self.group.index is None:
                self.focus(0)
                return CHANGED
            result = self.group.handle_event(event)
            self._scroll_into_view()
            return result
        if event.type == pygame.MOUSEMOTION:
            self._mouse = _event_pos(event)
        # The wheel scrolls only when the pointer is over the list (or has not moved yet).
        over = self._mouse is None or self.area.collidepoint(self._mouse)
        if event.type == pygame.MOUSEWHEEL and self.max_scroll > 0 and over:
            step = self.ctx.line_height(TextStyle.CHOICE) * 2 if self.ctx else 40
            old = self.scroll
            self.scroll = max(0, min(self.max_scroll, self.scroll - int(event.y) * step))
            return EventResult(True, self.scroll != old)
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pos = _event_pos(event)
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
                        result = EventResult(False, True)
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
        previous = surface.get_clip()
        surface.set_clip(self.area.clip(previous) if previous else self.area)
        for b in self.buttons:
            if self.scroll:
                saved = b.rect
                b.rect = saved.move(0, -self.scroll)
                b.draw(surface)
                b.rect = saved
            else:
                b.draw(surface)
        surface.set_clip(previous)
        if self.max_scroll > 0:
            self._draw_scroll_hints(surface, ctx)

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


# --- text box ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneLayout:
    """Where the scene screen's parts go for one window: text box, name plate row and choices."""

    text_box: pygame.Rect
    choices: pygame.Rect


def scene_layout(ctx: UIContext, *, text_box: bool = True) -> SceneLayout:
    """The text box along the bottom and the choices above it, sized by window and reading scale.

    With `text_box=False` (choices on their own) the choice area takes the whole window.
    """
    m, sp = ctx.metrics, ctx.theme.spacing
    margin = m.margin
    pad_x, pad_y = m.text_px(sp.xl), m.text_px(sp.lg)
    line_h = ctx.line_height(TextStyle.BODY)
    plate_h = TextBox.plate_height(ctx)
    width = min(m.width - 2 * margin, m.content_width + 2 * pad_x)
    inner = max(sp.text_box_min_lines * line_h, round(m.height * 0.15))
    max_total = round(m.height * sp.text_box_max_height)
    # Never smaller than one line plus padding: pagination takes care of the rest.
    inner = max(line_h, min(inner, max_total - 2 * pad_y - plate_h))
    height = inner + 2 * pad_y
    box = pygame.Rect((m.width - width) // 2, m.height - margin - height, width, height)
    if not text_box:
        return SceneLayout(
            box, pygame.Rect(margin, margin, m.width - 2 * margin, m.height - 2 * margin)
        )
    top_of_plate = box.top - plate_h - m.px(sp.sm)
    choices_h = max(1, top_of_plate - m.px(sp.lg) - margin)
    return SceneLayout(box, pygame.Rect(margin, margin, m.width - 2 * margin, choices_h))


class TextBox(Widget):
    """The dialogue box: a translucent panel with a name plate, paginated text and a typewriter.

    `advance()` is what Space/Enter/click call: it finishes the reveal, then turns the page, and
    returns False once the last page is fully shown (the caller then moves the story on).
    """

    focusable = False

    def __init__(self, *, chars_per_second: float = 45.0) -> None:
        super().__init__()
        self.text = ""
        self.speaker: str | None = None
        self.speaker_colour: Color | None = None
        self.chars_per_second = chars_per_second
        self.block: TextBlock | None = None
        self.pages: tuple[Page, ...] = ()
        self.page_index = 0
        self._revealed = 0.0
        self._instant = False
        self._cache: dict[tuple[str, tuple[int, int, int]], pygame.Surface] = {}
        self._inner = pygame.Rect(0, 0, 0, 0)

    @staticmethod
    def plate_height(ctx: UIContext) -> int:
        """Height of the name plate (reserved even for narration, so the box never jumps)."""
        return ctx.line_height(TextStyle.NAME) + 2 * ctx.metrics.text_px(ctx.theme.spacing.sm)

    def set_text(
        self,
        text: str,
        speaker: str | None = None,
        speaker_colour: Color | None = None,
        *,
        reveal: bool = True,
    ) -> None:
        """Show a new beat; `reveal=False` (or chars_per_second 0) shows it all at once."""
        self.text = text
        self.speaker = speaker
        self.speaker_colour = speaker_colour
        self.page_index = 0
        self._instant = not reveal or self.chars_per_second <= 0
        self._relayout()
        self._revealed = float(
            self.page.start if reveal and self.chars_per_second > 0 else self.page.end
        )

    @property
    def page(self) -> Page:
        """The page on show."""
        if not self.pages:
            return Page((), 0, 0, 0)
        return self.pages[min(self.page_index, len(self.pages) - 1)]

    @property
    def revealing(self) -> bool:
        """Whether the typewriter is still running on this page."""
        return self._revealed < self.page.end

    @property
    def revealed(self) -> int:
        """How many characters of the text are out."""
        return int(self._revealed)

    @revealed.setter
    def revealed(self, value: float) -> None:
        """Set the typewriter's position (clamped to the page), e.g. to draw a still picture."""
        self._revealed = float(max(self.page.start, min(value, self.page.end)))

    @property
    def at_end(self) -> bool:
        """Last page, fully shown."""
        return not self.revealing and self.page_index >= len(self.pages) - 1

    def complete(self) -> bool:
        """Finish the typewriter on this page; True if anything changed."""
        if not self.revealing:
            return False
        self._revealed = float(self.page.end)
        return True

    def advance(self) -> bool:
        """Finish the reveal, else turn the page; False when there is nothing more to show."""
        if self.complete():
            return True
        if self.page_index < len(self.pages) - 1:
            self.page_index += 1
            self._revealed = float(self.page.start if self.chars_per_second > 0 else self.page.end)
            return True
        return False

    def update(self, dt: float) -> bool:
        """Run the typewriter."""
        if not self.revealing or dt <= 0:
            return False
        before = int(self._revealed)
        if self.chars_per_second <= 0:
            self._revealed = float(self.page.end)
        else:
            self._revealed = min(float(self.page.end), self._revealed + dt * self.chars_per_second)
        return int(self._revealed) != before

    def next_wake(self) -> float | None:
        """Every frame while revealing, else only on input."""
        return 0.0 if self.revealing else None

    # layout
    def _pads(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.metrics.text_px(sp.xl), ctx.metrics.text_px(sp.lg)

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the box (the plate goes above `rect`); re-paginate, keeping the reading place."""
        keep = self.revealed if self.block else None
        super().layout(ctx, rect)
        self._cache.clear()
        self._relayout()
        if keep is None and self._instant and self.pages:
            self._revealed = float(self.page.end)  # set_text(reveal=False) came before layout
        if keep is not None and self.pages:
            # Stay on the page holding the first unread character so a resize never skips text.
            for i, page in enumerate(self.pages):
                if page.start <= keep <= page.end:
                    self.page_index = i
                    break
            self._revealed = float(max(self.page.start, min(keep, self.page.end)))

    def _relayout(self) -> None:
        if self.ctx is None:
            return
        ctx = self.ctx
        pad_x, pad_y = self._pads(ctx)
        inner = self.rect.inflate(-2 * pad_x, -2 * pad_y)
        font = ctx.font(TextStyle.BODY)
        lh = ctx.line_height(TextStyle.BODY)
        self.block = layout_text(self.text, font, max(1, inner.width), line_height=lh)
        pages = self.block.paginate(inner.height)
        if len(pages) > 1:
            # Several pages: keep a footer line free for the "page 1 of 3" hint.
            footer = ctx.line_height(TextStyle.SMALL)
            pages = self.block.paginate(max(lh, inner.height - footer))
        self.pages = pages
        self.page_index = min(self.page_index, len(pages) - 1)
        self._inner = inner

    def draw(self, surface: pygame.Surface) -> None:
        """Panel, name plate, the revealed text, the page hint and the continue cue."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        draw_panel(surface, self.rect, p.panel, m.radius, p.panel_edge, m.border)
        if self.speaker:
            self._draw_plate(surface, ctx)
        page = self.page
        draw_lines(
            surface,
            ctx.font(TextStyle.BODY),
            page.lines,
            p.body_text,
            self._inner.topleft,
            line_height=self.block.line_height if self.block else 1,
            revealed=self.revealed,
            cache=self._cache,
        )
        pad_x, pad_y = self._pads(ctx)
        if len(self.pages) > 1:
            small = ctx.font(TextStyle.SMALL)
            hint = small.render(f"{self.page_index + 1} / {len(self.pages)}", True, p.muted_text)
            surface.blit(
                hint, hint.get_rect(bottomleft=(self._inner.left, self.rect.bottom - pad_y // 2))
            )
        if not self.revealing:
            size = max(4, m.text_px(7))
            # A gentle "more" cue; it points down while there is more, right at the very end.
            cx = self.rect.right - pad_x // 2 - size
            cy = self.rect.bottom - pad_y // 2 - size
            draw_triangle(surface, (cx, cy), size, p.accent, "down" if not self.at_end else "right")

    def _draw_plate(self, surface: pygame.Surface, ctx: UIContext) -> None:
        m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
        font = ctx.font(TextStyle.NAME)
        colour = ctx.theme.speaker_colour(self.speaker_colour)
        pad_x, pad_y = m.text_px(sp.lg), m.text_px(sp.sm)
        stripe = max(3, m.px(5))
        name = font.render(self.speaker or "", True, colour)
        plate_h = self.plate_height(ctx)
        max_w = self.rect.width - 2 * m.radius
        width = min(max_w, name.get_width() + 2 * pad_x + stripe)
        plate = pygame.Rect(
            self.rect.left + m.radius, self.rect.top - plate_h - m.px(sp.sm), width, plate_h
        )
        draw_panel(surface, plate, p.nameplate, m.radius, p.panel_edge, m.border)
        # The speaker's colour as a bar as well as on the name, so it is not the only cue.
        bar = pygame.Rect(
            plate.left + pad_x // 2, plate.top + pad_y, stripe, plate.height - 2 * pad_y
        )
        pygame.draw.rect(surface, colour, bar, border_radius=stripe // 2)
        clip = pygame.Rect(
            bar.right + pad_x // 2, plate.top, plate.right - bar.right - pad_x, plate.height
        )
        if name.get_width() > clip.width:
            name = _ellipsize(font, self.speaker or "", clip.width, colour)
        surface.blit(name, name.get_rect(midleft=(clip.left, plate.centery)))


def _ellipsize(font: pygame.font.Font, text: str, width: int, colour: Color) -> pygame.Surface:
    """Render `text` cut with "…" to fit `width` (only for names longer than the whole box)."""
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return font.render(text + "…", True, colour)


# --- settings controls -------------------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


class _Row(Widget):
    """A settings row: label on the left, control in the middle, value written on the right.

    When the row is too narrow for all three (big reading size on a small window) the label
    goes on its own line(s) above the control, so nothing is ever cut off.
    """

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.hovered = False
        self.stacked = False
        self._label: TextBlock | None = None
        self._label_at = (0, 0)
        self._control = pygame.Rect(0, 0, 0, 0)
        self._value = pygame.Rect(0, 0, 0, 0)
        self._cache: dict[tuple[str, tuple[int, int, int]], pygame.Surface] = {}
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
    def _pad(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.metrics.text_px(sp.lg), ctx.metrics.text_px(sp.md)

    def _geometry(self, ctx: UIContext, rect: pygame.Rect) -> int:
        """Lay out label, control and value inside `rect` (height is ours); returns the height."""
        pad_x, pad_y = self._pad(ctx)
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

    def measure(self, ctx: UIContext, width: int) -> int:
        """The row's height at `width` (taller when the label has to go above the control)."""
        return self._geometry(ctx, pygame.Rect(0, 0, width, 0))

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the row and its parts."""
        super().layout(ctx, rect)
        self._geometry(ctx, self.rect)
        self._cache.clear()

    # drawing
    def _draw_row(self, surface: pygame.Surface) -> None:
        """Background, label, value text and (when focused) the focus ring and marker."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        ring = self.focused and self.show_focus
        lit = self.hovered or ring
        bg = p.button_hover if lit else p.button
        draw_panel(surface, self.rect, bg, m.radius, p.button_edge, m.border)
        fg = p.button_hover_text if lit else p.button_text
        if self._label is not None:
            draw_lines(
                surface,
                ctx.font(TextStyle.LABEL),
                self._label.lines,
                fg,
                self._label_at,
                line_height=self._label.line_height,
                cache=self._cache,
            )
        value = ctx.font(TextStyle.BUTTON).render(self._value_text(), True, fg)
        surface.blit(value, value.get_rect(midright=self._value.midright))
        if ring:
            draw_focus_ring(surface, self.rect, m, p, m.radius)
            draw_focus_marker(surface, self.rect, m, p)

    def _hover(self, event: pygame.event.Event) -> EventResult:
        pos = _event_pos(event)
        inside = pos is not None and self.rect.collidepoint(pos)
        if inside != self.hovered:
            self.hovered = inside
            return EventResult(False, True)
        return IGNORED


class Slider(_Row):
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
        pos = _event_pos(event)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and pos is not None:
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
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.dragging:
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


class Toggle(_Row):
    """An on/off setting: a switch drawn with the words On / Off beside it (not colour alone)."""

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
        """Enter/Space when focused; click anywhere on the row."""
        if event.type == pygame.KEYDOWN and self.focused and event.key in ACTIVATE_KEYS:
            self.toggle()
            return CHANGED
        if event.type == pygame.MOUSEMOTION:
            return self._hover(event)
        pos = _event_pos(event)
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and pos
            and self.rect.collidepoint(pos)
        ):
            self._pressed = True
            return HANDLED
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._pressed:
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
