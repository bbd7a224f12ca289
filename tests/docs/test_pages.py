"""The generated docs cover the whole client and hold together as a site."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import black
import pytest

from tests.docs.pages import Page, table_rows

# What the generated package itself says it offers (not what the docs say).
_SURFACE = """
import inspect, json, ahasend, ahasend.scopes, ahasend.types
params = inspect.signature(ahasend.AhaSend.__init__).parameters
print(json.dumps({
    "methods": sorted(ahasend.scopes.SCOPES_BY_METHOD),
    "types": sorted(ahasend.types.__all__),
    "options": {n: repr(p.default) for n, p in params.items() if n != "self"},
}))
"""


@pytest.fixture(scope="module")
def surface(generated: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", _SURFACE], capture_output=True, text=True,
                            env={"PYTHONPATH": str(generated / "src")}, timeout=120)
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


@pytest.fixture(scope="module")
def pages(generated: Path) -> dict[str, Page]:
    files = [generated / "README.md", *sorted((generated / "docs").glob("*.md"))]
    return {path.relative_to(generated).as_posix(): Page.read(path) for path in files}


def test_every_method_has_a_section_with_signature_scopes_and_example(
    surface: dict[str, list[str]], pages: dict[str, Page]
) -> None:
    for method in surface["methods"]:
        resource, name = method.split(".")
        page = pages.get(f"docs/{resource}.md")
        assert page is not None, f"{method}: no docs/{resource}.md"
        assert (2, name) in page.headings(), f"{method}: no '## {name}' in {page.path}"
        signatures = [b for b in page.blocks if b.text.startswith(f"client.{method}(")]
        assert len(signatures) == 1, f"{method}: {len(signatures)} signature blocks"
        examples = [b for b in page.blocks if f"client.{method}(" in b.text
                    and not b.text.startswith("client.")]
        assert examples, f"{method}: no example call in {page.path}"
    documented = {f"{path[5:-3]}.{text}" for path, page in pages.items()
                  if path.startswith("docs/") for level, text in page.headings() if level == 2}
    documented = {d for d in documented if d.split(".")[0] not in ("models", "scopes")}
    assert documented == set(surface["methods"])


def test_every_model_and_enum_is_documented_once(surface: dict[str, list[str]],
                                                 pages: dict[str, Page]) -> None:
    headings = [text for level, text in pages["docs/models.md"].headings() if level in (2, 3)]
    for name in surface["types"]:
        assert headings.count(name) == 1, f"{name}: documented {headings.count(name)} times"
    elsewhere = [(path, text) for path, page in pages.items() if path != "docs/models.md"
                 for _, text in page.headings() if text in surface["types"]]
    assert not elsewhere


def test_every_internal_link_resolves(pages: dict[str, Page], generated: Path) -> None:
    broken = []
    checked = 0
    for path, page in pages.items():
        for line, target in page.links():
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            file_part, _, anchor = target.partition("#")
            resolved = (generated / path).parent / unquote(file_part) if file_part \
                else generated / path
            resolved = resolved.resolve()
            key = resolved.relative_to(generated.resolve()).as_posix() \
                if resolved.is_relative_to(generated.resolve()) else str(resolved)
            checked += 1
            if not resolved.exists():
                broken.append(f"{path}:{line}: {target} (no file {key})")
            elif anchor and (key not in pages or anchor not in pages[key].anchors()):
                broken.append(f"{path}:{line}: {target} (no heading with that anchor)")
    assert not broken, "\n".join(broken)
    assert checked > 500  # the scopes, models and method tables link densely


def test_the_configuration_table_lists_every_client_option_with_its_default(
    surface: dict[str, dict[str, str]], pages: dict[str, Page]
) -> None:
    rows = table_rows(pages["README.md"], "| Argument |")
    documented = {row[0].strip("`"): row[2] for row in rows}
    assert set(documented) == set(surface["options"])
    for name, default in surface["options"].items():
        if default != "None":  # None means "from the environment, else built in"
            assert documented[name] == f"`{default}`", f"{name}: the client's default is {default}"


def test_the_readme_links_every_reference_page(pages: dict[str, Page]) -> None:
    linked = {target for _, target in pages["README.md"].links()}
    for path in pages:
        if path.startswith("docs/"):
            assert path in linked, f"the README does not link {path}"


def test_every_python_block_is_valid_and_example_calls_are_black_formatted(
    pages: dict[str, Page],
) -> None:
    for path, page in pages.items():
        for block in page.blocks:
            if block.language != "python":
                continue
            text = block.text
            if text.startswith("client."):  # a signature: it must parse as a def's header
                text = re.sub(r"^client\.\w+\.(\w+)\(", r"def \1(", text).rstrip() + ": ...\n"
            compile(text, f"{path}:{block.line}", "exec")
            if path.startswith("docs/") and not block.text.startswith("client."):
                assert black.format_str(block.text, mode=black.Mode()) == block.text, \
                    f"{path}:{block.line}"
