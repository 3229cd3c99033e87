"""Reference screenshots of the whole window: title, a dialogue beat, a choice, history, menu,
settings, the load page and an ending, at 1024×768, 1280×720 and 1920×1080.

The small starter story is used (its text is stable and it has no pictures, so scenes show the
theme's plain colour); the title screen shows the shipped title picture. A mismatch writes the
actual image, a diff and a side-by-side sheet to tests/_out/ui/; `UPDATE_REFS=1` re-records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from game.engine.runner import Phase
from game.persistence.saves import read_save, slot_path, write_save
from game.window.app import App
from game.window.driver import AppDriver

from .harness import frame, make_app, runner, start_game, starter, to_phase
from .screenshot import assert_matches_reference

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
FIXED = datetime(2025, 5, 3, 14, 2, tzinfo=timezone.utc)
NO_MODS: frozenset[str] = frozenset()


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Save times are shown in local time; pin it so the references match anywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def pin_save_time(app: App, slot: str) -> None:
    """Rewrite a save with a fixed time (its picture stays as the game drew it)."""
    app.worker.flush()
    path = slot_path(app.saves, slot)
    save = read_save(path)
    write_save(
        path,
        story_id=save.story_id,
        story_hash=save.story_hash,
        story_version=save.story_version,
        label=save.label,
        scene=save.scene,
        state=save.state,
        now=FIXED,
    )


def settle(driver: AppDriver) -> None:
    """Let the typewriter, the chapter banner and any toast finish."""
    driver.step(8)


def _choice(app: App, d: AppDriver) -> None:
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    settle(d)


def _dialogue(app: App, d: AppDriver) -> None:
    _choice(app, d)
    d.post_key("1", NO_MODS)  # "Write what you did, plainly" -> the friend's reply
    to_phase(d, Phase.BEAT)
    while runner(app).line is not None and runner(app).line.name is None:  # type: ignore[union-attr]
        d.post_key("space", NO_MODS)
        settle(d)
        d.post_key("space", NO_MODS)
    settle(d)


def _history(app: App, d: AppDriver) -> None:
    _dialogue(app, d)
    d.post_key("pageup", NO_MODS)


def _menu(app: App, d: AppDriver) -> None:
    _dialogue(app, d)
    d.post_key("s", frozenset({"ctrl"}))  # a quick save, for the load page
    settle(d)
    assert d.click_label("Menu")


def _settings(app: App, d: AppDriver) -> None:
    _menu(app, d)
    assert d.click_label("Settings")


def _load(app: App, d: AppDriver) -> None:
    _menu(app, d)
    assert d.click_label("Save")
    assert d.click_label("Slot 1")
    d.post_key("escape", NO_MODS)
    for slot in ("auto", "quick", "1"):
        pin_save_time(app, slot)
    assert d.click_label("Load")
    settle(d)


def _ending(app: App, d: AppDriver) -> None:
    _dialogue(app, d)
    to_phase(d, Phase.ENDED)
    settle(d)


# Each screen is reached from a fresh game, so one screen's change fails only its own test.
SCREENS: dict[str, Callable[[App, AppDriver], None]] = {
    "title": lambda app, d: None,
    "choice": _choice,
    "dialogue": _dialogue,
    "history": _history,
    "menu": _menu,
    "settings": _settings,
    "load": _load,
    "ending": _ending,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_window_screen(tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    story = starter(tmp_path / "story")
    app, d = make_app(tmp_path / "data", story, size=size)
    try:
        SCREENS[screen](app, d)
        image = frame(app)
    finally:
        app.close()
    assert_matches_reference(image, f"window-{screen}-{size[0]}x{size[1]}")
