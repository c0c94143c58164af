"""When the honor roll's data changed: the "last updated" date of exports, feeds and reports,
and when each record reached the site (the dates of its feed entries).

They come from the data, never from the build clock, so that building the same commit twice
gives the same files: the date of the last git commit that touched the records or the
vocabularies, or, when there is no git history (a source tarball, a copy), the newest date
written in the records themselves.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from . import git
from .project import Layout
from .records import Record

# Lào Cai's clock (Indochina Time, no daylight saving): dates are the province's calendar dates.
VIETNAM = timezone(timedelta(hours=7), "ICT")
log = logging.getLogger("mkdocs.plugins.honor_roll")


def last_updated(layout: Layout, records: Iterable[Record]) -> datetime:
    """The moment the published data last changed, in Vietnam time (see the module docstring)."""
    committed = _last_commit(layout)
    if committed is not None:
        return committed
    return at_midnight(newest_date(records) or date(2025, 1, 1))


@dataclass(frozen=True)
class RecordDates:
    """When a record's file first reached the branch, and when it last changed there."""

    first: datetime
    last: datetime


# Where the last build's commit dates are kept, to read only newer commits next time.
DATES_CACHE = "record-dates.json"


def record_dates(layout: Layout) -> dict[str, RecordDates]:
    """Commit dates of each record file, by slug, in Vietnam time; empty without the whole
    history (no git, or a shallow clone, where one commit would seem to add every record)."""
    if git.is_shallow(layout.root):
        return {}
    cache = layout.cache_path / DATES_CACHE
    known = None
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept["folder"] == layout.records_dir:
            dates = {k: (v[0], v[1]) for k, v in kept["dates"].items()}
            known = git.FileDates(kept["head"], dates)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # none yet, or unreadable: the whole history is read
    found = git.file_dates(layout.records_path, known)
    if found.head and found != known:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            kept = {"folder": layout.records_dir, "head": found.head, "dates": found.dates}
            temporary.write_text(json.dumps(kept), encoding="utf-8")
            os.replace(temporary, cache)
        except OSError:
            pass  # a read-only checkout: read the whole history again next time
    return {
        path.removesuffix("/index.md"): RecordDates(_vietnam(first), _vietnam(last))
        for path, (first, last) in found.dates.items()
        if path.count("/") == 1 and path.endswith("/index.md")
    }


def _vietnam(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, UTC).astimezone(VIETNAM)


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
    if git.is_shallow(layout.root):
        # A shallow clone would date the data by whatever commit was checked out, changing the
        # published files with every code commit: use the dates in the records instead.
        log.warning(
            "Kho git chỉ có lịch sử rút gọn (shallow clone): ngày cập nhật dữ liệu lấy theo ngày "
            "mới nhất ghi trong hồ sơ. Để dùng ngày của commit, lấy đủ lịch sử (fetch-depth: 0)."
        )
        return None
    stamp = git.last_commit_epoch(layout.root, layout.records_dir, layout.data_dir)
    if stamp is None:
        return None  # no git, not a repository, or these folders were never committed
    return _vietnam(stamp)
