"""Not only AhaSend: a small 3.0 spec with other names generates a working client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "tests" / "fixtures" / "library"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("library") / "generated"
    result = CliRunner().invoke(main, [
        "generate", "--spec", str(LIBRARY / "openapi.yaml"),
        "--config", str(LIBRARY / "codegen.toml"), "--out", str(out),
    ], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def run_python(src: Path, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=src, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_library_client_imports_and_has_its_resources(library: Path) -> None:
    out = run_python(library / "src", (
        "import inspect, library_client as lc\n"
        "c = lc.Library(api_key='k', base_url='http://127.0.0.1:1')\n"
        "print(sorted(n for n in dir(c.shelf_books) if not n.startswith('_')))\n"
        "print(sorted(n for n in dir(c.categories) if not n.startswith('_')))\n"
        "from library_client.types import Category, Book\n"
        "tree = Category.model_validate({'categoryId': 1, 'label': 'root',\n"
        "    'children': [{'categoryId': 2, 'label': 'leaf', 'children': []}]})\n"
        "print(type(tree.children[0]).__name__)\n"
        "b = Book.model_validate({'isbn': '1234567890', 'title': 't', 'status': 'lost',\n"
        "    'class': 'A', 'subTitle': None})\n"
        "print(b.class_, b.sub_title)\n"
    ))
    resources, categories, child, book = out.splitlines()
    assert "add" in resources and "list" in resources
    assert "fetch_tree" in categories or "fetch_category_tree" in categories
    assert child == "Category"
    assert book == "A None"


def test_library_client_passes_mypy_strict(library: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "src/library_client"],
                          cwd=library, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
