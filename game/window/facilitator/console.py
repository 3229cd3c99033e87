"""The facilitator's console: its keys, its state, and what it draws over the game.

The app hands it every event first (so the blank screen can swallow them all), ticks it each
frame and lets it draw last. It never decides anything about the story: a vote's winner goes
through the scene's own choose path, like a number key.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import pygame

from game.classroom.timer import DiscussionTimer, ShownTimes
from game.engine.runner import Phase
from game.voting import VoteState, new_server

from .. import keys
from ..clock import Clock
from ..host import Host
from ..screens.common import AppScreen
from ..screens.scene import SceneScreen
from ..widgets import number_key
from .chime import CHIME_SOUND, Chime
from .meters import read_meters
from .panels import badge_rect, draw_badge, draw_blank, draw_meters, draw_notes, draw_timer
from .vote_view import VoteView
from .voting import ClassVote, VoteOptions, try_vote

if TYPE_CHECKING:  # the server module brings aiohttp: imported when a vote server is made
    from game.voting import VoteServer

_SWALLOWED_WHILE_BLANK = frozenset(
    {pygame.KEYUP, pygame.TEXTINPUT, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL}
)
_POINTER = frozenset({pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL})
# How often the projector looks at the live tally while a vote is up.
VOTE_POLL_S = 0.1
VOTE_OFF_HEADING = "Class voting could not start"


class Console:
    """Blank screen, discussion timer, meters, notes and class voting for `--facilitator`."""

    def __init__(
        self,
        host: Host,
        clock: Clock,
        vote: VoteOptions,
        make_server: Callable[[str | None, int], VoteServer] = new_server,
    ) -> None:
        self.host = host
        self.clock = clock
        self.blank = False
        self.badge: pygame.Rect | None = None  # where the badge was last drawn (None: left out)
        self.timer = DiscussionTimer()
        self.shown = ShownTimes()  # for the session report
        self.chime_on = True
        self.chime = Chime(host.assets.sound_path(CHIME_SOUND))
        self.panel: str | None = None  # "meters" or "notes" while one is shown
        self.vote = ClassVote(vote, make_server)
        self._last = clock.now()
        self._seen: Hashable = None
        self.handlers: dict[str, Callable[[pygame.event.Event], bool]] = {
            "blank": lambda _: self.blank_screen(),
            "timer": lambda _: _done(self.timer.toggle),
            "timer_reset": lambda _: _done(self.timer.reset),
            "meters": lambda _: self.toggle_panel("meters"),
            "notes": lambda _: self.toggle_panel("notes"),
            "reveal": lambda _: self.reveal_choices(),
            "vote_open": lambda _: self.open_vote(),
            "vote_close": lambda _: self.close_vote(),
            "vote_cancel": lambda _: self._if_voting(self.vote.cancel),
            "vote_rerun": lambda _: self._if_voting(lambda: self._tell(try_vote(self.vote.rerun))),
            "vote_settle": self.settle_vote,
        }

    def start(self) -> None:
        """Start class voting when `--vote` asked for it."""
        if self.vote.options.on:
            self.set_voting(True)

    def close(self) -> None:
        """Stop the vote server (on quit); the tallies stay in `vote.records()`."""
        self.vote.stop()

    # --- actions ------------------------------------------------------------------------------

    def blank_screen(self) -> bool:
        """B: black out the projector until any key (or a click)."""
        self.blank = True
        return True

    def toggle_panel(self, name: str) -> bool:
        """Show or hide the meters or the notes (only with a game in progress)."""
        if self.host.runner is None:
            self.host.toasts.show("Start or load a game first.")
            return True
        self.panel = None if self.panel == name else name
        return True

    def reveal_choices(self) -> bool:
        """C: take the Discuss card away and show the choices."""
        scene = self._scene()
        if scene is None or scene.discuss is None:
            return False
        self.update()  # count the card's time up to now before it goes
        scene.dismiss_discussion()
        return True

    def set_voting(self, on: bool) -> None:
        """Turn class voting on (binding the port) or off (releasing it)."""
        if not on:
            self.vote.stop()
            self.host.toasts.show("Class voting is off.")
            return
        error = self.vote.start()
        if error is not None:
            nav = self.host.nav
            nav.confirm(VOTE_OFF_HEADING, error, [("OK", nav.close_top)], kind="vote_error")
        else:
            self.host.toasts.show("Class voting is on: press O at a choice to open a vote.")

    def open_vote(self) -> bool:
        """O: put the choice on screen to the room's phones."""
        scene = self._scene()
        runner = self.host.runner
        if scene is None or runner is None or runner.phase is not Phase.CHOICE:
            self.host.toasts.show("A class vote opens at a choice.")
            return True
        history = runner.history
        prompt = runner.prompt or (history[-1].text if history else "") or "Which way?"
        decision = f"{runner.state.scene}:{len(history)}"
        options = [o.text for o in runner.options]
        self._tell(self.vote.open(decision, prompt, options))
        if self.vote.showing and scene.discuss is not None:
            self.update()
            scene.dismiss_discussion()
        return True

    @property
    def voting_here(self) -> bool:
        """True while the vote panel is up over the scene (not under a menu or page)."""
        return self.vote.showing and self._scene() is not None

    def close_vote(self) -> bool:
        """L or Enter: close an open vote; on its result, go on with the winner."""
        if not self.voting_here:
            return False
        snap = self.vote.snapshot()
        if snap.state is VoteState.OPEN:
            self._tell(try_vote(self.vote.close))
        elif snap.result is not None and snap.result.winner is not None:
            self._take(snap.result.winner)
        return True

    def settle_vote(self, event: pygame.event.Event) -> bool:
        """A number after the vote closed: take that choice (a tie, or overruling the room)."""
        if not self.voting_here:
            return False
        index = number_key(event)
        snap = self.vote.snapshot()
        if snap.state is VoteState.OPEN:
            self.host.toasts.show("Close the vote first (L), or cancel it (X).")
        elif index is not None and 0 <= index - 1 < len(snap.options):
            self._tell(try_vote(lambda: self.vote.settle(index - 1)))
            self._take(index - 1)
        return True

    def _take(self, index: int) -> None:
        scene = self._scene()
        self.vote.showing = False
        if scene is not None:
            scene.take_choice(index)

    def _if_voting(self, action: Callable[[], None]) -> bool:
        if not self.voting_here:
            return False
        action()
        return True

    def _tell(self, problem: str | None) -> None:
        if problem:
            self.host.toasts.show(problem, long=True)

    def _discussing(self) -> str | None:
        """The key of the decision whose Discuss card is on screen, if one is."""
        scene, runner = self._scene(), self.host.runner
        if scene is None or scene.discuss is None or runner is None:
            return None
        return f"{runner.state.scene}:{len(runner.history)}"

    def _scene(self) -> SceneScreen | None:
        top = self.host.manager.top
        return top if isinstance(top, SceneScreen) else None

    # --- events and time --------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """True when the console took the event (the game must not see it)."""
        if self.blank:
            if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
                self.blank = False
                return True
            return event.type in _SWALLOWED_WHILE_BLANK
        covering = self._covering()
        if event.type != pygame.KEYDOWN:
            return covering and event.type in _POINTER
        top = self.host.manager.top
        typing = isinstance(top, AppScreen) and top.wants_text
        if self.panel is not None and covering and event.key == pygame.K_ESCAPE:
            self.panel = None
            return True
        action = keys.action_for(event, keys.Scope.FACILITATOR, typing=typing)
        if action is None:
            return False
        return self.handlers[action](event)

    def _covering(self) -> bool:
        """True while a panel of the console hides the game (which then ignores the pointer)."""
        top = self.host.manager.top
        over_game = top is not None and top.opaque and self.host.runner is not None
        return over_game and (self.panel is not None or self.vote.showing)

    def update(self) -> bool:
        """Tick the timer (chiming once at the set time) and watch the tally; True to redraw."""
        now = self.clock.now()
        dt, self._last = max(0.0, now - self._last), now
        if self.timer.tick(dt) and self.chime_on:
            self.chime.play()
        self.shown.tick(self._discussing(), dt)
        runner = self.host.runner
        if self.vote.showing and (runner is None or runner.phase is not Phase.CHOICE):
            self.vote.cancel()  # the game moved on (undo, load): the ballot no longer applies
        seen = (self.timer.text(), self.timer.running, self._vote_key())
        changed = seen != self._seen
        self._seen = seen
        return changed

    def _vote_key(self) -> Hashable:
        if not self.vote.showing:
            return None
        snap = self.vote.snapshot()
        left = None if snap.seconds_left is None else math.ceil(snap.seconds_left)
        return (snap.state, snap.counts, snap.phones, left, snap.result)

    def next_wake(self) -> float | None:
        """When the console next needs a frame without input (None: not until input)."""
        waits = []
        if self.timer.running:
            waits.append(self.timer.seconds_to_next_change())
        if self.vote.showing:
            waits.append(VOTE_POLL_S)
        return min(waits) if waits else None

    # --- drawing ------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        """Over everything: the panels, the timer, the badge; or the blank screen alone."""
        ctx = self.host.ctx
        self.badge = None
        if self.blank:
            draw_blank(surface, ctx)
            return
        runner = self.host.runner
        covering = self._covering()
        if covering and runner is not None:
            if self.vote.showing and self.vote.join is not None:
                VoteView(ctx, surface.get_size()).draw(
                    surface, self.vote.snapshot(), self.vote.join
                )
            elif self.panel == "meters":
                draw_meters(surface, ctx, read_meters(self.host.story, runner.values))
            elif self.panel == "notes":
                draw_notes(surface, ctx, self.prompt_notes())
        top = self.host.manager.top
        if top is None or not top.opaque:
            return  # a menu or page is over the game: it says what it is
        row = self._top_row()
        if covering:
            return  # the console's own panel is up: it needs no badge and hides the timer
        if self.timer.shown:
            # In the top row, over the chapter banner (which has faded by discussion time).
            draw_timer(surface, ctx, self.timer, row)
        if row.width:
            self.badge = draw_badge(surface, ctx, self.badge_spot(surface.get_width()))
            return
        # A page: above its panel, in the strip the panel leaves (never over the panel).
        m = ctx.metrics
        panel = getattr(top, "panel", None)
        strip = panel.top if isinstance(panel, pygame.Rect) else 2 * m.margin
        mid_right = (surface.get_width() - m.margin, strip // 2)
        self.badge = draw_badge(surface, ctx, mid_right, height=strip - 2)

    def badge_spot(self, width: int) -> tuple[int, int]:
        """Where the badge's middle right goes: in the top row, left of the quick buttons (never
        over the story's words or choices), or under them when the chapter banner is in the way."""
        ctx = self.host.ctx
        m, gap = ctx.metrics, ctx.metrics.px(ctx.theme.spacing.md)
        row = self._top_row()
        right = row.left - gap if row.width else width - m.margin
        spot = (right, row.centery if row.height else m.margin)
        scene = self._scene()
        badge = badge_rect(ctx, spot)
        if scene is not None and badge.colliderect(scene.banner_rect):
            # At large reading sizes the chapter banner reaches the badge.
            spot = (row.right, row.bottom + gap + badge.height // 2)
        return spot

    def _top_row(self) -> pygame.Rect:
        """The scene's row of quick buttons (an empty row at the margin elsewhere)."""
        scene = self._scene()
        margin = self.host.ctx.metrics.margin
        if scene is not None and scene.quick:
            return scene.quick[0].rect.unionall([b.rect for b in scene.quick])
        return pygame.Rect(margin, margin, 0, 0)

    def prompt_notes(self) -> str | None:
        """The facilitator notes (`prompt: {text, notes}`) of the prompt on screen, if any."""
        runner = self.host.runner
        return runner.prompt_notes if runner is not None else None


def _done(action: Callable[[], None]) -> bool:
    action()
    return True
