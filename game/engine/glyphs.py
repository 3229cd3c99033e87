"""Which characters the bundled fonts can draw, read from glyphs.txt (made by a tool in tools/).

The engine never imports pygame, so the coverage is precomputed: each line of glyphs.txt is
`text|fallback FONT start-end ...`. A character is drawable when every text font has it, or
some fallback font does.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from pathlib import Path

COVERAGE_FILE = Path(__file__).with_name("glyphs.txt")


@dataclass(frozen=True)
class FontCoverage:
    """One font's code points as sorted inclusive ranges."""

    kind: str
    name: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def has(self, point: int) -> bool:
        """True when the font has a glyph for the code point."""
        i = bisect.bisect_right(self.starts, point) - 1
        return i >= 0 and point <= self.ends[i]


def parse_coverage(text: str) -> tuple[FontCoverage, ...]:
    """The fonts described by a glyphs.txt text."""
    fonts = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, *spans = line.split()
        pairs = [tuple(int(x, 16) for x in span.split("-")) for span in spans]
        fonts.append(
            FontCoverage(kind, name, tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))
        )
    return tuple(fonts)


@cache
def bundled_coverage() -> tuple[FontCoverage, ...]:
    """The shipped coverage (empty, so nothing is flagged, if the file is missing)."""
    try:
        return parse_coverage(COVERAGE_FILE.read_text(encoding="utf-8"))
    except OSError:
        return ()


def missing_fonts(char: str, fonts: tuple[FontCoverage, ...]) -> tuple[str, ...]:
    """The text fonts that cannot draw `char` (empty when it is drawable)."""
    point = ord(char)
    if any(f.kind == "fallback" and f.has(point) for f in fonts):
        return ()
    return tuple(f.name for f in fonts if f.kind == "text" and not f.has(point))


def undrawable(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(offset, character, fonts lacking it) for each character the fonts cannot draw."""
    if text.isascii():
        return []
    fonts = bundled_coverage()
    found = []
    for offset, char in enumerate(text):
        if ord(char) < 0x80 or char in "\n\t":
            continue
        lacking = missing_fonts(char, fonts)
        if lacking:
            found.append((offset, char, lacking))
    return found
