"""Live reload: saving a story file reloads the window at the same place, problems show in one
panel (never stacked, closed by the fix), and `reconnect check --watch` checks again on save.

Waits for the watcher are bounded (a generous deadline, then a failure); nothing is timed.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

from game.authoring.starter import write_starter
from game.authoring.watching import StoryFilter, story_changes
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.overlays import DiagnosticsScreen, HelpScreen

from .harness import make_app, runner, start_game, starter

DEADLINE = 60.0  # seconds: only a stalled machine gets near it
CTRL = frozenset({"ctrl"})
CHAPTER = "01_the_letter.yaml"


def wait_until(driver: AppDriver, done: Callable[[], bool]) -> None:
    """Run frames until `done()`; fail after DEADLINE seconds of real time."""
    end = time.monotonic() + DEADLINE
    while not done():
        assert time.monotonic() < end, "the window did not reload in time"
        driver.step(0)
        time.sleep(0.02)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def panels(app: App) -> list[DiagnosticsScreen]:
    return [s for s in app.manager.stack if isinstance(s, DiagnosticsScreen)]


def test_saving_a_file_reloads_the_window_at_the_same_place(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    app, d = make_app(tmp_path / "data", starter(folder), watch=True)
    try:
        start_game(app, d)
        d.post_key("space", frozenset())
        where = (runner(app).state.scene, runner(app).state.beat)
        edit(folder / CHAPTER, "You pick up a pen.", "You pick up a pen. It is out of ink.")
        wait_until(d, lambda: app.story.scenes["desk"].beats[1].text.source.endswith("ink."))
        assert (runner(app).state.scene, runner(app).state.beat) == where
        assert app.toasts.text is not None and app.toasts.text.startswith("Story reloaded")

        edit(folder / CHAPTER, "goto: vague", "goto: vauge")
        wait_until(d, lambda: bool(panels(app)))
        first = panels(app)[0]
        edit(folder / CHAPTER, "goto: vauge", "goto: vaguee")
        wait_until(d, lambda: panels(app) != [first])
        assert len(panels(app)) == 1  # the new report replaced the old one
        assert "vague" in app.story.scenes["desk"].targets  # the old story keeps running

        edit(folder / CHAPTER, "goto: vaguee", "goto: vague")
        wait_until(d, lambda: not panels(app))
        assert (runner(app).state.scene, runner(app).state.beat) == where
    finally:
        app.close()
    watcher = app.reloader.watcher
    assert watcher is not None and not watcher._thread.is_alive()


def test_a_fixed_reload_closes_the_report_even_under_another_screen(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    app, d = make_app(tmp_path / "data", starter(folder))
    start_game(app, d)
    edit(folder / CHAPTER, "goto: vague", "goto: vauge")
    d.post_key("r", CTRL)
    d.post_key("r", CTRL)
    assert len(panels(app)) == 1
    app.manager.push(HelpScreen(app))
    edit(folder / CHAPTER, "goto: vauge", "goto: vague")
    app.reloader.reload()
    assert not panels(app)
    assert isinstance(app.manager.top, HelpScreen)
    app.close()


def test_the_watcher_reports_story_files_and_ignores_others(tmp_path: Path) -> None:
    write_starter(tmp_path / "s")
    assert StoryFilter()(watchfiles.Change.modified, str(tmp_path / "s" / "story.yaml"))
    assert StoryFilter()(watchfiles.Change.added, str(tmp_path / "s" / "assets" / "x.png"))
    assert not StoryFilter()(watchfiles.Change.modified, str(tmp_path / "s" / "notes.txt"))
    assert not StoryFilter()(watchfiles.Change.modified, str(tmp_path / "s" / ".git" / "a.yaml"))
    stop = threading.Event()
    seen: queue.Queue[list[Path]] = queue.Queue()

    def watch() -> None:
        for changed in story_changes(tmp_path / "s", stop):
            seen.put(changed)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + DEADLINE
        while True:  # the watch may start after the first write: write until it is seen
            (tmp_path / "s" / "notes.txt").write_text("ignored", encoding="utf-8")
            edit(tmp_path / "s" / CHAPTER, "chapter:", "chapter:")
            (tmp_path / "s" / CHAPTER).touch()
            try:
                changed = seen.get(timeout=1.0)
                break
            except queue.Empty:
                assert time.monotonic() < deadline, "no change was reported"
        assert [p.name for p in changed] == [CHAPTER]
    finally:
        stop.set()
        thread.join(DEADLINE)
    assert not thread.is_alive()


def test_check_watch_checks_again_when_a_file_is_saved(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    write_starter(folder)
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "check", "--watch", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    for stream in (proc.stdout, proc.stderr):
        threading.Thread(target=lambda s=stream: [lines.put(x) for x in s], daemon=True).start()

    def read_until(word: str, save: Path | None = None) -> list[str]:
        """Lines up to one with `word`; `save` is saved again each second until then, as the
        watch may begin after the first save."""
        got: list[str] = []
        deadline = time.monotonic() + DEADLINE
        while not any(word in line for line in got):
            assert time.monotonic() < deadline, f"never printed {word!r}: {got}"
            try:
                got.append(lines.get(timeout=1.0))
            except queue.Empty:
                if save is not None:
                    save.touch()
        return got

    chapter = folder / CHAPTER
    try:
        read_until("Watching for changes")
        edit(chapter, "goto: vague", "goto: vauge")
        out = read_until("1 error", chapter)
        assert any(f"{CHAPTER} changed: checking again" in line for line in out)
        assert any("error R104: unknown scene 'vauge'" in line for line in out)
        edit(chapter, "goto: vauge", "goto: vague")
        read_until("0 errors", chapter)
    finally:
        proc.terminate()
        proc.wait(DEADLINE)
