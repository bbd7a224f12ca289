"""Client-side pacing: stay under the API's documented rate limits.

One token bucket per rate-limit class ("general", "statistics", ...). A caller
takes a token before each request; when the bucket is empty it *reserves* the
next token and sleeps until that token's time. Reservations are made under a
lock and the sleep happens outside it, so concurrent callers queue up one token
interval apart instead of all waking at once and bursting past the limit.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Awaitable, Callable, Mapping

__all__ = ["DEFAULT_RATE_LIMITS", "RateLimiter"]

#: The documented limits: (requests per second, burst).
DEFAULT_RATE_LIMITS: Mapping[str, tuple[float, int]] = {
    "general": (100.0, 200),
    "statistics": (1.0, 1),
}

_FALLBACK_CLASS = "general"


class _Bucket:
    """A token bucket whose balance may go negative: debt is reserved waiting."""

    __slots__ = ("rate", "burst", "tokens", "updated")

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.updated = now

    def reserve(self, now: float) -> float:
        """Take one token; return how long the caller must wait for it."""
        if now > self.updated:
            self.tokens = min(
                self.burst, self.tokens + (now - self.updated) * self.rate
            )
            self.updated = now
        self.tokens -= 1.0
        if self.tokens >= 0.0:
            return 0.0
        return -self.tokens / self.rate

    def refund(self) -> None:
        """Give back a reserved token whose request was never sent."""
        self.tokens = min(self.burst, self.tokens + 1.0)


class RateLimiter:
    """Token buckets per rate class; ``limits`` maps class -> (rate/s, burst).

    A class not in ``limits`` is paced as "general" when that exists, else not
    at all. Safe to share between threads and between asyncio tasks.
    """

    def __init__(
        self,
        limits: Mapping[str, tuple[float, int]],
        *,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        now = clock()
        buckets: dict[str, _Bucket] = {}
        for name, (rate, burst) in limits.items():
            if not (math.isfinite(rate) and rate > 0):
                raise ValueError(
                    f"rate limit {name!r}: rate must be a positive number of "
                    f"requests per second, got {rate!r}"
                )
            if isinstance(burst, bool) or not isinstance(burst, int) or burst < 1:
                raise ValueError(
                    f"rate limit {name!r}: burst must be a whole number >= 1, "
                    f"got {burst!r}"
                )
            buckets[name] = _Bucket(float(rate), burst, now)
        self._buckets = buckets
        self._enabled = enabled
        self._clock = clock
        self._sleep = sleep
        self._async_sleep = async_sleep
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._enabled

    def disable(self) -> None:
        """Stop pacing; every later ``acquire`` returns at once."""
        self._enabled = False

    def acquire(self, rate_class: str) -> float:
        """Block until a token of ``rate_class`` is available; return seconds waited."""
        bucket = self._bucket(rate_class)
        if bucket is None:
            return 0.0
        wait = self._reserve(bucket)
        if wait > 0.0:
            try:
                self._sleep(wait)
            except BaseException:
                self._refund(bucket)
                raise
        return wait

    async def acquire_async(self, rate_class: str) -> float:
        """Like ``acquire`` but awaits instead of blocking the event loop."""
        bucket = self._bucket(rate_class)
        if bucket is None:
            return 0.0
        wait = self._reserve(bucket)
        if wait > 0.0:
            try:
                await self._async_sleep(wait)
            except BaseException:
                self._refund(bucket)
                raise
        return wait

    def _bucket(self, rate_class: str) -> _Bucket | None:
        if not self._enabled:
            return None
        bucket = self._buckets.get(rate_class)
        if bucket is None:
            bucket = self._buckets.get(_FALLBACK_CLASS)
        return bucket

    def _reserve(self, bucket: _Bucket) -> float:
        with self._lock:
            return bucket.reserve(self._clock())

    def _refund(self, bucket: _Bucket) -> None:
        with self._lock:
            bucket.refund()

    def __repr__(self) -> str:
        limits = ", ".join(
            f"{name}={bucket.rate:g}/s burst {bucket.burst:g}"
            for name, bucket in self._buckets.items()
        )
        state = "enabled" if self._enabled else "disabled"
        return f"RateLimiter({limits}; {state})"
