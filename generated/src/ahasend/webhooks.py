# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Verify webhook deliveries (Standard Webhooks signatures) and parse their events.

    from ahasend import webhooks

    event = webhooks.unwrap(body, headers, secret)  # verify, then parse

`body` must be the raw request body, byte for byte: parsing and re-serialising
the JSON changes it and breaks the signature. `secret` is the one returned when
the webhook or route was created, used as is: its UTF-8 bytes, prefix included.
(Standard Webhooks libraries base64-decode `whsec_` secrets instead, derive
another key, and reject every real delivery.)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

from ._exceptions import AhaSendError

if TYPE_CHECKING:
    from .webhook_events import WebhookEvent

__all__ = [
    "DEFAULT_TOLERANCE",
    "HeaderSource",
    "WebhookVerificationError",
    "sign",
    "unwrap",
    "verify",
]

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
DEFAULT_TOLERANCE = timedelta(minutes=5)
_VERSION = "v1"
# ASCII digits only: int() would also accept " +1_0", and very long numbers.
_UNIX_SECONDS = re.compile(r"[0-9]{1,18}")
_SHOWN = 40  # characters of a bad header value quoted in an error


@runtime_checkable
class _HasItems(Protocol):
    """A mapping, `httpx.Headers`, `http.server`'s headers, most frameworks' headers."""

    def items(self) -> Iterable[tuple[str, str]]: ...


# What `headers` may be: anything with `.items()`, or (name, value) pairs such as
# an ASGI scope's `headers` (bytes are decoded as Latin-1, as HTTP defines).
HeaderSource: TypeAlias = _HasItems | Iterable[tuple[str | bytes, str | bytes]]


class WebhookVerificationError(AhaSendError):
    """A delivery failed verification: answer it with a 4xx and do not act on it.

    `reason` is a stable code for logs and metrics: "missing_header",
    "bad_timestamp", "too_old", "too_new", "no_v1_signature" or
    "no_matching_signature". Messages never contain the secret.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


def verify(
    payload: bytes | str,
    headers: HeaderSource,
    secret: str,
    *,
    tolerance: timedelta | float = DEFAULT_TOLERANCE,
    now: datetime | float | None = None,
) -> None:
    """Check that `payload` was signed with `secret`, within `tolerance` of `now`.

    `headers` are the request's headers (any case). `tolerance` is a timedelta
    or seconds (default 5 minutes); `now` defaults to this machine's clock.
    Returns None for an authentic delivery; otherwise raises
    WebhookVerificationError saying what is wrong.
    """
    key = _key(secret)
    found = _header_values(headers)
    msg_id = _header(found, ID_HEADER)[0]
    stamp = _header(found, TIMESTAMP_HEADER)[0]
    signatures = " ".join(_header(found, SIGNATURE_HEADER))
    _check_timestamp(stamp, _seconds(tolerance), _unix_time(now))
    _check_signatures(signatures, _signature(key, msg_id, stamp, _bytes(payload)))


def unwrap(
    payload: bytes | str,
    headers: HeaderSource,
    secret: str,
    *,
    tolerance: timedelta | float = DEFAULT_TOLERANCE,
    now: datetime | float | None = None,
) -> WebhookEvent:
    """Verify the delivery (see `verify`), then return its typed event.

    An event type this client does not know yet parses as
    `webhook_events.UnknownWebhookEvent`, keeping everything that was sent. A
    payload that is not a JSON object with a string `type`, or that does not
    match its type's model, raises `pydantic.ValidationError`.
    """
    verify(payload, headers, secret, tolerance=tolerance, now=now)
    # Generated from the webhooks document; imported on first use only.
    from .webhook_events import parse_event

    return parse_event(payload)


def sign(
    payload: bytes | str,
    *,
    secret: str,
    msg_id: str | None = None,
    timestamp: datetime | float | None = None,
) -> dict[str, str]:
    """The three headers that make `payload` verify with `secret`.

    For testing your own webhook handler: send `payload` with these headers.
    `msg_id` defaults to a new random id, `timestamp` to now.
    """
    key = _key(secret)
    msg_id = f"msg_{uuid.uuid4().hex}" if msg_id is None else msg_id
    if not msg_id:
        raise ValueError("msg_id must not be empty: AhaSend's event ids never are")
    stamp = str(int(_unix_time(timestamp)))
    signature = _signature(key, msg_id, stamp, _bytes(payload)).decode("ascii")
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: f"{_VERSION},{signature}",
    }


# -- inputs -------------------------------------------------------------------------


def _key(secret: str) -> bytes:
    """The HMAC key: the secret's literal UTF-8 bytes (never base64-decoded)."""
    if not isinstance(secret, str):
        raise TypeError(f"secret must be a str, not {type(secret).__name__}")
    if not secret:
        raise ValueError(
            "the webhook secret is empty: pass the secret returned when the webhook "
            "or route was created"
        )
    return secret.encode("utf-8")


def _bytes(payload: bytes | str) -> bytes:
    return payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _header_values(headers: HeaderSource) -> dict[str, list[str]]:
    """Every header's values by lower-cased name, repeated lines kept in order."""
    if isinstance(headers, str | bytes):
        raise TypeError(
            "headers must be a mapping or (name, value) pairs, not a string"
        )
    pairs = headers.items() if isinstance(headers, _HasItems) else headers
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        found.setdefault(_text(name).strip().lower(), []).append(_text(value).strip())
    return found


def _header(found: dict[str, list[str]], name: str) -> list[str]:
    values = [value for value in found.get(name, []) if value]
    if not values:
        raise WebhookVerificationError(
            f"the {name} header is missing: AhaSend signs every delivery with "
            f"{ID_HEADER}, {TIMESTAMP_HEADER} and {SIGNATURE_HEADER}; pass the "
            "request's headers unchanged",
            "missing_header",
        )
    return values


def _seconds(tolerance: timedelta | float) -> float:
    seconds = (
        tolerance.total_seconds()
        if isinstance(tolerance, timedelta)
        else float(tolerance)
    )
    if not seconds >= 0:
        raise ValueError(f"tolerance must be 0 seconds or more, not {tolerance!r}")
    return seconds


def _unix_time(when: datetime | float | None) -> float:
    if when is None:
        return time.time()
    return when.timestamp() if isinstance(when, datetime) else float(when)


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "...")


# -- checks -------------------------------------------------------------------------


def _check_timestamp(stamp: str, tolerance: float, now: float) -> None:
    if not _UNIX_SECONDS.fullmatch(stamp):
        raise WebhookVerificationError(
            f"the {TIMESTAMP_HEADER} header is not a Unix time in seconds: "
            f"{_shown(stamp)}",
            "bad_timestamp",
        )
    age = now - int(stamp)
    if age > tolerance:
        raise WebhookVerificationError(
            f"the delivery is too old: signed {age:.0f} s ago, more than the "
            f"{tolerance:g} s tolerance (a replayed or long-delayed request)",
            "too_old",
        )
    if -age > tolerance:
        raise WebhookVerificationError(
            f"the delivery is too new: its {TIMESTAMP_HEADER} is {-age:.0f} s in the "
            f"future, more than the {tolerance:g} s tolerance; check this "
            "machine's clock",
            "too_new",
        )


def _signature(key: bytes, msg_id: str, stamp: str, body: bytes) -> bytes:
    """base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))."""
    content = f"{msg_id}.{stamp}.".encode() + body
    return base64.b64encode(hmac.new(key, content, hashlib.sha256).digest())


def _check_signatures(header: str, expected: bytes) -> None:
    """Any one `v1,<signature>` of the space-separated list matching is enough."""
    versions = []
    for token in header.split():
        # Headers joined by a proxy or client arrive as "v1,a, v1,b": base64 has no ",".
        version, _, value = token.rstrip(",").partition(",")
        versions.append(version)
        # compare_digest: the time taken says nothing about how much matched.
        if version == _VERSION and hmac.compare_digest(value.encode(), expected):
            return
    if _VERSION not in versions:
        shown = ", ".join(sorted(set(versions))) or "nothing"
        raise WebhookVerificationError(
            f"the {SIGNATURE_HEADER} header has no {_VERSION} signature (found: "
            f"{_shown(shown)}); expected space-separated '{_VERSION},<base64>' values",
            "no_v1_signature",
        )
    raise WebhookVerificationError(
        f"no {_VERSION} signature in the {SIGNATURE_HEADER} header matches: the body, "
        f"{ID_HEADER} or {TIMESTAMP_HEADER} changed after signing, or the secret is "
        "not this webhook's (verify the raw request body with the secret returned "
        "when the webhook or route was created)",
        "no_matching_signature",
    )
