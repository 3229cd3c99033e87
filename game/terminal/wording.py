"""The terminal's words for what the session reports: saves, loads and answers."""

from __future__ import annotations

from pathlib import Path

from game.engine.answers import MAX_ANSWER_LENGTH, AnswerProblem, Question
from game.engine.session import LoadFailure, LoadOutcome
from game.persistence.errors import Detail, Reason, SaveError
from game.persistence.progress import PROGRESS_FILE
from game.persistence.saves import LoadResult, slot_of

_REASONS = {
    Reason.MISSING: "there is nothing in it",
    Reason.DAMAGED: "it is damaged",
    Reason.NEWER: "it was made by a newer version of Reconnect; update the game to load it",
    Reason.UNREADABLE: "it could not be read",
    Reason.UNWRITABLE: "the disk refused to write it",
    Reason.DISK_FULL: "the disk is full",
    Reason.INVALID: "this game holds something a save cannot",
}


def slot_name(slot: str) -> str:
    """A slot as the terminal names it: "slot '2'"."""
    return f"slot '{slot}'"


def save_error(err: SaveError) -> str:
    """One sentence about a save that could not be written or read."""
    if err.detail is Detail.BAD_SLOT_NAME:
        return (
            f'"{err.subject}" is not a valid save slot name: '
            'use 1 to 32 letters, digits, "-" or "_", not starting with "-".'
        )
    if err.path is not None and err.path.name == PROGRESS_FILE:
        if err.reason is Reason.NEWER:
            return (
                "The endings gallery was written by a newer version of Reconnect; "
                "it was left as it is and this ending was not added to it."
            )
        extra = f" ({err.os_reason})" if err.os_reason else ""
        return f"Could not record this ending in the gallery: {_REASONS[err.reason]}{extra}."
    slot, is_backup = slot_of(err.path) if err.path is not None else (None, False)
    what = "the file" if slot is None else slot_name(slot)
    if is_backup:
        what = f"the backup of {what}"
    extra = f" ({err.os_reason})" if err.os_reason else ""
    return f"Could not use {what}: {_REASONS[err.reason]}{extra}."


def saved(slot: str) -> str:
    """A save written."""
    return f"Saved in {slot_name(slot)}."


def set_aside(path: Path) -> str:
    """An old autosave that could not be read, kept under another name."""
    return f"An old autosave could not be read; it is kept as {path}."


def goodbye(saved: bool) -> str:
    """The last line on quitting: whether the autosave was really written."""
    if saved:
        return "Your progress is saved in slot 'auto'. Goodbye."
    return "Your progress since the last save could NOT be saved. Goodbye."


def other_instance(pid: int) -> str:
    """A warning that another game uses the same saves folder."""
    who = f"(process {pid}) " if pid else ""
    return (
        f"Warning: another copy of Reconnect {who}is using the same saves folder; "
        "its autosaves and yours will overwrite each other."
    )


def not_saved(err: SaveError) -> str:
    """A save that failed."""
    return f"Could not save: {save_error(err)}"


def read_problem(read: LoadResult) -> str | None:
    """What went wrong reading a slot, and whether its backup was used; None when nothing did."""
    if read.error is None:
        return None
    if read.save is not None:
        return f"{save_error(read.error)} Loaded its backup instead."
    if read.error.reason is Reason.MISSING:
        return save_error(read.error)
    return f"{save_error(read.error)} There is no backup to fall back on."


def load_lines(outcome: LoadOutcome) -> list[str]:
    """What the terminal says about a load, line by line (problems first, then the result)."""
    slot = slot_name(outcome.slot)
    lines = []
    if outcome.error is not None:
        lines.append(save_error(outcome.error))
    problem = read_problem(outcome.read) if outcome.read is not None else None
    if problem:
        lines.append(problem)
    if outcome.failure is LoadFailure.OTHER_STORY:
        lines.append(
            f"Slot '{outcome.slot}' holds a save of another story ('{outcome.other_story}')."
        )
    elif outcome.failure is LoadFailure.CANNOT_RESTORE:
        lines.append(f"Could not load {slot}: {outcome.detail}")
    elif outcome.ok:
        if outcome.changed_at is not None:
            lines.append(
                "The story has changed since this save; it resumes at the start of scene "
                f"'{outcome.changed_at}', without the steps before it to undo."
            )
        lines.append(f"Loaded {slot} ({outcome.label}).")
    return lines


_ANSWER_PROBLEMS = {
    AnswerProblem.CUT_SHORT: "(Kept the first {limit} characters.)",
    AnswerProblem.NOT_A_NUMBER: "Keeping {default}: that is not a whole number.",
    AnswerProblem.OUT_OF_RANGE: "(Brought into range: {lo} to {hi}.)",
    AnswerProblem.NOT_YES_NO: "Keeping {default}: answer yes or no.",
    AnswerProblem.NOT_AN_OPTION: "Keeping {default}: the choices are {options}.",
}


def answer_problem(question: Question, problem: AnswerProblem) -> str:
    """Why a reply to a question was not taken as typed."""
    return _ANSWER_PROBLEMS[problem].format(
        limit=MAX_ANSWER_LENGTH,
        default=default_text(question),
        lo=question.lo,
        hi=question.hi,
        options=", ".join(question.options),
    )


def default_text(question: Question) -> str:
    """A default as the prompt shows it ("yes" / "no" for yes/no questions)."""
    value = question.default
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
