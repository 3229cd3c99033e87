"""Tokenizer for the expression language."""

from __future__ import annotations

from typing import NamedTuple

from .nodes import MAX_NUMBER, ExprError, Value, number_too_large

# --- Tokenizer -------------------------------------------------------------------------------

_DIGITS = frozenset("0123456789")
_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT_REST = _IDENT_START | _DIGITS
WORD_OPS = frozenset({"and", "or", "not"})
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


class Token(NamedTuple):
    kind: str  # "num", "str", "bool", "name", "op" (symbols and and/or/not) or "eof"
    text: str  # the exact source text
    offset: int
    value: Value


def clip(text: str, limit: int = 24) -> str:
    """Shorten and make printable a piece of source for use inside a message."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def describe(tok: Token) -> str:
    return "end of expression" if tok.kind == "eof" else f"'{clip(tok.text)}'"


class Lexer:
    """Hands out tokens one at a time so errors are found in source order."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0

    def next(self) -> Token:
        src = self.src
        n = len(src)
        i = self.pos
        while i < n and src[i].isspace():
            i += 1
        if i >= n:
            self.pos = n
            return Token("eof", "", n, 0)
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
                    f"only whole numbers are allowed, found '{clip(src[i:k])}'", i, k - i
                )
            digits = src[i:j]
            # Checked on the length first: a 5,000-digit literal is never converted at all.
            if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
                raise ExprError(number_too_large(digits), i, j - i, "number")
            self.pos = j
            return Token("num", digits, i, int(digits))
        if c in _IDENT_START:
            j = i + 1
            while j < n and src[j] in _IDENT_REST:
                j += 1
            self.pos = j
            word = src[i:j]
            if word in WORD_OPS:
                return Token("op", word, i, word)
            if word == "true" or word == "false":
                return Token("bool", word, i, word == "true")
            return Token("name", word, i, word)
        if c == '"' or c == "'":
            return self._string(i, c)
        for size in (3, 2, 1):
            chunk = src[i : i + size]
            if len(chunk) != size:
                continue
            if chunk in _TWO_CHAR_OPS or (size == 1 and chunk in _ONE_CHAR_OPS):
                self.pos = i + size
                return Token("op", chunk, i, chunk)
            if chunk in _WRONG_OPS:
                raise ExprError(_WRONG_OPS[chunk], i, size)
        if c == ".":
            raise ExprError("unexpected '.': only whole numbers are allowed", i, 1)
        raise ExprError(f"unexpected character '{clip(c)}'", i, 1)

    def _string(self, start: int, quote: str) -> Token:
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
                return Token("str", src[start : k + 1], start, "".join(parts))
            escaped = src[k + 1]
            if escaped not in _ESCAPABLE:
                raise ExprError(
                    f"unknown escape '\\{clip(escaped)}' in text: "
                    "only \\\", \\' and \\\\ are allowed",
                    k,
                    2,
                )
            parts.append(escaped)
            j = k + 2
