"""Import runtime modules straight from templates/runtime/ for testing.

The runtime modules are written to live inside the generated ``ahasend`` package
and import their siblings relatively (``from ._exceptions import ...``). Here
they are loaded as submodules of a synthetic package, ``ahasend_runtime``,
whose ``__path__`` is templates/runtime/, so those relative imports resolve to
the template files themselves and nothing needs generating first.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from pathlib import Path

PACKAGE = "ahasend_runtime"
RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"

_lock = threading.Lock()


def _package() -> types.ModuleType:
    with _lock:
        package = sys.modules.get(PACKAGE)
        if package is None:
            package = types.ModuleType(PACKAGE, "templates/runtime as a package")
            package.__path__ = [str(RUNTIME_DIR)]
            package.__package__ = PACKAGE
            sys.modules[PACKAGE] = package
        return package


def runtime(name: str) -> types.ModuleType:
    """The runtime module ``name`` (e.g. ``"_retry"``), imported once and cached."""
    if not (RUNTIME_DIR / f"{name}.py").is_file():
        raise ModuleNotFoundError(f"no runtime module {name!r} in {RUNTIME_DIR}")
    _package()
    return importlib.import_module(f"{PACKAGE}.{name}")
