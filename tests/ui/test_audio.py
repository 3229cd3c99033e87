"""Sound in the window: what plays when, at which volume, captions, and silence without a device.

The UI tests run on SDL's dummy audio driver, so the mixer really runs: channels and the music
stream report what they play, which is what these tests read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pygame
import pytest
from storytexts import MEDIA_STORY

from game.engine.model import Story
from game.engine.runner import Phase
from game.engine.soundscape import Soundscape
from game.persistence.settings import Settings, load_settings
from game.window.assets import AssetResolver
from game.window.audio import Audio, Bus, volume
from game.window.screens.scene import portrait_rect

from .harness import frame, make_app, runner, start_game, to_phase

STORY = MEDIA_STORY
CHAPTER = """\
    chapter: One
    scenes:
      kitchen:
        background: maya_kitchen
        music: hopeful
        ambience: room_tone
        sound: phone_buzz
        text:
          - {maya: "You look tired. Sit down and tell me everything.", face: warm}
          - maya: "And don't tell me it's nothing."
        goto: call
      call:
        sound: door
        text:
          - {ex: "I didn't think you'd call. I'm glad you did.", face: hurt}
          - you: "Me neither."
        ending: {title: Tea, tone: hopeful, lessons: [listen]}
"""


@pytest.fixture
def audio() -> Audio:
    settings = Settings()
    made = Audio(AssetResolver(), lambda: settings)
    assert made.on, "the dummy audio driver should give a mixer"
    yield made
    made.stop()


def test_music_and_ambience_start_and_change_with_the_story(audio: Audio) -> None:
    audio.follow(Soundscape("hopeful", "rain"))
    assert pygame.mixer.music.get_busy()
    assert audio.playing_music == "hopeful"
    assert pygame.mixer.Channel(1).get_busy()  # the second ambience channel took the loop
    audio.follow(Soundscape("tense", "rain"))
    # The old track fades; the new one starts when the mixer says the fade has ended.
    assert audio.music == "tense" and audio.playing_music == "hopeful"
    audio.handle_event(pygame.event.Event(audio.end_event))
    assert audio.playing_music == "tense" and pygame.mixer.music.get_busy()
    audio.follow(Soundscape("tense", "street"))
    assert pygame.mixer.Channel(0).get_busy() and pygame.mixer.Channel(1).get_busy()  # crossfade


def test_volumes_follow_the_sliders_and_mute() -> None:
    current = [Settings(music_volume=0.3, ambience_volume=0.5, sound_volume=0.6)]
    audio = Audio(AssetResolver(), lambda: current[0])
    audio.follow(Soundscape("hopeful", "rain"))
    audio.apply_volumes()
    assert pygame.mixer.music.get_volume() == pytest.approx(0.3, abs=0.01)
    assert pygame.mixer.Channel(1).get_volume() == pytest.approx(0.5, abs=0.01)
    assert pygame.mixer.Channel(2).get_volume() == pytest.approx(0.6, abs=0.01)
    current[0] = replace(current[0], muted=True)
    audio.apply_volumes()
    assert pygame.mixer.music.get_volume() == 0
    assert all(pygame.mixer.Channel(i).get_volume() == 0 for i in range(4))
    assert volume(current[0], Bus.SOUNDS) == 0
    audio.stop()


def test_a_missing_sound_is_silence_and_one_warning(
    audio: Audio, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        audio.follow(Soundscape("no_such_tune", None))
        audio.story_sound("no_such_tune")
    assert not pygame.mixer.music.get_busy()
    assert [r.message.count("no_such_tune") > 0 for r in caplog.records] == [True]


def test_no_audio_device_means_one_warning_and_a_silent_game(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse() -> None:
        raise pygame.error("ALSA: Couldn't open audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", refuse)
    with caplog.at_level(logging.WARNING):
        audio = Audio(AssetResolver(), Settings)
        audio.follow(Soundscape("hopeful", "rain"))
        audio.story_sound("phone_buzz")
        audio.apply_volumes()
    assert not audio.on
    assert [r.getMessage() for r in caplog.records] == [
        "no audio device (ALSA: Couldn't open audio device): the game plays without sound"
    ]


def test_the_window_plays_the_story_and_captions_its_sounds(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    app, driver = make_app(tmp_path, make_story(STORY, CHAPTER))
    start_game(app, driver)
    driver.step(0.05)
    assert app.audio.music == "hopeful" and app.audio.ambience == "room_tone"
    assert app.toasts.text == "[phone buzzes]"
    to_phase(driver, Phase.BEAT)
    for _ in range(6):
        if runner(app).scene.id == "call":
            break
        driver.post_key("space", frozenset())
        driver.step(0.05)
    assert runner(app).scene.id == "call"
    assert app.toasts.text == "[door closes]"
    assert app.audio.music == "hopeful"  # carried on: the call names no music
    app.close()


def test_the_device_opens_once_the_first_frame_is_on_screen(
    tmp_path: Path, make_story: Callable[..., Story], monkeypatch: pytest.MonkeyPatch
) -> None:
    pygame.mixer.quit()  # as a new process has it
    at_flips: list[object] = []
    flip = pygame.display.flip

    def noting_flip() -> None:
        flip()
        at_flips.append(pygame.mixer.get_init())

    monkeypatch.setattr(pygame.display, "flip", noting_flip)
    app, driver = make_app(tmp_path, make_story(STORY, CHAPTER))  # draws the first frame
    assert at_flips[0] is None  # the title reached the screen without waiting for one...
    assert pygame.mixer.get_init() is not None  # ...and it is open before anything plays
    start_game(app, driver)
    driver.step(0.05)
    assert app.audio.playing_music == "hopeful" and pygame.mixer.music.get_busy()
    app.close()


def test_captions_off_shows_none(tmp_path: Path, make_story: Callable[..., Story]) -> None:
    from .harness import write_settings

    write_settings(tmp_path, captions=False)
    app, driver = make_app(tmp_path, make_story(STORY, CHAPTER))
    start_game(app, driver)
    driver.step(0.05)
    assert app.toasts.text is None
    app.close()


def test_volume_settings_are_saved(tmp_path: Path, make_story: Callable[..., Story]) -> None:
    app, _ = make_app(tmp_path, make_story(STORY, CHAPTER))
    app.update_settings(music_volume=0.2, muted=True)
    app.worker.flush()
    assert load_settings(app.settings_path)[0].music_volume == pytest.approx(0.2)
    assert load_settings(app.settings_path)[0].muted
    app.close()


def test_a_portrait_stands_beside_the_line_and_never_over_the_text(
    tmp_path: Path, make_story: Callable[..., Story]
) -> None:
    app, driver = make_app(tmp_path, make_story(STORY, CHAPTER), size=(1280, 720))
    start_game(app, driver)
    to_phase(driver, Phase.BEAT)
    scene = app.manager.top
    assert getattr(scene, "portrait", None) == "maya_warm"
    with_face = frame(app)
    scene.portrait = None  # type: ignore[union-attr]
    without = frame(app)
    box = scene.box.rect  # type: ignore[union-attr]
    changed = [
        (x, y)
        for x in range(0, 1280, 8)
        for y in range(0, 720, 8)
        if with_face.get_at((x, y)) != without.get_at((x, y))
    ]
    assert len(changed) > 200  # a face, not a stray pixel
    assert all(y < box.top for _, y in changed)  # never on the text box
    assert all(x > box.centerx for x, _ in changed)  # clear of the name plate at the left
    app.close()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160), (640, 480)])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_portrait_spot_keeps_clear_at_every_size(
    tmp_path: Path, make_story: Callable[..., Story], size: tuple[int, int], scale: float
) -> None:
    app, driver = make_app(tmp_path, make_story(STORY, CHAPTER), size=size, scale=scale)
    start_game(app, driver)
    to_phase(driver, Phase.BEAT)
    scene = app.manager.top
    spot = portrait_rect(scene.box.rect, scene._band, 8)  # type: ignore[union-attr]
    if spot is not None:
        assert not spot.colliderect(scene.box.rect)  # type: ignore[union-attr]
        assert spot.top >= scene._band.bottom  # type: ignore[union-attr]
        assert spot.left > scene.box.rect.centerx  # type: ignore[union-attr]
    app.close()
