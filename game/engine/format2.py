"""Reading format 2's additions: draws, words, prompts, messages, checkpoints, guarantees.

Kept apart from the format 1 readers (declarations, chapters), which call into it where a
format 2 key appears.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace

from . import expr as ex
from .declarations import Declarations, read_template, set_targets
from .diagnostics import Code, suggest
from .fields import (
    BAND_KEYS,
    CHECKPOINT_KEYS,
    DRAW_KEYS,
    EXCEPT_KEYS,
    GUARANTEE_KEYS,
    GUARANTEE_NAMES,
    INT,
    MESSAGE_KEYS,
    MESSAGE_STATUSES,
    PROMPT_KEYS,
    WITNESS_KEYS,
    FieldReader,
    required,
)
from .model import (
    PLAYER,
    Band,
    Checkpoint,
    DrawOutcome,
    Guarantee,
    Message,
    Outcome,
    Prompt,
    Scene,
    Template,
    Value,
    Variable,
    VarType,
    Witness,
)
from .yamlread import MappingNode, Node, ScalarNode


@dataclass
class Extras:
    """Format 2 parts of story.yaml that need the whole story before they can be checked."""

    scene_refs: list[tuple[str, Node]] = field(default_factory=list)
    exprs: list[tuple[ex.Expr, ScalarNode, VarType]] = field(default_factory=list)
    witness_refs: list[tuple[str, Node]] = field(default_factory=list)
    guarantee_lessons: list[tuple[str, Node]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Variables: draws, words and meter names


def read_variable_extras(f: FieldReader, decl: Declarations) -> None:
    """Add draws, words and templated meter names once every variable is known."""
    for vid, fields in decl.variable_fields.items():
        var = decl.variables.get(vid)
        if var is None:
            continue
        for key in ("draw", "words"):
            if key in fields:
                f.needs_format2(key, fields[key][0])
        draw = _read_draw(f, var, fields["draw"][1], decl) if "draw" in fields else ()
        words = _read_words(f, var, fields["words"][1], decl) if "words" in fields else ()
        label = None
        if var.meter is not None and f.format >= 2:
            label = read_template(f, fields["meter"][1], "meter", decl)
        decl.variables[vid] = replace(var, draw=draw, words=words, label=label)


def _read_draw(
    f: FieldReader, var: Variable, node: Node, decl: Declarations
) -> tuple[DrawOutcome, ...]:
    outcomes: list[DrawOutcome] = []
    for item in f.sequence(node, "draw") or []:
        fields = f.fields(item, "a draw outcome", DRAW_KEYS, required(DRAW_KEYS))
        if fields is None or "value" not in fields or "weight" not in fields:
            continue
        value = draw_value(f, var, fields["value"][1])
        weight = f.integer(fields["weight"][1], "weight")
        says = read_template(f, fields["says"][1], "says", decl) if "says" in fields else None
        if weight is not None and weight <= 0:
            f.report(
                Code.BAD_DRAW,
                f"weight {weight} is not allowed: a weight is a whole number above 0",
                fields["weight"][1],
            )
            continue
        if value is None or weight is None:
            continue
        if any(o.value == value for o in outcomes):
            f.report(Code.BAD_DRAW, f"'{value}' is drawn twice in '{var.id}'", fields["value"][1])
            continue
        outcomes.append(DrawOutcome(value, weight, says))
    if not outcomes and isinstance(node, Node):
        f.report(Code.BAD_DRAW, f"the draw of '{var.id}' has no outcomes", node)
    return tuple(outcomes)


def draw_value(f: FieldReader, var: Variable, node: Node) -> Value | None:
    """A literal value for `var` written in YAML, checked against its type and range."""
    scalar = f.scalar(node, f"value for '{var.id}'")
    if scalar is None:
        return None
    try:
        return parse_value(var, scalar.value, quoted=bool(scalar.style))
    except ValueError as err:
        f.report(Code.EFFECT_MISFIT, str(err), node)
        return None


def parse_value(var: Variable, raw: str, *, quoted: bool = False) -> Value:
    """`raw` as a value of `var` (YAML or `--set` text); ValueError says why it does not fit."""
    if var.type is VarType.BOOL:
        if not quoted and raw in ("true", "false"):
            return raw == "true"
        raise ValueError(f"'{raw}' is not true or false, which '{var.id}' needs")
    if var.type is VarType.NUMBER:
        if quoted or not INT.match(raw):
            raise ValueError(f"'{raw}' is not a whole number, which '{var.id}' needs")
        number = int(raw)
        if var.clamp(number) != number:
            raise ValueError(f"{number} is outside {var.id}'s range {var.min}..{var.max}")
        return number
    if var.one_of is not None and raw not in var.one_of:
        raise ValueError(f"'{raw}' is not one of {', '.join(var.one_of)} for '{var.id}'")
    return raw


def _read_words(f: FieldReader, var: Variable, node: Node, decl: Declarations) -> tuple[Band, ...]:
    if var.type is not VarType.NUMBER:
        f.report(Code.BAD_WORDS, f"words describe numbers; '{var.id}' is {var.type.value}", node)
        return ()
    bands: list[Band] = []
    for item in f.sequence(node, "words") or []:
        fields = f.fields(item, "a words band", BAND_KEYS, required(BAND_KEYS))
        if fields is None or "upto" not in fields or "text" not in fields:
            continue
        upto = f.integer(fields["upto"][1], "upto")
        text = read_template(f, fields["text"][1], "text", decl)
        if upto is None or text is None:
            continue
        if bands and upto <= bands[-1].upto:
            f.report(
                Code.BAD_WORDS,
                f"bands go upwards: upto {upto} comes after upto {bands[-1].upto}",
                fields["upto"][1],
            )
            continue
        bands.append(Band(upto, text))
    if bands and var.max is not None and bands[-1].upto < var.max:
        f.report(
            Code.BAD_WORDS,
            f"values above {bands[-1].upto} up to {var.id}'s max {var.max} have no words",
            node,
        )
    return tuple(bands)


# ---------------------------------------------------------------------------------------------
# Scenes: prompts, messages, endings


def read_prompt(f: FieldReader, node: Node, decl: Declarations) -> Prompt | None:
    """A prompt: a template, or `{text, notes}` with notes for the facilitator only."""
    if not isinstance(node, MappingNode):
        text = read_template(f, node, "prompt", decl)
        return Prompt(text) if text is not None else None
    fields = f.fields(node, "prompt", PROMPT_KEYS, required(PROMPT_KEYS))
    if fields is None or "text" not in fields:
        return None
    text = read_template(f, fields["text"][1], "prompt", decl)
    notes = f.text_value(fields["notes"][1], "notes") if "notes" in fields else None
    if text is None:
        return None
    return Prompt(text, " ".join(notes.split()) if notes else None)


def read_message(f: FieldReader, node: Node, decl: Declarations) -> tuple[Message, Node] | None:
    """A message beat's mapping: the message and the node of its text."""
    fields = f.fields(node, "a message", MESSAGE_KEYS, required(MESSAGE_KEYS))
    if fields is None or "from" not in fields or "text" not in fields:
        return None
    sender = f.ident(fields["from"][1], "from")
    known = {c for c, _, _ in decl.character_nodes} | {PLAYER}
    if sender is not None and sender not in known:
        f.report(
            Code.UNKNOWN_CHARACTER,
            f"unknown character '{sender}'{suggest(sender, known)} (or `you` for the player)",
            fields["from"][1],
        )
        return None
    time = f.text_value(fields["time"][1], "time") if "time" in fields else None
    status = f.text_value(fields["status"][1], "status") if "status" in fields else None
    if status is not None and status not in MESSAGE_STATUSES:
        f.report(
            Code.BAD_MESSAGE,
            f"status '{status}' should be one of {list(MESSAGE_STATUSES)}",
            fields["status"][1],
        )
        status = None
    draft = f.boolean(fields["draft"][1], "draft") if "draft" in fields else False
    photo = f.text_value(fields["photo"][1], "photo") if "photo" in fields else None
    if draft and status is not None:
        f.report(
            Code.BAD_MESSAGE, "a draft was never sent, so it has no status", fields["draft"][0]
        )
    if sender is None:
        return None
    return Message(sender, time, status, bool(draft), photo), fields["text"][1]


def read_outcome(f: FieldReader, fields: Mapping[str, tuple[Node, Node]]) -> Outcome | None:
    """An ending's `outcome:` (its absence is reported by the scene reader)."""
    f.needs_format2("outcome", fields["outcome"][0])
    return f.choice_of(fields["outcome"][1], "outcome", Outcome, Code.UNKNOWN_OUTCOME)


def read_questions(f: FieldReader, node: Node, decl: Declarations) -> tuple[Template, ...]:
    """An ending's discussion questions: a list of templates."""
    out = []
    for item in f.sequence(node, "questions") or []:
        template = read_template(f, item, "question", decl)
        if template is not None:
            out.append(template)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# story.yaml: checkpoints and guarantees


def read_story_extras(
    f: FieldReader, decl: Declarations, extras: Extras
) -> tuple[tuple[Checkpoint, ...], tuple[Guarantee, ...]]:
    """Variables' draws and words, then checkpoints and guarantees (needing variables)."""
    read_variable_extras(f, decl)
    checkpoints: tuple[Checkpoint, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()
    if "checkpoints" in decl.later:
        checkpoints = read_checkpoints(f, decl.later["checkpoints"][1], decl, extras)
    if "guarantees" in decl.later:
        guarantees = read_guarantees(f, decl.later["guarantees"][1], decl, extras)
    return checkpoints, guarantees


def read_checkpoints(
    f: FieldReader, node: Node, decl: Declarations, extras: Extras
) -> tuple[Checkpoint, ...]:
    """The facilitator's places to start from; scene names are checked once scenes are read."""
    out: list[Checkpoint] = []
    for item in f.sequence(node, "checkpoints") or []:
        fields = f.fields(item, "a checkpoint", CHECKPOINT_KEYS, required(CHECKPOINT_KEYS))
        if fields is None or not {"id", "title", "scene"} <= set(fields):
            continue
        cid = f.ident(fields["id"][1], "checkpoint id")
        title = read_template(f, fields["title"][1], "title", decl)
        scene = f.ident(fields["scene"][1], "scene")
        if scene is not None:
            extras.scene_refs.append((scene, fields["scene"][1]))
        values = _checkpoint_values(f, fields["set"][1], decl) if "set" in fields else {}
        visited = []
        listed = f.sequence(fields["visited"][1], "visited") if "visited" in fields else []
        for v in listed or []:
            sid = f.ident(v, "scene")
            if sid is not None:
                extras.scene_refs.append((sid, v))
                visited.append(sid)
        if cid is not None and any(c.id == cid for c in out):
            f.report(Code.DUPLICATE_ID, f"checkpoint '{cid}' is defined twice", fields["id"][1])
            continue
        if cid is not None and title is not None and scene is not None:
            out.append(Checkpoint(cid, title, scene, values, tuple(visited), f.span(item)))
    return tuple(out)


def _checkpoint_values(f: FieldReader, node: Node, decl: Declarations) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for var, _, value_node in set_targets(f, node, decl):
        value = draw_value(f, var, value_node)
        if value is not None:
            values[var.id] = value
    return values


def read_guarantees(
    f: FieldReader, node: Node, decl: Declarations, extras: Extras
) -> tuple[Guarantee, ...]:
    """The story's claims about its endings; expressions are checked once scenes are read."""
    out: list[Guarantee] = []
    for item in f.sequence(node, "guarantees") or []:
        fields = f.fields(item, "a guarantee", GUARANTEE_KEYS, required(GUARANTEE_KEYS))
        if fields is None or "id" not in fields:
            continue
        gid = f.ident(fields["id"][1], "guarantee id")
        says = read_template(f, fields["says"][1], "says", decl) if "says" in fields else None
        condition = _guarantee_expr(f, fields, "if", extras)
        then = _guarantee_expr(f, fields, "then", extras)
        witnesses = _witnesses(f, fields["reachable"][1], extras) if "reachable" in fields else ()
        each = False
        if "each_ending" in fields:
            kind = f.text_value(fields["each_ending"][1], "each_ending")
            each = kind == "focus_kept_and_missed"
            if kind is not None and not each:
                f.report(
                    Code.BAD_GUARANTEE,
                    f"each_ending '{kind}' is not known; write focus_kept_and_missed",
                    fields["each_ending"][1],
                )
        excepted = _excepted(f, fields["except"][1], extras) if "except" in fields else frozenset()
        kinds = [k for k, v in (("then", then), ("reachable", witnesses), ("each", each)) if v]
        if len(kinds) != 1:
            f.report(
                Code.BAD_GUARANTEE,
                "a guarantee states one thing: `then:`, `reachable:` or `each_ending:`",
                item,
            )
            continue
        if gid is not None and any(g.id == gid for g in out):
            f.report(Code.DUPLICATE_ID, f"guarantee '{gid}' is defined twice", fields["id"][1])
            continue
        if gid is not None:
            out.append(
                Guarantee(gid, says, condition, then, witnesses, each, excepted, f.span(item))
            )
    return tuple(out)


def _guarantee_expr(
    f: FieldReader, fields: Mapping[str, tuple[Node, Node]], key: str, extras: Extras
) -> ex.Expr | None:
    if key not in fields:
        return None
    scalar = f.scalar(fields[key][1], key)
    if scalar is None:
        return None
    try:
        parsed = ex.parse(scalar.value)
    except ex.ExprError as err:
        f.report(Code.EXPR_SYNTAX, err.message, f.inner_span(scalar, err.offset, err.length))
        return None
    extras.exprs.append((parsed, scalar, VarType.BOOL))
    return parsed


def _witnesses(f: FieldReader, node: Node, extras: Extras) -> tuple[Witness, ...]:
    out = []
    for item in f.sequence(node, "reachable") or []:
        fields = f.fields(item, "a reachable claim", WITNESS_KEYS, required(WITNESS_KEYS))
        if fields is None or "ending" not in fields:
            continue
        ending = f.ident(fields["ending"][1], "ending")
        when = _guarantee_expr(f, fields, "when", extras)
        if ending is not None:
            extras.witness_refs.append((ending, fields["ending"][1]))
            out.append(Witness(ending, when, f.span(item)))
    return tuple(out)


def _excepted(f: FieldReader, node: Node, extras: Extras) -> frozenset[tuple[str, str, bool]]:
    out: set[tuple[str, str, bool]] = set()
    for ending, key_node, value_node in f.mapping(node, "except") or []:
        extras.witness_refs.append((ending, key_node))
        fields = f.fields(value_node, f"except for '{ending}'", EXCEPT_KEYS) or {}
        for key, (_, items) in fields.items():
            for item in f.sequence(items, key) or []:
                lesson = f.ident(item, "lesson id")
                if lesson is not None:
                    extras.guarantee_lessons.append((lesson, item))
                    out.add((ending, lesson, key == "kept"))
    return frozenset(out)


def resolve_extras(
    f: FieldReader,
    decl: Declarations,
    extras: Extras,
    scenes: Mapping[str, Scene],
    names: Container[str],
) -> None:
    """Check what story.yaml's format 2 parts name, once every scene is read."""
    for sid, node in extras.scene_refs:
        if sid not in scenes:
            f.report(Code.UNKNOWN_SCENE, f"unknown scene '{sid}'{suggest(sid, scenes)}", node)
    for sid, node in extras.witness_refs:
        if sid not in scenes or scenes[sid].ending is None:
            endings = [s for s, sc in scenes.items() if sc.ending is not None]
            f.report(Code.UNKNOWN_SCENE, f"unknown ending '{sid}'{suggest(sid, endings)}", node)
    for lesson, node in extras.guarantee_lessons:
        if lesson not in decl.lessons:
            f.report(
                Code.UNKNOWN_LESSON,
                f"unknown lesson '{lesson}'{suggest(lesson, decl.lessons)}",
                node,
            )
    types = {vid: var.type for vid, var in decl.variables.items()}
    for name in GUARANTEE_NAMES:
        types.setdefault(name, VarType.NUMBER if name == "decisions" else VarType.TEXT)
    for parsed, node, want in extras.exprs:
        got, errors = ex.typecheck(parsed, types, names, decl.lessons)
        report_expr_errors(f, node, 0, errors, types, scenes)
        if not errors and got is not None and got is not want:
            f.report(
                Code.TYPE_CLASH,
                f"a guarantee should be {want.value}, but this is {got.value}",
                node,
            )


def report_expr_errors(
    f: FieldReader,
    node: ScalarNode,
    shift: int,
    errors: list[ex.ExprError],
    types: Mapping[str, VarType],
    scenes: Mapping[str, Scene],
    *,
    check_scenes: bool = True,
) -> None:
    """Report an expression's type and name errors, each with its code."""
    for err in errors:
        span = f.inner_span(node, err.offset + shift, err.length)
        if err.kind == "unknown-variable" and err.name:
            message = f"unknown variable '{err.name}'{suggest(err.name, types)}"
            f.report(Code.UNKNOWN_VARIABLE, message, span)
        elif err.kind == "unknown-scene" and err.name:
            if check_scenes:
                message = f"unknown scene '{err.name}'{suggest(err.name, scenes)}"
                f.report(Code.UNKNOWN_SCENE, message, span)
        elif err.kind == "unknown-choice" and err.name:
            if check_scenes:
                f.report(Code.UNKNOWN_CHOICE, _unknown_choice(err.name, scenes), span)
        elif err.kind == "unknown-lesson":
            f.report(Code.UNKNOWN_LESSON, err.message, span)
        elif err.kind == "guarantee-only":
            f.report(Code.GUARANTEE_ONLY, err.message, span)
        else:
            f.report(Code.TYPE_CLASH if err.kind == "type" else Code.EXPR_SYNTAX, err.message, span)


def _unknown_choice(name: str, scenes: Mapping[str, Scene]) -> str:
    sid, _, cid = name.partition(".")
    if sid not in scenes:
        return f"unknown choice '{name}': no scene '{sid}'{suggest(sid, scenes)}"
    ids = [c.id for c in scenes[sid].choices if c.id is not None]
    if not ids:
        return f"unknown choice '{name}': no choice in '{sid}' has an `id:`"
    return f"unknown choice '{name}'{suggest(cid, ids)} (ids in '{sid}': {', '.join(ids)})"


def choice_names(scenes: Mapping[str, Scene]) -> set[str]:
    """Every name `visited` and `chose` may use: scene ids and "scene.choice" keys."""
    names = set(scenes)
    names.update(f"{sid}.{c.id}" for sid, s in scenes.items() for c in s.choices if c.id)
    return names
