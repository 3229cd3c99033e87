"""The timer's chime: a soft UI sound through pygame.mixer, silent when there is no audio."""

from __future__ import annotations

import logging
from pathlib import Path

import pygame

log = logging.getLogger(__name__)

CHIME_SOUND = "ui_click"
CHIME_VOLUME = 0.6


class Chime:
    """Plays one sound on demand; a missing device or file only makes it silent."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._sound: pygame.mixer.Sound | None = None
        self._broken = path is None

    def play(self) -> bool:
        """Play the chime; False when it cannot sound (no audio device, no file)."""
        if self._broken or self._path is None:
            return False
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init()
            if self._sound is None:
                self._sound = pygame.mixer.Sound(str(self._path))
                self._sound.set_volume(CHIME_VOLUME)
            self._sound.play()
        except (pygame.error, OSError) as error:
            # A classroom PC without speakers is normal: note it once and stay quiet.
            log.info("timer chime is silent: %s", error)
            self._broken = True
            return False
        return True
