"""A radio row: a labelled set of options shown as pills, exactly one selected; options may
show a picture above their words (the ex's looks on the questions page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from ..draw import draw_panel
from ..theme import RGBA, Color, TextStyle
from .base import (
    ACTIVATE_KEYS,
    CHANGED,
    HANDLED,
    IGNORED,
    LEAVE_EVENTS,
    REDRAW,
    EventResult,
    LaidText,
    UIContext,
    Widget,
    button_colours,
    event_pos,
    is_left,
    ring_room,
)

# An option's picture is this many button lines tall (so it grows with the reading size).
PICTURE_LINES = 4

Picture = Callable[[int, int], pygame.Surface | None]  # (option, height) -> image or None


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
        picture: Picture | None = None,
    ) -> None:
        super().__init__()
        if not options:
            raise ValueError("a radio row needs at least one option")
        self.label = label
        self.options = list(options)
        self.index = max(0, min(len(self.options) - 1, index))
        self.on_change = on_change
        self.picture = picture
        self.pills: list[pygame.Rect] = []
        self.hovered_pill: int | None = None
        self._pressed: int | None = None
        self._label = LaidText()

    def _dot(self, ctx: UIContext) -> int:
        return max(5, round(ctx.font(TextStyle.BUTTON).get_height() * 0.28))

    def _picture_height(self, ctx: UIContext, width: int) -> int:
        """Pictures as tall as PICTURE_LINES lines, or less so all options fit on one line."""
        if self.picture is None:
            return 0
        n = len(self.options)
        pad_x, _ = ctx.pads(ctx.theme.spacing.lg, ctx.theme.spacing.md)
        each = (width - (n - 1) * 2 * ring_room(ctx)) // n - 2 * pad_x
        return max(0, min(PICTURE_LINES * ctx.line_height(TextStyle.BUTTON), each * 5 // 4))

    def _arrange(self, ctx: UIContext, rect: pygame.Rect) -> tuple[int, list[pygame.Rect]]:
        """(height, pill rectangles) for the row laid into `rect`."""
        label = self._label.get(ctx, self.label, TextStyle.LABEL, rect.width)
        pad_x, pad_y = ctx.pads(ctx.theme.spacing.lg, ctx.theme.spacing.md)
        font = ctx.font(TextStyle.BUTTON)
        dot = self._dot(ctx)
        pic = self._picture_height(ctx, rect.width)
        h = ctx.line_height(TextStyle.BUTTON) + 2 * pad_y + pic
        gap = 2 * ring_room(ctx)
        x, y = rect.left, rect.top + label.height + ctx.metrics.text_px(ctx.theme.spacing.sm)
        y += ring_room(ctx)
        pills = []
        for text in self.options:
            w = font.size(text)[0] + 2 * pad_x + 2 * dot + pad_x // 2
            w = min(rect.width, max(w, pic * 4 // 5 + 2 * pad_x))  # portraits are 4:5
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
            over = self._pill_at(event_pos(event))
            if over != self.hovered_pill:
                self.hovered_pill = over
                return REDRAW
            return IGNORED
        if event.type in LEAVE_EVENTS:
            changed = self.hovered_pill is not None or self._pressed is not None
            self.hovered_pill = self._pressed = None
            return EventResult(False, changed)
        if is_left(event, pygame.MOUSEBUTTONDOWN):
            hit = self._pill_at(event_pos(event))
            if hit is not None:
                self._pressed = hit
                return CHANGED
        if is_left(event, pygame.MOUSEBUTTONUP):
            pressed, self._pressed = self._pressed, None
            hit = self._pill_at(event_pos(event))
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
        self._draw_text(surface, TextStyle.LABEL, label, p.body_text, self.rect.topleft)
        font = ctx.font(TextStyle.BUTTON)
        pad_x, pad_y = ctx.pads(ctx.theme.spacing.lg, ctx.theme.spacing.md)
        dot = self._dot(ctx)
        pic = self._picture_height(ctx, self.rect.width)
        for i, (pill, text) in enumerate(zip(self.pills, self.options, strict=True)):
            selected = i == self.index
            lit = selected or self.hovered_pill == i
            bg, fg = button_colours(p, lit=lit, pressed=self._pressed == i)
            edge: RGBA | Color = p.body_text if selected else p.button_edge
            draw_panel(surface, pill, bg, m.radius, edge, max(2, m.border * 2) if selected else 1)
            words_y = pill.centery + pic // 2
            if self.picture is not None:
                image = self.picture(i, pic)
                if image is not None:
                    surface.blit(image, image.get_rect(midtop=(pill.centerx, pill.top + pad_y)))
            centre = (pill.left + pad_x // 2 + dot + dot // 2, words_y)
            pygame.draw.circle(surface, fg, centre, dot, width=max(2, dot // 3))
            if selected:
                pygame.draw.circle(surface, fg, centre, max(2, dot // 2))
            image = font.render(text, True, fg)
            left = centre[0] + dot + pad_x // 2
            surface.blit(image, image.get_rect(midleft=(left, words_y)))
        if self.pills:
            self._draw_focus(surface, self.pills[self.index], marker=False)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Each option by its text."""
        return list(zip(self.options, self.pills, strict=False))
