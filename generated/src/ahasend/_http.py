# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Guards around one HTTP exchange: a body size limit, safe redirects, deadlines.

The base client sends with `stream=True` and reads the body here, so a body
larger than the client's limit is refused while it arrives (decoded bytes are
counted, so a small compressed "bomb" is stopped too) instead of filling memory.
Redirects are off by default; when a client follows them, every hop must stay on
HTTPS (or loopback) and the API key is only sent to the base URL's origin.
"""

from __future__ import annotations

import httpx

from ._exceptions import APIError, ResponseTooLargeError
from ._urls import check_base_url, same_origin

__all__ = [
    "MAX_REDIRECTS",
    "aread_limited",
    "capped_timeout",
    "read_limited",
    "redirect_request",
]

#: Hops a client that follows redirects takes before giving up.
MAX_REDIRECTS = 5


def read_limited(response: httpx.Response, limit: int) -> None:
    """Read the streamed body of `response`, refusing more than `limit` bytes."""
    if _declared_too_large(response, limit):
        response.close()
        raise ResponseTooLargeError(response, limit)
    if response.is_stream_consumed:  # a body in memory, read when it was made
        response.close()
        _check_read(response, limit)
        return
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(response, limit)
            chunks.append(chunk)
    finally:
        response.close()
    _keep_body(response, b"".join(chunks))


async def aread_limited(response: httpx.Response, limit: int) -> None:
    """The async twin of `read_limited`."""
    if _declared_too_large(response, limit):
        await response.aclose()
        raise ResponseTooLargeError(response, limit)
    if response.is_stream_consumed:  # a body in memory, read when it was made
        await response.aclose()
        _check_read(response, limit)
        return
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise ResponseTooLargeError(response, limit)
            chunks.append(chunk)
    finally:
        await response.aclose()
    _keep_body(response, b"".join(chunks))


def _declared_too_large(response: httpx.Response, limit: int) -> bool:
    for name, value in response.headers.raw:  # cheaper than a lookup by name
        if name.lower() == b"content-length":
            declared = value.strip()
            if declared.isdigit() and int(declared) > limit:
                return True
    return False


def _check_read(response: httpx.Response, limit: int) -> None:
    # A transport that hands over a body it holds in memory (MockTransport, a
    # test double) makes a response that read it when it was made: there is
    # nothing left to stream, only its size to check.
    if len(response.content) > limit:  # ResponseNotRead if it was not kept
        raise ResponseTooLargeError(response, limit)


def _keep_body(response: httpx.Response, body: bytes) -> None:
    # What `Response.read()` stores; setting it ourselves keeps the response
    # whole (headers, extensions) while the size was checked chunk by chunk.
    response._content = body


def redirect_request(
    response: httpx.Response, *, origin: httpx.URL, hops: int
) -> httpx.Request:
    """The request that follows the redirect `response` (one with a Location).

    Raises APIError after MAX_REDIRECTS hops or for a target that is not HTTPS
    (plain HTTP is allowed for loopback only). The Authorization header is
    dropped when the target is not on `origin`, the base URL's origin.
    """
    target = response.next_request
    source = response.request
    if target is None:  # httpx sets it for every response with a Location
        raise APIError("the redirect has no usable Location header", source)
    if hops >= MAX_REDIRECTS:
        raise APIError(
            f"{source.method} {source.url.path} was redirected more than "
            f"{MAX_REDIRECTS} times; check base_url",
            source,
        )
    where = target.url.copy_with(query=None, fragment=None)
    try:
        check_base_url(str(where))
    except ValueError as error:
        raise APIError(
            f"refused to follow the redirect of {source.method} {source.url.path}: "
            f"{error}",
            source,
        ) from None
    if not same_origin(target.url, origin):
        target.headers.pop("Authorization", None)
    return target


def capped_timeout(request: httpx.Request, seconds: float) -> httpx.Request:
    """A copy of `request` whose every timeout is at most `seconds`."""
    seconds = max(seconds, 0.0)
    configured = request.extensions.get("timeout") or {}
    phases = ("connect", "read", "write", "pool")
    capped = {
        phase: (
            seconds
            if configured.get(phase) is None
            else min(configured[phase], seconds)
        )
        for phase in phases
    }
    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers,
        content=request.content,
        extensions={**request.extensions, "timeout": capped},
    )
