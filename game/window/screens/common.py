"""What every screen of the game shares: access to the app, and `PageScreen`, the layout of
every page that is not the scene itself (heading, scrolling body, row of buttons).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from ..draw import draw_panel
from ..host import Host
from ..text_layout import TextBlock, draw_lines
from ..theme import TextStyle
from ..toasts import note_height
from ..widgets import (
    Button,
    Column,
    FocusGroup,
    UIContext,
    Widget,
    place_buttons,
)
from .base import Screen
from .page_frame import page_frame, panel_width

ENTER_KEYS = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER})


def footer_button(label: str, action: Callable[[], None]) -> Button:
    """A button for a page's footer row (bold, centred label)."""
    return Button(label, action, style=TextStyle.BUTTON, align="center")


class AppScreen(Screen):
    """A screen of the game: it reaches the app (settings, story, runner) and its UI context."""

    reads_on = False
    """True where holding Space or Enter reads on line after line (the scene)."""
    story_keys = True
    """False where the keys that need a game (Ctrl+S, Ctrl+L, Ctrl+R) do nothing."""

    def __init__(self, app: Host) -> None:
        super().__init__()
        self.app = app

    @property
    def ctx(self) -> UIContext:
        """Theme, pixel metrics and fonts for the current window and settings."""
        return self.app.ctx

    def resize(self, size: tuple[int, int]) -> None:
        """Store the size and lay everything out again."""
        super().resize(size)
        self.relayout()

    def relayout(self) -> None:
        """Lay out for `self.size` and the app's current context (after resizes and settings)."""

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Visible clickable things by label, for scripts' `click "LABEL"`."""
        return []

    @property
    def wants_text(self) -> bool:
        """True while typed characters belong to a text field (so "?" types, not opens help)."""
        return False

    @property
    def captures_keys(self) -> bool:
        """True while the next key press is the player's new key (no window key acts on it)."""
        return False

    def toast_spot(self) -> tuple[int, int, bool]:
        """Where short notes go: (x centre, y, True if y is their top, False if their bottom)."""
        return self.size[0] // 2, self.ctx.metrics.margin, True

    def draw_backdrop(self, surface: pygame.Surface, image: str | None) -> None:
        """The picture `image` covering the window (a plain colour if missing), then the scrim."""
        p = self.ctx.theme.palette
        picture = self.app.assets.scaled_image(image, surface.get_size()) if image else None
        if picture is not None:
            surface.blit(picture, (0, 0))
        else:
            surface.fill(p.window)
        draw_panel(surface, surface.get_rect(), p.scrim, 0)


def above_footer(page: PageScreen) -> tuple[int, int, bool]:
    """A page's notes go just above its footer's buttons, clear of the heading and the top of
    the page (an ending's title). With no footer row (a menu, whose buttons are its body) they
    go beside the panel, above or below it, where a one-line note fits; else the top margin."""
    gap = page.ctx.metrics.px(page.ctx.theme.spacing.sm)
    row = [b.rect for b in page.footer if b.rect.height] if not page.corner else []
    if row:
        return page.size[0] // 2, min(r.top for r in row) - gap, False
    panel, note = page.panel, note_height(page.ctx)
    if panel.height and panel.top - gap >= note:
        return page.size[0] // 2, panel.top - gap, False
    if panel.height and page.size[1] - panel.bottom - gap >= note:
        return page.size[0] // 2, panel.bottom + gap, True
    return AppScreen.toast_spot(page)


class PageScreen(AppScreen):
    """A heading, a body that scrolls when it does not fit, and a footer row of buttons.

    `backdrop` "image" draws the story's current picture under a scrim; "overlay" lets the
    screen below show through the scrim. `narrow` pages (menus, questions) use the dialog
    width; `fit` pages shrink their panel to their content. Keys: Tab/arrows move focus
    (arrows scroll instead when nothing in the body takes focus), PageUp/PageDown/Home/End
    scroll, Enter/Space activate, Esc goes back. Enter presses the `primary` button (where
    focus starts) unless focus is shown on a control that Enter works itself.
    """

    backdrop = "image"
    narrow = False
    fit = False
    closable = True
    corner = False  # True: a single footer button goes beside the heading instead
    toast_spot = above_footer
    grid = False  # True: the body goes into two columns when one would have to scroll

    def __init__(
        self,
        app: Host,
        heading: str | None,
        body: Sequence[Widget] = (),
        footer: Sequence[Button] = (),
        *,
        primary: Button | None = None,
    ) -> None:
        super().__init__(app)
        self.primary = primary
        self.opaque = self.backdrop != "overlay"
        self.heading = heading
        self.column = Column(body)
        self.footer = list(footer)
        self.group = FocusGroup([])
        self.panel = pygame.Rect(0, 0, 0, 0)
        self._heading: TextBlock | None = None
        self._heading_at = (0, 0)
        self._heading_cache: dict[tuple[str, tuple[int, int, int]], pygame.Surface] = {}
        self._rebuild_focus(None)

    # --- content ------------------------------------------------------------------------------

    def set_body(self, widgets: Sequence[Widget], *, keep_scroll: bool = True) -> None:
        """Replace the body (e.g. after a save), keeping focus on the same place where possible."""
        index = self.group.index
        self.column.widgets = list(widgets)
        if not keep_scroll:
            self.column.scroll = 0
        self._rebuild_focus(index)
        if self.size != (0, 0):
            self.relayout()

    def set_footer(self, buttons: Sequence[Button]) -> None:
        """Replace the footer buttons."""
        self.footer = list(buttons)
        self._rebuild_focus(None)
        if self.size != (0, 0):
            self.relayout()

    def _rebuild_focus(self, index: int | None) -> None:
        # The primary button comes first after the body, so Down from the last field lands on
        # it rather than on Back; Left/Right in the footer still go by position.
        footer = sorted(self.footer, key=lambda b: b is not self.primary)
        order: list[Widget] = [*self.column.focusables(), *footer]
        visible = self.group.visible
        self.group = FocusGroup(order, arrows=bool(self.column.focusables()))
        enabled = [i for i, w in enumerate(order) if getattr(w, "enabled", True)]
        if not enabled:
            return
        start = index if index is not None and index in enabled else self.initial_focus(enabled)
        self.group.focus(start, visible=visible)

    def initial_focus(self, enabled: list[int]) -> int:
        """Which focusable gets focus first (an index into column focusables + footer): the
        primary button, else the first."""
        widgets = self.group.widgets
        if self.primary is not None and self.primary in widgets:
            at = widgets.index(self.primary)
            if at in enabled:
                return at
        return enabled[0]

    def _press_primary(self, event: pygame.event.Event) -> bool:
        """Enter where focus is not on a control that uses it: press the primary button."""
        primary = self.primary
        if primary is None or not primary.enabled or event.key not in ENTER_KEYS:
            return False
        if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False
        focused = self.focused
        if focused is not None and focused.uses_enter:
            shown = self.group.visible or bool(getattr(focused, "wants_text", False))
            if shown and focused is not primary:
                return False
        primary.activate()
        return True

    @property
    def focused(self) -> Widget | None:
        """The widget with keyboard focus."""
        i = self.group.index
        return self.group.widgets[i] if i is not None else None

    @property
    def wants_text(self) -> bool:
        """True when a text field has focus."""
        return bool(getattr(self.focused, "wants_text", False))

    # False where a player may arrive still pressing Space through the story (the ending):
    # their next press should only show where focus is, not press a button.
    focus_on_enter = True

    def enter(self) -> None:
        """Show the focus ring at once when the player is using the keyboard."""
        if self.group.index is not None and self.app.keyboard_mode and self.focus_on_enter:
            self.group.focus(self.group.index, visible=True)

    def back(self) -> None:
        """Esc / right click: close this page."""
        if self.closable and self.manager is not None and len(self.manager.stack) > 1:
            self.manager.pop()

    # --- layout -------------------------------------------------------------------------------

    def panel_width(self, ctx: UIContext) -> int:
        """The panel's width for this window."""
        return panel_width(ctx, self.size, narrow=self.narrow and self.column.columns == 1)

    def relayout(self) -> None:
        """Heading at the top of the panel, footer at the bottom, the body scrolling between."""
        self.column.columns = 1
        self._relayout()
        if self.grid and self.column.max_scroll > 0:
            self.column.columns = 2
            self._relayout()

    def _relayout(self) -> None:
        ctx = self.ctx
        measure = (lambda width: self.column.measure(ctx, width)) if self.fit else None
        frame = page_frame(
            ctx,
            self.size,
            self.heading,
            self.footer,
            narrow=self.narrow and self.column.columns == 1,
            corner=self.corner,
            body_height=measure,
        )
        self.panel, self._heading, self._heading_at = frame.panel, frame.heading, frame.heading_at
        self._heading_cache.clear()
        self.column.bar_offset = frame.bar_offset
        self.column.layout(ctx, frame.viewport)
        if frame.corner is not None and frame.corner_rect is not None:
            frame.corner.layout(ctx, frame.corner_rect)
        elif frame.footer_area is not None:
            place_buttons(ctx, self.footer, frame.footer_area)
        focused = self.focused
        if focused is not None:
            self.column.ensure_visible(focused)

    # --- input --------------------------------------------------------------------------------

    def _scroll_key(self, key: int) -> bool | None:
        """Scroll for PageUp/PageDown/Home/End (and arrows when nothing takes focus)."""
        col = self.column
        steps = {
            pygame.K_PAGEUP: -col.page_step(),
            pygame.K_PAGEDOWN: col.page_step(),
        }
        if not col.focusables():
            steps |= {
                pygame.K_UP: -col.line_step(),
                pygame.K_DOWN: col.line_step(),
                pygame.K_HOME: -col.content_height,
                pygame.K_END: col.content_height,
            }
        if key in steps:
            return col.scroll_by(steps[key])
        return None

    def _focus_hovered(self) -> None:
        """Focus follows the pointer (hidden), so hover and focus never light two things."""
        for i, w in enumerate(self.group.widgets):
            if w.hovered and i != self.group.index:
                self.group.focus(i, visible=False)
                return

    def _footer_step(self, step: int) -> None:
        """Left/Right: to the footer button beside the focused one, as they are drawn."""
        row = sorted((b for b in self.footer if b.enabled), key=lambda b: (b.rect.y, b.rect.x))
        focused = self.focused
        if not row or focused not in row:
            self.group.move(step)
            return
        assert isinstance(focused, Button)
        target = row[(row.index(focused) + step) % len(row)]
        self.group.focus(self.group.widgets.index(target))

    def handle_key(self, event: pygame.event.Event) -> bool | None:
        """Page-specific keys before the defaults; None when not handled."""
        return None

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Keys to focus and scrolling, typing to the focused field, the mouse to what it's over."""
        if event.type == pygame.KEYDOWN:
            own = self.handle_key(event)
            if own is not None:
                return own
            if event.key == pygame.K_ESCAPE:
                self.back()
                return True
            if self._press_primary(event):
                return True
            focused = self.focused
            if event.key in ENTER_KEYS and focused is not None and self.focus_on_enter:
                # Enter works what has focus even before the ring shows (only pages a player
                # may reach still pressing on keep the first press for showing the ring).
                self.group.focus(self.group.index, visible=True)
            in_footer = focused in self.footer
            sideways = event.key in (pygame.K_LEFT, pygame.K_RIGHT)
            moving = sideways or (
                event.key in (pygame.K_UP, pygame.K_DOWN) and bool(self.column.focusables())
            )
            if moving and focused is not None and not self.group.visible:
                # After the mouse, the first arrow shows where focus is; it changes nothing.
                self.group.focus(self.group.index, visible=True)
                return True
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT) and (
                in_footer or not self.column.focusables()
            ):
                self._footer_step(-1 if event.key == pygame.K_LEFT else 1)
                return True
            typing = bool(getattr(focused, "wants_text", False))
            if not (typing and event.key in (pygame.K_HOME, pygame.K_END)):
                scrolled = self._scroll_key(event.key)
                if scrolled is not None:
                    return scrolled
            result = self.group.handle_event(event)
            if self.focused is not None:
                self.column.ensure_visible(self.focused)
            return result.redraw or result.handled
        if event.type == pygame.TEXTINPUT:
            focused = self.focused
            return bool(focused is not None and focused.handle_event(event).redraw)
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 3:
            self.back()
            return True
        result = self.column.handle_event(event)
        for b in list(self.footer):
            result = result | b.handle_event(event)
        if event.type == pygame.MOUSEMOTION:
            self._focus_hovered()
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            pos = getattr(event, "pos", None)
            hit = self.column.widget_at((int(pos[0]), int(pos[1]))) if pos else None
            if hit is not None and hit in self.group.widgets:
                typing = bool(getattr(hit, "wants_text", False))
                self.group.focus(self.group.widgets.index(hit), visible=self.group.visible)
                if typing:
                    hit.handle_event(event)  # place the caret now that it has focus
                return True
        return result.redraw

    # --- drawing ------------------------------------------------------------------------------

    def backdrop_image(self) -> str | None:
        """The picture behind this page (the current scene's, or the title picture)."""
        return self.app.nav.backdrop_image()

    def draw(self, surface: pygame.Surface) -> None:
        """Backdrop (or scrim over the screen below), panel, heading, body and footer."""
        ctx = self.ctx
        m, p = ctx.metrics, ctx.theme.palette
        if self.backdrop == "overlay":
            draw_panel(surface, surface.get_rect(), p.scrim, 0)
            # Over the scene, its text would show through a translucent panel and muddle ours.
            draw_panel(surface, self.panel, p.window, m.radius)
        else:
            self.draw_backdrop(surface, self.backdrop_image())
        draw_panel(surface, self.panel, p.panel, m.radius, p.panel_edge, m.border)
        if self._heading is not None:
            draw_lines(
                surface,
                ctx.font(TextStyle.HEADING),
                self._heading.lines,
                p.body_text,
                self._heading_at,
                line_height=self._heading.line_height,
                cache=self._heading_cache,
            )
        self.column.draw(surface)
        for b in self.footer:
            b.draw(surface)

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Body items in view, then the footer buttons."""
        out = self.column.targets()
        out += [(b.label, b.rect) for b in self.footer if b.enabled]
        return out
