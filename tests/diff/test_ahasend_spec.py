"""`ahasend-codegen diff` on the restored AhaSend spec against an edited copy of itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.build import build_api
from generator.cli import main
from generator.config import load_config
from generator.diff import Report, diff_apis
from generator.diff_report import format_report
from generator.load import load_document, load_text
from generator.normalise import normalise
from generator.pipeline import Run, check_document, diff_specs

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "ahasend-openapi-v2.yaml"
CONFIG = ROOT / "spec" / "codegen.toml"


def _operation(data: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, item in data["paths"].items():
        for method, node in item.items():
            if isinstance(node, dict) and node.get("operationId") == operation_id:
                return path, method, node
    raise KeyError(operation_id)


def _edit(data: dict[str, Any]) -> None:
    """A handful of edits a spec update could bring, one of each kind."""
    data["info"]["version"] = "2.1.0"
    path, method, _ = _operation(data, "cancelMessage")
    del data["paths"][path][method]
    _operation(data, "getMessages")[2]["parameters"].append(
        {"name": "campaign", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Filter by campaign"})
    schemas = data["components"]["schemas"]
    schemas["CreateSingleMessageResponse"]["properties"]["status"]["enum"].append("archived")
    schemas["CreateAPIKeyRequest"]["properties"]["label"]["maxLength"] = 100
    # `attachments` has no maxItems to lower; giving it one narrows it the same way.
    schemas["CreateMessageRequest"]["properties"]["attachments"]["maxItems"] = 50
    _operation(data, "getDomains")[2]["description"] = "Lists the domains of the account."


@pytest.fixture(scope="module")
def edited_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = load_document(SPEC).data
    _edit(data)
    path = tmp_path_factory.mktemp("diff") / "edited.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def diff(old: Path, new: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["diff", str(old), str(new), "--config", str(CONFIG),
                                     *options], catch_exceptions=False)


EXPECTED_TEXT = """\
API changes: AhaSend API v2 2.0.0 -> 2.1.0

Breaking (3):
  - `client.messages.cancel` was removed  [operation-removed]
  - keyword `label` of `client.api_keys.create`: maxLength lowered from 255 to 100  \
[input-constraint-narrowed]
  - keyword `attachments` of `client.messages.create`: maxItems 50 added  \
[input-constraint-narrowed]

Compatible (2):
  - `client.messages.list` gained optional keyword `campaign`  [optional-input-added]
  - enum `CreateSingleMessageResponseStatus` gained value `archived`  [enum-value-added]

Docs only (1):
  - `client.domains.list`: description changed  [operation-docs-changed]

Note: info.version went from 2.0.0 to 2.1.0, but these changes need a major version bump.
Version bump needed: major (3 breaking, 2 compatible, 1 docs-only); next version 3.0.0.
"""

EXPECTED_MARKDOWN = """\
### API changes: AhaSend API v2 2.0.0 -> 2.1.0

| kind | change | rule |
| --- | --- | --- |
| breaking | `client.messages.cancel` was removed | `operation-removed` |
| breaking | keyword `label` of `client.api_keys.create`: maxLength lowered from 255 to 100 \
| `input-constraint-narrowed` |
| breaking | keyword `attachments` of `client.messages.create`: maxItems 50 added \
| `input-constraint-narrowed` |
| compatible | `client.messages.list` gained optional keyword `campaign` \
| `optional-input-added` |
| compatible | enum `CreateSingleMessageResponseStatus` gained value `archived` \
| `enum-value-added` |
| docs-only | `client.domains.list`: description changed | `operation-docs-changed` |

Note: info.version went from 2.0.0 to 2.1.0, but these changes need a major version bump.

**Version bump needed: major (3 breaking, 2 compatible, 1 docs-only); next version 3.0.0.**
"""


@pytest.fixture(scope="module")
def report(edited_spec: Path) -> Report:
    return diff_specs(SPEC, edited_spec, CONFIG)


def test_text_report_lists_each_edit_in_client_terms(report: Report) -> None:
    assert format_report(report, "text") == EXPECTED_TEXT


def test_markdown_report_is_a_table_for_a_pull_request(report: Report) -> None:
    assert format_report(report, "markdown") == EXPECTED_MARKDOWN


def test_json_report_follows_the_documented_schema(report: Report) -> None:
    document = json.loads(format_report(report, "json"))
    assert list(document) == ["schema", "old", "new", "bump", "next_version", "declared_bump",
                              "counts", "changes"]
    assert document["schema"] == "ahasend-codegen.diff/1"
    assert document["old"] == {"title": "AhaSend API v2", "version": "2.0.0"}
    assert document["new"] == {"title": "AhaSend API v2", "version": "2.1.0"}
    assert (document["bump"], document["next_version"], document["declared_bump"]) == (
        "major", "3.0.0", "minor")
    assert document["counts"] == {"breaking": 3, "compatible": 2, "docs-only": 1}
    assert document["changes"][0] == {
        "kind": "breaking", "rule": "operation-removed", "subject": "client.messages.cancel",
        "message": "`client.messages.cancel` was removed"}
    assert [c["subject"] for c in document["changes"][1:]] == [
        "client.api_keys.create(label)", "client.messages.create(attachments)",
        "client.messages.list(campaign)", "CreateSingleMessageResponseStatus",
        "client.domains.list"]


def test_the_command_prints_the_report_and_exits_1_for_breaking_changes(
    edited_spec: Path,
) -> None:
    result = diff(SPEC, edited_spec)
    assert result.stdout == EXPECTED_TEXT
    assert result.exit_code == 1


def test_the_spec_against_itself_reports_nothing_and_exits_0() -> None:
    result = diff(SPEC, SPEC)
    assert result.stdout == ("API changes: AhaSend API v2 2.0.0 -> 2.0.0\n\n"
                             "Version bump needed: none (no changes for users of the client).\n")
    assert result.exit_code == 0


def test_the_kept_normalised_spec_builds_the_same_client_as_the_yaml_it_came_from() -> None:
    config = load_config(CONFIG)
    from_yaml = check_document(SPEC, Run())
    kept = json.dumps(from_yaml.data, indent=1)
    from_json, _ = normalise(load_text(kept, "openapi.normalised.json"))
    report = diff_apis(build_api(from_yaml, config), build_api(from_json, config))
    assert report.changes == ()
