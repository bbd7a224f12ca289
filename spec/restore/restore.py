"""Restore a flattened OpenAPI document: patch lost HTML, re-indent, render."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from .ahasend_v2 import HTML_PATCHES, OVERRIDES, HtmlPatch
from .lines import Line, read_lines
from .search import Override, RestoreError, search
from .shapes import Registry, registry_of

MAX_PASSES = 4
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def patch_html(seed: list[str], patches: Iterable[HtmlPatch]) -> list[tuple[int, str]]:
    """Seed lines as (number, text), with each damaged spot replaced by its repair."""
    by_line = {p.line: p for p in patches}
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(seed):
        number = index + 1
        patch = by_line.pop(number, None)
        if patch is None:
            out.append((number, seed[index]))
            index += 1
            continue
        found = tuple(seed[index : index + len(patch.seed)])
        if found != patch.seed:
            raise RestoreError(f"line {number}: HTML patch expects {patch.seed!r}, found {found!r}")
        out.extend((number, text) for text in patch.restored)
        index += len(patch.seed)
    if by_line:
        raise RestoreError(f"HTML patches beyond the end of the document: {sorted(by_line)}")
    return out


def render(lines: list[Line], indents: list[int]) -> str:
    next_indent = 0
    rendered: list[str] = []
    # Walk backwards so a comment can take the indentation of the line after it.
    for line, indent in zip(reversed(lines), reversed(indents), strict=True):
        if indent < 0:
            indent = next_indent
        else:
            next_indent = indent
        pad = " " * indent
        inner = pad + ("    " if line.item else "  ")
        rendered.append("\n".join([pad + line.text, *(inner + c for c in line.continuation)]))
    return "\n".join(reversed(rendered)) + "\n"


def restore_text(
    seed_text: str,
    patches: Iterable[HtmlPatch] = HTML_PATCHES,
    overrides: Iterable[Override] = OVERRIDES,
) -> str:
    """The re-indented document. Repeats until the schemas that guide example
    placement (taken from the previous pass) stop changing."""
    lines = read_lines(patch_html(seed_text.splitlines(), patches))
    table = {o.line: o for o in overrides}
    registry: Registry = {}
    text = ""
    for _ in range(MAX_PASSES):
        text = render(lines, search(lines, registry, table))
        next_registry = registry_of(yaml.load(text, Loader=_LOADER))
        if next_registry == registry:
            return text
        registry = next_registry
    return text
