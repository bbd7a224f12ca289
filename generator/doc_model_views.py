"""Views of `docs/models.md` and `docs/scopes.md`, and the README's reference
parts (configuration table, links to the pages), all from the IR."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import markdown as md
from .config import Config
from .doc_examples import EnumValues
from .doc_views import (
    Row,
    constraints_cell,
    doc_file,
    model_link,
    models_by_method,
    type_cell,
)
from .ir import Api, Enum, Model, Usage

_USAGE = {
    Usage.REQUEST: "Sent to the API (checked strictly before sending).",
    Usage.RESPONSE: "Returned by the API (unknown fields are kept).",
    Usage.BOTH: "Sent to and returned by the API.",
}


@dataclass(frozen=True)
class ModelDoc:
    name: str  # heading: the class name
    anchor: str
    description: str
    usage: str
    bases: str  # Markdown links, "" for none
    extra: str  # Markdown: what additional properties may hold, "" when none
    rows: tuple[Row, ...]
    used_by: str  # Markdown links to methods


@dataclass(frozen=True)
class EnumDoc:
    name: str
    anchor: str
    description: str
    values: tuple[tuple[str, str], ...]  # (member, value code span)
    used_by: str


@dataclass(frozen=True)
class ScopeDoc:
    heading: str  # the scope string, escaped as a heading
    anchor: str
    code: str  # the scope string as a code span
    constant: str
    description: str
    methods: str  # Markdown links


@dataclass(frozen=True)
class ConfigRow:
    argument: str
    env_var: str
    default: str
    meaning: str


@dataclass(frozen=True)
class PageLink:
    title: str
    path: str  # relative to generated/
    summary: str


def model_docs(api: Api, enums: EnumValues) -> tuple[ModelDoc, ...]:
    users = models_by_method(api)
    return tuple(_model_doc(m, users, enums) for m in sorted(api.models,
                                                            key=lambda m: m.class_name))


def _model_doc(model: Model, users: Mapping[str, tuple[str, ...]],
               enums: EnumValues) -> ModelDoc:
    rows = tuple(
        Row(md.code(f.py_name, in_table=True)
            + (f" (wire {md.code(f.name, in_table=True)})" if f.name != f.py_name else ""),
            type_cell(f.type, ""), "yes" if f.required else "no",
            "; ".join(filter(None, ("read-only" if f.read_only else "",
                                    "write-only" if f.write_only else "",
                                    "deprecated" if f.deprecated else "",
                                    constraints_cell(f.constraints, f.type, enums)))),
            md.code(f.default, in_table=True) if f.default is not None else "",
            md.cell(f.description))
        for f in model.fields
    )
    return ModelDoc(
        name=model.class_name,
        anchor=md.slug(model.class_name),
        description=md.block(model.description) + ("\n\nDeprecated." if model.deprecated
                                                    else ""),
        usage=_USAGE[model.usage],
        bases=", ".join(model_link(b, "") for b in model.bases),
        extra=type_cell(model.extra, "", in_table=False) if model.extra else "",
        rows=rows,
        used_by=", ".join(users.get(model.class_name, ())),
    )


def enum_docs(api: Api) -> tuple[EnumDoc, ...]:
    users = models_by_method(api)
    return tuple(
        EnumDoc(e.class_name, md.slug(e.class_name), md.block(e.description), _members(e),
                ", ".join(users.get(e.class_name, ())))
        for e in sorted(api.enums, key=lambda e: e.class_name)
    )


def _members(enum: Enum) -> tuple[tuple[str, str], ...]:
    return tuple((m.py_name, md.code(repr(m.value), in_table=True)) for m in enum.members)


def scope_docs(api: Api) -> tuple[ScopeDoc, ...]:
    files = {r.py_name: doc_file(r) for r in api.resources}
    docs = []
    for scope in api.scopes:
        links = []
        for method in scope.operations:
            resource, _, name = method.partition(".")
            links.append(f"[{method}]({files[resource]}#{md.slug(name)})")
        docs.append(ScopeDoc(md.heading(scope.value), md.slug(scope.value),
                             md.code(scope.value, in_table=True), scope.constant,
                             md.cell(scope.description),
                             ", ".join(links) or "no method"))
    return tuple(docs)


def config_rows(api: Api, config: Config) -> tuple[ConfigRow, ...]:
    """The client's constructor arguments, their environment variables and defaults."""
    none = "—"
    rows = [ConfigRow("`api_key`", f"`{api.env_prefix}_API_KEY`", "required",
                      "Your API key, sent as a Bearer token.")]
    rows += [ConfigRow(f"`{p.py_name}`", f"`{p.env_var}`", none,
                       f"Used by every call that needs `{p.name}`; a call can pass its own.")
             for p in api.client_params]
    rows += [
        ConfigRow("`base_url`", f"`{api.env_prefix}_BASE_URL`", md.code(api.base_url),
                  "The API's address. HTTPS only, except loopback addresses (mock servers)."),
        ConfigRow("`timeout`", none, f"`{config.timeout}`", "Seconds to wait for each request."),
        ConfigRow("`max_retries`", none, f"`{config.max_retries}`",
                  "Retries for connection errors, 408, 429 and 5xx responses."),
        ConfigRow("`http_client`", none, "`None`",
                  "An `httpx` client to send requests with (you close it)."),
        ConfigRow("`pacing`", none, "`True`",
                  "Wait client-side to stay under the API's documented rate limits."),
        # Defaults of templates/runtime/_config.py; tests/docs holds this table to
        # the generated client's signature, so a new option cannot go unlisted.
        ConfigRow("`total_timeout`", none, "`120.0`",
                  "Seconds one call may spend retrying (`None`: only `max_retries` limits it)."),
        ConfigRow("`follow_redirects`", none, "`False`",
                  "Follow HTTPS redirects; the API key is never sent to another origin."),
        ConfigRow("`max_response_bytes`", none, "`52428800`",
                  "Larger response bodies raise `ResponseTooLargeError` (50 MiB by default)."),
    ]
    return tuple(rows)


def page_links(api: Api) -> tuple[PageLink, ...]:
    """The reference pages under docs/, as the README lists them."""
    links = [PageLink(f"`client.{r.py_name}`", f"docs/{doc_file(r)}",
                      md.cell(r.description)) for r in api.resources]
    links.append(PageLink("Models and enums", "docs/models.md",
                          "Every request and response type, field by field."))
    links.append(PageLink("Scopes", "docs/scopes.md",
                          "Every API key scope, and the methods that need it."))
    return tuple(links)
