"""Drive the whole window headless in tests: a data folder, a fake clock, real pygame events.

`make_app` opens the app on the dummy video driver with first-launch setup already done (unless
asked otherwise); `AppDriver` (the same driver `--script` uses) posts keys, clicks and wheel
turns and moves the fake clock.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pygame

from game.authoring.starter import write_starter
from game.engine.loader import load_story
from game.engine.model import Story
from game.engine.runner import Phase, Runner
from game.persistence.settings import SETTINGS_FILE, Settings, save_settings
from game.resources import shipped_story
from game.window.app import App
from game.window.clock import FakeClock
from game.window.driver import AppDriver
from game.window.options import WindowOptions
from game.window.screens.overlays import ConfirmScreen


def load(folder: Path) -> Story:
    """Load a story folder that must be free of errors."""
    result = load_story(folder, cache=None)
    assert result.ok and result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def starter(folder: Path) -> Story:
    """The small starter story (`reconnect new`), written into `folder`."""
    write_starter(folder)
    return load(folder)


@functools.lru_cache(maxsize=1)
def shipped() -> Story:
    """The shipped story (loaded once per test session)."""
    return load(shipped_story())


def write_settings(base: Path, **changes: Any) -> None:
    """A settings file with setup done (plus `changes`), as if the player had been here."""
    base.mkdir(parents=True, exist_ok=True)
    save_settings(base / SETTINGS_FILE, Settings(**{"setup_done": True, **changes}))


def make_app(
    base: Path,
    story: Story,
    *,
    size: tuple[int, int] = (1024, 768),
    setup_done: bool = True,
    **options: Any,
) -> tuple[App, AppDriver]:
    """A headless app on a fake clock, its first frame drawn."""
    if setup_done and not (base / SETTINGS_FILE).exists():
        write_settings(base)
    pygame.event.clear()
    app = App(
        story,
        WindowOptions(headless=True, size=size, **options),
        base,
        clock=FakeClock(),
    )
    driver = AppDriver(app)
    driver.step(0)
    return app, driver


def runner(app: App) -> Runner:
    """The game in progress (fails the test when there is none)."""
    assert app.runner is not None, f"no game in progress; top screen {app.manager.top!r}"
    return app.runner


def start_game(app: App, driver: AppDriver) -> None:
    """From the title: New game, through the content note and questions, into the story."""
    assert driver.click_label("New game")
    if isinstance(app.manager.top, ConfirmScreen):
        assert driver.click_label("New game")  # a game in progress: its autosave is kept
    if app.story.content_note:
        assert driver.click_label("Continue")
    if app.story.questions:
        assert driver.click_label("Begin")
    assert app.runner is not None


def to_phase(driver: AppDriver, phase: Phase, *, limit: int = 200) -> None:
    """Press Space (letting the typewriter finish) until the runner is in `phase`."""
    app = driver.app
    for _ in range(limit):
        if app.runner is not None and app.runner.phase is phase:
            return
        driver.post_key("space", frozenset())
        driver.step(0.05)
    raise AssertionError(f"never reached {phase}")


def frame(app: App) -> pygame.Surface:
    """The window as it looks now (drawn fresh)."""
    app.draw(force=True)
    return app.display.window.copy()
