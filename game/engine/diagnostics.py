"""Diagnostics: the one way the engine reports authoring problems, compiler style."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, unique

from .model import Span


class Severity(Enum):
    """How bad a diagnostic is; only errors make `reconnect check` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True)
class _CodeSpec:
    """A code's fields; mixed into `Code` so each member has typed attributes mypy can check."""

    id: str
    severity: Severity
    title: str


@unique
class Code(_CodeSpec, Enum):
    """The registry: every diagnostic code, declared once with its severity and title.

    Codes are stable: a number never changes meaning and a retired one is never reused.
    docs/diagnostics.md has a section `### <id> — <title>` for each, checked by the tests.
    """

    YAML_SYNTAX = "Y001", Severity.ERROR, "YAML syntax error"
    DUPLICATE_KEY = "Y002", Severity.ERROR, "duplicate key"
    ANCHOR = "Y003", Severity.ERROR, "anchors and aliases"
    TOO_DEEP = "Y004", Severity.ERROR, "nesting too deep"
    TOO_LARGE = "Y005", Severity.ERROR, "file too large"
    TAG = "Y006", Severity.ERROR, "tags"
    NOT_UTF8 = "Y007", Severity.ERROR, "not UTF-8"
    EMPTY_FILE = "Y008", Severity.ERROR, "empty file"
    CONTROL_CHARACTER = "Y009", Severity.ERROR, "control character"
    NOT_A_FILE = "Y010", Severity.ERROR, "not a plain file in the folder"

    UNKNOWN_KEY = "S101", Severity.ERROR, "unknown key"
    WRONG_TYPE = "S102", Severity.ERROR, "wrong type"
    MISSING_KEY = "S103", Severity.ERROR, "missing key"
    NO_WAY_ON = "S105", Severity.ERROR, "no single way on"
    DUPLICATE_SCENE = "S106", Severity.ERROR, "duplicate scene"
    NOT_A_STORY = "S107", Severity.ERROR, "not a story folder"
    ROUTE_ORDER = "S108", Severity.ERROR, "routes out of order"
    INVALID_ID = "S109", Severity.ERROR, "invalid id"
    RESERVED_WORD = "S110", Severity.ERROR, "reserved word"
    UNSUPPORTED_FORMAT = "S111", Severity.ERROR, "unsupported format"
    UNKNOWN_TONE = "S112", Severity.ERROR, "unknown tone"
    BAD_COLOUR = "S113", Severity.ERROR, "bad colour"
    ASSET_PATH = "S114", Severity.ERROR, "asset name with a path"
    RANGE_NOT_NUMBER = "S115", Severity.ERROR, "min or max on a non-number"
    MIN_ABOVE_MAX = "S116", Severity.ERROR, "min above max"
    START_OUT_OF_RANGE = "S117", Severity.ERROR, "starting value out of range"
    METER_NOT_NUMBER = "S118", Severity.ERROR, "meter on a non-number"
    ONE_OF_NOT_TEXT = "S119", Severity.ERROR, "one_of on a non-text variable"
    START_NOT_IN_ONE_OF = "S120", Severity.ERROR, "starting value not in one_of"
    PRONOUNS_VARIABLE = "S121", Severity.ERROR, "pronouns variable without pronoun sets"
    INVISIBLE_TEXT = "S122", Severity.ERROR, "invisible text"
    NUMBER_TOO_LARGE = "S123", Severity.ERROR, "number too large"
    LONG_BEAT = "S130", Severity.WARNING, "long beat"
    LONG_SCENE = "S131", Severity.WARNING, "long scene"
    TOO_MANY_CHOICES = "S132", Severity.WARNING, "more than nine choices"
    NEEDS_FORMAT2 = "S133", Severity.ERROR, "format 2 feature in a format 1 story"
    BAD_DRAW = "S134", Severity.ERROR, "bad draw"
    BAD_WORDS = "S135", Severity.ERROR, "bad words bands"
    MISSING_OUTCOME = "S136", Severity.ERROR, "ending without an outcome"
    UNKNOWN_OUTCOME = "S137", Severity.ERROR, "unknown outcome"
    DUPLICATE_ID = "S138", Severity.ERROR, "duplicate id"
    BAD_MESSAGE = "S139", Severity.ERROR, "bad message beat"
    BAD_GUARANTEE = "S140", Severity.ERROR, "bad guarantee"

    UNKNOWN_CHARACTER = "R101", Severity.ERROR, "unknown character"
    UNKNOWN_VARIABLE = "R102", Severity.ERROR, "unknown variable"
    UNKNOWN_LESSON = "R103", Severity.ERROR, "unknown lesson"
    UNKNOWN_SCENE = "R104", Severity.ERROR, "unknown scene"
    MISSING_ASSET = "R105", Severity.WARNING, "missing asset"
    UNKNOWN_NAME = "R106", Severity.ERROR, "unknown name in text"
    VERB_AFTER_NAME = "R107", Severity.WARNING, "verb after a name"
    NOT_FILLED_IN = "R108", Severity.WARNING, "braces in text that is shown as written"
    VERB_PAIR_REVERSED = "R109", Severity.WARNING, "verb pair plural first"
    NO_GLYPH = "R110", Severity.WARNING, "character the fonts cannot draw"
    NARRATION_LOOKS_SPOKEN = "R111", Severity.WARNING, "narration that looks like a line"
    UNKNOWN_CHOICE = "R112", Severity.ERROR, "unknown choice"
    MISSING_PORTRAIT = "R113", Severity.WARNING, "missing portrait"

    EXPR_SYNTAX = "E201", Severity.ERROR, "expression syntax"
    TYPE_CLASH = "E202", Severity.ERROR, "type clash"
    EFFECT_MISFIT = "E203", Severity.ERROR, "effect does not fit its variable"
    OUT_OF_RANGE = "E204", Severity.WARNING, "value out of range"
    SET_DRAWN = "E205", Severity.ERROR, "effect on a drawn variable"
    GUARANTEE_ONLY = "E206", Severity.ERROR, "guarantee-only name outside a guarantee"

    UNREACHABLE_SCENE = "F301", Severity.WARNING, "unreachable scene"
    ROUTE_LOOP = "F302", Severity.ERROR, "route loop"
    NEVER_AVAILABLE = "F303", Severity.WARNING, "choice never available"
    ENDING_UNREACHED = "F304", Severity.ERROR, "ending never reached"
    UNUSED_VARIABLE = "F305", Severity.WARNING, "unused variable"
    UNUSED_LESSON = "F306", Severity.WARNING, "unused lesson"
    SOFTLOCK = "F307", Severity.ERROR, "softlock"
    EXPLORATION_BOUND = "F308", Severity.WARNING, "exploration bound"
    GUARANTEE_BROKEN = "F309", Severity.ERROR, "guarantee broken"
    GUARANTEE_UNPROVEN = "F310", Severity.WARNING, "guarantee unproven"

    BAD_TEST = "T401", Severity.ERROR, "bad path test"
    STEP_NOT_PLAYABLE = "T402", Severity.ERROR, "step cannot be played"
    EXPECTATION_FAILED = "T403", Severity.ERROR, "expectation not met"

    def __str__(self) -> str:
        return self.id

    @property
    def heading(self) -> str:
        """The code's section heading in docs/diagnostics.md."""
        return f"{self.id} — {self.title}"

    @property
    def anchor(self) -> str:
        """The code's section anchor in docs/diagnostics.md, as Markdown renderers slug it."""
        return re.sub(r"[^\w\- ]", "", self.heading.lower()).replace(" ", "-")


RETIRED: frozenset[str] = frozenset({"S104"})
"""Codes no longer reported; listed so that no new code ever takes their number."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a registered code, where it is, what is wrong, and the line it points at."""

    code: Code
    message: str
    span: Span
    source_line: str | None = None

    @property
    def severity(self) -> Severity:
        """The code's registered severity."""
        return self.code.severity

    @property
    def is_error(self) -> bool:
        """True for errors (as opposed to warnings and notes)."""
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """`file:line:col`, with the file relative to the working folder when it is inside it."""
        return location(self.span)

    def format(self) -> str:
        """The full report: header line, then the source line with a caret under the bad span."""
        head = f"{self.location()}: {self.severity.value} {self.code.id}: {visible(self.message)}"
        if self.source_line is None or self.span.line <= 0:
            return head
        # A tab is drawn as an arrow: it is one column, and authors must see it is not spaces.
        line = self.source_line.rstrip("\n").replace("\t", "→")
        col = max(self.span.col, 1)
        end = max(col + 1, min(self.span.end_col, len(line) + 1))
        # Escapes are wider than the characters they show, so the caret is placed on the
        # escaped text.
        before, marked = visible(line[: col - 1]), visible(line[col - 1 : end - 1])
        return f"{head}\n    {visible(line)}\n    {' ' * len(before)}{'^' * max(len(marked), 1)}"

    def sort_key(self) -> tuple[str, int, int, int, str]:
        """Order by file, position, then severity."""
        span = self.span
        return (span.file, span.line, span.col, _ORDER[self.severity], self.code.id)


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def visible(text: str) -> str:
    """Text with control and invisible format characters shown as escapes like `\\x00`."""
    if text.isprintable():
        return text
    # A tab is shown as it is: it moves the cursor, but commands nothing.
    return "".join(
        _escape(c) if c != "\t" and unicodedata.category(c) in _HIDDEN_CATEGORIES else c
        for c in text
    )


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _display_path(file: str) -> str:
    try:
        rel = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return file
    return file if rel.startswith("..") else rel


def location(span: Span) -> str:
    """`file:line:col` of a span, with the file relative to the working folder when inside it."""
    name = _display_path(span.file)
    if span.line <= 0:
        return name
    return f"{name}:{span.line}:{max(span.col, 1)}"


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    """Every diagnostic in source order, then a one-line count."""
    items = sorted(diagnostics, key=Diagnostic.sort_key)
    errors = sum(d.severity is Severity.ERROR for d in items)
    warnings = sum(d.severity is Severity.WARNING for d in items)
    body = "\n".join(d.format() for d in items)
    summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    return f"{body}\n{summary}" if body else summary


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def suggest(name: str, candidates: Iterable[str]) -> str:
    """` — did you mean 'x'?` for the closest candidate, or '' when none is close."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" — did you mean '{matches[0]}'?" if matches else ""


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.is_error for d in diagnostics)
