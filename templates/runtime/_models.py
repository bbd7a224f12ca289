# Part of the ahasend-codegen runtime, copied verbatim into generated clients.
"""Base classes for the generated pydantic models.

Requests are strict (unknown fields and unknown enum values are errors, caught
before anything is sent); responses are lenient (unknown fields are kept,
unknown enum values arrive as plain strings), so a new server-side field or
enum value never breaks a deployed client.
"""

from __future__ import annotations

import enum
from typing import Annotated, TypeVar

import pydantic

__all__ = ["Omittable", "OpenEnum", "RequestModel", "ResponseModel"]

_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")

# An enum in a response: a known value becomes the member, an unknown one stays
# a str. left_to_right makes pydantic try the enum first (smart mode would pick
# the exact `str` match and never produce members).
OpenEnum = Annotated[_E | str, pydantic.Field(union_mode="left_to_right")]


def _not_null(value: _T | None) -> _T:
    if value is None:
        raise ValueError("may be left out, but not null: the API does not accept null")
    return value


# A request field the API lets you leave out but not set to null. Reading it
# gives None when it was left out (defaults are not validated); passing None
# explicitly is an error before anything is sent, instead of a JSON null the
# server would refuse.
Omittable = Annotated[_T | None, pydantic.AfterValidator(_not_null)]


class ResponseModel(pydantic.BaseModel):
    """A model the API sends: unknown fields are kept (see `model_extra`)."""

    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, use_attribute_docstrings=True
    )


class RequestModel(pydantic.BaseModel):
    """A model the client sends: unknown fields are rejected before sending."""

    # python-re: the spec's patterns are checked with Python's `re` when generated.
    model_config = pydantic.ConfigDict(
        extra="forbid",
        populate_by_name=True,
        use_attribute_docstrings=True,
        regex_engine="python-re",
    )
