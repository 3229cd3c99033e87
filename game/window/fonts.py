"""Loads the theme's fonts through the asset resolver and keeps one `Font` per file and size."""

from __future__ import annotations

import logging
from pathlib import Path

import pygame

from .assets import AssetResolver
from .fallback_font import FallbackFont
from .theme import STYLE_ROLE, FontFaces, FontRole, Metrics, TextStyle

log = logging.getLogger(__name__)

# Tried in order for characters the theme's font lacks: symbols and emoji (Symbola), then
# Chinese and Japanese (Droid Sans Fallback). Korean Hangul needs a font the story ships.
# They live in assets/fonts/fallback/, where tools/make_glyph_coverage.py also finds them, so
# `check` knows what they can draw.
FALLBACK_FONTS = ("Symbola.ttf", "DroidSansFallbackFull.ttf")
FALLBACK_DIR = "fallback"


class FontCache:
    """Hands out `pygame.font.Font` objects by role and pixel size, loading each only once.

    Resizing the window asks for many sizes in a row, so the cache is bounded: the oldest
    sizes are dropped once it holds `max_fonts`.
    """

    def __init__(self, assets: AssetResolver, *, max_fonts: int = 48) -> None:
        self.assets = assets
        self._max = max_fonts
        self._fonts: dict[tuple[Path | None, int], pygame.font.Font] = {}
        self._paths: dict[str, Path | None] = {}
        self._fallbacks: dict[int, tuple[pygame.font.Font, ...]] = {}

    def path_for(self, faces: FontFaces, role: FontRole) -> Path | None:
        """The file behind a role, or None when it is missing (pygame's default font is used)."""
        name = faces.file_for(role)
        if name not in self._paths:
            self._paths[name] = self.assets.font_path(name)
        return self._paths[name]

    def get(self, faces: FontFaces, role: FontRole, px: int) -> pygame.font.Font:
        """A font for `role` at `px` pixels."""
        if not pygame.font.get_init():
            pygame.font.init()
        path = self.path_for(faces, role)
        key = (path, max(1, int(px)))
        font = self._fonts.get(key)
        if font is None:
            if len(self._fonts) >= self._max:
                self._fonts.pop(next(iter(self._fonts)))
            # A missing bundled font should never stop the game: fall back to pygame's own.
            font = FallbackFont(path, key[1], self._fallbacks_at(key[1]))
            self._fonts[key] = font
        return font

    def _fallbacks_at(self, px: int) -> tuple[pygame.font.Font, ...]:
        """The fallback fonts at `px` pixels (those that are present), loaded once per size."""
        found = self._fallbacks.get(px)
        if found is None:
            if len(self._fallbacks) >= self._max:
                self._fallbacks.pop(next(iter(self._fallbacks)))
            paths = [self.assets.fallback_font_path(name) for name in FALLBACK_FONTS]
            found = tuple(pygame.font.Font(str(p), px) for p in paths if p is not None)
            self._fallbacks[px] = found
        return found

    def style(self, metrics: Metrics, style: TextStyle) -> pygame.font.Font:
        """The font for a text style at the metrics' size."""
        return self.get(metrics.faces, STYLE_ROLE[style], metrics.font_px(style))

    def line_height(self, metrics: Metrics, style: TextStyle) -> int:
        """Comfortable line height for a text style (the font's own plus the faces' leading)."""
        font = self.style(metrics, style)
        return max(font.get_height(), round(font.get_linesize() * metrics.faces.line_spacing))
