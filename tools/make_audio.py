"""Make the game's music, ambience, story sounds and interface sounds as OGG Vorbis files.

Run it from the repo root: `.venv/bin/python tools/make_audio.py [names…]`. It needs:
  - Debian packages: `fluidsynth` (renders the music), `fluid-soundfont-gm` (the FluidR3_GM
    General MIDI soundfont, MIT licence, at /usr/share/sounds/sf2/FluidR3_GM.sf2), `sox` and
    `libsox-fmt-all` (sox writes OGG Vorbis through its vorbis format handler);
  - Python packages: the `tools` extra (`pip install -e '.[tools]'`: numpy and mido).

The music is composed as code (`audio_music.py`) and written as MIDI with mido; the ambience,
story and interface sounds are shaped from filtered noise and simple partials (`audio_synth.py`).
Every loop is seamless by construction, and every file is normalised to the loudness its kind
calls for. This module itself needs only the standard library, so the tests can read the
catalogue without numpy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "sounds"
RATE = 44100
APT_PACKAGES = ("fluidsynth", "fluid-soundfont-gm", "sox", "libsox-fmt-all")


class Kind(str, Enum):
    """What a sound is for, which sets its loudness, channels and whether it loops."""

    MUSIC = "music"
    AMBIENCE = "ambience"
    STORY = "story sound"
    UI = "interface sound"


# Integrated loudness each kind is normalised to (LUFS, K-weighted, gated like BS.1770), the
# channel count, the Vorbis quality, and whether files of that kind loop.
LOUDNESS = {Kind.MUSIC: -16.0, Kind.AMBIENCE: -27.0, Kind.STORY: -21.0, Kind.UI: -30.0}
CHANNELS = {Kind.MUSIC: 2, Kind.AMBIENCE: 2, Kind.STORY: 1, Kind.UI: 1}
QUALITY = {Kind.MUSIC: 3, Kind.AMBIENCE: 4, Kind.STORY: 4, Kind.UI: 4}
LOOPS = {Kind.MUSIC: True, Kind.AMBIENCE: True, Kind.STORY: False, Kind.UI: False}
PEAK_CEILING_DB = -1.0  # headroom so Vorbis overshoot never clips


@dataclass(frozen=True)
class Cue:
    """One sound file: its kind, exact length in seconds, and what the story uses it for."""

    kind: Kind
    seconds: float
    purpose: str
    trim: float = 0.0  # dB against the kind's loudness (room tone should barely be there)

    @property
    def frames(self) -> int:
        """The length in samples per channel."""
        return round(self.seconds * RATE)

    @property
    def loops(self) -> bool:
        """Whether the file is a seamless loop."""
        return LOOPS[self.kind]


def music(bpm: float, beats_per_bar: int, bars: int, purpose: str) -> Cue:
    """A music cue whose length is exactly its bars at its tempo (so it loops on the bar)."""
    return Cue(Kind.MUSIC, bars * beats_per_bar * 60.0 / bpm, purpose)


CATALOGUE: dict[str, Cue] = {
    # Music: one piece per mood, each a seamless loop.
    "reflective": music(76, 4, 32, "morning, thinking it over: piano arpeggios, soft strings"),
    "tense": music(92, 4, 32, "nerves before and during the call: pizzicato, low pulse, cello"),
    "hopeful": music(96, 4, 32, "warm, things going well: nylon guitar, flute, strings"),
    "bittersweet": music(66, 3, 32, "sad or tender endings: piano waltz and cello"),
    "night": music(64, 4, 24, "late at night, alone: electric piano, warm pad, vibraphone"),
    # Ambience per location, each a seamless loop.
    "cafe_murmur": Cue(Kind.AMBIENCE, 40.0, "café: distant voices, cups, the espresso machine"),
    "rain": Cue(Kind.AMBIENCE, 36.0, "rain on the window, drips, gusts"),
    "hospital_hum": Cue(Kind.AMBIENCE, 36.0, "hospital: ventilation, mains hum, a far chime"),
    "street": Cue(Kind.AMBIENCE, 40.0, "city street: passing cars, distant traffic"),
    "park": Cue(Kind.AMBIENCE, 40.0, "park or outdoors: wind in leaves, birdsong"),
    "room_tone": Cue(Kind.AMBIENCE, 30.0, "a quiet room: air, a fridge's low hum", trim=-6.0),
    # Story sounds, played once.
    "phone_buzz": Cue(Kind.STORY, 1.6, "a phone vibrating on a table (a message)"),
    "phone_ring": Cue(Kind.STORY, 6.0, "a phone ringing: three soft marimba rings"),
    "message_sent": Cue(Kind.STORY, 0.5, "a message sent: a soft upward whoosh"),
    "message_received": Cue(Kind.STORY, 0.9, "a message arrives: a two-note chime"),
    "door": Cue(Kind.STORY, 1.2, "a door closing: latch click and a soft thud"),
    "knock": Cue(Kind.STORY, 1.4, "three knocks on a wooden door"),
    "kettle": Cue(Kind.STORY, 6.0, "a kettle coming to the boil and clicking off"),
    "cups": Cue(Kind.STORY, 1.6, "two mugs set down and a spoon stirring"),
    "footsteps": Cue(Kind.STORY, 4.4, "footsteps on a hard floor, walking"),
    # Interface sounds: very quiet and short.
    "ui_click": Cue(Kind.UI, 0.08, "a button pressed: a soft click"),
    "ui_focus": Cue(Kind.UI, 0.05, "focus moving between controls: a tiny tick"),
    "ui_page_turn": Cue(Kind.UI, 0.5, "a new page or screen: a paper swish"),
}


def missing_tools() -> list[str]:
    """The programs and files this generator needs that are not installed."""
    from audio_music import SOUNDFONT  # a tools/ sibling; needs numpy

    missing = [tool for tool in ("fluidsynth", "sox") if shutil.which(tool) is None]
    if not SOUNDFONT.is_file():
        missing.append(str(SOUNDFONT))
    return missing


def encode(samples: object, cue: Cue, path: Path) -> None:
    """Write float samples (frames × channels, numpy) to an OGG Vorbis file through sox."""
    from audio_synth import write_wav

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "out.wav"
        write_wav(wav, samples, RATE)
        subprocess.run(["sox", "-q", str(wav), "-C", str(QUALITY[cue.kind]), str(path)], check=True)


def render(name: str) -> object:
    """The finished samples for one cue: rendered, cut to length, normalised."""
    import audio_music
    import audio_synth

    cue = CATALOGUE[name]
    if cue.kind is Kind.MUSIC:
        raw = audio_music.render(name, cue.frames)
    else:
        raw = audio_synth.render(name, cue.frames, CHANNELS[cue.kind])
    return audio_synth.normalise(raw, LOUDNESS[cue.kind] + cue.trim, PEAK_CEILING_DB, RATE)


def readme_table() -> str:
    """The README's table of files, built from the catalogue so the two never disagree."""
    rows = ["| file | kind | length | loops | what it is for |", "|---|---|---|---|---|"]
    for name, cue in CATALOGUE.items():
        loops = "yes" if cue.loops else "no"
        rows.append(
            f"| `{name}.ogg` | {cue.kind.value} | {cue.seconds:.2f} s | {loops} | {cue.purpose} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Make the named cues (all by default) into assets/sounds/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="cues to make (default: all)")
    parser.add_argument("-o", "--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--table", action="store_true", help="print the README table and stop")
    args = parser.parse_args(argv)
    if args.table:
        print(readme_table())
        return 0
    unknown = [n for n in args.names if n not in CATALOGUE]
    if unknown:
        parser.error(f"unknown cue(s): {', '.join(unknown)}; known: {', '.join(CATALOGUE)}")
    try:
        missing = missing_tools()
    except ImportError as err:
        print(f"make_audio: {err}; install the tools extra: pip install -e '.[tools]'")
        return 2
    if missing:
        print(f"make_audio: missing {', '.join(missing)}; apt-get install {' '.join(APT_PACKAGES)}")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or list(CATALOGUE):
        path = args.out / f"{name}.ogg"
        encode(render(name), CATALOGUE[name], path)
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
