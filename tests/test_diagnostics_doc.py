"""Every code in docs/diagnostics.md has an example, and each example produces its code there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.authoring.check import check_story
from game.engine.loader import StoryCache

DOC = Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md"
CODE_IN_SOURCE = re.compile(r'"([YSREF][0-9]{3})"')


@dataclass
class Example:
    """One documented code: its files and where it must be reported."""

    code: str
    files: dict[str, str] = field(default_factory=dict)
    expect: str = ""
    generated: bool = False
    error: bool = True


def _blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def _files(blocks: list[str]) -> dict[str, str]:
    files = {}
    for block in blocks:
        first = block.partition("\n")[0]
        # The '# name' line stays in the file, so line numbers match what the reader sees.
        files[first.removeprefix("# ").strip()] = block
    return files


def parse_doc() -> tuple[dict[str, str], list[Example]]:
    """The base files and every example in the document."""
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.MULTILINE)
    base = _files(_blocks(sections[0]))
    examples = []
    for section in sections[1:]:
        code = section.split(" ", 1)[0]
        found = re.search(r"→ `(\w+)` at `([^`]+)`", section)
        assert found, f"{code} has no '→ `CODE` at `file:line:col`' line"
        assert found.group(1) == code
        examples.append(
            Example(
                code,
                _files(_blocks(section)),
                found.group(2),
                "<!-- generated -->" in section,
                "*error.*" in section,
            )
        )
    return base, examples


BASE, EXAMPLES = parse_doc()


def _build(tmp_path: Path, example: Example) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    files = dict(BASE)
    files.update(example.files)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _generate(tmp_path: Path, example: Example) -> tuple[Path, int]:
    """The examples that cannot be shown in a document; returns the folder and max states."""
    folder = _build(tmp_path, example)
    if example.code == "Y005":
        (folder / "01_one.yaml").write_bytes(b"#" * 1_000_001)
    elif example.code == "Y007":
        (folder / "01_one.yaml").write_bytes(b"chapter: One\nscenes\xff: {}\n")
    elif example.code == "S107":
        (folder / "story.yaml").unlink()
    elif example.code == "F308":
        return folder, 0
    return folder, 200_000


def test_every_code_in_the_engine_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (DOC.parents[1] / "game").rglob("*.py"))
    used = set(CODE_IN_SOURCE.findall(source))
    documented = {e.code for e in EXAMPLES}
    assert used == documented


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.code for e in EXAMPLES])
def test_example_produces_its_code(tmp_path: Path, example: Example) -> None:
    folder, max_states = (
        _generate(tmp_path, example) if example.generated else (_build(tmp_path, example), 200_000)
    )
    result = check_story(folder, max_states=max_states, cache=StoryCache())
    where = {
        f"{Path(d.span.file).name}:{d.span.line}:{d.span.col}"
        if d.span.line
        else Path(d.span.file).name
        for d in result.diagnostics
        if d.code == example.code
    }
    listing = "\n".join(d.format() for d in result.diagnostics)
    assert example.expect in where, f"expected {example.code} at {example.expect}; got:\n{listing}"
    severities = {d.is_error for d in result.diagnostics if d.code == example.code}
    assert severities == {example.error}
    if example.error:
        assert not result.ok
