"""The re-indenter on small flattened documents: each rule, and its failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from spec.restore.ahasend_v2 import HtmlPatch
from spec.restore.restore import restore_text
from spec.restore.search import Override, RestoreError
from tests.spec.conftest import ROOT

HEAD = "openapi: 3.1.0\ninfo:\ntitle: T\nversion: '1'\npaths: {}\ncomponents:\nschemas:\n"


def restore(body: str, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("overrides", ())
    loaded = yaml.safe_load(restore_text(HEAD + body, patches=(), **kwargs))
    assert isinstance(loaded, dict)
    return loaded


def schemas(body: str) -> dict[str, Any]:
    result = restore(body)["components"]["schemas"]
    assert isinstance(result, dict)
    return result


def test_property_named_required_is_a_property_and_the_list_is_the_schemas() -> None:
    got = schemas(
        "DNSRecord:\ntype: object\nproperties:\ntype:\ntype: string\nrequired:\n"
        "type: boolean\nrequired:\n- type\n- required\n"
    )
    assert got["DNSRecord"] == {
        "type": "object",
        "properties": {"type": {"type": "string"}, "required": {"type": "boolean"}},
        "required": ["type", "required"],
    }


def test_names_in_the_style_of_component_names_start_a_new_schema() -> None:
    got = schemas(
        "A:\ntype: object\nproperties:\nname:\ntype: string\n"
        "B:\ntype: object\nproperties:\nid:\ntype: string\n"
    )
    assert list(got) == ["A", "B"]
    assert list(got["A"]["properties"]) == ["name"]


def test_annotations_after_items_describe_the_array() -> None:
    got = schemas(
        "A:\ntype: object\nproperties:\ntags:\ntype: array\nitems:\ntype: string\n"
        "minItems: 1\ndescription: Tags\n"
    )
    assert got["A"]["properties"]["tags"] == {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "description": "Tags",
    }


def test_example_keys_end_where_the_schema_has_no_such_property() -> None:
    got = schemas(
        "Address:\ntype: object\nproperties:\nemail:\ntype: string\nname:\ntype: string\n"
        "example:\nemail: a@example.com\nname: A\n"
        "Other:\ntype: object\nproperties:\nfrom:\n$ref: '#/components/schemas/Address'\n"
        "example:\nfrom:\nemail: b@example.com\nname: B\n"
    )
    assert got["Address"]["example"] == {"email": "a@example.com", "name": "A"}
    assert got["Other"]["example"] == {"from": {"email": "b@example.com", "name": "B"}}
    assert "example" not in got["Other"]["properties"]["from"]


def test_block_scalar_keeps_text_that_looks_like_yaml_and_ends_at_a_real_key() -> None:
    doc = restore(
        "E:\ntype: string\ndescription: |\nFirst line\n- `true`: looks like an item\n"
        "## Heading\nenum: [a]\n"
    )
    schema = doc["components"]["schemas"]["E"]
    assert schema["description"] == "First line\n- `true`: looks like an item\n## Heading\n"
    assert schema["enum"] == ["a"]


def test_a_line_that_fits_nowhere_is_an_error_naming_it() -> None:
    with pytest.raises(RestoreError, match=r"line 10: 'this is not yaml'"):
        restore("A:\ntype: string\nthis is not yaml\n")


def test_override_whose_line_changed_is_an_error_not_a_silent_misplacement() -> None:
    override = Override(9, "type: integer", "Schema", "test")
    with pytest.raises(RestoreError, match="override expects 'type: integer'"):
        restore("A:\ntype: string\n", overrides=(override,))


def test_override_moves_a_line_to_the_named_kind() -> None:
    body = "P:\ntype: object\nproperties:\nx:\ntype: string\ndescription: d\n"
    assert "description" in schemas(body)["P"]["properties"]["x"]
    override = Override(13, "description: d", "Schema", "test")
    # Only Schema frames qualify; the deepest one is still preferred.
    got = restore(body, overrides=(override,))["components"]["schemas"]["P"]
    assert got["properties"]["x"]["description"] == "d"


def test_html_patch_must_match_the_seed() -> None:
    patch = HtmlPatch(1, ("nope",), ("openapi: 3.1.0",), "test")
    with pytest.raises(RestoreError, match="HTML patch expects"):
        restore_text(HEAD, patches=(patch,))


def run_cli(tmp_path: Path, seed_text: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    out = tmp_path / "out.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "spec.restore", str(seed), str(out), "--tables", "none"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    return run, out


def test_cli_writes_the_restored_file(tmp_path: Path) -> None:
    run, out = run_cli(tmp_path, HEAD + "A:\ntype: string\n")
    assert run.returncode == 0, run.stderr
    assert yaml.safe_load(out.read_text())["components"]["schemas"]["A"] == {"type": "string"}


def test_cli_on_an_unrestorable_document_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    run, out = run_cli(tmp_path, HEAD + "A:\nnot yaml at all\n")
    assert run.returncode == 1
    assert "line 9: 'not yaml at all'" in run.stderr
    assert not out.exists()
