"""Views of the `types/<module>.py` files: pydantic models and enums, ready to lay out.

Request models are strict (`RequestModel`, constraints enforced before
sending); response models are lenient (`ResponseModel`, enums open to unknown
values, constraints not enforced: the server's data is not the client's to
reject).
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import escape
from .annotations import response_annotation
from .ir import Api, Enum, Field, Model, TypeRef, Usage
from .views import ImportSet, RenderError, home_modules

# A whole name in an annotation (as `annotations.mentions` matches it; not `x.name`).
_IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z_]\w*")
_MODEL_IMPORTS = {
    "Field": "from pydantic import Field",
    "ConfigDict": "from pydantic import ConfigDict",
    "OpenEnum": "from .._models import OpenEnum",
    "Omittable": "from .._models import Omittable",
    "RequestModel": "from .._models import RequestModel",
    "ResponseModel": "from .._models import ResponseModel",
}


@dataclass(frozen=True)
class FieldView:
    py_name: str
    annotation: str
    value: str  # what follows `=`, or "" for a required plain field
    doc: str  # attribute docstring literal, "" for none


@dataclass(frozen=True)
class ModelView:
    class_name: str
    bases: str
    doc: str
    config: str  # a `model_config = ...` line, or ""
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class EnumView:
    class_name: str
    bases: str
    doc: str
    members: tuple[tuple[str, str], ...]  # (member name, value literal)


@dataclass(frozen=True)
class TypeModuleView:
    name: str
    doc: str
    imports: tuple[str, ...]
    enums: tuple[EnumView, ...]
    models: tuple[ModelView, ...]
    rebuild: tuple[str, ...]  # models with forward references, rebuilt at import
    exports: tuple[str, ...]


def type_modules(api: Api) -> tuple[TypeModuleView, ...]:
    """One view per module under `types/`, in the order the API lists them."""
    home = home_modules(api)
    order = list(dict.fromkeys([*api.model_modules, *home.values()]))
    enums = {e.class_name: e for e in api.enums}
    return tuple(_module(api, name, home, enums) for name in order)


def _module(
    api: Api, name: str, home: Mapping[str, str], enums: Mapping[str, Enum]
) -> TypeModuleView:
    module_enums = [e for e in api.enums if e.module == name]
    models = [m for m in api.models if m.module == name]
    imports = ImportSet()
    if module_enums:
        imports.add("import enum")
    for model in models:
        _model_imports(model, imports, home, name)
    views = tuple(_model_view(m, enums) for m in models)
    for view in views:
        spelled = [view.bases, view.config] + [f"{f.annotation} = {f.value}" for f in view.fields]
        imports.use_names(" ".join(spelled), _MODEL_IMPORTS)
    exports = tuple(sorted(e.class_name for e in module_enums)
                    + sorted(m.class_name for m in models))
    return TypeModuleView(
        name=escape.identifier(name),
        doc=escape.docstring_literal(textwrap.fill(
            f"Models and enums of the API: {', '.join(exports)}.", 80, break_on_hyphens=False)),
        imports=imports.lines(),
        enums=tuple(_enum_view(e) for e in module_enums),
        models=views,
        rebuild=_forward_referencing(models),
        exports=exports,
    )


def _model_imports(model: Model, imports: ImportSet, home: Mapping[str, str], module: str) -> None:
    refs = [f.type for f in model.fields] + ([model.extra] if model.extra else [])
    for ref in refs:
        imports.update(ref.imports)
    names = set(model.bases).union(*(set(r.models) | set(r.enums) for r in refs))
    for other in sorted(names):
        where = home.get(other)
        if where is None:
            raise RenderError(f"model {model.class_name} refers to {other}, which the API "
                              "does not define", model.pointer)
        if where != module:
            imports.add(f"from .{where} import {other}")


def _forward_referencing(models: list[Model]) -> tuple[str, ...]:
    """Models that mention a model of their module defined at or after themselves."""
    position = {m.class_name: i for i, m in enumerate(models)}
    found = []
    for index, model in enumerate(models):
        mentioned = {n for f in model.fields for n in f.type.models}
        if model.extra:
            mentioned.update(model.extra.models)
        if any(position.get(name, -1) >= index for name in mentioned):
            found.append(model.class_name)
    return tuple(found)


def _model_view(model: Model, enums: Mapping[str, Enum]) -> ModelView:
    strict = model.usage is Usage.REQUEST
    base = "RequestModel" if strict else "ResponseModel"
    doc = model.description + ("\n\nDeprecated." if model.deprecated else "")
    fields = tuple(_field_view(model, f, strict, enums) for f in model.fields)
    _check_shadowing(model, fields)
    config = 'model_config = ConfigDict(extra="allow")' if strict and model.extra else ""
    return ModelView(
        class_name=escape.identifier(model.class_name),
        bases=", ".join(escape.identifier(b) for b in model.bases) or base,
        doc=escape.docstring_literal(escape.wrap(doc or f"The {model.class_name} object.", 80),
                                     indent=4),
        config=config,
        fields=fields,
    )


def _field_view(model: Model, field: Field, strict: bool, enums: Mapping[str, Enum]) -> FieldView:
    annotation = field.type.annotation if strict else response_annotation(field.type)
    default = None if field.required else _default(field, enums, model.class_name) or "None"
    if default == "None" and not field.type.nullable and annotation != "Any":
        # A request may leave the field out but not send null; a response may omit it.
        annotation = f"Omittable[{annotation}]" if strict else f"{annotation} | None"
    arguments = []
    if field.name != field.py_name:
        arguments.append(f"alias={escape.py_str(field.name)}")
    if strict:
        arguments += _constraints(field)
    if arguments and default is not None:
        arguments.insert(0, f"default={default}")
    value = f"Field({', '.join(arguments)})" if arguments else default or ""
    # A field the spec leaves undescribed (a bare $ref) still says what it holds.
    text = field.description if field.description.strip() else \
        f"The `{field.name}` field: {field.type.annotation}."
    doc = text + ("\n\nDeprecated." if field.deprecated else "")
    literal = escape.docstring_literal(escape.wrap(doc, 80), indent=4)
    return FieldView(escape.identifier(field.py_name), annotation, value, literal)


def _is_literal(source: str) -> bool:
    """Whether `source` is a plain literal (numbers, strings, lists, dicts, True...)."""
    try:
        ast.literal_eval(source)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _default(field: Field, enums: Mapping[str, Enum], model_name: str) -> str | None:
    """The spec's default; an enum's value becomes its member (`Status.ACTIVE`). A default
    the annotation would not accept (a dict for a model, 3 for a string: possible beside a
    `$ref`) is left out: the server applies its own."""
    if field.default is None or field.default == "None":
        return field.default
    members = {f"{name}.{m.py_name}" for name in field.type.enums if name in enums
               for m in enums[name].members}
    if field.default in members:  # build already chose the member
        return field.default
    if not _is_literal(field.default):
        raise RenderError(f"model {model_name}: the default of field {field.py_name!r} "
                          f"is not a Python literal: {field.default!r}", field.pointer)
    for name in field.type.enums:
        for member in enums[name].members if name in enums else ():
            if escape.py_literal(member.value) == field.default:
                return f"{name}.{member.py_name}"
    return field.default if _fits(ast.literal_eval(field.default), field.type) else None


_PLAIN_TYPES: Mapping[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "Any": (object,),
    "dict[str, Any]": (dict,),
}


def _fits(value: object, ref: TypeRef) -> bool:
    """Whether `value` type-checks as `ref`'s annotation (models and enums never do:
    their defaults are spelled as members, above)."""
    if value is None:
        return ref.nullable
    if ref.is_list and ref.item is not None:
        return isinstance(value, list) and all(_fits(item, ref.item) for item in value)
    if ref.models or ref.enums:
        return False
    for part in ref.annotation.split(" | "):
        kinds = _PLAIN_TYPES.get(part, ())
        if isinstance(value, kinds) and (bool in kinds or not isinstance(value, bool)):
            return True
    return False


def _constraints(field: Field) -> list[str]:
    """pydantic Field() arguments for the constraints pydantic can check on this type."""
    c, ref = field.constraints, field.type
    kind = "array" if ref.is_list else ref.schema_type
    found: list[tuple[str, object]] = []
    if kind in ("string", "array"):
        found += [("min_length", c.min_length), ("max_length", c.max_length)]
    if kind in ("integer", "number") and not ref.enums:
        found += [("ge", c.minimum), ("le", c.maximum),
                  ("gt", c.exclusive_minimum), ("lt", c.exclusive_maximum)]
    if kind == "string" and not ref.enums and c.pattern and _compiles(c.pattern):
        found.append(("pattern", c.pattern))
    return [f"{name}={escape.py_literal(value)}" for name, value in found if value is not None]


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _check_shadowing(model: Model, fields: Iterable[FieldView]) -> None:
    """A field named like a type its class spells (`date: date`) breaks pydantic."""
    views = list(fields)
    users: dict[str, str] = {}  # identifier -> the first field whose annotation spells it
    for other in views:
        for name in _IDENTIFIER.findall(other.annotation):
            users.setdefault(name, other.py_name)
    for field in views:
        if field.py_name in users:
            raise RenderError(
                f"model {model.class_name}: field {field.py_name!r} shadows the type "
                f"{field.py_name!r} used by field {users[field.py_name]!r}; rename the field "
                "in naming.py", model.pointer,
            )


def _enum_view(enum: Enum) -> EnumView:
    bases = "enum.IntEnum" if enum.value_type == "int" else "str, enum.Enum"
    return EnumView(
        class_name=escape.identifier(enum.class_name),
        bases=bases,
        doc=escape.docstring_literal(enum.description or f"The {enum.class_name} values.", 4),
        members=tuple((escape.identifier(m.py_name), escape.py_literal(m.value))
                      for m in enum.members),
    )


def enum_values(api: Api) -> dict[str, tuple[str | int, ...]]:
    """The values an argument of each enum also accepts as a `Literal[...]`; none for an
    enum with a value mypy cannot spell in one (an int outside 64 bits)."""
    found: dict[str, tuple[str | int, ...]] = {}
    for e in api.enums:
        values = tuple(m.value for m in e.members if not isinstance(m.value, float))
        spellable = all(isinstance(v, str) or abs(v) < 2**63 for v in values)
        found[e.class_name] = values if spellable else ()
    return found
