"""write_tree: all or nothing, stale files removed, no needless rewrites."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.write import MANIFEST, compare, manifest_text, write_tree


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_first_write_creates_exactly_the_planned_files(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    changes = write_tree(out, {"a.py": "A = 1\n", "pkg/b.py": "B = 2\n"})
    assert snapshot(out) == {"a.py": b"A = 1\n", "pkg/b.py": b"B = 2\n"}
    assert changes.added == ("a.py", "pkg/b.py")
    assert [p.name for p in tmp_path.iterdir()] == ["generated"]  # no temp dirs left


def test_rewrite_removes_stale_files_and_reports_changes(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"a.py": "A = 1\n", "old.py": "X = 0\n"})
    changes = write_tree(out, {"a.py": "A = 2\n", "new.py": "N = 1\n"})
    assert snapshot(out) == {"a.py": b"A = 2\n", "new.py": b"N = 1\n"}
    assert changes.added == ("new.py",)
    assert changes.changed == ("a.py",)
    assert changes.removed == ("old.py",)


def test_unchanged_plan_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"a.py": "A = 1\n"})
    before = (out / "a.py").stat().st_mtime_ns
    changes = write_tree(out, {"a.py": "A = 1\n"})
    assert changes.drift == () and changes.unchanged == ("a.py",)
    assert (out / "a.py").stat().st_mtime_ns == before


def test_unchanged_files_are_linked_and_changed_ones_written(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"same.py": "S = 1\n", "pkg/edit.py": "E = 1\n", "odd.py": "O = 1\n"})
    (out / "odd.py").chmod(0o600)  # not what a written file gets: written anew, not linked
    before = {name: (out / name).stat().st_ino for name in ("same.py", "pkg/edit.py", "odd.py")}
    write_tree(out, {"same.py": "S = 1\n", "pkg/edit.py": "E = 2\n", "odd.py": "O = 1\n"})
    assert snapshot(out) == {"same.py": b"S = 1\n", "pkg/edit.py": b"E = 2\n",
                             "odd.py": b"O = 1\n"}
    assert (out / "same.py").stat().st_ino == before["same.py"]
    assert (out / "pkg/edit.py").stat().st_ino != before["pkg/edit.py"]
    assert (out / "odd.py").stat().st_mode & 0o777 == 0o644
    assert (out / "same.py").stat().st_nlink == 1  # the old tree is gone


def test_files_are_written_where_links_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"same.py": "S = 1\n", "edit.py": "E = 1\n"})

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    write_tree(out, {"same.py": "S = 1\n", "edit.py": "E = 2\n"})
    assert snapshot(out) == {"same.py": b"S = 1\n", "edit.py": b"E = 2\n"}


def test_failure_while_writing_leaves_the_old_tree_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"a.py": "A = 1\n", "b.py": "B = 1\n"})
    before = snapshot(out)
    real_write = Path.write_bytes
    calls = {"n": 0}

    def failing_write(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="No space left"):
        write_tree(out, {"a.py": "A = 2\n", "b.py": "B = 2\n", "c.py": "C = 2\n"})
    monkeypatch.undo()
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["generated"]


def test_failure_during_the_swap_puts_the_old_tree_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"a.py": "A = 1\n"})
    real_rename = Path.rename

    def failing_rename(self: Path, target: str | Path) -> Path:
        if Path(target) == out and ".tmp-" in self.name:
            raise OSError(18, "Invalid cross-device link")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError, match="cross-device"):
        write_tree(out, {"a.py": "A = 2\n"})
    monkeypatch.undo()
    assert snapshot(out) == {"a.py": b"A = 1\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["generated"]


def test_compare_lists_drift_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, {"a.py": "A = 1\n", "gone.py": ""})
    changes = compare(out, {"a.py": "A = 9\n", "extra.py": ""})
    assert changes.drift == ("a.py", "extra.py", "gone.py")
    assert snapshot(out) == {"a.py": b"A = 1\n", "gone.py": b""}


def test_manifest_is_deterministic_and_hashes_every_file() -> None:
    files = {"b.py": "B\n", "a.py": "A\n"}
    text = manifest_text(files, "abc", "0.1.0")
    assert text == manifest_text(dict(reversed(files.items())), "abc", "0.1.0")
    data = json.loads(text)
    assert data["spec_sha256"] == "abc" and sorted(data["files"]) == ["a.py", "b.py"]
    assert MANIFEST.startswith(".")
