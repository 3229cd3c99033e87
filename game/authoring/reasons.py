"""Why a choice is never available or an ending never reached, in words an author can act on.

Exploration proves *that* something is never reached; this module says *why*. It runs a cheap
interval analysis over the scene graph (each number variable's lowest and highest value at each
decision point, ignoring the order of play), which over-approximates what can happen. So when
the analysis says a condition cannot hold, that is a true reason; when it cannot tell, no reason
is given and the report stays as it was.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from game.engine import expr as ex
from game.engine.model import Effect, Story, VarType

from .explore import Exploration

Range = tuple[float, float]
Env = dict[str, Range]

# After this many widenings of one scene a still-growing bound jumps to the variable's limit,
# so loops that add to a variable settle quickly.
_WIDEN_AFTER = 20
_COMPARE = (">", ">=", "<", "<=", "==", "!=")


@dataclass(frozen=True)
class _Atom:
    """A comparison of a variable with a number, the only shape the reasons explain."""

    var: str
    op: str
    limit: float


class Reasons:
    """Reasons for the flow diagnostics of one story, from its model and its exploration."""

    def __init__(self, story: Story, result: Exploration) -> None:
        self.story = story
        self.result = result
        self.numbers = {v.id: v for v in story.variables.values() if v.type is VarType.NUMBER}
        self.at: dict[str, Env] = {}
        self._analyse()

    # --- the analysis -------------------------------------------------------------------

    def _limits(self, vid: str) -> Range:
        var = self.numbers[vid]
        lo = -math.inf if var.min is None else float(var.min)
        hi = math.inf if var.max is None else float(var.max)
        return lo, hi

    def _start(self) -> Env:
        env: Env = {}
        for vid, var in self.numbers.items():
            value = float(var.default) if isinstance(var.default, int) else 0.0
            env[vid] = self._limits(vid) if var.ask else (value, value)
        return env

    def _apply(self, effects: tuple[Effect, ...], env: Env) -> Env:
        out = dict(env)
        for effect in effects:
            if effect.var not in out:
                continue
            lo, hi = self._limits(effect.var)
            value = _interval(effect.expr, out)
            if value is None:
                out[effect.var] = (lo, hi)
                continue
            if effect.relative:
                value = (out[effect.var][0] + value[0], out[effect.var][1] + value[1])
            out[effect.var] = (min(max(value[0], lo), hi), max(min(value[1], hi), lo))
        return out

    def _analyse(self) -> None:
        story = self.story
        if story.start not in story.scenes:
            return
        rounds: Counter[str] = Counter()
        work = [story.start]
        self._arrive(story.start, self._start(), rounds, work)
        while work:
            sid = work.pop()
            scene, env = story.scenes[sid], self.at[sid]
            for route in scene.routes:
                holds = truth(route.condition, env)
                if True in holds:
                    self._arrive(route.goto, env, rounds, work)
                if holds == {True}:
                    break
            for choice in scene.choices:
                if True in truth(choice.condition, env):
                    self._arrive(choice.goto, self._apply(choice.effects, env), rounds, work)

    def _arrive(self, sid: str, env: Env, rounds: Counter[str], work: list[str]) -> None:
        scene = self.story.scenes.get(sid)
        if scene is None:
            return
        env = self._apply(scene.effects, env)
        old = self.at.get(sid)
        if old is None:
            self.at[sid] = env
            work.append(sid)
            return
        joined = {v: (min(old[v][0], env[v][0]), max(old[v][1], env[v][1])) for v in old}
        if joined == old:
            return
        rounds[sid] += 1
        if rounds[sid] > _WIDEN_AFTER:
            limits = {v: self._limits(v) for v in joined}
            joined = {
                v: (
                    limits[v][0] if r[0] < old[v][0] else r[0],
                    limits[v][1] if r[1] > old[v][1] else r[1],
                )
                for v, r in joined.items()
            }
        self.at[sid] = joined
        work.append(sid)

    # --- the reasons --------------------------------------------------------------------

    def choice(self, sid: str, index: int) -> str | None:
        """Why choice `index` in `sid` is never available, or None when it cannot tell."""
        condition = self.story.scenes[sid].choices[index].condition
        env = self.at.get(sid)
        if condition is None or env is None or True in truth(condition, env):
            return None
        return _explain(condition, env)

    def route(self, sid: str, index: int) -> str | None:
        """Why route `index` in `sid` is never taken, or None when it cannot tell."""
        routes = self.story.scenes[sid].routes
        env = self.at.get(sid)
        if env is None:
            return None
        for earlier in range(index):
            if truth(routes[earlier].condition, env) == {True}:
                return f"shadowed by route {earlier + 1}, whose condition always holds here"
        condition = routes[index].condition
        if condition is None or True in truth(condition, env):
            return None
        return _explain(condition, env)

    def ending(self, sid: str) -> str:
        """Why ending `sid` is never reached: what leads here, and why that never happens."""
        ways = list(self._ways_into(sid))
        if not ways:
            return "nothing leads here"
        why = []
        for source, kind, index in ways[:2]:
            if source not in self.result.scenes:
                why.append(f"'{source}' leads here but is never reached")
                continue
            detail = self.choice(source, index) if kind == "choice" else self.route(source, index)
            never = "never available" if kind == "choice" else "never taken"
            why.append(
                f"{kind} {index + 1} in '{source}' leads here but is {never}"
                + (f" ({detail})" if detail else "")
            )
        more = f"; and {len(ways) - 2} more ways in" if len(ways) > 2 else ""
        return "; ".join(why) + more

    def _ways_into(self, target: str) -> Iterator[tuple[str, str, int]]:
        for sid, scene in self.story.scenes.items():
            if sid == target:
                continue
            for i, choice in enumerate(scene.choices):
                if choice.goto == target:
                    yield sid, "choice", i
            for r, route in enumerate(scene.routes):
                if route.goto == target:
                    yield sid, "route", r


def _interval(e: ex.Expr, env: Mapping[str, Range]) -> Range | None:
    """The range of a number expression, or None when it is not one the analysis follows."""
    if isinstance(e, ex.Num):
        return float(e.value), float(e.value)
    if isinstance(e, ex.Name):
        return env.get(e.name)
    if isinstance(e, ex.Unary) and e.op == "-":
        inner = _interval(e.operand, env)
        return None if inner is None else (-inner[1], -inner[0])
    if isinstance(e, ex.Binary) and e.op in ("+", "-"):
        left, right = _interval(e.left, env), _interval(e.right, env)
        if left is None or right is None:
            return None
        if e.op == "+":
            return left[0] + right[0], left[1] + right[1]
        return left[0] - right[1], left[1] - right[0]
    return None


def truth(e: ex.Expr | None, env: Mapping[str, Range]) -> set[bool]:
    """The values a condition can take given the ranges (both, when it cannot tell)."""
    if e is None:
        return {True}
    if isinstance(e, ex.Bool):
        return {e.value}
    if isinstance(e, ex.Unary) and e.op == "not":
        return {not t for t in truth(e.operand, env)}
    if isinstance(e, ex.Binary) and e.op in ("and", "or"):
        left, right = truth(e.left, env), truth(e.right, env)
        if e.op == "and":
            return {a and b for a in left for b in right}
        return {a or b for a in left for b in right}
    if isinstance(e, ex.Binary) and e.op in _COMPARE:
        low, high = _interval(e.left, env), _interval(e.right, env)
        if low is not None and high is not None:
            return _compare(e.op, low, high)
    return {True, False}


def _compare(op: str, a: Range, b: Range) -> set[bool]:
    can: dict[str, tuple[bool, bool]] = {
        ">": (a[1] > b[0], a[0] <= b[1]),
        ">=": (a[1] >= b[0], a[0] < b[1]),
        "<": (a[0] < b[1], a[1] >= b[0]),
        "<=": (a[0] <= b[1], a[1] > b[0]),
        "==": (a[0] <= b[1] and b[0] <= a[1], not (a[0] == a[1] == b[0] == b[1])),
        "!=": (not (a[0] == a[1] == b[0] == b[1]), a[0] <= b[1] and b[0] <= a[1]),
    }
    yes, no = can[op]
    return {t for t, possible in ((True, yes), (False, no)) if possible}


def _atoms(e: ex.Expr) -> Iterator[tuple[ex.Expr, _Atom | None]]:
    """The comparisons a condition is made of, each as an atom when it is `var op number`."""
    if isinstance(e, ex.Binary) and e.op in ("and", "or"):
        yield from _atoms(e.left)
        yield from _atoms(e.right)
    elif isinstance(e, ex.Binary) and e.op in _COMPARE:
        if isinstance(e.left, ex.Name) and isinstance(e.right, ex.Num):
            yield e, _Atom(e.left.name, e.op, float(e.right.value))
        elif isinstance(e.right, ex.Name) and isinstance(e.left, ex.Num):
            flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">="}.get(e.op, e.op)
            yield e, _Atom(e.right.name, flipped, float(e.left.value))
        else:
            yield e, None
    else:
        yield e, None


def _explain(condition: ex.Expr, env: Mapping[str, Range]) -> str | None:
    """Name the variable whose range rules the condition out, e.g. 'patience is at most 1'."""
    for part, atom in _atoms(condition):
        if atom is None or atom.var not in env or True in truth(part, env):
            continue
        lo, hi = env[atom.var]
        if lo == hi:
            return f"{atom.var} is always {_num(lo)} here"
        if atom.op in (">", ">="):
            return f"{atom.var} is at most {_num(hi)} here"
        if atom.op in ("<", "<="):
            return f"{atom.var} is at least {_num(lo)} here"
        return f"{atom.var} is between {_num(lo)} and {_num(hi)} here"
    return None


def _num(x: float) -> str:
    return str(int(x)) if math.isfinite(x) else ("no limit" if x > 0 else "no lower limit")
