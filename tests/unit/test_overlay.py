"""codegen.toml [[overlays]]: read and checked with the config, merged into a copy
of the spec before building, and refused with file:line when they don't fit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.diagnostics import SpecError
from generator.load import Document, load_document
from generator.overlay import apply_overlays

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "T", "version": "1"},
    "paths": {},
    "components": {"schemas": {
        "Send": {"type": "object", "properties": {
            "to": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
            "who": {"$ref": "#/components/schemas/Send"},
            "pick": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        }},
    }},
}
TO = "/components/schemas/Send/properties/to"


def document(tmp_path: Path) -> Document:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    return load_document(path)


def properties(doc: Document) -> Any:
    data: Any = doc.data
    return data["components"]["schemas"]["Send"]["properties"]


def config_with(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "codegen.toml"
    path.write_text("\n".join(entries) + "\n[package]\nrevision = 0\n", encoding="utf-8")
    return path


def entry(pointer: str = TO, set_: str = "{ maxItems = 100 }", source: str = "guide") -> str:
    return f'[[overlays]]\npointer = "{pointer}"\nset = {set_}\nsource = "{source}"\n'


def test_an_overlay_adds_its_keywords_to_a_copy_of_the_spec(tmp_path: Path) -> None:
    doc = document(tmp_path)
    config = load_config(config_with(tmp_path, entry()))
    merged = apply_overlays(doc, config.overlays)
    assert properties(merged)["to"] == {
        "type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 100}
    assert doc.data == SPEC  # the loaded document is untouched
    assert merged.sha256 == doc.sha256 and merged.positions is doc.positions


def test_overlays_reach_into_lists_and_may_repeat_what_the_spec_says(tmp_path: Path) -> None:
    doc = document(tmp_path)
    pick = "/components/schemas/Send/properties/pick/anyOf/0"
    config = load_config(config_with(
        tmp_path, entry(pick, "{ maxLength = 3 }"),
        entry("/components/schemas/Send/properties/tags", "{ maxItems = 5 }")))
    merged = apply_overlays(doc, config.overlays)
    assert properties(merged)["pick"]["anyOf"] == [
        {"type": "string", "maxLength": 3}, {"type": "integer"}]
    assert properties(merged)["tags"]["maxItems"] == 5


@pytest.mark.parametrize(("pointer", "set_", "message"), [
    ("/components/schemas/Nope", "{ maxItems = 1 }", "nothing at #/components/schemas/Nope"),
    ("/components/schemas/Send/properties/pick/anyOf/7", "{ maxLength = 1 }", "nothing at"),
    ("/components/schemas/Send/properties/who", "{ maxItems = 1 }", "is only a $ref"),
    ("/components/schemas/Send/properties/pick/anyOf", "{ maxItems = 1 }", "is a list"),
    ("/components/schemas/Send/properties/tags", "{ maxItems = 10 }",
     "overlay sets maxItems = 10 but the spec says 5"),
])
def test_an_overlay_that_does_not_fit_the_spec_is_an_error_at_its_entry(
    tmp_path: Path, pointer: str, set_: str, message: str
) -> None:
    path = config_with(tmp_path, entry(), entry(pointer, set_))
    with pytest.raises(SpecError) as caught:
        apply_overlays(document(tmp_path), load_config(path).overlays)
    (problem,) = caught.value.diagnostics
    text = problem.format()
    assert message in text and f"(#{pointer})" in text and "hint:" in text
    assert text.startswith(f"{path.as_posix()}:6:1: error[C002]")  # the second [[overlays]]


@pytest.mark.parametrize(("body", "message"), [
    (entry(set_="{ type = 'string' }"), "overlays[1].set.type: is not a constraint an overlay may"),
    (entry(set_="{ maxItems = 'ten' }"), "overlays[1].set.maxItems: must be a int, not 'ten'"),
    (entry(set_="{ uniqueItems = 1 }"), "overlays[1].set.uniqueItems: must be a bool"),
    (entry(set_="{ maxItems = true }"), "overlays[1].set.maxItems: must be a int, not True"),
    (entry(set_="{}"), "overlays[1].set: is missing or empty"),
    (entry(source=" "), "overlays[1].source: is missing"),
    (entry(pointer="components/x"), "is not a JSON pointer into the spec"),
    (entry() + 'why = "x"\n', "overlays[1].why: unknown key"),
    ("overlays = 3\n", "overlays: must be an array of tables"),
])
def test_a_malformed_overlay_is_a_config_error_with_its_line(
    tmp_path: Path, body: str, message: str
) -> None:
    path = config_with(tmp_path, body)
    with pytest.raises(SpecError) as caught:
        load_config(path)
    texts = [d.format() for d in caught.value.diagnostics]
    assert any(message in text and text.startswith(f"{path.as_posix()}:") for text in texts), texts
    if body.startswith("[[overlays]]"):
        assert all(text.startswith(f"{path.as_posix()}:1:1: error[C001]") for text in texts)


def test_the_committed_config_caps_create_message_recipients_at_100() -> None:
    root = Path(__file__).resolve().parents[2]
    (overlay,) = load_config(root / "spec" / "codegen.toml").overlays
    assert overlay.keywords == {"maxItems": 100} and "100 recipients" in overlay.source
    spec = json.loads((root / "generated" / "openapi.normalised.json").read_text("utf-8"))
    recipients = spec["components"]["schemas"]["CreateMessageRequest"]["properties"]["recipients"]
    assert recipients["maxItems"] == 100  # what Prism serves in the contract tests
