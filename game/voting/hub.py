"""The voting room inside the server's event loop: phones, the ballot, and what they see."""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web

from game.voting.limits import MAX_CLIENTS, MAX_REFUSED, MAX_TOKENS, SEND_QUEUE, TokenBucket
from game.voting.protocol import (
    Cast,
    ClientMessage,
    Hello,
    ballot_message,
    mine_message,
    parse_client_message,
    welcome_message,
)
from game.voting.tally import Ballot, Snapshot, VoteRecord, VoteResult, VoteState


@dataclass(eq=False)
class Phone:
    """One connected phone: its socket, its outgoing queue and its rate limit."""

    request: web.Request
    socket: web.WebSocketResponse
    token: str | None = None
    refused: int = 0
    bucket: TokenBucket = field(default_factory=TokenBucket)
    queue: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(SEND_QUEUE))
    pump: asyncio.Task[None] | None = None

    async def send_queued(self) -> None:
        """Send what the room queued for this phone, in order, as fast as it reads."""
        while True:
            text = await self.queue.get()
            await self.socket.send_str(text)


class VoteRoom:
    """Holds the current ballot and every phone; all of it runs on the server's loop thread."""

    def __init__(self) -> None:
        self.phones: set[Phone] = set()
        self.tokens: set[str] = set()
        self.records: list[VoteRecord] = []
        self.ballot: Ballot | None = None
        self.state = VoteState.WAITING
        self.chosen: int | None = None
        self.countdown_s: float | None = None
        self.deadline: float | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.serial = 0
        # Replaced whole, never mutated, so the game thread can read it without a lock.
        self.snapshot = Snapshot(VoteState.WAITING)

    # Phones coming and going.

    def admit(self, request: web.Request, socket: web.WebSocketResponse) -> Phone | None:
        """Reserve a place for a new connection, or None when the room is full."""
        if len(self.phones) >= MAX_CLIENTS:
            return None
        phone = Phone(request, socket)
        self.phones.add(phone)
        return phone

    def leave(self, phone: Phone) -> None:
        """Forget a connection that closed (its token and vote stay for when it comes back)."""
        if phone.pump is not None:
            phone.pump.cancel()
        if phone in self.phones:
            self.phones.discard(phone)
            self._publish()

    def drop(self, phone: Phone) -> None:
        """Cut a phone off at once, without waiting on it (it may have stopped reading)."""
        transport = phone.request.transport
        if transport is not None:
            transport.abort()
        self.leave(phone)

    def receive(self, phone: Phone, text: str) -> bool:
        """Handle one text frame; False when the connection should be closed."""
        message = parse_client_message(text)
        if message is None:
            return False
        if not phone.bucket.take():
            phone.refused += 1
            if isinstance(message, Cast) and phone.token is not None and self.ballot is not None:
                # Tell the page its tap didn't count, so it never shows a vote the tally lacks.
                self._send(
                    phone, mine_message(self.ballot.serial, self.ballot.vote_of(phone.token))
                )
            return phone.refused < MAX_REFUSED
        return self._handle(phone, message)

    def _handle(self, phone: Phone, message: ClientMessage) -> bool:
        if isinstance(message, Hello):
            return self._greet(phone, message.token)
        if phone.token is None:
            return False
        self._cast(phone, phone.token, message)
        return True

    def _greet(self, phone: Phone, token: str | None) -> bool:
        if token is None or token not in self.tokens:
            if len(self.tokens) >= MAX_TOKENS:
                return False
            token = secrets.token_urlsafe(18)
            self.tokens.add(token)
        first = phone.token is None
        phone.token = token
        if first:
            phone.pump = asyncio.get_running_loop().create_task(phone.send_queued())
        self._send(phone, welcome_message(token))
        self._send(phone, self._ballot_text())
        if self.ballot is not None and self.state is not VoteState.WAITING:
            self._send_mine(phone, self.ballot, token)
        self._publish()
        return True

    def _cast(self, phone: Phone, token: str, cast: Cast) -> None:
        ballot = self.ballot
        if ballot is None or cast.serial != ballot.serial or self.state is not VoteState.OPEN:
            return  # a late tap on an earlier ballot: the phone already has the new one queued
        if ballot.cast(token, cast.option):
            self._publish()
        self._send_mine(phone, ballot, token)

    def _send_mine(self, phone: Phone, ballot: Ballot, token: str) -> None:
        self._send(phone, mine_message(ballot.serial, ballot.vote_of(token)))

    def _send(self, phone: Phone, text: str) -> None:
        try:
            phone.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.drop(phone)

    def _broadcast(self, text: str) -> None:
        for phone in [p for p in self.phones if p.token is not None]:
            self._send(phone, text)

    # The facilitator's side.

    def open(
        self, decision_id: str, prompt: str, options: tuple[str, ...], countdown_s: float | None
    ) -> None:
        """Start a new ballot (replacing any earlier one) and show it on every phone."""
        self.serial += 1
        self.ballot = Ballot(self.serial, decision_id, prompt, options)
        self.countdown_s = countdown_s
        self._start()

    def rerun(self) -> None:
        """Run the last decision again from zero votes, e.g. after a tie."""
        if self.ballot is None:
            raise RuntimeError("there is no vote to run again")
        last = self.ballot
        self.open(last.decision_id, last.prompt, last.options, self.countdown_s)

    def close(self) -> VoteResult:
        """Stop the vote and show the result; closing an already closed vote repeats it."""
        if self.ballot is None or self.state is VoteState.WAITING:
            raise RuntimeError("there is no open vote to close")
        if self.state is VoteState.OPEN:
            result = self.ballot.close()
            self.records.append(self.ballot.record(result.winner))
            self.chosen = result.winner
            self._stop_timer()
            self.state = VoteState.CLOSED
            self._changed()
        assert self.ballot.result is not None
        return self.ballot.result

    def settle(self, option: int) -> None:
        """The facilitator settles a tie or vetoes: the phones and the report show `option`."""
        if self.ballot is None or self.state is not VoteState.CLOSED:
            raise RuntimeError("only a closed vote can be settled")
        if not 0 <= option < len(self.ballot.options):
            raise ValueError(f"no option {option}")
        self.chosen = option
        self.records[-1] = self.ballot.record(option)
        self._changed()

    def cancel(self) -> None:
        """Abandon the current vote without a result; the phones go back to waiting."""
        self._stop_timer()
        self.state = VoteState.WAITING
        self._changed()

    def shutdown(self) -> None:
        """Cut every phone off, for a quick and clean stop."""
        self._stop_timer()
        for phone in list(self.phones):
            self.drop(phone)

    def _start(self) -> None:
        self._stop_timer()
        self.chosen = None
        self.state = VoteState.OPEN
        if self.countdown_s is not None:
            self.deadline = time.monotonic() + self.countdown_s
            self.timer = asyncio.get_running_loop().call_later(self.countdown_s, self.close)
        self._changed()

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = None
        self.deadline = None

    def _changed(self) -> None:
        self._broadcast(self._ballot_text())
        self._publish()

    def _ballot_text(self) -> str:
        left = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
        return ballot_message(self.state, self.ballot, left, self.chosen)

    def _publish(self) -> None:
        ballot = self.ballot
        phones = sum(1 for p in self.phones if p.token is not None)
        if ballot is None or self.state is VoteState.WAITING:
            self.snapshot = Snapshot(VoteState.WAITING, phones=phones)
            return
        self.snapshot = Snapshot(
            state=self.state,
            decision_id=ballot.decision_id,
            prompt=ballot.prompt,
            options=ballot.options,
            counts=tuple(ballot.counts),
            result=ballot.result,
            phones=phones,
            deadline=self.deadline,
        )
