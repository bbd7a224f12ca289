"""A diff `Report` as text (terminals), Markdown (pull requests) or JSON (tools).

The JSON document (`schema` "ahasend-codegen.diff/1")::

    {
      "schema": "ahasend-codegen.diff/1",
      "old": {"title": "AhaSend API", "version": "2.0.0"},
      "new": {"title": "AhaSend API", "version": "2.1.0"},
      "bump": "major",                 // none | patch | minor | major: what the changes need
      "next_version": "3.0.0",         // old version with that bump; null if none/unparseable
      "declared_bump": "minor",        // what old -> new info.version is; null if unparseable
      "counts": {"breaking": 1, "compatible": 2, "docs-only": 0},
      "changes": [                     // breaking first, then compatible, then docs-only
        {"kind": "breaking", "rule": "operation-removed",
         "subject": "client.messages.cancel", "message": "`client.messages.cancel` was removed"}
      ]
    }

`subject` is `client.<resource>.<method>`, `client.<resource>.<method>(<arg>)`,
`<Model>.<field>`, `<Model>`, `<Enum>`, `scopes.<CONSTANT>` or `client`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .diff_rules import Bump, Kind, bump_at_least, next_version, version_bump

if TYPE_CHECKING:  # the CLI imports this module for FORMATS: not the whole diff yet
    from .diff import Report

__all__ = ["FORMATS", "format_report", "markdown_sections", "summary"]

SCHEMA = "ahasend-codegen.diff/1"
FORMATS = ("text", "markdown", "json")
_KINDS = (Kind.BREAKING, Kind.COMPATIBLE, Kind.DOCS)
_TITLES = {Kind.BREAKING: "Breaking", Kind.COMPATIBLE: "Compatible", Kind.DOCS: "Docs only"}


def format_report(report: Report, output_format: str) -> str:
    if output_format == "json":
        return _json(report)
    if output_format == "markdown":
        return _markdown(report)
    return _text(report)


def summary(report: Report) -> str:
    """`Version bump needed: major (1 breaking, ...); next version 3.0.0.`"""
    counts = ", ".join(f"{report.count(kind)} {kind.value}" for kind in _KINDS)
    bump = report.bump
    text = f"Version bump needed: {bump.value}"
    if bump is Bump.NONE:
        return text + " (no changes for users of the client)."
    following = next_version(report.old_version, bump)
    return text + f" ({counts})" + (f"; next version {following}." if following else ".")


def _version_note(report: Report) -> str:
    """A warning when the spec's own version change is smaller than the changes need."""
    declared = version_bump(report.old_version, report.new_version)
    if declared is None or bump_at_least(declared, report.bump):
        return ""
    if report.old_version == report.new_version:
        went = f"info.version is still {report.new_version}"
    else:
        went = f"info.version went from {report.old_version} to {report.new_version}"
    return f"Note: {went}, but these changes need a {report.bump.value} version bump."


def _heading(report: Report) -> str:
    if report.old_title == report.new_title:
        return f"{report.new_title} {report.old_version} -> {report.new_version}".strip()
    old = f"{report.old_title} {report.old_version}".strip()
    return f"{old} -> {report.new_title} {report.new_version}".strip()


def _text(report: Report) -> str:
    lines = [f"API changes: {_heading(report)}", ""]
    for kind in _KINDS:
        changes = [c for c in report.changes if c.kind is kind]
        if changes:
            lines.append(f"{_TITLES[kind]} ({len(changes)}):")
            lines += [f"  - {c.message}  [{c.rule.code}]" for c in changes]
            lines.append("")
    note = _version_note(report)
    return "\n".join(lines + ([note] if note else []) + [summary(report)]) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown(report: Report) -> str:
    lines = [f"### API changes: {_cell(_heading(report))}", ""]
    if report.changes:
        lines += ["| kind | change | rule |", "| --- | --- | --- |"]
        lines += [f"| {c.kind.value} | {_cell(c.message)} | `{c.rule.code}` |"
                  for c in report.changes]
        lines.append("")
    note = _version_note(report)
    return "\n".join(lines + ([note, ""] if note else []) + [f"**{summary(report)}**"]) + "\n"


def markdown_sections(report: Report, level: int) -> str:
    """The changes as Markdown lists under one heading per kind (for CHANGELOG.md)."""
    note = _version_note(report)
    blocks = [note, summary(report)] if note else [summary(report)]
    for kind in _KINDS:
        changes = [c for c in report.changes if c.kind is kind]
        if changes:
            items = "\n".join(f"- {c.message}" for c in changes)
            blocks.append(f"{'#' * level} {_TITLES[kind]}\n\n{items}")
    return "\n\n".join(blocks) + "\n"


def _json(report: Report) -> str:
    declared = version_bump(report.old_version, report.new_version)
    document = {
        "schema": SCHEMA,
        "old": {"title": report.old_title, "version": report.old_version},
        "new": {"title": report.new_title, "version": report.new_version},
        "bump": report.bump.value,
        "next_version": next_version(report.old_version, report.bump),
        "declared_bump": declared.value if declared else None,
        "counts": {kind.value: report.count(kind) for kind in _KINDS},
        "changes": [
            {"kind": c.kind.value, "rule": c.rule.code, "subject": c.subject,
             "message": c.message}
            for c in report.changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
