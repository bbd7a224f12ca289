# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Raw responses: status, headers and the parsed body of one call.

`client.with_raw_response.messages.create(...)` runs the ordinary method with
a context variable set; the base client sees it and returns an `APIResponse`
instead of the parsed body. Errors still raise as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Generic, ParamSpec, TypeVar, cast

import httpx

__all__ = [
    "APIResponse",
    "async_to_raw_response_wrapper",
    "raw_mode",
    "to_raw_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

_RAW: ContextVar[bool] = ContextVar("ahasend_raw_response", default=False)
_UNPARSED = object()


class APIResponse(Generic[T]):
    """The HTTP response of a successful call, with its body parsed on demand."""

    def __init__(self, http_response: httpx.Response, parser: Callable[[], T]) -> None:
        self.http_response = http_response
        self._parser = parser
        self._parsed: object = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        headers = self.http_response.headers
        found: str | None = headers.get("x-request-id") or headers.get("request-id")
        return found

    @property
    def idempotent_replayed(self) -> bool | None:
        """True when the API replayed a stored response for the idempotency key."""
        value = self.http_response.headers.get("idempotent-replayed")
        return None if value is None else value.strip().lower() == "true"

    def parse(self) -> T:
        """The body as the method's return type (parsed once, then cached)."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parser()
        return cast(T, self._parsed)

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {request.url}>"


def raw_mode() -> bool:
    """Whether the current call should return an `APIResponse`."""
    return _RAW.get()


def to_raw_response_wrapper(func: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """`func`, returning the `APIResponse` instead of the parsed body."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(APIResponse[T], func(*args, **kwargs))
        finally:
            _RAW.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[APIResponse[T]]]:
    """The async twin of `to_raw_response_wrapper`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(APIResponse[T], await func(*args, **kwargs))
        finally:
            _RAW.reset(token)

    return wrapped
