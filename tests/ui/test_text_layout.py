"""Wrapping and pagination: nothing wider than the box, no character lost, pages that fit."""

from __future__ import annotations

import pygame
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.window.assets import SHIPPED_ASSETS
from game.window.text_layout import TextBlock, layout_text, normalise, paginate, visible_text

FONTS: dict[tuple[str, int], pygame.font.Font | None] = {
    (name, size): None
    for name in ("Inter-Regular.otf", "OpenDyslexic-Regular.otf", "EBGaramond12-Italic.otf")
    for size in (14, 27, 44)
}


def font(name: str = "Inter-Regular.otf", size: int = 24) -> pygame.font.Font:
    """Fonts are cached: opening one per hypothesis example would dominate the run time."""
    key = (name, size)
    if FONTS.get(key) is None:
        FONTS[key] = pygame.font.Font(str(SHIPPED_ASSETS / "fonts" / name), size)
    f = FONTS[key]
    assert f is not None
    return f


def check_block(block: TextBlock, f: pygame.font.Font, width: int) -> None:
    """The invariants every layout keeps."""
    previous_end = 0
    for line in block.lines:
        assert line.text == block.text[line.start : line.end]
        assert line.start >= previous_end
        # What lies between two lines is only spaces or the newline: nothing dropped.
        assert block.text[previous_end : line.start].strip(" \n") == ""
        previous_end = line.end
        assert line.width == (f.size(line.text)[0] if line.text else 0)
        graphemes = len(line.text) - sum(1 for ch in line.text if ch in "\u0301\u0308")
        if graphemes > 1:
            assert line.width <= width, line
        assert line.x >= 0 and line.x + line.width <= max(width, line.width)
    assert block.text[previous_end:].strip(" \n") == ""
    kept = "".join(block.text[ln.start : ln.end] for ln in block.lines)
    assert kept.replace(" ", "") == block.text.replace(" ", "").replace("\n", "")


WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCXYZ’‘“”—–…é-/,.!?'\"()0123456789\u00a0"
words = st.text(alphabet=WORD_CHARS, min_size=1, max_size=40)
long_words = st.text(alphabet="abcdefgMWX—", min_size=30, max_size=120)
pieces = st.one_of(
    words, words, words, long_words, st.sampled_from([" ", "  ", "\n", "\n\n", "\t"])
)
texts = st.lists(pieces, max_size=60).map(lambda parts: " ".join(parts))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts,
    st.integers(min_value=60, max_value=900),
    st.sampled_from(sorted(FONTS)),
    st.sampled_from(["left", "center", "right"]),
)
def test_random_text_fits_and_loses_nothing(
    text: str, width: int, font_key: tuple[str, int], align: str
) -> None:
    f = font(*font_key)
    block = layout_text(text, f, width, align=align)
    check_block(block, f, width)


@settings(max_examples=150, deadline=None)
@given(texts, st.integers(min_value=80, max_value=700), st.integers(min_value=1, max_value=900))
def test_pages_fit_the_box_and_keep_every_line(text: str, width: int, box_height: int) -> None:
    f = font()
    lh = round(f.get_linesize() * 1.2)
    block = layout_text(text, f, width, line_height=lh)
    pages = block.paginate(box_height)
    assert pages
    for page in pages:
        assert len(page.lines) >= 1 or len(pages) == 1
        if box_height >= lh:
            assert page.height <= box_height
        for i, line in enumerate(page.lines):
            assert line.y == i * lh
    # Every non-blank line appears on exactly one page, in order.
    laid = [(ln.start, ln.end) for ln in block.lines if ln.text]
    paged = [(ln.start, ln.end) for page in pages for ln in page.lines if ln.text]
    assert paged == laid


def test_plain_sentence_wraps_at_spaces() -> None:
    f = font()
    text = "The phone rings three times. You almost hang up."
    block = layout_text(text, f, f.size("The phone rings three times.")[0] + 2)
    assert [ln.text for ln in block.lines] == [
        "The phone rings three times.",
        "You almost hang up.",
    ]


def test_explicit_newlines_and_blank_lines_are_kept() -> None:
    block = layout_text("One.\n\nTwo.\nThree.", font(), 500)
    assert [ln.text for ln in block.lines] == ["One.", "", "Two.", "Three."]
    assert [ln.y for ln in block.lines] == [i * block.line_height for i in range(4)]


def test_long_word_is_broken_between_letters() -> None:
    f = font()
    width = f.size("mmmmmmmmmm")[0]
    block = layout_text("a " + "m" * 37 + " b", f, width)
    check_block(block, f, width)
    assert all(ln.width <= width for ln in block.lines)
    assert "".join(ln.text for ln in block.lines).replace(" ", "") == "a" + "m" * 37 + "b"


def test_hyphen_and_dash_allow_a_break_but_closing_punctuation_stays() -> None:
    f = font()
    width = f.size("a well-")[0] + 1
    block = layout_text("a well-known place", f, width)
    assert block.lines[0].text == "a well-"
    # A closing quote or ellipsis never starts a line.
    for text in ("“I’m sorry—”", "Wait…”", "no—not that"):
        for w in range(60, 260, 7):  # at least a few letters wide
            for ln in layout_text(text, f, w).lines:
                assert not ln.text.startswith(("”", "…", "’", ",", "."))


def test_non_breaking_space_is_not_a_break() -> None:
    f = font()
    width = f.size("Dr.\u00a0Lee")[0] + 2
    block = layout_text("Ask Dr.\u00a0Lee now", f, width)
    assert "Dr.\u00a0Lee" in [ln.text for ln in block.lines]


def test_combining_marks_stay_with_their_letter() -> None:
    f = font()
    text = "e\u0301" * 30  # not NFC-composable as a whole word? each pair composes to é
    block = layout_text(text, f, f.size("ééé")[0])
    assert normalise(text) == "é" * 30
    check_block(block, f, f.size("ééé")[0])
    decomposed = "q\u0308" * 20  # q + diaeresis has no precomposed form
    block = layout_text(decomposed, f, f.size("q\u0308q\u0308")[0])
    for ln in block.lines:
        assert not ln.text.startswith("\u0308")


def test_whitespace_is_normalised() -> None:
    assert normalise("a  b\tc\r\nd\u2003e ") == "a b c\nd e"


def test_alignment_positions_lines() -> None:
    f = font()
    centred = layout_text("short", f, 400, align="center")
    right = layout_text("short", f, 400, align="right")
    w = f.size("short")[0]
    assert centred.lines[0].x == (400 - w) // 2
    assert right.lines[0].x == 400 - w
    with pytest.raises(ValueError):
        layout_text("x", f, 100, align="justify")


def test_empty_text_has_one_empty_line_and_one_page() -> None:
    block = layout_text("", font(), 300)
    assert [ln.text for ln in block.lines] == [""]
    assert len(block.paginate(100)) == 1


def test_tiny_box_still_shows_one_line_per_page() -> None:
    f = font()
    block = layout_text("one two three four five", f, f.size("three")[0] + 1)
    pages = paginate(block.lines, block.line_height, 1)
    assert [len(p.lines) for p in pages] == [1] * len(block.lines)


def test_blank_line_never_starts_a_page() -> None:
    f = font()
    block = layout_text("a\n\nb\n\nc\n\nd", f, 300)
    pages = block.paginate(block.line_height * 2)
    assert all(p.lines[0].text for p in pages)


def test_visible_text_follows_the_reveal() -> None:
    block = layout_text("Hello there\nfriend", font(), 1000)
    first, second = block.lines
    assert visible_text(first, 0) == ""
    assert visible_text(first, 5) == "Hello"
    assert visible_text(second, 5) == ""
    assert visible_text(second, second.start + 3) == "fri"
    assert visible_text(second, None) == "friend"
