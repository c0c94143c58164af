"""The website to build from a validated project: its generated pages and the files beside them.

This is plain Python with no mkdocs import: `plugin.py` turns `Website.pages()` into mkdocs pages
and calls `write_assets()` after mkdocs has written its own files. Tests build a `Website` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import images, search
from .catalog import Catalog, page_url, profile_url
from .project import Project
from .records import Record
from .render import Renderer


@dataclass
class PageSpec:
    """A generated page: its address, title, and how to render its content."""

    url: str  # site-relative directory URL, e.g. "ghi-danh/nguyen-thi-mai/"
    title: str
    description: str
    render: Callable[[], str]
    kind: str  # "profile" | "listing" | "dimension" | "search"
    record: Record | None = None
    meta: dict = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


class Website:
    def __init__(self, project: Project, site_name: str) -> None:
        if not project.ok:
            raise ValueError("a project with errors is never published")
        self.project = project
        self.catalog = Catalog(project.records, project.vocabularies)
        self.photos = self._plan_photos()
        self.renderer = Renderer(self.catalog, self.photos, site_name)

    def _plan_photos(self) -> dict[Path, images.PublishedPhoto]:
        """Renditions of the photos of public records only: withdrawn records publish nothing."""
        infos = self.project.validation.images
        planned: dict[Path, images.PublishedPhoto] = {}
        for record in self.catalog.records:
            for index, photo in enumerate(record.photos):
                planned[photo.path] = images.plan(record.slug, index, photo.path, infos[photo.path])
        return planned

    @property
    def has_sample_data(self) -> bool:
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
        listings = [(roll, None)] + [
            (lst, d) for d in self.catalog.dimensions for lst in d.listings
        ]
        for listing, dimension in listings:
            pages = listing.pages()
            for number in range(1, len(pages) + 1):
                title = listing.heading if number == 1 else f"{listing.heading} — trang {number}"
                specs.append(
                    PageSpec(
                        page_url(listing.url, number),
                        title,
                        f"{listing.heading}: {len(listing.records)} điển hình tiên tiến được ghi danh.",
                        lambda lst=listing, n=number, p=pages, d=dimension: renderer.listing_page(
                            lst, n, p, d
                        ),
                        "listing",
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
                lambda: renderer.search_page(search.SEARCH_URL),
                "search",
            )
        )
        return specs

    def home_sections(self, base: str = "") -> dict[str, str]:
        return self.renderer.home_sections(base)

    def write_assets(self, site_dir: Path) -> None:
        for photo in self.photos.values():
            images.publish(photo, site_dir)

    def write_search_index(self, site_dir: Path) -> search.IndexReport:
        """Index the profiles written into `site_dir` (run after every page is written)."""
        return search.build_index(site_dir, search.labels(self.catalog))
