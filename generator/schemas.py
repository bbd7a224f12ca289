"""Models and enums made from schemas: components first, then inline ones as met.

`Schemas` implements `typemap.TypeNames`: `typemap` decides *that* a schema
needs a class, this module decides its name, builds its fields and remembers
it. Everything is keyed by JSON pointer, so a schema reached twice (a `$ref`
into a component's property, an alias used in many places) becomes one class.
Drafts are mutable while the document is read; `build` freezes them once usage
and modules are known.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import SpecError, json_pointer
from .document import JsonObject, JsonValue
from .ir import EnumMember, Field, TypeRef
from .naming import Role, class_identifier, constant_identifier, pascal_case
from .naming import safe_identifier as safe
from .refs import MAX_HOPS, Resolver
from .typemap import (
    ANY,
    constraints_of,
    enum_type,
    enum_values,
    is_model_schema,
    model_type,
    non_null,
    nullable,
    type_of,
)

__all__ = ["EnumDraft", "ModelDraft", "Schemas", "example_of"]

COMPONENTS = "/components/schemas/"


@dataclass
class ModelDraft:
    class_name: str
    pointer: str
    owner: str | None  # the top-level model whose module holds this one; None: top-level
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    extra: TypeRef | None = None
    example: Any = None
    deprecated: bool = False
    is_inline: bool = False
    state: str = "named"  # named -> filling -> done


@dataclass
class EnumDraft:
    class_name: str
    pointer: str
    owner: str | None
    members: tuple[EnumMember, ...]
    description: str = ""
    value_type: str = "str"


def example_of(schema: JsonObject) -> Any:
    """`example`, else the first of `examples` (a list in JSON Schema, a map in OpenAPI)."""
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        return first.get("value") if isinstance(first, dict) else None
    return None


def _text(schema: JsonObject, key: str = "description") -> str:
    value = schema.get(key)
    return value.strip() if isinstance(value, str) else ""


def component_kind(schema: JsonValue, resolver: Resolver, hops: int = 0) -> str:
    """"model", "enum" or "alias" (a component that is only a type, used inline).

    Objects and allOf compositions are models; `allOf: [$ref]` plus constraints is
    a model only if what it refers to is one (a subclass), else an alias.
    """
    if not isinstance(schema, dict):
        return "alias"
    core, _ = non_null(schema)
    if is_model_schema(core):
        return "model"
    members = core.get("allOf")
    if isinstance(members, list):
        refs = [m["$ref"] for m in members if isinstance(m, dict) and "$ref" in m]
        if not refs or not isinstance(refs[0], str) or hops > MAX_HOPS:
            return "alias"
        try:
            target, _ = resolver.target(refs[0], "")
        except SpecError:
            return "alias"  # reported with its place when the type is mapped
        return "model" if component_kind(target, resolver, hops + 1) == "model" else "alias"
    if enum_values(core) is not None:
        return "enum"
    kind = core.get("type")
    extra = core.get("additionalProperties")
    is_map = isinstance(extra, dict) and bool(extra)
    if (kind == "object" or isinstance(kind, list) and "object" in kind) and not is_map:
        return "model" if not any(k in core for k in ("oneOf", "anyOf")) else "alias"
    return "alias"


class Schemas:
    """Every model and enum of the document, in the order they were met."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.models: dict[str, ModelDraft] = {}
        self.enums: dict[str, EnumDraft] = {}
        self.classes: set[str] = set()
        self.by_pointer: dict[str, str] = {}  # pointer -> class name (model or enum)
        self.aliases: dict[str, TypeRef | None] = {}  # pointer -> type (None: in progress)
        self.owner: str | None = None
        self.clash_prefix = ""  # put before a component name another document took

    def sibling(self, resolver: Resolver, clash_prefix: str) -> Schemas:
        """The schemas of another document, made into classes of this one's namespace.

        Pointers stay per document; class names, models and enums are shared, so
        one `finish_types` orders them all. A component name already taken gets
        ``clash_prefix`` (`Domain` -> `WebhookDomain`), deterministically.
        """
        other = Schemas(resolver)
        other.models, other.enums, other.classes = self.models, self.enums, self.classes
        other.clash_prefix = clash_prefix
        return other

    # -- components ---------------------------------------------------------------------------

    def add_components(self) -> None:
        """Name every component model and enum first (so refs resolve in any order), then fill."""
        components = self.resolver.root.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if not isinstance(schemas, dict):
            return
        pending: list[tuple[str, JsonObject, str]] = []
        for name, schema in schemas.items():
            pointer = json_pointer(("components", "schemas", name))
            kind = component_kind(schema, self.resolver)
            if kind == "alias" or not isinstance(schema, dict):
                continue
            preferred = self.clash_prefix + name if name in self.classes else name
            cls = class_identifier(preferred, self.classes)
            self.by_pointer[pointer] = cls
            if kind == "model":
                self.models[cls] = ModelDraft(cls, pointer, None)
            pending.append((cls, schema, pointer))
        for cls, schema, pointer in pending:
            if cls in self.models:
                self._fill(self.models[cls], schema)
            else:
                self._make_enum(cls, schema, pointer, None)

    # -- TypeNames ----------------------------------------------------------------------------

    def ref_type(self, ref: str, pointer: str) -> TypeRef:
        target, at = self.resolver.target(ref, pointer + "/$ref")
        cls = self.by_pointer.get(at)
        if cls is None and isinstance(target, dict):
            if at.startswith(COMPONENTS) and at.count("/") == 3:
                return self._alias(target, at)
            return type_of(target, self, pascal_case(at.rsplit("/", 1)[-1]), at)
        if cls is None:
            return ANY
        core_null = isinstance(target, dict) and non_null(target)[1]
        ref_type = self._class_type(cls)
        return nullable(ref_type) if core_null else ref_type

    def inline_model(self, schema: JsonObject, name: str, pointer: str) -> str:
        if pointer in self.by_pointer:
            return self.by_pointer[pointer]
        cls = class_identifier(name, self.classes)
        self.by_pointer[pointer] = cls
        draft = ModelDraft(cls, pointer, self.owner, is_inline=True)
        self.models[cls] = draft
        self._fill(draft, schema)
        return cls

    def inline_enum(self, schema: JsonObject, name: str, pointer: str) -> str:
        if pointer in self.by_pointer:
            return self.by_pointer[pointer]
        cls = class_identifier(name, self.classes)
        self.by_pointer[pointer] = cls
        self._make_enum(cls, schema, pointer, self.owner)
        return cls

    # -- helpers ------------------------------------------------------------------------------

    def _class_type(self, cls: str) -> TypeRef:
        if cls in self.enums:
            return enum_type(cls, self.enums[cls].value_type)
        return model_type(cls)

    def _alias(self, schema: JsonObject, pointer: str) -> TypeRef:
        """A component that is only a type (`Tags: {type: array}`): its mapping, computed once."""
        if pointer in self.aliases:
            return self.aliases[pointer] or ANY  # None: a cycle of aliases
        self.aliases[pointer] = None
        saved, self.owner = self.owner, None
        try:
            name = pascal_case(pointer.rsplit("/", 1)[-1]) or "Schema"
            found = type_of(schema, self, name, pointer)
        finally:
            self.owner = saved
        self.aliases[pointer] = found
        return found

    def _make_enum(self, cls: str, schema: JsonObject, pointer: str, owner: str | None) -> None:
        core, _ = non_null(schema)
        values, value_type = enum_values(core) or ([], "str")
        taken: set[str] = set()
        members = tuple(EnumMember(constant_identifier(str(v), taken), v) for v in values)
        self.enums[cls] = EnumDraft(cls, pointer, owner, members, _text(core), value_type)

    def all_fields(self, cls: str) -> list[Field]:
        """Fields including inherited ones, bases first; a redefinition replaces in place."""
        draft = self.models[cls]
        found: dict[str, Field] = {}
        for base in draft.bases:
            for item in self.all_fields(base):
                found[item.name] = item
        for item in draft.fields:
            found[item.name] = item
        return list(found.values())

    def _fill(self, draft: ModelDraft, schema: JsonObject) -> None:
        if draft.state != "named":
            return
        draft.state = "filling"
        saved, self.owner = self.owner, draft.owner or draft.class_name
        try:
            core, _ = non_null(schema)
            draft.description = _text(core) or _text(core, "title")
            draft.example = example_of(core)
            draft.deprecated = core.get("deprecated") is True
            properties: list[tuple[str, JsonObject, str]] = []
            required: set[str] = set()
            self._collect(draft, core, draft.pointer, properties, required)
            self._make_fields(draft, properties, required)
        finally:
            self.owner = saved
        draft.state = "done"

    def _collect(
        self,
        draft: ModelDraft,
        node: JsonObject,
        pointer: str,
        properties: list[tuple[str, JsonObject, str]],
        required: set[str],
    ) -> None:
        """Own properties of ``node``: allOf members first (refs become bases), then its own."""
        members = node.get("allOf")
        for index, member in enumerate(members if isinstance(members, list) else []):
            where = f"{pointer}/allOf/{index}"
            ref = member.get("$ref") if isinstance(member, dict) else None
            if isinstance(ref, str):
                self._add_base(draft, ref, where)
            elif isinstance(member, dict):
                self._collect(draft, non_null(member)[0], where, properties, required)
        props = node.get("properties")
        for name, prop in (props.items() if isinstance(props, dict) else []):
            where = pointer + json_pointer(("properties", name))
            properties.append((name, prop if isinstance(prop, dict) else {}, where))
        names = node.get("required")
        required.update(n for n in (names if isinstance(names, list) else []) if isinstance(n, str))
        extra = node.get("additionalProperties")
        if extra is True or extra == {}:
            draft.extra = ANY
        elif isinstance(extra, dict):
            where = pointer + "/additionalProperties"
            draft.extra = type_of(extra, self, f"{draft.class_name}Value", where)

    def _add_base(self, draft: ModelDraft, ref: str, pointer: str) -> None:
        target, at = self.resolver.target(ref, pointer + "/$ref")
        base = self.by_pointer.get(at)
        if base is None and isinstance(target, dict) and is_model_schema(target):
            base = self.inline_model(target, pascal_case(at.rsplit("/", 1)[-1]), at)
        if base is None or base not in self.models:
            return  # a ref to a non-object only constrains values; nothing to inherit
        base_draft = self.models[base]
        if base_draft.state == "filling":
            raise self.resolver.error(
                "B003",
                f"{draft.class_name} and {base} extend each other through allOf",
                pointer,
                "remove the cycle from the allOf chain",
            )
        if isinstance(target, dict):
            self._fill(base_draft, target)
        if base not in draft.bases:
            draft.bases.append(base)

    def _make_fields(
        self, draft: ModelDraft, properties: list[tuple[str, JsonObject, str]], required: set[str]
    ) -> None:
        inherited = {f.name: f for base in draft.bases for f in self.all_fields(base)}
        taken = {f.py_name for f in inherited.values()}
        for name, prop, pointer in properties:
            if name in inherited:
                py_name = inherited[name].py_name
            else:
                py_name = safe(name, taken, Role.FIELD, fallback="field")
            hint = draft.class_name + (pascal_case(name) or "Field")
            draft.fields.append(self._field(name, py_name, prop, pointer, hint, name in required))
        # `required` may name an inherited optional field: redeclare it as required.
        own = {f.name for f in draft.fields}
        for name, base_field in inherited.items():
            if name in required and name not in own and not base_field.required:
                draft.fields.append(dataclasses.replace(base_field, required=True))

    def _field(
        self, name: str, py_name: str, prop: JsonObject, pointer: str, hint: str, required: bool
    ) -> Field:
        ref = type_of(prop, self, hint, pointer)
        core, _ = non_null(prop)
        return Field(
            name=name,
            py_name=py_name,
            type=ref,
            required=required,
            description=_text(prop) or _text(core),
            default=self.default_literal(core.get("default"), ref) if "default" in core else None,
            constraints=constraints_of(prop),
            deprecated=prop.get("deprecated") is True,
            read_only=core.get("readOnly") is True,
            write_only=core.get("writeOnly") is True,
            example=example_of(core),
            pointer=pointer,
        )

    def default_literal(self, value: JsonValue, ref: TypeRef) -> str | None:
        """A schema default as Python source: ``False``, ``100``, ``'x'``, ``Color.RED``."""
        if value is None:
            return "None"
        if len(ref.enums) == 1 and ref.enums[0] in self.enums:
            enum = self.enums[ref.enums[0]]
            for member in enum.members:
                if member.value == value:
                    return f"{enum.class_name}.{member.py_name}"
        if ref.imports and "datetime" in ref.imports[0]:
            return None  # a date default would stay a str: leave it to the server
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return repr(value)
