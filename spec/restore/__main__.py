"""python -m spec.restore SEED OUT [--tables ahasend_v2|none]

Restore a flattened OpenAPI document. The tables (lost-HTML patches and
overrides) are the AhaSend v2 seed's by default; `--tables none` restores
another document by the rules alone.

Exit codes: 0 restored, 1 the document cannot be restored (the message names
the line; add an override for it), 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .ahasend_v2 import HTML_PATCHES, OVERRIDES
from .restore import restore_text
from .search import RestoreError


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec.restore", description=__doc__)
    parser.add_argument("seed", type=Path, help="the flattened document")
    parser.add_argument("out", type=Path, help="where to write the restored YAML")
    parser.add_argument("--tables", choices=("ahasend_v2", "none"), default="ahasend_v2")
    args = parser.parse_args(argv)
    tables = args.tables == "ahasend_v2"
    try:
        seed_text = args.seed.read_text(encoding="utf-8")
        text = restore_text(
            seed_text,
            patches=HTML_PATCHES if tables else (),
            overrides=OVERRIDES if tables else (),
        )
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.seed}: cannot read: {exc}", file=sys.stderr)
        return 2
    except RestoreError as exc:
        print(f"{args.seed}: {exc}", file=sys.stderr)
        return 1
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)  # never leave a half-written spec behind
    print(f"{args.out}: restored {len(text.splitlines())} lines from {args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
