"""The vote server's API as the game uses it: start, vote, close, stop — over 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from game.voting import JoinInfo, VoteServer, VoteServerError, VoteState
from game.voting.simphone import SimPhone

ROOT = Path(__file__).resolve().parents[1]


def base_url(info: JoinInfo) -> str:
    return info.url.split("/?")[0]


def run_phones(info: JoinInfo, script) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with aiohttp.ClientSession() as session:
            await script(lambda: SimPhone(session, base_url(info), info.code), session)

    asyncio.run(asyncio.wait_for(main(), 60))


def test_importing_and_constructing_opens_no_socket() -> None:
    code = (
        "import socket\n"
        "made = []\n"
        "class Spy(socket.socket):\n"
        "    def __init__(self, *a, **k):\n"
        "        made.append(a)\n"
        "        super().__init__(*a, **k)\n"
        "socket.socket = Spy\n"
        "import game.voting, game.voting.server, game.cli, game.window.app\n"
        "game.voting.VoteServer()\n"
        "game.voting.VoteServer('127.0.0.1', 0)\n"
        "assert made == [], made\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_start_gives_a_join_url_with_a_fresh_code(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, info = voting
    assert info.url.startswith("http://127.0.0.1:")
    assert info.url.endswith(f"/?c={info.code}")
    assert len(info.code) == 6 and info.code.isalnum() and info.code.isupper()
    assert VoteServer("127.0.0.1", 0).code != server.code or VoteServer().code != server.code


def test_a_taken_port_says_which_option_to_try() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(VoteServerError, match=f"--vote-port {port + 1}"):
            VoteServer("127.0.0.1", port).start()


def test_an_address_not_on_this_machine_is_explained() -> None:
    # TEST-NET-1 is reserved for documentation: never assigned, so binding fails locally.
    with pytest.raises(VoteServerError, match="--vote-host"):
        VoteServer("192.0.2.1", 0).start()


def test_no_network_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("game.voting.server.lan_address", lambda: None)
    with pytest.raises(VoteServerError, match=r"Wi-Fi.*--vote-host"):
        VoteServer().start()


def test_stop_releases_the_port_and_is_safe_twice() -> None:
    server = VoteServer("127.0.0.1", 0)
    port = int(server.start().url.split(":")[2].split("/")[0])
    server.stop()
    server.stop()
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))
    assert server.snapshot().state is VoteState.WAITING


def test_calls_before_start_are_refused_clearly() -> None:
    server = VoteServer("127.0.0.1", 0)
    with pytest.raises(VoteServerError, match="start"):
        server.open_vote("d", "Which?", ["a", "b"])
    assert server.snapshot().state is VoteState.WAITING
    assert server.records() == []


def test_a_vote_counts_changes_and_closes(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, info = voting

    async def script(new_phone, session) -> None:  # type: ignore[no-untyped-def]
        phones = [new_phone() for _ in range(3)]
        for phone in phones:
            await phone.join()
        assert server.snapshot().phones == 3
        server.open_vote("door", "Open the door?", ["Knock", "Wait", "Leave"])
        for phone in phones:
            await phone.wait_for(lambda p=phone: p.ballot["state"] == "open")
        await phones[0].vote(0)
        await phones[1].vote(2)
        await phones[2].vote(2)
        await phones[0].vote(2)  # changed mind: counted once, for the new option
        snap = server.snapshot()
        assert (snap.state, snap.counts, snap.total) == (VoteState.OPEN, (0, 0, 3), 3)
        result = server.close_vote()
        assert (result.winner, result.counts) == (2, (0, 0, 3))
        await phones[1].wait_for(lambda: phones[1].ballot["state"] == "closed")
        assert phones[1].ballot["result"]["winner"] == 2
        before = server.snapshot().counts
        await phones[1]._socket.send_str('{"t": "vote", "b": 1, "o": 0}')
        await phones[1].wait_for(lambda: True)
        assert server.close_vote() == result
        assert server.snapshot().counts == before

    run_phones(info, script)
    (record,) = server.records()
    assert (record.decision_id, record.counts, record.winner) == ("door", (0, 0, 3), 2)


def test_a_tie_goes_to_the_facilitator_and_a_rerun_starts_from_zero(
    voting: tuple[VoteServer, JoinInfo],
) -> None:
    server, info = voting

    async def script(new_phone, session) -> None:  # type: ignore[no-untyped-def]
        a, b = new_phone(), new_phone()
        await a.join()
        await b.join()
        server.open_vote("path", "Which path?", ["Hill", "River"])
        await a.wait_for(lambda: a.ballot["state"] == "open")
        await a.vote(0)
        await b.wait_for(lambda: b.ballot["state"] == "open")
        await b.vote(1)
        result = server.close_vote()
        assert (result.is_tie, result.tied) == (True, (0, 1))
        server.settle_vote(1)
        await a.wait_for(lambda: a.ballot.get("result", {}).get("chosen") == 1)
        server.rerun_vote()
        await a.wait_for(lambda: a.ballot["state"] == "open" and a.ballot["b"] == 2)
        assert a.mine is None
        assert server.snapshot().counts == (0, 0)
        server.cancel_vote()
        await a.wait_for(lambda: a.ballot["state"] == "waiting")

    run_phones(info, script)
    assert [(r.counts, r.winner) for r in server.records()] == [((1, 1), 1)]
    assert server.snapshot().state is VoteState.WAITING


def test_misuse_is_an_error_not_a_crash(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, _ = voting
    with pytest.raises(VoteServerError, match="no open vote"):
        server.close_vote()
    with pytest.raises(VoteServerError, match="2 to 9 options"):
        server.open_vote("d", "Only one?", ["a"])
    server.open_vote("d", "Which?", ["a", "b"])
    with pytest.raises(VoteServerError, match="closed vote"):
        server.settle_vote(0)
    server.close_vote()
    with pytest.raises(VoteServerError, match="no option"):
        server.settle_vote(5)


def test_a_countdown_closes_the_vote_by_itself(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, _ = voting
    server.open_vote("d", "Quick!", ["a", "b"], countdown_s=0.3)
    first = server.snapshot()
    assert first.state is VoteState.OPEN
    assert first.seconds_left is not None and 0 < first.seconds_left <= 0.3

    async def closed() -> None:
        while server.snapshot().state is not VoteState.CLOSED:
            await asyncio.sleep(0.02)

    asyncio.run(asyncio.wait_for(closed(), 10))
    assert server.snapshot().seconds_left is None
    assert server.close_vote().tied == (0, 1)


def test_a_reconnecting_phone_keeps_its_vote_and_its_token(
    voting: tuple[VoteServer, JoinInfo],
) -> None:
    server, info = voting

    async def script(new_phone, session) -> None:  # type: ignore[no-untyped-def]
        phone = new_phone()
        await phone.join()
        token = phone.token
        server.open_vote("d", "Which?", ["a", "b"])
        await phone.wait_for(lambda: phone.ballot["state"] == "open")
        await phone.vote(1)
        await phone.leave()
        await phone.join()
        await phone.wait_for(lambda: phone.mine == 1)
        assert phone.token == token
        await phone.vote(1)
        assert server.snapshot().counts == (0, 1)
        stranger = new_phone()
        stranger.token = "made-up-token-made-up-token"
        await stranger.join()
        assert stranger.token != "made-up-token-made-up-token"

    run_phones(info, script)


def test_the_page_is_served_without_the_code_but_nothing_else_is(
    voting: tuple[VoteServer, JoinInfo],
) -> None:
    _, info = voting

    async def script(new_phone, session) -> None:  # type: ignore[no-untyped-def]
        async with session.get(base_url(info) + "/") as page:
            assert page.status == 200
            assert "Content-Security-Policy" in page.headers
        async with session.get(base_url(info) + "/records") as other:
            assert other.status == 404
        for wrong in ("", "AAAAAA", info.code + "X"):
            async with session.ws_connect(f"{base_url(info)}/ws?c={wrong}") as socket_:
                message = await socket_.receive()
                assert message.type is aiohttp.WSMsgType.CLOSE
                assert socket_.close_code == 4003
        lower = SimPhone(session, base_url(info), info.code.lower())
        await lower.join()

    run_phones(info, script)
