"""The key table: every action in it works, and the help page lists every one of them."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.window import keys
from game.window.keys import KEY_TABLE, Scope, action_for
from game.window.screens.overlays import HelpScreen
from game.window.screens.scene import SceneScreen
from game.window.widgets import KeyRow

from .harness import make_app, start_game, starter


def keydown(key: int, mod: int = 0, text: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0)


def test_action_names_are_unique_and_dispatched_ones_have_keys() -> None:
    names = [a.name for a in KEY_TABLE]
    assert len(names) == len(set(names))
    for action in KEY_TABLE:
        assert action.labels and action.help
        assert bool(action.chords) == (action.scope is not Scope.WIDGETS), action.name


def test_every_window_and_scene_action_has_a_handler(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    assert set(app.key_handlers) == {a.name for a in keys.actions(Scope.WINDOW)}
    start_game(app, d)
    scene = app.manager.top
    assert isinstance(scene, SceneScreen)
    assert set(scene.key_handlers) == {a.name for a in keys.actions(Scope.SCENE)}
    app.close()


def test_the_help_page_lists_the_whole_table(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    d.post_key("f1")
    page = app.manager.top
    assert isinstance(page, HelpScreen)
    rows = [(w.keys, w.action) for w in page.column.widgets if isinstance(w, KeyRow)]
    # The facilitator's keys are listed only in facilitator mode (test_facilitator.py).
    player = [a for a in KEY_TABLE if a.scope is not Scope.FACILITATOR]
    assert rows == [(list(a.labels), a.help) for a in player]
    app.close()


def test_chords_follow_their_modifiers_and_typing() -> None:
    ctrl = pygame.KMOD_LCTRL
    assert action_for(keydown(pygame.K_s, ctrl), Scope.WINDOW) == "quick_save"
    assert action_for(keydown(pygame.K_s), Scope.WINDOW) is None
    assert action_for(keydown(pygame.K_s, ctrl), Scope.WINDOW, story=False) is None
    assert action_for(keydown(pygame.K_SLASH, 0, "?"), Scope.WINDOW) == "help"
    assert action_for(keydown(pygame.K_SLASH, 0, "?"), Scope.WINDOW, typing=True) is None
    assert action_for(keydown(pygame.K_F1), Scope.WINDOW, typing=True) == "help"
    assert action_for(keydown(pygame.K_BACKSPACE), Scope.SCENE) == "step_back"
    assert action_for(keydown(pygame.K_BACKSPACE, pygame.KMOD_LALT), Scope.SCENE) is None
    assert action_for(keydown(pygame.K_z, ctrl), Scope.SCENE) == "undo"
    assert action_for(keydown(pygame.K_SPACE), Scope.SCENE) == "advance"
