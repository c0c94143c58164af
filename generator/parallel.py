"""Work shared with a second core through a forked copy of this process.

Most of a build is pure Python (reading and checking records, rendering pages, writing open
data) and holds the interpreter lock, so threads cannot share it. A forked copy starts with
everything it needs already in memory (no start-up, nothing sent to it) and sends back only its
result, pickled through a pipe:

- `Forked(function)` computes `function()` in a copy while this process goes on, until
  `result()` (open data, feeds and fact sheets are written this way while pages are rendered);
- `split_map(function, items)` computes the second half of the items in a copy and the first
  half here (reading and checking records: 11 s of a build on one core at 10,000 records).

Forking is safe only in a process with a single thread (a lock held by another thread would stay
locked in the copy forever): with other threads running (`mkdocs serve`), on one core, or
without `os.fork`, the work is simply done here. If the copy fails in any way, its work is done
again here, so an error surfaces in this process with its usual message.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a fork costs more than it saves.
MINIMUM = 400


class Forked(Generic[R]):
    """`function()`, computed in a forked copy of this process when that is safe.

    `function` must not print, and its result must pickle; what it writes to files stays
    written. `result()` waits for the copy (or, if there is none or it failed, calls
    `function()` here); `cancel()` stops the copy.
    """

    def __init__(self, function: Callable[[], R], fork: bool = True) -> None:
        self.function = function
        self._pid: int | None = None
        self._pipe: int | None = None
        if not (fork and _can_fork()):
            return
        read_end, write_end = os.pipe()
        # Objects made so far are left out of the copy's garbage collections: a collection
        # writes into every object it visits, and each page written is a page copied.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the copy: compute, send, leave without cleaning up
            status = 1
            try:
                os.close(read_end)
                result = function()
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(result, pipe, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        gc.unfreeze()
        os.close(write_end)
        self._pid, self._pipe = pid, read_end

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def result(self) -> R:
        if self._pid is None:
            return self.function()
        pid, pipe = self._pid, self._pipe
        self._pid = self._pipe = None
        result, received = None, False
        try:
            with os.fdopen(pipe, "rb") as handle:
                result, received = pickle.load(handle), True
        except (EOFError, pickle.UnpicklingError):
            pass  # the copy failed: done again below
        finally:
            if not received:  # do not leave it running
                _kill(pid)
            _, status = os.waitpid(pid, 0)
        if not received or os.waitstatus_to_exitcode(status) != 0:
            return self.function()
        return result  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the copy (the build failed); `result()` would now compute here."""
        if self._pid is not None:
            _kill(self._pid)
            os.waitpid(self._pid, 0)
            os.close(self._pipe)  # type: ignore[arg-type]
            self._pid = self._pipe = None


def split_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[function(x) for x in items]`, the second half computed in a forked copy when it pays.

    `function` must not write files or print: the copy's side effects are lost, only its return
    values come back (they must pickle)."""
    half = len(items) // 2
    copy = Forked(lambda: [function(x) for x in items[half:]], fork=len(items) >= MINIMUM)
    if not copy.forked:
        return [function(item) for item in items]
    try:
        first = [function(item) for item in items[:half]]
    except BaseException:
        copy.cancel()
        raise
    return first + copy.result()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _can_fork() -> bool:
    return hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
