"""The facilitator's console in the window: badge, keys, blank screen, timer, meters, notes,
the Discuss card that only a deliberate key or click takes away, and the facilitator menu."""

from __future__ import annotations

import socket
from pathlib import Path

import pygame
import pytest

from game.classroom.timer import DiscussionTimer
from game.engine.runner import Phase
from game.window import keys
from game.window.app import App
from game.window.facilitator.menu import FacilitatorMenuScreen
from game.window.facilitator.meters import MeterReading, read_meters
from game.window.facilitator.panels import NO_NOTES
from game.window.keys import KEY_TABLE, Scope
from game.window.screens.overlays import HelpScreen, MenuScreen
from game.window.screens.scene import SceneScreen
from game.window.widgets import Button, KeyRow

from .harness import frame, make_app, runner, start_game, starter, to_phase
from .test_app import NONE, scene

SHIFT = frozenset({"shift"})


class RecordingChime:
    """Stands in for the mixer: counts the chimes."""

    def __init__(self) -> None:
        self.played = 0

    def play(self) -> bool:
        self.played += 1
        return True


def at_discussion(tmp_path: Path) -> tuple[App, object]:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), facilitator=True)
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    assert scene(app).discuss is not None
    return app, d


def test_help_lists_the_facilitator_keys_and_each_has_a_handler(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"), facilitator=True)
    assert app.console is not None
    assert set(app.console.handlers) == {a.name for a in keys.actions(Scope.FACILITATOR)}
    d.post_key("f1", NONE)
    page = app.manager.top
    assert isinstance(page, HelpScreen)
    rows = [(w.keys, w.action) for w in page.column.widgets if isinstance(w, KeyRow)]
    assert rows == [(list(a.labels), a.help) for a in KEY_TABLE]
    app.close()


def test_shift_t_resets_and_t_toggles() -> None:
    def down(key: int, mod: int, text: str) -> pygame.event.Event:
        return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text)

    t = Scope.FACILITATOR
    assert keys.action_for(down(pygame.K_t, pygame.KMOD_LSHIFT, "T"), t) == "timer_reset"
    assert keys.action_for(down(pygame.K_t, 0, "t"), t) == "timer"
    assert keys.action_for(down(pygame.K_r, pygame.KMOD_LCTRL, "r"), t) is None  # Ctrl+R reloads
    assert keys.action_for(down(pygame.K_b, 0, "b"), t, typing=True) is None


def test_a_stray_space_keeps_the_discuss_card_and_c_reveals(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    d.post_key("space", NONE)
    d.post_key("space", NONE)
    assert scene(app).discuss is not None and runner(app).phase is Phase.CHOICE
    d.post_key("c", NONE)
    assert scene(app).discuss is None
    d.post_key("1", NONE)
    assert runner(app).phase is not Phase.CHOICE or runner(app).history[-1].kind == "choice"
    app.close()


def test_a_click_on_the_card_reveals_but_a_click_beside_it_does_not(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    page = scene(app)
    assert page.discuss is not None
    card = page.discuss.widgets[0].rect
    d.click(*app.display.to_window((card.centerx, card.bottom + 5)))
    assert page.discuss is not None
    assert d.click_label("Discuss")
    assert page.discuss is None
    app.close()


def test_blank_screen_hides_everything_and_swallows_input(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    d.post_key("c", NONE)
    d.post_key("b", NONE)
    assert app.console is not None and app.console.blank
    shown = frame(app)
    colours = {shown.get_at((x, y))[:3] for x in range(0, shown.get_width(), 37) for y in (5, 300)}
    assert len(colours) == 1  # one dark colour, no badge, no text
    before = runner(app).state
    d.post_key("1", NONE)  # brings the picture back, and does not choose
    assert not app.console.blank
    assert runner(app).state == before
    d.post_key("b", NONE)
    d.click(10, 10)
    assert not app.console.blank and runner(app).state == before
    app.close()


def test_timer_counts_pauses_resets_and_chimes_once(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    console = app.console
    assert console is not None
    chime = RecordingChime()
    console.chime = chime  # type: ignore[assignment]
    d.post_key("t", NONE)
    d.step(61)
    assert console.timer.running and console.timer.text() == "1:59"
    d.post_key("t", NONE)
    d.step(30)
    assert console.timer.text() == "1:59"
    d.post_key("t", NONE)
    d.step(150)
    assert console.timer.over and chime.played == 1
    d.post_key("t", SHIFT)
    assert not console.timer.shown and console.timer.text() == "3:00"
    app.close()


def test_timer_text_and_the_moment_it_reaches_the_length() -> None:
    timer = DiscussionTimer(minutes=1)
    timer.toggle()
    assert not timer.tick(59.5) and timer.text() == "0:01"
    assert timer.tick(0.5) and timer.text() == "+0:00"
    assert not timer.tick(12) and timer.text() == "+0:12"
    for _ in range(10):
        timer.next_minutes()
    assert timer.minutes == 1  # 2, 3 … 10, then round to 1


def test_meters_show_words_and_numbers_from_the_game(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    readings = read_meters(app.story, runner(app).values)
    assert [(r.label, r.lo, r.hi) for r in readings] == [("Courage", 0, 5)]
    assert readings[0].value == runner(app).values["courage"]
    d.post_key("m", NONE)
    assert app.console is not None and app.console.panel == "meters"
    d.post_key("1", NONE)  # the panel covers the choices: nothing is picked under it
    assert runner(app).phase is Phase.CHOICE
    d.post_key("escape", NONE)
    assert app.console.panel is None and isinstance(app.manager.top, SceneScreen)
    app.close()


@pytest.mark.parametrize(
    ("value", "word", "numbers"),
    [(0, "low", "0 of 9"), (3, "some", "3 of 9"), (6, "high", "6 of 9"), (9, "high", "9 of 9")],
)
def test_meter_words_follow_the_thirds_of_the_range(value: int, word: str, numbers: str) -> None:
    reading = MeterReading("Trust", value, 0, 9)
    assert (reading.word, reading.numbers) == (word, numbers)


def test_notes_say_plainly_when_the_prompt_has_none(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    assert app.console is not None
    assert app.console.panel is None  # never shown until asked for
    d.post_key("n", NONE)
    assert app.console.panel == "notes" and app.console.prompt_notes() is None
    assert NO_NOTES.startswith("No notes")
    d.post_key("n", NONE)
    assert app.console.panel is None
    app.close()


def test_esc_opens_the_facilitator_menu_with_the_players_items(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    d.post_key("escape", NONE)
    menu = app.manager.top
    assert isinstance(menu, FacilitatorMenuScreen) and not isinstance(menu, MenuScreen)
    labels = [w.label for w in menu.column.widgets if isinstance(w, Button)]
    for item in ("Resume", "Blank screen (B)", "Save", "Load", "Settings", "Quit"):
        assert item in labels
    assert d.click_label("Timer length: 3 min")
    assert app.console is not None and app.console.timer.minutes == 4
    assert d.click_label("Timer length: 4 min")  # the label follows
    assert d.click_label("Start timer (T)")
    assert app.console.timer.running
    assert d.click_label("Blank screen (B)")
    assert app.console.blank and isinstance(app.manager.top, SceneScreen)
    app.close()


def test_the_player_keeps_the_players_menu(tmp_path: Path) -> None:
    app, d = make_app(tmp_path / "data", starter(tmp_path / "s"))
    assert app.console is None
    start_game(app, d)
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, MenuScreen)
    app.close()


def test_without_vote_no_socket_is_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bound: list[object] = []
    real_bind = socket.socket.bind

    def spy(self: socket.socket, address: object) -> None:
        bound.append(address)
        real_bind(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "bind", spy)
    app, d = at_discussion(tmp_path)
    d.post_key("o", NONE)  # voting is off: a note says how to turn it on
    assert app.console is not None and not app.console.vote.running
    d.post_key("t", NONE)
    d.step(5)
    app.close()
    assert bound == []


def test_the_discuss_card_time_goes_into_the_session_report(tmp_path: Path) -> None:
    app, d = at_discussion(tmp_path)
    assert app.console is not None
    key = f"{runner(app).state.scene}:{len(runner(app).history)}"
    before = app.console.shown.seconds.get(key, 0.0)
    assert before < 5  # only the frames since the card came up
    d.step(90)
    d.post_key("c", NONE)
    shown = app.console.shown.seconds[key]
    assert 90 <= shown - before < 91
    d.step(30)  # the choices are up: the card's time stands still
    assert app.console.shown.seconds[key] == shown
    d.post_key("1", NONE)  # the decision is made: it is on the report's path
    d.post_key("escape", NONE)
    assert d.click_label("Write the session report")
    assert app.worker.flush()
    app.worker.deliver_results()
    (html,) = (tmp_path / "data" / "reports").glob("*.html")
    minutes, rest = divmod(round(shown), 60)
    assert f"Discuss card up for {minutes} min {rest} s" in html.read_text(encoding="utf-8")
    app.close()
