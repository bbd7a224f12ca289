from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "spec" / "seeds"
SPEC = ROOT / "spec" / "ahasend-openapi-v2.yaml"
SEED_000 = SEEDS / "000_8b1bdf0cfcdad069.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def spec(spec_text: str) -> dict[str, Any]:
    loaded = yaml.safe_load(spec_text)
    assert isinstance(loaded, dict)
    return loaded
