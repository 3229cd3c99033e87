"""The JSON Schema generated from the field tables accepts the shipped story and every
example in docs/format.md, and rejects what the loader rejects."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from game.authoring.schema import SCHEMA_FILE, story_schema
from game.authoring.starter import write_starter
from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = story_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SHIPPED = sorted((ROOT / "scenes").glob("*.yaml"))
EXAMPLES = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "format.md").read_text("utf-8"), re.S)


def _errors(document: Any, schema: Any = None) -> list[str]:
    validator = VALIDATOR if schema is None else jsonschema.Draft202012Validator(schema)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def _scene(document: Any) -> list[str]:
    return _part(document, "scene")


def _part(document: Any, table: str) -> list[str]:
    """Errors in `document` read as one `table`, leaving out what only the whole file needs."""
    schema = {**SCHEMA["$defs"][table], "required": []}
    return _errors(document, {"$defs": SCHEMA["$defs"], **schema})


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_the_shipped_story_validates(path: Path) -> None:
    assert _errors(yaml.safe_load(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("block", EXAMPLES, ids=[f"format.md-{n}" for n in range(len(EXAMPLES))])
def test_every_format_doc_example_validates(block: str) -> None:
    document = yaml.safe_load(textwrap.dedent(block))
    if "format" in document or "chapter" in document:
        assert _errors(document) == []
    elif set(document) <= set(SCHEMA["$defs"]["scene"]["properties"]):
        assert _scene(document) == []  # a part of one scene
    elif set(document) <= set(SCHEMA["$defs"]["story"]["properties"]):
        assert _part(document, "story") == []  # a part of story.yaml
    else:
        for value in document.values():  # scenes or variables by id
            kind = "variable" if "value" in value else "scene"
            assert _part(value, kind) == []


def test_the_schema_rejects_an_unknown_key_and_a_missing_one() -> None:
    chapter = {"chapter": "One", "scenes": {"a": {"txt": "Hi", "ending": {"title": "T"}}}}
    errors = _errors(chapter)
    assert any("'txt' was unexpected" in e for e in errors)
    assert any("'tone' is a required property" in e for e in errors)
    assert any("'id' is a required property" in e for e in _errors({"format": 1}))


def test_new_points_editors_at_a_schema_it_writes(tmp_path: Path) -> None:
    write_starter(tmp_path / "s")
    for name in ("story.yaml", "01_the_letter.yaml"):
        first = (tmp_path / "s" / name).read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=.reconnect/schema.json"
        document = yaml.safe_load((tmp_path / "s" / name).read_text("utf-8"))
        assert _errors(document) == []
    assert (tmp_path / "s" / SCHEMA_FILE).is_file()


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / ".reconnect" / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text("utf-8")) == SCHEMA
