# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Cursor pages: iterate a page for every item of every page, or walk the pages.

A list call returns its first page. `for item in page` fetches the following
pages as it goes (the response's `pagination.next_cursor` is sent back as the
`after` query parameter); `page.iter_pages()` yields whole pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

from ._exceptions import AhaSendError

if TYPE_CHECKING:
    import pydantic

__all__ = ["AsyncCursorPage", "SyncCursorPage"]

T = TypeVar("T")


class _CursorPage(Generic[T]):
    """What both page kinds share: the items and where the next page starts."""

    def __init__(
        self,
        *,
        data: list[T],
        next_cursor: str | None,
        has_more: bool | None,
        model: pydantic.BaseModel,
    ) -> None:
        self.data = data
        self.next_cursor = next_cursor
        self.has_more = has_more
        self.model = model  # the whole parsed response, pagination info included

    def has_next_page(self) -> bool:
        return bool(self.next_cursor) and self.has_more is not False

    def _require_next(self) -> str:
        if not self.has_next_page() or self.next_cursor is None:
            raise AhaSendError("there is no next page; check has_next_page() first")
        return self.next_cursor

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"<{name} items={len(self.data)} next_cursor={self.next_cursor!r}>"


class SyncCursorPage(_CursorPage[T]):
    """One page of a list; iterating it walks every item of every page."""

    def __init__(
        self,
        *,
        data: list[T],
        next_cursor: str | None,
        has_more: bool | None,
        model: pydantic.BaseModel,
        fetch: Callable[[str], SyncCursorPage[T]],
    ) -> None:
        super().__init__(
            data=data, next_cursor=next_cursor, has_more=has_more, model=model
        )
        self._fetch = fetch

    def next_page(self) -> SyncCursorPage[T]:
        return self._fetch(self._require_next())

    def iter_pages(self) -> Iterator[SyncCursorPage[T]]:
        """This page, then each following page, fetched when reached."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    pages = iter_pages

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_CursorPage[T]):
    """One page of a list; `async for` walks every item of every page."""

    def __init__(
        self,
        *,
        data: list[T],
        next_cursor: str | None,
        has_more: bool | None,
        model: pydantic.BaseModel,
        fetch: Callable[[str], Awaitable[AsyncCursorPage[T]]],
    ) -> None:
        super().__init__(
            data=data, next_cursor=next_cursor, has_more=has_more, model=model
        )
        self._fetch = fetch

    async def next_page(self) -> AsyncCursorPage[T]:
        return await self._fetch(self._require_next())

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[T]]:
        """This page, then each following page, fetched when reached."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    pages = iter_pages

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item
