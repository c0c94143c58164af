"""Statistics: the numbers checked against the sample data, read straight from the records."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import REPO
from sample_records import highest_level, public, raw_records

from generator.catalog import Catalog
from generator.project import Layout, load
from generator.statistics import statistics
from generator.validation import PROVINCIAL_QUOTA


@pytest.fixture(scope="module")
def project():
    return load(Layout(REPO))


@pytest.fixture(scope="module")
def stats(project):
    return statistics(Catalog(project.records, project.vocabularies))


@pytest.fixture(scope="module")
def expected(project):
    """Counts per chart, by label, from the raw records (public ones only)."""
    v = project.vocabularies
    records = public(raw_records())
    count = lambda values: Counter(values)  # noqa: E731
    return {
        "loai": count(v.kinds.label(r["kind"]) for r in records),
        "linh-vuc": count(v.fields.label(r["field"]) for r in records),
        "cap": count(v.levels.label(highest_level(r)) for r in records),
        "nam": count(
            f"Năm {y}" for r in records for y in {x["date"].year for x in r["recognitions"]}
        ),
        "dia-phuong": count(v.communes.label(r["commune"]) for r in records),
        "dang-uy": count(v.party_committees.label(r["party_committee"]) for r in records),
        "vung": count(v.regions.label(x) for r in records for x in r.get("regions") or []),
    }


def test_every_chart_matches_the_records(stats, expected):
    assert [c.key for c in stats.charts] == list(expected)
    for chart in stats.charts:
        assert {b.label: b.value for b in chart.bars} == dict(expected[chart.key]), chart.key


def test_headline_numbers(stats):
    records = public(raw_records())
    assert stats.totals["total"] == len(records)
    assert stats.totals["individual"] == sum(r["kind"] == "individual" for r in records)
    assert stats.totals["provincial"] == sum(highest_level(r) == "provincial" for r in records)


def test_bars_are_ranked_and_scaled(stats):
    fields = next(c for c in stats.charts if c.key == "linh-vuc")
    values = [b.value for b in fields.bars]
    assert values == sorted(values, reverse=True)
    top = fields.bars[0]
    assert top.percent == 85.0
    assert all(0 < b.percent <= top.percent for b in fields.bars)
    years = next(c for c in stats.charts if c.key == "nam")
    assert [b.label for b in years.bars] == sorted(b.label for b in years.bars)


def test_provincial_quota_table(stats):
    records = public(raw_records())
    counts = Counter(
        (r["party_committee"], x["date"].year)
        for r in records
        for x in r["recognitions"]
        if x["level"] == "provincial"
    )
    table = stats.quota
    assert table.quota == PROVINCIAL_QUOTA == 2
    assert table.years[0] == 2026
    assert {row.committee for row in table.rows} == {c for c, _ in counts}
    for row in table.rows:
        for year in table.years:
            assert row.counts[year] == counts[(row.committee, year)]
    # The sample data: Bát Xát has used its quota for 2026.
    bat_xat = next(row for row in table.rows if row.committee == "xa-bat-xat")
    assert bat_xat.counts[2026] == 2


def test_page_shows_charts_and_numbers_without_javascript(sample_site, stats):
    html = (sample_site / "thong-ke" / "index.html").read_text(encoding="utf-8")
    content = html.split('<article class="md-content__inner', 1)[1]
    assert "<script" not in content.split("</article>", 1)[0]
    svgs = re.findall(r"<svg [^>]*role=\"group\"[^>]*>.*?</svg>", content, re.S)
    assert len(svgs) == len(stats.charts)
    for chart, svg in zip(stats.charts, svgs, strict=True):
        assert f'<title id="chart-{chart.key}-t">' in svg
        assert "<desc" in svg
        assert 'width="100%"' in svg and "viewBox" not in svg  # text keeps its size on phones
        printed = re.findall(r'font-weight="700" fill="currentColor">([\d.]+)</text>', svg)
        assert printed == [str(b.value) for b in chart.bars]
    for row in stats.quota.rows:
        assert row.label in content
    assert "2/2" in content
