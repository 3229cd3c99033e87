"""Static checks over a loaded story, proved by exploring every reachable state."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from game.engine import expr as ex
from game.engine.assets import SCENE_KINDS, AssetKind, find, names_in
from game.engine.diagnostics import Code, Diagnostic, location, suggest
from game.engine.gcpause import paused_gc
from game.engine.loader import LoadResult, StoryStore, load_story
from game.engine.model import Scene, Span, Story, Template, VarRef
from game.engine.program import MAX_PASS_THROUGH, compiled
from game.engine.yamlread import SourceFile

from .explore import DEFAULT_MAX_STATES, MAX_CHAIN, Exploration, Softlock, explore, expressions
from .guarantees import Finding, Verdict, prove
from .lengths import size_warnings
from .portraits import missing_portraits
from .reads import claims
from .reasons import Reasons
from .stategraph import StateGraph

# story.yaml's top-level `title_image:` line; the value is group 1.
_TITLE_IMAGE = re.compile(r"title_image:[ \t]*['\"]?([^'\"#\s]+)")


@dataclass(frozen=True)
class CheckResult:
    """Everything `reconnect check` reports: load diagnostics, then flow diagnostics."""

    story: Story | None
    diagnostics: tuple[Diagnostic, ...]
    exploration: Exploration | None
    guarantees: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return self.story is not None and not any(d.is_error for d in self.diagnostics)


class _Lines:
    """Source lines for quoting, read only for the files that have something to report."""

    def __init__(self) -> None:
        self.files: dict[str, SourceFile] = {}

    def diag(self, code: Code, message: str, span: Span) -> Diagnostic:
        source = self.files.get(span.file)
        if source is None:
            try:
                text = Path(span.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            source = self.files[span.file] = SourceFile(span.file, text)
        return source.diag(code, message, span)


@dataclass(frozen=True)
class Proof:
    """What proving a story found: the flow diagnostics and the exploration behind them."""

    diagnostics: tuple[Diagnostic, ...]
    exploration: Exploration
    guarantees: tuple[Finding, ...] = ()


class ProofStore(Protocol):
    """Where proofs are kept, by the story's content (a proof of unchanged files still holds)."""

    def get(self, story: Story, max_states: int) -> Proof | None:
        """The proof kept for this story and bound, if any."""

    def put(self, story: Story, max_states: int, proof: Proof) -> None:
        """Keep a proof of this story and bound."""


def check_story(
    folder: Path | str,
    *,
    max_states: int = DEFAULT_MAX_STATES,
    cache: StoryStore | None = None,
    proofs: ProofStore | None = None,
    loaded: Callable[[LoadResult], None] | None = None,
) -> CheckResult:
    """Load and check a story folder: every problem, all at once.

    `loaded` is called with the load's result before the proof starts; `proofs` keeps proofs
    so that an unchanged story is not proved again.
    """
    result: LoadResult = load_story(folder) if cache is None else load_story(folder, cache=cache)
    if loaded is not None:
        loaded(result)
    if result.story is None:
        return CheckResult(None, result.diagnostics, None)
    proof = proofs.get(result.story, max_states) if proofs is not None else None
    if proof is None:
        proof = Proof(*check_flow(result.story, max_states=max_states))
        if proofs is not None:
            proofs.put(result.story, max_states, proof)
    return CheckResult(
        result.story, result.diagnostics + proof.diagnostics, proof.exploration, proof.guarantees
    )


def check_flow(
    story: Story, *, max_states: int = DEFAULT_MAX_STATES
) -> tuple[tuple[Diagnostic, ...], Exploration, tuple[Finding, ...]]:
    """Reachability, softlocks, dead choices, guarantees, unused declarations and missing
    assets."""
    # The state graph is hundreds of thousands of fresh objects, alive until the proof is
    # done: with the collector on, every collection meanwhile would walk all of them.
    with paused_gc():
        return _check_flow(story, max_states)


def _check_flow(
    story: Story, max_states: int
) -> tuple[tuple[Diagnostic, ...], Exploration, tuple[Finding, ...]]:
    lines = _Lines()
    out: list[Diagnostic] = []
    program = compiled(story)
    graph = StateGraph() if story.guarantees else None
    result = explore(story, max_states=max_states, program=program, graph=graph)
    findings = prove(story, graph) if graph is not None else ()
    out.extend(_guarantee_diagnostics(lines, story, findings))
    graph_reachable = _graph_reachable(story)
    start_span = _start_span(story)
    reasons = Reasons(story, result)

    out.extend(_loop_diagnostics(lines, story, result))
    for lock in _first_per_scene(result.softlocks):
        scene = story.scenes[lock.scene]
        out.append(
            lines.diag(
                Code.SOFTLOCK,
                f"softlock: scene '{lock.scene}' can be reached with every choice hidden "
                f"(after {len(lock.path)} choices)",
                scene.span,
            )
        )
    for sid, scene in story.scenes.items():
        if scene.ending is not None and sid not in result.endings and result.complete:
            out.append(
                lines.diag(
                    Code.ENDING_UNREACHED,
                    f"ending '{sid}' can never be reached: {reasons.ending(sid)}",
                    scene.span,
                )
            )
        elif sid not in graph_reachable:
            out.append(
                lines.diag(
                    Code.UNREACHABLE_SCENE,
                    f"scene '{sid}' is never reached: nothing leads here",
                    scene.span,
                )
            )
        elif sid not in result.scenes and result.complete:
            out.append(
                lines.diag(
                    Code.UNREACHABLE_SCENE,
                    f"scene '{sid}' is never reached in any play",
                    scene.span,
                )
            )
        elif result.complete:
            out.extend(_dead_choices(lines, scene, result, reasons))
    for sid in dict.fromkeys(result.chains):
        out.append(
            lines.diag(
                Code.EXPLORATION_BOUND,
                f"routes from '{sid}' pass more than {MAX_CHAIN:,} scenes without a decision "
                "or a repeated state; exploration stops there, so the flow checks are partial",
                story.scenes[sid].span,
            )
        )
    if not result.proven and not result.chains:
        out.append(
            lines.diag(
                Code.EXPLORATION_BOUND,
                f"exploration stopped at {max_states:,} states and a guided search of "
                f"{result.guided_runs:,} runs did not reach everything; reachability and "
                "softlock checks are partial",
                start_span,
            )
        )
    out.extend(_unused(lines, story))
    out.extend(_missing_assets(lines, story))
    out.extend(missing_portraits(story, lines.diag))
    out.extend(size_warnings(story, lines.diag))
    return tuple(out), result, findings


def _choices(n: int) -> str:
    return f"{n} choice" if n == 1 else f"{n} choices"


def _guarantee_diagnostics(
    lines: _Lines, story: Story, findings: tuple[Finding, ...]
) -> Iterator[Diagnostic]:
    spans = {g.id: g.span for g in story.guarantees}
    for f in findings:
        if f.verdict is Verdict.COUNTEREXAMPLE:
            where = (
                f" — counterexample: a play of {_choices(len(f.path))} ending at '{f.ending}'"
                " (printed below)"
                if f.ending is not None
                else " — no play does"
            )
            yield lines.diag(
                Code.GUARANTEE_BROKEN,
                f"guarantee '{f.guarantee}': {f.claim}{where}",
                spans[f.guarantee],
            )
        elif f.verdict is Verdict.UNPROVEN:
            yield lines.diag(
                Code.GUARANTEE_UNPROVEN,
                f"guarantee '{f.guarantee}' is unproven (bound): {f.claim}; the search stopped "
                "at its bound before proving or refuting it",
                spans[f.guarantee],
            )


def route_loops(story: Story, *, max_states: int = DEFAULT_MAX_STATES) -> tuple[Diagnostic, ...]:
    """The route-loop errors (F302) `check` would report, for refusing to play such a story.

    Exploring costs seconds on a large story, so it runs only when the routes could loop at
    all: a cycle among routed scenes, or a chain of them as long as the runner's limit.
    """
    if not _routes_may_loop(story):
        return ()
    result = explore(story, max_states=max_states)
    return tuple(_loop_diagnostics(_Lines(), story, result))


def _loop_diagnostics(lines: _Lines, story: Story, result: Exploration) -> Iterator[Diagnostic]:
    for sid in result.loops:
        yield lines.diag(
            Code.ROUTE_LOOP,
            f"routes loop through '{sid}' for ever: every way on leads back here "
            "without a choice or an ending",
            story.scenes[sid].span,
        )


def _routes_may_loop(story: Story) -> bool:
    """True when routed scenes form a cycle or a chain of MAX_PASS_THROUGH (Kahn's algorithm)."""
    routed = {sid: s for sid, s in story.scenes.items() if s.routes}
    if len(routed) >= MAX_PASS_THROUGH:
        return True
    incoming = dict.fromkeys(routed, 0)
    for scene in routed.values():
        for target in {r.goto for r in scene.routes} & incoming.keys():
            incoming[target] += 1
    ready = [sid for sid, n in incoming.items() if n == 0]
    removed = 0
    while ready:
        removed += 1
        for target in {r.goto for r in routed[ready.pop()].routes} & incoming.keys():
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return removed < len(routed)


def _first_per_scene(locks: list[Softlock]) -> list[Softlock]:
    """One softlock per scene (the shortest path, since exploration is breadth first)."""
    seen: dict[str, Softlock] = {}
    for lock in locks:
        seen.setdefault(lock.scene, lock)
    return list(seen.values())


def _dead_choices(
    lines: _Lines, scene: Scene, result: Exploration, reasons: Reasons
) -> Iterator[Diagnostic]:
    if scene.ending is not None:
        return
    for i, choice in enumerate(scene.choices):
        if (scene.id, i) not in result.choices:
            why = (
                reasons.choice(scene.id, i) or "its condition never holds here"
                if choice.condition is not None
                else "it is used up first"
            )
            yield lines.diag(
                Code.NEVER_AVAILABLE,
                f"choice {i + 1} in '{scene.id}' is never available: {why}",
                choice.span,
            )
    for r, route in enumerate(scene.routes):
        if (scene.id, r) not in result.routes and scene.id in result.scenes:
            reason = reasons.route(scene.id, r)
            yield lines.diag(
                Code.NEVER_AVAILABLE,
                f"route {r + 1} in '{scene.id}' is never taken" + (f": {reason}" if reason else ""),
                route.span,
            )


def _graph_reachable(story: Story) -> set[str]:
    seen = {story.start}
    queue = deque([story.start])
    while queue:
        for target in story.scenes[queue.popleft()].targets:
            if target not in seen and target in story.scenes:
                seen.add(target)
                queue.append(target)
    return seen


def _start_span(story: Story) -> Span:
    scene = story.scenes.get(story.start)
    return scene.span if scene is not None else Span.unknown(str(story.root / "story.yaml"))


def _templates(story: Story) -> Iterator[Template]:
    for character in story.characters.values():
        yield character.name
        if character.portrait is not None:
            yield character.portrait
    for scene in story.scenes.values():
        for beat in scene.beats:
            yield beat.text
        for choice in scene.choices:
            yield choice.text
            yield from (m.note for m in choice.marks if m.note is not None)
        yield from (r.why for r in scene.routes if r.why is not None)
        if scene.prompt is not None:
            yield scene.prompt.text
        if scene.ending is not None:
            yield scene.ending.title
            yield from scene.ending.questions
    for var in story.variables.values():
        yield from (d.says for d in var.draw if d.says is not None)
        yield from (b.text for b in var.words)
        if var.label is not None:
            yield var.label
    yield from story.chapter_names.values()
    yield from (c.title for c in story.checkpoints)
    yield from (g.says for g in story.guarantees if g.says is not None)


def _unused(lines: _Lines, story: Story) -> Iterator[Diagnostic]:
    read: set[str] = set()
    for expr in expressions(story):
        read |= ex.variables_used(expr)
    for claim in claims(story):
        read |= ex.variables_used(claim)
    for template in _templates(story):
        read |= {p.var for p in template.pieces if isinstance(p, VarRef)}
    if story.pronouns:
        read.add(story.pronouns)
    for vid, var in story.variables.items():
        if vid not in read and not var.meter:
            yield lines.diag(Code.UNUSED_VARIABLE, f"variable '{vid}' is never read", var.span)
    used: set[str] = set()
    for scene in story.scenes.values():
        used.update(m.lesson for c in scene.choices for m in c.marks)
        if scene.ending is not None:
            used.update(scene.ending.lessons)
    for lid, lesson in story.lessons.items():
        if lid not in used:
            yield lines.diag(
                Code.UNUSED_LESSON,
                f"lesson '{lid}' is never kept, missed or shown",
                lesson.span,
            )


def _missing_assets(lines: _Lines, story: Story) -> Iterator[Diagnostic]:
    found: dict[tuple[str, str], bool] = {}
    for scene in story.scenes.values():
        for kind in SCENE_KINDS:
            name = getattr(scene, kind)
            if name is None:
                continue
            key = (kind, name)
            if key not in found:
                found[key] = find(SCENE_KINDS[kind], name, story.root).found
            if not found[key]:
                yield lines.diag(
                    Code.MISSING_ASSET,
                    _missing_message(story, kind, name),
                    scene.asset_spans.get(kind, scene.span),
                )
    title = story.title_image
    if title is not None and not find(AssetKind.IMAGE, title, story.root).found:
        yield lines.diag(
            Code.MISSING_ASSET, _missing_message(story, "title_image", title), _title_span(story)
        )


def _title_span(story: Story) -> Span:
    """Where story.yaml names its title picture (the value), for quoting the line."""
    path = story.root / "story.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Span(str(path), 1, 1, 1)
    for number, line in enumerate(text.splitlines(), start=1):
        found = _TITLE_IMAGE.match(line)
        if found:
            return Span(str(path), number, found.start(1) + 1, found.end(1) + 1)
    return Span(str(path), 1, 1, 1)


def _missing_message(story: Story, kind: str, name: str) -> str:
    """Where the file was looked for, and the closest name there (any case)."""
    asset_kind = SCENE_KINDS.get(kind, AssetKind.IMAGE)
    folder = story.root / "assets" / asset_kind.value
    names = names_in(asset_kind, story.root)
    same = [n for n in names if n.lower() == name.lower()]
    hint = f" — did you mean '{same[0]}'? (names are case-sensitive)" if same else ""
    hint = hint or suggest(name, names)
    instead = {
        "background": "a plain colour will show",
        "title_image": "the title screen shows a plain background",
    }.get(kind, "it stays silent")
    where = location(Span(str(folder), 0, 0, 0))
    return (
        f"{kind} '{name}' not found in {where}/ or the game's assets/{asset_kind.value}/"
        f"{hint}; {instead}"
    )
