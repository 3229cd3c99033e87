"""What a screen may use of the window: the `Host` protocol the app fulfils.

Screens are given a `Host` and never import the app, so the app can import every screen and
no import runs in a circle. It is deliberately narrow: the look, the game in progress, the
player's files, and two smaller protocols for going places (`Navigation`) and saving
(`SaveActions`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from game.engine.model import Story, Value
from game.engine.session import SaveJob, SaveOutcome, Session
from game.persistence.settings import Settings

from .assets import AssetResolver
from .audio import Audio
from .display import Display
from .options import WindowOptions
from .screens.base import ScreenManager
from .slots import SlotReader
from .toasts import Toasts
from .voicing import SelfVoicing
from .widgets import UIContext
from .worker import Worker

if TYPE_CHECKING:  # annotations only: the title screen starts without the game's runner
    from game.engine.runner import Runner

# A dialog's answers: a label and what it does, the last one always the safe "stay".
Answers = Sequence[tuple[str, Callable[[], None]]]


class Navigation(Protocol):
    """Going from screen to screen."""

    def show_title(self) -> None:
        """Back to the title screen (the game in progress, if any, is left)."""

    def show_scene(self) -> None:
        """Show the game in progress (its ending page if it has ended)."""

    def finish_setup(self) -> None:
        """First-launch setup is done."""

    def new_game(self) -> None:
        """The content note, then the questions, then the story."""

    def ask_questions(self, answers: dict[str, Value] | None = None) -> None:
        """The questions page (skipped when the story asks nothing)."""

    def begin_game(self, answers: dict[str, Value]) -> None:
        """Start a new playthrough with these answers."""

    def play_again(self) -> None:
        """The questions again, filled in with this game's answers."""

    def after_decision(self) -> None:
        """The player chose."""

    def reached_ending(self) -> None:
        """The game in progress reached an ending."""

    def leave_to_title(self) -> None:
        """The menu's Title (asks first when progress would be lost)."""

    def request_quit(self) -> None:
        """Quit (asks first when progress would be lost)."""

    def close_top(self) -> None:
        """Close the page or dialog on top."""

    def confirm(self, heading: str, message: str, answers: Answers, *, kind: str = "") -> None:
        """Ask a question over the screen on top."""

    def open_menu(self) -> None:
        """The in-game menu."""

    def open_history(self) -> None:
        """The history page."""

    def open_help(self) -> None:
        """The keys page."""

    def open_settings(self) -> None:
        """The settings page."""

    def open_saves(self, mode: str) -> None:
        """The save ("save") or load ("load") page."""

    def open_gallery(self) -> None:
        """The endings found so far."""

    def open_what_if(self) -> None:
        """What if?: the game's decisions on a timeline, to go back to one."""

    def open_chapters(self) -> None:
        """Chapter select: a new game from one of the story's checkpoints."""

    def start_at(self, checkpoint: str | None) -> None:
        """A new game from `checkpoint` (None: the beginning)."""

    def backdrop_image(self) -> str | None:
        """The picture behind pages."""
        ...


class SaveActions(Protocol):
    """Saving and loading the game in progress."""

    failed: SaveOutcome | None  # the last save that could not be written, if any

    def save_to(
        self,
        slot: str,
        *,
        toast: bool = False,
        then: Callable[[SaveOutcome], None] | None = None,
    ) -> bool:
        """Save to `slot` (written in the background; `then` hears how it went)."""
        ...

    def write(
        self,
        job: SaveJob,
        *,
        toast: bool = False,
        then: Callable[[SaveOutcome], None] | None = None,
    ) -> None:
        """Write a save already taken, on the worker."""

    def load_slot(self, slot: str) -> bool:
        """Load a slot and show it."""
        ...

    def recover(self) -> None:
        """The error page's way back."""

    def autosave(self) -> None:
        """Save to the autosave slot."""

    def has_unsaved_progress(self) -> bool:
        """True when the game has moved on since the last save."""
        ...


class Host(Protocol):
    """What screens use of the window."""

    story: Story
    session: Session
    base: Path  # the user data folder
    options: WindowOptions
    settings: Settings
    scale_override: float | None
    found: dict[str, str]
    found_runs: dict[str, Mapping[str, Any]]  # ending id -> the last game that reached it
    keyboard_mode: bool
    manager: ScreenManager
    display: Display
    assets: AssetResolver
    audio: Audio
    voicing: SelfVoicing
    toasts: Toasts
    worker: Worker
    slots: SlotReader

    @property
    def runner(self) -> Runner | None:
        """The session's game in progress, if any."""
        ...

    @property
    def nav(self) -> Navigation:
        """Going from screen to screen."""
        ...

    @property
    def saving(self) -> SaveActions:
        """Saving and loading the game in progress."""
        ...

    @property
    def ctx(self) -> UIContext:
        """Theme, pixel metrics and fonts for the current window and settings."""
        ...

    @property
    def min_reading_scale(self) -> float:
        """The smallest reading size allowed now."""
        ...

    def update_settings(self, **changes: Any) -> None:
        """Change settings: applied at once and saved (off the frame)."""

    def mouse_pos(self) -> tuple[int, int] | None:
        """The last known pointer position (logical)."""
        ...

    def quit(self) -> None:
        """Stop the loop."""
