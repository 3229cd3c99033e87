"""The speed table of issue 14: every figure as a ratio over a floor measured in this run.

- cold load of the unchanged 10,000-scene story in a new process, over `json.load` of its data
  (also in a new process);
- `check` of the shipped story over loading it, first with no proof kept and then again with
  the proof of the unchanged story kept in the cache folder;
- load + check of the 10,000-scene story over a libyaml parse, and its peak traced memory;
- choices per second through `Runner` with the policy "option i mod n" (undo and history kept),
  over a plain dict walker on the same story;
- startup to the first title frame over a bare pygame-ce script (bench/ui.py measures it).

Run: `python bench/speed.py` (or `make bench`); `--quick` uses a 1,000-scene story; `--runner`
prints only the Runner row.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import best, generate, plain_parse  # noqa: E402
from game.authoring.check import check_story  # noqa: E402
from game.engine.loader import StoryCache, load_story  # noqa: E402
from game.engine.program import Program, compiled  # noqa: E402
from game.engine.runner import Phase, Runner  # noqa: E402
from game.resources import shipped_story  # noqa: E402

CHOICES = 200_000

# Run in a fresh interpreter: the figure is what a new process pays, imports excluded.
COLD_CHILD = """\
import json, sys, time
from pathlib import Path
mode, folder = sys.argv[1], Path(sys.argv[2])
if mode == "json":
    files = sorted(folder.glob("*.json"))
    t0 = time.perf_counter()
    data = [json.loads(p.read_bytes()) for p in files]
else:
    from game.engine.loader import load_story
    from game.persistence.story_cache import disk_cache
    cache = disk_cache()
    t0 = time.perf_counter()
    result = load_story(folder, cache=cache)
    assert result.story is not None and len(result.story.scenes) > 0
print(time.perf_counter() - t0)
"""


def _child_seconds(mode: str, folder: Path, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", COLD_CHILD, mode, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"bench child ({mode}) failed:\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def _cold_child_available() -> bool:
    try:
        import game.persistence.story_cache  # noqa: F401
    except ImportError:
        return False
    return True


def cold_load(folder: Path, work: Path) -> tuple[float, float]:
    """Best seconds of a new process's load of the unchanged story, and of its `json.load`."""
    json_dir = work / "json"
    json_dir.mkdir(exist_ok=True)
    for i, data in enumerate(plain_parse(folder)):
        (json_dir / f"{i:03d}.json").write_text(json.dumps(data), encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), PYTHONPATH=str(ROOT))
    floor = min(_child_seconds("json", json_dir, env) for _ in range(5))
    if not _cold_child_available():  # before the disk cache: every load parses again
        return best(lambda: load_story(folder, cache=None), repeats=3), floor
    _child_seconds("load", folder, env)  # writes the cache
    return min(_child_seconds("load", folder, env) for _ in range(5)), floor


def check_shipped(work: Path) -> tuple[float, float, float]:
    """Seconds to load the shipped story, to check it with nothing kept, and to check it again."""
    folder = shipped_story()
    os.environ["XDG_CACHE_HOME"] = str(work / "check-cache")
    load = best(lambda: load_story(folder, cache=None))
    fresh = work / "fresh-cache"

    def first() -> None:
        # A new, empty cache folder every time: nothing proved before.
        os.environ["XDG_CACHE_HOME"] = str(fresh / str(time.perf_counter_ns()))
        check_story(folder, cache=_process_cache(), proofs=_process_proofs())

    cold = best(first, repeats=3)
    os.environ["XDG_CACHE_HOME"] = str(work / "check-cache")
    check_story(folder, cache=_process_cache(), proofs=_process_proofs())
    warm = best(lambda: check_story(folder, cache=_process_cache(), proofs=_process_proofs()))
    return load, cold, warm


def _process_cache() -> Any:
    """What a new `reconnect check` process starts with: the disk cache, or nothing kept."""
    if _cold_child_available():
        from game.persistence.story_cache import disk_cache

        return disk_cache()
    return StoryCache()


def _process_proofs() -> Any:
    """The proofs a new `reconnect check` process finds: the disk proof cache."""
    from game.persistence.story_cache import proof_cache

    return proof_cache()


def large_check(folder: Path) -> tuple[float, float, float]:
    """Libyaml parse floor, load + check with nothing kept, and peak traced MB of the latter."""
    floor = best(lambda: plain_parse(folder), repeats=3)

    def load_check() -> None:
        result = load_story(folder, cache=None)
        assert result.story is not None
        from game.authoring.check import check_flow

        check_flow(result.story)

    full = best(load_check, repeats=3)
    gc.collect()
    tracemalloc.start()
    load_check()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return floor, full, peak / 1e6


def runner_rate(folder: Path, choices: int) -> float:
    """Choices per second through `Runner`, option i mod n, a new game at each ending."""
    story = load_story(folder, cache=None).story
    assert story is not None
    # Every scene compiled outside the timing: the row measures steps, not compiling (a game
    # compiles each scene when it first reaches it, which bench/load.py's first Runner shows).
    compiled(story).scenes.items()
    made = 0
    runner = Runner(story)
    gc.collect()
    t0 = time.perf_counter()
    while made < choices:
        phase = runner.phase
        if phase is Phase.BEAT:
            runner.advance()
        elif phase is Phase.CHOICE:
            options = runner.options
            runner.choose(made % len(options))
            made += 1
        else:
            runner = Runner(story)
    return made / (time.perf_counter() - t0)


def _dict_story(program: Program) -> dict[str, tuple[tuple[str, object, tuple[object, ...]], ...]]:
    return {
        sid: tuple(
            (c.goto, cs.choice_conditions[i], cs.choice_effects[i])
            for i, c in enumerate(cs.scene.choices)
        )
        for sid, cs in program.scenes.items()
    }


def walker_rate(folder: Path, choices: int) -> float:
    """The floor: a plain walker over dicts, same conditions, same policy, no history."""
    story = load_story(folder, cache=None).story
    assert story is not None
    program = compiled(story)
    scenes = _dict_story(program)
    start = dict(Runner(story).values)
    made, sid, values, visits = 0, story.start, dict(start), {story.start: 1}
    t0 = time.perf_counter()
    while made < choices:
        options = [c for c in scenes[sid] if c[1] is None or c[1](values, visits)]  # type: ignore[operator]
        if not options:
            sid, values, visits = story.start, dict(start), {story.start: 1}
            continue
        goto, _, effects = options[made % len(options)]
        Program.apply(effects, values, visits)  # type: ignore[arg-type]
        sid = goto
        visits[sid] = visits.get(sid, 0) + 1
        made += 1
    return made / (time.perf_counter() - t0)


def startup() -> Any:
    """Bench/ui.py's startup figures: best seconds of the bare script and of the app."""
    from bench import ui

    os.environ.update(ui._env())
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        return ui.measure_startup(Path(tmp), ui.REPEATS)


def _row(what: str, value: str, floor: str, ratio: float, aim: str) -> str:
    return f"{what:<44} {value:>12} {floor:>14} {ratio:>8.2f}x  {aim}"


def runner_only(n: int, choices: int) -> int:
    """Print only the Runner row (its floor measured in the same run)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / f"s{n}", n)
        rate = runner_rate(folder, choices)
        floor_rate = walker_rate(folder, choices)
    print(
        _row("Runner choices/s, option i mod n", f"{rate:,.0f}/s", f"{floor_rate:,.0f}/s",
             floor_rate / rate, "aim >= 50,000/s (ratio: walker over Runner)")
    )  # fmt: skip
    return 0


def _check_rows() -> int:
    """Only the shipped story's check, over its load."""
    with tempfile.TemporaryDirectory() as tmp:
        load, check_cold, check_warm = check_shipped(Path(tmp))
    ms: Callable[[float], str] = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    rows = [
        f"{'work':<44} {'Reconnect':>12} {'floor':>14} {'ratio':>9}  aim",
        _row("check, shipped story, nothing kept", ms(check_cold), ms(load),
             check_cold / load, "<= 20x load"),
        _row("check, shipped story, unchanged since proof", ms(check_warm), ms(load),
             check_warm / load, "<= 2x load"),
    ]  # fmt: skip
    print("\n".join(rows))
    return 0


def main() -> int:
    """Generate, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 1,000-scene story (smoke test)")
    parser.add_argument("--runner", action="store_true", help="only the Runner row")
    parser.add_argument(
        "--check-only", action="store_true", help="only the two rows of the shipped story's check"
    )
    args = parser.parse_args()
    if args.check_only:
        return _check_rows()
    n = 1000 if args.quick else 10_000
    if args.runner:
        return runner_only(n, CHOICES // 10 if args.quick else CHOICES)
    ms: Callable[[float], str] = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = generate(work / f"s{n}", n)
        cold, json_floor = cold_load(folder, work)
        load, check_cold, check_warm = check_shipped(work)
        parse, full, peak = large_check(folder)
        rate = runner_rate(folder, CHOICES // 10 if args.quick else CHOICES)
        floor_rate = walker_rate(folder, CHOICES // 10 if args.quick else CHOICES)
        up = startup()
    print(f"Speed table (issue 14; {n:,}-scene generated story; floors measured in this run)")
    print(f"{'work':<44} {'Reconnect':>12} {'floor':>14} {'ratio':>9}  aim")
    rows = [
        _row(f"cold load, new process, {n:,} scenes", ms(cold), ms(json_floor),
             cold / json_floor, "<= 3x json.load"),
        _row("check, shipped story, nothing kept", ms(check_cold), ms(load),
             check_cold / load, "<= 20x load"),
        _row("check, shipped story, unchanged since proof", ms(check_warm), ms(load),
             check_warm / load, "<= 2x load"),
        _row(f"load + check, {n:,} scenes", ms(full), ms(parse), full / parse,
             "<= 3x libyaml parse"),
        _row(f"peak memory, load + check, {n:,} scenes", f"{peak:.1f} MB", "100 MB",
             peak / 100, "<= 1x (100 MB)"),
        _row("Runner choices/s, option i mod n", f"{rate:,.0f}/s", f"{floor_rate:,.0f}/s",
             floor_rate / rate, "aim >= 50,000/s (ratio: walker over Runner)"),
        _row("start to the first title frame", ms(up.app_first), ms(up.bare_first),
             up.app_first / up.bare_first, "<= 1.5x bare pygame-ce"),
        _row("start, one frame, quit: whole process", ms(up.app_whole), ms(up.bare_whole),
             up.app_whole / up.bare_whole, "(for reference: the app ready)"),
    ]  # fmt: skip
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
