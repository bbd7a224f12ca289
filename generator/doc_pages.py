"""The documentation pages of the generated distribution: what each page is
laid out from, and where it goes (`README.md`, `docs/*.md`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .config import Config
from .doc_model_views import (
    ConfigRow,
    PageLink,
    config_rows,
    enum_docs,
    model_docs,
    page_links,
    scope_docs,
)
from .doc_views import MODELS_PAGE, SCOPES_PAGE, resource_docs
from .ir import Api
from .model_views import enum_values
from .resource_views import ResourceView

Plan = list[tuple[str, str, dict[str, Any]]]  # (path under generated/, template, extra context)


@dataclass(frozen=True)
class ReadmeDocs:
    """What the README adds about configuration and where the reference lives."""

    config: tuple[ConfigRow, ...]
    pages: tuple[PageLink, ...]
    webhooks_page: str  # docs page of the webhook-management resource, "" when none
    scope_example: str  # a `resource.method` to look up in SCOPES_BY_METHOD, or ""
    pin: str  # a requirement specifier for this major version (`>=2.0.0,<3`), or ""


@dataclass(frozen=True)
class DistView:
    """What `pyproject.toml` takes from spec/codegen.toml besides the names."""

    urls: tuple[tuple[str, str], ...]  # (label, https URL), raw: the template quotes them


def docs_context(api: Api, config: Config, resources: tuple[ResourceView, ...],
                 version: str) -> dict[str, Any]:
    """The template context of every documentation page, and of pyproject.toml."""
    enums = enum_values(api)
    return {
        "dist": DistView(tuple(config.urls.items())),
        "docs": _readme_docs(api, config, version),
        "resource_docs": resource_docs(api, resources, enums),
        "model_docs": model_docs(api, enums),
        "enum_docs": enum_docs(api),
        "scope_docs": scope_docs(api),
    }


def docs_plan(context: dict[str, Any]) -> Plan:
    plan: Plan = [(f"docs/{doc.file}", "docs/resource.md.jinja", {"doc": doc})
                  for doc in context["resource_docs"]]
    plan.append((f"docs/{MODELS_PAGE}", "docs/models.md.jinja", {}))
    plan.append((f"docs/{SCOPES_PAGE}", "docs/scopes.md.jinja", {}))
    return plan


def _readme_docs(api: Api, config: Config, version: str) -> ReadmeDocs:
    methods = [f"{r.py_name}.{op.py_name}" for r in api.resources for op in r.operations
               if op.scopes]
    preferred = [f"{r.py_name}.{op.py_name}" for r in api.resources for op in r.operations
                 if op.operation_id == "createMessage"]
    webhooks = [r for r in api.resources if r.py_name == "webhooks"]
    major = re.match(r"^(\d+)\.", version)
    return ReadmeDocs(
        config=config_rows(api, config),
        pages=page_links(api),
        webhooks_page=f"docs/{webhooks[0].module}.md" if webhooks else "",
        scope_example=(preferred or methods or [""])[0],
        pin=f">={version},<{int(major.group(1)) + 1}" if major else "",
    )
