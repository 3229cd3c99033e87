"""Going places: which screen opens for each thing the player does, and the questions asked
before leaving a game that has moved on since its last save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from game.engine.model import Value
from game.engine.session import SaveOutcome
from game.engine.start import Start
from game.persistence.errors import SaveError

from .host import Answers, Host
from .screens.base import Screen
from .screens.title import TitleScreen
from .wording import save_error_text

# Only the title screen is imported here: every other screen module is imported when it is
# first shown, so the first frame does not wait for them (startup is measured in bench/ui.py).

UNSAVED = (
    "You have read on since the last save. Save now, so Continue brings you back to this moment?"
)
NOT_SAVED = "Your last save could not be written. Save now, so Continue brings you back here?"
REPLACE = (
    "Your game in progress is kept: Load shows it as the earlier autosave. "
    "Start a new game from the beginning?"
)


class Navigator:
    """Opens screens for a `Host` (the `Navigation` protocol the screens call)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        # Facilitator mode puts its own menu here (game/window/facilitator/menu.py).
        self.menu_factory: Callable[[], Screen] | None = None
        # Chapter select's start for the next new game (else the command line's).
        self.begin: Start | None = None

    # --- the stack ------------------------------------------------------------------------------

    def backdrop_image(self) -> str | None:
        """The picture behind pages: the current scene's, or the story's title picture."""
        runner = self.host.runner
        if runner is not None and runner.background:
            return runner.background
        return self.host.story.title_image

    def close_top(self) -> None:
        """Close the page or dialog on top (never the last screen)."""
        manager = self.host.manager
        if len(manager.stack) > 1:
            manager.pop()

    def confirm(self, heading: str, message: str, answers: Answers, *, kind: str = "") -> None:
        """Ask a question over the screen on top; Esc picks the last answer."""
        from .screens.overlays import ConfirmScreen

        self.host.manager.push(ConfirmScreen(self.host, heading, message, answers, kind=kind))

    def _unless_unsaved(self, then: Callable[[], None], verb: str, stay: str, kind: str) -> None:
        """Do `then` at once, or first offer to save when the game has moved on since its
        last written save (a failed autosave counts as not saved)."""
        host = self.host
        if not host.saving.has_unsaved_progress():
            then()
            return
        heading = f"Quit {host.story.title}?" if kind == "quit" else "Leave this game?"
        answers = [
            (f"Save and {verb}", lambda: self._save_then(then, verb, stay, kind)),
            (f"{verb.capitalize()} without saving", then),
            (stay, self.close_top),
        ]
        message = NOT_SAVED if host.saving.failed is not None else UNSAVED
        self.confirm(heading, message, answers, kind=kind)

    def _save_then(self, then: Callable[[], None], verb: str, stay: str, kind: str) -> None:
        """Autosave, and only once it is written do `then`; a failed save asks again."""

        def written(outcome: SaveOutcome) -> None:
            if outcome.ok:
                then()
                return
            assert outcome.error is not None
            self.close_top()
            self.confirm(
                "The game was not saved",
                save_error_text(outcome.error),
                [
                    ("Try again", lambda: self._save_then(then, verb, stay, kind)),
                    (f"{verb.capitalize()} without saving", then),
                    (stay, self.close_top),
                ],
                kind=kind,
            )

        if not self.host.saving.save_to("auto", then=written):
            then()

    # --- the way through a game -----------------------------------------------------------------

    def finish_setup(self) -> None:
        """First-launch setup is done: remember that and go on."""
        self.host.update_settings(setup_done=True)
        self.start()

    def start(self) -> None:
        """The title, then the save asked for on the command line (if any)."""
        self.show_title()
        if self.host.options.load:
            self.host.saving.load_slot(self.host.options.load)

    def show_title(self) -> None:
        """Back to the title screen (the game in progress, if any, is left)."""
        self.begin = None  # a chapter picked, then backed out of, is not the next new game's
        self.host.session.leave()
        self.host.manager.switch(TitleScreen(self.host))

    def leave_to_title(self) -> None:
        """The menu's Title: asks first when there is unsaved progress."""
        self._unless_unsaved(self.show_title, "leave", "Stay", "title")

    def new_game(self) -> None:
        """Title's New game: asks first when there is a game to continue, then the content
        note, the questions and the story."""
        top = self.host.manager.top
        if isinstance(top, TitleScreen) and top.latest is not None:
            self.confirm(
                "Start a new game?",
                REPLACE,
                [("New game", self._fresh_game), ("Cancel", self.close_top)],
                kind="new",
            )
        else:
            self._fresh_game()

    def _fresh_game(self) -> None:
        from .screens.intro import ContentNoteScreen

        note = self.host.story.content_note
        if note and note.strip():
            self.host.manager.switch(ContentNoteScreen(self.host, note))
        else:
            self.ask_questions()

    def ask_questions(self, answers: dict[str, Value] | None = None) -> None:
        """The questions page (skipped when the story asks nothing)."""
        from .screens.intro import QuestionsScreen

        if self.host.story.questions:
            self.host.manager.switch(QuestionsScreen(self.host, answers))
        else:
            self.begin_game(answers or {})

    def begin_game(self, answers: dict[str, Value]) -> None:
        """Start a new playthrough with these answers; its first autosave moves the last
        game's along to the earlier autosaves."""
        begin, self.begin = self.begin or self.host.options.start, None
        self.host.session.start(answers, begin)
        self.show_scene()
        self.host.saving.autosave()

    def play_again(self) -> None:
        """The ending page's Play again: the questions, filled in with this game's answers."""
        runner = self.host.runner
        answers = dict(runner.state.answers) if runner is not None else None
        self.host.session.leave()
        self.ask_questions(answers)

    def show_scene(self) -> None:
        """Show the game in progress (its ending page if it has ended)."""
        from game.engine.runner import Phase

        from .screens.scene import SceneScreen

        runner = self.host.runner
        if runner is None:
            self.show_title()
        elif runner.phase is Phase.ENDED:
            self.show_ending()
        else:
            self.host.manager.switch(SceneScreen(self.host))

    def show_ending(self) -> None:
        """The ending page for the game in progress."""
        from .screens.pages import EndingScreen

        report = self.host.runner.ending if self.host.runner is not None else None
        if report is None:
            self.show_title()
            return
        self.host.manager.switch(EndingScreen(self.host, report))

    def after_decision(self) -> None:
        """The player chose: autosave."""
        self.host.saving.autosave()

    def reached_ending(self) -> None:
        """An ending: note it for the gallery (kept across plays), autosave, show the page."""
        host = self.host
        runner = host.runner
        if runner is None:
            return
        ending = runner.state.scene
        host.found.setdefault(ending, date.today().isoformat())
        # Every time, not only the first: the gallery opens the last game to reach each ending.
        run = host.found_runs[ending] = runner.to_json()
        session = host.session
        host.worker.run(f"progress:{ending}", lambda: session.note_ending(ending, run), self._noted)
        host.saving.autosave()
        self.show_ending()

    def _noted(self, problem: SaveError | None) -> None:
        """The endings gallery was written (or not: then the player hears why)."""
        if problem is not None:
            self.host.toasts.show(save_error_text(problem), long=True)

    # --- pages ----------------------------------------------------------------------------------

    def open_menu(self) -> None:
        """The in-game menu."""
        from .screens.overlays import MenuScreen

        factory = self.menu_factory
        self.host.manager.push(factory() if factory is not None else MenuScreen(self.host))

    def open_history(self) -> None:
        """The history page."""
        from .screens.overlays import HistoryScreen

        if self.host.runner is not None:
            self.host.manager.push(HistoryScreen(self.host))

    def open_help(self) -> None:
        """The keys page."""
        from .screens.overlays import HelpScreen

        self.host.manager.push(HelpScreen(self.host))

    def toggle_help(self) -> None:
        """F1 / ?: open the keys page, or close it when it is on top."""
        from .screens.overlays import HelpScreen

        if isinstance(self.host.manager.top, HelpScreen):
            self.host.manager.pop()
        else:
            self.open_help()

    def open_settings(self) -> None:
        """The settings page."""
        from .screens.pages import SettingsScreen

        self.host.manager.push(SettingsScreen(self.host))

    def open_saves(self, mode: str) -> None:
        """The save or load page."""
        from .screens.saves import SavesScreen

        self.host.manager.push(SavesScreen(self.host, mode))

    def open_gallery(self) -> None:
        """The endings found so far."""
        from .screens.pages import GalleryScreen

        self.host.manager.push(GalleryScreen(self.host))

    # --- chapter select and What if? ----------------------------------------------------------

    def open_chapters(self) -> None:
        """Chapter select: a new game from one of the story's checkpoints."""
        from .facilitator.chapters import ChapterScreen

        self.host.manager.push(ChapterScreen(self.host))

    def start_at(self, checkpoint: str | None) -> None:
        """A new game from `checkpoint` (None: the beginning), with the questions filled in
        with the answers of the game in progress (which stays in the earlier autosave)."""
        base = self.host.options.start or Start()
        self.begin = replace(base, checkpoint=checkpoint)
        runner = self.host.runner
        if runner is None:
            self._fresh_game()
            return
        answers = dict(runner.state.answers)
        self.host.session.leave()
        self.ask_questions(answers)

    def open_what_if(self) -> None:
        """What if?: the game's decisions on a timeline."""
        from .screens.whatif import TimelineScreen

        if self.host.runner is not None:
            self.host.manager.push(TimelineScreen(self.host))

    def show_error(self, message: str, log_file: str) -> bool:
        """The calm error page; False when it is already on top (it failed itself)."""
        from .screens.pages import ErrorScreen

        if isinstance(self.host.manager.top, ErrorScreen):
            return False
        self.host.manager.switch(ErrorScreen(self.host, message, log_file))
        return True

    def request_quit(self) -> None:
        """Window close, the menu's or title's Quit: asks first when progress would be lost.

        A second close request while the question is up quits.
        """
        from .screens.overlays import ConfirmScreen

        top = self.host.manager.top
        if isinstance(top, ConfirmScreen) and top.kind == "quit":
            self.host.quit()
            return
        self._unless_unsaved(self.host.quit, "quit", "Cancel", "quit")
