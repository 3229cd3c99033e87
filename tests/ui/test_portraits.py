"""The generated portraits: all there, transparent, the right size, exactly what the script
draws, and each expression visibly different where expressions show (brows, eyes, mouth)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pygame
import pytest

from .screenshot import compare_images

ROOT = Path(__file__).resolve().parents[2]
PORTRAITS = ROOT / "assets" / "portraits"
TOOLS = ROOT / "tools"
# tools/ is not a package, and make_portraits borrows colour helpers from make_backgrounds.
sys.path.insert(0, str(TOOLS))
_spec = importlib.util.spec_from_file_location("make_portraits", TOOLS / "make_portraits.py")
assert _spec is not None and _spec.loader is not None
make_portraits = importlib.util.module_from_spec(_spec)
sys.modules["make_portraits"] = make_portraits
_spec.loader.exec_module(make_portraits)

CHARACTERS = ["maya", "ex_a", "ex_b", "ex_c"]
EXPRESSIONS = ["neutral", "warm", "hurt"]
ALL = [f"{who}_{how}" for who in CHARACTERS for how in EXPRESSIONS]
FACE = pygame.Rect(110, 170, 180, 140)  # brows to chin, where expressions show


def load(name: str) -> pygame.Surface:
    return pygame.image.load(str(PORTRAITS / f"{name}.png"))


def over(surface: pygame.Surface, colour: tuple[int, int, int]) -> pygame.Surface:
    """The portrait composited over a plain colour (so alpha shows up in the comparison)."""
    out = pygame.Surface(surface.get_size())
    out.fill(colour)
    out.blit(surface, (0, 0))
    return out


def test_generator_draws_exactly_these_portraits() -> None:
    assert make_portraits.names() == ALL
    assert sorted(p.stem for p in PORTRAITS.glob("*.png")) == sorted(ALL)


@pytest.mark.parametrize("name", ALL)
def test_portrait_is_sized_small_and_transparent_around_the_figure(name: str) -> None:
    path = PORTRAITS / f"{name}.png"
    image = load(name)
    assert image.get_size() == (400, 500)
    assert image.get_flags() & pygame.SRCALPHA
    assert path.stat().st_size < 60 * 1024
    w, h = image.get_size()
    for corner in ((0, 0), (w - 1, 0), (2, h // 2), (w - 3, h // 2)):
        assert image.get_at(corner).a == 0, f"{name}: {corner} should be transparent"
    # The face and the chest are solid.
    assert image.get_at((200, 230)).a == 255
    assert image.get_at((200, 470)).a == 255
    # The figure fills the frame to the bottom edge, as a bust does.
    assert image.get_at((200, h - 1)).a == 255


@pytest.mark.parametrize("name", ALL)
def test_committed_portrait_is_what_the_generator_draws(tmp_path: Path, name: str) -> None:
    drawn = make_portraits.render(name)
    fresh = tmp_path / f"{name}.png"
    pygame.image.save(drawn, str(fresh))  # through PNG, like the committed file
    for backdrop in ((0, 0, 0), (255, 255, 255)):
        result = compare_images(
            over(pygame.image.load(str(fresh)), backdrop), over(load(name), backdrop), tolerance=2
        )
        assert result.differing == 0, f"{name} is stale: run tools/make_portraits.py"


@pytest.mark.parametrize("who", CHARACTERS)
def test_expressions_differ_in_the_face(who: str) -> None:
    for a, b in itertools.combinations(EXPRESSIONS, 2):
        face_a = over(load(f"{who}_{a}"), (0, 0, 0)).subsurface(FACE)
        face_b = over(load(f"{who}_{b}"), (0, 0, 0)).subsurface(FACE)
        result = compare_images(face_a, face_b, tolerance=40)
        assert result.fraction > 0.02, f"{who}: {a} and {b} look alike"


def test_the_ex_has_three_distinct_looks() -> None:
    looks = [over(load(f"ex_{k}_neutral"), (0, 0, 0)) for k in "abc"]
    for a, b in itertools.combinations(looks, 2):
        assert compare_images(a, b, tolerance=40).fraction > 0.1


def test_contact_sheet_holds_every_portrait(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.png"
    assert make_portraits.main(["--out", str(tmp_path / "out"), "--sheet", str(sheet)]) == 0
    image = pygame.image.load(str(sheet))
    assert image.get_size() == (400 * len(EXPRESSIONS), 500 * len(CHARACTERS))
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.png")) == sorted(ALL)
