"""The whole window, headless: what players do and what must never go wrong.

Undo to the first beat, history completeness, quick save/load, settings across a restart,
Ctrl+R, autosave off the frame, damaged saves, the error page, quitting, facilitator mode,
the typewriter, first launch, the gallery, and scripted headless runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pygame
import pytest

import game.engine.session as session_module
from game.engine.runner import Phase
from game.persistence.saves import backup_path, read_save, slot_path
from game.persistence.settings import SETTINGS_FILE, load_settings
from game.window.app import App
from game.window.driver import AppDriver
from game.window.screens.intro import QuestionsScreen, SetupScreen
from game.window.screens.overlays import ConfirmScreen, DiagnosticsScreen, HelpScreen, HistoryScreen
from game.window.screens.pages import EndingScreen, ErrorScreen, GalleryScreen
from game.window.screens.saves import SavesScreen
from game.window.screens.scene import SceneScreen
from game.window.screens.title import TitleScreen
from game.window.theme import HIGH_CONTRAST_THEME
from game.window.widgets import Speech

from .harness import make_app, runner, shipped, start_game, starter, to_phase, write_settings

NONE: frozenset[str] = frozenset()
CTRL = frozenset({"ctrl"})


def scene(app: App) -> SceneScreen:
    top = app.manager.top
    assert isinstance(top, SceneScreen), f"expected the scene, found {top!r}"
    return top


def play(driver: AppDriver, decisions: int, choice: str = "1") -> None:
    """Make `decisions` choices, reading every line in between."""
    for _ in range(decisions):
        to_phase(driver, Phase.CHOICE)
        driver.post_key(choice, NONE)


# --- first launch and settings -----------------------------------------------------------------


def test_first_launch_asks_for_reading_size_and_contrast_first(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), setup_done=False)
    assert isinstance(app.manager.top, SetupScreen)
    d.post_key("up", NONE)  # focus starts on Continue: this first press only shows it
    d.post_key("up", NONE)  # up to the contrast, up to the size
    d.post_key("up", NONE)
    d.post_key("right", NONE)
    d.post_key("right", NONE)
    assert app.ctx.metrics.reading_scale == pytest.approx(1.1)  # applied live
    d.post_key("down", NONE)
    d.post_key("right", NONE)  # high contrast on (Space would flip it too)
    assert app.ctx.theme is HIGH_CONTRAST_THEME
    d.post_key("return", NONE)  # "Press Enter to continue": it never switches contrast back
    assert app.ctx.theme is HIGH_CONTRAST_THEME
    assert isinstance(app.manager.top, TitleScreen)
    app.close()
    saved, problem = load_settings(tmp_path / "data" / SETTINGS_FILE)
    assert problem is None
    assert saved.setup_done and saved.high_contrast
    assert saved.reading_scale == pytest.approx(1.1)


def test_settings_survive_a_restart(tmp_path: Path) -> None:
    story = starter(tmp_path / "s")
    app, d = make_app(tmp_path / "data", story)
    assert d.click_label("Settings")
    assert d.click_label("Dyslexia-friendly font")
    assert d.click_label("Auto-advance")
    d.post_key("tab", NONE)  # the first key shows where focus is: the row last clicked
    for _ in range(4):
        d.post_key("up", NONE)  # up to the reading size
    d.post_key("end", NONE)  # 200%
    app.close()

    again, _ = make_app(tmp_path / "data", story)
    s = again.settings
    assert s.dyslexic_font and s.auto_advance and s.reading_scale == 2.0
    assert again.ctx.metrics.reading_scale == 2.0
    assert "OpenDyslexic" in again.ctx.metrics.faces.regular
    again.close()


def test_scale_option_is_for_this_run_only(tmp_path: Path) -> None:
    story = starter(tmp_path / "s")
    app, _ = make_app(tmp_path / "data", story, scale=1.75)
    assert app.ctx.metrics.reading_scale == 1.75
    app.close()
    saved, _ = load_settings(tmp_path / "data" / SETTINGS_FILE)
    assert saved.reading_scale == 1.0


# --- undo, history, saves -----------------------------------------------------------------------


def test_undo_goes_back_to_the_very_first_beat(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", shipped())
    start_game(app, d)
    first = scene(app).box.text
    start = runner(app).to_json()
    play(d, 3)
    to_phase(d, Phase.CHOICE)
    assert runner(app).state.decisions
    steps = 0
    while runner(app).can_undo:
        d.post_key("backspace" if steps % 2 else "z", NONE if steps % 2 else CTRL)
        steps += 1
        assert steps < 500
    assert runner(app).to_json() == start
    assert runner(app).history == ()
    assert scene(app).box.text == first
    assert not scene(app).box.revealing  # going back shows the line whole
    d.post_key("backspace", NONE)  # one more: a note, nothing breaks
    assert app.toasts.text is not None and "beginning" in app.toasts.text
    app.close()


def test_history_shows_everything_said_and_chosen(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", shipped())
    start_game(app, d)
    play(d, 4, choice="2")
    to_phase(d, Phase.CHOICE)
    d.post_key("pageup", NONE)
    page = app.manager.top
    assert isinstance(page, HistoryScreen)
    entries = [w for w in page.column.widgets if isinstance(w, Speech)]
    history = runner(app).history
    assert [(e.text, e.choice) for e in entries] == [(h.text, h.kind == "choice") for h in history]
    assert sum(e.choice for e in entries) == 4
    assert page.column.scroll == page.column.max_scroll  # opened at the newest
    d.post_key("home", NONE)
    assert page.column.scroll == 0
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, SceneScreen)
    d.scroll(1)  # wheel up opens it too
    assert isinstance(app.manager.top, HistoryScreen)
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, SceneScreen)
    app.close()


def test_quick_save_and_load_return_the_exact_state(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", shipped())
    start_game(app, d)
    play(d, 2)
    d.post_key("space", NONE)
    d.step(10)
    d.post_key("space", NONE)
    saved = runner(app).to_json()
    history = runner(app).history
    text = scene(app).box.text
    d.post_key("s", CTRL)
    assert app.toasts.text == "Saved: quick save."
    play(d, 2)
    assert runner(app).to_json() != saved
    d.post_key("l", CTRL)
    assert runner(app).to_json() == saved
    assert runner(app).history == history
    assert scene(app).box.text == text
    assert not app.saving.has_unsaved_progress()
    assert (app.saves / "quick.png").is_file()
    app.close()


def test_autosave_at_every_decision_never_blocks_the_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    app.worker.flush()
    gate = threading.Event()
    d.wait_writes = False  # the frames below must run while the disk is stuck
    real = session_module.write_save
    calls: list[int] = []

    def slow_write(*args: object, **kwargs: object) -> object:
        gate.wait(10)  # a disk that takes its time
        calls.append(len(kwargs["state"]["decisions"]))  # type: ignore[index]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(session_module, "write_save", slow_write)
    to_phase(d, Phase.CHOICE)
    d.post_key("2", NONE)  # -> "vague": decision 1; the writer is now stuck on the disk
    to_phase(d, Phase.CHOICE)
    d.post_key("1", NONE)  # "Tear it up and start again": decision 2, replaces the queued one
    to_phase(d, Phase.CHOICE)
    d.post_key("2", NONE)  # decision 3
    assert not app.worker.idle  # the frames above ran while the write waited
    gate.set()
    app.worker.flush()
    save = read_save(slot_path(app.saves, "auto"))
    assert len(save.state["decisions"]) == 3  # the latest state is the one on disk
    assert calls[-1] == 3 and len(calls) < 4  # superseded writes were dropped, not queued
    assert (app.saves / "auto.png").is_file()
    app.close()


def test_a_damaged_save_shows_the_problem_and_loads_the_backup(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    app.saving.save_to("1")
    app.worker.flush()
    first = runner(app).to_json()
    d.post_key("2", NONE)
    app.saving.save_to("1")  # the first save becomes the backup
    app.worker.flush()
    path = slot_path(app.saves, "1")
    assert backup_path(path).is_file()
    path.write_text("{ not json", encoding="utf-8")
    assert d.click_label("Menu")
    assert d.click_label("Load")
    page = app.manager.top
    assert isinstance(page, SavesScreen)
    card = next(w for w in page.column.widgets if getattr(w, "title", "") == "Slot 1")
    assert card.warning is not None and "damaged" in card.warning  # type: ignore[attr-defined]
    assert d.click_label("Slot 1")
    assert runner(app).to_json() == first
    assert app.toasts.text is not None and "backup" in app.toasts.text
    app.close()


def test_saving_over_a_slot_asks_first(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    assert d.click_label("Menu")
    assert d.click_label("Save")
    assert d.click_label("Slot 2")
    assert not isinstance(app.manager.top, ConfirmScreen)
    assert d.click_label("Slot 2")
    assert isinstance(app.manager.top, ConfirmScreen)
    d.post_key("escape", NONE)  # Esc is always the safe answer
    assert isinstance(app.manager.top, SavesScreen)
    app.close()


# --- authors: Ctrl+R ----------------------------------------------------------------------------


def test_ctrl_r_reloads_the_story_and_keeps_the_scene(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    app, d = make_app(tmp_path / "data", starter(folder))
    start_game(app, d)
    d.step(5)
    d.post_key("space", NONE)
    box = scene(app).box
    assert box.text == "You pick up a pen."
    where = (runner(app).state.scene, runner(app).state.beat)
    chapter = folder / "01_the_letter.yaml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "You pick up a pen.", "You pick up a pen. It is out of ink."
        ),
        encoding="utf-8",
    )
    d.post_key("r", CTRL)
    assert (runner(app).state.scene, runner(app).state.beat) == where
    assert scene(app).box.text == "You pick up a pen. It is out of ink."
    assert app.story.scenes["desk"].beats[1].text.source.endswith("out of ink.")
    assert app.toasts.text is not None and app.toasts.text.startswith("Story reloaded")

    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("goto: vague", "goto: vauge"), encoding="utf-8"
    )
    d.post_key("r", CTRL)
    page = app.manager.top
    assert isinstance(page, DiagnosticsScreen) and page.errors >= 1
    assert "vague" in app.story.scenes["desk"].targets  # the old story keeps running
    d.post_key("escape", NONE)
    d.post_key("space", NONE)
    assert runner(app).phase is Phase.CHOICE
    app.close()


# --- errors and quitting -------------------------------------------------------------------------


def test_an_unexpected_error_shows_a_calm_page_and_writes_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    play(d, 1)
    d.step(5)
    autosaved = runner(app).to_json()

    def broken(self: SceneScreen) -> None:
        raise ZeroDivisionError("the test broke it")

    monkeypatch.setattr(SceneScreen, "advance", broken)
    d.post_key("space", NONE)
    assert isinstance(app.manager.top, ErrorScreen)
    assert len(app.errors) == 1 and "ZeroDivisionError" in app.errors[0]
    log = app.log_path.read_text(encoding="utf-8")
    assert "the test broke it" in log and "Traceback" in log
    monkeypatch.undo()
    assert d.click_label("Back to the last decision")
    assert runner(app).to_json() == autosaved
    assert isinstance(app.manager.top, SceneScreen)
    app.close()


def test_quitting_asks_only_when_progress_would_be_lost(tmp_path: Path) -> None:
    story = starter(tmp_path / "s")
    app, d = make_app(tmp_path / "data", story)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.step(0)
    assert not app.running  # nothing to lose on the title
    app.close()

    app, d = make_app(tmp_path / "data2", story)
    start_game(app, d)
    play(d, 1)  # autosaved at the decision
    assert not app.saving.has_unsaved_progress()
    d.post_key("space", NONE)
    d.step(5)
    d.post_key("space", NONE)  # read on past the autosave
    assert app.saving.has_unsaved_progress()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.step(0)
    assert app.running and isinstance(app.manager.top, ConfirmScreen)
    assert d.click_label("Cancel")
    assert app.running and isinstance(app.manager.top, SceneScreen)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.step(0)
    assert d.click_label("Save and quit")
    assert not app.running
    app.worker.flush()
    assert read_save(slot_path(app.saves, "auto")).state == runner(app).to_json()
    app.close()


# --- playing ------------------------------------------------------------------------------------


def test_typewriter_completes_on_a_press_then_advances(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    box = scene(app).box
    d.step(0.25)
    assert 5 <= box.revealed <= 15  # 40 characters a second
    assert app.next_wake() == 0  # animating: a frame every tick
    d.post_key("space", NONE)
    assert not box.revealing and runner(app).state.beat == 0
    d.step(5)  # the chapter's name fades from the top
    assert app.next_wake() is None  # idle: the loop waits for input
    assert not app.draw()  # and draws nothing new
    d.post_key("space", NONE)
    assert runner(app).state.beat == 1
    app.close()


def test_instant_text_and_auto_advance(tmp_path: Path) -> None:
    write_settings(tmp_path / "data", text_speed=0, auto_advance=True, auto_delay=1.0)
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    assert not scene(app).box.revealing
    assert app.next_wake() == pytest.approx(1.0, abs=0.05)
    d.step(1.1)
    assert runner(app).state.beat == 1
    d.step(1.1)
    assert runner(app).phase is Phase.CHOICE  # auto-advance never picks for you
    d.step(5)
    assert runner(app).phase is Phase.CHOICE
    app.close()


def test_choices_by_number_by_arrows_and_by_mouse(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    d.post_key("down", NONE)
    d.post_key("down", NONE)
    d.post_key("return", NONE)
    assert runner(app).state.scene == "vague"
    to_phase(d, Phase.CHOICE)
    assert d.click_label("Tear it up")
    assert runner(app).state.scene == "desk"
    to_phase(d, Phase.CHOICE)
    d.post_key("7", NONE)  # no such choice: nothing happens
    assert runner(app).phase is Phase.CHOICE
    d.post_key("1", NONE)
    assert runner(app).state.scene == "sent"
    app.close()


def test_facilitator_mode_discusses_before_the_choices(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), facilitator=True)
    assert app.ctx.metrics.reading_scale >= 1.5
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    page = scene(app)
    assert page.discuss is not None
    labels = [label for label, _ in app.targets()]
    # The card is the one thing to click: it reveals the choices.
    assert "Discuss" in labels and not any(label.startswith("Write") for label in labels)
    d.post_key("1", NONE)  # numbers do nothing while the group talks
    assert runner(app).phase is Phase.CHOICE
    d.post_key("space", NONE)  # a stray Space keeps the card: only Enter, a click or C reveal
    assert page.discuss is not None
    d.post_key("return", NONE)
    assert page.discuss is None
    assert any(label.startswith("Write") for label, _ in app.targets())
    app.close()


def test_questions_take_typed_names_and_picked_pronouns(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    assert d.click_label("New game")
    assert d.click_label("Continue")  # the content note
    page = app.manager.top
    assert isinstance(page, QuestionsScreen)
    assert d.click_label("What is your old friend's name?")
    assert page.wants_text
    for _ in range(4):
        d.post_key("backspace", NONE)  # "Alex" gone
    d.type_text("Robin?")  # "?" types while a field has focus; it does not open help
    assert not isinstance(app.manager.top, HelpScreen)
    d.post_key("backspace", NONE)
    assert d.click_label("she")
    assert d.click_label("Begin")
    values = runner(app).values
    assert values["friend"] == "Robin" and values["friend_pronouns"] == "she"
    app.close()


def test_reaching_an_ending_is_remembered_across_plays(tmp_path: Path) -> None:
    story = starter(tmp_path / "s")
    app, d = make_app(tmp_path / "data", story)
    start_game(app, d)
    play(d, 1)
    to_phase(d, Phase.ENDED)
    assert isinstance(app.manager.top, EndingScreen)
    d.post_key("space", NONE)  # a player still pressing Space only sees where focus is
    assert isinstance(app.manager.top, EndingScreen)
    assert d.click_label("Endings")
    page = app.manager.top
    assert isinstance(page, GalleryScreen)
    labels = [label for label, _ in app.targets()]
    assert "Back" in labels
    texts = [getattr(w, "text", getattr(w, "title", "")) for w in page.column.widgets]
    assert "1 of 2 found" in texts and "A Door Opens" in texts and "???" in texts
    app.close()

    again, d2 = make_app(tmp_path / "data", story)
    assert set(again.found) == {"sent"}
    assert d2.click_label("Continue")  # the autosave of the ended game: its ending page
    assert isinstance(again.manager.top, EndingScreen)
    again.close()


def test_help_opens_with_f1_and_question_mark(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    d.post_key("f1", NONE)
    assert isinstance(app.manager.top, HelpScreen)
    d.post_key("f1", NONE)
    assert isinstance(app.manager.top, TitleScreen)
    d.post_key("?", NONE)
    assert isinstance(app.manager.top, HelpScreen)
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, TitleScreen)
    app.close()


def test_f11_toggles_full_screen_and_remembers_it(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    d.post_key("f11", NONE)
    assert app.display.fullscreen and app.settings.fullscreen
    d.post_key("f11", NONE)
    assert not app.display.fullscreen
    app.close()


def test_small_windows_are_drawn_at_the_minimum_size_and_scaled(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), size=(800, 600))
    assert app.display.logical[0] >= 1024 and app.display.logical[1] >= 720
    assert app.display.window.get_size() == (800, 600)
    assert d.click_label("Settings")  # clicks land where the scaled button is
    d.resize(1600, 900)
    assert app.display.logical == (1600, 900)
    assert d.click_label("Back")
    assert isinstance(app.manager.top, TitleScreen)
    app.close()


# --- the command line ---------------------------------------------------------------------------


def _run_cli(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "s"
    if not folder.exists():
        starter(folder)
    (tmp_path / "script.txt").write_text(script, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            str(folder),
            "--headless",
            "--script",
            str(tmp_path / "script.txt"),
            "--shots",
            str(tmp_path / "shots"),
            "--data-dir",
            str(tmp_path / "data"),
            "--size",
            "1024x768",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_headless_script_plays_and_takes_screenshots(tmp_path: Path) -> None:
    write_settings(tmp_path / "data")
    done = _run_cli(
        tmp_path,
        'click "New game"\nkey return\nkey return\nclick "Begin"\nwait 2\nshot beat\n'
        "key ctrl+s\nkey escape\nshot menu\nquit\n",
    )
    assert done.returncode == 0, done.stderr
    for name in ("beat", "menu"):
        image = pygame.image.load(str(tmp_path / "shots" / f"{name}.png"))
        assert image.get_size() == (1024, 768)
    # Written by the disk worker, whole by the time the process has ended.
    saves = tmp_path / "data" / "saves"
    assert read_save(saves / "quick.json").scene == read_save(saves / "auto.json").scene

    shutil.rmtree(tmp_path / "shots")
    failed = _run_cli(tmp_path, 'click "No such button"\n')
    assert failed.returncode == 1
    assert "No such button" in failed.stderr


def test_every_character_the_interface_writes_is_in_every_font() -> None:
    from game.window.keys import KEY_TABLE

    from .test_fonts import FONT_FILES, missing_glyphs

    text = "".join(" ".join(a.labels) + a.help for a in KEY_TABLE)
    for path in FONT_FILES:
        assert missing_glyphs(path, set(text) - {" "}) == [], path.name


def test_holding_a_key_skims_lines_but_never_picks(tmp_path: Path) -> None:
    write_settings(tmp_path / "data", text_speed=0)
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    start_game(app, d)

    def held(key: int) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
        )
        d.step(0)

    for _ in range(10):
        held(pygame.K_SPACE)  # no key-up: the key is held and repeats
    assert runner(app).phase is Phase.CHOICE
    assert runner(app).state.scene == "desk"  # the choice waits for a fresh press
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0, unicode=""))
    for _ in range(3):
        held(pygame.K_1)
    assert runner(app).state.scene == "sent"  # picked once
    assert len(runner(app).state.decisions) == 1
    app.close()
