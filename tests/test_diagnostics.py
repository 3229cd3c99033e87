"""The diagnostic registry and report format: severity from the code, compiler-style output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.diagnostics import Code, Diagnostic, Severity, format_all
from game.engine.loader import StoryCache, load_story
from game.engine.model import Span

STORY = """\
format: 1
id: t
title: T
start: a
characters:
  {cid}: {{name: Someone}}
"""
CHAPTER = "chapter: One\nscenes:\n  a:\n    text: hi\n    ending: {title: E, tone: hard}\n"


def test_severity_comes_from_the_registered_code() -> None:
    span = Span("x.yaml", 3, 5, 9)
    warning = Diagnostic(Code.MISSING_ASSET, "gone", span)
    error = Diagnostic(Code.UNKNOWN_SCENE, "nowhere", span)
    assert warning.severity is Severity.WARNING and not warning.is_error
    assert error.severity is Severity.ERROR and error.is_error


def test_report_has_location_code_source_line_and_caret() -> None:
    span = Span("story/01.yaml", 3, 11, 14)
    problem = Diagnostic(Code.UNKNOWN_SCENE, "unknown scene 'tee'", span, "    goto: tee")
    assert problem.format().splitlines() == [
        "story/01.yaml:3:11: error R104: unknown scene 'tee'",
        "        goto: tee",
        "              ^^^",
    ]
    assert format_all([problem]).endswith("\n1 error, 0 warnings")


def test_code_prints_as_its_id_and_links_to_its_doc_section() -> None:
    assert f"{Code.UNKNOWN_SCENE}" == "R104"
    assert Code.UNKNOWN_SCENE.anchor == "r104--unknown-scene"
    assert Code.RANGE_NOT_NUMBER.anchor == "s115--min-or-max-on-a-non-number"


@pytest.mark.parametrize(
    ("cid", "code", "words"),
    [
        ("'two words'", Code.INVALID_ID, "must be letters, digits"),
        ("text", Code.RESERVED_WORD, "'text' is a reserved word"),
        ("if", Code.RESERVED_WORD, "'if' is a reserved word"),
    ],
)
def test_bad_character_ids_get_their_own_codes(
    tmp_path: Path, cid: str, code: Code, words: str
) -> None:
    (tmp_path / "story.yaml").write_text(STORY.format(cid=cid), encoding="utf-8")
    (tmp_path / "01_one.yaml").write_text(CHAPTER, encoding="utf-8")
    (diag,) = load_story(tmp_path, cache=StoryCache()).diagnostics
    assert diag.code is code and words in diag.message
    assert (diag.span.line, diag.span.col) == (6, 3)


def test_the_asset_resolver_does_not_touch_the_disk_at_import() -> None:
    probe = (
        "import game.authoring.check, game.engine.assets as a; "
        "print(a.shipped_root.cache_info().misses)"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "0"
