"""The `reconnect` command and its subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import __version__
from game.persistence.paths import DataDirError, data_dir, saves_dir
from game.persistence.progress import PROGRESS_FILE
from game.resources import shipped_story

if TYPE_CHECKING:
    from game.authoring.explore import Exploration
    from game.engine.diagnostics import Diagnostic
    from game.engine.loader import LoadResult
    from game.engine.model import Story
    from game.engine.start import Start

# The loader, checker, explorer, map and starter are imported by the commands that use them,
# so starting the game does not pay for them (startup time is measured in bench/ui.py).


def _story_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "story", nargs="?", type=Path, help="story folder (default: the shipped story)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="reconnect",
        description="Reconnect: a choose-your-path story about sincerity, patience and growth.",
    )
    parser.add_argument("--version", action="version", version=f"reconnect {__version__}")
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play a story (in a window, or --text in the terminal)")
    _story_arg(play)
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--facilitator", action="store_true", help="discussion prompts and pauses")
    play.add_argument("--fullscreen", action="store_true", help="start fullscreen")
    play.add_argument("--scale", type=float, default=None, help="reading size, 0.75 to 2.0")
    play.add_argument("--load", metavar="SLOT", help="resume from a save slot")
    # A string, not a Path: Path("") is ".", and `--data-dir ""` must mean "not given".
    play.add_argument("--data-dir", help="where saves and settings go")
    play.add_argument("--headless", action="store_true", help="no real window (tests, benchmarks)")
    play.add_argument("--script", type=Path, help="with --headless: a script of input commands")
    play.add_argument("--shots", type=Path, help="with --script: folder for screenshots")
    play.add_argument("--size", default=None, help="window size WxH")
    play.add_argument("--seed", type=int, default=None, help="seed for the game's draws")
    play.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="fix a variable or draw (repeatable)",
    )
    play.add_argument("--checkpoint", default=None, metavar="ID", help="start at a checkpoint")
    play.add_argument(
        "--start", default=None, metavar="SCENE", help="start at this scene (to test it)"
    )
    play.add_argument(
        "--vote", action="store_true", help="with --facilitator: class voting from phones"
    )
    play.add_argument("--vote-port", type=int, default=8765, help="port for --vote (8765)")
    play.add_argument("--vote-host", default=None, help="address for --vote (the LAN address)")

    check = sub.add_parser("check", help="report every problem in a story; exit 1 on errors")
    _story_arg(check)
    check.add_argument("--max-states", type=int, default=None, help=argparse.SUPPRESS)
    check.add_argument("-v", "--verbose", action="store_true", help="also say what the cache did")
    check.add_argument(
        "--watch", action="store_true", help="check again each time a story file is saved"
    )

    explore = sub.add_parser(
        "explore", help="prove which endings, scenes and lessons can be reached"
    )
    _story_arg(explore)
    explore.add_argument(
        "--random", type=int, default=0, metavar="N", help="also play N random runs"
    )
    explore.add_argument("--seed", type=int, default=1, metavar="S", help="seed for random runs")
    explore.add_argument("--json", action="store_true", help="print everything as JSON")
    explore.add_argument("--max-states", type=int, default=None, help="state bound")

    map_ = sub.add_parser("map", help="draw the scene graph (Graphviz DOT, or SVG/PNG with `dot`)")
    _story_arg(map_)
    map_.add_argument(
        "-o", "--output", type=Path, help="map.dot, map.svg or map.png (default: stdout)"
    )
    map_.add_argument(
        "--force", action="store_true", help="replace an existing file `map` did not draw"
    )
    map_.add_argument("--max-states", type=int, default=None, help=argparse.SUPPRESS)

    schema = sub.add_parser("schema", help="print the JSON Schema of story files, for editors")
    schema.add_argument(
        "-o", "--output", type=Path, help="write it here (e.g. STORY/.reconnect/schema.json)"
    )

    test = sub.add_parser("test", help="play the story's path tests (STORY/tests/*.yaml)")
    test.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="story folders or test files (default: the story here, or the shipped story)",
    )

    new = sub.add_parser("new", help="create a small working story to start from")
    new.add_argument("dir", type=Path, help="the folder to create")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    command = args.command or "play"
    try:
        if command == "play":
            return _play(args)
        if command == "check":
            return _check(args)
        if command == "explore":
            return _explore(args)
        if command == "map":
            return _map(args)
        if command == "new":
            return _new(args)
        if command == "schema":
            return _schema(args)
        if command == "test":
            return _test(args)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`reconnect explore | head`); that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 2


def _folder(args: argparse.Namespace) -> Path:
    story = getattr(args, "story", None)
    if story is not None:
        return Path(story)
    return _story_here() or shipped_story()


def _story_here() -> Path | None:
    """The current folder when it is a story folder: authors run `reconnect check` inside it."""
    here = Path.cwd()
    return here if (here / "story.yaml").is_file() else None


def _which_story(folder: Path) -> str:
    """The folder, named "the shipped story" when it is that, for saying what is used."""
    return "the shipped story" if folder == shipped_story() else str(folder)


def _load(args: argparse.Namespace) -> Story | None:
    """The story named on the command line; None (diagnostics printed) when it has errors."""
    from game.engine.diagnostics import format_all
    from game.engine.loader import load_story
    from game.persistence.story_cache import disk_cache

    folder = _folder(args)
    if getattr(args, "story", None) is None:
        print(f"Using {_which_story(folder)}", file=sys.stderr)
    result = load_story(folder, cache=disk_cache())
    if not result.ok or result.story is None:
        print(format_all(result.diagnostics), file=sys.stderr)
        return None
    return result.story


def _max_states(args: argparse.Namespace) -> int:
    if args.max_states is not None:
        return int(args.max_states)
    from game.authoring.explore import DEFAULT_MAX_STATES

    return DEFAULT_MAX_STATES


# --- play ------------------------------------------------------------------------------------


def _play(args: argparse.Namespace) -> int:
    if not hasattr(args, "text"):  # plain `reconnect`
        args = build_parser().parse_args(["play"])
    if getattr(args, "vote", False) and (args.text or not args.facilitator):
        print("reconnect: --vote works in the window with --facilitator", file=sys.stderr)
        return 2
    story = _load(args)
    if story is None or _refuse_route_loops(story):
        return 1
    try:
        base = data_dir(args.data_dir)
        saves = saves_dir(base)
    except DataDirError as err:
        print(f"reconnect: {err}", file=sys.stderr)
        return 1
    from game.engine.start import StartError

    try:
        start = _game_start(story, args)
    except StartError as err:
        print(f"reconnect: {err}", file=sys.stderr)
        return 2
    args.game_start = start
    if not args.text:
        window = _window_runner()
        if window is not None:
            reason = _no_display_reason() if not args.headless else None
            if reason is None:
                return int(window(story, args, base))
            print(f"{reason}; playing in the terminal instead.", file=sys.stderr)
        else:
            print("The window is not available; playing in the terminal instead.", file=sys.stderr)
    from game.terminal.play import TextOptions, play_text

    options = TextOptions(
        saves=saves,
        progress=base / PROGRESS_FILE,
        facilitator=args.facilitator,
        echo=not sys.stdin.isatty(),
        load_slot=args.load,
        start=start,
    )
    return play_text(story, sys.stdin, sys.stdout, options)


def _game_start(story: Story, args: argparse.Namespace) -> Start:
    from game.engine.start import Start, StartError, parse_settings, start_scene

    fixed = parse_settings(story, getattr(args, "set", None) or [])
    checkpoint = getattr(args, "checkpoint", None)
    if checkpoint is not None and all(c.id != checkpoint for c in story.checkpoints):
        known = ", ".join(c.id for c in story.checkpoints) or "none"
        raise StartError(f"--checkpoint {checkpoint}: no such checkpoint (known: {known})")
    scene = getattr(args, "start", None)
    if scene is not None:
        if checkpoint is not None:
            raise StartError("give --start or --checkpoint, not both")
        try:
            start_scene(story, scene)
        except StartError as err:
            raise StartError(f"--start {scene}: {err}") from None
    return Start(getattr(args, "seed", None), fixed, checkpoint, scene=scene)


def _refuse_route_loops(story: Story) -> bool:
    """Print the checker's route-loop errors; a story that loops would hang or crash play."""
    from game.authoring.check import route_loops
    from game.engine.diagnostics import format_all

    loops = route_loops(story)
    if loops:
        print(format_all(loops), file=sys.stderr)
        print("This story cannot be played until its route loops are fixed.", file=sys.stderr)
    return bool(loops)


def _window_runner() -> Any:
    try:
        from game.window.app import run_window
    except ImportError:
        return None
    return run_window


def _no_display_reason() -> str | None:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        if os.environ.get("SDL_VIDEODRIVER") not in (None, "", "x11", "wayland"):
            return None
        return "No display is available"
    return None


# --- check, explore, map, new -----------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    folder = _folder(args)
    print(f"Checking {_which_story(folder)}", file=sys.stderr)
    code = _check_once(args, folder)
    if not args.watch:
        return code
    import threading

    from game.authoring.watching import story_changes

    print("Watching for changes (Ctrl+C stops).", file=sys.stderr, flush=True)
    for changed in story_changes(folder, threading.Event()):
        names = ", ".join(_shown_path(path, folder) for path in changed)
        print(f"\n{names} changed: checking again", flush=True)
        code = _check_once(args, folder)
    return code


def _shown_path(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path)


def _check_once(args: argparse.Namespace, folder: Path) -> int:
    from game.authoring.check import check_story
    from game.engine.diagnostics import format_all
    from game.persistence.story_cache import disk_cache, proof_cache

    stories, proofs = disk_cache(), proof_cache()
    progress = _Progress("proving every way through the story...")
    shown: list[Diagnostic] = []

    def loaded(result: LoadResult) -> None:
        # File-level problems first: an author fixing a typo need not wait for the proof.
        shown.extend(result.diagnostics)
        if shown:
            print(format_all(shown).rpartition("\n")[0], flush=True)
        if result.story is not None:
            progress.start()

    try:
        result = check_story(
            folder, max_states=_max_states(args), cache=stories, proofs=proofs, loaded=loaded
        )
    finally:
        progress.stop()
    if args.verbose:
        for note in [*stories.notes, *proofs.notes]:
            print(f"note: {note}", file=sys.stderr)
    later = format_all(result.diagnostics[len(shown) :]).rpartition("\n")[0]
    summary = format_all(result.diagnostics).rpartition("\n")[2]
    print(f"{later}\n{summary}" if later else summary, flush=True)
    return 0 if result.ok else 1


class _Progress:
    """A line on stderr when a proof takes more than a second, so a long check looks alive."""

    def __init__(self, message: str) -> None:
        import threading

        self._timer = threading.Timer(1.0, print, (message,), {"file": sys.stderr, "flush": True})
        self._timer.daemon = True

    def start(self) -> None:
        """Print the line in a second unless stopped first."""
        self._timer.start()

    def stop(self) -> None:
        """Do not print the line (or nothing more, if it was printed)."""
        self._timer.cancel()


def _path_text(story: Story, path: tuple[tuple[str, int], ...]) -> list[str]:
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


def _explore(args: argparse.Namespace) -> int:
    story = _load(args)
    if story is None:
        return 1
    from game.authoring.explore import explore, random_runs

    result = explore(story, max_states=_max_states(args))
    data = exploration_json(story, result)
    if args.random:
        report = random_runs(story, args.random, args.seed)
        runs = report.runs
        data["random"] = {
            "runs": len(runs),
            "seed": args.seed,
            "endings": report.endings(),
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
    failed = bool(result.softlocks or result.loops) or not all(
        e["reachable"] for e in data["endings"].values()
    )
    failed = failed or not (result.complete or result.proven)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_exploration(story, result, data)
    return 1 if failed else 0


def _print_exploration(story: Story, result: Exploration, data: dict[str, Any]) -> None:
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
        for n, step in enumerate(_path_text(story, path), 1):
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
    rnd = data.get("random")
    if rnd:
        print(f"\nRandom playthroughs: {rnd['runs']} (seed {rnd['seed']})")
        for name, count in sorted(rnd["endings"].items(), key=lambda kv: -kv[1]):
            print(f"  {count:>6}  {name}")
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


def _map(args: argparse.Namespace) -> int:
    story = _load(args)
    if story is None:
        return 1
    from game.authoring.explore import explore
    from game.authoring.map import MapOutputError, story_dot, write_map

    found = explore(story, max_states=_max_states(args))
    # Red means proved unreachable: after a partial search, a scene not yet found is not.
    proved = found.complete or found.proven
    dot = story_dot(story, set(story.scenes) - found.scenes if proved else ())
    out: Path | None = args.output
    if out is None:
        print(dot)
        return 0
    try:
        write_map(dot, out, force=args.force)
    except MapOutputError as err:
        print(f"reconnect map: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {out}")
    return 0


def _test(args: argparse.Namespace) -> int:
    from game.authoring.pathrun import run_file
    from game.authoring.pathtests import TESTS_FOLDER, path_test_files
    from game.engine.diagnostics import format_all

    wanted: dict[Path, list[Path]] = {}
    for path in args.paths or [_folder(args)]:
        folder = path if path.is_dir() else _story_above(path)
        if folder is None:
            print(f"reconnect test: '{path}' is not a story folder or a test file in one")
            return 2
        files = path_test_files(folder) if path.is_dir() else [path]
        if not files:
            print(f"reconnect test: no tests in {folder / TESTS_FOLDER}/*.yaml", file=sys.stderr)
            return 1
        wanted.setdefault(folder, []).extend(files)
    ran = failed = 0
    for folder, files in wanted.items():
        print(f"Testing {_which_story(folder)}", file=sys.stderr)
        args.story = folder
        story = _load(args)
        if story is None:
            return 1
        for file in files:
            read, results = run_file(story, file)
            if read.diagnostics:
                print(format_all(read.diagnostics))
                failed += 1
            for result in results:
                ran += 1
                failed += not result.passed
                print(f"{'✓' if result.passed else '✗'} {result.name}")
                for failure in result.failures:
                    print(failure.format())
    print(f"{ran} test{'s' if ran != 1 else ''} run, {failed} failed")
    return 1 if failed else 0


def _story_above(path: Path) -> Path | None:
    """The story folder holding a test file: its folder's parent, or its folder."""
    for folder in (path.parent.parent, path.parent):
        if path.is_file() and (folder / "story.yaml").is_file():
            return folder
    return None


def _schema(args: argparse.Namespace) -> int:
    from game.authoring.schema import schema_text, write_schema

    if args.output is None:
        sys.stdout.write(schema_text())
        return 0
    print(f"Wrote {write_schema(args.output)}", file=sys.stderr)
    return 0


def _new(args: argparse.Namespace) -> int:
    from game.authoring.starter import StarterError, write_starter

    target: Path = args.dir
    try:
        write_starter(target)
    except StarterError as err:
        print(f"reconnect new: {err}.", file=sys.stderr)
        return 1
    print(f"Created a small story in {target}.")
    print(f"  Check it:  reconnect check {target}")
    print(f"  Play it:   reconnect play --text {target}")
    return 0
