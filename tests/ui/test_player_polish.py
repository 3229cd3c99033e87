"""Player-experience fixes: the facilitator badge beside page panels, the ending page read
from its top, and the title's Continue saying what it continues."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine.runner import Phase
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.common import PageScreen
from game.window.screens.pages import READ_FIRST, EndingScreen

from .harness import frame, make_app, runner, shipped, start_game, write_settings

NONE: frozenset[str] = frozenset()


def test_the_facilitator_badge_never_covers_a_page_panel(tmp_path: Path) -> None:
    """--facilitator --scale 2 at 1920×1080: on the story the badge shows in the top row; on a
    page it stays outside the panel (left out where the panel leaves no readable room)."""
    write_settings(tmp_path, reading_scale=2.0)
    app, d = make_app(tmp_path, shipped(), size=(1920, 1080), facilitator=True)
    assert app.console is not None
    start_game(app, d)
    d.step(2)
    frame(app)
    assert app.console.badge is not None  # the room sees the mode on the story
    for open_page in (app.nav.open_settings, app.nav.open_history, app.nav.open_gallery):
        open_page()
        d.step(1)
        page = app.manager.top
        assert isinstance(page, PageScreen)
        frame(app)
        badge = app.console.badge
        assert badge is None or not badge.colliderect(page.panel), (badge, page.panel)
        app.nav.close_top()
    app.close()


def to_ending(app: App, d: AppDriver) -> EndingScreen:
    """Play a new game quickly (option 1 each time) to its ending page."""
    start_game(app, d)
    for _ in range(3000):
        if isinstance(app.manager.top, EndingScreen):
            break
        game = runner(app)
        d.post_key("1" if game.phase is Phase.CHOICE else "space", NONE)
        d.step(0.02)
    ending = app.manager.top
    assert isinstance(ending, EndingScreen)
    return ending


def test_space_right_after_the_ending_appears_does_not_page_past_its_top(tmp_path: Path) -> None:
    """A player still pressing Space through the last lines sees the ending's title and summary:
    Space pages down only once the page has been up for a moment."""
    app, d = make_app(tmp_path, shipped(), size=(1280, 720))
    ending = to_ending(app, d)
    assert ending.column.max_scroll > 0
    for _ in range(3):
        d.post_key("space", NONE)  # the same breath as the last line's presses
    assert ending.column.scroll == 0
    d.step(READ_FIRST)
    d.post_key("space", NONE)
    assert ending.column.scroll > 0
    app.close()


def test_a_note_over_the_ending_page_leaves_its_title_and_buttons_clear(tmp_path: Path) -> None:
    """ "Loaded autosave: …" shows just above the footer, not over the ending's title."""
    app, d = make_app(tmp_path, shipped(), size=(1280, 720))
    ending = to_ending(app, d)
    d.step(10)
    plain = frame(app)
    app.toasts.show("Loaded autosave: The Call.")
    shown = frame(app)
    w, h = plain.get_size()
    changed = [
        (x, y)
        for y in range(0, h, 2)
        for x in range(0, w, 2)
        if plain.get_at((x, y)) != shown.get_at((x, y))
    ]
    assert changed
    note = pygame.Rect(changed[0], (1, 1)).unionall([pygame.Rect(p, (1, 1)) for p in changed])
    title = ending.column.widgets[1].rect
    assert not note.colliderect(title), (note, title)
    assert not any(note.colliderect(b.rect) for b in ending.footer)
    app.close()


def _note_rect(app: App, text: str) -> pygame.Rect:
    """Where a note shows over the current screen: the pixels it changes."""
    plain = frame(app)
    app.toasts.show(text)
    shown = frame(app)
    w, h = plain.get_size()
    changed = [
        pygame.Rect((x, y), (1, 1))
        for y in range(0, h, 2)
        for x in range(0, w, 2)
        if plain.get_at((x, y)) != shown.get_at((x, y))
    ]
    assert changed
    return changed[0].unionall(changed)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (800, 600)])
def test_a_note_over_the_game_menu_leaves_its_panel_clear(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """ "Loaded autosave: …" and the menu opened at once: the note beside the panel, not on it."""
    app, d = make_app(tmp_path, shipped(), size=size)
    start_game(app, d)
    d.post_key("escape", NONE)
    d.step(10)
    menu = app.manager.top
    assert isinstance(menu, PageScreen) and menu.heading == "Menu"
    note = _note_rect(app, "Loaded autosave: The Morning After.")
    assert not note.colliderect(menu.panel), (note, menu.panel)
    assert pygame.Rect((0, 0), size).contains(note)
    app.close()


def test_the_title_at_double_reading_size_shows_whole_rows_of_buttons(tmp_path: Path) -> None:
    """Reading size 2× on a full-HD projector: the buttons take two columns and the title's
    air above it, so at least two whole rows show above the hint (the rest scroll)."""
    from game.window.screens.title import TitleScreen

    write_settings(tmp_path, reading_scale=2.0)
    first, d = make_app(tmp_path, shipped(), size=(1920, 1080))
    start_game(first, d)
    d.post_key("space", NONE)
    d.step(1)
    first.close()  # an autosave: the title has its Continue card, three lines tall here
    app, d = make_app(tmp_path, shipped(), size=(1920, 1080))
    d.step(2)
    title = app.manager.top
    assert isinstance(title, TitleScreen)
    assert title.latest is not None
    frame(app)
    view = title.column.rect
    whole = [w for w in title.column.widgets if w.rect.height and view.contains(w.rect)]
    assert title.column.columns == 2 and len(whole) >= 4, (view, [w.rect for w in whole])
    app.close()
