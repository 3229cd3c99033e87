"""The JSON messages between the phone page and the server, parsed strictly."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from game.voting.tally import Ballot, VoteState

# A phone only ever sends a hello or a vote: anything bigger is abuse, not a message.
MAX_MESSAGE_BYTES = 1024
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True, slots=True)
class Hello:
    """A phone (re)joining, with the device token it kept from last time, if any."""

    token: str | None


@dataclass(frozen=True, slots=True)
class Cast:
    """A phone voting for `option` in ballot number `serial`."""

    serial: int
    option: int


ClientMessage = Hello | Cast


def parse_client_message(text: str) -> ClientMessage | None:
    """The message a phone sent, or None for anything malformed."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kind = data.get("t")
    if kind == "hello":
        token = data.get("token")
        if token is None:
            return Hello(None)
        if isinstance(token, str) and TOKEN_PATTERN.fullmatch(token):
            return Hello(token)
        return None
    if kind == "vote":
        serial, option = data.get("b"), data.get("o")
        # bool is an int subclass, and `true` is not a ballot number.
        numbers = [v for v in (serial, option) if isinstance(v, int) and not isinstance(v, bool)]
        if len(numbers) == 2:
            return Cast(numbers[0], numbers[1])
    return None


def welcome_message(token: str) -> str:
    """Tells a phone the device token to keep for the rest of the session."""
    return json.dumps({"t": "welcome", "token": token})


def mine_message(serial: int, option: int | None) -> str:
    """Tells one phone which option it has voted for in this ballot."""
    return json.dumps({"t": "mine", "b": serial, "o": option})


def ballot_message(
    state: VoteState, ballot: Ballot | None, seconds_left: float | None, chosen: int | None
) -> str:
    """What every phone shows: the state, the prompt and options, and the result once closed."""
    data: dict[str, object] = {"t": "ballot", "state": state.value}
    if ballot is not None and state is not VoteState.WAITING:
        data |= {"b": ballot.serial, "prompt": ballot.prompt, "options": list(ballot.options)}
        data["ends_in"] = None if seconds_left is None else round(seconds_left, 1)
        if ballot.result is not None:
            result = ballot.result
            data["result"] = {
                "counts": list(result.counts),
                "winner": result.winner,
                "tied": list(result.tied),
                "chosen": chosen,
            }
    return json.dumps(data)
