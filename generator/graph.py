"""The finished type graph: usage, modules and order of the models and enums.

Work lists are explicit stacks, not recursion: a spec with thousands of
chained schemas must not hit Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .ir import Enum, Model, Operation, TypeRef, Usage
from .naming import Role, safe_identifier, snake_case
from .schemas import ModelDraft, Schemas

__all__ = ["finish_types", "strongly_connected", "topological"]

Deps = Callable[[str], Sequence[str]]


def topological(nodes: Iterable[str], deps: Deps) -> list[str]:
    """Every node after its dependencies; roots in the given order; a cycle is broken
    where the walk first comes back to a node it is still inside."""
    order: list[str] = []
    seen: set[str] = set()
    for root in nodes:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(deps(root)))]
        while stack:
            node, pending = stack[-1]
            for dep in pending:
                if dep not in seen:
                    seen.add(dep)
                    stack.append((dep, iter(deps(dep))))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


def strongly_connected(nodes: Iterable[str], deps: Deps) -> list[list[str]]:
    """Tarjan's strongly connected components, dependencies' components first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in nodes:
        if root in index:
            continue
        visit(root)
        work = [(root, iter(deps(root)))]
        while work:
            node, pending = work[-1]
            for dep in pending:
                if dep not in index:
                    visit(dep)
                    work.append((dep, iter(deps(dep))))
                    break
                if dep in on_stack:
                    low[node] = min(low[node], index[dep])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    found.append(component)
    return found


def _types_of(draft: ModelDraft) -> list[TypeRef]:
    return [f.type for f in draft.fields] + ([draft.extra] if draft.extra else [])


def _reach(roots: Iterable[str], deps: Deps) -> set[str]:
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(deps(name))
    return seen


def _usages(operations: Sequence[Operation], deps: Deps) -> dict[str, Usage]:
    sent: list[str] = []
    received: list[str] = []
    for op in operations:
        params = op.path_params + op.query_params + op.header_params
        sent += [m for p in params for m in p.type.models]
        sent += list(op.body.type.models) if op.body else []
        received += [m for r in op.responses + op.errors if r.type for m in r.type.models]
    request, response = _reach(sent, deps), _reach(received, deps)
    usage = {name: Usage.REQUEST for name in request - response}
    usage.update({name: Usage.BOTH for name in request & response})
    return usage  # anything else (responses, or never used: webhook payloads) is RESPONSE


def finish_types(
    schemas: Schemas, operations: Sequence[Operation]
) -> tuple[tuple[Model, ...], tuple[Enum, ...], tuple[str, ...]]:
    """Frozen models (topologically ordered), enums, and the type modules in dependency order."""
    drafts = schemas.models

    def deps(name: str) -> list[str]:
        draft = drafts[name]
        used = [m for t in _types_of(draft) for m in t.models if m in drafts]
        return list(dict.fromkeys([*draft.bases, *used]))

    modules, module_order = _modules(schemas, deps)
    usage = _usages(operations, deps)
    models = tuple(
        Model(
            class_name=d.class_name,
            module=modules[d.class_name],
            pointer=d.pointer,
            description=d.description,
            fields=tuple(d.fields),
            bases=tuple(d.bases),
            extra=d.extra,
            usage=usage.get(d.class_name, Usage.RESPONSE),
            example=d.example,
            deprecated=d.deprecated,
            is_inline=d.is_inline,
        )
        for d in (drafts[name] for name in topological(drafts, deps))
    )
    enums = tuple(
        Enum(e.class_name, modules[e.class_name], e.pointer, e.members, e.description, e.value_type)
        for e in schemas.enums.values()
    )
    return models, enums, module_order


def _modules(schemas: Schemas, deps: Deps) -> tuple[dict[str, str], tuple[str, ...]]:
    """Module of every class, and the modules in dependency order.

    An inline model lives with the top-level model it was found in; top-level
    models that refer to each other in a cycle share one module, so each module
    can import the others without a cycle of imports.
    """
    drafts = schemas.models
    group = {name: d.owner or name for name, d in drafts.items()}
    members: dict[str, list[str]] = {}
    for name, top in group.items():
        members.setdefault(top, []).append(name)

    def group_deps(top: str) -> list[str]:
        linked = (group[dep] for name in members[top] for dep in deps(name))
        return list(dict.fromkeys(g for g in linked if g != top))

    taken: set[str] = set()
    module: dict[str, str] = {}
    components = strongly_connected(members, group_deps)
    spec_order = {top: index for index, top in enumerate(members)}
    for component in sorted(components, key=lambda c: min(spec_order[t] for t in c)):
        first = min(component, key=spec_order.__getitem__)
        name = safe_identifier(snake_case(first), taken, Role.MODULE, fallback="models")
        module.update({cls: name for top in component for cls in members[top]})
    enum_modules = []
    for enum in schemas.enums.values():
        if enum.owner is not None and enum.owner in module:
            module[enum.class_name] = module[enum.owner]
        else:
            module[enum.class_name] = safe_identifier(enum.class_name, taken, Role.MODULE, "enums")
            enum_modules.append(module[enum.class_name])
    ordered = enum_modules + [module[c[0]] for c in components]
    return module, tuple(dict.fromkeys(ordered))
