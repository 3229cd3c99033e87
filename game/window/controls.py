"""Widgets the screens add to the basic set, and `Column`, the scrolling stack that holds them.

Paragraphs, text fields, radio rows, cards (save slots, lessons, endings), key rows for the help
page, the meters chart and the diagnostics view. Like the widgets in `widgets.py` they are laid
out from a `UIContext` and a rectangle and never draw outside it; `Column` scrolls whatever
does not fit, so no text is ever clipped at any window or reading size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from game.engine.diagnostics import Diagnostic
from game.engine.runner import MeterTrack

from .draw import draw_focus_marker, draw_focus_ring, draw_panel, draw_triangle
from .text_layout import TextBlock, draw_lines, layout_text
from .theme import RGBA, Color, Palette, TextStyle, ensure_contrast
from .widgets import (
    ACTIVATE_KEYS,
    CHANGED,
    HANDLED,
    IGNORED,
    Button,
    ChoiceList,
    EventResult,
    Slider,
    Toggle,
    UIContext,
    Widget,
)

LineCache = dict[tuple[str, tuple[int, int, int]], pygame.Surface]
# Far outside any window: mouse events outside a viewport are sent here so nothing hovers.
_NOWHERE = (-(10**6), -(10**6))


def ring_room(ctx: UIContext) -> int:
    """Space a focus ring takes outside its widget (gap + ring + halo)."""
    m = ctx.metrics
    return m.focus_gap + m.focus_ring + max(1, m.focus_ring // 2)


def _pos(event: pygame.event.Event) -> tuple[int, int] | None:
    pos = getattr(event, "pos", None)
    return None if pos is None else (int(pos[0]), int(pos[1]))


def _colour(palette: Palette, name: str) -> Color:
    value = getattr(palette, name)
    return (int(value[0]), int(value[1]), int(value[2]))


class _Laid:
    """Caches one text layout per (context, width): columns measure, then lay out, every frame
    they scroll, and a relayout of unchanged text must cost nothing."""

    def __init__(self) -> None:
        self._key: tuple[int, str, str, str] | None = None
        self._ctx: UIContext | None = None
        self.block: TextBlock | None = None

    def get(
        self, ctx: UIContext, text: str, style: TextStyle, width: int, align: str = "left"
    ) -> TextBlock:
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


# --- text --------------------------------------------------------------------------------------


class Spacer(Widget):
    """Empty room in a column (reference pixels, grows with the reading size)."""

    focusable = False

    def __init__(self, reference: float) -> None:
        super().__init__()
        self.reference = reference

    def measure(self, ctx: UIContext, width: int) -> int:
        """The space's height."""
        return ctx.metrics.text_px(self.reference)


class Paragraph(Widget):
    """Wrapped text in one style; `colour` names a palette text colour so themes can switch."""

    focusable = False

    def __init__(
        self,
        text: str,
        style: TextStyle = TextStyle.BODY,
        *,
        colour: str = "body_text",
        align: str = "left",
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.colour = colour
        self.align = align
        self._laid = _Laid()
        self._cache: LineCache = {}

    def measure(self, ctx: UIContext, width: int) -> int:
        """Height of the wrapped text."""
        return self._laid.get(ctx, self.text, self.style, width, self.align).height

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Wrap to the rectangle's width (cached while the width and context stay the same)."""
        old = self._laid.block
        super().layout(ctx, rect)
        if self._laid.get(ctx, self.text, self.style, self.rect.width, self.align) is not old:
            self._cache.clear()

    def draw(self, surface: pygame.Surface) -> None:
        """The lines, top-left aligned in the rectangle."""
        ctx = self._context()
        block = self._laid.block
        if block is None:
            return
        draw_lines(
            surface,
            ctx.font(self.style),
            block.lines,
            _colour(ctx.theme.palette, self.colour),
            self.rect.topleft,
            line_height=block.line_height,
            cache=self._cache,
        )


class Speech(Widget):
    """One history entry: a speaker's name over their line, narration, or a choice taken.

    A choice is set apart by shape as well as colour: indented behind a bar, under the words
    "You chose".
    """

    focusable = False

    def __init__(
        self, text: str, name: str | None = None, colour: Color | None = None, *, choice: bool
    ) -> None:
        super().__init__()
        self.text = text
        self.name = "You chose" if choice else name
        self.colour = colour
        self.choice = choice
        self._name = _Laid()
        self._text = _Laid()
        self._cache: LineCache = {}

    def _indent(self, ctx: UIContext) -> int:
        return ctx.metrics.text_px(ctx.theme.spacing.xl) if self.choice else 0

    @property
    def _name_style(self) -> TextStyle:
        return TextStyle.SMALL if self.choice else TextStyle.NAME

    def _parts(self, ctx: UIContext, width: int) -> tuple[TextBlock | None, TextBlock]:
        inner = max(1, width - self._indent(ctx))
        name = self._name.get(ctx, self.name, self._name_style, inner) if self.name else None
        style = TextStyle.BUTTON if self.choice else TextStyle.BODY
        return name, self._text.get(ctx, self.text, style, inner)

    def measure(self, ctx: UIContext, width: int) -> int:
        """Name line (if any) plus the wrapped text."""
        name, text = self._parts(ctx, width)
        return (name.height if name else 0) + text.height

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Wrap both parts to the width."""
        super().layout(ctx, rect)
        self._parts(ctx, self.rect.width)
        self._cache.clear()

    def draw(self, surface: pygame.Surface) -> None:
        """Bar (choices), name, text."""
        ctx = self._context()
        p = ctx.theme.palette
        name, text = self._parts(ctx, self.rect.width)
        x = self.rect.left + self._indent(ctx)
        y = self.rect.top
        if self.choice:
            bar = pygame.Rect(
                self.rect.left + ctx.metrics.text_px(ctx.theme.spacing.md),
                self.rect.top,
                max(3, ctx.metrics.px(ctx.theme.spacing.stripe)),
                self.rect.height,
            )
            pygame.draw.rect(surface, p.accent, bar, border_radius=bar.width // 2)
        if name is not None:
            if self.choice:
                colour = p.muted_text
            else:
                colour = ctx.theme.speaker_colour(self.colour)
                # The history page is a panel, not the name plate: check contrast on it too.
                colour = ensure_contrast(colour, p.panel, ctx.theme.min_text_contrast)
            draw_lines(
                surface,
                ctx.font(self._name_style),
                name.lines,
                colour,
                (x, y),
                line_height=name.line_height,
                cache=self._cache,
            )
            y += name.height
        style = TextStyle.BUTTON if self.choice else TextStyle.BODY
        draw_lines(
            surface,
            ctx.font(style),
            text.lines,
            p.body_text,
            (x, y),
            line_height=text.line_height,
            cache=self._cache,
        )


# --- text field --------------------------------------------------------------------------------


class TextField(Widget):
    """A labelled one-line text entry: typed text, a visible caret, Backspace/Delete, arrows,
    Home/End; Enter submits. Text wider than the box scrolls sideways to keep the caret in view.
    """

    wants_text = True

    def __init__(
        self,
        label: str,
        value: str = "",
        *,
        max_length: int = 40,
        on_change: Callable[[str], None] | None = None,
        on_submit: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.label = label
        self.value = value[:max_length]
        self.max_length = max_length
        self.on_change = on_change
        self.on_submit = on_submit
        self.caret = len(self.value)
        self.hovered = False
        self._label = _Laid()
        self._cache: LineCache = {}
        self.box = pygame.Rect(0, 0, 0, 0)

    def _pads(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.metrics.text_px(sp.md), ctx.metrics.text_px(sp.sm)

    def _box_height(self, ctx: UIContext) -> int:
        return ctx.line_height(TextStyle.BODY) + 2 * self._pads(ctx)[1]

    def _gap(self, ctx: UIContext) -> int:
        return ctx.metrics.text_px(ctx.theme.spacing.sm)

    def measure(self, ctx: UIContext, width: int) -> int:
        """Label above the box."""
        label = self._label.get(ctx, self.label, TextStyle.LABEL, width)
        return label.height + self._gap(ctx) + self._box_height(ctx)

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the label and the box."""
        super().layout(ctx, rect)
        label = self._label.get(ctx, self.label, TextStyle.LABEL, self.rect.width)
        top = self.rect.top + label.height + self._gap(ctx)
        self.box = pygame.Rect(self.rect.left, top, self.rect.width, self._box_height(ctx))
        self._cache.clear()

    def set_value(self, value: str) -> None:
        """Replace the text (caret to the end)."""
        self.value = value[: self.max_length]
        self.caret = len(self.value)
        if self.on_change is not None:
            self.on_change(self.value)

    def _insert(self, text: str) -> bool:
        clean = "".join(ch for ch in text if ch.isprintable())
        room = self.max_length - len(self.value)
        clean = clean[: max(0, room)]
        if not clean:
            return False
        self.value = self.value[: self.caret] + clean + self.value[self.caret :]
        self.caret += len(clean)
        if self.on_change is not None:
            self.on_change(self.value)
        return True

    def _delete(self, start: int, end: int) -> bool:
        start, end = max(0, start), min(len(self.value), end)
        if start >= end:
            return False
        self.value = self.value[:start] + self.value[end:]
        self.caret = start
        if self.on_change is not None:
            self.on_change(self.value)
        return True

    def _caret_at(self, x: int) -> int:
        """The caret position nearest a click at window x."""
        ctx = self._context()
        font = ctx.font(TextStyle.BODY)
        left = self.box.left + self._pads(ctx)[0] - self._offset(ctx)
        best, best_d = 0, abs(x - left)
        for i in range(1, len(self.value) + 1):
            d = abs(x - (left + font.size(self.value[:i])[0]))
            if d < best_d:
                best, best_d = i, d
        return best

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Typing and editing keys when focused; a click places the caret."""
        if event.type == pygame.TEXTINPUT and self.focused:
            return EventResult(True, self._insert(str(getattr(event, "text", ""))))
        if event.type == pygame.KEYDOWN and self.focused:
            key, ctrl = event.key, bool(event.mod & pygame.KMOD_CTRL)
            if key == pygame.K_BACKSPACE:
                start = self.value.rstrip()[: self.caret].rfind(" ") + 1 if ctrl else self.caret - 1
                return EventResult(True, self._delete(start, self.caret))
            if key == pygame.K_DELETE:
                return EventResult(True, self._delete(self.caret, self.caret + 1))
            moves = {
                pygame.K_LEFT: self.caret - 1,
                pygame.K_RIGHT: self.caret + 1,
                pygame.K_HOME: 0,
                pygame.K_END: len(self.value),
            }
            if key in moves:
                new = max(0, min(len(self.value), moves[key]))
                changed = new != self.caret
                self.caret = new
                return EventResult(True, changed)
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                if self.on_submit is not None:
                    self.on_submit()
                return CHANGED
            if key == pygame.K_SPACE:
                return HANDLED  # the space itself arrives as text input
            return IGNORED
        if event.type == pygame.MOUSEMOTION:
            pos = _pos(event)
            inside = pos is not None and self.box.collidepoint(pos)
            if inside != self.hovered:
                self.hovered = inside
                return EventResult(False, True)
            return IGNORED
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            pos = _pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.caret = self._caret_at(pos[0])
                return CHANGED
        return IGNORED

    def _offset(self, ctx: UIContext) -> int:
        """How far the text is scrolled left so the caret stays inside the box."""
        font = ctx.font(TextStyle.BODY)
        pad_x, _ = self._pads(ctx)
        inner = max(1, self.box.width - 2 * pad_x)
        caret_x = font.size(self.value[: self.caret])[0]
        return max(0, caret_x - inner + self._caret_width(ctx))

    @staticmethod
    def _caret_width(ctx: UIContext) -> int:
        return max(2, ctx.metrics.text_px(2))

    def draw(self, surface: pygame.Surface) -> None:
        """Label, box, text and caret (when focused)."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        label = self._label.get(ctx, self.label, TextStyle.LABEL, self.rect.width)
        draw_lines(
            surface,
            ctx.font(TextStyle.LABEL),
            label.lines,
            p.body_text,
            self.rect.topleft,
            line_height=label.line_height,
            cache=self._cache,
        )
        lit = self.hovered or self.focused
        bg = p.button_hover if lit else p.button
        fg = p.button_hover_text if lit else p.button_text
        # A focused field has a heavier edge even for mouse players: that is where typing goes.
        edge = p.focus if self.focused else p.button_edge
        width = max(2, m.border * 2) if self.focused else m.border
        draw_panel(surface, self.box, bg, m.radius, edge, width)
        font = ctx.font(TextStyle.BODY)
        pad_x, _ = self._pads(ctx)
        inner = self.box.inflate(-2 * pad_x, 0)
        offset = self._offset(ctx)
        previous = surface.get_clip()
        surface.set_clip(inner.clip(previous) if previous else inner)
        lh = ctx.line_height(TextStyle.BODY)
        top = self.box.centery - lh // 2
        text_top = top + (lh - font.get_height()) // 2
        if self.value:
            image = font.render(self.value, True, fg)
            surface.blit(image, (inner.left - offset, text_top))
        if self.focused:
            x = inner.left - offset + font.size(self.value[: self.caret])[0]
            caret = pygame.Rect(x, text_top, self._caret_width(ctx), font.get_height())
            pygame.draw.rect(surface, fg, caret)
        surface.set_clip(previous)
        if self.focused and self.show_focus:
            draw_focus_ring(surface, self.box, m, p, m.radius)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """What a script may click: the field by its label."""
        return [(self.label, self.box)]


# --- radio row ---------------------------------------------------------------------------------


class RadioRow(Widget):
    """A labelled set of options shown as buttons, exactly one selected.

    The selected one has a filled dot (shape, not just colour). Left/Right (or Up/Down inside
    the row) move the selection; a click picks. Long rows wrap onto more lines.
    """

    def __init__(
        self,
        label: str,
        options: Sequence[str],
        index: int = 0,
        on_change: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        if not options:
            raise ValueError("a radio row needs at least one option")
        self.label = label
        self.options = list(options)
        self.index = max(0, min(len(self.options) - 1, index))
        self.on_change = on_change
        self.pills: list[pygame.Rect] = []
        self.hovered: int | None = None
        self._pressed: int | None = None
        self._label = _Laid()
        self._cache: LineCache = {}

    def _pads(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.metrics.text_px(sp.lg), ctx.metrics.text_px(sp.md)

    def _dot(self, ctx: UIContext) -> int:
        return max(5, round(ctx.font(TextStyle.BUTTON).get_height() * 0.28))

    def _arrange(self, ctx: UIContext, rect: pygame.Rect) -> tuple[int, list[pygame.Rect]]:
        """(height, pill rectangles) for the row laid into `rect`."""
        label = self._label.get(ctx, self.label, TextStyle.LABEL, rect.width)
        pad_x, pad_y = self._pads(ctx)
        font = ctx.font(TextStyle.BUTTON)
        dot = self._dot(ctx)
        h = ctx.line_height(TextStyle.BUTTON) + 2 * pad_y
        gap = 2 * ring_room(ctx)
        x, y = rect.left, rect.top + label.height + ctx.metrics.text_px(ctx.theme.spacing.sm)
        y += ring_room(ctx)
        pills = []
        for text in self.options:
            w = min(rect.width, font.size(text)[0] + 2 * pad_x + 2 * dot + pad_x // 2)
            if x > rect.left and x + w > rect.right:
                x, y = rect.left, y + h + gap
            pills.append(pygame.Rect(x, y, w, h))
            x += w + gap
        bottom = pills[-1].bottom + ring_room(ctx)
        return bottom - rect.top, pills

    def measure(self, ctx: UIContext, width: int) -> int:
        """Label plus the rows of pills."""
        return self._arrange(ctx, pygame.Rect(0, 0, width, 0))[0]

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the label and the pills."""
        super().layout(ctx, rect)
        _, self.pills = self._arrange(ctx, self.rect)
        self._cache.clear()

    def select(self, index: int) -> bool:
        """Select option `index`; True (and on_change) when it changed."""
        index = max(0, min(len(self.options) - 1, index))
        if index == self.index:
            return False
        self.index = index
        if self.on_change is not None:
            self.on_change(index)
        return True

    def _pill_at(self, pos: tuple[int, int] | None) -> int | None:
        if pos is None:
            return None
        for i, pill in enumerate(self.pills):
            if pill.collidepoint(pos):
                return i
        return None

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Arrows when focused; hover, press and release on a pill."""
        if event.type == pygame.KEYDOWN and self.focused:
            step = {pygame.K_LEFT: -1, pygame.K_RIGHT: +1}.get(event.key)
            if step is not None:
                return EventResult(True, self.select((self.index + step) % len(self.options)))
            if event.key in ACTIVATE_KEYS:
                return HANDLED  # already selected; Enter must not leak to the page
            return IGNORED
        if event.type == pygame.MOUSEMOTION:
            over = self._pill_at(_pos(event))
            if over != self.hovered:
                self.hovered = over
                return EventResult(False, True)
            return IGNORED
        if event.type in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST):
            changed = self.hovered is not None or self._pressed is not None
            self.hovered = self._pressed = None
            return EventResult(False, changed)
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            hit = self._pill_at(_pos(event))
            if hit is not None:
                self._pressed = hit
                return CHANGED
        if event.type == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == 1:
            pressed, self._pressed = self._pressed, None
            hit = self._pill_at(_pos(event))
            if pressed is not None and hit == pressed:
                self.select(hit)
                return CHANGED
            return EventResult(pressed is not None, pressed is not None)
        return IGNORED

    def draw(self, surface: pygame.Surface) -> None:
        """Label, pills (radio dot + text), and the focus ring on the selected pill."""
        ctx = self._context()
        m, p = ctx.metrics, ctx.theme.palette
        label = self._label.get(ctx, self.label, TextStyle.LABEL, self.rect.width)
        draw_lines(
            surface,
            ctx.font(TextStyle.LABEL),
            label.lines,
            p.body_text,
            self.rect.topleft,
            line_height=label.line_height,
            cache=self._cache,
        )
        font = ctx.font(TextStyle.BUTTON)
        pad_x, _ = self._pads(ctx)
        dot = self._dot(ctx)
        for i, (pill, text) in enumerate(zip(self.pills, self.options, strict=True)):
            selected = i == self.index
            if self._pressed == i:
                bg, fg = p.button_pressed, p.button_pressed_text
            elif selected or self.hovered == i:
                bg, fg = p.button_hover, p.button_hover_text
            else:
                bg, fg = p.button, p.button_text
            edge: RGBA | Color = p.body_text if selected else p.button_edge
            draw_panel(surface, pill, bg, m.radius, edge, max(2, m.border * 2) if selected else 1)
            centre = (pill.left + pad_x // 2 + dot + dot // 2, pill.centery)
            pygame.draw.circle(surface, fg, centre, dot, width=max(2, dot // 3))
            if selected:
                pygame.draw.circle(surface, fg, centre, max(2, dot // 2))
            image = font.render(text, True, fg)
            left = centre[0] + dot + pad_x // 2
            surface.blit(image, image.get_rect(midleft=(left, pill.centery)))
        if self.focused and self.show_focus and self.pills:
            pill = self.pills[self.index]
            draw_focus_ring(surface, pill, m, p, m.radius)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Each option by its text."""
        return list(zip(self.options, self.pills, strict=False))


# --- cards -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardLine:
    """One paragraph in a card: its text, style and palette colour name."""

    text: str
    style: TextStyle = TextStyle.LABEL
    colour: str = "body_text"


class Card(Widget):
    """A panel with a title, paragraphs, an optional picture, badge and coloured stripe.

    With `on_click` it behaves like a button (hover, press, focus ring, Enter); without, it is
    plain reading matter. A `badge` is a word in a pill ("Kept", "Hopeful") so no meaning rests
    on the stripe's colour alone; `warning` adds a line with a warning marker (damaged saves).
    """

    def __init__(
        self,
        title: str,
        lines: Sequence[CardLine] = (),
        *,
        image: pygame.Surface | None = None,
        image_slot: bool = False,
        badge: str | None = None,
        stripe: str | None = None,
        warning: str | None = None,
        on_click: Callable[[], None] | None = None,
        enabled: bool = True,
        title_style: TextStyle = TextStyle.BUTTON,
    ) -> None:
        super().__init__()
        self.title = title
        self.lines = list(lines)
        self.image = image
        self.image_slot = image_slot or image is not None
        self.badge = badge
        self.stripe = stripe  # a palette colour name, looked up when drawing
        self.warning = warning
        self.on_click = on_click
        self.enabled = enabled
        self.focusable = on_click is not None
        self.title_style = title_style
        self.hovered = False
        self.pressed = False
        self._parts: list[_Laid] = []
        self._cache: LineCache = {}
        self._geometry: tuple[pygame.Rect, pygame.Rect, list[tuple[int, TextBlock]]] | None = None

    # geometry
    def _pads(self, ctx: UIContext) -> tuple[int, int]:
        sp = ctx.theme.spacing
        return ctx.metrics.text_px(sp.lg), ctx.metrics.text_px(sp.md)

    def _thumb(self, ctx: UIContext) -> tuple[int, int]:
        w = ctx.metrics.text_px(ctx.theme.spacing.thumbnail_width)
        return w, round(w * 9 / 16)

    def _texts(self) -> list[tuple[str, TextStyle]]:
        out = [(self.title, self.title_style)]
        out += [(line.text, line.style) for line in self.lines]
        if self.warning:
            out.append((self.warning, TextStyle.LABEL))
        return out

    def _arrange(
        self, ctx: UIContext, rect: pygame.Rect
    ) -> tuple[int, pygame.Rect, pygame.Rect, list[tuple[int, TextBlock]]]:
        """(height, picture rect, badge rect, [(y, block)] for title, lines and warning)."""
        m, sp = ctx.metrics, ctx.theme.spacing
        pad_x, pad_y = self._pads(ctx)
        stripe = m.px(sp.stripe) + pad_x // 2 if self.stripe else 0
        left = rect.left + pad_x + stripe
        inner_w = max(1, rect.width - 2 * pad_x - stripe)
        tw, th = self._thumb(ctx)
        picture = pygame.Rect(0, 0, 0, 0)
        side = self.image_slot and inner_w >= int(tw * 2.4)
        top = rect.top + pad_y
        if self.image_slot:
            picture = pygame.Rect(left, top, min(tw, inner_w), th)
            if side:
                left += tw + pad_x
                inner_w -= tw + pad_x
            else:
                top += th + pad_y // 2
        y = top
        badge = pygame.Rect(0, 0, 0, 0)
        if self.badge:
            font = ctx.font(TextStyle.SMALL)
            bw = font.size(self.badge)[0] + 2 * m.text_px(sp.sm)
            bh = ctx.line_height(TextStyle.SMALL)
            badge = pygame.Rect(left, y, min(bw, inner_w), bh)
            y += bh + m.text_px(sp.xs)
        while len(self._parts) < len(self._texts()):
            self._parts.append(_Laid())
        blocks: list[tuple[int, TextBlock]] = []
        warn_indent = self._warn_indent(ctx)
        for i, (text, style) in enumerate(self._texts()):
            is_warning = self.warning is not None and i == len(self._texts()) - 1
            width = inner_w - (warn_indent if is_warning else 0)
            block = self._parts[i].get(ctx, text, style, max(1, width))
            if i > 0:
                y += m.text_px(sp.xs)
            blocks.append((y, block))
            y += block.height
        height = max(y, picture.bottom if self.image_slot else y) + pad_y - rect.top
        return height, picture, badge, blocks

    def _warn_indent(self, ctx: UIContext) -> int:
        return ctx.font(TextStyle.LABEL).get_height() + ctx.metrics.text_px(ctx.theme.spacing.sm)

    def measure(self, ctx: UIContext, width: int) -> int:
        """Height of the card at `width`."""
        return self._arrange(ctx, pygame.Rect(0, 0, width, 0))[0]

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place everything inside the card."""
        super().layout(ctx, rect)
        _, picture, badge, blocks = self._arrange(ctx, self.rect)
        self._geometry = (picture, badge, blocks)
        self._cache.clear()

    # input
    def activate(self) -> None:
        """Run the card's action."""
        if self.enabled and self.on_click is not None:
            self.on_click()

    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Like a button: hover, press, release inside to click; Enter/Space when focused."""
        if self.on_click is None:
            return IGNORED
        if event.type == pygame.MOUSEMOTION:
            pos = _pos(event)
            inside = pos is not None and self.rect.collidepoint(pos) and self.enabled
            if inside != self.hovered:
                self.hovered = inside
                return EventResult(False, True)
            return IGNORED
        if event.type in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST):
            changed = self.hovered or self.pressed
            self.hovered = self.pressed = False
            return EventResult(False, changed)
        if not self.enabled:
            return IGNORED
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            pos = _pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.pressed = True
                return CHANGED
        elif event.type == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == 1:
            if self.pressed:
                self.pressed = False
                pos = _pos(event)
                if pos is not None and self.rect.collidepoint(pos):
                    self.activate()
                return CHANGED
        elif event.type == pygame.KEYDOWN and self.focused and event.key in ACTIVATE_KEYS:
            self.activate()
            return CHANGED
        return IGNORED

    # drawing
    def _ground(self, p: Palette) -> tuple[RGBA, Color, Color]:
        """(background, main text, secondary text) for the current state."""
        if self.on_click is None:
            return p.panel, p.body_text, p.muted_text
        if not self.enabled:
            return p.button_disabled, p.button_disabled_text, p.button_disabled_text
        if self.pressed:
            return p.button_pressed, p.button_pressed_text, p.button_pressed_text
        if self.hovered or (self.focused and self.show_focus):
            return p.button_hover, p.button_hover_text, p.muted_text
        return p.button, p.button_text, p.muted_text

    def draw(self, surface: pygame.Surface) -> None:
        """Panel, stripe, picture, badge, texts, warning marker, focus ring."""
        ctx = self._context()
        m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
        if self._geometry is None:
            return
        picture, badge, blocks = self._geometry
        bg, fg, muted = self._ground(p)
        edge = p.button_edge if self.on_click is not None else p.panel_edge
        draw_panel(surface, self.rect, bg, m.radius, edge, m.border)
        pad_x, pad_y = self._pads(ctx)
        if self.stripe:
            bar = pygame.Rect(
                self.rect.left + pad_x // 2,
                self.rect.top + pad_y,
                m.px(sp.stripe),
                max(1, self.rect.height - 2 * pad_y),
            )
            pygame.draw.rect(surface, _colour(p, self.stripe), bar, border_radius=bar.width // 2)
        if self.image_slot:
            if self.image is not None:
                image = self.image
                if image.get_size() != picture.size:
                    image = pygame.transform.smoothscale(image, picture.size)
                surface.blit(image, picture)
                pygame.draw.rect(surface, p.button_edge, picture, width=1)
            else:
                draw_panel(surface, picture, p.track, max(2, m.radius // 2))
        if self.badge:
            draw_panel(surface, badge, p.badge, badge.height // 2)
            text = ctx.font(TextStyle.SMALL).render(self.badge, True, p.badge_text)
            surface.blit(text, text.get_rect(center=badge.center))
        texts = self._texts()
        x0 = self._text_left(ctx, picture)
        for i, (y, block) in enumerate(blocks):
            style = texts[i][1]
            is_warning = self.warning is not None and i == len(texts) - 1
            colour = fg
            if 0 < i <= len(self.lines):
                colour = muted if self.lines[i - 1].colour == "muted_text" else fg
            x = x0
            if is_warning:
                size = max(4, ctx.font(TextStyle.LABEL).get_height() // 3)
                centre = (x + size, y + block.line_height // 2)
                draw_triangle(surface, centre, size, p.warning, "up")
                x += self._warn_indent(ctx)
            draw_lines(
                surface,
                ctx.font(style),
                block.lines,
                colour,
                (x, y),
                line_height=block.line_height,
                cache=self._cache,
            )
        if self.focused and self.show_focus and self.on_click is not None:
            draw_focus_ring(surface, self.rect, m, p, m.radius)
            draw_focus_marker(surface, self.rect, m, p)

    def _text_left(self, ctx: UIContext, picture: pygame.Rect) -> int:
        m, sp = ctx.metrics, ctx.theme.spacing
        pad_x, _ = self._pads(ctx)
        left = self.rect.left + pad_x + (m.px(sp.stripe) + pad_x // 2 if self.stripe else 0)
        inner_w = max(1, self.rect.width - 2 * pad_x)
        if self.image_slot and inner_w >= int(self._thumb(ctx)[0] * 2.4):
            left = picture.right + pad_x
        return left

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """The card by its title (only when it can be clicked)."""
        return [(self.title, self.rect)] if self.on_click is not None and self.enabled else []


# --- help: a row of keys -----------------------------------------------------------------------


class KeyRow(Widget):
    """One line of the help page: key caps on the left, what they do on the right.

    `key_share` is the fraction of the width given to the caps, the same for every row so the
    page reads as a table; on a narrow page the caps go above the words.
    """

    focusable = False

    def __init__(self, keys: Sequence[str], action: str, *, key_share: float = 0.4) -> None:
        super().__init__()
        self.keys = list(keys)
        self.action = action
        self.key_share = key_share
        self._action = _Laid()
        self._cache: LineCache = {}
        self._caps: list[pygame.Rect] = []
        self._text_at = (0, 0)

    def _cap_pad(self, ctx: UIContext) -> tuple[int, int]:
        return ctx.metrics.text_px(ctx.theme.spacing.sm), ctx.metrics.text_px(ctx.theme.spacing.xs)

    def _arrange(self, ctx: UIContext, rect: pygame.Rect) -> int:
        font = ctx.font(TextStyle.BUTTON)
        px, py = self._cap_pad(ctx)
        gap = ctx.metrics.text_px(ctx.theme.spacing.sm)
        cap_h = font.get_height() + 2 * py
        widths = [font.size(k)[0] + 2 * px for k in self.keys]
        key_w = round(rect.width * self.key_share)
        stacked = max(widths, default=0) > key_w or rect.width - key_w < ctx.metrics.px(240)
        area = rect.width if stacked else key_w - gap
        x, y = rect.left, rect.top
        self._caps = []
        for w in widths:
            w = min(w, area)
            if x > rect.left and x + w > rect.left + area:
                x, y = rect.left, y + cap_h + gap // 2
            self._caps.append(pygame.Rect(x, y, w, cap_h))
            x += w + gap
        caps_bottom = (self._caps[-1].bottom if self._caps else rect.top) - rect.top
        if stacked:
            text_x, text_y, text_w = rect.left, rect.top + caps_bottom + gap // 2, rect.width
        else:
            text_x, text_y, text_w = rect.left + key_w, rect.top, rect.width - key_w
        block = self._action.get(ctx, self.action, TextStyle.LABEL, max(1, text_w))
        # Centre a one-line action on the first row of caps.
        if not stacked and len(block.lines) == 1:
            text_y += max(0, (cap_h - block.line_height) // 2)
        self._text_at = (text_x, text_y)
        return max(caps_bottom, text_y - rect.top + block.height)

    def measure(self, ctx: UIContext, width: int) -> int:
        """Caps and the wrapped action."""
        return self._arrange(ctx, pygame.Rect(0, 0, width, 0))

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place caps and text."""
        super().layout(ctx, rect)
        self._arrange(ctx, self.rect)
        self._cache.clear()

    def draw(self, surface: pygame.Surface) -> None:
        """Caps (light keys with dark text, like the choice numbers) and the words."""
        ctx = self._context()
        p, m = ctx.theme.palette, ctx.metrics
        font = ctx.font(TextStyle.BUTTON)
        for cap, key in zip(self._caps, self.keys, strict=True):
            draw_panel(surface, cap, p.badge, max(2, m.radius // 2))
            image = font.render(key, True, p.badge_text)
            if image.get_width() > cap.width:
                image = image.subsurface(pygame.Rect(0, 0, cap.width, image.get_height()))
            surface.blit(image, image.get_rect(center=cap.center))
        block = self._action.block
        if block is not None:
            draw_lines(
                surface,
                ctx.font(TextStyle.LABEL),
                block.lines,
                p.body_text,
                self._text_at,
                line_height=block.line_height,
                cache=self._cache,
            )


# --- the meters --------------------------------------------------------------------------------


class MeterChart(Widget):
    """Every meter's value over the playthrough as a small line chart, one chart per meter.

    Each chart has its name and the final value written out ("6 of 10, from 2"), so the
    numbers never depend on reading the line.
    """

    focusable = False

    def __init__(self, tracks: Sequence[MeterTrack]) -> None:
        super().__init__()
        self.tracks = list(tracks)
        self._cells: list[tuple[pygame.Rect, pygame.Rect]] = []
        self._titles: list[_Laid] = [_Laid() for _ in self.tracks]
        self._cache: LineCache = {}

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

    def measure(self, ctx: UIContext, width: int) -> int:
        """Rows of charts."""
        return self._arrange(ctx, pygame.Rect(0, 0, width, 0))

    def layout(self, ctx: UIContext, rect: pygame.Rect) -> None:
        """Place the charts."""
        super().layout(ctx, rect)
        self._arrange(ctx, self.rect)
        self._cache.clear()

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
                draw_lines(
                    surface,
                    ctx.font(TextStyle.LABEL),
                    block.lines,
                    p.body_text,
                    title_rect.topleft,
                    line_height=block.line_height,
                    cache=self._cache,
                )
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


# --- diagnostics -------------------------------------------------------------------------------


class DiagnosticView(Widget):
    """One checker diagnostic: where, what, and the source line with the bad part underlined.

    The window's fonts are proportional, so instead of a line of carets the span is underlined
    by measuring the text; spaces are kept (as no-break spaces) so columns stay true.
    """

    focusable = False

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__()
        self.diagnostic = diagnostic
        self._head = _Laid()
        self._where = _Laid()
        self._source = _Laid()
        self._cache: LineCache = {}

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
        draw_lines(
            surface,
            ctx.font(TextStyle.LABEL),
            head.lines,
            colour,
            (x, y),
            line_height=head.line_height,
            cache=self._cache,
        )
        y += head.height
        draw_lines(
            surface,
            ctx.font(TextStyle.SMALL),
            where.lines,
            p.muted_text,
            (x, y),
            line_height=where.line_height,
            cache=self._cache,
        )
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


# --- the scrolling column ----------------------------------------------------------------------


class Column:
    """Widgets stacked top to bottom in a viewport that scrolls when they do not fit.

    Only widgets inside the viewport are laid out at their on-screen place, drawn and given
    mouse events; a widget that gets keyboard focus is scrolled into view first. Room for focus
    rings is kept around every widget so rings are never cut by the viewport's edge.
    """

    def __init__(
        self, widgets: Sequence[Widget] = (), *, center: bool = False, columns: int = 1
    ) -> None:
        self.widgets: list[Widget] = list(widgets)
        self.center = center
        self.columns = columns  # >1 lays widgets out in a grid, row by row
        self.bar_offset = 0  # the scrollbar sits this far right of the viewport (in a margin)
        self.viewport = pygame.Rect(0, 0, 0, 0)
        self.scroll = 0
        self.content_height = 0
        self.ctx: UIContext | None = None
        self._slots: list[pygame.Rect] = []
        self._visible: set[int] = set()
        self._mouse: tuple[int, int] | None = None
        self._offset_y = 0

    # layout
    def _gap(self, ctx: UIContext, a: Widget, b: Widget) -> int:
        if a.focusable or b.focusable:
            return max(ctx.metrics.text_px(ctx.theme.spacing.md), 2 * ring_room(ctx) + 2)
        return ctx.metrics.text_px(ctx.theme.spacing.md)

    def _stack(self, ctx: UIContext, width: int) -> tuple[list[pygame.Rect], int]:
        ring = ring_room(ctx)
        inner = max(1, width - 2 * ring)
        cols = max(1, self.columns)
        col_gap = 2 * ring + 2
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
        self.ctx = ctx
        self.viewport = pygame.Rect(rect)
        self._slots, self.content_height = self._stack(ctx, self.viewport.width)
        self._offset_y = (
            max(0, (self.viewport.height - self.content_height) // 2) if self.center else 0
        )
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        self._place()

    def _place(self) -> None:
        if self.ctx is None:
            return
        self._visible = set()
        top = self.viewport.top + self._offset_y - self.scroll
        for i, (w, slot) in enumerate(zip(self.widgets, self._slots, strict=True)):
            screen = slot.move(self.viewport.left, top)
            if screen.bottom >= self.viewport.top and screen.top <= self.viewport.bottom:
                w.layout(self.ctx, screen)
                self._visible.add(i)

    @property
    def max_scroll(self) -> int:
        """How far the content can scroll (0 when it fits)."""
        return max(0, self.content_height - self.viewport.height)

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
        return max(self.line_step(), self.viewport.height - self.line_step())

    def ensure_visible(self, widget: Widget) -> bool:
        """Scroll so `widget` (and its focus ring) is inside the viewport; True when it moved."""
        if widget not in self.widgets or self.ctx is None:
            return False
        slot = self._slots[self.widgets.index(widget)]
        ring = ring_room(self.ctx)
        top, bottom = slot.top - ring, slot.bottom + ring
        if top < self.scroll:
            return self.scroll_to(top)
        if bottom > self.scroll + self.viewport.height:
            # A widget taller than the viewport shows its top.
            return self.scroll_to(min(top, bottom - self.viewport.height))
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
        x = self.viewport.right - w + self.bar_offset
        return pygame.Rect(x, self.viewport.top, w, self.viewport.height)

    def handle_mouse(self, event: pygame.event.Event) -> EventResult:
        """Wheel scrolling over the viewport; mouse events to the visible widgets only."""
        if event.type == pygame.MOUSEMOTION:
            self._mouse = _pos(event)
        if event.type == pygame.MOUSEWHEEL:
            over = self._mouse is None or self.viewport.collidepoint(self._mouse)
            if over and self.max_scroll > 0:
                step = self.line_step() * (
                    self.ctx.theme.motion.scroll_lines if self.ctx is not None else 3
                )
                return EventResult(True, self.scroll_by(-int(getattr(event, "y", 0)) * step))
            return IGNORED
        pos = _pos(event)
        if pos is None:
            if event.type in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST):
                result = IGNORED
                for w in self.visible_widgets():
                    result = result | w.handle_event(event)
                return result
            return IGNORED
        bar = self._scrollbar()
        if (
            event.type == pygame.MOUSEBUTTONDOWN
            and getattr(event, "button", 0) == 1
            and bar.inflate(bar.width * 2, 0).collidepoint(pos)
        ):
            # A click on the scrollbar pages toward the click, for mouse players with no wheel.
            thumb = self._thumb()
            if pos[1] < thumb.top:
                return EventResult(True, self.scroll_by(-self.page_step()))
            if pos[1] > thumb.bottom:
                return EventResult(True, self.scroll_by(self.page_step()))
            return HANDLED
        if not self.viewport.collidepoint(pos):
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
        if not self.viewport.collidepoint(pos):
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
        h = max(bar.width * 4, round(bar.height * self.viewport.height / self.content_height))
        h = min(bar.height, h)
        top = bar.top + round((bar.height - h) * self.scroll / max(1, self.max_scroll))
        return pygame.Rect(bar.left, top, bar.width, h)

    def draw(self, surface: pygame.Surface) -> None:
        """The visible widgets, clipped to the viewport, and a scrollbar when it scrolls."""
        if self.ctx is None:
            return
        previous = surface.get_clip()
        surface.set_clip(self.viewport.clip(previous) if previous else self.viewport)
        for w in self.visible_widgets():
            w.draw(surface)
        surface.set_clip(previous)
        if self.max_scroll > 0:
            p = self.ctx.theme.palette
            bar = self._scrollbar()
            pygame.draw.rect(surface, p.track, bar, border_radius=bar.width // 2)
            pygame.draw.rect(surface, p.accent, self._thumb(), border_radius=bar.width // 2)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Clickable labels of the visible widgets (for scripts), clipped to the viewport."""
        out = []
        for w in self.visible_widgets():
            for label, rect in widget_targets(w):
                shown = rect.clip(self.viewport)
                if shown.width > 0 and shown.height > 0:
                    out.append((label, shown))
        return out


def widget_targets(widget: Widget) -> list[tuple[str, pygame.Rect]]:
    """The labels a script's `click "LABEL"` can find on one widget, with where to click."""
    if isinstance(widget, Button):
        return [(widget.label, widget.rect)] if widget.enabled else []
    if isinstance(widget, ChoiceList):
        out = []
        for b in widget.buttons:
            rect = b.rect.move(0, -widget.scroll).clip(widget.area)
            if rect.width > 0 and rect.height > 0:
                out.append((b.label, rect))
        return out
    if isinstance(widget, (Slider, Toggle)):
        return [(widget.label, widget.rect)]
    method = getattr(widget, "targets", None)
    if callable(method):
        found = method()
        return [(str(label), pygame.Rect(rect)) for label, rect in found]
    return []


def fit_buttons(
    ctx: UIContext, buttons: Sequence[Button], width: int
) -> tuple[list[list[tuple[Button, int]]], int]:
    """Arrange buttons in centred rows that fit `width`: ([[(button, width)]], total height).

    Each button gets its natural width (at least a comfortable minimum); a label too long for
    the whole row wraps inside a full-width button.
    """
    gap = 2 * ring_room(ctx) + 2
    least = ctx.metrics.text_px(ctx.theme.spacing.button_min_width)
    rows: list[list[tuple[Button, int]]] = []
    row: list[tuple[Button, int]] = []
    used = 0
    for b in buttons:
        w = min(width, max(least, b.natural_width(ctx)))
        if row and used + gap + w > width:
            rows.append(row)
            row, used = [], 0
        used += (gap if row else 0) + w
        row.append((b, w))
    if row:
        rows.append(row)
    height = 0
    for i, r in enumerate(rows):
        height += max(b.measure(ctx, w) for b, w in r) + (gap if i else 0)
    return rows, height


def place_buttons(ctx: UIContext, buttons: Sequence[Button], rect: pygame.Rect) -> int:
    """Lay buttons out in centred rows inside `rect` (from its top); returns the height used."""
    rows, _ = fit_buttons(ctx, buttons, rect.width)
    gap = 2 * ring_room(ctx) + 2
    y = rect.top
    for r in rows:
        h = max(b.measure(ctx, w) for b, w in r)
        total = sum(w for _, w in r) + gap * (len(r) - 1)
        x = rect.left + (rect.width - total) // 2
        for b, w in r:
            b.layout(ctx, pygame.Rect(x, y, w, h))
            x += w + gap
        y += h + gap
    return max(0, y - gap - rect.top)


def scaled_thumbnail(surface: pygame.Surface, width: int) -> pygame.Surface:
    """A smooth-scaled copy `width` pixels wide keeping the aspect ratio (save thumbnails)."""
    w, h = surface.get_size()
    width = max(1, width)
    height = max(1, round(h * width / max(1, w)))
    src = surface
    if src.get_bitsize() < 24:
        src = src.convert(24) if pygame.display.get_surface() is not None else src
    # Halving first keeps smoothscale's box filter from aliasing on 4K frames.
    while src.get_width() >= 4 * width:
        src = pygame.transform.smoothscale(src, (src.get_width() // 2, src.get_height() // 2))
    return pygame.transform.smoothscale(src, (width, height))
