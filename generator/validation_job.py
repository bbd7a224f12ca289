"""Validation beside the rest of the run: from the cache, else on the second core.

Validation is the second most expensive part of a cold run, and its result
depends only on the document (its bytes and its path, which the diagnostics
name), the validators' versions and the generator's code. So the result is
cached under a hash of those; on a miss the validation runs in a forked child
while this process builds and renders (this process only imports the
validators if it has to validate by itself), and there `validate.py` looks
each piece of the document up in the cache, validating only those that
changed.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from .cache import Cache, digest
from .diagnostics import Diagnostic
from .fingerprint import code_fingerprint
from .forked import Forked

if TYPE_CHECKING:
    from .document import Document

__all__ = ["ValidationJob", "validate_together"]

NAMESPACE = "validate"
Outcome = tuple[list[Diagnostic], float]  # (problems, seconds spent validating)


class ValidationJob:
    """The validation of one document: looked up now, computed in a child that
    `validate_together` starts, or here when the result is asked for."""

    def __init__(self, document: Document, cache: Cache) -> None:
        self.cache = cache
        self.document = document
        self.key = digest(NAMESPACE, document.sha256, document.file, code_fingerprint())
        cached = cache.get(NAMESPACE, self.key)
        self._known = None if cached is None else _decode(cached)
        self._batch: tuple[_Batch, int] | None = None  # set by `validate_together`

    def result(self) -> Outcome:
        """The problems found and the seconds the validator ran (0 for a cache hit)."""
        if self._known is not None:
            return self._known, 0.0
        if self._batch:
            batch, index = self._batch
            problems, seconds = batch.outcome(index)
        else:
            problems, seconds = _validate(self.document, self.cache)
        self.cache.put(NAMESPACE, self.key, _encode(problems))
        self._known = problems
        return problems, seconds

    def cancel(self) -> None:
        if self._batch is not None and self._known is None:
            self._batch[0].cancel()


def validate_together(jobs: list[ValidationJob]) -> None:
    """Start the jobs that missed the cache in one forked child, one after another: each
    child would import the validators again (about 0.3 s), more than a small document
    takes to validate."""
    pending = [job for job in jobs if job._known is None and job._batch is None]
    if pending:
        batch = _Batch(pending)
        for index, job in enumerate(pending):
            job._batch = (batch, index)


class _Batch:
    """The outcomes of several jobs, computed in one child and taken once."""

    def __init__(self, jobs: list[ValidationJob]) -> None:
        # Its result is wanted at the end of the run: building and rendering go first.
        self._child = Forked(lambda: [_validate(job.document, job.cache) for job in jobs],
                             background=True)
        self._outcomes: list[Outcome] | None = None

    def outcome(self, index: int) -> Outcome:
        if self._outcomes is None:
            self._outcomes = self._child.result()
        return self._outcomes[index]

    def cancel(self) -> None:
        if self._outcomes is None:
            self._child.cancel()


def _validate(document: Document, cache: Cache) -> Outcome:
    from .validate import validate_document  # imported where it runs: maybe only the child

    started = time.perf_counter()
    problems = validate_document(document, cache)
    return problems, time.perf_counter() - started


def _encode(problems: list[Diagnostic]) -> str:
    return json.dumps([p.to_json() for p in problems], sort_keys=True)


def _decode(text: str) -> list[Diagnostic] | None:
    try:
        return [Diagnostic.from_json(item) for item in json.loads(text)]
    except (ValueError, TypeError, KeyError):
        return None
