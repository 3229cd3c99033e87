"""The asset resolver: search order, every path tried, safe names, caching, missing images."""

from __future__ import annotations

import logging
from pathlib import Path

import pygame
import pytest

from game.window.assets import AssetKind, AssetResolver, Fit, scale_image, valid_name


def make_png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    surface = pygame.Surface(size)
    surface.fill(colour)
    pygame.image.save(surface, str(path))
    return path


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path]:
    story = tmp_path / "story"
    shipped = tmp_path / "shipped"
    make_png(shipped / "images" / "park_day.png", (16, 9), (0, 200, 0))
    make_png(shipped / "images" / "cafe.png", (16, 9), (120, 80, 40))
    make_png(story / "assets" / "images" / "cafe.png", (32, 18), (200, 0, 0))
    (shipped / "sounds").mkdir(parents=True)
    (shipped / "sounds" / "rain.ogg").write_bytes(b"OggS")
    return story, shipped


def test_story_assets_win_over_shipped_ones(roots: tuple[Path, Path]) -> None:
    story, shipped = roots
    res = AssetResolver(story, shipped)
    cafe = res.find(AssetKind.IMAGE, "cafe")
    assert cafe.path == story / "assets" / "images" / "cafe.png"
    park = res.find(AssetKind.IMAGE, "park_day")
    assert park.path == shipped / "images" / "park_day.png"
    # The story folder was tried first, with every image extension, before the shipped one.
    assert park.tried[0] == story / "assets" / "images" / "park_day.png"
    assert park.tried[-1] == park.path


def test_missing_image_is_none_logged_once_with_every_path(
    roots: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    story, shipped = roots
    res = AssetResolver(story, shipped)
    with caplog.at_level(logging.WARNING, logger="game.window.assets"):
        assert res.image("nowhere") is None
        assert res.scaled_image("nowhere", (100, 100)) is None
    records = [r for r in caplog.records if "nowhere" in r.getMessage()]
    assert len(records) == 1
    message = records[0].getMessage()
    lookup = res.find(AssetKind.IMAGE, "nowhere")
    assert not lookup.found
    assert len(lookup.tried) == 8  # 4 extensions × 2 folders
    for path in lookup.tried:
        assert str(path) in message


@pytest.mark.parametrize(
    "name", ["../secret", "/etc/passwd", "a/b", "a\\b", "", ".hidden", "C:x", " x"]
)
def test_names_cannot_leave_the_assets_folders(roots: tuple[Path, Path], name: str) -> None:
    story, shipped = roots
    res = AssetResolver(story, shipped)
    assert not valid_name(name)
    lookup = res.find(AssetKind.IMAGE, name)
    assert lookup.path is None and lookup.tried == ()


def test_name_with_extension_is_used_as_is(roots: tuple[Path, Path]) -> None:
    story, shipped = roots
    res = AssetResolver(story, shipped)
    assert res.find(AssetKind.IMAGE, "park_day.png").path == shipped / "images" / "park_day.png"
    assert res.sound_path("rain") == shipped / "sounds" / "rain.ogg"
    assert res.sound_path("thunder") is None


def test_images_and_scaled_images_are_cached(roots: tuple[Path, Path]) -> None:
    story, shipped = roots
    res = AssetResolver(story, shipped)
    first = res.image("cafe")
    assert first is not None and first.get_size() == (32, 18)
    assert res.image("cafe") is first
    scaled = res.scaled_image("cafe", (300, 100))
    assert scaled is not None and scaled.get_size() == (300, 100)
    assert res.scaled_image("cafe", (300, 100)) is scaled
    res.clear()
    assert res.image("cafe") is not first


def test_scaled_cache_is_bounded(roots: tuple[Path, Path]) -> None:
    story, shipped = roots
    res = AssetResolver(story, shipped, max_scaled=3)
    for w in range(10, 20):
        res.scaled_image("park_day", (w, w))
    assert len(res._scaled) == 3


def test_broken_image_is_none_not_a_crash(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shipped = tmp_path / "shipped"
    (shipped / "images").mkdir(parents=True)
    (shipped / "images" / "broken.png").write_bytes(b"not a png at all")
    res = AssetResolver(None, shipped)
    with caplog.at_level(logging.WARNING):
        assert res.image("broken") is None
    assert "could not be read" in caplog.text


@pytest.mark.parametrize("fit", list(Fit))
def test_scale_fits(fit: Fit) -> None:
    source = pygame.Surface((160, 90))
    out = scale_image(source, (100, 100), fit)
    if fit is Fit.CONTAIN:
        assert out.get_size() == (100, 56)
    else:
        assert out.get_size() == (100, 100)


def test_cover_keeps_the_centre() -> None:
    source = pygame.Surface((300, 100))
    source.fill((255, 0, 0))
    source.fill((0, 0, 255), pygame.Rect(100, 0, 100, 100))  # blue middle third
    out = scale_image(source, (100, 100), Fit.COVER)
    assert out.get_at((50, 50))[:3] == (0, 0, 255)


def test_palette_images_scale(tmp_path: Path) -> None:
    # Quantised (8-bit) PNGs cannot go through smoothscale directly.
    source = pygame.Surface((20, 10), 0, 8)
    out = scale_image(source, (40, 20), Fit.COVER)
    assert out.get_size() == (40, 20)


def test_shipped_fonts_are_found() -> None:
    res = AssetResolver()
    assert res.font_path("Inter-Regular.otf") is not None
    assert res.font_path("Inter-Regular") is not None
