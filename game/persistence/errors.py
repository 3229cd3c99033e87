"""Why a file could not be written or read, as codes: the front ends word them for players."""

from __future__ import annotations

from enum import Enum
from pathlib import Path


class Reason(Enum):
    """What kind of thing went wrong."""

    MISSING = "missing"  # no such save
    DAMAGED = "damaged"  # the file is there but fails verification
    NEWER = "newer"  # made by a newer version of the game
    UNREADABLE = "unreadable"  # the disk refused to read it
    UNWRITABLE = "unwritable"  # the disk refused to write it
    DISK_FULL = "disk_full"  # the disk is full
    INVALID = "invalid"  # a bad slot name or a state that cannot be saved


class Detail(Enum):
    """The finer reason behind DAMAGED or INVALID; `SaveError.subject` says which part."""

    EMPTY = "empty"
    NOT_TEXT = "not_text"
    NOT_JSON = "not_json"
    NOT_A_SAVE = "not_a_save"
    NO_CHECKSUM = "no_checksum"
    BAD_VALUES = "bad_values"
    CHECKSUM = "checksum"
    EDITED = "edited"
    NO_SCHEMA = "no_schema"
    UNKNOWN_SCHEMA = "unknown_schema"
    MISSING_FIELDS = "missing_fields"
    EXTRA_FIELDS = "extra_fields"
    STORY_INCOMPLETE = "story_incomplete"
    FIELD_NOT_TEXT = "field_not_text"
    STORY_NOT_TEXT = "story_not_text"
    NO_STATE = "no_state"
    BAD_TIME = "bad_time"
    NO_TIME_ZONE = "no_time_zone"
    # INVALID: what could not be saved
    BAD_SLOT_NAME = "bad_slot_name"
    UNSTORABLE_TEXT = "unstorable_text"
    NOT_FINITE = "not_finite"
    KEY_NOT_TEXT = "key_not_text"
    UNSUPPORTED_TYPE = "unsupported_type"
    NOT_A_MAPPING = "not_a_mapping"
    TOO_DEEP = "too_deep"
    UNWRITABLE_VALUE = "unwritable_value"
    SAVES_FOLDER = "saves_folder"  # UNREADABLE: the folder itself could not be listed


class SaveError(Exception):
    """A file could not be written or read; `reason` (and `detail`) say why, without wording.

    `subject` names what the detail is about (a field, a slot name, a place in the state),
    `names` lists fields, `schema` is a save's format number and `os_reason` the system's
    own short reason for a disk failure.
    """

    def __init__(
        self,
        reason: Reason,
        path: Path | None = None,
        os_reason: str | None = None,
        *,
        detail: Detail | None = None,
        subject: str = "",
        names: tuple[str, ...] = (),
        schema: int | None = None,
    ) -> None:
        super().__init__(reason.value, detail.value if detail else "", subject)
        self.reason = reason
        self.path = path
        self.os_reason = os_reason
        self.detail = detail
        self.subject = subject
        self.names = names
        self.schema = schema
