"""Cards: panels with a title, paragraphs, an optional picture, badge and stripe."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from ..draw import draw_panel, draw_triangle
from ..text_layout import TextBlock
from ..theme import RGBA, Color, Role, TextStyle
from .base import IGNORED, EventResult, LaidText, UIContext
from .buttons import Pressable


@dataclass(frozen=True)
class CardLine:
    """One paragraph in a card: its text, style and colour (muted or the card's own text)."""

    text: str
    style: TextStyle = TextStyle.LABEL
    colour: Role = Role.BODY_TEXT


class Card(Pressable):
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
        stripe: Role | None = None,
        warning: str | None = None,
        on_click: Callable[[], None] | None = None,
        enabled: bool = True,
        title_style: TextStyle = TextStyle.BUTTON,
    ) -> None:
        super().__init__(on_click, enabled=enabled)
        self.title = title
        self.lines = list(lines)
        self.image = image
        self.image_slot = image_slot or image is not None
        self.thumb_scale = 1.0  # smaller in a grid of cards, so the picture stays beside words
        self.badge = badge
        self.stripe = stripe
        self.warning = warning
        self.focusable = on_click is not None
        self.title_style = title_style
        self._parts: list[LaidText] = []
        self._geometry: tuple[pygame.Rect, pygame.Rect, list[tuple[int, TextBlock]]] | None = None

    # geometry
    def _pads(self, ctx: UIContext) -> tuple[int, int]:
        return ctx.pads(ctx.theme.spacing.lg, ctx.theme.spacing.md)

    def _thumb(self, ctx: UIContext) -> tuple[int, int]:
        w = ctx.metrics.text_px(ctx.theme.spacing.thumbnail_width * self.thumb_scale)
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
            self._parts.append(LaidText())
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
    def handle_event(self, event: pygame.event.Event) -> EventResult:
        """Like a button when it has an action; plain reading matter ignores events."""
        if self.on_click is None:
            return IGNORED
        return super().handle_event(event)

    # drawing
    def _ground(self) -> tuple[RGBA, Color, Color]:
        """(background, main text, secondary text) for the current state."""
        p = self._context().theme.palette
        if self.on_click is None:
            return p.panel, p.body_text, p.muted_text
        bg, fg = self._colours()
        # Pressed and disabled cards have one text colour; otherwise secondary text is muted.
        return bg, fg, fg if self.pressed or not self.enabled else p.muted_text

    def draw(self, surface: pygame.Surface) -> None:
        """Panel, stripe, picture, badge, texts, warning marker, focus ring."""
        ctx = self._context()
        m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
        if self._geometry is None:
            return
        picture, badge, blocks = self._geometry
        bg, fg, muted = self._ground()
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
            pygame.draw.rect(surface, p.rgb(self.stripe), bar, border_radius=bar.width // 2)
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
                colour = muted if self.lines[i - 1].colour is Role.MUTED_TEXT else fg
            x = x0
            if is_warning:
                size = max(4, ctx.font(TextStyle.LABEL).get_height() // 3)
                centre = (x + size, y + block.line_height // 2)
                draw_triangle(surface, centre, size, p.warning, "up")
                x += self._warn_indent(ctx)
            self._draw_text(surface, style, block, colour, (x, y))
        if self.on_click is not None:
            self._draw_focus(surface)

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
