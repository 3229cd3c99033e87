"""Reference screenshots of the widgets, and tests of the screenshot helper itself."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.window.fonts import FontCache
from game.window.theme import DEFAULT_THEME, HIGH_CONTRAST_THEME, Theme, parse_hex
from game.window.widgets import (
    ChoiceList,
    FocusGroup,
    Slider,
    TextBox,
    Toggle,
    UIContext,
    scene_layout,
)

from .screenshot import assert_matches_reference, compare_images, render, save_png

SIZES = [(1024, 768), (1920, 1080)]
LINE = (
    "Hey. I wasn’t expecting your name on my screen. It’s been… what, four months? "
    "I thought you’d deleted my number — or that I’d imagined the whole thing."
)
CHOICES = [
    "“I called to say I’m sorry. For how I ended it, and for hurting you.”",
    "Explain everything that was going on for you back then — the job, the move, all of it.",
    "Ask whether he still thinks about you.",
]


def backdrop(surface: pygame.Surface) -> None:
    """A fixed two-tone backdrop, so translucency shows in the references without a big PNG."""
    w, h = surface.get_size()
    surface.fill((40, 52, 86))
    surface.fill((226, 210, 186), pygame.Rect(0, h // 2, w // 2, h - h // 2))


def dialogue(
    fonts: FontCache, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> pygame.Surface:
    ctx = UIContext.create(theme, fonts, size)
    box = TextBox()
    box.layout(ctx, scene_layout(ctx).text_box)
    box.set_text(LINE, "Daniel", parse_hex("#e0a458"), reveal=False)

    def draw(surface: pygame.Surface) -> None:
        backdrop(surface)
        box.draw(surface)

    return render(draw, size)


def choices(fonts: FontCache, size: tuple[int, int]) -> pygame.Surface:
    ctx = UIContext.create(DEFAULT_THEME, fonts, size)
    layout = scene_layout(ctx)
    box = TextBox()
    box.layout(ctx, layout.text_box)
    box.set_text("What would you say first?", reveal=False)
    menu = ChoiceList(CHOICES)
    menu.layout(ctx, layout.choices)
    menu.focus(1)
    menu.buttons[2].hovered = True

    def draw(surface: pygame.Surface) -> None:
        backdrop(surface)
        box.draw(surface)
        menu.draw(surface)

    return render(draw, size)


def settings(fonts: FontCache, size: tuple[int, int]) -> pygame.Surface:
    ctx = UIContext.create(HIGH_CONTRAST_THEME, fonts, size, 1.5)
    rows = [
        Slider("Reading size", 1.5, 0.75, 2.0, 0.25),
        Slider("Text speed", 0.6, 0.0, 1.0, 0.1),
        Toggle("High contrast", True),
        Toggle("Reduce motion", False),
    ]
    width = min(size[0] - 2 * ctx.metrics.margin, ctx.metrics.content_width)
    y = ctx.metrics.margin
    for row in rows:
        h = row.measure(ctx, width)
        row.layout(ctx, pygame.Rect((size[0] - width) // 2, y, width, h))
        y += h + 2 * (ctx.metrics.focus_ring + ctx.metrics.focus_gap + 2)
    group = FocusGroup(rows)
    group.focus(2)

    def draw(surface: pygame.Surface) -> None:
        surface.fill(HIGH_CONTRAST_THEME.palette.window)
        group.draw(surface)

    return render(draw, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dialogue_beat(fonts: FontCache, size: tuple[int, int]) -> None:
    assert_matches_reference(dialogue(fonts, size), f"dialogue-{size[0]}x{size[1]}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_choice_list_with_focus(fonts: FontCache, size: tuple[int, int]) -> None:
    assert_matches_reference(choices(fonts, size), f"choices-{size[0]}x{size[1]}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings_rows_high_contrast(fonts: FontCache, size: tuple[int, int]) -> None:
    assert_matches_reference(settings(fonts, size), f"settings-hc-{size[0]}x{size[1]}")


# --- the helper --------------------------------------------------------------------------------


def test_identical_images_match() -> None:
    a = render(backdrop, (64, 48))
    result = compare_images(a, a.copy())
    assert result.differing == 0 and result.diff is None


def test_small_differences_within_tolerance_pass() -> None:
    a = render(backdrop, (64, 48))
    b = a.copy()
    b.fill((5, 5, 5), special_flags=pygame.BLEND_RGB_ADD)
    assert compare_images(a, b, tolerance=6).differing == 0
    assert compare_images(a, b, tolerance=4).differing == 64 * 48


def test_mismatch_fails_and_writes_a_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UPDATE_REFS", raising=False)
    expected = render(backdrop, (64, 48))
    save_png(expected, tmp_path / "refs" / "thing.png")
    actual = expected.copy()
    actual.fill((255, 255, 255), pygame.Rect(10, 10, 8, 8))
    with pytest.raises(AssertionError, match="64 of 3072 pixels"):
        assert_matches_reference(actual, "thing", refs=tmp_path / "refs", out=tmp_path / "out")
    diff = pygame.image.load(str(tmp_path / "out" / "thing-diff.png"))
    assert diff.get_at((12, 12))[:3] == (255, 0, 255)
    assert diff.get_at((40, 40))[:3] != (255, 0, 255)
    assert (tmp_path / "out" / "thing.png").is_file()
    assert (tmp_path / "out" / "thing-sheet.png").is_file()


def test_missing_reference_and_size_mismatch_fail_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UPDATE_REFS", raising=False)
    image = render(backdrop, (64, 48))
    with pytest.raises(AssertionError, match="UPDATE_REFS=1"):
        assert_matches_reference(image, "new", refs=tmp_path, out=tmp_path / "out")
    save_png(render(backdrop, (32, 32)), tmp_path / "small.png")
    with pytest.raises(AssertionError, match="size"):
        assert_matches_reference(image, "small", refs=tmp_path, out=tmp_path / "out")


def test_update_refs_writes_the_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPDATE_REFS", "1")
    image = render(backdrop, (16, 16))
    assert assert_matches_reference(image, "fresh", refs=tmp_path) is None
    assert (tmp_path / "fresh.png").is_file()
