"""What an expression reads, and printing it back as source."""

from __future__ import annotations

from collections.abc import Iterator

from .nodes import (
    ATOM_PREC,
    BINARY_PREC,
    CMP_PREC,
    KEPT_PREFIX,
    MISSED_PREFIX,
    NEG_PREC,
    NOT_PREC,
    Binary,
    Bool,
    Call,
    Expr,
    Name,
    Num,
    Str,
    Unary,
)

# --- Queries ---------------------------------------------------------------------------------


def _nodes(expr: Expr) -> Iterator[Expr]:
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Binary):
            stack.append(node.right)
            stack.append(node.left)
        elif isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))


def variables_used(expr: Expr) -> frozenset[str]:
    """Every variable name the expression reads."""
    return frozenset(node.name for node in _nodes(expr) if isinstance(node, Name))


def scenes_visited(expr: Expr) -> frozenset[str]:
    """Every key of the visit counts the expression reads: scenes in visited("..."), and
    choices in chose("scene.choice") (a taken choice is counted beside the scenes)."""
    return frozenset(
        arg.value
        for node in _nodes(expr)
        if isinstance(node, Call) and node.func in ("visited", "chose")
        for arg in node.args
        if isinstance(arg, Str)
    )


# Each counting function's key in the counts, as the compiler keys them: scenes and choices
# by their own ids, lesson marks behind a prefix.
_COUNT_KEYS = {"visited": "", "chose": "", "kept": KEPT_PREFIX, "missed": MISSED_PREFIX}


def counts_read(expr: Expr) -> frozenset[str]:
    """Every key of the counts the expression reads: those of `scenes_visited`, and the lesson
    marks kept("...") and missed("...") read."""
    return frozenset(
        _COUNT_KEYS[node.func] + arg.value
        for node in _nodes(expr)
        if isinstance(node, Call) and node.func in _COUNT_KEYS
        for arg in node.args
        if isinstance(arg, Str)
    )


# --- Printing --------------------------------------------------------------------------------


def _prec(e: Expr) -> int:
    if isinstance(e, Binary):
        return BINARY_PREC[e.op]
    if isinstance(e, Unary):
        return NOT_PREC if e.op == "not" else NEG_PREC
    if isinstance(e, Num) and e.value < 0:
        return NEG_PREC
    return ATOM_PREC


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unparse(expr: Expr) -> str:
    """Print an expression with the fewest parentheses; parse(unparse(e)) == e for parsed trees."""
    if isinstance(expr, Num):
        return str(expr.value)
    if isinstance(expr, Str):
        return _quote(expr.value)
    if isinstance(expr, Bool):
        return "true" if expr.value else "false"
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Call):
        return f"{expr.func}({', '.join(unparse(a) for a in expr.args)})"
    if isinstance(expr, Unary):
        inner = unparse(expr.operand)
        if expr.op == "not":
            return f"not {inner}" if _prec(expr.operand) >= NOT_PREC else f"not ({inner})"
        return f"-{inner}" if _prec(expr.operand) >= NEG_PREC else f"-({inner})"
    prec = BINARY_PREC[expr.op]
    left = unparse(expr.left)
    left_prec = _prec(expr.left)
    # Comparisons don't chain, so a comparison on the left needs parentheses too.
    if left_prec < prec or (prec == CMP_PREC and left_prec == CMP_PREC):
        left = f"({left})"
    right = unparse(expr.right)
    if _prec(expr.right) <= prec:
        right = f"({right})"
    return f"{left} {expr.op} {right}"
