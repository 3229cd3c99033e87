"""Safe YAML reading: size, encoding and nesting checked before parsing, nodes kept with positions.

Only composing is done by PyYAML (libyaml's C parser when present); nothing is ever
constructed into Python objects by a tag, and the loader interprets every scalar itself, so
`no` stays text and `+2` stays a relative change.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Code, Diagnostic, visible
from .model import Span
from .storyfiles import MAX_BYTES
from .yamlhints import explain

try:
    from yaml import CSafeLoader as _SafeBase
except ImportError:  # pragma: no cover - pure-Python fallback where libyaml is absent
    from yaml import SafeLoader as _SafeBase  # type: ignore[assignment]

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


class _Loader(_SafeBase):
    """The safe loader without implicit typing: every untagged scalar is text.

    The loader interprets scalars itself by what each field expects, so PyYAML's regex-based
    resolver (a third of the load time, and the source of `no` -> False) is skipped.
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


MAX_DEPTH = 64
# An indent this deep can only come from absurd nesting; libyaml recurses per level and
# takes the whole process down at around 30,000, so we refuse long before parsing.
MAX_INDENT = 4 * MAX_DEPTH

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map")
)
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT},}}\S", re.MULTILINE)
_DASH_RUN = re.compile(rf"^[ \t]*(?:[-?:][ \t]+){{{MAX_DEPTH // 2},}}", re.MULTILINE)
# An anchor or alias can only start a node: after a space, a flow bracket or a comma.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# What YAML refuses in a file (C0 and C1 controls but tab, line breaks and NEL; U+FFFE/U+FFFF).
# Found here so the report gives the real line and column; the parser would say line 1.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Longest first: the UTF-32 little-endian mark starts with the UTF-16 one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass
class SourceFile:
    """A file's text, so diagnostics can quote the line they point at."""

    path: str
    text: str
    # Split only when a diagnostic needs a line: a clean load never pays for it.
    _lines: list[str] | None = field(default=None, repr=False)

    def line(self, number: int) -> str | None:
        """The 1-based line, or None outside the file."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        if 1 <= number <= len(self._lines):
            return self._lines[number - 1]
        return None

    def diag(self, code: Code, message: str, span: Span) -> Diagnostic:
        """A diagnostic in this file, quoting its source line; the code sets its severity."""
        return Diagnostic(code, message, span, self.line(span.line))


def node_span(path: str, node: Node) -> Span:
    """The span of a node's first line (1-based line and columns)."""
    start, end = node.start_mark, node.end_mark
    end_col = end.column + 1 if end.line == start.line else start.column + 2
    if isinstance(node, ScalarNode) and end.line == start.line:
        end_col = max(end_col, start.column + 2)
    return Span(path, start.line + 1, start.column + 1, end_col)


@dataclass(frozen=True)
class YamlDocument:
    """A composed YAML document and the source it came from."""

    source: SourceFile
    root: Node | None


def read_yaml(display: str, raw: bytes) -> tuple[YamlDocument, list[Diagnostic]]:
    """Check and compose one file; problems come back as diagnostics, never exceptions."""
    source = SourceFile(display, "")
    if len(raw) > MAX_BYTES:
        # The loader reads at most one byte past the limit, so the true size is unknown here.
        msg = f"file is over the limit of {MAX_BYTES:,} bytes; split it into chapters"
        return YamlDocument(source, None), [
            source.diag(Code.TOO_LARGE, msg, Span(display, 1, 1, 2))
        ]
    wide = _wide_encoding_problem(display, raw)
    if wide is not None:
        return YamlDocument(SourceFile(display, ""), None), [wide]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        source = SourceFile(display, raw.decode("utf-8", "replace"))
        msg = f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return YamlDocument(source, None), [
            source.diag(Code.NOT_UTF8, msg, Span(display, line, col, col + 1))
        ]
    source = SourceFile(display, text)
    problem = _control_problem(source) or _nesting_problem(source) or _anchor_problem(source)
    if problem is not None:
        return YamlDocument(source, None), [problem]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return YamlDocument(source, None), [_syntax_error(source, exc)]
    except yaml.YAMLError as exc:
        return YamlDocument(source, None), [
            source.diag(Code.YAML_SYNTAX, f"YAML syntax error: {exc}", Span(display, 1, 1, 2))
        ]
    except RecursionError:
        return YamlDocument(source, None), [
            source.diag(Code.TOO_DEEP, "nesting is too deep", Span(display, 1, 1, 2))
        ]
    if root is None:
        return YamlDocument(source, None), [
            source.diag(Code.EMPTY_FILE, "file is empty", Span(display, 1, 1, 2))
        ]
    return YamlDocument(source, root), []


def _wide_encoding_problem(display: str, raw: bytes) -> Diagnostic | None:
    """Name UTF-16 and UTF-32 files (with a byte order mark, or ASCII text full of NULs)."""
    marked = [name for bom, name in _WIDE_BOMS if raw.startswith(bom)]
    if marked:
        name = marked[0]
    else:
        head = raw[:1000]
        if not head or head.count(0) * 4 < len(head):
            return None
        name = "UTF-16 or UTF-32"
    return Diagnostic(
        Code.NOT_UTF8, f"this file is {name}; save it as UTF-8", Span(display, 1, 1, 2)
    )


def _control_problem(source: SourceFile) -> Diagnostic | None:
    """Point at the first control character YAML refuses, at its real line and column."""
    found = _RAW_CONTROL.search(source.text)
    if found is None:
        return None
    return source.diag(
        Code.CONTROL_CHARACTER,
        f"control character {visible(found.group())} is not allowed in a story file; delete it",
        _char_span(source, found.start()),
    )


def _char_span(source: SourceFile, pos: int) -> Span:
    """The span of the one character at offset `pos` of the file's text."""
    text = source.text
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return Span(source.path, line, col, col + 1)


def _syntax_error(source: SourceFile, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "syntax error"
    if exc.context and "expected a single document" in exc.context:
        problem = "a story file holds one YAML document; remove the extra '---'"
    elif "found character '\\t'" in problem:
        problem = "tab character where YAML expects spaces; indent with spaces"
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    hint = explain(source.text.splitlines(), problem, line, col, exc.context or "")
    if hint is not None:
        problem, line, col = hint.message, hint.line, hint.col
    return source.diag(
        Code.YAML_SYNTAX, f"YAML syntax error: {problem}", Span(source.path, line, col, col + 1)
    )


def _nesting_problem(source: SourceFile) -> Diagnostic | None:
    """Refuse absurd nesting cheaply, before the parser recurses into it."""
    text = source.text
    found = _DEEP_INDENT.search(text) or _DASH_RUN.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        return source.diag(
            Code.TOO_DEEP,
            f"nesting is deeper than {MAX_DEPTH} levels; flatten this part of the file",
            Span(source.path, line, 1, 2),
        )
    if text.count("[") + text.count("{") < MAX_DEPTH:
        return None
    depth = 0
    brackets = _NOT_BRACKET.sub("", text)
    for i, ch in enumerate(brackets):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return source.diag(
                Code.TOO_DEEP,
                f"brackets nest deeper than {MAX_DEPTH} levels",
                _char_span(source, _nth_bracket(text, i)),
            )
    return None


def _anchor_problem(source: SourceFile) -> Diagnostic | None:
    """Refuse anchors and aliases, found in the event stream (no node is ever built twice)."""
    text = source.text
    if ("&" not in text and "*" not in text) or _MAYBE_ANCHOR.search(text) is None:
        return None
    try:
        for event in yaml.parse(source.text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            mark = event.start_mark
            if mark is None:  # libyaml always sets it; the type allows None
                continue
            kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            sigil = "*" if kind == "alias" else "&"
            return source.diag(
                Code.ANCHOR,
                f"{kind} '{sigil}{anchor}': anchors and aliases are not allowed in story files",
                Span(source.path, mark.line + 1, mark.column + 1, mark.column + 2 + len(anchor)),
            )
    except yaml.YAMLError:
        return None  # the compose step reports the syntax error with its position
    return None


def _nth_bracket(text: str, n: int) -> int:
    for pos, match in enumerate(re.finditer(r"[\[\]{}]", text)):
        if pos == n:
            return match.start()
    return 0


def is_standard_tag(node: Node) -> bool:
    """True for the core-schema tags; anything else (`!!python/object`, `!foo`) is refused."""
    return node.tag in _STANDARD_TAGS


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "SourceFile",
    "YamlDocument",
    "is_standard_tag",
    "node_span",
    "read_yaml",
]
