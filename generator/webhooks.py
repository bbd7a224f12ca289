"""The `webhooks:` of OpenAPI 3.1 documents as typed events (`ir.WebhookEvent`).

A webhook's request body is what a receiver gets. Its schema becomes a model
through the same machinery as every other schema, so payload models live in
`types/` beside the API's own; another document's components share the class
namespace (a name the main document took gets a `Webhook` prefix).

Which model a delivery parses as is decided by its `type` property:

- the `const`/`enum` values of the payload's `type` (several values make
  aliases: `enum: [message.routing, route.message]`);
- the webhook's key when `type` lists no values, or only values that other
  payloads list too (a shared enum of every type says nothing about one event).

Each payload model's `type` field then becomes `Literal[...]` of exactly the
values that select it, so a type checker narrows a union of events on
`event.type`. A webhook without a JSON object payload gets no typed event: its
deliveries parse as the fallback for unknown types, like any new event type.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .diagnostics import Diagnostic, Severity, SpecError, json_pointer
from .document import Document, JsonObject, JsonValue
from .ir import Field, TypeRef, WebhookEvent
from .naming import pascal_case
from .refs import Resolver
from .schemas import Schemas
from .typemap import type_of

__all__ = ["CLASH_PREFIX", "DISCRIMINATOR", "RESERVED", "webhook_events"]

DISCRIMINATOR = "type"  # the envelope property naming the event
CLASH_PREFIX = "Webhook"
# Classes the generated `webhook_events` module defines itself.
RESERVED = frozenset({"WebhookEvent", "UnknownWebhookEvent"})
_METHODS = ("post", "put", "patch", "get", "delete", "options", "head", "trace")


@dataclass(frozen=True)
class _Payload:
    """One webhook's payload model, as found in its document."""

    name: str  # the webhook's key
    model: str
    operation: JsonObject
    doc: Document
    pointer: str  # of the operation


def webhook_events(schemas: Schemas, extra: Sequence[Document]) -> tuple[WebhookEvent, ...]:
    """The events of the main document's `webhooks:`, then of each ``extra`` document's.

    ``schemas`` holds the main document's models; the extra documents'
    components join them. Payload models' `type` fields are narrowed in place.
    """
    schemas.classes.update(RESERVED)
    readers = [schemas]
    seen = {schemas.resolver.doc.sha256}
    for doc in extra:
        if doc.sha256 in seen:  # e.g. the main spec named again in codegen.toml: read once
            continue
        seen.add(doc.sha256)
        sibling = schemas.sibling(Resolver(doc), CLASH_PREFIX)
        sibling.add_components()
        readers.append(sibling)
    payloads = [payload for reader in readers for payload in _payloads(reader)]
    _check_reserved(payloads)
    types = _assign_types(schemas, payloads)
    inherited = {base for p in payloads for base in _ancestors(schemas, p.model)}
    for model, values in types.items():
        if model not in inherited:  # a subclass's Literal must fit inside its base's type
            _narrow(schemas, model, values)
    return tuple(_event(p, types[p.model], payloads) for p in payloads)


# -- finding payloads -------------------------------------------------------------------------


def _payloads(schemas: Schemas) -> list[_Payload]:
    resolver = schemas.resolver
    hooks = resolver.root.get("webhooks")
    found = []
    for name, raw in hooks.items() if isinstance(hooks, dict) else []:
        item, item_at = resolver.object_at(raw, json_pointer(("webhooks", name)), "a webhook")
        for method in _METHODS:
            operation, pointer = item.get(method), f"{item_at}/{method}"
            if not isinstance(operation, dict):
                continue
            body = _json_schema(resolver, operation, pointer)
            if body is None:
                continue
            payload = type_of(body[0], schemas, _class_hint(name), body[1])
            found += [_Payload(name, m, operation, resolver.doc, pointer) for m in _models(payload)]
            break  # one payload per webhook: the first operation with a JSON body
    return found


def _class_hint(name: str) -> str:
    """The class name for an inline payload: `order.paid` -> `OrderPaidEvent`."""
    base = pascal_case(name)
    return base if base.endswith("Event") else base + "Event"


def _json_schema(
    resolver: Resolver, operation: JsonObject, pointer: str
) -> tuple[JsonValue, str] | None:
    """The schema of the operation's JSON request body, and its pointer."""
    if "requestBody" not in operation:
        return None
    body, at = resolver.object_at(operation["requestBody"], f"{pointer}/requestBody",
                                  "a request body")
    content = body.get("content")
    for media, entry in content.items() if isinstance(content, dict) else []:
        kind = media.split(";")[0].strip().lower()
        is_json = kind == "application/json" or kind.endswith("+json")
        if is_json and isinstance(entry, dict) and "schema" in entry:
            return entry["schema"], at + json_pointer(("content", media, "schema"))
    return None


def _models(payload: TypeRef) -> list[str]:
    """The models a payload is one of (`A` or `A | B`); none if it is anything else."""
    parts = [p.strip() for p in payload.annotation.split("|") if p.strip() != "None"]
    return parts if parts and all(p in payload.models for p in parts) else []


def _check_reserved(payloads: Iterable[_Payload]) -> None:
    problems = [
        p.doc.diagnostic(
            Severity.ERROR,
            "B032",
            f"webhook {p.name!r}: its payload model is named {p.model}, a name the "
            "generated webhook_events module defines itself",
            p.pointer,
            "rename the payload schema",
        )
        for p in payloads
        if p.model in RESERVED
    ]
    if problems:
        raise SpecError(problems)


# -- event types ------------------------------------------------------------------------------


def _discriminator(schemas: Schemas, model: str) -> Field | None:
    return next((f for f in schemas.all_fields(model) if f.name == DISCRIMINATOR), None)


def _declared(schemas: Schemas, model: str) -> list[str]:
    """The string values the model's `type` property lists (const or enum)."""
    field = _discriminator(schemas, model)
    enums = [schemas.enums[e] for e in field.type.enums if e in schemas.enums] if field else []
    return [m.value for e in enums for m in e.members if isinstance(m.value, str)]


def _assign_types(schemas: Schemas, payloads: list[_Payload]) -> dict[str, tuple[str, ...]]:
    """The `type` values selecting each payload model; the webhook's own key first."""
    names: dict[str, list[str]] = {}
    for p in payloads:
        names.setdefault(p.model, []).append(p.name)
    declared = {model: _declared(schemas, model) for model in names}
    listed = Counter(v for values in declared.values() for v in dict.fromkeys(values))
    types = {}
    for model, keys in names.items():
        own = [v for v in declared[model] if listed[v] == 1] or keys
        types[model] = tuple(dict.fromkeys([k for k in keys if k in own] + own))
    _check_unambiguous(payloads, types)
    return types


def _check_unambiguous(payloads: list[_Payload], types: dict[str, tuple[str, ...]]) -> None:
    owner: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for p in payloads:
        for value in types[p.model]:
            other = owner.setdefault(value, p.model)
            if other != p.model:
                problems.append(p.doc.diagnostic(
                    Severity.ERROR,
                    "B031",
                    f"webhook {p.name!r}: event type {value!r} would select both {other} "
                    f"and {p.model}",
                    p.pointer,
                    f"give each webhook's payload its own `{DISCRIMINATOR}` const or enum",
                ))
    if problems:
        raise SpecError(problems)


def _ancestors(schemas: Schemas, model: str) -> set[str]:
    found: set[str] = set()
    pending = list(schemas.models[model].bases)
    while pending:
        base = pending.pop()
        if base not in found:
            found.add(base)
            pending += schemas.models[base].bases
    return found


def _narrow(schemas: Schemas, model: str, values: tuple[str, ...]) -> None:
    """Make the model's `type` field `Literal[values]`; drop its inline enum if now unused."""
    field = _discriminator(schemas, model)
    if field is None:
        return  # the payload does not describe `type`: deliveries keep it as an extra field
    literal = TypeRef(
        f"Literal[{', '.join(repr(v) for v in values)}]",
        imports=("from typing import Literal",),
        schema_type="string",
    )
    narrowed = dataclasses.replace(field, type=literal, required=True, default=None)
    fields = schemas.models[model].fields
    own = [i for i, f in enumerate(fields) if f.name == DISCRIMINATOR]
    if own:
        fields[own[0]] = narrowed
    else:  # inherited: redeclared here, as allOf does for `required`
        fields.append(narrowed)
    used = {e for d in schemas.models.values() for f in d.fields for e in f.type.enums}
    used |= {e for d in schemas.models.values() if d.extra for e in d.extra.enums}
    for name in field.type.enums:
        enum = schemas.enums.get(name)
        if enum is not None and enum.owner is not None and name not in used:
            del schemas.enums[name]


def _event(payload: _Payload, types: tuple[str, ...], payloads: list[_Payload]) -> WebhookEvent:
    shared = sum(1 for p in payloads if p.model == payload.model) > 1
    own = (payload.name,) if shared and payload.name in types else types
    summary, description = (payload.operation.get(k) for k in ("summary", "description"))
    return WebhookEvent(
        name=payload.name,
        model=payload.model,
        types=own,
        summary=summary.strip() if isinstance(summary, str) else "",
        description=description.strip() if isinstance(description, str) else "",
        source=payload.doc.file,
        pointer=payload.pointer,
    )
