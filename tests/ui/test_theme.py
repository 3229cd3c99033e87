"""The palettes keep their contrast promises; metrics scale sensibly; theme data is frozen."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.window.theme import (
    BLACK,
    DEFAULT_THEME,
    HIGH_CONTRAST_THEME,
    TEXT_ON,
    THEMES,
    WHITE,
    FontChoice,
    Palette,
    Role,
    TextStyle,
    Theme,
    compute_metrics,
    contrast_ratio,
    ensure_contrast,
    parse_hex,
    shape_pairs,
    text_pairs,
    text_roles,
    tone_role,
    worst_contrast,
)

channel = st.integers(0, 255)
rgb = st.tuples(channel, channel, channel)
rgba = st.tuples(channel, channel, channel, channel)


def test_contrast_ratio_matches_known_values() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    # WCAG's own examples: #777 on white is just under 4.5:1, #767676 just over.
    assert contrast_ratio(parse_hex("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(parse_hex("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)


@given(rgb, rgb)
def test_contrast_ratio_is_symmetric_and_bounded(
    a: tuple[int, int, int], b: tuple[int, int, int]
) -> None:
    r = contrast_ratio(a, b)
    assert r == pytest.approx(contrast_ratio(b, a))
    assert 1.0 <= r <= 21.0 + 1e-9


@given(rgb, rgba)
def test_worst_contrast_is_no_better_than_any_backdrop(
    text: tuple[int, int, int], ground: tuple[int, int, int, int]
) -> None:
    # Whatever picture is behind a translucent panel, contrast is at least the worst case.
    from game.window.theme import composite

    worst = worst_contrast(text, ground)
    for backdrop in (BLACK, WHITE, (128, 128, 128), (200, 40, 90)):
        assert contrast_ratio(text, composite(ground, backdrop)) >= worst - 0.05


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_every_text_colour_is_registered_with_its_grounds(theme: Theme) -> None:
    assert set(text_roles()) == set(TEXT_ON)


def test_roles_name_exactly_the_palette_fields() -> None:
    assert [r.value for r in Role] == [f.name for f in dataclasses.fields(Palette)]
    palette = DEFAULT_THEME.palette
    assert palette[Role.PANEL] == palette.panel
    assert palette.rgb(Role.PANEL) == palette.panel[:3]
    assert palette.rgb(Role.MUTED_TEXT) == palette.muted_text


def test_tone_roles() -> None:
    assert tone_role("hopeful") is Role.TONE_HOPEFUL
    assert tone_role("bittersweet") is Role.TONE_BITTERSWEET
    assert tone_role("hard") is Role.TONE_HARD
    assert tone_role("unknown") is Role.ACCENT


def test_high_contrast_text_is_at_least_7_to_1() -> None:
    failures = [
        (t, g, round(r, 2)) for t, g, r in text_pairs(HIGH_CONTRAST_THEME.palette) if r < 7.0
    ]
    assert failures == []


def test_default_text_is_readable() -> None:
    pairs = text_pairs(DEFAULT_THEME.palette)
    assert [(t, g, round(r, 2)) for t, g, r in pairs if r < 4.5] == []
    # Running text, names and choices are held to the stricter level in the default theme too.
    strict = {Role.BODY_TEXT, Role.NAMEPLATE_TEXT, Role.BUTTON_TEXT, Role.BUTTON_HOVER_TEXT}
    assert [(t, g, round(r, 2)) for t, g, r in pairs if t in strict and r < 7.0] == []


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_theme_meets_its_own_minimums(theme: Theme) -> None:
    assert all(r >= theme.min_text_contrast for _, _, r in text_pairs(theme.palette))
    assert all(r >= theme.min_shape_contrast for _, _, r in shape_pairs(theme.palette))


@given(rgb, rgba, st.floats(1.0, 7.0))
def test_ensure_contrast_reaches_any_reachable_target(
    colour: tuple[int, int, int], ground: tuple[int, int, int, int], target: float
) -> None:
    best = max(worst_contrast(WHITE, ground), worst_contrast(BLACK, ground))
    result = ensure_contrast(colour, ground, target)
    if best >= target + 0.05:
        assert worst_contrast(result, ground) >= target
    if worst_contrast(colour, ground) >= target:
        assert result == colour  # an already readable colour is left alone


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
@pytest.mark.parametrize(
    "colour", ["#e0a458", "#7fb3d5", "#222222", "#ff0000", "#0000ff", "#ffffff"]
)
def test_speaker_colours_are_made_readable(theme: Theme, colour: str) -> None:
    shown = theme.speaker_colour(parse_hex(colour))
    assert worst_contrast(shown, theme.palette.nameplate) >= theme.min_text_contrast


def test_parse_hex() -> None:
    assert parse_hex("#e0a458") == (224, 164, 88)
    assert parse_hex("#fff") == (255, 255, 255)
    for bad in ("", "#12", "#gggggg", "#1234567"):
        with pytest.raises(ValueError):
            parse_hex(bad)


def test_theme_data_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_THEME.palette.body_text = (0, 0, 0)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_THEME.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)])
def test_metrics_scale_with_window_and_reading_size(size: tuple[int, int]) -> None:
    small = compute_metrics(DEFAULT_THEME, size, 0.75)
    normal = compute_metrics(DEFAULT_THEME, size, 1.0)
    big = compute_metrics(DEFAULT_THEME, size, 2.0)
    for style in TextStyle:
        assert small.font_px(style) <= normal.font_px(style) <= big.font_px(style)
        assert small.font_px(style) >= DEFAULT_THEME.type_scale.min_px
    assert big.font_px(TextStyle.BODY) >= 1.9 * normal.font_px(TextStyle.BODY)
    assert normal.content_width <= size[0] - 2 * normal.margin
    assert normal.focus_ring >= 3


def test_bigger_windows_get_bigger_type() -> None:
    sizes = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
    px = [compute_metrics(DEFAULT_THEME, s).font_px(TextStyle.BODY) for s in sizes]
    assert px == sorted(px) and px[-1] > px[0] * 3


@pytest.mark.parametrize("raw", [0.1, 0.75, 1.3, 2.0, 9.0, float("nan"), float("inf")])
def test_reading_scale_is_clamped(raw: float) -> None:
    m = compute_metrics(DEFAULT_THEME, (1280, 720), raw)
    assert 0.75 <= m.reading_scale <= 2.0


def test_dyslexic_choice_uses_opendyslexic_for_everything() -> None:
    m = compute_metrics(DEFAULT_THEME, (1280, 720), 1.0, FontChoice.DYSLEXIC)
    assert all(name.startswith("OpenDyslexic") for name in m.faces.files())
