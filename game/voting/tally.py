"""The votes of one decision: one per device token, changeable until the ballot closes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# More than this won't fit as large targets on a phone or legibly on the projector.
MAX_OPTIONS = 9


class VoteState(str, Enum):
    """Where the class vote stands, as the projector and the phones show it."""

    WAITING = "waiting"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class VoteResult:
    """How a closed ballot came out: one winner, or a tie the facilitator settles."""

    counts: tuple[int, ...]
    winner: int | None
    tied: tuple[int, ...]

    @property
    def is_tie(self) -> bool:
        """True when no single option has the most votes (including no votes at all)."""
        return self.winner is None


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """What the session report keeps of one closed ballot: no tokens, no devices."""

    decision_id: str
    prompt: str
    options: tuple[str, ...]
    counts: tuple[int, ...]
    winner: int | None


def result_of(counts: tuple[int, ...]) -> VoteResult:
    """The option with the most votes, or every option sharing the top count."""
    top = max(counts)
    leaders = tuple(i for i, n in enumerate(counts) if n == top)
    if len(leaders) == 1:
        return VoteResult(counts, leaders[0], ())
    return VoteResult(counts, None, leaders)


class Ballot:
    """One run of one decision: the prompt, its options and each device's current vote."""

    def __init__(self, serial: int, decision_id: str, prompt: str, options: tuple[str, ...]):
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise ValueError(f"a vote needs 2 to {MAX_OPTIONS} options, got {len(options)}")
        self.serial = serial
        self.decision_id = decision_id
        self.prompt = prompt
        self.options = options
        self.counts = [0] * len(options)
        self.votes: dict[str, int] = {}
        self.result: VoteResult | None = None

    @property
    def is_open(self) -> bool:
        """True until the ballot is closed."""
        return self.result is None

    def cast(self, token: str, option: int) -> bool:
        """Record (or change) the device's vote; False if closed or the option doesn't exist."""
        if not self.is_open or not 0 <= option < len(self.options):
            return False
        previous = self.votes.get(token)
        if previous is not None:
            self.counts[previous] -= 1
        self.votes[token] = option
        self.counts[option] += 1
        return True

    def vote_of(self, token: str) -> int | None:
        """The option this device voted for, if any."""
        return self.votes.get(token)

    def close(self) -> VoteResult:
        """Stop taking votes; closing twice gives the same result."""
        if self.result is None:
            self.result = result_of(tuple(self.counts))
        return self.result

    def record(self, winner: int | None) -> VoteRecord:
        """The session-report line for this ballot, with the option the game took."""
        return VoteRecord(self.decision_id, self.prompt, self.options, tuple(self.counts), winner)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the projector draws this frame: the ballot, its live counts and the result."""

    state: VoteState
    decision_id: str | None = None
    prompt: str = ""
    options: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()
    seconds_left: float | None = None
    result: VoteResult | None = None
    phones: int = 0
    # time.monotonic() at which an open countdown ends; seconds_left is derived from it.
    deadline: float | None = None

    @property
    def total(self) -> int:
        """Votes cast in this ballot."""
        return sum(self.counts)
