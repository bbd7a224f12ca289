"""Stage 2: check the document against the OpenAPI specification, reporting every problem.

Three passes, each collecting all problems rather than stopping at the first:

- V002/V003/V004: every ``$ref`` is local, resolves, and does not lead back to itself
  through refs and allOf/anyOf/oneOf alone. Checked first and by us, so that external
  references are never fetched and broken or endless ones can't crash the next pass.
- V001 (structure): the official OpenAPI JSON Schema (`validate_schema.py`); the
  error's path is a JSON pointer into the document.
- V001 (semantics): openapi-spec-validator's keyword checks (schema meta-validation,
  defaults, path parameters; `validate_keywords.py`), and duplicate operationIds.

Incremental: the two V001 passes run piece by piece, each piece's findings kept
in the cache under a hash of what they depend on, so after an edit only the
pieces it touched are validated again (and with none, neither library is even
imported). The pieces of a 3.1 document: each path item, webhook and component,
and the rest of the document with those replaced by a stub (`STUB`, valid in
every one of their places, so the rest is checked as it stands, names and all).
Structural findings of a piece depend on its place and content only. Keyword
findings of a path item or schema follow its `$ref`s, so they are keyed on what
the checks read of the piece (`_keyword_view`: for a path item its parameters,
operationIds, responses' content schemas; not its summaries or descriptions)
plus every node it transitively references. The duplicate-operationId check
spans path items and is cheap: it runs over the whole document every time.
Findings are kept as (pointer, message), never line numbers: those are looked
up in the current document, so an edit that moves lines moves them too. A 3.0
document is one piece (its schema is laid out differently).
"""

from __future__ import annotations

import difflib
import functools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .cache import Cache, digest
from .diagnostics import Diagnostic, Severity, json_pointer, split_json_pointer
from .document import (
    MAX_REF_HOPS,
    Document,
    JsonObject,
    JsonValue,
    canonical,
    json_lookup,
    local_ref,
)
from .fingerprint import code_fingerprint

if TYPE_CHECKING:  # both import a validation library: only when a piece must be validated
    from .validate_keywords import KeywordChecker

__all__ = ["STUB", "Tally", "validate_document"]

_MAX_VISITS = 10_000  # schemas one cycle check looks at before giving up
# Keys whose values are example/instance data, not OpenAPI objects: a "$ref" in there is data.
_DATA_KEYS = frozenset({"example", "default", "enum", "const", "value"})
# Keys whose values map user-chosen names to objects: their keys are never keywords.
_NAME_MAPS = frozenset(
    """properties patternProperties $defs definitions dependentSchemas schemas responses
    parameters examples requestBodies headers securitySchemes links callbacks pathItems
    content encoding paths webhooks variables""".split()
)
NAMESPACE = "validate-piece"
# What a piece is replaced by in the rest of the document: a Reference Object, which
# every place a piece comes from accepts (path items, webhooks, every components section).
STUB: JsonObject = {"$ref": "#"}
_SECTIONS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers",
             "securitySchemes", "links", "callbacks", "pathItems")
# The operations of a path item, as openapi-spec-validator's checks know them.
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_KINDS = {"3.1": "3.1", "3.0": "3.0"}
Finding = tuple[str, str, str]  # (JSON pointer, message, kind): see validate_schema.py


@dataclass
class Tally:
    """How a validation went: pieces found in the cache, pieces validated, seconds
    spent validating them (imports included)."""

    hits: int = 0
    misses: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)


def validate_document(doc: Document, cache: Cache | None = None,
                      tally: Tally | None = None) -> list[Diagnostic]:
    """Every problem found in ``doc``; ``cache`` keeps the findings piece by piece."""
    version = doc.data.get("openapi")
    kind = _kind(version)
    if kind is None:
        return [_version_problem(doc, version)]
    pieces = _Pieces(doc, kind, cache or Cache(None), tally or Tally())
    ref_problems = list(_check_refs(doc))
    structure = pieces.structure()
    keywords: list[Finding] = []
    if not ref_problems:
        keywords = [*pieces.keywords(), *_duplicate_operation_ids(doc.data)]
        if structure:  # the library trips over some malformed input: expected noise then
            keywords = [f for f in keywords if not _stopped(f)]
    pieces.save()
    found = [*_drop_vague(structure), *keywords]
    return _dedupe([*ref_problems, *(_diagnostic(doc, f) for f in found)])


def _kind(version: JsonValue) -> str | None:
    """The OpenAPI version the document is checked as: "3.1", "3.0" or None (neither)."""
    if isinstance(version, str) and version[:4] in ("3.1.", "3.0."):
        return _KINDS[version[:3]]
    return None


def _diagnostic(doc: Document, finding: Finding) -> Diagnostic:
    pointer, message, _ = finding
    hint = ""
    if _stopped(finding):
        hint = "fix the other problems in this part of the spec; if it persists, report it"
    return doc.diagnostic(Severity.ERROR, "V001", message, pointer, hint)


def _stopped(finding: Finding) -> bool:
    return finding[2] == "stopped"


def _version_problem(doc: Document, version: JsonValue) -> Diagnostic:
    if "openapi" in doc.data:
        message = f"unsupported 'openapi' version {version!r}; expected 3.1.x or 3.0.x"
        return doc.diagnostic(Severity.ERROR, "V001", message, "/openapi")
    if "swagger" in doc.data:
        message = f"a Swagger {doc.data['swagger']!r} document; expected OpenAPI 3.1.x or 3.0.x"
        hint = "convert it to OpenAPI 3 first (e.g. with swagger2openapi)"
        return doc.diagnostic(Severity.ERROR, "V001", message, "/swagger", hint)
    message = "no 'openapi' version; expected an OpenAPI 3.1.x or 3.0.x document"
    return doc.diagnostic(Severity.ERROR, "V001", message, "", "start the file with openapi: 3.1.0")


# -- references -------------------------------------------------------------------------------


def _check_refs(doc: Document) -> Iterator[Diagnostic]:
    anchors = set(_strings_at(doc.data, ("$anchor", "$dynamicAnchor")))
    for parts, ref in _iter_refs(doc.data, [], names=False):
        pointer = json_pointer(parts)
        if not ref.startswith("#"):
            yield doc.diagnostic(
                Severity.ERROR,
                "V003",
                f"external reference {ref!r} is not supported (other files and URLs are "
                "never fetched)",
                pointer,
                "move the referenced definition into components",
            )
        elif not _resolves(doc.data, unquote(ref[1:]), anchors):
            yield doc.diagnostic(
                Severity.ERROR,
                "V002",
                f"reference {ref!r} does not resolve",
                pointer,
                _suggest(doc.data, unquote(ref[1:])),
            )
        elif _in_ref_cycle(doc.data, parts[:-1]):
            yield doc.diagnostic(
                Severity.ERROR,
                "V004",
                f"reference {ref!r} leads back to itself through $ref/allOf/anyOf/oneOf "
                "only, so it never reaches a definition",
                pointer,
                "point one of the references in the cycle at an actual definition",
            )


def _in_ref_cycle(data: JsonValue, parts: list[str]) -> bool:
    """Whether the Reference Object at `parts` comes back to itself through `$ref`s and
    allOf/anyOf/oneOf/not members only: checking any value against it would never end.
    (A ref that only leads into such a cycle is not in it: the cycle is reported there.)"""
    start = json_pointer(parts)
    pending, seen = [start], {start}
    while pending and len(seen) < _MAX_VISITS:
        pointer = pending.pop()
        for step in _in_place_steps(json_lookup(data, split_json_pointer(pointer)), pointer):
            if step == start:
                return True
            if step not in seen:
                seen.add(step)
                pending.append(step)
    return False


def _in_place_steps(node: JsonValue, pointer: str) -> list[str]:
    """Pointers of the schemas that apply to the same value as `node` does."""
    if not isinstance(node, dict):
        return []
    ref = local_ref(node)
    steps = [] if ref is None else [unquote(ref)]
    for key in ("allOf", "anyOf", "oneOf"):
        members = node.get(key)
        if isinstance(members, list):
            steps += [f"{pointer}/{key}/{index}" for index in range(len(members))]
    if isinstance(node.get("not"), dict):
        steps.append(f"{pointer}/not")
    return steps


def _iter_refs(node: JsonValue, parts: list[str], names: bool) -> Iterator[tuple[list[str], str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _iter_refs(item, [*parts, str(index)], names=False)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not names and _is_data(key, value):
                continue
            if not names and key == "$ref" and isinstance(value, str):
                yield [*parts, key], value
            else:
                yield from _iter_refs(value, [*parts, key], names=not names and key in _NAME_MAPS)


def _is_data(key: str, value: JsonValue) -> bool:
    # A schema's `examples` is a list of instances; a media type's is a map of Example objects.
    schema_examples = key == "examples" and isinstance(value, list)
    return key in _DATA_KEYS or key.startswith("x-") or schema_examples


def _strings_at(node: JsonValue, keys: tuple[str, ...]) -> Iterator[str]:
    """Every string value of one of ``keys`` anywhere in `node` (not below such a key)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                yield value
            else:
                yield from _strings_at(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _strings_at(item, keys)


def _suggest(data: JsonValue, fragment: str) -> str:
    default = "check the spelling, or add the missing definition under components"
    if not fragment.startswith("/"):
        return default
    *parent, name = split_json_pointer(fragment)
    siblings = json_lookup(data, parent)
    if isinstance(siblings, dict):
        close = difflib.get_close_matches(name, list(siblings), n=1)
        if close:
            return f"did you mean '#{json_pointer([*parent, close[0]])}'?"
    return default


def _resolves(data: JsonValue, fragment: str, anchors: set[str]) -> bool:
    if fragment and not fragment.startswith("/"):
        return fragment in anchors  # plain-name fragment: a JSON Schema $anchor
    node = data
    for token in split_json_pointer(fragment):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


# -- the V001 passes, piece by piece ----------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """Part of the document validated on its own: at ``parts``, where the OpenAPI
    schema gives it the subschema named by ``place`` (see `validate_schema.py`)."""

    parts: tuple[str, ...]
    place: tuple[str, ...]
    value: JsonValue


class _Pieces:
    """The document cut into pieces, each looked up in the cache before it is validated."""

    def __init__(self, doc: Document, kind: str, cache: Cache, tally: Tally) -> None:
        self.data, self.kind, self.cache, self.tally = doc.data, kind, cache, tally
        self.salt = digest(NAMESPACE, kind, code_fingerprint())
        # One cache entry per spec file holds the findings of its pieces by key (one
        # read and one write a run, not one per piece): those of the last run, and
        # those of the run before when there are not many (an edit and its undo both hit).
        self.index = digest(self.salt, "index", doc.file)
        self.known = _decode_index(cache.get(NAMESPACE, self.index))
        self.used: dict[str, list[Finding]] = {}
        self._checker: KeywordChecker | None = None
        self._refs: dict[str, list[str]] = {}
        self._hashes: dict[str, str] = {}

    def structure(self) -> list[Finding]:
        found: list[Finding] = []
        for piece in _split(self.data) if self.kind == "3.1" else [_Piece((), (), self.data)]:
            key = digest(self.salt, "structure", *piece.parts, "|", *piece.place, "|",
                         _dumps(piece.value))
            found += self._cached(key, piece.parts, functools.partial(self._structure, piece))
        return found

    def _structure(self, piece: _Piece) -> list[Finding]:
        from .validate_schema import structure_findings  # noqa: PLC0415

        return structure_findings(self.kind, piece.parts, piece.place, piece.value)

    def keywords(self) -> list[Finding]:
        found: list[Finding] = []
        dialect = _dumps(self.data.get("jsonSchemaDialect"))
        for parts, view in self._keyword_pieces():
            depends = self._depends(view)
            key = digest(self.salt, "keywords", dialect, *parts, "|", _dumps(view), *depends)
            found += self._cached(key, parts, functools.partial(self._keywords, parts))
        return found

    def _keyword_pieces(self) -> Iterator[tuple[tuple[str, ...], JsonValue]]:
        """The pieces openapi-spec-validator's checks look at, each with what they read
        of it (the nodes it references are added by `_depends`)."""
        if self.kind != "3.1":
            yield (), self.data
            return
        if "tags" in self.data:
            yield ("tags",), self.data["tags"]
        paths = self.data.get("paths")
        if isinstance(paths, dict):
            for url, item in paths.items():
                yield ("paths", url), _keyword_view(item)
        components = self.data.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if isinstance(schemas, dict):
            for name, schema in schemas.items():
                yield ("components", "schemas", name), schema

    def _keywords(self, parts: tuple[str, ...]) -> list[Finding]:
        if self._checker is None:
            from .validate_keywords import KeywordChecker  # noqa: PLC0415

            self._checker = KeywordChecker(self.data, self.kind)
        return self._checker.findings(parts)

    def _cached(self, key: str, parts: tuple[str, ...],
                work: Callable[[], list[Finding]]) -> list[Finding]:
        found = self.known.get(key)
        if found is not None:
            self.tally.hits += 1
        else:
            started = time.perf_counter()
            found = work()
            self.tally.misses += 1
            self.tally.missed.append(json_pointer(parts))
            self.tally.seconds += time.perf_counter() - started
        self.used[key] = found
        return found

    def save(self) -> None:
        if self.tally.misses == 0 and len(self.known) == len(self.used):
            return  # the entry holds exactly these findings already
        kept = {**self.known, **self.used}
        if len(kept) > 2 * len(self.used):
            kept = self.used
        self.cache.put(NAMESPACE, self.index, json.dumps(kept, ensure_ascii=False))

    def _depends(self, node: JsonValue) -> list[str]:
        """Every node `node` references, directly or through other references, as
        (pointer, hash of its content) pairs: what else a keyword check may read."""
        pending, seen = list(_refs_in(node)), set()
        while pending:
            ref = pending.pop()
            if ref in seen:
                continue
            seen.add(ref)
            if not ref.startswith("#/"):  # an anchor (or "#"): could be anywhere
                return [_dumps(self.data)]
            if ref not in self._refs:
                target = json_lookup(self.data, split_json_pointer(unquote(ref[1:])))
                self._refs[ref] = list(_refs_in(target))
                self._hashes[ref] = digest(_dumps(target))
            pending += self._refs[ref]
        return [part for ref in sorted(seen) for part in (ref, self._hashes[ref])]


def _decode_index(text: str | None) -> dict[str, list[Finding]]:
    try:
        entries = json.loads(text) if text else {}
        return {str(key): [(str(p), str(m), str(k)) for p, m, k in found]
                for key, found in entries.items()}
    except (ValueError, TypeError, AttributeError):
        return {}  # damaged: every piece is validated again


def _split(data: JsonObject) -> list[_Piece]:
    """Each path item, webhook and component, then the rest with those stubbed out."""
    pieces: list[_Piece] = []
    rest = dict(data)
    for top, place, pick in (("paths", ("paths",), lambda k: k.startswith("/")),
                             ("webhooks", ("webhooks",), lambda k: True)):
        items = data.get(top)
        if isinstance(items, dict):
            rest[top] = stubbed = dict(items)
            for name, value in items.items():
                if pick(name):
                    pieces.append(_Piece((top, name), place, value))
                    stubbed[name] = STUB
    components = data.get("components")
    if isinstance(components, dict):
        rest["components"] = outer = dict(components)
        for section in _SECTIONS:
            entries = components.get(section)
            if isinstance(entries, dict):
                outer[section] = dict.fromkeys(entries, STUB)
                pieces += [_Piece(("components", section, name), ("components", section), value)
                           for name, value in entries.items()]
    return [*pieces, _Piece((), (), rest)]


def _keyword_view(item: JsonValue) -> JsonValue:
    """What openapi-spec-validator's checks read of a path item: its parameters, and of
    each operation the operationId, parameters and responses' content schemas."""
    if not isinstance(item, dict):
        return item
    view: JsonObject = {}
    for key, value in item.items():
        if key in ("$ref", "parameters"):
            view[key] = value
        elif key in _METHODS:
            view[key] = operation = _only(value, ("$ref", "operationId", "parameters"))
            if isinstance(operation, dict) and isinstance(value, dict) and "responses" in value:
                responses = value["responses"]
                operation["responses"] = (
                    {code: _response_view(r) for code, r in responses.items()}
                    if isinstance(responses, dict) else responses)
    return view


def _response_view(response: JsonValue) -> JsonValue:
    view = _only(response, ("$ref",))
    content = response.get("content") if isinstance(response, dict) else None
    if isinstance(view, dict) and isinstance(response, dict) and "content" in response:
        view["content"] = ({name: _only(media, ("$ref", "schema"))
                            for name, media in content.items()}
                           if isinstance(content, dict) else content)
    return view


def _only(node: JsonValue, keys: tuple[str, ...]) -> JsonValue:
    if not isinstance(node, dict):
        return node
    return {key: value for key, value in node.items() if key in keys}


def _refs_in(node: JsonValue) -> Iterator[str]:
    """Every `$ref` string anywhere in `node` (data included: to depend on too much is safe)."""
    return _strings_at(node, ("$ref",))


def _dumps(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _duplicate_operation_ids(data: JsonObject) -> list[Finding]:
    """An operationId used before in the document, reported at the later operation with
    openapi-spec-validator's message (it spans path items, so it runs on the whole)."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return []
    seen: set[JsonValue] = set()
    found: list[Finding] = []
    for url, item in paths.items():
        node = _followed(data, item)
        if not isinstance(node, dict):
            continue
        for method in node:
            operation = _followed(data, node[method]) if method in _METHODS else None
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            value = operation["operationId"]
            hashable = value if not isinstance(value, dict | list) else _dumps(value)
            if value is not None and hashable in seen:
                pointer = json_pointer(canonical(data, ["paths", url, method]))
                found.append((pointer, f"Operation ID '{value}' for '{method}' in '{url}' "
                              "is not unique", ""))
            seen.add(hashable)
    return found


def _followed(data: JsonValue, node: JsonValue) -> JsonValue:
    """`node`, or what its `$ref` (and theirs, a bounded number of times) leads to."""
    for _ in range(MAX_REF_HOPS):
        ref = local_ref(node)
        if ref is None:
            return node
        node = json_lookup(data, split_json_pointer(unquote(ref)))
    return node


def _drop_vague(findings: list[Finding]) -> list[Finding]:
    """Drop 'not valid under any of the given schemas' when a more specific error was
    reported inside the same node: it only repeats it, less clearly."""
    pointers = [f[0] for f in findings]
    return [
        f
        for f in findings
        if not (
            "under any of the given schemas" in f[1]
            and any(p.startswith(f[0] + "/") for p in pointers)
        )
    ]


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for diag in diagnostics:
        key = (diag.pointer, diag.message)
        if key not in seen:
            seen.add(key)
            unique.append(diag)
    return sorted(unique)
