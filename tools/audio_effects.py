"""The one-shot sounds for tools/make_audio.py: story sounds and interface sounds (mono).

Each function takes the cue's random generator and its length in samples and returns mono
samples; `audio_synth.render` fades the ends and sets the channels.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from audio_synth import (
    RATE,
    Audio,
    band,
    burst,
    chirp,
    highpass,
    lowpass,
    partials,
    room,
    seconds,
    shaped,
    unit,
)


def _mono(n: int) -> Audio:
    return np.zeros((n, 1))


def _put(buf: Audio, event: Audio, at: float) -> None:
    """Add a mono event at time `at`, cutting it at the end of the buffer."""
    start = round(at * RATE)
    end = min(buf.shape[0], start + event.size)
    buf[start:end, 0] += event[: end - start]


def phone_buzz(rng: np.random.Generator, n: int) -> Audio:
    """A phone vibrating on a wooden table: two buzzes of a 175 Hz motor and the table rattle."""
    t = seconds(n)
    motor = 175 * (1 + 0.01 * np.sin(2 * np.pi * 6 * t))
    wave = np.tanh(3 * np.sin(2 * np.pi * np.cumsum(motor) / RATE))
    rattle = shaped(rng.standard_normal(n), band(900, 4000), circular=False)
    rattle *= (0.5 + 0.5 * np.sin(2 * np.pi * np.cumsum(motor) / RATE)) ** 8
    gate = np.zeros(n)
    for start, stop in ((0.03, 0.55), (0.85, 1.37)):
        rise = np.clip((t - start) / 0.02, 0, 1) * np.clip((stop - t) / 0.03, 0, 1)
        gate = np.maximum(gate, rise)
    body = shaped(wave + 0.5 * unit(rattle) * 0.3, band(120, 5000), circular=False)
    return room((body * gate)[:, None], 0.08, 0.15)


def _marimba(freq: float) -> Audio:
    """A soft marimba note: a strong fundamental, its tuned fourth partial, a wooden knock."""
    return partials([freq, freq * 3.93, freq * 9.2], [1.0, 0.22, 0.05], [0.45, 0.09, 0.02], 1.2)


def phone_ring(rng: np.random.Generator, n: int) -> Audio:
    """A gentle ringtone: the same rising marimba figure, three times."""
    out = _mono(n)
    figure = [(0.0, 659.3), (0.14, 830.6), (0.28, 987.8), (0.42, 1318.5), (0.56, 987.8)]
    for ring in range(3):
        for at, freq in figure:
            _put(out, _marimba(freq) * rng.uniform(0.85, 1.0), ring * 2.0 + 0.02 + at)
    return room(out, 0.25, 0.2)


def message_sent(rng: np.random.Generator, n: int) -> Audio:
    """A message leaving: a soft whoosh rising into a small round pop."""
    out = _mono(n)
    t = seconds(round(0.3 * RATE))
    env = np.sin(np.pi * t / 0.3) ** 2
    whoosh = shaped(rng.standard_normal(t.size), band(900, 5000), circular=False) * env
    _put(out, unit(whoosh) * 0.12, 0.0)
    m = round(0.12 * RATE)
    pop = chirp(np.linspace(600, 1150, m), np.sin(np.pi * np.arange(m) / m))
    _put(out, pop * 0.6, 0.22)
    return out


def message_received(rng: np.random.Generator, n: int) -> Audio:
    """A message arriving: two bell-like notes, a fifth apart, rising."""
    out = _mono(n)
    for at, freq in ((0.0, 880.0), (0.13, 1318.5)):
        bell = partials([freq, freq * 2, freq * 3], [1, 0.25, 0.08], [0.3, 0.12, 0.05], 0.75)
        _put(out, bell * rng.uniform(0.9, 1.0), at + 0.01)
    return out


def _click(rng: np.random.Generator, freqs: list[float], decay: float) -> Audio:
    """A hard little click: a noise tick and a few metallic partials."""
    tick = burst(rng, 0.01, 0.0015, highpass(2000))
    ring = partials(freqs, [1.0] * len(freqs), [decay] * len(freqs), decay * 6, attack=0.0005)
    ring[: tick.size] += unit(tick) * 0.4
    return ring


def _thud(rng: np.random.Generator, freq: float, decay: float) -> Audio:
    """Something heavy and soft meeting wood: low noise and a low decaying tone."""
    body = partials([freq, freq * 1.9], [1.0, 0.4], [decay, decay * 0.6], decay * 6, 0.003)
    hit = burst(rng, decay * 6, decay * 0.4, lowpass(400))
    return body + 0.6 * unit(hit) * np.exp(-seconds(body.size) / decay) * 0.5


def door(rng: np.random.Generator, n: int) -> Audio:
    """A door pulled shut: the thud of the door and the latch clicking into place."""
    out = _mono(n)
    _put(out, _thud(rng, 72, 0.11), 0.02)
    _put(out, _click(rng, [3200, 4700, 6100], 0.012) * 0.35, 0.05)
    _put(out, _click(rng, [2900, 5200], 0.008) * 0.2, 0.14)
    return room(out, 0.22, 0.35)


def knock(rng: np.random.Generator, n: int) -> Audio:
    """Three knocks on a wooden door, a little unevenly spaced, as a person knocks."""
    out = _mono(n)
    for i, at in enumerate((0.02, 0.29, 0.55)):
        wood = partials([190, 410, 690, 1150], [1, 0.6, 0.35, 0.2], [0.07, 0.045, 0.03, 0.02], 0.5)
        tap = burst(rng, 0.02, 0.003, lowpass(3000))
        wood[: tap.size] += unit(tap) * 0.15
        _put(out, wood * (1.0 if i < 2 else 1.1) * rng.uniform(0.9, 1.0), at)
    return room(out, 0.2, 0.3)


def kettle(rng: np.random.Generator, n: int) -> Audio:
    """A kettle coming to the boil, getting louder and busier, then switching itself off."""
    t = seconds(n)
    off = 5.1
    build = np.clip(t / off, 0, 1) ** 1.5 * np.clip(1 - (t - off) / 0.5, 0, 1)
    roar = unit(shaped(rng.standard_normal(n), band(250, 3500, tilt=-0.5), circular=False))
    out = (roar * build * 0.35)[:, None]
    at = 0.3
    while at < off:
        f = rng.uniform(250, 900)
        m = round(0.02 * RATE)
        blip = chirp(np.full(m, f) * np.linspace(1, 1.4, m), np.exp(-np.arange(m) / (0.006 * RATE)))
        _put(out, blip * (0.2 + 0.6 * (at / off)) * rng.uniform(0.3, 1), at)
        at += rng.uniform(0.01, 0.12) * (1.2 - at / off)
    _put(out, _click(rng, [2400, 3900], 0.015) * 0.9, off)
    return room(out, 0.15, 0.2)


def cups(rng: np.random.Generator, n: int) -> Audio:
    """Two mugs set down on a table, then a spoon stirring against the side of one."""
    out = _mono(n)
    for at, f in ((0.03, 950.0), (0.42, 1080.0)):
        tok = partials([f, f * 2.7, f * 5.1], [1, 0.5, 0.2], [0.06, 0.04, 0.02], 0.4)
        _put(out, tok, at)
        _put(out, _thud(rng, 120, 0.03) * 0.5, at)
    for at in (0.85, 1.0, 1.14, 1.27):
        ting = partials([3100, 5400, 7900], [1, 0.5, 0.3], [0.08, 0.05, 0.03], 0.4)
        _put(out, ting * rng.uniform(0.15, 0.3), at)
    return room(out, 0.2, 0.3)


def footsteps(rng: np.random.Generator, n: int) -> Audio:
    """Eight unhurried steps on a hard floor: heel, then toe, the feet a little different."""
    out = _mono(n)
    for i in range(8):
        at = 0.1 + i * 0.52 + rng.uniform(-0.02, 0.02)
        level = (1.0 if i % 2 == 0 else 0.85) * rng.uniform(0.85, 1.0)
        heel = unit(burst(rng, 0.12, 0.018, band(80, 1800)))
        toe = burst(rng, 0.08, 0.01, band(900, 4500))
        _put(out, heel * level, at)
        _put(out, _thud(rng, 95, 0.02) * 0.5 * level, at)
        _put(out, unit(toe) * 0.3 * level, at + 0.06)
    return room(out, 0.25, 0.35)


def ui_click(rng: np.random.Generator, n: int) -> Audio:
    """A soft click: a short rounded tick, more felt than heard."""
    out = _mono(n)
    _put(out, partials([1800, 3600], [1, 0.2], [0.008, 0.004], 0.06, attack=0.001), 0.002)
    return shaped(out, lowpass(6000), circular=False)


def ui_focus(rng: np.random.Generator, n: int) -> Audio:
    """A tiny high tick as focus moves."""
    out = _mono(n)
    _put(out, partials([2600], [1], [0.005], 0.04, attack=0.001), 0.002)
    return out


def ui_page_turn(rng: np.random.Generator, n: int) -> Audio:
    """A page turning: a paper swish with a little crinkle in the middle."""
    t = seconds(n)
    env = np.clip(t / 0.12, 0, 1) ** 2 * np.exp(-np.clip(t - 0.12, 0, None) / 0.1)
    swish = unit(shaped(rng.standard_normal(n), band(1500, 7000), circular=False)) * env
    out = (swish * 0.5)[:, None]
    for _ in range(25):
        _put(out, unit(burst(rng, 0.004, 0.001, highpass(3000))) * 0.1, rng.uniform(0.08, 0.3))
    return out


EFFECTS: dict[str, Callable[[np.random.Generator, int], Audio]] = {
    "phone_buzz": phone_buzz,
    "phone_ring": phone_ring,
    "message_sent": message_sent,
    "message_received": message_received,
    "door": door,
    "knock": knock,
    "kettle": kettle,
    "cups": cups,
    "footsteps": footsteps,
    "ui_click": ui_click,
    "ui_focus": ui_focus,
    "ui_page_turn": ui_page_turn,
}
