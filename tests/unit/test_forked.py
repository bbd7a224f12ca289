"""Work on the second core: the result comes back, failures surface as if run here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cache import Cache, digest
from generator.forked import JOBS_ENV, Forked


def test_the_childs_result_comes_back() -> None:
    assert Forked(lambda: {"pid": os.getpid(), "items": [1, 2]}).result()["items"] == [1, 2]


def test_the_work_runs_in_another_process_when_it_can() -> None:
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        pytest.skip("needs fork and two cores")
    assert Forked(os.getpid).result() != os.getpid()


def test_a_failure_in_the_child_raises_the_same_error_here() -> None:
    def broken() -> int:
        raise ValueError("the real reason")

    with pytest.raises(ValueError, match="the real reason"):
        Forked(broken).result()


def test_one_job_runs_the_work_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(JOBS_ENV, "1")
    assert Forked(os.getpid).result() == os.getpid()


def test_cancel_stops_the_child() -> None:
    job = Forked(lambda: sum(range(10**10)))
    pid = job.pid
    job.cancel()
    job.cancel()  # twice is harmless
    if pid:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_cache_round_trips_text_and_misses_unknown_keys(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = digest("some", "input")
    assert cache.get("ns", key) is None
    cache.put("ns", key, "héllo\r\nworld")
    assert cache.get("ns", key) == "héllo\r\nworld"


def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = digest("x")
    cache.put("ns", key, "formatted text")
    entry = next(p for p in tmp_path.rglob("*") if p.is_file())
    entry.write_bytes(entry.read_bytes()[:-3])  # truncated
    assert cache.get("ns", key) is None
    entry.write_bytes(b"\xff\xfe not text")
    assert cache.get("ns", key) is None


def test_an_unwritable_cache_only_keeps_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = Cache(blocker)
    cache.put("ns", digest("x"), "text")
    assert cache.get("ns", digest("x")) is None


def test_digest_separates_its_parts() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a") == digest(b"a")
