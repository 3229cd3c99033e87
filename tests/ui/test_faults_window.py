"""Hostile input to the window's text and images (issue 15): unbroken labels, names that draw
nothing, emoji and CJK, and pictures that claim billions of pixels."""

from __future__ import annotations

import logging
import struct
import zlib
from pathlib import Path

import pygame
import pytest

from game.window.assets import MAX_IMAGE_PIXELS, AssetResolver
from game.window.fallback_font import FallbackFont
from game.window.fonts import FALLBACK_FONTS, FontCache
from game.window.image_size import image_size
from game.window.text_layout import has_visible, layout_text
from game.window.theme import DEFAULT_THEME, FontChoice, TextStyle
from game.window.widgets import TextField
from game.window.widgets.base import UIContext


class CountingMeasurer:
    """Ten pixels a character; counts how many characters layout asked it to measure."""

    def __init__(self) -> None:
        self.measured = 0

    def size(self, text: str, /) -> tuple[int, int]:
        self.measured += len(text)
        return 10 * len(text), 20

    def get_linesize(self) -> int:
        return 20

    def get_height(self) -> int:
        return 20


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_unbroken_text_is_laid_out_in_near_linear_work(n: int) -> None:
    font = CountingMeasurer()
    block = layout_text("x" * n, font, 500)
    assert len(block.lines) == n // 50
    assert all(line.end - line.start == 50 for line in block.lines)
    # Quadratic work would measure about n * n / 100 characters (10^8 for 100,000).
    assert font.measured < 40 * n


def _ctx(fonts: FontCache) -> UIContext:
    return UIContext.create(DEFAULT_THEME, fonts, (1280, 720), 1.0, FontChoice.STANDARD)


def test_a_name_of_only_joiners_is_refused_and_drawing_never_fails(fonts: FontCache) -> None:
    field = TextField("Your name")
    field.layout(_ctx(fonts), pygame.Rect(40, 40, 400, 120))
    field.focused = True
    typed = pygame.event.Event(pygame.TEXTINPUT, text="\ufe0f\u034f")
    field.handle_event(typed)
    assert field.value == ""
    field.handle_event(pygame.event.Event(pygame.TEXTINPUT, text="Sam"))
    field.handle_event(typed)
    assert field.value == "Sam\ufe0f\u034f"  # joiners after a letter are fine
    # A value that arrived some other way (settings, a save) still draws, and the clip is reset.
    field.set_value("\ufe0f\u034f\u200b")
    surface = pygame.Surface((600, 300))
    field.draw(surface)
    assert surface.get_clip() == surface.get_rect()


def test_has_visible() -> None:
    assert not has_visible("\ufe0f\u034f\u200b\u200d\u00ad\ufeff \u3000")
    assert has_visible("a\ufe0f") and has_visible("中") and has_visible("😀")


def test_fallback_fonts_are_shipped(assets: AssetResolver) -> None:
    for name in FALLBACK_FONTS:
        assert assets.fallback_font_path(name) is not None, name


@pytest.mark.parametrize("text", ["😀", "💔", "中文", "日本語", "☂"])
def test_emoji_and_cjk_are_drawn_not_boxes(fonts: FontCache, text: str) -> None:
    font = fonts.style(_ctx(fonts).metrics, TextStyle.BODY)
    assert isinstance(font, FallbackFont)
    assert all(index > 0 for index, _ in font.runs(text))
    white = (255, 255, 255)
    box = pygame.font.Font.render(font, "\U0010fffd" * len(text), True, white)
    # The theme's font alone draws only its "missing" boxes; with the fallbacks it does not.
    assert _pixels(pygame.font.Font.render(font, text, True, white)) == _pixels(box)
    drawn = font.render(text, True, white)
    assert _pixels(drawn) != _pixels(box)
    assert drawn.get_height() == font.get_height() and drawn.get_width() > 0
    assert font.size(text) == drawn.get_size()


def _pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGBA")


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    crc = struct.pack(">I", zlib.crc32(chunk))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + crc


def test_a_picture_claiming_a_billion_pixels_is_refused_before_decoding(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    images = tmp_path / "shipped" / "images"
    images.mkdir(parents=True)
    # A header that claims 30000×30000 and a body that would decode to 3.6 GB.
    (images / "huge.png").write_bytes(_png_header(30_000, 30_000) + b"\0" * 64)
    assert image_size(images / "huge.png") == (30_000, 30_000)
    resolver = AssetResolver(None, tmp_path / "shipped")
    with caplog.at_level(logging.WARNING):
        assert resolver.image("huge") is None
        assert resolver.scaled_image("huge", (1280, 720)) is None
    assert "30000×30000 pixels is over the limit" in caplog.text
    assert MAX_IMAGE_PIXELS < 30_000 * 30_000


@pytest.mark.parametrize("ext", ["png", "jpg"])
def test_real_image_sizes_are_read_from_the_header(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"pic.{ext}"
    pygame.image.save(pygame.Surface((321, 123)), str(path))
    assert image_size(path) == (321, 123)
