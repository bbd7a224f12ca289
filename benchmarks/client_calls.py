"""Section 3: the client's cost per call over an in-process transport.

    python benchmarks/client_calls.py --calls 20000 --ahasend-src generated/src \
        [--opc-src DIR]  > result.json

Every candidate sends the same two calls to the same `httpx.MockTransport`,
which answers with the same canned bodies: GET one message (200, a full
`Message`) and create a message for three recipients (202). The baseline is
raw httpx plus `json.loads`. `ahasend` runs as a user would have it: retries
on (the default), pacing on (limits raised so that nothing waits) and its
logger at INFO into a handler that formats every record (a successful call
logs nothing at INFO; retries and errors do). `ahasend_debug_log` is the
same client with its logger at DEBUG (three records a call). Calls run in
blocks, candidates taking turns on each call, so machine load falls on all
alike; each block's time is kept (`rounds_us`) for ratios of back-to-back pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

BASE = "https://api.ahasend.test"
ACCOUNT = "11111111-1111-4111-8111-111111111111"
MESSAGE_ID = "22222222-2222-4222-8222-222222222222"
KEY = "aha-sk-benchmark"
STAMP = "2025-03-15T14:30:00Z"
MESSAGE = {
    "object": "message", "created_at": STAMP, "updated_at": STAMP, "sent_at": STAMP,
    "delivered_at": STAMP, "retain_until": STAMP, "direction": "outgoing",
    "is_bounce_notification": False, "bounce_classification": "none",
    "delivery_attempts": [{"time": STAMP, "log": "250 OK", "status": "delivered"}],
    "message_id": "<abc@example.com>", "id": MESSAGE_ID, "subject": "Hello",
    "tags": ["welcome"], "sender": "from@example.com", "recipient": "to@example.com",
    "status": "delivered", "num_attempts": 1, "click_count": 0, "open_count": 1,
    "reference_message_id": 1, "domain_id": ACCOUNT, "account_id": ACCOUNT, "content": None,
}
RECIPIENTS = [{"email": f"user{i}@example.com", "name": f"User {i}"} for i in range(3)]
PAYLOAD = {"from": {"email": "from@example.com", "name": "Sender"}, "recipients": RECIPIENTS,
           "subject": "Hello", "text_content": "Hi {{name}}"}
CREATED = {"object": "list", "data": [
    {"object": "message", "id": f"<m{i}@example.com>", "recipient": r, "status": "queued"}
    for i, r in enumerate(RECIPIENTS)]}
BODIES = {"GET": (200, json.dumps(MESSAGE).encode()), "POST": (202, json.dumps(CREATED).encode())}
HEADERS = {"content-type": "application/json", "x-request-id": "req-1"}


def handler(request: httpx.Request) -> httpx.Response:
    status, body = BODIES[request.method]
    return httpx.Response(status, content=body, headers=HEADERS)


Call = Callable[[], Any]
AsyncCall = Callable[[], Awaitable[Any]]
Candidate = tuple[dict[str, Call], dict[str, AsyncCall], int]  # sync, async, log level


def raw_calls() -> tuple[dict[str, Call], dict[str, AsyncCall]]:
    auth = {"Authorization": f"Bearer {KEY}"}
    client = httpx.Client(base_url=BASE, transport=httpx.MockTransport(handler), headers=auth)
    aclient = httpx.AsyncClient(base_url=BASE, transport=httpx.MockTransport(handler),
                                headers=auth)
    get_url = f"/v2/accounts/{ACCOUNT}/messages/{MESSAGE_ID}"
    post_url = f"/v2/accounts/{ACCOUNT}/messages"

    def get() -> Any:
        response = client.get(get_url)
        response.raise_for_status()
        return json.loads(response.content)

    def post() -> Any:
        response = client.post(post_url, json=PAYLOAD)
        response.raise_for_status()
        return json.loads(response.content)

    async def aget() -> Any:
        response = await aclient.get(get_url)
        response.raise_for_status()
        return json.loads(response.content)

    async def apost() -> Any:
        response = await aclient.post(post_url, json=PAYLOAD)
        response.raise_for_status()
        return json.loads(response.content)

    return {"get": get, "post": post}, {"get": aget, "post": apost}


class _Formatting(logging.Handler):
    """Formats each record (the work a real handler does) and drops it."""

    def emit(self, record: logging.LogRecord) -> None:
        self.format(record)


def _unthrottled(client: Any) -> None:
    # The documented limits (100/s) would make this a pacing benchmark: keep pacing
    # on, with limits no loop reaches. Private, as there is no public knob for it.
    pacing = importlib.import_module("ahasend._pacing")
    limiter = client._limiter
    client._limiter = pacing.RateLimiter({"general": (1e9, 10**9)}, enabled=limiter.enabled)


def ahasend_calls() -> tuple[dict[str, Call], dict[str, AsyncCall]]:
    ahasend = importlib.import_module("ahasend")  # from --ahasend-src

    logging.getLogger("ahasend").addHandler(_Formatting())
    client = ahasend.AhaSend(api_key=KEY, account_id=ACCOUNT, base_url=BASE,
                             http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    aclient = ahasend.AsyncAhaSend(
        api_key=KEY, account_id=ACCOUNT, base_url=BASE,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    for each in (client, aclient):
        _unthrottled(each)
    sender = {"email": "from@example.com", "name": "Sender"}

    def post() -> Any:
        return client.messages.create(from_=sender, recipients=RECIPIENTS, subject="Hello",
                                      text_content="Hi {{name}}")

    async def apost() -> Any:
        return await aclient.messages.create(from_=sender, recipients=RECIPIENTS,
                                             subject="Hello", text_content="Hi {{name}}")

    async def aget() -> Any:
        return await aclient.messages.get(MESSAGE_ID)

    return {"get": lambda: client.messages.get(MESSAGE_ID), "post": post}, {
        "get": aget, "post": apost}


def opc_calls() -> tuple[dict[str, Call], dict[str, AsyncCall]]:
    from uuid import UUID

    client_module = importlib.import_module("ahasend_opc")  # from --opc-src
    create_message = importlib.import_module("ahasend_opc.api.messages.create_message")
    get_message = importlib.import_module("ahasend_opc.api.messages.get_message")
    CreateMessageRequest = importlib.import_module("ahasend_opc.models").CreateMessageRequest

    auth = {"Authorization": f"Bearer {KEY}"}
    client = client_module.AuthenticatedClient(base_url=BASE, token=KEY)
    client.set_httpx_client(httpx.Client(base_url=BASE, headers=auth,
                                         transport=httpx.MockTransport(handler)))
    client.set_async_httpx_client(httpx.AsyncClient(base_url=BASE, headers=auth,
                                                    transport=httpx.MockTransport(handler)))
    account, message = UUID(ACCOUNT), UUID(MESSAGE_ID)

    def get() -> Any:
        return get_message.sync(account, message, client=client)

    def post() -> Any:
        body = CreateMessageRequest.from_dict(PAYLOAD)
        return create_message.sync(account, client=client, body=body)

    async def aget() -> Any:
        return await get_message.asyncio(account, message, client=client)

    async def apost() -> Any:
        body = CreateMessageRequest.from_dict(PAYLOAD)
        return await create_message.asyncio(account, client=client, body=body)

    return {"get": get, "post": post}, {"get": aget, "post": apost}


def _check(name: str, kind: str, result: Any) -> None:
    """Each candidate must really parse the canned body, or the comparison is void."""
    text = repr(result) if not isinstance(result, dict) else json.dumps(result)
    expected = MESSAGE_ID if kind == "get" else "m2@example.com"
    if expected not in text:
        raise SystemExit(f"{name} {kind}: unexpected result {text[:300]}")


def _timed_block(call: Call, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        call()
    return (time.perf_counter() - started) / count


async def _atimed_block(call: AsyncCall, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        await call()
    return (time.perf_counter() - started) / count


def measure(candidates: dict[str, Candidate], calls: int, rounds: int) -> dict[str, Any]:
    """Per call: blocks of `calls // rounds` calls, one block per candidate in turn for
    each call, so the blocks compared are run back to back; the order of candidates
    reverses every round, so none always runs first."""
    block = max(1, calls // rounds)
    per_call: dict[str, list[float]] = {}
    loop = asyncio.new_event_loop()
    logger = logging.getLogger("ahasend")
    for name, (sync, asynchronous, level) in candidates.items():
        logger.setLevel(level)
        for kind in ("get", "post"):
            _check(name, kind, sync[kind]())
            _check(name, kind, loop.run_until_complete(asynchronous[kind]()))
    for number in range(rounds):
        order = list(candidates) if number % 2 == 0 else list(reversed(candidates))
        for mode in ("sync", "async"):
            for kind in ("get", "post"):
                for name in order:
                    sync, asynchronous, level = candidates[name]
                    logger.setLevel(level)
                    sample = (_timed_block(sync[kind], block) if mode == "sync" else
                              loop.run_until_complete(_atimed_block(asynchronous[kind], block)))
                    per_call.setdefault(f"{name}/{mode}/{kind}", []).append(sample)
    loop.close()
    return {key: {"median_us": statistics.median(v) * 1e6, "min_us": min(v) * 1e6,
                  "max_us": max(v) * 1e6, "calls": block * len(v),
                  "rounds_us": [sample * 1e6 for sample in v]}
            for key, v in per_call.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--ahasend-src", required=True)
    parser.add_argument("--opc-src")
    args = parser.parse_args()
    sys.path.insert(0, args.ahasend_src)
    ours = ahasend_calls()
    # In this order the blocks compared by a target run next to each other: raw httpx
    # and ahasend, ahasend and openapi-python-client.
    candidates: dict[str, Candidate] = {
        "raw_httpx": (*raw_calls(), logging.INFO),
        "ahasend": (*ours, logging.INFO),
    }
    if args.opc_src:
        sys.path.insert(0, args.opc_src)
        candidates["openapi-python-client"] = (*opc_calls(), logging.INFO)
    candidates["ahasend_debug_log"] = (*ours, logging.DEBUG)
    print(json.dumps(measure(candidates, args.calls, args.rounds)))


if __name__ == "__main__":
    main()
