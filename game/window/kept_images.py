"""Scaled pictures kept in the user cache folder, so the title is not decoded and scaled anew.

Decoding a full-HD PNG and smooth-scaling it costs tens of milliseconds at every start, before
the first frame. A kept copy is the scaled pixels as they are (nothing to decode), in a file
named by a hash of the source file's bytes, the size and the fit: a changed picture or another
window size is simply another file. A file of the wrong length cannot be those pixels and is
ignored with a note, then written again; any right-length file is only ever a picture.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pygame

# 1: raw RGB or RGBA rows, top to bottom, told apart by the file's length.
FORMAT = 1
SUFFIX = ".pixels"
# Each is a few megabytes (1920×1080 RGB is 6 MB): a handful of window sizes is plenty.
MAX_KEPT = 6
# Runs a job off the frame (the app's disk worker); by default it runs at once.
Runner = Callable[[Callable[[], None]], None]


def _now(job: Callable[[], None]) -> None:
    job()


@dataclass
class KeptPixels:
    """Files of raw pixels in `folder`, named by the caller's hash of what they were made from.

    Only a speed-up: a file that cannot be read, or does not fit, is noted and removed; one that
    cannot be written is noted. At most `limit` files are kept, the newest.
    """

    folder: Path
    notes: list[str] = field(default_factory=list)
    run: Runner = _now
    limit: int = MAX_KEPT

    def read_file(self, name: str) -> bytes | None:
        """The bytes kept as `name`, or None (with a note when a file was there but unreadable)."""
        path = self.folder / f"{name}{SUFFIX}"
        try:
            return path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None  # not kept yet
        except OSError as exc:
            self.ignore(name, f"cannot be read ({exc.strerror or exc})")
            return None

    def keep_file(self, name: str, data: bytes) -> None:
        """Write `data` as `name` off the frame (by `run`), then forget the oldest files."""
        self.run(lambda: self._write(self.folder / f"{name}{SUFFIX}", data))

    def ignore(self, name: str, why: str) -> None:
        """Note that the file `name` is not used, and why, and remove it to be made again."""
        path = self.folder / f"{name}{SUFFIX}"
        self._note(f"kept pixels {path} {why}; it is ignored and made again")
        with contextlib.suppress(OSError):
            os.remove(path)

    def _write(self, path: Path, data: bytes) -> None:
        # Here, not at the top: the kept first frame is read before the writer is needed.
        from game.persistence.atomic import atomic_write_bytes
        from game.persistence.errors import SaveError

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
        except (OSError, SaveError) as err:
            self._note(f"kept pixels {path} were not written: {err}")
            return
        self._prune()

    def _prune(self) -> None:
        """Forget all but the newest `limit` files."""
        found = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        for _, path in sorted(found, reverse=True)[self.limit :]:
            with contextlib.suppress(OSError):
                path.unlink()

    def _note(self, message: str) -> None:
        import logging  # rarely: kept_frame shows the first frame before logging is imported

        self.notes.append(message)
        logging.getLogger(__name__).info(message)


class KeptImages(KeptPixels):
    """Scaled pictures on disk in `folder`, by source bytes, size and fit."""

    def read(self, source: Path, size: tuple[int, int], fit: str) -> pygame.Surface | None:
        """The kept picture, or None (with a note when a file was there but bad)."""
        name = _name(source, size, fit)
        data = None if name is None else self.read_file(name)
        if name is None or data is None:
            return None
        w, h = size
        alpha = {w * h * 3: False, w * h * 4: True}.get(len(data))
        if alpha is None:
            self.ignore(name, f"holds {len(data)} bytes, not a {w}×{h} picture")
            return None
        try:
            return pygame.image.frombytes(data, size, "RGBA" if alpha else "RGB")
        except (pygame.error, ValueError) as exc:
            self.ignore(name, f"could not be read as pixels ({exc})")
            return None

    def keep(self, source: Path, size: tuple[int, int], fit: str, image: pygame.Surface) -> None:
        """Keep `image` (the picture at `source` scaled to `size` by `fit`) for later runs."""
        name = _name(source, size, fit)
        if name is None or image.get_size() != size:
            return
        alpha = image.get_flags() & pygame.SRCALPHA
        self.keep_file(name, pygame.image.tobytes(image, "RGBA" if alpha else "RGB"))


def _name(source: Path, size: tuple[int, int], fit: str) -> str | None:
    import hashlib  # here: the kept first frame is shown before any picture is named

    try:
        picture = source.read_bytes()
    except OSError:
        return None
    digest = hashlib.blake2b(f"{FORMAT}\0{fit}\0{size[0]}x{size[1]}\0".encode(), digest_size=16)
    digest.update(picture)
    return digest.hexdigest()
