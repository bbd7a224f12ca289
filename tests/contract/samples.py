"""Valid arguments for every operation, made from the (normalised) spec itself.

`sample(schema)` builds the smallest interesting value a JSON schema accepts:
required and optional properties alike, enums by their first value, strings in
their `format` and within their length limits, numbers within their bounds.
`plan_calls` turns each operation into the Python call that exercises it: the
resource attribute and method of the generated client, positional path values
and keyword arguments named as the client names them.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JsonSchema = Mapping[str, Any]

# A value of each string format the spec uses; formats not listed get plain text.
_FORMATS = {
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "someone@example.com",
    "date-time": "2024-05-06T07:08:09Z",
    "date": "2024-05-06",
    "uri": "https://example.com/ahasend/hook",
    "hostname": "mail.example.com",
    "fqdn": "mail.example.com",
}
# Parameters the client fills itself (from AhaSend(account_id=...)).
CLIENT_FILLED = frozenset({"account_id"})
_HTTP_METHODS = ("get", "put", "post", "delete", "patch")


class Spec:
    """The normalised spec, with `$ref`s resolved on demand."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def resolve(self, node: JsonSchema) -> JsonSchema:
        seen: set[str] = set()
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/") or ref in seen:
                raise ValueError(f"cannot resolve {ref!r} (external or cyclic)")
            seen.add(ref)
            target: Any = self.document
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def operations(self) -> dict[str, tuple[str, str, JsonSchema]]:
        """operationId -> (HTTP method, path template, operation object)."""
        found: dict[str, tuple[str, str, JsonSchema]] = {}
        for path, item in self.document["paths"].items():
            for method in _HTTP_METHODS:
                if method in item:
                    operation = item[method]
                    found[operation["operationId"]] = (method.upper(), path, operation)
        return found


def sample(spec: Spec, schema: JsonSchema, depth: int = 0) -> Any:
    """A value `schema` accepts (a JSON value: dicts, lists, str, numbers)."""
    schema = spec.resolve(schema)
    if depth > 12:
        raise ValueError("schema nests deeper than a sample needs; is it recursive?")
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return next(v for v in schema["enum"] if v is not None)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(spec, part, depth + 1)
            merged.update(value if isinstance(value, dict) else {})
        return merged
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            options = [spec.resolve(s) for s in schema[combinator]]
            usable = [s for s in options if s.get("type") != "null"]
            return sample(spec, usable[0], depth + 1)
    return _typed(spec, schema, _type(schema), depth)


def _type(schema: JsonSchema) -> str:
    declared = schema.get("type", "object" if "properties" in schema else "string")
    if isinstance(declared, list):
        return str(next(t for t in declared if t != "null"))
    return str(declared)


def _typed(spec: Spec, schema: JsonSchema, kind: str, depth: int) -> Any:
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: sample(spec, sub, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        count = max(1, schema.get("minItems", 1))
        return [sample(spec, schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1)
        high = schema.get("maximum", low + 10)
        middle = (low + high) // 2 if kind == "integer" else (low + high) / 2
        return int(middle) if kind == "integer" else float(middle)
    if kind == "boolean":
        return True
    return _string(schema)


def _string(schema: JsonSchema) -> str:
    text = _FORMATS.get(str(schema.get("format", "")), "sample text")
    minimum, maximum = schema.get("minLength", 0), schema.get("maxLength")
    text = text.ljust(minimum, "x")
    return text if maximum is None else text[:maximum]


@dataclass(frozen=True)
class PlannedCall:
    """One operation as a call of the generated client."""

    operation_id: str
    resource: str  # client attribute, e.g. "messages"
    method: str  # resource method, e.g. "create"
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.resource}.{self.method}"


def plan_call(
    spec: Spec, operation_id: str, resource: str, method: str, signature: list[str]
) -> PlannedCall:
    """The call of `resource.method` with a valid value for each argument it takes.

    `signature` lists the method's parameter names in order; each is matched
    to a spec parameter or body property by name (a keyword like `from` is
    spelled `from_` in Python).
    """
    _verb, _path, operation = spec.operations()[operation_id]
    values = _parameter_values(spec, operation)
    values.update(_body_values(spec, operation))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    path_names = _path_names(spec, operation)
    for name in signature:
        wire = _wire_name(name, values)
        if wire is None:
            continue  # an option of every method (timeout, extra_headers, ...)
        if wire in path_names:
            args.append(values[wire])
        else:
            kwargs[name] = values[wire]
    return PlannedCall(operation_id, resource, method, tuple(args), kwargs)


def _wire_name(py_name: str, values: Mapping[str, Any]) -> str | None:
    for candidate in (py_name, py_name.rstrip("_")):
        if candidate in values and (candidate == py_name or keyword.iskeyword(candidate)):
            return candidate
    return None


def _parameters(spec: Spec, operation: JsonSchema) -> list[JsonSchema]:
    return [spec.resolve(p) for p in operation.get("parameters", [])]


def _path_names(spec: Spec, operation: JsonSchema) -> set[str]:
    return {p["name"] for p in _parameters(spec, operation) if p["in"] == "path"}


def _parameter_values(spec: Spec, operation: JsonSchema) -> dict[str, Any]:
    """Path and query parameters (headers such as Idempotency-Key are the client's)."""
    return {
        p["name"]: sample(spec, p.get("schema", {}))
        for p in _parameters(spec, operation)
        if p["in"] in ("path", "query") and p["name"] not in CLIENT_FILLED
    }


def _body_values(spec: Spec, operation: JsonSchema) -> dict[str, Any]:
    body = operation.get("requestBody")
    if body is None:
        return {}
    schema = spec.resolve(body["content"]["application/json"]["schema"])
    value = sample(spec, schema)
    if not isinstance(value, dict):
        raise ValueError(f"{operation['operationId']}: the body is not an object")
    return value
