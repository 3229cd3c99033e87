"""The endings gallery: found endings show their picture and open their page again, from the
keyboard alone and in a later play; endings not found stay hidden."""

from __future__ import annotations

from pathlib import Path

from game.authoring.starter import write_starter
from game.engine.loader import load_story_or_raise
from game.engine.model import Story
from game.engine.runner import Phase
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.pages import EndingScreen, GalleryScreen, LessonScreen
from game.window.screens.title import TitleScreen
from game.window.widgets import Card

from .harness import make_app, start_game, starter, to_phase

NONE: frozenset[str] = frozenset()


def pictured(folder: Path) -> Story:
    """The starter story with a picture behind its first ending."""
    write_starter(folder)
    letter = folder / "01_the_letter.yaml"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("  sent:\n", "  sent:\n    background: room\n"), "utf-8")
    return load_story_or_raise(folder)


def gallery_cards(app: App) -> list[Card]:
    page = app.manager.top
    assert isinstance(page, GalleryScreen)
    return [w for w in page.column.widgets if isinstance(w, Card)]


def focused(app: App) -> object:
    page = app.manager.top
    assert isinstance(page, GalleryScreen)
    group = page.group
    return group.widgets[group.index] if group.index is not None and group.visible else None


def tab_to(d: AppDriver, target: object) -> None:
    """Tab until `target` has the focus (fails after a full round)."""
    for _ in range(20):
        if focused(d.app) is target:
            return
        d.post_key("tab", NONE)
    raise AssertionError(f"Tab never reached {target!r}")


def reach_first_ending(app: App, d: AppDriver) -> None:
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    d.post_key("1", NONE)
    to_phase(d, Phase.ENDED)
    assert isinstance(app.manager.top, EndingScreen)


def test_a_found_ending_opens_its_page_from_the_gallery_by_keyboard(tmp_path: Path) -> None:
    story = pictured(tmp_path / "s")
    app, d = make_app(tmp_path / "data", story)
    reach_first_ending(app, d)
    ending = app.manager.top
    assert isinstance(ending, EndingScreen)
    title = ending.report.title
    app.close()

    # A later play: the gallery comes from the title, and the page from what was kept.
    again, d2 = make_app(tmp_path / "data", story)
    d2.post_key("escape", NONE)  # the Continue prompt, if any, is not in the way
    while not isinstance(again.manager.top, TitleScreen):
        again.manager.pop()
    again.nav.open_gallery()
    found, hidden = gallery_cards(again)
    assert found.title == title and found.image is not None and found.focusable
    assert hidden.title == "???" and hidden.image is None and not hidden.focusable
    tab_to(d2, found)
    d2.post_key("return", NONE)
    page = again.manager.top
    assert isinstance(page, EndingScreen) and page.report.title == title
    labels = [label for label, _ in again.targets()]
    assert "Play again" not in labels and "Title" not in labels  # only read from here
    d2.post_key("escape", NONE)
    assert isinstance(again.manager.top, GalleryScreen)
    again.close()


def test_enter_on_the_ending_page_from_the_gallery_opens_its_lessons(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    reach_first_ending(app, d)
    assert d.click_label("Endings")
    found = gallery_cards(app)[0]
    tab_to(d, found)
    d.post_key("return", NONE)
    assert isinstance(app.manager.top, EndingScreen)
    d.post_key("return", NONE)  # focus starts on Lessons
    lessons = app.manager.top
    assert isinstance(lessons, LessonScreen)
    d.post_key("escape", NONE)
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, GalleryScreen)
    app.close()


def test_an_ending_found_before_its_game_was_kept_shows_but_does_not_open(
    tmp_path: Path,
) -> None:
    app, _d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    app.found["sent"] = "2024-05-01"  # as progress files from before this version hold it
    app.nav.open_gallery()
    found = gallery_cards(app)[0]
    assert not found.focusable
    assert any("Reach it again" in line.text for line in found.lines)
    app.close()
