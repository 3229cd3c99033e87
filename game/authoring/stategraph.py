"""The explorer's states as a graph, kept when guarantees are to be proved over it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.engine.model import Value

Path = tuple[tuple[str, int], ...]  # (scene, choice index) per decision


@dataclass(frozen=True)
class Origin:
    """Where exploration starts: answers and draws (where a condition reads them), and the
    checkpoint played from (None: the story's start)."""

    answers: Mapping[str, Value] = field(default_factory=dict)
    checkpoint: str | None = None


@dataclass
class StateGraph:
    """Every explored state (a node) with the choices leading on from it (edges).

    Only the values and visit counts at endings are kept: guarantees are judged there. `starts`
    are the states real games start in (not checkpoints, whose paths have no history).
    """

    scenes: list[str] = field(default_factory=list)
    edges: list[list[tuple[int, int]]] = field(default_factory=list)
    ends: dict[int, tuple[dict[str, Value], dict[str, int]]] = field(default_factory=dict)
    starts: dict[int, Origin] = field(default_factory=dict)
    complete: bool = True

    def add(self, sid: str, values: dict[str, Value], visits: dict[str, int], ending: bool) -> None:
        """A new state, numbered in the order added."""
        if ending:
            self.ends[len(self.scenes)] = (values, visits)
        self.scenes.append(sid)
        self.edges.append([])
