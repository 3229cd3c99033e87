"""The loader: YAML folders into the model, every problem reported at once, never an exception."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.authoring.check import check_story
from game.authoring.starter import CHAPTER_YAML, STORY_YAML, write_starter
from game.engine.diagnostics import Code, Diagnostic, visible
from game.engine.loader import StoryCache, load_story
from game.engine.model import Beat, Story, VarType


def _story(tmp_path: Path, story: str, chapter: str) -> Path:
    folder = tmp_path / "s"
    folder.mkdir(exist_ok=True)
    (folder / "story.yaml").write_text(story, encoding="utf-8")
    (folder / "01_one.yaml").write_text(chapter, encoding="utf-8")
    return folder


BASE = """\
format: 1
id: t
title: T
start: a
pronouns: p
characters:
  maya: {name: Maya, color: "#7fb3d5"}
variables:
  n: {value: 2, min: 0, max: 5, meter: Nerve}
  p: {value: they, one_of: [he, she, they], ask: Pronouns?}
  flag: {value: false}
lessons:
  l1: {title: One, theme: growth, text: Lesson one.}
"""


def _codes(diags: tuple[Diagnostic, ...]) -> list[Code]:
    return [d.code for d in diags]


def test_starter_story_loads_cleanly(tmp_path: Path) -> None:
    write_starter(tmp_path / "new")
    result = check_story(tmp_path / "new", cache=StoryCache())
    assert result.ok
    assert result.diagnostics == ()


def test_missing_title_image_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    write_starter(folder)
    story_yaml = folder / "story.yaml"
    text = story_yaml.read_text(encoding="utf-8")
    story_yaml.write_text(text.replace("title_image: room", "title_image: rooom"), "utf-8")
    number = next(n for n, line in enumerate(text.splitlines(), 1) if "title_image:" in line)
    result = check_story(folder, cache=StoryCache())
    (found,) = [d for d in result.diagnostics if d.code is Code.MISSING_ASSET]
    assert (found.span.file, found.span.line, found.span.col) == (str(story_yaml), number, 14)
    assert "title_image 'rooom'" in found.message and "did you mean 'room'" in found.message


def test_model_fields_are_read(tmp_path: Path) -> None:
    folder = _story(
        tmp_path,
        BASE,
        """\
chapter: First Steps
scenes:
  a:
    background: room
    prompt: "Why?"
    set: {n: +1}
    text:
      - Narration for {them}.
      - maya: "Hi, {p}."
      - if: flag
        text: Only with the flag.
    choices:
      - text: Go on
        goto: b
        if: n > 1 and not flag
        set: {n: -2, flag: true}
        once: true
        lesson: {id: l1, kept: true, note: "You went on."}
  b:
    goto:
      - if: visited("a") > 1
        goto: a
      - goto: c
  c:
    text: End.
    ending: {title: Done, tone: bittersweet, lessons: [l1]}
""",
    )
    result = load_story(folder, cache=StoryCache())
    assert result.story is not None, [d.format() for d in result.diagnostics]
    story = result.story
    assert story.chapters == ("First Steps",)
    assert story.variables["n"].type is VarType.NUMBER
    assert story.variables["flag"].type is VarType.BOOL
    assert story.variables["p"].one_of == ("he", "she", "they")
    a = story.scenes["a"]
    assert a.background == "room" and a.prompt is not None and a.prompt.text.source == "Why?"
    assert len(a.beats) == 3
    assert isinstance(a.beats[1], Beat) and a.beats[1].speaker == "maya"
    assert a.beats[2].condition is not None
    choice = a.choices[0]
    assert choice.once and choice.goto == "b"
    assert [(e.var, e.relative) for e in choice.effects] == [("n", True), ("flag", False)]
    assert len(choice.marks) == 1 and choice.marks[0].kept
    assert [r.goto for r in story.scenes["b"].routes] == ["a", "c"]
    ending = story.scenes["c"].ending
    assert ending is not None and ending.lessons == ("l1",)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    folder = _story(
        tmp_path,
        BASE,
        """\
chapter: One
scenes:
  a:
    txt: hello
    choices:
      - text: x
        goto: nowhere
      - text: y {nme}
        goto: a
        if: n +
      - text: z
        goto: a
        set: {p: +1, missing: 2}
""",
    )
    result = load_story(folder, cache=StoryCache())
    assert result.story is None
    assert sorted(_codes(result.diagnostics), key=str) == sorted(
        [
            Code.UNKNOWN_KEY,
            Code.UNKNOWN_SCENE,
            Code.UNKNOWN_NAME,
            Code.EXPR_SYNTAX,
            Code.EFFECT_MISFIT,
            Code.UNKNOWN_VARIABLE,
        ],
        key=str,
    )
    for d in result.diagnostics:
        assert d.span.file.endswith("01_one.yaml")
        assert d.span.line > 0 and d.span.col > 0
        assert d.source_line is not None


def test_did_you_mean(tmp_path: Path) -> None:
    folder = _story(
        tmp_path,
        BASE,
        "chapter: One\nscenes:\n  a:\n    text: hi\n    choices:\n"
        "      - {text: go, goto: ending_scene}\n"
        "  ending_scen:\n    text: bye\n    ending: {title: E, tone: hopeful, lessons: [l1]}\n",
    )
    result = load_story(folder, cache=StoryCache())
    (diag,) = [d for d in result.diagnostics if d.code is Code.UNKNOWN_SCENE]
    assert "did you mean 'ending_scen'?" in diag.message
    assert diag.format().splitlines()[2].strip() == "^" * len("ending_scene")


def test_duplicate_scene_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    write_starter(folder)
    (folder / "02_more.yaml").write_text(
        "chapter: More\nscenes:\n  desk:\n    text: again\n    goto: sent\n", encoding="utf-8"
    )
    result = load_story(folder, cache=StoryCache())
    (diag,) = [d for d in result.diagnostics if d.code is Code.DUPLICATE_SCENE]
    assert diag.span.file.endswith("02_more.yaml") and diag.span.line == 3
    assert "01_the_letter.yaml:4" in diag.message


def test_cache_returns_same_result_until_a_file_changes(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    write_starter(folder)
    cache = StoryCache()
    first = load_story(folder, cache=cache)
    assert load_story(folder, cache=cache) is first
    path = folder / "01_the_letter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("blank card", "white card"), "utf-8")
    third = load_story(folder, cache=cache)
    assert third is not first
    assert third.story is not None
    assert "white card" in third.story.scenes["desk"].beats[0].text.source


def test_missing_folder_and_story_yaml(tmp_path: Path) -> None:
    assert _codes(load_story(tmp_path / "nope", cache=None).diagnostics) == [Code.NOT_A_STORY]
    (tmp_path / "empty").mkdir()
    assert _codes(load_story(tmp_path / "empty", cache=None).diagnostics) == [Code.NOT_A_STORY]


def test_relative_effect_on_text_and_bad_one_of(tmp_path: Path) -> None:
    folder = _story(
        tmp_path,
        BASE,
        "chapter: One\nscenes:\n  a:\n    set: {p: it}\n    text: hi\n"
        "    ending: {title: E, tone: hard, lessons: [l1]}\n",
    )
    (diag,) = load_story(folder, cache=None).diagnostics
    assert diag.code is Code.EFFECT_MISFIT and "'it' is not one of" in diag.message


# --- mutation fuzzing -------------------------------------------------------------------------

MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "insert", "replace", "dup_line", "drop_line", "swap"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(
            [
                ":",
                "-",
                "[",
                "]",
                "{",
                "}",
                "&a",
                "*a",
                "!!python/object",
                "\t",
                "  ",
                "\n",
                "'",
                '"',
                "#",
                "{they}",
                "{",
                "if: x",
                "goto: ",
                "+",
                "0",
                "yes",
                "\x00",
                "é",
                "---",
                "text:",
                "choices:",
                "- ",
                "ending:",
                "%YAML 1.1",
                "? ",
                "|",
                ">",
            ]
        ),
    ),
    min_size=1,
    max_size=6,
)


def _mutate(text: str, ops: list[tuple[str, int, str]]) -> str:
    for op, pos, token in ops:
        lines = text.split("\n")
        i = pos % (len(text) + 1)
        li = pos % max(len(lines), 1)
        if op == "delete":
            text = text[:i] + text[i + 1 + pos % 7 :]
        elif op == "insert":
            text = text[:i] + token + text[i:]
        elif op == "replace":
            text = text[:i] + token + text[i + len(token) :]
        elif op == "dup_line":
            lines.insert(li, lines[li])
            text = "\n".join(lines)
        elif op == "drop_line":
            del lines[li]
            text = "\n".join(lines)
        else:
            j = (pos // 7) % max(len(lines), 1)
            lines[li], lines[j] = lines[j], lines[li]
            text = "\n".join(lines)
    return text


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops_story=MUTATIONS, ops_chapter=MUTATIONS, which=st.sampled_from(["story", "chapter", "both"])
)
def test_mutated_story_files_never_raise(
    tmp_path: Path,
    ops_story: list[tuple[str, int, str]],
    ops_chapter: list[tuple[str, int, str]],
    which: str,
) -> None:
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    story = _mutate(STORY_YAML, ops_story) if which != "chapter" else STORY_YAML
    chapter = _mutate(CHAPTER_YAML, ops_chapter) if which != "story" else CHAPTER_YAML
    (folder / "story.yaml").write_text(story, encoding="utf-8", errors="surrogatepass")
    (folder / "01_the_letter.yaml").write_text(chapter, encoding="utf-8", errors="surrogatepass")
    result = check_story(folder, cache=StoryCache())
    for d in result.diagnostics:
        # Messages are printed with control characters shown as escapes.
        assert f": {d.severity.value} {d.code.id}: {visible(d.message)}" in d.format()
    if result.story is None:
        assert any(d.is_error for d in result.diagnostics)


def test_texts_load_like_the_same_folder(tmp_path: Path) -> None:
    from game.engine.loader import load_texts

    folder = tmp_path / "new"
    write_starter(folder)
    on_disk = load_story(folder, cache=StoryCache())
    names = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    in_memory = load_texts(names, root=folder)
    assert on_disk.story is not None and in_memory.story is not None
    assert in_memory.story.scenes == on_disk.story.scenes
    assert in_memory.story.content_hash == on_disk.story.content_hash


def test_texts_report_the_same_diagnostics_by_file_name() -> None:
    from game.engine.loader import load_texts

    broken = CHAPTER_YAML.replace("goto:", "goto: nowhere_at_all\n    old_goto:", 1)
    result = load_texts({"story.yaml": STORY_YAML, "01_start.yaml": broken})
    assert not result.ok
    assert {d.span.file for d in result.diagnostics} == {"01_start.yaml"}
    assert load_texts({"01_start.yaml": CHAPTER_YAML}).diagnostics[0].code is Code.NOT_A_STORY


def test_shared_fixture_builds_a_story(make_story: Callable[..., Story]) -> None:
    story = make_story(
        BASE, "chapter: One\nscenes:\n  a:\n    text: Hi.\n    ending: {title: E, tone: hard}\n"
    )
    assert story.start == "a" and story.scenes["a"].ending is not None
