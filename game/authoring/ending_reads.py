"""What guarantees can read at each ending, once the ending's own facts are known.

A guarantee is judged at an ending with `ending`, `tone` and `outcome` fixed by that ending, so
much of it is settled there: `if: ending == "end_echo"` is false at every other ending, and
`then: outcome != "together"` is true wherever the outcome is something else. A claim settled
at an ending cannot be broken there whatever the variables are, so it reads nothing there; the
explorer then need not keep apart states that differ only in what it would have read.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.engine import expr as ex
from game.engine.model import Ending, Story, Value


def ending_reads(story: Story) -> dict[str, tuple[ex.Expr, ...]]:
    """For every ending scene, the guarantee expressions that can still decide a claim there."""
    out = {}
    for sid, scene in story.scenes.items():
        if scene.ending is not None:
            out[sid] = tuple(_unsettled(story, sid, scene.ending))
    return out


def ending_facts(sid: str, ending: Ending) -> dict[str, Value]:
    """The names a guarantee reads that an ending fixes."""
    return {
        "ending": sid,
        "tone": ending.tone.value,
        "outcome": ending.outcome.value if ending.outcome is not None else "",
    }


def _unsettled(story: Story, sid: str, ending: Ending) -> Iterator[ex.Expr]:
    known = ending_facts(sid, ending)
    for g in story.guarantees:
        if g.then is not None:
            cond = fold(g.condition, known) if g.condition is not None else ex.Bool(True)
            then = fold(g.then, known)
            if cond != ex.Bool(False) and then != ex.Bool(True):
                yield cond
                yield then
        for w in g.reachable:
            if w.ending == sid and w.when is not None:
                yield w.when


def fold(e: ex.Expr, known: dict[str, Value]) -> ex.Expr:
    """`e` with the `known` names put in and every part that no longer reads anything
    worked out (a partial evaluation); what still reads the state is kept as it is."""
    if isinstance(e, ex.Name):
        return _constant(known[e.name]) if e.name in known else e
    if isinstance(e, ex.Unary):
        operand = fold(e.operand, known)
        negated = ex.Unary(e.op, operand)
        return _constant(ex.evaluate(negated, {}, {})) if _is_constant(operand) else negated
    if isinstance(e, ex.Binary):
        left, right = fold(e.left, known), fold(e.right, known)
        if e.op in ("and", "or"):
            return _logic(e.op, left, right)
        new = ex.Binary(e.op, left, right)
        if _is_constant(left) and _is_constant(right):
            return _constant(ex.evaluate(new, {}, {}))
        return new
    if isinstance(e, ex.Call):
        return ex.Call(e.func, tuple(fold(a, known) for a in e.args))
    return e


def _logic(op: str, left: ex.Expr, right: ex.Expr) -> ex.Expr:
    # Expressions have no side effects, so a settled side decides alone whichever side it is.
    short = ex.Bool(op == "or")  # what settles `op` on its own
    for one, other in ((left, right), (right, left)):
        if one == short:
            return short
        if _is_constant(one):  # the other value of a condition: the result is the other side
            return other
    return ex.Binary(op, left, right)


def _is_constant(e: ex.Expr) -> bool:
    return isinstance(e, (ex.Num, ex.Str, ex.Bool))


def _constant(value: Value) -> ex.Expr:
    if isinstance(value, bool):
        return ex.Bool(value)
    if isinstance(value, int):
        return ex.Num(value)
    return ex.Str(value)
