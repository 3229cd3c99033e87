"""A story's own look: its title picture and first-launch preview line (story.yaml), its title in
the quit question, and the picture `reconnect new` starts a story with."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game.authoring.check import check_story
from game.engine.loader import StoryCache
from game.window.screens.intro import PREVIEW, SetupScreen
from game.window.screens.overlays import ConfirmScreen
from game.window.screens.title import TitleScreen
from game.window.widgets import Card

from .harness import make_app, start_game, starter


def preview_text(screen: SetupScreen) -> str:
    cards = [w for w in screen.column.widgets if isinstance(w, Card)]
    return " ".join(line.text for card in cards for line in card.lines)


def test_new_starts_a_story_with_its_own_picture_and_preview(tmp_path: Path) -> None:
    story = starter(tmp_path / "s")
    assert (tmp_path / "s" / "assets" / "images" / "room.png").is_file()
    assert story.title_image == "room" and story.scenes["desk"].background == "room"
    result = check_story(tmp_path / "s", cache=StoryCache())
    assert [d.format() for d in result.diagnostics] == []  # the picture is found: no R105
    app, _ = make_app(tmp_path / "data", story, setup_done=False)
    top = app.manager.top
    assert isinstance(top, SetupScreen)
    assert preview_text(top) == "The card is blank. You have owed this apology for a year."
    app.close()


def test_a_story_without_a_title_picture_or_preview_shows_none_of_the_shipped_ones(
    tmp_path: Path,
) -> None:
    story = replace(starter(tmp_path / "s"), title_image=None, preview=None)
    app, _ = make_app(tmp_path / "data", story, setup_done=False)
    top = app.manager.top
    assert isinstance(top, SetupScreen) and preview_text(top) == PREVIEW
    assert "Maya" not in PREVIEW
    app.close()
    app, _ = make_app(tmp_path / "data2", story)
    title = app.manager.top
    assert isinstance(title, TitleScreen) and title.backdrop_image() is None
    assert app.nav.backdrop_image() is None
    app.close()


def test_quitting_with_unsaved_progress_names_the_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    monkeypatch.setattr(type(app.saving), "has_unsaved_progress", lambda self: True)
    app.nav.request_quit()
    top = app.manager.top
    assert isinstance(top, ConfirmScreen) and top.heading == "Quit The Letter?"
    app.close()
