"""The rendered sample client against httpx.MockTransport: what goes on the wire,
what comes back, and the errors a user sees."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest

API_KEY = "aha-sk-test-0123456789abcdefghijklmnop"
CREATED = {"object": "list", "data": [{"id": "m1", "status": "queued",
                                       "created_at": "2024-01-01T00:00:00Z"}]}
Handler = Callable[[httpx.Request], httpx.Response]


def page(ids: list[str], cursor: str | None) -> dict[str, Any]:
    items = [{"id": i, "status": "sent", "created_at": "2024-01-01T00:00:00Z"} for i in ids]
    return {"data": items, "pagination": {"has_more": cursor is not None, "next_cursor": cursor}}


class Recorder:
    """A MockTransport handler answering from a list, recording each request."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0)


def client(pkg: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    options = {"api_key": API_KEY, "account_id": "acc-1", "http_client": http, **kwargs}
    return pkg.AhaSend(**options)


def async_client(pkg: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    options = {"api_key": API_KEY, "account_id": "acc-1", "http_client": http, **kwargs}
    return pkg.AsyncAhaSend(**options)


def create_message(api: Any, **kwargs: Any) -> Any:
    return api.messages.create(from_={"email": "a@example.com"},
                               recipients=[{"email": "b@example.com"}], subject="Hi", **kwargs)


def test_create_posts_json_with_wire_names_auth_and_an_idempotency_key(
    sample_module: ModuleType,
) -> None:
    recorder = Recorder(httpx.Response(200, json=CREATED))
    result = create_message(client(sample_module, recorder), tracking=None)
    request = recorder.requests[0]
    assert request.method == "POST"
    assert request.url == "https://api.ahasend.com/v2/accounts/acc-1/messages"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["idempotency-key"].startswith("ahasend-")
    assert json.loads(request.content) == {  # `from` on the wire, None as null, unset omitted
        "from": {"email": "a@example.com"}, "recipients": [{"email": "b@example.com"}],
        "subject": "Hi", "tracking": None,
    }
    assert result.data[0].id == "m1"
    statuses = importlib.import_module(f"{sample_module.__name__}.types").MessageStatus
    assert result.data[0].status is statuses.QUEUED


def test_a_retried_create_reuses_its_idempotency_key(sample_module: ModuleType) -> None:
    busy = httpx.Response(503, json={"message": "busy"}, headers={"Retry-After": "0"})
    recorder = Recorder(busy, httpx.Response(200, json=CREATED))
    create_message(client(sample_module, recorder))
    keys = {r.headers["idempotency-key"] for r in recorder.requests}
    assert len(recorder.requests) == 2 and len(keys) == 1


def test_a_given_idempotency_key_is_sent_as_is(sample_module: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=CREATED))
    create_message(client(sample_module, recorder), idempotency_key="order-42")
    assert recorder.requests[0].headers["idempotency-key"] == "order-42"


def test_list_walks_every_page_sending_the_cursor_as_after(sample_module: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=page(["a", "b"], "c2")),
                        httpx.Response(200, json=page(["c"], None)))
    items = list(client(sample_module, recorder).messages.list(limit=2))
    assert [m.id for m in items] == ["a", "b", "c"]
    assert recorder.requests[0].url.params.get("after") is None
    assert recorder.requests[1].url.params["after"] == "c2"
    assert recorder.requests[1].url.params["limit"] == "2"


def test_a_404_raises_not_found_with_the_message_and_request_id(
    sample_module: ModuleType,
) -> None:
    answer = httpx.Response(404, json={"message": "no such message"},
                            headers={"x-request-id": "req-9"})
    with pytest.raises(sample_module.NotFoundError) as caught:
        client(sample_module, Recorder(answer)).messages.get("m-404")
    error = caught.value
    assert (error.status_code, error.message, error.request_id) == (404, "no such message",
                                                                    "req-9")
    assert "no such message" in str(error) and API_KEY not in str(error) + repr(error)


def test_a_missing_api_key_is_a_clear_error(sample_module: ModuleType,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AHASEND_API_KEY", raising=False)
    with pytest.raises(sample_module.AhaSendError, match="set the AHASEND_API_KEY"):
        sample_module.AhaSend()


def test_the_environment_supplies_key_account_and_base_url(
    sample_module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AHASEND_API_KEY", API_KEY)
    monkeypatch.setenv("AHASEND_ACCOUNT_ID", "acc-env")
    monkeypatch.setenv("AHASEND_BASE_URL", "http://127.0.0.1:4010")
    recorder = Recorder(httpx.Response(200, json=page([], None)))
    api = sample_module.AhaSend(http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    list(api.messages.list())
    assert str(recorder.requests[0].url) == "http://127.0.0.1:4010/v2/accounts/acc-env/messages"
    assert api.account_id == "acc-env" and API_KEY not in repr(api)


def test_a_missing_account_id_names_the_argument_and_variable(
    sample_module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AHASEND_ACCOUNT_ID", raising=False)
    recorder = Recorder()
    api = client(sample_module, recorder, account_id=None)
    with pytest.raises(sample_module.AhaSendError, match="account_id=.*AHASEND_ACCOUNT_ID"):
        api.messages.get("m1")
    assert not recorder.requests


def test_a_call_can_override_the_clients_account_id(sample_module: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=page([], None)))
    list(client(sample_module, recorder).messages.list(account_id="acc-2"))
    assert recorder.requests[0].url.path == "/v2/accounts/acc-2/messages"


def test_an_invalid_body_is_refused_before_sending(sample_module: ModuleType) -> None:
    recorder = Recorder()
    with pytest.raises(pydantic.ValidationError, match="recipients"):
        client(sample_module, recorder).messages.create(
            from_={"email": "a@example.com"}, recipients=[], subject="Hi")
    assert not recorder.requests


def test_path_parameters_cannot_change_the_path(sample_module: ModuleType) -> None:
    with pytest.raises(ValueError, match="message_id"):
        client(sample_module, Recorder()).messages.get("../../admin")


def test_raw_responses_carry_status_headers_and_the_parsed_body(
    sample_module: ModuleType,
) -> None:
    answer = httpx.Response(200, json=CREATED, headers={"Idempotent-Replayed": "true",
                                                        "x-request-id": "req-1"})
    raw = create_message(client(sample_module, Recorder(answer)).with_raw_response)
    assert (raw.status_code, raw.request_id, raw.idempotent_replayed) == (200, "req-1", True)
    assert raw.parse().data[0].id == "m1"


def test_unknown_enum_values_and_fields_in_responses_are_kept(
    sample_module: ModuleType,
) -> None:
    body = {"id": "m", "status": "brand-new", "created_at": "2024-01-01T00:00:00Z", "new": 1}
    message = client(sample_module, Recorder(httpx.Response(200, json=body))).messages.get("m")
    assert message.status == "brand-new" and message.model_extra == {"new": 1}


def test_the_async_client_creates_and_walks_pages(sample_module: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=CREATED),
                        httpx.Response(200, json=page(["a"], "c2")),
                        httpx.Response(200, json=page(["b"], None)))

    async def scenario() -> list[str]:
        async with async_client(sample_module, recorder) as api:
            await create_message(api)
            listing = await api.messages.list()
            return [m.id async for m in listing]

    assert asyncio.run(scenario()) == ["a", "b"]
    assert recorder.requests[0].headers["idempotency-key"]
    assert recorder.requests[2].url.params["after"] == "c2"


def test_the_async_client_raises_the_same_errors(sample_module: ModuleType) -> None:
    answer = httpx.Response(404, json={"message": "gone"}, headers={"request-id": "r2"})

    async def scenario() -> None:
        await async_client(sample_module, Recorder(answer)).messages.get("m")

    with pytest.raises(sample_module.NotFoundError, match="gone") as caught:
        asyncio.run(scenario())
    assert caught.value.request_id == "r2"


def _surface(cls: type) -> dict[str, list[tuple[str, object, object, object]]]:
    """Each public method's parameters: name, kind, default and annotation."""
    methods: dict[str, list[tuple[str, object, object, object]]] = {}
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            params = inspect.signature(member).parameters.values()
            methods[name] = [(p.name, p.kind, p.default, p.annotation) for p in params]
    return methods


def test_sync_and_async_resources_have_identical_surfaces(sample_module: ModuleType) -> None:
    for module_name in ("messages", "utility"):
        module = importlib.import_module(f"{sample_module.__name__}.resources.{module_name}")
        sync_cls = getattr(module, module_name.capitalize())
        async_cls = getattr(module, "Async" + module_name.capitalize())
        assert _surface(sync_cls) == _surface(async_cls)
        for name in _surface(async_cls):
            assert inspect.iscoroutinefunction(getattr(async_cls, name))


def test_sync_and_async_clients_have_the_same_resources(sample_module: ModuleType) -> None:
    sync_names = {n for n in dir(sample_module.AhaSend) if not n.startswith("_")}
    async_names = {n for n in dir(sample_module.AsyncAhaSend) if not n.startswith("_")}
    assert sync_names - {"close"} == async_names - {"close", "aclose"}
    assert {"messages", "utility", "with_raw_response", "account_id"} <= sync_names
