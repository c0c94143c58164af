"""Rendering: the HTML of generated pages' content (mkdocs-material draws the page around it).

Templates live in `generator/templates/` with autoescaping on, so every record value is escaped
for HTML text and attributes. The story is Markdown written by editors: `story.py` converts
and sanitizes it (nh3), so raw HTML, scripts, event handlers and `javascript:` links never
reach a page.

Links are page-relative, so the site works from any base path (a GitHub Pages project site, a
sub-folder of a government portal) and from the file system.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .catalog import Catalog, Dimension, Listing, page_url, profile_url
from .images import STAR, PublishedPhoto, placeholder_for
from .pagecache import PageCache, page_context
from .presskit import fact_sheet_url
from .records import Photo, Record
from .search import SENTINEL, STORY_WORDS, SearchData, story_words
from .share import absolute
from .story import StoryRenderer
from .vietnamese import format_count, format_date, format_date_long

_STAR_PATH = "M" + "L".join(f"{x} {y}" for x, y in STAR) + "z"

# Cards are rendered once with every link written as _LINK + site-relative target, then made
# relative to each page that shows them. Records cannot carry a NUL (YAML refuses it).
_LINK = "\x00"
_LINKED = re.compile("\x00([^\"'\\s,]*)")


def relative_url(target: str, base: str) -> str:
    """A link from the page at `base` to `target`, both site-relative ("ghi-danh/x/").

    What `posixpath.relpath` gives for these normalized paths, without its two `os.getcwd()`
    calls: every card, photo and link of every generated page goes through here.
    """
    base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
    head = target.partition("/")[0]
    if head and not base_dir.startswith(f"{head}/"):
        # Nothing in common (most links: from a listing to a profile or a photo): up to the root.
        inside = base_dir.strip("/")
        return "../" * (inside.count("/") + 1 if inside else 0) + target
    from_parts = [p for p in base_dir.split("/") if p]
    to_parts = [p for p in target.split("/") if p]
    common = 0
    for a, b in zip(from_parts, to_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def page_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers a listing's pager shows: the first, the last, and `around` on each side
    of page `number`; None stands for the numbers left out between them.

    Listing every number made each page of a long listing as long as the listing itself: at
    10,000 records the roll's 417 pages each carried 417 links (quadratic in the roll's size).
    """
    wanted = {1, count, *range(max(1, number - around), min(count, number + around) + 1)}
    shown: list[int | None] = []
    previous = 0
    for n in sorted(wanted):
        if n - previous == 2:
            shown.append(previous + 1)  # a gap of one page: the number itself, not "…"
        elif n - previous > 2:
            shown.append(None)
        shown.append(n)
        previous = n
    return shown


class Links:
    """`url(target)` in templates: the link to site-relative `target` from the page at `base`."""

    __slots__ = ("base",)

    def __init__(self, base: str) -> None:
        self.base = base

    def __call__(self, target: str) -> str:
        return relative_url(target, self.base)


class Renderer:
    def __init__(
        self,
        catalog: Catalog,
        photos: dict[Path, PublishedPhoto],
        site_name: str,
        site_url: str = "",
        cache_dir: Path | None = None,
        context: str = "",
    ) -> None:
        """`cache_dir`: where rendered stories and profiles are kept between builds (none: not
        kept); profiles only with the `context` records were checked against (pagecache.py)."""
        self.catalog = catalog
        self.vocab = catalog.vocabularies
        self.photos = photos
        self.site_name = site_name
        self.site_url = site_url
        self.story = StoryRenderer(cache_dir / "stories.json" if cache_dir else None)
        self.pages = (
            PageCache(cache_dir / "pages", page_context(context, site_name, site_url))
            if cache_dir and context
            else None
        )
        self.search = SearchData(catalog, photos)
        self.env = Environment(
            loader=PackageLoader("generator", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # A Renderer lives for one build: templates are not checked on disk at every use.
            auto_reload=False,
        )
        self.env.filters.update(
            date=format_date,
            date_long=format_date_long,
            count=format_count,
        )
        self.env.globals.update(
            vocab=self.vocab,
            catalog=self.catalog,
            profile_url=profile_url,
            placeholder=self.placeholder,
            photo_of=self.photo_of,
            search_entry=lambda record: self.search.entry(record),
            search_sentinel=SENTINEL,
            search_story_class=STORY_WORDS,
            search_story_words=story_words,
            fact_sheet_url=fact_sheet_url,
            card_for=self.card,
        )
        self._cards: dict[tuple[str, int, str, bool, bool], str] = {}
        self._card_macro = None

    def _render(self, template: str, base: str, **context: object) -> str:
        return self.env.get_template(template).render(url=Links(base), **context)

    def card(
        self,
        record: Record,
        level: int,
        loading: str,
        url: Links,
        dated: bool = False,
        result: bool = False,
    ) -> Markup:
        """A record's card (`_macros.html`) for the page `url` belongs to; with `result`, as
        search results show it.

        A record is on about ten listings (the roll, its field, commune, committee, level, year,
        regions, kind), each paginated: its card is rendered once and only its links change.
        """
        key = (record.slug, level, loading, dated, result)
        html = self._cards.get(key)
        if html is None:
            if self._card_macro is None:
                module = self.env.get_template("_macros.html").make_module(
                    {"url": lambda target: _LINK + target}
                )
                self._card_macro = module.card
            html = self._cards[key] = str(self._card_macro(record, level, loading, dated, result))
        base = url.base
        return Markup(_LINKED.sub(lambda m: relative_url(m.group(1), base), html))

    def save(self) -> None:
        """Keep this build's stories and profiles for the next one (every page is rendered)."""
        self.story.save()
        if self.pages is not None:
            self.pages.prune()

    # Photos -----------------------------------------------------------------------------------

    def photo_of(self, photo: Photo | None) -> PublishedPhoto | None:
        return self.photos.get(photo.path) if photo else None

    def placeholder(self, record: Record) -> Markup:
        """An intentional-looking portrait for records without photos (inline SVG, no request)."""
        look = placeholder_for(record)
        if look.letter:
            figure = (
                f'<text x="50" y="50" dy=".35em" text-anchor="middle" font-size="44" '
                f'font-family="system-ui,sans-serif" fill="#fff">{Markup.escape(look.letter)}</text>'
            )
        else:  # the star of collectives
            figure = f'<path fill="#fff" fill-opacity=".92" d="{_STAR_PATH}"/>'
        return Markup(
            f'<svg class="hr-placeholder" viewBox="0 0 100 100" preserveAspectRatio="xMidYMid slice" role="img" '
            f'aria-label="{Markup.escape(record.name)}" xmlns="http://www.w3.org/2000/svg">'
            f'<rect width="100" height="100" fill="{look.tint}"/>{figure}</svg>'
        )

    # Pages ------------------------------------------------------------------------------------

    def profile(self, record: Record) -> str:
        base = profile_url(record.slug)
        story = self.story(record.story)  # also when kept: the story stays in its cache
        share_url = absolute(self.site_url, base)

        def render() -> str:
            return self._render(
                "profile.html", base, record=record, story=story, share_url=share_url
            )

        if self.pages is None:
            return render()
        # Everything the template reads that is not the same on every page (pagecache.py).
        inputs = (
            record,
            [self.photo_of(photo) for photo in record.photos],
            self.search.entry(record),
            share_url,
        )
        return self.pages.get(repr(inputs), render)

    def listing_page(
        self, listing: Listing, number: int, pages: list[list[Record]], dimension: Dimension | None
    ) -> str:
        base = page_url(listing.url, number)
        return self._render(
            "listing.html",
            base,
            listing=listing,
            records=pages[number - 1],
            number=number,
            page_count=len(pages),
            pager=page_window(number, len(pages)),
            page_url=page_url,
            dimension=dimension,
            dimensions=self.catalog.dimensions,
        )

    def dimension_index(self, dimension: Dimension) -> str:
        return self._render(
            "dimension.html", dimension.url, dimension=dimension, dimensions=self.catalog.dimensions
        )

    def page(self, template: str, base: str, **context: object) -> str:
        """A generated page of another module's (statistics, open data) at address `base`."""
        return self._render(template, base, **context)

    def home_sections(self, base: str = "", latest: int = 6) -> dict[str, str]:
        """The generated parts of the home page, by the marker that places them."""
        return {
            "tong-quan": self._render("home_overview.html", base),
            "moi-nhat": self._render("home_latest.html", base, records=self.catalog.latest(latest)),
        }
