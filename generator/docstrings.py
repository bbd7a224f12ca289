"""The docstring of each generated method: what it does, which scopes it needs,
its arguments, what it returns and which errors the API documents for it."""

from __future__ import annotations

import textwrap

from . import escape
from .ir import Operation, Response
from .layout import LINE_LENGTH

# The runtime exception raised for each documented status.
_ERRORS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "412": "PreconditionFailedError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
    "503": "ServiceUnavailableError",
}
_OPTION_DOCS = (
    ("extra_headers", "More headers to send with this request."),
    ("timeout", "Seconds to wait for this request, instead of the client's timeout."),
    ("max_retries", "Retries for this call, instead of the client's max_retries."),
)
_WIDTH = LINE_LENGTH - 8  # minus the method docstring's indent
_IDEMPOTENCY_DOC = (
    "Makes retries safe: the API runs the request once per key. A key is "
    "generated when not given and reused on every retry of this call."
)


def method_doc(op: Operation, client_params: set[str]) -> str:
    """The complete docstring literal (indented for a method) of `op`."""
    parts = [op.summary or op.operation_id]
    if op.description and op.description.strip() != op.summary.strip():
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: the API may remove this operation.")
    parts.append(_scopes(op))
    parts.append("Args:\n" + "\n".join(_arguments(op, client_params)))
    parts.append("Returns:\n" + _item(_returns(op)))
    parts.append("Raises:\n" + "\n".join(_raises(op)))
    return escape.docstring_literal("\n\n".join(parts), indent=8)


def _item(text: str) -> str:
    """One indented entry of an Args/Returns/Raises list; one paragraph is wrapped."""
    text = text.strip()
    if "\n" not in text:
        return textwrap.fill(text, _WIDTH, initial_indent="    ", subsequent_indent="        ",
                             break_long_words=False, break_on_hyphens=False)
    first, *rest = text.splitlines()
    return "\n".join(["    " + first] + ["        " + line if line else "" for line in rest])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?:" else text + "."


def _scopes(op: Operation) -> str:
    if not op.scopes:
        return "Required scopes: none (any valid API key)."
    return "Required scopes: " + " or ".join(f"`{s}`" for s in op.scopes) + "."


def _arguments(op: Operation, client_params: set[str]) -> list[str]:
    """In the order of the signature; arguments the spec does not describe are left out."""
    positional: list[tuple[str, str]] = []
    required: list[tuple[str, str]] = []
    optional: list[tuple[str, str]] = []
    client: list[tuple[str, str]] = []
    for p in op.path_params:
        if p.name in client_params:
            client.append((p.py_name, _sentence(p.description or p.name)
                           + f" Defaults to the client's `{p.py_name}`."))
        else:
            positional.append((p.py_name, p.description))
    for p in (*op.query_params, *op.header_params):
        text = p.description
        if text and p.default is not None:
            text = _sentence(text) + f" The API's default: {p.default}."
        (required if p.required else optional).append((p.py_name, text))
    body = op.body
    if body is not None and body.model is None:
        (required if body.required else optional).append(("body", body.description))
    elif body is not None:
        for f in body.fields:
            if not f.read_only:
                (required if f.required else optional).append((f.py_name, f.description))
    named = positional + required + optional + client
    if op.idempotent:
        named.append(("idempotency_key", _IDEMPOTENCY_DOC))
    named += _OPTION_DOCS
    return [_item(f"{name}: {text}") for name, text in named if text.strip()]


def _returns(op: Operation) -> str:
    if op.pagination is not None:
        item = op.pagination.item.annotation
        return (f"The first page of {item} items; iterating it fetches and yields "
                "every item of every page.")
    success = op.success
    if success is None or success.type is None:
        return "None."
    return f"{success.type.annotation}: {success.description or 'The response body.'}"


def _raises(op: Operation) -> list[str]:
    lines = [_item(f"{error_class(e.status)}: {e.status} {_first_line(e)}") for e in op.errors]
    if op.idempotent:
        lines.append(_item("IdempotencyInProgressError: 409 while a request with the same "
                             "key is still processed (retried automatically)."))
    lines.append(_item("APIConnectionError: The API could not be reached (after retries)."))
    if op.body is not None and op.body.model is not None:
        lines.append(_item("pydantic.ValidationError: The body does not match the API's "
                             "schema (raised before sending)."))
    return lines


def _first_line(response: Response) -> str:
    text = response.description.strip().splitlines()
    return text[0] if text else ""


def error_class(status: str) -> str:
    """The runtime exception a response with this status raises."""
    if status in _ERRORS:
        return _ERRORS[status]
    return "InternalServerError" if status.startswith("5") else "APIStatusError"
