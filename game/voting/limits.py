"""Limits that keep one phone, or a crowd of fake ones, from hurting the server."""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_CLIENTS = 200
# Messages queued for one phone; a phone that falls this far behind is dropped.
SEND_QUEUE = 16
# Device tokens handed out per session: far more than a class, and a bound on memory.
MAX_TOKENS = 5000
# A phone votes a few times a minute; these allow bursts of taps and nothing like a flood.
BURST = 10.0
RATE_PER_S = 5.0
# Messages refused for rate before the connection is closed.
MAX_REFUSED = 40


class TokenBucket:
    """Allows `burst` messages at once and `rate` per second after that."""

    def __init__(
        self,
        burst: float = BURST,
        rate: float = RATE_PER_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._burst = burst
        self._rate = rate
        self._clock = clock
        self._level = burst
        self._stamp = clock()

    def take(self) -> bool:
        """Spend one message; False when the bucket is empty."""
        now = self._clock()
        self._level = min(self._burst, self._level + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._level < 1.0:
            return False
        self._level -= 1.0
        return True
