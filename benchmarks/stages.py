"""One generator run in this process, printing where its time went as JSON.

    python benchmarks/stages.py SPEC CONFIG OUT

The cache is whatever AHASEND_CODEGEN_CACHE names. `validate` is the time the
validator ran (in a child process, beside the other stages), `validate_wait`
the time this process then still waited for it.
"""

from __future__ import annotations

import json
import sys
import time

started = time.perf_counter()

from pathlib import Path  # noqa: E402 - the imports are part of what is measured

from generator.cache import default_cache  # noqa: E402
from generator.pipeline import Run, generate_files  # noqa: E402
from generator.write import write_tree  # noqa: E402


def main(spec: Path, config: Path, out: Path) -> dict[str, float]:
    run = Run()
    run.timings["startup"] = time.perf_counter() - started
    _, files = generate_files(spec, config, run, out, default_cache())
    run.timed("write", lambda: write_tree(out, files))
    run.timings["total"] = time.perf_counter() - started
    return dict(run.timings)


if __name__ == "__main__":
    print(json.dumps(main(*(Path(arg) for arg in sys.argv[1:4]))))
