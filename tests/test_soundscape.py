"""What should be heard and seen beside a line: music and ambience carry on, sounds are
captioned, portraits follow the speaker, the face a line names and the player's chosen look."""

from __future__ import annotations

from collections.abc import Callable

from storytexts import MEDIA_STORY

from game.authoring.portraits import missing_portraits
from game.engine.diagnostics import Code, Diagnostic
from game.engine.loader import LoadResult
from game.engine.model import Span, Story
from game.engine.runner import Runner
from game.engine.soundscape import Soundscape, caption

STORY = MEDIA_STORY
CHAPTER = """\
    chapter: One
    scenes:
      kitchen:
        music: hopeful
        ambience: room_tone
        sound: kettle
        text:
          - {maya: "Tea?", face: warm}
          - maya: Sit down.
          - you: Thanks.
        goto: phone
      phone:
        sound: phone_buzz
        text:
          - {ex: "Hi.", face: hurt}
        goto: street
      street:
        music: tense
        ambience: street
        text: Cars go past.
        ending: {title: Out, tone: hopeful, lessons: [listen]}
"""


def lines_of(runner: Runner) -> list[tuple[str | None, Soundscape]]:
    """Each line's portrait and the soundscape in effect while it shows."""
    out = []
    while runner.line is not None:
        out.append((runner.line.portrait, runner.soundscape))
        runner.advance()
    return out


def test_music_and_ambience_carry_on_until_a_scene_names_others(
    make_story: Callable[..., Story],
) -> None:
    runner = Runner(make_story(STORY, CHAPTER))
    kitchen = Soundscape("hopeful", "room_tone")
    assert lines_of(runner) == [
        ("maya_warm", kitchen),
        ("maya_neutral", kitchen),
        (None, kitchen),  # the player has no portrait
        ("ex_a_hurt", kitchen),  # the phone scene names no music: the kitchen's goes on
        (None, Soundscape("tense", "street")),
    ]


def test_the_players_chosen_look_picks_the_portrait(make_story: Callable[..., Story]) -> None:
    runner = Runner(make_story(STORY, CHAPTER), {"look": "c"})
    for _ in range(3):
        runner.advance()
    assert runner.line is not None and runner.line.portrait == "ex_c_hurt"


def test_a_restored_game_hears_what_a_played_one_does(make_story: Callable[..., Story]) -> None:
    story = make_story(STORY, CHAPTER)
    runner = Runner(story)
    for _ in range(3):
        runner.advance()
    restored, _ = Runner.restore(story, runner.to_json())
    assert restored.scene.id == "phone"
    assert restored.soundscape == Soundscape("hopeful", "room_tone")


def test_captions_name_the_shipped_sounds_and_fall_back_to_the_name() -> None:
    assert caption("phone_buzz") == "[phone buzzes]"
    assert caption("door_creak") == "[door creak]"


def test_face_belongs_on_a_characters_line(load_yaml: Callable[..., LoadResult]) -> None:
    chapter = CHAPTER.replace("- you: Thanks.", "- {text: Thanks., face: warm}")
    result = load_yaml(STORY, chapter)
    assert [d.code for d in result.diagnostics] == [Code.UNKNOWN_KEY]
    assert "`face` goes on a character's line" in result.diagnostics[0].message


def test_check_names_every_portrait_a_chosen_look_or_face_would_miss(
    make_story: Callable[..., Story],
) -> None:
    story = make_story(
        STORY.replace("[a, b, c]", "[a, b, z]"),
        CHAPTER.replace('{maya: "Tea?", face: warm}', '{maya: "Tea?", face: furious}'),
    )
    found: list[tuple[Code, str]] = []

    def diag(code: Code, message: str, span: Span) -> Diagnostic:
        found.append((code, message.split("'")[1]))
        return Diagnostic(code, message, span)

    list(missing_portraits(story, diag))
    assert found == [
        (Code.MISSING_PORTRAIT, "ex_z_neutral"),
        (Code.MISSING_PORTRAIT, "ex_z_hurt"),
        (Code.MISSING_PORTRAIT, "maya_furious"),
    ]
