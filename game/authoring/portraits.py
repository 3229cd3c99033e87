"""The checker's look at portraits: every file a character's lines can ask for must exist."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import product

from game.engine.assets import NEUTRAL, AssetKind, find, portrait_name
from game.engine.diagnostics import Code, Diagnostic
from game.engine.model import Character, Literal, Span, Story, VarRef

Diag = Callable[[Code, str, Span], Diagnostic]


def portrait_stems(story: Story, character: Character) -> list[str] | None:
    """Every stem the character's `portrait` can render to (None: it follows free text)."""
    if character.portrait is None:
        return []
    choices: list[tuple[str, ...]] = []
    for piece in character.portrait.pieces:
        if isinstance(piece, Literal):
            choices.append((piece.text,))
        elif isinstance(piece, VarRef) and story.variables[piece.var].one_of is not None:
            choices.append(story.variables[piece.var].one_of or ())
        else:
            return None  # text the player types, a number or a pronoun: nothing to check ahead
    return ["".join(parts) for parts in product(*choices)]


def missing_portraits(story: Story, diag: Diag) -> Iterator[Diagnostic]:
    """R113 for each portrait file a line would show that is in neither assets folder."""
    faces = {cid: {NEUTRAL: c.span} for cid, c in story.characters.items()}
    for scene in story.scenes.values():
        for beat in scene.beats:
            if beat.speaker is not None and beat.face is not None:
                faces.setdefault(beat.speaker, {}).setdefault(beat.face, beat.span)
    for cid, character in story.characters.items():
        stems = portrait_stems(story, character)
        for stem, (face, span) in product(stems or (), faces.get(cid, {}).items()):
            name = portrait_name(stem, face)
            if not find(AssetKind.PORTRAIT, name, story.root).found:
                yield diag(
                    Code.MISSING_PORTRAIT,
                    f"portrait '{name}' for {cid} not found in the story's assets/portraits/ or "
                    f"the game's; the line shows without a face",
                    span,
                )
