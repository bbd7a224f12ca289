"""Views of `docs/<resource>.md`: each method's signature, parameters, return
type, errors, scopes and an example call, with spec text made page-safe.

Headings a page links to are identifiers (method and class names) or contain a
space (section titles), so no two headings of a page share an anchor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import markdown as md
from .doc_examples import EnumValues, example_call
from .docstrings import error_class
from .ir import Api, Constraints, Operation, Resource, TypeRef
from .resource_views import MethodView, ResourceView

MODELS_PAGE = "models.md"
SCOPES_PAGE = "scopes.md"
_OPTIONS_NOTE = (
    "Every method also takes `extra_headers`, `timeout` and `max_retries`, which "
    "apply to that one call."
)


@dataclass(frozen=True)
class Row:
    """One parameter or field: every value is Markdown ready for a table cell."""

    name: str
    type: str
    required: str
    constraints: str
    default: str
    description: str


@dataclass(frozen=True)
class ErrorRow:
    status: str
    exception: str
    description: str


@dataclass(frozen=True)
class MethodDoc:
    name: str  # heading: the method's identifier
    anchor: str
    summary: str  # table cell
    description: str  # Markdown block ("" for none)
    deprecated: bool
    http: str  # code span: `POST /v2/...`
    signature: str
    rows: tuple[Row, ...]
    returns: str  # Markdown
    errors: tuple[ErrorRow, ...]
    scopes: str  # Markdown
    idempotent: bool
    example: str
    fence: str  # backtick fence for the signature and example blocks


@dataclass(frozen=True)
class ResourceDoc:
    file: str  # `messages.md`, under docs/
    title: str
    attribute: str  # `client.messages`
    description: str
    options_note: str
    methods: tuple[MethodDoc, ...]
    models: str  # Markdown links to the models its methods use


def resource_docs(api: Api, views: Iterable[ResourceView],
                  enums: EnumValues) -> tuple[ResourceDoc, ...]:
    by_module = {v.module: v for v in views}
    return tuple(_resource_doc(api, r, by_module[r.module], enums) for r in api.resources)


def doc_file(resource: Resource) -> str:
    """`messages.md`; a resource named like a fixed page (`models`, `scopes`) yields to it."""
    name = f"{resource.module}.md"
    return f"{resource.module}_resource.md" if name in (MODELS_PAGE, SCOPES_PAGE) else name


def type_cell(ref: TypeRef, page: str = MODELS_PAGE, *, in_table: bool = True) -> str:
    """The type as code, followed by links to the models and enums it names on `page`."""
    names = sorted(set(ref.models) | set(ref.enums))
    links = ", ".join(model_link(n, page) for n in names)
    return md.code(ref.annotation, in_table=in_table) + (f" ({links})" if links else "")


def model_link(name: str, page: str = MODELS_PAGE) -> str:
    return f"[{name}]({page}#{md.slug(name)})"


def scope_link(scope: str, page: str = SCOPES_PAGE) -> str:
    return f"[{md.code(scope)}]({page}#{md.slug(scope)})"


def constraints_cell(c: Constraints, ref: TypeRef, enums: EnumValues) -> str:
    kind = "array" if ref.is_list else ref.schema_type
    parts = []
    bounds = (("≥", c.minimum), ("≤", c.maximum), (">", c.exclusive_minimum),
              ("<", c.exclusive_maximum))
    parts += [f"{sign} {_number(value)}" for sign, value in bounds if value is not None]
    unit = "item" if kind == "array" else "character"
    if c.min_length is not None:
        parts.append(f"at least {_count(c.min_length, unit)}")
    if c.max_length is not None:
        parts.append(f"at most {_count(c.max_length, unit)}")
    if c.pattern:
        parts.append("matches " + md.code(c.pattern, in_table=True))
    values = [v for name in ref.enums for v in enums.get(name, ())]
    if values:
        parts.append("one of " + ", ".join(md.code(repr(v), in_table=True) for v in values))
    if ref.format and not ref.format.startswith(("int", "float", "double")):
        parts.append(f"format {md.code(ref.format, in_table=True)}")
    return "; ".join(parts)


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _resource_doc(api: Api, resource: Resource, view: ResourceView,
                  enums: EnumValues) -> ResourceDoc:
    client_params = {p.name for p in api.client_params}
    methods = tuple(_method_doc(resource, op, mv, client_params, enums)
                    for op, mv in zip(resource.operations, view.methods, strict=True))
    used = sorted({name for op in resource.operations for name in _models_used(op)})
    return ResourceDoc(
        file=doc_file(resource),
        title=f"{resource.class_name} resource",
        attribute=f"client.{resource.py_name}",
        description=md.block(resource.description),
        options_note=_OPTIONS_NOTE,
        methods=methods,
        models=", ".join(model_link(n) for n in used),
    )


def _models_used(op: Operation) -> set[str]:
    refs = [p.type for p in (*op.path_params, *op.query_params, *op.header_params)]
    if op.body is not None:
        refs += [op.body.type] + [f.type for f in op.body.fields]
    refs += [r.type for r in op.responses if r.type is not None]
    if op.pagination is not None:
        refs.append(op.pagination.item)
    return {name for ref in refs for name in (*ref.models, *ref.enums)}


def _method_doc(resource: Resource, op: Operation, view: MethodView, client_params: set[str],
                enums: EnumValues) -> MethodDoc:
    signature = _signature(resource, view)
    example = example_call(resource, op, client_params, enums)
    return MethodDoc(
        name=view.name,
        anchor=md.slug(view.name),
        summary=md.cell(op.summary or op.operation_id),
        description=md.block(op.description) if op.description.strip() != op.summary.strip()
        else "",
        deprecated=op.deprecated,
        http=md.code(f"{op.method.upper()} {op.path}"),
        signature=signature,
        rows=tuple(_rows(op, client_params, enums)),
        returns=_returns(op, view),
        errors=tuple(_errors(op)),
        scopes=" or ".join(scope_link(s) for s in op.scopes) or "none (any valid API key)",
        idempotent=op.idempotent,
        example=example,
        fence=md.fence(signature + example),
    )


def _signature(resource: Resource, view: MethodView) -> str:
    """The method as declared, minus `builtins.` (the class spells it to dodge `list`)."""
    returns = f"SyncCursorPage[{view.item}]" if view.paginated else view.returns
    lines = [f"client.{resource.py_name}.{view.name}("]
    lines += [f"    {d}," for d in view.positional]
    lines += ["    *,"] + [f"    {d}," for d in view.keyword]
    lines.append(f") -> {returns}")
    return "\n".join(lines).replace("builtins.", "") + "\n"


def _rows(op: Operation, client_params: set[str], enums: EnumValues) -> list[Row]:
    rows = []
    for p in (*op.path_params, *op.query_params, *op.header_params):
        text = p.description
        if p.name in client_params:
            text = (text + "\n" if text else "") + f"Defaults to the client's `{p.py_name}`."
        required = p.required and p.name not in client_params
        where = "path" if p in op.path_params else p.location.value
        rows.append(_row(p.py_name, p.type, required, where, p.constraints, p.default, text,
                         enums))
    body = op.body
    if body is not None and body.model is None:
        rows.append(_row("body", body.type, body.required, "body", Constraints(), None,
                         body.description, enums))
    elif body is not None:
        rows += [_row(f.py_name, f.type, f.required, "body", f.constraints, f.default,
                      f.description, enums) for f in body.fields if not f.read_only]
    if op.idempotent:
        header = md.code(op.idempotency_header or "Idempotency-Key", in_table=True)
        rows.append(Row("`idempotency_key`", "`str`", "no", f"header {header}", "generated",
                        "Makes retries safe: the API runs the request once per key. "
                        "Generated when not given, and reused on every retry of this call."))
    return rows


def _row(name: str, ref: TypeRef, required: bool, where: str, c: Constraints,
         default: str | None, text: str, enums: EnumValues) -> Row:
    notes = "; ".join(filter(None, (where, constraints_cell(c, ref, enums))))
    return Row(md.code(name, in_table=True), type_cell(ref), "yes" if required else "no", notes,
               _default(default), _cell(text))


def _default(literal: str | None) -> str:
    return md.code(literal, in_table=True) if literal is not None else ""


def _cell(text: str) -> str:
    return md.cell(text) if text.strip() else ""


def _returns(op: Operation, view: MethodView) -> str:
    if op.pagination is not None:
        item = op.pagination.item
        return (f"{md.code('SyncCursorPage[' + view.item.replace('builtins.', '') + ']')}: "
                f"iterating it yields every {_linked(item)} of every page.")
    success = op.success
    if success is None or success.type is None:
        return "`None`"
    text = md.cell(success.description) if success.description.strip() else ""
    return f"{_linked(success.type)}" + (f": {text}" if text else "")


def _linked(ref: TypeRef) -> str:
    """The type in running text: code, then links to the models it names."""
    return type_cell(ref, in_table=False)


def _errors(op: Operation) -> Iterable[ErrorRow]:
    for e in op.errors:
        yield ErrorRow(md.code(e.status, in_table=True), f"`{error_class(e.status)}`",
                       _cell(e.description))


def models_by_method(api: Api) -> Mapping[str, tuple[str, ...]]:
    """`{model: ("[messages.create](messages.md#create)", ...)}`: who uses each model."""
    found: dict[str, list[str]] = {}
    for resource in api.resources:
        for op in resource.operations:
            link = f"[{resource.py_name}.{op.py_name}]({doc_file(resource)}#{md.slug(op.py_name)})"
            for name in sorted(_models_used(op)):
                found.setdefault(name, []).append(link)
    return {name: tuple(links) for name, links in found.items()}
