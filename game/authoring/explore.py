"""Exhaustive state exploration and seeded random playthroughs.

A state is a decision point (or an ending): the scene, the values of the variables that some
condition reads, visit counts of scenes that `visited()` asks about (capped just above the
largest number the story compares with), and which `once` choices are used up. Variables no
condition reads cannot change what happens next, so they are left out of the state; and at
each scene only what can still be read from there on is part of its key (see `liveness`).
"""

from __future__ import annotations

import itertools
import random
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from operator import itemgetter

from game.engine import expr as ex
from game.engine.gcpause import paused_gc
from game.engine.model import Choice, Story, Value, VarType
from game.engine.program import MAX_PASS_THROUGH, Program, RouteLoopError, compiled
from game.engine.state import initial_values

from .advance import Stepper
from .liveness import live_facts
from .reads import claims, closed_reads, conditions, effect_feeds
from .stategraph import Origin, Path, StateGraph

__all__ = ["Origin", "Path"]  # where callers of the explorer look for them

DEFAULT_MAX_STATES = 200_000
MAX_RUN_DECISIONS = 5_000
# Scenes one settle may pass before exploration stops following it (a bound, not an error).
MAX_CHAIN = 100_000


@dataclass(frozen=True)
class Softlock:
    """A reachable decision point where every choice is hidden; `origin` is where the path
    starts from (answers and draws, defaults for the rest)."""

    scene: str
    path: Path
    origin: Origin = field(default_factory=Origin)


@dataclass
class Exploration:
    """What exploration proved about a story.

    `complete` means every reachable state was visited, so every claim is exact. When the
    state bound is hit, a guided search looks for a witness path to everything not yet
    reached; `proven` then says whether every scene, choice, route, ending and lesson mark
    has a witness and no softlock is possible, which proves the same claims.
    """

    states: int = 0
    complete: bool = True
    proven: bool = True
    guided_runs: int = 0
    shortest: set[str] = field(default_factory=set)
    endings: dict[str, Path] = field(default_factory=dict)
    # Where each ending's path starts from (answers, draws, checkpoint), where not the plain
    # start with every variable at its value.
    ending_origins: dict[str, Origin] = field(default_factory=dict)
    scenes: set[str] = field(default_factory=set)
    choices: set[tuple[str, int]] = field(default_factory=set)
    routes: set[tuple[str, int]] = field(default_factory=set)
    # Beats shown on some explored path; a beat whose condition asks about visits to a scene
    # that no choice or route depends on is judged as if that scene was never visited.
    beats: set[tuple[str, int]] = field(default_factory=set)
    softlocks: list[Softlock] = field(default_factory=list)
    loops: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)
    missed: set[str] = field(default_factory=set)
    # Scenes where routes ran on past MAX_CHAIN scenes without a repeated state: what lies
    # beyond was not explored, so the exploration is partial (never a false loop).
    chains: list[str] = field(default_factory=list)
    # Every set of options offered together at a reachable decision (as scene indexes): what a
    # screen must be able to show at once.
    offered: set[tuple[str, tuple[int, ...]]] = field(default_factory=set)

    def loop_at(self, scene: str) -> None:
        """Record a route loop found at `scene` (once)."""
        if scene not in self.loops:
            self.loops.append(scene)

    def took(self, sid: str, i: int, choice: Choice) -> None:
        """Record that choice `i` of `sid` was taken, with the lesson marks it carries."""
        self.choices.add((sid, i))
        for mark in choice.marks:
            (self.kept if mark.kept else self.missed).add(mark.lesson)


def _reads(story: Story) -> tuple[frozenset[str], frozenset[str], int]:
    """What can change the flow: variables and visit counts that choice or route conditions
    read, directly or through effects feeding them; and the cap for visit counts.

    Beat conditions only change which lines show, so what only they read stays out of the
    state, which keeps exploration linear in the story's size for text-only variation.
    """
    # What guarantees read is judged at endings, so it is part of the state too.
    flow = conditions(story, beats=False) + claims(story)
    variables, visited = closed_reads(flow, effect_feeds(story))
    biggest = max((abs(n) for expr in expressions(story) for n in _numbers(expr)), default=1)
    return variables, visited, max(biggest, 1) + 1


def expressions(story: Story) -> Iterator[ex.Expr]:
    """Every condition and effect expression in the story."""
    for scene in story.scenes.values():
        for beat in scene.beats:
            if beat.condition is not None:
                yield beat.condition
        for effect in scene.effects:
            yield effect.expr
        for choice in scene.choices:
            if choice.condition is not None:
                yield choice.condition
            for effect in choice.effects:
                yield effect.expr
        for route in scene.routes:
            if route.condition is not None:
                yield route.condition


def _numbers(expr: ex.Expr) -> Iterator[int]:
    if isinstance(expr, ex.Num):
        yield expr.value
    elif isinstance(expr, ex.Unary):
        yield from _numbers(expr.operand)
    elif isinstance(expr, ex.Binary):
        yield from _numbers(expr.left)
        yield from _numbers(expr.right)
    elif isinstance(expr, ex.Call):
        for arg in expr.args:
            yield from _numbers(arg)


def starting_answers(story: Story, read: frozenset[str]) -> list[dict[str, Value]]:
    """One start per combination of asked choices and drawn values that a condition reads
    (e.g. pronouns, or whether the ex has met someone): every draw outcome is a branch."""
    options: list[list[tuple[str, Value]]] = []
    for var in story.questions:
        if var.id in read and var.one_of is not None:
            options.append([(var.id, v) for v in var.one_of])
        elif var.id in read and var.type is VarType.BOOL:
            options.append([(var.id, True), (var.id, False)])
    for var in story.variables.values():
        if var.id in read and var.draw:
            options.append([(var.id, d.value) for d in var.draw])
    return [dict(combo) for combo in itertools.product(*options)]


def origins(story: Story, read: frozenset[str]) -> tuple[list[Origin], list[Origin]]:
    """The starts of real games (the story's start), then the facilitator's checkpoints."""
    combos = starting_answers(story, read)
    firsts = [Origin(a) for a in combos]
    return firsts, [Origin(a, c.id) for c in story.checkpoints for a in combos]


def origin_point(story: Story, origin: Origin) -> tuple[str, dict[str, Value], dict[str, int]]:
    """The scene, values and visit counts a game from `origin` starts with."""
    values = initial_values(story, origin.answers)
    checkpoint = next((c for c in story.checkpoints if c.id == origin.checkpoint), None)
    if checkpoint is None:
        return story.start, values, {}
    values.update(checkpoint.values)
    return checkpoint.scene, values, dict.fromkeys(checkpoint.visited, 1)


def run_limit(story: Story) -> int:
    """How many scenes one random run may pass between decisions: a chain of one-line scenes
    longer than the runner's pass-through bound still plays, since each line stops it."""
    return MAX_PASS_THROUGH + len(story.scenes)


class _Keys:
    """What a state is, for deduplication: the scene, the values the flow reads, and the
    visit counts it reads (capped just above the largest number the story compares with).

    A state's key holds only what is live at its scene (see `liveness`): states that differ
    in nothing else have the same future, so exploring one of them proves the same things.
    """

    def __init__(self, story: Story, read: frozenset[str], visits: frozenset[str], cap: int):
        self.variables = tuple(sorted(read & set(story.variables)))
        self.visits = tuple(sorted(visits))
        self.cap = cap
        parts: dict[int, tuple[Callable[[Mapping[str, Value]], object], tuple[str, ...], Taken]]
        parts = {}  # one per distinct answer: most scenes share theirs
        self.live = {}
        for sid, live in live_facts(story, self.variables, self.visits).items():
            if id(live) not in parts:
                parts[id(live)] = (_getter(live.variables), live.visits, live.once)
            self.live[sid] = parts[id(live)]

    def state(
        self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int], taken: Taken
    ) -> StateKey:
        """The key of a state stopped at `sid`: only its live parts."""
        get, live_visits, once = self.live[sid]
        cap = self.cap
        return (
            sid,
            get(values),
            # `min` in line: this runs once per choice taken.
            tuple([n if (n := visits.get(s, 0)) < cap else cap for s in live_visits])
            if live_visits
            else (),
            taken & once if taken else taken,
        )

    def flow(self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]) -> FlowKey:
        """Every part of the state the flow reads anywhere, without the used-up choices (for
        telling a route loop: a whole state met again)."""
        cap = self.cap
        # Lists, not generators: this runs once per state and generators cost more here.
        return (
            sid,
            tuple([values[v] for v in self.variables]),
            tuple([min(visits.get(s, 0), cap) for s in self.visits]),
        )


def _getter(names: tuple[str, ...]) -> Callable[[Mapping[str, Value]], object]:
    """Reads the named values in one call (a tuple, or the one value)."""
    if not names:
        return _nothing
    return itemgetter(*names)


def _nothing(_values: Mapping[str, Value]) -> object:
    return ()


FlowKey = tuple[str, tuple[Value, ...], tuple[int, ...]]
Taken = frozenset[str]
StateKey = tuple[str, object, tuple[int, ...], Taken]
_KeyOf = Callable[[str, Mapping[str, Value], Mapping[str, int], Taken], StateKey]
_Push = Callable[[StateKey, str, dict[str, Value], dict[str, int], Taken, int, Origin, int], int]


class _ChainBound(Exception):
    """Routes went on for longer than exploration follows, without repeating a state."""


def untracked_counts(program: Program, tracked: frozenset[str]) -> dict[str, list[list[str]]]:
    """Per scene, per choice, what taking it counts that the flow never reads (its id for
    `chose`, its lesson marks): the explorer drops them after the choice, like the visits of
    scenes the flow does not ask about, so that every state copies only what can matter."""
    return {
        sid: [[k for k in counted if k not in tracked] for counted in cs.choice_counts]
        for sid, cs in program.scenes.items()
    }


class _Walker:
    """Records the scenes, lines and routes passed between decision points, drops visit counts
    the flow does not depend on, and tells a route loop from a long chain (the watch given to
    `Program.settle` and `step`)."""

    def __init__(self, program: Program, result: Exploration, keys: _Keys) -> None:
        self.program = program
        self.result = result
        # Only visit counts that can change the flow are kept: every state copies its visits,
        # and a count for every scene passed would make long stories quadratic.
        self.tracked = frozenset(keys.visits)
        self.untracked = untracked_counts(program, self.tracked)
        self.keys = keys
        self.passes = 0
        self.passed: set[FlowKey] = set()
        # Unconditional beats are recorded once per scene; only conditional ones need checking,
        # until each has been shown once.
        self.conditional = {
            sid: [(i, c) for i, c in enumerate(cs.beat_conditions) if c is not None]
            for sid, cs in program.scenes.items()
        }

    def forget(self, visits: MutableMapping[str, int]) -> None:
        """Drop from `visits` every count the flow does not read (those a start comes with)."""
        for key in [k for k in visits if k not in self.tracked]:
            del visits[key]

    def begin(self) -> None:
        """Start watching a new settle (the states of the last one are dropped once a chain
        is long enough to need them, see `_long`)."""
        self.passes = 0

    def __call__(
        self, sid: str, values: MutableMapping[str, Value], visits: MutableMapping[str, int], r: int
    ) -> None:
        """Record a scene passed on the way to a decision point (a `Program.settle` watch)."""
        if sid not in self.tracked:
            del visits[sid]
        if sid not in self.result.scenes:
            self.first_pass(sid)
        if self.conditional[sid]:
            self.show_waiting(sid, values, visits)
        if r >= 0:
            self.result.routes.add((sid, r))
            self.passes += 1
            if self.passes > MAX_PASS_THROUGH:
                self.long(sid, values, visits)

    def first_pass(self, sid: str) -> None:
        """Record the first pass through `sid`, with its unconditional lines."""
        self.result.scenes.add(sid)
        conds = self.program.scenes[sid].beat_conditions
        self.result.beats.update((sid, i) for i, c in enumerate(conds) if c is None)

    def show_waiting(
        self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]
    ) -> None:
        """Record the conditional lines of `sid` shown now, and stop waiting for them."""
        waiting = self.conditional[sid]
        shown = [(i, shows) for i, shows in waiting if shows(values, visits)]
        for item in shown:
            waiting.remove(item)
            self.result.beats.add((sid, item[0]))

    def long(self, sid: str, values: Mapping[str, Value], visits: Mapping[str, int]) -> None:
        """Past MAX_PASS_THROUGH routed scenes in one settle: stop at a loop or a long chain."""
        # A long chain of routed scenes is fine; a loop is a state met again within one settle
        # (routes are deterministic, so it would repeat for ever). Keys are only worth making
        # once the chain is long.
        if self.passes > MAX_CHAIN:
            raise _ChainBound
        if self.passes == MAX_PASS_THROUGH + 1:
            self.passed.clear()  # what an earlier settle passed
        key = self.keys.flow(sid, values, visits)
        if key in self.passed:
            raise RouteLoopError(self.program.scenes[sid].scene)
        self.passed.add(key)


def explore(
    story: Story,
    *,
    max_states: int = DEFAULT_MAX_STATES,
    program: Program | None = None,
    graph: StateGraph | None = None,
) -> Exploration:
    """Visit every reachable decision point (up to `max_states`), breadth first, then look
    for witnesses of anything the bound cut off. Every state and choice goes into `graph`
    when one is given (for proving guarantees)."""
    with paused_gc():
        return _explore(story, max_states, program, graph)


# Each entry: scene, values, visits, used-up choices, node (see parents), origin.
_Entry = tuple[str, dict[str, Value], dict[str, int], frozenset[str], int, Origin]


def _explore(
    story: Story, max_states: int, program: Program | None, graph: StateGraph | None
) -> Exploration:
    program = program or compiled(story)
    result = Exploration()
    read, visited_ids, cap = _reads(story)
    keys = _Keys(story, read, visited_ids, cap)
    walker = _Walker(program, result, keys)
    stepper = Stepper(story, program, walker, result.scenes, result.routes)
    seen: dict[StateKey, int] = {}
    queue: deque[_Entry] = deque()
    # Each state's path is a link to its parent state plus the choice taken there: copying
    # whole paths made a long story quadratic. Paths are rebuilt only where they are reported.
    # Flat arrays, not a tuple per state: they are most of what exploring keeps.
    parents = array("q")
    picks = array("q")
    scene_of: list[str] = []

    def path_of(node: int) -> Path:
        steps = []
        while node >= 0 and parents[node] >= 0:
            parent = parents[node]
            steps.append((scene_of[parent], picks[node]))
            node = parent
        return tuple(reversed(steps))

    state = keys.state

    def push(
        k: StateKey,
        sid: str,
        values: dict[str, Value],
        visits: dict[str, int],
        taken: Taken,
        parent: int,
        origin: Origin,
        choice: int,
    ) -> int:
        """The number of the state keyed `k` (a new one is queued), or -1 past the bound."""
        node = seen.get(k)
        if node is not None:
            return node
        if len(seen) >= max_states:
            result.complete = False
            return -1
        node = seen[k] = len(scene_of)
        parents.append(parent)
        picks.append(choice)
        scene_of.append(sid)
        queue.append((sid, values, visits, taken, node, origin))
        if graph is not None:
            graph.add(sid, values, visits, story.scenes[sid].ending is not None)
        return node

    # Real games first, so every path reported starts at the story's start where it can;
    # then each checkpoint, whose states are checked like any other.
    for real, batch in enumerate(origins(story, read)):
        for origin in batch:
            sid, values, visits = origin_point(story, origin)
            walker.forget(visits)
            walker.begin()
            try:
                sid = program.settle(sid, values, visits, show=False, watch=walker, limit=None)
            except RouteLoopError as loop:
                result.loop_at(loop.scene)
                continue
            except _ChainBound:
                result.chains.append(sid)
                continue
            k = state(sid, values, visits, frozenset())
            node = push(k, sid, values, visits, frozenset(), -1, origin, -1)
            if graph is not None and real == 0 and node >= 0:
                graph.starts.setdefault(node, origin)
        _search(story, program, result, queue, (state, seen.get, push), stepper, path_of, graph)
    result.states = len(seen)
    result.shortest = set(result.endings)
    if result.chains:
        result.complete = False
    if graph is not None:
        graph.complete = result.complete
    if not result.complete:
        _guided_search(story, program, result, walker)
    return result


def _search(
    story: Story,
    program: Program,
    result: Exploration,
    queue: deque[_Entry],
    states: tuple[_KeyOf, Callable[[StateKey], int | None], _Push],
    stepper: Stepper,
    path_of: Callable[[int], Path],
    graph: StateGraph | None,
) -> None:
    """Breadth first from what is queued: every state's choices, each leading on."""
    # Bound once: this loop runs for every state, and the lookups add up.
    scenes, step, took = story.scenes, stepper.step, result.choices
    # Most choices lead to a known state: its number is looked up without a call to `push`.
    state, known, push = states
    fixed = stepper.always_offered.get
    while queue:
        sid, values, visits, taken, node, origin = queue.popleft()
        scene = scenes[sid]
        if scene.ending is not None:
            if sid not in result.endings:
                result.endings[sid] = path_of(node)
                if origin.answers or origin.checkpoint:
                    result.ending_origins[sid] = origin
            continue
        available = fixed(sid) or program.available(sid, values, visits, taken)
        if not available:
            result.softlocks.append(Softlock(sid, path_of(node), origin))
            continue
        result.offered.add((sid, available))
        for i in available:
            if (sid, i) not in took:  # a choice's marks are the same every time it is taken
                result.took(sid, i, scene.choices[i])
            try:
                target, new_values, new_visits, new_taken = step(sid, i, values, visits, taken)
            except RouteLoopError as loop:
                result.loop_at(loop.scene)
                continue
            except _ChainBound:
                result.chains.append(sid)
                continue
            k = state(target, new_values, new_visits, new_taken)
            child = known(k)
            if child is None:
                child = push(k, target, new_values, new_visits, new_taken, node, origin, i)
            if graph is not None and child >= 0:
                graph.edges[node].append((child, i))


# ---------------------------------------------------------------------------------------------
# Guided search for witnesses, when exhaustive exploration hits its bound

GUIDED_RUNS = 20_000


def softlock_free(story: Story) -> bool:
    """True when every scene with choices has one that is always available (no if, no once)."""
    return all(
        any(c.condition is None and not c.once for c in scene.choices)
        for scene in story.scenes.values()
        if scene.choices and scene.ending is None
    )


@dataclass
class _Targets:
    """Everything that needs a witness, shrunk as runs reach it."""

    scenes: set[str]
    choices: set[tuple[str, int]]
    routes: set[tuple[str, int]]
    kept: set[str]
    missed: set[str]

    @staticmethod
    def of(story: Story) -> _Targets:
        marks = [m for s in story.scenes.values() for c in s.choices for m in c.marks]
        return _Targets(
            scenes=set(story.scenes),
            choices={(sid, i) for sid, s in story.scenes.items() for i in range(len(s.choices))},
            routes={(sid, r) for sid, s in story.scenes.items() for r in range(len(s.routes))},
            kept={m.lesson for m in marks if m.kept},
            missed={m.lesson for m in marks if not m.kept},
        )

    def remaining(self, result: Exploration) -> int:
        """Drop what has been reached; how many things are left."""
        self.scenes -= result.scenes
        self.choices -= result.choices
        self.routes -= result.routes
        self.kept -= result.kept
        self.missed -= result.missed
        return (
            len(self.scenes)
            + len(self.choices)
            + len(self.routes)
            + len(self.kept)
            + len(self.missed)
        )


def _guided_search(story: Story, program: Program, result: Exploration, walker: _Walker) -> None:
    """Seeded runs that favour what has not been reached yet, or kept lessons, or chance."""
    rng = random.Random(0)
    starts = [o for batch in origins(story, _reads(story)[0]) for o in batch]
    runs = 0
    targets = _Targets.of(story)
    merits = _merits(story)
    while runs < GUIDED_RUNS and targets.remaining(result):
        runs += 1
        style = runs % 3  # 0: reach the new; 1: the patient path; 2: chance
        origin = starts[rng.randrange(len(starts))]
        sid, values, visits = origin_point(story, origin)
        taken: frozenset[str] = frozenset()
        path: list[tuple[str, int]] = []
        try:
            walker.begin()
            sid = program.settle(sid, values, visits, show=False, watch=walker, limit=None)
            for _ in range(MAX_RUN_DECISIONS):
                scene = story.scenes[sid]
                if scene.ending is not None:
                    if sid not in result.endings:
                        result.endings[sid] = tuple(path)
                        result.ending_origins[sid] = origin
                    break
                available = program.available(sid, values, visits, taken)
                if not available:
                    result.softlocks.append(Softlock(sid, tuple(path), origin))
                    break
                result.offered.add((sid, available))
                i = _pick(sid, available, style, result, merits, rng)
                result.took(sid, i, scene.choices[i])
                path.append((sid, i))
                walker.begin()
                sid, taken = program.step(
                    sid, i, values, visits, taken, show=False, watch=walker, limit=None
                )
        except RouteLoopError as loop:
            result.loop_at(loop.scene)
        except _ChainBound:
            pass  # already counted as a chain by the exhaustive search
    result.guided_runs = runs
    left = targets.remaining(result)
    result.proven = not left and softlock_free(story) and not result.loops and not result.chains


def _merits(story: Story) -> dict[tuple[str, int], int]:
    """How 'patient' each choice looks: a kept lesson and rising meters count for it."""
    meters = {v.id for v in story.meters}
    merits = {}
    for sid, scene in story.scenes.items():
        for i, choice in enumerate(scene.choices):
            merit = sum(3 if m.kept else -3 for m in choice.marks)
            for effect in choice.effects:
                if effect.relative and effect.var in meters and isinstance(effect.expr, ex.Num):
                    merit += effect.expr.value
            merits[(sid, i)] = merit
    return merits


def _pick(
    sid: str,
    available: tuple[int, ...],
    style: int,
    result: Exploration,
    merits: dict[tuple[str, int], int],
    rng: random.Random,
) -> int:
    if style == 0:
        fresh = [i for i in available if (sid, i) not in result.choices]
        if fresh:
            return rng.choice(fresh)
    elif style == 1 and rng.random() < 0.9:  # mostly the best-looking choice, now and then not
        best = max(merits[(sid, i)] for i in available)
        return rng.choice([i for i in available if merits[(sid, i)] == best])
    return rng.choice(available)
