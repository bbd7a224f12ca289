"""The generated client, and a Prism mock server serving the spec it came from.

The client is imported from `generated/src` (or from `$AHASEND_CLIENT_SRC`, to
check a client rendered elsewhere). Prism serves `openapi.normalised.json`, the
spec as the generator read it after its named fixes, not the raw YAML: the raw
spec's CreateConversationMessageRequest lists `recipients` as required without
defining it (fix N003), so Prism answers 400 to every valid conversation
message. (Prism does tolerate the raw spec's OpenAPI 3.0 `nullable`, which N001
rewrites, so that defect alone would not need the normalised spec.)
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.contract.prism import ROOT, prism_server
from tests.contract.samples import Spec

CLIENT_SRC = Path(os.environ.get("AHASEND_CLIENT_SRC", ROOT / "generated" / "src"))
NORMALISED_SPEC = CLIENT_SRC.parent / "openapi.normalised.json"
API_KEY = "aha-sk-contract-0123456789abcdefghijklmnop"
ACCOUNT_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


@pytest.fixture(scope="session")
def ahasend() -> Iterator[ModuleType]:
    """The generated `ahasend` package, imported from CLIENT_SRC."""
    sys.path.insert(0, str(CLIENT_SRC))
    try:
        module = importlib.import_module("ahasend")
        assert Path(module.__file__ or "").is_relative_to(CLIENT_SRC), module.__file__
        yield module
    finally:
        sys.path.remove(str(CLIENT_SRC))


@pytest.fixture(scope="session")
def spec() -> Spec:
    return Spec(json.loads(NORMALISED_SPEC.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """Base URL of a Prism mock (request validation on) serving the normalised spec."""
    with prism_server(NORMALISED_SPEC) as url:
        yield url
