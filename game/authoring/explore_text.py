"""What `reconnect explore` prints: the exploration as JSON-able data and as text."""

from __future__ import annotations

from typing import Any

from game.engine.model import Story

from .explore import Exploration
from .playthroughs import RandomReport


def path_text(story: Story, path: tuple[tuple[str, int], ...]) -> list[str]:
    """Each choice of a path as `scene: its text`."""
    from game.engine.runner import Runner

    runner_texts = []
    runner = Runner(story)
    for sid, index in path:
        runner_texts.append(f"{sid}: {runner.render(story.scenes[sid].choices[index].text)}")
    return runner_texts


def exploration_json(story: Story, result: Exploration) -> dict[str, Any]:
    """Everything `explore` found, as JSON-able data."""
    from game.authoring.lengths import chapter_words, path_words, reading_minutes

    endings = {
        sid: {
            "words": path_words(story, result.endings[sid]) if sid in result.endings else 0,
            "title": scene.ending.title.source,
            "tone": scene.ending.tone.value,
            "reachable": sid in result.endings,
            "path": [{"scene": s, "choice": i + 1} for s, i in result.endings.get(sid, ())],
            "shortest": sid in result.shortest,
        }
        for sid, scene in story.scenes.items()
        if scene.ending is not None
    }
    all_choices = [(sid, i) for sid, s in story.scenes.items() for i in range(len(s.choices))]
    return {
        "story": story.id,
        "states": result.states,
        "complete": result.complete,
        "proven": result.proven,
        "guided_runs": result.guided_runs,
        "endings": endings,
        "unreachable_scenes": sorted(set(story.scenes) - result.scenes),
        "unreachable_choices": [
            {"scene": s, "choice": i + 1} for s, i in all_choices if (s, i) not in result.choices
        ],
        "softlocks": [
            {"scene": lock.scene, "path": [{"scene": s, "choice": i + 1} for s, i in lock.path]}
            for lock in result.softlocks
        ],
        "route_loops": result.loops,
        "lessons": {
            lid: {"keepable": lid in result.kept, "missable": lid in result.missed}
            for lid in story.lessons
        },
        "chapters": {
            name: {"words": words, "minutes": round(reading_minutes(words), 1)}
            for name, words in chapter_words(story).items()
        },
    }


def runs_json(story: Story, report: RandomReport, seed: int, prefer: str | None) -> dict[str, Any]:
    """Random playthroughs as JSON-able data: ending counts and shares, outcomes, lengths."""
    runs = report.runs
    return {
        "runs": len(runs),
        "seed": seed,
        "prefer": prefer,
        "endings": report.endings(),
        "shares": report.shares(),
        "outcomes": _outcomes(story, report.endings()),
        "scene_hits": dict(sorted(report.scene_hits.items())),
        "median_words": report.median_words(),
        "median_beats": sorted(r.beats for r in runs)[len(runs) // 2],
        "min_words": min(r.words for r in runs),
        "max_words": max(r.words for r in runs),
        "lengths": [
            {"ending": r.ending, "decisions": r.decisions, "beats": r.beats, "words": r.words}
            for r in runs
        ],
    }


def print_exploration(story: Story, result: Exploration, data: dict[str, Any]) -> None:
    """The exploration as text: endings with their paths, reach, softlocks, lessons, runs."""
    from game.authoring.lengths import READING_WPM

    print(f"{story.title}: explored {result.states:,} states", end="")
    if result.complete:
        print(" (every reachable state).")
    else:
        verdict = "everything reached: proven" if result.proven else "NOT everything reached"
        print(
            f" (the bound), then {result.guided_runs:,} guided runs ({verdict}). Paths found"
            " after the bound are witnesses, not necessarily the shortest."
        )
    endings = data["endings"]
    reached = sum(e["reachable"] for e in endings.values())
    print(f"\nEndings: {reached} of {len(endings)} reachable")
    for sid, info in endings.items():
        if not info["reachable"]:
            print(f"  ✗ {sid} — {info['title']} ({info['tone']}): NO play reaches it")
            continue
        path = result.endings[sid]
        kind = "shortest path" if info["shortest"] else "a path"
        print(f"  ✓ {sid} — {info['title']} ({info['tone']}): {kind} of {len(path)} choices")
        print(f"      {_reading(info['words'])} on this path")
        for n, step in enumerate(path_text(story, path), 1):
            print(f"      {n:>2}. {step}")
    print(f"\nChapters (all their lines, at {READING_WPM} words a minute):")
    for name, info in data["chapters"].items():
        print(f"  {name}: {_reading(info['words'])}")
    for label, key in (
        ("Unreachable scenes", "unreachable_scenes"),
        ("Unreachable choices", "unreachable_choices"),
    ):
        items = data[key]
        print(f"\n{label}: {len(items) if items else 'none'}")
        for item in items:
            text = item if isinstance(item, str) else f"{item['scene']} choice {item['choice']}"
            print(f"  - {text}")
    print(f"\nSoftlocks: {len(result.softlocks) if result.softlocks else 'none'}")
    for lock in result.softlocks[:20]:
        print(f"  - {lock.scene} (after {len(lock.path)} choices)")
    if result.loops:
        print(f"\nRoute loops: {', '.join(result.loops)}")
    print("\nLessons:")
    for lid, info in data["lessons"].items():
        kept = "keepable" if info["keepable"] else "NEVER kept"
        missed = "missable" if info["missable"] else "NEVER missed"
        marks = f"{kept}, {missed}"
        print(f"  {lid:<18} {marks}")
    for key, who in (("random", ""), ("prefer_kept", ", preferring kept lessons")):
        if key in data:
            _print_runs(story, data[key], who)


def _outcomes(story: Story, endings: dict[str, int]) -> dict[str, int]:
    """Runs per ending outcome (together, friends, apart) where endings give one."""
    out: dict[str, int] = {}
    for sid, count in endings.items():
        scene = story.scenes.get(sid)
        outcome = scene.ending.outcome if scene is not None and scene.ending is not None else None
        if outcome is not None:
            out[outcome.value] = out.get(outcome.value, 0) + count
    return out


def _print_runs(story: Story, rnd: dict[str, Any], who: str) -> None:
    if rnd:
        print(f"\nRandom playthroughs{who}: {rnd['runs']} (seed {rnd['seed']})")
        for name, count in sorted(rnd["endings"].items(), key=lambda kv: -kv[1]):
            print(f"  {count:>6}  {rnd['shares'][name]:>6.1%}  {name}")
        for outcome, count in rnd["outcomes"].items():
            print(f"  {outcome}: {count / rnd['runs']:.1%}")
        words = f"median {rnd['median_words']:.0f}, min {rnd['min_words']}, max {rnd['max_words']}"
        print(f"  words per run: {words}")
        print(f"  beats per run: median {rnd['median_beats']}")
        never = [s for s in story.scenes if s not in rnd["scene_hits"]]
        print(f"  scenes never hit at random: {len(never)}")


def _reading(words: int) -> str:
    """`1,234 words, about 6 minutes`: a length as readers think of it."""
    from game.authoring.lengths import reading_minutes

    minutes = max(1, round(reading_minutes(words)))
    return f"{words:,} words, about {minutes} minute{'s' if minutes != 1 else ''}"
