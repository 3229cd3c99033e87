"""Window benchmark: startup, idle CPU and frame times of the headless app.

Prints, measured in one run (these machines are shared and noisy, so each figure comes with a
floor measured here, now, the same way):
- startup to the first drawn title frame, as a ratio over a bare pygame script that opens a
  window and draws one line of text (both new processes timed to their first flip, SDL's
  dummy drivers, best of 5), and the same two whole runs to their exit (the app after one
  more frame and quit), which include what the app still loads after its first frame;
- CPU used while a scene waits for input (5 s of real time), as % of one core;
- the 99th-percentile frame time while text is revealing at 1920×1080.

The app is driven through `reconnect play --headless --script FILE --shots DIR --size WxH
--data-dir DIR`. For the in-process figures a child process wraps `game.window.script.run_script`
before the app is imported, so it can time the app's own `ScriptDriver` calls: `step(1/60)` is
one frame, `sleep(5)` is the normal real-time loop.

Run: `python bench/ui.py` (`--keep DIR` keeps the screenshots and data folders to look at).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPEATS = 5
FRAME = 1 / 60
TITLE_SIZE = (1280, 720)
REVEAL_SIZE = (1920, 1080)
FONT_FILE = ROOT / "assets" / "fonts" / "Inter-Regular.otf"

# The floor for startup: everything a window with one line of text needs, nothing more.
BARE_SCRIPT = """\
import sys
import pygame
pygame.init()
screen = pygame.display.set_mode(({w}, {h}))
font = pygame.font.Font({font!r}, 28)
screen.fill((22, 26, 36))
screen.blit(font.render("Reconnect: a story about reaching out", True, (250, 246, 238)), (40, 40))
pygame.display.flip()
pygame.quit()
"""

# Run first in both startup processes: notes when pygame.display.flip first returns, on
# time.monotonic, which is one clock for every process, so the parent can subtract its own
# time from just before it started the process. Optionally saves that first frame.
FIRST_FLIP = """\
import os, sys, time
import pygame
_flip, _noted = pygame.display.flip, []
def _noting_flip():
    _flip()
    if not _noted:
        _noted.append(time.monotonic())
        with open(os.environ["BENCH_FIRST_FLIP"], "w") as out:
            out.write(repr(_noted[0]))
        if os.environ.get("BENCH_FIRST_FRAME"):
            pygame.image.save(pygame.display.get_surface(), os.environ["BENCH_FIRST_FRAME"])
pygame.display.flip = _noting_flip
"""

APP_EXPECTATIONS = """\
bench/ui.py needs the window app, game/window/app.py, and expects:
  1. `python -m game play --headless --script FILE --shots DIR --size WxH --data-dir DIR` plays
     FILE and exits 0 (SDL's dummy video and audio drivers).
  2. The app reads DIR/settings.json with game.persistence.settings.load_settings (the bench writes
     setup_done=true, so the first-launch setup is skipped) and honours text_speed.
  3. With DIR/saves/auto.json present, the title has a "Continue" button (found by
     `click "Continue"` / ScriptDriver.click_label) that opens the scene of that save.
  4. Scripts run through game.window.script.run_script(commands, driver, shots_dir), looked up
     when game.window.app is imported or later (`from .script import run_script` is fine).
  5. driver.step(1/60) runs exactly one frame (events, update, draw if needed, flip) on a
     simulated clock; driver.sleep(s) runs the normal loop for s seconds of real time;
     driver.shot(path) saves the current frame.
"""


class BenchError(Exception):
    """The app did not behave as the benchmark expects; the message says how."""


# --- helpers shared by parent and children --------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # An installed game runs from cached bytecode; without it every start compiles the whole
    # game first. `main` points PYTHONPYCACHEPREFIX into the bench's own folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        PYGAME_HIDE_SUPPORT_PROMPT="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def _run(argv: Sequence[str], what: str, timeout: float = 120) -> float:
    """Run a process to completion; its wall time in seconds. BenchError when it fails."""
    t0 = time.perf_counter()
    done = subprocess.run(
        list(argv), env=_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-12:])
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return elapsed


def _app_argv(script: Path, shots: Path, data: Path, size: tuple[int, int]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "game",
        "play",
        "--headless",
        "--script",
        str(script),
        "--shots",
        str(shots),
        "--size",
        f"{size[0]}x{size[1]}",
        "--data-dir",
        str(data),
    ]


def _child(mode: str, out: Path, *extra: str) -> dict[str, Any]:
    """Run this file in `--child MODE` and return the JSON it wrote."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--out", str(out)]
    _run([*argv, *extra], f"the {mode} measurement")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if "error" in result:
        raise BenchError(str(result["error"]))
    return result


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


def _percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank): at least q% of the values are at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


# --- preparing a data folder ----------------------------------------------------------------------


def _pick_beat(size: tuple[int, int]) -> tuple[Any, int]:
    """A runner on the first beat whose first page holds at least 140 characters at `size`."""
    import pygame

    from game.engine.loader import load_story
    from game.engine.runner import Phase, Runner
    from game.resources import shipped_story
    from game.window.assets import AssetResolver
    from game.window.fonts import FontCache
    from game.window.theme import DEFAULT_THEME
    from game.window.widgets import TextBox, UIContext, scene_layout

    story = load_story(shipped_story()).story
    if story is None:
        raise BenchError("the shipped story does not load")
    pygame.init()
    ctx = UIContext.create(DEFAULT_THEME, FontCache(AssetResolver()), size)
    box = TextBox()
    box.layout(ctx, scene_layout(ctx).text_box)
    runner = Runner(story)
    for _ in range(500):
        if runner.phase is Phase.BEAT and runner.line is not None:
            box.set_text(runner.line.text, runner.line.name, reveal=False)
            first = box.pages[0]
            if first.end - first.start >= 140:
                return runner, first.end - first.start
            runner.advance()
        elif runner.phase is Phase.CHOICE:
            runner.choose(0)
        else:
            break
    raise BenchError("no beat of the shipped story is long enough to time its reveal")


def prepare_data(folder: Path, *, text_speed: int, size: tuple[int, int]) -> int:
    """A data folder past the first-launch setup, with an autosave on a long beat.

    Returns how many characters the first page of that beat holds at `size`.
    """
    from game.persistence.paths import saves_dir
    from game.persistence.saves import slot_path, write_save
    from game.persistence.settings import SETTINGS_FILE, Settings, save_settings

    folder.mkdir(parents=True, exist_ok=True)
    save_settings(folder / SETTINGS_FILE, Settings(setup_done=True, text_speed=text_speed))
    runner, page_chars = _pick_beat(size)
    story = runner.story
    write_save(
        slot_path(saves_dir(folder), "auto"),
        story_id=story.id,
        story_hash=story.content_hash,
        story_version=story.version,
        label=runner.chapter,
        scene=runner.state.scene,
        state=runner.to_json(),
    )
    return page_chars


# --- children: each measurement in a fresh process ------------------------------------------------


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.partition("x")
    return int(w), int(h)


def _child_app(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run the app in this process with `run_script` wrapped to measure `mode`."""
    import game.window.script as script_module

    original = script_module.run_script
    result: dict[str, Any] = {}

    def fail(message: str) -> BenchError:
        result["error"] = message  # kept even if the app swallows the exception
        return BenchError(message)

    def measuring_run_script(
        commands: Any, driver: Any, shots_dir: Path | None, *rest: Any, **kw: Any
    ) -> None:
        original(commands, driver, shots_dir, *rest, **kw)
        shots = Path(shots_dir) if shots_dir is not None else args.work / f"shots-{mode}"
        shots.mkdir(parents=True, exist_ok=True)
        driver.shot(shots / "title.png")
        if not driver.click_label("Continue"):
            raise fail('the title has no "Continue" button for the autosave')
        driver.step(0.5)  # past any fade into the scene; the reveal is under way
        driver.shot(shots / "scene.png")
        if _same_image(shots / "title.png", shots / "scene.png"):
            raise fail('"Continue" did not leave the title screen')
        if mode == "idle":
            # Simulated time (cheap: the driver jumps ahead when nothing moves) for toasts,
            # banners and fades to finish, so what is measured is a scene at rest.
            driver.step(30.0)
            wall0, cpu0 = time.perf_counter(), _cpu_seconds()
            driver.sleep(args.seconds)
            wall, cpu = time.perf_counter() - wall0, _cpu_seconds() - cpu0
            result.update(wall=wall, cpu=cpu)
        else:
            times = []
            for _ in range(args.frames):
                t0 = time.perf_counter()
                driver.step(FRAME)
                times.append(time.perf_counter() - t0)
            result.update(frames=times)
        driver.quit()

    # Before game.window.app is imported, so `from .script import run_script` gets the wrapper.
    script_module.run_script = measuring_run_script
    if importlib.util.find_spec("game.window.app") is None:
        return {"error": "game/window/app.py is missing"}
    from game.cli import main as cli_main

    script = args.work / f"{mode}.txt"
    script.write_text("wait 0.05\n", encoding="utf-8")
    argv = _app_argv(script, args.work / f"shots-{mode}", args.data, _size(args.size))
    try:
        code = cli_main(argv[3:])  # drop "python -m game"
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    if "error" in result:
        return {"error": result["error"]}
    if code != 0:
        return {"error": f"the app exited with {code} during the {mode} measurement"}
    if not result:
        return {
            "error": "the app never called game.window.script.run_script, so the benchmark "
            "could not drive it (see expectation 4)"
        }
    return result


def _child_floor(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    """The bare-pygame floors: an idle event loop, and a full-window redraw per frame."""
    import pygame

    pygame.init()
    size = _size(args.size)
    screen = pygame.display.set_mode(size)
    font = pygame.font.Font(str(FONT_FILE), 37)
    background = pygame.Surface(size)
    background.fill((60, 70, 90))
    if mode == "floor-idle":
        # What an idle window must do at least: wait for events with a timeout, nothing else.
        wall0, cpu0 = time.perf_counter(), _cpu_seconds()
        end = wall0 + args.seconds
        while time.perf_counter() < end:
            pygame.event.wait(max(1, int((end - time.perf_counter()) * 1000)))
        return {"wall": time.perf_counter() - wall0, "cpu": _cpu_seconds() - cpu0}
    # One redraw of a revealing text box: background, one freshly rendered line, flip.
    text = "It has been four months. Your thumb hovers over the name in your phone."
    times = []
    for i in range(args.frames):
        t0 = time.perf_counter()
        pygame.event.pump()
        screen.blit(background, (0, 0))
        screen.blit(font.render(text[: 1 + i % len(text)], True, (242, 238, 230)), (80, 800))
        pygame.display.flip()
        times.append(time.perf_counter() - t0)
    return {"frames": times}


def child_main(args: argparse.Namespace) -> int:
    """Entry point of the child processes: measure, then write JSON to --out."""
    try:
        if args.child.startswith("floor-"):
            result = _child_floor(args.child, args)
        else:
            result = _child_app(args.child, args)
    except BenchError as err:
        result = {"error": str(err)}
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- the parent: run everything, print ------------------------------------------------------------


def _same_image(a: Path, b: Path) -> bool:
    import pygame

    return bool(
        pygame.image.tobytes(pygame.image.load(str(a)), "RGB")
        == pygame.image.tobytes(pygame.image.load(str(b)), "RGB")
    )


def _blank(path: Path) -> bool:
    import pygame

    image = pygame.image.load(str(path))
    return bool(pygame.transform.average_color(image)[:3] == image.get_at((0, 0))[:3])


@dataclass(frozen=True)
class Startup:
    """Best seconds of the bare script and of the app: to the first flip, and to exit."""

    bare_first: float
    app_first: float
    bare_whole: float
    app_whole: float


def _timed(code: str, what: str, work: Path, frame: Path | None = None) -> tuple[float, float]:
    """Run `python -c code` after FIRST_FLIP: seconds to its first flip, and to its exit."""
    noted = work / "first-flip.txt"
    noted.unlink(missing_ok=True)
    os.environ["BENCH_FIRST_FLIP"] = str(noted)
    if frame is None:
        os.environ.pop("BENCH_FIRST_FRAME", None)
    else:
        os.environ["BENCH_FIRST_FRAME"] = str(frame)
    start = time.monotonic()
    whole = _run([sys.executable, "-c", FIRST_FLIP + code], what)
    if not noted.is_file():
        raise BenchError(f"{what} never flipped a frame")
    return float(noted.read_text(encoding="utf-8")) - start, whole


def measure_startup(work: Path, repeats: int) -> Startup:
    """Best times of the bare pygame script and of the app to their first (title) frame."""
    w, h = TITLE_SIZE
    bare = BARE_SCRIPT.format(w=w, h=h, font=str(FONT_FILE))
    data = work / "data-startup"
    prepare_data(data, text_speed=40, size=TITLE_SIZE)
    shots = work / "shots-startup"
    # Untimed first: the title really is drawn (and caches like .pyc are warm for both).
    check = work / "title.txt"
    check.write_text("wait 0.05\nshot title\nquit\n", encoding="utf-8")
    _run(_app_argv(check, shots, data, TITLE_SIZE), "the app (title screenshot)")
    title = shots / "title.png"
    if not title.is_file() or _blank(title):
        raise BenchError("the app did not draw a title frame (shot title is missing or blank)")
    quit_script = work / "quit.txt"
    # One simulated frame, then quit: the title frame is drawn, nothing else happens.
    quit_script.write_text(f"wait {FRAME:.6f}\nquit\n", encoding="utf-8")
    play = _app_argv(quit_script, shots, data, TITLE_SIZE)[3:]  # drop "python -m game"
    # As `reconnect` and `python -m game` run it: game.cli.run, with this command line.
    app = f"sys.argv = ['reconnect', *{play!r}]\nfrom game.cli import run\nrun()\n"
    # What is timed is the title: the first frame the app puts on the screen must be it.
    first = work / "first-frame.png"
    _timed(app, "the app", work, frame=first)
    if not _same_image(first, title):
        raise BenchError("the first frame the app showed is not its title frame")
    _timed(bare, "the bare pygame script", work)
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "app": []}
    for _ in range(repeats):  # interleaved, so a burst of machine load hits both alike
        runs["bare"].append(_timed(bare, "the bare pygame script", work))
        runs["app"].append(_timed(app, "the app", work))
    return Startup(
        bare_first=min(f for f, _ in runs["bare"]),
        app_first=min(f for f, _ in runs["app"]),
        bare_whole=min(w for _, w in runs["bare"]),
        app_whole=min(w for _, w in runs["app"]),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print; exit 2 with the app's expectations when there is no app yet."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=REPEATS, help="startup runs (best of)")
    parser.add_argument("--seconds", type=float, default=5.0, help="idle time to measure")
    parser.add_argument("--frames", type=int, default=150, help="revealing frames per run")
    parser.add_argument("--keep", type=Path, help="keep screenshots and data in this folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", default="1920x1080", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args)

    if importlib.util.find_spec("game.window.app") is None:
        print("The window app (game/window/app.py) is not there yet; nothing to measure.")
        print(APP_EXPECTATIONS, end="")
        return 2
    os.environ.update(_env())  # this process loads fonts to pick the beat: no real window

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # not in the source tree
        try:
            report = run_all(work, args)
        except BenchError as err:
            print(f"bench/ui.py could not measure the app: {err}", file=sys.stderr)
            print(APP_EXPECTATIONS, end="", file=sys.stderr)
            return 1
    print(report)
    return 0


def run_all(work: Path, args: argparse.Namespace) -> str:
    """Every measurement; the printed report."""
    lines = ["Window benchmark (SDL dummy drivers; floors measured in this run)"]

    up = measure_startup(work, args.repeats)
    lines += [
        f"startup to the first title frame: {up.app_first * 1000:.0f} ms vs bare pygame "
        f"{up.bare_first * 1000:.0f} ms = {up.app_first / up.bare_first:.2f}x "
        f"(aim <= 1.5x; best of {args.repeats})",
        f"startup, one frame, quit, whole process: {up.app_whole * 1000:.0f} ms vs bare pygame "
        f"{up.bare_whole * 1000:.0f} ms = {up.app_whole / up.bare_whole:.2f}x",
        "  app: interpreter start, imports, story load, settings, fonts, the title drawn and "
        f"flipped at {TITLE_SIZE[0]}x{TITLE_SIZE[1]} (the first frame: kept from the last start "
        "when it is, see game/window/kept_frame.py), then one simulated frame, quit and exit",
        "  both: new processes timed from just before they start, to their first flip and to "
        "their exit; bytecode cached (as installed); after one untimed warm-up run",
        "  floor: interpreter start, import pygame, init, open the window, load one font, "
        "draw one line, flip, quit and exit",
    ]

    size = f"{REVEAL_SIZE[0]}x{REVEAL_SIZE[1]}"
    idle_data = work / "data-idle"
    prepare_data(idle_data, text_speed=0, size=REVEAL_SIZE)
    common = ["--work", str(work), "--size", size, "--seconds", str(args.seconds)]
    idle = _child("idle", work / "idle.json", "--data", str(idle_data), *common)
    idle_floor = _child("floor-idle", work / "floor-idle.json", *common)
    pct = 100 * idle["cpu"] / idle["wall"]
    floor_pct = 100 * idle_floor["cpu"] / idle_floor["wall"]
    lines += [
        f"CPU while a scene waits for input: {pct:.2f}% of one core over "
        f"{idle['wall']:.1f} s of real time (aim <= 2%); bare pygame event.wait loop: "
        f"{floor_pct:.2f}%",
    ]

    reveal_data = work / "data-reveal"
    page_chars = prepare_data(reveal_data, text_speed=40, size=REVEAL_SIZE)
    frames: list[float] = []
    for run in range(3):  # three fresh processes: p99 needs more frames than one beat gives
        got = _child(
            "frames",
            work / f"frames{run}.json",
            "--data",
            str(reveal_data),
            "--frames",
            str(args.frames),
            *common,
        )
        frames += got["frames"]
    floor_frames = _child("floor-frames", work / "floor-frames.json", "--frames", "450", *common)
    p99 = _percentile(frames, 99) * 1000
    floor_p99 = _percentile(floor_frames["frames"], 99) * 1000
    revealed = 40 * (0.5 + args.frames * FRAME)
    lines += [
        f"frame time while text reveals at {size}: p99 {p99:.2f} ms, median "
        f"{statistics.median(frames) * 1000:.2f} ms, worst {max(frames) * 1000:.2f} ms over "
        f"{len(frames)} frames (aim p99 <= 8 ms)",
        f"  a {page_chars}-character page at 40 characters/s; the frames cover characters "
        f"{int(40 * 0.5)}-{int(revealed)}, so every one is mid-reveal",
        f"  floor: bare pygame full-window blit + one rendered line + flip: p99 {floor_p99:.2f} ms "
        f"({p99 / floor_p99:.1f}x)",
    ]
    if page_chars < revealed:
        lines.append("  note: the page ends before the last frames; later frames may be idle")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
