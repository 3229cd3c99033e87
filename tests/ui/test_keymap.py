"""The player's own keys: reading them, refusing taken keys, the keys page, and the game
obeying the new keys (and no longer the old ones)."""

from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.persistence.settings import SETTINGS_FILE, SettingsProblem, load_settings
from game.window import keymap
from game.window.keys import KEY_TABLE, Scope, action_for
from game.window.screens.keys_page import KeysScreen
from game.window.screens.overlays import HelpScreen, HistoryScreen
from game.window.screens.pages import SettingsScreen
from game.window.widgets import KeyRow

from .harness import make_app, start_game, starter, write_settings


def keydown(key: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="")


def test_defaults_come_from_the_key_table() -> None:
    defaults = keymap.default_bindings()
    assert set(defaults) == set(keymap.REMAPPABLE)
    assert defaults["undo"] == keymap.Binding(pygame.K_z, ctrl=True)
    assert defaults["skip"].label == "S" and defaults["step_back"].label == "Backspace"
    assert keymap.table(()) is KEY_TABLE
    assert keymap.to_pairs(defaults) == ()


def test_names_round_trip_and_nonsense_is_no_key() -> None:
    for binding in keymap.default_bindings().values():
        assert keymap.parse(binding.name) == binding
    assert keymap.parse("ctrl+k") == keymap.Binding(pygame.K_k, ctrl=True)
    assert keymap.parse("no such key") is None


def test_a_taken_key_names_the_action_that_has_it() -> None:
    bindings = keymap.default_bindings()
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_s)) == "skip"
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_SPACE)) == "advance"
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_ESCAPE, True)) == "menu"
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_DOWN)) == "move"
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_a)) is None  # its own
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_s, ctrl=True)) == "quick_save"
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_t)) is None
    assert keymap.conflict(bindings, "auto", keymap.Binding(pygame.K_t), facilitator=True)


def test_a_rebound_table_moves_the_action_and_its_help_label() -> None:
    table = keymap.table((("skip", "k"),))
    assert action_for(keydown(pygame.K_k), Scope.SCENE, table=table) == "skip"
    assert action_for(keydown(pygame.K_s), Scope.SCENE, table=table) is None
    skip = next(a for a in table if a.name == "skip")
    assert skip.labels == ("Hold Ctrl", "K")
    assert action_for(keydown(pygame.K_s), Scope.SCENE) == "skip"  # KEY_TABLE is untouched


def test_settings_that_cannot_be_used_give_the_defaults() -> None:
    assert keymap.read((("skip", "space"),)) is None  # taken by advance
    assert keymap.read((("skip", "k"), ("auto", "k"))) is None  # shared
    assert keymap.read((("jump", "k"),)) is None
    assert keymap.read((("skip", "not a key"),)) is None
    assert keymap.table((("skip", "space"),)) is KEY_TABLE


def test_keys_are_saved_and_a_damaged_keys_setting_is_reset(tmp_path: Path) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_text(json.dumps({"keys": ["not", "a", "mapping"], "text_speed": 20}))
    loaded, note = load_settings(path)
    assert loaded.keys == () and loaded.text_speed == 20
    assert note is not None and note.problem is SettingsProblem.FIELDS and note.reset == ("keys",)
    write_settings(tmp_path, keys=(("skip", "k"),))
    assert json.loads(path.read_text())["keys"] == {"skip": "k"}
    assert load_settings(path) == (load_settings(path)[0], None)
    assert load_settings(path)[0].keys == (("skip", "k"),)


def test_keys_no_game_can_use_are_reset_with_a_warning(tmp_path: Path) -> None:
    write_settings(tmp_path / "base", keys=(("skip", "space"),))
    app, _ = make_app(tmp_path / "base", starter(tmp_path / "s"))
    assert app.settings.keys == ()
    assert app.toasts.text == keymap.DAMAGED


def test_keys_page_by_keyboard_alone(tmp_path: Path) -> None:
    app, driver = make_app(tmp_path / "base", starter(tmp_path / "s"))
    app.nav.open_settings()
    settings = app.manager.top
    assert isinstance(settings, SettingsScreen)
    assert driver.click_label("Change keys")
    page = app.manager.top
    assert isinstance(page, KeysScreen)
    # Down to Skip (rows in REMAPPABLE order; after the click the first Down shows the focus).
    for _ in range(keymap.REMAPPABLE.index("skip") + 1):
        driver.post_key("down")
    driver.post_key("return")
    assert page.capturing == "skip" and page.captures_keys
    driver.post_key("return")  # Enter is taken: refused, still waiting
    assert page.capturing == "skip" and "already used by Advance" in page.message
    assert any(
        label.startswith("Skip: Enter is already used by Advance") for label, _ in app.targets()
    )
    driver.post_key("a")
    assert "already used by Auto-advance" in page.message
    driver.post_key("escape")  # cancels the wait, does not close the page
    assert page.capturing is None and app.manager.top is page
    assert not any("already used" in label for label, _ in app.targets())
    assert app.settings.keys == ()
    driver.post_key("return")
    driver.post_key("s", {"ctrl"})  # Ctrl+S is a new key here, not a quick save
    assert "already used by Quick save" in page.message
    assert app.toasts.text == "Skip stays on S."  # from the Esc, not a quick save
    driver.post_key("k")
    assert page.capturing is None and app.toasts.text == "Skip is now on K."
    assert app.settings.keys == (("skip", "k"),)
    assert any(label == "Skip: K" for label, _ in app.targets())
    assert driver.click_label("Reset to defaults")
    assert app.settings.keys == () and any(label == "Skip: S" for label, _ in app.targets())


def test_the_game_and_the_help_page_follow_the_new_keys(tmp_path: Path) -> None:
    write_settings(tmp_path / "base", keys=(("history", "j"),))
    app, driver = make_app(tmp_path / "base", starter(tmp_path / "s"))
    start_game(app, driver)
    game = app.manager.top
    driver.post_key("pageup")  # the old key does nothing now
    assert app.manager.top is game
    driver.post_key("j")
    assert isinstance(app.manager.top, HistoryScreen)
    driver.post_key("escape")
    driver.post_key("f1")
    page = app.manager.top
    assert isinstance(page, HelpScreen)
    rows = {w.action: w.keys for w in page.column.widgets if isinstance(w, KeyRow)}
    history = next(a for a in KEY_TABLE if a.name == "history")
    assert rows[history.help] == ["J", "Wheel up"]
    app.close()
