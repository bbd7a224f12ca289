"""A content-addressed cache on disk for results that are slow to recompute.

Entries are text, stored under `<root>/<namespace>/<key[:2]>/<key>` where the
key is a sha256 of everything the result depends on, so an entry is never
stale: a changed input is a different key. Writes go to a temporary file that
is renamed into place, and each entry starts with the sha256 of its body, so a
truncated or damaged entry is detected; an entry that cannot be read or does
not match its hash is treated as missing (and rewritten by the next run).

Where: `.codegen-cache/` in the working directory (the repo root under
`make`), or the directory named by `AHASEND_CODEGEN_CACHE`; `off` disables it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["CACHE_ENV", "Cache", "default_cache", "digest"]

CACHE_ENV = "AHASEND_CODEGEN_CACHE"
DEFAULT_DIR = ".codegen-cache"


def digest(*parts: str | bytes) -> str:
    """sha256 over `parts`, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


class Cache:
    """Text entries by (namespace, key); `root=None` is a cache that keeps nothing."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self, namespace: str, key: str) -> str | None:
        if self.root is None:
            return None
        try:
            stored = self._path(namespace, key).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        check, _, body = stored.partition("\n")
        return body if check == _checksum(body) else None

    def put(self, namespace: str, key: str, text: str) -> None:
        """Store `text`; a cache that cannot be written is only a slower run."""
        if self.root is None:
            return
        target = self._path(namespace, key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # here: what runs before the spec's loading starts imports little

            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                    stream.write(f"{_checksum(text)}\n{text}")
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass

    def _path(self, namespace: str, key: str) -> Path:
        assert self.root is not None
        return self.root / namespace / key[:2] / key


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def default_cache() -> Cache:
    """The cache `AHASEND_CODEGEN_CACHE` names (`off`: none), else `./.codegen-cache`."""
    setting = os.environ.get(CACHE_ENV, "").strip()
    if setting.lower() == "off":
        return Cache(None)
    return Cache(Path(setting or DEFAULT_DIR))
