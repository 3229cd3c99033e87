"""Fault injection for saving (issue 15, items 1 and 2): a disk that refuses, saves that cannot
be read, a log that cannot be written. Each test reproduces an attack that once lost progress."""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import threading
from pathlib import Path

import pytest
from test_saves import resign

from game.engine.loader import StoryCache, load_story
from game.engine.model import Story
from game.engine.runner import Phase
from game.engine.session import Session
from game.persistence.errors import Reason
from game.persistence.saves import read_save, slot_path
from game.terminal.play import TextGame, TextOptions
from game.window.logfile import SafeFileHandler
from game.window.worker import Worker, WriterStopped

CASE = Path(__file__).parent / "transcripts" / "questions-saves" / "story"


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(CASE, cache=StoryCache())
    assert result.story is not None
    return result.story


def _game(story: Story, saves: Path, years: int) -> Session:
    """A session whose new game (told apart by `years`) is autosaved at its first choice."""
    session = Session(story, saves)
    assert session.new_game({"years": years}).ok
    while session.runner.phase is Phase.BEAT:
        session.advance()
    assert session.autosave().ok
    return session


def _years(saves: Path, slot: str) -> object:
    return read_save(slot_path(saves, slot)).state["answers"]["years"]


# --- item 2: a new game never silently replaces the last one ---------------------------------


def test_new_games_keep_the_last_games_autosaves(story: Story, tmp_path: Path) -> None:
    for years in (3, 4, 5, 6):
        _game(story, tmp_path, years)
    assert [_years(tmp_path, s) for s in ("auto", "auto-1", "auto-2")] == [6, 5, 4]
    assert not slot_path(tmp_path, "auto-3").exists()  # only three are kept
    assert slot_path(tmp_path, "auto-1").with_suffix(".json.bak").is_file()  # backups move too


def test_an_unreadable_autosave_is_moved_along_then_set_aside(story: Story, tmp_path: Path) -> None:
    _game(story, tmp_path, 3)
    damaged = b'{"schema": 99, "not": "a save we can read"}\n'
    slot_path(tmp_path, "auto").write_bytes(damaged)
    slot_path(tmp_path, "auto").with_suffix(".json.bak").unlink()
    _game(story, tmp_path, 4)
    assert slot_path(tmp_path, "auto-1").read_bytes() == damaged  # kept, byte for byte
    _game(story, tmp_path, 5)
    session = Session(story, tmp_path)
    outcome = session.new_game({"years": 6})  # the damaged one would now fall off the end
    assert outcome.ok and len(outcome.set_aside) == 1
    (aside,) = outcome.set_aside
    assert aside.read_bytes() == damaged and "unreadable" in aside.name
    assert aside.parent == tmp_path


def test_a_disk_that_refuses_to_rotate_leaves_the_autosave_alone(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _game(story, tmp_path, 3)
    before = slot_path(tmp_path, "auto").read_bytes()

    def refuse(*_: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    session = Session(story, tmp_path)
    outcome = session.new_game({"years": 9})
    assert outcome.error is not None and outcome.error.reason is Reason.UNWRITABLE
    assert slot_path(tmp_path, "auto").read_bytes() == before
    assert session.unsaved or not session.runner.history  # nothing claims to be saved
    monkeypatch.undo()
    assert session.autosave().ok and _years(tmp_path, "auto-1") == 3


def _terminal(story: Story, saves: Path, typed: str) -> tuple[TextGame, str]:
    out = io.StringIO()
    game = TextGame(story, io.StringIO(typed), out, TextOptions(saves=saves))
    assert game.run() == 0
    return game, out.getvalue()


def test_the_terminal_asks_before_replacing_a_game(story: Story, tmp_path: Path) -> None:
    _game(story, tmp_path, 7)
    game, said = _terminal(story, tmp_path, "\nq\n")  # Enter: no, go on with it
    assert "You have a game in progress (The Hall)." in said
    assert game.session.runner.state.answers["years"] == 7
    assert not slot_path(tmp_path, "auto-1").exists()
    game, said = _terminal(story, tmp_path, "y\nRobin\n\n8\n\nq\n")
    assert game.session.runner.state.answers["years"] == 8
    assert _years(tmp_path, "auto-1") == 7  # the old game is the earlier autosave


def test_a_game_in_progress_that_cannot_go_on_leads_into_a_new_game(
    story: Story, tmp_path: Path
) -> None:
    """The autosave reads (its checksum is right) but points past its scene's last line: the
    terminal says so and starts a new game, keeping that save as the earlier autosave."""
    _game(story, tmp_path, 7)
    path = slot_path(tmp_path, "auto")
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["state"]["beat"] = 99
    path.write_bytes(resign(saved))
    damaged = path.read_bytes()
    game, said = _terminal(story, tmp_path, "\nRobin\n\n8\n\nq\n")  # Enter: go on with it
    assert "the save is damaged" in said and "Starting a new game instead" in said
    assert game.session.runner.state.answers["years"] == 8
    assert slot_path(tmp_path, "auto-1").read_bytes() == damaged  # kept, not lost


# --- item 1: logging never raises, the writer never dies silently ----------------------------


class _Exploding(logging.Handler):
    """A handler whose file cannot be opened: it raises out of `emit`, as FileHandler did."""

    def emit(self, record: logging.LogRecord) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "reconnect.log")


def test_a_failing_job_whose_log_raises_does_not_kill_the_writer() -> None:
    logger = logging.getLogger("game.window.worker")
    handler = _Exploding()
    logger.addHandler(handler)
    worker = Worker()
    done: list[str] = []
    try:

        def fail() -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        worker.submit("save:auto", fail)
        worker.submit("save:quick", lambda: done.append("quick"))
        assert worker.flush(timeout=10)
        assert worker.alive and done == ["quick"]
        assert [key for key, _ in worker.failures()] == ["save:auto"]
    finally:
        logger.removeHandler(handler)
        worker.close()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_dead_writer_is_reported_and_flush_gives_up() -> None:
    worker = Worker()

    def die() -> None:
        raise SystemExit  # not an Exception: the one thing that still ends the thread

    worker.submit("save:auto", die)
    worker._thread.join(10)
    assert not worker.alive
    worker.submit("save:quick", lambda: None)
    assert not worker.flush(timeout=1)
    assert [type(exc) for _, exc in worker.failures()] == [WriterStopped]


def test_flush_has_a_timeout() -> None:
    worker = Worker()
    gate = threading.Event()
    worker.submit("save:auto", lambda: gate.wait(10) and None)
    try:
        assert not worker.flush(timeout=0.01)
    finally:
        gate.set()
        assert worker.flush(timeout=10)
        worker.close()


def test_a_log_file_that_cannot_be_opened_goes_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reconnect.log"
    folder.mkdir()  # opening it for writing fails, as on a read-only data folder
    handler = SafeFileHandler(folder)
    logger = logging.getLogger("test.faults.safe")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("background %s is missing", "dawn.png")
    finally:
        logger.removeHandler(handler)
    handler.close()
    assert "background dawn.png is missing" in capsys.readouterr().err


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_closing_the_log_on_a_full_disk_never_raises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = SafeFileHandler(tmp_path / "reconnect.log")
    handler.stream = _FullDisk()
    handler.emit(logging.LogRecord("game", logging.ERROR, __file__, 1, "lost?", (), None))
    handler.flush()
    handler.close()
    assert "lost?" in capsys.readouterr().err
