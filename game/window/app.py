"""The window: the app that ties the parts together and runs the frame loop.

The app only shows what the engine's `Session` says and reports what the player picked. Its
parts: `Display` (the window's pixels and scaling), `Navigator` (which screen opens when),
`Saving` (the save slots, through the session), `Toasts`, `Reloader` (Ctrl+R, and on save
through a `StoryWatcher`) and the
`Worker`, which does all disk work (saves, settings, endings found, reading the slots) so a
frame never waits for the disk. The loop sleeps in `pygame.event.wait` until input or the next
animation step, so an idle window costs next to no CPU; SIGTERM and SIGINT autosave and close
the window (`StopSignals`). Screens see the app only as a `Host` (host.py).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.engine.gcpause import paused_gc
from game.engine.model import Story
from game.engine.session import Session
from game.persistence.errors import SaveError
from game.persistence.paths import cache_dir, logs_dir, saves_dir
from game.persistence.progress import PROGRESS_FILE, load_progress
from game.persistence.settings import SETTINGS_FILE, Settings, load_settings, save_settings

from . import keymap, keys
from .assets import AssetResolver
from .audio import Audio, UiSound
from .clock import Clock, FakeClock, RealClock
from .display import Display
from .draw import clear_caches
from .driver import AppDriver, wait_for_events
from .fonts import FontCache
from .kept_frame import FirstFrame, use_dummy_drivers
from .kept_images import KeptImages
from .logfile import start_log, stop_log
from .navigator import Navigator
from .options import WindowOptions
from .reload import Reloader
from .saving import Saving
from .screens.base import ScreenManager, wait_timeout_ms
from .screens.common import AppScreen
from .slots import DiskSlots, SlotReader
from .stopping import StopSignals
from .theme import (
    DEFAULT_THEME,
    FACILITATOR_READING_SCALE,
    HIGH_CONTRAST_THEME,
    READING_SCALE_MIN,
    FontChoice,
    clamp_reading_scale,
)
from .toasts import Toasts
from .voicing import SelfVoicing, voice_settings
from .widgets import ACTIVATE_KEYS, UIContext
from .wording import WRITER_STOPPED, save_error_text, settings_note_text
from .worker import READ, Worker

if TYPE_CHECKING:  # the console (and class voting) is imported in facilitator mode only
    from game.engine.runner import Runner

    from .facilitator import Console

log = logging.getLogger(__name__)

LOG_FILE = "reconnect.log"

_RESIZE_EVENTS = frozenset({pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED})
_FOCUS_KEYS = frozenset({pygame.K_TAB, pygame.K_UP, pygame.K_DOWN})
_MOUSE_EVENTS = frozenset({pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP})


class App:
    """One window playing one story: the `Host` its screens see, and the frame loop."""

    def __init__(
        self,
        story: Story,
        options: WindowOptions,
        base: Path,
        *,
        clock: Clock | None = None,
        owns_pygame: bool = False,
        slots: SlotReader | None = None,
        first_frame: FirstFrame | None = None,
    ) -> None:
        self.options = options
        self.base = Path(base)
        self.saves = saves_dir(self.base)
        self.settings_path = self.base / SETTINGS_FILE
        progress_path = self.base / PROGRESS_FILE
        self.session = Session(story, self.saves, progress_path)
        self.log_path = logs_dir(self.base) / LOG_FILE
        self._log_handler = start_log(self.log_path)
        self.owns_pygame = owns_pygame
        self.clock: Clock = clock if clock is not None else RealClock()
        self.settings, settings_note = load_settings(self.settings_path)
        self.scale_override = options.scale
        progress = load_progress(progress_path)
        self.found: dict[str, str] = progress.found(story.id)
        self.found_runs: dict[str, Mapping[str, Any]] = progress.runs_of(story.id)
        self.keyboard_mode = False
        self.running = True
        self.errors: list[str] = []
        self._mouse: tuple[int, int] | None = None
        self._held: set[int] = set()  # keys down now: a second KEYDOWN is the key repeating
        self.wake_event = pygame.event.custom_type()
        self.worker = Worker(wake=self._wake)
        self.told_writer_stopped = False
        self.stop_signals = StopSignals(self._wake)
        self.slots: SlotReader = slots if slots is not None else DiskSlots(self.saves)
        self.display = Display(options, options.fullscreen or self.settings.fullscreen)
        self.display.keep_first(first_frame, lambda job: self.worker.submit("kept-frame", job))
        self.assets = AssetResolver(story.root, kept=kept_pictures(self.worker))
        self.fonts = FontCache(self.assets)
        self.audio = Audio(self.assets, lambda: self.settings)
        self.voicing = SelfVoicing(*voice_settings(lambda: self.settings))
        self.ctx = self._make_ctx()
        self.toasts = Toasts(self.clock, lambda: self.ctx, lambda: self.settings.reduced_motion)
        self.manager = ScreenManager(self.display.logical, self.clock)
        self.nav = Navigator(self)
        self.saving = Saving(self)
        self.reloader = Reloader(self, progress_path, self._wake if options.watch else None)
        self.key_handlers = window_key_handlers(self)
        self.console = make_console(self)
        if settings_note:
            self.toasts.show(settings_note_text(settings_note), long=True)
        if keymap.read(self.settings.keys) is None:
            self.settings = replace(self.settings, keys=())
            self.toasts.show(keymap.DAMAGED, long=True)
        if self.settings.setup_done:
            self.nav.start()
        else:
            from .screens.intro import SetupScreen

            self.manager.switch(SetupScreen(self))
        if self.console is not None:
            self.console.start()

    @property
    def story(self) -> Story:
        """The story being played (the session's)."""
        return self.session.story

    @story.setter
    def story(self, story: Story) -> None:
        self.session.story = story

    @property
    def runner(self) -> Runner | None:
        """The session's game in progress, if any."""
        return self.session.runner if self.session.playing else None

    # --- settings and the look ------------------------------------------------------------------

    def _make_ctx(self) -> UIContext:
        theme = HIGH_CONTRAST_THEME if self.settings.high_contrast else DEFAULT_THEME
        font = FontChoice.DYSLEXIC if self.settings.dyslexic_font else FontChoice.STANDARD
        return UIContext.create(theme, self.fonts, self.display.logical, self.reading_scale, font)

    @property
    def min_reading_scale(self) -> float:
        """The smallest reading size allowed now (facilitator mode keeps text projector-sized)."""
        return FACILITATOR_READING_SCALE if self.options.facilitator else READING_SCALE_MIN

    @property
    def reading_scale(self) -> float:
        """The reading size in use: --scale for this run, else the setting, at least the floor."""
        chosen = self.scale_override
        if chosen is None:
            chosen = self.settings.reading_scale
        return max(self.min_reading_scale, clamp_reading_scale(chosen))

    def update_settings(self, **changes: Any) -> None:
        """Change settings: applied at once and saved (off the frame)."""
        new: Settings = replace(self.settings, **changes).clamped()
        if "reading_scale" in changes:
            self.scale_override = None  # the player chose a size: --scale no longer applies
        if new == self.settings and "reading_scale" not in changes:
            return
        self.settings = new
        self.audio.apply_volumes()
        if new.fullscreen != self.display.fullscreen:
            self.display.set_fullscreen(new.fullscreen)
        self.refresh_look()
        path = self.settings_path
        self.worker.submit("settings", lambda: save_settings(path, new))

    def refresh_look(self) -> None:
        """Rebuild the theme, sizes and fonts and lay every screen out again."""
        self.ctx = self._make_ctx()
        clear_caches()
        self.manager.resize(self.display.logical)

    def resize_window(self, size: tuple[int, int]) -> None:
        """Resize the window (scripts and tests; players drag the edges)."""
        self.display.resize(size)
        self._window_changed()

    def _window_changed(self) -> None:
        old = self.display.logical
        self.display.surface_changed()
        if self.display.logical != old or self.ctx.metrics.window != self.display.logical:
            self.refresh_look()
        self.manager.dirty = True

    # --- the loop -------------------------------------------------------------------------------

    def run(self) -> int:
        """The main loop: wait for input or the next animation step, handle, update, draw.

        SIGTERM or SIGINT autosave and end it (0 when saved, 1 when the save failed).
        """
        with self.stop_signals.installed(self.worker.flush):
            while self.running:
                if self.stop_signals.received is not None:
                    return self.stop_now()
                self.pump(wait_for_events(wait_timeout_ms(self.next_wake())))
        return 0

    def stop_now(self) -> int:
        """Autosave the game in progress (when it moved on since) and stop: the exit code."""
        self.running = False
        self.worker.flush()
        self.worker.deliver_results()
        session = self.session
        if not session.playing or not session.unsaved:
            return 0
        outcome = session.autosave()
        if outcome.error is not None:
            print(f"reconnect: {save_error_text(outcome.error)}", file=sys.stderr)
            return 1
        return 0

    def next_wake(self) -> float | None:
        """Seconds until the loop must run without input (None: only input wakes it)."""
        if self.toasts.changed:
            return 0.0
        console = self.console.next_wake() if self.console is not None else None
        waits = (self.manager.next_wake(), self.toasts.next_wake(), console)
        return min((w for w in waits if w is not None), default=None)

    def pump(self, events: Iterable[pygame.event.Event]) -> bool:
        """One frame: handle events, take the worker's news, update, draw; True when it drew."""
        top = self.manager.top
        for event in events:
            self._guard(self.handle_event, event)
        worker_news(self)
        self._guard(self.reloader.reload_if_saved)
        self._guard(self.worker.deliver_results)
        self._guard(self.manager.update)
        self._guard(sound_and_voice, self, top)
        if self.console is not None and self._guard(self.console.update):
            self.manager.dirty = True
        self.toasts.update()
        return bool(self._guard(self.draw))

    def _guard(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except Exception as exc:
            self.fail(exc)
            return None

    def fail(self, exc: Exception) -> None:
        """An unexpected error: log it, then show the calm error page (or give up if it broke)."""
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        log.error("unexpected error in the window\n%s", text)
        self._log_handler.flush()
        self.errors.append(text)
        if not self.nav.show_error(f"{type(exc).__name__}: {exc}", str(self.log_path)):
            raise exc  # the error page itself failed: nothing calm is left to show

    def draw(self, force: bool = False) -> bool:
        """Draw the screens and the toast when anything changed; True when it drew."""
        if not (force or self.toasts.changed or self.manager.dirty):
            return False
        canvas = self.display.canvas
        self.manager.dirty = True
        self.manager.draw(canvas)
        top = self.manager.top
        self.toasts.draw(canvas, top.toast_spot() if isinstance(top, AppScreen) else None)
        if self.console is not None:
            self.console.draw(canvas)
        self.display.present()
        self.audio.open()  # once the first frame is on screen, before anything is played
        return True

    # --- input ----------------------------------------------------------------------------------

    def mouse_pos(self) -> tuple[int, int] | None:
        """The last known pointer position (logical), if the mouse has moved at all."""
        return self._mouse

    def handle_event(self, event: pygame.event.Event) -> None:
        """Window events here, window-wide keys here, the rest to the top screen."""
        kind = event.type
        self.display.saw(kind)
        if kind == pygame.QUIT:
            if self.stop_signals.received is None:  # SDL's own QUIT for a signal is not a click
                self.nav.request_quit()
            return
        if kind in _RESIZE_EVENTS:
            self._window_changed()
            return
        if kind == self.wake_event:
            self.manager.dirty = True
            return
        if self.audio.handle_event(event):
            return
        if kind in _MOUSE_EVENTS and getattr(event, "pos", None) is not None:
            if self.display.scaled:
                data = dict(event.dict)
                data["pos"] = self.display.to_logical((int(event.pos[0]), int(event.pos[1])))
                event = pygame.event.Event(kind, data)
            self._mouse = (int(event.pos[0]), int(event.pos[1]))
            if kind == pygame.MOUSEBUTTONDOWN:
                self.keyboard_mode = False
        if kind == pygame.KEYUP:
            self._held.discard(event.key)
        elif kind in (pygame.WINDOWFOCUSLOST, pygame.WINDOWLEAVE):
            self._held.clear()  # the key-ups will go to another window
        if kind == pygame.KEYDOWN:
            self.keyboard_mode = True
            repeat = event.key in self._held
            self._held.add(event.key)
            if repeat and not repeat_allowed(self, event):
                return
        if self.console is not None and self.console.handle_event(event):
            self.manager.dirty = True
            return
        if kind == pygame.KEYDOWN and self._window_key(event):
            self.manager.dirty = True
            return
        self.manager.handle_event(event)
        ui_sound(self, event)

    def _window_key(self, event: pygame.event.Event) -> bool:
        """The table's window-wide keys (keys.py); True when one was handled."""
        action = window_action(self, event)
        if action is None:
            return False
        self.key_handlers[action]()
        return True

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """What the top screen shows that can be clicked, by label (logical positions)."""
        top = self.manager.top
        return top.targets() if isinstance(top, AppScreen) else []

    # --- ending ---------------------------------------------------------------------------------

    def quit(self) -> None:
        """Stop the loop (queued writes still finish in `close`)."""
        self.running = False

    def close(self) -> None:
        """Stop voting, finish writing, stop logging, and shut pygame if this app started it."""
        if self.console is not None:
            self.console.close()
        self.reloader.close()
        self.worker.close()
        self.audio.stop()
        self.voicing.close()
        stop_log(self._log_handler)
        if self.owns_pygame:
            pygame.quit()

    def _wake(self) -> None:
        # Called from the worker thread: make the loop look at its news now.
        with contextlib.suppress(pygame.error):
            pygame.event.post(pygame.event.Event(self.wake_event))


def window_action(app: App, event: pygame.event.Event) -> str | None:
    """The window-wide action of a KEYDOWN with the player's keys, given the top screen."""
    top = app.manager.top
    screen = top if isinstance(top, AppScreen) else None
    if screen is not None and screen.captures_keys:
        return None
    return keys.action_for(
        event,
        keys.Scope.WINDOW,
        typing=screen is not None and screen.wants_text,
        story=screen is None or screen.story_keys,
        table=keymap.table(app.settings.keys),
    )


# --- entry point -------------------------------------------------------------------------------


def make_console(app: App) -> Console | None:
    """The facilitator's console and menu, in facilitator mode only."""
    if not app.options.facilitator:
        return None
    from .facilitator import Console, VoteOptions
    from .facilitator.menu import FacilitatorMenuScreen

    o = app.options
    console = Console(app, app.clock, VoteOptions(o.vote, o.vote_host, o.vote_port))
    app.nav.menu_factory = lambda: FacilitatorMenuScreen(app, console)
    return console


def kept_pictures(worker: Worker) -> KeptImages:
    """Scaled title pictures in the user cache folder, written by the disk worker."""
    return KeptImages(cache_dir() / "pictures", run=lambda job: worker.submit("kept-picture", job))


def worker_news(app: App) -> None:
    """Tell the player what the disk refused, and once if the writer itself stopped."""
    for key, exc in app.worker.failures():
        message = save_error_text(exc) if isinstance(exc, SaveError) else str(exc)
        verb = "read" if key.startswith(READ) else "write"
        app.toasts.show(f"Could not {verb} {key.split(':')[-1]}: {message}", long=True)
    if not app.worker.alive and app.running and not app.told_writer_stopped:
        app.told_writer_stopped = True
        app.nav.confirm(
            "Saving has stopped", WRITER_STOPPED, [("OK", app.nav.close_top)], kind="writer"
        )


def ui_sound(app: App, event: pygame.event.Event) -> None:
    """A tick when focus moves, a click when a page's control is pressed (not per line)."""
    if event.type == pygame.KEYDOWN and event.key in _FOCUS_KEYS:
        app.audio.ui(UiSound.FOCUS)
        return
    top = app.manager.top
    reading = isinstance(top, AppScreen) and top.reads_on
    pressed = (event.type == pygame.KEYDOWN and event.key in ACTIVATE_KEYS) or (
        event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1
    )
    if pressed and not reading:
        app.audio.ui(UiSound.CLICK)


def sound_and_voice(app: App, top: object) -> None:
    """After a frame: a page turn's sound, the story's music, and reading out what changed."""
    if app.manager.top is not top and top is not None:
        app.audio.ui(UiSound.PAGE)
    app.audio.follow_game(app.runner)
    app.voicing.follow(app.manager.top)


def window_key_handlers(app: App) -> dict[str, Callable[[], None]]:
    """What the key table's window-wide keys (keys.py) do."""
    return {
        "self_voicing": lambda: toggle_self_voicing(app),
        "fullscreen": lambda: app.update_settings(fullscreen=not app.display.fullscreen),
        "help": app.nav.toggle_help,
        "reload": app.reloader.reload,
        "quick_save": app.saving.quick_save,
        "quick_load": app.saving.quick_load,
    }


def toggle_self_voicing(app: App) -> None:
    """Turn self-voicing on or off (the settings page's switch, imported when first used)."""
    from .screens.pages import set_self_voicing

    set_self_voicing(app, not app.settings.self_voicing)


def repeat_allowed(app: App, event: pygame.event.Event) -> bool:
    """Held keys repeat for moving, scrolling, deleting and reading on; never for choosing.

    Holding Space skims through lines, but must not pick a choice or press a button the
    moment one appears; holding a number must not pick in the next scene as well.
    """
    if event.key in keys.REPEATING_KEYS:
        return True
    from game.engine.runner import Phase

    top = app.manager.top
    return (
        event.key in ACTIVATE_KEYS
        and isinstance(top, AppScreen)
        and top.reads_on
        and app.runner is not None
        and app.runner.phase is Phase.BEAT
    )


def run_window(story: Story, args: Any, base: Path) -> int:
    """Play `story` in a window (or headless, optionally driven by a script); the exit code."""
    from .script import ScriptError, load_script, run_script

    try:
        options = WindowOptions.from_args(args)
    except ValueError as err:
        print(f"reconnect: {err}", file=sys.stderr)
        return 2
    script = getattr(args, "script", None)
    shots = getattr(args, "shots", None)
    if script is not None and not options.headless:
        print("reconnect: --script needs --headless", file=sys.stderr)
        return 2
    commands: Sequence[Any] | None = None
    if script is not None:
        try:
            commands = load_script(Path(script))
        except ScriptError as err:
            print(err, file=sys.stderr)
            return 1
    if options.headless:
        use_dummy_drivers()
    clock: Clock = FakeClock() if options.headless else RealClock()
    app: App | None = None
    try:
        with paused_gc():  # modules, fonts and screens: many objects, no garbage cycles
            app = App(
                story,
                options,
                base,
                clock=clock,
                owns_pygame=True,
                first_frame=getattr(args, "first_frame", None),
            )
        # What starting built lives as long as the window: later collections need not walk it.
        gc.freeze()
        if commands is not None:
            run_script(commands, AppDriver(app), Path(shots) if shots else None, source=str(script))
        elif options.headless:
            AppDriver(app).step(0)
        else:
            app.run()
        if options.headless and app.errors:
            for text in app.errors:
                print(text, file=sys.stderr)
            return 1
        return 0
    except ScriptError as err:  # a step the screen cannot take: said at its line, like a typo
        print(err, file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if app is not None:
            app.close()
        gc.unfreeze()  # a caller that goes on (a test, a benchmark) collects as before
