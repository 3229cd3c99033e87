"""The format's field tables and a reader that checks YAML nodes against them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import Code, Diagnostic, suggest
from .model import (
    Span,
)
from .yamlread import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceFile,
    is_standard_tag,
    node_span,
)

FORMAT_VERSION = 2  # the newest format this engine reads; format 1 stays valid
STORY_FILE = "story.yaml"
ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INT = re.compile(r"^[-+]?[0-9]+$")
RELATIVE = re.compile(r"^[-+][0-9]+$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

STORY_KEYS = (
    "format",
    "id",
    "title",
    "version",
    "start",
    "pronouns",
    "content_note",
    "characters",
    "variables",
    "lessons",
    "checkpoints",
    "guarantees",
)
CHAPTER_KEYS = ("chapter", "scenes")
SCENE_KEYS = (
    "text",
    "choices",
    "goto",
    "ending",
    "set",
    "background",
    "music",
    "sound",
    "prompt",
)
CHOICE_KEYS = ("id", "text", "goto", "if", "set", "once", "lesson")
ROUTE_KEYS = ("if", "goto", "why")
ENDING_KEYS = ("title", "tone", "lessons", "outcome", "questions")
MARK_KEYS = ("id", "kept", "note")
VARIABLE_KEYS = ("value", "min", "max", "meter", "ask", "one_of", "draw", "words")
CHARACTER_KEYS = ("name", "color")
LESSON_KEYS = ("title", "theme", "text")
# Format 2 (docs/format.md, "Format 2").
DRAW_KEYS = ("value", "weight", "says")
BAND_KEYS = ("upto", "text")
PROMPT_KEYS = ("text", "notes")
MESSAGE_KEYS = ("from", "text", "time", "status", "draft", "photo")
MESSAGE_STATUSES = ("sent", "delivered", "read")
CHECKPOINT_KEYS = ("id", "title", "scene", "set", "visited")
GUARANTEE_KEYS = ("id", "says", "if", "then", "reachable", "each_ending", "except")
WITNESS_KEYS = ("ending", "when")
EXCEPT_KEYS = ("kept", "missed")
# Names only guarantees may read, with their types' example values.
GUARANTEE_NAMES = ("tone", "outcome", "ending", "decisions")
# The keys each format-2 feature is written with, and what it is called in messages.
FORMAT2_KEYS = {
    "draw": "draws",
    "words": "words",
    "id": "choice ids",
    "why": "route reasons",
    "outcome": "ending outcomes",
    "questions": "ending questions",
    "checkpoints": "checkpoints",
    "guarantees": "guarantees",
    "because": "because beats",
    "message": "message beats",
}
# ---------------------------------------------------------------------------------------------
# Reading nodes


@dataclass
class FieldReader:
    """Helpers to read one file's nodes, collecting diagnostics instead of raising."""

    source: SourceFile
    out: list[Diagnostic]
    text: str = ""
    format: int = 1

    def needs_format2(self, key: str, node: Node) -> None:
        """Report a format 2 feature used in a format 1 story (the story still loads)."""
        if self.format < 2:
            self.report(
                Code.NEEDS_FORMAT2,
                f"{FORMAT2_KEYS.get(key, key)} need `format: 2` in story.yaml",
                node,
            )

    def span(self, node: Node) -> Span:
        return node_span(self.source.path, node)

    def report(self, code: Code, message: str, node: Node | Span) -> None:
        span = node if isinstance(node, Span) else self.span(node)
        self.out.append(self.source.diag(code, message, span))

    def visit(self, node: Node) -> bool:
        """Refuse foreign tags (aliases are refused before composing); True if readable."""
        if not is_standard_tag(node) and self._explicit_tag(node):
            self.report(
                Code.TAG, f"tag '{node.tag}' is not allowed; story files use plain YAML", node
            )
            return False
        return True

    def _explicit_tag(self, node: Node) -> bool:
        # Implicit resolution also gives tags like timestamp; only a written '!' is refused.
        index = node.start_mark.index
        return 0 <= index < len(self.text) and self.text[index] == "!"

    def mapping(self, node: Node, what: str) -> list[tuple[str, Node, Node]] | None:
        if not self.visit(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(Code.WRONG_TYPE, f"{what} should be a mapping of keys to values", node)
            return None
        pairs: list[tuple[str, Node, Node]] = []
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or not self.visit(key_node):
                self.report(Code.WRONG_TYPE, f"keys in {what} must be plain names", key_node)
                continue
            key = key_node.value
            if key in keys:
                first = keys[key].start_mark.line + 1
                self.report(
                    Code.DUPLICATE_KEY,
                    f"duplicate key '{key}' (first defined on line {first})",
                    key_node,
                )
                continue
            keys[key] = key_node
            pairs.append((key, key_node, value_node))
        return pairs

    def fields(
        self,
        node: Node,
        what: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> dict[str, tuple[Node, Node]] | None:
        pairs = self.mapping(node, what)
        if pairs is None:
            return None
        result: dict[str, tuple[Node, Node]] = {}
        for key, key_node, value_node in pairs:
            if key not in allowed:
                hint = suggest(key, allowed) or f" (allowed: {', '.join(allowed)})"
                self.report(Code.UNKNOWN_KEY, f"unknown key '{key}' in {what}{hint}", key_node)
                continue
            result[key] = (key_node, value_node)
        for key in required:
            if key not in result:
                self.report(Code.MISSING_KEY, f"{what} needs '{key}'", node)
        return result

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if not self.visit(node):
            return None
        if not isinstance(node, SequenceNode):
            self.report(Code.WRONG_TYPE, f"{what} should be a list", node)
            return None
        return list(node.value)

    def scalar(self, node: Node, what: str) -> ScalarNode | None:
        if not self.visit(node):
            return None
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            self.report(Code.WRONG_TYPE, f"{what} should be a single value, not {kind}", node)
            return None
        return node

    def text_value(self, node: Node, what: str, *, allow_empty: bool = False) -> str | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if not allow_empty and not scalar.value.strip() and not scalar.style:
            self.report(Code.WRONG_TYPE, f"{what} is empty", node)
            return None
        return str(scalar.value)

    def ident(self, node: Node, what: str) -> str | None:
        value = self.text_value(node, what)
        if value is None:
            return None
        if not ID_PATTERN.match(value):
            self.report(
                Code.INVALID_ID, f"{what} '{value}' must be letters, digits, '_' or '-'", node
            )
            return None
        return value

    def integer(self, node: Node, what: str) -> int | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if scalar.style or not INT.match(scalar.value):
            self.report(
                Code.WRONG_TYPE, f"{what} should be a whole number, not '{scalar.value}'", node
            )
            return None
        return int(scalar.value)

    def boolean(self, node: Node, what: str) -> bool | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if not scalar.style and scalar.value in ("true", "false"):
            return bool(scalar.value == "true")
        hint = " (write true or false)" if scalar.value.lower() in _YAMLISH_BOOLS else ""
        self.report(
            Code.WRONG_TYPE, f"{what} should be true or false, not '{scalar.value}'{hint}", node
        )
        return None

    def inner_span(self, node: Node, offset: int, length: int) -> Span:
        """The span of characters [offset, offset+length) inside a one-line scalar."""
        base = self.span(node)
        if not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line:
            return base
        if node.style in ('"', "'"):
            quoted = self.text[node.start_mark.index + 1 : node.end_mark.index - 1]
            if quoted != node.value:  # escapes shift columns; point at the whole value
                return base
            start = base.col + 1 + offset
        elif node.style:
            return base
        else:
            start = base.col + offset
        return Span(base.file, base.line, start, start + max(length, 1))


RESERVED = frozenset({"and", "or", "not", "true", "false", "visited", "chose", "kept", "missed"})
_YAMLISH_BOOLS = {"yes", "no", "on", "off", "y", "n", "True", "False", "TRUE", "FALSE"}
