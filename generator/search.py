"""Search: what each profile tells the search index, and building the index after the site.

The site is searched in the browser with Pagefind: its index is a folder of small compressed
chunks next to the pages, and a query downloads only the chunks it needs, so a phone on a slow
link gets its first results without loading the whole honor roll. The indexer is the binary that
the pinned PyPI package `pagefind-bin` ships; nothing is downloaded at build or run time.

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

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .catalog import Catalog
from .images import PublishedPhoto, placeholder_for
from .pagefind_bundle import UnexpectedFormat, make_reproducible
from .records import Record
from .vietnamese import fold, nfc

SEARCH_URL = "tim-kiem/"  # the search-and-filter page
BUNDLE = "pagefind"  # the index folder inside the site
STORY_BUNDLE = "pagefind-cau-chuyen"  # the index with the stories, loaded only on demand
LABELS_FILE = "nhan.json"  # labels of filter values for result cards, inside the bundle
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

_WORD = re.compile(r"\w+")


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
    """What one run of the indexer did, for the build log and the benchmark."""

    pages: int
    seconds: float
    peak_memory_bytes: int  # peak resident memory of the indexer process
    bundle_bytes: int  # size of the published index folder on disk
    files: int
    output: str = field(repr=False, default="")
    stories: IndexReport | None = None  # the run that built the story index, after this one

    @property
    def total_seconds(self) -> float:
        """Time spent indexing, both indexes."""
        return self.seconds + (self.stories.seconds if self.stories else 0.0)


def d_folded(texts: list[str]) -> str:
    """The words of `texts` that contain đ/Đ, folded ("Đoàn" -> "doan"), each once, in order."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(nfc(text)):
            if "đ" in word or "Đ" in word:
                seen.setdefault(fold(word), None)
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

    def entry(self, record: Record) -> SearchEntry:
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
        words = [
            str(commune.get("name", commune.label)),  # "Bát Xát", without "Xã" on every page
            v.fields.label(record.field),
            v.subjects.label(record.subject),
            record.ethnicity or "",
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


def labels(catalog: Catalog) -> dict[str, dict[str, str]]:
    """What result cards call the filter values they show: {"cap": {"provincial": "…"}, …}."""
    v = catalog.vocabularies
    return {
        "loai": {t.key: t.label for t in v.kinds},
        "cap": {t.key: str(t.get("badge", t.label)) for t in v.levels},
        "linh-vuc": {t.key: t.label for t in v.fields},
        "dia-phuong": {t.key: t.label for t in v.communes},
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


def command(site_dir: Path, bundle: str = BUNDLE, exclude: tuple[str, ...] = EXCLUDE) -> list[str]:
    return [
        str(pagefind_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        bundle,
        "--glob",
        PROFILES_GLOB,
        "--force-language",
        LANGUAGE,
        "--exclude-selectors",
        ", ".join(exclude),
    ]


def build_index(
    site_dir: Path, card_labels: dict[str, dict[str, str]] | None = None
) -> IndexReport:
    """Index the profiles of a built site into `<site_dir>/pagefind/`, then again with their
    stories into `<site_dir>/pagefind-cau-chuyen/`, and report on both runs.

    `card_labels` (see `labels()`) is written beside the main index as `LABELS_FILE`, for the
    cards of either index.
    """
    for name in (BUNDLE, STORY_BUNDLE):
        if (site_dir / name).exists():  # a stale index could still list a withdrawn record
            shutil.rmtree(site_dir / name)
    if not any(site_dir.glob(PROFILES_GLOB)):  # an empty roll: Pagefind refuses to index nothing
        return IndexReport(pages=0, seconds=0.0, peak_memory_bytes=0, bundle_bytes=0, files=0)
    report = _index(site_dir, BUNDLE, EXCLUDE, UNUSED_BUNDLE_FILES)
    (site_dir / BUNDLE / LABELS_FILE).write_text(
        json.dumps(card_labels or {}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    _measure(site_dir / BUNDLE, report)
    unused = UNUSED_BUNDLE_FILES + UNUSED_STORY_FILES
    stories = _index(site_dir, STORY_BUNDLE, STORY_EXCLUDE, unused)
    report.stories = _measure(site_dir / STORY_BUNDLE, stories)
    return report


def _index(
    site_dir: Path, name: str, exclude: tuple[str, ...], unused: tuple[str, ...]
) -> IndexReport:
    """Run the indexer once into `<site_dir>/<name>/` and make its output reproducible."""
    bundle = site_dir / name
    start = time.perf_counter()
    try:
        process = subprocess.Popen(
            command(site_dir, name, exclude),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)},
        )
    except OSError as exc:
        raise SearchIndexError(f"không chạy được trình lập chỉ mục tìm kiếm ({exc})") from exc
    output = process.stdout.read() if process.stdout else ""
    # wait4 gives this child's own resource usage, so the peak memory is the indexer's alone.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SearchIndexError(
            f"lập chỉ mục tìm kiếm thất bại (mã {process.returncode}):\n{output.strip()}"
        )
    for file in unused:
        (bundle / file).unlink(missing_ok=True)
    try:
        make_reproducible(bundle)
    except UnexpectedFormat as error:
        raise SearchIndexError(
            "chỉ mục do Pagefind viết không đúng khuôn dạng của phiên bản đã ghim trong "
            f"requirements.txt ({error}). Cài lại đúng phiên bản đã ghim (make venv) rồi dựng lại."
        ) from error
    return IndexReport(
        pages=_indexed_pages(output),
        seconds=seconds,
        peak_memory_bytes=usage.ru_maxrss * 1024,  # Linux reports kilobytes
        bundle_bytes=0,
        files=0,
        output=output,
    )


def _measure(bundle: Path, report: IndexReport) -> IndexReport:
    """Fill in the size of the finished bundle."""
    files = [p for p in bundle.rglob("*") if p.is_file()]
    report.bundle_bytes = sum(p.stat().st_size for p in files)
    report.files = len(files)
    return report


def _indexed_pages(output: str) -> int:
    match = re.search(r"Indexed (\d+) pages?", output)
    return int(match.group(1)) if match else 0
