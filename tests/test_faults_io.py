"""Fault injection for saving and terminal input: full disks, kill -9, two games at once,
crafted saves with valid checksums and odd keyboard input (issue 15)."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from game.engine.loader import StoryCache, load_story
from game.engine.model import Story
from game.engine.session import DAMAGED_DETAIL, MAX_DETAIL, LoadFailure, Session
from game.persistence import atomic
from game.persistence.atomic import backup_path, remove_stale_temps
from game.persistence.errors import Reason, SaveError
from game.persistence.locks import other_instance
from game.persistence.progress import load_progress, record_ending
from game.persistence.saves import (
    MAX_SHOWN,
    list_saves,
    list_slots,
    load_with_backup,
    read_save,
    slot_path,
    write_save,
)
from game.terminal.play import TextOptions, play_text
from game.window.screens.title import UNKNOWN_TIME, when_text

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "tests" / "transcripts" / "questions-saves" / "story"
NOW = datetime(2024, 5, 1, 14, 2, 30, tzinfo=timezone.utc)
STORY = {"story_id": "reconnect", "story_hash": "sha256:" + "ab" * 32, "story_version": "0.1.0"}
ANSWERS = "Sam\n\n\n\n"  # the four questions, the name typed and the rest at their defaults


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(CASE, cache=StoryCache())
    assert result.story is not None
    return result.story


def _play(story: Story, saves: Path, inp: io.TextIOBase | str) -> str:
    out = io.StringIO()
    stream = io.StringIO(inp) if isinstance(inp, str) else inp
    assert play_text(story, stream, out, TextOptions(saves=saves, echo=True)) == 0  # type: ignore[arg-type]
    return out.getvalue()


def _resign(path: Path, change: dict[str, Any]) -> None:
    """Rewrite a save with `change` applied and a correct checksum: damage only sense can see."""
    obj = json.loads(path.read_bytes())
    obj.update(change)
    body = {k: v for k, v in obj.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    obj["checksum"] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    out = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    path.write_bytes(out.encode() + b"\n")


def _save(path: Path, **kw: Any) -> None:
    write_save(path, **STORY, label="Chapter 1", scene="start", state={"n": 1}, now=NOW, **kw)


# --- item 3: the terminal tells the truth about saving --------------------------------------


def test_quit_on_a_full_disk_says_progress_was_not_saved(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: Any, **__: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", full)
    text = _play(story, tmp_path / "saves", ANSWERS + "q\n")
    assert "the disk is full" in text
    assert "could NOT be saved" in text
    assert "Your progress is saved" not in text


def test_quit_after_a_good_save_says_so(story: Story, tmp_path: Path) -> None:
    text = _play(story, tmp_path / "saves", ANSWERS + "q\n")
    assert "Your progress is saved in slot 'auto'" in text


def test_bytes_that_are_not_utf8_in_a_name_never_block_saving(story: Story, tmp_path: Path) -> None:
    # A strict UTF-8 terminal stream (as under a UTF-8 locale) fed bytes that are not UTF-8.
    raw = b"R\xffo\xfeb\n\n\n\ns 3\nq\n"
    strict = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="strict")
    text = _play(story, tmp_path / "s1", strict)
    assert "Saved in slot '3'" in text and "Could not" not in text
    # Surrogate-escaped bytes (what a C locale hands Python) reach the game as lone surrogates.
    text = _play(story, tmp_path / "s2", "R\udcffob\n\n\n\ns 3\nq\n")
    assert "Saved in slot '3'" in text and "Could not" not in text
    assert read_save(tmp_path / "s2" / "3.json").state["answers"]["friend"] == "R\ufffdob"


# --- item 20: choices are ASCII digits with a length cap ------------------------------------


def test_odd_digits_and_huge_numbers_at_a_choice_are_refused(story: Story, tmp_path: Path) -> None:
    text = _play(story, tmp_path, ANSWERS + "²\n①\n٣\n" + "9" * 5000 + "\n1\nq\n")
    assert text.count("Type a number from 1 to 2") == 4
    assert "(Back to" not in text and "Goodbye" in text


# --- item 21: slot names, odd beats, CRLF ----------------------------------------------------


@pytest.mark.parametrize("name", ["-", "--help", "-1", "a b", "é"])
def test_slot_names_that_look_like_options_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(SaveError) as info:
        slot_path(tmp_path, name)
    assert info.value.reason is Reason.INVALID


def test_terminal_refuses_an_option_as_a_slot_name(story: Story, tmp_path: Path) -> None:
    text = _play(story, tmp_path, ANSWERS + "s --help\nq\n")
    assert '"--help" is not a valid save slot name' in text
    assert not (tmp_path / "--help.json").exists()


@pytest.mark.parametrize("beat", [-1, 999])
def test_an_odd_beat_is_damage_not_a_changed_story(story: Story, tmp_path: Path, beat: int) -> None:
    session = Session(story, tmp_path)
    session.new_game({})
    assert session.save("2").ok
    path = slot_path(tmp_path, "2")
    state = read_save(path).state
    _resign(path, {"state": {**state, "beat": beat}})
    outcome = Session(story, tmp_path).load("2")
    assert outcome.failure is LoadFailure.CANNOT_RESTORE
    assert outcome.detail == DAMAGED_DETAIL
    text = _play(story, tmp_path, ANSWERS + "l 2\nq\n")
    assert "the save is damaged" in text and "story has changed" not in text


def test_a_save_with_crlf_line_endings_loads(tmp_path: Path) -> None:
    path = tmp_path / "1.json"
    _save(path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert read_save(path).label == "Chapter 1"


# --- item 8: times out of range -------------------------------------------------------------


@pytest.mark.parametrize(
    ("saved_at", "tz"),
    [("9999-12-31T23:59:59.000-14:00", "UTC"), ("0001-01-01T00:00:00.000+00:00", "EST5EDT")],
)
def test_a_time_at_the_edge_of_the_calendar_shows_as_unknown(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved_at: str, tz: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        session = Session(story, tmp_path)
        session.new_game({})
        assert session.save("5").ok and session.save("5").ok
        _save(tmp_path / "7.json")
        _resign(slot_path(tmp_path, "5"), {"saved_at": saved_at})
        saves = list_saves(tmp_path)
        assert [s.slot for s in saves][-1] == "5"  # the unknown time sorts last
        assert when_text(saves[-1]) == UNKNOWN_TIME
        # Only the backup good: the terminal loads it rather than crashing.
        _resign(backup_path(slot_path(tmp_path, "5")), {"saved_at": saved_at})
        slot_path(tmp_path, "5").write_bytes(b"{")
        assert "Loaded its backup instead" in _play(story, tmp_path, ANSWERS + "l 5\nq\n")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_huge_label_and_scene_are_cut_when_read(tmp_path: Path) -> None:
    path = tmp_path / "1.json"
    _save(path)
    _resign(path, {"label": "x" * 100_000, "scene": "y" * 20_000})
    got = read_save(path)
    assert len(got.label) == len(got.scene) == MAX_SHOWN
    assert got.label == "x" * 59 + "…" + "x" * 60


# --- item 6: the endings gallery ------------------------------------------------------------


def test_a_newer_gallery_is_read_and_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    data = json.dumps({"version": 2, "endings": {"s": {"a": "2024-01-01"}}, "more": [1]}).encode()
    path.write_bytes(data)
    assert load_progress(path).found("s") == {"a": "2024-01-01"}
    with pytest.raises(SaveError) as info:
        record_ending(path, "s", "b")
    assert info.value.reason is Reason.NEWER
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.json.lock"]


_RECORDER = """
import sys
from pathlib import Path
from game.persistence.progress import record_ending
path, who = Path(sys.argv[1]), sys.argv[2]
for i in range(15):
    record_ending(path, "story", f"{who}-{i}")
"""


def test_two_games_recording_endings_at_once_keep_them_all(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    procs = [
        subprocess.Popen([sys.executable, "-c", _RECORDER, str(path), str(n)], cwd=ROOT)
        for n in range(4)
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    assert len(load_progress(path).found("story")) == 60


_HOLDER = """
import sys, time
from pathlib import Path
from game.persistence.locks import other_instance
assert other_instance(Path(sys.argv[1])) is None
print("ready", flush=True)
time.sleep(60)
"""


def test_a_second_game_on_the_same_saves_is_warned(story: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(saves)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        assert other_instance(saves) == holder.pid
        assert f"another copy of Reconnect (process {holder.pid})" in _play(story, saves, "")
    finally:
        holder.kill()
        holder.wait(timeout=30)


# --- item 7: crash leftovers ------------------------------------------------------------------


def test_stale_temp_files_are_cleaned_and_fresh_ones_kept(tmp_path: Path) -> None:
    _save(tmp_path / "1.json")
    stale, fresh = tmp_path / ".1.json.abc123.tmp", tmp_path / ".1.json.def456.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert [slot for slot, _ in list_slots(tmp_path)] == ["1"]
    assert not stale.exists() and fresh.exists()
    assert remove_stale_temps(tmp_path, older_than=-1) == 1


_WRITER = """
import os, sys, time
from datetime import datetime, timezone
from pathlib import Path
from game.persistence.saves import write_save
real_link = os.link
def slow_link(src, dst):  # a slow disk: widen the moment between two steps of the rotation
    time.sleep(0.004)
    real_link(src, dst)
os.link = slow_link
path = Path(sys.argv[1])
n = 0
while True:
    n += 1
    write_save(path, story_id="s", story_hash="h", story_version="1", label=str(n),
               scene="start", state={"n": n})
    if n == 2:
        print("ready", flush=True)
"""


def test_kill_9_during_saves_always_leaves_a_save_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "auto.json"
    for run in range(60):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE
        )
        try:
            assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
            time.sleep(0.001 * (run % 17))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        result = load_with_backup(path)
        assert result.save is not None and result.error is None, run
        assert read_save(backup_path(path)).story_id == "s", run  # the backup is always there
    remove_stale_temps(tmp_path, older_than=-1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["auto.json", "auto.json.bak"]


def test_a_huge_missing_scene_id_gives_a_short_reason(story: Story, tmp_path: Path) -> None:
    session = Session(story, tmp_path)
    session.new_game({})
    assert session.save("2").ok
    path = slot_path(tmp_path, "2")
    state = read_save(path).state
    _resign(path, {"state": {**state, "scene": "z" * 20_000, "decisions": []}})
    outcome = Session(story, tmp_path).load("2")
    assert outcome.failure is LoadFailure.CANNOT_RESTORE
    assert "no longer exists" in outcome.detail and len(outcome.detail) <= MAX_DETAIL
