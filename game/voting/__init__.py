"""Class voting: students vote on the game's choices from their phones.

The server (aiohttp and asyncio) is imported when a vote server is first made, not with this
package: the window imports the package at startup, and most games never start a vote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.voting.join import JoinInfo, VoteServerError
from game.voting.tally import Snapshot, VoteRecord, VoteResult, VoteState

if TYPE_CHECKING:
    from game.voting.server import VoteServer

__all__ = [
    "JoinInfo",
    "Snapshot",
    "VoteRecord",
    "VoteResult",
    "VoteServer",
    "VoteServerError",
    "VoteState",
    "new_server",
]


def new_server(host: str | None, port: int) -> VoteServer:
    """A vote server on `host` and `port` (not started)."""
    from game.voting.server import VoteServer

    return VoteServer(host, port)


def __getattr__(name: str) -> Any:
    if name == "VoteServer":
        from game.voting.server import VoteServer

        return VoteServer
    raise AttributeError(f"module 'game.voting' has no attribute {name!r}")
