"""Build one mkdocs project and print what the benchmark cannot see from outside, as JSON.

`make bench` runs this in a fresh process per build, so that each build pays its own imports and
its peak memory is its own: `ru_maxrss` of this process (the Python build, threads included)
leaves out the search indexer, a child process. The indexer's own peak is read from /proc while
it runs (VmHWM): a child's `ru_maxrss` would start from the size of the Python process that
forked it.

    python -m bench.build_site PROJECT_ROOT
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
from pathlib import Path


class ChildPeaks:
    """Peak resident memory (VmHWM) of this process's child processes, polled while they run:
    the search indexers (Pagefind, one process per index, which run at once: their peaks are
    added up) apart from the Python helpers (photo workers, the forked copy that writes open
    data, whose pages are mostly shared with the build until it writes: the largest)."""

    def __init__(self, interval: float = 0.05) -> None:
        self.helpers = 0
        self._indexers: dict[str, int] = {}  # peak by process id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, args=(interval,), daemon=True)
        self._thread.start()

    def _poll(self, interval: float) -> None:
        # /proc/self/task/<thread>/children lists the children each thread started: a few
        # small files, where scanning all of /proc 20 times a second would cost a core.
        while not self._stop.wait(interval):
            for pid in self._children():
                try:
                    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
                        status = handle.read()
                except OSError:
                    continue  # gone meanwhile
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                try:
                    peak = int(fields["VmHWM"].split()[0]) * 1024
                except (KeyError, IndexError, ValueError):
                    continue
                if fields.get("Name", "").strip().startswith("pagefind"):
                    self._indexers[pid] = max(self._indexers.get(pid, 0), peak)
                else:
                    self.helpers = max(self.helpers, peak)

    @staticmethod
    def _children() -> list[str]:
        pids = []
        for task in os.scandir("/proc/self/task"):
            try:
                with open(f"{task.path}/children", encoding="ascii") as handle:
                    pids += handle.read().split()
            except OSError:
                continue
        return pids

    @property
    def indexer(self) -> int:
        return sum(self._indexers.values())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    root = Path((argv or sys.argv[1:])[0]).resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(root)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    children = ChildPeaks()
    build(config)
    children.stop()
    report = getattr(config.plugins.get("honor-roll"), "search_report", None)
    result = {
        # Linux reports kilobytes; RUSAGE_SELF excludes child processes (the indexer).
        "python_peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "indexer_peak_bytes": children.indexer if report else None,
        "helpers_peak_bytes": children.helpers,
        "indexer_seconds": report.seconds if report else None,
        "indexer_waited": report.waited if report else None,
        "indexer_reused": report.reused if report else None,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
