"""Saves: round trips, backups, atomic writes, and rejection of every kind of damage."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.persistence.atomic import atomic_write_bytes, atomic_write_text, backup_path
from game.persistence.errors import Reason, SaveError
from game.persistence.saves import (
    SCHEMA,
    SaveFile,
    list_saves,
    list_slots,
    load_with_backup,
    read_save,
    slot_path,
    write_save,
)
from game.window.wording import load_problem_text, save_error_text, slot_problem_text

NOW = datetime(2024, 5, 1, 14, 2, 30, tzinfo=timezone.utc)
STORY = {"story_id": "reconnect", "story_hash": "sha256:" + "ab" * 32, "story_version": "0.1.0"}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
json_states = st.dictionaries(st.text(), json_values, max_size=5)


def save(
    path: Path,
    *,
    label: str = "Chapter 1",
    scene: str = "start",
    state: dict[str, Any] | None = None,
    now: datetime = NOW,
) -> SaveFile:
    return write_save(
        path,
        **STORY,
        label=label,
        scene=scene,
        state={"trust": 3, "name": "Sam"} if state is None else state,
        now=now,
    )


def canonical_bytes(obj: Any) -> bytes:
    """The documented file format, written independently of the module under test."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def resign(obj: dict[str, Any]) -> bytes:
    """Bytes of `obj` with a fresh, correct checksum: damage the checksum alone cannot see."""
    body = {k: v for k, v in obj.items() if k != "checksum"}
    digest = hashlib.sha256(canonical_bytes(body)[:-1]).hexdigest()
    return canonical_bytes({**body, "checksum": "sha256:" + digest})


def assert_plain_message(err: SaveError) -> None:
    msg = save_error_text(err)
    assert "\n" not in msg and "Traceback" not in msg and "Error" not in msg
    assert "b'" not in msg and "\\x" not in msg and msg.endswith(".")


@pytest.fixture
def slot(tmp_path: Path) -> Path:
    return slot_path(tmp_path, "1")


@pytest.fixture
def two_saves(slot: Path) -> tuple[SaveFile, SaveFile]:
    """Slot 1 holding a second save, with the first as its backup."""
    first = save(slot, label="Chapter 1", scene="start", state={"trust": 1})
    second = save(
        slot, label="Chapter 2", scene="bridge", state={"trust": 2}, now=NOW.replace(hour=15)
    )
    return first, second


# --- Round trips and the file format ----------------------------------------------------


def test_round_trip(slot: Path) -> None:
    state = {"trust": 3, "flags": ["met", "called"], "name": "Zoë 🌱", "ctl": "\x1f\x7f", "x": 1.5}
    written = save(slot, state=state)
    assert read_save(slot) == written
    assert written.path == slot
    assert written.slot == "1"
    assert written.story_id == "reconnect" and written.story_version == "0.1.0"
    assert written.label == "Chapter 1" and written.scene == "start"
    assert written.state == state
    assert written.saved_at_time == NOW


def test_file_format_is_canonical_json_with_checksum(slot: Path) -> None:
    save(slot)
    data = slot.read_bytes()
    obj = json.loads(data)
    assert data == canonical_bytes(obj)
    assert set(obj) == {"schema", "story", "saved_at", "label", "scene", "state", "checksum"}
    assert obj["schema"] == SCHEMA == 1
    assert obj["story"] == {"id": "reconnect", "hash": STORY["story_hash"], "version": "0.1.0"}
    assert datetime.fromisoformat(obj["saved_at"]) == NOW
    assert data == resign(obj)  # the checksum is exactly the documented one


def test_tuples_and_mappings_are_stored_as_plain_json(slot: Path) -> None:
    written = save(slot, state={"path": ("a", "b"), "nested": {"k": (1, 2)}})
    assert written.state == {"path": ["a", "b"], "nested": {"k": [1, 2]}}
    assert read_save(slot).state == written.state


def test_naive_now_is_local_time(slot: Path) -> None:
    naive = datetime(2024, 5, 1, 9, 0)
    written = save(slot, now=naive)
    assert written.saved_at_time == naive.astimezone(timezone.utc)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(state=json_states)
def test_round_trip_any_json_state(tmp_path: Path, state: dict[str, Any]) -> None:
    path = slot_path(tmp_path, "prop")
    written = save(path, state=state)
    assert read_save(path) == written
    assert written.state == state


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ({"s": {1, 2}}, "state.s is a set"),
        ({"f": float("nan")}, "state.f is not a finite number"),
        ({"f": float("inf")}, "not a finite number"),
        ({"d": {1: "x"}}, "key that is not text"),
        ({"o": object()}, "state.o is a object"),
        ({"t": "\ud800"}, "text that cannot be stored"),
        ({"deep": [{"x": [b"bytes"]}]}, "state.deep[0].x[0] is a bytes"),
    ],
)
def test_unsavable_state_is_refused_before_touching_disk(
    slot: Path, state: dict[str, Any], words: str
) -> None:
    with pytest.raises(SaveError) as info:
        save(slot, state=state)
    assert info.value.reason is Reason.INVALID
    assert words in save_error_text(info.value)
    assert_plain_message(info.value)
    assert list(slot.parent.iterdir()) == []


# --- Backups and atomic writes ----------------------------------------------------------


def test_second_write_keeps_first_as_backup(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    first, second = two_saves
    assert read_save(slot) == second
    backup = read_save(backup_path(slot))
    assert backup.label == first.label and backup.state == first.state
    assert backup_path(slot).name == "1.json.bak"

    third = save(slot, label="Chapter 3")
    assert read_save(slot) == third
    assert read_save(backup_path(slot)).label == second.label


def test_no_temp_files_left_after_success(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    assert sorted(p.name for p in slot.parent.iterdir()) == ["1.json", "1.json.bak"]


def _no_temps(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_failed_replace_leaves_previous_save_untouched(
    slot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = save(slot)
    before = slot.read_bytes()

    def no_space(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(SaveError) as info:
        save(slot, label="Chapter 2")
    monkeypatch.undo()

    assert info.value.reason is Reason.DISK_FULL
    assert "no space left on device" in save_error_text(info.value)
    assert_plain_message(info.value)
    assert slot.read_bytes() == before
    assert read_save(slot) == first
    assert _no_temps(slot.parent)


def test_failed_fsync_leaves_previous_save_untouched(
    slot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = save(slot)

    def broken(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(SaveError):
        save(slot, label="Chapter 2")
    monkeypatch.undo()
    assert read_save(slot) == first
    assert _no_temps(slot.parent)


def test_interrupt_cleans_up_and_is_not_swallowed(
    slot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = save(slot)

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(slot, label="Chapter 2")
    monkeypatch.undo()
    assert read_save(slot) == first
    assert _no_temps(slot.parent)


def test_without_hard_links_the_backup_is_still_kept(
    slot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: Any, dst: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    first = save(slot)
    second = save(slot, label="Chapter 2")
    assert read_save(slot) == second
    assert read_save(backup_path(slot)).label == first.label
    assert _no_temps(slot.parent)


def test_without_hard_links_a_failed_swap_puts_the_old_save_back(
    slot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = save(slot)
    real_replace = os.replace

    def no_links(src: Any, dst: Any) -> None:
        raise OSError(1, "Operation not permitted")

    def temp_swap_fails(src: Any, dst: Any) -> None:
        if str(src).endswith(".tmp"):
            raise OSError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "replace", temp_swap_fails)
    with pytest.raises(SaveError):
        save(slot, label="Chapter 2")
    monkeypatch.undo()
    assert read_save(slot) == first
    assert _no_temps(slot.parent)


def test_unwritable_folder_is_a_save_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError) as info:
        atomic_write_bytes(tmp_path / "missing" / "x.json", b"{}")
    assert info.value.reason is Reason.UNWRITABLE
    assert_plain_message(info.value)


def test_atomic_write_text(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    atomic_write_text(path, "volume = 0.5\n")
    atomic_write_text(path, "volume = 0.8 ✓\n", backup=True)
    assert path.read_text(encoding="utf-8") == "volume = 0.8 ✓\n"
    assert backup_path(path).read_text(encoding="utf-8") == "volume = 0.5\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json", "settings.json.bak"]


def test_atomic_write_without_backup_leaves_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    atomic_write_bytes(path, b"1")
    atomic_write_bytes(path, b"2")
    assert path.read_bytes() == b"2"
    assert not backup_path(path).exists()


def test_damaged_save_does_not_push_out_a_good_backup(
    slot: Path, two_saves: tuple[SaveFile, ...]
) -> None:
    first, _ = two_saves
    slot.write_bytes(slot.read_bytes()[:40])
    third = save(slot, label="Chapter 3")
    assert read_save(slot) == third
    assert read_save(backup_path(slot)).label == first.label


def test_newer_version_save_is_kept_as_backup_when_overwritten(slot: Path) -> None:
    save(slot)
    newer = json.loads(slot.read_bytes())
    newer["schema"] = SCHEMA + 1
    slot.write_bytes(resign(newer))
    save(slot, label="Chapter 2")
    assert json.loads(backup_path(slot).read_bytes())["schema"] == SCHEMA + 1


# --- Damage -----------------------------------------------------------------------------


def _assert_falls_back(slot: Path, first: SaveFile) -> None:
    with pytest.raises(SaveError) as info:
        read_save(slot)
    assert info.value.reason is Reason.DAMAGED
    result = load_with_backup(slot)
    assert result.used_backup
    assert result.save is not None and result.save.state == first.state
    assert result.save.path == backup_path(slot)
    assert load_problem_text(result) is not None
    assert load_problem_text(result).startswith("The save in slot 1 is damaged (")
    assert "Loaded the backup from " in load_problem_text(result)


def test_cut_at_every_offset_is_rejected(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    first, _ = two_saves
    data = slot.read_bytes()
    for cut in range(len(data)):
        slot.write_bytes(data[:cut])
        _assert_falls_back(slot, first)


def test_every_single_bit_flip_is_rejected(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    first, _ = two_saves
    data = slot.read_bytes()
    assert len(data) < 400  # keeps this exhaustive loop to about a second
    for offset in range(len(data)):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[offset] ^= 1 << bit
            slot.write_bytes(bytes(flipped))
            with pytest.raises(SaveError) as info:
                read_save(slot)
            assert info.value.reason is Reason.DAMAGED
    slot.write_bytes(data[:1] + bytes([data[1] ^ 4]) + data[2:])
    _assert_falls_back(slot, first)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_random_bit_flips_are_rejected(tmp_path_factory: pytest.TempPathFactory, data: Any) -> None:
    slot = slot_path(tmp_path_factory.mktemp("flip"), "1")
    first = save(slot, state=data.draw(json_states, label="first state"))
    save(slot, label="Chapter 2", state=data.draw(json_states, label="second state"))
    raw = slot.read_bytes()
    offset = data.draw(st.integers(0, len(raw) - 1), label="offset")
    bit = data.draw(st.integers(0, 7), label="bit")
    flipped = bytearray(raw)
    flipped[offset] ^= 1 << bit
    slot.write_bytes(bytes(flipped))
    _assert_falls_back(slot, first)


def _damage(slot: Path, data: bytes) -> SaveError:
    slot.write_bytes(data)
    with pytest.raises(SaveError) as info:
        read_save(slot)
    assert_plain_message(info.value)
    return info.value


def test_newer_schema_has_its_own_message(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    obj = json.loads(slot.read_bytes())
    obj["schema"] = 7
    obj["new_field"] = {"anything": True}
    err = _damage(slot, resign(obj))
    assert err.reason is Reason.NEWER
    assert "made by a newer version of Reconnect (schema 7)" in save_error_text(err)
    result = load_with_backup(slot)
    assert result.used_backup and load_problem_text(result) is not None
    assert "newer version of Reconnect (schema 7)" in load_problem_text(result)


def test_flipped_schema_digit_reads_as_damage_not_newer(slot: Path) -> None:
    save(slot)
    raw = slot.read_bytes()
    err = _damage(slot, raw.replace(b'"schema":1', b'"schema":3'))
    assert err.reason is Reason.DAMAGED
    assert "checksum does not match" in save_error_text(err)


def test_older_or_odd_schema_is_damage(slot: Path) -> None:
    save(slot)
    obj = json.loads(slot.read_bytes())
    for schema in (0, -1, "1", True, None):
        obj["schema"] = schema
        assert _damage(slot, resign(obj)).reason is Reason.DAMAGED


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe{\x00}\x00", "not valid text"),
        (b'{"label":"caf\xe9"}\n', "not valid text"),
        (b"[1,2]\n", "does not hold a save"),
        (b'"just text"\n', "does not hold a save"),
        (b"{}\n", "no checksum"),
        (b"\xef\xbb\xbf{}\n", "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
        (b"{" * 3, "not valid JSON"),
    ],
)
def test_garbage_is_rejected_with_a_plain_message(slot: Path, data: bytes, words: str) -> None:
    err = _damage(slot, data)
    assert err.reason is Reason.DAMAGED
    assert save_error_text(err).startswith("The save in slot 1 is damaged (")
    assert words in save_error_text(err)


def test_wrong_checksum(slot: Path) -> None:
    save(slot)
    raw = slot.read_bytes()
    assert "checksum does not match" in save_error_text(
        _damage(slot, raw.replace(b"Chapter 1", b"Chapter 9"))
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda o: o.pop("label"), 'missing field "label"'),
        (lambda o: (o.pop("scene"), o.pop("state")), 'missing fields "scene", "state"'),
        (lambda o: o.update(cheat=True), 'unexpected field "cheat"'),
        (lambda o: o["story"].pop("hash"), "story details are incomplete"),
        (lambda o: o["story"].update(extra="x"), "story details are incomplete"),
        (lambda o: o.update(story="reconnect"), "story details are incomplete"),
        (lambda o: o["story"].update(version=1), "story details are not text"),
        (lambda o: o.update(label=5), '"label" is not text'),
        (lambda o: o.update(scene=None), '"scene" is not text'),
        (lambda o: o.update(state=[1]), "game state is missing"),
        (lambda o: o.update(saved_at="yesterday"), "save time is not a date"),
        (lambda o: o.update(saved_at="2024-05-01T14:02:00"), "no time zone"),
        (lambda o: o.update(checksum=o["checksum"].upper()), "checksum does not match"),
        (lambda o: o.update(checksum=None), "no checksum"),
    ],
)
def test_wrong_shape_is_rejected_even_with_a_good_checksum(
    slot: Path, change: Callable[[dict[str, Any]], object], words: str
) -> None:
    save(slot)
    obj = json.loads(slot.read_bytes())
    change(obj)
    data = (
        canonical_bytes(obj) if words in ("checksum does not match", "no checksum") else resign(obj)
    )
    err = _damage(slot, data)
    assert err.reason is Reason.DAMAGED
    assert words in save_error_text(err)


def test_changes_that_survive_parsing_are_rejected(slot: Path) -> None:
    save(slot, state={"ctl": "\x1f"})
    raw = slot.read_bytes()
    assert b"\\u001f" in raw
    obj = json.loads(raw)
    same_object = [
        raw.replace(b"\\u001f", b"\\u001F"),  # escape case
        raw.replace(b'"scene":"start"', b'"scene":"st\\u0061rt"'),  # needless escape
        raw.replace(b'"label":', b'"label": '),  # whitespace
        raw[:-1],  # no final newline
        json.dumps(obj, sort_keys=True, indent=1).encode() + b"\n",  # pretty printed
        b" " + raw,  # leading space
        json.dumps(dict(reversed(obj.items())), separators=(",", ":"), ensure_ascii=False).encode()
        + b"\n",  # key order
        raw.replace(b'{"checksum"', b'{"label":"x","checksum"', 1),  # repeated key
    ]
    for data in same_object:
        assert data != raw
        assert json.loads(data) == obj
        assert "changed outside the game" in save_error_text(_damage(slot, data))


def test_values_json_allows_but_saves_do_not(slot: Path) -> None:
    save(slot)
    obj = json.loads(slot.read_bytes())
    obj["state"] = {"x": 1.0}
    data = resign(obj).replace(b"1.0", b"NaN")
    assert _damage(slot, data).reason is Reason.DAMAGED


# --- Missing files and load_with_backup ---------------------------------------------------


def test_missing_save(slot: Path) -> None:
    with pytest.raises(SaveError) as info:
        read_save(slot)
    assert info.value.reason is Reason.MISSING
    assert save_error_text(info.value) == "There is no save in slot 1."
    result = load_with_backup(slot)
    assert result.save is None and not result.used_backup
    assert load_problem_text(result) == "There is no save in slot 1."


def _read_error(path: Path) -> str:
    with pytest.raises(SaveError) as info:
        read_save(path)
    return save_error_text(info.value)


def test_special_slots_are_named_plainly(tmp_path: Path) -> None:
    assert _read_error(slot_path(tmp_path, "auto")) == "There is no autosave."
    assert _read_error(slot_path(tmp_path, "quick")) == "There is no quick save."
    quick = slot_path(tmp_path, "quick")
    quick.write_bytes(b"")
    assert _read_error(quick).startswith("The quick save is damaged")


def test_unreadable_path_is_a_save_error(slot: Path) -> None:
    slot.mkdir()
    with pytest.raises(SaveError) as info:
        read_save(slot)
    assert info.value.reason is Reason.UNREADABLE
    assert_plain_message(info.value)
    assert load_with_backup(slot).save is None


def test_good_save_loads_without_problem(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    _, second = two_saves
    assert load_with_backup(slot) == load_with_backup(slot)
    result = load_with_backup(slot)
    assert result.save == second and not result.used_backup and load_problem_text(result) is None


def test_missing_main_with_backup_loads_backup(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    first, _ = two_saves
    slot.unlink()
    result = load_with_backup(slot)
    assert result.used_backup and result.save is not None and result.save.label == first.label
    assert load_problem_text(result) is not None
    assert load_problem_text(result).startswith(
        "There is no save in slot 1. Loaded the backup from "
    )


def test_damaged_without_backup(slot: Path) -> None:
    save(slot)
    slot.write_bytes(b"{")
    result = load_with_backup(slot)
    assert result.save is None and not result.used_backup
    problem = load_problem_text(result)
    assert problem is not None
    assert "damaged" in problem and "There is no backup to fall back on." in problem


def test_both_damaged_explains_both(slot: Path, two_saves: tuple[SaveFile, ...]) -> None:
    slot.write_bytes(b"")
    backup_path(slot).write_bytes(b"[]")
    result = load_with_backup(slot)
    assert result.save is None and not result.used_backup
    assert load_problem_text(result) == (
        "The save in slot 1 is damaged (the file is empty). "
        "The backup of slot 1 is damaged (the file does not hold a save)."
    )


def test_backup_time_is_shown_in_local_time(slot: Path) -> None:
    recent = datetime.now(timezone.utc) - timedelta(minutes=1)
    save(slot, now=recent)
    save(slot, label="Chapter 2")
    slot.write_bytes(b"")
    problem = load_problem_text(load_with_backup(slot))
    assert problem is not None
    assert problem.endswith(f"Loaded the backup from {recent.astimezone():%H:%M} instead.")


# --- Slots --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["auto", "quick", "1", "99", "0", "my_slot-2", "A" * 32, "Con2"])
def test_valid_slot_names(tmp_path: Path, name: str) -> None:
    assert slot_path(tmp_path, name) == tmp_path / f"{name}.json"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "a" * 33,
        "../x",
        "a/b",
        "a\\b",
        "a b",
        "slot.json",
        ".",
        "..",
        "é",
        "1\n",
        "CON",
        "nul",
        "Com1",
        "lpt9",
        "x\x00",
    ],
)
def test_invalid_slot_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(SaveError) as info:
        slot_path(tmp_path, name)
    assert info.value.reason is Reason.INVALID
    assert "not a valid save slot name" in save_error_text(info.value)


def test_list_slots_and_saves(tmp_path: Path) -> None:
    hour = timedelta(hours=1)
    save(slot_path(tmp_path, "10"), label="ten", now=NOW)
    save(slot_path(tmp_path, "2"), label="two", now=NOW + 2 * hour)
    save(slot_path(tmp_path, "auto"), label="auto", now=NOW + hour)
    save(slot_path(tmp_path, "named"), label="named", now=NOW - hour)
    # quick: damaged, with a good backup
    quick = slot_path(tmp_path, "quick")
    save(quick, label="quick old", now=NOW - 2 * hour)
    save(quick, label="quick new", now=NOW + 3 * hour)
    quick.write_bytes(quick.read_bytes()[:-2])
    # 3: damaged, no backup
    slot_path(tmp_path, "3").write_bytes(b"not json")
    # 4: only a backup (the main file was removed)
    save(slot_path(tmp_path, "4"), label="four", now=NOW)
    save(slot_path(tmp_path, "4"), label="four b", now=NOW)
    slot_path(tmp_path, "4").unlink()
    # noise the listing must ignore
    (tmp_path / ".1.json.abc.tmp").write_bytes(b"partial")
    (tmp_path / "notes.txt").write_text("hi")
    (tmp_path / "bad name.json").write_text("{}")
    (tmp_path / "con.json.bak").write_text("{}")

    slots = list_slots(tmp_path)
    assert [name for name, _ in slots] == ["auto", "quick", "2", "3", "4", "10", "named"]
    by_name = {name: (r.save, slot_problem_text(r)) for name, r in slots}
    assert by_name["auto"][0] is not None and by_name["auto"][1] is None

    quick_save, quick_problem = by_name["quick"]
    assert quick_save is not None and quick_save.label == "quick old"
    assert quick_save.slot == "quick"
    assert quick_problem is not None and quick_problem.startswith("The quick save is damaged")
    assert "A backup from " in quick_problem and quick_problem.endswith(" is available.")

    assert by_name["3"][0] is None
    assert by_name["3"][1] == (
        "The save in slot 3 is damaged (the file is cut short or not valid JSON). "
        "There is no backup to fall back on."
    )
    assert by_name["4"][0] is not None and by_name["4"][1] is not None

    assert [s.label for s in list_saves(tmp_path)] == ["two", "auto", "ten", "named"]


def test_list_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list_slots(tmp_path / "nope") == []
    assert list_saves(tmp_path / "nope") == []
