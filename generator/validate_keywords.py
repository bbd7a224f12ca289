"""The semantic pass of validation: openapi-spec-validator's keyword checks, piece by piece.

The checks (schema meta-validation, defaults, duplicate parameters, path
parameters, duplicate tags) normally run over the whole document in one walk.
Here each runs over one piece (a path item, a component schema, the tags),
with fresh state, over the whole document so that `$ref`s resolve as they
would. The library's errors carry no location, so each checker is wrapped to
tag its errors with the node it was looking at; a path that walked through
`$ref`s is then turned into the pointer of the definition it reached.

Duplicate operationIds span path items: `validate.py` checks those over the
whole document itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from jsonschema_path import SchemaPath
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation.keywords import KeywordValidator, SchemaValidator
from openapi_spec_validator.validation.registries import KeywordValidatorRegistry
from openapi_spec_validator.validation.validators import SpecValidator

from .diagnostics import json_pointer, truncate
from .document import JsonObject, canonical
from .validate_fast import Check, passes, schema_check
from .validate_schema import MAX_MESSAGE, Finding, error_message

__all__ = ["STOPPED", "KeywordChecker"]

STOPPED = "stopped"  # kind of the finding for a check that crashed on malformed input
_WHERE = "_ahasend_where"  # attribute we tag errors with
_VALIDATORS: dict[str, type[SpecValidator]] = {"3.1": OpenAPIV31SpecValidator,
                                               "3.0": OpenAPIV30SpecValidator}


class _Locating:
    """Wraps a keyword checker so each error it yields knows which node it came from.
    The innermost checker tags first; outer ones leave the tag alone."""

    def __init__(self, inner: KeywordValidator, keyword: str) -> None:
        self.inner = inner
        # The "default" checker gets (schema, value); its errors are about the value.
        self.suffix = ("default",) if keyword == "default" else ()

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        where = next((a.parts for a in args if isinstance(a, SchemaPath)), ())
        for error in self.inner(*args, **kwargs):  # type: ignore[operator]
            if not hasattr(error, _WHERE):
                setattr(error, _WHERE, (*(str(p) for p in where), *self.suffix))
            yield error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _LocatingRegistry(KeywordValidatorRegistry):
    def __missing__(self, keyword: str) -> KeywordValidator:
        if keyword not in self.keyword_validators:
            raise KeyError(keyword)
        checker: Any = _Locating(self.keyword_validators[keyword](self), keyword)
        self[keyword] = checker
        return checker  # type: ignore[no-any-return]


class _Offline:
    """No resolver handlers: nothing outside the document can be fetched."""

    resolver_handlers: dict[str, Any] = {}


class _Memory:
    """What one document's checks learnt, shared by its pieces (ids of its nodes, which
    live as long as the document): schemas whose meta-validation passed, and schemas
    walked in a piece that had no findings at all, as the top schema of a place
    (`clean_top`: the stricter walk) or nested (`clean`). Checked again, they would pass
    again: the checks depend on the schema's subtree alone, and the document's dialect."""

    def __init__(self) -> None:
        self.passed: set[int] = set()
        self.clean: set[int] = set()
        self.clean_top: set[int] = set()
        self.walked: list[tuple[int, bool]] = []  # (id, top) in the current piece

    def piece_done(self, clean: bool) -> None:
        if clean:
            for schema_id, top in self.walked:
                (self.clean_top if top else self.clean).add(schema_id)
        self.walked.clear()


def _remembering(checker: type[SchemaValidator], memory: _Memory) -> type[SchemaValidator]:
    """`checker` that skips the schemas `memory` knows to pass (see `_Memory`). One that
    failed is checked again, so its error is new and tagged where it is found again."""

    class Remembering(checker):  # type: ignore[valid-type,misc]
        def __call__(self, schema: SchemaPath, require_properties: bool = True,
                     meta_checked: bool = False) -> Iterator[Any]:
            schema_id = id(schema.read_value())
            if schema_id in memory.clean_top or (
                    not require_properties and schema_id in memory.clean):
                return
            memory.walked.append((schema_id, require_properties))
            yield from super().__call__(schema, require_properties, meta_checked)

        def _validate_schema_meta(self, schema: SchemaPath, schema_value: Any) -> Any:
            if id(schema_value) in memory.passed:
                return None
            if passes(self._fast_check(schema, schema_value), schema_value):
                error = None
            else:
                error = super()._validate_schema_meta(schema, schema_value)
            if error is None:
                memory.passed.add(id(schema_value))
            return error

        def _fast_check(self, schema: SchemaPath, schema_value: Any) -> Check | None:
            """jsonschema-rs's view of the meta-schema check the library would make here
            (see `validate_fast.py`), if it can take that one; None otherwise."""
            dialect_of = getattr(self, "_get_schema_dialect_id", None)  # 3.1 checkers only
            if dialect_of is None:
                return None
            try:
                dialect = dialect_of(schema, schema_value)
            except ValueError:
                return None
            if (self._get_validator_class_for_dialect(dialect) is not OAS31Validator
                    or self.schema_validator_format_checker is not oas31_format_checker):
                return None
            return schema_check(dialect)

    return Remembering


class KeywordChecker:
    """The keyword checks of one document, run a piece at a time."""

    def __init__(self, data: JsonObject, version: str) -> None:
        offline = type("OfflineValidator", (_Offline, _VALIDATORS[version]), {})
        self.data = data
        self.validator = offline(data)
        self.keyword_validators = dict(self.validator.keyword_validators)
        self.memory = _Memory()
        self.keyword_validators["schema"] = _remembering(self.keyword_validators["schema"],
                                                         self.memory)

    def findings(self, parts: Sequence[str]) -> list[Finding]:
        """What the checks find in the piece at `parts`: `()` the whole document,
        `("paths", url)` a path item, `("components", "schemas", name)` a schema,
        `("tags",)` the tags. A crash on malformed input is a finding of kind STOPPED."""
        registry = _LocatingRegistry(self.keyword_validators)
        self.validator.keyword_validators_registry = registry
        found: list[Finding] = []
        try:
            for error in self._errors(registry, tuple(parts)):
                where = [*getattr(error, _WHERE, ()), *(str(p) for p in error.absolute_path)]
                found.append((json_pointer(canonical(self.data, where)), error_message(error), ""))
        except Exception as exc:
            message = f"validation stopped early: {type(exc).__name__}: {exc}"
            found.append((json_pointer(parts), truncate(message, MAX_MESSAGE), STOPPED))
        self.memory.piece_done(clean=not found)
        return found

    def _errors(self, registry: KeywordValidatorRegistry, parts: tuple[str, ...]) -> Iterator[Any]:
        root = self.validator.schema_path
        match parts:
            case ():
                yield from self.validator.root_validator(root)
            case ("paths", url):
                yield from registry["path"](url, root / "paths" / url)  # type: ignore[operator]
            case ("components", "schemas", name):
                schema = root / "components" / "schemas" / name
                yield from registry["schema"](schema)  # type: ignore[operator]
            case ("tags",) if "tags" in registry.keyword_validators:
                yield from registry["tags"](root / "tags")  # type: ignore[operator]
            case _:
                return
