"""Parser for the expression language: tokens to a syntax tree, with depth and shape checks."""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn

from .lexer import WORD_OPS, Lexer, Token, clip, describe
from .nodes import (
    BINARY_PREC,
    CMP_PREC,
    FUNCTIONS,
    MAX_DEPTH,
    NEG_PREC,
    Binary,
    Bool,
    Call,
    Expr,
    ExprError,
    Name,
    Num,
    Str,
    Unary,
)

# --- Parser ----------------------------------------------------------------------------------

_VALUE_KINDS = frozenset({"num", "str", "bool", "name"})


def _end(expr: Expr) -> int:
    return expr.offset + expr.length


class _Parser:
    """Precedence climbing: two Python frames per nesting level, checked against MAX_DEPTH."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lexer = Lexer(source)
        self.prev: Token | None = None
        self.tok = self.lexer.next()
        self.depth = 0

    def advance(self) -> Token:
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

    def too_deep(self, tok: Token) -> NoReturn:
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
            prec = BINARY_PREC.get(tok.text)
            if prec is None or prec < min_prec:
                break
            if prec == CMP_PREC and last_comparison is not None:
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
            last_comparison = tok.text if prec == CMP_PREC else None
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
                operand, height = self.expr(NEG_PREC)
                return Unary("-", operand, tok.offset, _end(operand) - tok.offset), height + 1
            if tok.text == "not":
                if min_prec > CMP_PREC:
                    assert self.prev is not None
                    raise ExprError(
                        f"'not' can't follow '{self.prev.text}' directly: "
                        "put it in parentheses, e.g. '(not x)'",
                        tok.offset,
                        3,
                    )
                self.advance()
                operand, height = self.expr(CMP_PREC)
                return Unary("not", operand, tok.offset, _end(operand) - tok.offset), height + 1
        found = describe(tok)
        if self.prev is None:
            message = f"expected a value, found {found}"
        else:
            message = f"expected a value after '{clip(self.prev.text)}', found {found}"
        raise ExprError(message, tok.offset, max(len(tok.text), 1))

    def call(self, name: Token) -> tuple[Expr, int]:
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
        if name.text in FUNCTIONS:
            _check_call_shape(call)
        return call, height

    def fail_after_value(self, opener: Token | None, in_call: bool = False) -> NoReturn:
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
            if tok.kind == "name" and lower in WORD_OPS:
                raise ExprError(f"write '{lower}' in lower case", tok.offset, span)
            prev = self.prev
            assert prev is not None
            raise ExprError(
                f"expected an operator between '{clip(prev.text)}' and '{clip(tok.text)}'",
                tok.offset,
                span,
            )
        if opener is None:
            if tok.text == ")":
                raise ExprError("this ')' has no matching '('", tok.offset, 1)
            raise ExprError(f"unexpected {describe(tok)}", tok.offset, span)
        expected = "',' or ')'" if in_call else "')'"
        raise ExprError(f"expected {expected}, found {describe(tok)}", tok.offset, span)


_EXAMPLES = {"visited": "intro", "chose": "intro.wait", "kept": "listen", "missed": "listen"}


def _check_call_shape(call: Call) -> None:
    """A function must name exactly one thing in quotes; say so at parse time."""
    func, what = call.func, FUNCTIONS[call.func]
    what_plain = what.split(" as ")[0]
    if not call.args:
        raise ExprError(
            f'{func}() needs {what_plain} in quotes, e.g. {func}("{_EXAMPLES[func]}")',
            call.offset,
            call.length,
        )
    arg = call.args[0]
    if not isinstance(arg, Str):
        example = arg.name if isinstance(arg, Name) else _EXAMPLES[func]
        raise ExprError(
            f'{func}() needs {what_plain} in quotes, e.g. {func}("{example}")',
            arg.offset,
            arg.length,
        )
    if len(call.args) > 1:
        extra = call.args[1]
        raise ExprError(
            f"{func}() takes exactly one {what_plain.removeprefix('a ')}",
            extra.offset,
            _end(call.args[-1]) - extra.offset,
        )


def parse(source: str) -> Expr:
    """Parse an expression; raises ExprError (and nothing else) for any bad input."""
    return _Parser(source).parse()
