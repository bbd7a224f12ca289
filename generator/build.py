"""Stage 4: a normalised document + codegen.toml -> `ir.Api`, with every name decided.

Component schemas become models and enums first (so `$ref`s resolve in any
order), then every operation is built in spec order, then operations are
grouped into resources by their first tag and their method names decided
per resource, and finally the type graph is finished (usage, modules, order).
A problem that makes the spec unusable is a `SpecError` listing every such
problem found, each with file:line and JSON pointer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from functools import partial
from keyword import iskeyword
from typing import TypeVar

from .config import Config
from .diagnostics import Diagnostic, Severity, SpecError, json_pointer
from .document import Document, JsonObject, JsonValue
from .graph import finish_types
from .ir import Api, ClientParam, Operation, Resource, Scope
from .naming import (
    Role,
    constant_identifier,
    method_name,
    method_names,
    pascal_case,
    resource_class_forms,
    resource_class_identifier,
    safe_identifier,
    snake_case,
    unique,
)
from .operations import Built, OperationBuilder
from .refs import Resolver
from .schemas import Schemas
from .webhooks import webhook_events

__all__ = ["HTTP_METHODS", "build_api", "documented_scopes"]

T = TypeVar("T")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Builtins a generated annotation may spell; a method with that name hides them.
_ANNOTATION_BUILTINS = frozenset({"list", "dict", "str", "int", "float", "bool"})
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SCOPE_BULLET = re.compile(r"^\s*[-*]\s+`([^`]+)`\s+[-\u2013\u2014:]\s+(.*\S)\s*$")


def build_api(doc: Document, config: Config, webhook_docs: Sequence[Document] = ()) -> Api:
    """The client to generate from ``doc`` (already normalised) and ``config``.

    ``webhook_docs`` are further normalised documents whose `webhooks:` (with
    ``doc``'s own) describe the events the API sends; see `generator.webhooks`.
    """
    try:
        return _build(doc, config, webhook_docs)
    except RecursionError:  # e.g. an allOf chain thousands of schemas long
        raise SpecError(
            [
                doc.diagnostic(
                    Severity.ERROR,
                    "B009",
                    "schemas nest or extend each other too deeply to generate",
                    "/components/schemas",
                    "flatten long allOf chains and deeply nested inline schemas",
                )
            ]
        ) from None


def _build(doc: Document, config: Config, webhook_docs: Sequence[Document]) -> Api:
    resolver = Resolver(doc)
    schemas = Schemas(resolver)
    problems: list[Diagnostic] = []
    _collect(problems, schemas.add_components)
    builder = OperationBuilder(resolver, schemas, config)
    built: list[Built] = []
    for path, method, item, pointer, op_id in _operations(resolver, problems):
        found = _collect(problems, partial(builder.build, path, method, item, pointer, op_id))
        if found is not None:
            built.append(found)
    events = _collect(problems, partial(webhook_events, schemas, webhook_docs))
    if problems:
        raise SpecError(dict.fromkeys(problems))  # a path's problem is met once per method
    client_params = _client_params(config)
    # Resource classes yield to models, enums and the clients, which a module imports beside them.
    reserved = schemas.classes | set(resource_class_forms(config.client_class))
    resources = _resources(doc.data, config, built, {p.py_name for p in client_params}, reserved)
    operations = [op for r in resources for op in r.operations]
    models, enums, modules = finish_types(schemas, operations)
    info = doc.data.get("info")
    info = info if isinstance(info, dict) else {}
    return Api(
        title=_str(info.get("title")),
        version=str(info.get("version", "")),
        license=_license(info),
        description=_str(info.get("description")),
        package=config.import_name,
        distribution=config.distribution,
        client_class=config.client_class,
        env_prefix=config.env_prefix,
        base_url=_base_url(doc.data),
        spec_sha256=doc.sha256,
        resources=resources,
        models=models,
        enums=enums,
        scopes=_scopes(doc.data, resources),
        client_params=client_params,
        rate_limits=tuple((r.name, r.per_second, r.burst) for r in config.rate_limits),
        model_modules=modules,
        webhooks=events or (),
    )


_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def _license(info: JsonObject) -> str:
    """info.license's SPDX `identifier` (OpenAPI 3.1), else its `name` if it is one."""
    found = info.get("license")
    if not isinstance(found, dict):
        return ""
    name = _str(found.get("name"))
    return _str(found.get("identifier")) or (name if _SPDX_ID.match(name) else "")


def _collect(problems: list[Diagnostic], work: Callable[[], T]) -> T | None:
    """Run ``work``; a SpecError's diagnostics are kept, so one run reports them all."""
    try:
        return work()
    except SpecError as error:
        problems.extend(error.diagnostics)
        return None


def _operations(
    resolver: Resolver, problems: list[Diagnostic]
) -> list[tuple[str, str, JsonObject, str, str]]:
    """(path, method, path item, pointer, operationId) in spec order; ids checked unique."""
    paths = resolver.root.get("paths")
    found = []
    seen: dict[str, str] = {}
    for path, raw in (paths.items() if isinstance(paths, dict) else []):
        where = json_pointer(("paths", path))
        resolved = _collect(problems, partial(resolver.object_at, raw, where, "a path item"))
        item, item_at = resolved if resolved else ({}, where)
        for method in (m for m in HTTP_METHODS if m in item):
            pointer = f"{item_at}/{method}"
            node = item[method]
            given = node.get("operationId") if isinstance(node, dict) else None
            op_id = given if isinstance(given, str) and given else _synthetic_id(method, path)
            if op_id in seen:
                problems.append(
                    resolver.doc.diagnostic(
                        Severity.ERROR,
                        "B008",
                        f"operationId {op_id!r} is also used by {seen[op_id]}",
                        pointer,
                        "give every operation its own operationId",
                    )
                )
                continue
            seen[op_id] = f"{method.upper()} {path}"
            found.append((path, method, item, pointer, op_id))
    return found


def _synthetic_id(method: str, path: str) -> str:
    """`get /v2/things/{id}` -> `getV2ThingsId`, for operations without an operationId."""
    return method + pascal_case(path)


def _client_params(config: Config) -> tuple[ClientParam, ...]:
    taken: set[str] = set()
    return tuple(
        ClientParam(wire, safe_identifier(wire, taken, Role.PARAMETER), env)
        for wire, env in config.client_params.items()
    )


# -- resources --------------------------------------------------------------------------------


def _resources(
    data: JsonObject, config: Config, built: list[Built], reserved: set[str],
    reserved_classes: set[str],
) -> tuple[Resource, ...]:
    """One resource per first tag: tags in the order the spec lists them, then as met."""
    listed = data.get("tags")
    tags = [t for t in listed if isinstance(t, dict)] if isinstance(listed, list) else []
    descriptions = {_str(t.get("name")): _str(t.get("description")) for t in tags}
    groups: dict[str, list[Built]] = {name: [] for name in descriptions}
    for entry in built:
        groups.setdefault(entry.tag, []).append(entry)
    attributes, classes = set(reserved), set[str]()
    resources = []
    for tag, entries in groups.items():
        if not entries:
            continue
        override = config.resource_names.get(tag)
        if override:  # trusted, except where Python itself would object
            py_name = unique(override + "_" if iskeyword(override) else override, attributes)
        else:
            py_name = safe_identifier(tag, attributes, Role.ATTRIBUTE, fallback="default")
        operations = _named_operations(tag, entries, config)
        names = {op.py_name for op in operations}
        resources.append(
            Resource(
                tag=tag,
                py_name=py_name,
                class_name=resource_class_identifier(pascal_case(py_name), classes,
                                                     reserved_classes),
                module=py_name,
                description=descriptions.get(tag, ""),
                operations=operations,
                shadowed_builtins=tuple(sorted(names & _ANNOTATION_BUILTINS)),
            )
        )
    return tuple(resources)


def _named_operations(tag: str, entries: list[Built], config: Config) -> tuple[Operation, ...]:
    proposals = []
    for entry in entries:
        op_id = entry.operation.operation_id
        override = config.operation_names.get(op_id)
        proposal = override or method_name(op_id, tag, entry.collection)
        proposals.append((proposal, snake_case(op_id), override is not None))
    names = method_names(proposals)
    return tuple(
        dataclasses.replace(e.operation, py_name=n) for e, n in zip(entries, names, strict=True)
    )


# -- scopes -----------------------------------------------------------------------------------


def documented_scopes(description: str) -> dict[str, str]:
    """Scopes listed as "- `scope` - text" bullets under a heading that mentions scopes."""
    found: dict[str, str] = {}
    level = 0  # heading level of the scopes section we are in; 0: outside
    for line in description.splitlines():
        heading = _HEADING.match(line.strip())
        if heading:
            depth, is_scopes = len(heading.group(1)), "scope" in heading.group(2).lower()
            if is_scopes and (level == 0 or depth <= level):
                level = depth
            elif level and depth <= level:
                level = 0
            continue
        bullet = _SCOPE_BULLET.match(line) if level else None
        if bullet:
            found.setdefault(bullet.group(1), bullet.group(2))
    return found


def _oauth_scopes(data: JsonObject) -> dict[str, str]:
    """Scopes declared by OAuth2 security schemes (`flows.*.scopes`)."""
    found: dict[str, str] = {}
    components = data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    for scheme in schemes.values() if isinstance(schemes, dict) else []:
        flows = scheme.get("flows") if isinstance(scheme, dict) else None
        for flow in flows.values() if isinstance(flows, dict) else []:
            scopes = flow.get("scopes") if isinstance(flow, dict) else None
            for name, text in scopes.items() if isinstance(scopes, dict) else []:
                found.setdefault(name, _str(text))
    return found


def _scopes(data: JsonObject, resources: tuple[Resource, ...]) -> tuple[Scope, ...]:
    info = data.get("info")
    text = _str(info.get("description")) if isinstance(info, dict) else ""
    described = {**_oauth_scopes(data), **documented_scopes(text)}
    users: dict[str, list[str]] = {name: [] for name in described}
    for resource in resources:
        for op in resource.operations:
            for scope in op.scopes:
                users.setdefault(scope, []).append(f"{resource.py_name}.{op.py_name}")
    taken = {"ALL_SCOPES", "SCOPES_BY_METHOD"}  # what scopes.py defines beside them
    return tuple(
        Scope(
            value=value,
            description=described.get(value, ""),
            constant=constant_identifier(value, taken, prefix="SCOPE"),
            operations=tuple(dict.fromkeys(names)),
        )
        for value, names in users.items()
    )


def _base_url(data: JsonObject) -> str:
    """The first server's URL, its `{variables}` replaced by their defaults."""
    servers = data.get("servers")
    first = servers[0] if isinstance(servers, list) and servers else None
    if not isinstance(first, dict):
        return ""
    url = _str(first.get("url"))
    variables = first.get("variables")
    for name, variable in variables.items() if isinstance(variables, dict) else []:
        default = variable.get("default") if isinstance(variable, dict) else None
        if isinstance(default, str):
            url = url.replace("{" + name + "}", default)
    return url


def _str(value: JsonValue) -> str:
    return value.strip() if isinstance(value, str) else ""
