"""Random playthroughs: the uniform player, the player who prefers kept lessons
(`explore --random N --prefer kept`), draws sampled by weight, and the JSON ending counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import StoryFactory
from format2_story import CHAPTER, STORY

from game.authoring.playthroughs import kept_first, random_runs

HEADER = """\
format: 2
id: p
title: P
start: first
lessons:
  listen: {title: Listen first, text: Hear them out.}
  calm: {title: Stay calm, text: Breathe.}
"""
SCENES = """\
chapter: One
scenes:
  first:
    text: The kettle clicks off.
    choices:
      - text: Talk over them.
        goto: cold
        lesson: {id: listen, kept: false}
      - text: Say everything at once.
        goto: mixed
        lesson: [{id: listen, kept: true}, {id: calm, kept: false}]
      - text: Let them finish.
        goto: tea
        lesson: {id: listen, kept: true}
      - text: Shrug.
        goto: cold
  mixed:
    text: Too much.
    ending: {title: Mixed, tone: bittersweet, outcome: friends, lessons: [listen]}
  cold:
    text: Cold.
    ending: {title: Cold, tone: hard, outcome: apart, lessons: [listen]}
  tea:
    text: You pour.
    ending: {title: Tea, tone: hopeful, outcome: together, lessons: [listen]}
"""


def test_kept_first_prefers_clean_kept_then_any_kept_then_all(make_story: StoryFactory) -> None:
    scene = make_story(HEADER, SCENES).scenes["first"]
    assert kept_first(scene, (0, 1, 2, 3)) == (2,)
    assert kept_first(scene, (0, 1, 3)) == (1,)
    assert kept_first(scene, (0, 3)) == (0, 3)


def test_the_kept_player_only_reaches_what_kept_choices_lead_to(make_story: StoryFactory) -> None:
    story = make_story(HEADER, SCENES)
    assert random_runs(story, 50, seed=3, prefer="kept").endings() == {"tea": 50}
    uniform = random_runs(story, 400, seed=3).endings()
    assert set(uniform) == {"tea", "cold", "mixed"} and uniform["cold"] > uniform["tea"]


def test_draws_are_sampled_by_weight_in_each_run(make_story: StoryFactory) -> None:
    # end_yes needs the draw `ready` (weight 3 of 4) and a patient, warm path.
    story = make_story(STORY, CHAPTER)
    report = random_runs(story, 2000, seed=5, prefer="kept")
    shares = report.shares()
    assert set(shares) == {"end_yes", "end_no"}
    assert 0.68 < shares["end_yes"] < 0.82
    assert abs(sum(shares.values()) - 1) < 1e-9


def test_explore_json_has_ending_counts_and_shares_for_both_players(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(HEADER, encoding="utf-8")
    (folder / "01_one.yaml").write_text(SCENES, encoding="utf-8")
    command = [sys.executable, "-m", "game", "explore", str(folder), "--random", "40"]
    proc = subprocess.run(
        [*command, "--prefer", "kept", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    kept = data["prefer_kept"]
    assert kept["prefer"] == "kept" and kept["runs"] == 40
    assert kept["endings"] == {"tea": 40} and kept["shares"] == {"tea": 1.0}
    assert kept["outcomes"] == {"together": 40}
    uniform = data["random"]
    assert uniform["prefer"] is None and sum(uniform["endings"].values()) == 40
    assert abs(sum(uniform["shares"].values()) - 1) < 1e-9
