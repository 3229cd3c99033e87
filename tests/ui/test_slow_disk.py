"""The frame never waits for the disk: the title and the save/load pages ask the worker for
the slots and show "Loading…" until a (deliberately slow) reader has answered."""

from __future__ import annotations

import threading
from pathlib import Path

import pygame

from game.persistence.saves import SaveFile
from game.window.app import App
from game.window.clock import FakeClock
from game.window.options import WindowOptions
from game.window.screens.common import PageScreen
from game.window.screens.saves import SavesScreen
from game.window.screens.title import TitleScreen
from game.window.slots import LOADING, DiskSlots, SlotListing
from game.window.widgets import Card, Paragraph

from .harness import make_app, start_game, starter


class SlowSlots:
    """A real saves folder behind a disk that answers only when the test lets it."""

    def __init__(self, folder: Path) -> None:
        self.disk = DiskSlots(folder)
        self.gate = threading.Event()
        self.reads = 0

    def slots(self) -> SlotListing:
        self.gate.wait(10)
        self.reads += 1
        return self.disk.slots()

    def latest(self, story_id: str) -> SaveFile | None:
        self.gate.wait(10)
        self.reads += 1
        return self.disk.latest(story_id)


def saved_game(tmp_path: Path) -> Path:
    """A data folder whose autosave holds a game just begun (and its thumbnail)."""
    data = tmp_path / "data"
    app, d = make_app(data, starter(tmp_path / "s"))
    start_game(app, d)
    app.close()
    return data


def slow_app(tmp_path: Path, data: Path) -> tuple[App, SlowSlots]:
    slots = SlowSlots(data / "saves")
    pygame.event.clear()
    story = starter(tmp_path / "s")
    options = WindowOptions(headless=True, size=(1024, 768))
    return App(story, options, data, clock=FakeClock(), slots=slots), slots


def labels(app: App) -> list[str]:
    return [label for label, _ in app.targets()]


def texts(screen: PageScreen) -> list[str]:
    return [w.text for w in screen.column.widgets if isinstance(w, Paragraph)]


def test_the_title_shows_continue_once_the_worker_has_read_the_saves(tmp_path: Path) -> None:
    app, slots = slow_app(tmp_path, saved_game(tmp_path))
    assert app.pump([])  # the first frame is drawn while the disk has not answered
    title = app.manager.top
    assert isinstance(title, TitleScreen)
    assert LOADING in texts(title) and "Continue" not in labels(app)
    assert labels(app)[0] == "New game"
    slots.gate.set()
    assert app.worker.wait_reads(10)
    app.pump([])
    assert LOADING not in texts(title)
    assert labels(app)[0] == "Continue" and slots.reads == 1
    app.close()


def test_the_load_page_shows_its_cards_once_the_worker_has_read_them(tmp_path: Path) -> None:
    app, slots = slow_app(tmp_path, saved_game(tmp_path))
    app.nav.open_saves("load")
    assert app.pump([])
    page = app.manager.top
    assert isinstance(page, SavesScreen)
    assert LOADING in texts(page)
    assert not [w for w in page.column.widgets if isinstance(w, Card)]
    slots.gate.set()
    assert app.worker.wait_reads(10)
    app.pump([])
    cards = {w.title: w for w in page.column.widgets if isinstance(w, Card)}
    assert LOADING not in texts(page)
    assert cards["Autosave"].enabled and cards["Autosave"].image is not None
    assert not cards["Slot 1"].enabled  # empty
    app.close()
