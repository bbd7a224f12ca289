"""Install the built wheel into a fresh venv and call the Prism mock with it.

    python -m tests.packaging.smoke_dist DIST_DIR SPEC

`make dist` runs this after `python -m build` and `twine check`: it proves the
wheel installs with its declared dependencies alone, imports as the installed
package (not the source tree), ships `py.typed`, and sends requests the mock
server accepts (ping, and one create that carries a body).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from tests.contract.prism import prism_server

# Runs inside the fresh venv, from an empty directory, with only these variables set.
SMOKE = """
import asyncio, pathlib, ahasend

location = pathlib.Path(ahasend.__file__).parent
assert "site-packages" in location.parts, f"imported from {location}, not the wheel"
assert (location / "py.typed").exists(), "py.typed is missing from the wheel"
assert ahasend.__version__ == EXPECTED_VERSION, ahasend.__version__

client = ahasend.AhaSend()
print("ping:", client.utility.ping())
created = client.messages.create(
    from_={"email": "hello@example.com"}, recipients=[{"email": "user@example.com"}],
    subject="Smoke test", text_content="Sent by tests/packaging/smoke_dist.py",
)
print("create:", type(created).__name__)


async def ping() -> None:
    async with ahasend.AsyncAhaSend() as client:
        print("async ping:", await client.utility.ping())


asyncio.run(ping())
"""
ACCOUNT_ID = "00000000-0000-0000-0000-000000000001"


def main(dist: Path, spec: Path) -> None:
    wheels = sorted(dist.glob("*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"{dist}: expected one wheel, found {[w.name for w in wheels]}; "
                         "run `make dist` (it empties the directory first)")
    wheel = wheels[0]
    version = wheel.name.split("-")[1]
    with tempfile.TemporaryDirectory(prefix="ahasend-smoke-") as tmp:
        python = _fresh_venv(Path(tmp) / "venv")
        _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp)
        with prism_server(spec) as base_url:
            env = {"PATH": "/usr/bin:/bin", "AHASEND_BASE_URL": base_url,
                   "AHASEND_API_KEY": "aha-sk-smoke", "AHASEND_ACCOUNT_ID": ACCOUNT_ID}
            code = f"EXPECTED_VERSION = {version!r}\n{SMOKE}"
            _run([str(python), "-c", code], cwd=tmp, env=env)
    print(f"smoke test passed: {wheel.name} installs, imports and calls the mock server")


def _fresh_venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    return where / "bin" / "python"


def _run(command: list[str], *, cwd: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=300)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"smoke test failed: {' '.join(command[:3])} ... exited "
                         f"{result.returncode}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())  # the venv runs elsewhere
