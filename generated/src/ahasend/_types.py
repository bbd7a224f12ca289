# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Small shared types: the NOT_GIVEN sentinel, per-call options, operation specs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, Self

__all__ = [
    "NOT_GIVEN",
    "Body",
    "Headers",
    "NotGiven",
    "OperationSpec",
    "PageSpec",
    "Query",
    "RequestOptions",
]


class NotGiven:
    """The type of `NOT_GIVEN`: an argument the caller left out.

    Distinct from `None`, which is sent (as JSON `null`) where the API allows it.
    It is falsy, so `value or default` works.
    """

    _instance: Self | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Body = Mapping[str, Any]
Query = Mapping[str, Any]
Headers = Mapping[str, Any]


@dataclass(frozen=True)
class RequestOptions:
    """What a caller may change for one call; NOT_GIVEN keeps the client's setting."""

    extra_headers: Mapping[str, str] | None = None
    timeout: float | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


@dataclass(frozen=True)
class PageSpec:
    """Where a cursor-paginated response keeps its items and its next cursor."""

    items_field: str = "data"
    cursor_param: str = "after"
    next_cursor_path: tuple[str, ...] = ("pagination", "next_cursor")
    has_more_path: tuple[str, ...] | None = ("pagination", "has_more")


@dataclass(frozen=True)
class OperationSpec:
    """One API operation, as the generated `_operations.py` describes it."""

    operation_id: str
    method: str  # upper-case HTTP method
    path: str  # path template, e.g. "/v2/accounts/{account_id}/messages"
    path_params: tuple[str, ...] = ()  # wire names, in path order
    client_params: tuple[str, ...] = ()  # path params the client fills (account_id)
    idempotency_header: str | None = None  # e.g. "Idempotency-Key"
    rate_class: str = "general"
    scopes: tuple[str, ...] = ()
    page: PageSpec | None = None
