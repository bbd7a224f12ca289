"""Answer "is the output up to date?" without rendering anything.

After every complete run the cache keeps a record under a hash of all the
inputs (the spec's path and bytes, the generator's code and library versions,
the templates, codegen.toml and any document it names): the sha256 of the
manifest that run produced, its diagnostics and its counts. A later run with
the same inputs finds the record; if the output directory's manifest is that
manifest and every file on disk has the hash the manifest lists (and there is
no other file), the output is exactly what a full run would produce. Any
changed input is another key, and a hand-edited, added or removed file fails
the hash comparison: both fall back to the full run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .cache import Cache, digest
from .config import load_config
from .diagnostics import Diagnostic, SpecError
from .fingerprint import file_sha256, inputs_fingerprint
from .write import MANIFEST, read_tree

__all__ = ["RunRecord", "find_unchanged", "run_key", "save_record"]

NAMESPACE = "runs"


@dataclass(frozen=True)
class RunRecord:
    manifest_sha256: str
    diagnostics: tuple[Diagnostic, ...]
    operations: int
    models: int
    enums: int
    files: int  # in the output, the manifest included


def run_key(spec: Path, config_path: Path) -> str | None:
    """The hash of every input of a run; None if an input can't be read (a full run says why)."""
    try:
        config = load_config(config_path)
        extra = (config.webhooks_spec,) if config.webhooks_spec else ()
        inputs = inputs_fingerprint(config_path, extra)
        return digest(NAMESPACE, spec.as_posix(), file_sha256(spec), inputs)
    except (OSError, SpecError):
        return None


def save_record(cache: Cache, key: str | None, record: RunRecord) -> None:
    if key is not None:
        body = asdict(record)
        body["diagnostics"] = [d.to_json() for d in record.diagnostics]
        cache.put(NAMESPACE, key, json.dumps(body, sort_keys=True))


def find_unchanged(cache: Cache, key: str | None, out: Path) -> RunRecord | None:
    """The record of the run that produced exactly what is in `out`, if `key` has one."""
    record = _load_record(cache, key) if key is not None else None
    if record is None:
        return None
    try:
        manifest = (out / MANIFEST).read_bytes()
        if hashlib.sha256(manifest).hexdigest() != record.manifest_sha256:
            return None
        listed: dict[str, str] = json.loads(manifest)["files"]
        on_disk = read_tree(out)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if on_disk.keys() != {*listed, MANIFEST}:
        return None
    same = all(hashlib.sha256(on_disk[p]).hexdigest() == h for p, h in listed.items())
    return record if same else None


def _load_record(cache: Cache, key: str) -> RunRecord | None:
    text = cache.get(NAMESPACE, key)
    if text is None:
        return None
    try:
        body = json.loads(text)
        diagnostics = tuple(Diagnostic.from_json(d) for d in body["diagnostics"])
        counts = (int(body[name]) for name in ("operations", "models", "enums", "files"))
        return RunRecord(body["manifest_sha256"], diagnostics, *counts)
    except (ValueError, TypeError, KeyError):
        return None
