"""The client's types hold for real code: the typed usage example passes
`mypy --strict` (and misuse is caught), and the example runs against Prism."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.contract.conftest import ACCOUNT_ID, API_KEY, CLIENT_SRC
from tests.contract.prism import ROOT

EXAMPLE = Path(__file__).with_name("typed_usage_example.py")
# Kept between runs: analysing the generated package again from scratch takes ~15 s.
MYPY_CACHE = ROOT / ".mypy_cache" / "typed-usage"
# Each line must be a type error; the comment names the error code mypy gives.
MISUSE = '''\
from ahasend import AhaSend
from ahasend.types import MessageSummary

client = AhaSend()
sender = {"email": "a@example.com"}
client.messages.create(from_=sender, recipients=[], subject=1)  # arg-type
client.messages.create(from_=sender, recipients=[], subject="s", reply_to=None)  # arg-type
client.messages.create(recipients=[], subject="s")  # call-arg
client.messages.get()  # call-arg
client.messages.get("m", account="a")  # call-arg
summary: MessageSummary = client.messages.list().data[0]
summary.no_such_field  # attr-defined
client.messages.send  # attr-defined
'''


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    """mypy --strict on the example and the misuse file, in one run."""
    work = tmp_path_factory.mktemp("typed")
    misuse = work / "misuse.py"
    misuse.write_text(MISUSE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--show-error-codes", "--no-color-output",
         "--cache-dir", str(MYPY_CACHE), str(EXAMPLE), str(misuse)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "MYPYPATH": str(CLIENT_SRC)},
    )
    return result.stdout + result.stderr


def test_the_typed_usage_example_passes_mypy_strict(mypy_output: str) -> None:
    about_example = [line for line in mypy_output.splitlines() if EXAMPLE.name in line]
    assert not about_example, "\n".join(about_example)


def test_mypy_catches_each_misuse_of_the_client(mypy_output: str) -> None:
    found = {(int(m[1]), m[2]) for m in re.finditer(r"misuse\.py:(\d+): error: .*\[([\w-]+)\]",
                                                      mypy_output)}
    expected = {(number, line.rsplit("# ", 1)[1])
                for number, line in enumerate(MISUSE.splitlines(), start=1) if "  # " in line}
    assert expected <= found, mypy_output


def test_the_typed_usage_example_runs_against_prism(ahasend: ModuleType, prism_url: str) -> None:
    spec = importlib.util.spec_from_file_location("typed_usage_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    example.main(prism_url, API_KEY, ACCOUNT_ID)
