"""`reconnect new`: a small, complete story that passes the checker, to start writing from."""

from __future__ import annotations

from pathlib import Path

from .schema import SCHEMA_FILE, modeline, write_schema

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
    """Create `folder` with story.yaml, one chapter file and the schema editors read."""
    folder.mkdir(parents=True, exist_ok=True)
    write_schema(folder / SCHEMA_FILE)
    for name, text in (("story.yaml", STORY_YAML), ("01_the_letter.yaml", CHAPTER_YAML)):
        # The first line points editors at the schema, so they complete keys and underline slips.
        path = folder / name
        path.write_text(modeline(path, folder) + text, encoding="utf-8")
