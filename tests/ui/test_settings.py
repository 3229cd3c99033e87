"""Settings: round trip, first launch, damaged and hand-edited files; reading never raises."""

from __future__ import annotations

import json
import math
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.persistence.errors import SaveError
from game.persistence.settings import (
    AUTO_DELAY_RANGE,
    READING_SCALE_RANGE,
    SETTINGS_FILE,
    TEXT_SPEED_RANGE,
    Settings,
    SettingsProblem,
    load_settings,
    save_settings,
)
from game.window.wording import settings_note_text


def load_worded(path: Path) -> tuple[Settings, str | None]:
    """The settings and the window's one line about what was corrected."""
    loaded, note = load_settings(path)
    return loaded, settings_note_text(note) if note is not None else None


CHANGED = Settings(
    reading_scale=1.5,
    high_contrast=True,
    dyslexic_font=True,
    text_speed=0,
    auto_advance=True,
    auto_delay=4.0,
    reduced_motion=True,
    fullscreen=True,
    setup_done=True,
    music_volume=0.3,
    ambience_volume=0.0,
    sound_volume=1.0,
    voice_volume=0.5,
    muted=True,
    captions=False,
    self_voicing=True,
    voice_rate=240,
)


def write(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def test_defaults_are_the_documented_ones() -> None:
    s = Settings()
    assert (s.reading_scale, s.text_speed, s.auto_delay) == (1.0, 40, 2.5)
    assert not any(
        (
            s.high_contrast,
            s.dyslexic_font,
            s.auto_advance,
            s.reduced_motion,
            s.fullscreen,
            s.setup_done,
        )
    )


def test_missing_file_is_a_first_launch(tmp_path: Path) -> None:
    assert load_settings(tmp_path / SETTINGS_FILE) == (Settings(), None)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / SETTINGS_FILE
    save_settings(path, CHANGED)
    assert load_settings(path) == (CHANGED, None)
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["version"] == 1
    assert set(on_disk) == {"version"} | {f.name for f in fields(Settings)}
    # Saving again replaces the file whole and leaves no temporary files behind.
    save_settings(path, Settings())
    assert load_settings(path) == (Settings(), None)
    assert [p.name for p in tmp_path.iterdir()] == [SETTINGS_FILE]


def test_save_clamps_what_it_writes(tmp_path: Path) -> None:
    path = tmp_path / SETTINGS_FILE
    save_settings(path, Settings(reading_scale=9.0, text_speed=-5, auto_delay=math.nan))
    loaded, message = load_worded(path)
    assert message is None
    assert (loaded.reading_scale, loaded.text_speed, loaded.auto_delay) == (2.0, 0, 2.5)


def test_save_to_an_unwritable_place_raises_save_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError):
        save_settings(tmp_path / "no-such-folder" / SETTINGS_FILE, Settings())


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"not json at all", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"text"', b"null"],
)
def test_damaged_file_gives_defaults_and_a_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_bytes(content)
    loaded, message = load_worded(path)
    assert loaded == Settings()
    assert message is not None and SETTINGS_FILE in message and "\n" not in message


def test_a_folder_in_the_way_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / SETTINGS_FILE
    path.mkdir()
    loaded, message = load_worded(path)
    assert loaded == Settings() and message is not None


def test_bad_fields_fall_back_and_good_ones_stay(tmp_path: Path) -> None:
    path = write(
        tmp_path / SETTINGS_FILE,
        {
            "version": 1,
            "reading_scale": "big",  # wrong type
            "high_contrast": True,  # good
            "dyslexic_font": 1,  # a number is not a yes/no
            "text_speed": 12.5,  # not a whole number
            "auto_delay": 3.0,  # good
            "fullscreen": None,
        },
    )
    loaded, message = load_worded(path)
    assert loaded == Settings(high_contrast=True, auto_delay=3.0)
    assert message is not None and "\n" not in message
    for name in ("reading scale", "dyslexic font", "text speed", "fullscreen"):
        assert name in message
    assert "high contrast" not in message
    note = load_settings(path)[1]
    assert note is not None and note.problem is SettingsProblem.FIELDS
    assert set(note.reset) == {"reading_scale", "dyslexic_font", "text_speed", "fullscreen"}


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / SETTINGS_FILE, {"reading_scale": True, "text_speed": False})
    loaded, message = load_worded(path)
    assert loaded == Settings() and message is not None


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        ("reading_scale", 0.1, READING_SCALE_RANGE[0]),
        ("reading_scale", 5, READING_SCALE_RANGE[1]),
        ("text_speed", -3, TEXT_SPEED_RANGE[0]),
        ("text_speed", 10**30, TEXT_SPEED_RANGE[1]),
        ("auto_delay", 0, AUTO_DELAY_RANGE[0]),
        ("auto_delay", 99.5, AUTO_DELAY_RANGE[1]),
    ],
)
def test_out_of_range_values_are_clamped(
    tmp_path: Path, field: str, raw: float, expected: float
) -> None:
    path = write(tmp_path / SETTINGS_FILE, {"version": 1, field: raw, "setup_done": True})
    loaded, message = load_worded(path)
    assert getattr(loaded, field) == expected
    assert type(getattr(loaded, field)) is type(getattr(Settings(), field))
    assert loaded.setup_done  # the rest of the file is still read
    assert message is not None and "range" in message


def test_whole_float_text_speed_and_int_scale_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path / SETTINGS_FILE, {"text_speed": 60.0, "reading_scale": 2})
    loaded, message = load_worded(path)
    assert message is None
    assert loaded.text_speed == 60 and type(loaded.text_speed) is int
    assert loaded.reading_scale == 2.0 and type(loaded.reading_scale) is float


def test_non_finite_numbers_fall_back(tmp_path: Path) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_text('{"reading_scale": NaN, "auto_delay": Infinity, "text_speed": 1e400}')
    loaded, message = load_worded(path)
    assert loaded == Settings() and message is not None


def test_unknown_and_missing_fields_are_quietly_fine(tmp_path: Path) -> None:
    # Older files lack newer fields; newer files carry fields this version does not know.
    path = write(tmp_path / SETTINGS_FILE, {"version": 7, "volume": 0.3, "fullscreen": True})
    assert load_settings(path) == (Settings(fullscreen=True), None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
field_names = st.sampled_from([f.name for f in fields(Settings)] + ["version", "other"])


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.one_of(json_values, st.dictionaries(field_names, json_values, max_size=10)),
)
def test_any_json_document_loads_without_raising(tmp_path: Path, document: object) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded, message = load_worded(path)
    assert isinstance(loaded, Settings)
    assert READING_SCALE_RANGE[0] <= loaded.reading_scale <= READING_SCALE_RANGE[1]
    assert TEXT_SPEED_RANGE[0] <= loaded.text_speed <= TEXT_SPEED_RANGE[1]
    assert AUTO_DELAY_RANGE[0] <= loaded.auto_delay <= AUTO_DELAY_RANGE[1]
    for f in fields(Settings):
        assert type(getattr(loaded, f.name)) is type(getattr(Settings(), f.name))
    assert message is None or "\n" not in message
    # Whatever was read can be written and read back unchanged.
    save_settings(path, loaded)
    assert load_settings(path) == (loaded, None)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=64))
def test_any_bytes_load_without_raising(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / SETTINGS_FILE
    path.write_bytes(content)
    loaded, _ = load_settings(path)
    assert READING_SCALE_RANGE[0] <= loaded.reading_scale <= READING_SCALE_RANGE[1]
    assert TEXT_SPEED_RANGE[0] <= loaded.text_speed <= TEXT_SPEED_RANGE[1]
    save_settings(path, loaded)
    assert load_settings(path) == (loaded, None)
