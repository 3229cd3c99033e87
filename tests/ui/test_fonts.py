"""Every character the story and the interface use has a real glyph in every bundled font."""

from __future__ import annotations

import string
from pathlib import Path

import pygame
import pygame.freetype
import pytest

from game.window.assets import SHIPPED_ASSETS
from game.window.fonts import FALLBACK_FONTS
from game.window.theme import FACES

FONT_DIR = SHIPPED_ASSETS / "fonts"
SCENES = Path(__file__).resolve().parents[2] / "scenes"
FALLBACK_FILES = sorted(FONT_DIR / "fallback" / name for name in FALLBACK_FONTS)
# The theme's own faces; the fallbacks only draw what these lack, so they are checked apart.
FONT_FILES = sorted(
    p
    for p in FONT_DIR.iterdir()
    if p.suffix.lower() in (".otf", ".ttf") and p not in FALLBACK_FILES
)

# What the interface itself writes, plus the typography authors are told to use.
REQUIRED = (
    string.ascii_letters
    + string.digits
    + string.punctuation
    + " ’‘“”—–…é"
    + "àâäçèêëîïôöùûüÿñœæÀÂÇÉÈÊÎÔÙÛŒÆ«»‹›·•×€£°§©"
)


def story_characters() -> set[str]:
    """Every printable character in the shipped story files (read raw: no loader needed)."""
    chars: set[str] = set()
    for path in sorted(SCENES.rglob("*.yaml")) + sorted(SCENES.rglob("*.yml")):
        chars.update(ch for ch in path.read_text(encoding="utf-8") if ch.isprintable())
    chars.discard(" ")
    return chars


def missing_glyphs(font_path: Path, chars: str | set[str]) -> list[str]:
    """Characters with no glyph in the font.

    `pygame.font.Font.metrics` cannot tell: SDL_ttf reports the .notdef box's metrics for a
    missing glyph. `pygame.freetype.Font.get_metrics` returns None for it, as documented.
    """
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    face = pygame.freetype.Font(str(font_path), 24)
    ordered = sorted(set(chars))
    metrics = face.get_metrics("".join(ordered))
    return [ch for ch, m in zip(ordered, metrics, strict=True) if m is None]


def test_the_glyph_check_detects_a_missing_glyph() -> None:
    # A CJK ideograph is in none of the bundled fonts: proves the check can fail.
    assert missing_glyphs(FONT_DIR / "Inter-Regular.otf", "a漢") == ["漢"]


@pytest.mark.parametrize("font_path", FONT_FILES, ids=lambda p: p.name)
def test_every_required_character_has_a_glyph(font_path: Path) -> None:
    assert missing_glyphs(font_path, REQUIRED) == []


@pytest.mark.parametrize("font_path", FONT_FILES, ids=lambda p: p.name)
def test_every_story_character_has_a_glyph(font_path: Path) -> None:
    assert missing_glyphs(font_path, story_characters()) == []


@pytest.mark.parametrize("font_path", FONT_FILES, ids=lambda p: p.name)
def test_font_loads_in_pygame_font(font_path: Path) -> None:
    font = pygame.font.Font(str(font_path), 20)
    assert font.size("Reconnect — “hello”…")[0] > 0


def test_theme_faces_all_exist() -> None:
    for faces in FACES.values():
        for name in faces.files():
            assert (FONT_DIR / name).is_file(), name


def test_each_font_has_its_licence_and_is_documented() -> None:
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    licences = {"Inter": "Inter-OFL.txt", "EBGaramond": "EBGaramond-OFL.txt"}
    licences["OpenDyslexic"] = "OpenDyslexic-LICENSE.txt"
    for path in FONT_FILES:
        assert path.name in readme, f"{path.name} is not listed in assets/fonts/README.md"
        family = next(k for k in licences if path.name.startswith(k))
        assert (FONT_DIR / licences[family]).is_file()
        assert licences[family] in readme


def test_fonts_stay_small() -> None:
    assert sum(p.stat().st_size for p in FONT_FILES) < 3 * 1024 * 1024
    assert sum(p.stat().st_size for p in FALLBACK_FILES) < 8 * 1024 * 1024


def test_fallback_fonts_have_their_licences_and_are_documented() -> None:
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    licences = {"Symbola.ttf": "Symbola-LICENSE.txt"}
    licences["DroidSansFallbackFull.ttf"] = "DroidSansFallback-LICENSE.txt"
    for path in FALLBACK_FILES:
        assert path.name in readme
        assert (FONT_DIR / "fallback" / licences[path.name]).is_file() and licences[
            path.name
        ] in readme
