"""When to retry a failed request, and how long to wait first.

The policy is a pure function of what happened: it never sleeps and never sends,
so the sync and async clients share it and tests can drive it with a fixed
random source and clock.

A request is repeated only when repeating it cannot do something twice: the
request never reached the server, the HTTP method is idempotent, or an
``Idempotency-Key`` is sent and reused on every attempt.
"""

from __future__ import annotations

import math
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

import httpx

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "RetryDecision",
    "RetryPolicy",
    "new_idempotency_key",
]

#: Methods HTTP defines as idempotent: sending one twice has the effect of once.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

#: Statuses worth another attempt when the request is safe to repeat.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

#: Statuses that are final whatever the request: 412 means the original request
#: with this Idempotency-Key failed, 422 that the request (or the key, reused with
#: another body) is invalid. Repeating either gives the same answer.
TERMINAL_STATUSES = frozenset({412, 422})

# Errors raised before any byte of the request left the client.
_NEVER_SENT_ERRORS: tuple[type[BaseException], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)

_ERROR_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (httpx.ConnectTimeout, "connect timeout"),
    (httpx.ConnectError, "connection error"),
    (httpx.PoolTimeout, "connection pool timeout"),
    (httpx.ReadTimeout, "read timeout"),
    (httpx.WriteTimeout, "write timeout"),
    (httpx.TimeoutException, "timeout"),
    (httpx.ReadError, "read error"),
    (httpx.WriteError, "write error"),
    (httpx.RemoteProtocolError, "remote protocol error"),
    (httpx.LocalProtocolError, "local protocol error"),
    (httpx.ProxyError, "proxy error"),
    (httpx.NetworkError, "network error"),
    (httpx.TransportError, "transport error"),
)

# 2**_MAX_EXPONENT seconds is far beyond any sane max_delay; the cap keeps
# ``initial_delay * 2**attempt`` from overflowing on absurd attempt counts.
_MAX_EXPONENT = 62


@dataclass(frozen=True)
class RetryDecision:
    """Whether to retry, after how many seconds, and why (for logs)."""

    retry: bool
    delay: float
    reason: str


@dataclass(frozen=True)
class RetryPolicy:
    """Retry with exponential backoff and jitter, honouring ``Retry-After``.

    ``max_retries`` counts retries, not attempts: 2 means up to 3 requests.
    ``jitter`` is the fraction of the backoff delay that is randomised (the delay
    is shortened by up to that fraction). A server-supplied ``Retry-After`` /
    ``retry-after-ms`` is used as is (no jitter), capped at ``max_retry_after``.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: float = 0.25

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(
                f"max_retries must be 0 or more, got {self.max_retries}; "
                "use 0 to turn retries off"
            )
        for name in ("initial_delay", "max_delay", "max_retry_after"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(
                    f"{name} must be a finite number of seconds >= 0, got {value!r}"
                )
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError(
                f"jitter must be a fraction between 0 and 1, got {self.jitter!r}"
            )

    def decide(
        self,
        *,
        attempt: int,
        method: str,
        response: httpx.Response | None,
        error: BaseException | None,
        idempotent: bool,
        maybe_sent: bool,
        rng: Callable[[], float] = random.random,
        now: Callable[[], float] = time.time,
    ) -> RetryDecision:
        """Decide what to do after a failed attempt.

        ``attempt`` is the number of retries already made (0 after the first
        failure). Pass the ``response`` when one arrived, else the ``error``.
        ``idempotent`` says an Idempotency-Key is sent and reused on every retry;
        ``maybe_sent`` says the request may have reached the server (False when
        the connection was never established).
        """
        if response is not None:
            retryable, reason = _classify_response(
                response, method=method, idempotent=idempotent
            )
        elif error is not None:
            retryable, reason = _classify_error(
                error, method=method, idempotent=idempotent, maybe_sent=maybe_sent
            )
        else:
            raise ValueError("decide() needs the response or the error of the attempt")
        if not retryable:
            return RetryDecision(retry=False, delay=0.0, reason=reason)
        if attempt >= self.max_retries:
            return RetryDecision(
                retry=False,
                delay=0.0,
                reason=f"{reason}; gave up after {self.max_retries} retries",
            )
        delay = self._server_delay(response, now)
        if delay is None:
            delay = self._backoff(attempt, rng)
        return RetryDecision(retry=True, delay=delay, reason=reason)

    def _backoff(self, attempt: int, rng: Callable[[], float]) -> float:
        exponent = min(max(attempt, 0), _MAX_EXPONENT)
        delay = min(self.initial_delay * 2.0**exponent, self.max_delay)
        spread = min(max(rng(), 0.0), 1.0)
        return delay * (1.0 - self.jitter * spread)

    def _server_delay(
        self, response: httpx.Response | None, now: Callable[[], float]
    ) -> float | None:
        """The wait the server asked for, capped; None when it did not ask."""
        if response is None:
            return None
        seconds = _parse_retry_after(response.headers, now)
        if seconds is None:
            return None
        return min(max(seconds, 0.0), self.max_retry_after)


def new_idempotency_key() -> str:
    """A fresh key for one logical call, reused on each of its retries.

    A random (version 4) UUID, as `uuid.uuid4()` makes it from 16 bytes of
    `os.urandom`, written out directly: building the `UUID` object took two
    thirds of the time.
    """
    h = os.urandom(16).hex()
    # Version nibble 4; variant bits 10 (RFC 9562), leaving 122 random bits.
    variant = "89ab"[int(h[16], 16) & 3]
    return f"ahasend-{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


def _safe_to_repeat(method: str, idempotent: bool) -> bool:
    return idempotent or method.upper() in IDEMPOTENT_METHODS


def _status_text(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    return f"{status} {phrase}" if phrase else str(status)


def _classify_response(
    response: httpx.Response, *, method: str, idempotent: bool
) -> tuple[bool, str]:
    status = response.status_code
    text = _status_text(status)
    if status == 409:
        replayed = response.headers.get("idempotent-replayed", "")
        if replayed.strip().lower() == "false":
            if idempotent:
                return True, "409 idempotent request in progress"
            return False, f"{text} (in progress, but no Idempotency-Key to reuse)"
        return False, text
    if status in TERMINAL_STATUSES:
        return False, text
    if status not in RETRYABLE_STATUSES:
        return False, text
    if not _safe_to_repeat(method, idempotent):
        return False, f"{text}; {_unsafe_note(method)}"
    return True, text


def _classify_error(
    error: BaseException, *, method: str, idempotent: bool, maybe_sent: bool
) -> tuple[bool, str]:
    reason = _error_reason(error)
    if not isinstance(error, httpx.TransportError):
        return False, reason
    if not maybe_sent or isinstance(error, _NEVER_SENT_ERRORS):
        return True, reason
    if not _safe_to_repeat(method, idempotent):
        return False, f"{reason}; {_unsafe_note(method)}"
    return True, reason


def _error_reason(error: BaseException) -> str:
    for kind, reason in _ERROR_REASONS:
        if isinstance(error, kind):
            return reason
    return type(error).__name__


def _unsafe_note(method: str) -> str:
    return (
        f"not retried: the {method.upper()} request may have reached the server "
        "and has no Idempotency-Key"
    )


def _parse_retry_after(
    headers: httpx.Headers, now: Callable[[], float]
) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After``; None if absent or invalid."""
    millis = _parse_number(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _parse_number(value)
    if seconds is not None:
        return seconds
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp() - now()


def _parse_number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None
