"""Headless screenshots: render to a Surface, save PNGs, compare with references, write diffs.

References live in `tests/ui/refs/NAME.png`. On a mismatch the test fails and leaves three files
in `tests/_out/ui/`: `NAME.png` (what was drawn), `NAME-diff.png` (the reference faded, every
pixel beyond the tolerance in magenta) and `NAME-sheet.png` (reference | actual | diff side by
side). `UPDATE_REFS=1 pytest tests/ui` rewrites the references after a deliberate change.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

REFS = Path(__file__).resolve().parent / "refs"
OUT = Path(__file__).resolve().parents[1] / "_out" / "ui"
MAGENTA = (255, 0, 255)


def render(
    draw: Callable[[pygame.Surface], object],
    size: tuple[int, int],
    background: tuple[int, int, int] = (0, 0, 0),
) -> pygame.Surface:
    """A fresh opaque surface of `size`, filled with `background`, after `draw(surface)`."""
    surface = pygame.Surface(size)
    surface.fill(background)
    draw(surface)
    return surface


def save_png(surface: pygame.Surface, path: Path) -> Path:
    """Write `surface` as a PNG, creating folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))
    return path


def _rgb(surface: pygame.Surface) -> pygame.Surface:
    """A 24-bit copy without alpha, so blend arithmetic sees only colour."""
    out = pygame.Surface(surface.get_size(), 0, 24)
    out.blit(surface, (0, 0))
    return out


@dataclass(frozen=True)
class Comparison:
    """How two images differ: pixels beyond the tolerance, their share and the mean difference."""

    size_matches: bool
    differing: int
    total: int
    mean_delta: float
    diff: pygame.Surface | None

    @property
    def fraction(self) -> float:
        """Share of pixels that differ beyond the tolerance."""
        return self.differing / self.total if self.total else 1.0


def compare_images(
    actual: pygame.Surface, expected: pygame.Surface, *, tolerance: int = 24
) -> Comparison:
    """Compare per pixel; a pixel differs when any channel is off by more than `tolerance`."""
    if actual.get_size() != expected.get_size():
        return Comparison(False, 0, 0, 255.0, None)
    a, b = _rgb(actual), _rgb(expected)
    # |a - b| per channel with two saturating subtractions, no numpy needed.
    delta = a.copy()
    delta.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    other = b.copy()
    other.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    delta.blit(other, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    limit = min(255, tolerance + 1)
    within = pygame.mask.from_threshold(delta, (0, 0, 0, 255), (limit, limit, limit, 255))
    total = actual.get_width() * actual.get_height()
    differing = total - within.count()
    mean = pygame.transform.average_color(delta)
    mean_delta = (mean[0] + mean[1] + mean[2]) / 3
    diff = None
    if differing:
        diff = b.copy()
        diff.fill((110, 110, 110), special_flags=pygame.BLEND_RGB_MULT)  # fade the reference
        within.invert()
        diff.blit(within.to_surface(setcolor=(*MAGENTA, 255), unsetcolor=(0, 0, 0, 0)), (0, 0))
    return Comparison(True, differing, total, mean_delta, diff)


def _sheet(
    expected: pygame.Surface, actual: pygame.Surface, diff: pygame.Surface
) -> pygame.Surface:
    w, h = expected.get_size()
    sheet = pygame.Surface((w * 3, h))
    for i, image in enumerate((expected, actual, diff)):
        sheet.blit(image, (i * w, 0))
    return sheet


def assert_matches_reference(
    surface: pygame.Surface,
    name: str,
    *,
    tolerance: int = 24,
    max_fraction: float = 0.002,
    refs: Path = REFS,
    out: Path = OUT,
) -> Comparison | None:
    """Fail unless `surface` matches `refs/NAME.png` within tolerance; write diffs on failure.

    `max_fraction` is the share of pixels allowed beyond `tolerance` (font hinting differences
    between FreeType builds touch a few edge pixels). With UPDATE_REFS=1 the reference is
    (re)written instead and None is returned.
    """
    ref_path = refs / f"{name}.png"
    if os.environ.get("UPDATE_REFS") == "1":
        save_png(surface, ref_path)
        return None
    if not ref_path.exists():
        actual_path = save_png(surface, out / f"{name}.png")
        raise AssertionError(
            f"no reference image {ref_path}; the rendering is at {actual_path}. "
            "Look at it, then run with UPDATE_REFS=1 to accept it."
        )
    expected = pygame.image.load(str(ref_path))
    result = compare_images(surface, expected, tolerance=tolerance)
    if not result.size_matches:
        actual_path = save_png(surface, out / f"{name}.png")
        raise AssertionError(
            f"{name}: size {surface.get_size()} differs from reference {expected.get_size()} "
            f"({actual_path})"
        )
    if result.fraction > max_fraction:
        actual_path = save_png(surface, out / f"{name}.png")
        assert result.diff is not None
        diff_path = save_png(result.diff, out / f"{name}-diff.png")
        save_png(_sheet(_rgb(expected), _rgb(surface), result.diff), out / f"{name}-sheet.png")
        raise AssertionError(
            f"{name}: {result.differing} of {result.total} pixels ({result.fraction:.3%}) "
            f"differ by more than {tolerance} (allowed {max_fraction:.3%}); mean difference "
            f"{result.mean_delta:.2f}. Actual: {actual_path}; diff: {diff_path}"
        )
    return result
