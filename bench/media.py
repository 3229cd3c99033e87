"""Media benchmark: what portraits, sound and self-voicing add to a frame.

Plays a line with a portrait at 1920×1080 in the headless app, music and ambience running on
SDL's dummy audio driver, and prints, measured in one run against a floor taken the same way:
- the median frame with the portrait, as a ratio over the same frame with no portrait;
- the per-frame cost of following the soundscape and of self-voicing (on, with a silent
  backend), as a share of that floor frame.

Run: `python bench/media.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.engine.loader import load_story  # noqa: E402
from game.engine.runner import Phase  # noqa: E402
from game.persistence.settings import SETTINGS_FILE, Settings, save_settings  # noqa: E402
from game.resources import shipped_story  # noqa: E402
from game.window.app import App  # noqa: E402
from game.window.clock import FakeClock  # noqa: E402
from game.window.driver import AppDriver  # noqa: E402
from game.window.options import WindowOptions  # noqa: E402
from game.window.voicing import SelfVoicing  # noqa: E402

ROUNDS = 300


class Silent:
    """A speech backend that says nothing (the real one speaks on its own thread)."""

    def say(self, text: str, rate: int, volume: float) -> None:
        pass

    def close(self) -> None:
        pass


def median_ms(action: Callable[[], object]) -> float:
    """The median time of `action`, in milliseconds, over ROUNDS runs."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    pygame.init()
    story = load_story(shipped_story()).story
    assert story is not None
    base = Path(tempfile.mkdtemp())
    save_settings(base / SETTINGS_FILE, Settings(setup_done=True, self_voicing=True))
    app = App(story, WindowOptions(headless=True, size=(1920, 1080)), base, clock=FakeClock())
    app.voicing = SelfVoicing(
        *(app.voicing.enabled, app.voicing.rate, app.voicing.volume), lambda: Silent()
    )
    driver = AppDriver(app)
    app.session.new_game({})
    app.nav.show_scene()
    driver.step(0)
    scene = app.manager.top
    runner = app.runner
    assert runner is not None
    while runner.line is None or runner.line.portrait is None:
        runner.advance() if runner.phase is Phase.BEAT else runner.choose(0)
        scene.sync(reveal=False)  # type: ignore[union-attr]
    canvas = app.display.canvas
    with_face = median_ms(lambda: scene.draw(canvas))  # type: ignore[union-attr]
    face, scene.portrait = scene.portrait, None  # type: ignore[union-attr]
    floor = median_ms(lambda: scene.draw(canvas))  # type: ignore[union-attr]
    scene.portrait = face  # type: ignore[union-attr]
    sound = median_ms(lambda: app.audio.follow_game(app.runner))
    voice = median_ms(lambda: app.voicing.follow(scene))
    print(f"music {app.audio.music!r}, ambience {app.audio.ambience!r}, portrait {face!r}")
    print(f"frame without portrait (floor): {floor:.2f} ms")
    print(f"frame with portrait: {with_face:.2f} ms = {with_face / floor:.2f}× the floor")
    print(f"soundscape per frame: {sound * 1000:.1f} µs = {sound / floor:.2%} of the floor")
    print(f"self-voicing per frame: {voice * 1000:.1f} µs = {voice / floor:.2%} of the floor")
    app.close()
    pygame.quit()


if __name__ == "__main__":
    main()
