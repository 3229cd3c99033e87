"""The terminal's command table: every command is understood, and `?` lists every one."""

from __future__ import annotations

import io
from pathlib import Path

from game.authoring.starter import write_starter
from game.engine.loader import load_story
from game.terminal.commands import COMMANDS, FACILITATOR_COMMANDS
from game.terminal.play import TextGame, TextOptions


def test_every_command_in_the_table_has_a_handler_and_no_other(tmp_path: Path) -> None:
    write_starter(tmp_path / "s")
    story = load_story(tmp_path / "s", cache=None).story
    assert story is not None
    game = TextGame(story, io.StringIO(), io.StringIO(), TextOptions(saves=tmp_path / "saves"))
    names = [name for command in COMMANDS for name in command.names]
    assert len(names) == len(set(names))
    assert set(game._commands()) == set(names)
    options = TextOptions(saves=tmp_path / "saves", facilitator=True)
    facilitating = TextGame(story, io.StringIO(), io.StringIO(), options)
    extra = [name for command in FACILITATOR_COMMANDS for name in command.names]
    assert set(facilitating._commands()) == set(names) | set(extra)
    assert len(set(names) | set(extra)) == len(names) + len(extra)


def test_help_lists_every_command(tmp_path: Path) -> None:
    """What `?` prints in a real game names every command of the table."""
    write_starter(tmp_path / "s")
    story = load_story(tmp_path / "s", cache=None).story
    assert story is not None
    out = io.StringIO()
    defaults = "\n" * len(story.questions)  # take each question's default answer
    reply = io.StringIO(defaults + "?\nq\n")
    game = TextGame(story, reply, out, TextOptions(saves=tmp_path / "saves"))
    game.run()
    shown = out.getvalue()
    assert "Type a choice's number" in shown
    for command in COMMANDS:
        assert command.usage in shown and command.help in shown


def test_meter_bars_line_up_whatever_the_labels() -> None:
    from game.terminal.play import meter_line

    width = len("Their trust")
    lines = [
        meter_line("Their trust", 3, 0, 10, width),
        meter_line("Patience", 7, 0, 10, width),
    ]
    assert lines[0].index("[") == lines[1].index("[")
    assert lines[1] == "Patience    [#######---] 7/10"
