"""Every adversarial test runs offline and without the generator's cache: a spec
must never make the generator open a connection, and a cached result must never
stand in for a real run."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest


@contextmanager
def no_network() -> Iterator[Path]:
    """Make every connection attempt fail, and log it to the file yielded (a file, not a
    list, so attempts made in forked children are seen too)."""
    log = Path(tempfile.mkstemp(prefix="adversarial-network-")[1])
    saved = (socket.socket.connect, socket.create_connection, socket.getaddrinfo)

    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{args[1:] if args and isinstance(args[0], socket.socket) else args}\n")
        raise OSError("network access attempted by an adversarial test")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    try:
        yield log
    finally:
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[method-assign]
        log.unlink()


@pytest.fixture(autouse=True)
def offline_and_uncached(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("AHASEND_CODEGEN_CACHE", "off")
    with no_network() as log:
        yield log
        assert log.read_text(encoding="utf-8") == "", "the generator tried to connect"


@pytest.fixture(scope="session")
def uncached_env() -> Iterator[None]:
    """The cache switch for session-scoped fixtures, which monkeypatch cannot reach."""
    saved = os.environ.get("AHASEND_CODEGEN_CACHE")
    os.environ["AHASEND_CODEGEN_CACHE"] = "off"
    yield
    if saved is None:
        del os.environ["AHASEND_CODEGEN_CACHE"]
    else:
        os.environ["AHASEND_CODEGEN_CACHE"] = saved
