"""What should be heard now: the music and ambience in effect, and a scene's one-off sound.

The front ends play what this says. Music and ambience carry on from the last scene that named
them, so a story names them where the mood or the place changes, not in every scene; a scene's
`sound` is played once when the scene is entered (never on stepping back or loading a save).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Scene

# Captions for the shipped sounds; any other sound is captioned with its name.
CAPTIONS: dict[str, str] = {
    "phone_buzz": "phone buzzes",
    "phone_ring": "phone rings",
    "message_sent": "message sent",
    "message_received": "message arrives",
    "door": "door closes",
    "knock": "knocking at the door",
    "kettle": "kettle boils",
    "cups": "mugs set down",
    "footsteps": "footsteps",
}


@dataclass(frozen=True)
class Soundscape:
    """The looping sounds in effect: each a sound name, or None for silence."""

    music: str | None = None
    ambience: str | None = None


def soundscape(scenes: Iterable[Scene]) -> Soundscape:
    """The music and ambience in effect, given the scenes played, newest first."""
    music: str | None = None
    ambience: str | None = None
    for scene in scenes:
        music = music or scene.music
        ambience = ambience or scene.ambience
        if music and ambience:
            break
    return Soundscape(music, ambience)


def caption(sound: str) -> str:
    """The caption for a story sound, as shown on screen: "[phone buzzes]"."""
    words = CAPTIONS.get(sound, sound.replace("_", " ").replace("-", " "))
    return f"[{words}]"
