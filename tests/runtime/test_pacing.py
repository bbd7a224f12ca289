"""Client-side pacing: token buckets per rate class, shared by threads and tasks."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from tests.runtime._load import runtime

pacing = runtime("_pacing")


class FakeTime:
    """A clock that only moves when someone sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def limiter(limits: dict[str, tuple[float, int]], fake: FakeTime, **kwargs: Any) -> Any:
    return pacing.RateLimiter(
        limits,
        clock=fake.clock,
        sleep=fake.sleep,
        async_sleep=fake.async_sleep,
        **kwargs,
    )


def test_burst_is_free_then_requests_are_spaced_at_the_rate() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (10.0, 3)}, fake)
    starts = []
    for _ in range(6):
        pacer.acquire("general")
        starts.append(fake.now - 1000.0)
    assert starts == pytest.approx([0.0, 0.0, 0.0, 0.1, 0.2, 0.3])
    assert fake.sleeps == pytest.approx([0.1, 0.1, 0.1])


def test_acquire_returns_the_seconds_waited() -> None:
    fake = FakeTime()
    pacer = limiter({"statistics": (1.0, 1)}, fake)
    assert pacer.acquire("statistics") == 0.0
    assert pacer.acquire("statistics") == pytest.approx(1.0)
    fake.now += 0.25
    assert pacer.acquire("statistics") == pytest.approx(0.75)


def test_available_tokens_never_sleep() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (100.0, 200)}, fake)
    for _ in range(200):
        assert pacer.acquire("general") == 0.0
    assert fake.sleeps == []


def test_idle_time_refills_up_to_the_burst_and_no_further() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (10.0, 3)}, fake)
    for _ in range(5):
        pacer.acquire("general")
    fake.now += 3600.0
    waits = [pacer.acquire("general") for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.0, 0.0, 0.1])


def test_partial_refill_counts_fractions_of_a_token() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (10.0, 1)}, fake)
    pacer.acquire("general")
    fake.now += 0.05
    assert pacer.acquire("general") == pytest.approx(0.05)


def test_rate_classes_are_independent() -> None:
    fake = FakeTime()
    pacer = limiter(dict(pacing.DEFAULT_RATE_LIMITS), fake)
    assert pacer.acquire("statistics") == 0.0
    for _ in range(150):
        assert pacer.acquire("general") == 0.0
    assert pacer.acquire("statistics") == pytest.approx(1.0)
    # the statistics wait advanced the clock by 1s: general refilled meanwhile
    assert [pacer.acquire("general") for _ in range(150)] == [0.0] * 150


def test_unknown_class_is_paced_as_general() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (1.0, 1)}, fake)
    assert pacer.acquire("general") == 0.0
    assert pacer.acquire("something-new") == pytest.approx(1.0)


def test_unknown_class_without_general_is_not_paced() -> None:
    fake = FakeTime()
    pacer = limiter({"statistics": (1.0, 1)}, fake)
    assert [pacer.acquire("other") for _ in range(100)] == [0.0] * 100
    assert fake.sleeps == []


def test_disabled_limiter_never_waits() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (1.0, 1)}, fake, enabled=False)
    assert pacer.enabled is False
    assert [pacer.acquire("general") for _ in range(50)] == [0.0] * 50
    assert asyncio.run(pacer.acquire_async("general")) == 0.0
    assert fake.sleeps == []


def test_disable_turns_pacing_off() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (1.0, 1)}, fake)
    assert pacer.enabled is True
    pacer.acquire("general")
    pacer.disable()
    assert pacer.enabled is False
    assert [pacer.acquire("general") for _ in range(10)] == [0.0] * 10
    assert fake.sleeps == []


def test_documented_default_limits() -> None:
    assert dict(pacing.DEFAULT_RATE_LIMITS) == {
        "general": (100.0, 200),
        "statistics": (1.0, 1),
    }


@pytest.mark.parametrize(
    "limit",
    [(0.0, 1), (-1.0, 1), (float("inf"), 1), (float("nan"), 1), (1.0, 0), (1.0, 1.5)],
)
def test_invalid_limits_are_rejected_naming_the_class(limit: tuple[float, Any]) -> None:
    with pytest.raises(ValueError, match="'statistics'"):
        pacing.RateLimiter({"statistics": limit})


def test_repr_shows_limits_and_state() -> None:
    pacer = pacing.RateLimiter({"general": (100.0, 200)}, enabled=False)
    assert repr(pacer) == "RateLimiter(general=100/s burst 200; disabled)"


# --- concurrency ------------------------------------------------------------------


def test_concurrent_threads_get_distinct_slots_one_interval_apart() -> None:
    """With the clock frozen, each waiting thread reserves the next free slot."""
    fake = FakeTime()
    recorded: list[float] = []
    lock = threading.Lock()

    def record(seconds: float) -> None:
        with lock:
            recorded.append(seconds)

    pacer = pacing.RateLimiter({"general": (10.0, 2)}, clock=fake.clock, sleep=record)
    waits: list[float] = []
    barrier = threading.Barrier(40)

    def worker() -> None:
        barrier.wait()
        wait = pacer.acquire("general")
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = [0.0, 0.0] + [round(k / 10, 6) for k in range(1, 39)]
    assert sorted(round(w, 6) for w in waits) == expected
    assert len(recorded) == 38


def count_in_windows(times: list[float], window: float) -> int:
    """The most events inside any half-open window of ``window`` seconds."""
    times = sorted(times)
    most = 0
    start = 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_many_real_threads_never_exceed_the_rate() -> None:
    rate, burst, threads_n, per_thread = 200.0, 5, 8, 10
    pacer = pacing.RateLimiter({"general": (rate, burst)})
    starts: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads_n)

    def worker() -> None:
        barrier.wait()
        for _ in range(per_thread):
            pacer.acquire("general")
            now = time.monotonic()
            with lock:
                starts.append(now)

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = threads_n * per_thread
    # the burst goes at once, every later request waits its 1/rate slot
    assert time.monotonic() - began >= (total - burst) / rate * 0.95
    # reservations never exceed burst + rate * window; a late wake-up can push at
    # most one request per thread into a later window
    assert count_in_windows(starts, 0.1) <= burst + rate * 0.1 + threads_n + 1


def test_async_tasks_get_distinct_slots() -> None:
    fake = FakeTime()
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.sleep(0)

    pacer = pacing.RateLimiter(
        {"general": (4.0, 1)}, clock=fake.clock, async_sleep=record
    )

    async def main() -> list[float]:
        return list(
            await asyncio.gather(*(pacer.acquire_async("general") for _ in range(5)))
        )

    waits = asyncio.run(main())
    assert sorted(waits) == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])
    assert sorted(slept) == pytest.approx([0.25, 0.5, 0.75, 1.0])


def test_async_acquire_with_real_sleep_paces_requests() -> None:
    pacer = pacing.RateLimiter({"general": (100.0, 1)})

    async def main() -> float:
        began = time.monotonic()
        await asyncio.gather(*(pacer.acquire_async("general") for _ in range(11)))
        return time.monotonic() - began

    assert asyncio.run(main()) >= 0.1 * 0.95


def test_available_tokens_do_not_await_sleep() -> None:
    fake = FakeTime()
    pacer = limiter({"general": (100.0, 200)}, fake)

    async def main() -> list[float]:
        return [await pacer.acquire_async("general") for _ in range(200)]

    assert asyncio.run(main()) == [0.0] * 200
    assert fake.sleeps == []


def test_cancelled_async_wait_gives_its_token_back() -> None:
    fake = FakeTime()
    block = [True]

    async def sleep(seconds: float) -> None:
        if block[0]:
            await asyncio.Event().wait()

    pacer = pacing.RateLimiter(
        {"general": (1.0, 1)}, clock=fake.clock, async_sleep=sleep
    )

    async def main() -> Any:
        assert await pacer.acquire_async("general") == 0.0
        waiting = asyncio.create_task(pacer.acquire_async("general"))
        await asyncio.sleep(0)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        block[0] = False
        return await pacer.acquire_async("general")

    # the cancelled reservation no longer holds a slot: the next wait is 1s, not 2s
    assert asyncio.run(main()) == pytest.approx(1.0)


def test_interrupted_sync_wait_gives_its_token_back() -> None:
    fake = FakeTime()
    interrupt = True

    def sleep(seconds: float) -> None:
        if interrupt:
            raise KeyboardInterrupt
        fake.sleep(seconds)

    pacer = pacing.RateLimiter({"general": (1.0, 1)}, clock=fake.clock, sleep=sleep)
    pacer.acquire("general")
    with pytest.raises(KeyboardInterrupt):
        pacer.acquire("general")
    interrupt = False
    assert pacer.acquire("general") == pytest.approx(1.0)
