"""game/engine/glyphs.txt matches the bundled fonts, and the check uses it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from game.engine.glyphs import COVERAGE_FILE, missing_fonts, parse_coverage, undrawable

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_glyph_coverage.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_glyph_coverage", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_coverage_file_matches_the_fonts() -> None:
    expected = _tool().coverage_text()
    assert COVERAGE_FILE.read_text(encoding="utf-8") == expected, (
        "the fonts changed: run python tools/make_glyph_coverage.py"
    )


def test_every_font_in_the_folder_is_listed() -> None:
    fonts = parse_coverage(COVERAGE_FILE.read_text(encoding="utf-8"))
    names = {f.name for f in fonts}
    assert names == {path.name for _, path in _tool().font_files()}
    assert {"Inter-Regular.otf", "OpenDyslexic-Regular.otf"} <= names


def test_emoji_are_flagged_and_letters_are_not() -> None:
    assert undrawable("Café, naïve — “quoted”") == []
    found = undrawable("ok 🫠")  # Unicode 14: newer than the bundled emoji fallback
    assert [(offset, char) for offset, char, _ in found] == [(3, "🫠")]
    assert "Inter-Regular.otf" in found[0][2]
    assert undrawable("ok 💀 中文") == []  # the shipped fallbacks draw these


def test_a_fallback_font_makes_a_character_drawable() -> None:
    text = "text A 41-41\nfallback Emoji.ttf 1f480-1f480\n"
    fonts = parse_coverage(text)
    assert missing_fonts("💀", fonts) == ()
    assert missing_fonts("😀", fonts) == ("A",)
