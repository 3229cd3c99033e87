"""Which parts of an explored state can still matter at each decision point.

A variable, visit count or used-up `once` choice is live at a scene when some condition,
route, guarantee, or effect feeding one of those may read it on a path from there before an
effect overwrites it; at an ending, what the guarantees that its own facts do not settle read
(see `ending_reads`). What is dead there cannot change anything that follows, so two states
that differ only in dead parts have the same future: the explorer keys states on the live parts
alone, and what it proves stays exact.

The analysis is a backward data flow over the scene graph, run once per check. Facts are bits
of one int: the state's variables, then its visit counts, then the `once` choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.engine import expr as ex
from game.engine.model import Effect, Scene, Story
from game.engine.program import taken_key

from .ending_reads import ending_reads


@dataclass(frozen=True)
class Live:
    """What is live at one scene's decision point (or ending)."""

    variables: tuple[str, ...]
    visits: tuple[str, ...]
    once: frozenset[str]


# An effect as the analysis sees it: its target's bit (0: not a state variable), whether it
# adds to the old value, and the bits it reads.
_Effect = tuple[int, bool, int]


class _Facts:
    """Numbers the state's parts as bits."""

    def __init__(self, story: Story, variables: tuple[str, ...], visits: tuple[str, ...]) -> None:
        names = [*variables, *visits]
        names += [
            taken_key(sid, i)
            for sid, scene in story.scenes.items()
            for i, choice in enumerate(scene.choices)
            if choice.once
        ]
        self.names = names
        self.bit = {name: 1 << n for n, name in enumerate(names)}
        self.variables = frozenset(variables)
        self.visits = frozenset(visits)

    def of(self, names: Iterable[str]) -> int:
        """The bits of the names that are part of the state (others are ignored)."""
        bits = 0
        for name in names:
            bits |= self.bit.get(name, 0)
        return bits

    def reads(self, expr: ex.Expr | None) -> int:
        """The bits an expression reads."""
        if expr is None:
            return 0
        used = (ex.variables_used(expr) & self.variables) | (ex.scenes_visited(expr) & self.visits)
        return self.of(used)

    def reads_all(self, exprs: Iterable[ex.Expr]) -> int:
        """The bits any of the expressions reads."""
        bits = 0
        for expr in exprs:
            bits |= self.reads(expr)
        return bits

    def effects(self, effects: tuple[Effect, ...]) -> tuple[_Effect, ...]:
        """The effects in the analysis's terms."""
        bit = self.bit
        return tuple(
            (bit[e.var] if e.var in self.variables else 0, e.relative, self.reads(e.expr))
            for e in effects
        )

    def names_in(self, bits: int) -> list[str]:
        """The names of the set bits, in bit order."""
        return [name for n, name in enumerate(self.names) if bits >> n & 1]


def _through(effects: tuple[_Effect, ...], live: int) -> int:
    """What is live before `effects` run, given what is live after them."""
    for target, relative, reads in reversed(effects):
        if target & live:
            if not relative:
                live &= ~target
            live |= reads
    return live


def live_facts(
    story: Story, variables: tuple[str, ...], visits: tuple[str, ...]
) -> dict[str, Live]:
    """For every scene, the state variables, visit counts and `once` choices that are live
    where a state stops there (its choices, or its ending)."""
    facts = _Facts(story, variables, visits)
    at_end = {sid: facts.reads_all(exprs) for sid, exprs in ending_reads(story).items()}
    flows = {
        sid: _SceneFlow(facts, scene, at_end.get(sid, 0)) for sid, scene in story.scenes.items()
    }
    entry = dict.fromkeys(story.scenes, 0)
    before: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    for sid, scene in story.scenes.items():
        for target in scene.targets:
            if target in before:
                before[target].add(sid)
    work = list(story.scenes)
    queued = set(work)
    while work:  # a work list: only scenes whose successors changed are looked at again
        sid = work.pop()
        queued.discard(sid)
        new = flows[sid].entry(entry)
        if new != entry[sid]:
            entry[sid] = new
            for prev in before[sid] - queued:
                queued.add(prev)
                work.append(prev)
    out = {}
    shared: dict[int, Live] = {}  # scenes with the same live parts share one answer
    for sid, flow in flows.items():
        bits = flow.stop(entry)
        if bits not in shared:
            names = facts.names_in(bits)
            shared[bits] = Live(
                tuple(n for n in names if n in facts.variables),
                tuple(n for n in names if n in facts.visits),
                frozenset(n for n in names if n not in facts.variables and n not in facts.visits),
            )
        out[sid] = shared[bits]
    return out


class _SceneFlow:
    """One scene's transfer: from what is live on entering its targets to what is live on
    entering it, and where a state stops in it."""

    def __init__(self, facts: _Facts, scene: Scene, at_end: int) -> None:
        self.effects = facts.effects(scene.effects)
        self.beats = 0  # beat conditions only pick lines, but keeping them live keeps the
        for beat in scene.beats:  # lines the explorer records exactly what they were
            self.beats |= facts.reads(beat.condition)
        self.routes = [(r.goto, facts.reads(r.condition)) for r in scene.routes]
        self.ending = scene.ending is not None
        self.at_end = at_end
        self.choices = [
            (
                c.goto,
                facts.reads(c.condition) | (facts.bit[taken_key(scene.id, i)] if c.once else 0),
                facts.effects(c.effects),
            )
            for i, c in enumerate(scene.choices)
        ]

    def stop(self, entry: Mapping[str, int]) -> int:
        """What is live at a state stopped here: what the ending or the choices read."""
        if self.ending:
            return self.at_end
        live = 0
        for goto, reads, effects in self.choices:
            live |= reads | _through(effects, entry.get(goto, 0))
        return live

    def entry(self, entry: Mapping[str, int]) -> int:
        """What is live on entering the scene (before its effects)."""
        if self.routes:
            after = 0
            for goto, reads in self.routes:
                after |= reads | entry.get(goto, 0)
        else:
            after = self.stop(entry)
        return _through(self.effects, after | self.beats)
