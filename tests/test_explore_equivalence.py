"""The explorer's fast paths prove exactly what the plain search proves (issue 14).

States are keyed on their live parts only (game/authoring/liveness.py) and carry only the
counts the flow reads; a claim is searched pair by pair only when one pass over the graph finds
something to search for (and then over ints, and only over states that lead to an ending where
it may be accepted); the focus lessons are found for every lesson at once. The oracles here are
the plain forms: the explorer with every part of the state live at every scene (the key it had
before) and every count kept, every claim searched pair by pair over tuples (the search it had
before, kept here), and a search over (state, phase) pairs that follows the definition of a
focus claim. Both run on generated stories that mix conditions, effects, routes, `once`,
visits, draws, lesson marks and every kind of guarantee.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storytexts import build

from game.authoring import explore as explore_module
from game.authoring import guarantees
from game.authoring.advance import Observed
from game.authoring.check import check_flow
from game.authoring.explore import Exploration, explore
from game.authoring.liveness import Live, live_facts
from game.authoring.stategraph import StateGraph
from game.engine.model import Story
from game.engine.program import Program, taken_key
from game.resources import shipped_story

BASE_HEADER = """\
format: 2
id: gen
title: Generated
start: s0
variables:
  a: {value: 0, min: 0, max: 3}
  b: {value: false}
  n: {value: 0, min: 0, max: 9}
  c:
    value: false
    draw:
      - {value: true, weight: 1}
      - {value: false, weight: 1}
  m: {value: 0, min: 0, max: 5}
  u: {value: 0, min: 0, max: 3}
checkpoints:
  - {id: late, title: Late, scene: s2, set: {a: 2}, visited: [s1, s2]}
lessons:
  l1: {title: One, text: One.}
  l2: {title: Two, text: Two.}
guarantees:
  - {id: g1, if: missed("l1"), then: tone != "hopeful"}
  - {id: g2, if: c, then: a < 3}
  - {id: g3, then: decisions <= 4}
  - id: g4
    reachable:
      - {ending: e0, when: kept("l2") and b}
      - {ending: e1}
  - {id: g5, each_ending: focus_kept_and_missed}
"""
# Claims that what an ending fixes settles at some endings (see ending_reads).
HEADER = (
    BASE_HEADER
    + """\
  - {id: g6, if: 'ending == "e1" and b', then: n < 5}
  - {id: g7, if: b or a > 1, then: 'outcome != "together"'}
  - {id: g8, then: 'tone == "hard" or not c'}
"""
)

CONDITIONS = [
    "a >= 1",
    "a < 2",
    "b",
    "not b",
    "c",
    "not c and a > 0",
    'visited("s1") > 0',
    'visited("s2") >= 2',
    'chose("s0.x")',
    "n > 1",
]
EFFECTS = [
    "{a: +1}",
    "{a: -1}",
    "{b: true}",
    "{b: false}",
    "{n: +1}",
    "{a: 0}",
    "{n: a}",
    # Nothing reads `m` (a meter only a screen shows); only lines read `u`.
    "{m: +1}",
    "{m: a}",
    "{u: +1}",
    """{u: 'visited("s2")'}""",
]
# Lines shown only sometimes: on what only lines read (`u`, visits of s2, a choice taken), and
# on what the flow reads.
BEATS = ["u > 1", 'visited("s2") > 0', 'chose("s0.x")', "a >= 2", 'visited("s1") > 1']
MARKS = [
    "{id: l1, kept: true}",
    "{id: l1, kept: false}",
    "{id: l2, kept: true}",
    "{id: l2, kept: false}",
]


@st.composite
def stories(draw: st.DrawFn) -> str:
    """A chapter of 3–6 scenes and two endings, each scene with choices or routes."""
    size = draw(st.integers(3, 6))
    targets = [f"s{k}" for k in range(1, size)] + ["e0", "e1"]
    lines = ["chapter: One", "scenes:"]
    for k in range(size):
        lines += [f"  s{k}:", "    text:", "      - Here."]
        if draw(st.booleans()):
            lines += [f"      - {{if: '{draw(st.sampled_from(BEATS))}', text: More.}}"]
        if draw(st.integers(0, 9)) < 2:
            lines.append(f"    set: {draw(st.sampled_from(EFFECTS))}")
        if k > 0 and draw(st.integers(0, 4)) == 0:
            lines.append("    goto:")
            lines.append(
                f"      - {{if: '{draw(st.sampled_from(CONDITIONS))}',"
                f" goto: {draw(st.sampled_from(targets))}}}"
            )
            lines.append(f"      - {{goto: {draw(st.sampled_from(targets))}}}")
            continue
        lines.append("    choices:")
        for i in range(draw(st.integers(1, 3))):
            lines.append(f"      - {{text: 'Option {i}', goto: {draw(st.sampled_from(targets))}")
            if k == 0 and i == 0:
                lines[-1] += ", id: x"
            if draw(st.booleans()):
                lines[-1] += f", if: '{draw(st.sampled_from(CONDITIONS))}'"
            if draw(st.booleans()):
                lines[-1] += f", set: {draw(st.sampled_from(EFFECTS))}"
            if draw(st.integers(0, 3)) == 0:
                lines[-1] += ", once: true"
            if draw(st.booleans()):
                lines[-1] += f", lesson: {draw(st.sampled_from(MARKS))}"
            lines[-1] += "}"
    for e in ("e0", "e1"):
        # What an ending fixes settles some claims there (see ending_reads): vary it.
        tone = draw(st.sampled_from(["hopeful", "bittersweet", "hard"]))
        outcome = draw(st.sampled_from(["together", "friends", "apart"]))
        lines += [
            f"  {e}:",
            "    text: The end.",
            f"    ending: {{title: End, tone: {tone}, outcome: {outcome}, lessons: [l1, l2]}}",
        ]
    return "\n".join(lines) + "\n"


def _everything_live(
    story: Story, variables: tuple[str, ...], visits: tuple[str, ...]
) -> dict[str, Live]:
    """The plain key: every part the flow reads, at every scene."""
    once = frozenset(
        taken_key(sid, i)
        for sid, scene in story.scenes.items()
        for i, choice in enumerate(scene.choices)
        if choice.once
    )
    return {sid: Live(variables, visits, once) for sid in story.scenes}


def _nothing_untracked(program: Program, _tracked: object) -> dict[str, list[list[str]]]:
    return {sid: [[] for _ in cs.choice_counts] for sid, cs in program.scenes.items()}


def _always_search(judge: guarantees._Judge, *_: object) -> list[int]:
    judge.bounded = not judge.graph.complete
    return list(judge.graph.ends)


def _plain_search(
    judge: guarantees._Judge,
    marks: tuple[str, ...],
    cap: int,
    accept: guarantees.Accept,
    _ends: object,
) -> guarantees._Hit | None:
    """The claim search as it was: breadth first over (state, marks, decisions) tuples, over
    every state (not only those that lead to an ending the claim may be accepted at)."""
    graph = judge.graph
    judge.bounded = not graph.complete
    bits_of = guarantees._edge_bits(judge.story, marks)
    parent: dict[tuple[int, int, int], tuple[tuple[int, int, int], int] | None] = {}
    queue: deque[tuple[int, int, int]] = deque()
    for node in graph.starts:
        parent[(node, 0, 0)] = None
        queue.append((node, 0, 0))
    while queue:
        state = queue.popleft()
        node, bits, d = state
        if node in graph.ends:
            if not accept(node, bits, d):
                continue
            steps, at = [], parent[state]
            while at is not None:
                prev, i = at
                steps.append((graph.scenes[prev[0]], i))
                node, at = prev[0], parent[prev]
            ending = graph.scenes[state[0]]
            return guarantees._Hit(ending, tuple(reversed(steps)), graph.starts[node])
        sid = graph.scenes[node]
        for target, i in graph.edges[node]:
            nxt = (target, bits | bits_of.get((sid, i), 0), d + 1 if d < cap else cap)
            if nxt in parent:
                continue
            if len(parent) >= guarantees.MAX_PAIRED:
                judge.bounded = True
                return None
            parent[nxt] = (state, i)
            queue.append(nxt)
    return None


def _findings(exploration: Exploration) -> dict[str, object]:
    """What an exploration proved, with paths by length: among equally short paths, which one
    is found first is the search's business. `states` is left out (it is what shrinks), and
    so are the lines shown, which depend on which of several merged states was followed
    (they are recorded for tests only, and lines that read only the state's parts agree)."""
    return {
        "complete": exploration.complete,
        "proven": exploration.proven,
        "scenes": exploration.scenes,
        "choices": exploration.choices,
        "routes": exploration.routes,
        "endings": {sid: len(path) for sid, path in exploration.endings.items()},
        # Each scene's first softlock (the shortest); how many states softlock is a count of
        # states, which is what shrinks.
        "softlocks": {s.scene: len(s.path) for s in reversed(exploration.softlocks)},
        "loops": exploration.loops,
        "chains": exploration.chains,
        "kept": exploration.kept,
        "missed": exploration.missed,
        "offered": exploration.offered,
    }


def _plain_check(story: Story, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(explore_module, "live_facts", _everything_live)
        # Every count a choice makes kept, as before the explorer dropped the unread ones.
        patch.setattr(explore_module, "untracked_counts", _nothing_untracked)
        patch.setattr(explore_module._Walker, "forget", lambda *_: None)
        # Every claim searched pair by pair, as before the one-pass check of proven claims.
        patch.setattr(guarantees._Judge, "_may_hit", _always_search)
        patch.setattr(guarantees._Judge, "_search", _plain_search)
        return check_flow(story)


def _same_proof(story: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = check_flow(story)
    plain = _plain_check(story, monkeypatch)
    assert fast[0] == plain[0]  # every diagnostic, word for word
    assert _findings(fast[1]) == _findings(plain[1])
    assert fast[1].states <= plain[1].states  # type: ignore[attr-defined]
    # Verdicts, endings, shortest paths and their starts: all the same.
    assert fast[2] == plain[2]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_live_keys_prove_what_whole_keys_prove(chapter: str) -> None:
    story = build(HEADER, chapter)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same_proof(story, monkeypatch)


class _ProgramStepper:
    """The step as it was: copies of both dicts, `Program.step` with the walker as its watch,
    then the counts the flow does not keep dropped (the oracle of `advance.Stepper`)."""

    def __init__(self, _story: Story, program: Program, walker: Any, *_: object) -> None:
        self.program = program
        self.walker = walker
        self.always_offered: dict[str, tuple[int, ...]] = {}  # `Program.available` every time

    def step(
        self, sid: str, i: int, values: dict[str, Any], visits: dict[str, int], taken: Any
    ) -> tuple[str, dict[str, Any], dict[str, int], Any]:
        values, visits = dict(values), dict(visits)
        self.walker.begin()
        target, taken = self.program.step(
            sid, i, values, visits, taken, show=False, watch=self.walker, limit=None
        )
        for key in self.walker.untracked[sid][i]:
            visits.pop(key, None)
        return target, values, visits, taken


def _explored(story: Story) -> tuple[Exploration, StateGraph]:
    graph = StateGraph()
    return explore(story, graph=graph), graph


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_the_fused_step_explores_exactly_what_program_step_explores(chapter: str) -> None:
    story = build(HEADER, chapter)
    fast, fast_graph = _explored(story)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(explore_module, "Stepper", _ProgramStepper)
        plain, plain_graph = _explored(story)
    # Every field: states, paths step for step, lines shown, offers, softlocks, loops.
    assert fast == plain
    assert (fast_graph.scenes, fast_graph.edges, fast_graph.starts) == (
        plain_graph.scenes,
        plain_graph.edges,
        plain_graph.starts,
    )
    # At endings the same counts, and the same values of every variable something can read
    # (the fused step skips effects on `m`, which nothing reads).
    observed = Observed.of(story).variables & set(story.variables)
    assert "m" not in observed
    assert fast_graph.ends.keys() == plain_graph.ends.keys()
    for node, (values, visits) in fast_graph.ends.items():
        plain_values, plain_visits = plain_graph.ends[node]
        assert visits == plain_visits
        assert {k: values[k] for k in observed} == {k: plain_values[k] for k in observed}


def _focus_by_definition(story: Story, graph: StateGraph, lesson: str, kept: bool) -> set[str]:
    """Endings some real game reaches with `lesson` kept and never missed (or missed): a
    breadth first search over (state, whether the marked choice was taken yet)."""

    def marks(sid: str, i: int) -> tuple[bool, bool]:
        own = [m for m in story.scenes[sid].choices[i].marks if m.lesson == lesson]
        return any(m.kept for m in own), any(not m.kept for m in own)

    seen = {(node, False) for node in graph.starts}
    queue = deque(seen)
    while queue:
        node, done = queue.popleft()
        for target, i in graph.edges[node]:
            keeps, misses = marks(graph.scenes[node], i)
            if kept and misses:
                continue
            nxt = (target, done or (keeps if kept else misses))
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return {graph.scenes[node] for node, done in seen if done and node in graph.ends}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_focus_lessons_match_their_definition(chapter: str) -> None:
    story = build(HEADER, chapter)
    graph = StateGraph()
    explore(story, graph=graph)
    reach = guarantees._FocusReach(story, graph)
    for lesson in ("l1", "l2"):
        for kept in (True, False):
            assert reach.by(lesson, kept) == _focus_by_definition(story, graph, lesson, kept)


def test_liveness_drops_what_no_later_scene_reads() -> None:
    story = build(
        BASE_HEADER,
        """\
chapter: One
scenes:
  s0:
    text: Start.
    choices:
      - {text: Up, goto: s1, set: {a: +1}}
      - {text: Stay, goto: s1}
  s1:
    text: Middle.
    choices:
      - {text: On, goto: s2, if: a > 0, set: {b: true}}
      - {text: On anyway, goto: s2}
  s2:
    text: Later.
    choices:
      - {text: Reset, goto: s3, set: {a: 0}}
  s3:
    text: Last.
    choices:
      - {text: End, goto: e1}
  e0:
    text: The end.
    ending: {title: End, tone: hopeful, outcome: apart, lessons: [l1]}
  e1:
    text: The end.
    ending: {title: End, tone: hard, outcome: apart, lessons: [l1]}
""",
    )
    live = live_facts(story, ("a", "b", "c"), ())
    assert live["s1"].variables == ("a", "c")
    # `a` is set again before anything reads it; `c` is read at the endings.
    assert live["s2"].variables == ("c",)
    assert live["s3"].variables == ("a", "c")  # g2 reads `a` at the ending
    # Only the witness of e0 reads `b`, and only there; e1 is the only ending s1 leads to.
    assert live["e0"].variables == ("a", "b", "c")
    assert live["e1"].variables == ("a", "c")


# What the plain search (before liveness, commit 0f0101e) found on the shipped story, in
# 164,944 states: `check_flow(load_story(shipped_story()).story)`, recorded on 2026-12-02.
# Ending paths and counterexample paths were the same step for step (compared then).
SHIPPED_ENDINGS = {
    "end_closure": 20,
    "end_echo": 12,
    "end_last_word": 9,
    "end_long_explanation": 8,
    "end_not_yours": 20,
    "end_open_door": 20,
    "end_platform": 20,
    "end_plus_one": 21,
    "end_said_and_done": 8,
    "end_their_terms": 20,
    "end_too_much": 10,
    "end_two_am": 3,
    "end_unsent": 5,
}
SHIPPED_FINDINGS = [
    ("terms_missed_never_hopeful", "proven", None, 0),
    ("stop_never_together", "proven", None, 0),
    ("their_life_counts", "proven", None, 0),
    ("said_and_done_is_clean", "proven", None, 0),
    ("echo_is_loneliness", "proven", None, 0),
    ("fits_a_lesson", "proven", None, 0),
    ("forgiven_sometimes", "proven", "end_their_terms", 20),
    ("forgiven_sometimes", "proven", "end_their_terms", 20),
    ("focus_both_ways", "proven", None, 0),
]


def test_the_shipped_story_proves_what_it_proved_before() -> None:
    from game.engine.loader import load_story

    story = load_story(shipped_story(), cache=None).story
    assert story is not None
    diagnostics, exploration, findings = check_flow(story)
    assert [d.code.id for d in diagnostics if d.is_error] == []
    assert exploration.complete and exploration.proven
    assert exploration.states < 164_944
    assert (len(exploration.scenes), len(exploration.choices), len(exploration.routes)) == (
        121,
        150,
        68,
    )
    assert len(exploration.offered) == 62
    assert not exploration.softlocks and not exploration.loops and not exploration.chains
    assert {sid: len(path) for sid, path in exploration.endings.items()} == SHIPPED_ENDINGS
    assert exploration.kept == exploration.missed == set(story.lessons)
    assert [(f.guarantee, f.verdict.value, f.ending, len(f.path)) for f in findings] == (
        SHIPPED_FINDINGS
    )
