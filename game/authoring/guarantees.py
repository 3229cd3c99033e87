"""Proving a story's guarantees over the explorer's state graph.

A guarantee is judged at endings, over facts of the whole path: which lesson marks were taken
at any moment (`kept`/`missed`), and how many decisions were made. The graph's states do not
hold those, so each claim is searched over states paired with only the facts it reads (one
bit per mark it names, and the decision count capped just above the largest number it compares
with). The search is breadth first, so a counterexample is a shortest one; past a bound of
paired states the verdict is `unproven (bound)`, never a guess.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum

from game.engine import expr as ex
from game.engine.expr import KEPT_PREFIX, MISSED_PREFIX
from game.engine.model import Choice, Guarantee, Story, Value

from .ending_reads import ending_facts
from .stategraph import Origin, Path, StateGraph

# Paired states one claim may visit before its verdict is `unproven (bound)`.
MAX_PAIRED = 3_000_000


class Verdict(Enum):
    """What proving one claim found."""

    PROVEN = "proven"
    COUNTEREXAMPLE = "counterexample"
    UNPROVEN = "unproven (bound)"


@dataclass(frozen=True)
class Finding:
    """One claim of a guarantee and its verdict; `path` (from `origin`) is the shortest
    counterexample, or the witness of a `reachable:` claim."""

    guarantee: str
    claim: str
    verdict: Verdict
    ending: str | None = None
    path: Path = ()
    origin: Origin = field(default_factory=Origin)


def prove(story: Story, graph: StateGraph) -> tuple[Finding, ...]:
    """Every claim of every guarantee of the story, judged over `graph`."""
    judge = _Judge(story, graph)
    judge.prepare([g for g in story.guarantees if g.then is not None])
    out: list[Finding] = []
    for g in story.guarantees:
        if g.then is not None:
            out.append(judge.always(g))
        for w in g.reachable:
            text = f"some play reaches '{w.ending}'" + (
                f" with {ex.unparse(w.when)}" if w.when is not None else ""
            )
            found = judge.witness(w.ending, w.when)
            out.append(_found(g.id, text, found, judge.bounded))
        if g.each_ending:
            out.extend(judge.focus(g))
    return tuple(out)


def _found(gid: str, text: str, found: _Hit | None, bounded: bool) -> Finding:
    if found is not None:
        return Finding(gid, text, Verdict.PROVEN, found.ending, found.path, found.origin)
    return Finding(gid, text, Verdict.UNPROVEN if bounded else Verdict.COUNTEREXAMPLE)


@dataclass(frozen=True)
class _Hit:
    ending: str
    path: Path
    origin: Origin


Accept = Callable[[int, int, int], bool]  # node, marks seen (bits), decisions


class _Judge:
    """Searches over one story's graph; `bounded` says the last search could not finish."""

    def __init__(self, story: Story, graph: StateGraph) -> None:
        self.story = story
        self.graph = graph
        self.bounded = False
        self.endings = {sid: s.ending for sid, s in story.scenes.items() if s.ending is not None}
        # What each (marks, cap) pairing reaches, shared by the claims that read the same facts.
        self.paired: dict[tuple[tuple[str, ...], int], list[int]] = {}
        # The states each state is reached from, made when a search first needs them.
        self.back: list[list[int]] | None = None
        # Which states lead to each set of endings searched for (the witnesses of one ending).
        self.leading: dict[frozenset[int], bytearray] = {}

    # --- claims ---------------------------------------------------------------------------

    def always(self, g: Guarantee) -> Finding:
        """`then` at every reachable ending where `if` holds."""
        assert g.then is not None
        text = ex.unparse(g.then)
        if g.condition is not None:
            text = f"if {ex.unparse(g.condition)} then {text}"
        marks, cap = _facts(_parts(g))
        cond = ex.compile_expr(g.condition) if g.condition is not None else None
        then = ex.compile_expr(g.then)

        def broken(node: int, bits: int, d: int) -> bool:
            values, counts = self._env(node, marks, bits, d)
            return (cond is None or bool(cond(values, counts))) and not then(values, counts)

        hits = self._may_hit(marks, cap, broken)
        hit = self._search(marks, cap, broken, hits) if hits else None
        if hit is not None:
            return Finding(g.id, text, Verdict.COUNTEREXAMPLE, hit.ending, hit.path, hit.origin)
        return Finding(g.id, text, Verdict.UNPROVEN if self.bounded else Verdict.PROVEN)

    def witness(self, ending: str, when: ex.Expr | None) -> _Hit | None:
        """A shortest play reaching `ending` with `when` true there, if any."""
        marks, cap = _facts([when] if when is not None else [])
        test = ex.compile_expr(when) if when is not None else None
        scenes = self.graph.scenes

        def found(node: int, bits: int, d: int) -> bool:
            if scenes[node] != ending:
                return False
            values, counts = self._env(node, marks, bits, d)
            return test is None or bool(test(values, counts))

        ends = [node for node in self.graph.ends if scenes[node] == ending]
        return self._search(marks, cap, found, ends)

    def focus(self, g: Guarantee) -> Iterator[Finding]:
        """Each ending reached with each focus lesson kept (never missed), and missed."""
        wanted = [
            (sid, lesson, kept)
            for sid, ending in self.endings.items()
            for lesson in ending.lessons
            for kept in (True, False)
            if (sid, lesson, kept) not in g.excepted
        ]
        reached = _FocusReach(self.story, self.graph)
        failed = False
        for sid, lesson, kept in wanted:
            if sid in reached.by(lesson, kept):
                continue
            failed = True
            how = "kept (never missed)" if kept else "missed"
            text = f"some play reaches '{sid}' with '{lesson}' {how}"
            yield _found(g.id, text, None, not self.graph.complete)
        if not failed:
            text = f"every ending reached with each focus lesson kept and missed ({len(wanted)})"
            yield Finding(g.id, text, Verdict.PROVEN)

    # --- the search -------------------------------------------------------------------------

    def _env(
        self, node: int, marks: tuple[str, ...], bits: int, d: int
    ) -> tuple[dict[str, Value], dict[str, int]]:
        values, visits = self.graph.ends[node]
        sid = self.graph.scenes[node]
        ending = self.endings[sid]
        env = dict(values)
        env.update(ending_facts(sid, ending))
        env["decisions"] = d
        counts = dict(visits)
        for n, key in enumerate(marks):
            counts[key] = (bits >> n) & 1
        return env, counts

    def _search(
        self, marks: tuple[str, ...], cap: int, accept: Accept, ends: Iterable[int]
    ) -> _Hit | None:
        """Breadth first over (state, marks seen, decisions capped at `cap`) from every start
        of a real game; the first accepted ending, so a shortest path. Only states that lead to
        one of `ends` (the endings `accept` may hold at) are searched: every state on the path
        found, and every state that could be its parent, leads there, so leaving the others
        out finds the same path, in the same order, sooner."""
        graph = self.graph
        self.bounded = not graph.complete
        useful = self._leading_to(ends)
        rows = _by_state_scene(_edge_bits(self.story, marks))
        scenes, edges, ends = graph.scenes, graph.edges, graph.ends
        width = cap + 1
        per_state = width << len(marks)
        # A paired state is one int (state * per_state + bits * width + d), and so is where it
        # was reached from (that int * `ways` + the choice): ints hash and store cheaply.
        ways = 1 + max((len(s.choices) for s in self.story.scenes.values()), default=0)
        parent: dict[int, int] = {}
        queue: deque[int] = deque()
        for node in graph.starts:
            if useful[node]:
                parent[node * per_state] = -1
                queue.append(node * per_state)
        while queue:
            key = queue.popleft()
            node, pair = divmod(key, per_state)
            if node in ends:
                bits, d = divmod(pair, width)
                if accept(node, bits, d):
                    return self._hit(key, parent, per_state, ways)
                continue
            bits, d = divmod(pair, width)
            nd = d + 1 if d < cap else cap
            row = rows.get(scenes[node])
            for target, i in edges[node]:
                if not useful[target]:
                    continue
                e = row.get(i, 0) if row is not None else 0
                nxt = target * per_state + (bits | e) * width + nd
                if nxt in parent:
                    continue
                if len(parent) >= MAX_PAIRED:
                    self.bounded = True
                    return None
                parent[nxt] = key * ways + i
                queue.append(nxt)
        return None

    def prepare(self, claims: list[Guarantee]) -> None:
        """Reach the pairings of all these claims in one pass over the graph."""
        pairings = list(dict.fromkeys(_facts(_parts(g)) for g in claims))
        self.paired.update(
            zip(pairings, _paired_reach(self.graph, self.story, pairings), strict=True)
        )

    def _may_hit(self, marks: tuple[str, ...], cap: int, accept: Accept) -> list[int]:
        """The endings where the breadth first search could find something: where some paired
        state it would reach is accepted (every ending when there are more of them than its
        bound). One pass over the graph tells (see `_paired_reach`), so a proven claim is not
        searched pair by pair."""
        self.bounded = not self.graph.complete
        key = (marks, cap)
        if key not in self.paired:  # a claim not named to `prepare`
            self.paired[key] = _paired_reach(self.graph, self.story, [key])[0]
        reached = self.paired[key]
        # Counting the pairs is a pass over every state: only worth it when they could be many.
        most = len(reached) * (cap + 1 << len(marks))
        if most > MAX_PAIRED and sum(m.bit_count() for m in reached) > MAX_PAIRED:
            return list(self.graph.ends)
        width = cap + 1
        hits = []
        for node in self.graph.ends:
            m = reached[node]
            while m:
                low = m & -m
                p = low.bit_length() - 1
                if accept(node, p // width, p % width):
                    hits.append(node)
                    break
                m ^= low
        return hits

    def _leading_to(self, ends: Iterable[int]) -> bytearray:
        """For every state, whether some path leads from it to one of `ends` (they included)."""
        key = frozenset(ends)
        if key not in self.leading:
            self.leading[key] = self._find_leading(key)
        return self.leading[key]

    def _find_leading(self, ends: Iterable[int]) -> bytearray:
        if self.back is None:
            self.back = [[] for _ in self.graph.scenes]
            for u, edges in enumerate(self.graph.edges):
                for v, _ in edges:
                    self.back[v].append(u)
        back = self.back
        useful = bytearray(len(back))
        stack = list(ends)
        for node in stack:
            useful[node] = 1
        while stack:
            for u in back[stack.pop()]:
                if not useful[u]:
                    useful[u] = 1
                    stack.append(u)
        return useful

    def _hit(self, key: int, parent: Mapping[int, int], per_state: int, ways: int) -> _Hit:
        scenes = self.graph.scenes
        ending = scenes[key // per_state]
        steps: list[tuple[str, int]] = []
        at = parent[key]
        while at >= 0:
            key, i = divmod(at, ways)
            steps.append((scenes[key // per_state], i))
            at = parent[key]
        return _Hit(ending, tuple(reversed(steps)), self.graph.starts[key // per_state])


def _paired_reach(
    graph: StateGraph, story: Story, pairings: list[tuple[tuple[str, ...], int]]
) -> list[list[int]]:
    """For each pairing (the marks and decision cap a claim reads) and each state, the
    (marks seen, decisions) pairs the state is reached with from the starts of real games, as
    bits of one int: bit `bits * (cap + 1) + d`.

    Every pairing is a field of one int per state, so one pass serves them all. Masks grow
    until nothing changes; a state is looked at again only when a pair is new to it.
    """
    offsets: list[int] = []
    tops = rest = offset = 0
    # Per scene and choice: each field the choice's marks move (offset, width, combos, bits).
    moves: dict[str, dict[int, list[tuple[int, int, int, int]]]] = {}
    for marks, cap in pairings:
        width, combos = cap + 1, 1 << len(marks)
        for c in range(combos):
            tops |= 1 << (offset + c * width + cap)
            rest |= ((1 << cap) - 1) << (offset + c * width)
        for (sid, i), e in _edge_bits(story, marks).items():
            moves.setdefault(sid, {}).setdefault(i, []).append((offset, width, combos, e))
        offsets.append(offset)
        offset += width * combos
    scenes, edges = graph.scenes, graph.edges
    reached = [0] * len(scenes)
    for node in graph.starts:
        reached[node] = sum(1 << o for o in offsets)
    work = _Worklist(len(scenes), graph.starts)
    again = work.flags
    for u in work:
        m = reached[u]
        m = (m & rest) << 1 | (m & tops)  # one more decision, never past a field's cap
        row = moves.get(scenes[u])
        for v, i in edges[u]:
            moved = m
            for at, width, combos, e in row.get(i, ()) if row is not None else ():
                slot = (1 << width) - 1
                field = 0
                for c in range(combos):
                    part = m >> (at + c * width) & slot
                    if part:
                        field |= part << ((c | e) * width)
                moved = moved & ~(((1 << width * combos) - 1) << at) | field << at
            if moved & ~reached[v]:
                reached[v] |= moved
                again[v] = 1
                if v <= u:  # itself too: it was cleared as it was taken
                    work.back(v)
    out = []
    for (marks, cap), at in zip(pairings, offsets, strict=True):
        mask = (1 << (cap + 1 << len(marks))) - 1
        out.append([m >> at & mask for m in reached])
    return out


class _Worklist:
    """States to look at again, lowest number first: the order they were found, which is
    nearly an order of the graph, so most are looked at once, after all that leads to them.

    A flag per state, set by the caller (`flags[node] = 1`), found by `bytearray.find`; a
    state flagged at or below the one being looked at is named to `back`, so the next one is still
    the lowest flagged (as a heap would give it, for less)."""

    def __init__(self, size: int, nodes: Iterable[int]) -> None:
        self.flags = bytearray(size)
        for node in nodes:
            self.flags[node] = 1
        self.low = -1

    def back(self, node: int) -> None:
        """`node`, flagged, is not above the state being looked at."""
        if self.low < 0 or node < self.low:
            self.low = node

    def __iter__(self) -> Iterator[int]:
        flags = self.flags
        node = flags.find(1)
        while node >= 0:
            flags[node] = 0
            yield node
            if self.low >= 0:  # every other flag below `node` is clear: this is the lowest
                node, self.low = self.low, -1
            else:
                node = flags.find(1, node + 1)


def _by_state_scene(bits_of: Mapping[tuple[str, int], int]) -> dict[str, dict[int, int]]:
    """The marked choices' bits by scene, then choice: looked up from a state's scene."""
    rows: dict[str, dict[int, int]] = {}
    for (sid, i), e in bits_of.items():
        rows.setdefault(sid, {})[i] = e
    return rows


def _parts(g: Guarantee) -> list[ex.Expr]:
    """What an always-claim reads: its `then`, and its `if`."""
    assert g.then is not None
    return [g.then] + ([g.condition] if g.condition is not None else [])


def _facts(parts: list[ex.Expr]) -> tuple[tuple[str, ...], int]:
    """The mark keys a claim reads (`kept:x`, `missed:x`), and the cap for its decision count
    (0 when it does not read `decisions`)."""
    marks: set[str] = set()
    numbers = [0]
    reads_decisions = False
    for part in parts:
        for node in _walk(part):
            if isinstance(node, ex.Call) and node.func in ("kept", "missed"):
                arg = node.args[0]
                assert isinstance(arg, ex.Str)
                marks.add((KEPT_PREFIX if node.func == "kept" else MISSED_PREFIX) + arg.value)
            elif isinstance(node, ex.Name) and node.name == "decisions":
                reads_decisions = True
            elif isinstance(node, ex.Num):
                numbers.append(abs(node.value))
    return tuple(sorted(marks)), (max(numbers) + 1 if reads_decisions else 0)


def _walk(e: ex.Expr) -> Iterator[ex.Expr]:
    yield e
    if isinstance(e, ex.Binary):
        yield from _walk(e.left)
        yield from _walk(e.right)
    elif isinstance(e, ex.Unary):
        yield from _walk(e.operand)
    elif isinstance(e, ex.Call):
        for arg in e.args:
            yield from _walk(arg)


def _edge_bits(story: Story, marks: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """For each choice carrying a mark a claim reads, the bits of those marks."""
    index = {key: 1 << n for n, key in enumerate(marks)}
    out: dict[tuple[str, int], int] = {}
    for sid, scene in story.scenes.items():
        for i, choice in enumerate(scene.choices):
            bits = 0
            for m in choice.marks:
                bits |= index.get((KEPT_PREFIX if m.kept else MISSED_PREFIX) + m.lesson, 0)
            if bits:
                out[(sid, i)] = bits
    return out


class _FocusReach:
    """Which endings some real game reaches with a lesson kept and never missed, or missed:
    one pass over the graph for every lesson at once, without pairing states with facts.

    Each state carries two masks with a bit per (lesson, kept or missed): the ways a play can
    reach it before taking a choice that counts for the claim, and after one. A choice that
    misses a lesson ends every "kept" way through it.
    """

    def __init__(self, story: Story, graph: StateGraph) -> None:
        lessons = sorted(
            {m.lesson for s in story.scenes.values() for c in s.choices for m in c.marks}
        )
        self.bit = {
            (lesson, kept): 1 << (2 * n + (not kept))
            for n, lesson in enumerate(lessons)
            for kept in (True, False)
        }
        labels = {
            sid: [self._label(c) for c in scene.choices] for sid, scene in story.scenes.items()
        }
        after = _focus_sweep(graph, labels, (1 << 2 * len(lessons)) - 1)
        self.reached = [(graph.scenes[node], after[node]) for node in graph.ends]

    def _label(self, choice: Choice) -> tuple[int, int]:
        """What a choice does to the ways: the ones it ends, and the ones it counts for."""
        keeps = {m.lesson for m in choice.marks if m.kept}
        misses = {m.lesson for m in choice.marks if not m.kept}
        ends = sum(self.bit[(lesson, True)] for lesson in misses)
        counts = sum(self.bit[(lesson, True)] for lesson in keeps - misses)
        counts |= sum(self.bit[(lesson, False)] for lesson in misses)
        return ends, counts

    def by(self, lesson: str, kept: bool) -> frozenset[str]:
        """Endings reached with `lesson` kept (never missed), or missed."""
        bit = self.bit.get((lesson, kept), 0)
        return frozenset(sid for sid, ways in self.reached if ways & bit)


def _focus_sweep(
    graph: StateGraph, labels: Mapping[str, list[tuple[int, int]]], ways: int
) -> list[int]:
    """The ways each state is reached after a counted choice (see `_FocusReach`): masks grow
    until nothing changes, so states are looked at again only when a way is new to them."""
    scenes, edges = graph.scenes, graph.edges
    before = [0] * len(scenes)
    after = [0] * len(scenes)
    for node in graph.starts:
        before[node] = ways
    work = _Worklist(len(scenes), graph.starts)
    again = work.flags
    for u in work:
        b, a = before[u], after[u]
        row = labels[scenes[u]]
        for v, i in edges[u]:
            ends, counts = row[i]
            nb = b & ~ends
            na = (a | (b & counts)) & ~ends
            if nb & ~before[v] or na & ~after[v]:
                before[v] |= nb
                after[v] |= na
                again[v] = 1
                if v <= u:  # itself too: it was cleared as it was taken
                    work.back(v)
    return after
