"""python -m spec.restore SEED OUT: restore a flattened OpenAPI document.

Exit codes: 0 restored, 1 the document cannot be restored (the message names
the line; extend the override table in ahasend_v2.py), 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .restore import restore_text
from .search import RestoreError


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m spec.restore SEED OUT", file=sys.stderr)
        return 2
    seed, out = Path(argv[0]), Path(argv[1])
    try:
        text = restore_text(seed.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"{seed}: cannot read: {exc.strerror}", file=sys.stderr)
        return 2
    except RestoreError as exc:
        print(f"{seed}: {exc}", file=sys.stderr)
        return 1
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)  # never leave a half-written spec behind
    print(f"{out}: restored {len(text.splitlines())} lines from {seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
