"""Scaled pictures kept on disk: exactly the pixels scaling gives, and bad files made again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from game.window.assets import SHIPPED_ASSETS, AssetKind, AssetResolver, Fit, scale_image
from game.window.kept_images import MAX_KEPT, SUFFIX, KeptImages


@pytest.fixture(autouse=True)
def window() -> Iterator[None]:
    # Pictures are converted to the window's pixel format once there is a window, as in play.
    pygame.display.set_mode((64, 64))
    yield
    pygame.display.quit()
    pygame.display.init()


def _pixels(surface: pygame.Surface) -> bytes:
    mode = "RGBA" if surface.get_flags() & pygame.SRCALPHA else "RGB"
    return pygame.image.tobytes(surface, mode)


def _scaled_afresh(shipped: Path, name: str, size: tuple[int, int], fit: Fit) -> bytes:
    """The oracle: the picture decoded and scaled with no kept copy anywhere."""
    source = AssetResolver(None, shipped).image(name)
    assert source is not None
    return _pixels(scale_image(source, size, fit))


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped images (the title picture among them) to change."""
    folder = tmp_path / "shipped"
    shutil.copytree(SHIPPED_ASSETS / "images", folder / "images")
    return folder


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (800, 1200), (1, 1)])
def test_a_kept_picture_has_exactly_the_scaled_pixels(
    tmp_path: Path, shipped: Path, size: tuple[int, int]
) -> None:
    expected = _scaled_afresh(shipped, "title", size, Fit.COVER)
    first = AssetResolver(None, shipped, kept=KeptImages(tmp_path / "kept"))
    made = first.kept_scaled_image("title", size)
    assert made is not None and _pixels(made) == expected
    later = AssetResolver(None, shipped, kept=KeptImages(tmp_path / "kept"))  # the next run
    read = later.kept_scaled_image("title", size)
    assert read is not None and read.get_size() == made.get_size()
    assert _pixels(read) == expected
    assert later.decoded == 0  # from the kept file: the PNG was not decoded again
    assert later.kept is not None and later.kept.notes == []


def test_a_picture_with_alpha_keeps_its_alpha(tmp_path: Path) -> None:
    story = tmp_path / "story"
    (story / "assets" / "images").mkdir(parents=True)
    picture = pygame.Surface((40, 20), pygame.SRCALPHA)
    picture.fill((200, 40, 40, 90))
    picture.fill((10, 200, 10, 255), pygame.Rect(0, 0, 10, 20))
    pygame.image.save(picture, str(story / "assets" / "images" / "glass.png"))
    first = AssetResolver(story, kept=KeptImages(tmp_path / "kept"))
    made = first.kept_scaled_image("glass", (30, 30))
    read = AssetResolver(story, kept=KeptImages(tmp_path / "kept")).kept_scaled_image(
        "glass", (30, 30)
    )
    assert made is not None and read is not None
    assert read.get_flags() & pygame.SRCALPHA
    assert _pixels(read) == _pixels(made)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: data + b"\0" * 7,
    ],
    ids=["truncated", "empty", "too long"],
)
def test_a_bad_kept_file_is_ignored_with_a_note_and_made_again(
    tmp_path: Path, shipped: Path, damage: object
) -> None:
    size = (320, 180)
    AssetResolver(None, shipped, kept=KeptImages(tmp_path / "kept")).kept_scaled_image(
        "title", size
    )
    (path,) = (tmp_path / "kept").glob(f"*{SUFFIX}")
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    kept = KeptImages(tmp_path / "kept")
    got = AssetResolver(None, shipped, kept=kept).kept_scaled_image("title", size)
    assert got is not None and _pixels(got) == _scaled_afresh(shipped, "title", size, Fit.COVER)
    assert kept.notes and "ignored" in kept.notes[0], kept.notes
    again = KeptImages(tmp_path / "kept")  # ...and written again whole
    assert AssetResolver(None, shipped, kept=again).kept_scaled_image("title", size) is not None
    assert again.notes == []


def test_a_changed_picture_is_scaled_again(tmp_path: Path, shipped: Path) -> None:
    size = (320, 180)
    AssetResolver(None, shipped, kept=KeptImages(tmp_path / "kept")).kept_scaled_image(
        "title", size
    )
    shutil.copy(shipped / "images" / "cafe.png", shipped / "images" / "title.png")
    kept = KeptImages(tmp_path / "kept")
    got = AssetResolver(None, shipped, kept=kept).kept_scaled_image("title", size)
    assert got is not None and _pixels(got) == _scaled_afresh(shipped, "title", size, Fit.COVER)
    assert kept.notes == []  # another picture is an ordinary miss


def test_a_folder_that_cannot_be_written_costs_only_a_note(tmp_path: Path, shipped: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    kept = KeptImages(blocked / "kept")
    got = AssetResolver(None, shipped, kept=kept).kept_scaled_image("title", (320, 180))
    assert got is not None
    assert _pixels(got) == _scaled_afresh(shipped, "title", (320, 180), Fit.COVER)
    assert kept.notes and "not written" in kept.notes[0]


def test_only_the_newest_few_sizes_are_kept(tmp_path: Path, shipped: Path) -> None:
    resolver = AssetResolver(None, shipped, kept=KeptImages(tmp_path / "kept"))
    for width in range(100, 100 + 10 * (MAX_KEPT + 3), 10):
        assert resolver.kept_scaled_image("title", (width, 50)) is not None
    assert len(list((tmp_path / "kept").glob(f"*{SUFFIX}"))) == MAX_KEPT


def test_a_missing_picture_is_none_as_without_keeping(tmp_path: Path, shipped: Path) -> None:
    kept = KeptImages(tmp_path / "kept")
    resolver = AssetResolver(None, shipped, kept=kept)
    assert resolver.kept_scaled_image("no_such_picture", (320, 180)) is None
    assert resolver.find(AssetKind.IMAGE, "no_such_picture").path is None
    assert not (tmp_path / "kept").exists()
