"""The player's settings: what they are, their limits, and reading and writing settings.json.

Reading never fails: a damaged or hand-edited file keeps every field that still makes sense,
falls back to the default for the rest and reports what it corrected as a `SettingsNote`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text, os_reason

SETTINGS_FILE = "settings.json"
VERSION = 1

READING_SCALE_RANGE = (0.75, 2.0)
TEXT_SPEED_RANGE = (0, 400)  # characters per second; 0 shows text at once
AUTO_DELAY_RANGE = (0.5, 10.0)  # seconds
VOLUME_RANGE = (0.0, 1.0)
VOICE_RATE_RANGE = (80, 400)  # words per minute


@dataclass(frozen=True)
class Settings:
    """Everything the player can set; the defaults are what a first launch uses."""

    reading_scale: float = 1.0  # 0.75–2.0
    high_contrast: bool = False
    dyslexic_font: bool = False
    text_speed: int = 40  # characters per second; 0 = instant
    auto_advance: bool = False
    auto_delay: float = 2.5  # seconds, 0.5–10
    reduced_motion: bool = False
    fullscreen: bool = False
    setup_done: bool = False
    music_volume: float = 0.7  # 0–1, each volume
    ambience_volume: float = 0.7
    sound_volume: float = 0.8  # story and interface sounds
    voice_volume: float = 1.0  # self-voicing
    muted: bool = False
    captions: bool = True  # story sounds written on screen: "[phone buzzes]"
    self_voicing: bool = False
    voice_rate: int = 180  # words per minute
    # The player's own keys: (action name, key name) for each action moved off its default.
    # The window checks the names; persistence only keeps their shape.
    keys: tuple[tuple[str, str], ...] = ()

    def clamped(self) -> Settings:
        """A copy with every number inside its range (non-finite numbers become the default)."""
        return replace(
            self,
            reading_scale=_clamp_float(self.reading_scale, READING_SCALE_RANGE, 1.0),
            text_speed=int(_clamp_float(self.text_speed, TEXT_SPEED_RANGE, 40)),
            auto_delay=_clamp_float(self.auto_delay, AUTO_DELAY_RANGE, 2.5),
            music_volume=_clamp_float(self.music_volume, VOLUME_RANGE, 0.7),
            ambience_volume=_clamp_float(self.ambience_volume, VOLUME_RANGE, 0.7),
            sound_volume=_clamp_float(self.sound_volume, VOLUME_RANGE, 0.8),
            voice_volume=_clamp_float(self.voice_volume, VOLUME_RANGE, 1.0),
            voice_rate=int(_clamp_float(self.voice_rate, VOICE_RATE_RANGE, 180)),
        )


class SettingsProblem(Enum):
    """What was wrong with a settings file."""

    UNREADABLE = "unreadable"  # the disk refused; `os_reason` says why
    NOT_JSON = "not_json"
    NOT_SETTINGS = "not_settings"  # valid JSON, but not an object
    FIELDS = "fields"  # some fields reset or brought back into range


@dataclass(frozen=True)
class SettingsNote:
    """What `load_settings` had to correct; the front end words it."""

    problem: SettingsProblem
    file: str
    os_reason: str = ""
    reset: tuple[str, ...] = ()  # fields that could not be read, now at their default
    clamped: tuple[str, ...] = ()  # fields brought back into range


_DEFAULTS = Settings()
_RANGES: dict[str, tuple[float, float]] = {
    "reading_scale": READING_SCALE_RANGE,
    "text_speed": TEXT_SPEED_RANGE,
    "auto_delay": AUTO_DELAY_RANGE,
    "music_volume": VOLUME_RANGE,
    "ambience_volume": VOLUME_RANGE,
    "sound_volume": VOLUME_RANGE,
    "voice_volume": VOLUME_RANGE,
    "voice_rate": VOICE_RATE_RANGE,
}


def _clamp_float(value: float, bounds: tuple[float, float], default: float) -> float:
    if not math.isfinite(value):
        return default
    return min(bounds[1], max(bounds[0], value))


def _read_field(name: str, raw: Any) -> tuple[Any, str | None]:
    """(value to use, None) when `raw` is acceptable for field `name`, else (default, problem)."""
    default = getattr(_DEFAULTS, name)
    if name == "keys":
        return _read_keys(raw)
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw, None
        return default, "unreadable"
    # bool is an int in Python, but `"reading_scale": true` is a mistake, not 1.0.
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return default, "unreadable"
    if isinstance(raw, float) and not math.isfinite(raw):
        return default, "unreadable"
    wants_int = isinstance(default, int)
    if wants_int and isinstance(raw, float):
        if not raw.is_integer():  # 40.5 characters per second is not a setting the window offers
            return default, "unreadable"
        raw = int(raw)
    # Compare before converting: a huge integer cannot be turned into a float.
    low, high = _RANGES[name]
    problem = None
    if raw < low:
        raw, problem = low, "out of range"
    elif raw > high:
        raw, problem = high, "out of range"
    return (int(raw) if wants_int else float(raw)), problem


def _read_keys(raw: Any) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """`{"skip": "k", ...}` as sorted pairs; anything else is unreadable (default keys)."""
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        return (), "unreadable"
    return tuple(sorted(raw.items())), None


def load_settings(path: Path) -> tuple[Settings, SettingsNote | None]:
    """The settings in `path` and a note when anything had to be corrected.

    A missing file is a first launch (defaults, no note). Never raises.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        reason = os_reason(exc)
        return Settings(), SettingsNote(SettingsProblem.UNREADABLE, path.name, os_reason=reason)
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Settings(), SettingsNote(SettingsProblem.NOT_JSON, path.name)
    if not isinstance(obj, dict):
        return Settings(), SettingsNote(SettingsProblem.NOT_SETTINGS, path.name)

    values: dict[str, Any] = {}
    unreadable: list[str] = []
    out_of_range: list[str] = []
    for f in fields(Settings):
        if f.name not in obj:
            continue  # a file from an older version: the newer settings keep their defaults
        value, problem = _read_field(f.name, obj[f.name])
        values[f.name] = value
        if problem == "unreadable":
            unreadable.append(f.name)
        elif problem == "out of range":
            out_of_range.append(f.name)
    settings = Settings(**values)
    if not unreadable and not out_of_range:
        return settings, None
    note = SettingsNote(
        SettingsProblem.FIELDS, path.name, reset=tuple(unreadable), clamped=tuple(out_of_range)
    )
    return settings, note


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` (clamped) to `path` atomically; raises SaveError if the disk refuses."""
    body: dict[str, Any] = {"version": VERSION}
    clean = settings.clamped()
    for f in fields(Settings):
        value = getattr(clean, f.name)
        body[f.name] = dict(value) if f.name == "keys" else value
    atomic_write_text(Path(path), json.dumps(body, indent=2, allow_nan=False) + "\n")
