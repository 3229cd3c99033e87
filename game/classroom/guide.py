"""The teacher guide's contents, read from any story: aims, chapters with their prompts and
notes, endings with their questions, lesson plans, and the content note."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.engine.model import Choice, Lesson, Story
from game.engine.runner import Runner

from .render import write_handout
from .route import Plan, chapter_timings, plan

# Class periods a guide plans for.
LESSON_MINUTES = (45, 60)


@dataclass(frozen=True)
class Aim:
    """A lesson of the story and the endings that focus on it."""

    lesson: Lesson
    endings: tuple[str, ...]


@dataclass(frozen=True)
class OptionNote:
    """A choice at a prompt, with the lessons it keeps or misses."""

    text: str
    kept: tuple[str, ...]
    missed: tuple[str, ...]


@dataclass(frozen=True)
class PromptNote:
    """A discussion prompt with the author's notes for the facilitator and its options."""

    scene: str
    text: str
    notes: str | None
    options: tuple[OptionNote, ...]


@dataclass(frozen=True)
class ChapterGuide:
    """One chapter: its title, a typical run's minutes and words, and its prompts."""

    id: str
    title: str
    minutes: int
    words: int
    prompts: tuple[PromptNote, ...]
    checkpoints: tuple[str, ...]


@dataclass(frozen=True)
class EndingGuide:
    """An ending with its tone, the lessons it focuses on and its questions."""

    title: str
    tone: str
    outcome: str | None
    lessons: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class TeacherGuide:
    """Everything the guide shows."""

    title: str
    version: str
    content_note: str | None
    glossary: tuple[tuple[str, str], ...]  # term, meaning: alphabetical
    aims: tuple[Aim, ...]
    chapters: tuple[ChapterGuide, ...]
    endings: tuple[EndingGuide, ...]
    plans: tuple[Plan, ...]
    chapter_titles: dict[str, str]
    checkpoint_titles: dict[str, str]
    prompt_texts: dict[str, str]


def teacher_guide(story: Story) -> TeacherGuide:
    """The guide of `story`; texts are shown as at the start of a game (default names)."""
    runner = Runner(story)
    endings = {sid: s.ending for sid, s in story.scenes.items() if s.ending is not None}
    titles = {sid: runner.render(e.title) for sid, e in endings.items()}
    aims = tuple(
        Aim(lesson, tuple(titles[sid] for sid, e in endings.items() if lid in e.lessons))
        for lid, lesson in story.lessons.items()
    )
    timings = chapter_timings(story, runner.program)
    chapter_titles = {c: runner.chapter_name(c) for c in story.chapters}
    checkpoint_titles = {c.id: runner.render(c.title) for c in story.checkpoints}
    prompts = {
        sid: PromptNote(
            sid,
            runner.render(scene.prompt.text),
            scene.prompt.notes,
            tuple(_option(story, runner, choice) for choice in scene.choices),
        )
        for sid, scene in story.scenes.items()
        if scene.prompt is not None
    }
    chapters = tuple(
        ChapterGuide(
            t.id,
            chapter_titles[t.id],
            max(1, round(t.minutes)),
            t.words,
            tuple(p for sid, p in prompts.items() if story.scenes[sid].chapter == t.id),
            tuple(
                checkpoint_titles[c.id]
                for c in story.checkpoints
                if c.scene in story.scenes and story.scenes[c.scene].chapter == t.id
            ),
        )
        for t in timings
    )
    return TeacherGuide(
        title=story.title,
        version=story.version,
        content_note=story.content_note,
        glossary=tuple(sorted(story.glossary.items(), key=lambda item: item[0].casefold())),
        aims=aims,
        chapters=chapters,
        endings=tuple(
            EndingGuide(
                titles[sid],
                e.tone.value,
                e.outcome.value if e.outcome is not None else None,
                tuple(story.lessons[i].title for i in e.lessons if i in story.lessons),
                tuple(runner.render(q) for q in e.questions),
            )
            for sid, e in endings.items()
        ),
        plans=tuple(plan(story, timings, minutes) for minutes in LESSON_MINUTES),
        chapter_titles=chapter_titles,
        checkpoint_titles=checkpoint_titles,
        prompt_texts={sid: p.text for sid, p in prompts.items()},
    )


def _option(story: Story, runner: Runner, choice: Choice) -> OptionNote:
    lessons = story.lessons
    marks = [(lessons[m.lesson].title, m.kept) for m in choice.marks if m.lesson in lessons]
    return OptionNote(
        runner.render(choice.text),
        tuple(t for t, kept in marks if kept),
        tuple(t for t, kept in marks if not kept),
    )


def write_guide(guide: TeacherGuide, out: Path) -> tuple[Path, Path]:
    """Write the guide as HTML and Markdown beside `out`; the two paths (SaveError)."""
    return write_handout("guide", {"g": guide}, out)
