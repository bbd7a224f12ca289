"""The stages in order: load → normalise → validate → overlay → build → render → format
→ write.

Each stage takes the previous one's output (validation runs in a child beside
the later stages, and its errors win over theirs). Problems are collected as
Diagnostics; errors stop the run before anything is written.
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import __version__
from .cache import Cache
from .config import Config, load_config
from .diagnostics import Diagnostic, Severity, SpecError
from .fingerprint import code_fingerprint
from .forked import Forked
from .format_job import Formatter
from .freshness import RunRecord, find_unchanged, run_key, save_record
from .template_files import TEMPLATES
from .validation_job import ValidationJob, validate_together
from .write import MANIFEST, manifest_text

# The stages themselves are imported where they run: `generate --check` on an
# unchanged tree needs none of them, and the validator may run in a child only.
if TYPE_CHECKING:
    from .diff import Report
    from .document import Document
    from .ir import Api

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


@dataclass
class Checking:
    """A document loaded and normalised, its validation under way."""

    document: Document
    validation: ValidationJob


Loaded = tuple["Document", list[Diagnostic], dict[str, float]]  # normalised, warnings, timings


def load_and_normalise(spec: Path) -> Loaded:
    """The spec loaded and normalised, with the fixes' warnings and the time each took."""
    from .load import load_document
    from .normalise import normalise

    run = Run()
    raw = run.timed("load", lambda: load_document(spec))
    fixed, warnings = run.timed("normalise", lambda: normalise(raw))
    return fixed, warnings, run.timings


def begin_check(spec: Path, run: Run, cache: Cache, *, background: bool = False,
                loaded: Loaded | None = None) -> Checking:
    """Load and normalise (unless `loaded` already did); if `background`, prepare to
    validate in a child, which `validate_together` starts for all documents at once
    (else the validation runs here when `end_check` asks for it)."""
    fixed, warnings, timings = loaded or load_and_normalise(spec)
    for stage, seconds in timings.items():
        run.timings[stage] = run.timings.get(stage, 0.0) + seconds
    run.diagnostics.extend(warnings)
    if background:
        # The document lives for the whole run (`generate_files` unfreezes): the
        # collector's full passes need not walk its nodes again and again, here or
        # in the children (a third of the time on a spec 10x AhaSend's size).
        gc.freeze()
    return Checking(fixed, ValidationJob(fixed, cache))


def end_check(checking: Checking, run: Run) -> Document:
    """Wait for the validation; raise SpecError if errors remain."""
    problems, seconds = run.timed("validate_wait", checking.validation.result)
    run.timings["validate"] = run.timings.get("validate", 0.0) + seconds
    run.diagnostics.extend(problems)
    if run.errors:
        raise SpecError(run.errors)
    return checking.document


def check_document(spec: Path, run: Run, cache: Cache | None = None) -> Document:
    """Load, validate and normalise; raise SpecError if errors remain."""
    return end_check(begin_check(spec, run, cache or Cache(None)), run)


def generate_files(
    spec: Path, config_path: Path, run: Run, out: Path | None = None,
    cache: Cache | None = None,
) -> tuple[Api, dict[str, str]]:
    """The whole plan, `{relative path: text}`, manifest included.

    ``out`` is the tree being replaced: its CHANGELOG.md gets an entry for what
    changed since its normalised spec (None: a first run). ``cache`` keeps
    validation results, formatted modules and a record of this run for
    `find_unchanged_output` (none: nothing is reused or kept).
    """
    cache = cache or Cache(None)
    config = run.timed("config", lambda: load_config(config_path))
    formatter = Formatter(cache)
    formatter.start()  # black is imported in the formatter's worker, beside all that follows
    try:
        key, (api, files) = _checked_plan(spec, config_path, config, run, out, cache, formatter)
    except BaseException:
        formatter.close(failed=True)
        raise
    formatter.close()
    manifest_sha256 = hashlib.sha256(files[MANIFEST].encode()).hexdigest()
    record = RunRecord(manifest_sha256, tuple(run.diagnostics), len(api.operations),
                       len(api.models), len(api.enums), len(files))
    save_record(cache, key, record)
    return api, files


def _checked_plan(spec: Path, config_path: Path, config: Config, run: Run, out: Path | None,
                  cache: Cache, formatter: Formatter
                  ) -> tuple[str | None, tuple[Api, dict[str, str]]]:
    """The run's key for `save_record` and the plan, once the documents validated."""
    specs = [spec, *([config.webhooks_spec] if config.webhooks_spec else [])]
    # Loading the documents (in a child) and importing the later stages (here) need
    # nothing from each other: both take a while, so they run side by side.
    loading = Forked(lambda: _load_all(specs))
    preloaded: list[Loaded | None]
    try:
        key = run_key(spec, config_path) if cache.root else None
        run.timed("import", _import_stages)
        preloaded = loading.result()
    finally:
        loading.cancel()
    checks: list[Checking] = []
    try:
        checks.append(begin_check(spec, run, cache, background=True, loaded=preloaded[0]))
        try:
            if config.webhooks_spec:
                checks.append(begin_check(config.webhooks_spec, run, cache, background=True,
                                          loaded=preloaded[1]))
            validate_together([c.validation for c in checks])  # one child imports the validators
            hooks = [c.document for c in checks[1:]]
            plan = _plan(checks[0].document, hooks, config, run, out, cache, formatter)
        except Exception:
            # Build and render assume a valid spec: if it is not, its diagnostics
            # explain the failure better than the failure itself.
            _settle(checks, run)
            raise
        _settle(checks, run)
    finally:
        gc.unfreeze()
        for checking in checks:
            checking.validation.cancel()
    return key, plan


def find_unchanged_output(spec: Path, config_path: Path, out: Path,
                          cache: Cache) -> RunRecord | None:
    """The record of an earlier run with these exact inputs, if `out` is still what it wrote."""
    return find_unchanged(cache, run_key(spec, config_path), out)


def _load_all(specs: Sequence[Path]) -> list[Loaded | None]:
    """`load_and_normalise` of each spec, or None for one with a problem: it is then
    loaded again where `begin_check` would have loaded it, so the error surfaces exactly
    as before. The garbage collector is off meanwhile: loading makes a few hundred
    thousand objects and keeps them, so its passes (a sixth of the loading time, in a
    child that inherits every module imported so far) would free next to nothing;
    what they could free is collected once it is on again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        loaded: list[Loaded | None] = []
        for spec in specs:
            try:
                loaded.append(load_and_normalise(spec))
            except SpecError:
                loaded.append(None)
        return loaded
    finally:
        if enabled:
            gc.enable()


def normalised_text(document: Document) -> str:
    """The normalised spec as it is kept beside the client (`NORMALISED_SPEC`)."""
    return json.dumps(document.data, indent=1, ensure_ascii=False) + "\n"


def _import_stages() -> None:
    """Import what `_plan` runs (Jinja among it: a visible part of a run; black is the
    formatter's worker's)."""
    from . import build, changelog, render, views  # noqa: F401


def _settle(checks: list[Checking], run: Run) -> None:
    for checking in checks:
        end_check(checking, run)


def _plan(document: Document, hooks: list[Document], config: Config, run: Run,
          out: Path | None, cache: Cache, formatter: Formatter
          ) -> tuple[Api, dict[str, str]]:
    """Build, render and format."""
    from .changelog import CHANGELOG, changelog_for, start_previous
    from .overlay import apply_overlays

    # What is built and kept is the validated spec with codegen.toml's overlays; its
    # JSON text is made on the second core meanwhile, as is the previous client's IR
    # the changelog compares with (unless the cache has it).
    document = apply_overlays(document, config.overlays)
    normalised = Forked(lambda: normalised_text(document))
    previous = None
    try:
        previous = start_previous(out, NORMALISED_SPEC, config, hooks, cache)
        from .build import build_api
        from .render import render_api
        from .views import RenderError

        api = run.timed("build", lambda: build_api(document, config, hooks))
        gc.freeze()  # the IR too lives until the end: only the rendering's garbage is new
        try:
            files = run.timed("render", lambda: render_api(
                api, TEMPLATES, config=config, formatter=formatter,
                bytecode_dir=_bytecode_dir(cache)))
        except RenderError as error:
            raise SpecError([_render_problem(document, error)]) from None
        run.timings["render"] -= formatter.seconds
        run.timings["format"] = run.timings.get("format", 0.0) + formatter.seconds
        files[NORMALISED_SPEC] = normalised.result()
        files[CHANGELOG] = run.timed("changelog", lambda: changelog_for(
            out, NORMALISED_SPEC, files[NORMALISED_SPEC], api, config, hooks, previous, cache))
    finally:
        normalised.cancel()  # a no-op once its result was taken
        if previous is not None:
            previous.cancel()
    files[MANIFEST] = manifest_text(files, api.spec_sha256, __version__)
    return api, files


def _bytecode_dir(cache: Cache) -> Path | None:
    """Where the compiled templates are kept: in the cache, per generator fingerprint
    (which covers Jinja's version and the environment's options in render.py)."""
    return cache.root / "jinja" / code_fingerprint()[:16] if cache.root else None


def _render_problem(document: Document, error: Exception) -> Diagnostic:
    """A spec that builds but cannot be laid out as safe Python is an input error too."""
    pointer = getattr(error, "pointer", None) or ""
    return document.diagnostic(Severity.ERROR, "R001", str(error), pointer,
                               "rename or simplify what the message names in the spec")


def diff_specs(old: Path, new: Path, config_path: Path, cache: Cache | None = None) -> Report:
    """Both specs checked and built with the same config, then compared (see `diff.py`).

    The old spec is built in a forked child meanwhile (validation is most of
    the time; ``cache`` keeps its results). Input errors raise one SpecError
    with the diagnostics of both.
    """
    from .build import build_api
    from .diff import diff_apis
    from .overlay import apply_overlays

    config = load_config(config_path)

    def build(spec: Path) -> Api:
        document = apply_overlays(check_document(spec, Run(), cache), config.overlays)
        return build_api(document, config)

    earlier = Forked(lambda: build(old))
    try:
        later = build(new)
    except SpecError as error:
        try:
            earlier.result()
        except SpecError as old_error:
            raise SpecError([*old_error.diagnostics, *error.diagnostics]) from None
        raise
    except BaseException:
        earlier.cancel()
        raise
    return diff_apis(earlier.result(), later)
