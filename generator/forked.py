"""Run a function on the second core: in a forked child process, result by pipe.

Threads would not help: validation and black are pure-Python CPU work that
holds the GIL. A forked child inherits everything already in memory (the
document, imported modules), so only the result crosses the pipe. Where fork
is unavailable, only one core is usable, or `AHASEND_CODEGEN_JOBS=1`, the
function runs in this process when its result is asked for. If the child fails
in any way, the function runs again here, so errors surface exactly as they
would without the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["JOBS_ENV", "Forked", "can_fork"]

JOBS_ENV = "AHASEND_CODEGEN_JOBS"
T = TypeVar("T")


def can_fork() -> bool:
    if not hasattr(os, "fork") or os.environ.get(JOBS_ENV, "").strip() == "1":
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1


class Forked(Generic[T]):
    """`work()` started now in a child process; `result()` waits for its value."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._pid = 0
        self._read = -1
        if can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read)
            status = 1
            try:
                payload = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as stream:
                    stream.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    @property
    def pid(self) -> int:
        """The child's process id while it has one to collect; 0 otherwise."""
        return self._pid

    def result(self) -> T:
        if not self._pid:
            return self._work()
        with os.fdopen(self._read, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status == 0:
            try:
                value: T = pickle.loads(payload)
                return value
            except Exception:  # a result that does not unpickle: compute it here
                pass
        return self._work()

    def cancel(self) -> None:
        """Stop the child if it is still running (the caller gave up on the result)."""
        if not self._pid:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.close(self._read)
        os.waitpid(self._pid, 0)
        self._pid = 0
