"""Versioned JSON saves with checksums, atomic writes and one backup per slot.

Nothing the player did is ever lost: a save is written to a temporary file and swapped in
whole, the previous save is kept as `<slot>.json.bak`, and every read verifies the file
byte for byte, falling back to the backup when the main file is damaged.

The envelope is meant to outlive schema changes: every schema is one canonical JSON object
(see `_canonical`) with a `"schema"` number and a `"checksum"` over the rest, so an older
game can always tell "damaged" apart from "made by a newer version".
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .atomic import (
    BACKUP_SUFFIX,
    atomic_write_bytes,
    backup_path,
    os_reason,
    remove_stale_temps,
    write_error,
)
from .errors import Detail, Reason, SaveError

SCHEMA = 1
# A new game keeps this many autosaves: "auto" (this game), "auto-1", "auto-2" (earlier ones).
AUTOSAVES_KEPT = 3

_SAVE_SUFFIX = ".json"
_FIELDS = frozenset({"schema", "story", "saved_at", "label", "scene", "state", "checksum"})
_STORY_FIELDS = frozenset({"id", "hash", "version"})
# Never a leading "-": "-" and "--help" would read as command-line options.
_SLOT_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,31}")
# Labels and scene ids read from a save are shown in lists and notes; a crafted save must
# not be able to make those arbitrarily long.
MAX_SHOWN = 120
# Earliest and latest UTC years shown: a day either side still converts to any time zone.
_YEARS = (2, 9998)
# "con.json" and friends cannot be created on Windows, so a slot may never be named so.
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


@dataclass(frozen=True)
class SaveFile:
    """One verified save: which story it belongs to, where the player was, and their state."""

    path: Path
    story_id: str
    story_hash: str
    story_version: str
    saved_at: str
    label: str
    scene: str
    state: dict[str, Any]

    @property
    def slot(self) -> str:
        """The slot name this file belongs to (the same for the save and its backup)."""
        slot, _ = slot_of(self.path)
        return slot if slot is not None else self.path.stem

    @property
    def saved_at_time(self) -> datetime | None:
        """`saved_at` as an aware UTC datetime; None when it is too far out to show anywhere."""
        try:
            when = datetime.fromisoformat(self.saved_at).astimezone(timezone.utc)
        except (ValueError, OverflowError):
            return None
        return when if _YEARS[0] <= when.year <= _YEARS[1] else None


@dataclass(frozen=True)
class LoadResult:
    """What reading a slot found: the save (maybe the backup) and what went wrong, if anything.

    `error` is the main file's problem; with `save` set as well, the backup was read instead
    (`save.path` is then the backup: keep saving to the slot path). `backup_error` is the
    backup's problem when neither could be read.
    """

    save: SaveFile | None
    error: SaveError | None = None
    backup_error: SaveError | None = None

    @property
    def used_backup(self) -> bool:
        """True when the main file failed and the backup was read instead."""
        return self.save is not None and self.error is not None


# --- Encoding --------------------------------------------------------------------------


def _canonical(obj: Any) -> str:
    """The one serialization of `obj` this module writes and accepts."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _file_bytes(obj: dict[str, Any]) -> bytes:
    return (_canonical(obj) + "\n").encode("utf-8")


def _checksum(body: Mapping[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(_canonical(dict(body)).encode("utf-8")).hexdigest()


def _plain(value: Any, where: str) -> Any:
    """A copy of `value` made of JSON types only; SaveError names the first thing that is not."""
    if value is None or isinstance(value, (bool, int, str)):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _invalid(Detail.UNSTORABLE_TEXT, where) from None
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _invalid(Detail.NOT_FINITE, where)
        return value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _invalid(Detail.KEY_NOT_TEXT, where)
            out[key] = _plain(item, f"{where}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise _invalid(Detail.UNSUPPORTED_TYPE, where, (type(value).__name__,))


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters with "…" in the middle, so both ends still show (a
    message quoting a huge name keeps its closing words)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def _invalid(detail: Detail, subject: str = "", names: tuple[str, ...] = ()) -> SaveError:
    return SaveError(Reason.INVALID, detail=detail, subject=subject, names=names)


# --- Reading ---------------------------------------------------------------------------


def slot_of(path: Path) -> tuple[str | None, bool]:
    """(slot name, is the backup) for a file in the saves folder; slot None for other files."""
    name = path.name
    if name.endswith(_SAVE_SUFFIX + BACKUP_SUFFIX):
        return name[: -len(_SAVE_SUFFIX + BACKUP_SUFFIX)], True
    if name.endswith(_SAVE_SUFFIX):
        return name[: -len(_SAVE_SUFFIX)], False
    return None, False


def read_save(path: Path) -> SaveFile:
    """Read and fully verify one save file; any damage at all raises SaveError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(Reason.MISSING, path) from None
    except OSError as exc:
        raise SaveError(Reason.UNREADABLE, path, os_reason(exc)) from None
    return _decode(data, path)


def _decode(data: bytes, path: Path) -> SaveFile:
    def damaged(detail: Detail, subject: str = "", names: tuple[str, ...] = ()) -> SaveError:
        return SaveError(Reason.DAMAGED, path, detail=detail, subject=subject, names=names)

    if not data:
        raise damaged(Detail.EMPTY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise damaged(Detail.NOT_TEXT) from None
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        raise damaged(Detail.NOT_JSON) from None
    if not isinstance(obj, dict):
        raise damaged(Detail.NOT_A_SAVE)

    # Integrity first, so a flipped schema digit reads as damage, not as a newer version.
    checksum = obj.get("checksum")
    if not isinstance(checksum, str):
        raise damaged(Detail.NO_CHECKSUM)
    body = {k: v for k, v in obj.items() if k != "checksum"}
    try:
        expected = _checksum(body)
        canonical = _file_bytes(obj)
    except (ValueError, RecursionError):  # NaN, lone surrogates, absurd nesting
        raise damaged(Detail.BAD_VALUES) from None
    if checksum != expected:
        raise damaged(Detail.CHECKSUM)
    # Catches edits that survive parsing and leave the checksum right, e.g. "\u001F" for
    # "\u001f", extra spaces or a repeated key. Line endings turned to CRLF (a Windows editor
    # or a mail attachment) change nothing that is read, so they are accepted.
    if canonical != data and canonical != data.replace(b"\r\n", b"\n"):
        raise damaged(Detail.EDITED)

    schema = obj.get("schema")
    if type(schema) is not int:
        raise damaged(Detail.NO_SCHEMA)
    if schema > SCHEMA:
        raise SaveError(Reason.NEWER, path, schema=schema)
    if schema != SCHEMA:
        raise SaveError(Reason.DAMAGED, path, detail=Detail.UNKNOWN_SCHEMA, schema=schema)

    missing = sorted(_FIELDS - obj.keys())
    if missing:
        raise damaged(Detail.MISSING_FIELDS, names=tuple(missing))
    extra = sorted(obj.keys() - _FIELDS)
    if extra:
        raise damaged(Detail.EXTRA_FIELDS, names=tuple(extra))
    story = obj["story"]
    if not isinstance(story, dict) or story.keys() != _STORY_FIELDS:
        raise damaged(Detail.STORY_INCOMPLETE)
    for key in ("label", "scene", "saved_at"):
        if not isinstance(obj[key], str):
            raise damaged(Detail.FIELD_NOT_TEXT, key)
    if not all(isinstance(story[key], str) for key in _STORY_FIELDS):
        raise damaged(Detail.STORY_NOT_TEXT)
    if not isinstance(obj["state"], dict):
        raise damaged(Detail.NO_STATE)
    try:
        when = datetime.fromisoformat(obj["saved_at"])
    except ValueError:
        raise damaged(Detail.BAD_TIME) from None
    if when.utcoffset() is None:
        raise damaged(Detail.NO_TIME_ZONE)

    return SaveFile(
        path=path,
        story_id=story["id"],
        story_hash=story["hash"],
        story_version=story["version"],
        saved_at=obj["saved_at"],
        label=shorten(obj["label"]),
        scene=shorten(obj["scene"]),
        state=obj["state"],
    )


# --- Saves -----------------------------------------------------------------------------


def write_save(
    path: Path,
    *,
    story_id: str,
    story_hash: str,
    story_version: str,
    label: str,
    scene: str,
    state: Mapping[str, Any],
    now: datetime | None = None,
) -> SaveFile:
    """Save atomically, keeping the previous save as the backup; returns what was written.

    A naive `now` is taken as local time. Raises SaveError (Reason.INVALID for a state that is
    not plain JSON data, UNWRITABLE or DISK_FULL when the disk refuses).
    """
    path = Path(path)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    fields = {"story id": story_id, "story hash": story_hash, "story version": story_version}
    fields |= {"label": label, "scene": scene}
    for name, value in fields.items():
        if not isinstance(value, str):
            raise _invalid(Detail.FIELD_NOT_TEXT, name)
    if not isinstance(state, Mapping):
        raise _invalid(Detail.NOT_A_MAPPING, "state")
    try:
        body: dict[str, Any] = {
            "schema": SCHEMA,
            "story": {"id": story_id, "hash": story_hash, "version": story_version},
            "saved_at": moment.isoformat(timespec="milliseconds"),
            "label": _plain(label, "label"),
            "scene": _plain(scene, "scene"),
            "state": _plain(state, "state"),
        }
        _plain(body["story"], "story")
        data = _file_bytes({**body, "checksum": _checksum(body)})
    except RecursionError:
        raise _invalid(Detail.TOO_DEEP, "state") from None
    except ValueError:  # e.g. an integer too long to write as text
        raise _invalid(Detail.UNWRITABLE_VALUE, "state") from None
    # Reading our own bytes back proves the file will load before anything is replaced.
    saved = _decode(data, path)
    atomic_write_bytes(path, data, backup=_should_keep_backup_of_current(path))
    return saved


def _should_keep_backup_of_current(path: Path) -> bool:
    # A damaged main file must not push a good backup out: that backup is then the only
    # copy of the player's progress. Anything else (even a newer-version save) is kept.
    try:
        read_save(path)
    except SaveError as err:
        if err.reason is Reason.DAMAGED:
            try:
                read_save(backup_path(path))
            except SaveError:
                return True
            return False
    return True


def load_with_backup(path: Path) -> LoadResult:
    """Load a save, falling back to its backup; never raises for missing or damaged files."""
    path = Path(path)
    try:
        return LoadResult(read_save(path))
    except SaveError as err:
        main_error = err
    try:
        return LoadResult(read_save(backup_path(path)), main_error)
    except SaveError as err:
        return LoadResult(None, main_error, err)


# --- Slots -----------------------------------------------------------------------------


def _valid_slot(slot: str) -> bool:
    return bool(_SLOT_RE.fullmatch(slot)) and slot.lower() not in _WINDOWS_RESERVED


def slot_path(saves: Path, slot: str) -> Path:
    """The file for a named slot ("auto", "quick", "1".."99" or up to 32 of [A-Za-z0-9_-])."""
    if not isinstance(slot, str) or not _valid_slot(slot):
        raise SaveError(Reason.INVALID, detail=Detail.BAD_SLOT_NAME, subject=str(slot))
    return Path(saves) / f"{slot}{_SAVE_SUFFIX}"


def earlier_autosave(slot: str, n: int) -> str:
    """The name of the `n`th earlier autosave of `slot`: ("auto", 1) -> "auto-1"."""
    return slot if n == 0 else f"{slot}-{n}"


def rotate_autosaves(path: Path, kept: int = AUTOSAVES_KEPT) -> tuple[Path, ...]:
    """Move the autosave at `path` one place along its earlier ones (auto -> auto-1 -> auto-2)
    so a new game can start it afresh; its backup and thumbnail move with it.

    The oldest drops off, except a file that cannot be read: that is moved aside beside it
    (`auto-2.unreadable-<time>.json`), never deleted. Returns the paths moved aside. Raises
    SaveError when the disk refuses, before the autosave has been touched.
    """
    path = Path(path)
    slot = path.name[: -len(_SAVE_SUFFIX)]
    names = [earlier_autosave(slot, n) for n in range(kept)]
    if not any(f.exists() for f in _slot_files(path)):
        return ()
    set_aside: list[Path] = []
    try:
        oldest = path.with_name(names[-1] + _SAVE_SUFFIX)
        for file in (oldest, backup_path(oldest)):
            if not file.exists():
                continue
            try:
                read_save(file)
            except SaveError:
                aside = _aside_path(file, names[-1])
                os.replace(file, aside)
                set_aside.append(aside)
            else:
                file.unlink()
        with contextlib.suppress(FileNotFoundError):
            oldest.with_suffix(".png").unlink()
        for older, newer in zip(reversed(names[:-1]), reversed(names[1:]), strict=True):
            source = path.with_name(older + _SAVE_SUFFIX)
            target = path.with_name(newer + _SAVE_SUFFIX)
            for src, dst in zip(_slot_files(source), _slot_files(target), strict=True):
                with contextlib.suppress(FileNotFoundError):
                    os.replace(src, dst)
    except OSError as exc:
        raise write_error(exc, path) from None
    return tuple(set_aside)


def _aside_path(file: Path, slot: str) -> Path:
    """A free name beside `file` that says it could not be read (and is no slot)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    tail = file.name[len(slot) :]
    for n in range(1, 1000):
        extra = "" if n == 1 else f"-{n}"
        aside = file.with_name(f"{slot}.unreadable-{stamp}{extra}{tail}")
        if not aside.exists():
            return aside
    raise FileExistsError(errno.EEXIST, "too many files set aside", str(file))


def _slot_files(path: Path) -> tuple[Path, Path, Path]:
    """A slot's save, its backup and its thumbnail."""
    return (path, backup_path(path), path.with_suffix(".png"))


def _slot_order(slot: str) -> tuple[int, int, str]:
    if slot == "auto":
        return (0, 0, "")
    if slot.startswith("auto-") and slot[5:].isdigit():
        return (0, int(slot[5:]), "")
    if slot == "quick":
        return (1, 0, "")
    if slot.isdigit():
        return (2, int(slot), slot)
    return (3, 0, slot.lower())


def list_slots(saves: Path) -> list[tuple[str, LoadResult]]:
    """Every slot with a file and what reading it found, auto and quick first, then by number.

    A damaged slot whose backup reads has both the backup's save and the main file's error, so
    a slot list can say "damaged, backup available".
    """
    try:
        names = [entry.name for entry in Path(saves).iterdir()]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SaveError(
            Reason.UNREADABLE, Path(saves), os_reason(exc), detail=Detail.SAVES_FOLDER
        ) from None
    remove_stale_temps(Path(saves))  # crash leftovers: nothing else ever reads them
    slots = set()
    for name in names:
        slot, _ = slot_of(Path(name))
        if slot is not None and _valid_slot(slot):
            slots.add(slot)
    return [
        (slot, load_with_backup(slot_path(saves, slot))) for slot in sorted(slots, key=_slot_order)
    ]


def list_saves(saves: Path) -> list[SaveFile]:
    """The slots whose main file reads cleanly, newest first; damaged ones are left out."""
    good = [r.save for _, r in list_slots(saves) if r.save is not None and r.error is None]
    return sorted(good, key=_newest_first)


def _newest_first(save: SaveFile) -> tuple[int, float]:
    when = save.saved_at_time
    return (1, 0.0) if when is None else (0, -when.timestamp())
