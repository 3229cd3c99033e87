"""The scene: the picture, the text box with its typewriter, the choices, and the story keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pygame

from game.engine.runner import Phase, Runner
from game.engine.soundscape import caption

from .. import keymap, keys
from ..audio import UiSound
from ..draw import draw_panel
from ..host import Host
from ..skipping import SeenLines, Skipper
from ..theme import TextStyle
from ..voicing import Spoken, widget_words
from ..widgets import (
    QUICK_LABELS,
    ChoiceList,
    Column,
    MessageThread,
    QuickButton,
    SceneGeometry,
    TextBox,
    fit_choices,
    phone_rect,
    scene_geometry,
)
from .choosing import show_choices, speaker_colour
from .common import AppScreen


def portrait_rect(box: pygame.Rect, band: pygame.Rect, gap: int) -> pygame.Rect | None:
    """Where a speaker's portrait stands: on the text box's top edge at the right, below the
    quick buttons, clear of the name plate (left) and of the text (inside the box); None when
    the window leaves too little room for a face to read."""
    height = min(box.top - band.bottom - gap, round(box.width * 0.45))
    width = height * 4 // 5  # the portraits are drawn 400×500
    if height < 4 * gap or width > box.width // 2 - gap:
        return None
    return pygame.Rect(box.right - gap - width, box.top - height, width, height)


def _done(action: Callable[[], None]) -> bool:
    action()
    return True


class SceneView(AppScreen):
    """The scene as it looks: the picture, the chapter banner, the quick buttons, the choices
    (or the Discuss card) and the text box, laid out for the window. `SceneScreen` moves it."""

    def __init__(self, app: Host, quick: Mapping[str, Callable[[], object]]) -> None:
        super().__init__(app)
        self.box = TextBox(chars_per_second=app.settings.text_speed)
        self.choices: ChoiceList | None = None
        self.discuss: Column | None = None
        self.show_box = True
        self.box_hidden = False  # set while the choices need the box's room to show whole
        self.answered = ""  # at a choice: the line it answers (the box may show only its end)
        self.answered_by: str | None = None  # and who said it
        self.peeking = False  # the text and buttons hidden to look at the picture (H)
        self.portrait: str | None = None  # the speaking character's portrait, e.g. maya_warm
        self.background: str | None = None
        self.fade_from: str | None = None  # the previous scene's picture, crossfading out
        self.fade_left = 0.0
        self.chapter: str | None = None
        self.banner_left = 0.0
        self.banner_rect = pygame.Rect(0, 0, 0, 0)  # where the chapter banner was last drawn
        self._band = pygame.Rect(0, 0, 0, 0)
        self.quick = [QuickButton(label, quick[label]) for label in QUICK_LABELS]
        self.phone = MessageThread()  # the text messages on show, drawn instead of the box
        self.phone_on = False  # set by layout: the phone is shown (its newest message fits)
        self._soft: tuple[tuple[str, tuple[int, int]], pygame.Surface] | None = None

    @property
    def runner(self) -> Runner:
        """The game being played."""
        runner = self.app.runner
        if runner is None:
            raise RuntimeError("the scene screen needs a game in progress")
        return runner

    # --- layout --------------------------------------------------------------------------------

    def relayout(self) -> None:
        """Text box at the bottom, quick buttons top right, choices (or Discuss) in between."""
        ctx = self.ctx
        self.box.chars_per_second = self.app.settings.text_speed  # it may have just changed
        self.box.cue = self.choices is None
        self.phone_on = False
        if self.choices is not None and self.discuss is None:
            if self.phone.lines and self._phone_with_choices():
                return
            fit = fit_choices(
                ctx,
                self.size,
                self.answered if self.show_box else None,
                self.choices,
                speaker=self.answered_by,
            )
            self.box_hidden = fit.box_text is None
            if fit.box_text is not None and (fit.box_text, fit.caption) != (
                self.box.text,
                self.box.caption,
            ):
                self.box.caption = fit.caption
                name = None if fit.caption else self.answered_by  # a caption names them inline
                self.box.set_text(fit.box_text, name, self.box.speaker_colour, reveal=False)
            self._place(fit.geometry)
            return
        self.box_hidden = False
        self.box.caption = False
        geometry = scene_geometry(
            ctx,
            self.size,
            self.box.text if self.show_box else None,
            choosing=self.choices is not None,
            discuss=self.discuss is not None,
            speaker=bool(self.box.speaker),
        )
        self._place(geometry)
        if self.phone.lines and self.discuss is None:
            self.phone.layout(
                ctx, self._phone_rect(self.size[1] - ctx.metrics.margin), self.phone.lines
            )
            self.phone_on = self.phone.fits
        if self.choices is not None:
            self.choices.layout(ctx, geometry.choices)
        if self.discuss is not None:
            self.discuss.layout(ctx, geometry.choices)

    def _phone_with_choices(self) -> bool:
        """The choices at the bottom and the thread they answer on the phone above them;
        false (nothing changed but the layout) when the newest message would not fit whole."""
        ctx, choices = self.ctx, self.choices
        assert choices is not None
        fit = fit_choices(ctx, self.size, None, choices)
        area = fit.geometry.choices
        height = min(area.height, choices.content_height)
        below = pygame.Rect(area.left, area.bottom - height, area.width, height)
        bottom = below.top - ctx.metrics.px(ctx.theme.spacing.sm)
        self._place(fit.geometry)
        self.phone.layout(ctx, self._phone_rect(bottom), self.phone.lines)
        if not self.phone.fits:
            return False
        self.box_hidden = True
        choices.layout(ctx, below)
        self.phone_on = True
        return True

    def _phone_rect(self, bottom: int) -> pygame.Rect:
        return phone_rect(self.ctx, self.size, self._band, bottom)

    def _place(self, geometry: SceneGeometry) -> None:
        """The text box and the quick buttons where `geometry` puts them."""
        self.box.layout(self.ctx, geometry.text_box)
        for b, rect in zip(self.quick, geometry.quick, strict=True):
            b.layout(self.ctx, rect)
        self._band = geometry.band

    # --- drawing --------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """Picture, chapter banner, quick buttons, choices or Discuss, the text box."""
        self._draw_picture(surface)
        if self.peeking:
            return
        self._draw_banner(surface)
        for b in self.quick:
            b.draw(surface)
        if self.discuss is not None:
            self.discuss.draw(surface)
        elif self.choices is not None:
            self.choices.draw(surface)
        if self.phone_on:
            self.phone.draw(surface)
        elif self.show_box and not self.box_hidden and self.discuss is None:
            if self.choices is None:
                self._draw_portrait(surface)
            self.box.draw(surface)

    def _draw_portrait(self, surface: pygame.Surface) -> None:
        """The speaker's face beside their line (only while reading: choices need the room)."""
        if self.portrait is None:
            return
        spot = portrait_rect(
            self.box.rect, self._band, self.ctx.metrics.px(self.ctx.theme.spacing.md)
        )
        if spot is None:
            return
        image = self.app.assets.portrait(self.portrait, spot.height)
        if image is not None:
            surface.blit(image, image.get_rect(midbottom=spot.midbottom))

    def _draw_picture(self, surface: pygame.Surface) -> None:
        """The scene's picture, crossfading from the last scene's while `fade_left` runs."""
        size = surface.get_size()
        name = self.runner.background
        picture = self.app.assets.scaled_image(name, size) if name else None
        old = self.app.assets.scaled_image(self.fade_from, size) if self.fade_from else None
        fading = self.fade_left > 0 and picture is not None
        if fading and old is not None:
            surface.blit(old, (0, 0))
        else:
            surface.fill(self.ctx.theme.palette.window)
        if picture is None:
            return
        if self.phone_on and name is not None:
            picture = self._softened(name, picture)  # a crossfade goes into the soft picture
        if fading:
            picture = picture.copy()
            picture.set_alpha(round(255 * (1 - self.fade_left / self.ctx.theme.motion.fade)))
        surface.blit(picture, (0, 0))

    def _softened(self, name: str, picture: pygame.Surface) -> pygame.Surface:
        """The picture out of focus and dimmed, as behind a phone held close: the phone drawn
        in a phone picture becomes a soft shape behind the real one, never a second outline."""
        key = (name, picture.get_size())
        if self._soft is None or self._soft[0] != key:
            w, h = picture.get_size()
            tiny = pygame.transform.smoothscale(picture, (max(1, w // 40), max(1, h // 40)))
            soft = pygame.transform.smoothscale(tiny, (w, h))
            veil = pygame.Surface((w, h), pygame.SRCALPHA)
            veil.fill(self.ctx.theme.palette.scrim)
            soft.blit(veil, (0, 0))
            self._soft = (key, soft)
        return self._soft[1]

    def show_modes(self, *, skip: bool) -> None:
        """Skip and Auto show pressed while they are on."""
        for b in self.quick:
            b.on = (b.label == "Skip" and skip) or (
                b.label == "Auto" and self.app.settings.auto_advance
            )

    def peek(self) -> None:
        """H: hide the text box and buttons to look at the picture; any key or click returns."""
        self.peeking = True

    def follow_background(self) -> None:
        """Start a crossfade when the scene's picture changed (none with reduced motion)."""
        name = self.runner.background
        if name == self.background:
            return
        moving = self.background is not None and not self.app.settings.reduced_motion
        self.fade_from = self.background if moving else None
        self.fade_left = self.ctx.theme.motion.fade if moving else 0.0
        self.background = name

    def _draw_banner(self, surface: pygame.Surface) -> None:
        """The chapter's name in a pill at the top left, fading out (unless motion is reduced)."""
        ctx = self.ctx
        m, p, sp = ctx.metrics, ctx.theme.palette, ctx.theme.spacing
        self.banner_rect = pygame.Rect(0, 0, 0, 0)
        labels: list[str] = []
        chapter = self.chapter_label()
        if self.banner_left > 0 and chapter:
            labels.append(chapter)
        if not labels:
            return
        font = ctx.font(TextStyle.LABEL)
        pad_x, pad_y = m.text_px(sp.md), m.text_px(sp.xs)
        x = m.margin
        limit = (self.quick[0].rect.left if self.quick else self.size[0]) - m.px(sp.md)
        y = self.quick[0].rect.top if self.quick else m.margin
        for text in labels:
            image = font.render(text, True, p.body_text)
            pill = pygame.Rect(x, y, image.get_width() + 2 * pad_x, image.get_height() + 2 * pad_y)
            if pill.right > limit:
                break  # never over the buttons; the chapter also shows in History and saves
            alpha = 255
            if text == chapter and not self.app.settings.reduced_motion:
                alpha = round(255 * min(1.0, self.banner_left / ctx.theme.motion.fade))
            layer = pygame.Surface(pill.size, pygame.SRCALPHA)
            draw_panel(layer, layer.get_rect(), p.panel, pill.height // 2, p.panel_edge, m.border)
            layer.blit(image, (pad_x, pad_y))
            if alpha < 255:
                layer.set_alpha(alpha)
            surface.blit(layer, pill.topleft)
            self.banner_rect = pill
            x = pill.right + m.px(sp.sm)

    def toast_spot(self) -> tuple[int, int, bool]:
        """Above the text box (and its name plate): clear of the buttons and of the text; with the
        phone up, under its name, away from the newest messages at its bottom."""
        ctx = self.ctx
        if self.phone_on:
            top = self.phone.header.bottom + ctx.metrics.px(ctx.theme.spacing.sm)
            return self.phone.rect.centerx, top, True
        plate = TextBox.plate_height(ctx) + ctx.metrics.px(ctx.theme.spacing.sm)
        return (
            self.size[0] // 2,
            self.box.rect.top - plate - ctx.metrics.px(ctx.theme.spacing.sm),
            False,
        )

    def chapter_label(self) -> str | None:
        """ "Chapter 2: The Call" (or just the title when the story does not list it)."""
        if not self.chapter:
            return None
        scenes = [s for s in self.app.story.scenes.values() if s.chapter == self.chapter]
        if scenes and all(s.ending is not None for s in scenes):
            return None  # a chapter of endings only: naming it would give the ending away
        chapters = self.app.story.chapters
        if self.chapter in chapters:
            return f"Chapter {chapters.index(self.chapter) + 1}: {self.chapter}"
        return self.chapter

    def spoken_parts(self) -> Spoken:
        """What self-voicing reads: the line on show with its speaker, the focused choice."""
        box = self.box
        line = None
        if self.show_box and box.text:
            line = f"{box.speaker}: {box.text}" if box.speaker else box.text
        if self.discuss is not None:
            return Spoken(title="Discuss", line=line, focus=self.runner.prompt)
        focus = None
        if self.choices is not None and self.choices.focus_index is not None:
            focus = widget_words(self.choices.buttons[self.choices.focus_index])
        return Spoken(line=line, focus=focus)

    def draw_still(self, surface: pygame.Surface) -> None:
        """Draw with the current page fully shown (for save thumbnails)."""
        kept, typing = self.box.revealed, self.phone.typing
        self.box.complete()
        self.phone.typing = None
        try:
            self.draw(surface)
        finally:
            self.box.revealed, self.phone.typing = kept, typing

    def targets(self) -> list[tuple[str, pygame.Rect]]:
        """Choices (unless the Discuss card is up) and the quick buttons."""
        out: list[tuple[str, pygame.Rect]] = []
        if self.discuss is not None:
            out += self.discuss.targets()
        elif self.choices is not None:
            out += self.choices.targets()
        out += [(b.label, b.rect) for b in self.quick]
        return out


def scene_key_handlers(scene: SceneScreen, app: Host) -> dict[str, Callable[[], bool | None]]:
    """What the key table's story keys (keys.py) do on the scene; None: not handled here."""
    return {
        "advance": scene.go_on,
        "step_back": scene.step_back,
        "undo": scene.undo,
        "history": lambda: _done(app.nav.open_history),
        "menu": lambda: _done(app.nav.open_menu),
        "skip": lambda: _done(scene.toggle_skip),
        "auto": lambda: _done(scene.toggle_auto),
        "hide": lambda: _done(scene.peek),
    }


def typed_first(scene: SceneScreen, reveal: bool) -> bool:
    """Whether the other person's new message is "typed" first: only as the story moves on,
    never while skipping, with instant text or with reduced motion."""
    line, settings = scene.runner.line, scene.app.settings
    return (
        reveal
        and scene.runner.phase is Phase.BEAT
        and line is not None
        and line.kind == "message"
        and not line.mine
        and settings.text_speed > 0
        and not settings.reduced_motion
        and not scene.skipper.toggled
        and not pygame.key.get_mods() & pygame.KMOD_CTRL
    )


def enter_scene(screen: SceneScreen) -> None:
    """Play (and caption) a scene's sound when the story moves into the scene."""
    scene = screen.runner.scene
    if scene.id == screen.scene_id:
        return
    screen.scene_id = scene.id
    if scene.sound is not None:
        screen.app.audio.story_sound(scene.sound)
        if screen.app.settings.captions:
            screen.app.toasts.show(caption(scene.sound))


class SceneScreen(SceneView):
    """Shows what the runner says and passes on what the player does.

    Keys: Space/Enter/click advance (a first press completes the typewriter), 1–9 and
    arrows + Enter pick, Backspace or Ctrl+Z step back, PgUp or wheel-up open the history, Esc or
    a right click the menu. In facilitator mode a scene's prompt is shown as a "Discuss" card
    before its choices.
    """

    reads_on = True

    def __init__(self, app: Host) -> None:
        actions = {
            "Back": self.step_back,
            "History": app.nav.open_history,
            "Skip": self.toggle_skip,
            "Auto": self.toggle_auto,
            "Menu": app.nav.open_menu,
        }
        super().__init__(app, actions)
        self.auto_wait = 0.0
        self._pending_pick: int | None = None
        self.skipper = Skipper(SeenLines(app.base, app.story.id))
        self.read_before = False  # the line on show was read in this play or an earlier one
        self.key_handlers = scene_key_handlers(self, app)
        self.scene_id = "" if not self.runner.history else self.runner.scene.id
        enter_scene(self)  # a new game's first scene is entered now; a loaded one is not
        self.sync(reveal=True)

    # --- following the runner ----------------------------------------------------------------

    def sync(self, *, reveal: bool) -> None:
        """Show the runner's current beat or choices (`reveal`: with the typewriter)."""
        runner = self.runner
        self.scene_id = runner.scene.id  # stepping back or loading into a scene plays nothing
        if runner.chapter != self.chapter:
            self.chapter = runner.chapter
            self.banner_left = self.ctx.theme.motion.chapter_banner
        self.follow_background()
        seen = self.skipper.seen
        self.read_before = seen.seen(runner)
        seen.mark(runner)
        self._show_modes()
        self.auto_wait = 0.0
        self.choices = None
        self.discuss = None
        self.show_box = True
        self.box.caption = False
        self.portrait = None
        self.box.chars_per_second = self.app.settings.text_speed
        self.phone.lines = runner.thread
        self.phone_on = False
        if runner.phase is Phase.BEAT:
            line = runner.line
            assert line is not None
            # A text message arrives whole, as on a phone: no typewriter.
            shown = reveal and line.kind != "message"
            self.box.set_text(line.text, line.name, speaker_colour(line.color), reveal=shown)
            self.portrait = line.portrait if line.kind != "message" else None
        self.phone.start_typing(self.ctx.theme.motion.typing if typed_first(self, reveal) else 0.0)
        if runner.phase is Phase.CHOICE:
            show_choices(self, runner)
        if self.size != (0, 0):
            self.relayout()

    def story_reloaded(self) -> None:
        """The story files changed (Ctrl+R): show the same place from the new story."""
        self.chapter = self.runner.chapter  # same chapter: no banner
        self.sync(reveal=False)

    def _pick(self, index: int) -> None:
        # Picking happens inside the choice list's own event handling; act once it is done.
        self._pending_pick = index

    def _flush_pick(self) -> None:
        index, self._pending_pick = self._pending_pick, None
        if index is None:
            return
        self.app.audio.ui(UiSound.CLICK)
        self.runner.choose(index)
        self.app.nav.after_decision()
        self._moved()

    def _moved(self) -> None:
        enter_scene(self)
        if self.runner.phase is not Phase.BEAT:
            self.save_seen()  # at each choice and the ending: what was read is kept
        if self.runner.phase is Phase.ENDED:
            self.app.nav.reached_ending()
        else:
            self.sync(reveal=True)

    def advance(self) -> None:
        """Space/Enter/click: show a typed message, finish the typewriter, turn the page, go on."""
        if self.phone.stop_typing():
            return
        if self.box.advance():
            self.auto_wait = 0.0
            return
        if self.runner.phase is not Phase.BEAT:
            return
        self.runner.advance()
        self._moved()

    def take_choice(self, index: int) -> None:
        """Pick option `index` (0-based) as a number key would: the class vote's winner."""
        self._pick(index)
        self._flush_pick()

    def go_on(self) -> bool | None:
        """Space/Enter: on through the lines; choices pick their own. The Discuss card stays:
        a stray Space must not reveal the choices (Enter on it, a click on it, or C do)."""
        if self.discuss is not None:
            return True
        if self.runner.phase is Phase.BEAT:
            self.advance()
            return True
        return None

    def step_back(self) -> bool:
        """Backspace / Back: one line (or the last choice) back, down to the very first line."""
        if not self.app.session.step_back():
            self.app.toasts.show("This is the very beginning of the story.")
            return True
        self.sync(reveal=False)
        return True

    def undo(self) -> bool:
        """Ctrl+Z: back to the previous decision, its choices shown again."""
        if not self.app.session.undo():
            self.app.toasts.show("There is no choice to undo yet.")
            return True
        self.sync(reveal=False)
        return True

    def save_seen(self) -> None:
        """Write down the lines read (a note if the disk refuses; playing goes on)."""
        problem = self.skipper.seen.save()
        if problem:
            self.app.toasts.show(problem)

    def exit(self) -> None:
        """Leaving the story: keep what was read."""
        self.save_seen()

    def toggle_skip(self) -> None:
        """S / the Skip button: skip read lines until a choice or an unread line."""
        self.skipper.toggled = not self.skipper.toggled
        if self.skipper.toggled and not self.read_before:
            self.skipper.toggled = False
            self.app.toasts.show("Skip passes only lines you have read before.")
        self._show_modes()

    def toggle_auto(self) -> None:
        """A / the Auto button: auto-advance on or off (a setting, so it is remembered)."""
        self.app.update_settings(auto_advance=not self.app.settings.auto_advance)
        self.auto_wait = 0.0
        self._show_modes()

    def _show_modes(self) -> None:
        self.show_modes(skip=self.skipper.toggled)

    def dismiss_discussion(self) -> None:
        """Hide the facilitator's Discuss card and show the choices."""
        self.discuss = None
        self.relayout()

    # --- input ----------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """The story keys and the mouse (see the class docstring)."""
        if self.peeking and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.peeking = False  # the press only brings the text back
            return True
        changed = self._handle(event)
        if self._pending_pick is not None:
            self._flush_pick()
            changed = True
        return changed

    def _handle(self, event: pygame.event.Event) -> bool:
        runner = self.runner
        if event.type == pygame.KEYDOWN:
            if self.discuss is not None and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.dismiss_discussion()
                return True
            table = keymap.table(self.app.settings.keys)
            action = keys.action_for(event, keys.Scope.SCENE, table=table)
            handler = self.key_handlers.get(action or "")
            handled = handler() if handler is not None else None
            if handled is not None:
                return handled
            if self.discuss is not None or runner.phase is Phase.BEAT:
                return False
            if self.choices is not None:
                result = self.choices.handle_event(event)
                return result.redraw or result.handled
            return False
        if event.type == pygame.MOUSEWHEEL:
            over_list = (
                self.choices is not None
                and self.discuss is None
                and self.choices.max_scroll > 0
                and self._mouse_over(self.choices.area)
            )
            if getattr(event, "y", 0) > 0 and not over_list:
                self.app.nav.open_history()
                return True
            if self.choices is not None and self.discuss is None:
                result = self.choices.handle_event(event)
                return result.redraw
            if self.discuss is not None:
                return self.discuss.handle_event(event).redraw
            return False
        changed = False
        on_quick = False
        for b in self.quick:
            result = b.handle_event(event)
            changed = changed or result.redraw
            on_quick = on_quick or result.handled
        pos = getattr(event, "pos", None)
        if pos is not None and any(b.rect.collidepoint(pos) for b in self.quick):
            on_quick = True
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 3:
            self.app.nav.open_menu()
            return True
        if self.discuss is not None:
            return self.discuss.handle_event(event).redraw or changed
        if runner.phase is Phase.BEAT:
            left = event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1
            if left and not on_quick:
                self.go_on()
                return True
            return changed
        if self.choices is not None and not on_quick:
            result = self.choices.handle_event(event)
            changed = changed or result.redraw
        return changed

    def _mouse_over(self, rect: pygame.Rect) -> bool:
        pos = self.app.mouse_pos()
        return pos is None or rect.collidepoint(pos)

    # --- time -----------------------------------------------------------------------------------

    def update(self, dt: float) -> bool:
        """Typewriter, the chapter banner's timer, and auto-advance."""
        changed = self.phone.tick(dt) | self.box.update(dt)  # both move on
        motion = self.ctx.theme.motion
        if self.fade_left > 0:
            self.fade_left = max(0.0, self.fade_left - dt)
            changed = True
        held = bool(pygame.key.get_mods() & pygame.KMOD_CTRL)
        was_on = self.skipper.toggled
        readable = self.read_before and self.runner.phase is Phase.BEAT
        if self.skipper.due(readable, held, dt):
            self.box.complete()
            self.runner.advance()
            self._moved()
            return True
        if was_on != self.skipper.toggled:
            self._show_modes()
            changed = True
        if self.banner_left > 0:
            before = self.banner_left
            self.banner_left = max(0.0, self.banner_left - dt)
            fading = not self.app.settings.reduced_motion and self.banner_left < motion.fade
            if fading or (before > 0 and self.banner_left == 0):
                changed = True
        settings = self.app.settings
        if (
            settings.auto_advance
            and self.runner.phase is Phase.BEAT
            and not self.box.revealing
            and self.phone.typing is None
            and dt > 0
        ):
            self.auto_wait += dt
            if self.auto_wait >= settings.auto_delay:
                self.auto_wait = 0.0
                self.advance()
                changed = True
        return changed

    def next_wake(self) -> float | None:
        """0 while the typewriter runs or the banner fades; else the next timer, or None."""
        waits: list[float] = []
        moving = self.fade_left > 0 or self.phone.typing is not None  # a fade, the typing dots
        if moving or self.skipper.toggled or pygame.key.get_mods() & pygame.KMOD_CTRL:
            return 0.0
        box = self.box.next_wake()
        if box is not None:
            waits.append(box)
        if self.banner_left > 0:
            fade = 0.0 if self.app.settings.reduced_motion else self.ctx.theme.motion.fade
            waits.append(max(0.0, self.banner_left - fade))
        settings = self.app.settings
        if settings.auto_advance and self.runner.phase is Phase.BEAT and not self.box.revealing:
            waits.append(max(0.0, settings.auto_delay - self.auto_wait))
        return min(waits) if waits else None
