"""Hostile or broken clients on 127.0.0.1: the server stays up and honest votes all count."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

from game.voting import JoinInfo, VoteServer
from game.voting.limits import MAX_CLIENTS
from game.voting.simphone import SimPhone

HONEST = 20
MB = 1 << 20


def rss_bytes() -> int:
    """This process's resident memory (server thread and test clients together)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def port_of(info: JoinInfo) -> int:
    return int(info.url.split(":")[2].split("/")[0])


def masked_text_frame(text: str) -> bytes:
    """One client-to-server WebSocket text frame (clients must mask)."""
    payload = text.encode()
    assert len(payload) < 126
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x81, 0x80 | len(payload)]) + mask + body


def never_reading_phone(port: int, code: str) -> socket.socket:
    """A phone that joins and then never reads another byte."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(10)
    raw.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /ws?c={code} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    raw.sendall(request.encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += raw.recv(1)
    assert b" 101 " in reply.split(b"\r\n")[0]
    raw.sendall(masked_text_frame(json.dumps({"t": "hello", "token": None})))
    return raw


Sender = Callable[[aiohttp.ClientWebSocketResponse], Awaitable[object]]
Script = Callable[[aiohttp.ClientSession, list[SimPhone]], Awaitable[None]]


def with_honest_phones(server: VoteServer, info: JoinInfo, abuse: Script) -> None:
    """Honest phones join, the abuse runs, then every honest phone votes and must count."""
    base = info.url.split("/?")[0]

    async def main() -> None:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            phones = [SimPhone(session, base, info.code) for _ in range(HONEST)]
            await asyncio.gather(*(phone.join() for phone in phones))
            await abuse(session, phones)
            server.open_vote("after", "Still counting?", ["Yes", "No"])
            for index, phone in enumerate(phones):
                await phone.wait_for(lambda p=phone: p.ballot.get("prompt") == "Still counting?")
                await phone.vote(index % 2)
            counts = server.snapshot().counts
            assert counts == (HONEST // 2, HONEST // 2), counts
            await asyncio.gather(*(phone.leave() for phone in phones))

    asyncio.run(asyncio.wait_for(main(), 120))
    assert server.close_vote().counts == (HONEST // 2, HONEST // 2)


def test_a_flood_of_ten_thousand_messages_is_cut_off(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, info = voting
    before = rss_bytes()

    async def abuse(session: aiohttp.ClientSession, phones: list[SimPhone]) -> None:
        server.open_vote("flood", "Flooded?", ["Flood", "Honest"])
        flooder = SimPhone(session, info.url.split("/?")[0], info.code)
        await flooder.join()
        await flooder.wait_for(lambda: flooder.ballot.get("state") == "open")
        vote = json.dumps({"t": "vote", "b": flooder.ballot["b"], "o": 0})
        socket_ = flooder._socket
        assert socket_ is not None
        try:
            for _ in range(10_000):
                await socket_.send_str(vote)
        except (aiohttp.ClientConnectionResetError, ConnectionResetError):
            pass
        await flooder.wait_for(lambda: not flooder.connected)
        # Closed for flooding (1008), or cut off for not reading the refusals (1006).
        assert flooder.close_code in (1006, 1008)
        for phone in phones:
            await phone.vote(1)
        # The flooding device still has its one vote: counted once, not ten thousand times.
        assert server.close_vote().counts == (1, HONEST)

    with_honest_phones(server, info, abuse)
    assert rss_bytes() - before < 100 * MB


def test_oversized_malformed_and_wrong_messages_are_dropped(
    voting: tuple[VoteServer, JoinInfo],
) -> None:
    server, info = voting
    before = rss_bytes()
    base = info.url.split("/?")[0]

    async def closes_with(session: aiohttp.ClientSession, send: Sender, code: int) -> None:
        async with session.ws_connect(f"{base}/ws?c={info.code}") as socket_:
            await send(socket_)
            message = await socket_.receive(timeout=10)
            while message.type is aiohttp.WSMsgType.TEXT:
                message = await socket_.receive(timeout=10)
            assert socket_.close_code == code, (message, socket_.close_code)

    async def abuse(session: aiohttp.ClientSession, phones: list[SimPhone]) -> None:
        for _ in range(5):
            await closes_with(session, lambda s: s.send_str("x" * MB), 1009)
        await closes_with(session, lambda s: s.send_bytes(b"\x00" * 100), 1008)
        for bad in ("{not json", "[1, 2]", '"hello"', '{"t": "vote", "b": 1, "o": 0}'):
            await closes_with(session, lambda s, bad=bad: s.send_str(bad), 1008)
        await closes_with(session, lambda s: s.send_str('{"t": "hello", "token": "<b>"}'), 1008)
        async with session.ws_connect(f"{base}/ws?c=WRONG1") as wrong:
            await wrong.receive(timeout=10)
            assert wrong.close_code == 4003

    with_honest_phones(server, info, abuse)
    assert rss_bytes() - before < 100 * MB


def test_connections_past_the_cap_are_refused(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, info = voting
    base = info.url.split("/?")[0]

    async def abuse(session: aiohttp.ClientSession, phones: list[SimPhone]) -> None:
        async def try_connect() -> aiohttp.ClientWebSocketResponse | None:
            try:
                return await session.ws_connect(f"{base}/ws?c={info.code}")
            except aiohttp.WSServerHandshakeError as refused:
                assert refused.status == 503
                return None

        sockets = await asyncio.gather(*(try_connect() for _ in range(300)))
        held = [s for s in sockets if s is not None]
        assert len(held) == MAX_CLIENTS - HONEST
        await asyncio.gather(*(s.close() for s in held))
        latecomer = SimPhone(session, base, info.code)
        await latecomer.join()
        await latecomer.leave()

    with_honest_phones(server, info, abuse)


def test_a_phone_that_never_reads_is_dropped_without_blocking_anyone(
    voting: tuple[VoteServer, JoinInfo],
) -> None:
    server, info = voting
    options = [f"Option {i} " + "x" * 400 for i in range(9)]

    async def abuse(session: aiohttp.ClientSession, phones: list[SimPhone]) -> None:
        stuck = never_reading_phone(port_of(info), info.code)
        try:
            while server.snapshot().phones < HONEST + 1:
                await asyncio.sleep(0.01)
            rounds = 0
            while server.snapshot().phones > HONEST:
                rounds += 1
                assert rounds < 5000, "the stuck phone was never dropped"
                # In a thread, so the honest phones in this loop keep reading meanwhile.
                await asyncio.to_thread(server.open_vote, f"r{rounds}", "p" * 1000, options)
            for phone in phones:
                await phone.wait_for(lambda p=phone: p.ballot.get("prompt") == "p" * 1000)
                assert phone.connected
        finally:
            stuck.close()

    with_honest_phones(server, info, abuse)
