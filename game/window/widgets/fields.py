"""A labelled one-line text entry."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ..draw import clipped, draw_panel
from ..text_layout import has_visible
from ..theme import TextStyle
from .base import (
    CHANGED,
    HANDLED,
    IGNORED,
    EventResult,
    LaidText,
    UIContext,
    Widget,
    button_colours,
    event_pos,
    is_left,
)


class TextField(Widget):
    """A labelled one-line text entry: typed text, a visible caret, Backspace/Delete, arrows,
    Home/End; Enter submits. Text wider than the box scrolls sideways to keep the caret in view.
    """

    wants_text = True
    uses_enter = True

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
        # A pre-filled value starts selected, so typing replaces it rather than adding to it.
        self.selected = bool(self.value)
        self._label = LaidText()
        self.box = pygame.Rect(0, 0, 0, 0)

    def _pads(self, ctx: UIContext) -> tuple[int, int]:
        return ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)

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
        value = self.value[: self.caret] + clean + self.value[self.caret :]
        # Only marks or joiners (U+FE0F, U+034F) draw nothing and cannot be rendered alone:
        # a name made of them would look empty, so they only ever join visible text.
        if not clean or not has_visible(value):
            return False
        self.value = value
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
            text = str(getattr(event, "text", ""))
            if self.selected and any(ch.isprintable() for ch in text):
                self._delete(0, len(self.value))
            self.selected = False
            return EventResult(True, self._insert(text))
        if event.type == pygame.KEYDOWN and self.focused:
            key, ctrl = event.key, bool(event.mod & pygame.KMOD_CTRL)
            if self.selected and key in (pygame.K_BACKSPACE, pygame.K_DELETE):
                self.selected = False
                return EventResult(True, self._delete(0, len(self.value)))
            if key == pygame.K_a and ctrl:
                self.selected = bool(self.value)
                return CHANGED
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
                if self.selected:
                    self.selected = False
                    self.caret = len(self.value)
                    return CHANGED
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
            return self._hover(event, self.box)
        if is_left(event, pygame.MOUSEBUTTONDOWN):
            pos = event_pos(event)
            if pos is not None and self.rect.collidepoint(pos):
                self.selected = False
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
        self._draw_text(surface, TextStyle.LABEL, label, p.body_text, self.rect.topleft)
        bg, fg = button_colours(p, lit=self.hovered or self.focused)
        # A focused field has a heavier edge even for mouse players: that is where typing goes.
        edge = p.focus if self.focused else p.button_edge
        width = max(2, m.border * 2) if self.focused else m.border
        draw_panel(surface, self.box, bg, m.radius, edge, width)
        font = ctx.font(TextStyle.BODY)
        pad_x, _ = self._pads(ctx)
        inner = self.box.inflate(-2 * pad_x, 0)
        offset = self._offset(ctx)
        lh = ctx.line_height(TextStyle.BODY)
        top = self.box.centery - lh // 2
        text_top = top + (lh - font.get_height()) // 2
        with clipped(surface, inner):
            marked = bool(self.value) and self.selected and self.focused
            if marked:
                # Selected text is shown inverted: readable in every theme, unlike a tint.
                width = font.size(self.value)[0]
                mark = pygame.Rect(inner.left - offset, text_top, width, font.get_height())
                pygame.draw.rect(surface, fg, mark)
            if has_visible(self.value):
                image = font.render(self.value, True, bg[:3] if marked else fg)
                surface.blit(image, (inner.left - offset, text_top))
            if self.focused:
                x = inner.left - offset + font.size(self.value[: self.caret])[0]
                caret = pygame.Rect(x, text_top, self._caret_width(ctx), font.get_height())
                pygame.draw.rect(surface, fg, caret)
        self._draw_focus(surface, self.box, marker=False)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """What a script may click: the field by its label."""
        return [(self.label, self.box)]
