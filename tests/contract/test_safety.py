"""What the generated client refuses to do: leak the API key, follow a redirect
off its origin, read an unbounded body, send a null the API does not allow, or
let an argument rewrite the path or the headers."""

from __future__ import annotations

import gzip
import json
import logging
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

from tests.contract.conftest import API_KEY
from tests.contract.fakes import (
    MESSAGE,
    MODES,
    FakeAhaSend,
    read_timeout,
    reset_after_send,
    run,
    sent_json,
    status,
)

MESSAGES_URL = "https://api.ahasend.com/v2/accounts/3fa85f64-5717-4562-b3fc-2c963f66afa6/messages"


@pytest.mark.parametrize("mode", MODES)
def test_the_api_key_appears_in_no_log_repr_or_error_of_a_retried_call(
    ahasend: ModuleType, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ahasend")
    echo = status(401, message=f"key {API_KEY} is revoked")  # a server echoing the key
    server = FakeAhaSend([status(503), reset_after_send, read_timeout, echo])
    with pytest.raises(ahasend.AuthenticationError) as caught:
        run(ahasend, mode, server, lambda api: api.messages.create(**MESSAGE), max_retries=3)
    error = caught.value
    assert len(server.requests) == 4 and "Bearer ****" in caplog.text
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    texts = [caplog.text, str(error), repr(error), *map(str, error.args), error.message,
             repr(error.request), repr(error.response), repr(error.body)]
    for cls in (ahasend.AhaSend, ahasend.AsyncAhaSend):
        api = cls(api_key=API_KEY)
        texts += [repr(api), str(api), repr(vars(api))]
    for text in texts:
        assert API_KEY not in text


@pytest.mark.parametrize("mode", MODES)
def test_a_body_over_the_size_limit_is_an_error_not_a_memory_blow_up(
    ahasend: ModuleType, mode: str
) -> None:
    big = {"message": "x" * 5000}
    server = FakeAhaSend([lambda request, _: httpx.Response(200, json=big)])
    with pytest.raises(ahasend.ResponseTooLargeError, match="max_response_bytes=1024"):
        run(ahasend, mode, server, lambda api: api.utility.ping(), max_response_bytes=1024)
    assert len(server.requests) == 1  # not retried: it would be as large again


@pytest.mark.parametrize("mode", MODES)
def test_a_compressed_bomb_is_stopped_by_its_decoded_size(ahasend: ModuleType, mode: str) -> None:
    bomb = gzip.compress(b'{"message": "' + b"0" * 1_000_000 + b'"}')
    assert len(bomb) < 2000

    def answer(request: httpx.Request, _: FakeAhaSend) -> httpx.Response:
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        return httpx.Response(200, content=bomb, headers=headers)

    with pytest.raises(ahasend.ResponseTooLargeError) as caught:
        run(ahasend, mode, FakeAhaSend([answer]), lambda api: api.utility.ping(),
            max_response_bytes=64_000)
    assert caught.value.limit == 64_000 and caught.value.status_code == 200


@pytest.mark.parametrize("mode", MODES)
def test_a_body_within_the_limit_is_parsed(ahasend: ModuleType, mode: str) -> None:
    server = FakeAhaSend([lambda request, _: httpx.Response(200, json={"message": "pong"})])
    pong = run(ahasend, mode, server, lambda api: api.utility.ping(), max_response_bytes=64)
    assert pong.message == "pong"


def redirect(location: str, code: int = 307) -> Any:
    return lambda request, _: httpx.Response(code, headers={"Location": location})


@pytest.mark.parametrize("mode", MODES)
def test_redirects_are_not_followed_by_default(ahasend: ModuleType, mode: str) -> None:
    server = FakeAhaSend([redirect("https://elsewhere.example.com/v2/ping")])
    with pytest.raises(ahasend.APIStatusError, match="follow_redirects=True") as caught:
        run(ahasend, mode, server, lambda api: api.utility.ping())
    assert caught.value.status_code == 307 and len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("location", "keeps_key"), [
    ("https://api.ahasend.com/v2/ping-here", True),
    ("https://elsewhere.example.com/v2/ping", False),
    ("https://api.ahasend.com:8443/v2/ping", False),
])
def test_a_followed_redirect_sends_the_key_only_to_the_base_urls_origin(
    ahasend: ModuleType, mode: str, location: str, keeps_key: bool
) -> None:
    server = FakeAhaSend([redirect(location)])
    run(ahasend, mode, server, lambda api: api.utility.ping(), follow_redirects=True)
    hop = server.requests[1]
    assert str(hop.url) == location
    assert ("authorization" in hop.headers) is keeps_key


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_to_plain_http_is_refused(ahasend: ModuleType, mode: str) -> None:
    server = FakeAhaSend([redirect("http://api.ahasend.com/v2/ping")])
    with pytest.raises(ahasend.APIError, match="refused to follow the redirect.*plain http"):
        run(ahasend, mode, server, lambda api: api.utility.ping(), follow_redirects=True)
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_redirect_loops_end_with_an_error(ahasend: ModuleType, mode: str) -> None:
    server = FakeAhaSend([redirect("https://api.ahasend.com/v2/ping")] * 10)
    with pytest.raises(ahasend.APIError, match="redirected more than 5 times"):
        run(ahasend, mode, server, lambda api: api.utility.ping(), follow_redirects=True)
    assert len(server.requests) == 6


@pytest.mark.parametrize("mode", MODES)
def test_none_is_sent_as_null_where_the_api_allows_null(ahasend: ModuleType, mode: str) -> None:
    server = FakeAhaSend()
    run(ahasend, mode, server, lambda api: api.messages.create(**MESSAGE, tracking=None))
    (body,) = sent_json(server.requests)
    assert body["tracking"] is None and "retention" not in body and "from" in body


@pytest.mark.parametrize("field", ["reply_to", "text_content", "tags", "schedule"])
def test_none_is_refused_before_sending_where_the_api_does_not_allow_null(
    ahasend: ModuleType, field: str
) -> None:
    server = FakeAhaSend()
    with pytest.raises(pydantic.ValidationError, match="not null") as caught:
        run(ahasend, "sync", server, lambda api: api.messages.create(**{**MESSAGE, field: None}))
    assert field in str(caught.value) and not server.requests


def test_request_models_state_the_documented_limits(ahasend: ModuleType) -> None:
    server = FakeAhaSend()
    with pytest.raises(pydantic.ValidationError, match="retention.metadata"):
        run(ahasend, "sync", server,
            lambda api: api.messages.create(**MESSAGE, retention={"metadata": 31}))
    assert not server.requests


def test_more_than_100_recipients_are_refused_before_sending(ahasend: ModuleType) -> None:
    # The limit comes from the create-message guide via spec/codegen.toml [[overlays]].
    server = FakeAhaSend()
    recipients = [{"email": f"user{i}@example.com"} for i in range(101)]
    with pytest.raises(pydantic.ValidationError, match="at most 100 items"):
        run(ahasend, "sync", server,
            lambda api: api.messages.create(**{**MESSAGE, "recipients": recipients}))
    assert not server.requests
    run(ahasend, "sync", server,
        lambda api: api.messages.create(**{**MESSAGE, "recipients": recipients[:100]}))
    (body,) = sent_json(server.requests)
    assert len(body["recipients"]) == 100


@pytest.mark.parametrize("value", ["../admin", "a/b", "..", "", "id\r\nX-Evil: 1"])
def test_path_values_cannot_change_the_path(ahasend: ModuleType, value: str) -> None:
    server = FakeAhaSend()
    with pytest.raises(ValueError, match="message_id"):
        run(ahasend, "sync", server, lambda api: api.messages.get(value))
    assert not server.requests


def test_header_values_with_line_breaks_are_refused(ahasend: ModuleType) -> None:
    server = FakeAhaSend()
    with pytest.raises(ValueError, match="CR, LF"):
        run(ahasend, "sync", server,
            lambda api: api.messages.create(**MESSAGE, idempotency_key="k\r\nX-Evil: 1"))
    assert not server.requests


def test_a_plain_http_base_url_is_refused_unless_it_is_loopback(ahasend: ModuleType) -> None:
    with pytest.raises(ValueError, match="plain http"):
        ahasend.AhaSend(api_key=API_KEY, base_url="http://api.ahasend.com")
    local = ahasend.AhaSend(api_key=API_KEY, base_url="http://127.0.0.1:4010/")
    assert local.base_url == "http://127.0.0.1:4010"
    local.close()


def test_the_request_body_is_compact_json_with_wire_names(ahasend: ModuleType) -> None:
    server = FakeAhaSend()
    run(ahasend, "sync", server, lambda api: api.messages.create(**MESSAGE))
    request = server.requests[0]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content)["from"] == {"email": "shop@example.com"}
    assert str(request.url) == MESSAGES_URL
