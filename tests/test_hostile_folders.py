"""Data folders and output paths that are files, read-only, full or missing: messages, never
tracebacks, and nothing of the author's or player's destroyed (issue 15, items 18 and 19)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from test_cli import run

from game.authoring.map import MARKER
from game.authoring.starter import write_starter
from game.cli import main
from game.persistence.paths import DataDirError, data_dir, logs_dir, saves_dir


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "letter"
    write_starter(folder)
    return folder


# --- 18: the data folder ------------------------------------------------------------------------


def test_play_with_the_data_folder_a_file_is_a_message(story: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = run("play", "--text", str(story), "--data-dir", str(blocker))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"cannot keep saves and settings in '{blocker}': a file is in the way" in proc.stderr
    assert "--data-dir or RECONNECT_DATA_DIR" in proc.stderr


def test_play_with_saves_a_file_is_a_message(story: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "saves").write_text("not a folder", encoding="utf-8")
    proc = run("play", "--text", str(story), "--data-dir", str(data))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "cannot keep saves in" in proc.stderr and "a file is in the way" in proc.stderr
    assert (data / "saves").read_text(encoding="utf-8") == "not a folder"


def test_a_read_only_home_is_a_message(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permissions, so the refusal is injected where the folder is made.
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(DataDirError, match=r"cannot make '.*' for saves and settings \(Permission"):
        data_dir(tmp_path / "home" / "data")
    monkeypatch.setenv("RECONNECT_DATA_DIR", str(tmp_path / "home" / "data"))
    assert main(["play", "--text", str(story)]) == 1


def test_logs_that_cannot_be_made_fall_back_to_a_temporary_folder(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("in the way", encoding="utf-8")
    folder = logs_dir(tmp_path)
    assert folder.is_dir() and folder != tmp_path / "logs"
    assert (tmp_path / "logs").read_text(encoding="utf-8") == "in the way"
    with pytest.raises(DataDirError):
        saves_dir(tmp_path / "logs")


def test_an_empty_data_dir_argument_never_means_the_current_folder(
    story: Path, tmp_path: Path
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    data = tmp_path / "data"
    proc = run(
        "play",
        "--text",
        str(story),
        "--data-dir",
        "",
        env={"RECONNECT_DATA_DIR": str(data)},
        cwd=here,
    )
    assert proc.returncode == 0, proc.stderr
    assert list(here.iterdir()) == []
    assert (data / "saves").is_dir()


# --- 19: `new` and `map -o` ---------------------------------------------------------------------


def test_new_into_a_file_path_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "story"
    blocker.write_text("mine", encoding="utf-8")
    for target in (blocker, blocker / "inner"):
        proc = run("new", str(target))
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        assert "file" in proc.stderr
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_new_into_a_read_only_folder_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert main(["new", str(tmp_path / "mine")]) == 1
    assert "cannot create" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_on_a_full_disk_leaves_nothing_and_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_write = Path.write_text

    def full_disk(self: Path, *args: object, **kwargs: object) -> int:
        if self.name != "story.yaml":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    target = tmp_path / "mine"
    with monkeypatch.context() as patch:
        patch.setattr(Path, "write_text", full_disk)
        assert main(["new", str(target)]) == 1
    assert "no space left on device" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no half story, no staging folder
    assert main(["new", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == [
        ".reconnect",
        "01_the_letter.yaml",
        "assets",
        "story.yaml",
    ]


def test_map_refuses_a_folder_or_a_missing_folder(story: Path, tmp_path: Path) -> None:
    for out, message in (
        (tmp_path, "is a folder"),
        (tmp_path / "nowhere" / "map.dot", "does not exist"),
    ):
        proc = run("map", str(story), "-o", str(out))
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        assert message in proc.stderr


def test_map_never_overwrites_a_file_it_did_not_write(story: Path, tmp_path: Path) -> None:
    before = (story / "story.yaml").read_bytes()
    for out in (story / "story.yaml", story / "map.dot"):
        if out.suffix == ".dot":
            out.write_text("digraph mine { a -> b }\n", encoding="utf-8")
        proc = run("map", str(story), "-o", str(out))
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
    assert (story / "story.yaml").read_bytes() == before
    assert (story / "map.dot").read_text(encoding="utf-8") == "digraph mine { a -> b }\n"
    proc = run("map", str(story), "-o", str(story / "map.dot"))
    assert "was not drawn by `reconnect map`" in proc.stderr and "--force" in proc.stderr
    assert run("map", str(story), "-o", str(story / "map.dot"), "--force").returncode == 0
    assert (story / "map.dot").read_text(encoding="utf-8").startswith(MARKER)
