"""What if? and chapter select in the window, by keyboard alone: from the ending (and from
History) back to a decision, the other way to a second ending, the two side by side, the first
game kept on the Load page; a new game from a checkpoint, and a plain word when there is none."""

from __future__ import annotations

from pathlib import Path

import pygame
from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.engine.runner import Phase
from game.engine.start import Start
from game.window.app import App
from game.window.driver import AppDriver
from game.window.facilitator.chapters import NO_CHECKPOINTS, ChapterScreen
from game.window.facilitator.menu import FacilitatorMenuScreen
from game.window.facilitator.panels import badge_rect
from game.window.rewind import WHAT_IF_TOAST
from game.window.screens.common import PageScreen
from game.window.screens.overlays import HistoryScreen
from game.window.screens.pages import EndingScreen
from game.window.screens.saves import SavesScreen
from game.window.screens.scene import SceneScreen
from game.window.screens.whatif import CompareScreen, TimelineScreen
from game.window.widgets import Card, Paragraph

from .harness import make_app, runner, start_game, starter, to_phase

NONE: frozenset[str] = frozenset()
BEGIN = Start(seed=7, fixed={"ready": True})


def label(widget: object) -> str:
    return str(getattr(widget, "label", None) or getattr(widget, "title", ""))


def press(d: AppDriver, wanted: str, *, limit: int = 40) -> None:
    """Tab until the focused control shows `wanted`, then Enter: what a keyboard player does."""
    page = d.app.manager.top
    assert isinstance(page, PageScreen), page
    for _ in range(limit):
        if page.focused is not None and label(page.focused).startswith(wanted):
            d.post_key("return", NONE)
            d.step(0.05)
            return
        d.post_key("tab", NONE)
    raise AssertionError(f"no focus on {wanted!r} in {type(page).__name__}")


def choose(d: AppDriver, *numbers: int) -> None:
    for number in numbers:
        to_phase(d, Phase.CHOICE)
        d.post_key(str(number), NONE)
        d.step(0.05)


def ended(d: AppDriver) -> EndingScreen:
    to_phase(d, Phase.ENDED)
    d.step(0.05)
    page = d.app.manager.top
    assert isinstance(page, EndingScreen), page
    return page


def playing(tmp_path: Path, make_story: StoryFactory, **options: object) -> tuple[App, AppDriver]:
    story = make_story(STORY, CHAPTER)
    app, d = make_app(tmp_path / "data", story, start=BEGIN, size=(1280, 720), **options)
    start_game(app, d)
    return app, d


def test_what_if_from_the_ending_to_another_ending_and_compare(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    app, d = playing(tmp_path, make_story)
    choose(d, 1, 1)  # wait, tell: together
    assert ended(d).report.title == "Yes, Alex"
    first = runner(app).to_json()

    press(d, "What if?")
    timeline = app.manager.top
    assert isinstance(timeline, TimelineScreen) and len(timeline.turns) == 2
    press(d, "Decision 1")
    assert isinstance(app.manager.top, SceneScreen)
    assert runner(app).phase is Phase.CHOICE and not runner(app).state.decisions
    assert app.toasts.text == WHAT_IF_TOAST

    choose(d, 2, 1)  # push, tell: apart
    assert ended(d).report.title == "Not Now"
    press(d, "What if?")
    press(d, "Compare the two ways")
    page = app.manager.top
    assert isinstance(page, CompareScreen)
    assert page.result.split == 1
    assert (page.result.first.ending, page.result.second.ending) == ("Yes, Alex", "Not Now")
    assert [(a.title, a.first, a.second) for a in page.result.apart] == [("Wait", True, False)]
    texts = [w.text for w in page.column.widgets if isinstance(w, Paragraph)]
    assert any("“Before what-if 1”" in t for t in texts)

    app.worker.flush()
    assert app.session.load("what-if-1").ok  # nothing the player did is lost
    assert runner(app).to_json() == first
    app.close()


def test_the_load_page_lists_the_game_set_aside(tmp_path: Path, make_story: StoryFactory) -> None:
    app, d = playing(tmp_path, make_story)
    choose(d, 1)
    d.post_key("pageup", NONE)  # History
    history = app.manager.top
    assert isinstance(history, HistoryScreen)
    press(d, "What if?")
    press(d, "Decision 1")
    app.worker.flush()
    app.nav.open_saves("load")
    d.step(0.05)
    app.worker.flush()
    d.step(0.05)
    page = app.manager.top
    assert isinstance(page, SavesScreen)
    titles = [card.title for card in page.cards]  # every page of the grid
    assert "Before what-if 1" in titles
    app.close()


def test_history_offers_what_if_only_after_a_decision(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    app, d = playing(tmp_path, make_story)
    d.post_key("space", NONE)
    d.post_key("pageup", NONE)  # History
    page = app.manager.top
    assert isinstance(page, HistoryScreen)
    assert [b.label for b in page.footer] == ["Close"]
    app.close()


def test_chapter_select_starts_a_new_game_at_a_checkpoint(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    app, d = playing(tmp_path, make_story, facilitator=True)
    d.post_key("escape", NONE)
    menu = app.manager.top
    assert isinstance(menu, FacilitatorMenuScreen)
    press(d, "Start at a chapter (1)")
    assert isinstance(app.manager.top, ChapterScreen)
    press(d, "Chapter 2: Alex")
    assert d.click_label("Begin")  # the questions, filled in with this game's answers
    assert runner(app).state.scene == "bench" and runner(app).values["warmth"] == 4
    assert runner(app).state.checkpoint == "ch2"
    app.close()


def test_chapter_select_says_plainly_when_a_story_has_no_checkpoints(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), facilitator=True)
    start_game(app, d)
    d.post_key("escape", NONE)
    press(d, "Start at a chapter (none)")
    page = app.manager.top
    assert isinstance(page, ChapterScreen)
    texts = [w.text for w in page.column.widgets if isinstance(w, Paragraph)]
    assert texts == [NO_CHECKPOINTS]
    assert not any(isinstance(w, Card) for w in page.column.widgets)
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, FacilitatorMenuScreen)
    app.close()


def test_the_timeline_is_read_with_the_keys_too(tmp_path: Path, make_story: StoryFactory) -> None:
    app, d = playing(tmp_path, make_story)
    choose(d, 1, 2)
    ended(d)
    press(d, "What if?")
    page = app.manager.top
    assert isinstance(page, TimelineScreen)
    d.post_key("tab", NONE)
    assert page.group.visible and page.focused is not None  # focus is shown, not hidden
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, EndingScreen)
    assert pygame.display.get_init()
    app.close()


def test_the_badge_keeps_clear_of_the_chapter_banner_at_scale_2(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    story = make_story(STORY, CHAPTER)
    app, d = make_app(
        tmp_path / "data", story, start=BEGIN, size=(1920, 1080), facilitator=True, scale=2.0
    )
    start_game(app, d)
    page = app.manager.top
    assert isinstance(page, SceneScreen) and app.console is not None
    app.draw(force=True)
    width = app.display.logical[0]
    row_bottom = max(b.rect.bottom for b in page.quick)
    assert page.banner_rect.width > 0  # the chapter banner is up
    beside = badge_rect(app.ctx, app.console.badge_spot(width))
    assert beside.bottom <= row_bottom and not beside.colliderect(page.banner_rect)

    page.banner_rect = beside.inflate(40, 0)  # a chapter name long enough to reach the badge
    under = badge_rect(app.ctx, app.console.badge_spot(width))
    assert under.top > row_bottom and not under.colliderect(page.banner_rect)
    assert not any(under.colliderect(b.rect) for b in page.quick)
    assert app.display.canvas.get_rect().contains(under)
    app.close()


def test_no_note_covers_the_discuss_card_after_going_back(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    app, d = playing(tmp_path, make_story, facilitator=True)
    for _ in range(2):
        to_phase(d, Phase.CHOICE)
        d.post_key("c", NONE)  # past the Discuss card, where there is one
        d.post_key("1", NONE)
    ended(d)
    press(d, "What if?")
    press(d, "Decision 1")
    page = app.manager.top
    assert isinstance(page, SceneScreen) and page.discuss is not None
    assert app.toasts.text != WHAT_IF_TOAST
    app.close()


def test_backing_out_of_chapter_select_forgets_the_chapter(
    tmp_path: Path, make_story: StoryFactory
) -> None:
    app, d = playing(tmp_path, make_story, facilitator=True)
    app.nav.open_chapters()
    press(d, "Chapter 2: Alex")
    assert d.click_label("Back")  # the questions' Back: to the title
    start_game(app, d)
    assert runner(app).state.checkpoint is None and runner(app).state.scene == "hello"
    app.close()
