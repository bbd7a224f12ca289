"""The restored spec is the seed, re-indented: same lines, valid structure."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

from tests.spec.conftest import SEEDS, SPEC

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# Where the seed lost HTML, and what the restored file has instead. These are
# the only places a stripped restored file may differ from the seed.
HTML_SPOTS: dict[tuple[str, ...], tuple[str, ...]] = {
    # <h1>..</h1> stripped, each tag leaving a line break; seed 004 has the tags.
    ('html_content: "', "Welcome {{first_name}}!", '"'): (
        'html_content: "<h1>Welcome {{first_name}}!</h1>"',
    ),
    # <uuid@example.com> stripped whole; seed 004 has it.
    ("example:",): ("example: <uuid@example.com>",),
}


def _stripped(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_stripped_restored_file_is_the_seed_except_the_html_spots(
    seed_text: str, spec_text: str
) -> None:
    seed, restored = _stripped(seed_text), _stripped(spec_text)
    matcher = difflib.SequenceMatcher(a=seed, b=restored, autojunk=False)
    changes = [
        (tuple(seed[i1:i2]), tuple(restored[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    assert sorted(changes) == sorted(HTML_SPOTS.items())


def test_restored_lines_keep_the_seeds_text_after_the_indentation(spec_text: str) -> None:
    for number, line in enumerate(spec_text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, f"line {number} is not on the 2-space grid: {line!r}"
        assert "\t" not in line[:indent]


def test_restorer_reproduces_the_committed_spec(seed_text: str, spec_text: str) -> None:
    from spec.restore.restore import restore_text

    assert restore_text(seed_text) == spec_text


def test_document_has_all_43_operations_each_with_id_tags_and_responses(
    spec: dict[str, Any],
) -> None:
    operations = [
        op for item in spec["paths"].values() for m, op in item.items() if m in HTTP_METHODS
    ]
    assert len(operations) == 43
    ids = [op["operationId"] for op in operations]
    assert len(set(ids)) == 43
    for op in operations:
        assert op["tags"] and op["responses"], op["operationId"]
    assert len(spec["components"]["schemas"]) == 58


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    refs = _refs(spec)
    assert len(refs) > 300
    for ref in refs:
        assert ref.startswith("#/"), ref
        assert isinstance(_resolve(spec, ref), dict), ref


# JSON Schema 2020-12 keywords plus the OpenAPI base vocabulary. `nullable` is
# OpenAPI 3.0 and one of the seed's own defects (the loader repairs it).
SCHEMA_KEYWORDS = frozenset(
    "$ref $id $schema $anchor $comment $defs type enum const format title description "
    "default examples deprecated readOnly writeOnly properties patternProperties "
    "additionalProperties required items prefixItems contains allOf anyOf oneOf not "
    "minimum maximum exclusiveMinimum exclusiveMaximum multipleOf minLength maxLength "
    "pattern minItems maxItems uniqueItems minProperties maxProperties discriminator xml "
    "externalDocs example contentMediaType contentEncoding".split()
) | {"nullable"}


def _schemas(node: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    """Every schema object under a schema, with its JSON pointer."""
    if not isinstance(node, dict):
        return []
    found = [(path, node)]
    for name, sub in (node.get("properties") or {}).items():
        found += _schemas(sub, f"{path}/properties/{name}")
    for key in ("items", "additionalProperties", "not"):
        found += _schemas(node.get(key), f"{path}/{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for index, sub in enumerate(node.get(key) or []):
            found += _schemas(sub, f"{path}/{key}/{index}")
    return found


def _all_schemas(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    roots = [(f"#/components/schemas/{n}", s) for n, s in spec["components"]["schemas"].items()]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for index, param in enumerate(op.get("parameters", [])):
                roots.append((f"{path}/{method}/parameters/{index}/schema", param.get("schema")))
    for name, header in spec["components"]["headers"].items():
        roots.append((f"#/components/headers/{name}/schema", header["schema"]))
    return [found for path, root in roots for found in _schemas(root, path)]


def test_every_schema_keyword_is_a_json_schema_keyword(spec: dict[str, Any]) -> None:
    schemas = _all_schemas(spec)
    assert len(schemas) > 400
    for path, schema in schemas:
        unknown = set(schema) - SCHEMA_KEYWORDS
        assert not unknown, f"{path}: {sorted(unknown)}"


def test_required_lists_name_their_own_schemas_properties(spec: dict[str, Any]) -> None:
    # The one exception is the seed's own defect, kept for the loader to repair.
    known_defects = {("#/components/schemas/CreateConversationMessageRequest", "recipients")}
    for path, schema in _all_schemas(spec):
        required = schema.get("required")
        if required is None:
            continue
        assert isinstance(required, list) and "properties" in schema, path
        for name in required:
            assert name in schema["properties"] or (path, name) in known_defects, (path, name)


def test_array_constraints_sit_on_arrays(spec: dict[str, Any]) -> None:
    for path, schema in _all_schemas(spec):
        if {"minItems", "maxItems", "items"} & set(schema):
            assert schema.get("type") == "array", path


def test_item_schemas_only_say_what_the_members_are(spec: dict[str, Any]) -> None:
    # As in seed 004: `items: {$ref}` / `items: {type}`; the array's description,
    # example and constraints sit on the array itself.
    for path, schema in _all_schemas(spec):
        if path.endswith("/items"):
            assert set(schema) <= {"$ref", "type", "format", "enum"}, path


# The seed's one example with keys its schema lacks (a defect of the spec).
EXAMPLE_EXTRA_KEYS = {
    "#/components/schemas/CreateSMTPCredentialRequest/example": {"username", "password"},
}


def _example_keys_fit(example: Any, schema: Any, spec: dict[str, Any], path: str) -> None:
    if isinstance(schema, dict) and "$ref" in schema:
        schema = _resolve(spec, schema["$ref"])
    if not isinstance(schema, dict):
        return
    if isinstance(example, dict) and isinstance(schema.get("properties"), dict):
        if not schema.get("additionalProperties"):
            extra = set(example) - set(schema["properties"])
            assert extra == EXAMPLE_EXTRA_KEYS.get(path, set()), path
        for key, value in example.items():
            _example_keys_fit(value, schema["properties"].get(key), spec, f"{path}/{key}")
    if isinstance(example, list):
        for index, value in enumerate(example):
            _example_keys_fit(value, schema.get("items"), spec, f"{path}/{index}")


def test_schema_examples_only_use_their_schemas_property_names(spec: dict[str, Any]) -> None:
    checked = 0
    for path, schema in _all_schemas(spec):
        if "example" in schema:
            _example_keys_fit(schema["example"], schema, spec, path + "/example")
            checked += 1
    assert checked > 300


def test_openapi_objects_only_have_keys_openapi_allows(spec: dict[str, Any]) -> None:
    # The validator rejects unknown keys in every OpenAPI object (schemas aside).
    # What remains are exactly the seed's own defects: `example` beside a
    # parameter `$ref`, on the nine operations that take an Idempotency-Key.
    # (With jsonschema-rs installed the library validates with it, and its messages
    # go on after the first line with where the schema failed.)
    errors = list(OpenAPIV31SpecValidator(spec).iter_errors())
    found = sorted(("/".join(map(str, e.absolute_path)), e.message.splitlines()[0])
                   for e in errors)
    expected = sorted(
        (
            f"paths/{path}/post/parameters/1",
            "Unevaluated properties are not allowed ('example' was unexpected)",
        )
        for path, item in spec["paths"].items()
        if "post" in item
        and {"$ref": "#/components/parameters/IdempotencyKey", "example": "example"}
        in item["post"].get("parameters", [])
    )
    assert len(expected) == 9
    assert found == expected


def test_seed_defects_are_kept_as_the_seed_has_them(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["Tracking"]["nullable"] is True
    assert spec["components"]["headers"]["IdempotentReplayed"]["schema"]["enum"] == [True, False]
    assert "recipients" in schemas["CreateConversationMessageRequest"]["required"]
    assert schemas["APIKey"]["properties"]["id"] == {
        "type": "string",
        "format": "uuid",
        "description": "Unique identifier for the API key",
        "example": "500123",
    }


def _seed_004() -> Any:
    text = (SEEDS / "004_d6b91935dde7b553.txt").read_text(encoding="utf-8")
    block = re.search(r"````yaml[^\n]*\n(.*?)````", text, re.S)
    assert block is not None
    return yaml.safe_load(block.group(1))


def _words(value: Any) -> str:
    return re.sub(r"\s+", "", str(value))


def _compare(ref: Any, ours: Any, path: str, skip: set[str], out: list[str]) -> None:
    """Record where `ours` disagrees with `ref` on content both have."""
    if path in skip:
        return
    if isinstance(ref, dict):
        if not isinstance(ours, dict):
            out.append(f"{path}: not an object")
            return
        for key, value in ref.items():
            if key in ours:
                _compare(value, ours[key], f"{path}/{key}", skip, out)
            elif f"{path}/{key}" not in skip:
                out.append(f"{path}/{key}: missing")
    elif isinstance(ref, list):
        if not isinstance(ours, list) or len(ours) != len(ref):
            out.append(f"{path}: list differs")
            return
        for index, (a, b) in enumerate(zip(ref, ours, strict=True)):
            _compare(a, b, f"{path}/{index}", skip, out)
    elif _words(ref) != _words(ours):
        out.append(f"{path}: {ref!r} != {ours!r}")


# Where seed 004, a later revision, says something else (checked by hand).
LATER_REVISION = {
    "#/info/description",  # adds the 422 idempotency line
    "#/paths/createMessage/summary",  # "Create Message" vs "AhaSend Create Message"
    "#/paths/createMessage/description",  # re-wrapped with a docs link
    "#/paths/createMessage/responses/422",  # 422 responses are newer
    "#/paths/createMessage/x-code-samples/0/source",  # checks for 202, 000 for 200
    "#/components/schemas/CreateMessageRequest/properties/recipients/maxItems",
    "#/components/schemas/MessageSchedule/properties/first_attempt/description",
    "#/components/schemas/MessageSchedule/properties/expires/description",
    "#/components/responses/IdempotencyPayloadMismatch",
}


def test_create_message_and_its_components_agree_with_seed_004(spec: dict[str, Any]) -> None:
    ref = _seed_004()
    create = spec["paths"]["/v2/accounts/{account_id}/messages"]["post"]
    ref_create = ref["paths"]["/v2/accounts/{account_id}/messages"]["post"]
    differences: list[str] = []
    _compare(ref_create, create, "#/paths/createMessage", LATER_REVISION, differences)
    for section in ("info", "servers", "security", "tags"):
        _compare(ref[section], spec[section], f"#/{section}", LATER_REVISION, differences)
    for kind, entries in ref["components"].items():
        for name, value in entries.items():
            path = f"#/components/{kind}/{name}"
            if path in LATER_REVISION:
                continue
            ours = spec["components"][kind][name]
            _compare(value, ours, path, LATER_REVISION, differences)
            # 004 drops schema-level examples but keeps every other key: ours
            # must not have keys at places where 004 has none.
            if isinstance(value, dict):
                extra = set(ours) - set(value) - {"example", "examples"}
                assert not extra, f"{path}: {sorted(extra)}"
    assert differences == []


def test_message_summary_has_the_properties_seed_003_lists(spec: dict[str, Any]) -> None:
    text = (SEEDS / "003_77f7c21230735b2a.txt").read_text(encoding="utf-8")
    structure = json.loads(text[text.index("{", text.index("Raw")) :])
    summary = spec["components"]["schemas"]["MessageSummary"]
    assert list(summary["properties"]) == list(structure["properties"])
    assert len(summary["properties"]) == 23
    assert summary["required"] == structure["required"]
    assert len(summary["required"]) == 19


@pytest.mark.parametrize("path", [SPEC])
def test_pyyaml_safe_load_reads_the_spec(path: Path) -> None:
    with path.open(encoding="utf-8") as handle:
        assert yaml.safe_load(handle)["openapi"] == "3.1.0"
