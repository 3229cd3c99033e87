"""The JSON Schema of story files, generated from the loader's own field tables.

Editors with a YAML language server use it to complete keys and underline mistakes; since it
is built from `game.engine.fields`, a key the loader accepts is always a key the schema knows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from game.engine.fields import BEAT_SCHEMA, EFFECTS_SCHEMA, TABLES, Table, required

SCHEMA_FILE = Path(".reconnect") / "schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _object(table: Table) -> dict[str, object]:
    properties = {
        name: {**key.schema, "description": key.description} for name, key in table.items()
    }
    out: dict[str, object] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required(table):
        out["required"] = list(required(table))
    return out


def story_schema() -> dict[str, object]:
    """One schema for story.yaml and chapter files: a file with `format` is story.yaml."""
    defs: dict[str, Mapping[str, object]] = {name: _object(t) for name, t in TABLES.items()}
    defs["beat"] = BEAT_SCHEMA
    defs["effects"] = EFFECTS_SCHEMA
    return {
        "$schema": DIALECT,
        "title": "Reconnect story file",
        "description": "story.yaml (it has `format`) or a chapter file (it has `chapter`)",
        "$defs": defs,
        "if": {"type": "object", "required": ["format"]},
        "then": {"$ref": "#/$defs/story"},
        "else": {"$ref": "#/$defs/chapter"},
    }


def schema_text() -> str:
    """The schema as JSON text."""
    return json.dumps(story_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> Path:
    """Write the schema to `path` (creating its folder); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def modeline(story_file: Path, story_root: Path) -> str:
    """The comment that points the YAML language server at the schema in the story folder."""
    rel = Path(*([".."] * (len(story_file.relative_to(story_root).parts) - 1))) / SCHEMA_FILE
    return f"# yaml-language-server: $schema={rel.as_posix()}\n"
