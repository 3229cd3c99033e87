"""The first frame kept from the last start: shown at once, always the frame the app then draws.

Each start is a real `reconnect play --headless` process that saves every frame it flips, so
the tests see what a player would: which pixels reached the screen, in which order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from game.persistence.settings import SETTINGS_FILE, Settings, save_settings
from game.resources import shipped_assets
from game.window import kept_frame
from game.window.kept_frame import frame_key

from .headless_start import start_game

CODE = Path(__file__).resolve().parents[2] / "game"

# Runs the game after making pygame.display.flip save each flipped frame, numbered.
FLIPS = """\
import sys
from pathlib import Path
import pygame
flip, out = pygame.display.flip, Path(sys.argv[1])
def saving_flip():
    flip()
    pygame.image.save(pygame.display.get_surface(), str(out / f"{len(list(out.iterdir())):02}.png"))
pygame.display.flip = saving_flip
from game.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _start(tmp: Path, *extra: str) -> list[bytes]:
    """One start to the title and out; the RGB bytes of every frame it flipped, in order."""
    flips = tmp / "flips"
    if flips.exists():
        for old in flips.iterdir():
            old.unlink()
    flips.mkdir(exist_ok=True)
    argv = ["--size", "960x600", "--data-dir", str(tmp / "data"), *extra]
    start_game(FLIPS, flips, tmp / "script.txt", *argv)
    return [
        pygame.image.tobytes(pygame.image.load(str(path)), "RGB")
        for path in sorted(flips.iterdir())
    ]


def _kept(cache: Path) -> list[Path]:
    return sorted((cache / "frames").glob("*.pixels"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    save_settings(folder / SETTINGS_FILE, Settings(setup_done=True))
    return folder


def test_a_second_start_shows_at_once_the_frame_the_first_start_drew(
    tmp_path: Path, data: Path
) -> None:
    cache = Path(os.environ["RECONNECT_CACHE_DIR"])
    first = _start(tmp_path)
    assert first, "the first start flipped no frame"
    assert len(_kept(cache)) == 1
    kept = _kept(cache)[0]
    written = kept.stat().st_mtime_ns

    second = _start(tmp_path)
    # The kept frame comes first, before the app has loaded; the app's own first frame is the
    # very same picture, so the player sees no change when it takes over.
    assert second[0] == first[0]
    assert second[1:] == first
    assert kept.stat().st_mtime_ns == written  # right already: not written again


def test_a_changed_start_draws_afresh_and_keeps_the_new_frame(tmp_path: Path, data: Path) -> None:
    cache = Path(os.environ["RECONNECT_CACHE_DIR"])
    plain = _start(tmp_path)
    save_settings(data / SETTINGS_FILE, Settings(setup_done=True, high_contrast=True))
    contrast = _start(tmp_path)
    assert contrast[0] != plain[0]  # never the old picture for new settings
    assert len(_kept(cache)) == 2
    again = _start(tmp_path)
    assert again[0] == contrast[0]


def _key_in(kept: Path) -> bytes:
    """The description of the start a kept file was drawn for (it follows the header)."""
    data = kept.read_bytes()
    told = kept_frame._HEADER.unpack_from(data)[-1]
    return data[kept_frame._HEADER.size : kept_frame._HEADER.size + told]


def _frame(key: bytes, w: int, h: int, mw: int, mh: int, flags: int, pixels: int) -> bytes:
    header = kept_frame._HEADER.pack(b"RCF2", w, h, mw, mh, flags, len(key))
    return header + key + b"\0" * pixels


FRESH = pygame.RESIZABLE


@pytest.mark.parametrize(
    "damage",
    [
        lambda key: b"",
        lambda key: b"not a frame at all",
        lambda key: b"RCF2" + b"\xff" * 24,  # sizes far past any screen
        lambda key: _frame(key, 4, 4, 4, 4, FRESH, 47),  # one byte of pixels short
        lambda key: _frame(key, 4, 4, 9, 4, FRESH, 48),  # pixels for another window size
        lambda key: _frame(key, 4, 4, 4, 4, pygame.FULLSCREEN, 48),  # full screen asks (0, 0)
        lambda key: _frame(key, 4, 4, 4, 4, 12345, 48),  # no window mode the app asks for
        lambda key: _frame(key[:-1] + b"?", 960, 600, 960, 600, FRESH, 960 * 600 * 3),  # a clash
        lambda key: _frame(key, 960, 600, 960, 600, FRESH, 48)[: -len(key) - 48],  # cut short
    ],
)
def test_a_damaged_kept_frame_is_ignored_and_written_again(
    tmp_path: Path, data: Path, damage: Callable[[bytes], bytes]
) -> None:
    cache = Path(os.environ["RECONNECT_CACHE_DIR"])
    first = _start(tmp_path)
    kept = _kept(cache)[0]
    bad = damage(_key_in(kept))
    kept.write_bytes(bad)
    damaged = _start(tmp_path)
    assert damaged == first  # only the app's own frames: the bad file was not shown
    assert kept.read_bytes() != bad  # made again for the next start
    assert _start(tmp_path)[0] == first[0]


@pytest.mark.parametrize("option", ["load", "start", "checkpoint", "vote"])
def test_starts_that_do_not_open_on_the_title_keep_no_frame(data: Path, option: str) -> None:
    cache = Path(os.environ["RECONNECT_CACHE_DIR"])
    assert kept_frame.show_kept_frame({option: "x"}, [CODE], data, headless=True) is None
    assert not (cache / "frames").exists()


def _key(data: Path, story: Path, **options: object) -> bytes:
    return frame_key(options, (CODE, story, shipped_assets()), data, "headless")


def test_the_key_follows_what_the_first_frame_is_drawn_from(tmp_path: Path, data: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    (story / "story.yaml").write_text("title: A\n", encoding="utf-8")
    base = _key(data, story)
    assert _key(data, story) == base
    # What happens after the first frame does not change it...
    assert _key(data, story, script="a.txt", shots="shots") == base
    (data / "logs").mkdir()
    (data / "logs" / "reconnect.log").write_text("a run\n", encoding="utf-8")
    assert _key(data, story) == base
    # ...what it is drawn from does.
    assert _key(data, story, size="800x600") != base
    (story / "story.yaml").write_text("title: B\n", encoding="utf-8")
    changed_story = _key(data, story)
    assert changed_story != base
    (data / "saves").mkdir()
    (data / "saves" / "auto.json").write_text("{}", encoding="utf-8")
    with_save = _key(data, story)
    assert with_save != changed_story
    save_settings(data / SETTINGS_FILE, Settings(setup_done=True, text_speed=10))
    assert _key(data, story) != with_save
    assert frame_key({}, (CODE, story), data, ((1920, 1080),)) != frame_key(
        {}, (CODE, story), data, ((1280, 800),)
    )


# Notes which modules were loaded when the first frame reached the screen.
MODULES_AT_FIRST_FLIP = """\
import json, sys
import pygame
flip, noted = pygame.display.flip, []
def noting_flip():
    flip()
    if not noted:
        noted.append(sorted(sys.modules))
pygame.display.flip = noting_flip
from game.cli import main
code = main(sys.argv[2:])
json.dump(noted[0], open(sys.argv[1], "w"))
sys.exit(code)
"""


def test_the_kept_frame_is_on_screen_before_the_story_or_the_window_is_loaded(
    tmp_path: Path, data: Path
) -> None:
    _start(tmp_path)  # keeps the title's frame
    out = tmp_path / "modules.json"
    argv = ["--size", "960x600", "--data-dir", str(data)]
    start_game(MODULES_AT_FIRST_FLIP, out, tmp_path / "script.txt", *argv)
    loaded = set(json.loads(out.read_text(encoding="utf-8")))
    assert "game.window.kept_frame" in loaded
    later = ("game.engine.model", "game.engine.loader", "game.window.app", "game.window.screens")
    assert [name for name in later if name in loaded] == []
    # Nor what only a later part of the start needs (hashing pictures' names, the log).
    assert [name for name in ("hashlib", "logging") if name in loaded] == []


# Notes the window calls that name and open the window, in order.
WINDOW_CALLS = """\
import json, sys
import pygame
calls = []
def noting(name, call, what):
    def noted(*args):
        calls.append([name, what(args)])
        return call(*args)
    setattr(pygame.display, name, noted)
noting("set_icon", pygame.display.set_icon, lambda args: list(args[0].get_size()))
noting("set_caption", pygame.display.set_caption, lambda args: args[0])
noting("set_mode", pygame.display.set_mode, lambda args: list(args[0]))
from game.cli import main
code = main(sys.argv[2:])
json.dump(calls, open(sys.argv[1], "w"))
sys.exit(code)
"""


@pytest.mark.parametrize("kept", [False, True], ids=["drawn", "kept"])
def test_the_window_has_its_name_and_icon_before_it_opens(
    tmp_path: Path, data: Path, kept: bool
) -> None:
    if kept:
        _start(tmp_path)  # keeps the title's frame, which the start below shows first
    out = tmp_path / "calls.json"
    argv = ["--size", "960x600", "--data-dir", str(data)]
    start_game(WINDOW_CALLS, out, tmp_path / "script.txt", *argv)
    calls = json.loads(out.read_text(encoding="utf-8"))
    first_mode = [name for name, _ in calls].index("set_mode")
    assert ["set_icon", [128, 128]] in calls[:first_mode]
    assert ["set_caption", "Reconnect"] in calls[:first_mode]
    assert ["set_mode", [960, 600]] in calls


def test_a_missing_icon_leaves_the_window_with_pygame_s_and_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pygame.display.init()
    with caplog.at_level("WARNING"):
        kept_frame.name_window(tmp_path / "no-assets")
    assert pygame.display.get_caption()[0] == "Reconnect"
    assert "icon.png" in caplog.text and "pygame's is used" in caplog.text


# Presses F1 (help) while the kept frame is on screen and the game is still loading.
PRESS_WHILE_LOADING = """\
import sys
import pygame
import game.cli as cli
load = cli._load
def load_after_a_key(args):
    for kind in (pygame.KEYDOWN, pygame.KEYUP):
        pygame.event.post(pygame.event.Event(kind, key=pygame.K_F1, mod=0, unicode="", scancode=0))
    return load(args)
cli._load = load_after_a_key
sys.exit(cli.main(sys.argv[2:]))
"""
SHOT = """\
import sys
from game.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_key_pressed_while_the_kept_frame_shows_is_not_lost(tmp_path: Path, data: Path) -> None:
    _start(tmp_path)  # keeps the title's frame
    argv = ["--size", "960x600", "--data-dir", str(data)]
    pressed = tmp_path / "pressed.txt"
    pressed.write_text("key f1\nwait 0.1\nshot help\nquit\n", encoding="utf-8")
    start_game(SHOT, tmp_path, pressed, *argv, "--shots", str(tmp_path / "pressed"))
    early = tmp_path / "early.txt"
    early.write_text("wait 0.1\nshot help\nquit\n", encoding="utf-8")
    start_game(PRESS_WHILE_LOADING, tmp_path, early, *argv, "--shots", str(tmp_path / "early"))
    help_page = pygame.image.load(str(tmp_path / "pressed" / "help.png"))
    early_page = pygame.image.load(str(tmp_path / "early" / "help.png"))
    assert pygame.image.tobytes(early_page, "RGB") == pygame.image.tobytes(help_page, "RGB")
    # What the keys led to is not what a start shows: the title stays the kept frame.
    title, *_ = _start(tmp_path)
    assert title != pygame.image.tobytes(help_page, "RGB")
    assert _start(tmp_path)[0] == title
