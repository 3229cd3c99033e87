"""The game's music for tools/make_audio.py: five short pieces composed as code.

Each piece is a chord progression in named voicings, with parts built over it (arpeggios, pads,
bass lines) and hand-written melodies. It is written as MIDI with mido and rendered by
FluidSynth through the FluidR3_GM soundfont. To make a seamless loop the piece is rendered three
times in a row; the middle copy already carries the first copy's ringing tails, and its first
50 ms are cross-faded with the start of the third copy, so the end flows into the start.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import mido
import numpy as np
from audio_synth import RATE, Audio, read_wav

SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
TICKS = 480
COPIES = 3
JOIN = 0.05  # seconds cross-faded at the loop point

PIANO, E_PIANO, VIBES, NYLON, BASS, FRETLESS = 0, 4, 11, 24, 32, 35
CELLO, CONTRABASS, PIZZICATO, STRINGS, SLOW_STRINGS, FLUTE, WARM_PAD = 42, 43, 45, 48, 49, 73, 89

_STEPS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def pitch(name: str) -> int:
    """A MIDI note number from a name such as C4 (60), F#3 or Bb1."""
    letter, rest = name[0], name[1:]
    shift = 0
    while rest and rest[0] in "#b":
        shift += 1 if rest[0] == "#" else -1
        rest = rest[1:]
    return 12 * (int(rest) + 1) + _STEPS[letter] + shift


@dataclass(frozen=True)
class Note:
    """One note: start and length in beats, MIDI pitch and velocity."""

    start: float
    length: float
    pitch: int
    velocity: int


@dataclass
class Part:
    """One instrument on its own MIDI channel, with its mixer settings and its notes."""

    program: int
    volume: int = 100
    pan: int = 64
    reverb: int = 70
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class Chord:
    """A chord held for some beats from a start beat, as a voicing (lowest note first)."""

    start: float
    beats: float
    voicing: tuple[int, ...]


class Piece:
    """A piece under construction: tempo, metre, a named set of voicings and its parts."""

    def __init__(self, name: str, bpm: float, beats_per_bar: int, voicings: dict[str, str]):
        self.bpm, self.bar = bpm, beats_per_bar
        self.voicings = {k: tuple(pitch(n) for n in v.split()) for k, v in voicings.items()}
        self.parts: dict[str, Part] = {}
        self.rng = random.Random(name)  # humanises velocities, the same way every run

    def part(self, name: str, program: int, volume: int = 100, pan: int = 64) -> Part:
        """The named part, created on first use."""
        return self.parts.setdefault(name, Part(program, volume, pan))

    def chords(self, at_bar: int, progression: str) -> list[Chord]:
        """Chords from "Dmaj7 Bm9 Asus4:2 A:2": one bar each unless a length in beats is given."""
        out, beat = [], float(at_bar * self.bar)
        for token in progression.split():
            name, _, beats = token.partition(":")
            length = float(beats) if beats else float(self.bar)
            out.append(Chord(beat, length, self.voicings[name]))
            beat += length
        return out

    def _vel(self, base: int) -> int:
        return max(1, min(127, base + self.rng.randint(-6, 6)))

    def arpeggio(
        self,
        part: Part,
        chords: list[Chord],
        pattern: list[int],
        step: float,
        vel: int,
        hold: float,
    ) -> None:
        """Broken chords: voicing indices from pattern, one every step beats, each held."""
        for chord in chords:
            for i in range(round(chord.beats / step)):
                note = chord.voicing[pattern[i % len(pattern)]]
                accent = 8 if (i * step) % self.bar == 0 else 0
                start = chord.start + i * step
                part.notes.append(Note(start, hold, note, self._vel(vel + accent)))

    def block(
        self,
        part: Part,
        chords: list[Chord],
        hits: list[tuple[float, float]],
        vel: int,
        pick: slice,
    ) -> None:
        """Chords struck together at (offset, length) beats within each chord's span."""
        for chord in chords:
            for offset, length in hits:
                if offset < chord.beats:
                    for note in chord.voicing[pick]:
                        part.notes.append(Note(chord.start + offset, length, note, self._vel(vel)))

    def bass(
        self, part: Part, chords: list[Chord], hits: list[tuple[float, float, int]], vel: int
    ) -> None:
        """A bass line: (offset, length, semitones above the chord's lowest note) per chord."""
        for chord in chords:
            for offset, length, interval in hits:
                if offset < chord.beats:
                    note = chord.voicing[0] + interval
                    part.notes.append(Note(chord.start + offset, length, note, self._vel(vel)))

    def melody(self, part: Part, at_bar: int, line: str, vel: int, shift: int = 0) -> None:
        """A tune from "F#5:2 E5:1 r:1" (name:beats, r for a rest), from the given bar."""
        beat = float(at_bar * self.bar)
        for token in line.split():
            name, _, beats = token.partition(":")
            if name != "r":
                part.notes.append(Note(beat, float(beats), pitch(name) + shift, self._vel(vel)))
            beat += float(beats)


def reflective() -> Piece:
    """Morning, thinking it over: D major piano arpeggios, slow strings, a flute at the end."""
    p = Piece(
        "reflective",
        76,
        4,
        {
            "Dmaj7": "D3 A3 C#4 E4 F#4",
            "Bm9": "B2 F#3 A3 C#4 D4",
            "Gmaj9": "G2 D3 F#3 A3 B3",
            "A": "A2 E3 A3 C#4 E4",
            "Asus4": "A2 E3 A3 D4 E4",
            "D/F#": "F#2 D3 A3 D4 F#4",
            "Em9": "E2 B2 G3 D4 F#4",
            "F#m7": "F#2 C#3 E3 A3 C#4",
        },
    )
    verse = "Dmaj7 Bm9 Gmaj9 A D/F# Em9 Gmaj9 Asus4:2 A:2"
    bridge = "Bm9 F#m7 Gmaj9 D/F# Em9 Bm9 Gmaj9 Asus4:2 A:2"
    tune_a = (
        "F#5:2 E5:1 D5:1 D5:1.5 C#5:0.5 B4:2 B4:1 D5:1 F#5:1.5 E5:0.5 E5:3 r:1 "
        "F#5:1 A5:1 G5:1 F#5:1 E5:2 G5:1 F#5:1 D5:1.5 E5:0.5 B4:2 A4:2 C#5:1 E5:1"
    )
    tune_b = (
        "D5:1 F#5:1 B5:2 A5:1.5 F#5:0.5 E5:2 D5:1 E5:1 F#5:1 G5:1 A5:3 r:1 "
        "G5:1.5 F#5:0.5 E5:1 D5:1 F#5:2 D5:2 B4:1 D5:1 G5:1.5 F#5:0.5 E5:2 C#5:1 A4:1"
    )
    keys, right = p.part("left", PIANO, 88), p.part("right", PIANO, 100)
    strings, flute = p.part("strings", SLOW_STRINGS, 62, 40), p.part("flute", FLUTE, 64, 84)
    for section, (prog, tune) in enumerate([(verse, ""), (verse, tune_a), (bridge, tune_b)]):
        chords = p.chords(section * 8, prog)
        p.arpeggio(keys, chords, [0, 1, 2, 4, 3, 2, 1, 2], 0.5, 52, 1.5)
        if tune:
            p.melody(right, section * 8, tune, 74)
            p.block(strings, chords, [(0, 4)], 50, slice(1, 4))
    chords = p.chords(24, verse)
    p.arpeggio(keys, chords, [0, 1, 2, 4, 3, 2, 1, 2], 0.5, 50, 1.5)
    p.melody(right, 24, tune_a, 66)
    p.melody(flute, 24, tune_a, 60)
    p.block(strings, chords, [(0, 4)], 46, slice(1, 4))
    return p


def tense() -> Piece:
    """Nerves: D minor pizzicato ostinato over a pulsing bass, held strings, then a cello."""
    p = Piece(
        "tense",
        92,
        4,
        {
            "Dm": "D2 D3 A3 D4 F4",
            "Bb": "Bb1 Bb2 F3 D4 F4",
            "Gm": "G1 G2 D3 Bb3 D4",
            "A": "A1 A2 E3 C#4 E4",
            "C": "C2 C3 G3 C4 E4",
            "Asus4": "A1 A2 E3 D4 E4",
        },
    )
    verse = "Dm Dm Bb Bb Gm Gm A A"
    bridge = "Bb C Dm Dm Gm Bb Asus4 A"
    pizz, bass = p.part("pizz", PIZZICATO, 92, 80), p.part("bass", CONTRABASS, 96)
    pad, cello = p.part("pad", STRINGS, 58, 50), p.part("cello", CELLO, 96, 70)
    clock = p.part("clock", PIANO, 54, 90)
    for section, prog in enumerate([verse, verse, bridge, verse]):
        chords = p.chords(section * 8, prog)
        p.bass(bass, chords, [(b, 0.6, 12) for b in (0, 1, 2, 3)], 64)
        p.block(pad, chords, [(0, 4)], 40 + 6 * section, slice(2, 5))
        p.arpeggio(pizz, chords, [3, 2, 4, 2, 3, 2, 4, 2], 0.5, 58, 0.4)
        if section >= 1:
            p.arpeggio(clock, chords, [2], 2.0, 30, 0.3)
    p.melody(
        cello, 16, "D4:3 C4:1 E4:2 G4:2 F4:4 E4:2 D4:2 D4:3 Bb3:1 F4:2 D4:2 E4:4 C#4:2 E4:2", 70
    )
    p.melody(cello, 24, "A3:4 F4:2 E4:2 D4:4 F4:4 G4:3 F4:1 E4:2 D4:2 C#4:4 E4:4", 62)
    return p


def hopeful() -> Piece:
    """Warm, things going well: G major nylon-guitar picking, a flute tune, strings, bass."""
    p = Piece(
        "hopeful",
        96,
        4,
        {
            "G": "G2 D3 G3 B3 D4",
            "D/F#": "F#2 A2 D3 A3 D4",
            "Em": "E2 B2 E3 G3 B3",
            "C": "C3 E3 G3 C4 E4",
            "D": "D2 A2 D3 F#3 A3",
            "Am7": "A2 E3 G3 C4 E4",
        },
    )
    verse = "G D/F# Em C G D C D"
    bridge = "Em C G D Em C Am7 D"
    tune_a = (
        "D5:1 G5:1 B5:1.5 A5:0.5 A5:2 F#5:1 D5:1 G5:1.5 F#5:0.5 E5:1 G5:1 E5:3 r:1 "
        "D5:1 G5:1 B5:1.5 C6:0.5 D6:2 A5:1 F#5:1 G5:1 E5:1 C5:1 E5:1 D5:2 F#5:1 A5:1"
    )
    tune_b = (
        "B5:1.5 A5:0.5 G5:1 E5:1 G5:2 E5:2 D5:1 G5:1 B5:1 D6:1 A5:3 r:1 "
        "G5:1 B5:1 E6:1.5 D6:0.5 C6:1 B5:1 A5:1 G5:1 A5:1.5 G5:0.5 E5:1 C5:1 D5:2 F#5:2"
    )
    guitar, bass = p.part("guitar", NYLON, 100, 50), p.part("bass", BASS, 92)
    strings, flute = p.part("strings", STRINGS, 56, 80), p.part("flute", FLUTE, 90, 70)
    keys = p.part("piano", PIANO, 80, 60)
    for section, prog in enumerate([verse, verse, bridge, verse]):
        chords = p.chords(section * 8, prog)
        p.arpeggio(guitar, chords, [0, 2, 3, 4, 1, 3, 2, 4], 0.5, 60, 1.0)
        p.bass(bass, chords, [(0, 1.5, 0), (2, 1.0, 0), (3, 0.8, 7)], 66)
        if section:
            p.block(strings, chords, [(0, 4)], 44, slice(2, 5))
    p.melody(flute, 8, tune_a, 72)
    p.melody(flute, 16, tune_b, 76)
    p.melody(keys, 24, tune_a, 64, shift=-12)
    return p


def bittersweet() -> Piece:
    """Sad but tender: an A minor piano waltz, the tune passed to a cello, soft strings."""
    p = Piece(
        "bittersweet",
        66,
        3,
        {
            "Am": "A2 E3 A3 C4 E4",
            "F": "F2 C3 F3 A3 C4",
            "C": "C3 G3 C4 E4 G4",
            "G": "G2 D3 G3 B3 D4",
            "Dm": "D2 A2 D3 F3 A3",
            "E": "E2 B2 E3 G#3 B3",
            "Em": "E2 B2 E3 G3 B3",
        },
    )
    verse = "Am F C G Am F Dm E"
    bridge = "F G Em Am Dm G C E"
    tune_a = (
        "E5:2 C5:1 A4:2 C5:1 E5:1.5 D5:0.5 C5:1 D5:3 "
        "C5:1 E5:1 A5:1 A5:2 G5:1 F5:1.5 E5:0.5 D5:1 B4:2 G#4:1"
    )
    tune_b = (
        "A4:1 C5:1 F5:1 G5:2 D5:1 E5:2 B4:1 C5:3 D5:1 F5:1 A5:1 G5:2 F5:1 E5:1.5 D5:0.5 C5:1 B4:3"
    )
    keys, right = p.part("left", PIANO, 90), p.part("right", PIANO, 100)
    cello, strings = p.part("cello", CELLO, 92, 44), p.part("strings", SLOW_STRINGS, 54, 84)
    for section, prog in enumerate([verse, verse, bridge, verse]):
        chords = p.chords(section * 8, prog)
        p.arpeggio(keys, chords, [0, 1, 2, 3, 4, 2], 0.5, 48, 1.2)
        if section >= 2:
            p.block(strings, chords, [(0, 3)], 42, slice(2, 5))
    p.melody(right, 8, tune_a, 70)
    p.melody(cello, 16, tune_b, 74, shift=-12)
    p.melody(right, 24, tune_a, 62)
    p.melody(cello, 24, tune_a, 56, shift=-12)
    return p


def night() -> Piece:
    """Late and alone: E minor electric piano chords, a warm pad, fretless bass, vibraphone."""
    p = Piece(
        "night",
        64,
        4,
        {
            "Cmaj9": "C2 E3 G3 B3 D4",
            "Bm7": "B1 D3 F#3 A3 D4",
            "Am9": "A1 C3 E3 G3 B3",
            "Em9": "E2 D3 G3 B3 F#4",
            "B7sus4": "B1 E3 F#3 A3 E4",
            "B7": "B1 D#3 F#3 A3 B3",
        },
    )
    verse = "Cmaj9 Bm7 Am9 Em9 Cmaj9 Bm7 Am9 B7sus4:2 B7:2"
    bridge = "Am9 Bm7 Cmaj9 Em9 Am9 Bm7 Cmaj9 B7sus4:2 B7:2"
    tune_a = (
        "G5:2 E5:1 B4:1 D5:3 r:1 C5:1 E5:1 G5:1.5 F#5:0.5 E5:3 r:1 "
        "B5:2 G5:1 E5:1 F#5:2 D5:2 E5:1 C5:1 B4:1 A4:1 B4:2 D#5:2"
    )
    tune_b = (
        "E5:1.5 G5:0.5 B5:2 A5:2 F#5:2 G5:1 E5:1 G5:1 B5:1 F#5:3 r:1 "
        "E5:2 C5:2 D5:1.5 F#5:0.5 A5:2 G5:2 E5:1 D5:1 E5:2 D#5:2"
    )
    rhodes, pad = p.part("rhodes", E_PIANO, 92, 56), p.part("pad", WARM_PAD, 56, 72)
    bass, vibes = p.part("bass", FRETLESS, 90), p.part("vibes", VIBES, 84, 76)
    for section, prog in enumerate([verse, verse, bridge]):
        chords = p.chords(section * 8, prog)
        p.block(rhodes, chords, [(0, 2.4), (2.5, 1.4)], 50, slice(1, 5))
        p.block(pad, chords, [(0, 4)], 44, slice(1, 4))
        p.bass(bass, chords, [(0, 2.8, 12), (3, 0.9, 19)], 62)
    p.melody(vibes, 8, tune_a, 62)
    p.melody(vibes, 16, tune_b, 66)
    return p


PIECES = {
    "reflective": reflective,
    "tense": tense,
    "hopeful": hopeful,
    "bittersweet": bittersweet,
    "night": night,
}


def to_midi(piece: Piece, loop_beats: float, copies: int) -> mido.MidiFile:
    """The piece as a type-1 MIDI file, played `copies` times back to back."""
    song = mido.MidiFile(type=1, ticks_per_beat=TICKS)
    meta = mido.MidiTrack()
    meta.append(mido.MetaMessage("set_tempo", tempo=round(60_000_000 / piece.bpm), time=0))
    meta.append(mido.MetaMessage("time_signature", numerator=piece.bar, denominator=4, time=0))
    song.tracks.append(meta)
    for channel, part in enumerate(piece.parts.values()):
        channel = channel if channel < 9 else channel + 1  # channel 10 is drums in GM
        setup = [(0, 0, mido.Message("program_change", channel=channel, program=part.program))]
        for control, value in ((7, part.volume), (10, part.pan), (91, part.reverb), (93, 0)):
            msg = mido.Message("control_change", channel=channel, control=control, value=value)
            setup.append((0, 0, msg))
        events = setup + _note_events(part, channel, loop_beats, copies)
        events.sort(key=lambda e: (e[0], e[1]))
        track, now = mido.MidiTrack(), 0
        for tick, _, msg in events:
            track.append(msg.copy(time=tick - now))
            now = tick
        song.tracks.append(track)
    return song


def _note_events(
    part: Part, channel: int, loop_beats: float, copies: int
) -> list[tuple[int, int, mido.Message]]:
    """Note on/off events in ticks; a re-struck pitch ends the earlier note first."""
    notes = sorted(part.notes, key=lambda n: n.start)
    out: list[tuple[int, int, mido.Message]] = []
    for copy in range(copies):
        for i, note in enumerate(notes):
            end = note.start + note.length
            later = [n.start for n in notes[i + 1 :] if n.pitch == note.pitch]
            if later:
                end = min(end, later[0])
            on = round((copy * loop_beats + note.start) * TICKS)
            off = round((copy * loop_beats + end) * TICKS)
            out.append(
                (
                    on,
                    1,
                    mido.Message(
                        "note_on", channel=channel, note=note.pitch, velocity=note.velocity
                    ),
                )
            )
            out.append((off, 0, mido.Message("note_off", channel=channel, note=note.pitch)))
    return out


def render(name: str, frames: int) -> Audio:
    """The finished loop of one piece: `frames` stereo samples whose end joins its start."""
    piece = PIECES[name]()
    beats = frames / RATE * piece.bpm / 60
    with tempfile.TemporaryDirectory() as tmp:
        mid, wav = Path(tmp) / "piece.mid", Path(tmp) / "piece.wav"
        to_midi(piece, round(beats), COPIES).save(str(mid))
        command = ["fluidsynth", "-ni", "-q", "-g", "0.4", "-r", str(RATE), "-T", "wav"]
        subprocess.run([*command, "-F", str(wav), str(SOUNDFONT), str(mid)], check=True)
        audio = read_wav(wav)
    if np.max(np.abs(audio)) > 0.98:
        raise RuntimeError(f"{name}: FluidSynth output clipped; lower the gain")
    join = round(JOIN * RATE)
    middle = audio[frames : 2 * frames + join].copy()
    if middle.shape[0] < frames + join:
        raise RuntimeError(f"{name}: the render is shorter than two copies of the loop")
    fade = np.linspace(0.0, 1.0, join)[:, None]
    loop = middle[:frames]
    loop[:join] = middle[:join] * fade + middle[frames : frames + join] * (1 - fade)
    return loop
