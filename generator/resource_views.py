"""Views of the `resources/<module>.py` files: one method per operation.

Each method is thin: it names its arguments and passes them, with the
operation's constant from `_operations.py`, to the client's one request path.
The sync and async classes are laid out from the same `MethodView`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import escape
from .annotations import argument_annotation, is_plain_type, qualify_builtins
from .docstrings import method_doc
from .ir import Api, Operation, Resource, TypeRef
from .naming import unique
from .views import VARIANTS, ImportSet, RenderError, Variant, home_modules

_OPTIONS = (
    "extra_headers: Mapping[str, str] | None = None",
    "timeout: float | NotGiven = NOT_GIVEN",
    "max_retries: int | NotGiven = NOT_GIVEN",
)
_KNOWN_IMPORTS = {
    "Any": "from typing import Any",
    "Literal": "from typing import Literal",
    "cast": "from typing import cast",
    "Mapping": "from collections.abc import Mapping",
    "Sequence": "from collections.abc import Sequence",
    "builtins": "import builtins",
    "SyncCursorPage": "from ..pagination import SyncCursorPage",
    "AsyncCursorPage": "from ..pagination import AsyncCursorPage",
}


@dataclass(frozen=True)
class MethodView:
    name: str
    op_const: str
    positional: tuple[str, ...]  # `name: annotation` declarations before `*`
    keyword: tuple[str, ...]  # declarations after `*`
    returns: str  # return annotation ("" for paginated methods: see `item`)
    item: str  # page item annotation for paginated methods, else ""
    doc: str  # complete docstring literal
    call: tuple[tuple[str, str], ...]  # (keyword, expression) passed to the request path

    @property
    def paginated(self) -> bool:
        return bool(self.item)


@dataclass(frozen=True)
class ResourceClass:
    """The sync or async class of a resource, with its raw-response wrapper."""

    variant: Variant
    class_name: str
    raw_class_name: str
    client_class: str  # the API client class its methods call


@dataclass(frozen=True)
class ResourceView:
    py_name: str
    module: str
    doc: str
    imports: tuple[str, ...]
    methods: tuple[MethodView, ...]
    classes: tuple[ResourceClass, ...]

    @property
    def exports(self) -> tuple[str, ...]:
        return tuple(n for c in self.classes for n in (c.class_name, c.raw_class_name))

    def class_for(self, variant: Variant) -> ResourceClass:
        return next(c for c in self.classes if c.variant == variant)


def op_constants(api: Api) -> dict[str, str]:
    """The `_operations.py` constant of each operation, by operationId: `MESSAGES_CREATE`;
    numbered when two would read the same (resource `a_b` + `c`, resource `a` + `b_c`)."""
    taken: set[str] = set()
    return {op.operation_id: unique(f"{r.py_name}_{op.py_name}".upper(), taken)
            for r in api.resources for op in r.operations}


def resource_views(
    api: Api, enum_values: Mapping[str, tuple[str | int, ...]]
) -> tuple[ResourceView, ...]:
    home = home_modules(api)
    client_params = {p.name for p in api.client_params}
    constants = op_constants(api)
    return tuple(_resource(r, home, client_params, enum_values, constants)
                 for r in api.resources)


def _resource(resource: Resource, home: Mapping[str, str], client_params: set[str],
              enum_values: Mapping[str, tuple[str | int, ...]],
              constants: Mapping[str, str]) -> ResourceView:
    # A method named `list` hides the builtin in its class: annotations spell builtins.list.
    shadowed = {op.py_name for op in resource.operations} | set(resource.shadowed_builtins)
    builder = _MethodBuilder(resource, client_params, enum_values, shadowed, constants)
    methods = tuple(builder.method(op) for op in resource.operations)
    imports = ImportSet()
    imports.update(builder.imports)
    for name in sorted(builder.types):
        if name not in home:
            raise RenderError(f"resource {resource.class_name} refers to {name}, "
                              "which the API does not define")
        imports.add(f"from ..types.{home[name]} import {name}")
    text = " ".join(" ".join((*m.positional, *m.keyword, m.returns, m.item, repr(m.call)))
                    for m in methods)
    imports.use_names(text, _KNOWN_IMPORTS)
    for variant in VARIANTS:
        imports.add(f"from .._base_client import {variant.api_client}")
        imports.add(f"from .._response import {variant.raw_wrapper}")
        if any(m.paginated for m in methods):
            imports.add(_KNOWN_IMPORTS[variant.page_class])
    imports.update(["from collections.abc import Mapping", "from .. import _operations as _ops",
                    "from .._types import NOT_GIVEN, NotGiven, RequestOptions"])
    classes = tuple(
        ResourceClass(v, f"{v.prefix}{resource.class_name}",
                      f"{v.prefix}{resource.class_name}WithRawResponse", v.api_client)
        for v in VARIANTS
    )
    doc = resource.description or f"The {resource.tag} operations of the API."
    return ResourceView(escape.identifier(resource.py_name), escape.identifier(resource.module),
                        escape.docstring_literal(doc, 4), imports.lines(), methods, classes)


class _MethodBuilder:
    """Builds the MethodViews of one resource, collecting what they import."""

    def __init__(self, resource: Resource, client_params: set[str],
                 enum_values: Mapping[str, tuple[str | int, ...]], shadowed: set[str],
                 constants: Mapping[str, str]) -> None:
        self.resource = resource
        self.constants = constants
        self.client_params, self.enum_values, self.shadowed = client_params, enum_values, shadowed
        self.imports: set[str] = set()
        self.types: set[str] = set()

    def _use(self, ref: TypeRef) -> None:
        self.imports.update(ref.imports)
        self.types.update(ref.models, ref.enums)

    def _argument(self, ref: TypeRef) -> str:
        self._use(ref)
        return qualify_builtins(argument_annotation(ref, self.enum_values), self.shadowed)

    def _declare(self, name: str, ref: TypeRef, required: bool) -> str:
        annotation = self._argument(ref)
        if required:
            return f"{name}: {annotation}"
        return f"{name}: {annotation} | NotGiven = NOT_GIVEN"

    def method(self, op: Operation) -> MethodView:
        positional: list[str] = []
        required: list[str] = []
        optional: list[str] = []
        client: list[str] = []
        for p in op.path_params:
            if p.name in self.client_params:
                client.append(f"{escape.identifier(p.py_name)}: str | NotGiven = NOT_GIVEN")
            else:
                positional.append(f"{escape.identifier(p.py_name)}: {self._argument(p.type)}")
        arguments = [(p.py_name, p.type, p.required) for p in (*op.query_params, *op.header_params)]
        arguments += _body_arguments(op)
        for name, ref, is_required in arguments:
            declaration = self._declare(escape.identifier(name), ref, is_required)
            (required if is_required else optional).append(declaration)
        keyword = required + optional + client
        if op.idempotent:
            keyword.append("idempotency_key: str | NotGiven = NOT_GIVEN")
        keyword += _OPTIONS
        _check_unique(self.resource, op, positional + keyword)
        return MethodView(
            name=escape.identifier(op.py_name),
            op_const=escape.identifier(self.constants[op.operation_id]),
            positional=tuple(positional),
            keyword=tuple(keyword),
            returns="" if op.pagination else self._returns(op),
            item=self._page_item(op),
            doc=method_doc(op, self.client_params),
            call=self._call(op),
        )

    def _returns(self, op: Operation) -> str:
        ref = op.success.type if op.success else None
        if ref is None:
            return "None"
        self._use(ref)
        return qualify_builtins(ref.annotation, self.shadowed)

    def _page_item(self, op: Operation) -> str:
        if op.pagination is None:
            return ""
        if op.body is not None:
            raise RenderError(f"{op.operation_id}: a paginated operation with a request body "
                              "is not supported", op.pointer)
        self._use(op.pagination.item)
        self.types.add(op.pagination.page_model)
        return qualify_builtins(op.pagination.item.annotation, self.shadowed)

    def _call(self, op: Operation) -> tuple[tuple[str, str], ...]:
        if op.body is not None and op.body.model is not None:
            self.types.add(op.body.model)
        call = [("path", _dict((p.name, p.py_name) for p in op.path_params) or "{}"),
                ("query", _dict((p.name, p.py_name) for p in op.query_params) or "None"),
                ("headers", _dict((p.name, p.py_name) for p in op.header_params) or "None")]
        if op.pagination:
            page = op.pagination
            call += [("page_model", page.page_model), ("item_type", _runtime_type(page.item))]
        else:
            call += _body_call(op)
            ref = op.success.type if op.success else None
            call.append(("cast_to", _runtime_type(ref)))
            call.append(("idempotency_key", "idempotency_key" if op.idempotent else "NOT_GIVEN"))
        # Positional (the fields' order): one line instead of three black would split
        # it into, in every method.
        call.append(("options", "RequestOptions(extra_headers, timeout, max_retries)"))
        return tuple(call)


def _body_arguments(op: Operation) -> list[tuple[str, TypeRef, bool]]:
    body = op.body
    if body is None:
        return []
    if body.model is None:
        return [("body", body.type, body.required)]
    return [(f.py_name, f.type, f.required) for f in body.fields if not f.read_only]


def _body_call(op: Operation) -> list[tuple[str, str]]:
    body = op.body
    if body is None:
        return [("body_model", "None"), ("body", "None")]
    if body.model is None:
        return [("body_model", "None"), ("body", "body")]
    fields = _dict((f.name, f.py_name) for f in body.fields if not f.read_only)
    return [("body_model", body.model), ("body", fields or "{}")]


def _dict(pairs: Iterable[tuple[str, str]]) -> str:
    """`{"wire": py_name, ...}`, or "" when there are none."""
    items = [f"{escape.py_str(wire)}: {escape.identifier(py)}" for wire, py in pairs]
    return "{" + ", ".join(items) + "}" if items else ""


def _runtime_type(ref: TypeRef | None) -> str:
    """An expression mypy accepts as `type[T]` for the annotation (`cast` for unions)."""
    if ref is None or ref.annotation == "None":
        return "type(None)"
    if is_plain_type(ref.annotation):
        return ref.annotation
    return f"cast({escape.py_str('type[' + ref.annotation + ']')}, {ref.annotation})"


def _check_unique(resource: Resource, op: Operation, declarations: list[str]) -> None:
    seen: set[str] = {"self"}
    for declaration in declarations:
        name = declaration.split(":", 1)[0]
        if name in seen:
            raise RenderError(
                f"{resource.class_name}.{op.py_name} ({op.operation_id}): two arguments "
                f"are named {name!r} (or one clashes with an option every method takes); "
                "rename one in naming.py or spec/codegen.toml", op.pointer,
            )
        seen.add(name)

