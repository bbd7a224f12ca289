"""A fake AhaSend server for httpx.MockTransport, a fake clock, and a way to run one
scenario on the sync or the async client alike."""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx

from tests.contract.conftest import ACCOUNT_ID, API_KEY

MODES = ("sync", "async")
MESSAGE = {"from_": {"email": "shop@example.com"}, "recipients": [{"email": "ann@example.com"}],
           "subject": "Your order", "text_content": "Thanks!"}
CREATED = {"object": "list", "data": [{"object": "message", "status": "queued",
                                       "recipient": {"email": "ann@example.com"},
                                       "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}]}
# What the fake server does with a request before (or instead of) answering it.
Fault = Callable[[httpx.Request, "FakeAhaSend"], httpx.Response | None]


def reset_after_send(request: httpx.Request, server: FakeAhaSend) -> None:
    """The request arrived and was processed; the connection dies before the answer."""
    server.process(request)
    raise httpx.ReadError("connection reset by peer", request=request)


def read_timeout(request: httpx.Request, server: FakeAhaSend) -> None:
    server.process(request)
    raise httpx.ReadTimeout("the answer took too long", request=request)


def status(code: int, headers: dict[str, str] | None = None, message: str = "try again",
           *, process: bool = False) -> Fault:
    """Answer `code` (after processing the request, when `process`)."""
    def answer(request: httpx.Request, server: FakeAhaSend) -> httpx.Response:
        if process:
            server.process(request)
        return httpx.Response(code, json={"message": message}, headers=headers)
    return answer


@dataclass
class FakeAhaSend:
    """Creates a message once per Idempotency-Key, as the API promises; a repeated
    key replays the stored answer with `Idempotent-Replayed: true`."""

    faults: list[Fault] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    keys_sent: list[str | None] = field(default_factory=list)  # as each request arrived
    created: dict[str, int] = field(default_factory=dict)  # key -> creates made with it

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.keys_sent.append(request.headers.get("idempotency-key"))
        if self.faults:
            answer = self.faults.pop(0)(request, self)
            if answer is not None:
                return answer
        replayed = self.process(request)
        body = CREATED if request.method == "POST" else {"message": "ok"}
        headers = {"Idempotent-Replayed": "true" if replayed else "false"}
        return httpx.Response(202 if request.method == "POST" else 200, json=body,
                              headers=headers)

    def process(self, request: httpx.Request) -> bool:
        """Do what the request asks, once per key; True when it was a replay."""
        if request.method != "POST":
            return False
        key = request.headers.get("idempotency-key") or f"no-key-{len(self.requests)}"
        replayed = key in self.created
        self.created.setdefault(key, 0)
        if not replayed:
            self.created[key] += 1
        return replayed

    @property
    def distinct_creates(self) -> int:
        return sum(self.created.values())


@dataclass
class FakeClock:
    """Monotonic time that moves only when the client sleeps (never, if `frozen`:
    concurrent tasks then all see the moment they started waiting)."""

    now: float = 1000.0
    frozen: bool = False
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if not self.frozen:
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


def timers(ahasend: ModuleType, clock: FakeClock) -> Any:
    config = importlib.import_module(f"{ahasend.__name__}._config")
    return config.Timers(clock=clock.clock, sleep=clock.sleep, async_sleep=clock.async_sleep)


def run(ahasend: ModuleType, mode: str, handler: Callable[[httpx.Request], httpx.Response],
        scenario: Callable[[Any], Any], *, clock: FakeClock | None = None,
        **options: Any) -> Any:
    """Run `scenario(client)` on a `mode` client whose requests go to `handler`.

    The scenario is written once: on the async client its call returns a
    coroutine, which is awaited here.
    """
    settings = {"api_key": API_KEY, "account_id": ACCOUNT_ID, **options}
    transport = httpx.MockTransport(handler)
    if mode == "sync":
        with ahasend.AhaSend(http_client=httpx.Client(transport=transport), **settings) as api:
            api._use_timers(timers(ahasend, clock or FakeClock()))
            return scenario(api)

    async def main() -> Any:
        http = httpx.AsyncClient(transport=transport)
        async with ahasend.AsyncAhaSend(http_client=http, **settings) as api:
            api._use_timers(timers(ahasend, clock or FakeClock()))
            return await scenario(api)

    return asyncio.run(main())


def sent_json(requests: Iterable[httpx.Request]) -> list[Any]:
    return [json.loads(r.content) if r.content else None for r in requests]
