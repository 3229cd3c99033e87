"""Load benchmark: generated stories of 1,000 and 10,000 scenes.

Prints, measured in one run (these machines are shared and noisy, so every figure that can be
is a ratio against a floor measured here, now, on the same files):
- load + check time over a plain libyaml (CSafeLoader) parse of the same files;
- a second, cached load of unchanged files over `json.load` of the same data;
- peak memory while loading and checking the 10,000-scene story;
- random playthrough speed in steps (beats shown + choices made) per second;
- a second `Runner` on the loaded 10,000-scene story (the story is compiled once, so this
  should cost well under a millisecond), next to the first one, which compiles the scenes it
  reaches;
- restoring saves of 4,000 and 16,000 decisions around a loop of scenes: the time ratio
  shows whether replay is linear (about 4x) or quadratic (about 16x).

Run: `python bench/load.py` (or `make bench`). `--quick` uses smaller stories for a smoke test.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

from game.authoring.check import check_flow
from game.authoring.playthroughs import random_runs
from game.engine.loader import StoryCache, load_story, story_files
from game.engine.runner import Phase, Runner
from game.resources import shipped_story

SCENES_PER_FILE = 250
REPEATS = 5


def _scene(i: int, n: int, rng: random.Random) -> str:
    if i >= n - 3:
        tone = ("hopeful", "bittersweet", "hard")[i % 3]
        return (
            f"  s{i}:\n    background: room\n    text:\n"
            f"      - The evening settles over scene {i}.\n"
            f'      - maya: "We got here, {{player}}. It took {{patience}} tries."\n'
            f"    ending: {{title: Ending {i}, tone: {tone}, lessons: [listen]}}\n"
        )
    a, b = min(i + 1, n - 1), min(i + 2 + rng.randrange(3), n - 1)
    if i >= n - 5:  # make sure each of the three endings has a way in
        b = n - 2 if i == n - 4 else n - 1
    lesson = "listen" if i % 2 else "wait"
    return (
        f"  s{i}:\n    background: room\n    text:\n"
        f"      - You stand in room {i}. The light is soft and the kettle ticks as it cools.\n"
        f'      - maya: "What now, {{player}}? {{They}} {{are}} waiting for you."\n'
        f'      - if: visited("s{max(i - 1, 0)}") > 0\n'
        f"        text: You remember the room before this one.\n"
        f"    choices:\n"
        f"      - text: Say what you mean to {{them}}, plainly and kindly.\n"
        f"        goto: s{a}\n"
        f"        set: {{patience: +1, sincerity: +1}}\n"
        f"        lesson: {{id: {lesson}, kept: true, note: You said it plainly.}}\n"
        f"      - text: Wait and listen a little longer.\n"
        f"        goto: s{b}\n"
        f"        if: patience >= {i % 4}\n"
        f"        set: {{patience: -1}}\n"
        f"        lesson: {{id: {lesson}, kept: false, note: You held back.}}\n"
    )


STORY_HEAD = """\
format: 1
id: bench
title: Bench
start: s0
pronouns: pron
characters:
  maya: {name: Maya, color: "#7fb3d5"}
variables:
  player: {value: Sam, ask: "Name?"}
  pron: {value: they, one_of: [he, she, they], ask: "Pronouns?"}
  patience: {value: 0, min: 0, max: 3, meter: Patience}
  sincerity: {value: 0, min: 0, max: 10, meter: Sincerity}
lessons:
  listen: {title: Listen, theme: patience, text: Hear them out.}
  wait: {title: Wait, theme: patience, text: Let it come.}
"""


def generate(folder: Path, n: int, seed: int = 7) -> Path:
    """Write a story of `n` scenes into `folder`, split into chapter files under the size cap."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(STORY_HEAD, encoding="utf-8")
    (folder / "assets" / "images").mkdir(parents=True, exist_ok=True)
    (folder / "assets" / "images" / "room.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    rng = random.Random(seed)
    for start in range(0, n, SCENES_PER_FILE):
        body = "".join(_scene(i, n, rng) for i in range(start, min(start + SCENES_PER_FILE, n)))
        text = f"chapter: Part {start // SCENES_PER_FILE + 1}\nscenes:\n{body}"
        path = folder / f"{start // SCENES_PER_FILE + 1:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        assert path.stat().st_size < 1_000_000
    return folder


def best(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    """The fastest of several runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def plain_parse(folder: Path) -> list[object]:
    """The floor: read and parse every file with libyaml, nothing else."""
    return [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in story_files(folder)]


def load_and_check(folder: Path) -> None:
    """What `reconnect check` does: a cold load plus the flow checks."""
    result = load_story(folder, cache=None)
    assert result.story is not None, [d.format() for d in result.diagnostics[:5]]
    diags, _, _ = check_flow(result.story)
    assert not any(d.is_error for d in diags), [d.format() for d in diags[:5]]


def measure(folder: Path, n: int, workdir: Path) -> dict[str, float]:
    """All the figures for one generated story."""
    floor = best(lambda: plain_parse(folder))
    load_only = best(lambda: load_story(folder, cache=None))
    full = best(lambda: load_and_check(folder), repeats=3)
    json_dir = workdir / f"json{n}"
    json_dir.mkdir(exist_ok=True)
    for i, data in enumerate(plain_parse(folder)):
        (json_dir / f"{i}.json").write_text(json.dumps(data), encoding="utf-8")
    json_files = sorted(json_dir.glob("*.json"))
    json_floor = best(lambda: [json.loads(p.read_bytes()) for p in json_files])
    cache = StoryCache()
    load_story(folder, cache=cache)
    cached = best(lambda: load_story(folder, cache=cache))
    return {
        "floor": floor,
        "load": load_only,
        "load_check": full,
        "json": json_floor,
        "cached": cached,
    }


def peak_memory(folder: Path) -> float:
    """Peak traced Python memory (MB) while loading and checking."""
    gc.collect()
    tracemalloc.start()
    load_and_check(folder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def steps_per_second(folder: Path, runs: int) -> tuple[float, int]:
    """Random playthroughs: beats shown + choices made per second."""
    story = load_story(folder, cache=None).story
    assert story is not None
    t0 = time.perf_counter()
    report = random_runs(story, runs, seed=1)
    elapsed = time.perf_counter() - t0
    return report.steps / elapsed, report.steps


def runner_costs(folder: Path) -> tuple[float, float]:
    """Seconds for the first `Runner` on a freshly loaded story (compiles it) and a second."""
    story = load_story(folder, cache=None).story
    assert story is not None
    gc.collect()
    t0 = time.perf_counter()
    Runner(story)
    first = time.perf_counter() - t0
    return first, best(lambda: Runner(story))


def loop_story(folder: Path, n: int = 2000) -> Path:
    """A ring of `n` scenes, each with a line and two ways on, for saves of any length."""
    folder.mkdir(parents=True, exist_ok=True)
    head = "format: 1\nid: ring\ntitle: Ring\nstart: c0\n"
    meter = "variables:\n  m: {value: 0, min: 0, max: 5, meter: M}\n"
    (folder / "story.yaml").write_text(head + meter, encoding="utf-8")
    scenes = "".join(
        f"  c{i}:\n    text: Room {i}.\n    choices:\n"
        f"      - {{text: On, goto: c{(i + 1) % n}, set: {{m: +1}}}}\n"
        f"      - {{text: Across, goto: c{(i + 7) % n}}}\n"
        for i in range(n)
    )
    (folder / "001.yaml").write_text(f"chapter: Ring\nscenes:\n{scenes}", encoding="utf-8")
    return folder


def restore_seconds(folder: Path, decisions: int) -> float:
    """Seconds to restore a save of `decisions` choices (every one replayed, undo and all)."""
    story = load_story(folder, cache=None).story
    assert story is not None
    runner = Runner(story)
    for k in range(decisions):
        while runner.phase is Phase.BEAT:
            runner.advance()
        runner.choose(k % 2)
    saved = runner.to_json()
    return best(lambda: Runner.restore(story, saved), repeats=3)


def main() -> int:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small stories (smoke test)")
    args = parser.parse_args()
    sizes = (100, 1000) if args.quick else (1000, 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = {}
        for n in sizes:
            folder = generate(work / f"s{n}", n)
            results[n] = measure(folder, n, work)
        small, large = sizes
        print(f"Load benchmark (best of {REPEATS}; ratios against floors measured in this run)")
        print(
            f"{'scenes':>8} {'parse floor':>12} {'load':>8} {'load+check':>11} {'ratio':>7}"
            f" {'json floor':>11} {'cached':>8} {'ratio':>7}"
        )
        for n in sizes:
            r = results[n]
            print(
                f"{n:>8,} {r['floor'] * 1000:>10.1f}ms {r['load'] * 1000:>6.1f}ms"
                f" {r['load_check'] * 1000:>9.1f}ms {r['load_check'] / r['floor']:>6.2f}x"
                f" {r['json'] * 1000:>9.2f}ms {r['cached'] * 1000:>6.2f}ms"
                f" {r['cached'] / r['json']:>6.2f}x"
            )
        growth = results[large]["load_check"] / results[small]["load_check"]
        print(
            f"growth {small:,} -> {large:,} scenes: {growth:.1f}x time for {large // small}x scenes"
        )
        alone = (f"{n:,}: {results[n]['load'] / results[n]['floor']:.2f}x" for n in sizes)
        print("load alone over the parse floor: " + ", ".join(alone))
        peak = peak_memory(work / f"s{large}")
        print(f"peak traced memory, load + check of {large:,} scenes: {peak:.1f} MB")
        runs = 200 if args.quick else 2000
        rates = [steps_per_second(work / f"s{large}", runs)[0] for _ in range(3)]
        print(
            f"random playthroughs ({large:,}-scene story): {statistics.median(rates):,.0f} steps/s"
        )
        first, second = runner_costs(work / f"s{large}")
        print(
            f"Runner on the {large:,}-scene story: first {first * 1000:.1f}ms"
            " (compiles the scenes it reaches),"
            f" second {second * 1000:.3f}ms"
        )
        ring = loop_story(work / "ring")
        short, long = (1000, 4000) if args.quick else (4000, 16_000)
        t_short, t_long = restore_seconds(ring, short), restore_seconds(ring, long)
        print(
            f"restore a save of {short:,} / {long:,} decisions: {t_short * 1000:.0f}ms /"
            f" {t_long * 1000:.0f}ms, {t_long / t_short:.1f}x for {long // short}x decisions"
        )
        shipped = shipped_story()
        if load_story(shipped, cache=None).ok:
            rate, steps = steps_per_second(shipped, 2000)
            print(f"random playthroughs (shipped story): {rate:,.0f} steps/s over {steps:,} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
