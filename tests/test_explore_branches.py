"""Exploration that branches on draws and checkpoints, and that tells a long chain of routed
scenes from a loop (issue 15 item 13; issue 8's draws): never a false error, only an honest
bound. The stories that once ate memory or gave false errors run `check` in a subprocess with
a memory limit and a time limit."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.authoring import explore as explore_module
from game.authoring.check import check_flow
from game.authoring.explore import Origin, explore
from game.engine.model import Story

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GB: the forced loop once took over 3 GB
TIME_LIMIT = 120


def _chain_story(tmp_path: Path, length: int, tail: str = "    goto: e\n") -> Path:
    """`length` one-line scenes, each going on to the next, then `tail` and an ending."""
    folder = tmp_path / "chain"
    folder.mkdir()
    (folder / "story.yaml").write_text(
        "format: 1\nid: chain\ntitle: Chain\nstart: s0\n", encoding="utf-8"
    )
    lines = ["chapter: C", "scenes:"]
    for i in range(length):
        lines += [f"  s{i}:", f"    text: Line {i}.", f"    goto: s{i + 1}"]
    lines += [f"  s{length}:", "    text: The last line.", tail.rstrip("\n")]
    lines += ["  e:", "    text: The end.", "    ending: {title: E, tone: hopeful}"]
    (folder / "01_c.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "check", str(folder)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limited,
    )


# --- long chains and loops (issue 15, item 13) --------------------------------------------------


def test_a_chain_of_1100_one_line_scenes_checks_clean(tmp_path: Path) -> None:
    proc = _check(_chain_story(tmp_path, 1100))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("0 errors, 0 warnings")


def test_a_loop_at_the_end_of_a_long_chain_is_still_a_loop(tmp_path: Path) -> None:
    proc = _check(_chain_story(tmp_path, 1100, "    goto: s1100\n"))
    assert proc.returncode == 1
    loops = [line for line in proc.stdout.splitlines() if "error F302" in line]
    assert len(loops) == 1 and "'s1100'" in loops[0], proc.stdout[-3000:]


def test_a_chain_past_the_explorers_bound_is_partial_not_an_error(
    tmp_path: Path, make_story: StoryFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explore_module, "MAX_CHAIN", 1500)
    scenes = "".join(f"  s{i}:\n    text: Line.\n    goto: s{i + 1}\n" for i in range(2000))
    story = make_story(
        "format: 1\nid: c\ntitle: C\nstart: s0\n",
        f"chapter: C\nscenes:\n{scenes}  s2000:\n    ending: {{title: E, tone: hopeful}}\n",
    )
    diagnostics, result, _ = check_flow(story)
    assert result.chains == ["s0"] and not result.complete and not result.proven
    assert [(d.code.id, d.is_error) for d in diagnostics] == [("F308", False)]
    assert "without a decision or a repeated state" in diagnostics[0].message


FORCED_LOOPS = {
    "choice": """\
  a:
    text: Round again.
    choices:
      - {text: Again, goto: a}
      - {text: Out, goto: e, if: visited("a") >= 40}
""",
    "route": """\
  a:
    text: Round again.
    goto:
      - {if: visited("a") < 40, goto: a}
      - {goto: e}
""",
    "three-counters": """\
  a:
    text: Round again.
    choices:
      - {text: Left, goto: b}
      - {text: Right, goto: c}
      - {text: Out, goto: e, if: visited("a") >= 40 and visited("b") >= 40 and visited("c") >= 40}
  b:
    text: Left.
    goto: a
  c:
    text: Right.
    goto: a
""",
}


@pytest.mark.parametrize("name", sorted(FORCED_LOOPS))
def test_a_forced_40_visit_loop_checks_within_a_memory_limit(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "story.yaml").write_text("format: 1\nid: l\ntitle: L\nstart: a\n", encoding="utf-8")
    ending = "  e:\n    text: Out.\n    ending: {title: E, tone: hopeful}\n"
    text = "chapter: C\nscenes:\n" + FORCED_LOOPS[name] + ending
    (folder / "01_c.yaml").write_text(text, encoding="utf-8")
    proc = _check(folder)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("0 errors, 0 warnings")


# --- draws and checkpoints (issue 8) ----------------------------------------------------------


def _format2(make_story: StoryFactory) -> Story:
    return make_story(STORY, CHAPTER)


def test_every_draw_outcome_is_a_branch(make_story: StoryFactory) -> None:
    # end_yes needs `ready`, which is drawn (its value, for games without draws, is false).
    result = explore(_format2(make_story))
    assert result.complete
    assert set(result.endings) == {"end_yes", "end_no"}
    assert result.ending_origins["end_yes"].answers["ready"] is True
    assert result.ending_origins["end_yes"].checkpoint is None


def test_a_draw_no_condition_reads_is_not_a_branch(make_story: StoryFactory) -> None:
    story = _format2(make_story)
    with_reads = explore(story).states
    without = explore(make_story(STORY, CHAPTER.replace("ready and ", ""))).states
    assert without < with_reads


CHECKPOINT_STORY = """\
format: 2
id: cp
title: Checkpoints
start: a
variables:
  warmth: {value: 0, min: 0, max: 5}
checkpoints:
  - {id: late, title: Late, scene: b, set: {warmth: 5}}
"""
CHECKPOINT_CHAPTER = """\
chapter: C
scenes:
  a:
    text: Start.
    choices:
      - {text: On, goto: b}
  b:
    text: Later.
    choices:
      - {text: Warm, goto: e, if: warmth >= 5}
      - {text: Cold, goto: e, if: warmth < 5}
  e:
    text: Done.
    ending: {title: E, tone: hopeful, outcome: apart}
"""


def test_a_checkpoint_is_explored_like_a_start(make_story: StoryFactory) -> None:
    # The warm choice is only ever offered from the checkpoint, which is a game too.
    story = make_story(CHECKPOINT_STORY, CHECKPOINT_CHAPTER)
    diagnostics, result, _ = check_flow(story)
    assert ("b", 0) in result.choices and ("b", 1) in result.choices
    assert not [d for d in diagnostics if d.code.id == "F303"]
    # Paths are reported from the story's start wherever a real game reaches the place.
    assert result.endings["e"] == (("a", 0), ("b", 1))
    assert "e" not in result.ending_origins


def test_a_softlock_only_a_checkpoint_reaches_is_reported(make_story: StoryFactory) -> None:
    chapter = CHECKPOINT_CHAPTER.replace("if: warmth < 5", "if: warmth < 3")
    story = make_story(
        CHECKPOINT_STORY.replace("warmth: 5}", "warmth: 4}"),
        chapter.replace("if: warmth >= 5", "if: warmth >= 5 and warmth < 4"),
    )
    diagnostics, result, _ = check_flow(story)
    assert [lock.origin for lock in result.softlocks] == [Origin({}, "late")]
    assert [d.code.id for d in diagnostics if d.is_error] == ["F307"]
