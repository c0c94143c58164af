"""Atom feeds of the newest recognitions: one for the whole roll, one per field.

Each recognition is an entry (a grassroots recognition and a later provincial one are two pieces
of news), dated by its decision or, when the record reached the site later, by its arrival
(`dates`), with the exemplar's summary, portrait and profile link. Built from the catalog, so a
withdrawn record leaves every feed. The feed's own `updated` is the data's date
(`provenance.last_updated`) or its newest entry's, never the build's, so rebuilding changes
nothing.

Atom (RFC 4287) rather than RSS: dates and content types are specified exactly, and every feed
reader reads it. The portrait is given the way readers show thumbnails: an `enclosure` link and
a Media RSS `media:thumbnail`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup

from .catalog import profile_url
from .exports import LICENCE, SAMPLE_NOTICE, OpenData
from .provenance import RecordDates, at_midnight
from .records import Recognition, Record
from .vietnamese import format_date

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
MAIN_FEED = "feed.xml"
LIMIT = 50  # entries per feed: enough for a reader that checks weekly

ET.register_namespace("", ATOM)
ET.register_namespace("media", MEDIA)


@dataclass(frozen=True)
class Feed:
    url: str  # site-relative, e.g. "linh-vuc/education/feed.xml"
    title: str
    subtitle: str
    page: str  # the HTML page it follows, site-relative
    records: list[Record]  # whose recognitions it may carry; `render()` picks the newest


def field_feed_url(field: str) -> str:
    return f"linh-vuc/{field}/{MAIN_FEED}"


def dates(
    record: Record, recognition: Recognition, committed: Mapping[str, RecordDates]
) -> tuple[datetime, datetime]:
    """An entry's `published` and `updated`.

    Published: the day of the decision or, when the record reached the site later (registered
    months after it was recognized), the moment it did, so that it is news when it appears.
    Updated: the last commit that changed its file (a correction, but also a reformatting), if
    later. Without git history (a copy, a shallow clone) both are the day of the decision.
    A recognition added to a record already on the site is dated by its decision: the history
    says when the file changed, not which recognition the change added.
    """
    decided = at_midnight(recognition.date)
    # A renamed record's file was first committed under its old name (an alias).
    known = [committed[slug] for slug in (record.slug, *record.aliases) if slug in committed]
    if not known:
        return decided, decided
    published = max(decided, min(d.first for d in known))
    return published, max(published, *(d.last for d in known))


Entry = tuple[Record, Recognition, datetime, datetime]  # with its `dates()`


def newest(records: list[Record], committed: Mapping[str, RecordDates]) -> list[Entry]:
    """Every recognition of these records with its dates, newest first by publication (ties:
    the later decision, provincial first, then slug)."""
    items = [
        (record, r, *dates(record, r, committed)) for record in records for r in record.recognitions
    ]
    items.sort(key=lambda i: (i[2], i[1].date, i[1].level == "provincial", i[0].slug), reverse=True)
    return items[:LIMIT]


def feeds(data: OpenData, site_name: str) -> list[Feed]:
    """Every feed of the site; what their entries are is decided when each is rendered, since
    that needs the git history (the open data page lists the feeds without it)."""
    catalog = data.catalog
    result = [
        Feed(
            MAIN_FEED,
            f"{site_name}: mới được công nhận, ghi danh",
            "Các tập thể, cá nhân điển hình tiên tiến mới được công nhận, ghi danh.",
            "",
            catalog.records,
        )
    ]
    for listing in catalog.dimension("linh-vuc").listings:
        assert listing.key is not None
        result.append(
            Feed(
                field_feed_url(listing.key),
                f"{site_name}: {listing.title}",
                f"Điển hình tiên tiến mới được công nhận, ghi danh trong lĩnh vực {listing.title}.",
                listing.url,
                listing.records,
            )
        )
    return result


def entry_id(data: OpenData, record: Record, recognition: Recognition) -> str:
    """Stable per recognition: the profile's address and the recognition's level and date."""
    return (
        f"{data.url(profile_url(record.slug))}#cong-nhan-{recognition.level}-"
        f"{recognition.date.isoformat()}"
    )


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def render(feed: Feed, data: OpenData, site_name: str) -> bytes:
    """The Atom document of one feed, as UTF-8 bytes."""
    a = lambda tag: f"{{{ATOM}}}{tag}"  # noqa: E731
    root = ET.Element(a("feed"), {"xml:lang": "vi"})
    _sub(root, a("id"), data.url(feed.url))
    _sub(root, a("title"), feed.title)
    _sub(root, a("subtitle"), feed.subtitle)
    # Never older than an entry (a record can be committed after the data's last date, when that
    # came from the records' own dates).
    items = newest(feed.records, data.record_dates)
    _sub(root, a("updated"), max([data.updated, *(updated for *_, updated in items)]).isoformat())
    _sub(root, a("link"), rel="self", type="application/atom+xml", href=data.url(feed.url))
    _sub(root, a("link"), rel="alternate", type="text/html", href=data.url(feed.page))
    author = _sub(root, a("author"))
    _sub(author, a("name"), site_name)
    _sub(author, a("uri"), data.url(""))
    _sub(root, a("rights"), f"{LICENCE.name}. {LICENCE.statement(site_name)}")
    for item in items:
        root.append(_entry(item, data))
    ET.indent(root)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
    return (text + "\n").encode("utf-8")


def _entry(item: Entry, data: OpenData) -> ET.Element:
    record, recognition, published, updated = item
    a = lambda tag: f"{{{ATOM}}}{tag}"  # noqa: E731
    v = data.vocab
    url = data.url(profile_url(record.slug))
    entry = ET.Element(a("entry"))
    _sub(entry, a("id"), entry_id(data, record, recognition))
    # A feed reader shows an entry alone: a sample must say so where it is read first.
    sample = "[Dữ liệu mẫu] " if record.sample else ""
    _sub(entry, a("title"), f"{sample}{record.name}: {v.levels[recognition.level].get('badge')}")
    _sub(entry, a("published"), published.isoformat())
    _sub(entry, a("updated"), updated.isoformat())
    _sub(entry, a("link"), rel="alternate", type="text/html", href=url)
    _sub(
        entry,
        a("category"),
        term=record.field,
        label=v.fields.label(record.field),
        scheme=data.url("linh-vuc/"),
    )
    _sub(
        entry,
        a("summary"),
        f"{SAMPLE_NOTICE} {record.summary}" if record.sample else record.summary,
    )
    portrait = data.published(record.portrait)
    image = (
        Markup("<p><strong>{}</strong></p>").format(SAMPLE_NOTICE) if record.sample else Markup("")
    )
    if portrait is not None and record.portrait is not None:
        largest = portrait.largest
        href = data.url(largest.url)
        _sub(entry, a("link"), rel="enclosure", type="image/jpeg", href=href)
        _sub(
            entry,
            f"{{{MEDIA}}}thumbnail",
            url=href,
            width=str(largest.width),
            height=str(largest.height),
        )
        image += Markup('<p><img src="{}" alt="{}" width="{}" height="{}"><br>Ảnh: {}</p>').format(
            href, record.portrait.alt, largest.width, largest.height, record.portrait.credit
        )
    html = image + Markup(
        "<p>{}</p><p>Được công nhận, ghi danh {} theo quyết định số {} ngày {} của {}.</p>"
        '<p>{} · {} · {}</p><p><a href="{}">Xem hồ sơ</a></p>'
    ).format(
        record.summary,
        v.levels[recognition.level].get("badge", "").lower(),
        recognition.decision,
        format_date(recognition.date),
        recognition.issued_by,
        v.kinds.label(record.kind),
        v.fields.label(record.field),
        v.communes.label(record.commune),
        url,
    )
    _sub(entry, a("content"), str(html), type="html")
    return entry


def write(data: OpenData, site_dir: Path, site_name: str) -> list[Path]:
    written = []
    for feed in feeds(data, site_name):
        path = site_dir / feed.url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(feed, data, site_name))
        written.append(path)
    return written
