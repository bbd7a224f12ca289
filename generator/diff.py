"""What a spec update changes for people who use the client, and the version it needs.

Both specs are built to the IR with the same config and generator, and the
two `ir.Api`s are compared, so changes are named as callers meet them
(`client.messages.list` gained optional keyword `status`; `Address.name`;
enum `MessageStatus` gained value `archived`), not as YAML paths. Methods are
matched by `client.<resource>.<method>` (an endpoint that moved to another
name is a rename), arguments and fields by Python name, models and enums by
class name, enum values by value.

Every change is classified by one rule:

| rule | kind | when |
| --- | --- | --- |
| operation-removed | breaking | a method is gone |
| operation-renamed | breaking | an endpoint is now called by another method |
| operation-added | compatible | a new method |
| endpoint-changed | breaking | a method calls another HTTP method or path |
| scopes-narrowed | breaking | a scope a method accepted is not any more, or auth became required |
| scopes-widened | compatible | a method accepts more scopes (or needs no auth) |
| success-status-changed | breaking | the success status code changed |
| return-type-changed | breaking | a method returns another type, a page for a value, or nothing |
| return-value-added | compatible | a method that returned None now returns data |
| operation-deprecated | compatible | a method is marked deprecated (note) |
| errors-changed | docs-only | the documented error responses changed |
| operation-docs-changed | docs-only | summary, description, examples or deprecation removed |
| input-removed | breaking | an argument, keyword or request field is gone |
| required-input-added | breaking | a new required input |
| optional-input-added | compatible | a new optional input |
| input-became-required | breaking | an optional input became required |
| input-became-optional | compatible | a required input became optional |
| positional-order-changed | breaking | path arguments changed order |
| input-type-changed | breaking | an input's type narrowed or changed (values sent may fail) |
| input-type-widened | compatible | an input accepts more: int to float, enum to str, None |
| input-constraint-narrowed | breaking | max lowered, min raised, a pattern added or changed |
| input-constraint-widened | compatible | an input constraint relaxed or removed |
| extra-fields-refused | breaking | a request model no longer allows extra fields |
| extra-fields-accepted | compatible | a request model now allows extra fields |
| input-deprecated | compatible | an input is marked deprecated (note) |
| input-docs-changed | docs-only | an input's description, example, documented default |
| response-field-removed | breaking | a response field is gone |
| response-field-added | compatible | a new response field |
| response-field-may-be-none | breaking | a response field became optional or nullable |
| response-field-always-set | compatible | a response field became required or non-nullable |
| response-field-type-changed | breaking | a response field's type changed |
| response-field-deprecated | compatible | a response field is marked deprecated (note) |
| response-field-docs-changed | docs-only | description, example, default, constraints |
| model-removed | breaking | a model class is gone from `ahasend.types` |
| model-added | compatible | a new model class |
| model-base-removed | breaking | a model no longer extends a model |
| model-base-added | compatible | a model extends another model |
| model-deprecated | compatible | a model is marked deprecated (note) |
| model-docs-changed | docs-only | a model's description or example |
| enum-removed | breaking | an enum class is gone |
| enum-added | compatible | a new enum class |
| enum-value-removed | breaking | an enum lost a value (its member is gone; requests fail) |
| enum-value-added | compatible | an enum gained a value, in requests or responses |
| enum-docs-changed | docs-only | an enum's description |
| scope-removed | breaking | a constant in `ahasend.scopes` is gone |
| scope-added | compatible | a new scope constant |
| scope-docs-changed | docs-only | a scope's description |
| base-url-changed | compatible | the default server URL changed |
| api-docs-changed | docs-only | the API's title or description, a resource's description |

Inputs are method arguments and fields of models sent in requests; a model
sent *and* received has each aspect read both ways, and the more severe
reading is reported. Enum values added to a response are compatible because
response models accept unknown values. Scopes are alternatives (a key needs
one of a method's scopes), so only losing one can make a call fail.

The bump: any breaking change needs a major version, else any compatible
change a minor one, else docs-only changes a patch; no change, none.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import diff_rules as r
from .diff_models import compare_api_docs, compare_enums, compare_models, compare_scopes
from .diff_rules import Bump, Change, Kind, bump_for
from .diff_slots import INPUT, Place, Slot, compare_slot, slot_added, slot_removed
from .ir import Api, Field, Operation, RequestBody, TypeRef

__all__ = ["Report", "diff_apis"]

_IDEMPOTENCY_KEY = Field("Idempotency-Key", "idempotency_key", TypeRef("str"), required=False)


@dataclass(frozen=True)
class Report:
    old_title: str
    old_version: str
    new_title: str
    new_version: str
    changes: tuple[Change, ...]  # breaking first, then compatible, then docs-only

    @property
    def bump(self) -> Bump:
        return bump_for(self.changes)

    def count(self, kind: Kind) -> int:
        return sum(1 for c in self.changes if c.kind is kind)


def diff_apis(old: Api, new: Api) -> Report:
    """Every change from ``old`` to ``new``, classified; the order is deterministic."""
    found = [
        *_compare_operations(old, new),
        *compare_models(old, new),
        *compare_enums(old, new),
        *compare_scopes(old, new),
        *compare_api_docs(old, new),
    ]
    ordered = sorted(found, key=lambda c: -c.kind.severity)  # stable: discovery order kept
    return Report(old.title, old.version, new.title, new.version, tuple(ordered))


# -- methods --------------------------------------------------------------------------------


def _methods(api: Api) -> dict[str, Operation]:
    return {f"client.{res.py_name}.{op.py_name}": op for res in api.resources
            for op in res.operations}


def _compare_operations(old: Api, new: Api) -> list[Change]:
    before, after = _methods(old), _methods(new)
    new_names = {(op.method, op.path): name for name, op in after.items() if name not in before}
    changes, renamed = [], {}
    for name, op in before.items():
        if name in after:
            continue
        moved = new_names.get((op.method, op.path))
        if moved:
            renamed[moved] = name
            changes.append(Change(r.OPERATION_RENAMED, name, f"`{name}` is now `{moved}`"))
        else:
            changes.append(Change(r.OPERATION_REMOVED, name, f"`{name}` was removed"))
    for name, op in after.items():
        was = name if name in before else renamed.get(name)
        if was is None:
            changes.append(Change(r.OPERATION_ADDED, name, f"`{name}` was added"))
        else:
            changes += _operation(name, (old, before[was]), (new, op))
    return changes


def _operation(name: str, older: tuple[Api, Operation], newer: tuple[Api, Operation]
               ) -> list[Change]:
    (old_api, old), (new_api, new) = older, newer
    changes = []
    if (old.method, old.path) != (new.method, new.path):
        changes.append(Change(r.ENDPOINT_CHANGED, name,
                              f"`{name}` now calls `{new.method.upper()} {new.path}` instead of "
                              f"`{old.method.upper()} {old.path}`"))
    changes += _scopes(name, old, new)
    enums = {e.class_name for e in old_api.enums}
    changes += _inputs(name, _slots(old, old_api), _slots(new, new_api), enums)
    changes += _results(name, old, new)
    if old.deprecated != new.deprecated:
        rule, text = (r.OPERATION_DEPRECATED, "is deprecated") if new.deprecated else (
            r.OPERATION_DOCS, "is no longer deprecated")
        changes.append(Change(rule, name, f"`{name}` {text}"))
    changes += _docs(name, old, new)
    return changes


def _accepted(op: Operation) -> set[tuple[str, str]]:
    return {(req.scheme, scope) for req in op.security for scope in req.scopes or ("",)}


def _scope_list(accepted: set[tuple[str, str]]) -> str:
    return ", ".join(f"`{scope}`" if scope else f"any `{scheme}` credential"
                     for scheme, scope in sorted(accepted))


def _scopes(name: str, old: Operation, new: Operation) -> list[Change]:
    before, after = _accepted(old), _accepted(new)
    if before == after:
        return []
    if not before:
        return [Change(r.SCOPES_NARROWED, name, f"`{name}` now requires authentication "
                                                f"({_scope_list(after)})")]
    if not after:
        return [Change(r.SCOPES_WIDENED, name, f"`{name}` no longer requires authentication")]
    lost, gained = before - after, after - before
    if not lost:
        return [Change(r.SCOPES_WIDENED, name, f"`{name}` now also accepts {_scope_list(gained)}")]
    text = f"`{name}` no longer accepts {_scope_list(lost)}"
    return [Change(r.SCOPES_NARROWED, name, text + (f"; it accepts {_scope_list(gained)}"
                                                    if gained else ""))]


# -- arguments ------------------------------------------------------------------------------


def _slots(op: Operation, api: Api) -> dict[str, tuple[Slot, bool]]:
    """The method's arguments as callers see them: Python name -> (slot, positional)."""
    client_params = {p.name for p in api.client_params}
    found: dict[str, tuple[Slot, bool]] = {}
    for param in op.path_params:  # client params are filled by the client: optional keywords
        if param.name in client_params:
            found[param.py_name] = (dataclasses.replace(param, required=False), False)
        else:
            found[param.py_name] = (param, True)
    found.update((p.py_name, (p, False)) for p in op.query_params + op.header_params)
    if op.body is not None and op.body.model is None:
        found["body"] = (_body_slot(op.body), False)
    elif op.body is not None:
        found.update((f.py_name, (f, False)) for f in op.body.fields if not f.read_only)
    if op.idempotent:
        found["idempotency_key"] = (_IDEMPOTENCY_KEY, False)
    return found


def _body_slot(body: RequestBody) -> Field:
    return Field("body", "body", body.type, body.required, description=body.description)


def _inputs(name: str, old: dict[str, tuple[Slot, bool]], new: dict[str, tuple[Slot, bool]],
            enums: set[str]) -> list[Change]:
    def place(arg: str, positional: bool) -> Place:
        return Place(name, "argument" if positional else "keyword", arg)

    changes = [slot_removed(place(arg, positional), INPUT)
               for arg, (_, positional) in old.items() if arg not in new]
    for arg, (slot, positional) in new.items():
        if arg in old:
            changes += compare_slot(place(arg, positional), old[arg][0], slot, INPUT, enums)
        else:
            changes.append(slot_added(place(arg, positional), slot, INPUT))
    was = [arg for arg, (_, positional) in old.items() if positional and arg in new]
    now = [arg for arg, (_, positional) in new.items() if positional and arg in old]
    if was != now:
        changes.append(Change(r.POSITIONAL_ORDER, name,
                              f"`{name}` takes its positional arguments as ({', '.join(now)}) "
                              f"instead of ({', '.join(was)})"))
    return changes


# -- results and docs -----------------------------------------------------------------------


def _returns(op: Operation) -> str:
    if op.pagination is not None:
        return f"a page of `{op.pagination.item.annotation}`"
    ref = op.success.type if op.success else None
    return f"`{ref.annotation}`" if ref else "`None`"


def _results(name: str, old: Operation, new: Operation) -> list[Change]:
    changes = []
    status_before = old.success.status if old.success else "none"
    status_after = new.success.status if new.success else "none"
    if status_before != status_after:
        changes.append(Change(r.STATUS_CHANGED, name, f"`{name}` succeeds with {status_after} "
                                                      f"instead of {status_before}"))
    before, after = _returns(old), _returns(new)
    if before != after:
        rule = r.RETURN_ADDED if before == "`None`" else r.RETURN_CHANGED
        changes.append(Change(rule, name, f"`{name}` now returns {after} instead of {before}"))
    errors_before = {e.status for e in old.errors}
    errors_after = {e.status for e in new.errors}
    if errors_before != errors_after:
        parts = [f"{label} {', '.join(sorted(statuses))}" for label, statuses in (
            ("added", errors_after - errors_before), ("removed", errors_before - errors_after))
            if statuses]
        changes.append(Change(r.ERRORS_CHANGED, name,
                              f"`{name}`: documented errors {'; '.join(parts)}"))
    return changes


def _docs(name: str, old: Operation, new: Operation) -> list[Change]:
    success = (old.success.description if old.success else "",
               new.success.description if new.success else "")
    what = [label for label, before, after in (
        ("summary", old.summary, new.summary),
        ("description", old.description, new.description),
        ("response description", *success),
        ("examples", old.examples, new.examples),
    ) if before != after]
    if not what:
        return []
    return [Change(r.OPERATION_DOCS, name, f"`{name}`: {', '.join(what)} changed")]
