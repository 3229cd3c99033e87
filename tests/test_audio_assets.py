"""The generated sounds, measured: every file decodes, has its length, is audible, never clips,
sits at the loudness its kind calls for, and every loop joins without a click.

Decoding goes through pygame's mixer (already a game dependency), so neither sox nor numpy is
needed to run these tests; the generator's catalogue is read from tools/make_audio.py, which
imports only the standard library at module level.
"""

from __future__ import annotations

import array
import importlib.util
import itertools
import math
import os
import re
import sys
from functools import cache
from pathlib import Path

import pytest

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

ROOT = Path(__file__).resolve().parents[1]
SOUNDS = ROOT / "assets" / "sounds"
RATE = 44100
FULL_SCALE = 32768

_spec = importlib.util.spec_from_file_location("make_audio", ROOT / "tools" / "make_audio.py")
assert _spec is not None and _spec.loader is not None
make_audio = importlib.util.module_from_spec(_spec)
sys.modules["make_audio"] = make_audio  # dataclasses look their module up while defining
_spec.loader.exec_module(make_audio)

CATALOGUE = make_audio.CATALOGUE
Kind = make_audio.Kind
LOOPS = [name for name, cue in CATALOGUE.items() if cue.loops]


@cache
def samples(name: str) -> tuple[array.array[int], array.array[int]]:
    """The decoded file as (left, right) 16-bit samples at 44.1 kHz."""
    if not pygame.mixer.get_init():
        pygame.mixer.init(frequency=RATE, size=-16, channels=2)
    assert pygame.mixer.get_init() == (RATE, -16, 2)
    sound = pygame.mixer.Sound(str(SOUNDS / f"{name}.ogg"))
    both = array.array("h")
    both.frombytes(sound.get_raw())
    return both[0::2], both[1::2]


def rms(values: array.array[int] | list[int]) -> float:
    """Root mean square, as a fraction of full scale."""
    return math.sqrt(sum(v * v for v in values) / max(1, len(values))) / FULL_SCALE


def dbfs(level: float) -> float:
    return 20 * math.log10(max(level, 1e-9))


def test_every_catalogued_sound_is_there_and_nothing_else() -> None:
    present = {p.stem for p in SOUNDS.glob("*.ogg")}
    assert present == set(CATALOGUE), "run tools/make_audio.py to remake the sounds"


def test_the_catalogue_covers_moods_places_story_and_interface() -> None:
    kinds = [cue.kind for cue in CATALOGUE.values()]
    assert kinds.count(Kind.MUSIC) >= 5
    assert kinds.count(Kind.AMBIENCE) >= 6
    for name in ("phone_buzz", "message_sent", "message_received", "door", "footsteps"):
        assert CATALOGUE[name].kind is Kind.STORY
    for name in ("rain", "cafe_murmur", "hospital_hum", "street", "park", "room_tone"):
        assert CATALOGUE[name].kind is Kind.AMBIENCE


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_decodes_at_its_length(name: str) -> None:
    left, right = samples(name)
    assert len(left) == len(right)
    cue = CATALOGUE[name]
    assert abs(len(left) - cue.frames) <= RATE // 100, f"{name}: {len(left) / RATE:.3f} s"
    if cue.kind is Kind.MUSIC:
        assert 60 <= cue.seconds <= 120


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_audible_and_never_clipping(name: str) -> None:
    left, right = samples(name)
    level = max(rms(left[::3]), rms(right[::3]))
    floor = {Kind.MUSIC: -30, Kind.AMBIENCE: -40, Kind.STORY: -42, Kind.UI: -60}
    assert dbfs(level) > floor[CATALOGUE[name].kind], f"{name} is near silent"
    peak = max(max(left), -min(left), max(right), -min(right))
    assert peak < FULL_SCALE - 200, f"{name} clips (peak {peak})"


def test_loudness_follows_the_kind() -> None:
    # Music carries the scene; ambience sits under it; interface sounds are barely there.
    def level(kind: Kind) -> float:
        names = [n for n, c in CATALOGUE.items() if c.kind is kind]
        return sum(dbfs(rms(samples(n)[0][::5])) for n in names) / len(names)

    music, ambience, ui = level(Kind.MUSIC), level(Kind.AMBIENCE), level(Kind.UI)
    assert -26 < music < -12
    assert music - 18 < ambience < music - 4
    assert ui < ambience


@pytest.mark.parametrize("name", LOOPS)
def test_loop_joins_without_a_click(name: str) -> None:
    # A click is a step far bigger than the signal's own: across the join, the jump from the
    # last sample to the first must look like the steps either side of it.
    window = RATE * 5 // 1000  # 5 ms
    for channel in samples(name):
        near = [*channel[-window:], *channel[:window]]
        steps = sorted(abs(b - a) for a, b in itertools.pairwise(near))
        typical = steps[int(len(steps) * 0.95)]
        jump = abs(channel[0] - channel[-1])
        assert jump <= 2 * typical + 40, f"{name}: the loop joins with a jump of {jump}"


@pytest.mark.parametrize("name", [n for n, c in CATALOGUE.items() if not c.loops])
def test_one_shots_start_and_end_quietly(name: str) -> None:
    left, _ = samples(name)
    assert abs(left[0]) < 200 and abs(left[-1]) < 200


def test_readme_lists_every_sound_with_its_licence() -> None:
    readme = (SOUNDS / "README.md").read_text("utf-8")
    assert make_audio.readme_table() in readme, "paste `tools/make_audio.py --table` into it"
    for package in make_audio.APT_PACKAGES:
        assert package in readme
    assert "MIT" in readme and "FluidR3" in readme


def test_story_music_and_sounds_all_exist() -> None:
    named = set()
    for path in (ROOT / "scenes").rglob("*.yaml"):
        text = path.read_text("utf-8")
        named.update(re.findall(r"^\s*(?:music|sound):\s*['\"]?([\w-]+)", text, re.M))
    assert sorted(n for n in named if n not in CATALOGUE) == []


def test_all_assets_fit_in_25_mb() -> None:
    total = sum(p.stat().st_size for p in (ROOT / "assets").rglob("*") if p.is_file())
    assert total < 25 * 1024 * 1024, f"assets/ is {total / 1024 / 1024:.1f} MB"
