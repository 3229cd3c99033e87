"""Endings found so far: recorded once with the first date, kept across plays, never lost."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.persistence.progress import (
    PROGRESS_FILE,
    Progress,
    damaged_path,
    load_progress,
    record_ending,
)
from game.persistence.saves import SaveError

DAY1 = datetime(2024, 5, 1, 9, 30)
DAY2 = datetime(2024, 5, 3, 21, 0)


def test_missing_file_means_nothing_found(tmp_path: Path) -> None:
    progress = load_progress(tmp_path / PROGRESS_FILE)
    assert progress == Progress()
    assert progress.found("reconnect") == {}
    assert not (tmp_path / PROGRESS_FILE).exists()


def test_record_and_reload(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    after = record_ending(path, "reconnect", "ending_friends", DAY1)
    assert after.found("reconnect") == {"ending_friends": "2024-05-01"}
    assert load_progress(path) == after
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk == {
        "version": 1,
        "endings": {"reconnect": {"ending_friends": "2024-05-01"}},
        "runs": {},
    }


def test_first_date_is_kept(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    record_ending(path, "reconnect", "ending_friends", DAY1)
    before = path.read_bytes()
    again = record_ending(path, "reconnect", "ending_friends", DAY2)
    assert again.found("reconnect") == {"ending_friends": "2024-05-01"}
    assert path.read_bytes() == before


def test_endings_and_stories_accumulate(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    record_ending(path, "reconnect", "ending_friends", DAY1)
    record_ending(path, "reconnect", "ending_apart", DAY2)
    final = record_ending(path, "other", "end", DAY2)
    assert final.found("reconnect") == {
        "ending_friends": "2024-05-01",
        "ending_apart": "2024-05-03",
    }
    assert final.found("other") == {"end": "2024-05-03"}
    assert load_progress(path) == final


def test_found_returns_a_copy(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    progress = record_ending(path, "reconnect", "a", DAY1)
    progress.found("reconnect")["b"] = "2024-01-01"
    assert progress.found("reconnect") == {"a": "2024-05-01"}


def test_aware_time_is_dated_in_local_time(tmp_path: Path) -> None:
    moment = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=5)))
    progress = record_ending(tmp_path / PROGRESS_FILE, "s", "e", moment)
    assert progress.found("s") == {"e": moment.astimezone().date().isoformat()}


def test_default_time_is_today(tmp_path: Path) -> None:
    progress = record_ending(tmp_path / PROGRESS_FILE, "s", "e")
    assert progress.found("s")["e"] == datetime.now().date().isoformat()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"\xff\xfe",
        b"[]",
        b'{"endings": {}}',  # no version
        b'{"version": "1", "endings": {}}',
        b'{"version": 1, "endings": []}',
    ],
)
def test_damaged_file_is_kept_aside_and_reads_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / PROGRESS_FILE
    path.write_bytes(content)
    assert load_progress(path) == Progress()
    assert damaged_path(path).read_bytes() == content  # nothing is thrown away
    assert not path.exists()
    # The gallery carries on: the next ending starts a fresh file.
    assert record_ending(path, "s", "e", DAY1).found("s") == {"e": "2024-05-01"}
    assert damaged_path(path).read_bytes() == content


def test_partly_damaged_file_keeps_the_good_endings(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    original = json.dumps(
        {
            "version": 1,
            "endings": {
                "reconnect": {"good": "2024-05-01", "bad_date": "yesterday", "bad_type": 3},
                "broken": ["not", "a", "mapping"],
                "other": {"fine": "2024-06-01T10:00:00"},
            },
        }
    ).encode()
    path.write_bytes(original)
    progress = load_progress(path)
    assert progress.found("reconnect") == {"good": "2024-05-01"}
    assert progress.found("other") == {"fine": "2024-06-01T10:00:00"}
    assert progress.found("broken") == {}
    assert damaged_path(path).read_bytes() == original
    # What survived was written back, so the repair happens once.
    assert load_progress(path) == progress
    assert not damaged_path(path).with_name(damaged_path(path).name + ".2").exists()


def test_an_earlier_damaged_copy_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    path.write_bytes(b"first")
    load_progress(path)
    path.write_bytes(b"second")
    load_progress(path)
    assert damaged_path(path).read_bytes() == b"first"
    assert (tmp_path / f"{PROGRESS_FILE}.damaged.2").read_bytes() == b"second"


def test_a_newer_version_file_is_read_not_discarded(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    path.write_text(json.dumps({"version": 2, "endings": {"s": {"e": "2024-05-01"}}}))
    assert load_progress(path).found("s") == {"e": "2024-05-01"}
    assert not damaged_path(path).exists()


def test_unreadable_place_reads_as_empty_but_recording_raises(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    path.mkdir()  # a folder where the file should be
    assert load_progress(path) == Progress()
    with pytest.raises(SaveError):
        record_ending(path, "s", "e", DAY1)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=80) | st.from_regex(r'\{"version": ?1, ?"endings": .{0,40}\}'))
def test_any_file_loads_without_raising(tmp_path: Path, content: bytes | str) -> None:
    path = tmp_path / PROGRESS_FILE
    for p in tmp_path.iterdir():
        p.unlink()
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    progress = load_progress(path)
    for story, found in progress.endings.items():
        assert isinstance(story, str)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in found.items())


RUN_A = {"scene": "ending_friends", "decisions": [[0, 1]], "seed": 7}
RUN_B = {"scene": "ending_friends", "decisions": [[0, 2]], "seed": 8}


def test_the_last_game_to_reach_an_ending_is_kept(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    record_ending(path, "reconnect", "ending_friends", DAY1, run=RUN_A)
    after = record_ending(path, "reconnect", "ending_friends", DAY2, run=RUN_B)
    assert after.found("reconnect") == {"ending_friends": "2024-05-01"}  # first date stands
    assert after.runs_of("reconnect") == {"ending_friends": RUN_B}
    assert load_progress(path).runs_of("reconnect") == {"ending_friends": RUN_B}


def test_a_file_without_kept_games_is_not_damage(tmp_path: Path) -> None:
    path = tmp_path / PROGRESS_FILE
    body = {"version": 1, "endings": {"reconnect": {"ending_friends": "2024-05-01"}}}
    path.write_text(json.dumps(body), encoding="utf-8")
    progress = load_progress(path)
    assert progress.found("reconnect") == {"ending_friends": "2024-05-01"}
    assert progress.runs_of("reconnect") == {}
    assert not damaged_path(path).exists()


def test_a_damaged_kept_game_is_left_out_and_the_rest_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / PROGRESS_FILE
    body = {
        "version": 1,
        "endings": {"reconnect": {"ending_friends": "2024-05-01", "ending_alone": "2024-05-02"}},
        "runs": {
            "reconnect": {
                "ending_friends": {"state": RUN_A},
                "ending_alone": {"state": "not a game"},
                "ending_never_found": {"state": RUN_B},
            }
        },
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    progress = load_progress(path)
    assert progress.found("reconnect") == {
        "ending_friends": "2024-05-01",
        "ending_alone": "2024-05-02",
    }
    assert progress.runs_of("reconnect") == {"ending_friends": RUN_A}
    assert "could not be read" in caplog.text
    assert json.loads(damaged_path(path).read_text(encoding="utf-8")) == body  # kept aside
    assert load_progress(path) == progress  # what could be read was written back
