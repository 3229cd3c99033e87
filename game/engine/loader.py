"""Story folder -> model. Keeps source positions and reports every problem at once."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import expr as ex
from .diagnostics import Code, Diagnostic, suggest
from .gcpause import paused_gc
from .model import (
    Beat,
    Character,
    Choice,
    Effect,
    Ending,
    Lesson,
    LessonMark,
    Route,
    Scene,
    Span,
    Story,
    Template,
    Tone,
    Value,
    Variable,
    VarType,
)
from .templates import PRONOUN_SETS, agreement_slips, is_pronoun_word, parse_template
from .yamlread import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceFile,
    YamlDocument,
    is_standard_tag,
    node_span,
    read_yaml,
)

FORMAT_VERSION = 1
STORY_FILE = "story.yaml"
ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_RELATIVE = re.compile(r"^[-+][0-9]+$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

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
CHOICE_KEYS = ("text", "goto", "if", "set", "once", "lesson")
ROUTE_KEYS = ("if", "goto")
ENDING_KEYS = ("title", "tone", "lessons")
MARK_KEYS = ("id", "kept", "note")
VARIABLE_KEYS = ("value", "min", "max", "meter", "ask", "one_of")
CHARACTER_KEYS = ("name", "color")
LESSON_KEYS = ("title", "theme", "text")


@dataclass(frozen=True)
class LoadResult:
    """A loaded story (None when errors prevent building one) and every diagnostic found."""

    story: Story | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when there is a story and no errors."""
        return self.story is not None and not any(d.is_error for d in self.diagnostics)


class StoryError(Exception):
    """Raised by `load_story_or_raise` when a story has errors; carries the diagnostics."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(f"{sum(d.is_error for d in diagnostics)} error(s) in the story")
        self.diagnostics = diagnostics


# ---------------------------------------------------------------------------------------------
# Reading nodes


@dataclass
class _File:
    """Helpers to read one file's nodes, collecting diagnostics instead of raising."""

    source: SourceFile
    out: list[Diagnostic]
    text: str = ""

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
        if scalar.style or not _INT.match(scalar.value):
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


_RESERVED = frozenset({"and", "or", "not", "true", "false", "visited"})
_YAMLISH_BOOLS = {"yes", "no", "on", "off", "y", "n", "True", "False", "TRUE", "FALSE"}


# ---------------------------------------------------------------------------------------------
# Declarations (story.yaml)


@dataclass
class _Declarations:
    meta: dict[str, str] = field(default_factory=dict)
    meta_nodes: dict[str, Node] = field(default_factory=dict)
    characters: dict[str, Character] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    character_nodes: list[tuple[str, Node, Node]] = field(default_factory=list)
    file: _File | None = None


def _read_story_yaml(f: _File, root: Node) -> _Declarations:
    decl = _Declarations(file=f)
    fields = f.fields(root, "story.yaml", STORY_KEYS, ("format", "id", "title", "start"))
    if fields is None:
        return decl
    if "format" in fields:
        version = f.integer(fields["format"][1], "format")
        if version is not None and version != FORMAT_VERSION:
            f.report(
                Code.UNSUPPORTED_FORMAT,
                f"format {version} is not supported; this engine reads format 1",
                fields["format"][1],
            )
    for key in ("id", "start", "pronouns"):
        if key in fields:
            value = f.ident(fields[key][1], key)
            if value is not None:
                decl.meta[key] = value
                decl.meta_nodes[key] = fields[key][1]
    for key in ("title", "version", "content_note"):
        if key in fields:
            value = f.text_value(fields[key][1], key)
            if value is not None:
                decl.meta[key] = value.strip() if key == "content_note" else value
    if "variables" in fields:
        _read_variables(f, fields["variables"][1], decl)
    if "characters" in fields:
        pairs = f.mapping(fields["characters"][1], "characters")
        decl.character_nodes = pairs or []
    if "lessons" in fields:
        _read_lessons(f, fields["lessons"][1], decl)
    _check_pronoun_variable(f, decl)
    # Characters' names are templates over variables, so they come after variables.
    for cid, key_node, value_node in decl.character_nodes:
        _read_character(f, cid, key_node, value_node, decl)
    return decl


def _read_variables(f: _File, node: Node, decl: _Declarations) -> None:
    for vid, key_node, value_node in f.mapping(node, "variables") or []:
        if not ID_PATTERN.match(vid) or "-" in vid:
            f.report(
                Code.INVALID_ID, f"variable name '{vid}' must be letters, digits and '_'", key_node
            )
            continue
        if is_pronoun_word(vid) or vid in _RESERVED:
            f.report(
                Code.RESERVED_WORD,
                f"'{vid}' is a reserved word; name the variable something else",
                key_node,
            )
            continue
        fields = f.fields(value_node, f"variable '{vid}'", VARIABLE_KEYS, ("value",))
        if fields is None or "value" not in fields:
            continue
        var = _variable(f, vid, fields, f.span(key_node))
        if var is not None:
            decl.variables[vid] = var


def _variable(
    f: _File, vid: str, fields: dict[str, tuple[Node, Node]], span: Span
) -> Variable | None:
    value_node = fields["value"][1]
    scalar = f.scalar(value_node, f"value of '{vid}'")
    if scalar is None:
        return None
    default: Value
    if not scalar.style and scalar.value in ("true", "false"):
        vtype, default = VarType.BOOL, scalar.value == "true"
    elif not scalar.style and _INT.match(scalar.value):
        vtype, default = VarType.NUMBER, int(scalar.value)
    else:
        vtype, default = VarType.TEXT, scalar.value
    lo = f.integer(fields["min"][1], "min") if "min" in fields else None
    hi = f.integer(fields["max"][1], "max") if "max" in fields else None
    if (lo is not None or hi is not None) and vtype is not VarType.NUMBER:
        key = fields["min"][0] if "min" in fields else fields["max"][0]
        f.report(
            Code.RANGE_NOT_NUMBER, f"min/max only apply to numbers; '{vid}' is {vtype.value}", key
        )
    if lo is not None and hi is not None and lo > hi:
        f.report(Code.MIN_ABOVE_MAX, f"min {lo} is above max {hi}", fields["min"][1])
    if isinstance(default, int) and default != Variable(vid, vtype, default, lo, hi).clamp(default):
        f.report(
            Code.START_OUT_OF_RANGE, f"starting value {default} is outside {lo}..{hi}", value_node
        )
    meter = f.text_value(fields["meter"][1], "meter") if "meter" in fields else None
    if meter is not None and vtype is not VarType.NUMBER:
        f.report(
            Code.METER_NOT_NUMBER,
            f"only numbers can be meters; '{vid}' is {vtype.value}",
            fields["meter"][0],
        )
        meter = None
    ask = f.text_value(fields["ask"][1], "ask") if "ask" in fields else None
    one_of: tuple[str, ...] | None = None
    if "one_of" in fields:
        items = f.sequence(fields["one_of"][1], "one_of") or []
        values = [f.text_value(i, "one_of item") for i in items]
        one_of = tuple(v for v in values if v is not None)
        if vtype is not VarType.TEXT:
            f.report(
                Code.ONE_OF_NOT_TEXT, "one_of only applies to text variables", fields["one_of"][0]
            )
        elif default not in one_of:
            f.report(
                Code.START_NOT_IN_ONE_OF,
                f"starting value '{default}' is not one of {list(one_of)}",
                value_node,
            )
    return Variable(vid, vtype, default, lo, hi, meter, ask, one_of, span)


def _read_lessons(f: _File, node: Node, decl: _Declarations) -> None:
    for lid, key_node, value_node in f.mapping(node, "lessons") or []:
        if not ID_PATTERN.match(lid):
            f.report(
                Code.INVALID_ID, f"lesson id '{lid}' must be letters, digits, '_' or '-'", key_node
            )
            continue
        fields = f.fields(value_node, f"lesson '{lid}'", LESSON_KEYS, ("title", "text"))
        if fields is None:
            continue
        title = f.text_value(fields["title"][1], "title") if "title" in fields else None
        text = f.text_value(fields["text"][1], "text") if "text" in fields else None
        theme = f.text_value(fields["theme"][1], "theme") if "theme" in fields else ""
        if title is not None and text is not None:
            text = " ".join(text.split())
            decl.lessons[lid] = Lesson(lid, title, theme or "", text, f.span(key_node))


def _check_pronoun_variable(f: _File, decl: _Declarations) -> None:
    name = decl.meta.get("pronouns")
    if name is None:
        return
    node = decl.meta_nodes["pronouns"]
    var = decl.variables.get(name)
    if var is None:
        f.report(
            Code.UNKNOWN_VARIABLE, f"unknown variable '{name}'{suggest(name, decl.variables)}", node
        )
    elif (
        var.type is not VarType.TEXT
        or var.one_of is None
        or not set(var.one_of) <= set(PRONOUN_SETS)
    ):
        f.report(
            Code.PRONOUNS_VARIABLE,
            f"the pronouns variable needs `one_of` from {list(PRONOUN_SETS)}",
            node,
        )


def _read_character(
    f: _File, cid: str, key_node: Node, value_node: Node, decl: _Declarations
) -> None:
    if not ID_PATTERN.match(cid):
        f.report(
            Code.INVALID_ID, f"character id '{cid}' must be letters, digits, '_' or '-'", key_node
        )
        return
    if cid in ("text", "if"):
        # A beat `- text: ...` or `- if: ...` could not tell the key from a speaker.
        f.report(
            Code.RESERVED_WORD,
            f"'{cid}' is a reserved word; name the character something else",
            key_node,
        )
        return
    fields = f.fields(value_node, f"character '{cid}'", CHARACTER_KEYS, ("name",))
    if fields is None or "name" not in fields:
        return
    name = _template(f, fields["name"][1], "name", decl)
    color = None
    if "color" in fields:
        color = f.text_value(fields["color"][1], "color")
        if color is not None and not _COLOR.match(color):
            f.report(
                Code.BAD_COLOUR, f"color '{color}' should look like \"#e0a458\"", fields["color"][1]
            )
            color = None
    if name is not None:
        decl.characters[cid] = Character(cid, name, color)


def _template(f: _File, node: Node, what: str, decl: _Declarations) -> Template | None:
    raw = f.text_value(node, what)
    if raw is None:
        return None
    text = (
        " ".join(raw.split()) if isinstance(node, ScalarNode) and node.style in ("|", ">") else raw
    )
    template, problems = parse_template(text, decl.variables, pronouns="pronouns" in decl.meta)
    for p in problems:
        hint = suggest(p.name, list(decl.variables)) if p.name else ""
        span = f.inner_span(node, p.offset, p.length) if text is raw else f.span(node)
        f.report(Code.UNKNOWN_NAME, p.message + hint, span)
    if not problems and "pronouns" in decl.meta:
        for slip in agreement_slips(text, decl.variables):
            span = f.inner_span(node, slip.offset, slip.length) if text is raw else f.span(node)
            f.report(Code.VERB_AFTER_NAME, slip.message, span)
    return template


# ---------------------------------------------------------------------------------------------
# Chapters and scenes


@dataclass
class _Pending:
    """Checks that need every scene first: scene references and expression types."""

    scene_refs: list[tuple[_File, str, Node]] = field(default_factory=list)
    exprs: list[tuple[_File, ex.Expr, ScalarNode, VarType | None, str]] = field(
        default_factory=list
    )


def _read_chapter(
    f: _File, root: Node, decl: _Declarations, pending: _Pending, scenes: dict[str, Scene]
) -> str | None:
    fields = f.fields(root, "a chapter file", CHAPTER_KEYS, ("chapter", "scenes"))
    if fields is None:
        return None
    title = f.text_value(fields["chapter"][1], "chapter") if "chapter" in fields else None
    chapter = title or Path(f.source.path).stem
    if "scenes" not in fields:
        return chapter
    for sid, key_node, value_node in f.mapping(fields["scenes"][1], "scenes") or []:
        if not ID_PATTERN.match(sid):
            f.report(
                Code.INVALID_ID, f"scene id '{sid}' must be letters, digits, '_' or '-'", key_node
            )
            continue
        if sid in scenes:
            first = scenes[sid].span
            f.report(
                Code.DUPLICATE_SCENE,
                f"scene '{sid}' is already defined at {first.file}:{first.line}",
                key_node,
            )
            continue
        scene = _read_scene(f, sid, chapter, key_node, value_node, decl, pending)
        if scene is not None:
            scenes[sid] = scene
    return chapter


def _read_scene(
    f: _File,
    sid: str,
    chapter: str,
    key_node: Node,
    node: Node,
    decl: _Declarations,
    pending: _Pending,
) -> Scene | None:
    fields = f.fields(node, f"scene '{sid}'", SCENE_KEYS)
    if fields is None:
        return None
    ways = [k for k in ("choices", "goto", "ending") if k in fields]
    if not ways:
        f.report(
            Code.NO_WAY_ON,
            f"scene '{sid}' has no way on: give it choices, a goto or an ending",
            key_node,
        )
    elif len(ways) > 1:
        f.report(
            Code.NO_WAY_ON,
            f"scene '{sid}' has both {' and '.join(ways)}; give it exactly one",
            fields[ways[1]][0],
        )
    beats = _read_beats(f, fields["text"][1], decl, pending) if "text" in fields else ()
    choices: tuple[Choice, ...] = ()
    if "choices" in fields:
        items = f.sequence(fields["choices"][1], "choices") or []
        if not items and isinstance(fields["choices"][1], SequenceNode):
            f.report(
                Code.NO_WAY_ON, f"scene '{sid}' has an empty choices list", fields["choices"][0]
            )
        read = (_read_choice(f, item, decl, pending) for item in items)
        choices = tuple(c for c in read if c is not None)
    routes = _read_goto(f, fields["goto"][1], decl, pending) if "goto" in fields else ()
    ending = _read_ending(f, fields["ending"][1], decl) if "ending" in fields else None
    effects = _read_effects(f, fields["set"][1], decl, pending) if "set" in fields else ()
    assets = {}
    for key in ("background", "music", "sound"):
        if key in fields:
            assets[key] = _asset_name(f, fields[key][1], key)
    prompt = None
    if "prompt" in fields:
        raw = f.text_value(fields["prompt"][1], "prompt")
        prompt = " ".join(raw.split()) if raw else None
    return Scene(
        id=sid,
        chapter=chapter,
        beats=beats,
        choices=choices,
        routes=routes,
        ending=ending,
        effects=effects,
        background=assets.get("background"),
        music=assets.get("music"),
        sound=assets.get("sound"),
        prompt=prompt,
        span=f.span(key_node),
    )


def _asset_name(f: _File, node: Node, what: str) -> str | None:
    name = f.text_value(node, what)
    if name is None:
        return None
    if ".." in name or name.startswith(("/", "\\")) or ":" in name or "\\" in name:
        f.report(
            Code.ASSET_PATH, f"{what} '{name}' must name a file inside the story's assets", node
        )
        return None
    return name


def _read_beats(f: _File, node: Node, decl: _Declarations, pending: _Pending) -> tuple[Beat, ...]:
    if isinstance(node, ScalarNode):
        template = _template(f, node, "text", decl)
        return (Beat(template, None, None, f.span(node)),) if template else ()
    items = f.sequence(node, "text")
    if items is None:
        return ()
    beats = []
    for item in items:
        beat = _read_beat(f, item, decl, pending)
        if beat is not None:
            beats.append(beat)
    return tuple(beats)


def _read_beat(f: _File, node: Node, decl: _Declarations, pending: _Pending) -> Beat | None:
    if isinstance(node, ScalarNode):
        template = _template(f, node, "text", decl)
        return Beat(template, None, None, f.span(node)) if template else None
    pairs = f.mapping(node, "a beat")
    if pairs is None:
        return None
    condition = None
    speaker: str | None = None
    line_node: Node | None = None
    for key, key_node, value_node in pairs:
        if key == "if":
            condition = _condition(f, value_node, decl, pending)
        elif line_node is not None:
            f.report(
                Code.UNKNOWN_KEY,
                "a beat is one line: `- text`, `- character: line`, optionally with `if`",
                key_node,
            )
        elif key == "text":
            line_node = value_node
        elif key in decl.characters or key in {c for c, _, _ in decl.character_nodes}:
            speaker, line_node = key, value_node
        else:
            hint = suggest(key, decl.characters)
            f.report(Code.UNKNOWN_CHARACTER, f"unknown character '{key}'{hint}", key_node)
            return None
    if line_node is None:
        f.report(Code.MISSING_KEY, "a beat needs a line: `text: ...` or `character: ...`", node)
        return None
    template = _template(f, line_node, "line", decl)
    return Beat(template, speaker, condition, f.span(node)) if template else None


def _read_choice(f: _File, node: Node, decl: _Declarations, pending: _Pending) -> Choice | None:
    fields = f.fields(node, "a choice", CHOICE_KEYS, ("text", "goto"))
    if fields is None or "text" not in fields or "goto" not in fields:
        return None
    text = _template(f, fields["text"][1], "choice text", decl)
    goto = f.ident(fields["goto"][1], "goto")
    if goto is not None:
        pending.scene_refs.append((f, goto, fields["goto"][1]))
    condition = _condition(f, fields["if"][1], decl, pending) if "if" in fields else None
    effects = _read_effects(f, fields["set"][1], decl, pending) if "set" in fields else ()
    once = f.boolean(fields["once"][1], "once") if "once" in fields else False
    lesson = _read_mark(f, fields["lesson"][1], decl) if "lesson" in fields else None
    if text is None or goto is None:
        return None
    return Choice(
        text=text,
        goto=goto,
        condition=condition,
        effects=effects,
        once=bool(once),
        lesson=lesson,
        span=f.span(node),
        goto_span=f.span(fields["goto"][1]),
    )


def _read_mark(f: _File, node: Node, decl: _Declarations) -> LessonMark | None:
    fields = f.fields(node, "lesson", MARK_KEYS, ("id", "kept"))
    if fields is None or "id" not in fields or "kept" not in fields:
        return None
    lid = f.ident(fields["id"][1], "lesson id")
    kept = f.boolean(fields["kept"][1], "kept")
    note = _template(f, fields["note"][1], "note", decl) if "note" in fields else None
    if lid is not None and lid not in decl.lessons:
        f.report(
            Code.UNKNOWN_LESSON,
            f"unknown lesson '{lid}'{suggest(lid, decl.lessons)}",
            fields["id"][1],
        )
        return None
    if lid is None or kept is None:
        return None
    return LessonMark(lid, kept, note)


def _read_goto(f: _File, node: Node, decl: _Declarations, pending: _Pending) -> tuple[Route, ...]:
    if isinstance(node, ScalarNode):
        target = f.ident(node, "goto")
        if target is None:
            return ()
        pending.scene_refs.append((f, target, node))
        return (Route(target, None, f.span(node)),)
    items = f.sequence(node, "goto")
    if items is None:
        return ()
    routes: list[Route] = []
    for i, item in enumerate(items):
        fields = f.fields(item, "a route", ROUTE_KEYS, ("goto",))
        if fields is None or "goto" not in fields:
            continue
        target = f.ident(fields["goto"][1], "goto")
        condition = _condition(f, fields["if"][1], decl, pending) if "if" in fields else None
        last = i == len(items) - 1
        if condition is None and not last and "if" not in fields:
            f.report(
                Code.ROUTE_ORDER,
                "a route without `if` must be the last one (later routes never run)",
                item,
            )
        if last and "if" in fields:
            f.report(
                Code.ROUTE_ORDER,
                "the last route must have no `if`, so there is always a way on",
                fields["if"][0],
            )
        if target is not None:
            pending.scene_refs.append((f, target, fields["goto"][1]))
            routes.append(Route(target, condition, f.span(item)))
    return tuple(routes)


def _read_ending(f: _File, node: Node, decl: _Declarations) -> Ending | None:
    fields = f.fields(node, "ending", ENDING_KEYS, ("title", "tone"))
    if fields is None or "title" not in fields or "tone" not in fields:
        return None
    title = f.text_value(fields["title"][1], "title")
    tone_text = f.text_value(fields["tone"][1], "tone")
    tone = None
    if tone_text is not None:
        try:
            tone = Tone(tone_text)
        except ValueError:
            allowed = [t.value for t in Tone]
            f.report(
                Code.UNKNOWN_TONE,
                f"tone '{tone_text}' should be one of {allowed}{suggest(tone_text, allowed)}",
                fields["tone"][1],
            )
    lessons: list[str] = []
    if "lessons" in fields:
        for item in f.sequence(fields["lessons"][1], "lessons") or []:
            lid = f.ident(item, "lesson id")
            if lid is None:
                continue
            if lid not in decl.lessons:
                f.report(
                    Code.UNKNOWN_LESSON, f"unknown lesson '{lid}'{suggest(lid, decl.lessons)}", item
                )
                continue
            lessons.append(lid)
    if title is None or tone is None:
        return None
    return Ending(title, tone, tuple(lessons))


def _condition(f: _File, node: Node, decl: _Declarations, pending: _Pending) -> ex.Expr | None:
    scalar = f.scalar(node, "condition")
    if scalar is None:
        return None
    parsed = _parse_expr(f, scalar, scalar.value, 0)
    if parsed is not None:
        pending.exprs.append((f, parsed, scalar, VarType.BOOL, "a condition"))
    return parsed


def _parse_expr(f: _File, node: ScalarNode, source: str, shift: int) -> ex.Expr | None:
    try:
        return ex.parse(source)
    except ex.ExprError as err:
        f.report(Code.EXPR_SYNTAX, err.message, f.inner_span(node, err.offset + shift, err.length))
        return None


def _read_effects(
    f: _File, node: Node, decl: _Declarations, pending: _Pending
) -> tuple[Effect, ...]:
    effects: list[Effect] = []
    for vid, key_node, value_node in f.mapping(node, "set") or []:
        var = decl.variables.get(vid)
        if var is None:
            f.report(
                Code.UNKNOWN_VARIABLE,
                f"unknown variable '{vid}'{suggest(vid, decl.variables)}",
                key_node,
            )
            continue
        scalar = f.scalar(value_node, f"value for '{vid}'")
        if scalar is None:
            continue
        effect = _effect(f, var, scalar, pending)
        if effect is not None:
            effects.append(effect)
    return tuple(effects)


def _effect(f: _File, var: Variable, node: ScalarNode, pending: _Pending) -> Effect | None:
    raw = node.value
    span = f.span(node)
    plain = not node.style
    if plain and _RELATIVE.match(raw):
        if var.type is not VarType.NUMBER:
            f.report(
                Code.EFFECT_MISFIT,
                f"'{raw}' adds to a number, but '{var.id}' is {var.type.value}",
                node,
            )
            return None
        return Effect(var.id, ex.Num(int(raw), 0, len(raw)), True, span)
    if var.type is VarType.TEXT and not raw.startswith("="):
        if var.one_of is not None and raw not in var.one_of:
            f.report(
                Code.EFFECT_MISFIT, f"'{raw}' is not one of {list(var.one_of)} for '{var.id}'", node
            )
            return None
        return Effect(var.id, ex.Str(raw, 0, len(raw)), False, span)
    source, shift = (raw[1:], 1) if raw.startswith("=") else (raw, 0)
    parsed = _parse_expr(f, node, source, shift)
    if parsed is None:
        return None
    pending.exprs.append((f, parsed, node, var.type, f"the value for '{var.id}'"))
    if isinstance(parsed, ex.Num) and var.clamp(parsed.value) != parsed.value:
        limits = f"{var.min}..{var.max}"
        f.report(
            Code.OUT_OF_RANGE,
            f"{parsed.value} is outside {var.id}'s range {limits}; it is clamped",
            node,
        )
    return Effect(var.id, parsed, False, span)


# ---------------------------------------------------------------------------------------------
# The folder


def story_files(folder: Path) -> list[Path]:
    """story.yaml first, then every other *.yaml in file-name order."""
    others = sorted(p for p in folder.glob("*.yaml") if p.name != STORY_FILE)
    return [folder / STORY_FILE, *others]


@dataclass
class StoryCache:
    """Keeps the last result per folder; an unchanged folder loads without parsing again.

    Only results are kept, never composed YAML: a large story's node tree is hundreds of
    megabytes, while re-reading the files to compare their hashes costs milliseconds.
    """

    entries: dict[Path, tuple[tuple[tuple[str, str], ...], LoadResult]] = field(
        default_factory=dict
    )


_DEFAULT_CACHE = StoryCache()


def load_story(folder: Path | str, *, cache: StoryCache | None = _DEFAULT_CACHE) -> LoadResult:
    """Load a story folder into a `Story`, with every diagnostic the loader found."""
    folder = Path(folder)
    if not folder.is_dir():
        return _folder_error(folder, f"'{folder}' is not a story folder")
    if not (folder / STORY_FILE).is_file():
        return _folder_error(folder / STORY_FILE, f"no {STORY_FILE} in '{folder}'")
    raws: list[tuple[Path, str, bytes, str]] = []
    for path in story_files(folder):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return _folder_error(path, f"cannot read the file: {exc.strerror or exc}")
        raws.append((path, _display(path), raw, hashlib.blake2b(raw, digest_size=16).hexdigest()))
    key = tuple((display, digest) for _, display, _, digest in raws)
    if cache is not None:
        hit = cache.entries.get(folder.resolve())
        if hit is not None and hit[0] == key:
            return hit[1]
    with paused_gc():
        result = _load(folder, raws)
    if cache is not None:
        cache.entries[folder.resolve()] = (key, result)
    return result


def load_story_or_raise(folder: Path | str) -> Story:
    """Load a story, raising `StoryError` when it has errors."""
    result = load_story(folder)
    if not result.ok or result.story is None:
        raise StoryError(result.diagnostics)
    return result.story


def _display(path: Path) -> str:
    return str(path)


def _folder_error(path: Path, message: str) -> LoadResult:
    diag = Diagnostic(Code.NOT_A_STORY, message, Span(str(path), 0, 0, 0))
    return LoadResult(None, (diag,))


def _documents(
    raws: list[tuple[Path, str, bytes, str]], out: list[Diagnostic]
) -> Iterator[tuple[YamlDocument, Node | None]]:
    for _, display, raw, _ in raws:
        doc, problems = read_yaml(display, raw)
        out.extend(problems)
        yield doc, doc.root


def _load(folder: Path, raws: list[tuple[Path, str, bytes, str]]) -> LoadResult:
    out: list[Diagnostic] = []
    # One file's node tree at a time: holding every chapter's nodes at once would triple the
    # peak memory of a large story.
    docs = _documents(raws, out)
    story_doc, story_root = next(docs)
    story_file = _File(story_doc.source, out, story_doc.source.text)
    decl = _read_story_yaml(story_file, story_root) if story_root is not None else _Declarations()
    pending = _Pending()
    scenes: dict[str, Scene] = {}
    chapters: list[str] = []
    unreadable = story_root is None
    for doc, root in docs:
        if root is None:
            unreadable = True
            continue
        f = _File(doc.source, out, doc.source.text)
        chapter = _read_chapter(f, root, decl, pending, scenes)
        if chapter is not None:
            chapters.append(chapter)
    _resolve(decl, pending, scenes, out, check_scenes=not unreadable)
    if not unreadable:
        _check_start(story_file, decl, scenes)
    if story_root is None or any(d.is_error for d in out) or "start" not in decl.meta:
        return LoadResult(None, tuple(out))
    digest = hashlib.blake2b("".join(d for *_, d in raws).encode(), digest_size=16).hexdigest()
    story = Story(
        id=decl.meta.get("id", folder.name),
        title=decl.meta.get("title", folder.name),
        version=decl.meta.get("version", "1"),
        start=decl.meta["start"],
        characters=decl.characters,
        variables=decl.variables,
        lessons=decl.lessons,
        scenes=scenes,
        chapters=tuple(chapters),
        root=folder,
        pronouns=decl.meta.get("pronouns"),
        content_note=decl.meta.get("content_note"),
        content_hash=digest,
    )
    return LoadResult(story, tuple(out))


def _resolve(
    decl: _Declarations,
    pending: _Pending,
    scenes: dict[str, Scene],
    out: list[Diagnostic],
    *,
    check_scenes: bool,
) -> None:
    # With a file unreadable its scenes are unknown, and every reference to them would be noise.
    for f, target, node in pending.scene_refs if check_scenes else ():
        if target not in scenes:
            f.report(Code.UNKNOWN_SCENE, f"unknown scene '{target}'{suggest(target, scenes)}", node)
    types = {vid: var.type for vid, var in decl.variables.items()}
    for f, parsed, node, want, what in pending.exprs:
        shift = 1 if not node.style and node.value.startswith("=") else 0
        got, errors = ex.typecheck(parsed, types, scenes)
        for err in errors:
            span = f.inner_span(node, err.offset + shift, err.length)
            if err.kind == "unknown-variable" and err.name:
                f.report(
                    Code.UNKNOWN_VARIABLE,
                    f"unknown variable '{err.name}'{suggest(err.name, types)}",
                    span,
                )
            elif err.kind == "unknown-scene" and err.name:
                if not check_scenes:
                    continue
                f.report(
                    Code.UNKNOWN_SCENE,
                    f"unknown scene '{err.name}'{suggest(err.name, scenes)}",
                    span,
                )
            else:
                f.report(
                    Code.TYPE_CLASH if err.kind == "type" else Code.EXPR_SYNTAX, err.message, span
                )
        if not errors and got is not None and want is not None and got is not want:
            span = f.span(node)
            f.report(
                Code.TYPE_CLASH, f"{what} should be {want.value}, but this is {got.value}", span
            )


def _check_start(f: _File, decl: _Declarations, scenes: dict[str, Scene]) -> None:
    start = decl.meta.get("start")
    if start is not None and start not in scenes:
        f.report(
            Code.UNKNOWN_SCENE,
            f"unknown scene '{start}'{suggest(start, scenes)}",
            decl.meta_nodes["start"],
        )
