"""The window's words for what persistence reports: save errors, damaged slots, settings notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from game.engine.session import LoadFailure, LoadOutcome, SaveOutcome
from game.persistence.errors import Detail, Reason, SaveError
from game.persistence.saves import LoadResult, SaveFile, slot_of
from game.persistence.settings import SettingsNote, SettingsProblem

# Each detail's words; {schema}, {fields}, {subject}, {where} and {kind} are filled in.
_DAMAGE = {
    Detail.EMPTY: "the file is empty",
    Detail.NOT_TEXT: "the file is not valid text",
    Detail.NOT_JSON: "the file is cut short or not valid JSON",
    Detail.NOT_A_SAVE: "the file does not hold a save",
    Detail.NO_CHECKSUM: "it has no checksum",
    Detail.BAD_VALUES: "it holds values a save cannot contain",
    Detail.CHECKSUM: "checksum does not match",
    Detail.EDITED: "the file was changed outside the game",
    Detail.NO_SCHEMA: "it has no format version",
    Detail.UNKNOWN_SCHEMA: "unknown format version {schema}",
    Detail.MISSING_FIELDS: "missing {fields}",
    Detail.EXTRA_FIELDS: "unexpected {fields}",
    Detail.FIELD_NOT_TEXT: '"{subject}" is not text',
    Detail.STORY_INCOMPLETE: "the story details are incomplete",
    Detail.STORY_NOT_TEXT: "the story details are not text",
    Detail.NO_STATE: "the game state is missing",
    Detail.BAD_TIME: "the save time is not a date",
    Detail.NO_TIME_ZONE: "the save time has no time zone",
}
_UNSAVABLE = {
    Detail.UNSTORABLE_TEXT: "{where} holds text that cannot be stored",
    Detail.NOT_FINITE: "{where} is not a finite number",
    Detail.KEY_NOT_TEXT: "{where} has a key that is not text",
    Detail.UNSUPPORTED_TYPE: "{where} is a {kind}, which a save cannot hold",
    Detail.FIELD_NOT_TEXT: "the {subject} is not text",
    Detail.NOT_A_MAPPING: "the game state is not a mapping",
    Detail.TOO_DEEP: "the game state is nested too deeply",
    Detail.UNWRITABLE_VALUE: "the game state holds a value that cannot be written",
}
_PLACES = {"label": "the label", "scene": "the scene", "story": "the story details"}


def save_error_text(err: SaveError) -> str:
    """One or two sentences for the player about a save that could not be written or read."""
    path, reason = err.path, err.reason
    if reason is Reason.MISSING and path is not None:
        return _missing(path)
    if reason is Reason.UNREADABLE and path is not None:
        if err.detail is Detail.SAVES_FOLDER:
            return f"Could not look in the saves folder {path} ({err.os_reason})."
        return f"{_subject(path)} could not be read ({err.os_reason})."
    if reason in (Reason.UNWRITABLE, Reason.DISK_FULL) and path is not None:
        return f"Could not save {path.name} in {path.parent}: {err.os_reason}."
    if reason is Reason.NEWER and path is not None:
        return (
            f"{_subject(path)} was made by a newer version of Reconnect "
            f"(schema {err.schema}). Update the game to load it."
        )
    if reason is Reason.DAMAGED and path is not None:
        return f"{_subject(path)} is damaged ({_damage(err)})."
    if err.detail is Detail.BAD_SLOT_NAME:
        return (
            f'"{err.subject}" is not a valid save slot name: '
            'use 1 to 32 letters, digits, "-" or "_".'
        )
    if err.detail is Detail.UNSTORABLE_TEXT and path is not None:
        return f"Could not save {path.name}: the text cannot be stored as UTF-8."
    return f"This game cannot be saved: {_unsavable(err)}."


def load_problem_text(result: LoadResult) -> str | None:
    """What went wrong loading a slot (and that its backup was loaded instead), or None."""
    return _problem(result, "Loaded the backup from {when} instead.")


def slot_problem_text(result: LoadResult) -> str | None:
    """What is wrong with a listed slot (and that a backup is available), or None."""
    return _problem(result, "A backup from {when} is available.")


def _problem(result: LoadResult, backup_words: str) -> str | None:
    if result.error is None:
        return None
    if result.save is not None:
        when = when_saved(result.save)
        return f"{save_error_text(result.error)} {backup_words.format(when=when)}"
    return _both_failed(result)


def load_outcome_text(outcome: LoadOutcome, title: str) -> str:
    """What the player is told after loading the slot called `title` ("Quick save")."""
    read = outcome.read
    problem = load_problem_text(read) if read is not None else None
    if outcome.failure is LoadFailure.BAD_SLOT and outcome.error is not None:
        return save_error_text(outcome.error)
    if outcome.failure is LoadFailure.NOT_READ:
        return problem or f"There is nothing in {title.lower()}."
    if outcome.failure is LoadFailure.OTHER_STORY:
        return f"{title} holds a game of another story ({outcome.other_story})."
    if outcome.failure is LoadFailure.CANNOT_RESTORE:
        return f"Could not load {title.lower()}: {outcome.detail}"
    notes = [problem] if problem else []
    if outcome.changed_at is not None:
        notes.append(
            "The story has changed since this save: it goes on from the start of scene "
            f'"{outcome.changed_at}", and the steps before it cannot be undone.'
        )
    return " ".join(notes) if notes else f"Loaded {title.lower()}: {outcome.label}."


def set_aside_text(outcome: SaveOutcome) -> str | None:
    """The saves a new game could not read and kept aside, or None."""
    if not outcome.set_aside:
        return None
    names = ", ".join(p.name for p in outcome.set_aside)
    folder = outcome.set_aside[0].parent
    return f"An old autosave could not be read, so it was kept as {names} in {folder}."


WRITER_STOPPED = (
    "Saving has stopped working: your progress since the last save is not being written. "
    "Quit and start the game again to save."
)
STILL_WRITING = "The disk is slow to answer: the last save may not be written yet."


def settings_note_text(note: SettingsNote) -> str:
    """One line about what was wrong with the settings file."""
    name = note.file
    if note.problem is SettingsProblem.UNREADABLE:
        return f"Could not read {name} ({note.os_reason}); using default settings."
    if note.problem is SettingsProblem.NOT_JSON:
        return f"{name} is damaged (not valid JSON); using default settings."
    if note.problem is SettingsProblem.NOT_SETTINGS:
        return f"{name} does not hold settings; using default settings."
    parts = []
    if note.reset:
        parts.append(f"reset {_setting_names(note.reset)} to the default")
    if note.clamped:
        parts.append(f"brought {_setting_names(note.clamped)} back into range")
    return f"Some settings in {name} were invalid: {' and '.join(parts)}."


def when_saved(save: SaveFile) -> str:
    """The save's time: "14:02" today, "2024-05-01 14:02" on other days."""
    when = save.saved_at_time
    if when is None:
        return "unknown time"
    local = when.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _both_failed(result: LoadResult) -> str:
    main, backup = result.error, result.backup_error
    assert main is not None
    if backup is None or backup.reason is Reason.MISSING:
        if main.reason is Reason.MISSING:
            return save_error_text(main)
        return f"{save_error_text(main)} There is no backup to fall back on."
    return f"{save_error_text(main)} {save_error_text(backup)}"


def _slot_phrase(slot: str) -> str:
    if slot.startswith("auto-"):
        return "the earlier autosave"
    return {"auto": "the autosave", "quick": "the quick save"}.get(slot, f"slot {slot}")


def _subject(path: Path) -> str:
    """How a message names the file: "The save in slot 2", "The backup of the autosave"."""
    slot, is_backup = slot_of(path)
    if slot is None:
        return f'The save file "{path.name}"'
    phrase = _slot_phrase(slot)
    if is_backup:
        return f"The backup of {phrase}"
    if slot == "quick" or slot.startswith("auto"):
        return phrase[0].upper() + phrase[1:]
    return f"The save in {phrase}"


def _missing(path: Path) -> str:
    slot, is_backup = slot_of(path)
    if slot is None:
        return f'There is no save file "{path.name}".'
    if is_backup:
        return f"There is no backup of {_slot_phrase(slot)}."
    if slot == "quick" or slot.startswith("auto"):
        return f"There is no {_slot_phrase(slot)[4:]}."
    return f"There is no save in {_slot_phrase(slot)}."


def _damage(err: SaveError) -> str:
    return _detail(err, _DAMAGE, "unknown damage")


def _unsavable(err: SaveError) -> str:
    return _detail(err, _UNSAVABLE, "unknown problem")


def _detail(err: SaveError, words: dict[Detail, str], unknown: str) -> str:
    template = words.get(err.detail) if err.detail is not None else None
    if template is None:
        return unknown
    return template.format(
        schema=err.schema,
        fields=_field_names(err.names),
        subject=err.subject,
        where=_place(err.subject),
        kind=err.names[0] if err.names else "",
    )


def _place(subject: str) -> str:
    """ "label" -> "the label"; places inside the state ("state.trust[0]") stay as they are."""
    head = subject.split(".", 1)[0].split("[", 1)[0]
    return _PLACES.get(head, head) + subject[len(head) :]


def _field_names(fields: tuple[str, ...]) -> str:
    shown = ", ".join(f'"{f}"' for f in fields[:3])
    more = f" and {len(fields) - 3} more" if len(fields) > 3 else ""
    return f"{'field' if len(fields) == 1 else 'fields'} {shown}{more}"


def _setting_names(names: tuple[str, ...]) -> str:
    words = [n.replace("_", " ") for n in names]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
