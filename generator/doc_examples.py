"""The example call shown for each method in `docs/<resource>.md`.

Values come from the spec: the operation's first request-body example, else
each required field's or parameter's own example. An example the spec gives
in the wrong shape for its declared format (the AhaSend spec uses `500123` as
a UUID) is replaced by a valid placeholder, so every documented call is one a
server would accept. Optional arguments are left out: the call shows what is
needed, the parameters table shows the rest.

The call is laid out as black would lay it out (tests/docs holds it to that),
by a few lines here rather than by black itself: black costs ~8 ms a call.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import escape
from .ir import Operation, Resource, TypeRef
from .layout import LINE_LENGTH

_PLACEHOLDERS: Mapping[str | None, Any] = {
    "uuid": "00000000-0000-0000-0000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "hostname": "mail.example.com",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WIDTH = LINE_LENGTH  # examples are laid out as black would


EnumValues = Mapping[str, tuple[str | int, ...]]


def example_call(resource: Resource, op: Operation, client_params: set[str],
                 enums: EnumValues) -> str:
    """Python source that calls `op` on a client named `client`, laid out like black."""
    arguments: list[tuple[str, Any]] = []
    for p in op.path_params:
        if p.name not in client_params:
            arguments.append(("", _value(_checked(p.example, p.type, p.name, enums), p.type)))
    keywords = [(p.py_name, p.type, _checked(p.example, p.type, p.name, enums))
                for p in (*op.query_params, *op.header_params) if p.required]
    keywords += _body_arguments(op, enums)
    arguments += [(escape.identifier(name), _value(value, ref)) for name, ref, value in keywords]
    call = f"client.{resource.py_name}.{op.py_name}"
    if op.pagination is not None:
        body = _call(f"for item in {call}", arguments, ":") + "    print(item)\n"
    elif op.success is None or op.success.type is None:
        body = _call(call, arguments, "")
    else:
        body = _call(f"result = {call}", arguments, "") + "print(result)\n"
    uses_datetime = any(isinstance(v, _Code) for _, v in arguments)
    return ("from datetime import datetime\n\n" if uses_datetime else "") + body


@dataclass(frozen=True)
class _Code:
    """Source text standing for a value (`datetime.fromisoformat(...)`)."""

    text: str


def _call(head: str, arguments: list[tuple[str, Any]], tail: str) -> str:
    """`head(arguments)tail` on one line if it fits, else one argument per line."""
    inline = ", ".join(f"{k}={_inline(v)}" if k else _inline(v) for k, v in arguments)
    if len(f"{head}({inline}){tail}") <= _WIDTH:
        return f"{head}({inline}){tail}\n"
    lines = [_pretty(v, 4, f"{k}=" if k else "") for k, v in arguments]
    return f"{head}(\n" + "".join(f"{line},\n" for line in lines) + f"){tail}\n"


def _inline(value: Any) -> str:
    """Python source for a JSON-like value, strings double-quoted as black writes them."""
    if isinstance(value, _Code):
        return value.text
    if isinstance(value, str):
        return escape.py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_inline(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    return escape.py_literal(value)


def _pretty(value: Any, indent: int, prefix: str) -> str:
    """`prefix` + `value` at `indent`; lists and dicts too wide are split one item a line."""
    margin = " " * indent
    text = f"{margin}{prefix}{_inline(value)}"
    if len(text) + 1 <= _WIDTH or not isinstance(value, list | dict) or not value:
        return text
    if isinstance(value, list):
        items = [_pretty(item, indent + 4, "") for item in value]
        opening, closing = "[", "]"
    else:
        items = [_pretty(v, indent + 4, f"{_inline(k)}: ") for k, v in value.items()]
        opening, closing = "{", "}"
    return f"{margin}{prefix}{opening}\n" + "".join(f"{i},\n" for i in items) + \
        f"{margin}{closing}"


def _body_arguments(op: Operation, enums: EnumValues) -> list[tuple[str, TypeRef, Any]]:
    body = op.body
    if body is None:
        return []
    example = op.examples[0][1] if op.examples else None
    if body.model is None:
        value = example if example is not None else _checked(None, body.type, "body", enums)
        return [("body", body.type, value)]
    fields = [f for f in body.fields if not f.read_only]
    if isinstance(example, dict):
        by_wire = {f.name: f for f in fields}
        return [(by_wire[k].py_name, by_wire[k].type, v) for k, v in example.items()
                if k in by_wire]
    return [(f.py_name, f.type, _checked(f.example, f.type, f.name, enums))
            for f in fields if f.required]


def _checked(example: Any, ref: TypeRef, name: str, enums: EnumValues) -> Any:
    """The spec's example if it fits the type's format, else a placeholder."""
    if example is not None and _fits(example, ref):
        return example
    values = [v for e in ref.enums for v in enums.get(e, ())]
    if values and not ref.is_list:
        return values[0]
    if ref.format in _PLACEHOLDERS:
        return _PLACEHOLDERS[ref.format]
    kind = "array" if ref.is_list else ref.schema_type
    if kind == "array":
        item = ref.item or TypeRef("str", schema_type="string")
        return [_checked(None, item, name, enums)]
    return {"integer": 1, "number": 1.0, "boolean": True, "object": {}}.get(kind or "", name)


def _fits(value: Any, ref: TypeRef) -> bool:
    if not isinstance(value, str):
        return True
    try:
        if ref.format == "uuid":
            uuid.UUID(value)
        elif ref.format == "date-time":
            datetime.fromisoformat(value)
        elif ref.format == "email":
            return _EMAIL.match(value) is not None
    except ValueError:
        return False
    return True


def _value(value: Any, ref: TypeRef) -> Any:
    """`value` as an argument of type `ref`: a date-time string becomes a datetime."""
    if ref.format == "date-time" and ref.annotation.startswith("datetime") \
            and isinstance(value, str):
        return _Code(f"datetime.fromisoformat({_inline(value)})")
    return value
