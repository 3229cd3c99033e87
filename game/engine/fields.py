"""The format's field tables and a reader that checks YAML nodes against them."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from .diagnostics import Code, Diagnostic, suggest, visible
from .expr import MAX_NUMBER, number_too_large
from .model import (
    Span,
    Tone,
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

E = TypeVar("E", bound=Enum)

FORMAT_VERSION = 2  # the newest format this engine reads; format 1 stays valid
ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INT = re.compile(r"^[-+]?[0-9]+$")
RELATIVE = re.compile(r"^[-+][0-9]+$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Key:
    """One key of a mapping in the format: what its value is (a JSON Schema fragment, where
    `{"$ref": "#/$defs/<table>"}` names another table) and what it means, for the schema."""

    description: str
    schema: Mapping[str, object]
    required: bool = False


Table = Mapping[str, Key]

_TEXT: Mapping[str, object] = {"type": ["string", "number"]}
_ID: Mapping[str, object] = {"type": "string", "pattern": ID_PATTERN.pattern}
_ASSET: Mapping[str, object] = {"type": "string"}
_CONDITION: Mapping[str, object] = {"type": ["string", "boolean"]}
_VALUE: Mapping[str, object] = {"type": ["integer", "string", "boolean"]}
_IDS: Mapping[str, object] = {"type": "array", "items": _ID}


def _ref(table: str) -> Mapping[str, object]:
    return {"$ref": f"#/$defs/{table}"}


def _by_id(table: str) -> Mapping[str, object]:
    return {"type": "object", "additionalProperties": _ref(table)}


STORY_KEYS: Table = {
    "format": Key(
        "the format version", {"enum": list(range(1, FORMAT_VERSION + 1))}, required=True
    ),
    "id": Key("the story's id: letters, digits, _ and -", _ID, required=True),
    "title": Key("the title players see", _TEXT, required=True),
    "version": Key("the story's own version", _TEXT),
    "start": Key("the id of the first scene", _ID, required=True),
    "pronouns": Key("the text variable holding the player's pronoun set", _ID),
    "content_note": Key("shown before a new game", _TEXT),
    "title_image": Key("the title screen's picture, in assets/images, without extension", _ASSET),
    "preview": Key("the sample line the first-launch screen shows at each reading size", _TEXT),
    "characters": Key("the speakers, by id", _by_id("character")),
    "variables": Key("the story's variables, by id", _by_id("variable")),
    "lessons": Key("the lessons the story teaches, by id", _by_id("lesson")),
    "checkpoints": Key(
        "format 2: places a facilitator may start a game",
        {"type": "array", "items": _ref("checkpoint")},
    ),
    "guarantees": Key(
        "format 2: claims `reconnect check` proves about every path",
        {"type": "array", "items": _ref("guarantee")},
    ),
    "glossary": Key(
        "format 2: local words a class elsewhere may not know, term -> meaning (teacher guide)",
        {"type": "object", "additionalProperties": _TEXT},
    ),
}
CHAPTER_KEYS: Table = {
    "chapter": Key("the chapter title", _TEXT, required=True),
    "scenes": Key("the chapter's scenes, by id", _by_id("scene"), required=True),
}
SCENE_KEYS: Table = {
    "text": Key(
        "the beats: one text, or a list of `- text` and `- character: line`",
        {"anyOf": [_TEXT, {"type": "array", "items": _ref("beat")}]},
    ),
    "choices": Key("what the player can choose", {"type": "array", "items": _ref("choice")}),
    "goto": Key(
        "the next scene, or routes: a list of `{if, goto}` with no `if` on the last",
        {"anyOf": [_ID, {"type": "array", "items": _ref("route")}]},
    ),
    "ending": Key("makes this scene an ending", _ref("ending")),
    "set": Key("effects applied on entering the scene", _ref("effects")),
    "background": Key("an image in assets/images, without extension", _ASSET),
    "music": Key("a sound in assets/sounds, looped", _ASSET),
    "sound": Key("a sound in assets/sounds, played once", _ASSET),
    "ambience": Key("a sound in assets/sounds, looped under the music", _ASSET),
    "prompt": Key(
        "a discussion prompt shown in facilitator mode; format 2: or `{text, notes}`",
        {"anyOf": [_TEXT, _ref("prompt")]},
    ),
}
CHOICE_KEYS: Table = {
    "id": Key("format 2: the choice's id, unique in its scene, for chose()", _ID),
    "text": Key("what the button says", _TEXT, required=True),
    "goto": Key("the next scene", _ID, required=True),
    "if": Key("shown only when this condition holds", _CONDITION),
    "set": Key("effects applied when chosen", _ref("effects")),
    "once": Key("true: hidden after it has been taken once", {"type": "boolean"}),
    "lesson": Key(
        "the lesson this choice keeps or misses, and why; format 2: or a list of them",
        {"anyOf": [_ref("mark"), {"type": "array", "items": _ref("mark")}]},
    ),
}
ROUTE_KEYS: Table = {
    "if": Key("taken when this condition holds (none on the last route)", _CONDITION),
    "goto": Key("the scene this route leads to", _ID, required=True),
    "why": Key("format 2: why the story went this way, quoted on the ending page", _TEXT),
}
ENDING_KEYS: Table = {
    "title": Key("the ending's title", _TEXT, required=True),
    "tone": Key("how the ending feels", {"enum": [t.value for t in Tone]}, required=True),
    "lessons": Key("lessons shown on the ending page", _IDS),
    "outcome": Key(
        "format 2 (needed there): where the two end up", {"enum": ["together", "friends", "apart"]}
    ),
    "questions": Key(
        "format 2: questions for discussion after this ending", {"type": "array", "items": _TEXT}
    ),
}
MARK_KEYS: Table = {
    "id": Key("the lesson's id", _ID, required=True),
    "kept": Key("true when this choice keeps the lesson", {"type": "boolean"}, required=True),
    "note": Key("why, shown on the lesson page (quote it inside { })", _TEXT),
}
VARIABLE_KEYS: Table = {
    "value": Key("the starting value", _VALUE, required=True),
    "min": Key("the lowest value of a number", {"type": "integer"}),
    "max": Key("the highest value of a number", {"type": "integer"}),
    "meter": Key("shown as a meter with this label", _TEXT),
    "ask": Key("asked of the player at the start of a new game", _TEXT),
    "one_of": Key("the values a text variable may take", {"type": "array", "items": _TEXT}),
    "draw": Key(
        "format 2: values drawn by weight at a new game", {"type": "array", "items": _ref("draw")}
    ),
    "words": Key(
        "format 2: bands describing a number on the ending page",
        {"type": "array", "items": _ref("band")},
    ),
}
CHARACTER_KEYS: Table = {
    "name": Key("the name plate", _TEXT, required=True),
    "color": Key("the name plate's colour, #rrggbb", {"type": "string", "pattern": COLOR.pattern}),
    "portrait": Key("portrait files' stem in assets/portraits: `maya` -> maya_neutral.png", _TEXT),
}
LESSON_KEYS: Table = {
    "title": Key("the lesson's title", _TEXT, required=True),
    "theme": Key("the theme it belongs to", _TEXT),
    "text": Key("the lesson itself", _TEXT, required=True),
}
# Format 2 (docs/format.md, "Format 2").
DRAW_KEYS: Table = {
    "value": Key("a value the variable may take", _VALUE, required=True),
    "weight": Key("how likely, a whole number above 0", {"type": "integer", "minimum": 1}, True),
    "says": Key("shown on the lesson page when this value decided the ending", _TEXT),
}
BAND_KEYS: Table = {
    "upto": Key("the highest value this band describes", {"type": "integer"}, required=True),
    "text": Key("the words for it", _TEXT, required=True),
}
PROMPT_KEYS: Table = {
    "text": Key("the prompt", _TEXT, required=True),
    "notes": Key("for the facilitator only, never shown to players", _TEXT),
}
MESSAGE_STATUSES = ("sent", "delivered", "read")
MESSAGE_KEYS: Table = {
    "from": Key("a character id, or `you` for the player", _ID, required=True),
    "text": Key("the message", _TEXT, required=True),
    "time": Key("the time shown beside it", _TEXT),
    "status": Key("sent, delivered or read (not on a draft)", {"enum": list(MESSAGE_STATUSES)}),
    "draft": Key("true: typed, never sent", {"type": "boolean"}),
    "photo": Key("an image in assets/images, without extension", _ASSET),
}
CHECKPOINT_KEYS: Table = {
    "id": Key("the checkpoint's id", _ID, required=True),
    "title": Key("what the facilitator sees", _TEXT, required=True),
    "scene": Key("the scene play starts at", _ID, required=True),
    "set": Key("values at that point", _ref("effects")),
    "visited": Key("scenes counted as visited once", _IDS),
}
GUARANTEE_KEYS: Table = {
    "id": Key("the guarantee's id", _ID, required=True),
    "says": Key("the claim in words", _TEXT),
    "if": Key("the claim holds where this holds (default: every ending)", _CONDITION),
    "then": Key("must hold at every reachable ending where `if` holds", _CONDITION),
    "reachable": Key("endings some path must reach", {"type": "array", "items": _ref("witness")}),
    "each_ending": Key(
        "every ending reached with each focus lesson kept and missed",
        {"enum": ["focus_kept_and_missed"]},
    ),
    "except": Key("pairs `each_ending` leaves out, by ending", _by_id("except")),
}
WITNESS_KEYS: Table = {
    "ending": Key("the ending's scene id", _ID, required=True),
    "when": Key("true there on some path", _CONDITION),
}
EXCEPT_KEYS: Table = {
    "kept": Key("lessons not needed kept at this ending", _IDS),
    "missed": Key("lessons not needed missed at this ending", _IDS),
}
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
    "glossary": "glossaries",
    "because": "because beats",
    "message": "message beats",
    "blocks": "first/again blocks and if blocks of beats",
}
# A beat and a `set:` mapping are not keyed tables, so their schemas are written out here.
BEAT_SCHEMA: Mapping[str, object] = {
    "anyOf": [
        _TEXT,
        {
            "type": "object",
            "properties": {
                "if": _CONDITION,
                "because": _CONDITION,
                # A list under `if:` is a block of beats, shown only where the condition holds.
                "text": {"anyOf": [_TEXT, {"type": "array", "items": _ref("beat")}]},
                "message": _ref("message"),
                "first": {"type": "array", "items": _ref("beat")},
                "again": {"type": "array", "items": _ref("beat")},
            },
            "additionalProperties": _TEXT,
            "minProperties": 1,
        },
    ]
}
EFFECTS_SCHEMA: Mapping[str, object] = {
    "type": "object",
    "additionalProperties": {"type": ["integer", "string", "boolean"]},
}
# Every table by its schema name; the JSON Schema is generated from these (`reconnect schema`).
TABLES: Mapping[str, Table] = {
    "story": STORY_KEYS,
    "chapter": CHAPTER_KEYS,
    "scene": SCENE_KEYS,
    "choice": CHOICE_KEYS,
    "route": ROUTE_KEYS,
    "ending": ENDING_KEYS,
    "mark": MARK_KEYS,
    "variable": VARIABLE_KEYS,
    "character": CHARACTER_KEYS,
    "lesson": LESSON_KEYS,
    "draw": DRAW_KEYS,
    "band": BAND_KEYS,
    "prompt": PROMPT_KEYS,
    "message": MESSAGE_KEYS,
    "checkpoint": CHECKPOINT_KEYS,
    "guarantee": GUARANTEE_KEYS,
    "witness": WITNESS_KEYS,
    "except": EXCEPT_KEYS,
}


def required(table: Table) -> tuple[str, ...]:
    """The keys a mapping must have."""
    return tuple(name for name, key in table.items() if key.required)


# Tab and newline are layout; every other control character (an escape like "\e" or "\0" in a
# quoted value) would reach the terminal as a command or stop the window drawing the text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that draw nothing on their own: a text made only of them shows an empty page.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})


def bounded_int(text: str) -> int | None:
    """The whole number `text` spells (already matched by INT), or None past ±MAX_NUMBER."""
    digits = text.lstrip("+-")
    if len(digits) > len(str(MAX_NUMBER)) or int(digits) > MAX_NUMBER:
        return None
    return int(text)


def is_invisible(text: str) -> bool:
    """True when no character of `text` draws anything (spaces, joiners, soft hyphens...)."""
    return all(c.isspace() or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in text)


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
        allowed: Collection[str],
        required: tuple[str, ...] = (),
        *,
        unknown_hint: str = "",
    ) -> dict[str, tuple[Node, Node]] | None:
        """The allowed keys' nodes; `unknown_hint` is added to each unknown-key message."""
        pairs = self.mapping(node, what)
        if pairs is None:
            return None
        result: dict[str, tuple[Node, Node]] = {}
        for key, key_node, value_node in pairs:
            if key not in allowed:
                hint = suggest(key, allowed) or f" (allowed: {', '.join(allowed)})"
                self.report(
                    Code.UNKNOWN_KEY, f"unknown key '{key}' in {what}{hint}{unknown_hint}", key_node
                )
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
        control = _CONTROL.search(node.value)
        if control is not None:
            self.report(
                Code.CONTROL_CHARACTER,
                f"{what} holds the control character {visible(control.group())}; "
                "story text cannot hold control characters",
                node,
            )
            return None
        return node

    def number(self, node: Node, text: str) -> int | None:
        """`text` (matched by INT) as a number, reporting one past ±MAX_NUMBER."""
        value = bounded_int(text)
        if value is None:
            self.report(Code.NUMBER_TOO_LARGE, number_too_large(text.lstrip("+-")), node)
        return value

    def choice_of(self, node: Node, what: str, kind: type[E], code: Code) -> E | None:
        """A text value that must be one of `kind`'s values; anything else is reported under
        `code` with the allowed values and the nearest one."""
        text = self.text_value(node, what)
        if text is None:
            return None
        try:
            return kind(text)
        except ValueError:
            allowed = [str(member.value) for member in kind]
            self.report(
                code, f"{what} '{text}' should be one of {allowed}{suggest(text, allowed)}", node
            )
            return None

    def text_value(self, node: Node, what: str, *, allow_empty: bool = False) -> str | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if not allow_empty and not scalar.value.strip() and not scalar.style:
            self.report(Code.WRONG_TYPE, f"{what} is empty", node)
            return None
        if not allow_empty and scalar.value and is_invisible(scalar.value):
            self.report(
                Code.INVISIBLE_TEXT,
                f"{what} '{visible(scalar.value)[:60]}' has no visible characters; "
                "write some text or remove it",
                node,
            )
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
        # Ids recur (every `goto: s12`, every lesson mark): one string per distinct id.
        return sys.intern(value)

    def integer(self, node: Node, what: str) -> int | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if scalar.style or not INT.match(scalar.value):
            self.report(
                Code.WRONG_TYPE, f"{what} should be a whole number, not '{scalar.value}'", node
            )
            return None
        return self.number(node, scalar.value)

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
