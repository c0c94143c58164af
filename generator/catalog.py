"""The catalog: which public records there are and which listings each belongs to.

Only recognized records enter the catalog; a withdrawn record is dropped here, once, so no page,
card, listing, count or later export can show it. Listings are built in one pass over the records
(no listing rescans all records), each sorted once in Vietnamese order.

URLs here are site-relative directory URLs without a leading slash ("ghi-danh/nguyen-thi-mai/"),
the form mkdocs uses; rendering turns them into page-relative links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .records import Record
from .vietnamese import name_sort_key, sort_key
from .vocabularies import Vocabularies

ROLL = "ghi-danh"  # the honor roll: /ghi-danh/ and one profile per record under it
PAGE_SIZE = 24


def profile_url(slug: str) -> str:
    return f"{ROLL}/{slug}/"


def page_url(base: str, number: int) -> str:
    """Page 1 of a listing is the listing's own address; page n is <base>trang/<n>/."""
    return base if number == 1 else f"{base}trang/{number}/"


@dataclass
class Listing:
    """An ordered list of records at one address, e.g. every record in the field "education"."""

    url: str  # e.g. "linh-vuc/education/"
    title: str  # e.g. "Giáo dục và đào tạo"
    heading: str  # the page's H1, e.g. "Lĩnh vực: Giáo dục và đào tạo"
    records: list[Record] = field(default_factory=list)
    dimension: str | None = None  # the Dimension.key it belongs to; None for the whole roll
    key: str | None = None  # the vocabulary key or year

    def pages(self, size: int = PAGE_SIZE) -> list[list[Record]]:
        """The records cut into pages of `size`; a last page of a few stragglers joins the one
        before it (25 records make one page of 25, not 24 and a page holding 1)."""
        pages = [self.records[i : i + size] for i in range(0, len(self.records), size)] or [[]]
        if len(pages) > 1 and len(pages[-1]) < size // 4:
            last = pages.pop()
            pages[-1] = pages[-1] + last
        return pages


@dataclass
class Dimension:
    """A way of grouping records (field, commune, …) with an index page of its listings."""

    key: str  # url segment, e.g. "linh-vuc"
    title: str  # e.g. "Lĩnh vực"
    description: str
    listings: list[Listing] = field(default_factory=list)  # those with records, in order
    empty: list[Listing] = field(default_factory=list)  # vocabulary entries with none yet
    every: list[Listing] = field(default_factory=list)  # both, in order

    @property
    def url(self) -> str:
        return f"{self.key}/"


@dataclass
class _Spec:
    key: str
    title: str
    description: str
    values: Callable[[Record], Iterable[str]]
    label: Callable[[str], str]
    heading: Callable[[str], str]
    order: Callable[[list[str]], list[str]]
    # Every possible value (a vocabulary's keys), so that a commune with no exemplar yet still
    # has a page saying so; None where values only exist through records (years).
    every: Iterable[str] | None = None


class Catalog:
    def __init__(self, records: Iterable[Record], vocabularies: Vocabularies) -> None:
        self.vocabularies = vocabularies
        public = [r for r in records if r.is_public]
        public.sort(key=lambda r: (name_sort_key(r.name, r.is_individual), r.slug))
        self.records: list[Record] = public
        self.by_slug: dict[str, Record] = {r.slug: r for r in public}
        self.roll = Listing(ROLL + "/", "Ghi danh", "Danh sách điển hình tiên tiến", public)
        self.dimensions: list[Dimension] = [self._build(spec, public) for spec in self._specs()]
        self._memberships = self._index_memberships()

    def _specs(self) -> list[_Spec]:
        v = self.vocabularies
        in_order = lambda vocab: lambda keys: [k for k in vocab.terms if k in keys]  # noqa: E731

        def by_name(vocab):
            """Communes and committees in alphabetical order of their proper names, so that a
            reader finds theirs among a hundred; the province's sector committees first."""

            def key(k: str) -> tuple:
                term = vocab[k]
                commune = term.get("commune")
                name = v.communes[commune].get("name") if commune in v.communes else None
                name = name or term.get("name")
                return (0, 0, ()) if not name else (1, sort_key(name), sort_key(term.label))

            return lambda keys: sorted(keys, key=lambda k: (key(k), list(vocab.terms).index(k)))

        return [
            _Spec(
                "loai",
                "Cá nhân và tập thể",
                "Điển hình là cá nhân hoặc tập thể.",
                lambda r: [r.kind],
                v.kinds.label,
                lambda k: f"Điển hình {v.kinds.label(k).lower()}",
                in_order(v.kinds),
                v.kinds.terms,
            ),
            _Spec(
                "linh-vuc",
                "Lĩnh vực",
                "Lĩnh vực mà điển hình đăng ký xây dựng.",
                lambda r: [r.field],
                v.fields.label,
                lambda k: f"Lĩnh vực: {v.fields.label(k)}",
                in_order(v.fields),
                v.fields.terms,
            ),
            _Spec(
                "dia-phuong",
                "Xã, phường",
                "Xã, phường nơi điển hình sinh sống, công tác.",
                lambda r: [r.commune],
                v.communes.label,
                v.communes.label,
                by_name(v.communes),
                v.communes.terms,
            ),
            _Spec(
                "dang-uy",
                "Đảng ủy trực thuộc",
                "Đảng ủy trực thuộc Tỉnh ủy nơi điển hình đăng ký.",
                lambda r: [r.party_committee],
                v.party_committees.label,
                v.party_committees.label,
                by_name(v.party_committees),
                v.party_committees.terms,
            ),
            _Spec(
                "cap",
                "Cấp công nhận",
                "Cấp cao nhất mà điển hình đã được công nhận, ghi danh.",
                lambda r: [r.highest_level],
                v.levels.label,
                lambda k: f"Điển hình {v.levels.label(k).lower()}",
                in_order(v.levels),
                v.levels.terms,
            ),
            _Spec(
                "nam",
                "Năm công nhận",
                "Năm có quyết định công nhận, ghi danh điển hình.",
                lambda r: [str(y) for y in r.years],
                lambda k: f"Năm {k}",
                lambda k: f"Công nhận, ghi danh năm {k}",
                lambda keys: sorted(keys, reverse=True),
            ),
            _Spec(
                "vung",
                "Vùng",
                "Vùng cao, biên giới, vùng đồng bào dân tộc thiểu số.",
                lambda r: r.regions,
                v.regions.label,
                v.regions.label,
                in_order(v.regions),
                v.regions.terms,
            ),
        ]

    def _build(self, spec: _Spec, records: list[Record]) -> Dimension:
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in records:  # already in display order, so each group is too
            for value in spec.values(record):
                groups[value].append(record)
        dimension = Dimension(spec.key, spec.title, spec.description)
        values = set(groups) | set(spec.every or ())
        for value in spec.order(list(values)):
            listing = Listing(
                f"{self._segment(spec.key, value)}/",
                spec.label(value),
                spec.heading(value),
                groups.get(value, []),
                spec.key,
                value,
            )
            (dimension.listings if listing.records else dimension.empty).append(listing)
            dimension.every.append(listing)
        return dimension

    def _segment(self, dimension: str, value: str) -> str:
        if dimension == "loai":  # the two kinds get short addresses: /ca-nhan/, /tap-the/
            term = self.vocabularies.kinds.get(value)
            return str(term.get("path", value)) if term else value
        return f"{dimension}/{value}"

    def _index_memberships(self) -> dict[str, list[Listing]]:
        memberships: dict[str, list[Listing]] = defaultdict(list)
        for dimension in self.dimensions:
            for listing in dimension.listings:
                for record in listing.records:
                    memberships[record.slug].append(listing)
        return memberships

    def listings_of(self, record: Record) -> list[Listing]:
        """Every listing a record appears in, for the links on its profile."""
        return self._memberships.get(record.slug, [])

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)

    def url(self, dimension: str, key: object) -> str:
        """The address of a listing: the one place listing URLs are made ("linh-vuc/x/",
        "ca-nhan/"). Every vocabulary value has its listing, even without records yet."""
        return f"{self._segment(dimension, str(key))}/"

    def latest(self, count: int) -> list[Record]:
        """The most recently recognized records, newest first."""
        return sorted(
            self.records, key=lambda r: (r.latest_recognition.date, r.slug), reverse=True
        )[:count]

    def stats(self) -> dict[str, int]:
        """Headline counts for the home page."""
        return {
            "total": len(self.records),
            "individual": sum(1 for r in self.records if r.is_individual),
            "collective": sum(1 for r in self.records if not r.is_individual),
            "provincial": sum(1 for r in self.records if r.highest_level == "provincial"),
            "communes": len({r.commune for r in self.records}),
        }
