"""Per-record work shared with a second core: half of the records in a forked copy of this process.

Reading and checking a record is pure Python (YAML with the line of every key, the JSON Schema,
the plan's rules, the text checks) and holds the interpreter lock, so threads cannot share it; at
10,000 records it was 11 s of a build on one core while the other waited. `split_map` forks once:
the copy works on the second half of the items with everything it needs already in memory (no
start-up, nothing sent to it) and sends back only its results, pickled through a pipe, while this
process works on the first half.

Forking is safe only in a process with a single thread (a lock held by another thread would stay
locked in the copy forever): with other threads running (`mkdocs serve`), on one core, without
`os.fork`, or for a few records, the work is simply done here. If the copy fails in any way, its
half is done again here, so an error surfaces in this process with its usual message.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a fork costs more than it saves.
MINIMUM = 400


def split_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[function(x) for x in items]`, the second half computed in a forked copy when it pays.

    `function` must not write files or print: the copy's side effects are lost, only its return
    values come back (they must pickle)."""
    if not _can_fork(len(items)):
        return [function(item) for item in items]
    half = len(items) // 2
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: compute the second half, send it, leave without cleaning up
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump([function(x) for x in items[half:]], pipe, pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    second = None
    try:
        with os.fdopen(read_end, "rb") as pipe:
            first = [function(item) for item in items[:half]]
            second = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        pass  # the copy failed: its half is done again below
    finally:
        if second is None:  # an error here, or in the copy: do not leave it running
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if second is None or os.waitstatus_to_exitcode(status) != 0:
        second = [function(item) for item in items[half:]]
    return first + second


def _can_fork(count: int) -> bool:
    return (
        count >= MINIMUM and hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1
    )


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
