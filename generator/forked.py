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

import collections
import contextlib
import os
import pickle
import signal
import struct
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["JOBS_ENV", "Forked", "Worker", "can_fork"]

JOBS_ENV = "AHASEND_CODEGEN_JOBS"
BACKGROUND_NICENESS = 10
A = TypeVar("A")
T = TypeVar("T")


def can_fork() -> bool:
    if not hasattr(os, "fork") or os.environ.get(JOBS_ENV, "").strip() == "1":
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1


def _lower_priority() -> None:
    """Let the processes on the critical path have the cores first (both are busy at the
    start of a run): for children whose result is wanted only later."""
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)


class Forked(Generic[T]):
    """`work()` started now in a child process; `result()` waits for its value.
    A `background` child runs at a lower priority than this process."""

    def __init__(self, work: Callable[[], T], *, background: bool = False) -> None:
        self._work = work
        self._pid = 0
        self._read = -1
        if can_fork():
            self._start(background)

    def _start(self, background: bool) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            os.close(read)
            status = 1
            try:
                if background:
                    _lower_priority()
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


class Worker(Generic[A, T]):
    """A child forked now that runs `prepare()` at once (say, a slow import), then
    answers each `submit(arg)` with `work(arg)`, so the preparing happens beside
    whatever this process does meanwhile and never in it, and so does the work
    until `result()` is asked for.

    Where fork is unavailable (see `can_fork`), or the child fails in any way,
    `work` runs here instead, as `Forked` does. A `background` worker runs at a
    lower priority than this process.
    """

    def __init__(self, prepare: Callable[[], object], work: Callable[[A], T], *,
                 background: bool = False) -> None:
        self._work = work
        self._pid = 0
        self._to_child = self._from_child = -1
        self._pending: collections.deque[A] = collections.deque()  # submitted, unanswered
        if can_fork():
            self._start(prepare, background)

    def _start(self, prepare: Callable[[], object], background: bool) -> None:
        requests, to_child = os.pipe()
        from_child, replies = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: serves until this process says stop
            os.close(to_child)
            os.close(from_child)
            status = 1
            try:
                if background:
                    _lower_priority()
                prepare()
                while request := _receive(requests):  # empty: `close` says stop
                    _send(replies, self._work(pickle.loads(request)))
                status = 0
            finally:
                os._exit(status)
        os.close(requests)
        os.close(replies)
        self._pid, self._to_child, self._from_child = pid, to_child, from_child

    def submit(self, arg: A) -> None:
        """Hand `arg` to the child; `result()` gives what became of it."""
        self._pending.append(arg)
        if self._pid:
            try:
                _send(self._to_child, arg)
            except OSError:  # the child is gone
                self.cancel()

    def result(self) -> T:
        """`work` of the earliest argument submitted and not yet answered."""
        arg = self._pending.popleft()
        if self._pid:
            try:
                reply = _receive(self._from_child)
                if reply is not None:
                    value: T = pickle.loads(reply)
                    return value
            except Exception:  # a broken pipe or a reply that does not unpickle
                pass
            self.cancel()  # the child failed: it is not asked again
        return self._work(arg)

    def call(self, arg: A) -> T:
        self.submit(arg)
        return self.result()

    def close(self) -> None:
        """Stop the child and collect it: by a message if it has nothing left to answer
        (closing the pipe would not do: other children forked since hold copies of
        this end, so the child would see no end), else by a signal. Answers not yet
        taken are dropped."""
        self._stop(kill=bool(self._pending))
        self._pending.clear()

    def cancel(self) -> None:
        """Stop the child wherever it is."""
        self._stop(kill=True)

    def _stop(self, *, kill: bool) -> None:
        if self._pid:
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
            else:
                with contextlib.suppress(OSError):
                    os.write(self._to_child, _LENGTH.pack(0))
            os.close(self._to_child)
            os.close(self._from_child)
            os.waitpid(self._pid, 0)
            self._pid = 0


_LENGTH = struct.Struct(">Q")


def _send(fd: int, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> bytes | None:
    """One message, or None at end of file (or if the message was cut short)."""
    header = _read_exactly(fd, _LENGTH.size)
    if header is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(header)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
