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
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

SCHEMA = 1

ErrorKind = Literal["missing", "damaged", "newer", "unreadable", "unwritable", "invalid"]

_SAVE_SUFFIX = ".json"
_BACKUP_SUFFIX = ".bak"
_FIELDS = frozenset({"schema", "story", "saved_at", "label", "scene", "state", "checksum"})
_STORY_FIELDS = frozenset({"id", "hash", "version"})
_SLOT_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
# "con.json" and friends cannot be created on Windows, so a slot may never be named so.
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


class SaveError(Exception):
    """A save could not be written or read; `message` is fit to show the player.

    `kind` tells callers what happened without parsing the text: "missing", "damaged",
    "newer", "unreadable", "unwritable" or "invalid" (a bad slot name or unsavable state).
    """

    def __init__(self, message: str, *, kind: ErrorKind = "damaged") -> None:
        super().__init__(message)
        self.message = message
        self.kind: ErrorKind = kind


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
        slot, _ = _slot_of(self.path)
        return slot if slot is not None else self.path.stem

    @property
    def saved_at_time(self) -> datetime:
        """`saved_at` as an aware UTC datetime."""
        return datetime.fromisoformat(self.saved_at)


@dataclass(frozen=True)
class LoadResult:
    """What `load_with_backup` found: the save (maybe the backup) and what went wrong, if anything.

    When `used_backup` is true, `save.path` is the backup file; keep saving to the slot path.
    """

    save: SaveFile | None
    used_backup: bool
    problem: str | None


# --- Writing files ---------------------------------------------------------------------


def backup_path(path: Path) -> Path:
    """Where the previous version of `path` is kept: "slot1.json" -> "slot1.json.bak"."""
    return path.with_name(path.name + _BACKUP_SUFFIX)


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole.

    With `backup`, the file being replaced is kept at `backup_path(path)`. Raises SaveError.
    """
    path = Path(path)
    folder = path.parent
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # Only now that the new bytes are safely on disk is the old file touched at all.
        moved_away = backup and _keep_backup(path)
        try:
            os.replace(temp, path)
        except BaseException:
            if moved_away:
                # The fallback moved the old file aside; put it back so the slot is not empty.
                with contextlib.suppress(OSError):
                    os.replace(backup_path(path), path)
            raise
        temp = None
    except BaseException as exc:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.remove(temp)
        if isinstance(exc, Exception):
            raise SaveError(
                f"Could not save {path.name} in {folder}: {_os_reason(exc)}.", kind="unwritable"
            ) from exc
        raise
    _fsync_dir(folder)


def atomic_write_text(path: Path, text: str, *, backup: bool = False) -> None:
    """`atomic_write_bytes` for text, encoded as UTF-8 with newlines left as given."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SaveError(
            f"Could not save {Path(path).name}: the text cannot be stored as UTF-8.",
            kind="invalid",
        ) from exc
    atomic_write_bytes(path, data, backup=backup)


def _keep_backup(path: Path) -> bool:
    """Make the current file the backup; True if it had to be moved away from `path`."""
    if not path.exists():
        return False
    bak = backup_path(path)
    # A hard link keeps the old file at `path` too, so there is never a moment with no
    # save in the slot. Not every file system has links; then fall back to a rename.
    try:
        with contextlib.suppress(FileNotFoundError):
            os.remove(bak)
        os.link(path, bak)
    except OSError:
        os.replace(path, bak)
        return True
    return False


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, which is fine.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.rstrip(".").lower()
    return "unexpected error"


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
                raise _invalid(f"{where} holds text that cannot be stored") from None
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _invalid(f"{where} is not a finite number")
        return value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _invalid(f"{where} has a key that is not text")
            out[key] = _plain(item, f"{where}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise _invalid(f"{where} is a {type(value).__name__}, which a save cannot hold")


def _invalid(reason: str) -> SaveError:
    return SaveError(f"This game cannot be saved: {reason}.", kind="invalid")


# --- Reading ---------------------------------------------------------------------------


def _slot_of(path: Path) -> tuple[str | None, bool]:
    """(slot name, is the backup) for a file in the saves folder; slot None for other files."""
    name = path.name
    if name.endswith(_SAVE_SUFFIX + _BACKUP_SUFFIX):
        return name[: -len(_SAVE_SUFFIX + _BACKUP_SUFFIX)], True
    if name.endswith(_SAVE_SUFFIX):
        return name[: -len(_SAVE_SUFFIX)], False
    return None, False


def _slot_phrase(slot: str) -> str:
    return {"auto": "the autosave", "quick": "the quick save"}.get(slot, f"slot {slot}")


def _subject(path: Path) -> str:
    """How a message names the file: "The save in slot 2", "The backup of the autosave"."""
    slot, is_backup = _slot_of(path)
    if slot is None:
        return f'The save file "{path.name}"'
    phrase = _slot_phrase(slot)
    if is_backup:
        return f"The backup of {phrase}"
    if slot in ("auto", "quick"):
        return phrase[0].upper() + phrase[1:]
    return f"The save in {phrase}"


def _missing(path: Path) -> str:
    slot, is_backup = _slot_of(path)
    if slot is None:
        return f'There is no save file "{path.name}".'
    if is_backup:
        return f"There is no backup of {_slot_phrase(slot)}."
    if slot in ("auto", "quick"):
        return f"There is no {_slot_phrase(slot)[4:]}."
    return f"There is no save in {_slot_phrase(slot)}."


def read_save(path: Path) -> SaveFile:
    """Read and fully verify one save file; any damage at all raises SaveError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(_missing(path), kind="missing") from None
    except OSError as exc:
        raise SaveError(
            f"{_subject(path)} could not be read ({_os_reason(exc)}).", kind="unreadable"
        ) from None
    return _decode(data, path)


def _decode(data: bytes, path: Path) -> SaveFile:
    subject = _subject(path)

    def damaged(reason: str) -> SaveError:
        return SaveError(f"{subject} is damaged ({reason}).", kind="damaged")

    if not data:
        raise damaged("the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise damaged("the file is not valid text") from None
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        raise damaged("the file is cut short or not valid JSON") from None
    if not isinstance(obj, dict):
        raise damaged("the file does not hold a save")

    # Integrity first, so a flipped schema digit reads as damage, not as a newer version.
    checksum = obj.get("checksum")
    if not isinstance(checksum, str):
        raise damaged("it has no checksum")
    body = {k: v for k, v in obj.items() if k != "checksum"}
    try:
        expected = _checksum(body)
        canonical = _file_bytes(obj)
    except (ValueError, RecursionError):  # NaN, lone surrogates, absurd nesting
        raise damaged("it holds values a save cannot contain") from None
    if checksum != expected:
        raise damaged("checksum does not match")
    # Catches edits that survive parsing and leave the checksum right, e.g. "\u001F" for
    # "\u001f", extra spaces or a repeated key.
    if canonical != data:
        raise damaged("the file was changed outside the game")

    schema = obj.get("schema")
    if type(schema) is not int:
        raise damaged("it has no format version")
    if schema > SCHEMA:
        raise SaveError(
            f"{subject} was made by a newer version of Reconnect (schema {schema}). "
            "Update the game to load it.",
            kind="newer",
        )
    if schema != SCHEMA:
        raise damaged(f"unknown format version {schema}")

    missing = sorted(_FIELDS - obj.keys())
    if missing:
        raise damaged(f"missing {_names(missing)}")
    extra = sorted(obj.keys() - _FIELDS)
    if extra:
        raise damaged(f"unexpected {_names(extra)}")
    story = obj["story"]
    if not isinstance(story, dict) or story.keys() != _STORY_FIELDS:
        raise damaged("the story details are incomplete")
    for key in ("label", "scene", "saved_at"):
        if not isinstance(obj[key], str):
            raise damaged(f'"{key}" is not text')
    if not all(isinstance(story[key], str) for key in _STORY_FIELDS):
        raise damaged("the story details are not text")
    if not isinstance(obj["state"], dict):
        raise damaged("the game state is missing")
    try:
        when = datetime.fromisoformat(obj["saved_at"])
    except ValueError:
        raise damaged("the save time is not a date") from None
    if when.utcoffset() is None:
        raise damaged("the save time has no time zone")

    return SaveFile(
        path=path,
        story_id=story["id"],
        story_hash=story["hash"],
        story_version=story["version"],
        saved_at=obj["saved_at"],
        label=obj["label"],
        scene=obj["scene"],
        state=obj["state"],
    )


def _names(fields: list[str]) -> str:
    shown = ", ".join(f'"{f}"' for f in fields[:3])
    more = f" and {len(fields) - 3} more" if len(fields) > 3 else ""
    return f"{'field' if len(fields) == 1 else 'fields'} {shown}{more}"


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

    A naive `now` is taken as local time. Raises SaveError (kind "invalid" for a state that is
    not plain JSON data, "unwritable" when the disk refuses).
    """
    path = Path(path)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    fields = {"story id": story_id, "story hash": story_hash, "story version": story_version}
    fields |= {"label": label, "scene": scene}
    for name, value in fields.items():
        if not isinstance(value, str):
            raise _invalid(f"the {name} is not text")
    if not isinstance(state, Mapping):
        raise _invalid("the game state is not a mapping")
    try:
        body: dict[str, Any] = {
            "schema": SCHEMA,
            "story": {"id": story_id, "hash": story_hash, "version": story_version},
            "saved_at": moment.isoformat(timespec="milliseconds"),
            "label": _plain(label, "the label"),
            "scene": _plain(scene, "the scene"),
            "state": _plain(state, "state"),
        }
        _plain(body["story"], "the story details")
        data = _file_bytes({**body, "checksum": _checksum(body)})
    except RecursionError:
        raise _invalid("the game state is nested too deeply") from None
    except ValueError:  # e.g. an integer too long to write as text
        raise _invalid("the game state holds a value that cannot be written") from None
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
        if err.kind == "damaged":
            try:
                read_save(backup_path(path))
            except SaveError:
                return True
            return False
    return True


def load_with_backup(path: Path) -> LoadResult:
    """Load a save, falling back to its backup; never raises for missing or damaged files."""
    save, main_error, backup_error = _inspect(Path(path))
    if main_error is None:
        return LoadResult(save, used_backup=False, problem=None)
    if save is not None:
        return LoadResult(
            save,
            used_backup=True,
            problem=f"{main_error.message} Loaded the backup from {_when(save)} instead.",
        )
    return LoadResult(None, used_backup=False, problem=_both_failed(main_error, backup_error))


def _inspect(path: Path) -> tuple[SaveFile | None, SaveError | None, SaveError | None]:
    """(readable save, main file's error, backup's error); with a main error, save is the backup."""
    try:
        return read_save(path), None, None
    except SaveError as err:
        main_error = err
    try:
        return read_save(backup_path(path)), main_error, None
    except SaveError as err:
        return None, main_error, err


def _both_failed(main_error: SaveError, backup_error: SaveError | None) -> str:
    if backup_error is None or backup_error.kind == "missing":
        if main_error.kind == "missing":
            return main_error.message
        return f"{main_error.message} There is no backup to fall back on."
    return f"{main_error.message} {backup_error.message}"


def _when(save: SaveFile) -> str:
    local = save.saved_at_time.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


# --- Slots -----------------------------------------------------------------------------


def _valid_slot(slot: str) -> bool:
    return bool(_SLOT_RE.fullmatch(slot)) and slot.lower() not in _WINDOWS_RESERVED


def slot_path(saves: Path, slot: str) -> Path:
    """The file for a named slot ("auto", "quick", "1".."99" or up to 32 of [A-Za-z0-9_-])."""
    if not isinstance(slot, str) or not _valid_slot(slot):
        raise SaveError(
            f'"{slot}" is not a valid save slot name: use 1 to 32 letters, digits, "-" or "_".',
            kind="invalid",
        )
    return Path(saves) / f"{slot}{_SAVE_SUFFIX}"


def _slot_order(slot: str) -> tuple[int, int, str]:
    if slot == "auto":
        return (0, 0, "")
    if slot == "quick":
        return (1, 0, "")
    if slot.isdigit():
        return (2, int(slot), slot)
    return (3, 0, slot.lower())


def list_slots(saves: Path) -> list[tuple[str, SaveFile | None, str | None]]:
    """Every slot with a file: (name, save, problem), auto and quick first, then by number.

    A damaged slot whose backup reads has both: the backup's save and the problem, so a slot
    list can say "damaged, backup available". Both None never happens.
    """
    try:
        names = [entry.name for entry in Path(saves).iterdir()]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SaveError(
            f"Could not look in the saves folder {saves} ({_os_reason(exc)}).", kind="unreadable"
        ) from None
    slots = set()
    for name in names:
        slot, _ = _slot_of(Path(name))
        if slot is not None and _valid_slot(slot):
            slots.add(slot)

    listed: list[tuple[str, SaveFile | None, str | None]] = []
    for slot in sorted(slots, key=_slot_order):
        save, main_error, backup_error = _inspect(slot_path(saves, slot))
        if main_error is None:
            listed.append((slot, save, None))
        elif save is not None:
            problem = f"{main_error.message} A backup from {_when(save)} is available."
            listed.append((slot, save, problem))
        else:
            listed.append((slot, None, _both_failed(main_error, backup_error)))
    return listed


def list_saves(saves: Path) -> list[SaveFile]:
    """The slots whose main file reads cleanly, newest first; damaged ones are left out."""
    good = [save for _, save, problem in list_slots(saves) if save is not None and not problem]
    return sorted(good, key=lambda save: save.saved_at_time, reverse=True)
