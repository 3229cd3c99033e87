"""Sixty phones vote, change their minds and drop off and back for ten rounds (127.0.0.1)."""

from __future__ import annotations

import asyncio
import random

import aiohttp

from game.voting import JoinInfo, VoteServer, VoteState
from game.voting.simphone import SimPhone

PHONES = 60
ROUNDS = 10


async def rejoin(phone: SimPhone, voted: dict[str, int]) -> None:
    """Drop and come back; the server must still know this device's vote."""
    await phone.leave()
    await phone.join()
    assert phone.token is not None
    await phone.wait_for(lambda: phone.mine == voted.get(phone.token or ""))


async def play_round(
    phones: list[SimPhone], serial: int, options: int, rng: random.Random
) -> dict[str, int]:
    """Every phone acts at random; returns the last vote each device cast."""
    voted: dict[str, int] = {}

    async def act(phone: SimPhone) -> None:
        await phone.wait_for(lambda: phone.ballot is not None and phone.ballot.get("b") == serial)
        for _ in range(rng.randrange(4)):  # zero steps: this student abstains
            # A moment to think, as people take; it also shuffles the order of arrivals.
            await asyncio.sleep(rng.uniform(0.1, 0.4))
            if rng.random() < 0.2:
                await rejoin(phone, voted)
            choice = rng.randrange(options)
            await phone.vote(choice)
            voted[phone.token or ""] = choice
        if rng.random() < 0.1:
            await rejoin(phone, voted)

    await asyncio.gather(*(act(phone) for phone in phones))
    return voted


def test_every_tally_is_exactly_the_votes_cast(voting: tuple[VoteServer, JoinInfo]) -> None:
    server, info = voting
    base = info.url.split("/?")[0]
    rng = random.Random(1905)

    async def main() -> None:
        async with aiohttp.ClientSession() as session:
            phones = [SimPhone(session, base, info.code) for _ in range(PHONES)]
            await asyncio.gather(*(phone.join() for phone in phones))
            assert server.snapshot().phones == PHONES
            for round_ in range(ROUNDS):
                options = [f"Option {i}" for i in range(2 + round_ % 4)]
                server.open_vote(f"d{round_}", f"Round {round_}?", options)
                voted = await play_round(phones, round_ + 1, len(options), rng)
                result = server.close_vote()
                expected = tuple(
                    sum(1 for v in voted.values() if v == i) for i in range(len(options))
                )
                assert result.counts == expected, f"round {round_}"
                snap = server.snapshot()
                assert (snap.state, snap.total) == (VoteState.CLOSED, len(voted))
            await asyncio.gather(*(phone.leave() for phone in phones))

    asyncio.run(asyncio.wait_for(main(), 120))
    records = server.records()
    assert [r.decision_id for r in records] == [f"d{i}" for i in range(ROUNDS)]
    assert all(sum(r.counts) <= PHONES for r in records)
