"""Records kept as plain tuples while playing, made into objects only when read.

A plain tuple of strings and numbers is one the cyclic GC stops tracking; a long game's
history and decisions as objects would stay tracked, and each full collection would walk
them (and the whole story model) again. Steps stay cheap however long a game runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Records(Generic[T]):
    """An append-only list of rows, each readable as `make(*row)`; truncated by undo."""

    def __init__(self, make: Callable[..., T], rows: tuple[tuple[Any, ...], ...] = ()) -> None:
        self.rows: list[tuple[Any, ...]] = list(rows)
        # Keep one more row: the list's own append, as a step appends a row or two every time.
        self.append: Callable[[tuple[Any, ...]], None] = self.rows.append
        self._made: list[T] = []
        self._make = make

    def __len__(self) -> int:
        return len(self.rows)

    def truncate(self, keep: int) -> None:
        """Drop every row after the first `keep`."""
        del self.rows[keep:]
        del self._made[keep:]

    def made(self) -> tuple[T, ...]:
        """Every row as an object, oldest first; each is made once and kept."""
        made, rows, make = self._made, self.rows, self._make
        made.extend(make(*row) for row in rows[len(made) :])
        return tuple(made)
