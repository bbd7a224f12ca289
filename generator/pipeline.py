"""The stages in order: load → validate → normalise → build → render.

Each stage takes the previous one's output. Problems are collected as
Diagnostics; errors stop the run before anything is written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import __version__
from .build import build_api
from .config import load_config
from .diagnostics import Diagnostic, Severity, SpecError
from .ir import Api
from .load import Document, load_document
from .normalise import normalise
from .render import render_api
from .validate import validate_document
from .write import MANIFEST, manifest_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The normalised spec the client was generated from, kept beside it: the mock
# server serves it in contract tests, and `diff` compares against it.
NORMALISED_SPEC = "openapi.normalised.json"
T = TypeVar("T")


@dataclass
class Run:
    """What one run found and made, with the time each stage took."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def timed(self, stage: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return work()
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def check_document(spec: Path, run: Run) -> Document:
    """Load, validate and normalise; raise SpecError if errors remain."""
    raw = run.timed("load", lambda: load_document(spec))
    fixed, warnings = run.timed("normalise", lambda: normalise(raw))
    run.diagnostics.extend(warnings)
    problems = run.timed("validate", lambda: validate_document(fixed))
    run.diagnostics.extend(problems)
    if run.errors:
        raise SpecError(run.errors)
    return fixed


def generate_files(spec: Path, config_path: Path, run: Run) -> tuple[Api, dict[str, str]]:
    """The whole plan, `{relative path: text}`, manifest included."""
    config = run.timed("config", lambda: load_config(config_path))
    document = check_document(spec, run)
    api = run.timed("build", lambda: build_api(document, config))
    files = run.timed("render", lambda: render_api(api, TEMPLATES, config=config))
    files[NORMALISED_SPEC] = json.dumps(document.data, indent=1, ensure_ascii=False) + "\n"
    files[MANIFEST] = manifest_text(files, api.spec_sha256, __version__)
    return api, files
