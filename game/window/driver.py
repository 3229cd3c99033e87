"""The driver that headless scripts and tests play through: input becomes real pygame events
and the fake clock moves; every frame runs through the app's own `pump`."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pygame

from .clock import Clock, FakeClock
from .display import Display
from .screens.base import ScreenManager, wait_timeout_ms
from .worker import Worker

if TYPE_CHECKING:  # the scene screen and the runner are imported when a game is shown
    from .screens.scene import SceneScreen

_MODS = {"ctrl": pygame.KMOD_LCTRL, "shift": pygame.KMOD_LSHIFT, "alt": pygame.KMOD_LALT}
_TYPED = {"space": " ", "return": "\r", "tab": "\t"}
# A headless run waits this long at most for the worker's reads before a frame.
READ_WAIT = 30.0
# `advance` gives up after this many presses of Space: a story that reads on this long
# without a choice is a script waiting on the wrong screen.
MAX_PRESSES = 10_000


class Drivable(Protocol):
    """What the driver needs of the app."""

    clock: Clock
    display: Display
    manager: ScreenManager
    worker: Worker

    def pump(self, events: Iterable[pygame.event.Event]) -> bool:
        """One frame."""
        ...

    def draw(self, force: bool = False) -> bool:
        """Draw when anything changed."""
        ...

    def next_wake(self) -> float | None:
        """Seconds until the loop must run without input."""
        ...

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """What can be clicked, by label."""
        ...

    def resize_window(self, size: tuple[int, int]) -> None:
        """Resize the window."""

    def quit(self) -> None:
        """Stop the loop."""


def wait_for_events(timeout_ms: int | None) -> list[pygame.event.Event]:
    """Sleep until input (or `timeout_ms`), then every event waiting."""
    first = pygame.event.wait() if timeout_ms is None else pygame.event.wait(timeout_ms)
    events = [] if first.type == pygame.NOEVENT else [first]
    return events + pygame.event.get()


class AppDriver:
    """Plays a script (`game.window.script`) against an app: input becomes real pygame events.

    Before each frame it lets the worker finish its jobs (saves, slot listings, thumbnails),
    so a scripted run sees the same screens and the same "saved" state every time; a player's
    frames never wait for it. `wait_writes` False waits for reads only (tests of a slow disk).
    """

    frame_time = 1 / 60

    def __init__(self, app: Drivable, *, wait_writes: bool = True) -> None:
        self.app = app
        self.wait_writes = wait_writes

    def _settled(self) -> bool:
        worker = self.app.worker
        return worker.flush(READ_WAIT) if self.wait_writes else worker.wait_reads(READ_WAIT)

    def _frame(self, dt: float = 0.0) -> None:
        clock = self.app.clock
        if dt > 0 and isinstance(clock, FakeClock):
            clock.advance(dt)
        self._settled()
        self.app.pump(pygame.event.get())
        # What this frame asked the worker to do is shown before the script goes on.
        while self._settled() and self.app.worker.has_results:
            self.app.pump(())

    def _post(self, kind: int, **data: Any) -> None:
        pygame.event.post(pygame.event.Event(kind, data))

    def post_key(self, name: str, mods: Iterable[str] = frozenset()) -> None:
        """Press and release a key (and type its character, as a real keyboard would)."""
        mods = frozenset(mods)
        key = pygame.key.key_code(name)
        mod = 0
        for m in mods:
            mod |= _MODS[m]
        typed = _TYPED.get(name, name if len(name) == 1 else "")
        if "shift" in mods and typed.isalpha():
            typed = typed.upper()
        self._post(pygame.KEYDOWN, key=key, mod=mod, unicode=typed, scancode=0)
        if typed and typed.isprintable() and not mods & {"ctrl", "alt"}:
            self._post(pygame.TEXTINPUT, text=typed)
        self._post(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)
        self._frame()

    def type_text(self, text: str) -> None:
        """Typed text, one character at a time."""
        for ch in text:
            self._post(pygame.TEXTINPUT, text=ch)
        self._frame()

    def click(self, x: int, y: int) -> None:
        """A left click at a window position."""
        pos = (int(x), int(y))
        self._post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        self._post(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
        self._post(pygame.MOUSEBUTTONUP, pos=pos, button=1)
        self._frame()

    def find_label(self, label: str) -> pygame.Rect | None:
        """Where the visible item showing `label` is (exact match first, then a prefix)."""
        targets = self.app.targets()
        folded = label.casefold()
        for exact, prefix, loose in (
            (True, False, False),
            (False, True, False),
            (False, False, True),
        ):
            for text, rect in targets:
                if (
                    (exact and text == label)
                    or (prefix and text.startswith(label))
                    or (loose and text.casefold().startswith(folded))
                ):
                    return rect
        return None

    def click_label(self, label: str) -> bool:
        """Click the centre of the visible item showing `label`; False when there is none."""
        self.app.draw()  # layouts are current once a frame has been drawn
        rect = self.find_label(label)
        if rect is None:
            return False
        self.click(*self.app.display.to_window(rect.center))
        return True

    def _scene(self) -> SceneScreen | None:
        from .screens.scene import SceneScreen

        top = self.app.manager.top
        return top if isinstance(top, SceneScreen) else None

    def choose(self, n: int) -> str | None:
        """Press number key `n` at a choice; why it cannot be done, or None when done."""
        from game.engine.runner import Phase

        self._frame()
        scene = self._scene()
        if scene is None or scene.runner.phase is not Phase.CHOICE:
            return "no choices are shown (advance reads on to them)"
        if scene.discuss is not None:
            return "the Discuss card is up (key return shows the choices)"
        shown = len(scene.runner.options)
        if n > shown:
            return f"only {shown} choice{'' if shown == 1 else 's'} shown, so there is no {n}"
        self.post_key(str(n))
        return None

    def advance(self) -> str | None:
        """Press Space until choices or an ending show; why it cannot, or None when done."""
        from game.engine.runner import Phase

        self._frame()
        scene = self._scene()
        if scene is None:
            return "no story is being read (start or load a game first)"
        for _ in range(MAX_PRESSES):
            if scene is not self._scene() or scene.runner.phase is not Phase.BEAT:
                return None
            self.post_key("space")
        return f"still reading after {MAX_PRESSES:,} presses of Space"

    def scroll(self, n: int) -> None:
        """Turn the wheel `n` notches (positive = up)."""
        self._post(
            pygame.MOUSEWHEEL, x=0, y=int(n), flipped=False, precise_x=0.0, precise_y=float(n)
        )
        self._frame()

    def resize(self, w: int, h: int) -> None:
        """Resize the window."""
        self.app.resize_window((w, h))
        self._frame()

    def step(self, seconds: float) -> None:
        """Advance the simulated clock, running frames at 60 per second while anything moves
        (and jumping ahead when nothing does, which gives the same result faster)."""
        remaining = float(seconds)
        cap = self.app.manager.max_dt
        while remaining > 1e-9:
            wake = self.app.next_wake()
            # Frames at 60 fps while something moves; one jump to the end while nothing does.
            dt = remaining if wake is None else min(remaining, max(self.frame_time, min(wake, cap)))
            self._frame(dt)
            remaining -= dt
        self._frame()

    def sleep(self, seconds: float) -> None:
        """Run the normal loop for `seconds` of real time (the fake clock follows real time)."""
        end = time.monotonic() + max(0.0, seconds)
        last = time.monotonic()
        while True:
            now = time.monotonic()
            if now >= end:
                break
            timeout = wait_timeout_ms(self.app.next_wake())
            left = max(1, round((end - now) * 1000))
            events = wait_for_events(left if timeout is None else min(timeout, left))
            now = time.monotonic()
            if isinstance(self.app.clock, FakeClock):
                self.app.clock.advance(max(0.0, now - last))
            last = now
            self.app.pump(events)

    def shot(self, path: Path) -> None:
        """Save the window as it looks now as a PNG."""
        self._frame()
        self.app.draw(force=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.app.display.window, str(path))

    def quit(self) -> None:
        """End the run."""
        self.app.quit()
