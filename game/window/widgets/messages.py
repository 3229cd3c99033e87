"""Text messages drawn as a phone's thread: an opaque phone with the other person's name at the
top, their bubbles on the left with name and time, yours on the right in the accent colour with
time and status ("Read 19:02"), a draft outlined and marked "Draft, not sent", and a photo as a
flat picture placeholder above its words. While `typing` is set, the newest message (the other
person's) shows as a small bubble of three pulsing dots in its place: nothing else moves when
it arrives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from ..draw import draw_panel
from ..text_layout import TextBlock, draw_lines, layout_text
from ..theme import Color, Palette, TextStyle, composite, ensure_contrast, parse_hex
from .base import UIContext

if TYPE_CHECKING:  # annotations only: the title screen starts without the game's runner
    from game.engine.runner import Line

# A bubble is at most this share of the thread's width (so whose side it is stays clear) and
# at most BUBBLE_MAX reference pixels wide (so a wide window does not make long lines).
BUBBLE_SHARE = 0.8
BUBBLE_MAX = 500
PHOTO_RATIO = 0.5
TEXT_CONTRAST = 7.0  # AAA: the phone is read from the back of a classroom too
EARLIER = "Earlier messages are in the History."
THEIR_TINT = 44  # how much of the text colour tints the other person's bubbles (of 255)
DOT_STEP = 0.25  # seconds each of the three typing dots stays the bright one


@dataclass(frozen=True)
class Placed:
    """One message laid out: its bubble, the photo placeholder, the text and the small line
    under the bubble (who, when, what became of it)."""

    line: Line
    bubble: pygame.Rect
    text: TextBlock
    text_at: tuple[int, int]
    photo: pygame.Rect | None
    caption: str
    caption_rect: pygame.Rect

    @property
    def text_rect(self) -> pygame.Rect:
        """Where the words are drawn."""
        width = max((ln.width for ln in self.text.lines), default=0)
        return pygame.Rect(self.text_at, (width, self.text.height))


def phone_rect(
    ctx: UIContext, size: tuple[int, int], band: pygame.Rect, bottom: int
) -> pygame.Rect:
    """Where the scene puts the phone: a centred column from under the quick buttons' `band`
    down to `bottom`, wide enough to cover the phone drawn in the phone pictures."""
    m = ctx.metrics
    top = band.bottom + m.px(ctx.theme.spacing.sm)
    width = min(size[0] - 2 * m.margin, max(size[0] * 9 // 20, m.text_px(600)))
    return pygame.Rect((size[0] - width) // 2, top, width, max(1, bottom - top))


def caption(line: Line) -> str:
    """The small line under a bubble: who and when (theirs), status and time (yours)."""
    if line.draft:
        return "Draft, not sent"
    if line.mine:
        status = line.status.capitalize() if line.status else None
        return " ".join(part for part in (status, line.time) if part)
    return " · ".join(part for part in (line.name, line.time) if part)


def contact(lines: Sequence[Line]) -> Line | None:
    """The other person in the thread (the first message not yours), for the phone's top."""
    return next((line for line in lines if not line.mine), None)


class MessageThread:
    """The phone on screen: laid out from the bottom (newest) up; older messages that do not
    fit are left off the top, as a phone scrolls. `fits` is false when not even the newest
    message fits whole (the scene then shows it in the text box instead)."""

    def __init__(self) -> None:
        self.lines: tuple[Line, ...] = ()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.header = pygame.Rect(0, 0, 0, 0)
        self.placed: list[Placed] = []
        self.earlier: pygame.Rect | None = None  # the note that older messages are left off
        self.fits = False
        self.typing: float | None = None  # seconds the typing dots have shown; None: no dots
        self.typing_for = 0.0  # how long the dots show before the message
        self._ctx: UIContext | None = None

    def layout(self, ctx: UIContext, rect: pygame.Rect, lines: Sequence[Line]) -> None:
        """Lay `lines` out in the phone `rect`: with the name at the top when there is room,
        without it when that is what lets the newest message show whole."""
        self._ctx, self.rect, self.lines = ctx, pygame.Rect(rect), tuple(lines)
        m, sp = ctx.metrics, ctx.theme.spacing
        header_h = round(ctx.line_height(TextStyle.LABEL) * 1.4) + 2 * m.text_px(sp.xs)
        # Room is given up step by step: the name at the top, then the other side's margin.
        for with_header, share in ((True, BUBBLE_SHARE), (False, BUBBLE_SHARE), (False, 1.0)):
            height = min(header_h, rect.height) if with_header else 0
            self.header = pygame.Rect(rect.x, rect.y, rect.width, height)
            self._fill_below(self.header.bottom, share)
            if self.fits:
                return

    def _fill_below(self, top: int, share: float) -> None:
        """Fill the phone under `top` with the newest messages that fit, and say where the
        older ones went when some are left off."""
        ctx = self._ctx
        assert ctx is not None
        m, sp, rect = ctx.metrics, ctx.theme.spacing, self.rect
        pad = m.text_px(sp.sm)
        area = pygame.Rect(rect.x + pad, top + pad, rect.width - 2 * pad, 0)
        area.height = max(0, rect.bottom - pad - area.top)
        self.earlier = None
        self.placed = self._fill(area, share)
        if len(self.placed) < len(self.lines):
            note = ctx.line_height(TextStyle.SMALL) + m.text_px(sp.xs)
            below = pygame.Rect(area.x, area.y + note, area.width, area.height - note)
            fewer = self._fill(below, share)
            if fewer and fewer[0].line is self.lines[-1]:
                self.earlier = pygame.Rect(area.left, area.top, area.width, note)
                self.placed = fewer
        self.fits = bool(self.placed) and self.placed[0].line is self.lines[-1]

    def _fill(self, area: pygame.Rect, share: float) -> list[Placed]:
        """The newest messages that fit whole in `area`, newest first, from its bottom up."""
        ctx = self._ctx
        assert ctx is not None
        m, sp = ctx.metrics, ctx.theme.spacing
        most = m.text_px(BUBBLE_MAX) if share < 1 else area.width
        width = max(1, min(int(area.width * share), most))
        small_h = ctx.line_height(TextStyle.SMALL)
        placed: list[Placed] = []
        y, later = area.bottom, None
        for line in reversed(self.lines):
            if later is not None:
                # A new sender gets more room above it than a run of one person's messages.
                y -= m.text_px(sp.md) if later.mine != line.mine else m.text_px(sp.xs)
            size, text, photo_h = self._measure(line, width)
            top = y - small_h - size[1]
            if top < area.top:
                break
            x = area.right - size[0] if line.mine else area.left
            placed.append(self._place(line, pygame.Rect((x, top), size), text, photo_h))
            y, later = top, line
        return placed

    def _measure(self, line: Line, width: int) -> tuple[tuple[int, int], TextBlock, int]:
        """A bubble's size for `line` at most `width` wide, its words, and its photo's height."""
        ctx = self._ctx
        assert ctx is not None
        bx, by = ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)
        font, lh = ctx.font(TextStyle.BODY), ctx.line_height(TextStyle.BODY)
        text = layout_text(line.text, font, width - 2 * bx, line_height=lh)
        used = max((ln.width for ln in text.lines), default=0)
        # A photo is a landscape snapshot, never taller than three lines of words.
        photo_h = min(round((width - 2 * bx) * PHOTO_RATIO), 3 * lh) if line.photo else 0
        if photo_h:
            used = width - 2 * bx  # a photo takes the bubble's full width
            photo_h += by
        return (used + 2 * bx, text.height + photo_h + 2 * by), text, photo_h

    def _place(self, line: Line, bubble: pygame.Rect, text: TextBlock, photo_h: int) -> Placed:
        """The bubble's parts at their places: photo, words, and the caption beneath."""
        ctx = self._ctx
        assert ctx is not None
        bx, by = ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)
        photo = None
        if photo_h:
            photo = pygame.Rect(bubble.x + bx, bubble.y + by, bubble.width - 2 * bx, photo_h - by)
        words = caption(line)
        small = ctx.font(TextStyle.SMALL)
        cap = pygame.Rect((0, bubble.bottom), small.size(words) if words else (0, 0))
        cap.height = ctx.line_height(TextStyle.SMALL)
        if line.mine:
            cap.right = bubble.right
        else:
            cap.left = bubble.left
        return Placed(
            line, bubble, text, (bubble.x + bx, bubble.y + by + photo_h), photo, words, cap
        )

    # --- typing dots -----------------------------------------------------------------------------

    def start_typing(self, seconds: float) -> None:
        """Show the newest message as typing dots for `seconds` (none when 0)."""
        self.typing_for = seconds
        self.typing = 0.0 if seconds > 0 else None

    def stop_typing(self) -> bool:
        """Show the newest message now; False when it was not being typed."""
        typing, self.typing = self.typing, None
        return typing is not None

    def tick(self, dt: float) -> bool:
        """Move the dots on by `dt` seconds (the message shows when time is up); True: redraw."""
        if self.typing is None or dt <= 0:
            return False
        self.typing += dt
        if self.typing >= self.typing_for:
            self.typing = None
        return True

    # --- drawing --------------------------------------------------------------------------------

    def ground(self) -> Color:
        """The phone's screen colour (opaque, whatever picture is behind it)."""
        assert self._ctx is not None
        p = self._ctx.theme.palette
        return composite(p.panel, p.window)

    def draw(self, surface: pygame.Surface) -> None:
        """The phone, the name at its top, the bubbles and their captions."""
        ctx = self._ctx
        if ctx is None or not self.placed:
            return
        p, m = ctx.theme.palette, ctx.metrics
        ground = self.ground()
        draw_panel(surface, self.rect, ground, m.radius * 2, p.panel_edge, m.border)
        if self.header.height:
            self._draw_header(surface, ground)
        muted = ensure_contrast(p.muted_text, ground, 4.5)
        small, font = ctx.font(TextStyle.SMALL), ctx.font(TextStyle.BODY)
        if self.earlier is not None:
            note = small.render(EARLIER, True, muted)
            surface.blit(note, note.get_rect(midtop=self.earlier.midtop))
        for item in self.placed:
            fill, ink = bubble_colours(p, item.line, ground)
            if self.typing is not None and item is self.placed[0] and not item.line.mine:
                self._draw_typing(surface, item, fill, ink, muted)
                continue
            radius = min(m.radius * 2, item.bubble.height // 2)
            if item.line.draft:
                draw_panel(surface, item.bubble, fill, radius, p.accent, max(2, m.border * 2))
            elif item.line.mine:
                draw_panel(surface, item.bubble, fill, radius)
            else:
                draw_panel(surface, item.bubble, fill, radius, p.panel_edge, m.border)
            if item.photo is not None:
                self._draw_photo(surface, item.photo, fill, ink)
            lh = ctx.line_height(TextStyle.BODY)
            draw_lines(surface, font, item.text.lines, ink, item.text_at, line_height=lh)
            if item.caption:
                image = small.render(item.caption, True, muted)
                rect = item.caption_rect
                surface.blit(image, (rect.x, rect.y + (rect.height - image.get_height()) // 2))

    def typing_bubble(self, item: Placed) -> pygame.Rect:
        """The dots' bubble: one line high and three dots wide, where `item`'s bubble ends."""
        ctx = self._ctx
        assert ctx is not None
        bx, by = ctx.pads(ctx.theme.spacing.md, ctx.theme.spacing.sm)
        lh = ctx.line_height(TextStyle.BODY)
        rect = pygame.Rect(0, 0, 2 * bx + 2 * lh, 2 * by + lh)
        rect.bottomleft = item.bubble.bottomleft
        return rect

    def _draw_typing(
        self, surface: pygame.Surface, item: Placed, fill: Color, ink: Color, muted: Color
    ) -> None:
        """Three dots in a bubble, one brighter in turn, and "Name is typing" beneath."""
        ctx = self._ctx
        assert ctx is not None and self.typing is not None
        p, m = ctx.theme.palette, ctx.metrics
        rect = self.typing_bubble(item)
        draw_panel(surface, rect, fill, min(m.radius * 2, rect.height // 2), p.panel_edge, m.border)
        bright = int(self.typing / DOT_STEP) % 3
        dim = composite((*ink, 110), fill)
        r = max(2, ctx.line_height(TextStyle.BODY) // 6)
        for n in range(3):
            x = rect.centerx + (n - 1) * 3 * r
            pygame.draw.circle(surface, ink if n == bright else dim, (x, rect.centery), r)
        who = item.line.name or "They"
        image = ctx.font(TextStyle.SMALL).render(f"{who} is typing…", True, muted)
        surface.blit(image, (rect.x, item.caption_rect.y))

    def _draw_header(self, surface: pygame.Surface, ground: Color) -> None:
        """The other person's initial in a coloured circle and their name, over a hairline."""
        ctx = self._ctx
        assert ctx is not None
        p, m = ctx.theme.palette, ctx.metrics
        who = contact(self.lines)
        name = who.name if who is not None and who.name else "Messages"
        label = ctx.font(TextStyle.LABEL)
        ink = ensure_contrast(p.body_text, ground, TEXT_CONTRAST)
        x = self.rect.x + m.text_px(ctx.theme.spacing.md)
        cy = self.header.centery
        if who is not None:
            colour = parse_hex(who.color) if who.color else p.accent
            colour = ensure_contrast(colour, ground, 3.0)
            r = ctx.line_height(TextStyle.LABEL) * 3 // 4
            pygame.draw.circle(surface, colour, (x + r, cy), r)
            letter = label.render(name[:1].upper(), True, ensure_contrast(p.window, colour, 4.5))
            surface.blit(letter, letter.get_rect(center=(x + r, cy)))
            x += 2 * r + m.text_px(ctx.theme.spacing.sm)
        image = label.render(name, True, ink)
        surface.blit(image, (x, cy - image.get_height() // 2))
        edge = composite(p.panel_edge, ground)
        y = self.header.bottom - 1
        pygame.draw.line(surface, edge, (self.rect.x, y), (self.rect.right - 1, y), m.border)

    def _draw_photo(
        self, surface: pygame.Surface, rect: pygame.Rect, fill: Color, ink: Color
    ) -> None:
        """A flat snapshot placeholder: a sky, a sun and two hills, with the word "Photo"."""
        ctx = self._ctx
        assert ctx is not None
        sky = composite((*ink, 40), fill)
        pygame.draw.rect(surface, sky, rect)  # square, so the hills meet its corners
        far, near = composite((*ink, 90), fill), composite((*ink, 150), fill)
        x, y, w, h = rect
        pygame.draw.circle(surface, near, (x + w * 3 // 4, y + h // 3), max(2, h // 8))
        pygame.draw.polygon(
            surface, far, [(x, y + h), (x + w * 2 // 5, y + h // 2), (x + w * 4 // 5, y + h)]
        )
        pygame.draw.polygon(
            surface,
            near,
            [
                (x + w // 3, y + h),
                (x + w * 2 // 3, y + h * 3 // 5),
                (x + w, y + h * 4 // 5),
                (x + w, y + h),
            ],
        )
        small = ctx.font(TextStyle.SMALL)
        word = small.render("Photo", True, ensure_contrast(ink, sky, 4.5))
        inset = ctx.metrics.text_px(ctx.theme.spacing.sm)
        surface.blit(word, (x + inset, y + inset))


def bubble_colours(p: Palette, line: Line, ground: Color) -> tuple[Color, Color]:
    """A bubble's fill and its text colour (text always reaches AAA contrast on it)."""
    if line.draft:
        return ground, ensure_contrast(p.body_text, ground, TEXT_CONTRAST)
    if line.mine:
        return p.accent, ensure_contrast(p.window, p.accent, TEXT_CONTRAST)
    fill = composite((*p.body_text, THEIR_TINT), ground)
    return fill, ensure_contrast(p.body_text, fill, TEXT_CONTRAST)
