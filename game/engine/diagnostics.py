"""Diagnostics: the one way the engine reports authoring problems, compiler style."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .model import Span


class Severity(Enum):
    """How bad a diagnostic is; only errors make `reconnect check` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a stable code, where it is, what is wrong, and the source line it points at."""

    code: str
    severity: Severity
    message: str
    span: Span
    source_line: str | None = None

    @property
    def is_error(self) -> bool:
        """True for errors (as opposed to warnings and notes)."""
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """`file:line:col`, with the file relative to the working folder when it is inside it."""
        name = _display_path(self.span.file)
        if self.span.line <= 0:
            return name
        return f"{name}:{self.span.line}:{max(self.span.col, 1)}"

    def format(self) -> str:
        """The full report: header line, then the source line with a caret under the bad span."""
        head = f"{self.location()}: {self.severity.value} {self.code}: {self.message}"
        if self.source_line is None or self.span.line <= 0:
            return head
        line = self.source_line.rstrip("\n").expandtabs(1)
        col = max(self.span.col, 1)
        width = max(1, min(self.span.end_col, len(line) + 1) - col)
        return f"{head}\n    {line}\n    {' ' * (col - 1)}{'^' * width}"

    def sort_key(self) -> tuple[str, int, int, int, str]:
        """Order by file, position, then severity."""
        span = self.span
        return (span.file, span.line, span.col, _ORDER[self.severity], self.code)


def _display_path(file: str) -> str:
    try:
        rel = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return file
    return file if rel.startswith("..") else rel


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
