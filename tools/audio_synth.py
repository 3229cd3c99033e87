"""Sound shaping for tools/make_audio.py: DSP helpers, loudness, and the ambience loops.

Everything here is numpy. Loops are periodic by construction: noise is filtered in the frequency
domain over the whole loop (which is circular), modulators are smoothed the same way, tones
have a whole number of cycles per loop, and events that run past the end wrap to the start.
The one-shot sounds live in `audio_effects.py`; `render` dispatches to both.
"""

from __future__ import annotations

import math
import wave
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Audio = NDArray[np.float64]
Shape = Callable[[Audio], Audio]
RATE = 44100


# --- DSP helpers --------------------------------------------------------------------------------


def rng_for(name: str) -> np.random.Generator:
    """A generator seeded from the cue's name, so every cue is stable on its own."""
    return np.random.default_rng(zlib.crc32(name.encode()))


def seconds(n: int) -> Audio:
    """The time in seconds of each of n samples."""
    return np.arange(n) / RATE


def shaped(x: Audio, shape: Shape, circular: bool = True) -> Audio:
    """Filter x (samples × channels, or samples) by a magnitude response of frequency in Hz."""
    n = x.shape[0]
    size = n if circular else n + RATE // 2  # padding keeps a one-shot's ringing off its start
    spectrum = np.fft.rfft(x, n=size, axis=0)
    gain = shape(np.fft.rfftfreq(size, 1 / RATE))
    spectrum *= gain[:, None] if x.ndim == 2 else gain
    out: Audio = np.fft.irfft(spectrum, n=size, axis=0)[:n]
    return out


def lowpass(cut: float, order: int = 2) -> Shape:
    """A Butterworth-like low-pass magnitude response."""
    return lambda f: 1 / np.sqrt(1 + (f / cut) ** (2 * order))


def highpass(cut: float, order: int = 2) -> Shape:
    """A Butterworth-like high-pass magnitude response."""
    return lambda f: 1 / np.sqrt(1 + (cut / np.maximum(f, 1e-3)) ** (2 * order))


def band(lo: float, hi: float, order: int = 2, tilt: float = 0.0) -> Shape:
    """A band-pass response; tilt -0.5 gives pink noise, -1 brown, inside the band."""
    hp, lp = highpass(lo, order), lowpass(hi, order)
    return lambda f: hp(f) * lp(f) * np.maximum(f, lo) ** tilt


def peak(centre: float, width: float, gain: float) -> Shape:
    """A resonant bump (a formant, a body resonance) on top of a flat response."""
    return lambda f: 1 + gain * np.exp(-(((f - centre) / width) ** 2))


def unit(x: Audio) -> Audio:
    """x scaled to an RMS of 1 (so components are mixed by explicit levels in dB)."""
    rms = float(np.sqrt(np.mean(x**2)))
    return x / rms if rms > 0 else x


def db(level: float) -> float:
    """Decibels to a linear gain."""
    return float(10 ** (level / 20))


def noise(rng: np.random.Generator, n: int, channels: int) -> Audio:
    """White noise, independent per channel (so stereo beds feel wide)."""
    return rng.standard_normal((n, channels))


def smooth(rng: np.random.Generator, n: int, rate_hz: float) -> Audio:
    """A periodic random wobble at about rate_hz, zero mean and unit deviation."""
    return unit(shaped(rng.standard_normal(n), lowpass(rate_hz, 3)))


def cycles_tone(freq: float, n: int, phase: float = 0.0) -> Audio:
    """A sine with a whole number of cycles in n samples (so a loop of it never clicks)."""
    k = max(1, round(freq * n / RATE))
    return np.sin(2 * np.pi * k * np.arange(n) / n + phase)


def partials(
    freqs: list[float], amps: list[float], decays: list[float], length: float, attack: float = 0.002
) -> Audio:
    """A struck sound: decaying sine partials with a short attack (bells, wood, ceramic)."""
    t = seconds(round(length * RATE))
    out = np.zeros_like(t)
    for f, a, d in zip(freqs, amps, decays, strict=True):
        out += a * np.sin(2 * np.pi * f * t) * np.exp(-t / d)
    return out * np.minimum(1.0, t / attack)


def burst(rng: np.random.Generator, length: float, decay: float, shape: Shape) -> Audio:
    """A filtered noise burst with an exponential decay (steps, thuds, clicks)."""
    t = seconds(round(length * RATE))
    return shaped(rng.standard_normal(t.size), shape, circular=False) * np.exp(-t / decay)


def chirp(f0: Audio, env: Audio) -> Audio:
    """A tone following the frequency curve f0 (Hz per sample), under envelope env."""
    return np.sin(2 * np.pi * np.cumsum(f0) / RATE) * env


def pan(x: Audio, position: float, channels: int) -> Audio:
    """A mono sound placed left (-1) to right (+1) with equal power, or kept mono."""
    if channels == 1:
        return x[:, None]
    angle = (position + 1) * math.pi / 4
    return np.stack([x * math.cos(angle), x * math.sin(angle)], axis=1)


def place(buf: Audio, event: Audio, at: float, wrap: bool = True) -> None:
    """Add an event (samples or samples × channels) at time `at`, wrapping past the end."""
    start = round(at * RATE)
    if event.ndim == 1:
        event = event[:, None] * np.ones((1, buf.shape[1]))
    idx = start + np.arange(event.shape[0])
    if wrap:
        np.add.at(buf, idx % buf.shape[0], event)
    else:
        keep = idx < buf.shape[0]
        buf[idx[keep]] += event[keep]


def room(x: Audio, decay: float, wet: float, seed: int = 7) -> Audio:
    """A small room: convolve with an exponentially decaying noise tail (one-shots only)."""
    rng = np.random.default_rng(seed)
    t = seconds(round(decay * 4 * RATE))
    tail = shaped(rng.standard_normal(t.size), lowpass(4000), circular=False) * np.exp(-t / decay)
    tail /= np.sqrt(np.sum(tail**2))
    size = x.shape[0] + t.size
    spectrum = np.fft.rfft(x, n=size, axis=0) * np.fft.rfft(tail, n=size)[:, None]
    wet_part = np.fft.irfft(spectrum, n=size, axis=0)[: x.shape[0]]
    return x + wet * wet_part


# --- loudness -----------------------------------------------------------------------------------


def _k_weighting(f: Audio) -> Audio:
    """The magnitude of BS.1770's K-weighting: a +4 dB shelf above ~1.5 kHz and a 38 Hz cut."""
    shelf = np.sqrt(1 + (10 ** (4 / 10) - 1) * f**2 / (f**2 + 1500.0**2))
    return shelf * highpass(38.0)(f)


def loudness(x: Audio) -> float:
    """Integrated loudness in LUFS, BS.1770-style (K-weighted, 400 ms blocks, two gates)."""
    weighted = shaped(x, _k_weighting, circular=False)
    power = np.sum(weighted**2, axis=1)
    block, hop = round(0.4 * RATE), round(0.1 * RATE)
    if power.size <= block:
        blocks = np.array([np.mean(power)])
    else:
        sums = np.concatenate([[0.0], np.cumsum(power)])
        starts = np.arange(0, power.size - block + 1, hop)
        blocks = (sums[starts + block] - sums[starts]) / block
    lufs = -0.691 + 10 * np.log10(np.maximum(blocks, 1e-12))
    kept = blocks[lufs > -70]
    if kept.size == 0:
        return -70.0
    relative = -0.691 + 10 * np.log10(np.mean(kept)) - 10
    kept = blocks[(lufs > -70) & (lufs > relative)]
    return float(-0.691 + 10 * np.log10(np.mean(kept)))


def normalise(x: Audio, target: float, ceiling_db: float, rate: int = RATE) -> Audio:
    """Scale x to the target loudness, but never let a peak pass the ceiling."""
    assert rate == RATE
    gain = db(target - loudness(x))
    top = float(np.max(np.abs(x)))
    gain = min(gain, db(ceiling_db) / top)
    return x * gain


def fade_ends(x: Audio, fade_in: float = 0.001, fade_out: float = 0.01) -> Audio:
    """Soften a one-shot's first and last moments so it never starts or stops on a click."""
    n = x.shape[0]
    env = np.ones(n)
    a, b = max(1, round(fade_in * RATE)), max(1, round(fade_out * RATE))
    env[:a] = np.linspace(0, 1, a)
    env[n - b :] = np.minimum(env[n - b :], np.linspace(1, 0, b))
    return x * (env[:, None] if x.ndim == 2 else env)


# --- files --------------------------------------------------------------------------------------


def write_wav(path: Path, samples: Audio, rate: int) -> None:
    """Write float samples in [-1, 1] (samples × channels) as 16-bit PCM."""
    pcm = np.clip(np.round(samples * 32767), -32767, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(samples.shape[1])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def read_wav(path: Path) -> Audio:
    """Read a 16-bit or 32-bit-float PCM WAV into float samples × channels."""
    with wave.open(str(path), "rb") as src:
        channels, width = src.getnchannels(), src.getsampwidth()
        data = src.readframes(src.getnframes())
    pcm = np.frombuffer(data, dtype="<i2" if width == 2 else "<i4").astype(np.float64)
    return pcm.reshape(-1, channels) / (32768.0 if width == 2 else 2147483648.0)


# --- ambience loops -----------------------------------------------------------------------------


def room_tone(rng: np.random.Generator, n: int, ch: int) -> Audio:
    """A quiet room: soft low air, a little high hiss, a fridge humming in the next room."""
    air = unit(shaped(noise(rng, n, ch), band(25, 500, tilt=-1.0)))
    hiss = unit(shaped(noise(rng, n, ch), band(2000, 8000)))
    hum = sum(a * cycles_tone(f, n) for f, a in ((50, 1.0), (100, 0.6), (150, 0.25)))
    swell = 1 + 0.15 * smooth(rng, n, 0.08)
    return air * swell[:, None] + db(-20) * hiss + db(-16) * unit(hum)[:, None]


def rain(rng: np.random.Generator, n: int, ch: int) -> Audio:
    """Rain on a window: a pink hiss in gusts, thousands of fine drops, heavier drips."""
    gust = 1 + 0.3 * smooth(rng, n, 0.12)
    hiss = unit(shaped(noise(rng, n, ch), band(400, 9000, tilt=-0.5))) * gust[:, None]
    rumble = unit(shaped(noise(rng, n, ch), band(30, 220, tilt=-1.0)))
    drops = np.zeros((n, ch))
    length = n / RATE
    for _ in range(round(length * 260)):
        drop = partials([rng.uniform(2500, 7500)], [rng.lognormal(0, 0.6)], [0.0025], 0.012)
        place(drops, pan(drop, rng.uniform(-1, 1), ch), rng.uniform(0, length))
    for _ in range(round(length * 1.6)):
        f = rng.uniform(800, 1500)
        t = seconds(round(0.05 * RATE))
        drip = chirp(f * (1 + 0.6 * np.exp(-t / 0.01)), np.exp(-t / 0.012))
        place(drops, pan(drip, rng.uniform(-0.7, 0.7), ch), rng.uniform(0, length))
    return hiss + db(-9) * rumble + db(-6) * unit(drops)


def _voice(rng: np.random.Generator, n: int) -> Audio:
    """One far-off talker: a buzz at a wandering pitch, through moving formants, in syllables."""
    f0 = rng.uniform(105, 220) * (1 + 0.08 * smooth(rng, n, 1.5))
    cycles = np.cumsum(f0) / RATE
    f0 *= round(cycles[-1]) / cycles[-1]  # a whole number of cycles, so the loop joins
    phase = np.cumsum(f0) / RATE
    buzz = 2 * (phase % 1.0) - 1
    breath = rng.standard_normal(n) * 0.3
    f1, f2 = rng.uniform(450, 750), rng.uniform(1100, 1900)
    shape = band(150, 2400)
    voiced = shaped(buzz + breath, lambda f: shape(f) * peak(f1, 150, 4)(f) * peak(f2, 250, 3)(f))
    syllables = np.clip(0.6 + smooth(rng, n, 4.0), 0, None) ** 2
    phrases = np.clip(0.4 + smooth(rng, n, 0.15), 0, 1)
    return unit(voiced) * syllables * phrases


def cafe_murmur(rng: np.random.Generator, n: int, ch: int) -> Audio:
    """A café: a dozen distant voices, a room bed, cups and saucers, the steam wand once."""
    voices = np.zeros((n, ch))
    for _ in range(12):
        voices += pan(_voice(rng, n), rng.uniform(-0.8, 0.8), ch)
    voices = shaped(voices, lowpass(1800))  # far away: the consonants are lost
    bed = unit(shaped(noise(rng, n, ch), band(100, 1200, tilt=-0.5)))
    things = np.zeros((n, ch))
    length = n / RATE
    at = 0.7
    while at < length:
        f = rng.uniform(1500, 2600)
        clink = partials([f, f * 2.32, f * 4.25], [1, 0.5, 0.25], [0.25, 0.12, 0.06], 0.8)
        place(things, pan(clink * rng.uniform(0.4, 1), rng.uniform(-0.9, 0.9), ch), at)
        if rng.random() < 0.35:
            place(things, pan(clink * 0.5, rng.uniform(-0.9, 0.9), ch), at + 0.09)
        at += rng.uniform(1.6, 4.5)
    t = seconds(round(4.0 * RATE))
    steam_env = np.minimum(1, t / 0.3) * np.minimum(1, (4.0 - t) / 0.8)
    steam = shaped(rng.standard_normal(t.size), band(2500, 9000), circular=False) * steam_env
    place(things, pan(unit(steam) * 0.12, 0.5, ch), length * 0.55)
    return unit(voices) + db(-10) * bed + db(-5) * unit(things)


def hospital_hum(rng: np.random.Generator, n: int, ch: int) -> Audio:
    """A hospital corridor: ventilation, the lights' 100 Hz hum, a far chime and far beeps."""
    vent = unit(shaped(noise(rng, n, ch), band(40, 700, tilt=-0.5)))
    hum = sum(a * cycles_tone(f, n) for f, a in ((100, 1.0), (200, 0.5), (300, 0.2)))
    events = np.zeros((n, ch))
    length = n / RATE
    for i, f in enumerate((659.3, 523.3)):
        ding = partials([f, f * 2, f * 3], [1, 0.2, 0.05], [1.4, 0.5, 0.3], 3.0, attack=0.01)
        place(events, pan(ding, -0.3, ch), length * 0.3 + i * 0.55)
    beep = cycles_tone(1000, round(0.09 * RATE)) * np.hanning(round(0.09 * RATE))
    for i in range(8):
        place(events, pan(beep * 0.25, 0.6, ch), length * 0.7 + i * 1.05)
    events = shaped(events, lowpass(2500))
    return vent + db(-20) * unit(hum)[:, None] + db(-4) * events


def _car(rng: np.random.Generator, ch: int, span: float, heavy: bool) -> Audio:
    """One vehicle passing left to right (or right to left): tyre roar and an engine tone."""
    m = round(span * RATE)
    t = seconds(m)
    env = np.exp(-(((t - span / 2) / (span / 5)) ** 2))
    roar = shaped(rng.standard_normal(m), band(60, 900 if heavy else 1600, tilt=-0.5), False)
    f = rng.uniform(40, 60) if heavy else rng.uniform(80, 120)
    engine = chirp(f * (1.04 - 0.08 * (t / span)), np.ones(m))
    sound = (unit(roar) + 0.3 * engine) * env
    direction = rng.choice([-1.0, 1.0])
    if ch == 1:
        return sound[:, None]
    sweep = direction * np.clip((t - span / 2) / (span / 3), -1, 1)
    angle = (sweep * 0.85 + 1) * np.pi / 4
    return np.stack([sound * np.cos(angle), sound * np.sin(angle)], axis=1)


def street(rng: np.random.Generator, n: int, ch: int) -> Audio:
    """A city street: a low traffic bed and cars passing now and then, one bus."""
    bed = unit(shaped(noise(rng, n, ch), band(30, 350, tilt=-1.0)))
    bed *= (1 + 0.25 * smooth(rng, n, 0.1))[:, None]
    far = unit(shaped(noise(rng, n, ch), band(300, 3000, tilt=-0.5)))
    cars = np.zeros((n, ch))
    length = n / RATE
    at, count = 1.0, 0
    while at < length - 2:
        heavy = count == 4  # one bus, so the street is not only cars
        span = 9.0 if heavy else rng.uniform(4, 6.5)
        place(cars, _car(rng, ch, span, heavy) * rng.uniform(0.5, 1.0), at)
        at += rng.uniform(3.5, 7.5)
        count += 1
    return bed + db(-16) * far + db(-3) * unit(cars)


def _bird_phrase(rng: np.random.Generator) -> Audio:
    """A short bird phrase: a few quick whistled sweeps, or a two-note call, or a trill."""
    kind = rng.integers(3)
    notes: list[Audio] = []
    if kind == 0:  # a warbler: quick sweeps at varied pitches
        for _ in range(rng.integers(3, 8)):
            m = round(rng.uniform(0.05, 0.14) * RATE)
            a, b = rng.uniform(2500, 6000), rng.uniform(2500, 6000)
            notes += [chirp(np.linspace(a, b, m), np.hanning(m)), np.zeros(round(0.03 * RATE))]
    elif kind == 1:  # "tea-cher tea-cher"
        for _ in range(rng.integers(2, 5)):
            for f in (5400.0, 4200.0):
                m = round(0.11 * RATE)
                notes += [chirp(np.full(m, f) * np.linspace(1.03, 0.97, m), np.hanning(m))]
            notes.append(np.zeros(round(0.08 * RATE)))
    else:  # a trill
        m = round(rng.uniform(0.5, 0.9) * RATE)
        t = seconds(m)
        env = np.hanning(m) * (0.5 + 0.5 * np.sin(2 * np.pi * 24 * t)) ** 2
        notes.append(chirp(np.full(m, rng.uniform(3500, 4800)), env))
    return np.concatenate(notes)


def park(rng: np.random.Generator, n: int, ch: int) -> Audio:
    """A park: wind moving through leaves in gusts, a low wind, birds near and far."""
    gust = np.clip(1 + 0.5 * smooth(rng, n, 0.1), 0.2, None)
    flutter = 1 + 0.2 * smooth(rng, n, 7.0)
    leaves = unit(shaped(noise(rng, n, ch), band(700, 7000, tilt=-0.5)))
    leaves *= (gust * flutter)[:, None]
    low = unit(shaped(noise(rng, n, ch), band(30, 200, tilt=-1.0))) * gust[:, None]
    birds = np.zeros((n, ch))
    length = n / RATE
    at = 0.5
    while at < length:
        phrase = _bird_phrase(rng) * rng.uniform(0.3, 1.0)
        place(birds, pan(phrase, rng.uniform(-0.9, 0.9), ch), at)
        at += rng.uniform(1.2, 3.5)
    return leaves + db(-10) * low + db(-3) * unit(shaped(birds, lowpass(7000)))


AMBIENCE: dict[str, Callable[[np.random.Generator, int, int], Audio]] = {
    "room_tone": room_tone,
    "rain": rain,
    "cafe_murmur": cafe_murmur,
    "hospital_hum": hospital_hum,
    "street": street,
    "park": park,
}


def render(name: str, frames: int, channels: int) -> Audio:
    """The raw samples (frames × channels) of an ambience loop or a one-shot sound."""
    from audio_effects import EFFECTS  # a tools/ sibling that builds on these helpers

    rng = rng_for(name)
    if name in AMBIENCE:
        return AMBIENCE[name](rng, frames, channels)
    out = EFFECTS[name](rng, frames)
    return fade_ends(np.repeat(out, channels, axis=1))
