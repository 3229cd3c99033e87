"""Word wrapping and pagination: text in, lines and pages that fit a box out.

Layout only measures (through anything with pygame's `Font.size`), so it is deterministic and
unit-tested headless. Every line carries its character range in the laid-out text, which is what
the typewriter reveal and the "no word lost" property rest on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import pygame


class Measurer(Protocol):
    """The part of `pygame.font.Font` that layout needs."""

    def size(self, text: str, /) -> tuple[int, int]: ...

    def get_linesize(self) -> int: ...

    def get_height(self) -> int: ...


# A line may break after these when a word follows (compound words, ranges, dashes).
_BREAK_AFTER = frozenset("-‐–—/")
# ... but never before these: closing punctuation stays with the word it follows.
_NO_BREAK_BEFORE = frozenset(",.;:!?)]}’”»…›-‐–—/%'\"")
_SPACES = " \t\u2009\u200a\u2002\u2003\u3000"
_NBSP = "\u00a0\u202f"
# Candidate lines longer than this many characters are bounded before they are measured.
_PROBE = 64


@dataclass(frozen=True)
class Line:
    """One laid-out line: `text == block.text[start:end]`, drawn at (x, y) in the block."""

    text: str
    start: int
    end: int
    x: int
    y: int
    width: int


@dataclass(frozen=True)
class Page:
    """A run of lines that fits the box; line positions are relative to the page's top."""

    lines: tuple[Line, ...]
    start: int  # first character index in the block's text
    end: int  # one past the last character index
    height: int


@dataclass(frozen=True)
class TextBlock:
    """Text wrapped into a width: its lines (y from 0) and the line height used."""

    text: str
    lines: tuple[Line, ...]
    line_height: int
    width: int

    @property
    def height(self) -> int:
        """Total height of all lines."""
        return len(self.lines) * self.line_height

    def paginate(self, box_height: int) -> tuple[Page, ...]:
        """Split into pages no taller than `box_height` (at least one line per page)."""
        return paginate(self.lines, self.line_height, box_height)


# Characters that draw nothing on their own: marks, format controls, separators, controls.
_INVISIBLE = frozenset({"Mn", "Me", "Cf", "Cc", "Cs", "Cn", "Zs", "Zl", "Zp"})


def has_visible(text: str) -> bool:
    """True when `text` has at least one character that draws something by itself."""
    return any(unicodedata.category(ch) not in _INVISIBLE for ch in text)


def normalise(text: str) -> str:
    """Unify newlines, turn tabs and odd spaces into plain spaces, and collapse runs of spaces.

    Non-breaking spaces are kept: authors use them to glue words ("Dr.\u00a0Lee").
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = [w for w in _split_spaces(paragraph) if w]
        out.append(" ".join(words))
    return "\n".join(out)


def _split_spaces(paragraph: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for ch in paragraph:
        if ch in _SPACES:
            words.append("".join(current))
            current = []
        else:
            current.append(ch)
    words.append("".join(current))
    return words


def _break_points(paragraph: str) -> list[int]:
    """Indices where a line may end (exclusive end of the line's text), in order."""
    points: list[int] = []
    n = len(paragraph)
    for i in range(1, n):
        prev, ch = paragraph[i - 1], paragraph[i]
        if ch == " ":
            points.append(i)  # end before the space
        elif prev in _BREAK_AFTER and ch not in _NO_BREAK_BEFORE and not ch.isspace():
            # "well-known" may break after the hyphen, but not "-5" at a word's start.
            before = paragraph[i - 2] if i >= 2 else " "
            if before != " " and ch not in _NBSP:
                points.append(i)
    points.append(n)
    return points


def _grapheme_ends(text: str, start: int, end: int) -> Iterator[int]:
    """Positions in (start, end] that do not split a letter from its combining marks."""
    for i in range(start + 1, end + 1):
        if i == end or not unicodedata.combining(text[i]):
            yield i


def _overflow_at(font: Measurer, text: str, start: int, end: int, width: int) -> int:
    """An index whose text from `start` is wider than `width` (doubling the span each try,
    so it costs about one line's length), or `end + 1` when everything up to `end` fits."""
    limit = start + 1
    while font.size(text[start:limit])[0] <= width:
        if limit >= end:
            return end + 1
        limit = min(end, start + 2 * (limit - start))
    return limit


def _fit_chars(font: Measurer, text: str, start: int, end: int, width: int) -> int:
    """The furthest grapheme boundary after `start` whose text fits `width` (at least one).

    Only the span up to where the text overflows is searched, so the cost follows the length
    of one line, not of the whole unbroken word (a 100,000-letter label stays fast).
    """
    limit = min(end, _overflow_at(font, text, start, end, width))
    while limit < end and unicodedata.combining(text[limit]):
        limit += 1  # never cut a letter from its marks
    ends = list(_grapheme_ends(text, start, limit))
    lo, hi = 0, len(ends) - 1
    i = 0  # a single glyph wider than the box still has to go somewhere
    while lo <= hi:
        mid = (lo + hi) // 2
        if font.size(text[start : ends[mid]])[0] <= width:
            i = mid
            lo = mid + 1
        else:
            hi = mid - 1
    best = ends[i]
    # Do not start the next line with closing punctuation ("…", "”") when a letter can move too.
    while i > 0 and best < end and text[best] in _NO_BREAK_BEFORE:
        i -= 1
        best = ends[i]
    return best


def _skip_spaces(text: str, i: int, end: int) -> int:
    while i < end and text[i] == " ":
        i += 1
    return i


def wrap_paragraph(
    font: Measurer, text: str, start: int, end: int, width: int
) -> list[tuple[int, int]]:
    """Greedy wrap of `text[start:end]` (no newlines) into (line start, line end) ranges."""
    paragraph = text[start:end]
    if not paragraph.strip(" "):
        return [(start, start)]
    points = [start + p for p in _break_points(paragraph)]
    ranges: list[tuple[int, int]] = []
    line_start = _skip_spaces(text, start, end)
    k = 0  # index into points: candidates at or after line_start
    while line_start < end:
        while k < len(points) and points[k] <= line_start:
            k += 1
        fit = None
        j = k
        ceiling = end + 1  # a candidate line ending here or later cannot fit
        # Take break points while the line still fits: measure the whole candidate line
        # (not word by word) so kerning and ligatures are accounted for.
        while j < len(points):
            candidate_end = points[j]
            if candidate_end - line_start > _PROBE and ceiling > end:
                # A long candidate (an unbroken label) is bounded first, so each line costs
                # about its own length to measure, not the rest of the paragraph's.
                ceiling = _overflow_at(font, text, line_start, end, width)
            if candidate_end >= ceiling:
                break
            if font.size(text[line_start:candidate_end].rstrip(" "))[0] <= width:
                fit = candidate_end
                j += 1
            else:
                break
        if fit is None:
            # Not even the first word fits: break it between letters.
            stop = points[k] if k < len(points) else end
            fit = _fit_chars(font, text, line_start, stop, width)
        line_end = fit
        while line_end > line_start and text[line_end - 1] == " ":
            line_end -= 1
        ranges.append((line_start, line_end))
        line_start = _skip_spaces(text, fit, end)
    return ranges


def layout_text(
    text: str,
    font: Measurer,
    width: int,
    *,
    line_height: int | None = None,
    align: str = "left",
) -> TextBlock:
    """Wrap `text` into lines no wider than `width` (explicit newlines start new lines).

    `line_height` defaults to the font's own line size; `align` is "left", "center" or "right".
    """
    if align not in ("left", "center", "right"):
        raise ValueError(f"align must be left, center or right, not {align!r}")
    width = max(1, int(width))
    norm = normalise(text)
    lh = line_height if line_height is not None else font.get_linesize()
    lh = max(lh, 1)
    lines: list[Line] = []
    offset = 0
    for paragraph in norm.split("\n"):
        p_end = offset + len(paragraph)
        for s, e in wrap_paragraph(font, norm, offset, p_end, width):
            piece = norm[s:e]
            w = font.size(piece)[0] if piece else 0
            if align == "center":
                x = max(0, (width - w) // 2)
            elif align == "right":
                x = max(0, width - w)
            else:
                x = 0
            lines.append(Line(piece, s, e, x, len(lines) * lh, w))
        offset = p_end + 1  # past the newline
    return TextBlock(norm, tuple(lines), lh, width)


def paginate(lines: Sequence[Line], line_height: int, box_height: int) -> tuple[Page, ...]:
    """Group lines into pages of at most `box_height` pixels (at least one line per page).

    Blank lines (paragraph gaps) are dropped at the top of a page, where they would look like
    a mistake.
    """
    per_page = max(1, box_height // max(1, line_height))
    pages: list[Page] = []
    current: list[Line] = []

    def flush() -> None:
        if not current:
            return
        first = current[0]
        placed = tuple(
            Line(ln.text, ln.start, ln.end, ln.x, i * line_height, ln.width)
            for i, ln in enumerate(current)
        )
        pages.append(Page(placed, first.start, current[-1].end, len(current) * line_height))
        current.clear()

    for line in lines:
        if not current and not line.text and pages:
            continue
        current.append(line)
        if len(current) == per_page:
            flush()
    flush()
    if not pages:
        pages.append(Page((), 0, 0, 0))
    return tuple(pages)


def visible_text(line: Line, revealed: int | None) -> str:
    """The part of `line` shown when the first `revealed` characters of the text are out."""
    if revealed is None or revealed >= line.end:
        return line.text
    return line.text[: max(0, revealed - line.start)]


def draw_lines(
    surface: pygame.Surface,
    font: pygame.font.Font,
    lines: Sequence[Line],
    colour: tuple[int, int, int],
    origin: tuple[int, int],
    *,
    line_height: int,
    revealed: int | None = None,
    cache: dict[tuple[str, tuple[int, int, int]], pygame.Surface] | None = None,
) -> None:
    """Draw lines at `origin`, each centred in its line height; `revealed` cuts the typewriter.

    `cache` (owned by the caller, cleared when the font changes) keeps fully shown lines as
    surfaces so an idle screen redraw renders no glyphs.
    """
    ox, oy = origin
    pad = (line_height - font.get_height()) // 2
    for line in lines:
        shown = visible_text(line, revealed)
        if not shown:
            continue
        key = (shown, colour)
        image = cache.get(key) if cache is not None else None
        if image is None:
            image = font.render(shown, True, colour)
            if cache is not None and shown == line.text:
                cache[key] = image
        surface.blit(image, (ox + line.x, oy + line.y + pad))
