"""Reading matter in a column: empty room, paragraphs, history lines and key rows."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from ..draw import draw_panel
from ..text_layout import TextBlock
from ..theme import Color, Role, TextStyle, ensure_contrast
from .base import Arranged, LaidText, UIContext, Widget


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
    """Wrapped text in one style; `colour` is a palette role so themes can switch."""

    focusable = False

    def __init__(
        self,
        text: str,
        style: TextStyle = TextStyle.BODY,
        *,
        colour: Role = Role.BODY_TEXT,
        align: str = "left",
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.colour = colour
        self.align = align
        self._laid = LaidText()

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
        block = self._laid.block
        if block is None:
            return
        colour = self._context().theme.palette.rgb(self.colour)
        self._draw_text(surface, self.style, block, colour, self.rect.topleft)


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
        self._name = LaidText()
        self._text = LaidText()

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
            self._draw_text(surface, self._name_style, name, colour, (x, y))
            y += name.height
        style = TextStyle.BUTTON if self.choice else TextStyle.BODY
        self._draw_text(surface, style, text, p.body_text, (x, y))


class KeyRow(Arranged):
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
        self._action = LaidText()
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
            self._draw_text(surface, TextStyle.LABEL, block, p.body_text, self._text_at)
