"""Path tests an author writes in STORY/tests/*.yaml: reading them into steps and checks.

A test starts a game (optionally seeded, with fixed values, at a checkpoint or a scene), then
takes steps: `advance`, `choose: …` and `expect: {…}`. Everything a test names is checked
against the story when it is read, so a typo is reported at its place before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import Node, ScalarNode

from game.engine import expr as ex
from game.engine import format2
from game.engine.diagnostics import Code, Diagnostic, suggest
from game.engine.fields import FieldReader
from game.engine.loader import NotAPlainFile, read_story_file
from game.engine.model import Span, Story, Value
from game.engine.start import Start
from game.engine.yamlread import SourceFile, node_span, read_yaml

TESTS_FOLDER = "tests"
FILE_KEYS = ("tests",)
TEST_KEYS = ("name", "seed", "set", "checkpoint", "start", "steps")
EXPECT_KEYS = ("ending", "scene", "visited", "kept", "missed", "values", "text", "that")
STEP_KINDS = ("advance", "choose", "expect")


@dataclass(frozen=True)
class Check:
    """One expectation: `kind` is a key of `expect:`; `name` the id, variable or text it names."""

    kind: str
    name: str
    span: Span
    value: Value | None = None
    condition: ex.Expr | None = None


@dataclass(frozen=True)
class Step:
    """`advance`, `choose` (a number as shown, or a choice id or part of its text) or `expect`."""

    kind: str
    span: Span
    choice: int | str | None = None
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class PathTest:
    """A named playthrough: how the game starts and the steps taken in it."""

    name: str
    span: Span
    start: Start
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class PathFile:
    """The tests read from one file and every problem found reading them."""

    path: str
    tests: tuple[PathTest, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    source: SourceFile | None = field(default=None, compare=False)


def path_test_files(folder: Path) -> list[Path]:
    """The story's test files, STORY/tests/*.yaml, in name order."""
    return sorted((folder / TESTS_FOLDER).glob("*.yaml"))


def read_test_file(story: Story, path: Path) -> PathFile:
    """Read one test file; problems are diagnostics, never exceptions."""
    display = str(path)
    try:
        raw = read_story_file(path.parent, path)
    except (NotAPlainFile, OSError) as err:
        reason = str(err) if isinstance(err, NotAPlainFile) else (err.strerror or str(err))
        diag = Diagnostic(
            Code.BAD_TEST, f"cannot read the test file: {reason}", Span(display, 0, 0, 0)
        )
        return PathFile(display, diagnostics=(diag,))
    return read_test_text(story, display, raw)


def read_test_text(story: Story, display: str, raw: bytes) -> PathFile:
    """Read a test file's bytes (named `display` in messages) against `story`."""
    doc, problems = read_yaml(display, raw)
    if doc.root is None:
        return PathFile(display, diagnostics=tuple(problems), source=doc.source)
    out: list[Diagnostic] = []
    f = FieldReader(doc.source, out, doc.source.text, 2)
    reader = _Reader(story, f)
    top = f.fields(doc.root, "a test file", FILE_KEYS, FILE_KEYS)
    tests: list[PathTest] = []
    if top is not None and "tests" in top:
        for item in f.sequence(top["tests"][1], "tests") or []:
            test = reader.test(item)
            if test is not None:
                tests.append(test)
    return PathFile(display, tuple(tests), tuple(out), doc.source)


class _Reader:
    """Reads tests against one story, reporting names the story does not have."""

    def __init__(self, story: Story, f: FieldReader) -> None:
        self.story = story
        self.f = f
        self.types = {vid: var.type for vid, var in story.variables.items()}

    def bad(self, message: str, node: Node | Span) -> None:
        self.f.report(Code.BAD_TEST, message, node)

    def known(self, node: Node, what: str, names: list[str]) -> str | None:
        """A name that must be one of `names` (scene, lesson, ending…), reported otherwise."""
        value = self.f.text_value(node, what)
        if value is None:
            return None
        if value not in names:
            hint = suggest(value, names) or f" (known: {', '.join(names[:12]) or 'none'})"
            self.bad(f"the story has no {what} '{value}'{hint}", node)
            return None
        return value

    def test(self, node: Node) -> PathTest | None:
        fields = self.f.fields(node, "a test", TEST_KEYS, ("name", "steps"))
        if fields is None or "name" not in fields or "steps" not in fields:
            return None
        name = self.f.text_value(fields["name"][1], "a test's name")
        start = self.start(fields)
        steps = [self.step(item) for item in self.f.sequence(fields["steps"][1], "steps") or []]
        if name is None or start is None or any(s is None for s in steps):
            return None
        span = node_span(self.f.source.path, fields["name"][0])
        return PathTest(name, span, start, tuple(s for s in steps if s is not None))

    def start(self, fields: dict[str, tuple[Node, Node]]) -> Start | None:
        ok = True
        seed = None
        if "seed" in fields:
            seed = self.f.integer(fields["seed"][1], "seed")
            ok = seed is not None
        checkpoint = scene = None
        if "checkpoint" in fields:
            ids = [c.id for c in self.story.checkpoints]
            checkpoint = self.known(fields["checkpoint"][1], "checkpoint", ids)
            ok = ok and checkpoint is not None
        if "start" in fields:
            scene = self.known(fields["start"][1], "scene", list(self.story.scenes))
            ok = ok and scene is not None
            if "checkpoint" in fields:
                self.bad("give `start` or `checkpoint`, not both", fields["start"][0])
                ok = False
        fixed = self.values(fields["set"][1], "set") if "set" in fields else []
        if not ok or fixed is None:
            return None
        return Start(seed, {var: value for var, value, _ in fixed}, checkpoint, scene=scene)

    def values(self, node: Node, what: str) -> list[tuple[str, Value, Node]] | None:
        """`{variable: value}` with each value fitting its variable, and each value's node."""
        pairs = self.f.mapping(node, what)
        if pairs is None:
            return None
        out: list[tuple[str, Value, Node]] = []
        ok = True
        for key, key_node, value_node in pairs:
            var = self.story.variables.get(key)
            if var is None:
                self.bad(
                    f"the story has no variable '{key}'{suggest(key, self.story.variables)}",
                    key_node,
                )
                ok = False
                continue
            scalar = self.f.scalar(value_node, f"the value of '{key}'")
            if scalar is None:
                ok = False
                continue
            try:
                value = format2.parse_value(var, scalar.value, quoted=bool(scalar.style))
                out.append((key, value, value_node))
            except ValueError as err:
                self.bad(str(err), value_node)
                ok = False
        return out if ok else None

    def step(self, node: Node) -> Step | None:
        span = node_span(self.f.source.path, node)
        if isinstance(node, ScalarNode):
            if node.value == "advance":
                return Step("advance", span)
            hint = suggest(node.value, STEP_KINDS)
            self.bad(
                f"a step is `advance`, `choose: …` or `expect: {{…}}`, not '{node.value}'{hint}",
                node,
            )
            return None
        fields = self.f.fields(node, "a step", ("choose", "expect"))
        if fields is None:
            return None
        if len(fields) != 1:
            self.bad("a step does one thing: write `choose` and `expect` as two steps", node)
            return None
        kind, (_, value) = next(iter(fields.items()))
        if kind == "choose":
            return self.choose(value, span)
        checks = self.expect(value)
        return None if checks is None else Step("expect", span, checks=checks)

    def choose(self, node: Node, span: Span) -> Step | None:
        scalar = self.f.scalar(node, "choose")
        if scalar is None:
            return None
        text = scalar.value
        if not scalar.style and text.isdigit():
            number = int(text)
            if number < 1:
                self.bad("choices are numbered from 1, as the player sees them", node)
                return None
            return Step("choose", node_span(self.f.source.path, node), choice=number)
        if not text.strip():
            self.bad("choose names a choice by its number, its id or part of its text", node)
            return None
        return Step("choose", node_span(self.f.source.path, node), choice=text)

    def expect(self, node: Node) -> tuple[Check, ...] | None:
        fields = self.f.fields(node, "expect", EXPECT_KEYS)
        if fields is None:
            return None
        if not fields:
            self.bad("expect what? give one or more of: " + ", ".join(EXPECT_KEYS), node)
            return None
        checks: list[Check] = []
        ok = True
        for kind, (_, value) in fields.items():
            found = self.check(kind, value)
            ok = ok and found is not None
            checks.extend(found or ())
        return tuple(checks) if ok else None

    def check(self, kind: str, node: Node) -> list[Check] | None:
        span = node_span(self.f.source.path, node)
        story = self.story
        if kind == "values":
            values = self.values(node, "values")
            if values is None:
                return None
            path = self.f.source.path
            return [Check("values", var, node_span(path, at), value) for var, value, at in values]
        if kind == "text":
            text = self.f.text_value(node, "text")
            return None if text is None else [Check("text", text, span)]
        if kind == "that":
            condition = self.condition(node)
            return (
                None
                if condition is None
                else [Check("that", str(node.value), span, condition=condition)]
            )
        names = {
            "ending": [s for s, sc in story.scenes.items() if sc.ending is not None],
            "scene": list(story.scenes),
            "visited": list(story.scenes),
            "kept": list(story.lessons),
            "missed": list(story.lessons),
        }[kind]
        what = {"kept": "lesson", "missed": "lesson", "visited": "scene"}.get(kind, kind)
        name = self.known(node, what, names)
        return None if name is None else [Check(kind, name, span)]

    def condition(self, node: Node) -> ex.Expr | None:
        scalar = self.f.scalar(node, "that")
        if scalar is None:
            return None
        try:
            parsed = ex.parse(scalar.value)
        except ex.ExprError as err:
            format2.report_expr_errors(self.f, scalar, 0, [err], self.types, self.story.scenes)
            return None
        names = format2.choice_names(self.story.scenes)
        got, errors = ex.typecheck(parsed, self.types, names, self.story.lessons)
        format2.report_expr_errors(self.f, scalar, 0, errors, self.types, self.story.scenes)
        if errors:
            return None
        if got is not ex.VarType.BOOL:
            kind = got.value if got is not None else "not true/false"
            self.bad(f"`that` needs a condition (true or false), but this is {kind}", node)
            return None
        return parsed
