"""Exploration: endings with shortest paths, softlocks, dead ends, loops, bounds, random runs."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from game.authoring.explore import Path as ChoicePath
from game.authoring.explore import explore
from game.authoring.playthroughs import random_runs
from game.authoring.starter import write_starter
from game.engine.loader import StoryCache, load_story
from game.engine.model import Story, Value
from game.engine.runner import Phase, Runner
from game.engine.start import Start


def make(tmp_path: Path, story: str, chapter: str) -> Story:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(textwrap.dedent(story), encoding="utf-8")
    (folder / "01_chapter.yaml").write_text(textwrap.dedent(chapter), encoding="utf-8")
    result = load_story(folder, cache=StoryCache())
    errors = [str(d) for d in result.diagnostics if d.is_error]
    assert result.ok and result.story is not None, errors
    return result.story


def header(start: str, variables: str = "") -> str:
    text = f"format: 1\nid: test\ntitle: Test\nstart: {start}\n"
    return text + (f"variables:\n{textwrap.indent(variables, '  ')}" if variables else "")


def replay(
    story: Story,
    path: ChoicePath,
    answers: Mapping[str, Value] | None = None,
    checkpoint: str | None = None,
) -> Runner:
    """Follow an exploration path in the real runner, from the player's `answers` (and the
    checkpoint) the path starts from; returns the runner at the end."""
    runner = Runner(story, answers, start=Start(checkpoint=checkpoint))
    for scene, index in path:
        while runner.phase is Phase.BEAT:
            runner.advance()
        assert runner.scene.id == scene
        runner.choose([o.index for o in runner.options].index(index))
    while runner.phase is Phase.BEAT:
        runner.advance()
    return runner


# s --a--> A --> C --> end3
#  \        \--> end1   \--> end2
#   \--b--> B --> end2
GRAPH = """\
chapter: Graph
scenes:
  s:
    text: Start.
    choices:
      - {text: a, goto: A}
      - {text: b, goto: B}
  A:
    choices:
      - {text: to C, goto: C}
      - {text: to end1, goto: end1}
  B:
    text: In B.
    choices:
      - {text: to end2, goto: end2}
  C:
    choices:
      - {text: to end2, goto: end2}
      - {text: to end3, goto: end3}
  end1:
    ending: {title: One, tone: hopeful}
  end2:
    ending: {title: Two, tone: hard}
  end3:
    ending: {title: Three, tone: bittersweet}
"""


def test_every_ending_with_its_shortest_path(tmp_path: Path) -> None:
    story = make(tmp_path, header("s"), GRAPH)
    result = explore(story)
    assert result.complete
    assert result.endings == {
        "end1": (("s", 0), ("A", 1)),
        # Two ways reach end2: s-A-C-end2 (3 choices) and s-B-end2 (2): the shorter one wins.
        "end2": (("s", 1), ("B", 0)),
        "end3": (("s", 0), ("A", 0), ("C", 1)),
    }
    assert result.scenes == set(story.scenes)
    assert result.choices == {("s", 0), ("s", 1), ("A", 0), ("A", 1), ("B", 0), ("C", 0), ("C", 1)}
    assert result.softlocks == [] and result.loops == []
    assert ("s", 0) in result.beats and ("B", 0) in result.beats
    # The paths really lead to their endings when played.
    for ending, path in result.endings.items():
        runner = replay(story, path)
        assert runner.phase is Phase.ENDED and runner.scene.id == ending


def test_shortest_path_through_a_longer_graph(tmp_path: Path) -> None:
    # A chain of 6 rooms with a shortcut from room 2 to room 5: the ending is 4 choices away.
    rooms = []
    for i in range(1, 7):
        nxt = f"r{i + 1}" if i < 6 else "out"
        rooms.append(f"  r{i}:\n    choices:\n      - {{text: on, goto: {nxt}}}\n")
    rooms[1] += "      - {text: shortcut, goto: r5}\n"
    chapter = "chapter: Chain\nscenes:\n" + "".join(rooms)
    chapter += "  out:\n    ending: {title: Out, tone: hopeful}\n"
    result = explore(make(tmp_path, header("r1"), chapter))
    assert result.endings["out"] == (("r1", 0), ("r2", 1), ("r5", 0), ("r6", 0))


def test_shortest_path_even_when_a_longer_way_is_found_first(tmp_path: Path) -> None:
    # Depth-first from the last choice would reach t through x and y (3 choices) first.
    chapter = """\
    chapter: Two ways
    scenes:
      s:
        choices:
          - {text: short, goto: a}
          - {text: long, goto: x}
      a:
        choices:
          - {text: on, goto: t}
      x:
        choices:
          - {text: on, goto: y}
      y:
        choices:
          - {text: on, goto: t}
      t:
        ending: {title: T, tone: hopeful}
    """
    result = explore(make(tmp_path, header("s"), chapter))
    assert result.endings == {"t": (("s", 0), ("a", 0))}
    assert result.choices == {("s", 0), ("s", 1), ("a", 0), ("x", 0), ("y", 0)}


def test_softlock_when_every_choice_is_hidden(tmp_path: Path) -> None:
    chapter = """\
    chapter: Locks
    scenes:
      s:
        choices:
          - {text: go, set: {trust: +1}, goto: stuck}
          - {text: fine, goto: end}
      stuck:
        text: Nothing to do.
        choices:
          - {text: only if trusted, if: trust > 5, goto: end}
      end:
        ending: {title: End, tone: hopeful}
    """
    story = make(tmp_path, header("s", "trust: {value: 0, min: 0, max: 9}\n"), chapter)
    result = explore(story)
    assert [(lock.scene, lock.path) for lock in result.softlocks] == [("stuck", (("s", 0),))]
    assert ("stuck", 0) not in result.choices  # a choice no play can take
    assert "end" in result.endings
    runner = replay(story, result.softlocks[0].path)
    assert runner.phase is Phase.CHOICE and runner.options == ()


def test_once_choices_are_part_of_the_state(tmp_path: Path) -> None:
    # The only choice is `once` and loops back: the second visit has nothing left.
    chapter = """\
    chapter: Once
    scenes:
      hub:
        text: A door.
        choices:
          - {text: knock, once: true, goto: hub}
    """
    result = explore(make(tmp_path, header("hub"), chapter))
    assert [(lock.scene, lock.path) for lock in result.softlocks] == [("hub", (("hub", 0),))]
    assert result.endings == {}
    assert result.states == 2


VISITS = """\
chapter: Visits
scenes:
  hub:
    text:
      - A quiet room.
      - if: visited("hub") >= 2
        text: A door you missed is ajar.
    choices:
      - {text: wait, goto: hub}
      - text: the door
        if: visited("hub") >= 2
        goto: secret
      - {text: leave, goto: plain}
  secret:
    ending: {title: Secret, tone: hopeful}
  plain:
    ending: {title: Plain, tone: hard}
"""


def test_an_ending_only_reachable_on_a_second_visit(tmp_path: Path) -> None:
    story = make(tmp_path, header("hub"), VISITS)
    result = explore(story)
    assert result.complete
    assert result.endings == {"secret": (("hub", 0), ("hub", 1)), "plain": (("hub", 2),)}
    assert ("hub", 1) in result.beats
    # Visit counts are capped, so waiting forever does not make the state space infinite.
    assert result.states < 10
    assert replay(story, result.endings["secret"]).scene.id == "secret"


def test_unreachable_endings_and_choices(tmp_path: Path) -> None:
    chapter = """\
    chapter: Dead
    scenes:
      s:
        choices:
          - {text: up, set: {trust: +1}, goto: s2}
          - {text: down, goto: s2}
      s2:
        choices:
          - {text: secret, if: trust >= 3, goto: gold}
          - {text: home, goto: home}
      gold:
        ending: {title: Gold, tone: hopeful}
      home:
        ending: {title: Home, tone: bittersweet}
    """
    story = make(tmp_path, header("s", "trust: {value: 0, min: 0, max: 9}\n"), chapter)
    result = explore(story)
    assert result.complete
    assert set(result.endings) == {"home"}
    assert "gold" not in result.scenes
    assert ("s2", 0) not in result.choices
    assert ("s2", 1) in result.choices
    assert result.softlocks == []


def test_route_loops_are_reported(tmp_path: Path) -> None:
    chapter = """\
    chapter: Loops
    scenes:
      s:
        choices:
          - {text: spin, goto: loop_a}
          - {text: leave, goto: end}
      loop_a:
        goto: loop_b
      loop_b:
        goto:
          - if: trust > 100
            goto: end
          - goto: loop_a
      end:
        ending: {title: End, tone: hopeful}
    """
    story = make(tmp_path, header("s", "trust: {value: 0}\n"), chapter)
    result = explore(story)
    assert len(result.loops) == 1
    assert result.loops[0] in {"loop_a", "loop_b"}
    assert set(result.endings) == {"end"}
    assert ("s", 0) in result.choices


def test_routes_taken_are_recorded(tmp_path: Path) -> None:
    chapter = """\
    chapter: Routes
    scenes:
      s:
        choices:
          - {text: go, goto: r}
      r:
        goto:
          - if: trust > 0
            goto: a
          - goto: b
      a:
        ending: {title: A, tone: hopeful}
      b:
        ending: {title: B, tone: hard}
    """
    result = explore(make(tmp_path, header("s", "trust: {value: 0}\n"), chapter))
    assert result.routes == {("r", 1)}
    assert set(result.endings) == {"b"}
    assert result.endings["b"] == (("s", 0),)


COUNTER = """\
chapter: Counter
scenes:
  hub:
    choices:
      - {text: count, set: {n: +1}, goto: hub}
      - {text: finish, if: n >= 30, goto: end}
  end:
    ending: {title: End, tone: hopeful}
"""


def test_max_states_bounds_the_search(tmp_path: Path) -> None:
    story = make(tmp_path, header("hub", "n: {value: 0, min: 0, max: 50}\n"), COUNTER)
    bounded = explore(story, max_states=10)
    assert not bounded.complete
    assert bounded.states == 10
    # The bound cut the search off before the ending; the guided search found a witness,
    # which is a real path but not claimed to be the shortest.
    assert bounded.proven
    assert "end" not in bounded.shortest
    witness = bounded.endings["end"]
    assert len(witness) >= 31
    assert witness[-1] == ("hub", 1) and all(step == ("hub", 0) for step in witness[:-1])
    full = explore(story)
    assert full.complete
    # The hub with n = 0..50, and the ending once: nothing reads n there, so the states that
    # reach it with n from 30 to 50 are one.
    assert full.states == 51 + 1
    assert len(full.endings["end"]) == 31  # 30 counts, then finish


def test_lessons_keepable_and_missable(tmp_path: Path) -> None:
    story = """\
    format: 1
    id: test
    title: Test
    start: s
    variables:
      trust: {value: 0}
    lessons:
      both: {title: Both, text: Can go either way.}
      kept_only: {title: Kept, text: Only kept.}
      missed_only: {title: Missed, text: Only missed.}
      never: {title: Never, text: Behind a choice nobody sees.}
    """
    chapter = """\
    chapter: Lessons
    scenes:
      s:
        choices:
          - text: good
            lesson: {id: both, kept: true}
            goto: t
          - text: bad
            lesson: {id: both, kept: false}
            goto: t
      t:
        choices:
          - text: fine
            lesson: {id: kept_only, kept: true}
            goto: u
      u:
        choices:
          - text: oops
            lesson: {id: missed_only, kept: false}
            goto: end
          - text: hidden
            if: trust > 0
            lesson: {id: never, kept: true}
            goto: end
      end:
        ending: {title: End, tone: hopeful, lessons: [both]}
    """
    result = explore(make(tmp_path, story, chapter))
    assert result.kept == {"both", "kept_only"}
    assert result.missed == {"both", "missed_only"}


def test_asked_choices_that_conditions_read_are_all_explored(tmp_path: Path) -> None:
    story = """\
    format: 1
    id: test
    title: Test
    start: s
    pronouns: p
    variables:
      p: {value: they, one_of: [he, she, they], ask: Pronouns?}
    """
    chapter = """\
    chapter: Asked
    scenes:
      s:
        goto:
          - if: p == "he"
            goto: he_end
          - if: p == "she"
            goto: she_end
          - goto: they_end
      he_end:
        ending: {title: He, tone: hopeful}
      she_end:
        ending: {title: She, tone: hopeful}
      they_end:
        ending: {title: They, tone: hopeful}
    """
    result = explore(make(tmp_path, story, chapter))
    assert result.endings == {"he_end": (), "she_end": (), "they_end": ()}


# --- random playthroughs ----------------------------------------------------------------------

BRANCHY = """\
chapter: Branches
scenes:
  s:
    text: Start here now.
    choices:
      - {text: left path, goto: a}
      - {text: right path, goto: b}
      - {text: around, goto: s}
  a:
    choices:
      - {text: one, goto: e1}
      - {text: two, goto: e2}
      - {text: back, goto: s}
  b:
    choices:
      - {text: three, goto: e3}
      - {text: back, goto: s}
  e1:
    ending: {title: E1, tone: hopeful}
  e2:
    ending: {title: E2, tone: hard}
  e3:
    ending: {title: E3, tone: bittersweet}
"""


def test_random_runs_are_reproducible_by_seed(tmp_path: Path) -> None:
    story = make(tmp_path, header("s"), BRANCHY)
    first = random_runs(story, 60, seed=7)
    again = random_runs(story, 60, seed=7)
    other = random_runs(story, 60, seed=8)
    assert first.runs == again.runs
    assert first.scene_hits == again.scene_hits
    assert first.runs != other.runs
    assert len(first.runs) == 60


def test_random_runs_end_at_endings_and_count_hits(tmp_path: Path) -> None:
    story = make(tmp_path, header("s"), BRANCHY)
    report = random_runs(story, 200, seed=1)
    assert all(run.ending in {"e1", "e2", "e3"} for run in report.runs)
    counts = report.endings()
    assert sum(counts.values()) == 200
    assert set(counts) == {"e1", "e2", "e3"}
    for ending in ("e1", "e2", "e3"):
        assert report.scene_hits[ending] == counts[ending]
    # Every run starts at s; every decision enters exactly one scene.
    assert report.scene_hits["s"] >= 200
    assert sum(report.scene_hits.values()) == sum(r.decisions for r in report.runs) + 200
    # Only s has a beat (of three words), and choices add their words.
    assert sum(r.beats for r in report.runs) == report.scene_hits["s"]
    assert all(r.words >= 3 * r.beats + r.decisions for r in report.runs)
    assert report.steps == sum(r.beats + r.decisions for r in report.runs)


def test_random_run_words_and_beats_on_a_straight_line(tmp_path: Path) -> None:
    chapter = """\
    chapter: Line
    scenes:
      s:
        text:
          - One two three.
          - Four five.
          - if: visited("s") > 1
            text: never shown at all
        choices:
          - {text: Go on now, goto: r}
      r:
        text: Passing {through}.
        goto: end
      end:
        text: Done.
        ending: {title: End, tone: hopeful}
    """
    story = make(tmp_path, header("s", "through: {value: by}\n"), chapter)
    report = random_runs(story, 5, seed=3)
    assert report.runs[0].ending == "end"
    assert {(r.decisions, r.beats, r.words) for r in report.runs} == {(1, 4, 3 + 2 + 3 + 2 + 1)}
    assert report.scene_hits == {"s": 5, "r": 5, "end": 5}
    assert report.median_words() == 11
    assert report.steps == 5 * (4 + 1)


def test_random_runs_on_the_starter_story(tmp_path: Path) -> None:
    write_starter(tmp_path / "starter")
    result = load_story(tmp_path / "starter", cache=StoryCache())
    assert result.story is not None
    report = random_runs(result.story, 100, seed=0)
    assert set(report.endings()) <= {"sent", "shrug"}
    assert report.scene_hits["desk"] >= 100
    explored = explore(result.story)
    assert set(explored.endings) == {"sent", "shrug"}
    assert explored.endings["shrug"] == (("desk", 1), ("vague", 1))


def test_random_runs_without_an_ending_are_counted(tmp_path: Path) -> None:
    chapter = """\
    chapter: Stuck
    scenes:
      s:
        choices:
          - {text: go, goto: stuck}
      stuck:
        choices:
          - {text: never, if: n > 0, goto: s}
    """
    story = make(tmp_path, header("s", "n: {value: 0}\n"), chapter)
    report = random_runs(story, 4, seed=0)
    assert report.endings() == {"(no ending)": 4}
    assert all(r.ending is None and r.decisions == 1 for r in report.runs)


@pytest.mark.parametrize("n", [0, 1])
def test_random_runs_count(tmp_path: Path, n: int) -> None:
    story = make(tmp_path, header("s"), BRANCHY)
    report = random_runs(story, n, seed=0)
    assert len(report.runs) == n
    if n == 0:
        assert report.median_words() == 0.0
        assert report.scene_hits == {}


def _wide_story(tmp_path: Path) -> Path:
    """Many meter combinations (beyond a small bound), every choice always available."""
    folder = tmp_path / "wide"
    folder.mkdir()
    (folder / "story.yaml").write_text(
        "format: 1\nid: wide\ntitle: Wide\nstart: s0\nvariables:\n"
        + "".join(f"  m{k}: {{value: 0, min: 0, max: 9}}\n" for k in range(3))
        + "lessons:\n  l: {title: L, text: Lesson.}\n",
        encoding="utf-8",
    )
    scenes = []
    for i in range(8):
        nxt = f"s{i + 1}" if i < 7 else "judge"
        scenes.append(
            f"  s{i}:\n    text: Step {i}.\n    choices:\n"
            + "".join(
                f"      - text: Raise m{k}.\n        goto: {nxt}\n        set: {{m{k}: +1}}\n"
                for k in range(3)
            )
            + f"      - text: Keep the lesson.\n        goto: {nxt}\n"
            "        lesson: {id: l, kept: true, note: Kept.}\n"
            f"      - text: Miss the lesson.\n        goto: {nxt}\n"
            "        lesson: {id: l, kept: false, note: Missed.}\n"
        )
    scenes.append(
        "  judge:\n    goto:\n"
        "      - if: m0 >= 3 and m1 >= 3 and m2 >= 2\n        goto: best\n"
        "      - goto: other\n"
        "  best:\n    text: Best.\n    ending: {title: Best, tone: hopeful, lessons: [l]}\n"
        "  other:\n    text: Other.\n    ending: {title: Other, tone: hard, lessons: [l]}\n"
    )
    (folder / "01.yaml").write_text("chapter: One\nscenes:\n" + "".join(scenes), encoding="utf-8")
    return folder


def test_guided_search_proves_what_the_bound_cut_off(tmp_path: Path) -> None:
    from game.engine.loader import StoryCache, load_story

    story = load_story(_wide_story(tmp_path), cache=StoryCache()).story
    assert story is not None
    bounded = explore(story, max_states=30)
    assert not bounded.complete
    assert bounded.guided_runs > 0
    assert bounded.proven
    assert set(bounded.endings) == {"best", "other"}
    assert bounded.shortest <= set(bounded.endings)
    # The witness really reaches its ending when replayed through the runner.
    from game.engine.runner import Phase, Runner

    runner = Runner(story)
    for sid, index in bounded.endings["best"]:
        while runner.phase is Phase.BEAT:
            runner.advance()
        assert runner.scene.id == sid
        runner.choose(runner._available.index(index))
    while runner.phase is Phase.BEAT:
        runner.advance()
    assert runner.scene.id == "best"
    full = explore(story)
    assert full.complete and full.proven
    assert set(full.endings) == {"best", "other"}


def test_unprovable_when_a_choice_is_never_witnessed(tmp_path: Path) -> None:
    from game.engine.loader import StoryCache, load_story

    folder = _wide_story(tmp_path)
    chapter = folder / "01.yaml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "      - text: Keep the lesson.\n        goto: s1\n",
            "      - text: Keep the lesson.\n        if: m0 > 50\n        goto: s1\n",
        ),
        encoding="utf-8",
    )
    story = load_story(folder, cache=StoryCache()).story
    assert story is not None
    bounded = explore(story, max_states=30)
    assert not bounded.complete
    assert not bounded.proven
