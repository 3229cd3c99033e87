"""Class-voting benchmark: 60 phones on 127.0.0.1 against the vote server in its own thread.

Prints:
- vote → tally latency: from a phone sending a vote to the projector seeing it through
  snapshot() (aim: p99 under 100 ms), measured while the other phones keep voting;
- a simulated 60 fps frame loop calling snapshot() every frame while 60 phones vote: the p99
  time of a frame's work (aim: under 8 ms), and the same loop with nobody voting as the floor.

Run: `python bench/vote.py` (`--quick` for a short smoke run). All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import threading
import time
from collections.abc import Coroutine
from typing import Any

import aiohttp

from game.voting import Snapshot, VoteServer
from game.voting.simphone import SimPhone

PHONES = 60
PROBES = 10
FPS = 60
# The crowd votes among the first three; the probe phones alone use the last two.
OPTIONS = ["Listen", "Advise", "Leave", "Probe A", "Probe B"]


class Crowd:
    """Phones on an asyncio loop in a background thread, as real phones are elsewhere."""

    def __init__(self, base: str, code: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.base, self.code = base, code
        self.voting = False
        self.phones: list[SimPhone] = []
        self.session: aiohttp.ClientSession | None = None

    def run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(60)

    async def join(self) -> None:
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self.phones = [SimPhone(self.session, self.base, self.code) for _ in range(PHONES)]
        await asyncio.gather(*(phone.join() for phone in self.phones))

    async def keep_voting(self, seconds: float) -> None:
        """Every crowd phone changes its vote every 0.2–0.6 s, like a restless class."""

        async def restless(phone: SimPhone, rng: random.Random) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                await asyncio.sleep(rng.uniform(0.2, 0.6))
                await phone.wait_for(lambda: phone.ballot is not None)
                await phone.vote(rng.randrange(3))

        crowd = self.phones[PROBES:]
        await asyncio.gather(*(restless(p, random.Random(i)) for i, p in enumerate(crowd)))

    async def close(self) -> None:
        await asyncio.gather(*(phone.leave() for phone in self.phones))
        if self.session is not None:
            await self.session.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def vote_latency(server: VoteServer, crowd: Crowd, votes: int) -> list[float]:
    """Seconds from a probe phone's vote to the tally showing it, one vote at a time.

    Ten probe phones take turns (each stays under the per-phone rate limit), each moving its
    vote between the two probe options, so the tally of "Probe A" shows exactly when it lands.
    """
    probes = crowd.phones[:PROBES]
    on_a: set[int] = set()
    latencies = []
    for i in range(votes):
        who = i % PROBES
        option = 4 if who in on_a else 3
        on_a.symmetric_difference_update({who})
        start = time.perf_counter()
        asyncio.run_coroutine_threadsafe(probes[who].vote(option), crowd.loop)
        while server.snapshot().counts[3] != len(on_a):
            if time.perf_counter() - start > 5:
                raise RuntimeError("a probe vote never reached the tally")
            time.sleep(0.0002)
        latencies.append(time.perf_counter() - start)
        time.sleep(0.03)
    return latencies


def draw(snapshot: Snapshot) -> str:
    """Stand-in for the projector's per-frame work with the snapshot."""
    bars = " ".join(f"{o}:{n}" for o, n in zip(snapshot.options, snapshot.counts, strict=True))
    left = "" if snapshot.seconds_left is None else f"{snapshot.seconds_left:.0f}s"
    return f"{snapshot.state.value} {snapshot.total} {bars} {left}"


def frame_loop(server: VoteServer, seconds: float) -> list[float]:
    """Run a 60 fps loop calling snapshot() each frame; returns each frame's work time."""
    frames = []
    period = 1.0 / FPS
    next_frame = time.perf_counter()
    end = next_frame + seconds
    while next_frame < end:
        start = time.perf_counter()
        draw(server.snapshot())
        frames.append(time.perf_counter() - start)
        next_frame += period
        time.sleep(max(0.0, next_frame - time.perf_counter()))
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    args = parser.parse_args()
    seconds, votes = (2.0, 50) if args.quick else (8.0, 300)

    server = VoteServer("127.0.0.1", 0)
    info = server.start()
    crowd = Crowd(info.url.split("/?")[0], info.code)
    try:
        crowd.run(crowd.join())
        server.open_vote("bench", "What do you do?", OPTIONS)
        idle = frame_loop(server, seconds / 2)
        busy_crowd = asyncio.run_coroutine_threadsafe(crowd.keep_voting(seconds * 3), crowd.loop)
        busy = frame_loop(server, seconds)
        latencies = vote_latency(server, crowd, votes)
        busy_crowd.result(seconds * 6)
        result = server.close_vote()
        crowd.run(crowd.close())
    finally:
        server.stop()
        crowd.loop.call_soon_threadsafe(crowd.loop.stop)

    ms = 1000.0
    print(f"phones: {PHONES}, votes in the final tally: {sum(result.counts)}")
    print(
        f"vote → snapshot latency, {len(latencies)} votes "
        f"({PHONES - PROBES} phones voting meanwhile): "
        f"p50 {statistics.median(latencies) * ms:.2f} ms, "
        f"p99 {percentile(latencies, 0.99) * ms:.2f} ms (aim < 100 ms)"
    )
    for name, frames in (("idle", idle), ("60 phones voting", busy)):
        print(
            f"60 fps frame loop, {name}: {len(frames)} frames, "
            f"p50 {statistics.median(frames) * ms:.3f} ms, "
            f"p99 {percentile(frames, 0.99) * ms:.3f} ms, "
            f"max {max(frames) * ms:.3f} ms (aim p99 < 8 ms)"
        )
    ratio = percentile(busy, 0.99) / max(percentile(idle, 0.99), 1e-9)
    print(f"frame p99 with voting / idle: {ratio:.1f}×")


if __name__ == "__main__":
    main()
