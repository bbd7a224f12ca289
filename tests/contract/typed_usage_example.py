"""How an application uses the generated client, written as a type checker sees it.

`test_typed_usage.py` runs `mypy --strict` on this file against generated/src
(the annotations below must hold exactly) and then runs it against Prism. Not a
test module itself: pytest does not collect it.
"""

from __future__ import annotations

import asyncio

import ahasend
from ahasend import AhaSend, APIResponse, AsyncAhaSend, AsyncCursorPage, SyncCursorPage
from ahasend.scopes import MESSAGES_SEND_ALL, SCOPES_BY_METHOD
from ahasend.types import (
    Address,
    CreateMessageResponse,
    Message,
    MessageSummary,
    Recipient,
    Retention,
    Tracking,
)


def send_with_models(client: AhaSend) -> CreateMessageResponse:
    """Typed models for the nested objects; the IDE completes every field."""
    return client.messages.create(
        from_=Address(email="shop@example.com", name="The Shop"),
        recipients=[Recipient(email="ann@example.com", name="Ann")],
        subject="Your order has shipped",
        html_content="<p>On its way!</p>",
        retention=Retention(metadata=7, data=1),
        tracking=Tracking(open=True, click=False),
        idempotency_key="order-1042-shipped",
    )


def send_with_dicts(client: AhaSend) -> CreateMessageResponse:
    """Plain dicts work as well; they are validated before anything is sent."""
    return client.messages.create(
        from_={"email": "shop@example.com"},
        recipients=[{"email": "ann@example.com", "substitutions": {"order": 1042}}],
        subject="Order {{ order }}",
        text_content="Thanks for order {{ order }}",
        tracking=None,  # the API accepts null here: use the account's defaults
    )


def list_recent(client: AhaSend) -> list[str]:
    """Iterating a list call walks every page; `.pages()` gives the pages."""
    first: SyncCursorPage[MessageSummary] = client.messages.list(limit=5)
    subjects = [summary.subject or "" for summary in first.data]
    for page in first.pages():
        more: list[MessageSummary] = page.data
        subjects.extend(summary.subject or "" for summary in more)
        break  # a mock's cursors never end; one page is enough here
    return subjects


def raw_create(client: AhaSend) -> bool | None:
    """Status, headers and the parsed body of one call."""
    raw: APIResponse[CreateMessageResponse] = client.with_raw_response.messages.create(
        from_={"email": "shop@example.com"},
        recipients=[{"email": "ann@example.com"}],
        subject="Hi",
        text_content="Hello",
    )
    status: int = raw.status_code
    parsed: CreateMessageResponse = raw.parse()
    assert status == 202 and isinstance(parsed.data, list)
    return raw.idempotent_replayed


def fetch_or_none(client: AhaSend, message_id: str) -> Message | None:
    """Errors are classes; each carries the status and the request id."""
    try:
        return client.messages.get(message_id)
    except ahasend.NotFoundError:
        return None
    except ahasend.RateLimitError as error:
        code: int = error.status_code
        request_id: str | None = error.request_id
        raise RuntimeError(f"rate limited ({code}, {request_id})") from error


async def send_async(client: AsyncAhaSend) -> list[MessageSummary]:
    """The async client has the same methods; list pages iterate with `async for`."""
    created: CreateMessageResponse = await client.messages.create(
        from_=Address(email="shop@example.com"),
        recipients=[Recipient(email="ann@example.com")],
        subject="Async hello",
        text_content="Hello",
    )
    queued = [result.id for result in created.data]  # one result per recipient
    page: AsyncCursorPage[MessageSummary] = await client.messages.list(limit=3)
    return [summary for summary in page.data if summary.id not in queued]


def needed_scopes() -> tuple[str, ...]:
    scopes: tuple[str, ...] = SCOPES_BY_METHOD["messages.create"]
    assert MESSAGES_SEND_ALL in scopes
    return scopes


def main(base_url: str, api_key: str, account_id: str) -> None:
    with AhaSend(api_key=api_key, account_id=account_id, base_url=base_url) as client:
        send_with_models(client)
        send_with_dicts(client)
        list_recent(client)
        raw_create(client)
        fetch_or_none(client, "3fa85f64-5717-4562-b3fc-2c963f66afa6")
    needed_scopes()

    async def run_async() -> None:
        async with AsyncAhaSend(
            api_key=api_key, account_id=account_id, base_url=base_url
        ) as client:
            await send_async(client)

    asyncio.run(run_async())
