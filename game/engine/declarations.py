"""Reading story.yaml: metadata, characters, variables, lessons and pronouns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .diagnostics import Code, suggest
from .fields import (
    CHARACTER_KEYS,
    COLOR,
    FORMAT_VERSION,
    ID_PATTERN,
    INT,
    LESSON_KEYS,
    RESERVED,
    STORY_KEYS,
    VARIABLE_KEYS,
    FieldReader,
    required,
)
from .glyphs import undrawable
from .model import (
    Character,
    Lesson,
    Span,
    Template,
    Value,
    Variable,
    VarType,
)
from .templates import (
    PRONOUN_SETS,
    TemplateProblem,
    agreement_slips,
    is_pronoun_word,
    name_hint,
    parse_template,
    reversed_pairs,
)
from .yamlread import (
    Node,
    ScalarNode,
)

# ---------------------------------------------------------------------------------------------
# Declarations (story.yaml)


@dataclass
class Declarations:
    meta: dict[str, str] = field(default_factory=dict)
    meta_nodes: dict[str, Node] = field(default_factory=dict)
    characters: dict[str, Character] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    glossary: dict[str, str] = field(default_factory=dict)
    character_nodes: list[tuple[str, Node, Node]] = field(default_factory=list)
    file: FieldReader | None = None
    format: int = 1
    # Format 2 parts of story.yaml, kept as nodes until the whole story is read (see format2).
    later: dict[str, tuple[Node, Node]] = field(default_factory=dict)
    variable_fields: dict[str, dict[str, tuple[Node, Node]]] = field(default_factory=dict)
    # Pronoun words used without a `pronouns:` variable: reported once, after every chapter.
    pronoun_uses: list[tuple[FieldReader, Span, str]] = field(default_factory=list)
    # Each text read so far -> its parse: identical texts share one frozen Template (a large
    # story repeats its choice texts and lines thousands of times). Keyed also on what the
    # parse depends on, the variables declared so far (only ever added) and pronoun use.
    templates: dict[tuple[str, int, bool], tuple[Template, list[TemplateProblem]]] = field(
        default_factory=dict
    )


def read_story_yaml(f: FieldReader, root: Node) -> Declarations:
    decl = Declarations(file=f)
    fields = f.fields(root, "story.yaml", STORY_KEYS, required(STORY_KEYS))
    if fields is None:
        return decl
    if "format" in fields:
        version = f.integer(fields["format"][1], "format")
        if version is not None and not 1 <= version <= FORMAT_VERSION:
            f.report(
                Code.UNSUPPORTED_FORMAT,
                f"format {version} is not supported; this engine reads formats 1 and 2",
                fields["format"][1],
            )
        elif version is not None:
            decl.format = f.format = version
    for key in ("id", "start", "pronouns"):
        if key in fields:
            value = f.ident(fields[key][1], key)
            if value is not None:
                decl.meta[key] = value
                decl.meta_nodes[key] = fields[key][1]
    for key in ("title", "version", "content_note", "preview", "title_image"):
        if key in fields:
            check_plain_text(f, fields[key][1], key)
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
    if "glossary" in fields:
        f.needs_format2("glossary", fields["glossary"][0])
        _read_glossary(f, fields["glossary"][1], decl)
    for key in ("checkpoints", "guarantees"):
        if key in fields:
            f.needs_format2(key, fields[key][0])
            decl.later[key] = fields[key]
    _check_pronoun_variable(f, decl)
    # Characters' names are templates over variables, so they come after variables.
    for cid, key_node, value_node in decl.character_nodes:
        _read_character(f, cid, key_node, value_node, decl)
    return decl


def _read_variables(f: FieldReader, node: Node, decl: Declarations) -> None:
    for vid, key_node, value_node in f.mapping(node, "variables") or []:
        if not ID_PATTERN.match(vid) or "-" in vid:
            f.report(
                Code.INVALID_ID, f"variable name '{vid}' must be letters, digits and '_'", key_node
            )
            continue
        if is_pronoun_word(vid) or vid in RESERVED:
            f.report(
                Code.RESERVED_WORD,
                f"'{vid}' is a reserved word; name the variable something else",
                key_node,
            )
            continue
        fields = f.fields(value_node, f"variable '{vid}'", VARIABLE_KEYS, required(VARIABLE_KEYS))
        if fields is None or "value" not in fields:
            continue
        var = _variable(f, vid, fields, f.span(key_node))
        if var is not None:
            decl.variables[vid] = var
            decl.variable_fields[vid] = fields


def _variable(
    f: FieldReader, vid: str, fields: dict[str, tuple[Node, Node]], span: Span
) -> Variable | None:
    value_node = fields["value"][1]
    scalar = f.scalar(value_node, f"value of '{vid}'")
    if scalar is None:
        return None
    default: Value
    if not scalar.style and scalar.value in ("true", "false"):
        vtype, default = VarType.BOOL, scalar.value == "true"
    elif not scalar.style and INT.match(scalar.value):
        # Past the cap it is still a number variable, so its uses are not reported as unknown.
        vtype, default = VarType.NUMBER, f.number(value_node, scalar.value) or 0
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
    if "ask" in fields:
        check_plain_text(f, fields["ask"][1], "ask")
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


def _read_lessons(f: FieldReader, node: Node, decl: Declarations) -> None:
    for lid, key_node, value_node in f.mapping(node, "lessons") or []:
        if not ID_PATTERN.match(lid):
            f.report(
                Code.INVALID_ID, f"lesson id '{lid}' must be letters, digits, '_' or '-'", key_node
            )
            continue
        fields = f.fields(value_node, f"lesson '{lid}'", LESSON_KEYS, required(LESSON_KEYS))
        if fields is None:
            continue
        for key in ("title", "text"):
            if key in fields:
                check_plain_text(f, fields[key][1], f"a lesson's {key}")
        title = f.text_value(fields["title"][1], "title") if "title" in fields else None
        text = f.text_value(fields["text"][1], "text") if "text" in fields else None
        theme = f.text_value(fields["theme"][1], "theme") if "theme" in fields else ""
        if title is not None and text is not None:
            text = " ".join(text.split())
            decl.lessons[lid] = Lesson(lid, title, theme or "", text, f.span(key_node))


def _read_glossary(f: FieldReader, node: Node, decl: Declarations) -> None:
    for term, key_node, value_node in f.mapping(node, "glossary") or []:
        check_plain_text(f, key_node, "a glossary term")
        check_plain_text(f, value_node, "a glossary meaning")
        meaning = f.text_value(value_node, f"the meaning of '{term}'")
        if meaning is not None:
            decl.glossary[term] = " ".join(meaning.split())


def _check_pronoun_variable(f: FieldReader, decl: Declarations) -> None:
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
    f: FieldReader, cid: str, key_node: Node, value_node: Node, decl: Declarations
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
    fields = f.fields(value_node, f"character '{cid}'", CHARACTER_KEYS, required(CHARACTER_KEYS))
    if fields is None or "name" not in fields:
        return
    name = read_template(f, fields["name"][1], "name", decl)
    color = None
    if "color" in fields:
        color = f.text_value(fields["color"][1], "color")
        if color is not None and not COLOR.match(color):
            f.report(
                Code.BAD_COLOUR, f"color '{color}' should look like \"#e0a458\"", fields["color"][1]
            )
            color = None
    portrait = None
    if "portrait" in fields:
        portrait = read_template(f, fields["portrait"][1], "portrait", decl)
    if name is not None:
        decl.characters[cid] = Character(cid, name, color, portrait, f.span(key_node))


def set_targets(
    f: FieldReader, node: Node, decl: Declarations
) -> Iterator[tuple[Variable, Node, Node]]:
    """The declared variables a `set:` mapping names, with their key and value nodes; an
    unknown name is reported (with a suggestion) and left out."""
    for vid, key_node, value_node in f.mapping(node, "set") or []:
        var = decl.variables.get(vid)
        if var is None:
            f.report(
                Code.UNKNOWN_VARIABLE,
                f"unknown variable '{vid}'{suggest(vid, decl.variables)}",
                key_node,
            )
            continue
        yield var, key_node, value_node


def read_template(f: FieldReader, node: Node, what: str, decl: Declarations) -> Template | None:
    raw = f.text_value(node, what)
    if raw is None:
        return None
    text = (
        " ".join(raw.split()) if isinstance(node, ScalarNode) and node.style in ("|", ">") else raw
    )
    pronouns = "pronouns" in decl.meta
    key = (text, len(decl.variables), pronouns)
    parsed = decl.templates.get(key)
    if parsed is None:
        parsed = decl.templates[key] = parse_template(text, decl.variables, pronouns=pronouns)
    template, problems = parsed

    def span(offset: int, length: int) -> Span:
        return f.inner_span(node, offset, length) if text is raw else f.span(node)

    for p in problems:
        if p.kind == "no-pronouns":
            decl.pronoun_uses.append((f, span(p.offset, p.length), p.name or ""))
            continue
        names = {cid: c.name.source for cid, c in decl.characters.items()}
        hint = name_hint(p.name, list(decl.variables), names) if p.name else ""
        f.report(Code.UNKNOWN_NAME, p.message + hint, span(p.offset, p.length))
    if not problems and "pronouns" in decl.meta:
        for slip in agreement_slips(text, decl.variables):
            f.report(Code.VERB_AFTER_NAME, slip.message, span(slip.offset, slip.length))
    _check_shown_text(f, node, text, raw, decl)
    return template


def _check_shown_text(f: FieldReader, node: Node, text: str, raw: str, decl: Declarations) -> None:
    """Warnings for text that would show wrongly: reversed verb pairs, undrawable characters."""
    for slip in reversed_pairs(text):
        span = f.inner_span(node, slip.offset, slip.length) if text is raw else f.span(node)
        f.report(Code.VERB_PAIR_REVERSED, slip.message, span)
    for offset, char, fonts in undrawable(text):
        span = f.inner_span(node, offset, 1) if text is raw else f.span(node)
        f.report(
            Code.NO_GLYPH,
            f"'{char}' (U+{ord(char):04X}) cannot be drawn by the bundled fonts "
            f"({', '.join(dict.fromkeys(n.split('-')[0] for n in fonts))}); it shows as an "
            "empty box — use words instead",
            span,
        )


def check_plain_text(f: FieldReader, node: Node, what: str) -> None:
    """Warn when a field that is shown as written (never filled in) holds `{tokens}`."""
    if isinstance(node, ScalarNode) and "{" in node.value and "{{" not in node.value:
        start = node.value.index("{")
        end = node.value.find("}", start) + 1 or len(node.value)
        token = node.value[start:end]
        f.report(
            Code.NOT_FILLED_IN,
            f"{what} is shown exactly as written, so '{token}' is not filled in here; "
            "write the words themselves",
            f.inner_span(node, start, end - start),
        )


def report_missing_pronouns(decl: Declarations) -> None:
    """One error for every pronoun word used while story.yaml names no `pronouns` variable."""
    if not decl.pronoun_uses or decl.file is None:
        return
    f, span, name = decl.pronoun_uses[0]
    candidates = [
        v.id
        for v in decl.variables.values()
        if v.type is VarType.TEXT and v.one_of and set(v.one_of) <= set(PRONOUN_SETS)
    ]
    fix = (
        f"add `pronouns: {candidates[0]}` to story.yaml"
        if candidates
        else "add a variable such as `pron: {value: they, one_of: [he, she, they]}` and "
        "`pronouns: pron` to story.yaml"
    )
    more = len(decl.pronoun_uses) - 1
    tail = f" (and {more} more use{'s' if more != 1 else ''})" if more else ""
    f.report(
        Code.UNKNOWN_NAME,
        f"'{{{name}}}' follows a pronoun set, but story.yaml names no `pronouns` variable: "
        f"{fix}{tail}",
        span,
    )
