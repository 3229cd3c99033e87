"""A font that draws the characters it lacks (emoji, symbols, CJK) with fallback fonts.

pygame's `Font` has no fallback of its own: a missing character becomes an empty box. This
subclass splits text into runs by which font has each glyph, so every caller that measures
with `size` and draws with `render` gets the fallbacks without knowing about them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pygame

# A code point no font draws: whatever metrics a font reports for it are its "missing" box.
_ABSENT = "\U0010fffd"
# Marks, joiners and variation selectors stay in the run of the character they modify.
_JOINING = frozenset({"Mn", "Me", "Cf"})
_MAX_KNOWN = 4096  # characters whose font is remembered, per font


def _glyph(font: pygame.font.Font, ch: str) -> tuple[int, int, int, int, int] | None:
    metrics = font.metrics(ch)
    return metrics[0] if metrics else None


class FallbackFont(pygame.font.Font):
    """`pygame.font.Font` whose `size` and `render` use `fallbacks` for glyphs it lacks."""

    def __init__(
        self, path: Path | None, px: int, fallbacks: tuple[pygame.font.Font, ...] = ()
    ) -> None:
        super().__init__(str(path) if path else None, px)
        self._chain: tuple[pygame.font.Font, ...] = (self, *fallbacks)
        self._missing = [_glyph(font, _ABSENT) for font in self._chain]
        self._owner: dict[str, int] = {}

    def _font_of(self, ch: str) -> int:
        """Index in the chain of the first font that has `ch` (0 when none has)."""
        known = self._owner.get(ch)
        if known is not None:
            return known
        found = 0
        for i, font in enumerate(self._chain):
            if _glyph(font, ch) != self._missing[i]:
                found = i
                break
        if len(self._owner) < _MAX_KNOWN:
            self._owner[ch] = found
        return found

    def runs(self, text: str) -> list[tuple[int, str]]:
        """`text` split into (font index, run) pieces; one piece when the font has it all."""
        if text.isascii() or len(self._chain) == 1:
            return [(0, text)]
        runs: list[tuple[int, str]] = []
        current, start = -1, 0
        for i, ch in enumerate(text):
            if current >= 0 and unicodedata.category(ch) in _JOINING:
                continue
            owner = self._font_of(ch)
            if owner != current:
                if i > start:
                    runs.append((current, text[start:i]))
                current, start = owner, i
        runs.append((max(current, 0), text[start:]))
        return runs

    def size(self, text: str | bytes, /) -> tuple[int, int]:
        """Width and height of `text` drawn with the fallbacks."""
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        runs = self.runs(text)
        if len(runs) == 1 and runs[0][0] == 0:
            return super().size(text)
        width = sum(pygame.font.Font.size(self._chain[i], run)[0] for i, run in runs)
        return width, self.get_height()

    def render(
        self,
        text: str | bytes | None,
        antialias: bool,
        color: pygame.typing.ColorLike,
        bgcolor: pygame.typing.ColorLike | None = None,
        wraplength: int = 0,
    ) -> pygame.Surface:
        """`text` drawn in one line, each run in the font that has its glyphs.

        Text with nothing to draw (only marks or joiners) gives an empty surface, not an error.
        """
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        text = text or ""
        runs = self.runs(text)
        if len(runs) == 1 and runs[0][0] == 0:
            try:
                return super().render(text, antialias, color, bgcolor, wraplength)
            except pygame.error:  # "Text has zero width"
                return pygame.Surface((0, self.get_height()), pygame.SRCALPHA)
        images: list[tuple[int, pygame.Surface]] = []
        for i, run in runs:
            try:
                image = pygame.font.Font.render(self._chain[i], run, antialias, color)
            except pygame.error:  # "Text has zero width"
                continue
            images.append((i, image))
        height = self.get_height()
        out = pygame.Surface((sum(img.get_width() for _, img in images), height), pygame.SRCALPHA)
        # Clear to the text's own colour at zero alpha, so blending keeps the glyph edges'
        # colour instead of darkening them towards transparent black.
        out.fill(pygame.Color(bgcolor) if bgcolor is not None else (*pygame.Color(color)[:3], 0))
        x, ascent = 0, self.get_ascent()
        for i, image in images:
            out.blit(image, (x, ascent - self._chain[i].get_ascent()))
            x += image.get_width()
        return out
