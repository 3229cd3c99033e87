"""What a story's expressions read: its conditions and guarantee claims, the effects that feed
variables, and what a set of expressions reads through those effects. The explorer's state
(`explore`) and its step (`advance`) both start from here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.engine import expr as ex
from game.engine.model import Story

# An effect as a data flow: the variable it writes, from the expression it reads.
Feed = tuple[str, ex.Expr]


def conditions(story: Story, *, beats: bool) -> list[ex.Expr]:
    """The conditions of every choice and route, and of every line when `beats`."""
    out: list[ex.Expr] = []
    for scene in story.scenes.values():
        if beats:
            out += [b.condition for b in scene.beats if b.condition is not None]
        out += [c.condition for c in scene.choices if c.condition is not None]
        out += [r.condition for r in scene.routes if r.condition is not None]
    return out


def claims(story: Story) -> list[ex.Expr]:
    """What the guarantees judge (at endings): their conditions, claims and witnesses' `when`."""
    out: list[ex.Expr] = []
    for g in story.guarantees:
        out += [e for e in (g.condition, g.then) if e is not None]
        out += [w.when for w in g.reachable if w.when is not None]
    return out


def effect_feeds(story: Story) -> list[Feed]:
    """Every effect, of scenes and of choices, as the variable it writes and what it reads."""
    feeds: list[Feed] = []
    for scene in story.scenes.values():
        feeds += [(e.var, e.expr) for e in scene.effects]
        feeds += [(e.var, e.expr) for c in scene.choices for e in c.effects]
    return feeds


def closed_reads(
    roots: Iterable[ex.Expr], feeds: Sequence[Feed]
) -> tuple[frozenset[str], frozenset[str]]:
    """The variables and visit counts `roots` read, directly or through the effects feeding a
    variable read (then what those read, and so on)."""
    variables: set[str] = set()
    visited: set[str] = set()
    for expr in roots:
        variables |= ex.variables_used(expr)
        visited |= ex.scenes_visited(expr)
    grew = True
    while grew:
        grew = False
        for target, expr in feeds:
            if target in variables:
                more = ex.variables_used(expr) - variables
                seen = ex.scenes_visited(expr) - visited
                if more or seen:
                    variables |= more
                    visited |= seen
                    grew = True
    return frozenset(variables), frozenset(visited)
