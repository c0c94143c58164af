"""Atom feeds: checked against the structure RFC 4287 requires, and against the records."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from helpers import TODAY, VALID_RECORD, make_repo
from sample_records import public, raw_records, withdrawn

from generator import exports, feeds
from generator.exports import SAMPLE_NOTICE
from generator.project import Layout, load
from generator.provenance import last_updated
from generator.spreadsheets import Sheet
from generator.website import Website

A = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def parse(path):
    return ET.parse(path).getroot()


def one(element, tag):
    found = element.findall(A + tag)
    assert len(found) == 1, f"{tag}: {len(found)}"
    return found[0]


def rfc3339(text):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)", text), text
    return datetime.fromisoformat(text)


def check_atom(root):
    """The rules of RFC 4287 a feed must meet (sections 4.1.1 and 4.1.2)."""
    assert root.tag == A + "feed"
    for tag in ("id", "title", "updated"):
        assert one(root, tag).text
    latest = rfc3339(one(root, "updated").text)
    links = root.findall(A + "link")
    assert [lnk.get("rel") for lnk in links if lnk.get("rel") == "self"] == ["self"]
    assert all(lnk.get("href", "").startswith("http") for lnk in links)
    assert one(root, "author").find(A + "name").text
    ids = set()
    for entry in root.findall(A + "entry"):
        for tag in ("id", "title", "updated", "summary", "content"):
            one(entry, tag)
        ids.add(one(entry, "id").text)
        published = rfc3339(one(entry, "published").text)
        assert published <= rfc3339(one(entry, "updated").text) <= latest
        alternates = [lnk for lnk in entry.findall(A + "link") if lnk.get("rel") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("type") == "text/html"
        assert one(entry, "content").get("type") == "html"
    assert len(ids) == len(root.findall(A + "entry")), "entry ids are unique"


@pytest.fixture(scope="module")
def raw():
    return raw_records()


def test_main_feed_is_valid_atom_of_the_newest_recognitions(sample_site, raw):
    root = parse(sample_site / feeds.MAIN_FEED)
    check_atom(root)
    entries = root.findall(A + "entry")
    recognitions = [(r["slug"], x["date"]) for r in public(raw) for x in r["recognitions"]]
    assert len(entries) == min(feeds.LIMIT, len(recognitions))
    # Newest first by the day each reached the site: its decision's day, or its commit when
    # later (the sample records were committed after their decisions).
    dates = [rfc3339(one(e, "published").text) for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert dates[0].date() >= max(d for _, d in recognitions)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"


def test_entries_carry_summary_portrait_and_link(sample_site, raw):
    root = parse(sample_site / feeds.MAIN_FEED)
    records = {r["slug"]: r for r in raw}
    for entry in root.findall(A + "entry"):
        link = next(lnk for lnk in entry.findall(A + "link") if lnk.get("rel") == "alternate")
        slug = link.get("href").rstrip("/").rsplit("/", 1)[1]
        record = records[slug]
        assert one(entry, "summary").text.endswith(record["summary"].strip())
        assert record["name"] in one(entry, "title").text
        content = one(entry, "content").text
        assert record["summary"].strip() in html.unescape(content)
        assert record["sample"]  # every committed record is sample data
        assert one(entry, "title").text.startswith("[Dữ liệu mẫu] ")
        assert one(entry, "summary").text.startswith(SAMPLE_NOTICE)
        assert html.unescape(content).startswith(f"<p><strong>{SAMPLE_NOTICE}</strong></p>")
        thumbnail = entry.find(MEDIA + "thumbnail")
        if record.get("photos"):
            enclosure = [x for x in entry.findall(A + "link") if x.get("rel") == "enclosure"]
            assert enclosure and enclosure[0].get("href") == thumbnail.get("url")
            assert f'src="{thumbnail.get("url")}"' in content
            assert record["photos"][0]["credit"] in content
            base = one(root, "id").text.removesuffix(feeds.MAIN_FEED)
            assert (sample_site / thumbnail.get("url").removeprefix(base)).is_file()
        else:
            assert thumbnail is None


def test_withdrawn_records_are_in_no_feed(sample_site, raw):
    texts = [p.read_text(encoding="utf-8") for p in sample_site.rglob("feed.xml")]
    assert len(texts) > 1
    for record in withdrawn(raw):
        for text in texts:
            assert f"/{record['slug']}/" not in text
            assert record["name"] not in text


def test_one_feed_per_field_with_only_that_field(sample_site, raw):
    fields = {r["field"] for r in public(raw)}
    for field in fields:
        root = parse(sample_site / feeds.field_feed_url(field))
        check_atom(root)
        entries = root.findall(A + "entry")
        expected = sum(len(r["recognitions"]) for r in public(raw) if r["field"] == field)
        assert len(entries) == expected
        assert {one(e, "category").get("term") for e in entries} == {field}


def test_every_page_announces_the_feed(sample_site):
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 50
    pattern = re.compile(
        r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]+" href="([^"]+)">'
    )
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        if 'http-equiv="refresh"' in head:
            continue  # a redirect left at a renamed record's old address, not a page to read
        hrefs = pattern.findall(head)
        assert hrefs, page
        href = hrefs[0]
        # The 404 page is served at any depth, so it links from the site's root.
        base = sample_site if href.startswith("/") else page.parent
        target = (base / href.lstrip("/")).resolve()
        assert target == (sample_site / feeds.MAIN_FEED).resolve(), page
    field_page = (sample_site / "linh-vuc/education/index.html").read_text(encoding="utf-8")
    assert 'title="Mới được ghi danh: Giáo dục và đào tạo" href="feed.xml"' in field_page


def test_only_sample_records_are_labelled_as_such_wherever_they_travel(tmp_path, monkeypatch):
    # A feed reader, a downloaded file: a sample is read apart from the site's banner.
    sample = VALID_RECORD.replace("Nguyễn Thị Mai", "Lò Thị Mẫu").replace(
        "\n---\n", "\nsample: true\n---\n", 1
    )
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": VALID_RECORD,
            "exemplars/lo-thi-mau/index.md": sample,
        },
    )
    project = load(Layout(root), today=TODAY)
    assert project.ok, project.problems
    data = Website(project, "Ghi danh", "https://ghidanh.example.vn/").open_data
    root_el = ET.fromstring(feeds.render(feeds.feeds(data, "Ghi danh")[0], data, "Ghi danh"))
    entries = {one(e, "title").text: e for e in root_el.findall(A + "entry")}
    assert sorted(entries) == [
        "Nguyễn Thị Mai: Điển hình cấp cơ sở",
        "[Dữ liệu mẫu] Lò Thị Mẫu: Điển hình cấp cơ sở",
    ]
    for title, entry in entries.items():
        labelled = title.startswith("[")
        assert (SAMPLE_NOTICE in one(entry, "summary").text) is labelled
        assert (SAMPLE_NOTICE in one(entry, "content").text) is labelled

    document = exports.document(data, "Ghi danh")
    assert (document["count"], document["sample_count"]) == (2, 1)
    sheets = []
    monkeypatch.setattr(exports, "write_xlsx", lambda path, s, *a: sheets.extend(s) or path)
    exports.write(data, tmp_path / "site", "Ghi danh")
    about: Sheet = sheets[-1]
    assert [line for line in about.preamble if SAMPLE_NOTICE in line] == [
        f"Trong đó 1 hồ sơ (cột sample = true). {SAMPLE_NOTICE}"
    ]


def _commit(root, message: str, when: str, command: list[str] | None = None) -> None:
    """Commit everything in `root` (or run `command`, a merge) with the date `when`."""
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    steps = [["add", "-A"], ["commit", "-qm", message]] if command is None else [command]
    for args in steps:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "core.editor=true"]
            + (["-c", "merge.ff=false"] if command else [])
            + [*args, *(["-m", message] if command else [])],
            cwd=root,
            env=env,
            check=True,
        )


def _entries(root) -> dict[str, tuple[datetime, datetime]]:
    project = load(Layout(root), today=TODAY)
    assert project.ok, project.problems
    data = Website(project, "Ghi danh", "https://ghidanh.example.vn/").open_data
    feed = ET.fromstring(feeds.render(feeds.feeds(data, "Ghi danh")[0], data, "Ghi danh"))
    check_atom(feed)
    return {
        one(e, "title").text.split(":")[0]: (
            rfc3339(one(e, "published").text),
            rfc3339(one(e, "updated").text),
        )
        for e in feed.findall(A + "entry")
    }


def test_a_record_registered_late_is_news_when_it_arrives_and_a_correction_updates_it(tmp_path):
    """Dated by its decision alone, a record added months later sank below newer entries (and
    out of the feed's last 50); a corrected record kept its old date, so readers missed it."""
    import subprocess

    earlier = (
        VALID_RECORD.replace("Nguyễn Thị Mai", "Lò Thị Sua")
        .replace("date: 2026-06-15", "date: 2026-03-02")
        .replace("125-QĐ/ĐU", "86-QĐ/ĐU")
    )
    later = VALID_RECORD.replace("date: 2026-06-15", "date: 2026-08-01")
    assert earlier != VALID_RECORD and later != VALID_RECORD
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": later})
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    _commit(root, "Nguyễn Thị Mai", "2026-08-03T10:00:00+07:00")
    (root / "exemplars/lo-thi-sua").mkdir()
    (root / "exemplars/lo-thi-sua/index.md").write_text(earlier, encoding="utf-8")
    _commit(root, "Lò Thị Sua", "2026-09-10T15:30:00+07:00")

    entries = _entries(root)
    assert list(entries) == ["Lò Thị Sua", "Nguyễn Thị Mai"]  # newest arrival first
    assert entries["Lò Thị Sua"] == (datetime.fromisoformat("2026-09-10T15:30:00+07:00"),) * 2
    arrived = datetime.fromisoformat("2026-08-03T10:00:00+07:00")
    assert entries["Nguyễn Thị Mai"] == (arrived, arrived)

    page = root / "exemplars/nguyen-thi-mai/index.md"
    page.write_text(later.replace("trồng quế.", "trồng quế và chè.", 1), encoding="utf-8")
    assert page.read_text(encoding="utf-8") != later
    _commit(root, "Đính chính", "2026-10-05T08:00:00+07:00")
    corrected = datetime.fromisoformat("2026-10-05T08:00:00+07:00")
    assert _entries(root)["Nguyễn Thị Mai"] == (arrived, corrected)

    # A pull request merged (not squashed): news when it lands, not when the editor committed.
    third = (
        VALID_RECORD.replace("Nguyễn Thị Mai", "Vàng Thị Dua")
        .replace("date: 2026-06-15", "date: 2026-09-01")
        .replace("125-QĐ/ĐU", "140-QĐ/ĐU")
    )
    subprocess.run(["git", "checkout", "-qb", "ho-so-moi"], cwd=root, check=True)
    (root / "exemplars/vang-thi-dua").mkdir()
    (root / "exemplars/vang-thi-dua/index.md").write_text(third, encoding="utf-8")
    _commit(root, "Vàng Thị Dua", "2026-09-20T09:00:00+07:00")
    subprocess.run(["git", "checkout", "-q", "-"], cwd=root, check=True)
    _commit(root, "Gộp hồ sơ mới", "2026-10-05T08:00:00+07:00", ["merge", "--no-ff", "ho-so-moi"])
    merged = datetime.fromisoformat("2026-10-05T08:00:00+07:00")
    assert _entries(root)["Vàng Thị Dua"] == (merged, merged)
    assert last_updated(Layout(root), []) == merged

    # A renamed folder keeps its first date: the old name is among its aliases.
    (root / "exemplars/lo-thi-sua").rename(root / "exemplars/lo-thi-sua-y-ty")
    renamed = root / "exemplars/lo-thi-sua-y-ty/index.md"
    renamed.write_text(
        earlier.replace("\n---\n", "\naliases:\n  - lo-thi-sua\n---\n", 1), encoding="utf-8"
    )
    _commit(root, "Đổi tên thư mục", "2026-10-20T14:00:00+07:00")
    moved = datetime.fromisoformat("2026-10-20T14:00:00+07:00")
    assert _entries(root)["Lò Thị Sua"] == (
        datetime.fromisoformat("2026-09-10T15:30:00+07:00"),
        moved,
    )

    # Each build above read only the commits since the one before (kept in the cache folder);
    # reading the whole history again gives the same dates.
    from generator.provenance import DATES_CACHE, record_dates

    kept = root / ".cache/honor-roll" / DATES_CACHE
    assert kept.is_file()
    step_by_step = record_dates(Layout(root))
    kept.unlink()
    assert record_dates(Layout(root)) == step_by_step
    # What is known is trusted (only newer commits are read) while its commit is in the history.
    from generator import git

    found = git.file_dates(root / "exemplars")
    known = git.FileDates(found.head, {**found.dates, "x/index.md": (1, 2)})
    assert git.file_dates(root / "exemplars", known).dates["x/index.md"] == (1, 2)
    elsewhere = git.FileDates("0" * 40, known.dates)  # history rewritten: read it all again
    assert git.file_dates(root / "exemplars", elsewhere) == found

    # A copy without history (or a shallow clone): every entry is dated by its decision.
    copy = tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(copy)], check=True)
    assert (
        _entries(copy)["Lò Thị Sua"] == (datetime.fromisoformat("2026-03-02T00:00:00+07:00"),) * 2
    )


def test_listing_the_feeds_does_not_read_the_history(tmp_path, monkeypatch):
    """The open data page lists the feeds while pages render; the history (seconds at 10,000
    records) is read only by the copy of the build that writes the feeds themselves."""
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    project = load(Layout(root), today=TODAY)
    website = Website(project, "Ghi danh", "https://ghidanh.example.vn/")
    monkeypatch.setattr(website.open_data, "dated_by", lambda: pytest.fail("the history was read"))
    (page,) = [spec for spec in website.pages() if spec.url == f"{exports.FOLDER}/"]
    assert "feed.xml" in page.render()
