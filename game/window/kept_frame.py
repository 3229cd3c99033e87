"""The window's first frame, kept from the last start, shown while the game is still loading.

Starting the game imports the engine and the window's screens and reads the story from its
cache: a few hundred milliseconds on a classroom laptop before anything is drawn. What the
first frame shows depends only on what is on disk (the game's code, the story and assets, the
player's settings and saves), the command line and the screen, so the pixels the app drew first
last time are kept, with a description of all of that, and put in the window as soon as pygame
is up: only a file whose description is this start's, byte for byte, is shown.
The app then draws its own first frame over them; when the two differ (a start the hash did not
foresee) the kept pixels are written again, so the next start is right. Input that arrives in
between waits in SDL's queue for the app: nothing the player does is lost.

This module is imported before anything else of the window, so it imports little.
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.persistence.paths import cache_dir
from game.resources import shipped_assets

from .kept_images import KeptPixels, Runner

TITLE = "Reconnect"
# 2: a header (magic, frame width and height, the set_mode request, the length of the
# description), the description of the start the frame was drawn for, and raw RGB rows.
FORMAT = 2
_MAGIC = b"RCF2"
_HEADER = struct.Struct("<4s4IiI")
# The window's icon, set before the window opens (else pygame loads its own first).
ICON = Path("images") / "icon.png"
_MODES = frozenset({pygame.RESIZABLE, pygame.FULLSCREEN})
_LARGEST = 16384
# A frame is a few megabytes; one per window size and start in use is plenty.
MAX_KEPT = 3
# Starts whose first frame is not the title (or the first-launch setup) are not kept: a resumed
# or jumped-to scene, and class voting, whose page shows the network address.
_NOT_KEPT = ("load", "start", "checkpoint", "vote")
# What the app does after its first frame, not what that frame shows.
_AFTER = frozenset({"script", "shots"})
# Folders whose files change without changing the frame (bytecode, the game's logs, version
# control): never part of the key.
_SKIPPED = frozenset({"__pycache__", "logs", ".git"})

# Input before the app's first frame (waiting in SDL's queue while the kept frame showed) makes
# that frame another one than a start shows: it is not kept.
CHANGES_THE_FRAME = frozenset(
    {
        pygame.KEYDOWN,
        pygame.KEYUP,
        pygame.TEXTINPUT,
        pygame.TEXTEDITING,
        pygame.MOUSEMOTION,
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEWHEEL,
        pygame.FINGERDOWN,
        pygame.FINGERUP,
        pygame.FINGERMOTION,
        pygame.VIDEORESIZE,
        pygame.WINDOWSIZECHANGED,
        pygame.WINDOWRESIZED,
        pygame.DROPFILE,
    }
)

Mode = tuple[tuple[int, int], int]


@dataclass(frozen=True)
class FirstFrame:
    """This start's description, and the kept pixels already in the window (None: nothing was
    shown)."""

    key: bytes
    shown: memoryview | None
    folder: Path


def show_kept_frame(
    options: Mapping[str, object], sources: Iterable[Path], base: Path, *, headless: bool
) -> FirstFrame | None:
    """Put the frame kept for a start like this one in the window; None when none is kept.

    `options` are the command line's, `sources` the folders whose files the frame is drawn
    from (the game's code, the story, the shipped assets), `base` the player's data folder.
    """
    if any(options.get(name) for name in _NOT_KEPT):
        return None
    if headless:
        use_dummy_drivers()
    pygame.display.init()
    key = frame_key(options, sources, base, _screen(headless))
    folder = cache_dir() / "frames"
    store = KeptPixels(folder, limit=MAX_KEPT)
    data = store.read_file(file_name(key))
    frame = None if data is None else _decode(store, key, data)
    if frame is None:
        return FirstFrame(key, None, folder)
    size, (request, flags), pixels = frame
    name_window(shipped_assets())
    window = pygame.display.set_mode(request, flags)
    if window.get_size() != size:
        return FirstFrame(key, None, folder)  # the screen gives another size now: draw afresh
    window.blit(pygame.image.frombuffer(pixels, size, "RGB"), (0, 0))
    pygame.display.flip()
    return FirstFrame(key, pixels, folder)


def name_window(assets: Path) -> None:
    """Give the window its title and icon. Called before the window opens: opening it without
    an icon would load pygame's own, and a window should not change its icon once shown."""
    pygame.display.set_caption(TITLE)
    try:
        pygame.display.set_icon(pygame.image.load(str(assets / ICON)))
    except (pygame.error, OSError) as err:
        import logging  # only when the icon is missing: logging is not needed before the frame

        logging.getLogger(__name__).warning("window icon %s: %s; pygame's is used", ICON, err)


def use_dummy_drivers() -> None:
    """Headless: no real window or sound. SDL reads these when it starts, so call it first."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"


def keep_first_frame(first: FirstFrame, window: pygame.Surface, mode: Mode, run: Runner) -> None:
    """The app drew its first frame in `window`: keep it for the next start unless it is kept."""
    pixels = pygame.image.tobytes(window, "RGB")
    if first.shown is not None and memoryview(pixels) == first.shown:
        return
    (mw, mh), flags = mode
    w, h, key = window.get_width(), window.get_height(), first.key
    header = _HEADER.pack(_MAGIC, w, h, mw, mh, flags, len(key))
    store = KeptPixels(first.folder, run=run, limit=MAX_KEPT)
    store.keep_file(file_name(key), header + key + pixels)


def frame_key(
    options: Mapping[str, object], sources: Iterable[Path], base: Path, screen: object
) -> bytes:
    """A description of everything the first frame is drawn from (stats of files the game
    reads whole, the bytes of the small files it rewrites, the options, the screen and today's
    date). It is kept whole with the frame, not as a hash: nothing is taken on trust."""
    parts: list[bytes] = [f"kept frame {FORMAT}".encode()]

    def feed(*items: object) -> None:
        parts.append(repr(items).encode())

    feed(pygame.version.ver, pygame.get_sdl_version(), screen, time.strftime("%Y-%m-%d"))
    feed(sorted((k, str(v)) for k, v in options.items() if k not in _AFTER))
    feed(sorted((k, v) for k, v in os.environ.items() if k.startswith(("SDL_", "RECONNECT_"))))
    for folder in sources:
        feed(str(folder), sorted(_stats(folder)))
    for small in sorted(_files(base)):
        feed(small.name, _read(small))  # settings and endings found: rewritten unchanged too
    feed(sorted(_stats(base / "saves")))
    return b"\0".join(parts)


def file_name(key: bytes) -> str:
    """The kept file's name for a start's description: a checksum (the file holds the whole
    description, so a clash only means another start's frame is not shown)."""
    return f"{zlib.crc32(key):08x}-{len(key):x}"


def _screen(headless: bool) -> object:
    """What the window's size can follow: nothing headless, else the desktop's sizes."""
    return "headless" if headless else tuple(pygame.display.get_desktop_sizes())


def _stats(folder: Path, prefix: str = "") -> Iterable[tuple[str, int, int]]:
    """(path, size, mtime) of every file under `folder`, skipping caches and logs."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name in _SKIPPED:
            continue
        name = prefix + entry.name
        try:
            if entry.is_dir():
                yield from _stats(Path(entry.path), name + "/")
            else:
                info = entry.stat()
                yield name, info.st_size, info.st_mtime_ns
        except OSError:
            yield name, -1, -1


def _files(folder: Path) -> Iterable[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder) if e.is_file()]
    except OSError:
        return []


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _decode(
    store: KeptPixels, key: bytes, data: bytes
) -> tuple[tuple[int, int], Mode, memoryview] | None:
    """A kept frame's size, set_mode request and pixels; None when it is not this start's
    (noted when it is not a frame at all)."""
    name = file_name(key)
    if len(data) < _HEADER.size:
        store.ignore(name, "is too short to be a frame")
        return None
    magic, w, h, mw, mh, flags, told = _HEADER.unpack_from(data)
    sizes_ok = 0 < w <= _LARGEST and 0 < h <= _LARGEST and mw <= _LARGEST and mh <= _LARGEST
    if magic != _MAGIC or not sizes_ok or flags not in _MODES:
        store.ignore(name, "does not start like a kept frame")
        return None
    view = memoryview(data)
    start = _HEADER.size + told
    if told != len(key) or view[_HEADER.size : start] != key:
        return None  # another start's frame with the same checksum: drawn afresh, then kept
    # Written by keep_first_frame, a window's frame is its requested size; full screen asks (0, 0).
    if (mw, mh) != ((0, 0) if flags == pygame.FULLSCREEN else (w, h)):
        store.ignore(name, f"holds a {w}×{h} frame for a {mw}×{mh} window")
        return None
    pixels = view[start:]
    if len(pixels) != w * h * 3:
        store.ignore(name, f"holds {len(pixels)} bytes of pixels, not a {w}×{h} frame")
        return None
    return (w, h), ((mw, mh), flags), pixels
