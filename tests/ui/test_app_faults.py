"""The window under attack (issue 15, items 1, 2, 4 and 5): saved means written, a full disk
never quits silently, a new game asks first, SIGTERM saves and exits, an unwritable log never
stops saving."""

from __future__ import annotations

import errno
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pygame
import pytest

import game.engine.session as session_module
from game.engine.runner import Phase
from game.persistence.errors import Reason, SaveError
from game.persistence.saves import read_save, slot_path
from game.window.app import App
from game.window.driver import AppDriver
from game.window.navigator import NOT_SAVED, REPLACE
from game.window.screens.overlays import ConfirmScreen
from game.window.screens.saves import SavesScreen
from game.window.screens.scene import SceneScreen

from .harness import make_app, runner, start_game, starter, to_phase

NONE: frozenset[str] = frozenset()
SHOTS = Path(__file__).parents[1] / "_out" / "ui"


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, **_: Any) -> None:
        raise SaveError(Reason.DISK_FULL, Path(path), "no space left on device")

    monkeypatch.setattr(session_module, "write_save", refuse)


def _read_on(d: AppDriver) -> None:
    """Read one more line past the last autosave."""
    d.post_key("space", NONE)
    d.step(5)
    d.post_key("space", NONE)


def _quit_asks(app: App, d: AppDriver) -> ConfirmScreen:
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.step(0)
    top = app.manager.top
    assert app.running and isinstance(top, ConfirmScreen)
    return top


def test_a_failed_autosave_is_not_saved_and_quit_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    _full_disk(monkeypatch)
    d.post_key("1", NONE)  # the autosave of this decision fails: nothing read on since
    assert app.saving.has_unsaved_progress()
    assert app.toasts.text is not None and "no space left" in app.toasts.text
    dialog = _quit_asks(app, d)
    assert NOT_SAVED in [getattr(w, "text", "") for w in dialog.column.widgets]
    assert d.find_label("Save and quit") is not None
    app.close()


def test_save_and_quit_on_a_full_disk_says_so_and_offers_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    d.post_key("1", NONE)
    _read_on(d)
    _full_disk(monkeypatch)
    _quit_asks(app, d)
    assert d.click_label("Save and quit")
    assert app.running  # not quit with the progress lost
    assert d.find_label("Try again") is not None
    d.shot(SHOTS / "w1-save-and-quit-full-disk.png")
    monkeypatch.undo()  # the disk has room again
    assert d.click_label("Try again")
    assert not app.running
    assert read_save(slot_path(app.saves, "auto")).state == runner(app).to_json()
    app.close()


def test_an_unwritable_log_never_stops_saving(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs" / "reconnect.log").mkdir(parents=True)  # the log file cannot be opened
    app, d = make_app(data, starter(tmp_path / "s"))
    start_game(app, d)
    app.worker.submit("settings", lambda: (_ for _ in ()).throw(OSError(errno.EROFS, "ro")))
    to_phase(d, Phase.CHOICE)
    d.post_key("1", NONE)
    assert app.worker.alive and app.worker.flush()
    state = runner(app).to_json()
    d.post_key("s", frozenset({"ctrl"}))
    assert read_save(slot_path(app.saves, "quick")).state == state
    app.close()


def test_a_new_game_asks_and_keeps_the_last_one(tmp_path: Path) -> None:
    story = starter(tmp_path / "s")
    app, d = make_app(tmp_path / "data", story)
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    d.post_key("2", NONE)
    first = runner(app).to_json()
    app.close()

    app, d = make_app(tmp_path / "data", story)
    assert d.click_label("New game")
    assert isinstance(app.manager.top, ConfirmScreen) and app.manager.top.kind == "new"
    d.shot(SHOTS / "w1-new-game-asks.png")
    assert d.click_label("Cancel")
    assert app.runner is None
    assert d.click_label("New game")
    assert d.click_label("New game")  # the dialog's answer
    start_game_from_intro(app, d)
    assert read_save(slot_path(app.saves, "auto-1")).state == first
    d.post_key("escape", NONE)
    assert d.click_label("Load")
    page = app.manager.top
    assert isinstance(page, SavesScreen)
    assert d.find_label("Earlier autosave") is not None
    d.shot(SHOTS / "w1-load-earlier-autosave.png")
    app.close()
    assert REPLACE.startswith("Your game in progress is kept")


def start_game_from_intro(app: App, d: AppDriver) -> None:
    """After New game: through the content note and questions, into the story."""
    if app.story.content_note:
        assert d.click_label("Continue")
    if app.story.questions:
        assert d.click_label("Begin")
    assert isinstance(app.manager.top, SceneScreen)


# --- signals ---------------------------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import json, os, sys, threading
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from pathlib import Path
    from game.authoring.starter import write_starter
    from game.engine.loader import load_story
    from game.engine.runner import Phase
    from game.persistence.settings import SETTINGS_FILE, Settings, save_settings
    from game.window.app import App
    from game.window.clock import FakeClock
    from game.window.driver import AppDriver
    from game.window.options import WindowOptions
    import pygame

    base, folder, frozen = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "frozen"
    write_starter(folder)
    story = load_story(folder, cache=None).story
    base.mkdir(parents=True, exist_ok=True)
    save_settings(base / SETTINGS_FILE, Settings(setup_done=True))
    pygame.init()
    app = App(story, WindowOptions(headless=True, size=(800, 600)), base, clock=FakeClock())
    app.stop_signals.grace = 1.0
    d = AppDriver(app)
    d.step(0)
    assert d.click_label("New game")
    if story.content_note:
        assert d.click_label("Continue")
    if story.questions:
        assert d.click_label("Begin")
    for _ in range(50):  # read on past the last autosave: progress only the signal can save
        if app.runner.phase is Phase.BEAT and app.saving.has_unsaved_progress():
            break
        d.post_key("1" if app.runner.phase is Phase.CHOICE else "space")
        d.step(5)
    assert app.saving.has_unsaved_progress()
    if frozen:
        app.saving.autosave()  # queued: the one thing a frozen window can still save
    pump, state = app.pump, json.dumps(app.runner.to_json())

    def first_pump(events):
        # The loop runs, so the signal handlers are in place: the parent may send its signal.
        app.pump = pump
        print(state, flush=True)
        if frozen:
            threading.Event().wait()  # the loop never comes back: the window looks frozen
        return pump(events)

    app.pump = first_pump
    pygame.event.post(pygame.event.Event(app.wake_event))  # the loop's first wait returns
    code = app.run()
    app.close()
    sys.exit(code)
    """
)


def _signalled(tmp_path: Path, sig: int, mode: str) -> tuple[int, dict[str, Any]]:
    """Run a window in a child, send `sig` once it is playing; (exit code, its state then)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(tmp_path / "data"), str(tmp_path / "s"), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 60)
        line = child.stdout.readline() if ready else ""
        assert line, child.communicate(timeout=30)[1]
        state = json.loads(line)
        child.send_signal(sig)
        code = child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    return code, state


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_autosaves_and_exits(tmp_path: Path, sig: int) -> None:
    code, state = _signalled(tmp_path, sig, "playing")
    assert code == 0
    assert read_save(slot_path(tmp_path / "data" / "saves", "auto")).state == state


def test_a_frozen_window_still_exits_on_sigterm(tmp_path: Path) -> None:
    code, state = _signalled(tmp_path, signal.SIGTERM, "frozen")
    assert code == 128 + signal.SIGTERM
    assert read_save(slot_path(tmp_path / "data" / "saves", "auto")).state == state
