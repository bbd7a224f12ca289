"""templates/runtime/_http.py: the size limit, redirect checks and timeout caps of
one exchange, and `Omittable` from _models.py."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pydantic
import pytest

from tests.runtime._load import runtime

http = runtime("_http")
exceptions = runtime("_exceptions")
models = runtime("_models")
request_module = runtime("_request")
types_ = runtime("_types")
ORIGIN = httpx.URL("https://api.ahasend.com")


class Chunks(httpx.SyncByteStream):
    """A body that arrives in pieces and counts how many were pulled."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.pulled = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk


class AsyncChunks(httpx.AsyncByteStream):
    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def streamed(stream: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("GET", "https://api.ahasend.com/v2/ping")
    return httpx.Response(200, stream=stream, headers=headers, request=request)


def test_a_body_within_the_limit_is_read_and_kept() -> None:
    response = streamed(Chunks(b'{"message":', b'"pong"}'))
    http.read_limited(response, 100)
    assert response.json() == {"message": "pong"} and response.is_closed


def test_reading_stops_at_the_first_chunk_past_the_limit() -> None:
    body = Chunks(b"x" * 60, b"x" * 60, b"x" * 60, b"x" * 60)
    response = streamed(body)
    with pytest.raises(exceptions.ResponseTooLargeError, match="max_response_bytes=100"):
        http.read_limited(response, 100)
    assert body.pulled == 2 and response.is_closed


def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    body = Chunks(b"x" * 10)
    response = streamed(body, {"Content-Length": "5000"})
    with pytest.raises(exceptions.ResponseTooLargeError) as caught:
        http.read_limited(response, 1000)
    assert body.pulled == 0 and caught.value.limit == 1000
    assert "GET /v2/ping" in str(caught.value)


def test_the_limit_counts_decoded_bytes() -> None:
    bomb = gzip.compress(b"0" * 100_000)
    response = streamed(Chunks(bomb), {"Content-Encoding": "gzip"})
    with pytest.raises(exceptions.ResponseTooLargeError):
        http.read_limited(response, 10_000)


def in_memory(body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    """A response whose transport held the body in memory (read when it was made)."""
    request = httpx.Request("GET", "https://api.ahasend.com/v2/ping")
    return httpx.Response(200, content=body, headers=headers, request=request)


def test_a_body_already_in_memory_is_held_to_the_same_limit() -> None:
    response = in_memory(b'{"message":"pong"}')
    http.read_limited(response, 100)
    assert response.json() == {"message": "pong"} and response.is_closed
    with pytest.raises(exceptions.ResponseTooLargeError):
        http.read_limited(in_memory(b"x" * 101), 100)
    bomb = gzip.compress(b"0" * 100_000)  # in memory, decoded when it was made
    with pytest.raises(exceptions.ResponseTooLargeError):
        http.read_limited(in_memory(bomb, {"Content-Encoding": "gzip"}), 10_000)
    ok = in_memory(b"[1]")
    asyncio.run(http.aread_limited(ok, 10))
    assert ok.json() == [1] and ok.is_closed
    with pytest.raises(exceptions.ResponseTooLargeError):
        asyncio.run(http.aread_limited(in_memory(b"x" * 11), 10))


def test_the_async_reader_applies_the_same_limit() -> None:
    ok = streamed(AsyncChunks(b"[1,", b"2]"))
    asyncio.run(http.aread_limited(ok, 10))
    assert ok.json() == [1, 2]
    with pytest.raises(exceptions.ResponseTooLargeError):
        asyncio.run(http.aread_limited(streamed(AsyncChunks(b"x" * 11)), 10))


def redirect_to(location: str, request_url: str = "https://api.ahasend.com/v2/x") -> Any:
    """The 307 response httpx gives for a redirect, with `next_request` filled in."""
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(307, headers={"Location": location})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        headers = {"Authorization": "Bearer aha-sk-secret"}
        return client.send(client.build_request("POST", request_url, headers=headers,
                                                content=b"{}"))


@pytest.mark.parametrize(("location", "keeps_key"), [
    ("/v2/y", True),
    ("https://api.ahasend.com/v2/y", True),
    ("https://other.example.com/v2/y", False),
    ("https://api.ahasend.com:444/v2/y", False),
    ("http://127.0.0.1:4010/v2/y", False),
])
def test_a_redirect_keeps_the_key_only_on_the_base_urls_origin(location: str,
                                                              keeps_key: bool) -> None:
    hop = http.redirect_request(redirect_to(location), origin=ORIGIN, hops=0)
    assert ("authorization" in hop.headers) is keeps_key
    assert hop.method == "POST" and hop.read() == b"{}"  # 307 keeps method and body


@pytest.mark.parametrize("location", ["http://api.ahasend.com/v2/y", "ftp://example.com/y"])
def test_a_redirect_off_https_is_refused(location: str) -> None:
    with pytest.raises(exceptions.APIError, match="refused to follow the redirect of POST"):
        http.redirect_request(redirect_to(location), origin=ORIGIN, hops=0)


def test_redirects_end_after_the_maximum_number_of_hops() -> None:
    response = redirect_to("/v2/y")
    http.redirect_request(response, origin=ORIGIN, hops=http.MAX_REDIRECTS - 1)
    with pytest.raises(exceptions.APIError, match="more than 5 times"):
        http.redirect_request(response, origin=ORIGIN, hops=http.MAX_REDIRECTS)


def test_capped_timeout_lowers_each_phase_and_keeps_the_request() -> None:
    timeout = httpx.Timeout(60.0, connect=5.0, pool=None)
    request = httpx.Client(timeout=timeout).build_request(
        "POST", "https://api.ahasend.com/v2/x", content=b"{}", headers={"Idempotency-Key": "k"})
    capped = http.capped_timeout(request, 10.0)
    assert capped.extensions["timeout"] == {"connect": 5.0, "read": 10.0, "write": 10.0,
                                            "pool": 10.0}
    assert request.extensions["timeout"]["read"] == 60.0  # the original is untouched
    assert capped.headers["idempotency-key"] == "k" and capped.content == b"{}"
    assert http.capped_timeout(request, -3.0).extensions["timeout"]["read"] == 0.0


class Sample(models.RequestModel):  # type: ignore[misc, name-defined]
    subject: models.Omittable[str] = None  # type: ignore[name-defined]


def test_an_omittable_field_may_be_left_out_but_not_null() -> None:
    assert request_module.json_body(Sample, {"subject": types_.NOT_GIVEN}) == b"{}"
    assert request_module.json_body(Sample, {"subject": "hi"}) == b'{"subject":"hi"}'
    with pytest.raises(pydantic.ValidationError, match="not null"):
        Sample(subject=None)
