"""The website to build from a validated project: its generated pages and the files beside them.

This is plain Python with no mkdocs import: `plugin.py` turns `Website.pages()` into mkdocs pages
and calls `publish()` after mkdocs has written its own files. Tests build a `Website` directly.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from . import exports, feeds, images, parallel, presskit, redirects, search, share, sitedir
from .catalog import Catalog, page_url, profile_url
from .project import Project
from .provenance import last_updated, record_dates
from .records import Record
from .render import Renderer
from .statistics import statistics

IMAGES_LABEL = "Xử lý ảnh"  # the progress bar of photos and share images


@dataclass
class PageSpec:
    """A generated page: its address, title, and how to render its content."""

    url: str  # site-relative directory URL, e.g. "ghi-danh/nguyen-thi-mai/"
    title: str
    description: str
    render: Callable[[], str]
    kind: str  # "profile" | "listing" | "dimension" | "page"
    record: Record | None = None
    meta: dict = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


class Website:
    def __init__(self, project: Project, site_name: str, site_url: str = "") -> None:
        """`site_url`: the public address (mkdocs' `site_url`) for absolute links in open data."""
        if not project.ok:
            raise ValueError("a project with errors is never published")
        self.project = project
        self.site_name = site_name
        # Absolute base for share links, tags and open data ("" when unknown).
        self.site_url = site_url
        self.catalog = Catalog(project.records, project.vocabularies)
        self.photos = self._plan_photos()
        self.share_images = self._plan_share_images()
        self.renderer = Renderer(
            self.catalog,
            self.photos,
            site_name,
            site_url,
            project.layout.cache_path,
            project.context,
        )
        self.open_data = exports.OpenData(
            self.catalog,
            self.photos,
            site_url,
            last_updated(project.layout, self.catalog.records),
            self.renderer.story.text,
            functools.partial(record_dates, project.layout),
        )
        self.redirects = redirects.plan(self.catalog)
        self._images: images.Background | None = None
        self._data: tuple[parallel.Forked[list[str]], Path] | None = None  # start_data()
        self._indexer: search.Indexer | None = None

    def _plan_photos(self) -> dict[Path, images.PublishedPhoto]:
        """Renditions of the photos of public records only: withdrawn records publish nothing."""
        infos = self.project.validation.images
        planned: dict[Path, images.PublishedPhoto] = {}
        for record in self.catalog.records:
            for index, photo in enumerate(record.photos):
                planned[photo.path] = images.plan(record.slug, index, photo.path, infos[photo.path])
        return planned

    def _plan_share_images(self) -> dict[str, share.ShareImage]:
        """A share image per profile (by page URL), and the site-wide one under ""."""
        vocab = self.catalog.vocabularies
        cards: dict[str, share.ShareImage] = {}
        for record in self.catalog.records:
            published = self.photos.get(record.portrait.path) if record.portrait else None
            badge = vocab.levels[record.highest_level].get("badge") or ""
            # The unit usually names the place; the commune stands in when there is no unit.
            place = record.unit or vocab.communes.label(record.commune)
            details = tuple(d for d in (record.role, place) if d)
            card = share.Card(
                title=record.name,
                kicker=f"{vocab.kinds.label(record.kind)} · {vocab.subjects.label(record.subject)}",
                details=details,
                badge=badge,
                badge_strong=record.highest_level == "provincial",
                footer=self.site_name,
                portrait=share.portrait_for(published).key if published else None,
                placeholder=None if published else images.placeholder_for(record),
                ribbon="DỮ LIỆU MẪU" if record.sample else "",
            )
            alt = f"{record.name} — {badge}" + (f", {details[0]}" if details else "")
            if record.sample:
                alt += " (dữ liệu mẫu, hư cấu)"
            cards[profile_url(record.slug)] = share.share_image(record.slug, card, alt)
        site = share.Card(
            title=self.site_name,
            kicker="Danh sách công khai",
            details=("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",),
            badge=f"{len(self.catalog.records)} điển hình được ghi danh",
            badge_strong=True,
            footer=share.host(self.site_url) or self.site_name,
            # Its count would pass for real exemplars: shared, the picture travels alone.
            ribbon="DỮ LIỆU MẪU" if self.has_sample_data else "",
        )
        alt = self.site_name + (" (dữ liệu mẫu, hư cấu)" if self.has_sample_data else "")
        cards[""] = share.share_image("trang", site, alt)
        return cards

    def share_tags(
        self, url: str, title: str, description: str, record: Record | None = None
    ) -> list[tuple[str, str, str]]:
        """Open Graph and Twitter tags of the page at site-relative `url` (content unescaped)."""
        image = self.share_images.get(url) if record is not None else None
        if record is not None:
            # Shared on Zalo or Facebook, the name alone says nothing of why it is there.
            badge = self.catalog.vocabularies.levels[record.highest_level].get("badge")
            title = f"{record.name} — {badge}" if badge else record.name
        if record.sample if record is not None else self.has_sample_data:
            description = f"Dữ liệu mẫu, hư cấu: {description}"
        return share.meta_tags(
            title=title,
            description=description,
            url=share.absolute(self.site_url, url),
            image=image or self.share_images[""],
            site_url=self.site_url,
            site_name=self.site_name,
            kind="article" if record is not None else "website",
        )

    @functools.cached_property
    def has_sample_data(self) -> bool:  # asked by every page's share tags
        return any(r.sample for r in self.catalog.records)

    def pages(self) -> list[PageSpec]:
        renderer = self.renderer
        specs: list[PageSpec] = []
        for record in self.catalog.records:
            specs.append(
                PageSpec(
                    profile_url(record.slug),
                    record.name,
                    record.summary,
                    lambda r=record: renderer.profile(r),
                    "profile",
                    record,
                )
            )
        roll = self.catalog.roll
        listings = [(roll, None)] + [(lst, d) for d in self.catalog.dimensions for lst in d.every]
        for listing, dimension in listings:
            pages = listing.pages()
            # A place or field with no exemplar yet (most communes, early in the plan): the
            # page says so to whoever opens it, but search engines are asked not to list it
            # and the sitemap leaves it out, as pages with nothing on them.
            meta: dict = {"honor_roll_unlisted": True} if not listing.records else {}
            if dimension is not None and dimension.key == "linh-vuc" and listing.key:
                # A field's listing also announces the field's own feed in its <head>.
                meta["honor_roll_feed"] = {
                    "url": feeds.field_feed_url(listing.key),
                    "title": escape(f"Mới được ghi danh: {listing.title}"),
                }
            for number in range(1, len(pages) + 1):
                title = listing.heading if number == 1 else f"{listing.heading} — trang {number}"
                specs.append(
                    PageSpec(
                        page_url(listing.url, number),
                        title,
                        _listing_description(listing),
                        lambda lst=listing, n=number, p=pages, d=dimension: renderer.listing_page(
                            lst, n, p, d
                        ),
                        "listing",
                        meta=meta,
                    )
                )
        for dimension in self.catalog.dimensions:
            specs.append(
                PageSpec(
                    dimension.url,
                    dimension.title,
                    dimension.description,
                    lambda d=dimension: renderer.dimension_index(d),
                    "dimension",
                )
            )
        specs.append(
            PageSpec(
                search.SEARCH_URL,
                "Tìm kiếm",
                "Tìm điển hình tiên tiến theo tên, xã phường, lĩnh vực; lọc theo cấp, năm, vùng.",
                lambda: renderer.page(
                    "search.html",
                    search.SEARCH_URL,
                    dimensions=self.catalog.dimensions,
                    page_size=search.PAGE_SIZE,
                ),
                "page",
            )
        )
        specs += self._data_pages()
        return specs

    def _data_pages(self) -> list[PageSpec]:
        """The statistics page and the open-data page."""
        renderer, data = self.renderer, self.open_data
        return [
            PageSpec(
                "thong-ke/",
                "Thống kê",
                "Số điển hình tiên tiến được ghi danh theo loại, lĩnh vực, cấp, năm, xã phường, "
                "đảng ủy và vùng.",
                lambda: renderer.page(
                    "statistics.html", "thong-ke/", stats=statistics(self.catalog), data=data
                ),
                "page",
            ),
            PageSpec(
                f"{exports.FOLDER}/",
                "Dữ liệu mở",
                "Tải toàn bộ danh sách điển hình tiên tiến dạng JSON, CSV, Excel; theo dõi tin "
                "mới qua Atom.",
                lambda: renderer.page(
                    "open_data.html",
                    f"{exports.FOLDER}/",
                    data=data,
                    files=exports.file_urls(),
                    columns=exports.COLUMNS,
                    licence=exports.LICENCE,
                    credit=exports.LICENCE.statement(self.site_name),
                    feeds=feeds.feeds(data, self.site_name),
                    separator=exports.SEPARATOR,
                ),
                "page",
            ),
        ]

    def home_sections(self, base: str = "") -> dict[str, str]:
        return self.renderer.home_sections(base)

    def start_data(self, site_dir: Path) -> None:
        """Start writing open data, feeds and fact sheets (made from the catalog alone) in a
        forked copy of this process, into a hidden folder of the site, while this process renders
        pages; `publish()` moves them into place. Where no copy can be forked (another thread is
        running, as under `mkdocs serve`), `publish()` writes them itself."""
        staging = sitedir.staging(site_dir)
        copy = parallel.Forked(functools.partial(self._write_data, staging))
        self._data = (copy, staging) if copy.forked else None

    def _write_data(self, folder: Path) -> list[str]:
        """Open data, feeds and fact sheets written into `folder`; their paths in it."""
        written = [
            *exports.write(self.open_data, folder, self.site_name),
            *feeds.write(self.open_data, folder, self.site_name),
            *presskit.write(self.open_data, folder, self.site_name),
        ]
        return [path.relative_to(folder).as_posix() for path in written]

    def start_images(self) -> None:
        """Make the photo renditions and share images missing from the cache, in the background,
        while pages are rendered; `publish()` waits for them."""
        self._images = images.Background(self.project.cache, self._image_jobs, IMAGES_LABEL)

    def _image_jobs(self) -> list[images.Job]:
        return share.jobs(self.photos.values(), self.share_images.values(), self.project.cache)

    def start_search(self, site_dir: Path) -> None:
        """Start the search indexer, which `index_profile()` feeds while pages are rendered."""
        self._indexer = search.Indexer(
            site_dir,
            len(self.catalog.records),
            search.labels(self.catalog),
            self.project.layout.cache_path / "search",
        )

    def index_profile(self, spec: PageSpec, content: str) -> None:
        """Hand a rendered profile's content to the search indexer (if started)."""
        if self._indexer is not None and spec.kind == "profile":
            self._indexer.add(spec.url, search.document(content))

    def cancel(self) -> None:
        """The build failed: stop the image work, the data being written and the indexer."""
        if self._data is not None:
            copy, staging = self._data
            self._data = None
            copy.cancel()
            shutil.rmtree(staging, ignore_errors=True)
        if self._images is not None:
            self._images.cancel()
        if self._indexer is not None:
            self._indexer.cancel()

    def publish(self, site_dir: Path) -> search.IndexReport:
        """Everything that follows the pages, then the search index of the profiles.

        The indexer, a separate process, has had every profile since it was rendered and writes
        its bundles while this process writes redirects, links photos and share images and
        moves in open data, feeds and fact sheets; a profile it has not had (none, in a normal
        build) is read back from its written page. What is ready is finished first: a first
        build is still making photos when the pages are done, so the search bundles and open
        data are finished while it does, not after. Raises images.PublishError or
        search.SearchIndexError.
        """
        if self._indexer is None:
            self.start_search(site_dir)
        indexer = self._indexer
        assert indexer is not None
        try:
            redirects.write(self.redirects, site_dir, self.renderer, self.site_url)
            for record in self.catalog.records:
                url = profile_url(record.slug)
                if url not in indexer.added:
                    indexer.add(url, (site_dir / url / "index.html").read_text(encoding="utf-8"))
            indexer.write()
            self.renderer.save()  # every page is rendered by now
            if self._images is not None and self._images.running:
                report = indexer.finish()
                self._place_data(site_dir)
                self._place_images(site_dir)
            else:
                self._place_images(site_dir)
                self._place_data(site_dir)
                report = indexer.finish()
        except BaseException:
            indexer.cancel()
            raise
        return report

    def _place_images(self, site_dir: Path) -> None:
        """Photos and share images, from the cache once the work in the background is done."""
        jobs = None
        if self._images is not None:
            self._images.wait()  # then the build below only links cached files
            jobs = self._images.jobs
        if jobs is None:
            jobs = self._image_jobs()
        self.project.cache.build(jobs, site_dir, IMAGES_LABEL)

    def _place_data(self, site_dir: Path) -> None:
        """Open data, feeds and fact sheets: written meanwhile by a forked copy, if `start_data()`
        could start one, else here."""
        if self._data is None:
            self._write_data(site_dir)
        else:
            copy, staging = self._data
            self._data = None
            sitedir.move_into(staging, site_dir, copy.result())


def _listing_description(listing) -> str:
    count = len(listing.records)
    # The heading may have a colon of its own ("Lĩnh vực: Văn hóa - xã hội"): a dash follows it.
    if not count:
        return f"{listing.heading} — chưa có điển hình nào được công nhận, ghi danh."
    return f"{listing.heading} — {count} điển hình được công nhận, ghi danh."
