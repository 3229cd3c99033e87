"""Scaled pictures kept in the user cache folder, so the title is not decoded and scaled anew.

Decoding a full-HD PNG and smooth-scaling it costs tens of milliseconds at every start, before
the first frame. A kept copy is the scaled pixels as they are (nothing to decode), in a file
named by a hash of the source file's bytes, the size and the fit: a changed picture or another
window size is simply another file. A file of the wrong length cannot be those pixels and is
ignored with a note, then written again; any right-length file is only ever a picture.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from game.persistence.atomic import atomic_write_bytes
from game.persistence.errors import SaveError

log = logging.getLogger(__name__)

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
class KeptImages:
    """Scaled pictures on disk in `folder`, by source bytes, size and fit."""

    folder: Path
    notes: list[str] = field(default_factory=list)
    run: Runner = _now

    def read(self, source: Path, size: tuple[int, int], fit: str) -> pygame.Surface | None:
        """The kept picture, or None (with a note when a file was there but bad)."""
        path = self._path(source, size, fit)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None  # not kept yet
        except OSError as exc:
            return self._ignore(path, f"cannot be read ({exc.strerror or exc})")
        w, h = size
        alpha = {w * h * 3: False, w * h * 4: True}.get(len(data))
        if alpha is None:
            return self._ignore(path, f"holds {len(data)} bytes, not a {w}×{h} picture")
        try:
            return pygame.image.frombytes(data, size, "RGBA" if alpha else "RGB")
        except (pygame.error, ValueError) as exc:
            return self._ignore(path, f"could not be read as pixels ({exc})")

    def keep(self, source: Path, size: tuple[int, int], fit: str, image: pygame.Surface) -> None:
        """Keep `image` (the picture at `source` scaled to `size` by `fit`) for later runs."""
        path = self._path(source, size, fit)
        if path is None or image.get_size() != size:
            return
        alpha = image.get_flags() & pygame.SRCALPHA
        data = pygame.image.tobytes(image, "RGBA" if alpha else "RGB")
        self.run(lambda: self._write(path, data))

    def _write(self, path: Path, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
        except (OSError, SaveError) as err:
            self._note(f"kept picture {path} was not written: {err}")
            return
        self._prune()

    def _prune(self) -> None:
        """Forget all but the newest MAX_KEPT pictures."""
        found = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        for _, path in sorted(found, reverse=True)[MAX_KEPT:]:
            with contextlib.suppress(OSError):
                path.unlink()

    def _path(self, source: Path, size: tuple[int, int], fit: str) -> Path | None:
        try:
            picture = source.read_bytes()
        except OSError:
            return None
        digest = hashlib.blake2b(f"{FORMAT}\0{fit}\0{size[0]}x{size[1]}\0".encode(), digest_size=16)
        digest.update(picture)
        return self.folder / f"{digest.hexdigest()}{SUFFIX}"

    def _ignore(self, path: Path, why: str) -> pygame.Surface | None:
        """Note that the file at `path` is not used, and why; None, for `read` to return."""
        self._note(f"kept picture {path} {why}; it is ignored and made again")
        with contextlib.suppress(OSError):
            os.remove(path)
        return None

    def _note(self, message: str) -> None:
        self.notes.append(message)
        log.info(message)
