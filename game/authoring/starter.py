"""`reconnect new`: a small, complete story that passes the checker, to start writing from."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from game.persistence.atomic import os_reason
from game.resources import shipped_assets

from .schema import SCHEMA_FILE, modeline, write_schema

CHAPTER_FILE = "01_the_letter.yaml"
# One picture to start from (a room in the evening), used as the title picture and the first
# scene's background, so authors see where their own pictures go.
IMAGE = Path("assets") / "images" / "room.png"
SHIPPED_IMAGE = "apartment_evening.png"


class StarterError(Exception):
    """The starter story cannot be created where asked; the message says why."""


STORY_YAML = """\
# The story's metadata. Every other .yaml file in this folder is a chapter.
# The format is described in docs/format.md of Reconnect.
format: 1
id: my-story
title: The Letter
version: "0.1"
start: desk
pronouns: friend_pronouns
content_note: A short story about apologising to an old friend.
title_image: room                  # assets/images/room.png, behind the title screen
preview: "The card is blank. You have owed this apology for a year."
characters:
  friend: {name: "{friend}", color: "#7fb3d5"}
variables:
  courage: {value: 0, min: 0, max: 5, meter: Courage}
  friend: {value: Alex, ask: "What is your old friend's name?"}
  friend_pronouns:
    value: they
    one_of: [he, she, they]
    ask: Which pronouns does your friend use?
lessons:
  own_it:
    title: Own what you did
    theme: sincerity
    text: An apology that names what you did is one the other person can believe.
"""

CHAPTER_YAML = """\
chapter: The Letter
scenes:
  desk:
    background: room                 # assets/images/room.png: put your own pictures there
    text:
      - A blank card sits on your desk. You have owed {friend} an apology for a year.
      - You pick up a pen.
    prompt: What makes an apology easy to believe?   # shown in facilitator mode
    choices:
      - text: Write what you did, plainly, and say sorry for it.
        goto: sent
        set: {courage: +2}
        lesson: {id: own_it, kept: true, note: "You named what you did without softening it."}
      - text: Write that you're sorry "if {they} felt hurt".
        goto: vague
        lesson: {id: own_it, kept: false, note: 'An "if" turns sorry into a shrug.'}
  vague:
    text:
      - You read it back. It sounds like a weather report.
    choices:
      - text: Tear it up and start again.
        goto: desk
      - text: Send it anyway.
        goto: shrug
  sent:
    text:
      - Two days later your phone buzzes.
      - friend: "Thank you. I didn't know I needed to hear that."
    ending:
      title: A Door Opens
      tone: hopeful
      lessons: [own_it]
  shrug:
    text:
      - "{They} {sends|send} back a thumbs-up. Nothing more."
    ending:
      title: A Thumbs-Up
      tone: bittersweet
      lessons: [own_it]
"""


def write_starter(folder: Path) -> None:
    """Create `folder` with story.yaml, one chapter file and the schema editors read: all of
    it, or nothing.

    The files are written in a hidden folder beside it and renamed into place, so a full disk
    never leaves a half-made story that `new` would then refuse as "not empty".
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise StarterError(f"'{folder}' is a file; choose a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        if _holds_the_starter(folder):
            return  # written before: writing it again changes nothing
        raise StarterError(f"'{folder}' already exists and is not empty; choose a new folder")
    staging = folder.absolute().parent / f".{folder.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        staging.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as err:
        raise StarterError(f"cannot create '{folder}': {_why(err)}") from None
    try:
        write_schema(staging / SCHEMA_FILE)
        for name, text in _files(staging).items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / IMAGE).parent.mkdir(parents=True)
        shutil.copyfile(shipped_assets() / "images" / SHIPPED_IMAGE, staging / IMAGE)
        if folder.is_dir():
            folder.rmdir()  # empty, as checked above; a rename cannot replace a folder everywhere
        os.replace(staging, folder)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise StarterError(f"cannot create '{folder}': {_why(err)}") from None


def _files(folder: Path) -> dict[str, str]:
    """The starter's files by name, each opening with the line that points editors at the
    schema, so they complete keys and underline slips."""
    texts = {"story.yaml": STORY_YAML, CHAPTER_FILE: CHAPTER_YAML}
    return {name: modeline(folder / name, folder) + text for name, text in texts.items()}


def _holds_the_starter(folder: Path) -> bool:
    files = _files(folder)
    try:
        names = {p.name for p in folder.iterdir()} - {SCHEMA_FILE.parts[0], IMAGE.parts[0]}
        return names == set(files) and all(
            (folder / name).read_text(encoding="utf-8") == text for name, text in files.items()
        )
    except (OSError, UnicodeDecodeError):
        return False


def _why(err: OSError) -> str:
    if isinstance(err, (FileExistsError, NotADirectoryError)):
        return "a file is in the way"
    return os_reason(err)
