"""The screen framework: a `Screen` base class and the `ScreenManager` that stacks them
(the app's frame loop drives it; the headless driver runs that same loop).

One screen is on top and gets the input; overlays (menus, help) are pushed over it and the
screens beneath still draw when the overlay is not opaque. The manager keeps a dirty flag so the
loop redraws only after something changed, and asks the top screen when it next needs time
(`next_wake`) so an idle window can sleep in `pygame.event.wait` instead of spinning.
"""

from __future__ import annotations

import pygame

from ..clock import Clock, RealClock

# Events after which the window's pixels may be gone and must be drawn again.
_EXPOSE_EVENTS = frozenset(
    {
        pygame.VIDEOEXPOSE,
        pygame.WINDOWEXPOSED,
        pygame.WINDOWSHOWN,
        pygame.WINDOWRESTORED,
        pygame.WINDOWMAXIMIZED,
    }
)


class Screen:
    """One full-window state (title, scene, menu…). Subclasses override what they need.

    Lifecycle: `resize` (always before the first draw), `enter` when it becomes active,
    `pause`/`resume` when an overlay covers/uncovers it, `exit` when removed.
    """

    opaque = True
    """False for overlays: the screen below is drawn first and shows through."""

    def __init__(self) -> None:
        self.manager: ScreenManager | None = None
        self.size: tuple[int, int] = (0, 0)

    def enter(self) -> None:
        """Became the active screen (pushed or switched to)."""

    def exit(self) -> None:
        """Removed from the manager."""

    def pause(self) -> None:
        """Another screen was pushed on top of this one."""

    def resume(self) -> None:
        """The screen on top of this one was popped."""

    def resize(self, size: tuple[int, int]) -> None:
        """The window is now `size`; lay out again. The base class stores the size."""
        self.size = size

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event; True when something visible changed."""
        return False

    def update(self, dt: float) -> bool:
        """Advance animations by `dt` seconds; True when something visible changed."""
        return False

    def next_wake(self) -> float | None:
        """Seconds until `update` is next needed: 0 while animating, None to wait for input."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the whole screen (or, for an overlay, its part) onto `surface`."""


class ScreenManager:
    """A stack of screens, a dirty flag, and frame timing from a `Clock`."""

    def __init__(
        self, size: tuple[int, int], clock: Clock | None = None, *, max_dt: float = 0.25
    ) -> None:
        self.size = (int(size[0]), int(size[1]))
        self.clock: Clock = clock if clock is not None else RealClock()
        # A long stall (a dragged window, a slow disk) must not make animations jump.
        self.max_dt = max_dt
        self.stack: list[Screen] = []
        self.dirty = True
        self._last: float | None = None

    # --- the stack ---------------------------------------------------------------------------

    @property
    def top(self) -> Screen | None:
        """The active screen."""
        return self.stack[-1] if self.stack else None

    def _attach(self, screen: Screen) -> None:
        screen.manager = self
        screen.resize(self.size)

    def push(self, screen: Screen) -> None:
        """Put a screen on top (an overlay or a sub-screen); the one below is paused."""
        if self.stack:
            self.stack[-1].pause()
        self.stack.append(screen)
        self._attach(screen)
        screen.enter()
        self.dirty = True

    def pop(self) -> Screen:
        """Remove the top screen and resume the one below; returns the removed screen."""
        if not self.stack:
            raise IndexError("pop from an empty screen stack")
        screen = self.stack.pop()
        screen.exit()
        screen.manager = None
        if self.stack:
            self.stack[-1].resume()
        self.dirty = True
        return screen

    def remove(self, screen: Screen) -> None:
        """Take `screen` off the stack wherever it is (from the top, the one below resumes)."""
        if screen is self.top:
            self.pop()
            return
        self.stack.remove(screen)
        screen.exit()
        screen.manager = None
        self.dirty = True

    def replace(self, screen: Screen) -> None:
        """Swap the top screen for another (the rest of the stack stays)."""
        if self.stack:
            old = self.stack.pop()
            old.exit()
            old.manager = None
        self.stack.append(screen)
        self._attach(screen)
        screen.enter()
        self.dirty = True

    def switch(self, screen: Screen) -> None:
        """Clear the whole stack and show `screen` alone (e.g. title → scene)."""
        while self.stack:
            old = self.stack.pop()
            old.exit()
            old.manager = None
        self.push(screen)

    # --- the loop ----------------------------------------------------------------------------

    def resize(self, size: tuple[int, int]) -> None:
        """Lay every screen out again for `size` (a new window size, theme or reading size)."""
        self.size = (max(1, int(size[0])), max(1, int(size[1])))
        for screen in list(self.stack):
            screen.resize(self.size)
        self.dirty = True

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Exposes mark the window for drawing; everything else goes to the top screen."""
        if event.type in _EXPOSE_EVENTS:
            self.dirty = True
            return True
        top = self.top
        if top is not None and top.handle_event(event):
            self.dirty = True
            return True
        return False

    def tick(self) -> float:
        """Seconds since the previous tick, from the clock, capped at `max_dt`."""
        now = self.clock.now()
        dt = 0.0 if self._last is None else max(0.0, now - self._last)
        self._last = now
        return min(dt, self.max_dt)

    def update(self, dt: float | None = None) -> bool:
        """Advance the top screen (by the clock's time when `dt` is None)."""
        if dt is None:
            dt = self.tick()
        top = self.top
        if top is not None and top.update(dt):
            self.dirty = True
            return True
        return False

    def draw(self, surface: pygame.Surface) -> bool:
        """Draw if anything changed (from the topmost opaque screen up); True if it drew."""
        if not self.dirty:
            return False
        start = 0
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].opaque:
                start = i
                break
        if not self.stack or not self.stack[start].opaque:
            surface.fill((0, 0, 0))
        for screen in self.stack[start:]:
            screen.draw(surface)
        self.dirty = False
        return True

    def next_wake(self) -> float | None:
        """Seconds until the loop must run again without input (0: now; None: wait for input)."""
        if self.dirty:
            return 0.0
        top = self.top
        return top.next_wake() if top is not None else None


def wait_timeout_ms(wake: float | None, *, frame: float = 1 / 60) -> int | None:
    """Turn `next_wake()` into a `pygame.event.wait` timeout in ms (None: wait for input only).

    Animations (wake 0) still get a frame's worth of waiting so the loop yields the CPU.
    """
    if wake is None:
        return None
    return max(1, round(max(wake, frame) * 1000))
