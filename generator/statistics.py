"""Statistics of the public honor roll: counts by kind, field, level, year, commune, party
committee and region, and provincial recognitions per party committee per year against the quota.

Counts come from the catalog's own listings, so every number on the statistics page is the
number of cards on the listing page it links to. Withdrawn records are not counted (the public
site never shows them); the annual report (`report.py`) is where they are accounted for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .catalog import Catalog, Dimension
from .validation import PROVINCIAL_FROM_YEAR, PROVINCIAL_QUOTA
from .vietnamese import sort_key

# The page's order, the issue's: kind, field, level, year, commune, committee, region.
ORDER = ["loai", "linh-vuc", "cap", "nam", "dia-phuong", "dang-uy", "vung"]
# Dimensions whose bars are ranked by count (long lists); the others keep their natural order.
RANKED = {"linh-vuc", "dia-phuong", "dang-uy"}
NOTES = {
    "cap": "Mỗi điển hình tính một lần, theo cấp cao nhất đã được công nhận.",
    "nam": "Điển hình được công nhận ở nhiều năm được tính ở mỗi năm đó.",
    "vung": "Một điển hình có thể thuộc nhiều vùng.",
    "dia-phuong": "Chỉ nêu các xã, phường đã có điển hình.",
    "dang-uy": "Chỉ nêu các đảng ủy đã có điển hình.",
}
BAR_SPAN = 85.0  # percent of the chart's width the longest bar takes; the rest holds its number


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str  # the listing page, site-relative
    percent: float  # bar length in percent of the chart's width


@dataclass
class Chart:
    key: str  # the dimension's key, also the section's anchor
    title: str
    note: str
    bars: list[Bar] = field(default_factory=list)


@dataclass
class QuotaRow:
    committee: str
    label: str
    url: str
    counts: dict[int, int]  # year -> public provincial recognitions


@dataclass
class QuotaTable:
    years: list[int]
    rows: list[QuotaRow]
    quota: int = PROVINCIAL_QUOTA
    committees: int = 0  # how many party committees there are in all


@dataclass
class Statistics:
    totals: dict[str, int]
    charts: list[Chart]
    quota: QuotaTable


def chart(dimension: Dimension) -> Chart:
    """One bar per listing of the dimension, ranked by count where the list is long."""
    listings = list(dimension.listings)
    if dimension.key in RANKED:
        listings.sort(key=lambda lst: (-len(lst.records), sort_key(lst.title)))
    elif dimension.key == "nam":
        listings.sort(key=lambda lst: lst.key or "")
    top = max((len(lst.records) for lst in listings), default=0) or 1
    bars = [
        Bar(
            lst.title,
            len(lst.records),
            lst.url,
            round(max(1.0, BAR_SPAN * len(lst.records) / top), 1),
        )
        for lst in listings
    ]
    return Chart(dimension.key, dimension.title, NOTES.get(dimension.key, ""), bars)


def quota_table(catalog: Catalog) -> QuotaTable:
    """Public exemplars recognized at provincial level, per party committee and year.

    Counted as the validator counts the quota (validation._check_quota): exemplars, not
    decisions. Withdrawn exemplars are left out here as everywhere on the public site, so a
    committee's number can be below what the quota already holds; the page says so.
    """
    exemplars: dict[tuple[str, int], set[str]] = defaultdict(set)
    years = {PROVINCIAL_FROM_YEAR}
    for record in catalog.records:
        for recognition in record.recognitions:
            years.add(recognition.date.year)
            if recognition.level == "provincial":
                exemplars[(record.party_committee, recognition.date.year)].add(record.slug)
    counts = Counter({key: len(slugs) for key, slugs in exemplars.items()})
    span = list(range(PROVINCIAL_FROM_YEAR, max(years) + 1))
    committees = catalog.vocabularies.party_committees
    rows = [
        QuotaRow(
            term.key,
            term.label,
            catalog.url("dang-uy", term.key),
            {year: counts[(term.key, year)] for year in span},
        )
        for term in committees
        if any(counts[(term.key, year)] for year in span)
    ]
    return QuotaTable(span, rows, committees=len(committees))


def statistics(catalog: Catalog) -> Statistics:
    return Statistics(
        catalog.stats(),
        [chart(catalog.dimension(key)) for key in ORDER],
        quota_table(catalog),
    )
