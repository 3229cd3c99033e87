"""The condition and effect language: tokenizer, parser, type checker and compiler.

Expressions are parsed once when a story loads, checked against the declared variables and
scenes, and compiled to plain Python closures; no source text ever reaches eval or exec.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, NamedTuple, NoReturn

__all__ = [
    "ERROR_KINDS",
    "MAX_DEPTH",
    "Binary",
    "Bool",
    "Call",
    "Expr",
    "ExprError",
    "Name",
    "Num",
    "Str",
    "Unary",
    "Value",
    "VarType",
    "compile_expr",
    "evaluate",
    "parse",
    "scenes_visited",
    "typecheck",
    "unparse",
    "variables_used",
]

# Deeper trees would risk RecursionError in the recursive checker, compiler and closures.
MAX_DEPTH = 100

Value = int | str | bool


class VarType(Enum):
    """The three types a variable or expression can have."""

    NUMBER = "number"
    TEXT = "text"
    BOOL = "true/false"


ERROR_KINDS = ("syntax", "type", "unknown-variable", "unknown-scene", "unknown-function")


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
    """A function call; only `visited("scene_id")` exists."""

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


# --- Tokenizer -------------------------------------------------------------------------------

_DIGITS = frozenset("0123456789")
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT_REST = _IDENT_START | _DIGITS
_WORD_OPS = frozenset({"and", "or", "not"})
_TWO_CHAR_OPS = frozenset({"==", "!=", "<=", ">="})
_ONE_CHAR_OPS = frozenset("+-*/<>(),")
# Operators from other languages, recognised only to say what to write instead.
_WRONG_OPS = {
    "===": "use '==' instead of '==='",
    "&&": "use 'and' instead of '&&'",
    "||": "use 'or' instead of '||'",
    "<>": "use '!=' instead of '<>'",
    "=>": "use '>=' instead of '=>'",
    "=<": "use '<=' instead of '=<'",
    "&": "use 'and' instead of '&'",
    "|": "use 'or' instead of '|'",
    "!": "use 'not' instead of '!'",
    "=": "use '==' to compare ('=' is not an operator here)",
}
_ESCAPABLE = frozenset("\"'\\")


class _Tok(NamedTuple):
    kind: str  # "num", "str", "bool", "name", "op" (symbols and and/or/not) or "eof"
    text: str  # the exact source text
    offset: int
    value: Value


def _clip(text: str, limit: int = 24) -> str:
    """Shorten and make printable a piece of source for use inside a message."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _describe(tok: _Tok) -> str:
    return "end of expression" if tok.kind == "eof" else f"'{_clip(tok.text)}'"


# Python refuses int(str) beyond ~4300 digits; splitting keeps huge literals legal.
_SAFE_DIGITS = 1000


def _digits_to_int(digits: str) -> int:
    if len(digits) <= _SAFE_DIGITS:
        return int(digits)
    mid = len(digits) // 2
    scale: int = 10 ** (len(digits) - mid)
    return _digits_to_int(digits[:mid]) * scale + _digits_to_int(digits[mid:])


def _int_to_str(n: int) -> str:
    if n < 0:
        return "-" + _int_to_str(-n)
    if n.bit_length() <= 3000:
        return str(n)
    low_digits = int(n.bit_length() * 0.30103) // 2
    scale: int = 10**low_digits
    high, low = divmod(n, scale)
    return _int_to_str(high) + _int_to_str(low).zfill(low_digits)


class _Lexer:
    """Hands out tokens one at a time so errors are found in source order."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0

    def next(self) -> _Tok:
        src = self.src
        n = len(src)
        i = self.pos
        while i < n and src[i].isspace():
            i += 1
        if i >= n:
            self.pos = n
            return _Tok("eof", "", n, 0)
        c = src[i]
        if c in _DIGITS:
            j = i + 1
            while j < n and src[j] in _DIGITS:
                j += 1
            if j + 1 < n and src[j] == "." and src[j + 1] in _DIGITS:
                k = j + 1
                while k < n and src[k] in _DIGITS:
                    k += 1
                raise ExprError(
                    f"only whole numbers are allowed, found '{_clip(src[i:k])}'", i, k - i
                )
            self.pos = j
            return _Tok("num", src[i:j], i, _digits_to_int(src[i:j]))
        if c in _IDENT_START:
            j = i + 1
            while j < n and src[j] in _IDENT_REST:
                j += 1
            self.pos = j
            word = src[i:j]
            if word in _WORD_OPS:
                return _Tok("op", word, i, word)
            if word == "true" or word == "false":
                return _Tok("bool", word, i, word == "true")
            return _Tok("name", word, i, word)
        if c == '"' or c == "'":
            return self._string(i, c)
        for size in (3, 2, 1):
            chunk = src[i : i + size]
            if len(chunk) != size:
                continue
            if chunk in _TWO_CHAR_OPS or (size == 1 and chunk in _ONE_CHAR_OPS):
                self.pos = i + size
                return _Tok("op", chunk, i, chunk)
            if chunk in _WRONG_OPS:
                raise ExprError(_WRONG_OPS[chunk], i, size)
        if c == ".":
            raise ExprError("unexpected '.': only whole numbers are allowed", i, 1)
        raise ExprError(f"unexpected character '{_clip(c)}'", i, 1)

    def _string(self, start: int, quote: str) -> _Tok:
        src = self.src
        n = len(src)
        parts: list[str] = []
        j = start + 1
        while True:
            # Copy runs of plain characters in one slice: strings can be long.
            k = j
            while k < n and src[k] != quote and src[k] != "\\":
                k += 1
            parts.append(src[j:k])
            if k >= n or (src[k] == "\\" and k + 1 >= n):
                raise ExprError(
                    f"text is missing its closing quote ({quote})", start, max(n - start, 1)
                )
            if src[k] == quote:
                self.pos = k + 1
                return _Tok("str", src[start : k + 1], start, "".join(parts))
            escaped = src[k + 1]
            if escaped not in _ESCAPABLE:
                raise ExprError(
                    f"unknown escape '\\{_clip(escaped)}' in text: "
                    "only \\\", \\' and \\\\ are allowed",
                    k,
                    2,
                )
            parts.append(escaped)
            j = k + 2


# --- Parser ----------------------------------------------------------------------------------

_BINARY_PREC = {
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
_NOT_PREC = 3
_CMP_PREC = 4
_NEG_PREC = 7
_ATOM_PREC = 8
_VALUE_KINDS = frozenset({"num", "str", "bool", "name"})


def _end(expr: Expr) -> int:
    return expr.offset + expr.length


class _Parser:
    """Precedence climbing: two Python frames per nesting level, checked against MAX_DEPTH."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lexer = _Lexer(source)
        self.prev: _Tok | None = None
        self.tok = self.lexer.next()
        self.depth = 0

    def advance(self) -> _Tok:
        tok = self.tok
        self.prev = tok
        self.tok = self.lexer.next()
        return tok

    def at(self, text: str) -> bool:
        return self.tok.kind == "op" and self.tok.text == text

    def parse(self) -> Expr:
        if self.tok.kind == "eof":
            raise ExprError("empty expression", 0, max(len(self.source), 1))
        expr, _ = self.expr(0)
        if self.tok.kind != "eof":
            self.fail_after_value(None)
        return expr

    def too_deep(self, tok: _Tok) -> NoReturn:
        raise ExprError("expression nested too deeply", tok.offset, max(len(tok.text), 1))

    def expr(self, min_prec: int) -> tuple[Expr, int]:
        """Parse operators binding at least as tightly as min_prec; return the tree and height."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.too_deep(self.tok)
        left, height = self.prefix(min_prec)
        last_comparison: str | None = None
        while True:
            tok = self.tok
            if tok.kind != "op":
                break
            prec = _BINARY_PREC.get(tok.text)
            if prec is None or prec < min_prec:
                break
            if prec == _CMP_PREC and last_comparison is not None:
                raise ExprError(
                    f"comparisons can't be chained: join them with 'and', "
                    f"e.g. 'a {last_comparison} b and b {tok.text} c'",
                    tok.offset,
                    len(tok.text),
                )
            self.advance()
            right, right_height = self.expr(prec + 1)
            height = max(height, right_height) + 1
            if height > MAX_DEPTH:
                self.too_deep(tok)
            left = Binary(tok.text, left, right, left.offset, _end(right) - left.offset)
            last_comparison = tok.text if prec == _CMP_PREC else None
        self.depth -= 1
        return left, height

    def prefix(self, min_prec: int) -> tuple[Expr, int]:
        tok = self.tok
        kind = tok.kind
        if kind == "num":
            self.advance()
            assert isinstance(tok.value, int)
            return Num(tok.value, tok.offset, len(tok.text)), 1
        if kind == "str":
            self.advance()
            assert isinstance(tok.value, str)
            return Str(tok.value, tok.offset, len(tok.text)), 1
        if kind == "bool":
            self.advance()
            return Bool(tok.value is True, tok.offset, len(tok.text)), 1
        if kind == "name":
            self.advance()
            if self.at("("):
                return self.call(tok)
            return Name(tok.text, tok.offset, len(tok.text)), 1
        if kind == "op":
            if tok.text == "(":
                self.advance()
                inner, height = self.expr(0)
                if not self.at(")"):
                    self.fail_after_value(tok)
                close = self.advance()
                # The node takes the parentheses into its span so carets cover them.
                return replace(
                    inner, offset=tok.offset, length=close.offset + 1 - tok.offset
                ), height
            if tok.text == "-":
                self.advance()
                operand, height = self.expr(_NEG_PREC)
                return Unary("-", operand, tok.offset, _end(operand) - tok.offset), height + 1
            if tok.text == "not":
                if min_prec > _CMP_PREC:
                    assert self.prev is not None
                    raise ExprError(
                        f"'not' can't follow '{self.prev.text}' directly: "
                        "put it in parentheses, e.g. '(not x)'",
                        tok.offset,
                        3,
                    )
                self.advance()
                operand, height = self.expr(_CMP_PREC)
                return Unary("not", operand, tok.offset, _end(operand) - tok.offset), height + 1
        found = _describe(tok)
        if self.prev is None:
            message = f"expected a value, found {found}"
        else:
            message = f"expected a value after '{_clip(self.prev.text)}', found {found}"
        raise ExprError(message, tok.offset, max(len(tok.text), 1))

    def call(self, name: _Tok) -> tuple[Expr, int]:
        lparen = self.advance()
        args: list[Expr] = []
        height = 1
        if not self.at(")"):
            while True:
                arg, arg_height = self.expr(0)
                args.append(arg)
                height = max(height, arg_height + 1)
                if self.at(","):
                    self.advance()
                    continue
                if self.at(")"):
                    break
                self.fail_after_value(lparen, in_call=True)
        close = self.advance()
        call = Call(name.text, tuple(args), name.offset, close.offset + 1 - name.offset)
        if name.text == "visited":
            _check_visited_shape(call)
        return call, height

    def fail_after_value(self, opener: _Tok | None, in_call: bool = False) -> NoReturn:
        """Explain a token that cannot follow a complete value."""
        tok = self.tok
        span = max(len(tok.text), 1)
        if tok.kind == "eof" and opener is not None:
            raise ExprError(
                "this '(' is never closed: expected ')' before the end of the expression",
                opener.offset,
                1,
            )
        if tok.kind in _VALUE_KINDS or tok.text in ("(", "not"):
            lower = tok.text.lower()
            if tok.kind == "name" and lower in _WORD_OPS:
                raise ExprError(f"write '{lower}' in lower case", tok.offset, span)
            prev = self.prev
            assert prev is not None
            raise ExprError(
                f"expected an operator between '{_clip(prev.text)}' and '{_clip(tok.text)}'",
                tok.offset,
                span,
            )
        if opener is None:
            if tok.text == ")":
                raise ExprError("this ')' has no matching '('", tok.offset, 1)
            raise ExprError(f"unexpected {_describe(tok)}", tok.offset, span)
        expected = "',' or ')'" if in_call else "')'"
        raise ExprError(f"expected {expected}, found {_describe(tok)}", tok.offset, span)


def _check_visited_shape(call: Call) -> None:
    """visited() must name exactly one scene in quotes; say so at parse time."""
    if not call.args:
        raise ExprError(
            'visited() needs a scene id in quotes, e.g. visited("intro")', call.offset, call.length
        )
    arg = call.args[0]
    if not isinstance(arg, Str):
        example = arg.name if isinstance(arg, Name) else "intro"
        raise ExprError(
            f'visited() needs a scene id in quotes, e.g. visited("{example}")',
            arg.offset,
            arg.length,
        )
    if len(call.args) > 1:
        extra = call.args[1]
        raise ExprError(
            "visited() takes exactly one scene id",
            extra.offset,
            _end(call.args[-1]) - extra.offset,
        )


def parse(source: str) -> Expr:
    """Parse an expression; raises ExprError (and nothing else) for any bad input."""
    return _Parser(source).parse()


# --- Type checking ---------------------------------------------------------------------------

_NOUN = {VarType.NUMBER: "a number", VarType.TEXT: "text", VarType.BOOL: "true/false"}
_ARITH_MESSAGE = {
    "+": "cannot add {right} to {left}",
    "-": "cannot subtract {right} from {left}",
    "*": "cannot multiply {left} by {right}",
    "/": "cannot divide {left} by {right}",
}


def typecheck(
    expr: Expr, variables: Mapping[str, VarType], scenes: Container[str]
) -> tuple[VarType | None, list[ExprError]]:
    """Find every type and name error; the type is None only when no operator fixes it."""
    errors: list[ExprError] = []
    result = _check(expr, variables, scenes, errors)
    errors.sort(key=lambda e: e.offset)
    return result, errors


def _type_error(message: str, node: Expr) -> ExprError:
    return ExprError(message, node.offset, max(node.length, 1), "type")


def _check(
    e: Expr, variables: Mapping[str, VarType], scenes: Container[str], errors: list[ExprError]
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
                errors.append(
                    _type_error(f"'not' needs true/false, got {operand.value}", e.operand)
                )
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
            errors.append(_type_error(f"{message}, got {found.value}", side))


def _check_call(
    e: Call, variables: Mapping[str, VarType], scenes: Container[str], errors: list[ExprError]
) -> VarType | None:
    if e.func != "visited":
        for arg in e.args:
            _check(arg, variables, scenes, errors)
        errors.append(
            ExprError(
                f"unknown function '{e.func}'; the only function is visited(\"scene_id\")",
                e.offset,
                max(len(e.func), 1),
                "unknown-function",
                e.func,
            )
        )
        return None
    # The parser guarantees this shape; trees built by hand may not have it.
    if len(e.args) != 1 or not isinstance(e.args[0], Str):
        errors.append(_type_error("visited() needs one scene id in quotes", e))
        return VarType.NUMBER
    arg = e.args[0]
    if arg.value not in scenes:
        errors.append(
            ExprError(
                f"unknown scene '{_clip(arg.value, 60)}'",
                arg.offset,
                max(arg.length, 1),
                "unknown-scene",
                arg.value,
            )
        )
    return VarType.NUMBER


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
    """Every scene id named in a visited("...") call."""
    return frozenset(
        arg.value
        for node in _nodes(expr)
        if isinstance(node, Call) and node.func == "visited"
        for arg in node.args
        if isinstance(arg, Str)
    )


# --- Printing --------------------------------------------------------------------------------


def _prec(e: Expr) -> int:
    if isinstance(e, Binary):
        return _BINARY_PREC[e.op]
    if isinstance(e, Unary):
        return _NOT_PREC if e.op == "not" else _NEG_PREC
    if isinstance(e, Num) and e.value < 0:
        return _NEG_PREC
    return _ATOM_PREC


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unparse(expr: Expr) -> str:
    """Print an expression with the fewest parentheses; parse(unparse(e)) == e for parsed trees."""
    if isinstance(expr, Num):
        return _int_to_str(expr.value)
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
            return f"not {inner}" if _prec(expr.operand) >= _NOT_PREC else f"not ({inner})"
        return f"-{inner}" if _prec(expr.operand) >= _NEG_PREC else f"-({inner})"
    prec = _BINARY_PREC[expr.op]
    left = unparse(expr.left)
    left_prec = _prec(expr.left)
    # Comparisons don't chain, so a comparison on the left needs parentheses too.
    if left_prec < prec or (prec == _CMP_PREC and left_prec == _CMP_PREC):
        left = f"({left})"
    right = unparse(expr.right)
    if _prec(expr.right) <= prec:
        right = f"({right})"
    return f"{left} {expr.op} {right}"


# --- Compiling -------------------------------------------------------------------------------

_Fn = Callable[[Mapping[str, Any], Mapping[str, int]], Any]
Compiled = Callable[[Mapping[str, Value], Mapping[str, int]], Value]

# What a compiled piece is, so a parent can fuse it into one closure instead of calling it.
_CONST, _NAME, _VISITED, _OTHER = range(4)


class _Piece(NamedTuple):
    fn: _Fn
    kind: int
    data: Any  # the constant, the variable name or the scene id


def _floordiv(a: int, b: int) -> int:
    return a // b if b else 0


def _const(value: Value) -> _Piece:
    return _Piece(lambda v, s: value, _CONST, value)


_FOLD: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
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
    "+": lambda a, b: lambda v, s: a(v, s) + b(v, s),
    "-": lambda a, b: lambda v, s: a(v, s) - b(v, s),
    "*": lambda a, b: lambda v, s: a(v, s) * b(v, s),
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
    "+": lambda a, c: lambda v, s: a(v, s) + c,
    "-": lambda a, c: lambda v, s: a(v, s) - c,
    "*": lambda a, c: lambda v, s: a(v, s) * c,
    "/": lambda a, c: lambda v, s: a(v, s) // c,
    "==": lambda a, c: lambda v, s: a(v, s) == c,
    "!=": lambda a, c: lambda v, s: a(v, s) != c,
    "<": lambda a, c: lambda v, s: a(v, s) < c,
    "<=": lambda a, c: lambda v, s: a(v, s) <= c,
    ">": lambda a, c: lambda v, s: a(v, s) > c,
    ">=": lambda a, c: lambda v, s: a(v, s) >= c,
}
_NAME_CONST: dict[str, Callable[[str, Any], _Fn]] = {
    "+": lambda n, c: lambda v, s: v[n] + c,
    "-": lambda n, c: lambda v, s: v[n] - c,
    "*": lambda n, c: lambda v, s: v[n] * c,
    "/": lambda n, c: lambda v, s: v[n] // c,
    "==": lambda n, c: lambda v, s: v[n] == c,
    "!=": lambda n, c: lambda v, s: v[n] != c,
    "<": lambda n, c: lambda v, s: v[n] < c,
    "<=": lambda n, c: lambda v, s: v[n] <= c,
    ">": lambda n, c: lambda v, s: v[n] > c,
    ">=": lambda n, c: lambda v, s: v[n] >= c,
}
_NAME_NAME: dict[str, Callable[[str, str], _Fn]] = {
    "+": lambda m, n: lambda v, s: v[m] + v[n],
    "-": lambda m, n: lambda v, s: v[m] - v[n],
    "*": lambda m, n: lambda v, s: v[m] * v[n],
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


def _compile(e: Expr) -> _Piece:
    if isinstance(e, (Num, Str, Bool)):
        return _const(e.value)
    if isinstance(e, Name):
        name = e.name
        return _Piece(lambda v, s: v[name], _NAME, name)
    if isinstance(e, Call):
        if e.func != "visited" or len(e.args) != 1 or not isinstance(e.args[0], Str):
            raise ExprError(
                f"cannot compile call to '{e.func}'", e.offset, max(e.length, 1), "unknown-function"
            )
        scene = e.args[0].value
        return _Piece(lambda v, s: s.get(scene, 0), _VISITED, scene)
    if isinstance(e, Unary):
        return _unary(e.op, _compile(e.operand))
    return _binary(e.op, _compile(e.left), _compile(e.right))


def _unary(op: str, p: _Piece) -> _Piece:
    if p.kind == _CONST:
        return _const(not p.data if op == "not" else -p.data)
    f = p.fn
    if p.kind == _NAME:
        n: str = p.data
        if op == "not":
            return _Piece(lambda v, s: not v[n], _OTHER, None)
        return _Piece(lambda v, s: -v[n], _OTHER, None)
    if op == "not":
        return _Piece(lambda v, s: not f(v, s), _OTHER, None)
    return _Piece(lambda v, s: -f(v, s), _OTHER, None)


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
