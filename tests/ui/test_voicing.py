"""Self-voicing: what the game would say on every screen (a recording backend stands in for the
speech engine), V and Settings turning it on and off, and the one clear message when no speech
engine is installed. The real engine is tested where espeak-ng is installed."""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from storytexts import MEDIA_STORY

from game.engine.model import Story
from game.engine.runner import Phase
from game.window.app import App
from game.window.driver import AppDriver
from game.window.voicing import NO_ENGINE, SelfVoicing, SpeechBackend

from .harness import make_app, start_game, to_phase, write_settings

NONE: frozenset[str] = frozenset()

STORY = MEDIA_STORY
CHAPTER = """\
    chapter: One
    scenes:
      kitchen:
        text:
          - maya: You look tired.
          - The kettle clicks off.
        choices:
          - {text: Tell her everything., goto: told}
          - {text: Change the subject., goto: told}
      told:
        text: She listens.
        ending: {title: Tea, tone: hopeful, lessons: [listen]}
"""


class Recorder:
    """A speech backend that writes down what it is asked to say."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.rates: list[int] = []

    def say(self, text: str, rate: int, volume: float) -> None:
        self.said.append(text)
        self.rates.append(rate)

    def close(self) -> None:
        pass


def voiced_app(
    tmp_path: Path, story: Story, backend: SpeechBackend | None, **settings: object
) -> tuple[App, AppDriver]:
    write_settings(tmp_path, **settings)
    app, driver = make_app(tmp_path, story)
    app.voicing = SelfVoicing(
        app.voicing.enabled, app.voicing.rate, app.voicing.volume, lambda: backend
    )
    return app, driver


def test_off_by_default_and_v_turns_it_on_with_the_screen_read(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    voice = Recorder()
    app, d = voiced_app(tmp_path, make_story(STORY, CHAPTER), voice)
    assert not app.settings.self_voicing
    d.post_key("down", NONE)
    d.step(0.05)
    assert voice.said == []  # off: nothing is said
    d.post_key("v", NONE)
    d.step(0.05)
    assert app.settings.self_voicing
    assert voice.said == ["Self-voicing on. Media. New game."]
    d.post_key("v", NONE)
    d.step(0.05)
    assert not app.settings.self_voicing and voice.said[-1] == "Self-voicing off."
    app.close()


def test_every_screen_says_its_title_line_and_focus(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    voice = Recorder()
    app, d = voiced_app(tmp_path, make_story(STORY, CHAPTER), voice, self_voicing=True)
    d.step(0.05)
    assert voice.said[-1] == "Media. New game."  # the title screen
    start_game(app, d)
    to_phase(d, Phase.BEAT)
    d.step(0.05)
    assert voice.said[-1] == "Maya: You look tired."
    d.post_key("space", NONE)
    d.step(0.05)
    to_phase(d, Phase.CHOICE)
    d.step(0.05)
    assert "The kettle clicks off." in voice.said
    d.post_key("down", NONE)
    d.step(0.05)
    assert voice.said[-1] == "Tell her everything."
    d.post_key("down", NONE)
    d.step(0.05)
    assert voice.said[-1] == "Change the subject."
    d.post_key("escape", NONE)
    d.step(0.05)
    assert voice.said[-1] == "Menu. Resume."
    d.post_key("escape", NONE)
    d.step(0.05)
    assert voice.said[-1] == "The kettle clicks off. Change the subject."  # back on the scene
    d.post_key("pageup", NONE)
    d.step(0.05)
    assert voice.said[-1] == "History. Close."
    d.post_key("escape", NONE)
    d.step(0.05)
    app.nav.open_settings()
    d.step(0.05)
    assert voice.said[-1] == "Settings. Reading size, 100%."
    d.post_key("down", NONE)
    d.step(0.05)
    assert voice.said[-1] == "High contrast, Off."
    app.nav.close_top()
    d.step(0.05)
    d.post_key("f1", NONE)
    d.step(0.05)
    assert voice.said[-1] == "Keys. Close."
    app.close()


def test_the_rate_setting_reaches_the_engine(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    voice = Recorder()
    app, d = voiced_app(
        tmp_path, make_story(STORY, CHAPTER), voice, self_voicing=True, voice_rate=300
    )
    d.step(0.05)
    assert voice.rates and set(voice.rates) == {300}
    app.close()


def test_no_speech_engine_is_said_once_clearly_and_voicing_stays_off(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    app, d = voiced_app(tmp_path, make_story(STORY, CHAPTER), None)
    d.post_key("v", NONE)
    d.step(0.05)
    assert app.toasts.text == NO_ENGINE
    assert "espeak-ng" in NO_ENGINE
    assert not app.settings.self_voicing
    app.close()


@pytest.mark.needs_espeak
def test_the_real_engine_speaks_into_a_file(tmp_path: Path) -> None:
    import pyttsx3

    engine = pyttsx3.init()
    out = tmp_path / "line.wav"
    engine.save_to_file("Maya: You look tired.", str(out))
    engine.runAndWait()
    with wave.open(str(out)) as wav:
        frames = wav.readframes(wav.getnframes())
        width = wav.getsampwidth()
    assert width == 2 and len(frames) > 2000
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert rms > 100, f"the speech is silence (RMS {rms:.1f})"
