"""The window: the app that owns the display, the screens, the game in progress and the
player's files; the main loop; and the driver that headless scripts play through.

The app only shows what the story's `Runner` says and reports what the player picked. Disk
writes (saves, settings, endings found) go through a background `Worker` so a frame never
waits for the disk; the loop sleeps in `pygame.event.wait` until input or the next animation
step, so an idle window costs next to no CPU.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import time
import traceback
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.engine.model import Story, Value
from game.engine.runner import Phase, Runner
from game.engine.state import StateError
from game.persistence.atomic import atomic_write_bytes
from game.persistence.errors import SaveError
from game.persistence.paths import logs_dir, saves_dir
from game.persistence.progress import PROGRESS_FILE, load_progress, record_ending
from game.persistence.saves import (
    SaveFile,
    list_saves,
    load_with_backup,
    slot_path,
    write_save,
)
from game.persistence.settings import SETTINGS_FILE, Settings, load_settings, save_settings

from .assets import AssetResolver
from .clock import Clock, FakeClock, RealClock
from .controls import scaled_thumbnail
from .draw import clear_caches, draw_panel
from .fonts import FontCache
from .screens.base import ScreenManager, wait_timeout_ms
from .screens.common import AppScreen
from .screens.title import TitleScreen
from .text_layout import draw_lines, layout_text
from .theme import (
    DEFAULT_THEME,
    DEFAULT_WINDOW,
    FACILITATOR_READING_SCALE,
    HIGH_CONTRAST_THEME,
    MIN_WINDOW,
    READING_SCALE_MIN,
    FontChoice,
    TextStyle,
    clamp_reading_scale,
)
from .widgets import ACTIVATE_KEYS, UIContext
from .wording import load_problem_text, save_error_text, settings_note_text
from .worker import Worker

if TYPE_CHECKING:
    from game.engine.loader import StoryCache

# Only the title screen is imported here: every other screen module is imported when it is
# first shown, so the first frame does not wait for them (startup is measured in bench/ui.py).

log = logging.getLogger(__name__)


def _showing(screen: object, module: str, name: str) -> bool:
    """`isinstance(screen, screens.<module>.<name>)` without importing that module: no screen
    of a module never imported can be on the stack."""
    loaded = sys.modules.get(f"{__package__}.screens.{module}")
    cls = getattr(loaded, name, None)
    return isinstance(cls, type) and isinstance(screen, cls)


TITLE = "Reconnect"
MIN_LOGICAL = MIN_WINDOW
DEFAULT_SIZE = DEFAULT_WINDOW
LOG_FILE = "reconnect.log"

_RESIZE_EVENTS = frozenset({pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED})
_MOUSE_EVENTS = frozenset({pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP})
_REPEATING_KEYS = frozenset(
    {
        pygame.K_BACKSPACE,
        pygame.K_DELETE,
        pygame.K_UP,
        pygame.K_DOWN,
        pygame.K_LEFT,
        pygame.K_RIGHT,
        pygame.K_PAGEUP,
        pygame.K_PAGEDOWN,
    }
)


def parse_size(text: str | None) -> tuple[int, int] | None:
    """ "1280x720" -> (1280, 720); None for None. Raises ValueError for anything else."""
    if text is None:
        return None
    w, sep, h = text.lower().replace("×", "x").partition("x")
    if not sep:
        raise ValueError(f"window size {text!r} is not WIDTHxHEIGHT (for example 1280x720)")
    size = (int(w), int(h))
    if size[0] < 1 or size[1] < 1 or size[0] > 16384 or size[1] > 16384:
        raise ValueError(f"window size {text!r} is out of range")
    return size


@dataclass(frozen=True)
class WindowOptions:
    """How this run of the window was asked for on the command line."""

    facilitator: bool = False
    fullscreen: bool = False
    scale: float | None = None
    load: str | None = None
    headless: bool = False
    size: tuple[int, int] | None = None

    @classmethod
    def from_args(cls, args: Any) -> WindowOptions:
        """From `reconnect play`'s argparse namespace (missing attributes take defaults)."""
        scale = getattr(args, "scale", None)
        return cls(
            facilitator=bool(getattr(args, "facilitator", False)),
            fullscreen=bool(getattr(args, "fullscreen", False)),
            scale=clamp_reading_scale(float(scale)) if scale is not None else None,
            load=getattr(args, "load", None),
            headless=bool(getattr(args, "headless", False)),
            size=parse_size(getattr(args, "size", None)),
        )


@dataclass(frozen=True)
class Toast:
    """A short note at the top of the window until `until` (clock time)."""

    text: str
    until: float


class App:
    """One window playing one story: screens, the game in progress, saves and settings."""

    def __init__(
        self,
        story: Story,
        options: WindowOptions,
        base: Path,
        *,
        clock: Clock | None = None,
        owns_pygame: bool = False,
    ) -> None:
        self.story = story
        self.options = options
        self.base = Path(base)
        self.saves = saves_dir(self.base)
        self.settings_path = self.base / SETTINGS_FILE
        self.progress_path = self.base / PROGRESS_FILE
        self.log_path = logs_dir(self.base) / LOG_FILE
        self._log_handler = self._start_log()
        self.owns_pygame = owns_pygame
        self.clock: Clock = clock if clock is not None else RealClock()
        self.settings, settings_note = load_settings(self.settings_path)
        self.scale_override = options.scale
        self.found: dict[str, str] = load_progress(self.progress_path).found(story.id)
        self.story_cache: StoryCache | None = None  # made by the first Ctrl+R
        self.runner: Runner | None = None
        self.saved_state: dict[str, Any] | None = None
        self.keyboard_mode = False
        self.running = True
        self.errors: list[str] = []
        self._toast: Toast | None = None
        self._needs_draw = True
        self._mouse: tuple[int, int] | None = None
        self._held: set[int] = set()  # keys down now: a second KEYDOWN is the key repeating
        self.wake_event = pygame.event.custom_type()
        self.worker = Worker(on_failure=self._wake)

        self.fullscreen = options.fullscreen or self.settings.fullscreen
        self.windowed_size = options.size or DEFAULT_SIZE
        self.window = pygame.Surface((1, 1))
        self.canvas = self.window
        self.logical = MIN_LOGICAL
        self._init_display()
        self.assets = AssetResolver(story.root)
        self.fonts = FontCache(self.assets)
        self.ctx = self._make_ctx()
        self.manager = ScreenManager(self.logical, self.clock)
        if settings_note:
            self.toast(settings_note_text(settings_note), long=True)
        self._start()

    # --- set-up ---------------------------------------------------------------------------------

    def _start_log(self) -> logging.Handler:
        handler = logging.FileHandler(self.log_path, encoding="utf-8", delay=True)
        handler.setLevel(logging.INFO)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger("game")
        root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
        return handler

    def _init_display(self) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(TITLE)
        if self.options.size is None and not self.options.headless:
            sizes = pygame.display.get_desktop_sizes()
            if sizes:
                dw, dh = sizes[0]
                # Leave room for the taskbar and title bar on small laptop screens.
                w, h = DEFAULT_SIZE
                self.windowed_size = (min(w, round(dw * 0.9)), min(h, round(dh * 0.85)))
        self._set_mode()
        pygame.key.set_repeat(400, 40)
        pygame.key.start_text_input()

    def _set_mode(self) -> None:
        if self.fullscreen and not self.options.headless:
            pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        self._minimum_window_size()
        self._surface_changed()

    def _minimum_window_size(self) -> None:
        if self.options.headless:
            return  # scripts and tests may ask for small windows to see the scaled picture
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                window = pygame.Window.from_display_module()
            desktop = pygame.display.get_desktop_sizes() or [MIN_LOGICAL]
            # Only ask for what the screen can give; smaller screens get the scaled picture.
            window.minimum_size = (
                min(MIN_LOGICAL[0], desktop[0][0]),
                min(MIN_LOGICAL[1], desktop[0][1]),
            )
        except (AttributeError, pygame.error, ValueError):
            pass  # not every platform or pygame build has it; the scaling covers the rest

    def _surface_changed(self) -> None:
        """The display surface may be new or resized: work out the logical canvas again."""
        window = pygame.display.get_surface()
        if window is None:
            return
        self.window = window
        w, h = max(1, window.get_width()), max(1, window.get_height())
        if not self.fullscreen:
            self.windowed_size = (w, h)
        factor = max(1.0, MIN_LOGICAL[0] / w, MIN_LOGICAL[1] / h)
        logical = (max(MIN_LOGICAL[0], round(w * factor)), max(MIN_LOGICAL[1], round(h * factor)))
        if factor == 1.0:
            logical = (w, h)
            self.canvas = window
        elif self.canvas is window or self.canvas.get_size() != logical:
            self.canvas = pygame.Surface(logical).convert()
        self.logical = logical

    def _make_ctx(self) -> UIContext:
        theme = HIGH_CONTRAST_THEME if self.settings.high_contrast else DEFAULT_THEME
        font = FontChoice.DYSLEXIC if self.settings.dyslexic_font else FontChoice.STANDARD
        return UIContext.create(theme, self.fonts, self.logical, self.reading_scale, font)

    def _start(self) -> None:
        if not self.settings.setup_done:
            from .screens.intro import SetupScreen

            self.manager.switch(SetupScreen(self))
            return
        self.show_title()
        if self.options.load:
            self.load_slot(self.options.load)

    # --- settings and the look ------------------------------------------------------------------

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
        if new.fullscreen != self.fullscreen:
            self.set_fullscreen(new.fullscreen)
        self.refresh_look()
        path = self.settings_path
        self.worker.submit("settings", lambda: save_settings(path, new))

    def refresh_look(self) -> None:
        """Rebuild the theme, sizes and fonts and lay every screen out again."""
        self.ctx = self._make_ctx()
        clear_caches()
        self.manager.size = self.logical
        for screen in list(self.manager.stack):
            screen.resize(self.logical)
        self.manager.dirty = True

    def set_fullscreen(self, on: bool) -> None:
        """Full screen on or off (F11 and the setting)."""
        if on == self.fullscreen:
            return
        if on:
            self.windowed_size = self.window.get_size()
        self.fullscreen = on
        if not self.options.headless:  # the dummy driver has no screen to fill
            self._set_mode()
        self.refresh_look()

    def resize_window(self, size: tuple[int, int]) -> None:
        """Resize the window (scripts and tests; players drag the edges)."""
        self.windowed_size = (max(1, int(size[0])), max(1, int(size[1])))
        if not self.fullscreen or self.options.headless:
            pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        self._window_changed()

    def _window_changed(self) -> None:
        old = self.logical
        self._surface_changed()
        if self.logical != old or self.ctx.metrics.window != self.logical:
            self.refresh_look()
        self.manager.dirty = True

    # --- the loop -------------------------------------------------------------------------------

    def run(self) -> int:
        """The main loop: wait for input or the next animation step, handle, update, draw."""
        while self.running:
            timeout = wait_timeout_ms(self.next_wake())
            first = pygame.event.wait() if timeout is None else pygame.event.wait(timeout)
            events = [] if first.type == pygame.NOEVENT else [first]
            events += pygame.event.get()
            self.pump(events)
        return 0

    def next_wake(self) -> float | None:
        """Seconds until the loop must run without input (None: only input wakes it)."""
        if self._needs_draw:
            return 0.0
        wake = self.manager.next_wake()
        toast = self._toast
        if toast is not None:
            now = self.clock.now()
            fade = 0.0 if self.settings.reduced_motion else self.ctx.theme.motion.fade
            left = toast.until - now
            t = 0.0 if left <= fade else left - fade
            wake = t if wake is None else min(wake, t)
        return wake

    def pump(self, events: Iterable[pygame.event.Event]) -> bool:
        """One frame: handle events, report failed writes, update, draw; True when it drew."""
        for event in events:
            self._guard(self.handle_event, event)
        for key, exc in self.worker.failures():
            message = save_error_text(exc) if isinstance(exc, SaveError) else str(exc)
            self.toast(f"Could not write {key.split(':')[-1]}: {message}", long=True)
        self._guard(self._update)
        drawn = self._guard(self.draw)
        return bool(drawn)

    def _guard(self, fn: Any, *args: Any) -> Any:
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
        from .screens.pages import ErrorScreen

        if isinstance(self.manager.top, ErrorScreen):
            raise exc  # the error page itself failed: nothing calm is left to show
        message = f"{type(exc).__name__}: {exc}"
        self.manager.switch(ErrorScreen(self, message, str(self.log_path)))

    def _update(self) -> None:
        self.manager.update()
        toast = self._toast
        if toast is not None:
            now = self.clock.now()
            if now >= toast.until:
                self._toast = None
                self._needs_draw = True
            elif not self.settings.reduced_motion and toast.until - now <= (
                self.ctx.theme.motion.fade
            ):
                self._needs_draw = True

    def draw(self, force: bool = False) -> bool:
        """Draw the screens and the toast when anything changed; True when it drew."""
        if not (force or self._needs_draw or self.manager.dirty):
            return False
        self.manager.dirty = True
        self.manager.draw(self.canvas)
        self._draw_toast(self.canvas)
        if self.canvas is not self.window:
            pygame.transform.smoothscale(self.canvas, self.window.get_size(), self.window)
        pygame.display.flip()
        self._needs_draw = False
        return True

    # --- input ----------------------------------------------------------------------------------

    def to_logical(self, pos: tuple[int, int]) -> tuple[int, int]:
        """A window position in the logical canvas."""
        ww, wh = self.window.get_size()
        lw, lh = self.logical
        return round(pos[0] * lw / max(1, ww)), round(pos[1] * lh / max(1, wh))

    def to_window(self, pos: tuple[int, int]) -> tuple[int, int]:
        """A logical position in the window."""
        ww, wh = self.window.get_size()
        lw, lh = self.logical
        return round(pos[0] * ww / max(1, lw)), round(pos[1] * wh / max(1, lh))

    def mouse_pos(self) -> tuple[int, int] | None:
        """The last known pointer position (logical), if the mouse has moved at all."""
        return self._mouse

    def handle_event(self, event: pygame.event.Event) -> None:
        """Window events here, global keys here, the rest to the top screen."""
        kind = event.type
        if kind == pygame.QUIT:
            self.request_quit()
            return
        if kind in _RESIZE_EVENTS:
            self._window_changed()
            return
        if kind == self.wake_event:
            self._needs_draw = True
            return
        if kind in _MOUSE_EVENTS and getattr(event, "pos", None) is not None:
            if self.canvas is not self.window:
                data = dict(event.dict)
                data["pos"] = self.to_logical((int(event.pos[0]), int(event.pos[1])))
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
            if repeat and not self._repeat_allowed(event):
                return
            if self._global_key(event):
                self.manager.dirty = True
                return
        self.manager.handle_event(event)

    def _repeat_allowed(self, event: pygame.event.Event) -> bool:
        """Held keys repeat for moving, scrolling, deleting and reading on; never for choosing.

        Holding Space skims through lines, but must not pick a choice or press a button the
        moment one appears; holding a number must not pick in the next scene as well.
        """
        if event.key in _REPEATING_KEYS:
            return True
        top = self.manager.top
        return (
            event.key in ACTIVATE_KEYS
            and _showing(top, "scene", "SceneScreen")
            and self.runner is not None
            and self.runner.phase is Phase.BEAT
        )

    def _global_key(self, event: pygame.event.Event) -> bool:
        key, mod = event.key, event.mod
        ctrl = bool(mod & pygame.KMOD_CTRL)
        top = self.manager.top
        typing = isinstance(top, AppScreen) and top.wants_text
        if key == pygame.K_F11:
            self.update_settings(fullscreen=not self.fullscreen)
            return True
        question = getattr(event, "unicode", "") == "?" or key == pygame.K_QUESTION
        if key == pygame.K_F1 or (question and not typing and not ctrl):
            self.toggle_help()
            return True
        if _showing(top, "pages", "ErrorScreen") or not ctrl:
            return False
        if key == pygame.K_r:
            self.reload_story()
            return True
        if key == pygame.K_s:
            self.quick_save()
            return True
        if key == pygame.K_l:
            self.quick_load()
            return True
        return False

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """What the top screen shows that can be clicked, by label (logical positions)."""
        top = self.manager.top
        return top.targets() if isinstance(top, AppScreen) else []

    # --- toasts ---------------------------------------------------------------------------------

    def toast(self, text: str, *, long: bool = False) -> None:
        """Show a short note at the top of the window for a few seconds."""
        motion = self.ctx.theme.motion
        now = self.clock.now()
        self._toast = Toast(text, now + (motion.long_toast if long else motion.toast))
        self._needs_draw = True

    @property
    def toast_text(self) -> str | None:
        """The note on show (tests)."""
        return self._toast.text if self._toast is not None else None

    def _draw_toast(self, surface: pygame.Surface) -> None:
        toast = self._toast
        if toast is None:
            return
        ctx = self.ctx
        m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
        pad_x, pad_y = m.text_px(sp.lg), m.text_px(sp.sm)
        width = min(surface.get_width() - 2 * m.margin, m.content_width)
        block = layout_text(
            toast.text,
            ctx.font(TextStyle.LABEL),
            max(1, width - 2 * pad_x),
            line_height=ctx.line_height(TextStyle.LABEL),
            align="center",
        )
        w = max(line.width for line in block.lines) + 2 * pad_x if block.lines else 2 * pad_x
        rect = pygame.Rect(0, 0, min(width, w), block.height + 2 * pad_y)
        top = self.manager.top
        x, y, from_top = (
            top.toast_spot()
            if isinstance(top, AppScreen)
            else (surface.get_width() // 2, m.margin, True)
        )
        if from_top:
            rect.midtop = (x, y)
        else:
            rect.midbottom = (x, y)
        rect.clamp_ip(surface.get_rect())
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        draw_panel(layer, layer.get_rect(), p.nameplate, m.radius, p.panel_edge, m.border)
        shift = (rect.width - block.width) // 2
        draw_lines(
            layer,
            ctx.font(TextStyle.LABEL),
            block.lines,
            p.nameplate_text,
            (shift, pad_y),
            line_height=block.line_height,
        )
        left = toast.until - self.clock.now()
        fade = ctx.theme.motion.fade
        if not self.settings.reduced_motion and left < fade:
            layer.set_alpha(max(0, round(255 * left / fade)))
        surface.blit(layer, rect.topleft)

    # --- going places ---------------------------------------------------------------------------

    def backdrop_image(self) -> str:
        """The picture behind pages: the current scene's, or the title picture."""
        if self.runner is not None and self.runner.background:
            return self.runner.background
        return "title"

    def close_top(self) -> None:
        """Close the page or dialog on top (never the last screen)."""
        if len(self.manager.stack) > 1:
            self.manager.pop()

    def finish_setup(self) -> None:
        """First-launch setup is done: remember that and go on."""
        self.update_settings(setup_done=True)
        self.show_title()
        if self.options.load:
            self.load_slot(self.options.load)

    def show_title(self) -> None:
        """Back to the title screen (the game in progress, if any, is left)."""
        self.runner = None
        self.saved_state = None
        self.manager.switch(TitleScreen(self))

    def leave_to_title(self) -> None:
        """The menu's Title: asks first when there is unsaved progress."""
        from .screens.overlays import ConfirmScreen

        if not self.has_unsaved_progress():
            self.show_title()
            return

        def save_and_leave() -> None:
            self.save_to("auto")
            self.show_title()

        self.manager.push(
            ConfirmScreen(
                self,
                "Leave this game?",
                "You have read on since the last save. Save now, so Continue brings you back "
                "to this moment?",
                [
                    ("Save and leave", save_and_leave),
                    ("Leave without saving", self.show_title),
                    ("Stay", self.close_top),
                ],
                kind="title",
            )
        )

    def new_game(self) -> None:
        """Title's New game: the content note, then the questions, then the story."""
        from .screens.intro import ContentNoteScreen

        note = self.story.content_note
        if note and note.strip():
            self.manager.switch(ContentNoteScreen(self, note))
        else:
            self.ask_questions()

    def ask_questions(self, answers: dict[str, Value] | None = None) -> None:
        """The questions page (skipped when the story asks nothing)."""
        from .screens.intro import QuestionsScreen

        if self.story.questions:
            self.manager.switch(QuestionsScreen(self, answers))
        else:
            self.begin_game(answers or {})

    def begin_game(self, answers: dict[str, Value]) -> None:
        """Start a new playthrough with these answers."""
        self.runner = Runner(self.story, answers)
        self.saved_state = None
        self.show_scene()
        self.autosave()

    def play_again(self) -> None:
        """The ending page's Play again: the questions, filled in with this game's answers."""
        answers = dict(self.runner.state.answers) if self.runner is not None else None
        self.runner = None
        self.saved_state = None
        self.ask_questions(answers)

    def show_scene(self) -> None:
        """Show the game in progress (its ending page if it has ended)."""
        from .screens.scene import SceneScreen

        if self.runner is None:
            self.show_title()
        elif self.runner.phase is Phase.ENDED:
            self.show_ending()
        else:
            self.manager.switch(SceneScreen(self))

    def show_ending(self) -> None:
        """The ending page for the game in progress."""
        from .screens.pages import EndingScreen

        report = self.runner.ending if self.runner is not None else None
        if report is None:
            self.show_title()
            return
        self.manager.switch(EndingScreen(self, report))

    def after_decision(self) -> None:
        """The player chose: autosave."""
        self.autosave()

    def reached_ending(self) -> None:
        """An ending: note it for the gallery (kept across plays), autosave, show the page."""
        runner = self.runner
        if runner is None:
            return
        ending = runner.state.scene
        if ending not in self.found:
            self.found[ending] = date.today().isoformat()
            path, story_id = self.progress_path, self.story.id

            def job() -> None:
                record_ending(path, story_id, ending)

            self.worker.submit(f"progress:{ending}", job)
        self.autosave()
        self.show_ending()

    def open_menu(self) -> None:
        """The in-game menu."""
        from .screens.overlays import MenuScreen

        self.manager.push(MenuScreen(self))

    def open_history(self) -> None:
        """The history page."""
        from .screens.overlays import HistoryScreen

        if self.runner is not None:
            self.manager.push(HistoryScreen(self))

    def open_help(self) -> None:
        """The keys page."""
        from .screens.overlays import HelpScreen

        self.manager.push(HelpScreen(self))

    def toggle_help(self) -> None:
        """F1 / ?: open the keys page, or close it when it is on top."""
        from .screens.overlays import HelpScreen

        if isinstance(self.manager.top, HelpScreen):
            self.manager.pop()
        else:
            self.open_help()

    def open_settings(self) -> None:
        """The settings page."""
        from .screens.pages import SettingsScreen

        self.manager.push(SettingsScreen(self))

    def open_saves(self, mode: str) -> None:
        """The save or load page."""
        from .screens.saves import SavesScreen

        self.manager.push(SavesScreen(self, mode))

    def open_gallery(self) -> None:
        """The endings found so far."""
        from .screens.pages import GalleryScreen

        self.manager.push(GalleryScreen(self))

    # --- quitting -------------------------------------------------------------------------------

    def has_unsaved_progress(self) -> bool:
        """True when the game has moved on since the last save of any kind (autosave included).

        The autosave is written at every decision, so this is only the lines read (or steps
        taken back) since then.
        """
        runner = self.runner
        if runner is None or not runner.history:
            return False
        return runner.to_json() != self.saved_state

    def request_quit(self) -> None:
        """Window close, the menu's or title's Quit: asks first when progress would be lost.

        A second close request while the question is up quits.
        """
        from .screens.overlays import ConfirmScreen

        top = self.manager.top
        if isinstance(top, ConfirmScreen) and top.kind == "quit":
            self.quit()
            return
        if not self.has_unsaved_progress():
            self.quit()
            return

        def save_and_quit() -> None:
            self.save_to("auto")
            self.quit()

        self.manager.push(
            ConfirmScreen(
                self,
                "Quit Reconnect?",
                "You have read on since the last save. Save now, so Continue brings you back "
                "to this moment?",
                [
                    ("Save and quit", save_and_quit),
                    ("Quit without saving", self.quit),
                    ("Cancel", self.close_top),
                ],
                kind="quit",
            )
        )

    def quit(self) -> None:
        """Stop the loop (queued writes still finish in `close`)."""
        self.running = False

    def close(self) -> None:
        """Finish writing, stop logging to the file, and shut pygame if this app started it."""
        self.worker.close()
        logging.getLogger("game").removeHandler(self._log_handler)
        self._log_handler.close()
        if self.owns_pygame:
            pygame.quit()

    # --- saves ----------------------------------------------------------------------------------

    def _thumbnail(self) -> pygame.Surface | None:
        """A small picture of the scene as it looks now (without menus over it)."""
        width = self.ctx.theme.spacing.thumbnail_file_width
        from .screens.scene import SceneScreen

        scene = next((s for s in reversed(self.manager.stack) if isinstance(s, SceneScreen)), None)
        if scene is None:
            return scaled_thumbnail(self.canvas, width)
        frame = pygame.Surface(self.logical)
        scene.draw_still(frame)
        return scaled_thumbnail(frame, width)

    def save_to(self, slot: str, *, toast: bool = False) -> bool:
        """Save the game in progress to `slot` (written in the background) with a thumbnail."""
        from .screens.saves import slot_title

        runner = self.runner
        if runner is None:
            if toast:
                self.toast("There is no game to save yet.")
            return False
        try:
            path = slot_path(self.saves, slot)
        except SaveError as err:
            self.toast(save_error_text(err), long=True)
            return False
        state = runner.to_json()
        label, scene, story = runner.chapter, runner.state.scene, self.story
        image = self._thumbnail()
        picture = path.with_suffix(".png")

        def job() -> None:
            write_save(
                path,
                story_id=story.id,
                story_hash=story.content_hash,
                story_version=story.version,
                label=label,
                scene=scene,
                state=state,
            )
            if image is not None:
                data = io.BytesIO()
                pygame.image.save(image, data, "png")
                atomic_write_bytes(picture, data.getvalue())

        self.worker.submit(f"save:{slot}", job)
        self.saved_state = state
        if toast:
            self.toast(f"Saved: {slot_title(slot).lower()}.")
        return True

    def autosave(self) -> None:
        """Save to the autosave slot (every decision, the start of a game, an ending)."""
        self.save_to("auto")

    def quick_save(self) -> None:
        """Ctrl+S."""
        self.save_to("quick", toast=True)

    def quick_load(self) -> None:
        """Ctrl+L."""
        self.load_slot("quick")

    def latest_save(self) -> SaveFile | None:
        """The newest readable save of this story (for Continue)."""
        self.worker.flush()
        try:
            saves = list_saves(self.saves)
        except SaveError:
            return None
        return next((s for s in saves if s.story_id == self.story.id), None)

    def load_slot(self, slot: str) -> bool:
        """Load a slot (its backup if the save is damaged) and show it; False with a note if not."""
        from .screens.saves import slot_title

        self.worker.flush()  # a save still being written is the one to load
        try:
            path = slot_path(self.saves, slot)
        except SaveError as err:
            self.toast(save_error_text(err), long=True)
            return False
        result = load_with_backup(path)
        save = result.save
        if save is None:
            problem = load_problem_text(result)
            self.toast(problem or f"There is nothing in {slot_title(slot).lower()}.")
            return False
        if save.story_id != self.story.id:
            self.toast(
                f"{slot_title(slot)} holds a game of another story ({save.story_id}).", long=True
            )
            return False
        try:
            runner, note = Runner.restore(self.story, save.state)
        except StateError as err:
            self.toast(f"Could not load {slot_title(slot).lower()}: {err}", long=True)
            return False
        self.runner = runner
        self.saved_state = runner.to_json()
        self.show_scene()
        notes = [text for text in (load_problem_text(result), note) if text]
        if notes:
            self.toast(" ".join(notes), long=True)
        else:
            self.toast(f"Loaded {slot_title(slot).lower()}: {save.label}.")
        return True

    def recover(self) -> None:
        """The error page's way back: the autosave, or the title when there is none."""
        if not self.load_slot("auto"):
            self.show_title()

    # --- authors --------------------------------------------------------------------------------

    def reload_story(self) -> None:
        """Ctrl+R: read the story files again and carry on at the same place.

        With errors the old story keeps running and the diagnostics are shown.
        """
        from game.engine.loader import StoryCache, load_story

        from .screens.overlays import DiagnosticsScreen

        if self.story_cache is None:
            self.story_cache = StoryCache()
        result = load_story(self.story.root, cache=self.story_cache)
        if not result.ok or result.story is None:
            self.manager.push(DiagnosticsScreen(self, result.diagnostics))
            return
        new = result.story
        if self.runner is not None:
            try:
                runner, note = Runner.restore(new, self.runner.to_json())
            except StateError as err:
                self.manager.push(
                    DiagnosticsScreen(
                        self,
                        result.diagnostics,
                        f"The new files load, but this game cannot continue in them: {err}. "
                        "The game carries on with the story as it was.",
                    )
                )
                return
            same = self.saved_state == self.runner.to_json()
            self.runner = runner
            if same:
                self.saved_state = runner.to_json()
        else:
            note = None
        if new.id != self.story.id:
            self.found = load_progress(self.progress_path).found(new.id)
        self.story = new
        self.assets.clear()
        for screen in self.manager.stack:
            reloaded = getattr(screen, "story_reloaded", None)
            if callable(reloaded):
                reloaded()
        warnings_count = sum(1 for d in result.diagnostics if not d.is_error)
        message = "Story reloaded."
        if warnings_count:
            message += f" {warnings_count} warning{'s' if warnings_count != 1 else ''}."
        if note:
            message += " " + note
        self.toast(message, long=bool(note))

    def _wake(self) -> None:
        # Called from the writer thread: make the loop look at the failure now.
        with contextlib.suppress(pygame.error):
            pygame.event.post(pygame.event.Event(self.wake_event))


# --- the script driver -------------------------------------------------------------------------

_MODS = {"ctrl": pygame.KMOD_LCTRL, "shift": pygame.KMOD_LSHIFT, "alt": pygame.KMOD_LALT}
_TYPED = {"space": " ", "return": "\r", "tab": "\t"}


class AppDriver:
    """Plays a script (`game.window.script`) against an app: input becomes real pygame events."""

    frame_time = 1 / 60

    def __init__(self, app: App) -> None:
        self.app = app

    def _frame(self, dt: float = 0.0) -> None:
        clock = self.app.clock
        if dt > 0 and isinstance(clock, FakeClock):
            clock.advance(dt)
        self.app.pump(pygame.event.get())

    def _post(self, kind: int, **data: Any) -> None:
        pygame.event.post(pygame.event.Event(kind, data))

    def post_key(self, name: str, mods: Iterable[str] = frozenset()) -> None:
        """Press and release a key (and type its character, as a real keyboard would)."""
        mods = frozenset(mods)
        key = pygame.key.key_code(name)
        mod = 0
        for m in mods:
            mod |= _MODS[m]
        typed = _TYPED.get(name, name if len(name) == 1 else "")
        if "shift" in mods and typed.isalpha():
            typed = typed.upper()
        self._post(pygame.KEYDOWN, key=key, mod=mod, unicode=typed, scancode=0)
        if typed and typed.isprintable() and not mods & {"ctrl", "alt"}:
            self._post(pygame.TEXTINPUT, text=typed)
        self._post(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)
        self._frame()

    def type_text(self, text: str) -> None:
        """Typed text, one character at a time."""
        for ch in text:
            self._post(pygame.TEXTINPUT, text=ch)
        self._frame()

    def click(self, x: int, y: int) -> None:
        """A left click at a window position."""
        pos = (int(x), int(y))
        self._post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        self._post(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
        self._post(pygame.MOUSEBUTTONUP, pos=pos, button=1)
        self._frame()

    def find_label(self, label: str) -> pygame.Rect | None:
        """Where the visible item showing `label` is (exact match first, then a prefix)."""
        targets = self.app.targets()
        folded = label.casefold()
        for exact, prefix, loose in (
            (True, False, False),
            (False, True, False),
            (False, False, True),
        ):
            for text, rect in targets:
                if (
                    (exact and text == label)
                    or (prefix and text.startswith(label))
                    or (loose and text.casefold().startswith(folded))
                ):
                    return rect
        return None

    def click_label(self, label: str) -> bool:
        """Click the centre of the visible item showing `label`; False when there is none."""
        self.app.draw()  # layouts are current once a frame has been drawn
        rect = self.find_label(label)
        if rect is None:
            return False
        self.click(*self.app.to_window(rect.center))
        return True

    def scroll(self, n: int) -> None:
        """Turn the wheel `n` notches (positive = up)."""
        self._post(
            pygame.MOUSEWHEEL, x=0, y=int(n), flipped=False, precise_x=0.0, precise_y=float(n)
        )
        self._frame()

    def resize(self, w: int, h: int) -> None:
        """Resize the window."""
        self.app.resize_window((w, h))
        self._frame()

    def step(self, seconds: float) -> None:
        """Advance the simulated clock, running frames at 60 per second while anything moves
        (and jumping ahead when nothing does, which gives the same result faster)."""
        remaining = float(seconds)
        cap = self.app.manager.max_dt
        while remaining > 1e-9:
            wake = self.app.next_wake()
            # Frames at 60 fps while something moves; one jump to the end while nothing does.
            dt = remaining if wake is None else min(remaining, max(self.frame_time, min(wake, cap)))
            self._frame(dt)
            remaining -= dt
        self._frame()

    def sleep(self, seconds: float) -> None:
        """Run the normal loop for `seconds` of real time (the fake clock follows real time)."""
        end = time.monotonic() + max(0.0, seconds)
        last = time.monotonic()
        while True:
            now = time.monotonic()
            if now >= end:
                break
            timeout = wait_timeout_ms(self.app.next_wake())
            left = max(1, round((end - now) * 1000))
            first = pygame.event.wait(left if timeout is None else min(timeout, left))
            events = [] if first.type == pygame.NOEVENT else [first]
            events += pygame.event.get()
            now = time.monotonic()
            if isinstance(self.app.clock, FakeClock):
                self.app.clock.advance(max(0.0, now - last))
            last = now
            self.app.pump(events)

    def shot(self, path: Path) -> None:
        """Save the window as it looks now as a PNG."""
        self._frame()
        self.app.draw(force=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.app.window, str(path))

    def quit(self) -> None:
        """End the run."""
        self.app.quit()


# --- entry point -------------------------------------------------------------------------------


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
        # SDL reads these when the display starts: they must be set before pygame.init.
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    clock: Clock = FakeClock() if options.headless else RealClock()
    app: App | None = None
    try:
        app = App(story, options, base, clock=clock, owns_pygame=True)
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
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if app is not None:
            app.close()
