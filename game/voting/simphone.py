"""A scripted phone over aiohttp's client: what the tests and bench/vote.py vote with."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp


class VoteRefused(Exception):
    """The server answered a vote with a different one (a closed ballot, or too many taps)."""


class SimPhone:
    """Joins like the phone page does, keeps its device token, and votes on request."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, code: str) -> None:
        self._session = session
        self._url = f"{base_url}/ws?c={code}"
        self.token: str | None = None
        self.ballot: dict[str, Any] | None = None
        self.mine: int | None = None
        self.close_code: int | None = None
        self.ballots_seen = 0
        self.answers = 0
        self._socket: aiohttp.ClientWebSocketResponse[bool] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()

    @property
    def connected(self) -> bool:
        """True while the socket is open."""
        return self._socket is not None and not self._socket.closed

    async def join(self, timeout: float = 10.0) -> None:
        """Connect, say hello with the kept token, and wait until welcomed."""
        socket = await self._session.ws_connect(self._url)
        self._socket = socket
        self._reader = asyncio.create_task(self._read(socket))
        seen, answers = self.ballots_seen, self.answers
        await socket.send_str(json.dumps({"t": "hello", "token": self.token}))
        # The server answers a hello with the token, the ballot on screen and, while there is
        # one, this device's vote in it.
        await self.wait_for(
            lambda: (
                not self.connected
                or (
                    self.ballots_seen > seen
                    and (self.answers > answers or self._ballot_state() == "waiting")
                )
            ),
            timeout,
        )
        if not self.connected:
            raise ConnectionError(f"refused with close code {self.close_code}")

    async def vote(self, option: int, timeout: float = 10.0) -> None:
        """Vote in the ballot on screen and wait until the server confirms it."""
        assert self._socket is not None and self.ballot is not None
        serial, answers = self.ballot["b"], self.answers
        await self._socket.send_str(json.dumps({"t": "vote", "b": serial, "o": option}))
        await self.wait_for(lambda: self.answers > answers, timeout)
        if self.mine != option:
            raise VoteRefused(f"voted {option}, the server kept {self.mine}")

    async def leave(self) -> None:
        """Drop the connection (the token stays, as in the page's localStorage)."""
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await self._reader
        self._socket = self._reader = None

    async def wait_for(self, done: Callable[[], object], timeout: float = 10.0) -> None:
        """Wait until `done()` is true of what the server has told this phone."""
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(done), timeout)
        except asyncio.TimeoutError as error:  # not the builtin one before Python 3.11
            raise TimeoutError(
                f"phone waited {timeout} s: connected={self.connected} mine={self.mine} "
                f"close_code={self.close_code} ballot={self.ballot}"
            ) from error

    def _ballot_state(self) -> str:
        return str(self.ballot.get("state")) if self.ballot else "waiting"

    async def _read(self, socket: aiohttp.ClientWebSocketResponse[bool]) -> None:
        async for message in socket:
            if message.type is aiohttp.WSMsgType.TEXT:
                self._take(json.loads(message.data))
            async with self._changed:
                self._changed.notify_all()
        self.close_code = socket.close_code
        async with self._changed:
            self._changed.notify_all()

    def _take(self, data: dict[str, Any]) -> None:
        if data["t"] == "welcome":
            self.token = data["token"]
        elif data["t"] == "ballot":
            self.ballots_seen += 1
            if self.ballot is None or self.ballot.get("b") != data.get("b"):
                self.mine = None
            self.ballot = data
        elif data["t"] == "mine" and self.ballot is not None and data["b"] == self.ballot.get("b"):
            self.mine = data["o"]
            self.answers += 1
