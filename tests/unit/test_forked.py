"""Work on the second core: the result comes back, failures surface as if run here."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from generator.cache import Cache, digest
from generator.forked import BACKGROUND_NICENESS, JOBS_ENV, Forked, Worker, can_fork


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


needs_fork = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def _pid_and_double(arg: int) -> tuple[int, int]:
    return os.getpid(), arg * 2


@needs_fork
def test_a_worker_prepares_in_its_child_and_answers_every_call_there() -> None:
    prepared: list[int] = []
    worker = Worker(lambda: prepared.append(os.getpid()), _pid_and_double)
    try:
        answers = [worker.call(n) for n in (1, 2, 3)]
    finally:
        worker.close()
    assert prepared == []  # the child's list, not this one, was appended to
    assert [value for _, value in answers] == [2, 4, 6]
    assert len({pid for pid, _ in answers}) == 1 and answers[0][0] != os.getpid()


def test_a_worker_passes_large_values_both_ways() -> None:
    text = "x" * 5_000_000  # far more than a pipe holds at once
    worker: Worker[str, str] = Worker(lambda: None, lambda s: s + "!")
    try:
        assert worker.call(text) == text + "!"
    finally:
        worker.close()


def test_a_worker_answers_submissions_in_turn_while_this_process_goes_on() -> None:
    worker: Worker[int, tuple[int, int]] = Worker(lambda: None, _pid_and_double)
    try:
        worker.submit(1)
        worker.submit(2)
        assert [worker.result()[1], worker.result()[1]] == [2, 4]
    finally:
        worker.close()


def test_closing_a_worker_with_an_unread_answer_does_not_wait_for_it() -> None:
    worker: Worker[int, str] = Worker(lambda: None, lambda n: "y" * n)
    worker.submit(5_000_000)  # its answer would fill the pipe, with no one reading it
    worker.close()
    assert worker.call(3) == "yyy"  # answered here once the child is gone


@needs_fork
def test_background_children_run_at_a_lower_priority() -> None:
    ours = os.nice(0)
    lower = min(ours + BACKGROUND_NICENESS, 19)
    assert Forked(lambda: os.nice(0), background=True).result() == lower
    assert Forked(lambda: os.nice(0)).result() == ours
    worker: Worker[int, int] = Worker(lambda: None, lambda _: os.nice(0), background=True)
    try:
        assert worker.call(0) == lower
    finally:
        worker.close()
    assert os.nice(0) == ours


def test_a_failure_in_the_worker_raises_the_same_error_here() -> None:
    def picky(arg: int) -> int:
        if arg < 0:
            raise ValueError(f"negative: {arg}")
        return arg

    worker = Worker(lambda: None, picky)
    try:
        with pytest.raises(ValueError, match="negative: -1"):
            worker.call(-1)
        assert worker.call(5) == 5  # answered here from now on
    finally:
        worker.close()


def test_a_worker_that_cannot_prepare_still_answers() -> None:
    def broken() -> None:
        raise ImportError("no such formatter")

    worker: Worker[int, int] = Worker(broken, lambda n: n + 1)
    try:
        assert worker.call(1) == 2
    finally:
        worker.close()


@needs_fork
def test_close_stops_the_worker_while_other_children_hold_its_pipe() -> None:
    worker = Worker(lambda: None, _pid_and_double)
    child, _ = worker.call(1)
    sleeper = Forked(lambda: time.sleep(60))  # inherits this process's end of the pipe

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("close() waited for the end of the pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        worker.close()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sleeper.cancel()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


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
