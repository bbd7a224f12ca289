"""The view of `webhook_events.py`: the typed events, their `type` values, the union.

The module is rendered for every API, also one without webhooks (then every
delivery parses as `UnknownWebhookEvent`), so the runtime's `webhooks.unwrap`
always has it to import.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from . import escape
from .ir import Api
from .views import ImportSet, RenderError, home_modules

__all__ = ["WebhookEventsView", "webhook_events_view"]

FALLBACK = "UnknownWebhookEvent"  # the class the template defines for unknown types
UNION = "WebhookEvent"


@dataclass(frozen=True)
class WebhookEventsView:
    doc: str  # module docstring literal
    imports: tuple[str, ...]
    members: tuple[str, ...]  # payload classes of the union, in document order
    types: tuple[tuple[str, str], ...]  # (`type` value literal, class name)
    exports: tuple[str, ...]


def webhook_events_view(api: Api) -> WebhookEventsView:
    home = home_modules(api)
    members = tuple(dict.fromkeys(escape.identifier(e.model) for e in api.webhooks))
    imports = ImportSet()
    imports.update(["from collections.abc import Mapping", "from typing import Any",
                    "import pydantic", "from ._models import ResponseModel"])
    if members:
        imports.update(["from typing import Annotated, Union"])
    for name in members:
        if name in (FALLBACK, UNION) or name not in home:
            raise RenderError(f"webhook payload model {name!r} is not a model of types/ or "
                              f"clashes with {FALLBACK}/{UNION}; rename its schema")
        imports.add(f"from .types.{escape.identifier(home[name])} import {name}")
    types = tuple((escape.py_str(value), escape.identifier(e.model))
                  for e in api.webhooks for value in e.types)
    return WebhookEventsView(
        doc=escape.docstring_literal(_doc(api)),
        imports=imports.lines(),
        members=members,
        types=types,
        exports=tuple(sorted({*members, FALLBACK, UNION, "EVENT_TYPES", "parse_event"})),
    )


def _doc(api: Api) -> str:
    lines = [
        "Typed webhook events: `parse_event(body)` gives the model of the event's `type`.",
        "",
        "Verify a delivery before trusting it: `webhooks.unwrap(body, headers, secret)`",
        f"does both. A type not listed here parses as `{FALLBACK}`, with everything",
        "that was sent.",
    ]
    if api.webhooks:
        lines += ["", "Events (type: model):", ""]
        for event in api.webhooks:
            summary = f" - {event.summary}" if event.summary else ""
            text = f"- {', '.join(event.types)}: {event.model}{summary}"
            lines += textwrap.wrap(text, 80, subsequent_indent="  ", break_on_hyphens=False)
    return "\n".join(lines)
