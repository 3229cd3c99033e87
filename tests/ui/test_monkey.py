"""A monkey at the keyboard: thousands of random events on every screen, from several seeds.

Keys with modifiers, clicks (anywhere, and on whatever is clickable), the wheel, typing,
resizes down to tiny windows, focus loss and close requests, with jumps to every screen on the
way. Nothing may raise, and the app must never have fallen back to its error page.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from game.engine.diagnostics import Code, Diagnostic
from game.engine.model import Span, Story
from game.engine.runner import Phase
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.intro import SetupScreen
from game.window.screens.overlays import DiagnosticsScreen
from game.window.screens.pages import ErrorScreen

from .harness import make_app, shipped, starter

KEYS = [
    "space",
    "return",
    "escape",
    "backspace",
    "z",
    "h",
    "1",
    "2",
    "3",
    "9",
    "up",
    "down",
    "left",
    "right",
    "tab",
    "pageup",
    "pagedown",
    "home",
    "end",
    "f1",
    "f11",
    "s",
    "l",
    "r",
    "?",
    "a",
    "delete",
]
MODS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset(),
    frozenset(),
    frozenset({"ctrl"}),
    frozenset({"shift"}),
    frozenset({"alt"}),
    frozenset({"ctrl", "shift"}),
)
SIZES = ((1024, 768), (800, 600), (1280, 720), (1366, 768), (640, 400), (1920, 1080))
EVENTS = 800


def jumps(app: App) -> list[Callable[[], None]]:
    """Ways straight to every screen, so the monkey visits them all."""

    def error() -> None:
        app.manager.switch(ErrorScreen(app, "MonkeyError: a test error", str(app.log_path)))

    def ending() -> None:
        app.nav.begin_game({})
        runner = app.runner
        assert runner is not None
        for _ in range(10_000):
            if runner.phase is Phase.ENDED:
                break
            if runner.phase is Phase.CHOICE:
                runner.choose(len(runner.options) - 1)
            else:
                runner.advance()
        app.nav.reached_ending()

    def diagnostics() -> None:
        span = Span("story/01.yaml", 3, 5, 9)
        problem = Diagnostic(Code.UNKNOWN_SCENE, "unknown scene 'x'", span, "    goto: x")
        app.manager.push(DiagnosticsScreen(app, [problem]))

    return [
        app.nav.show_title,
        app.nav.new_game,
        lambda: app.nav.begin_game({}),
        app.nav.open_menu,
        app.nav.open_history,
        app.nav.open_help,
        app.nav.open_settings,
        lambda: app.nav.open_saves("save"),
        lambda: app.nav.open_saves("load"),
        app.nav.open_gallery,
        app.nav.request_quit,
        app.nav.leave_to_title,
        app.reloader.reload,
        app.saving.quick_save,
        app.saving.quick_load,
        error,
        ending,
        diagnostics,
        lambda: app.manager.switch(SetupScreen(app)),
    ]


def monkey(app: App, driver: AppDriver, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    ways = jumps(app)
    for n in range(EVENTS):
        if n % 20 == 0:
            # Every screen in turn, and back into a game every other time.
            k = n // 20
            if k % 2:
                ways[(k // 2) % len(ways)]()
            else:
                app.nav.begin_game({})
        roll = rng.random()
        if roll < 0.42:
            driver.post_key(rng.choice(KEYS), rng.choice(MODS))
        elif roll < 0.58:
            targets = app.targets()
            if targets and rng.random() < 0.6:
                _, rect = rng.choice(targets)
                driver.click(*app.display.to_window(rect.center))
            else:
                w, h = app.display.window.get_size()
                driver.click(rng.randrange(w), rng.randrange(h))
        elif roll < 0.64:
            driver.scroll(rng.choice((-3, -1, 1, 2)))
        elif roll < 0.68:
            w, h = app.display.window.get_size()
            pos = (rng.randrange(w), rng.randrange(h))
            pygame.event.post(
                pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
            )
            button = rng.choice((1, 3))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
            driver.step(0)
        elif roll < 0.70:
            driver.resize(*rng.choice(SIZES))
        elif roll < 0.74:
            kind = rng.choice(
                (pygame.WINDOWFOCUSLOST, pygame.WINDOWLEAVE, pygame.WINDOWFOCUSGAINED)
            )
            pygame.event.post(pygame.event.Event(kind))
            driver.step(0)
        elif roll < 0.76:
            pygame.event.post(pygame.event.Event(pygame.QUIT))
            driver.step(0)
        elif roll < 0.80:
            driver.type_text(rng.choice(("Sam", " ", "Zoë", "??", "ab\u200bc")))
        else:
            driver.step(rng.choice((0.0, 0.05, 0.3, 1.5)))
        if not app.running:
            app.running = True  # a granted close request: carry on monkeying
        name = type(app.manager.top).__name__
        seen[name] = seen.get(name, 0) + 1
        assert not app.errors, app.errors[0]
    return seen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_monkey_on_the_starter_story(tmp_path: Path, seed: int) -> None:
    run(tmp_path, starter(tmp_path / "story"), seed)


def test_monkey_on_the_shipped_story(tmp_path: Path) -> None:
    run(tmp_path, shipped(), 4)


def run(tmp_path: Path, story: Story, seed: int) -> None:
    app, driver = make_app(tmp_path / "data", story)
    try:
        seen = monkey(app, driver, seed)
        app.worker.flush()
        failures = app.worker.failures()
        assert not failures, failures
    finally:
        app.close()
    # The jumps and the random input between them reach every screen.
    for screen in ("TitleScreen", "SceneScreen", "MenuScreen", "SettingsScreen", "EndingScreen"):
        assert screen in seen, (screen, seen)
