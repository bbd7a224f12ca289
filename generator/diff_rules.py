"""The classification rules of `ahasend-codegen diff`, and the changes they produce.

Every change names the rule that classified it; a rule decides whether the
change is breaking, compatible or docs-only, and the changes together decide
the semantic-version bump. What each rule covers is tabled in the
`generator.diff` docstring and the README; `tests/diff` keeps all three in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "RULES", "Bump", "Change", "Kind", "Rule",
    "bump_at_least", "bump_for", "next_version", "version_bump",
]


class Kind(StrEnum):
    BREAKING = "breaking"
    COMPATIBLE = "compatible"
    DOCS = "docs-only"

    @property
    def severity(self) -> int:
        return {Kind.DOCS: 0, Kind.COMPATIBLE: 1, Kind.BREAKING: 2}[self]


class Bump(StrEnum):
    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"


_BUMP_FOR_KIND = {Kind.BREAKING: Bump.MAJOR, Kind.COMPATIBLE: Bump.MINOR, Kind.DOCS: Bump.PATCH}
_BUMP_ORDER = (Bump.NONE, Bump.PATCH, Bump.MINOR, Bump.MAJOR)
_RELEASE = re.compile(r"(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class Rule:
    code: str  # stable, in reports and JSON (`operation-removed`)
    kind: Kind


@dataclass(frozen=True)
class Change:
    rule: Rule
    subject: str  # what changed, in client terms: `client.messages.list`, `Address.name`
    message: str  # one sentence, backticks around code

    @property
    def kind(self) -> Kind:
        return self.rule.kind


RULES: dict[str, Rule] = {}


def _rule(code: str, kind: Kind) -> Rule:
    RULES[code] = rule = Rule(code, kind)
    return rule


B, C, D = Kind.BREAKING, Kind.COMPATIBLE, Kind.DOCS

# Methods
OPERATION_REMOVED = _rule("operation-removed", B)
OPERATION_RENAMED = _rule("operation-renamed", B)
OPERATION_ADDED = _rule("operation-added", C)
ENDPOINT_CHANGED = _rule("endpoint-changed", B)
SCOPES_NARROWED = _rule("scopes-narrowed", B)
SCOPES_WIDENED = _rule("scopes-widened", C)
STATUS_CHANGED = _rule("success-status-changed", B)
RETURN_CHANGED = _rule("return-type-changed", B)
RETURN_ADDED = _rule("return-value-added", C)
OPERATION_DEPRECATED = _rule("operation-deprecated", C)
ERRORS_CHANGED = _rule("errors-changed", D)
OPERATION_DOCS = _rule("operation-docs-changed", D)
# Inputs: positional arguments, keywords, and fields of models sent in requests
INPUT_REMOVED = _rule("input-removed", B)
REQUIRED_INPUT_ADDED = _rule("required-input-added", B)
OPTIONAL_INPUT_ADDED = _rule("optional-input-added", C)
INPUT_REQUIRED = _rule("input-became-required", B)
INPUT_OPTIONAL = _rule("input-became-optional", C)
POSITIONAL_ORDER = _rule("positional-order-changed", B)
INPUT_TYPE_CHANGED = _rule("input-type-changed", B)
INPUT_TYPE_WIDENED = _rule("input-type-widened", C)
CONSTRAINT_NARROWED = _rule("input-constraint-narrowed", B)
CONSTRAINT_WIDENED = _rule("input-constraint-widened", C)
EXTRA_REFUSED = _rule("extra-fields-refused", B)
EXTRA_ACCEPTED = _rule("extra-fields-accepted", C)
INPUT_DEPRECATED = _rule("input-deprecated", C)
INPUT_DOCS = _rule("input-docs-changed", D)
# Responses: fields of models the API returns
RESPONSE_FIELD_REMOVED = _rule("response-field-removed", B)
RESPONSE_FIELD_ADDED = _rule("response-field-added", C)
RESPONSE_MAY_BE_NONE = _rule("response-field-may-be-none", B)
RESPONSE_ALWAYS_SET = _rule("response-field-always-set", C)
RESPONSE_TYPE_CHANGED = _rule("response-field-type-changed", B)
RESPONSE_DEPRECATED = _rule("response-field-deprecated", C)
RESPONSE_DOCS = _rule("response-field-docs-changed", D)
# Models, enums, scopes, the API
MODEL_REMOVED = _rule("model-removed", B)
MODEL_ADDED = _rule("model-added", C)
BASE_REMOVED = _rule("model-base-removed", B)
BASE_ADDED = _rule("model-base-added", C)
MODEL_DEPRECATED = _rule("model-deprecated", C)
MODEL_DOCS = _rule("model-docs-changed", D)
ENUM_REMOVED = _rule("enum-removed", B)
ENUM_ADDED = _rule("enum-added", C)
ENUM_VALUE_REMOVED = _rule("enum-value-removed", B)
ENUM_VALUE_ADDED = _rule("enum-value-added", C)
ENUM_DOCS = _rule("enum-docs-changed", D)
SCOPE_REMOVED = _rule("scope-removed", B)
SCOPE_ADDED = _rule("scope-added", C)
SCOPE_DOCS = _rule("scope-docs-changed", D)
BASE_URL_CHANGED = _rule("base-url-changed", C)
API_DOCS = _rule("api-docs-changed", D)


def bump_for(changes: tuple[Change, ...] | list[Change]) -> Bump:
    """major for any breaking change, minor for any compatible one, patch for docs only."""
    if not changes:
        return Bump.NONE
    worst = max((c.kind for c in changes), key=lambda k: k.severity)
    return _BUMP_FOR_KIND[worst]


def _release(version: str) -> tuple[int, int, int] | None:
    """(major, minor, patch) of a `X.Y.Z...` version; None when it has no such prefix."""
    found = _RELEASE.match(version)
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


def next_version(version: str, bump: Bump) -> str | None:
    """The release after ``version`` that ``bump`` calls for (None if unparseable)."""
    release = _release(version)
    if release is None or bump is Bump.NONE:
        return None
    major, minor, patch = release
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def version_bump(old: str, new: str) -> Bump | None:
    """The bump the spec's own versions make (2.0.0 -> 2.1.0: minor); None if unparseable."""
    before, after = _release(old), _release(new)
    if before is None or after is None:
        return None
    if after[0] != before[0]:
        return Bump.MAJOR if after[0] > before[0] else Bump.NONE
    for index, bump in ((1, Bump.MINOR), (2, Bump.PATCH)):
        if after[index] != before[index]:
            return bump if after[index] > before[index] else Bump.NONE
    return Bump.NONE


def bump_at_least(declared: Bump, needed: Bump) -> bool:
    return _BUMP_ORDER.index(declared) >= _BUMP_ORDER.index(needed)
