"""The window's pixels: the display mode, full screen, and the logical canvas it is drawn on.

Windows smaller than the minimum are drawn at the minimum size on a canvas and scaled down,
so layouts never have to squeeze; `to_logical`/`to_window` convert pointer positions.
"""

from __future__ import annotations

import warnings

import pygame

from game.resources import shipped_assets

from .kept_frame import CHANGES_THE_FRAME, FirstFrame, Mode, keep_first_frame, name_window
from .kept_images import Runner
from .options import WindowOptions
from .theme import DEFAULT_WINDOW, MIN_WINDOW

MIN_LOGICAL = MIN_WINDOW
DEFAULT_SIZE = DEFAULT_WINDOW


class Display:
    """The pygame display, its full-screen state and the logical canvas scaled onto it."""

    def __init__(self, options: WindowOptions, fullscreen: bool) -> None:
        self.options = options
        self.fullscreen = fullscreen
        self.windowed_size = options.size or DEFAULT_SIZE
        self.window = pygame.Surface((1, 1))
        self.canvas = self.window
        self.logical = MIN_LOGICAL
        self._first: tuple[FirstFrame, Runner] | None = None
        pygame.display.init()
        pygame.font.init()
        name_window(shipped_assets())
        if options.size is None and not options.headless:
            sizes = pygame.display.get_desktop_sizes()
            if sizes:
                dw, dh = sizes[0]
                # Leave room for the taskbar and title bar on small laptop screens.
                w, h = DEFAULT_SIZE
                self.windowed_size = (min(w, round(dw * 0.9)), min(h, round(dh * 0.85)))
        self._set_mode()
        pygame.key.set_repeat(400, 40)
        pygame.key.start_text_input()

    def mode(self) -> Mode:
        """What to ask `pygame.display.set_mode` for: full screen, or the window's size."""
        if self.fullscreen and not self.options.headless:
            return (0, 0), pygame.FULLSCREEN
        return self.windowed_size, pygame.RESIZABLE

    def _set_mode(self) -> None:
        pygame.display.set_mode(*self.mode())
        self._minimum_window_size()
        self.surface_changed()

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

    def surface_changed(self) -> None:
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

    def set_fullscreen(self, on: bool) -> None:
        """Full screen on or off (the dummy driver of headless runs has no screen to fill)."""
        if on:
            self.windowed_size = self.window.get_size()
        self.fullscreen = on
        if not self.options.headless:
            self._set_mode()

    def resize(self, size: tuple[int, int]) -> None:
        """Resize the window (scripts and tests; players drag the edges)."""
        self.windowed_size = (max(1, int(size[0])), max(1, int(size[1])))
        if not self.fullscreen or self.options.headless:
            pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        self.surface_changed()

    @property
    def scaled(self) -> bool:
        """True when the canvas is drawn larger than the window and scaled down."""
        return self.canvas is not self.window

    def present(self) -> None:
        """Put the canvas on the screen."""
        if self.scaled:
            pygame.transform.smoothscale(self.canvas, self.window.get_size(), self.window)
        pygame.display.flip()
        if self._first is not None:
            (first, run), self._first = self._first, None
            keep_first_frame(first, self.window, self.mode(), run)

    def keep_first(self, first: FirstFrame | None, run: Runner) -> None:
        """Keep the first frame presented for the next start like this one (kept_frame.py)."""
        self._first = None if first is None else (first, run)

    def saw(self, kind: int) -> None:
        """An event reached the app: after input, the first frame is no longer the start's."""
        if kind in CHANGES_THE_FRAME:
            self._first = None

    def to_logical(self, pos: tuple[int, int]) -> tuple[int, int]:
        """A window position in the logical canvas."""
        return _convert(pos, self.window.get_size(), self.logical)

    def to_window(self, pos: tuple[int, int]) -> tuple[int, int]:
        """A logical position in the window."""
        return _convert(pos, self.logical, self.window.get_size())


def _convert(pos: tuple[int, int], src: tuple[int, int], dst: tuple[int, int]) -> tuple[int, int]:
    return round(pos[0] * dst[0] / max(1, src[0])), round(pos[1] * dst[1] / max(1, src[1]))
