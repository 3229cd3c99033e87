"""The dialogue text box: a panel with a name plate, paginated text and a typewriter."""

from __future__ import annotations

import pygame

from ..draw import draw_panel, draw_triangle
from ..text_layout import Page, TextBlock, draw_lines, layout_text, paginate
from ..theme import Color, TextStyle
from .base import UIContext, Widget


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
        self._inner = pygame.Rect(0, 0, 0, 0)
        self.cue = True  # the "go on" arrow; off while choices show (the keys do not go on)
        self.caption = False  # at a choice short of room: the line's end, small and tight

    @staticmethod
    def plate_height(ctx: UIContext) -> int:
        """Height of the name plate (reserved even for narration, so the box never jumps)."""
        return ctx.line_height(TextStyle.NAME) + 2 * ctx.metrics.text_px(ctx.theme.spacing.sm)

    @classmethod
    def plate_room(cls, ctx: UIContext) -> int:
        """Height the name plate takes above the box, with its gap."""
        return cls.plate_height(ctx) + ctx.metrics.px(ctx.theme.spacing.sm)

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
            # The next page shows whole: the typewriter greets a new line, not a page turn.
            self.page_index += 1
            self._revealed = float(self.page.end)
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
        return box_pads(ctx, caption=self.caption)

    @property
    def style(self) -> TextStyle:
        """The text's style: body text, or small type for a caption."""
        return TextStyle.SMALL if self.caption else TextStyle.BODY

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
        font = ctx.font(self.style)
        lh = ctx.line_height(self.style)
        self.block = layout_text(self.text, font, max(1, inner.width), line_height=lh)
        pages = self.block.paginate(inner.height)
        if len(pages) > 1:
            # Several pages: keep a footer line free for the "page 1 of 3" hint.
            footer = ctx.line_height(TextStyle.SMALL)
            pages = sentence_pages(self.block, max(lh, inner.height - footer))
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
            ctx.font(self.style),
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
        if self.cue and not self.revealing:
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
            name = ellipsize(font, self.speaker or "", clip.width, colour)
        surface.blit(name, name.get_rect(midleft=(clip.left, plate.centery)))


def box_pads(ctx: UIContext, *, caption: bool = False) -> tuple[int, int]:
    """The text box's (x, y) padding; a caption's is tight above and below."""
    sp = ctx.theme.spacing
    return ctx.pads(sp.xl, sp.xs if caption else sp.lg)


def ellipsize(font: pygame.font.Font, text: str, width: int, colour: Color) -> pygame.Surface:
    """Render `text` cut with "…" to fit `width` (only for names longer than the whole box)."""
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return font.render(text + "…", True, colour)


SENTENCE_ENDS = (".", "!", "?", "…", ".”", "!”", "?”", "…”", '."', '!"', '?"', ":", ";")


def sentence_pages(block: TextBlock, height: int) -> tuple[Page, ...]:
    """Pages of at most `height`, each ending after a line that ends a sentence where one does
    in the page's lower half (a page is not cut to less than half to keep a sentence whole)."""
    per_page = max(1, height // max(1, block.line_height))
    lines = block.lines
    pages: list[Page] = []
    start = 0
    while start < len(lines):
        end = min(len(lines), start + per_page)
        if end < len(lines):
            ends = [
                i + 1
                for i in range(start + max(1, per_page // 2) - 1, end)
                if lines[i].text.rstrip().endswith(SENTENCE_ENDS) or not lines[i].text
            ]
            if ends:
                end = ends[-1]
        pages += paginate(lines[start:end], block.line_height, height)
        start = end
    return tuple(pages)
