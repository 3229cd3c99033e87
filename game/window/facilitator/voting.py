"""Class voting from the window's side: the server's life, and the ballot on the projector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.voting import JoinInfo, Snapshot, VoteRecord, VoteResult, VoteServerError, VoteState
from game.voting.tally import MAX_OPTIONS

if TYPE_CHECKING:  # the server module brings aiohttp: imported when a vote server is made
    from game.voting import VoteServer


@dataclass(frozen=True, slots=True)
class VoteOptions:
    """How `--vote`, `--vote-host` and `--vote-port` asked for voting."""

    on: bool = False
    host: str | None = None
    port: int = 8765
    countdown_s: float | None = None


class ClassVote:
    """Starts and stops the vote server and runs one ballot at a time; binds only when on."""

    def __init__(
        self, options: VoteOptions, make_server: Callable[[str | None, int], VoteServer]
    ) -> None:
        self.options = options
        self._make_server = make_server
        self.server: VoteServer | None = None
        self.join: JoinInfo | None = None
        self.showing = False  # the projector panel is up
        self.countdown_s = options.countdown_s
        self._past: list[VoteRecord] = []

    @property
    def running(self) -> bool:
        """True while the server is bound."""
        return self.server is not None

    def start(self) -> str | None:
        """Bind and serve; None on success, else what went wrong and what to try."""
        if self.server is not None:
            return None
        server = self._make_server(self.options.host, self.options.port)
        try:
            self.join = server.start()
        except VoteServerError as error:
            return str(error)
        self.server = server
        return None

    def stop(self) -> None:
        """Release the port and end the thread, keeping this server's tallies for the report."""
        server, self.server = self.server, None
        self.showing = False
        if server is not None:
            server.stop()
            self._past += server.records()

    def records(self) -> list[VoteRecord]:
        """Every closed vote this session (kept across turning voting off and on)."""
        return self._past + (self.server.records() if self.server is not None else [])

    def snapshot(self) -> Snapshot:
        """The live tally for this frame (never waits)."""
        if self.server is None:
            return Snapshot(VoteState.WAITING)
        return self.server.snapshot()

    def open(self, decision_id: str, prompt: str, options: list[str]) -> str | None:
        """Put a choice to the room; None when it opened, else why not."""
        if self.server is None:
            return "Class voting is off: turn it on in the facilitator menu (Esc)."
        if not 2 <= len(options) <= MAX_OPTIONS:
            return f"A class vote needs 2 to {MAX_OPTIONS} choices; this one has {len(options)}."
        self.server.open_vote(decision_id, prompt, options, self.countdown_s)
        self.showing = True
        return None

    def close(self) -> VoteResult:
        """Stop taking votes and show the result."""
        assert self.server is not None
        return self.server.close_vote()

    def settle(self, option: int) -> None:
        """Record the option the facilitator took (after a tie, or overruling the room)."""
        if self.server is not None:
            self.server.settle_vote(option)

    def cancel(self) -> None:
        """Abandon the ballot (if one is open) and hide the panel."""
        self.showing = False
        if self.server is not None and self.server.snapshot().state is VoteState.OPEN:
            self.server.cancel_vote()

    def rerun(self) -> None:
        """The same choice again from zero votes."""
        if self.server is not None:
            self.server.rerun_vote()
            self.showing = True


def try_vote(action: Callable[[], object]) -> str | None:
    """Run a server call; the server's explanation when it refuses."""
    try:
        action()
    except VoteServerError as error:
        return str(error)
    return None
