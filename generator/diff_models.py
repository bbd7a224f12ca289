"""Changes to what `ahasend.types` and `ahasend.scopes` offer: models, enums, scopes.

Models and enums are matched by class name, fields by Python name (with the
fields they inherit), enum values by value, scopes by their string.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import diff_rules as r
from .diff_rules import Change
from .diff_slots import Direction, Place, compare_slot, slot_added, slot_removed
from .ir import Api, Enum, Field, Model, Usage

__all__ = ["compare_api_docs", "compare_enums", "compare_models", "compare_scopes"]


def compare_models(old: Api, new: Api) -> list[Change]:
    before = {m.class_name: m for m in old.models}
    after = {m.class_name: m for m in new.models}
    # Fields of a body model offered as keywords are reported on the method instead.
    as_keywords = _keyword_models(old) & _keyword_models(new)
    changes = [Change(r.MODEL_REMOVED, name, f"model `{name}` was removed")
               for name in before if name not in after]
    for name, model in after.items():
        if name not in before:
            changes.append(Change(r.MODEL_ADDED, name, f"model `{name}` was added"))
            continue
        changes += _model(before[name], model)
        if name not in as_keywords:
            changes += _fields(name, _all_fields(before[name], before),
                               _all_fields(model, after), _direction(before[name], model),
                               {e.class_name for e in old.enums})
    return changes


def _model(old: Model, new: Model) -> list[Change]:
    name = new.class_name
    changes = [Change(r.BASE_REMOVED, name, f"model `{name}` no longer extends `{base}`")
               for base in old.bases if base not in new.bases]
    changes += [Change(r.BASE_ADDED, name, f"model `{name}` now extends `{base}`")
                for base in new.bases if base not in old.bases]
    if _direction(old, new).sends and bool(old.extra) != bool(new.extra):
        rule, verb = (r.EXTRA_ACCEPTED, "now") if new.extra else (r.EXTRA_REFUSED, "no longer")
        changes.append(Change(rule, name, f"model `{name}` {verb} accepts extra fields"))
    if old.deprecated != new.deprecated:
        rule, text = (r.MODEL_DEPRECATED, "is deprecated") if new.deprecated else (
            r.MODEL_DOCS, "is no longer deprecated")
        changes.append(Change(rule, name, f"model `{name}` {text}"))
    what = _changed(("description", old.description, new.description),
                    ("example", old.example, new.example))
    if what:
        changes.append(Change(r.MODEL_DOCS, name, f"model `{name}`: {what} changed"))
    return changes


def _direction(old: Model, new: Model) -> Direction:
    """How a model's fields travel, in either version (a model can start being sent)."""
    usages = {old.usage, new.usage}
    return Direction(sends=bool(usages & {Usage.REQUEST, Usage.BOTH}),
                     receives=bool(usages & {Usage.RESPONSE, Usage.BOTH}))


def _fields(owner: str, old: dict[str, Field], new: dict[str, Field],
            way: Direction, enums: set[str]) -> list[Change]:
    changes = [slot_removed(Place(owner, "field", name), way) for name in old if name not in new]
    for name, field in new.items():
        place = Place(owner, "field", name)
        if name in old:
            changes += compare_slot(place, old[name], field, way, enums)
        else:
            changes.append(slot_added(place, field, way))
    return changes


def _all_fields(model: Model, models: dict[str, Model]) -> dict[str, Field]:
    """A model's fields with the ones it inherits, base fields first, by Python name."""
    found: dict[str, Field] = {}
    pending, seen = [model], set[str]()
    order: list[Model] = []
    while pending:  # bases before the model, each once (cycles cannot loop)
        current = pending.pop()
        if current.class_name in seen:
            continue
        seen.add(current.class_name)
        order.insert(0, current)
        pending += [models[b] for b in current.bases if b in models]
    for current in order:
        found.update((f.py_name, f) for f in current.fields)
    return found


def _keyword_models(api: Api) -> set[str]:
    """Request body models used nowhere else: callers meet their fields as keywords."""
    bodies = {op.body.model for op in api.operations if op.body and op.body.model}
    elsewhere: set[str] = set()
    for model in api.models:
        elsewhere.update(model.bases)
        elsewhere.update(m for f in model.fields for m in f.type.models)
        elsewhere.update(model.extra.models if model.extra else ())
    for op in api.operations:
        elsewhere.update(m for p in op.path_params + op.query_params + op.header_params
                         for m in p.type.models)
        elsewhere.update(m for res in op.responses + op.errors if res.type
                         for m in res.type.models)
    usage = {m.class_name: m.usage for m in api.models}
    return {name for name in bodies - elsewhere if usage.get(name) is Usage.REQUEST}


# -- enums, scopes, the API ---------------------------------------------------------------------


def compare_enums(old: Api, new: Api) -> list[Change]:
    before = {e.class_name: e for e in old.enums}
    after = {e.class_name: e for e in new.enums}
    changes = [Change(r.ENUM_REMOVED, name, f"enum `{name}` was removed")
               for name in before if name not in after]
    for name, enum in after.items():
        if name in before:
            changes += _enum(before[name], enum)
        else:
            changes.append(Change(r.ENUM_ADDED, name, f"enum `{name}` was added"))
    return changes


def _enum(old: Enum, new: Enum) -> list[Change]:
    name = new.class_name
    values_before = [m.value for m in old.members]
    values_after = [m.value for m in new.members]
    changes = [Change(r.ENUM_VALUE_REMOVED, name, f"enum `{name}` lost value `{value}`")
               for value in values_before if value not in values_after]
    changes += [Change(r.ENUM_VALUE_ADDED, name, f"enum `{name}` gained value `{value}`")
                for value in values_after if value not in values_before]
    if old.description != new.description:
        changes.append(Change(r.ENUM_DOCS, name, f"enum `{name}`: description changed"))
    return changes


def compare_scopes(old: Api, new: Api) -> list[Change]:
    before = {s.value: s for s in old.scopes}
    after = {s.value: s for s in new.scopes}
    changes = [Change(r.SCOPE_REMOVED, f"scopes.{s.constant}",
                      f"scope `{value}` (`ahasend.scopes.{s.constant}`) was removed")
               for value, s in before.items() if value not in after]
    for value, scope in after.items():
        subject = f"scopes.{scope.constant}"
        if value not in before:
            changes.append(Change(r.SCOPE_ADDED, subject, f"scope `{value}` was added"))
        elif before[value].description != scope.description:
            changes.append(Change(r.SCOPE_DOCS, subject, f"scope `{value}`: description changed"))
    return changes


def compare_api_docs(old: Api, new: Api) -> list[Change]:
    changes = []
    if old.base_url != new.base_url:
        changes.append(Change(r.BASE_URL_CHANGED, "client",
                              f"the default base URL changed from `{old.base_url}` to "
                              f"`{new.base_url}`"))
    what = _changed(("title", old.title, new.title),
                    ("description", old.description, new.description))
    if what:
        changes.append(Change(r.API_DOCS, "client", f"the API's {what} changed"))
    before = {res.py_name: res.description for res in old.resources}
    for resource in new.resources:
        if resource.py_name in before and before[resource.py_name] != resource.description:
            subject = f"client.{resource.py_name}"
            changes.append(Change(r.API_DOCS, subject, f"`{subject}`: description changed"))
    return changes


def _changed(*aspects: tuple[str, object, object]) -> str:
    """`description, example` for the aspects whose values differ ("" if none)."""
    names: Iterable[str] = (label for label, before, after in aspects if before != after)
    return " and ".join(names)
