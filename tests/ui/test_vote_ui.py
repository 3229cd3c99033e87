"""Class voting on the projector, end to end on loopback: the window opens a ballot, simulated
phones vote over the real server, the facilitator closes it, and the winner is chosen through
the scene's normal choose path; ties and vetoes go to the facilitator's number keys."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Sequence
from pathlib import Path

import aiohttp
import pytest
from markupsafe import escape

from game.cli import main
from game.engine.runner import Phase
from game.voting import JoinInfo, VoteState
from game.voting.simphone import SimPhone
from game.window.app import App
from game.window.assets import AssetResolver
from game.window.driver import AppDriver
from game.window.facilitator.chime import CHIME_SOUND, Chime
from game.window.facilitator.console import VOTE_OFF_HEADING
from game.window.facilitator.menu import FacilitatorMenuScreen
from game.window.facilitator.vote_view import qr_surface
from game.window.screens.overlays import ConfirmScreen
from game.window.screens.scene import SceneScreen

from .harness import make_app, runner, start_game, starter, to_phase

NONE: frozenset[str] = frozenset()


def voting_app(tmp_path: Path, port: int = 0) -> tuple[App, AppDriver]:
    return make_app(
        tmp_path / "data",
        starter(tmp_path / "s"),
        facilitator=True,
        vote=True,
        vote_host="127.0.0.1",
        vote_port=port,
    )


def phones_vote(app: App, choices: Sequence[int]) -> None:
    """One simulated phone per entry joins and votes for that option (0-based)."""
    assert app.console is not None and app.console.vote.join is not None
    join = app.console.vote.join
    base = join.url.split("/?")[0]

    async def run() -> None:
        async with aiohttp.ClientSession() as session:
            phones = [SimPhone(session, base, join.code) for _ in choices]
            for phone in phones:
                await phone.join()
            for phone, option in zip(phones, choices, strict=True):
                await phone.vote(option)
            for phone in phones:
                await phone.leave()

    asyncio.run(run())


def open_vote(app: App, d: AppDriver) -> None:
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    d.post_key("o", NONE)
    assert app.console is not None and app.console.vote.showing
    top = app.manager.top
    assert isinstance(top, SceneScreen) and top.discuss is None  # opening reveals the choices


def test_the_winner_is_taken_through_the_choose_path(tmp_path: Path) -> None:
    app, d = voting_app(tmp_path)
    open_vote(app, d)
    assert app.console is not None
    options = [o.text for o in runner(app).options]
    phones_vote(app, [1, 1, 0])
    d.step(0.2)
    snap = app.console.vote.snapshot()
    assert snap.state is VoteState.OPEN and snap.counts[:2] == (1, 2)
    d.post_key("2", NONE)  # numbers wait while the room votes
    assert runner(app).phase is Phase.CHOICE
    d.post_key("l", NONE)
    snap = app.console.vote.snapshot()
    assert snap.result is not None and snap.result.winner == 1
    assert runner(app).phase is Phase.CHOICE  # the result shows first
    d.post_key("return", NONE)
    choice = [e for e in runner(app).history if e.kind == "choice"][-1]
    assert choice.text == options[1]
    assert not app.console.vote.showing
    records = app.console.vote.records()
    assert [(r.counts[:2], r.winner) for r in records] == [((1, 2), 1)]
    app.close()
    assert app.console.vote.records() == records  # kept for the session report


def test_the_session_report_from_the_menu_holds_the_vote(tmp_path: Path) -> None:
    app, d = voting_app(tmp_path)
    open_vote(app, d)
    options = [o.text for o in runner(app).options]
    phones_vote(app, [1, 1, 0])
    d.step(0.2)
    d.post_key("l", NONE)
    d.post_key("return", NONE)
    d.post_key("escape", NONE)
    assert d.click_label("Write the session report")
    assert app.worker.flush()
    app.worker.deliver_results()
    (html,) = (tmp_path / "data" / "reports").glob("*.html")
    text = html.read_text(encoding="utf-8")
    assert "Class vote: 3 votes" in text and f"{escape(options[1])}</li>" in text
    assert "2 (67%)" in text and "1 (33%)" in text
    md = html.with_suffix(".md").read_text(encoding="utf-8")
    assert "| 2 | 67% |" in md
    assert app.toasts.text == f"Session report written: {html}"
    app.close()


def test_a_tie_waits_for_the_facilitators_number(tmp_path: Path) -> None:
    app, d = voting_app(tmp_path)
    open_vote(app, d)
    assert app.console is not None
    options = [o.text for o in runner(app).options]
    phones_vote(app, [0, 1])
    d.step(0.2)
    d.post_key("l", NONE)
    result = app.console.vote.snapshot().result
    assert result is not None and result.is_tie
    d.post_key("return", NONE)  # no winner to take
    assert runner(app).phase is Phase.CHOICE
    d.post_key("2", NONE)
    choice = [e for e in runner(app).history if e.kind == "choice"][-1]
    assert choice.text == options[1]
    assert app.console.vote.records()[-1].winner == 1
    app.close()


def test_cancel_and_rerun(tmp_path: Path) -> None:
    app, d = voting_app(tmp_path)
    open_vote(app, d)
    assert app.console is not None
    phones_vote(app, [0])
    d.step(0.2)
    d.post_key("r", NONE)
    assert app.console.vote.snapshot().total == 0  # from zero again
    d.post_key("x", NONE)
    assert not app.console.vote.showing
    assert app.console.vote.snapshot().state is VoteState.WAITING
    assert runner(app).phase is Phase.CHOICE
    app.close()


def test_a_taken_port_is_explained_on_screen(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app, _ = voting_app(tmp_path, port)
        top = app.manager.top
        assert isinstance(top, ConfirmScreen) and top.heading == VOTE_OFF_HEADING
        text = " ".join(w.text for w in top.column.widgets if hasattr(w, "text"))
        assert "already in use" in text and "--vote-port" in text
        assert app.console is not None and not app.console.vote.running
        assert not app.errors
        app.close()


def test_quitting_stops_the_server(tmp_path: Path) -> None:
    app, _ = voting_app(tmp_path)
    assert app.console is not None and app.console.vote.join is not None
    port = int(app.console.vote.join.url.split(":")[2].split("/")[0])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    app.close()
    assert not app.console.vote.running
    with pytest.raises(ConnectionRefusedError):  # nothing listens there any more
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_vote_keys_leave_the_menu_alone(tmp_path: Path) -> None:
    app, d = voting_app(tmp_path)
    open_vote(app, d)
    assert app.console is not None
    d.post_key("escape", NONE)
    assert isinstance(app.manager.top, FacilitatorMenuScreen)
    d.post_key("return", NONE)  # Enter presses the menu's Resume, it does not close the vote
    assert isinstance(app.manager.top, SceneScreen)
    assert app.console.vote.snapshot().state is VoteState.OPEN and app.console.vote.showing
    app.close()


def test_the_chime_is_silent_and_harmless_without_speakers() -> None:
    chime = Chime(AssetResolver().sound_path(CHIME_SOUND))
    assert isinstance(chime.play(), bool)  # the dummy audio driver: sounds or stays quiet
    assert Chime(None).play() is False


def test_vote_needs_facilitator_mode_in_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--vote", "--headless"]) == 2
    assert "--facilitator" in capsys.readouterr().err


def test_the_qr_code_is_drawn_module_for_module() -> None:
    url = "http://192.168.1.20:8765/?c=ABC234"
    matrix = JoinInfo(url, "ABC234").qr_matrix()
    image = qr_surface(url, 5)
    assert image.get_size() == (5 * len(matrix), 5 * len(matrix))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            for dx, dy in ((0, 0), (4, 4), (2, 2)):  # every pixel of a module is its colour
                colour = image.get_at((5 * x + dx, 5 * y + dy))[:3]
                assert colour == ((0, 0, 0) if dark else (255, 255, 255))


def test_the_menu_turns_voting_on_and_off(tmp_path: Path) -> None:
    app, d = make_app(
        tmp_path / "data",
        starter(tmp_path / "s"),
        facilitator=True,
        vote_host="127.0.0.1",
        vote_port=0,
    )
    assert app.console is not None and not app.console.vote.running  # no --vote: nothing bound
    start_game(app, d)
    to_phase(d, Phase.CHOICE)
    d.post_key("o", NONE)
    assert not app.console.vote.showing
    d.post_key("escape", NONE)
    assert d.click_label("Class voting: off")
    assert app.console.vote.running
    assert d.click_label("Class voting: on")
    assert not app.console.vote.running
    app.close()
