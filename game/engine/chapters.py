"""Reading chapter files: scenes, beats, choices, routes, endings and effects."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import beatblocks, format2
from . import expr as ex
from .declarations import Declarations, read_template, set_targets
from .diagnostics import Code, Diagnostic, suggest
from .fields import (
    CHAPTER_KEYS,
    CHOICE_KEYS,
    ENDING_KEYS,
    ID_PATTERN,
    MARK_KEYS,
    RELATIVE,
    ROUTE_KEYS,
    SCENE_KEYS,
    FieldReader,
    required,
)
from .model import (
    Beat,
    Choice,
    Effect,
    Ending,
    LessonMark,
    Route,
    Scene,
    Span,
    Template,
    Tone,
    Variable,
    VarType,
)
from .yamlhints import quoted
from .yamlread import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
)

# ---------------------------------------------------------------------------------------------
# Chapters and scenes


@dataclass
class Pending:
    """Checks that need every scene first: scene references and expression types."""

    # Spans, not nodes: a node keeps its marks and text alive until every file is read.
    scene_refs: list[tuple[FieldReader, str, Span]] = field(default_factory=list)
    exprs: list[tuple[FieldReader, ex.Expr, ScalarNode, VarType | None, str]] = field(
        default_factory=list
    )
    # Chapter titles with `{tokens}`, by the title as written; the runner fills them in.
    chapter_names: dict[str, Template] = field(default_factory=dict)
    # Each expression source parsed so far -> its tree: identical conditions and effects
    # share one frozen tree (a tree's offsets are relative to its own source).
    parsed: dict[str, ex.Expr] = field(default_factory=dict)


def read_chapter(
    f: FieldReader, root: Node, decl: Declarations, pending: Pending, scenes: dict[str, Scene]
) -> str | None:
    fields = f.fields(root, "a chapter file", CHAPTER_KEYS, required(CHAPTER_KEYS))
    if fields is None:
        return None
    title = _chapter_title(f, fields["chapter"][1], decl, pending) if "chapter" in fields else None
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


def _chapter_title(f: FieldReader, node: Node, decl: Declarations, pending: Pending) -> str | None:
    template = read_template(f, node, "chapter", decl)
    if template is None:
        return None
    if not template.is_plain:
        pending.chapter_names[template.source] = template
    return template.source


def _read_scene(
    f: FieldReader,
    sid: str,
    chapter: str,
    key_node: Node,
    node: Node,
    decl: Declarations,
    pending: Pending,
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
    beats = _read_beats(f, fields["text"][1], decl, pending, sid) if "text" in fields else ()
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
    if ending is not None and ending.outcome is None and f.format >= 2:
        f.report(
            Code.MISSING_OUTCOME,
            "a format 2 ending needs `outcome:` (together, friends or apart)",
            fields["ending"][0],
        )
    effects = _read_effects(f, fields["set"][1], decl, pending) if "set" in fields else ()
    assets = {}
    asset_spans: dict[str, Span] = {}
    for key in ("background", "music", "ambience", "sound"):
        if key in fields:
            assets[key] = _asset_name(f, fields[key][1], key)
            asset_spans[key] = f.span(fields[key][1])
    prompt = format2.read_prompt(f, fields["prompt"][1], decl) if "prompt" in fields else None
    _check_choice_ids(f, choices, fields)
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
        ambience=assets.get("ambience"),
        prompt=prompt,
        span=f.span(key_node),
        asset_spans=asset_spans,
    )


def _check_choice_ids(
    f: FieldReader, choices: tuple[Choice, ...], fields: dict[str, tuple[Node, Node]]
) -> None:
    seen: set[str] = set()
    for choice in choices:
        if choice.id is None:
            continue
        if choice.id in seen:
            f.report(
                Code.DUPLICATE_ID,
                f"choice id '{choice.id}' is used twice in this scene",
                choice.span,
            )
        seen.add(choice.id)


def _asset_name(f: FieldReader, node: Node, what: str) -> str | None:
    name = f.text_value(node, what)
    if name is None:
        return None
    if ".." in name or name.startswith(("/", "\\")) or ":" in name or "\\" in name:
        f.report(
            Code.ASSET_PATH, f"{what} '{name}' must name a file inside the story's assets", node
        )
        return None
    return sys.intern(name)


def _narration(f: FieldReader, node: Node, decl: Declarations) -> Beat | None:
    """A plain beat; warns when it reads like a quoted line, `- "maya: Hi"`."""
    template = read_template(f, node, "text", decl)
    if template is None:
        return None
    speaker, sep, line = template.source.partition(": ")
    if sep and speaker in decl.characters:
        f.report(
            Code.NARRATION_LOOKS_SPOKEN,
            f"this is narration, not {speaker}'s line: the quotes make the whole line text; "
            f'write {speaker}: "{line}" to have {speaker} say it',
            f.span(node),
        )
    return Beat(template, None, None, f.span(node))


def _read_beats(
    f: FieldReader,
    node: Node,
    decl: Declarations,
    pending: Pending,
    scene: str,
    outer: ex.Expr | None = None,
) -> tuple[Beat, ...]:
    if isinstance(node, ScalarNode):
        beat = _narration(f, node, decl)
        return (beatblocks.under(beat, outer),) if beat else ()
    items = f.sequence(node, "text")
    if items is None:
        return ()
    beats: list[Beat] = []
    for item in items:
        kind = beatblocks.block_kind(item)
        if kind is not None:
            beats.extend(_read_block(f, item, kind, decl, pending, scene, outer))
            continue
        beat = _read_beat(f, item, decl, pending)
        if beat is not None:
            beats.append(beatblocks.under(beat, outer))
    return tuple(beats)


def _read_block(
    f: FieldReader,
    node: Node,
    kind: str,
    decl: Declarations,
    pending: Pending,
    scene: str,
    outer: ex.Expr | None,
) -> list[Beat]:
    """A `first:`/`again:` block or an `if:` over a `text:` list, as conditional beats."""
    keys = beatblocks.VISIT_KEYS if kind == "visits" else beatblocks.BLOCK_KEYS
    what = "a first/again block" if kind == "visits" else "an if block"
    fields = f.fields(node, what, keys)
    if fields is None:
        return []
    f.needs_format2("blocks", next(iter(fields.values()))[0])
    condition = outer
    if "if" in fields:
        read = _condition(f, fields["if"][1], decl, pending)
        if read is None:
            return []
        condition = beatblocks.both(outer, read)
    if kind == "if":
        return list(_read_beats(f, fields["text"][1], decl, pending, scene, condition))
    beats: list[Beat] = []
    for key in ("first", "again"):
        if key in fields:
            visit = beatblocks.visit_condition(scene, key == "first")
            block = beatblocks.both(condition, visit)
            beats.extend(_read_beats(f, fields[key][1], decl, pending, scene, block))
    return beats


def _read_beat(f: FieldReader, node: Node, decl: Declarations, pending: Pending) -> Beat | None:
    if isinstance(node, ScalarNode):
        return _narration(f, node, decl)
    pairs = f.mapping(node, "a beat")
    if pairs is None:
        return None
    condition = None
    speaker: str | None = None
    line_node: Node | None = None
    because = False
    message = None
    face: str | None = None
    for key, key_node, value_node in pairs:
        if key == "face":
            face = f.ident(value_node, "face")
        elif key in ("if", "because"):
            if condition is not None:
                f.report(Code.UNKNOWN_KEY, "a beat has `if` or `because`, not both", key_node)
                continue
            if key == "because":
                f.needs_format2(key, key_node)
                because = True
            condition = _condition(f, value_node, decl, pending)
        elif line_node is not None:
            f.report(
                Code.UNKNOWN_KEY,
                "a beat is one line: `- text`, `- character: line` or `- message: {...}`, "
                "optionally with `if` or `because` (and `face` on a character's line)",
                key_node,
            )
        elif key == "message":
            f.needs_format2(key, key_node)
            read = format2.read_message(f, value_node, decl)
            if read is None:
                return None
            message, line_node = read
        elif key == "text":
            line_node = value_node
        elif key in decl.characters or key in {c for c, _, _ in decl.character_nodes}:
            speaker, line_node = sys.intern(key), value_node
        else:
            f.report(Code.UNKNOWN_CHARACTER, _unknown_speaker(f, key, key_node, decl), key_node)
            return None
    if line_node is None:
        f.report(Code.MISSING_KEY, "a beat needs a line: `text: ...` or `character: ...`", node)
        return None
    template = read_template(f, line_node, "line", decl)
    if template is None:
        return None
    if face is not None and speaker is None:
        where = "`face` goes on a character's line: `- {maya: ..., face: warm}`"
        f.report(Code.UNKNOWN_KEY, where, node)
        face = None
    return Beat(template, speaker, condition, f.span(node), because, message, face)


def _unknown_speaker(f: FieldReader, key: str, key_node: Node, decl: Declarations) -> str:
    """Name the character, or, for text that merely holds ': ', show the line quoted."""
    hint = suggest(key, decl.characters)
    if hint and ID_PATTERN.match(key):
        return f"unknown character '{key}'{hint}"
    line = f.source.line(key_node.start_mark.line + 1) or ""
    item = line[key_node.start_mark.column :].strip()
    fixed = f"- {quoted(item)}"
    if not ID_PATTERN.match(key):
        return (
            f"text containing ': ' must be quoted, or '{key}' reads as a speaker: write `{fixed}`"
        )
    return f"unknown character '{key}'; if this line is narration, quote it: write `{fixed}`"


def _read_choice(f: FieldReader, node: Node, decl: Declarations, pending: Pending) -> Choice | None:
    fields = f.fields(node, "a choice", CHOICE_KEYS, required(CHOICE_KEYS))
    if fields is None or "text" not in fields or "goto" not in fields:
        return None
    text = read_template(f, fields["text"][1], "choice text", decl)
    goto = f.ident(fields["goto"][1], "goto")
    goto_span = f.span(fields["goto"][1])
    if goto is not None:
        pending.scene_refs.append((f, goto, goto_span))
    condition = _condition(f, fields["if"][1], decl, pending) if "if" in fields else None
    effects = _read_effects(f, fields["set"][1], decl, pending) if "set" in fields else ()
    once = f.boolean(fields["once"][1], "once") if "once" in fields else False
    marks = _read_marks(f, fields["lesson"][1], decl) if "lesson" in fields else ()
    cid = None
    if "id" in fields:
        f.needs_format2("id", fields["id"][0])
        cid = f.ident(fields["id"][1], "choice id")
    if text is None or goto is None:
        return None
    return Choice(
        text=text,
        goto=goto,
        condition=condition,
        effects=effects,
        once=bool(once),
        marks=marks,
        span=f.span(node),
        goto_span=goto_span,
        id=cid,
    )


def _read_marks(f: FieldReader, node: Node, decl: Declarations) -> tuple[LessonMark, ...]:
    """`lesson:` as one mark, or (format 2) a list of marks."""
    if not isinstance(node, SequenceNode):
        mark = _read_mark(f, node, decl)
        return (mark,) if mark is not None else ()
    if f.format < 2:
        f.report(Code.NEEDS_FORMAT2, "a list of lesson marks needs `format: 2` in story.yaml", node)
    read = (_read_mark(f, item, decl) for item in node.value)
    return tuple(m for m in read if m is not None)


def _read_mark(f: FieldReader, node: Node, decl: Declarations) -> LessonMark | None:
    hint = _note_hint(f, node)
    fields = f.fields(node, "lesson", MARK_KEYS, required(MARK_KEYS), unknown_hint=hint)
    if fields is None or "id" not in fields or "kept" not in fields:
        return None
    lid = f.ident(fields["id"][1], "lesson id")
    kept = f.boolean(fields["kept"][1], "kept")
    note = read_template(f, fields["note"][1], "note", decl) if "note" in fields else None
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


def _note_hint(f: FieldReader, node: Node) -> str:
    """In `{..., note: ...}` a comma or brace ends the note; show it quoted."""
    if not isinstance(node, MappingNode) or not node.flow_style:
        return ""
    keys = [k.value for k, _ in node.value if isinstance(k, ScalarNode)]
    if "note" not in keys:
        return ""
    start = next(v for k, v in node.value if isinstance(k, ScalarNode) and k.value == "note")
    if keys[-1] == "note":
        return ""
    # Keys after the note: the note ran into them, so the text up to the brace is the note.
    raw = f.text[start.start_mark.index : node.end_mark.index - 1].strip()
    fix = f"quote it: note: {quoted(raw)}" if ":" not in raw else "put the note in quotes"
    return f"; a comma or brace inside {{ }} ends the note, so {fix}"


def _read_goto(
    f: FieldReader, node: Node, decl: Declarations, pending: Pending
) -> tuple[Route, ...]:
    if isinstance(node, ScalarNode):
        target = f.ident(node, "goto")
        if target is None:
            return ()
        span = f.span(node)
        pending.scene_refs.append((f, target, span))
        return (Route(target, None, span),)
    items = f.sequence(node, "goto")
    if items is None:
        return ()
    routes: list[Route] = []
    for i, item in enumerate(items):
        fields = f.fields(item, "a route", ROUTE_KEYS, required(ROUTE_KEYS))
        if fields is None or "goto" not in fields:
            continue
        target = f.ident(fields["goto"][1], "goto")
        condition = _condition(f, fields["if"][1], decl, pending) if "if" in fields else None
        why = None
        if "why" in fields:
            f.needs_format2("why", fields["why"][0])
            why = read_template(f, fields["why"][1], "why", decl)
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
            pending.scene_refs.append((f, target, f.span(fields["goto"][1])))
            routes.append(Route(target, condition, f.span(item), why))
    return tuple(routes)


def _read_ending(f: FieldReader, node: Node, decl: Declarations) -> Ending | None:
    fields = f.fields(node, "ending", ENDING_KEYS, required(ENDING_KEYS))
    if fields is None or "title" not in fields or "tone" not in fields:
        return None
    title = read_template(f, fields["title"][1], "title", decl)
    tone = f.choice_of(fields["tone"][1], "tone", Tone, Code.UNKNOWN_TONE)
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
    outcome = format2.read_outcome(f, fields) if "outcome" in fields else None
    questions: tuple[Template, ...] = ()
    if "questions" in fields:
        f.needs_format2("questions", fields["questions"][0])
        questions = format2.read_questions(f, fields["questions"][1], decl)
    if title is None or tone is None:
        return None
    return Ending(title, tone, tuple(lessons), outcome, questions)


def _condition(f: FieldReader, node: Node, decl: Declarations, pending: Pending) -> ex.Expr | None:
    scalar = f.scalar(node, "condition")
    if scalar is None:
        return None
    parsed = _parse_expr(f, scalar, scalar.value, 0, pending)
    if parsed is not None:
        pending.exprs.append((f, parsed, scalar, VarType.BOOL, "a condition"))
    return parsed


def _parse_expr(
    f: FieldReader, node: ScalarNode, source: str, shift: int, pending: Pending
) -> ex.Expr | None:
    parsed = pending.parsed.get(source)
    if parsed is not None:
        return parsed
    try:
        parsed = pending.parsed[source] = ex.parse(source)
        return parsed
    except ex.ExprError as err:
        code = Code.NUMBER_TOO_LARGE if err.kind == "number" else Code.EXPR_SYNTAX
        f.report(code, err.message, f.inner_span(node, err.offset + shift, err.length))
        return None


def _read_effects(
    f: FieldReader, node: Node, decl: Declarations, pending: Pending
) -> tuple[Effect, ...]:
    effects: list[Effect] = []
    for var, key_node, value_node in set_targets(f, node, decl):
        vid = var.id
        if var.draw:
            f.report(
                Code.SET_DRAWN,
                f"'{vid}' is drawn at the start of a game and stays fixed; it cannot be set",
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


def _effect(f: FieldReader, var: Variable, node: ScalarNode, pending: Pending) -> Effect | None:
    raw = node.value
    span = f.span(node)
    plain = not node.style
    if plain and RELATIVE.match(raw):
        if var.type is not VarType.NUMBER:
            f.report(
                Code.EFFECT_MISFIT,
                f"'{raw}' adds to a number, but '{var.id}' is {var.type.value}",
                node,
            )
            return None
        number = f.number(node, raw)
        if number is None:
            return None
        return Effect(var.id, ex.Num(number, 0, len(raw)), True, span)
    if var.type is VarType.TEXT and not raw.startswith("="):
        if var.one_of is not None and raw not in var.one_of:
            f.report(
                Code.EFFECT_MISFIT, f"'{raw}' is not one of {list(var.one_of)} for '{var.id}'", node
            )
            return None
        return Effect(var.id, ex.Str(raw, 0, len(raw)), False, span)
    source, shift = (raw[1:], 1) if raw.startswith("=") else (raw, 0)
    parsed = _parse_expr(f, node, source, shift, pending)
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


def resolve(
    decl: Declarations,
    pending: Pending,
    scenes: dict[str, Scene],
    out: list[Diagnostic],
    *,
    check_scenes: bool,
) -> None:
    # With a file unreadable its scenes are unknown, and every reference to them would be noise.
    for f, target, span in pending.scene_refs if check_scenes else ():
        if target not in scenes:
            f.report(Code.UNKNOWN_SCENE, f"unknown scene '{target}'{suggest(target, scenes)}", span)
    types = {vid: var.type for vid, var in decl.variables.items()}
    names = format2.choice_names(scenes)
    for f, parsed, node, want, what in pending.exprs:
        shift = 1 if not node.style and node.value.startswith("=") else 0
        got, errors = ex.typecheck(parsed, types, names)
        format2.report_expr_errors(f, node, shift, errors, types, scenes, check_scenes=check_scenes)
        if not errors and got is not None and want is not None and got is not want:
            span = f.span(node)
            hint = ex.visited_hint(parsed, "> 0") if want is VarType.BOOL else ""
            f.report(
                Code.TYPE_CLASH,
                f"{what} should be {want.value}, but this is {got.value}{hint}",
                span,
            )


def check_start(f: FieldReader, decl: Declarations, scenes: dict[str, Scene]) -> None:
    start = decl.meta.get("start")
    if start is not None and start not in scenes:
        f.report(
            Code.UNKNOWN_SCENE,
            f"unknown scene '{start}'{suggest(start, scenes)}",
            decl.meta_nodes["start"],
        )
