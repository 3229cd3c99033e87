"""docs/diagnostics.md matches the code registry, and each example produces its code there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.authoring.check import check_story
from game.authoring.pathrun import run_story_tests
from game.engine.diagnostics import RETIRED, Code
from game.engine.loader import StoryCache
from game.engine.model import Story

DOC = Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md"
GAME = DOC.parents[1] / "game"
CODE_LITERAL = re.compile(r'"([YSREFT][0-9]{3})"')
REGISTRY = GAME / "engine" / "diagnostics.py"


@dataclass
class Example:
    """One documented example: its files, where its code must be reported and what it says."""

    code: str
    heading: str
    severity: str
    files: dict[str, str] = field(default_factory=dict)
    expect: str = ""
    generated: bool = False
    says: str = ""
    name: str = ""


def _blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def _files(blocks: list[str]) -> dict[str, str]:
    files = {}
    for block in blocks:
        first = block.partition("\n")[0]
        # The '# name' line stays in the file, so line numbers match what the reader sees.
        files[first.removeprefix("# ").strip()] = block
    return files


# `→ `CODE` at `file:line:col``, optionally `saying “words in the message”`.
ARROW = re.compile(r"^→ `(\w+)` at `([^`]+)`(?: saying “([^”]+)”)?", re.MULTILINE)


def _section_examples(section: str) -> list[Example]:
    heading = section.partition("\n")[0]
    code = heading.split(" ", 1)[0]
    arrows = list(ARROW.finditer(section))
    assert arrows, f"{code} has no '→ `CODE` at `file:line:col`' line"
    severity = re.search(r"^\*(\w+)\.\*", section, flags=re.MULTILINE)
    assert severity, f"{code} does not say its severity as '*error.*' or '*warning.*'"
    examples = []
    start = 0
    for n, found in enumerate(arrows):
        assert found.group(1) == code
        part = section[start : found.start()]
        examples.append(
            Example(
                code,
                heading,
                severity.group(1),
                _files(_blocks(part)),
                found.group(2),
                "<!-- generated -->" in section,
                found.group(3) or "",
                code if n == 0 else f"{code}-{n + 1}",
            )
        )
        start = found.end()
    return examples


def parse_doc() -> tuple[dict[str, str], list[Example], str]:
    """The base files, every example in the document, and its retired-codes part."""
    text = DOC.read_text(encoding="utf-8")
    body, _, retired = text.partition("\n## Retired codes\n")
    sections = re.split(r"^### ", body, flags=re.MULTILINE)
    base = _files(_blocks(sections[0]))
    examples = [e for section in sections[1:] for e in _section_examples(section)]
    return base, examples, retired


BASE, EXAMPLES, RETIRED_PART = parse_doc()
BY_ID = {code.id: code for code in Code}


def _build(tmp_path: Path, example: Example) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    files = dict(BASE)
    files.update(example.files)
    for name, text in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _generate(tmp_path: Path, example: Example) -> tuple[Path, int]:
    """The examples that cannot be shown in a document; returns the folder and max states."""
    folder = _build(tmp_path, example)
    if example.code == "Y005":
        (folder / "01_one.yaml").write_bytes(b"#" * 1_000_001)
    elif example.code == "Y007":
        (folder / "01_one.yaml").write_bytes(b"chapter: One\nscenes\xff: {}\n")
    elif example.code == "Y010":
        outside = tmp_path / "outside.yaml"
        outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
        (folder / "zz.yaml").symlink_to(outside)
    elif example.code == "S107":
        (folder / "story.yaml").unlink()
    elif example.code == "S130":
        beat = "The kettle clicks off. " * 26  # 598 characters
        (folder / "01_one.yaml").write_text(
            f"chapter: One\nscenes:\n  first:\n    text:\n      - {beat.strip()}\n"
            "    ending: {title: Tea, tone: hopeful, lessons: [listen]}\n",
            encoding="utf-8",
        )
    elif example.code == "S131":
        beats = "".join(f"      - Line {n}.\n" for n in range(41))
        (folder / "01_one.yaml").write_text(
            f"chapter: One\nscenes:\n  first:\n    text:\n{beats}"
            "    ending: {title: Tea, tone: hopeful, lessons: [listen]}\n",
            encoding="utf-8",
        )
    elif example.code in ("F308", "F310"):
        return folder, 0
    return folder, 200_000


def test_every_registered_code_is_documented_and_every_documented_code_registered() -> None:
    documented = [e.code for e in EXAMPLES if e.name == e.code]
    assert len(documented) == len(set(documented)), "a code is documented twice"
    assert set(documented) == set(BY_ID)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_doc_heading_and_severity_match_the_registry(example: Example) -> None:
    code = BY_ID[example.code]
    assert example.heading == code.heading
    assert example.severity == code.severity.value


def test_retired_codes_are_listed_and_never_reused() -> None:
    listed = set(re.findall(r"^- \*\*([YSREFT][0-9]{3})\*\*", RETIRED_PART, flags=re.MULTILINE))
    assert listed == RETIRED
    assert not RETIRED & set(BY_ID)


def test_code_ids_are_unique() -> None:
    ids = [code.id for code in Code]
    assert len(ids) == len(set(ids))


def test_diagnostics_name_registered_codes_not_strings() -> None:
    for path in GAME.rglob("*.py"):
        if path != REGISTRY:
            found = CODE_LITERAL.findall(path.read_text(encoding="utf-8"))
            assert not found, f"{path} names codes as strings: {found}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_produces_its_code(tmp_path: Path, example: Example) -> None:
    folder, max_states = (
        _generate(tmp_path, example) if example.generated else (_build(tmp_path, example), 200_000)
    )
    result = check_story(folder, max_states=max_states, cache=StoryCache())
    if example.code.startswith("T"):
        assert result.story is not None and result.ok, "a test example needs a sound story"
        return _test_example_produces_its_code(result.story, example)
    where = {
        f"{Path(d.span.file).name}:{d.span.line}:{d.span.col}"
        if d.span.line
        else Path(d.span.file).name
        for d in result.diagnostics
        if d.code.id == example.code
    }
    listing = "\n".join(d.format() for d in result.diagnostics)
    assert example.expect in where, f"expected {example.code} at {example.expect}; got:\n{listing}"
    said = [d.message for d in result.diagnostics if d.code.id == example.code]
    assert any(example.says in m for m in said), f"no {example.code} says {example.says!r}: {said}"
    severities = {d.severity.value for d in result.diagnostics if d.code.id == example.code}
    assert severities == {example.severity}
    if example.severity == "error":
        assert not result.ok


def _test_example_produces_its_code(story: Story, example: Example) -> None:
    """A path-test code: the example's tests, run on its story, report it where it says."""
    found = []
    for read, results in run_story_tests(story):
        found.extend(read.diagnostics)
        found.extend(f for r in results for f in r.failures)
    where = {f"{Path(d.span.file).name}:{d.span.line}:{d.span.col}" for d in found}
    listing = "\n".join(d.format() for d in found)
    assert example.expect in where, f"expected {example.code} at {example.expect}; got:\n{listing}"
    said = [d.message for d in found if d.code.id == example.code]
    assert any(example.says in m for m in said), f"no {example.code} says {example.says!r}: {said}"
