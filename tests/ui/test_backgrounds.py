"""The generated backgrounds: all there, the right size, small, distinct, calm where text sits."""

from __future__ import annotations

import importlib.util
import itertools
import math
import re
from pathlib import Path

import pygame
import pytest

from game.window.assets import SHIPPED_ASSETS
from game.window.theme import THEMES, composite, contrast_ratio, relative_luminance

from .screenshot import compare_images

ROOT = Path(__file__).resolve().parents[2]
IMAGES = SHIPPED_ASSETS / "images"
# tools/ is not a package: load the generator script from its path.
_spec = importlib.util.spec_from_file_location(
    "make_backgrounds", ROOT / "tools" / "make_backgrounds.py"
)
assert _spec is not None and _spec.loader is not None
make_backgrounds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_backgrounds)

LOCATIONS = [
    "apartment_night",
    "apartment_morning",
    "apartment_evening",
    "phone_day",
    "phone_night",
    "maya_kitchen",
    "office",
    "cafe",
    "park_day",
    "park_evening",
    "street_day",
    "street_night",
    "their_building",
    "hospital_waiting",
]
ALL = [*LOCATIONS, "title"]


def load(name: str) -> pygame.Surface:
    return pygame.image.load(str(IMAGES / f"{name}.png"))


def lower_third(image: pygame.Surface) -> pygame.Surface:
    w, h = image.get_size()
    return image.subsurface(pygame.Rect(0, h * 2 // 3, w, h - h * 2 // 3))


def pixels(surface: pygame.Surface, size: tuple[int, int]) -> list[tuple[int, int, int]]:
    small = pygame.transform.smoothscale(surface, size)
    out = []
    for y in range(size[1]):
        for x in range(size[0]):
            c = small.get_at((x, y))
            out.append((c.r, c.g, c.b))
    return out


def test_generator_draws_exactly_the_locations() -> None:
    assert sorted(make_backgrounds.SCENES) == sorted(ALL)


@pytest.mark.parametrize("name", ALL)
def test_image_exists_full_hd_and_small(name: str) -> None:
    path = IMAGES / f"{name}.png"
    assert path.is_file(), f"run tools/make_backgrounds.py to draw {name}"
    assert load(name).get_size() == (1920, 1080)
    assert path.stat().st_size < 300 * 1024


@pytest.mark.parametrize("name", ALL)
def test_committed_image_is_what_the_generator_draws(name: str) -> None:
    # Proves the PNGs come from the committed script (and that the script is deterministic).
    result = compare_images(make_backgrounds.render(name), load(name), tolerance=2)
    assert result.differing == 0, f"{name} is stale: run tools/make_backgrounds.py"


def test_story_backgrounds_all_exist() -> None:
    # Read the story files raw, so this holds without the engine's loader.
    named = set()
    for path in (ROOT / "scenes").rglob("*.yaml"):
        named.update(re.findall(r"^\s*background:\s*['\"]?([\w-]+)", path.read_text("utf-8"), re.M))
    missing = sorted(n for n in named if not (IMAGES / f"{n}.png").is_file())
    assert missing == []


@pytest.mark.parametrize("name", ALL)
def test_lower_third_is_calm_and_text_over_it_is_readable(name: str) -> None:
    lums = [relative_luminance(p) for p in pixels(lower_third(load(name)), (192, 36))]
    mean = sum(lums) / len(lums)
    spread = math.sqrt(sum((v - mean) ** 2 for v in lums) / len(lums))
    assert spread < 0.2, f"{name}: the lower third is too busy for the text box ({spread:.3f})"
    # The text box over the darkest and the lightest spot of the picture, in every theme.
    region = lower_third(load(name))
    extremes = pixels(region, (480, 90))
    darkest = min(extremes, key=relative_luminance)
    lightest = max(extremes, key=relative_luminance)
    for theme in THEMES.values():
        p = theme.palette
        for spot in (darkest, lightest):
            assert contrast_ratio(p.body_text, composite(p.panel, spot)) >= 7.0


def test_pictures_are_distinct() -> None:
    thumbs = {name: pixels(load(name), (48, 27)) for name in ALL}
    for a, b in itertools.combinations(ALL, 2):
        diff = sum(
            abs(x[i] - y[i]) for x, y in zip(thumbs[a], thumbs[b], strict=True) for i in range(3)
        ) / (len(thumbs[a]) * 3)
        assert diff > 15, f"{a} and {b} look too alike ({diff:.1f})"


def test_day_is_lighter_than_night() -> None:
    def brightness(name: str) -> float:
        values = [relative_luminance(p) for p in pixels(load(name), (32, 18))]
        return sum(values) / len(values)

    for day, night in [
        ("park_day", "park_evening"),
        ("street_day", "street_night"),
        ("apartment_morning", "apartment_night"),
        ("phone_day", "phone_night"),
    ]:
        assert brightness(day) > 2 * brightness(night)


_icon_spec = importlib.util.spec_from_file_location("make_icon", ROOT / "tools" / "make_icon.py")
assert _icon_spec is not None and _icon_spec.loader is not None
make_icon = importlib.util.module_from_spec(_icon_spec)
_icon_spec.loader.exec_module(make_icon)


def test_committed_icon_is_what_its_script_draws() -> None:
    committed = pygame.image.load(str(IMAGES / "icon.png"))
    drawn = make_icon.draw()
    assert committed.get_size() == drawn.get_size() == (128, 128)
    assert compare_images(drawn, committed, tolerance=2).differing == 0, "run tools/make_icon.py"
    opaque = pygame.mask.from_surface(committed, 250).count()
    assert abs(opaque - pygame.mask.from_surface(drawn, 250).count()) <= 4


def test_icon_is_a_rounded_square_whose_windows_stand_out() -> None:
    icon = pygame.image.load(str(IMAGES / "icon.png"))
    assert [icon.get_at(corner).a for corner in ((0, 0), (127, 0), (0, 127), (127, 127))] == [0] * 4
    assert icon.get_at((64, 64)).a == 255
    # A lit window against its dark tower, read at task-bar size.
    small = pygame.transform.smoothscale(icon, (32, 32))
    window, tower = small.get_at((8, 16)), small.get_at((8, 28))
    assert contrast_ratio(window[:3], tower[:3]) >= 4.5
