"""Build one mkdocs project and print what the benchmark cannot see from outside, as JSON.

`make bench` runs this in a fresh process per build, so that each build pays its own imports and
its peak memory is its own: `ru_maxrss` of this process (the Python build, threads included)
leaves out the search indexer and the other child processes, whose peaks the benchmark reads
from /proc while they run (`bench.compare.ChildPeaks`). Nothing here starts a thread: a build
forks copies of itself only while it has a single thread (generator/parallel.py), so a thread
of the benchmark's would make it do that work on one core.

    python -m bench.build_site PROJECT_ROOT
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    root = Path((argv or sys.argv[1:])[0]).resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(root)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    build(config)
    report = getattr(config.plugins.get("honor-roll"), "search_report", None)
    result = {
        # Linux reports kilobytes; RUSAGE_SELF excludes child processes (the indexer).
        "python_peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "indexer_seconds": report.seconds if report else None,
        "indexer_waited": report.waited if report else None,
        "indexer_reused": report.reused if report else None,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
