"""The website to build from a validated project: its generated pages and the files beside them.

This is plain Python with no mkdocs import: `plugin.py` turns `Website.pages()` into mkdocs pages
and calls `write_assets()` after mkdocs has written its own files. Tests build a `Website` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import images, share
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
    kind: str  # "profile" | "listing" | "dimension"
    record: Record | None = None
    meta: dict = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


class Website:
    def __init__(self, project: Project, site_name: str, site_url: str = "") -> None:
        if not project.ok:
            raise ValueError("a project with errors is never published")
        self.project = project
        self.site_name = site_name
        self.site_url = site_url  # absolute base for share links and tags ("" when unknown)
        self.catalog = Catalog(project.records, project.vocabularies)
        self.photos = self._plan_photos()
        self.share_images = self._plan_share_images()
        self.renderer = Renderer(self.catalog, self.photos, site_name, site_url)

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
                portrait=published.largest.key if published else None,
                placeholder=None if published else images.placeholder_for(record),
            )
            alt = f"{record.name} — {badge}" + (f", {details[0]}" if details else "")
            cards[profile_url(record.slug)] = share.share_image(record.slug, card, alt)
        site = share.Card(
            title=self.site_name,
            kicker="Danh sách công khai",
            details=("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",),
            badge=f"{len(self.catalog.records)} điển hình được ghi danh",
            badge_strong=True,
            footer=share.host(self.site_url) or self.site_name,
        )
        cards[""] = share.share_image("trang", site, self.site_name)
        return cards

    def share_tags(
        self, url: str, title: str, description: str, record: Record | None = None
    ) -> list[tuple[str, str, str]]:
        """Open Graph and Twitter tags of the page at site-relative `url` (content unescaped)."""
        image = self.share_images.get(url) if record is not None else None
        return share.meta_tags(
            title=title,
            description=description,
            url=share.absolute(self.site_url, url),
            image=image or self.share_images[""],
            site_url=self.site_url,
            site_name=self.site_name,
            kind="article" if record is not None else "website",
        )

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
        return specs

    def home_sections(self, base: str = "") -> dict[str, str]:
        return self.renderer.home_sections(base)

    def write_assets(self, site_dir: Path) -> None:
        """Photo renditions, then share images (drawn from them), from the cache into the site."""
        cache = self.project.cache
        cache.build(images.photo_jobs(self.photos.values()), site_dir, "Xử lý ảnh")
        cache.build(share.jobs(self.share_images.values(), cache), site_dir, "Ảnh chia sẻ")
