"""Runner: the one place that decides what the player sees next. Front ends only show it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from itertools import chain
from typing import Any

from .assets import portrait_name
from .model import PLAYER, Beat, Scene, Story, Template, Value
from .playthrough import Playthrough, meter_row
from .program import PlayError, Program, RouteLoopError, compiled
from .records import Records

# The report's types are re-exported: front ends read them from the runner they play.
from .report import EndingReport as EndingReport
from .report import LessonOutcome as LessonOutcome
from .report import MeterTrack as MeterTrack
from .report import ending_report, lesson_moments
from .soundscape import Soundscape, soundscape
from .start import Start, StartError
from .state import State, StateError, initial_values
from .templates import pronoun_index, render

# Restoring never advances more beats than this after the last saved decision.
MAX_REPLAY_BEATS = 100_000


class Phase(Enum):
    """What the runner is waiting for."""

    BEAT = "beat"  # showing a line; advance() moves on
    CHOICE = "choice"  # waiting for choose(i)
    ENDED = "ended"  # an ending has been reached


# Looking up an enum member costs as much as a step's other checks: steps use these.
_BEAT, _CHOICE, _ENDED = Phase.BEAT, Phase.CHOICE, Phase.ENDED


class RunnerError(PlayError):
    """A call that does not fit the runner's phase, or a choice that does not exist."""


@dataclass(frozen=True, slots=True)
class Line:
    """A beat ready to show: the text, and who says it (None for narration)."""

    text: str
    speaker: str | None = None
    name: str | None = None
    color: str | None = None
    kind: str = "line"  # "line", or "message" (a text message: see the fields below)
    time: str | None = None
    status: str | None = None
    draft: bool = False
    photo: str | None = None
    mine: bool = False  # a message the player sent (or drafted), drawn on the right
    portrait: str | None = None  # the speaker's portrait for this line: `maya_warm`


@dataclass(frozen=True, slots=True)
class Option:
    """A choice the player may pick: `number` as shown (from 1), `index` its place in the scene."""

    number: int
    text: str
    index: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One thing the player saw or chose, for the history screen and reports."""

    kind: str  # "line" or "choice"
    text: str
    scene: str
    chapter: str
    name: str | None = None
    color: str | None = None


# A history entry as kept while playing (see `Records`): what it is rendered from when read,
# not its text. Most lines are never read back, so rendering each one as it passes was most of
# a step's cost; the values a row keeps are the ones it was shown with, so it reads the same.
# Flat, (kind, scene, the beat's or choice's index there) + `Shown`, with no tuple made
# alongside it inside: the cyclic GC untracks a tuple only once the ones inside it are, and
# it does not always meet them first (see `records`).
_Row = tuple[Any, ...]
_SCENE = 1  # a row's scene id
# The values and pronoun set shown now: (the values' names, the pronoun index, *their values).
# The names are one tuple kept for the whole game (see `Playthrough.frozen_values`).
Shown = tuple[Any, ...]


class Runner:
    """Plays a story: beats, choices, undo, the ending and its lessons."""

    def __init__(
        self,
        story: Story,
        answers: Mapping[str, Value] | None = None,
        *,
        program: Program | None = None,
        start: Start | None = None,
    ) -> None:
        self.story = story
        self.program = program or compiled(story)
        answers = dict(answers or {})
        values = initial_values(story, answers)
        asked = {k: values[k] for k in answers if k in values}
        first = Playthrough.start(self.program, values, asked, start)
        self._play = Playthrough(self.program, first)
        self._history: Records[HistoryEntry] = Records(partial(history_entry, story))
        # What is shown is made when first asked for (`line`, `options`), kept until a step.
        self._values: Mapping[str, Value] | None = None
        self._pronoun, self._scene, self._phase = 2, story.scenes[story.start], _BEAT
        self._beats: tuple[int, ...]
        self._available: tuple[int, ...]
        # The chapter title and name plates shown, kept while the values stay the same.
        self._chapter: str | None = None
        self._chapter_of = ""
        self._names: dict[str | None, str | None] = {}
        # Titles and name plates with no `{tokens}` never change, so a step need not drop them.
        plates = (c.name for c in story.characters.values())
        self._plain_plates = all(t.is_plain for t in chain(story.chapter_names.values(), plates))
        self._pronoun_value: Value | None = None
        self._pronoun_key = story.pronouns or ""
        self._shown: Line | None = None
        self._shown_with: Shown | None = None  # the values and pronoun history rows keep
        self._options: tuple[Option, ...] | None = None
        self._settle_phase()

    # --- what to show -----------------------------------------------------------------------

    @property
    def state(self) -> State:
        """The current state (immutable)."""
        return self._play.state

    @property
    def scene(self) -> Scene:
        """The scene the player is in."""
        return self._scene

    @property
    def chapter(self) -> str:
        """The current chapter's title."""
        chapter = self._scene.chapter
        if self._chapter is None or self._chapter_of != chapter:
            self._chapter, self._chapter_of = self.chapter_name(chapter), chapter
        return self._chapter

    def chapter_name(self, chapter: str) -> str:
        """A chapter's title as shown now (its `{tokens}` filled in)."""
        return chapter_title(self.story, chapter, self._play.values, self._pronoun)

    @property
    def background(self) -> str | None:
        """The current scene's background image name."""
        return self.scene.background

    @property
    def phase(self) -> Phase:
        """What the runner waits for now."""
        return self._phase

    @property
    def line(self) -> Line | None:
        """The beat to show, in the BEAT phase."""
        if self._phase is not _BEAT:
            return None
        if self._shown is None:
            self._shown = self._line(self._beats[self._play.beat])
        return self._shown

    @property
    def thread(self) -> tuple[Line, ...]:
        """The phone on screen (see `message_thread`)."""
        return message_thread(self)

    @property
    def options(self) -> tuple[Option, ...]:
        """The choices the player may pick, in the CHOICE phase."""
        if self._options is None:
            choices, values, pronoun = self._scene.choices, self._play.values, self._pronoun
            self._options = tuple(
                [
                    Option(n, render(choices[i].text, values, pronoun), i)
                    for n, i in enumerate(self._available, 1)
                ]
            )
        return self._options

    @property
    def prompt(self) -> str | None:
        """The facilitator's discussion prompt for this decision, if the author wrote one."""
        prompt = self.scene.prompt
        if prompt is None or self._phase is not _CHOICE:
            return None
        return self.render(prompt.text)

    @property
    def prompt_notes(self) -> str | None:
        """The facilitator's notes on this decision's prompt; never shown to players."""
        prompt = self.scene.prompt
        return prompt.notes if prompt is not None and self._phase is _CHOICE else None

    @property
    def history(self) -> tuple[HistoryEntry, ...]:
        """Everything shown and chosen so far, oldest first."""
        return self._history.made()

    @property
    def soundscape(self) -> Soundscape:
        """The music and ambience in effect: each from the latest scene played that names it."""
        scenes = self.story.scenes
        played = (scenes[r[_SCENE]] for r in reversed(self._history.rows) if r[_SCENE] in scenes)
        return soundscape(chain((self.scene,), played))

    @property
    def can_undo(self) -> bool:
        """True when there is a step to go back to."""
        return self._play.can_undo

    @property
    def values(self) -> Mapping[str, Value]:
        """The variables' current values."""
        return self._play.values

    def render(self, template: Template) -> str:
        """A template's text for the current values and pronoun set."""
        return render(template, self._play.values, self._pronoun)

    def speaker_name(self, speaker: str | None) -> str | None:
        """A character's name plate as shown now."""
        names = self._names
        if speaker not in names:
            names[speaker] = plate(self.story, speaker, self._play.values, self._pronoun)
        return names[speaker]

    # --- moving on --------------------------------------------------------------------------

    def advance(self) -> None:
        """Move past the current beat."""
        if self._phase is not _BEAT:
            raise self._error(f"advance() while {self._phase.value}")
        # A history row for every step: undo keeps as many rows as it leaves steps.
        play, beats, rows = self._play, self._beats, self._history.rows
        beat = play.beat
        row = ("line", play.scene, beats[beat], *(self._shown_with or self._with()))
        beat += 1
        if beat < len(beats) or not self._scene.routes:
            # The same scene, values and visits: the visible beats stay, and past the last
            # one the phase is the scene's choices or its ending.
            play.to_beat(beat)
            rows.append(row)
            self._shown = None
            if beat == len(beats):
                self._at_end()
            return
        play.follow()
        rows.append(row)
        self._settle_phase()

    def choose(self, i: int) -> None:
        """Pick option `i` (0-based, as in `options`)."""
        if self._phase is not _CHOICE:
            raise self._error(f"choose() while {self._phase.value}")
        available = self._available
        if not 0 <= i < len(available):
            raise self._error(f"there is no choice {i + 1}")
        play, index = self._play, available[i]
        row = ("choice", play.scene, index, *(self._shown_with or self._with()))
        play.choose(index)
        self._history.append(row)
        self._settle_phase()

    def _with(self) -> Shown:
        """The values and pronoun set shown now, as history rows keep them (see `_Row`)."""
        names, values = self._play.frozen_values
        shown = self._shown_with = (names, self._pronoun, *values)
        return shown

    def undo(self) -> bool:
        """Step back one beat or choice; False when already at the very start."""
        keep = self._play.undo()
        if keep is None:
            return False
        self._history.truncate(keep)
        self._settle_phase()
        return True

    def _error(self, message: str) -> RunnerError:
        return RunnerError(message, self.scene.span)

    def _settle_phase(self) -> None:
        """Work out the phase after any change of place or values; what is shown is made
        when first asked for (`line`, `options`) and kept until the next change."""
        play = self._play
        sid, values = play.scene, play.values
        if values is not self._values:  # values are replaced by a step, never changed
            self._values, self._shown_with = values, None
            pronoun = values.get(self._pronoun_key, None)
            if pronoun != self._pronoun_value or not self._plain_plates:
                self._pronoun_value, self._pronoun = pronoun, pronoun_index(pronoun)
                self._chapter = None
                self._names = {}
        self._scene, self._shown = self.story.scenes[sid], None
        beats = self._beats = self.program.visible_beats(sid, values, play.visits)
        if play.beat < len(beats):
            self._options, self._available, self._phase = None, (), _BEAT
        else:
            self._at_end()

    def _at_end(self) -> None:
        """Settle the phase past the scene's visible beats: its choices or its ending."""
        self._options = None
        if self._scene.ending is not None:
            self._available, self._phase = (), _ENDED
        else:
            play = self._play
            self._available = self.program.available(
                play.scene, play.values, play.visits, play.taken
            )
            self._phase = _CHOICE

    def _line(self, index: int) -> Line:
        return line_of(self, self.scene.beats[index])

    # --- the ending ---------------------------------------------------------------------------

    def lesson_moments(self) -> tuple[LessonOutcome, ...]:
        """Every lesson kept or missed so far, in the order it happened."""
        return lesson_moments(self)

    @property
    def ending(self) -> EndingReport | None:
        """The ending reached, with lessons and meters; None before the end."""
        return ending_report(self) if self._phase is _ENDED else None

    # --- saving -------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The state to save; restoring replays the decisions, so undo and history come back."""
        return self._play.state.to_json()

    @classmethod
    def restore(cls, story: Story, data: Any) -> tuple[Runner, str | None]:
        """A runner at a saved state, and the scene it resumes at when the story changed since
        the save (None when the save replays exactly); front ends word it."""
        saved = State.from_json(data)
        begin = Start(saved.seed, saved.fixed, saved.checkpoint, saved.drawn, saved.start)
        try:
            runner = cls(story, saved.answers, start=begin)
        except StartError as err:
            raise StateError(f"the story has changed since this save: {err}") from None
        try:
            replay(runner, saved)
            return runner, None
        except (RunnerError, RouteLoopError, IndexError, KeyError, ValueError):
            pass
        if saved.scene not in story.scenes:
            raise StateError(
                f"the story has changed since this save: scene '{saved.scene}' no longer exists"
            )
        runner = cls(story, saved.answers, start=begin)
        values = initial_values(story, saved.values)
        visits = {k: v for k, v in saved.visits.items() if k in story.scenes}
        history = saved.meter_history
        if not history or any(len(row) != len(story.meters) for row in history):
            history = (meter_row(story, values),)  # the meters changed: start them afresh
        scene = saved.scene
        program = runner.program
        try:
            # A scene that now only routes on must be passed through, not shown empty.
            if program.scenes[scene].routes and not program.visible_beats(scene, values, visits):
                scene = program.follow(scene, values, visits)
        except RouteLoopError as loop:
            raise StateError(
                f"the story has changed since this save and now loops: {loop}"
            ) from None
        runner._play.load(
            replace(saved, scene=scene, values=values, visits=visits, beat=0, meter_history=history)
        )
        runner._settle_phase()
        return runner, saved.scene


def replay(runner: Runner, saved: State) -> None:
    """Replay a save's decisions, then advance to its exact spot; raises if the path no
    longer fits the story."""
    for d in saved.decisions:
        while runner._phase is _BEAT:
            runner.advance()
        if runner._play.scene != d.scene:
            raise runner._error("the path no longer matches the story")
        runner.choose(runner._available.index(d.choice))
    # The saved beat may lie past routed scenes that have beats of their own, so advance
    # until the exact spot (scene, beat and visit counts), not just up to a beat number.
    # Only scene visits are compared: the counts of choices and lesson marks kept beside
    # them follow from the decisions, and saves from before they were kept lack them.
    scenes = runner.story.scenes
    want = {k: v for k, v in saved.visits.items() if k in scenes}
    for _ in range(MAX_REPLAY_BEATS):
        now = runner._play
        visits = {k: v for k, v in now.visits.items() if k in scenes}
        here = (now.scene, now.beat, visits) == (saved.scene, saved.beat, want)
        if here or runner._phase is not _BEAT:
            break
        runner.advance()
    if runner._play.scene != saved.scene or runner._play.beat != saved.beat:
        raise runner._error("the path no longer matches the story")


def history_entry(
    story: Story,
    kind: str,
    scene: str,
    index: int,
    names: tuple[str, ...],
    pronoun: int,
    *kept: Value,
) -> HistoryEntry:
    """A history row (see `_Row`) as it read when shown: rendered with the values it keeps."""
    values = dict(zip(names, kept, strict=True))
    place = story.scenes[scene]
    chapter = chapter_title(story, place.chapter, values, pronoun)
    if kind == "choice":
        text = render(place.choices[index].text, values, pronoun)
        return HistoryEntry(kind, text, scene, chapter)
    beat = place.beats[index]
    name, color = speaker_of(story, beat, partial(plate, story, values=values, pronoun=pronoun))
    return HistoryEntry(kind, render(beat.text, values, pronoun), scene, chapter, name, color)


def chapter_title(story: Story, chapter: str, values: Mapping[str, Value], pronoun: int) -> str:
    """A chapter's title for these values (its id when it has no title)."""
    title = story.chapter_names.get(chapter)
    return chapter if title is None else render(title, values, pronoun)


def plate(
    story: Story, speaker: str | None, values: Mapping[str, Value], pronoun: int
) -> str | None:
    """A character's name plate for these values (an unknown speaker's id as written)."""
    character = story.characters.get(speaker) if speaker is not None else None
    return speaker if character is None else render(character.name, values, pronoun)


def speaker_of(
    story: Story, beat: Beat, name_of: Callable[[str], str | None]
) -> tuple[str | None, str | None]:
    """The name plate (from `name_of`) and colour a beat is shown with (None, None for
    narration)."""
    sender = beat.message.sender if beat.message is not None else beat.speaker
    if sender is None:
        return None, None
    character = story.characters.get(sender)
    if character is None:
        return (sender if beat.message is None else "You"), None
    return name_of(sender), character.color


def line_of(runner: Runner, beat: Beat) -> Line:
    """A beat as it is shown: its text, speaker and colour, or a text message's details."""
    text = runner.render(beat.text)
    name, color = speaker_of(runner.story, beat, runner.speaker_name)
    message = beat.message
    if message is not None:
        sender = message.sender
        return Line(
            text, sender, name, color, "message", message.time, message.status,
            message.draft, message.photo, sender == PLAYER,
        )  # fmt: skip
    if beat.speaker is None:
        return Line(text)
    character = runner.story.characters.get(beat.speaker)
    portrait = None
    if character is not None and character.portrait is not None:
        portrait = portrait_name(runner.render(character.portrait), beat.face)
    return Line(text, beat.speaker, name, color, portrait=portrait)


def message_thread(runner: Runner) -> tuple[Line, ...]:
    """The scene's text messages so far, oldest first, while the line shown (or, at the
    choices, the scene's last line) is a message; empty otherwise. Lines between messages do
    not clear the phone, as they do not clear a real one."""
    if runner._phase is _BEAT:
        shown = runner._beats[: runner._play.beat + 1]
    elif runner._phase is _CHOICE:
        shown = runner._beats  # the choices answer the thread still on the phone
    else:
        return ()
    lines = [runner._line(index) for index in shown]
    if not lines or lines[-1].kind != "message":
        return ()
    return tuple(line for line in lines if line.kind == "message")
