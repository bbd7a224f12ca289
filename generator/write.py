"""Put a rendered plan on disk: all of it or none of it.

The new tree is written to a temporary directory beside the output and then
swapped in, so a failure at any point leaves the old output as it was, and
files the plan no longer has disappear with the old tree. A manifest records
the spec hash and each file's hash; nothing time-dependent is written, so two
runs on the same input give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".codegen-manifest.json"
FILE_MODE = 0o644


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = field(default=())

    @property
    def drift(self) -> tuple[str, ...]:
        return tuple(sorted(self.added + self.changed + self.removed))


def manifest_text(files: Mapping[str, str], spec_sha256: str, generator_version: str) -> str:
    hashes = {path: hashlib.sha256(text.encode()).hexdigest() for path, text in files.items()}
    body = {"generator": generator_version, "spec_sha256": spec_sha256, "files": hashes}
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def read_tree(out_dir: Path) -> dict[str, bytes]:
    """Every file under `out_dir` (bytecode caches aside), by its relative path."""
    if not out_dir.is_dir():
        return {}
    return {
        path.relative_to(out_dir).as_posix(): path.read_bytes()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def compare(out_dir: Path, files: Mapping[str, str]) -> Changes:
    """How the plan differs from what is on disk."""
    old = read_tree(out_dir)
    new = {path: text.encode() for path, text in files.items()}
    return Changes(
        added=tuple(sorted(p for p in new if p not in old)),
        changed=tuple(sorted(p for p in new if p in old and old[p] != new[p])),
        removed=tuple(sorted(p for p in old if p not in new)),
        unchanged=tuple(sorted(p for p in new if old.get(p) == new[p])),
    )


def write_tree(out_dir: Path, files: Mapping[str, str]) -> Changes:
    """Replace `out_dir` with exactly `files`; do nothing if it already matches."""
    changes = compare(out_dir, files)
    if not changes.drift:
        return changes
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    unchanged = set(changes.unchanged)
    folders: set[Path] = set()
    try:
        for relative, text in sorted(files.items()):
            target = staging / relative
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if relative not in unchanged or not _link(out_dir / relative, target):
                target.write_bytes(text.encode())
                os.chmod(target, FILE_MODE)
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changes


def _link(existing: Path, target: Path) -> bool:
    """Hard-link an unchanged file into the staging tree: creating a file costs far more
    than linking one (about 1 ms against 0.02 ms here), and after a spec edit most files
    are unchanged. False (write it instead) unless it is a plain file with the mode a
    written one gets (the old tree must stay as it was if the run fails), or if the link
    cannot be made."""
    try:
        mode = os.lstat(existing).st_mode
        if not stat.S_ISREG(mode) or stat.S_IMODE(mode) != FILE_MODE:
            return False
        os.link(existing, target, follow_symlinks=False)
    except OSError:  # e.g. another file system, or one without hard links
        return False
    return True


def _swap(staging: Path, out_dir: Path) -> None:
    """Move `staging` into place of `out_dir`, putting the old tree back on failure."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(retired, ignore_errors=True)
    out_dir.rename(retired)
    try:
        staging.rename(out_dir)
    except BaseException:
        retired.rename(out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
