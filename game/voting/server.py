"""The class-voting server: aiohttp on its own asyncio loop in a daemon thread.

Every method here is called from the game's thread and is thread-safe. `snapshot()` never
waits (the projector calls it each frame); the others hand work to the server's loop and wait
for it, which takes well under a millisecond.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import secrets
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from aiohttp import web

from game.voting.hub import VoteRoom
from game.voting.join import JoinInfo, VoteServerError
from game.voting.net import bind_error_message, lan_address, no_network_message
from game.voting.tally import Snapshot, VoteRecord, VoteResult, VoteState
from game.voting.web import build_app

DEFAULT_PORT = 8765
# Letters and digits nobody misreads on a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_WAIT_S = 10.0
T = TypeVar("T")


def new_join_code() -> str:
    """A fresh random join code for one session."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class VoteServer:
    """Runs class voting beside the game; binds nothing until `start()`."""

    def __init__(self, host: str | None = None, port: int = DEFAULT_PORT) -> None:
        self._host = host
        self._port = port
        self._room: VoteRoom | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.code = new_join_code()

    def start(self) -> JoinInfo:
        """Bind and serve; returns the join URL and code. Raises VoteServerError on failure."""
        if self._thread is not None:
            raise VoteServerError("class voting is already running")
        host = self._host or lan_address()
        if host is None:
            raise VoteServerError(no_network_message())
        loop = asyncio.new_event_loop()
        room = VoteRoom()
        bound: concurrent.futures.Future[int] = concurrent.futures.Future()
        thread = threading.Thread(
            target=self._serve, args=(loop, room, host, bound), name="vote-server", daemon=True
        )
        thread.start()
        try:
            port = bound.result(timeout=_WAIT_S)
        except OSError as error:
            thread.join(_WAIT_S)
            raise VoteServerError(bind_error_message(error, host, self._port)) from error
        except Exception as error:
            thread.join(_WAIT_S)
            raise VoteServerError(f"Could not start class voting: {error}") from error
        self._loop, self._room, self._thread = loop, room, thread
        shown = f"[{host}]" if ":" in host else host
        return JoinInfo(f"http://{shown}:{port}/?c={self.code}", self.code)

    def _serve(
        self,
        loop: asyncio.AbstractEventLoop,
        room: VoteRoom,
        host: str,
        bound: concurrent.futures.Future[int],
    ) -> None:
        asyncio.set_event_loop(loop)
        try:
            port = loop.run_until_complete(self._bind(room, host))
        except Exception as error:  # handed to start(), which explains it
            bound.set_exception(error)
            loop.close()
            return
        bound.set_result(port)
        loop.run_forever()
        loop.close()

    async def _bind(self, room: VoteRoom, host: str) -> int:
        runner = web.AppRunner(build_app(room, self.code), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, self._port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        port: int = runner.addresses[0][1]
        return port

    def stop(self) -> None:
        """Disconnect every phone, release the port and end the thread. Safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._unbind(), loop).result(_WAIT_S)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_WAIT_S)
        self._loop = self._thread = None

    async def _unbind(self) -> None:
        if self._room is not None:
            self._room.shutdown()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def open_vote(
        self,
        decision_id: str,
        prompt: str,
        options: list[str] | tuple[str, ...],
        countdown_s: float | None = None,
    ) -> None:
        """Show a new choice on every phone; with a countdown it closes by itself."""
        chosen = tuple(options)
        self._call(lambda room: room.open(decision_id, prompt, chosen, countdown_s))

    def close_vote(self) -> VoteResult:
        """Stop the vote: the winner, or a tie listing the tied options."""
        return self._call(lambda room: room.close())

    def settle_vote(self, option: int) -> None:
        """Record and show the option the facilitator took after a tie or a veto."""
        self._call(lambda room: room.settle(option))

    def cancel_vote(self) -> None:
        """Abandon the current vote; phones go back to waiting."""
        self._call(lambda room: room.cancel())

    def rerun_vote(self) -> None:
        """Run the last choice again from zero votes."""
        self._call(lambda room: room.rerun())

    def snapshot(self) -> Snapshot:
        """The live state for this frame; never waits on the server."""
        room = self._room
        if room is None or self._loop is None:
            return Snapshot(VoteState.WAITING)
        snap = room.snapshot
        if snap.deadline is None:
            return snap
        return dataclasses.replace(snap, seconds_left=max(0.0, snap.deadline - time.monotonic()))

    def records(self) -> list[VoteRecord]:
        """Every closed vote of this session, for the session report."""
        # Copying a list is atomic under the GIL, and this works after stop() too.
        return list(self._room.records) if self._room else []

    def _call(self, work: Callable[[VoteRoom], T]) -> T:
        loop, room = self._loop, self._room
        if loop is None or room is None:
            raise VoteServerError("class voting is not running: start() it first")
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            try:
                done.set_result(work(room))
            except Exception as error:  # handed to the caller's thread
                done.set_exception(error)

        loop.call_soon_threadsafe(run)
        try:
            return done.result(timeout=_WAIT_S)
        except (RuntimeError, ValueError) as error:
            raise VoteServerError(str(error)) from error
