"""The story model: frozen dataclasses built once by the loader and never changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .expr import Expr, VarType

__all__ = ["Expr", "VarType"]  # re-exported: the model is where callers look for types

Value = int | str | bool
# The sender of a message the player wrote, when the story has no character called `you`.
PLAYER = "you"


@dataclass(frozen=True, slots=True)
class Span:
    """Where something came from: file, 1-based line and column, and the column it ends before."""

    file: str
    line: int
    col: int
    end_col: int

    @staticmethod
    def unknown(file: str = "<story>") -> Span:
        """A span for things with no source position (built-in defaults)."""
        return Span(file, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Variable:
    """A story variable: its type, default, clamp range and how the player sees it."""

    id: str
    type: VarType
    default: Value
    min: int | None = None
    max: int | None = None
    meter: str | None = None
    ask: str | None = None
    one_of: tuple[str, ...] | None = None
    span: Span = field(default_factory=Span.unknown, compare=False)
    draw: tuple[DrawOutcome, ...] = ()
    words: tuple[Band, ...] = ()
    label: Template | None = None  # the meter's name as a template (format 2)

    def clamp(self, value: Value) -> Value:
        """Keep a number inside [min, max]; other types pass through."""
        if self.type is not VarType.NUMBER or isinstance(value, bool):
            return value
        assert isinstance(value, int)
        if self.min is not None and value < self.min:
            return self.min
        if self.max is not None and value > self.max:
            return self.max
        return value


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    """One value a variable may be drawn as at a new game, its weight, and what it means."""

    value: Value
    weight: int
    says: Template | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A number variable described in words: `text` applies to values up to `upto`."""

    upto: int
    text: Template


@dataclass(frozen=True, slots=True)
class Character:
    """A speaker: the name plate (a template) and its colour."""

    id: str
    name: Template
    color: str | None = None
    # The portrait files' stem, `{variables}` allowed: `ex_{ex_look}` -> ex_b_warm.png.
    portrait: Template | None = None
    span: Span = field(default_factory=Span.unknown, compare=False)


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson the story teaches, shown on the ending's lesson page."""

    id: str
    title: str
    theme: str
    text: str
    span: Span = field(default_factory=Span.unknown, compare=False)


# A template is text split into literal pieces and substitutions, resolved at load.
@dataclass(frozen=True, slots=True)
class Literal:
    """Plain text inside a template."""

    text: str


@dataclass(frozen=True, slots=True)
class VarRef:
    """`{name}`: the value of a variable."""

    var: str


@dataclass(frozen=True, slots=True)
class PronounRef:
    """`{they}`, `{Them}`, `{are}`, `{watches|watch}`: a word chosen by the pronoun set.

    `forms` holds the word for he, she and they, already capitalised when asked for.
    """

    forms: tuple[str, str, str]


Piece = Literal | VarRef | PronounRef


@dataclass(frozen=True, slots=True)
class Template:
    """Text with substitutions; `source` keeps the author's original for messages."""

    pieces: tuple[Piece, ...]
    source: str

    @property
    def is_plain(self) -> bool:
        """True when the text has no substitutions at all."""
        return all(isinstance(p, Literal) for p in self.pieces)


@dataclass(frozen=True, slots=True)
class Message:
    """A text message shown as a beat: who sent it (a character id or `you`) and how."""

    sender: str
    time: str | None = None
    status: str | None = None
    draft: bool = False
    photo: str | None = None


@dataclass(frozen=True, slots=True)
class Beat:
    """One step of a scene's text: narration (speaker None), a character's line or a message.

    `because` marks a reason line: its condition names an act, and the ending page quotes it.
    """

    text: Template
    speaker: str | None = None
    condition: Expr | None = None
    span: Span = field(default_factory=Span.unknown, compare=False)
    because: bool = False
    message: Message | None = None
    face: str | None = None  # the speaker's expression for this line; None: neutral


@dataclass(frozen=True, slots=True)
class Effect:
    """`set: {var: value}`: assign an expression's value, or add to the variable (relative)."""

    var: str
    expr: Expr
    relative: bool = False
    span: Span = field(default_factory=Span.unknown, compare=False)


@dataclass(frozen=True, slots=True)
class LessonMark:
    """A choice's claim on a lesson: kept or missed, with the note that explains why."""

    lesson: str
    kept: bool
    note: Template | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One option offered to the player."""

    text: Template
    goto: str
    condition: Expr | None = None
    effects: tuple[Effect, ...] = ()
    once: bool = False
    marks: tuple[LessonMark, ...] = ()
    span: Span = field(default_factory=Span.unknown, compare=False)
    goto_span: Span = field(default_factory=Span.unknown, compare=False)
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Route:
    """One arm of a routed `goto`: go to `goto` when `condition` holds (None: always)."""

    goto: str
    condition: Expr | None = None
    span: Span = field(default_factory=Span.unknown, compare=False)
    why: Template | None = None


class Tone(Enum):
    """How an ending feels; the window and reports colour it."""

    HOPEFUL = "hopeful"
    BITTERSWEET = "bittersweet"
    HARD = "hard"


class Outcome(Enum):
    """Where an ending leaves the two people (format 2)."""

    TOGETHER = "together"
    FRIENDS = "friends"
    APART = "apart"


@dataclass(frozen=True, slots=True)
class Ending:
    """What makes a scene an ending; `title` is a template."""

    title: Template
    tone: Tone
    lessons: tuple[str, ...] = ()
    outcome: Outcome | None = None
    questions: tuple[Template, ...] = ()


@dataclass(frozen=True, slots=True)
class Prompt:
    """A discussion prompt: the text players see, and notes for the facilitator only."""

    text: Template
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    """A place in the story: beats, then choices, a goto (routes) or an ending."""

    id: str
    chapter: str
    beats: tuple[Beat, ...] = ()
    choices: tuple[Choice, ...] = ()
    routes: tuple[Route, ...] = ()
    ending: Ending | None = None
    effects: tuple[Effect, ...] = ()
    background: str | None = None
    music: str | None = None
    sound: str | None = None
    ambience: str | None = None
    prompt: Prompt | None = None
    span: Span = field(default_factory=Span.unknown, compare=False)
    # Where each asset key's value is written, so a missing file is reported at its line.
    asset_spans: Mapping[str, Span] = field(default_factory=dict, compare=False)

    @property
    def targets(self) -> tuple[str, ...]:
        """Every scene id this scene can lead to."""
        return tuple(c.goto for c in self.choices) + tuple(r.goto for r in self.routes)


@dataclass(frozen=True, slots=True)
class Story:
    """A whole loaded story: metadata, declarations and scenes by id."""

    id: str
    title: str
    version: str
    start: str
    characters: Mapping[str, Character]
    variables: Mapping[str, Variable]
    lessons: Mapping[str, Lesson]
    scenes: Mapping[str, Scene]
    chapters: tuple[str, ...]
    root: Path
    pronouns: str | None = None
    content_note: str | None = None
    # Local words a class elsewhere may not know (term -> meaning), for the teacher guide.
    glossary: Mapping[str, str] = field(default_factory=dict)
    title_image: str | None = None  # the title screen's picture; none: a plain background
    preview: str | None = None  # the first-launch screen's sample line
    content_hash: str = ""
    format: int = 1
    # A chapter's title as written (its key in `chapters`) -> the template the player sees.
    chapter_names: Mapping[str, Template] = field(default_factory=dict)
    checkpoints: tuple[Checkpoint, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()
    # What is computed from the story and kept with it (the compiled program, see
    # `program.compiled`); not part of the story's value.
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def meters(self) -> tuple[Variable, ...]:
        """The number variables shown as meters, in declaration order."""
        return tuple(v for v in self.variables.values() if v.meter)

    @property
    def questions(self) -> tuple[Variable, ...]:
        """The variables asked of the player at the start of a new game."""
        return tuple(v for v in self.variables.values() if v.ask)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A place a facilitator may start a game: a scene, values set there, scenes counted."""

    id: str
    title: Template
    scene: str
    values: Mapping[str, Value] = field(default_factory=dict)
    visited: tuple[str, ...] = ()
    span: Span = field(default_factory=Span.unknown, compare=False)


@dataclass(frozen=True, slots=True)
class Witness:
    """A `reachable:` claim: some path reaches `ending` with `when` true there."""

    ending: str
    when: Expr | None = None
    span: Span = field(default_factory=Span.unknown, compare=False)


@dataclass(frozen=True, slots=True)
class Guarantee:
    """A claim about every reachable ending (`then` when `condition`), or witnesses to find.

    `each_ending` asks for every ending to be reached with each focus lesson kept and missed,
    except the pairs in `excepted` (ending, lesson, kept).
    """

    id: str
    says: Template | None = None
    condition: Expr | None = None
    then: Expr | None = None
    reachable: tuple[Witness, ...] = ()
    each_ending: bool = False
    excepted: frozenset[tuple[str, str, bool]] = frozenset()
    span: Span = field(default_factory=Span.unknown, compare=False)
