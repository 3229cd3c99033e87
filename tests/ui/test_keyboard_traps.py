"""The keyboard traps of the first-run path, and a keyboard-only newcomer from the first launch
to an ending and its lesson page with only Enter, Space, arrows and number keys."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.engine.runner import Phase
from game.window.screens.intro import ContentNoteScreen, QuestionsScreen, SetupScreen
from game.window.screens.pages import EndingScreen
from game.window.screens.scene import SceneScreen
from game.window.screens.title import TitleScreen
from game.window.widgets import RadioRow, TextField

from .harness import make_app, runner, shipped

NONE: frozenset[str] = frozenset()


def test_a_keyboard_newcomer_reaches_an_ending_and_reads_its_lessons(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", shipped(), setup_done=False, size=(1280, 720))
    assert isinstance(app.manager.top, SetupScreen)
    d.post_key("return", NONE)  # Welcome: Enter is Continue
    assert isinstance(app.manager.top, TitleScreen)
    d.post_key("return", NONE)  # New game
    assert isinstance(app.manager.top, ContentNoteScreen)
    d.post_key("return", NONE)
    questions = app.manager.top
    assert isinstance(questions, QuestionsScreen)
    fields = questions.column.focusables()
    for field in fields:  # Enter moves on from each answer, and after the last one begins
        assert questions.focused is field
        assert isinstance(field, TextField | RadioRow)
        d.post_key("return", NONE)
    assert isinstance(app.manager.top, SceneScreen)
    picks = 0
    for _ in range(2000):
        game = runner(app)
        if game.phase is Phase.ENDED:
            break
        if game.phase is Phase.CHOICE:
            before = len(game.history)
            for _ in range(3):  # mashing Space at a choice picks nothing
                d.post_key("space", NONE)
            assert game.phase is Phase.CHOICE and len(game.history) == before
            d.post_key("1" if picks % 2 else "down", NONE)
            if game.phase is Phase.CHOICE:
                d.post_key("return", NONE)  # after an arrow, Enter picks the focused choice
            picks += 1
        else:
            d.post_key("space", NONE)
        d.step(0.05)
    assert runner(app).phase is Phase.ENDED and picks > 0
    d.step(1)
    ending = app.manager.top
    assert isinstance(ending, EndingScreen)
    assert ending.focused is not None and ending.focused.label != "Play again"  # type: ignore[attr-defined]
    scroll = ending.column.scroll
    for _ in range(3):
        d.post_key("space", NONE)  # still pressing on: it reads down the page
    assert app.manager.top is ending
    assert ending.column.max_scroll == 0 or ending.column.scroll > scroll
    app.close()


def test_names_page_replaces_defaults_keeps_answers_and_leads_to_begin(tmp_path: Path) -> None:
    story = shipped()
    app, d = make_app(tmp_path / "data", story)
    d.post_key("return", NONE)
    d.post_key("return", NONE)
    page = app.manager.top
    assert isinstance(page, QuestionsScreen)
    first = page.focused
    assert isinstance(first, TextField) and first.value  # pre-filled with the default
    d.type_text("Alex")
    assert first.value == "Alex"  # typing replaced the default instead of adding to it
    for _ in range(len(page.column.focusables()) - 1):
        d.post_key("down", NONE)
    d.post_key("down", NONE)  # from the last answer, Down goes to Begin, not to Back
    assert getattr(page.focused, "label", None) == "Begin"
    d.post_key("escape", NONE)  # back to the content note...
    assert isinstance(app.manager.top, ContentNoteScreen)
    d.post_key("return", NONE)  # ...and forward again: the answer is still there
    again = app.manager.top
    assert isinstance(again, QuestionsScreen)
    field = again.column.focusables()[0]
    assert isinstance(field, TextField) and field.value == "Alex"
    app.close()


def test_after_the_mouse_the_first_arrow_only_shows_focus(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", shipped(), setup_done=False)
    page = app.manager.top
    assert isinstance(page, SetupScreen)
    slider = page.column.focusables()[0]
    d.click(*slider.rect.center)  # the mouse puts focus on the slider without showing it
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=page.footer[0].rect.center, rel=(0, 0))
    )
    d.step(0)  # hover lights Continue: focus follows the pointer
    assert page.focused is page.footer[0] and not page.group.visible
    scale = app.ctx.metrics.reading_scale
    d.post_key("left", NONE)
    assert page.group.visible and app.ctx.metrics.reading_scale == scale  # nothing changed
    app.close()


def test_the_endings_chapter_is_not_named_on_screen(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", shipped())
    for _ in range(6):  # New game, the content note, then Enter through the four questions
        d.post_key("return", NONE)
    view = app.manager.top
    assert isinstance(view, SceneScreen)
    assert view.chapter_label() == "Chapter 1: The Morning After"
    endings = {sc.chapter for sc in app.story.scenes.values() if sc.ending is not None}
    assert len(endings) == 1  # the shipped story keeps its endings in a chapter of their own
    view.chapter = endings.pop()
    assert view.chapter_label() is None
    app.close()
