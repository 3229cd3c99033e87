"""The expression language's values, types, errors and syntax tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

# Deeper trees would risk RecursionError in the recursive checker, compiler and closures.
MAX_DEPTH = 100

Value = int | str | bool

# The largest number a story holds: literals past it are refused and arithmetic stops at it,
# so no loop of effects can grow a number without bound (Python refuses to print past ~4,300
# digits, and long before that arithmetic slows to a crawl).
MAX_NUMBER = 1_000_000_000


def number_too_large(digits: str) -> str:
    """The message for a number literal past MAX_NUMBER (the digits may be thousands long)."""
    shown = digits if len(digits) <= 15 else f"a {len(digits):,}-digit number"
    return (
        f"{shown} is too large: numbers in a story stay between -{MAX_NUMBER:,} and {MAX_NUMBER:,}"
    )


class VarType(Enum):
    """The three types a variable or expression can have."""

    NUMBER = "number"
    TEXT = "text"
    BOOL = "true/false"


ERROR_KINDS = (
    "syntax",
    "type",
    "unknown-variable",
    "unknown-scene",
    "unknown-function",
    "unknown-choice",
    "unknown-lesson",
    "guarantee-only",
    "number",
)
# Functions of one quoted argument: what each names, as the error messages say it.
FUNCTIONS = {
    "visited": "a scene id",
    "chose": 'a choice as "scene.choice_id"',
    "kept": "a lesson id",
    "missed": "a lesson id",
}
# The key `chose`, `kept` and `missed` read in the counts mapping (beside scene visits).
KEPT_PREFIX, MISSED_PREFIX = "kept:", "missed:"


class ExprError(Exception):
    """A mistake in an expression, with its 0-based character span in the source."""

    def __init__(
        self,
        message: str,
        offset: int,
        length: int = 1,
        kind: str = "syntax",
        name: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = length
        self.kind = kind
        self.name = name

    def __repr__(self) -> str:
        return (
            f"ExprError({self.message!r}, offset={self.offset}, length={self.length}, "
            f"kind={self.kind!r}, name={self.name!r})"
        )


# --- AST -------------------------------------------------------------------------------------
# Spans are left out of comparisons so that equal trees compare equal wherever they were written.


@dataclass(frozen=True, slots=True)
class Num:
    """A whole-number literal."""

    value: int
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Str:
    """A text literal (the span includes its quotes)."""

    value: str
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Bool:
    """`true` or `false`."""

    value: bool
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Name:
    """A variable reference."""

    name: str
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    """A function call: `visited`, `chose`, `kept` or `missed`, each of one quoted name."""

    func: str
    args: tuple[Expr, ...]
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    """A prefix operator: `-` or `not`."""

    op: str
    operand: Expr
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Binary:
    """An infix operator: arithmetic, comparison, `and` or `or`."""

    op: str
    left: Expr
    right: Expr
    offset: int = field(default=0, compare=False)
    length: int = field(default=0, compare=False)


Expr = Num | Str | Bool | Name | Call | Unary | Binary


# Operator precedence, shared by the parser and the printer.
BINARY_PREC = {
    "or": 1,
    "and": 2,
    "==": 4,
    "!=": 4,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
}
NOT_PREC = 3
CMP_PREC = 4
NEG_PREC = 7
ATOM_PREC = 8
