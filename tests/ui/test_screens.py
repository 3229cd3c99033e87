"""The screen manager: stack operations, lifecycle calls, the dirty flag and the clocks; and
the app's own frame loop (through the headless driver) running screens on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.window.clock import FakeClock
from game.window.screens import Screen, ScreenManager, wait_timeout_ms

from .harness import make_app, starter


class Probe(Screen):
    """A screen that records what happened to it."""

    def __init__(self, name: str, *, opaque: bool = True, animating: bool = False) -> None:
        super().__init__()
        self.name = name
        self.opaque = opaque
        self.animating = animating
        self.calls: list[str] = []
        self.elapsed = 0.0
        self.draws = 0

    def enter(self) -> None:
        self.calls.append("enter")

    def exit(self) -> None:
        self.calls.append("exit")

    def pause(self) -> None:
        self.calls.append("pause")

    def resume(self) -> None:
        self.calls.append("resume")

    def resize(self, size: tuple[int, int]) -> None:
        super().resize(size)
        self.calls.append(f"resize {size[0]}x{size[1]}")

    def handle_event(self, event: pygame.event.Event) -> bool:
        self.calls.append(f"event {pygame.event.event_name(event.type)}")
        return event.type == pygame.KEYDOWN

    def update(self, dt: float) -> bool:
        self.elapsed += dt
        return self.animating and dt > 0

    def next_wake(self) -> float | None:
        return 0.0 if self.animating else None

    def draw(self, surface: pygame.Surface) -> None:
        self.draws += 1
        surface.fill(
            (10, 20, 30) if self.opaque else (200, 0, 0),
            None if self.opaque else pygame.Rect(0, 0, 5, 5),
        )


def key(k: int = pygame.K_SPACE) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=" ", scancode=0)


def test_push_pop_switch_replace_call_the_lifecycle_in_order() -> None:
    m = ScreenManager((800, 600), FakeClock())
    a, b, c, d = Probe("a"), Probe("b"), Probe("c"), Probe("d")
    m.push(a)
    assert a.calls == ["resize 800x600", "enter"] and a.manager is m
    m.push(b)
    assert a.calls[-1] == "pause" and m.top is b
    assert m.pop() is b
    assert b.calls[-1] == "exit" and b.manager is None and a.calls[-1] == "resume"
    m.replace(c)
    assert a.calls[-1] == "exit" and m.stack == [c]
    m.push(d)
    m.switch(a)
    assert c.calls[-1] == "exit" and d.calls[-1] == "exit" and m.stack == [a]
    m.pop()
    with pytest.raises(IndexError):
        m.pop()


def test_only_the_top_screen_gets_events() -> None:
    m = ScreenManager((800, 600), FakeClock())
    a, b = Probe("a"), Probe("b")
    m.push(a)
    m.push(b)
    m.handle_event(key())
    assert "event KeyDown" in b.calls and "event KeyDown" not in a.calls


def test_redraw_only_after_a_change() -> None:
    surface = pygame.Surface((800, 600))
    m = ScreenManager((800, 600), FakeClock())
    a = Probe("a")
    m.push(a)
    assert m.draw(surface) is True  # first frame
    assert m.draw(surface) is False  # nothing changed
    assert m.next_wake() is None  # idle: the loop may wait for input
    m.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(1, 1), rel=(0, 0), buttons=(0, 0, 0))
    )
    assert m.draw(surface) is False  # the screen said the motion changed nothing
    m.handle_event(key())
    assert m.next_wake() == 0.0
    assert m.draw(surface) is True
    assert a.draws == 2


def test_resize_reaches_every_screen_and_redraws() -> None:
    surface = pygame.Surface((1024, 768))
    m = ScreenManager((800, 600), FakeClock())
    a, b = Probe("a"), Probe("b", opaque=False)
    m.push(a)
    m.push(b)
    m.draw(surface)
    m.resize((1024, 768))
    assert a.size == b.size == (1024, 768) == m.size
    assert a.calls[-1] == b.calls[-1] == "resize 1024x768"
    assert m.draw(surface)
    m.handle_event(pygame.event.Event(pygame.WINDOWEXPOSED))
    assert m.dirty


def test_overlay_draws_over_the_screen_below() -> None:
    surface = pygame.Surface((100, 100))
    m = ScreenManager((100, 100), FakeClock())
    base, overlay, top = Probe("base"), Probe("menu", opaque=False), Probe("full")
    m.push(base)
    m.push(overlay)
    m.draw(surface)
    assert base.draws == 1 and overlay.draws == 1
    assert surface.get_at((0, 0))[:3] == (200, 0, 0) and surface.get_at((50, 50))[:3] == (
        10,
        20,
        30,
    )
    m.push(top)
    m.draw(surface)
    assert base.draws == 1 and top.draws == 1  # an opaque screen hides everything below


def test_fake_clock_drives_updates_without_sleeping() -> None:
    clock = FakeClock(100.0)
    m = ScreenManager((100, 100), clock)
    a = Probe("a", animating=True)
    m.push(a)
    assert m.tick() == 0.0  # the first tick has nothing to measure from
    clock.advance(0.1)
    assert m.update() is True
    assert a.elapsed == pytest.approx(0.1)
    clock.advance(10.0)  # a stall is capped so animations do not jump
    m.update()
    assert a.elapsed == pytest.approx(0.1 + m.max_dt)
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_the_app_loop_runs_frames_while_a_screen_moves_and_rests_when_idle(
    tmp_path: Path,
) -> None:
    app, driver = make_app(tmp_path / "data", starter(tmp_path / "s"))
    clock = app.clock
    assert isinstance(clock, FakeClock)
    moving = Probe("moving", animating=True)
    app.manager.push(moving)
    start = clock.now()
    driver.step(1.0)
    assert clock.now() - start == pytest.approx(1.0)
    assert moving.elapsed == pytest.approx(1.0)
    assert 60 <= moving.draws <= 62  # one frame each 1/60 s, plus the push and the last
    idle = Probe("idle")
    app.manager.push(idle)
    driver.step(5.0)
    assert idle.draws == 1  # drawn once for the push, then the loop only waits
    app.close()


def test_wait_timeout() -> None:
    assert wait_timeout_ms(None) is None
    assert wait_timeout_ms(0.0) == 17
    assert wait_timeout_ms(2.5) == 2500
