"""Sound in the window: music, ambience, story sounds and interface sounds through pygame.mixer.

The engine says what should be heard (`Runner.soundscape`, a scene's `sound`); this plays it.
Music streams through `pygame.mixer.music` (decoding a whole track would stall a frame), so a
change of music fades the old track out and the new one in when the old has gone; ambience
loops on two channels that crossfade. The audio device opens when the first sound is asked
for, not before the first frame: a title nobody clicks on costs no device, and closing one
that never played waits for no audio thread. With no audio device (or SDL_AUDIODRIVER=dummy
failing) the mixer is left off after one warning and every call does nothing: the game plays
silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.engine.soundscape import Soundscape
from game.persistence.settings import Settings

from .assets import AssetResolver

if TYPE_CHECKING:  # annotations only: the title screen starts without the game's runner
    from game.engine.runner import Runner
    from game.engine.state import State

log = logging.getLogger(__name__)

FADE_MS = 1200  # a crossfade's length; short enough not to blur two scenes' moods


class Bus(Enum):
    """Which volume slider a sound follows."""

    MUSIC = "music"
    AMBIENCE = "ambience"
    SOUNDS = "sounds"


class UiSound(str, Enum):
    """The interface's sounds (files under assets/sounds)."""

    CLICK = "ui_click"
    FOCUS = "ui_focus"
    PAGE = "ui_page_turn"


def volume(settings: Settings, bus: Bus) -> float:
    """The volume `bus` plays at now (0 when muted)."""
    if settings.muted:
        return 0.0
    return {
        Bus.MUSIC: settings.music_volume,
        Bus.AMBIENCE: settings.ambience_volume,
        Bus.SOUNDS: settings.sound_volume,
    }[bus]


@dataclass(frozen=True)
class _Channels:
    ambience: tuple[pygame.mixer.Channel, pygame.mixer.Channel]
    story: pygame.mixer.Channel
    ui: pygame.mixer.Channel


def open_mixer() -> bool:
    """Start the mixer if it is not running; False (one warning) when there is no device."""
    if pygame.mixer.get_init():
        return True
    try:
        pygame.mixer.init()
    except pygame.error as exc:
        log.warning("no audio device (%s): the game plays without sound", exc)
        return False
    return True


class Audio:
    """Plays what the story and the interface ask for, at the player's volumes."""

    def __init__(self, assets: AssetResolver, settings: Callable[[], Settings]) -> None:
        self.assets = assets
        self.settings = settings
        self._tried = False  # whether the mixer was opened (or refused) yet
        self.music: str | None = None  # the track wanted now
        self.playing_music: str | None = None  # the track the mixer streams (may be fading)
        self.ambience: str | None = None
        self.end_event = pygame.event.custom_type()
        self._sounds: dict[Path, pygame.mixer.Sound] = {}
        self._which = 0  # the ambience channel in use
        self._channels: _Channels | None = None
        self._followed: tuple[Runner | None, State | None] = (None, None)

    @property
    def on(self) -> bool:
        """True when sound can play; the first time it is asked, the mixer opens (or is refused)."""
        if not self._tried:
            self._tried = True
            if open_mixer():
                pygame.mixer.set_num_channels(max(8, pygame.mixer.get_num_channels()))
                pygame.mixer.set_reserved(4)
                pick = pygame.mixer.Channel
                self._channels = _Channels((pick(0), pick(1)), pick(2), pick(3))
                pygame.mixer.music.set_endevent(self.end_event)
        return self._channels is not None

    def open(self) -> None:
        """Open the device now: the app calls it once the title is on screen, so the first
        frame does not wait for it and the player's first sound does not either."""
        _ = self.on

    # --- what the story asks for -------------------------------------------------------------

    def follow_game(self, runner: Runner | None) -> None:
        """Play what the game in progress asks for (silence without one); cheap when unchanged."""
        state = runner.state if runner is not None else None
        if self._followed[0] is runner and self._followed[1] is state:
            return
        self._followed = (runner, state)
        self.follow(runner.soundscape if runner is not None else Soundscape())

    def follow(self, scape: Soundscape) -> None:
        """Fade to the music and ambience `scape` names (nothing changes when they are the same)."""
        if scape.music != self.music:
            self.music = scape.music
            self._change_music()
        if scape.ambience != self.ambience:
            self.ambience = scape.ambience
            self._change_ambience()

    def story_sound(self, name: str) -> None:
        """Play a scene's sound once."""
        if self.on and self._channels is not None:
            self._play(self._channels.story, name, Bus.SOUNDS)

    def ui(self, sound: UiSound) -> None:
        """Play an interface sound (quiet: the files are mixed 9 dB under story sounds)."""
        if self.on and self._channels is not None:
            self._play(self._channels.ui, sound.value, Bus.SOUNDS)

    def handle_event(self, event: pygame.event.Event) -> bool:
        """The faded-out track has stopped: start the one wanted now. True when it was ours."""
        if event.type != self.end_event:
            return False
        self.playing_music = None
        self._start_music()
        return True

    def apply_volumes(self) -> None:
        """Set every channel to the volumes in the settings (after a slider moved)."""
        if self._channels is None:  # nothing plays yet: each sound starts at the volumes then
            return
        settings = self.settings()
        pygame.mixer.music.set_volume(volume(settings, Bus.MUSIC))
        for channel in self._channels.ambience:
            channel.set_volume(volume(settings, Bus.AMBIENCE))
        for channel in (self._channels.story, self._channels.ui):
            channel.set_volume(volume(settings, Bus.SOUNDS))

    def stop(self) -> None:
        """Silence everything at once (the window is closing)."""
        if self._channels is not None and pygame.mixer.get_init():
            pygame.mixer.music.set_endevent(pygame.NOEVENT)
            pygame.mixer.stop()
            pygame.mixer.music.stop()

    # --- playing -------------------------------------------------------------------------------

    def _change_music(self) -> None:
        if self.music is None and self._channels is None:
            return  # silence wanted and nothing was ever played: the device need not open
        if not self.on:
            return
        if self.playing_music is not None and pygame.mixer.music.get_busy():
            pygame.mixer.music.fadeout(FADE_MS)  # the end event starts the next track
            return
        self._start_music()

    def _start_music(self) -> None:
        if not self.on or self.music is None:
            return
        path = self.assets.sound_path(self.music)
        if path is None:
            return
        try:
            pygame.mixer.music.load(str(path))
            pygame.mixer.music.set_volume(volume(self.settings(), Bus.MUSIC))
            pygame.mixer.music.play(loops=-1, fade_ms=FADE_MS)
        except pygame.error as exc:
            log.warning("music %r at %s could not be played: %s", self.music, path, exc)
            return
        self.playing_music = self.music

    def _change_ambience(self) -> None:
        if self.ambience is None and self._channels is None:
            return  # as for music: no device for silence
        if not self.on or self._channels is None:
            return
        old = self._channels.ambience[self._which]
        old.fadeout(FADE_MS)
        if self.ambience is None:
            return
        sound = self._sound(self.ambience)
        if sound is None:
            return
        self._which = 1 - self._which
        new = self._channels.ambience[self._which]
        new.set_volume(volume(self.settings(), Bus.AMBIENCE))
        new.play(sound, loops=-1, fade_ms=FADE_MS)

    def _play(self, channel: pygame.mixer.Channel, name: str, bus: Bus) -> None:
        sound = self._sound(name)
        if sound is not None:
            channel.set_volume(volume(self.settings(), bus))
            channel.play(sound)

    def _sound(self, name: str) -> pygame.mixer.Sound | None:
        path = self.assets.sound_path(name)  # a missing file is logged once there
        if path is None:
            return None
        cached = self._sounds.get(path)
        if cached is None:
            try:
                cached = pygame.mixer.Sound(str(path))
            except pygame.error as exc:
                log.warning("sound %r at %s could not be read: %s", name, path, exc)
                return None
            self._sounds[path] = cached
        return cached
