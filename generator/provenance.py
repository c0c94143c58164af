"""When the honor roll's data last changed: the "last updated" date of exports, feeds and reports.

It comes from the data, never from the build clock, so that building the same commit twice gives
the same files: the date of the last git commit that touched the records or the vocabularies,
or, when there is no git history (a source tarball, a copy), the newest date written in the
records themselves.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone

from .project import Layout
from .records import Record

# Lào Cai's clock (Indochina Time, no daylight saving): dates are the province's calendar dates.
VIETNAM = timezone(timedelta(hours=7), "ICT")


def last_updated(layout: Layout, records: Iterable[Record]) -> datetime:
    """The moment the published data last changed, in Vietnam time (see the module docstring)."""
    committed = _last_commit(layout)
    if committed is not None:
        return committed
    return at_midnight(newest_date(records) or date(2025, 1, 1))


def newest_date(records: Iterable[Record]) -> date | None:
    """The newest date written in any of the records: recognitions, awards, coverage."""
    dates = [
        d
        for r in records
        for d in (
            [x.date for x in r.recognitions]
            + [a.date for a in r.awards]
            + [m.date for m in r.media]
        )
    ]
    return max(dates, default=None)


def at_midnight(day: date) -> datetime:
    """A calendar date as the start of that day in Vietnam."""
    return datetime.combine(day, time(0), VIETNAM)


def _last_commit(layout: Layout) -> datetime | None:
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(layout.root),
                "log",
                "-1",
                "--format=%ct",
                "--",
                layout.records_dir,
                layout.data_dir,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine
    stamp = result.stdout.strip()
    if result.returncode != 0 or not stamp.isdigit():
        return None  # not a repository, or these folders were never committed
    return datetime.fromtimestamp(int(stamp), UTC).astimezone(VIETNAM)
