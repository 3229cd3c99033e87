"""`advance` and `choose N` against the real window: they read on and pick as a player would,
and say at their line why they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.runner import Phase
from game.window.script import ScriptError, parse_script, run_script

from .harness import make_app, runner, start_game, starter


def test_advance_and_choose_play_the_starter_story_to_an_ending(tmp_path: Path) -> None:
    app, driver = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, driver)
    run_script(parse_script("advance\nchoose 2\nadvance\nchoose 2\nadvance"), driver, None)
    game = runner(app)
    assert game.phase is Phase.ENDED
    assert game.scene.id == "shrug"
    chosen = [h.text for h in game.history if h.kind == "choice"]
    assert chosen == ['Write that you\'re sorry "if they felt hurt".', "Send it anyway."]


def test_advance_stops_at_the_choices_without_picking_one(tmp_path: Path) -> None:
    app, driver = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, driver)
    run_script(parse_script("advance\nadvance"), driver, None)
    game = runner(app)
    assert game.phase is Phase.CHOICE and game.scene.id == "desk"


@pytest.mark.parametrize(
    ("script", "line", "message"),
    [
        ("choose 1", 1, "no choices are shown (advance reads on to them)"),
        ("advance\nchoose 3", 2, "only 2 choices shown, so there is no 3"),
    ],
)
def test_choose_says_why_it_cannot(tmp_path: Path, script: str, line: int, message: str) -> None:
    app, driver = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, driver)
    with pytest.raises(ScriptError) as caught:
        run_script(parse_script(script), driver, None)
    assert (caught.value.line, caught.value.message) == (line, message)
    assert runner(app).scene.id == "desk"


def test_advance_before_a_game_says_so(tmp_path: Path) -> None:
    _, driver = make_app(tmp_path / "data", starter(tmp_path / "s"))
    with pytest.raises(ScriptError) as caught:
        run_script(parse_script("advance"), driver, None)
    assert caught.value.message == "no story is being read (start or load a game first)"
