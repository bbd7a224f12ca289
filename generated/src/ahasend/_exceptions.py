# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Every error the client raises, one class per failure family.

`AhaSendError` ▸ `APIError` ▸ `APIConnectionError` ▸ `APITimeoutError` for
requests that got no response, and `APIError` ▸ `APIStatusError` ▸ one class
per HTTP status for responses outside 2xx. Messages never contain the API key.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AhaSendError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "IdempotencyInProgressError",
    "IdempotencyKeyReusedError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "make_status_error",
]

REQUEST_ID_HEADERS = ("x-request-id", "request-id")
REPLAYED_HEADER = "idempotent-replayed"
IDEMPOTENCY_HEADER = "idempotency-key"


class AhaSendError(Exception):
    """Base of every error this package raises (configuration errors included)."""


class APIError(AhaSendError):
    """A request to the API failed."""

    def __init__(self, message: str, request: httpx.Request | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No response arrived: DNS, TCP, TLS or protocol failure."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None
    ) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out before a response arrived."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None
    ) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """A 2xx response whose body is not what the API documents.

    The validation error is the `__cause__`; `response` is the HTTP response.
    """

    def __init__(self, response: httpx.Response, error: Exception) -> None:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        super().__init__(
            f"the {response.status_code} response body does not match the documented "
            f"schema: {detail}",
            response.request,
        )
        self.response = response
        self.status_code = response.status_code
        self.request_id = _request_id(response)


class ResponseTooLargeError(APIError):
    """A response body larger than the client's `max_response_bytes`; the body
    was dropped unread past the limit. `response` is the HTTP response."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        request = response.request
        super().__init__(
            f"the {response.status_code} response to {request.method} "
            f"{request.url.path} is larger than max_response_bytes={limit}; pass a "
            "larger max_response_bytes to the client if such bodies are expected",
            request,
        )
        self.response = response
        self.status_code = response.status_code
        self.limit = limit


class APIStatusError(APIError):
    """The API answered with a status outside 2xx.

    `message` is the API's own `message` field when the body has one; `body` is
    the parsed JSON body (or the text when it is not JSON).
    """

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.body = body
        self.status_code = response.status_code
        self.request_id = _request_id(response)

    def __str__(self) -> str:
        text = f"{self.status_code} {self.message}"
        return f"{text} (request_id: {self.request_id})" if self.request_id else text


class BadRequestError(APIStatusError):
    """400: the request is malformed or fails validation on the server."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, malformed, revoked or unknown."""


class PermissionDeniedError(APIStatusError):
    """403: the API key lacks a scope this operation needs."""


class NotFoundError(APIStatusError):
    """404: the resource does not exist (or is not visible to this key)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state of the resource."""


class IdempotencyInProgressError(ConflictError):
    """409 with `Idempotent-Replayed: false`: a request with this idempotency
    key is still being processed. Retried automatically with the same key."""


class PreconditionFailedError(APIStatusError):
    """412: the original request with this idempotency key failed, so the key
    cannot be reused. Send the request again with a new idempotency key."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but the API cannot process it."""


class IdempotencyKeyReusedError(UnprocessableEntityError):
    """422 for an idempotency key that was already used with a different
    request body. Use a new key for a different request."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, honouring Retry-After."""


class InternalServerError(APIStatusError):
    """5xx: the API failed; retried automatically."""


class ServiceUnavailableError(InternalServerError):
    """503: the API is temporarily unavailable; retried automatically."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}

_EXPLANATIONS: dict[type[APIStatusError], str] = {
    IdempotencyInProgressError: "a request with this idempotency key is still in progress",
    PreconditionFailedError: (
        "the original request with this idempotency key failed; "
        "the key cannot be reused, send the request with a new key"
    ),
    IdempotencyKeyReusedError: (
        "the idempotency key was already used with a different request body; "
        "use a new key for a different request"
    ),
}


def make_status_error(response: httpx.Response, note: str = "") -> APIStatusError:
    """The exception for a non-2xx `response` (its body must have been read).

    `note` (e.g. why the request was not retried) is added to the message.
    """
    body = _parse_body(response)
    cls = _error_class(response, body)
    message = _message(response, body)
    explanation = _EXPLANATIONS.get(cls)
    if explanation and explanation not in message.lower():
        message = f"{message} ({explanation})"
    if note:
        message = f"{message} ({note})"
    request = response.request
    body = _without_key(body, request)
    return cls(_without_key(message, request), response=response, body=body)


def _error_class(response: httpx.Response, body: object) -> type[APIStatusError]:
    status = response.status_code
    replayed = response.headers.get(REPLAYED_HEADER, "").strip().lower()
    if status == 409 and replayed == "false":
        return IdempotencyInProgressError
    if status == 422 and _is_key_reuse(response, body):
        return IdempotencyKeyReusedError
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return InternalServerError if status >= 500 else APIStatusError


def _is_key_reuse(response: httpx.Response, body: object) -> bool:
    """A 422 to a request that carried a key, whose message is about the key."""
    sent_key = IDEMPOTENCY_HEADER in response.request.headers
    return sent_key and "idempoten" in _message(response, body).lower()


def _parse_body(response: httpx.Response) -> object:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text or None


def _message(response: httpx.Response, body: object) -> str:
    if isinstance(body, dict):
        found: Any = body.get("message") or body.get("error")
        if isinstance(found, str) and found:
            return found
    if response.is_redirect:
        return (
            f"redirected to {response.headers.get('location', '?')!r}; the client "
            "follows redirects only with follow_redirects=True, check base_url"
        )
    return response.reason_phrase or "HTTP error"


def _request_id(response: httpx.Response) -> str | None:
    for name in REQUEST_ID_HEADERS:
        if name in response.headers:
            return response.headers[name]
    return None


_Body = TypeVar("_Body")


def _without_key(value: _Body, request: httpx.Request) -> _Body:
    """`value` (text, or a parsed JSON body) without the API key, in case a server
    echoes it back."""
    auth = request.headers.get("authorization", "")
    key = auth.partition(" ")[2].strip()
    return _replace(value, key) if len(key) >= 8 else value


def _replace(value: Any, key: str) -> Any:
    if isinstance(value, str):
        return value.replace(key, "[REDACTED]")
    if isinstance(value, dict):
        return {_replace(k, key): _replace(v, key) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(item, key) for item in value]
    return value
