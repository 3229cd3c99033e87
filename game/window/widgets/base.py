"""What every widget shares: the layout context, event results, key helpers and `Widget` itself.

Every widget is laid out from a `UIContext` (theme + pixel metrics for the current window and
reading size + fonts) and a rectangle, so a resize is just another `layout` call. Widgets do
not own the loop: `handle_event` says whether the event was used and whether anything visible
changed, `update(dt)` advances animations, and `draw` paints the current state.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ..draw import draw_focus_marker, draw_focus_ring
from ..fonts import FontCache
from ..text_layout import TextBlock, draw_lines, layout_text
from ..theme import RGBA, Color, FontChoice, Metrics, Palette, TextStyle, Theme, compute_metrics

LineCache = dict[tuple[str, tuple[int, int, int]], pygame.Surface]


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
REDRAW = EventResult(redraw=True)  # something changed look (hover) but the event goes on


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

    def pads(self, x: float, y: float) -> tuple[int, int]:
        """Padding (reference pixels, grown with the reading size) as real pixels."""
        return self.metrics.text_px(x), self.metrics.text_px(y)


def ring_room(ctx: UIContext) -> int:
    """Space a focus ring takes outside its widget (gap + ring + halo)."""
    m = ctx.metrics
    return m.focus_gap + m.focus_ring + max(1, m.focus_ring // 2)


def widget_gap(ctx: UIContext) -> int:
    """Space between two widgets side by side: both focus rings and a pixel each."""
    return 2 * ring_room(ctx) + 2


# --- keys and the mouse ------------------------------------------------------------------------

ACTIVATE_KEYS = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE})
_NUMBER_KEYS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
_NUMBER_KEYS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})
# Scancodes are physical keys: they make the number row work on AZERTY keyboards too.
_NUMBER_SCANCODES = {getattr(pygame, f"KSCAN_{i}"): i for i in range(1, 10)}
LEAVE_EVENTS = (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST)


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


def event_pos(event: pygame.event.Event) -> tuple[int, int] | None:
    """The mouse position an event carries, as ints, or None."""
    pos = getattr(event, "pos", None)
    if pos is None:
        return None
    return int(pos[0]), int(pos[1])


def is_left(event: pygame.event.Event, kind: int) -> bool:
    """Whether `event` is a left-button event of type `kind` (press or release)."""
    return bool(event.type == kind and getattr(event, "button", 0) == 1)


def button_colours(
    p: Palette, *, lit: bool, pressed: bool = False, enabled: bool = True
) -> tuple[RGBA, Color]:
    """(background, text) of anything drawn as a button: disabled, pressed, lit or plain."""
    if not enabled:
        return p.button_disabled, p.button_disabled_text
    if pressed:
        return p.button_pressed, p.button_pressed_text
    if lit:
        return p.button_hover, p.button_hover_text
    return p.button, p.button_text


class LaidText:
    """Caches one text layout per (context, width): columns measure, then lay out, every frame
    they scroll, and a relayout of unchanged text must cost nothing."""

    def __init__(self) -> None:
        self._key: tuple[int, str, str, str] | None = None
        self._ctx: UIContext | None = None
        self.block: TextBlock | None = None

    def get(
        self, ctx: UIContext, text: str, style: TextStyle, width: int, align: str = "left"
    ) -> TextBlock:
        """The layout of `text` at `width`, made again only when something changed."""
        key = (width, style.value, align, text)
        if self.block is None or self._ctx is not ctx or self._key != key:
            self.block = layout_text(
                text,
                ctx.font(style),
                max(1, width),
                line_height=ctx.line_height(style),
                align=align,
            )
            self._key, self._ctx = key, ctx
        return self.block


# --- the widget --------------------------------------------------------------------------------


class Widget:
    """Base class: a rectangle that lays itself out, takes events and draws itself."""

    focusable = True
    uses_enter = False
    """True for controls that Enter works (buttons, switches, fields): elsewhere on a page, Enter
    presses the page's primary button."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.focused = False
        self.hovered = False
        # Owners (FocusGroup) hide the ring until the keyboard is used: mouse players never
        # see a ring they did not ask for.
        self.show_focus = True
        self.ctx: UIContext | None = None
        self._cache: LineCache = {}

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

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """The labels a script's `click "LABEL"` can find here, with where to click."""
        return []

    def _context(self) -> UIContext:
        if self.ctx is None:
            raise RuntimeError(f"{type(self).__name__}.layout() must be called before drawing")
        return self.ctx

    def _hover(
        self, event: pygame.event.Event, area: pygame.Rect | None = None, *, active: bool = True
    ) -> EventResult:
        """Track whether the pointer is over `area` (the widget by default); redraw on change."""
        pos = event_pos(event)
        shape = self.rect if area is None else area
        inside = pos is not None and shape.collidepoint(pos) and active
        if inside == self.hovered:
            return IGNORED
        self.hovered = inside
        return REDRAW

    def _draw_text(
        self,
        surface: pygame.Surface,
        style: TextStyle,
        block: TextBlock,
        colour: Color,
        origin: tuple[int, int],
    ) -> None:
        """Draw a laid-out block in `style` at `origin` (rendered lines cached per widget)."""
        draw_lines(
            surface,
            self._context().font(style),
            block.lines,
            colour,
            origin,
            line_height=block.line_height,
            cache=self._cache,
        )

    def _draw_focus(
        self, surface: pygame.Surface, area: pygame.Rect | None = None, *, marker: bool = True
    ) -> None:
        """The focus ring (and the bar at the left) when focus is on this widget and shown."""
        if not (self.focused and self.show_focus):
            return
        m, p = self._context().metrics, self._context().theme.palette
        shape = self.rect if area is None else area
        draw_focus_ring(surface, shape, m, p, m.radius)
        if marker:
            draw_focus_marker(surface, shape, m, p)


class Arranged(Widget):
    """A widget whose measuring and laying out are one `_arrange(ctx, rect) -> height`."""

    def _arrange(self, ctx: UIContext, rect: pygame.Rect) -> int:
        """Place the parts inside `rect` (its height is ignored); returns the height they need."""
        raise NotImplementedError

    def measure(self, ctx: UIContext, width: int) -> int:
        """The height at `width`."""
        return self._arrange(ctx, pygame.Rect(0, 0, width, 0))

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the parts."""
        super().layout(ctx, rect)
        self._arrange(ctx, self.rect)
        self._cache.clear()
