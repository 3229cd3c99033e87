"""Type checking against the declared variables, scenes and functions."""

from __future__ import annotations

from collections.abc import Container, Mapping

from .lexer import clip
from .nodes import FUNCTIONS, Binary, Bool, Call, Expr, ExprError, Name, Num, Str, Unary, VarType

# --- Type checking ---------------------------------------------------------------------------

_NOUN = {VarType.NUMBER: "a number", VarType.TEXT: "text", VarType.BOOL: "true/false"}
_ARITH_MESSAGE = {
    "+": "cannot add {right} to {left}",
    "-": "cannot subtract {right} from {left}",
    "*": "cannot multiply {left} by {right}",
    "/": "cannot divide {left} by {right}",
}


def typecheck(
    expr: Expr,
    variables: Mapping[str, VarType],
    scenes: Container[str],
    lessons: Container[str] | None = None,
) -> tuple[VarType | None, list[ExprError]]:
    """Find every type and name error; the type is None only when no operator fixes it.

    `scenes` holds scene ids and, for `chose`, "scene.choice" keys; `lessons` is given only
    where `kept` and `missed` may be used (guarantees).
    """
    errors: list[ExprError] = []
    result = _check(expr, variables, _Names(scenes, lessons), errors)
    errors.sort(key=lambda e: e.offset)
    return result, errors


class _Names:
    """The scenes, choices and lessons names may refer to."""

    def __init__(self, scenes: Container[str], lessons: Container[str] | None) -> None:
        self.scenes = scenes
        self.lessons = lessons

    def __contains__(self, name: object) -> bool:
        return name in self.scenes


def _type_error(message: str, node: Expr) -> ExprError:
    return ExprError(message, node.offset, max(node.length, 1), "type")


def _check(
    e: Expr, variables: Mapping[str, VarType], scenes: _Names, errors: list[ExprError]
) -> VarType | None:
    if isinstance(e, Num):
        return VarType.NUMBER
    if isinstance(e, Str):
        return VarType.TEXT
    if isinstance(e, Bool):
        return VarType.BOOL
    if isinstance(e, Name):
        found = variables.get(e.name)
        if found is None:
            message = f"unknown variable '{e.name}'"
            if e.name.lower() in ("true", "false"):
                message += f"; write {e.name.lower()} in lower case"
            errors.append(
                ExprError(message, e.offset, max(e.length, 1), "unknown-variable", e.name)
            )
        return found
    if isinstance(e, Call):
        return _check_call(e, variables, scenes, errors)
    if isinstance(e, Unary):
        operand = _check(e.operand, variables, scenes, errors)
        if e.op == "not":
            if operand is not None and operand is not VarType.BOOL:
                message = f"'not' needs true/false, got {operand.value}"
                errors.append(_type_error(message + visited_hint(e.operand, "== 0"), e.operand))
            return VarType.BOOL
        if operand is not None and operand is not VarType.NUMBER:
            errors.append(_type_error(f"'-' needs a number, got {operand.value}", e.operand))
        return VarType.NUMBER
    left = _check(e.left, variables, scenes, errors)
    right = _check(e.right, variables, scenes, errors)
    op = e.op
    if op in _ARITH_MESSAGE:
        if left is not None and right is not None:
            if left is not VarType.NUMBER or right is not VarType.NUMBER:
                message = _ARITH_MESSAGE[op].format(left=_NOUN[left], right=_NOUN[right])
                errors.append(_type_error(message, e))
        else:
            _need(VarType.NUMBER, f"'{op}' needs numbers on both sides", e, left, right, errors)
        return VarType.NUMBER
    if op in ("==", "!="):
        if left is not None and right is not None and left is not right:
            errors.append(
                _type_error(
                    f"cannot compare {_NOUN[left]} with {_NOUN[right]}: "
                    f"'{op}' needs the same type on both sides",
                    e,
                )
            )
        return VarType.BOOL
    if op in ("and", "or"):
        _need(VarType.BOOL, f"'{op}' needs true/false on both sides", e, left, right, errors)
        return VarType.BOOL
    _need(VarType.NUMBER, f"'{op}' compares numbers only", e, left, right, errors)
    return VarType.BOOL


def _need(
    wanted: VarType,
    message: str,
    e: Binary,
    left: VarType | None,
    right: VarType | None,
    errors: list[ExprError],
) -> None:
    for side, found in ((e.left, left), (e.right, right)):
        if found is not None and found is not wanted:
            hint = visited_hint(side, "> 0")
            errors.append(_type_error(f"{message}, got {found.value}{hint}", side))


def visited_hint(e: Expr, comparison: str) -> str:
    """`; write visited("x") > 0` when a visit count stands where true/false belongs."""
    if isinstance(e, Call) and e.func == "visited" and len(e.args) == 1:
        arg = e.args[0]
        if isinstance(arg, Str):
            return f'; visited() counts visits, so write visited("{arg.value}") {comparison}'
    return ""


def _check_call(
    e: Call, variables: Mapping[str, VarType], scenes: _Names, errors: list[ExprError]
) -> VarType | None:
    if e.func not in FUNCTIONS:
        for arg in e.args:
            _check(arg, variables, scenes, errors)
        errors.append(
            ExprError(
                f"unknown function '{e.func}'; the functions are "
                + ", ".join(f'{f}("...")' for f in FUNCTIONS),
                e.offset,
                max(len(e.func), 1),
                "unknown-function",
                e.func,
            )
        )
        return None
    result = VarType.NUMBER if e.func == "visited" else VarType.BOOL
    # The parser guarantees this shape; trees built by hand may not have it.
    if len(e.args) != 1 or not isinstance(e.args[0], Str):
        errors.append(_type_error(f"{e.func}() needs one name in quotes", e))
        return result
    arg = e.args[0]
    name = arg.value
    if e.func in ("kept", "missed"):
        if scenes.lessons is None:
            errors.append(
                ExprError(
                    f"{e.func}() can only be used in a guarantee",
                    e.offset,
                    max(e.length, 1),
                    "guarantee-only",
                    e.func,
                )
            )
        elif name not in scenes.lessons:
            errors.append(
                ExprError(
                    f"unknown lesson '{clip(name, 60)}'",
                    arg.offset,
                    max(arg.length, 1),
                    "unknown-lesson",
                    name,
                )
            )
        return result
    if name not in scenes:
        kind = "choice" if e.func == "chose" else "scene"
        errors.append(
            ExprError(
                f"unknown {kind} '{clip(name, 60)}'",
                arg.offset,
                max(arg.length, 1),
                f"unknown-{kind}",
                name,
            )
        )
    return result
