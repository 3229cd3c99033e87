"""Class voting: students vote on the game's choices from their phones."""

from game.voting.server import JoinInfo, VoteServer, VoteServerError
from game.voting.tally import Snapshot, VoteRecord, VoteResult, VoteState

__all__ = [
    "JoinInfo",
    "Snapshot",
    "VoteRecord",
    "VoteResult",
    "VoteServer",
    "VoteServerError",
    "VoteState",
]
