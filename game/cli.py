"""The `reconnect` command and its subcommands."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from game import __version__
from game.resources import shipped_assets, shipped_story

if TYPE_CHECKING:
    from game.authoring.guarantees import Finding
    from game.engine.diagnostics import Diagnostic
    from game.engine.loader import LoadResult
    from game.engine.model import Story
    from game.engine.start import Start

    # What `add_subparsers` returns: each subcommand's builder adds its parser to it.
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

# Everything past argument parsing (the loader, the checker, saves and settings, the window) is
# imported by the commands that use them, so starting the game pays only for what it needs
# (startup time is measured in bench/ui.py).


def _story_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "story", nargs="?", type=Path, help="story folder (default: the shipped story)"
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every subcommand, or for `only` that one (a start of the game
    parses its own options without building nine other parsers first)."""
    parser = argparse.ArgumentParser(
        prog="reconnect",
        description="Reconnect: a choose-your-path story about sincerity, patience and growth.",
    )
    parser.add_argument("--version", action="version", version=f"reconnect {__version__}")
    sub = parser.add_subparsers(dest="command")
    for name, add in _SUBCOMMANDS.items():
        if only is None or name == only:
            add(sub)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command line's options. `reconnect` and `reconnect play ...` build only the play
    parser; anything else, or a mistake in them, goes to the whole parser and its messages."""
    if not argv or argv[0] == "play":
        args, unknown = build_parser("play").parse_known_args(argv)
        if not unknown:
            return args
    return build_parser().parse_args(argv)


def _add_play(sub: Subparsers) -> None:
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


def _add_check(sub: Subparsers) -> None:
    check = sub.add_parser("check", help="report every problem in a story; exit 1 on errors")
    _story_arg(check)
    check.add_argument("--max-states", type=int, default=None, help=argparse.SUPPRESS)
    check.add_argument("-v", "--verbose", action="store_true", help="also say what the cache did")
    check.add_argument(
        "--watch", action="store_true", help="check again each time a story file is saved"
    )


def _add_explore(sub: Subparsers) -> None:
    explore = sub.add_parser(
        "explore", help="prove which endings, scenes and lessons can be reached"
    )
    _story_arg(explore)
    explore.add_argument(
        "--random", type=int, default=0, metavar="N", help="also play N random runs"
    )
    explore.add_argument("--seed", type=int, default=1, metavar="S", help="seed for random runs")
    explore.add_argument(
        "--prefer",
        choices=["kept"],
        default=None,
        help="also play the random runs as a player who takes lesson-keeping choices",
    )
    explore.add_argument("--json", action="store_true", help="print everything as JSON")
    explore.add_argument("--max-states", type=int, default=None, help="state bound")


def _add_map(sub: Subparsers) -> None:
    map_ = sub.add_parser("map", help="draw the scene graph (Graphviz DOT, or SVG/PNG with `dot`)")
    _story_arg(map_)
    map_.add_argument(
        "-o",
        "--output",
        type=Path,
        help="map.dot, or map.svg / map.png: the .dot beside it and the picture drawn by "
        "Graphviz when it is installed (default: DOT on stdout)",
    )
    map_.add_argument(
        "--force", action="store_true", help="replace an existing file `map` did not draw"
    )
    map_.add_argument("--max-states", type=int, default=None, help=argparse.SUPPRESS)


def _add_schema(sub: Subparsers) -> None:
    schema = sub.add_parser("schema", help="print the JSON Schema of story files, for editors")
    schema.add_argument(
        "-o", "--output", type=Path, help="write it here (e.g. STORY/.reconnect/schema.json)"
    )


def _add_report(sub: Subparsers) -> None:
    report = sub.add_parser(
        "report", help="write a session report (HTML and Markdown) of a save or autosave"
    )
    report.add_argument("save", help="a save slot name (e.g. auto, slot1) or a save file")
    report.add_argument("story", nargs="?", type=Path, help="story folder (default: shipped)")
    report.add_argument("-o", "--output", type=Path, help="OUT: writes OUT.html and OUT.md")
    report.add_argument("--data-dir", help="where saves are (default: the game's)")


def _add_guide(sub: Subparsers) -> None:
    guide = sub.add_parser("guide", help="write a teacher guide of a story (HTML and Markdown)")
    _story_arg(guide)
    guide.add_argument("-o", "--output", type=Path, help="OUT: writes OUT.html and OUT.md")


def _add_test(sub: Subparsers) -> None:
    test = sub.add_parser("test", help="play the story's path tests (STORY/tests/*.yaml)")
    test.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="story folders or test files (default: the story here, or the shipped story)",
    )


def _add_new(sub: Subparsers) -> None:
    new = sub.add_parser("new", help="create a small working story to start from")
    new.add_argument("dir", type=Path, help="the folder to create")


_SUBCOMMANDS: dict[str, Callable[[Subparsers], None]] = {
    "play": _add_play,
    "check": _add_check,
    "explore": _add_explore,
    "map": _add_map,
    "schema": _add_schema,
    "report": _add_report,
    "guide": _add_guide,
    "test": _add_test,
    "new": _add_new,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    if argv is None:
        argv = sys.argv[1:]
    args = parse(argv)
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
        if command == "report":
            return _report(args)
        if command == "guide":
            return _guide(args)
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


def run() -> NoReturn:
    """The `reconnect` command as a whole process: runs `main` and exits with its code."""
    code = main()
    # Everything is written and closed by now; the process ends. Frozen objects are left out
    # of the interpreter's last collection, which would otherwise walk every object the story
    # and the window built only to hand the memory back that the OS takes back anyway.
    gc.freeze()
    sys.exit(code)


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
        args = parse(["play"])
    if getattr(args, "vote", False) and (args.text or not args.facilitator):
        print("reconnect: --vote works in the window with --facilitator", file=sys.stderr)
        return 2
    from game.engine.gcpause import paused_gc
    from game.persistence.paths import DataDirError, data_dir, saves_dir

    try:
        base = data_dir(args.data_dir)
        saves = saves_dir(base)
    except DataDirError as err:
        print(f"reconnect: {err}", file=sys.stderr)
        return 1
    with paused_gc():  # starting builds the story and imports the window: no garbage cycles
        args.first_frame = _show_kept_frame(args, base)
        story = _load(args)
        refused = story is None or _refuse_route_loops(story)
        window = None if args.text else _window_runner()
    if story is None or refused:
        return 1
    from game.engine.start import StartError

    try:
        start = _game_start(story, args)
    except StartError as err:
        print(f"reconnect: {err}", file=sys.stderr)
        return 2
    args.game_start = start
    if not args.text:
        if window is not None:
            reason = _no_display_reason() if not args.headless else None
            if reason is None:
                return int(window(story, args, base))
            print(f"{reason}; playing in the terminal instead.", file=sys.stderr)
        else:
            print("The window is not available; playing in the terminal instead.", file=sys.stderr)
    from game.persistence.progress import PROGRESS_FILE
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


def _show_kept_frame(args: argparse.Namespace, base: Path) -> Any:
    """The window's first frame as the last start drew it, shown before anything is loaded
    (game/window/kept_frame.py); None in the terminal, or where the window cannot open."""
    if args.text or (not args.headless and _no_display_reason() is not None):
        return None
    try:
        from game.window.kept_frame import show_kept_frame
    except ImportError:  # no pygame: the terminal it is
        return None
    code = Path(__file__).resolve().parent
    sources = (code, _folder(args), shipped_assets())
    return show_kept_frame(vars(args), sources, base, headless=args.headless)


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
    """Print the checker's route-loop errors; a story that loops would hang or crash play.

    The answer is kept per version of the story's files: deciding it may explore the whole
    story, which would cost every start of an unchanged story seconds on a large one.
    """
    from game.engine.diagnostics import format_all
    from game.persistence.route_cache import route_loop_cache

    kept = route_loop_cache()
    loops = kept.get(story)
    if loops is None:
        from game.authoring.check import route_loops

        loops = route_loops(story)
        kept.put(story, loops)
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
    if result.story is not None and result.guarantees:
        print(_guarantees_text(result.story, result.guarantees), flush=True)
    return 0 if result.ok else 1


def _guarantees_text(story: Story, findings: tuple[Finding, ...]) -> str:
    """Each guarantee's verdict (its worst claim's), then every counterexample as a numbered
    choice list with each choice's file:line, like `explore` prints paths."""
    from game.authoring.explore_text import path_text
    from game.authoring.guarantees import Verdict
    from game.engine.diagnostics import location

    order = [Verdict.COUNTEREXAMPLE, Verdict.UNPROVEN, Verdict.PROVEN]
    worst = {g.id: Verdict.PROVEN for g in story.guarantees}
    for f in findings:
        if order.index(f.verdict) < order.index(worst[f.guarantee]):
            worst[f.guarantee] = f.verdict
    proven = sum(v is Verdict.PROVEN for v in worst.values())
    out = [f"\nGuarantees: {proven} of {len(worst)} proven"]
    for gid, verdict in worst.items():
        out.append(f"  {'✓' if verdict is Verdict.PROVEN else '✗'} {gid}: {verdict.value}")
        for f in findings:
            if f.guarantee != gid or f.verdict is Verdict.PROVEN:
                continue
            out.append(f"      {f.claim}")
            if f.ending is None:
                continue
            drawn = ", ".join(
                f"{k} = {str(v).lower() if isinstance(v, bool) else v}"
                for k, v in f.origin.answers.items()
            )
            out.append(
                f"      a play ending at '{f.ending}'" + (f" (with {drawn})" if drawn else "")
            )
            texts = path_text(story, f.path)
            for n, ((sid, i), text) in enumerate(zip(f.path, texts, strict=True), 1):
                where = location(story.scenes[sid].choices[i].span)
                out.append(f"      {n:>3}. {where}  {text}")
    return "\n".join(out)


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


def _explore(args: argparse.Namespace) -> int:
    story = _load(args)
    if story is None:
        return 1
    from game.authoring.explore import explore
    from game.authoring.explore_text import exploration_json, print_exploration, runs_json
    from game.authoring.playthroughs import random_runs

    result = explore(story, max_states=_max_states(args))
    data = exploration_json(story, result)
    players = [("random", None)] + ([("prefer_kept", args.prefer)] if args.prefer else [])
    for key, prefer in players if args.random else []:
        report = random_runs(story, args.random, args.seed, prefer=prefer)
        data[key] = runs_json(story, report, args.seed, prefer)
    failed = bool(result.softlocks or result.loops) or not all(
        e["reachable"] for e in data["endings"].values()
    )
    failed = failed or not (result.complete or result.proven)
    if args.json:
        import json

        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_exploration(story, result, data)
    return 1 if failed else 0


def _map(args: argparse.Namespace) -> int:
    from game.authoring.explore import explore
    from game.authoring.map import MapOutputError, story_dot, write_map
    from game.engine.diagnostics import format_all
    from game.engine.loader import load_story

    folder = _folder(args)
    if args.story is None:
        print(f"Using {_which_story(folder)}", file=sys.stderr)
    result = load_story(folder, draft=True)
    story = result.story
    if result.diagnostics:
        print(format_all(result.diagnostics), file=sys.stderr)
    if story is None:
        return 1
    unreachable: set[str] = set()
    if result.ok:
        found = explore(story, max_states=_max_states(args))
        # Red means proved unreachable: after a partial search, a scene not yet found is not.
        if found.complete or found.proven:
            unreachable = set(story.scenes) - found.scenes
    else:
        print(
            "The story has errors: the map shows what could be read, "
            "and marks no scene unreachable.",
            file=sys.stderr,
        )
    dot = story_dot(story, unreachable)
    out: Path | None = args.output
    if out is None:
        print(dot)
        return 0 if result.ok else 1
    try:
        written = write_map(dot, out, force=args.force)
    except MapOutputError as err:
        print(f"reconnect map: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {', '.join(str(p) for p in written.paths)}")
    if written.note:
        print(f"Note: {written.note}", file=sys.stderr)
    return 0 if result.ok else 1


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


def _report(args: argparse.Namespace) -> int:
    from game.classroom.cli import write_report_of_save
    from game.persistence.paths import DataDirError, data_dir, saves_dir

    story = _load(args)
    if story is None:
        return 1
    try:
        saves = saves_dir(data_dir(args.data_dir))
    except DataDirError as err:
        print(f"reconnect: {err}", file=sys.stderr)
        return 1
    return write_report_of_save(story, args.save, saves, args.output)


def _guide(args: argparse.Namespace) -> int:
    from game.classroom.cli import write_guide_of_story

    story = _load(args)
    if story is None:
        return 1
    return write_guide_of_story(story, args.output)


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
