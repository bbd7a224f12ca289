"""Logging through ``logging.getLogger("ahasend")``, with secrets kept out.

Every helper checks ``logger.isEnabledFor`` before building a message, so a
client whose logging is off pays one method call per event. Credentials never
reach a log record: headers go through ``redact_headers`` and the API key lives
in a ``Secret`` whose ``repr``/``str``/``format`` show only asterisks.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable, Mapping

import httpx

__all__ = [
    "MASK",
    "Secret",
    "log_request",
    "log_response",
    "log_retry",
    "logger",
    "redact_headers",
]

logger = logging.getLogger("ahasend")
logger.addHandler(logging.NullHandler())

MASK = "****"

# A header whose lower-cased name contains one of these is masked entirely.
_SECRET_NAME_PARTS = (
    "key",
    "secret",
    "token",
    "signature",
    "cookie",
    "password",
    "credential",
)
# Named "key" but not secret, and needed to correlate retries in logs.
_PUBLIC_HEADERS = frozenset({"idempotency-key"})
# The scheme ("Bearer") is kept, the credential masked.
_AUTHORIZATION_HEADERS = frozenset({"authorization", "proxy-authorization"})

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]] | httpx.Headers


class Secret:
    """A string that never shows itself: ``repr``/``str``/``format`` mask it.

    ``get()`` returns the value. Equality is by value, in constant time.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"Secret wraps a str, got {type(value).__name__}")
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    __str__ = __repr__

    def __format__(self, format_spec: str) -> str:
        return format(repr(self), format_spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled; keep the value where it was")


def redact_headers(headers: HeadersLike) -> dict[str, str]:
    """A copy of ``headers`` safe to log: credentials replaced by ``****``.

    ``Authorization: Bearer aha-sk-...`` becomes ``Bearer ****``; any header
    whose name contains key, secret, token, signature, cookie, password or
    credential (except ``Idempotency-Key``) becomes ``****``.
    """
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    redacted: dict[str, str] = {}
    for name, value in pairs:
        redacted[name] = _redact_value(name, value)
    return redacted


def _redact_value(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered in _AUTHORIZATION_HEADERS:
        scheme, space, _credential = value.strip().partition(" ")
        return f"{scheme} {MASK}" if space else MASK
    if lowered in _PUBLIC_HEADERS:
        return value
    if any(part in lowered for part in _SECRET_NAME_PARTS):
        return MASK
    return value


def _loggable_url(url: httpx.URL | str) -> str:
    """The URL as text, with any userinfo password masked."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    if parsed.password:
        parsed = parsed.copy_with(password=MASK)
    return str(parsed)


def log_request(method: str, url: httpx.URL | str, attempt: int) -> None:
    """DEBUG: a request is about to be sent.

    ``attempt`` here and below is the number of retries already made, as in
    ``RetryPolicy.decide``: 0 for the first try (logged as "attempt 1").
    """
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "HTTP request: %s %s (attempt %d)",
            method.upper(),
            _loggable_url(url),
            attempt + 1,
        )


def log_response(
    method: str, url: httpx.URL | str, status: int, elapsed: float, attempt: int
) -> None:
    """DEBUG for success, INFO for an error status: a response arrived."""
    level = logging.INFO if status >= 400 else logging.DEBUG
    if logger.isEnabledFor(level):
        logger.log(
            level,
            "HTTP response: %s %s -> %d %s in %.3fs (attempt %d)",
            method.upper(),
            _loggable_url(url),
            status,
            httpx.codes.get_reason_phrase(status),
            elapsed,
            attempt + 1,
        )


def log_retry(
    method: str, url: httpx.URL | str, reason: str, delay: float, attempt: int
) -> None:
    """INFO: the request will be retried after ``delay`` seconds."""
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "Retrying %s %s in %.3fs (retry %d): %s",
            method.upper(),
            _loggable_url(url),
            delay,
            attempt + 1,
            reason,
        )
