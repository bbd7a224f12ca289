"""templates/runtime/_request.py: the request a call builds, whichever way it is
built, and the JSON of its body."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pydantic
import pytest

from tests.runtime._load import runtime

request = runtime("_request")
models = runtime("_models")
types_ = runtime("_types")

URL = "https://api.ahasend.com/v2/accounts/acc-1/messages"
OWN = {"Authorization": "Bearer aha-sk-secret", "Accept": "application/json",
       "User-Agent": "ahasend-python/1.0"}
CREATE = types_.OperationSpec("create", "POST", "/v2/accounts/{account_id}/messages",
                              idempotency_header="Idempotency-Key")
GET = types_.OperationSpec("get", "GET", "/v2/accounts/{account_id}/messages")


def built(http: httpx.Client | httpx.AsyncClient, builder: Any, op: Any,
          **call: Any) -> httpx.Request:
    """The request `builder` makes, and a check that it is what build_request makes."""
    options = types_.RequestOptions(**call.pop("options", {}))
    arguments: dict[str, Any] = {"query": None, "headers": None, "content": None,
                                 "idempotency_key": "key-1", "timeout": 60.0, **call}
    made: httpx.Request = builder.build(http, op, url=URL, options=options, **arguments)
    expected = reference(http, op, options, arguments)
    assert made.method == expected.method
    assert made.url == expected.url
    assert made.headers.raw == expected.headers.raw
    assert made.read() == expected.read()
    assert made.extensions == expected.extensions
    return made


def reference(http: httpx.Client | httpx.AsyncClient, op: Any, options: Any,
              arguments: dict[str, Any]) -> httpx.Request:
    """What `http.build_request` makes of the call: the way every request was built."""
    sent = httpx.Headers(OWN)
    sent.update({k: v for k, v in (arguments["headers"] or {}).items() if v is not None})
    sent.update(options.extra_headers or {})
    if arguments["content"] is not None:
        sent["Content-Type"] = "application/json"
    if op.idempotency_header:
        sent[op.idempotency_header] = arguments["idempotency_key"]
    timeout = options.timeout
    query = arguments["query"]
    return http.build_request(
        op.method, URL, params=list(query.items()) if query else None, headers=sent,
        content=arguments["content"],
        timeout=arguments["timeout"] if isinstance(timeout, types_.NotGiven) else timeout)


def builder() -> Any:
    return request.RequestBuilder(lambda: dict(OWN))


@pytest.mark.parametrize("call", [
    {},
    {"content": b'{"a":1}'},
    {"content": b"{}", "headers": {"X-Own": "1", "x-skip": None}},
    {"content": b"{}", "options": {"extra_headers": {"content-type": "text/plain",
                                                     "user-agent": "mine/1"}}},
    {"content": b"{}", "options": {"extra_headers": {"IDEMPOTENCY-KEY": "theirs"}}},
    {"options": {"timeout": 1.5}},
    {"timeout": httpx.Timeout(5.0, connect=1.0)},
    {"timeout": None},
    {"query": {"status": "sent", "limit": "10"}},
])
def test_a_request_is_what_build_request_makes_of_the_call(call: dict[str, Any]) -> None:
    for op in (CREATE, GET):
        http = httpx.Client(headers={"Accept": "*/*", "X-Team": "a"})
        built(http, builder(), op, **dict(call))
        built(httpx.AsyncClient(), builder(), op, **dict(call))


def test_a_change_to_the_http_clients_headers_is_seen_by_the_next_call() -> None:
    http, each = httpx.Client(), builder()
    built(http, each, CREATE, content=b"{}")
    http.headers["X-Tenant"] = "t1"
    assert built(http, each, CREATE, content=b"{}").headers["x-tenant"] == "t1"
    http.headers = httpx.Headers({"User-Agent": "theirs"})
    built(http, each, GET)


class Overriding(httpx.Client):
    def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
        made = super().build_request(*args, **kwargs)
        made.headers["X-Overridden"] = "yes"
        return made


def test_cookies_params_and_an_overridden_build_request_go_through_build_request(
) -> None:
    jar = httpx.Client(cookies={"session": "s1"})
    assert built(jar, builder(), GET).headers["cookie"] == "session=s1"
    with_params = httpx.Client(params={"tenant": "t"})
    assert built(with_params, builder(), GET).url.params["tenant"] == "t"
    made = builder().build(Overriding(), GET, url=URL, query=None, headers=None,
                           content=None, idempotency_key="k", timeout=60.0,
                           options=types_.RequestOptions())
    assert made.headers["x-overridden"] == "yes"


def test_a_url_that_is_the_same_on_every_call_is_parsed_once() -> None:
    http, each = httpx.Client(), builder()
    options = types_.RequestOptions()
    call: dict[str, Any] = {"query": None, "headers": None, "content": None,
                            "idempotency_key": "k", "timeout": 60.0, "options": options}
    first = each.build(http, GET, url=URL, same_url=True, **call)
    again = each.build(http, GET, url=URL, same_url=True, **call)
    assert list(each._urls) == [URL] and again.url == first.url == httpx.URL(URL)
    other = each.build(http, GET, url=URL + "/x", same_url=True, **call)
    assert str(other.url) == URL + "/x" and len(each._urls) == 2
    with_query = each.build(http, GET, url=URL, same_url=True, **{**call, "query": {"a": "1"}})
    assert str(with_query.url) == URL + "?a=1" and str(first.url) == URL
    each.build(http, GET, url=URL + "/y", **call)  # a URL with per-call parts: not kept
    assert len(each._urls) == 2


def test_a_changed_client_timeout_is_used_from_the_next_call() -> None:
    http, each = httpx.Client(), builder()
    assert built(http, each, GET, timeout=60.0).extensions["timeout"]["read"] == 60.0
    assert built(http, each, GET, timeout=5.0).extensions["timeout"]["read"] == 5.0
    assert built(http, each, GET, timeout=None).extensions["timeout"]["read"] is None


def test_the_timeout_extension_is_a_fresh_dict_each_call() -> None:
    http, each = httpx.Client(), builder()
    first = built(http, each, GET)
    first.extensions["timeout"]["read"] = 1.0
    assert built(http, each, GET).extensions["timeout"]["read"] == 60.0


def test_a_header_value_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError, match="X-A"):
        builder().build(httpx.Client(), GET, url=URL, query=None, headers=None,
                        content=None, idempotency_key="k", timeout=60.0,
                        options=types_.RequestOptions(extra_headers={"X-A": "1\r\nB: 2"}))


def test_the_key_shows_in_no_repr_of_what_the_builder_keeps() -> None:
    each = builder()
    built(httpx.Client(), each, GET)
    kept = [getattr(each, name) for name in type(each).__slots__]
    kept += [getattr(each._defaults, name) for name in type(each._defaults).__slots__]
    assert not [value for value in [each, *kept] if "aha-sk" in repr(value)]


class Address(models.RequestModel):  # type: ignore[misc, name-defined]
    email: str
    name: models.Omittable[str] = None  # type: ignore[name-defined]


class Body(models.RequestModel):  # type: ignore[misc, name-defined]
    from_: Address = pydantic.Field(alias="from")
    subject: str
    note: str | None = None
    count: float | None = None
    when: datetime | None = None


def old_encoding(model: pydantic.BaseModel) -> bytes:
    """How bodies were encoded before pydantic-core wrote the JSON itself."""
    data = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize("given", [
    {"from": {"email": "a@example.com"}, "subject": "Hi"},
    {"from": {"email": "a@example.com", "name": "Zoë ✓"}, "subject": "Grüße \"q\" \\ \n"},
    {"from_": {"email": "a@example.com"}, "subject": "Hi", "note": None, "count": 2.5,
     "when": datetime(2025, 3, 15, 14, 30, tzinfo=UTC)},
    {"from": {"email": "a@example.com"}, "subject": "Hi", "note": types_.NOT_GIVEN},
])
def test_a_body_is_encoded_as_before(given: dict[str, Any]) -> None:
    encoded = request.json_body(Body, given)
    passed = {k: v for k, v in given.items() if v is not types_.NOT_GIVEN}
    assert encoded == old_encoding(Body.model_validate(passed))
    assert request.json_body(None, Body.model_validate(passed)) == encoded


def test_an_invalid_body_raises_the_models_validation_error() -> None:
    with pytest.raises(pydantic.ValidationError, match="subject"):
        request.json_body(Body, {"from": {"email": "a@example.com"}})
    with pytest.raises(pydantic.ValidationError, match="extra"):
        request.json_body(Body, {"from": {"email": "a@example.com"}, "subject": "s",
                                 "unknown": 1})
    with pytest.raises(TypeError, match="mapping"):
        request.json_body(Body, ["not", "a", "mapping"])


def test_a_body_without_a_model_is_plain_json() -> None:
    assert request.json_body(None, {"a": [1, "é"], "b": None}) == '{"a":[1,"é"],"b":null}'.encode()
