"""Property: whatever the document, a run ends in a client whose Python compiles or in
diagnostics that say what and where; never in an unhandled exception.

`make test` runs FUZZ_EXAMPLES examples per source, derandomized so CI is
reproducible; `make fuzz` runs many more from fresh random seeds
(AHASEND_FUZZ_EXAMPLES, AHASEND_ADVERSARIAL_FULL).
"""

from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from generator.load import JsonObject
from tests.adversarial.conftest import no_network
from tests.adversarial.fuzz import (
    ahasend_slices,
    as_json,
    assert_client_or_diagnostic,
    fast_pipeline,
    generate_from,
    mutate,
    small_specs,
)

FUZZ_EXAMPLES = int(os.environ.get("AHASEND_FUZZ_EXAMPLES", "500"))
FULL = os.environ.get("AHASEND_ADVERSARIAL_FULL") == "1"
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=not FULL,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One directory for every example (each overwrites its spec), offline, fast pipeline."""
    with tempfile.TemporaryDirectory() as directory, no_network() as log, fast_pipeline():
        yield Path(directory)
        assert log.read_text(encoding="utf-8") == "", "the generator tried to connect"


def test_every_ahasend_slice_generates_a_client(scratch: Path) -> None:
    """The mutation baseline: unmutated, each slice is a working spec."""
    for document in ahasend_slices():
        outcome = generate_from(document, scratch)
        assert assert_client_or_diagnostic(outcome, "spec.yaml") == "client", outcome


@FUZZ
@given(data=st.data())
def test_mutated_ahasend_spec_gives_a_client_or_a_diagnostic(scratch: Path,
                                                             data: st.DataObject) -> None:
    document: JsonObject = copy.deepcopy(data.draw(st.sampled_from(ahasend_slices())))
    for _ in range(data.draw(st.integers(1, 3))):
        note(mutate(document, data.draw))
    note(as_json(document))
    event(assert_client_or_diagnostic(generate_from(document, scratch), "spec.yaml"))


@FUZZ
@given(document=small_specs())
def test_generated_spec_gives_a_client_or_a_diagnostic(scratch: Path,
                                                       document: JsonObject) -> None:
    note(as_json(document))
    event(assert_client_or_diagnostic(generate_from(document, scratch), "spec.yaml"))
