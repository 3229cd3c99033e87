"""Self-voicing (Ren'Py's V): the game reads itself aloud through the system's speech engine.

What is said is decided here from what the screen shows: a page's title when it opens, the
current line with its speaker, and the focused choice, button or setting (with its value). The
speech itself goes through a `SpeechBackend`: `Pyttsx3Backend` speaks through pyttsx3 (espeak-ng
on Linux) on its own thread so a frame never waits for a voice; tests use a recording fake.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from game.persistence.settings import Settings

log = logging.getLogger(__name__)

NO_ENGINE = (
    "Self-voicing needs a speech engine, and none is installed. "
    "On Linux install espeak-ng (sudo apt-get install espeak-ng), then press V again."
)
VOICE_ON = "Self-voicing on."
VOICE_OFF = "Self-voicing off."


class SpeechBackend(Protocol):
    """Something that can speak: the real engine or a test's recorder."""

    def say(self, text: str, rate: int, volume: float) -> None:
        """Speak `text` (words a minute, 0–1 volume), dropping anything not yet begun."""

    def close(self) -> None:
        """Stop speaking for good."""


class Pyttsx3Backend:
    """pyttsx3 on a thread of its own: `say` only queues, the thread speaks the latest text."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._texts: queue.Queue[tuple[str, int, float] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="self-voicing", daemon=True)
        self._thread.start()

    @staticmethod
    def open() -> Pyttsx3Backend | None:
        """The system's speech engine, or None (logged) when there is none."""
        try:
            import pyttsx3

            return Pyttsx3Backend(pyttsx3.init())
        except Exception as exc:  # pyttsx3 raises whatever its driver's loader raised
            log.warning("no speech engine for self-voicing: %s", exc)
            return None

    def say(self, text: str, rate: int, volume: float) -> None:
        """Queue `text`, replacing whatever was still waiting."""
        while not self._texts.empty():
            try:
                self._texts.get_nowait()
            except queue.Empty:
                break
        self._texts.put((text, rate, volume))

    def close(self) -> None:
        """Let the thread finish the current sentence and end."""
        self._texts.put(None)

    def _run(self) -> None:
        while (item := self._texts.get()) is not None:
            text, rate, volume = item
            try:
                self._engine.setProperty("rate", rate)
                self._engine.setProperty("volume", volume)
                self._engine.say(text)
                self._engine.runAndWait()
            except Exception as exc:  # a voice that fails must not take the game with it
                log.warning("self-voicing could not speak: %s", exc)


@dataclass(frozen=True)
class Spoken:
    """What a screen shows that a voice would read: its title, its line and the focus."""

    title: str | None = None
    line: str | None = None
    focus: str | None = None


def widget_words(widget: object) -> str | None:
    """A control as a voice reads it: "Music volume, 70%", "Back", a choice's text."""
    label = getattr(widget, "label", None) or getattr(widget, "text", None)
    if not isinstance(label, str) or not label:
        return None
    value = getattr(widget, "_value_text", None)
    return f"{label}, {value()}" if callable(value) else label


def spoken(screen: object) -> Spoken:
    """What `screen` shows for a voice: its own `spoken_parts`, else a page's heading and focus."""
    parts = getattr(screen, "spoken_parts", None)
    if callable(parts):
        result: Spoken = parts()
        return result
    heading = getattr(screen, "heading", None)
    return Spoken(
        title=heading if isinstance(heading, str) else None,
        focus=widget_words(getattr(screen, "focused", None)),
    )


def voice_settings(
    settings: Callable[[], Settings],
) -> tuple[Callable[[], bool], Callable[[], int], Callable[[], float]]:
    """Whether self-voicing is on, its rate and its volume (none when muted), read live."""
    return (
        lambda: settings().self_voicing,
        lambda: settings().voice_rate,
        lambda: 0.0 if settings().muted else settings().voice_volume,
    )


class SelfVoicing:
    """Reads out what changed on screen since the last frame, when the player has it on."""

    def __init__(
        self,
        enabled: Callable[[], bool],
        rate: Callable[[], int],
        volume: Callable[[], float],
        open_backend: Callable[[], SpeechBackend | None] = Pyttsx3Backend.open,
    ) -> None:
        self.enabled = enabled
        self.rate = rate
        self.volume = volume
        self._open_backend = open_backend
        self._backend: SpeechBackend | None = None
        self._tried = False
        self._last = Spoken()
        self.missing = False  # True once we know there is no speech engine

    def backend(self) -> SpeechBackend | None:
        """The speech engine, opened the first time it is needed (None: there is none)."""
        if not self._tried:
            self._tried = True
            self._backend = self._open_backend()
            self.missing = self._backend is None
        return self._backend

    def say(self, text: str) -> bool:
        """Speak `text` now; False when there is no engine to speak with."""
        backend = self.backend()
        if backend is None:
            return False
        backend.say(text, self.rate(), self.volume())
        return True

    def follow(self, screen: object, *, fresh: bool = False, lead: str = "") -> str | None:
        """Speak what is new on `screen` (everything, when `fresh`, after `lead`); the words."""
        now = spoken(screen)
        last = Spoken() if fresh else self._last
        self._last = now
        if not self.enabled():
            return None
        words = [lead] if lead else []
        words += [
            part
            for part, before in ((now.title, last.title), (now.line, last.line))
            if part and part != before
        ]
        if now.focus and (now.focus != last.focus or words):
            words.append(now.focus)
        if not words:
            return None
        text = ". ".join(w.rstrip(".") for w in words) + "."
        self.say(text)
        return text

    def close(self) -> None:
        """Stop the engine's thread."""
        if self._backend is not None:
            self._backend.close()
