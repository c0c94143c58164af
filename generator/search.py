"""Search: what each profile tells the search index, and the indexer that builds it.

The site is searched in the browser with Pagefind: its index is a folder of small compressed
chunks next to the pages, and a query downloads only the chunks it needs, so a phone on a slow
link gets its first results without loading the whole honor roll. The indexer is the binary that
the pinned PyPI package `pagefind-bin` ships; nothing is downloaded at build or run time. It runs
beside the build as a service (`Indexer`) and parses each profile as soon as it is rendered.

Only profiles are indexed (they carry `data-pagefind-body`), and only what readers search for:
name, role, unit, places, field, summary, achievements, decisions and awards. Page chrome inside
a profile (the sample-data notice, section headings, fact labels, photo credits, the correction
link) is excluded by `EXCLUDE`, and so is the story: Vietnamese syllables such as "có", "thì",
"văn" fold to forms shared by hundreds of words and fill every story, and with stories indexed a
first query for a name fetched 1.4 MB at 10,000 records instead of a few dozen KB (see
`make bench-search`). Withdrawn records have no profile page, so they are never in the index.

Stories are searchable from a second index, `STORY_BUNDLE`, which the search page loads only when
a reader ticks "Tìm cả trong câu chuyện" (theme/assets/search-page.js); the header and a default
search never fetch a byte of it. It is built by the same indexer from the same profiles, with
`STORY_EXCLUDE` letting the story through, so it holds everything the main index holds plus the
stories, and the option *replaces* the main index rather than adding to it. Two indexes searched
together (Pagefind's `mergeIndex`) would each need every word of a query, so "hùng hoa ban" (a
name and a phrase of his story) would find nothing; filter counts, which Pagefind adds up across
merged indexes, would count a record found in both twice; and one list would mix scores of two
unrelated indexes. One index per mode has none of these problems and costs a story query almost
nothing more: its heavy part is the chunks of the story words, which both designs fetch.

Pagefind folds tone and vowel marks ("bat xat" finds "Bát Xát") but not đ, which Unicode does not
decompose: "dao" would miss "Đào". Each profile therefore carries, hidden from readers, the
d-folded spelling of every word with đ in its text (`SearchEntry.folded_name`, `folded_text`).
The d-folded words of the story (`story_words`) are in the same hidden block, in an element
that only the story index reads (`STORY_WORDS`). The browser shows excerpts from the text before
`SENTINEL`, so readers never see those words.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .catalog import Catalog
from .images import PublishedPhoto, placeholder_for
from .pagefind_bundle import UnexpectedFormat, make_reproducible
from .pagefind_service import Page, Service, ServiceError, wait_until_written
from .records import Record
from .search_cache import BundleCache, digest
from .vietnamese import abbreviations, fold, nfc

SEARCH_URL = "tim-kiem/"  # the search-and-filter page
# Results the search page shows at a time (each card loads a fragment). The page comes with the
# first of them already in its HTML; theme/assets/search-page.js reads the number from the page.
PAGE_SIZE = 10
BUNDLE = "pagefind"  # the index folder inside the site
STORY_BUNDLE = "pagefind-cau-chuyen"  # the index with the stories, loaded only on demand
BUNDLES = (BUNDLE, STORY_BUNDLE)
LABELS_FILE = "nhan.json"  # labels of filter values for result cards, inside the bundle
LISTINGS = "danh-sach"  # the key of the listings a query may name, in LABELS_FILE
PROFILES_GLOB = "ghi-danh/*/index.html"  # only profiles are read by the indexer
LANGUAGE = "vi"

# Marks the start of the hidden words in a profile's indexed text; the browser cuts the
# text there before making excerpts. Pagefind does not index punctuation, so it is no word.
SENTINEL = "⁂"

# The class of the hidden element that holds the d-folded words of the story.
STORY_WORDS = "hr-search-story"

# Parts of a profile that are not indexed as its text.
EXCLUDE = (
    ".hr-notice",  # "Dữ liệu mẫu" notice on sample records
    ".hr-profile section > h2",  # section headings, the same on every profile
    ".hr-correction",  # "Đề nghị đính chính" link
    ".hr-credit",  # photo credits
    ".hr-media__meta",  # media type, outlet and date under each article link
    # Shown on result cards from metadata and filters, or searchable through the hidden words
    # (`SearchEntry.words`): indexing them again would put "xã", "cấp", "cơ sở", "quyết định"
    # on every profile, and every query that meets those words would fetch them all.
    ".hr-profile__kicker",
    ".hr-profile__role",
    ".hr-profile__unit",
    ".hr-profile__badges",
    ".hr-lead",
    ".hr-timeline",
    ".hr-facts",
    ".hr-story",  # the story: see the module docstring
    f".{STORY_WORDS}",  # the d-folded words of the story
)

# The story index reads the story and its d-folded words too; everything else as above.
STORY_EXCLUDE = tuple(s for s in EXCLUDE if s not in (".hr-story", f".{STORY_WORDS}"))

# Files of Pagefind's own prebuilt interfaces; the site has its own (theme/assets/search.js),
# so these are removed from the published bundles.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# The story index is searched with the main bundle's pagefind.js (`createInstance`), which
# loads only the index and the WebAssembly from the story bundle: its scripts are not needed.
UNUSED_STORY_FILES = ("pagefind.js", "pagefind-worker.js")

# Pagefind splits its word index into chunks by alphabetical ranges of words, closing a chunk
# once it holds this much (its default is 20,000). Vietnamese folds to few, short syllables that
# recur on every profile, so at the default a chunk gathers many heavy words: at 10,000 records
# the chunks for "lo hong nhung" weighed 397 KB; at 200 each heavy word is a chunk of its own and
# the same query fetches 62 KB, for 4 KB more of chunk list in the metadata (make bench-search;
# no gain below 200). Pagefind 1.5.2, pinned, reads the setting from the environment.
INDEX_CHUNK_SIZE = 200

# Pagefind allocates with jemalloc, which by default hands freed memory back to the system after
# ten seconds and takes it again page by page when the index grows. The indexer lives for one
# build, so it keeps what it freed: at 10,000 records (with the short stories of the first
# synthetic rolls) indexing both indexes took 30 s instead of 50 s (user time 47 -> 30 s, system
# 11 -> 3 s), for a peak of 3.4 GB instead of 3.0 GB.
MALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1"

# Bump when what is done to Pagefind's output changes (pagefind_bundle.py, the labels file):
# bundles kept between builds (search_cache.py) are then made anew.
CACHE_FORMAT = "1"

_WORD = re.compile(r"\w+")
# The same few hundred words with đ ("được", "đã", "đến") recur in every story.
_fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


class SearchIndexError(RuntimeError):
    """The indexer could not run or failed; the message is Vietnamese, for the build log."""


@dataclass
class SearchEntry:
    """What one profile hands to the search index besides its visible text."""

    meta: dict[str, str]  # shown in results: summary, role and unit, portrait
    filters: dict[str, list[str]]  # dimension key (as in listing URLs) -> values
    sort: dict[str, str]  # "ten": Vietnamese name order, "ngay": latest recognition date
    words: str  # searchable, not shown: commune, field, subject, ethnicity, decision numbers
    folded_name: str  # d-folded name words (weighted like the name itself)
    folded_text: str  # d-folded words of the rest of the record


@dataclass
class IndexReport:
    """What the indexer did in one build, for the build log and the benchmarks."""

    pages: int  # profiles in each index
    seconds: float  # from starting the indexer until it ended (after the build's last files)
    waited: float  # of which the build spent waiting for it at its end
    peak_memory_bytes: int  # peak resident memory of the indexers (one per index, summed)
    bundles: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (bytes, files)
    reused: bool = False  # the bundles of the last build, nothing indexed (search_cache.py)


def d_folded(texts: list[str]) -> str:
    """The words of `texts` that contain đ/Đ, folded ("Đoàn" -> "doan"), each once, in order."""
    seen: dict[str, None] = {}
    for text in texts:
        text = nfc(text)
        if "đ" not in text and "Đ" not in text:
            continue
        # Only the few chunks with đ are split into words: a story is hundreds of words.
        for chunk in text.split():
            if "đ" in chunk or "Đ" in chunk:
                for word in _WORD.findall(chunk):
                    if "đ" in word or "Đ" in word:
                        seen.setdefault(_fold_word(word), None)
    return " ".join(seen)


def story_words(story: str) -> str:
    """The d-folded words of a story, from its sanitized HTML (what readers see, not the
    Markdown, whose HTML comments are editors' notes and never published)."""
    return d_folded([Markup(story).striptags()])


class SearchData:
    """Builds the `SearchEntry` of each public record of a catalog."""

    def __init__(self, catalog: Catalog, photos: dict[Path, PublishedPhoto]) -> None:
        self.catalog = catalog
        self.vocab = catalog.vocabularies
        self.photos = photos
        # Vietnamese alphabetical order is computed once, in Python; the index sorts by rank.
        width = len(str(len(catalog.records)))
        self._rank = {r.slug: str(i).zfill(width) for i, r in enumerate(catalog.records)}
        # A profile's entry is asked for by its page's key (pagecache.py) and by its template.
        self._entries: dict[str, SearchEntry] = {}

    def entry(self, record: Record) -> SearchEntry:
        found = self._entries.get(record.slug)
        if found is None:
            found = self._entries[record.slug] = self._entry(record)
        return found

    def _entry(self, record: Record) -> SearchEntry:
        v = self.vocab
        # Metadata is searchable too (Pagefind indexes its words), so it holds only what the
        # cards show and readers look for; kind, field, place and level come from the filters.
        meta = {"summary": record.summary}
        unit = record.unit if record.unit and record.unit not in (record.role or "") else None
        role = " · ".join(x for x in (record.role, unit) if x)
        if role:
            meta["role"] = role
        published = self.photos.get(record.portrait.path) if record.portrait else None
        if published is not None:
            meta["image"] = published.renditions[0].url  # the narrowest rendition
        else:  # the browser draws the same placeholder as the cards
            look = placeholder_for(record)
            meta["tint"] = look.tint
            meta["initial"] = look.letter or ""
        filters: dict[str, list[str]] = {}
        for listing in self.catalog.listings_of(record):
            if listing.dimension and listing.key is not None:
                filters.setdefault(listing.dimension, []).append(listing.key)
        commune = v.communes[record.commune]
        place = str(commune.get("name", commune.label))
        words = [
            place,  # "Bát Xát", without "Xã" on every page
            # and as readers often type a place, in one word: "sapa", "batxat", "bacha"
            fold(place).replace(" ", "") if " " in place else "",
            v.fields.label(record.field),
            v.subjects.label(record.subject),
            record.ethnicity or "",
            # "thpt nghia lo" finds "Trường Trung học phổ thông Nghĩa Lộ", and the other way.
            *abbreviations([record.name, record.role or "", record.unit or ""]),
            # Decision numbers: journalists look a recognition up by its number.
            *(r.decision for r in record.recognitions),
            *(a.decision or "" for a in record.awards),
        ]
        texts = [
            record.role or "",
            record.unit or "",
            *words,
            record.summary,
            *record.achievements,
            *(f"{a.title} {a.issued_by}" for a in record.awards),
            *(r.issued_by for r in record.recognitions),
            *(p.caption or "" for p in record.photos),
            *(m.title for m in record.media),
        ]
        return SearchEntry(
            meta=meta,
            filters=filters,
            sort={
                "ten": self._rank[record.slug],
                "ngay": record.latest_recognition.date.isoformat(),
            },
            words=" ".join(w for w in words if w),
            folded_name=d_folded([record.name]),
            folded_text=d_folded(texts),
        )


def labels(catalog: Catalog) -> dict[str, Any]:
    """What result cards call the filter values they show: {"cap": {"provincial": "…"}, …};
    and under `LISTINGS`, every listing a query may name, as [address, title, heading, count]:
    "xa ban ho", "cap tinh" or "ca nhan" typed as words finds the pages that happen to hold
    them, while the reader asked for a list (theme/assets/search.js offers it above)."""
    v = catalog.vocabularies
    return {
        "loai": {t.key: t.label for t in v.kinds},
        "cap": {t.key: str(t.get("badge", t.label)) for t in v.levels},
        "linh-vuc": {t.key: t.label for t in v.fields},
        "dia-phuong": {t.key: t.label for t in v.communes},
        LISTINGS: [
            [listing.url, listing.title, listing.heading, len(listing.records)]
            for dimension in catalog.dimensions
            for listing in dimension.every
        ],
    }


def pagefind_executable() -> Path:
    """The indexer binary shipped by the pinned `pagefind-bin` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - the package is a pinned requirement
        raise SearchIndexError(
            "thiếu gói pagefind-bin; chạy 'make site' để cài các gói đã ghim trong requirements.txt"
        ) from exc
    return get_executable()


def index_config(exclude: tuple[str, ...]) -> dict:
    """What Pagefind is told about an index: the language and the parts it does not read."""
    return {"force_language": LANGUAGE, "exclude_selectors": list(exclude)}


def document(content: str) -> str:
    """The HTML handed to the indexer for a profile: its content as rendered, in a page.

    Pagefind reads only the element marked `data-pagefind-body`, which is in the content; the
    theme's header, navigation and footer around it are two thirds of a written page and half
    of the indexer's work, and produce the same index (compared at 10,000 records).
    """
    return f'<!doctype html><html lang="{LANGUAGE}"><body>{content}</body></html>'


class Indexer:
    """The two search indexes of one build, filled profile by profile as pages are rendered.

    Each index has a Pagefind service process of its own (pagefind_service.py): every profile
    goes to the main index and, with its story, to `STORY_BUNDLE`. They parse each profile while
    the build renders the next ones, and write their bundles into the site as soon as the last
    of `expected` profiles has arrived, while the build goes on with listings, photos and open
    data. `finish()` waits for the bundles, makes them reproducible and reports. A service
    works on one core: at 10,000 records the two indexes cost 100-110 s of CPU (the story index
    three quarters of it), which one process spent one index after the other; handed the same
    profiles at once, two processes wrote both bundles in 75-83 s instead of 111-117 s. That
    tail is what a build after editing one record waits for (47 s of a 158 s build, with one
    process), since the build itself takes nearly every profile from its cache.

    With `cache_dir`, the bundles of the last build are reused when this build hands over the
    same pages (search_cache.py): profiles are held back, not sent, as long as each is the one
    the kept bundles were made from; the first that differs starts the indexer, with the held
    ones first. So a rebuild that changes no profile never starts Pagefind.
    """

    def __init__(
        self,
        site_dir: Path,
        expected: int,
        card_labels: dict[str, Any] | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.expected = expected  # the bundles are written once this many are in (0: never)
        self.card_labels = card_labels or {}
        self.added: set[str] = set()  # site-relative URLs of the profiles handed over
        self.reused = False  # the bundles came from the cache
        self._pages: list[tuple[str, str]] = []  # (url, hash) of each profile, in order
        self._writes: list[Future] | None = None
        self._started = time.perf_counter()
        for name in (BUNDLE, STORY_BUNDLE):
            if (site_dir / name).exists():  # a stale index could still list a withdrawn record
                shutil.rmtree(site_dir / name)
        # By bundle, once started: its service process and the id of its index there.
        self._indexes: dict[str, tuple[Service, int]] = {}
        self._cache = BundleCache(cache_dir, _settings(self.card_labels)) if cache_dir else None
        self._kept = self._cache.pages() if self._cache else []
        # Profiles identical to those of the kept bundles so far, not yet sent (None: sending).
        self._held: list[Page] | None = [] if self._kept else None
        if self._held is None:
            self._start()

    def _start(self) -> None:
        """Start Pagefind with both indexes, and hand it the profiles held back so far."""
        env = {
            **os.environ,
            "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE),
            "_RJEM_MALLOC_CONF": MALLOC_CONF,
        }
        held, self._held = self._held or [], None
        try:
            for name, exclude in ((BUNDLE, EXCLUDE), (STORY_BUNDLE, STORY_EXCLUDE)):
                service = Service(pagefind_executable(), env)
                self._indexes[name] = (service, service.new_index(index_config(exclude)))
            for page in held:
                self._send(page)
        except ServiceError as error:
            self.cancel()
            raise SearchIndexError(str(error)) from error

    def _send(self, page: Page) -> None:
        for service, index_id in self._indexes.values():
            service.add_page(index_id, page)

    def add(self, url: str, html: str) -> None:
        """Index the profile at site-relative `url` ("ghi-danh/a/") from its HTML (`document()`
        or the written page)."""
        if url in self.added:
            return
        page = Page(f"/{url}", html)
        self._pages.append((url, digest(page.json)))
        self.added.add(url)
        if self._held is not None:
            position = len(self._pages) - 1
            if position < len(self._kept) and self._kept[position] == self._pages[-1]:
                self._held.append(page)
            else:
                self._held.append(page)
                self._start()
        else:
            try:
                self._send(page)
            except ServiceError as error:
                raise SearchIndexError(str(error)) from error
        if len(self.added) == self.expected:
            self.write()

    def write(self) -> None:
        """Ask for both bundles to be written (once), after the profiles handed over so far;
        when every profile is one the kept bundles were made from, they are used instead."""
        if self._writes is not None or not self.added:
            return
        if self._held is not None and len(self._pages) == len(self._kept):
            self._writes = []  # finish() links the kept bundles
            return
        if self._held is not None:
            self._start()
        self._writes = [
            service.write_files(index_id, self.site_dir / name)
            for name, (service, index_id) in self._indexes.items()
        ]

    def finish(self) -> IndexReport:
        """Wait for both bundles, make them reproducible and report; the process ends."""
        if not self.added:  # an empty roll: Pagefind refuses to index nothing
            self.cancel()
            return IndexReport(pages=0, seconds=0.0, waited=0.0, peak_memory_bytes=0)
        waiting = time.perf_counter()
        self.write()
        if self._writes == []:
            if self._cache is not None and self._cache.restore(self.site_dir, BUNDLES):
                self.reused = True
                self._held = None
                return self._report(waiting, 0)
            # The kept bundles went away meanwhile (another build replaced them): index after all.
            self._start()
            self._writes = None
            self.write()
        assert self._writes
        try:
            for future in self._writes:
                future.result()
            for name in self._indexes:
                wait_until_written(self.site_dir / name)
        except ServiceError as error:
            self.cancel()
            raise SearchIndexError(str(error)) from error
        services = [service for service, _ in self._indexes.values()]
        peak = sum(service.close() for service in services)  # they ran at once
        failures = [f for service in services for f in service.failures]  # "<url>: <message>"
        if failures:
            pages = {failure.split(":", 1)[0] for failure in failures}
            raise SearchIndexError(
                f"Pagefind không lập được chỉ mục cho {len(pages)} trang, ví dụ {failures[0]}"
            )
        (self.site_dir / BUNDLE / LABELS_FILE).write_text(
            json.dumps(self.card_labels, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        for name, unused in (
            (BUNDLE, UNUSED_BUNDLE_FILES),
            (STORY_BUNDLE, UNUSED_BUNDLE_FILES + UNUSED_STORY_FILES),
        ):
            bundle = self.site_dir / name
            for file in unused:
                (bundle / file).unlink(missing_ok=True)
            try:
                make_reproducible(bundle)
            except UnexpectedFormat as error:
                raise SearchIndexError(
                    "chỉ mục do Pagefind viết không đúng khuôn dạng của phiên bản đã ghim trong "
                    f"requirements.txt ({error}). Cài lại đúng phiên bản đã ghim (make venv) rồi "
                    "dựng lại."
                ) from error
        if self._cache is not None:
            self._cache.store(self.site_dir, BUNDLES, self._pages)
        return self._report(waiting, peak)

    def _report(self, waiting: float, peak: int) -> IndexReport:
        report = IndexReport(
            pages=len(self.added),
            seconds=time.perf_counter() - self._started,
            waited=time.perf_counter() - waiting,
            peak_memory_bytes=peak,
            reused=self.reused,
        )
        for name in BUNDLES:
            files = [p for p in (self.site_dir / name).rglob("*") if p.is_file()]
            report.bundles[name] = (sum(p.stat().st_size for p in files), len(files))
        return report

    def cancel(self) -> None:
        """Stop the indexer (the build failed or had nothing to index)."""
        self._held = None
        for service, _ in self._indexes.values():
            service.kill()


def _settings(card_labels: dict[str, Any]) -> str:
    """What besides the pages shapes the bundles: a kept bundle made otherwise is never used."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        indexer = version("pagefind-bin")
    except PackageNotFoundError:  # pragma: no cover - a pinned requirement
        indexer = str(pagefind_executable())
    return digest(
        json.dumps(
            [
                indexer,
                INDEX_CHUNK_SIZE,
                index_config(EXCLUDE),
                index_config(STORY_EXCLUDE),
                sorted(UNUSED_BUNDLE_FILES + UNUSED_STORY_FILES),
                card_labels,
                CACHE_FORMAT,
            ],
            ensure_ascii=False,
            sort_keys=True,
        )
    )


def build_index(site_dir: Path, card_labels: dict[str, Any] | None = None) -> IndexReport:
    """Index the profiles of a site already written into `site_dir` (both bundles).

    Redirects from former addresses share the profiles' folder but are not profiles."""
    indexer = Indexer(site_dir, 0, card_labels)
    try:
        for page in sorted(site_dir.glob(PROFILES_GLOB)):
            html = page.read_text(encoding="utf-8")
            if "data-pagefind-body" in html:
                indexer.add(f"{page.parent.relative_to(site_dir).as_posix()}/", html)
    except BaseException:
        indexer.cancel()
        raise
    return indexer.finish()
