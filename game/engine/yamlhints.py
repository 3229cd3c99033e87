"""Plain-words explanations for libyaml's syntax errors: quotes, tabs, indentation, colons.

libyaml often notices a mistake lines after it was made, and names it in parser terms; these
look at the source around its mark and say what the author did and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A quoted value starts after `key: ` or `- `.
_QUOTE_START = re.compile(r"""(?:^\s*-\s+|:\s+)(["'])""")
_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'][^:#]*?):(\s|$)")


@dataclass(frozen=True)
class Hint:
    """A better message and the 1-based line and column it belongs at."""

    message: str
    line: int
    col: int


def explain(lines: list[str], problem: str, line: int, col: int, context: str) -> Hint | None:
    """A plain explanation for libyaml's error at 1-based (line, col), or None to keep its own."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in text[: max(col, 1)] and text[:col].strip() == "":
        return Hint(
            "a tab is used for indentation (shown as →); YAML needs spaces: replace the tab "
            "with spaces",
            line,
            text.index("\t") + 1,
        )
    quote = _unclosed_quote(lines, line, context)
    if quote is not None:
        return quote
    if "mapping values are not allowed" in problem:
        return _colon_or_indent(lines, line, col)
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return _misindented(lines, line)
    return None


def _unclosed_quote(lines: list[str], line: int, context: str) -> Hint | None:
    """The first quoted value, up to the error, whose quote does not close on its own line."""
    for number in range(1, min(line, len(lines)) + 1):
        text = lines[number - 1]
        found = _QUOTE_START.search(text)
        if found is None or text.lstrip().startswith("#"):
            continue
        mark = found.group(1)
        rest = text[found.end() :]
        closed = rest.replace("''", "") if mark == "'" else re.sub(r"\\.", "", rest)
        if mark not in closed:
            noticed = f"YAML noticed at line {line}" if line != number else "YAML noticed it here"
            return Hint(
                f"the quote opened at {number}:{found.start(1) + 1} is never closed; end the "
                f"text with {mark} on the same line ({noticed})",
                number,
                found.start(1) + 1,
            )
    return None


def _colon_or_indent(lines: list[str], line: int, col: int) -> Hint | None:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    key = _KEY.match(text)
    if key is not None and col > key.end():
        value_at = key.end() + len(text[key.end() :]) - len(text[key.end() :].lstrip())
        value = text[value_at:].rstrip()
        fixed = f"{text[:value_at]}{quoted(value)}"
        return Hint(
            f"text containing ': ' must be quoted: write `{fixed.strip()}`", line, value_at + 1
        )
    return _misindented(lines, line)


def _misindented(lines: list[str], line: int) -> Hint | None:
    """Name the indentation when the line's keys do not line up with the ones above."""
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    indent = len(text) - len(text.lstrip(" "))
    above = [
        len(t) - len(t.lstrip(" "))
        for t in lines[: line - 1]
        if t.strip() and not t.lstrip().startswith("#")
    ]
    if not above or indent in above or not text.strip():
        prev = above[-1] if above else indent
        if above and indent > prev and _KEY.match(text):
            return Hint(
                f"this line is indented {indent} spaces, more than the line above ({prev}): "
                f"line `{text.strip().split(':')[0]}:` up with the key it belongs beside",
                line,
                indent + 1,
            )
        return None
    near = min(set(above), key=lambda a: (abs(a - indent), -a))
    beside = next(
        t.strip().split(":")[0]
        for t in reversed(lines[: line - 1])
        if t.strip() and len(t) - len(t.lstrip(" ")) == near
    )
    return Hint(
        f"this line is indented {indent} spaces, which lines up with nothing above it: keys in "
        f"the same mapping need the same indentation (move it to {near} spaces, beside "
        f"`{beside}:`?)",
        line,
        indent + 1,
    )


def quoted(value: str) -> str:
    """The value as a YAML quoted scalar, in double quotes unless it holds one."""
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"
