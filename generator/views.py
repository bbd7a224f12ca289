"""What the views of every generated module share: errors, variants, import lists.

A view is the IR arranged for one template: identifiers checked, text
escaped for where it goes, annotations spelled for their place. Templates only
lay views out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .annotations import mentions
from .ir import Api
from .layout import from_import


class RenderError(Exception):
    """The IR cannot be laid out as valid, safe Python; the message says why, `pointer`
    (when the spec is the cause) where in the spec."""

    def __init__(self, message: str, pointer: str | None = None) -> None:
        super().__init__(message)
        self.pointer = pointer


@dataclass(frozen=True)
class Variant:
    """The sync or the async flavour of the code generated from one template loop."""

    is_async: bool
    prefix: str  # class name prefix: "" or "Async"
    def_: str  # "def" / "async def"
    await_: str  # "" / "await "
    api_client: str  # runtime base class of the client
    http_client: str  # httpx client class
    page_class: str
    raw_wrapper: str


SYNC = Variant(False, "", "def", "", "SyncAPIClient", "httpx.Client", "SyncCursorPage",
               "to_raw_response_wrapper")
ASYNC = Variant(True, "Async", "async def", "await ", "AsyncAPIClient", "httpx.AsyncClient",
                "AsyncCursorPage", "async_to_raw_response_wrapper")
VARIANTS = (SYNC, ASYNC)

def home_modules(api: Api) -> dict[str, str]:
    """The `types/` module of every model and enum, by class name."""
    homes = {e.class_name: e.module for e in api.enums}
    homes.update({m.class_name: m.module for m in api.models})
    return homes


_FROM = re.compile(r"^from (\S+) import (.+)$")


class ImportSet:
    """Import lines for one module: merged per module, grouped and sorted like isort."""

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}
        self._modules: set[str] = set()

    def add(self, line: str) -> None:
        match = _FROM.match(line.strip())
        if match:
            names = {n.strip() for n in match.group(2).split(",")}
            self._names.setdefault(match.group(1), set()).update(names)
        elif line.startswith("import "):
            self._modules.add(line.removeprefix("import ").strip())
        else:
            raise RenderError(f"not an import statement: {line!r}")

    def update(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.add(line)

    def use_names(self, text: str, known: Mapping[str, str]) -> None:
        """Add the import of each `known` name that `text` mentions."""
        for name, line in known.items():
            if mentions(text, name):
                self.add(line)

    def lines(self) -> tuple[str, ...]:
        """Standard library, then third-party, then the package's own modules."""
        entries = [(m, f"import {m}") for m in self._modules]
        entries += [(m, from_import(m, sorted(n))) for m, n in self._names.items()]

        def group(module: str) -> int:
            if module.startswith("."):
                return 2
            return 0 if module.split(".")[0] in sys.stdlib_module_names else 1

        ordered = sorted(entries, key=lambda e: (group(e[0]), e[1].startswith("from"), e[0]))
        lines: list[str] = []
        for index, (module, line) in enumerate(ordered):
            if index and group(module) != group(ordered[index - 1][0]):
                lines.append("")  # a blank line between groups
            lines.append(line)
        return tuple(lines)
