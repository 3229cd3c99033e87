"""Compiling a checked expression to plain Python closures (no eval)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .nodes import (
    KEPT_PREFIX,
    MAX_NUMBER,
    MISSED_PREFIX,
    Bool,
    Call,
    Expr,
    ExprError,
    Name,
    Num,
    Str,
    Unary,
    Value,
)

# --- Compiling -------------------------------------------------------------------------------

_Fn = Callable[[Mapping[str, Any], Mapping[str, int]], Any]
Compiled = Callable[[Mapping[str, Value], Mapping[str, int]], Value]

# What a compiled piece is, so a parent can fuse it into one closure instead of calling it.
_CONST, _NAME, _VISITED, _OTHER = range(4)


class _Piece(NamedTuple):
    fn: _Fn
    kind: int
    data: Any  # the constant, the variable name or the scene id


def _cap(n: int) -> int:
    """Arithmetic saturates at ±MAX_NUMBER: `n * n` in a loop stays a small number."""
    return n if -MAX_NUMBER <= n <= MAX_NUMBER else (MAX_NUMBER if n > 0 else -MAX_NUMBER)


def _floordiv(a: int, b: int) -> int:
    return _cap(a // b) if b else 0


def _const(value: Value) -> _Piece:
    return _Piece(lambda v, s: value, _CONST, value)


_FOLD: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: _cap(a + b),
    "-": lambda a, b: _cap(a - b),
    "*": lambda a, b: _cap(a * b),
    "/": _floordiv,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
}

# Rewrites `3 < x` as `x > 3` so the constant is always on the right.
_FLIP = {"+": "+", "*": "*", "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

# One hand-written closure per operator and operand shape: a closure call costs far more
# than the operator itself, so fusing lookups and constants into the parent pays.
_GENERIC: dict[str, Callable[[_Fn, _Fn], _Fn]] = {
    "+": lambda a, b: lambda v, s: _cap(a(v, s) + b(v, s)),
    "-": lambda a, b: lambda v, s: _cap(a(v, s) - b(v, s)),
    "*": lambda a, b: lambda v, s: _cap(a(v, s) * b(v, s)),
    "/": lambda a, b: lambda v, s: _floordiv(a(v, s), b(v, s)),
    "==": lambda a, b: lambda v, s: a(v, s) == b(v, s),
    "!=": lambda a, b: lambda v, s: a(v, s) != b(v, s),
    "<": lambda a, b: lambda v, s: a(v, s) < b(v, s),
    "<=": lambda a, b: lambda v, s: a(v, s) <= b(v, s),
    ">": lambda a, b: lambda v, s: a(v, s) > b(v, s),
    ">=": lambda a, b: lambda v, s: a(v, s) >= b(v, s),
    "and": lambda a, b: lambda v, s: a(v, s) and b(v, s),
    "or": lambda a, b: lambda v, s: a(v, s) or b(v, s),
}
_FN_CONST: dict[str, Callable[[_Fn, Any], _Fn]] = {
    "+": lambda a, c: lambda v, s: _cap(a(v, s) + c),
    "-": lambda a, c: lambda v, s: _cap(a(v, s) - c),
    "*": lambda a, c: lambda v, s: _cap(a(v, s) * c),
    "/": lambda a, c: lambda v, s: _cap(a(v, s) // c),
    "==": lambda a, c: lambda v, s: a(v, s) == c,
    "!=": lambda a, c: lambda v, s: a(v, s) != c,
    "<": lambda a, c: lambda v, s: a(v, s) < c,
    "<=": lambda a, c: lambda v, s: a(v, s) <= c,
    ">": lambda a, c: lambda v, s: a(v, s) > c,
    ">=": lambda a, c: lambda v, s: a(v, s) >= c,
}
_NAME_CONST: dict[str, Callable[[str, Any], _Fn]] = {
    "+": lambda n, c: lambda v, s: _cap(v[n] + c),
    "-": lambda n, c: lambda v, s: _cap(v[n] - c),
    "*": lambda n, c: lambda v, s: _cap(v[n] * c),
    "/": lambda n, c: lambda v, s: _cap(v[n] // c),
    "==": lambda n, c: lambda v, s: v[n] == c,
    "!=": lambda n, c: lambda v, s: v[n] != c,
    "<": lambda n, c: lambda v, s: v[n] < c,
    "<=": lambda n, c: lambda v, s: v[n] <= c,
    ">": lambda n, c: lambda v, s: v[n] > c,
    ">=": lambda n, c: lambda v, s: v[n] >= c,
}
_NAME_NAME: dict[str, Callable[[str, str], _Fn]] = {
    "+": lambda m, n: lambda v, s: _cap(v[m] + v[n]),
    "-": lambda m, n: lambda v, s: _cap(v[m] - v[n]),
    "*": lambda m, n: lambda v, s: _cap(v[m] * v[n]),
    "/": lambda m, n: lambda v, s: _floordiv(v[m], v[n]),
    "==": lambda m, n: lambda v, s: v[m] == v[n],
    "!=": lambda m, n: lambda v, s: v[m] != v[n],
    "<": lambda m, n: lambda v, s: v[m] < v[n],
    "<=": lambda m, n: lambda v, s: v[m] <= v[n],
    ">": lambda m, n: lambda v, s: v[m] > v[n],
    ">=": lambda m, n: lambda v, s: v[m] >= v[n],
    "and": lambda m, n: lambda v, s: v[m] and v[n],
    "or": lambda m, n: lambda v, s: v[m] or v[n],
}
_VISITED_CONST: dict[str, Callable[[str, Any], _Fn]] = {
    "==": lambda i, c: lambda v, s: s.get(i, 0) == c,
    "!=": lambda i, c: lambda v, s: s.get(i, 0) != c,
    "<": lambda i, c: lambda v, s: s.get(i, 0) < c,
    "<=": lambda i, c: lambda v, s: s.get(i, 0) <= c,
    ">": lambda i, c: lambda v, s: s.get(i, 0) > c,
    ">=": lambda i, c: lambda v, s: s.get(i, 0) >= c,
}


def compile_expr(expr: Expr) -> Compiled:
    """Compile a type-checked expression to a closure f(values, visits) -> value."""
    return _compile(expr).fn


def evaluate(expr: Expr, values: Mapping[str, Value], visits: Mapping[str, int]) -> Value:
    """Compile and run an expression once; for hot paths keep compile_expr's closure instead."""
    result: Value = compile_expr(expr)(values, visits)
    return result


# Each function's key in the counts mapping: a scene id, "scene.choice", or a lesson's mark.
_COUNTED = {"visited": "", "chose": "", "kept": KEPT_PREFIX, "missed": MISSED_PREFIX}


def _compile(e: Expr) -> _Piece:
    if isinstance(e, (Num, Str, Bool)):
        return _const(e.value)
    if isinstance(e, Name):
        name = e.name
        return _Piece(lambda v, s: v[name], _NAME, name)
    if isinstance(e, Call):
        if e.func not in _COUNTED or len(e.args) != 1 or not isinstance(e.args[0], Str):
            raise ExprError(
                f"cannot compile call to '{e.func}'", e.offset, max(e.length, 1), "unknown-function"
            )
        key = _COUNTED[e.func] + e.args[0].value
        if e.func == "visited":
            return _Piece(lambda v, s: s.get(key, 0), _VISITED, key)
        # `chose`, `kept` and `missed` count in the same mapping as visits (see `nodes`).
        return _Piece(lambda v, s: s.get(key, 0) > 0, _OTHER, None)
    if isinstance(e, Unary):
        return _unary(e.op, _compile(e.operand))
    return _binary(e.op, _compile(e.left), _compile(e.right))


def _unary(op: str, p: _Piece) -> _Piece:
    if p.kind == _CONST:
        return _const(not p.data if op == "not" else _cap(-p.data))
    f = p.fn
    if p.kind == _NAME:
        n: str = p.data
        if op == "not":
            return _Piece(lambda v, s: not v[n], _OTHER, None)
        return _Piece(lambda v, s: _cap(-v[n]), _OTHER, None)
    if op == "not":
        return _Piece(lambda v, s: not f(v, s), _OTHER, None)
    return _Piece(lambda v, s: _cap(-f(v, s)), _OTHER, None)


def _binary(op: str, a: _Piece, b: _Piece) -> _Piece:
    if a.kind == _CONST and b.kind == _CONST:
        return _const(_FOLD[op](a.data, b.data))
    if op == "and" or op == "or":
        # Both sides are true/false and free of side effects, so a constant side decides or drops.
        deciding = op == "or"
        for const, other in ((a, b), (b, a)):
            if const.kind == _CONST:
                return _const(deciding) if const.data is deciding else other
    elif a.kind == _CONST and op in _FLIP:
        a, b, op = b, a, _FLIP[op]
    if b.kind == _CONST and op in _FN_CONST:
        c = b.data
        if op == "/" and c == 0:
            return _const(0)
        if a.kind == _NAME:
            return _Piece(_NAME_CONST[op](a.data, c), _OTHER, None)
        if a.kind == _VISITED and op in _VISITED_CONST:
            return _Piece(_VISITED_CONST[op](a.data, c), _OTHER, None)
        return _Piece(_FN_CONST[op](a.fn, c), _OTHER, None)
    if a.kind == _NAME and b.kind == _NAME:
        return _Piece(_NAME_NAME[op](a.data, b.data), _OTHER, None)
    return _Piece(_GENERIC[op](a.fn, b.fn), _OTHER, None)
