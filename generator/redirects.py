"""Redirect pages: a record renamed (its folder, hence its address) keeps its old addresses.

Every slug in a public record's `aliases:` becomes a small page at `/ghi-danh/<alias>/` that
sends the reader on to the record's page: a meta refresh (static hosts cannot send HTTP
redirects), a canonical link for search engines, `noindex`, and a visible link for browsers that
do not follow the refresh. The pages are written after mkdocs has built the site, so they are in
neither the sitemap nor the search index. The validator has already refused aliases that collide
with another record's address; a withdrawn record's aliases lead nowhere and are not written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, profile_url
from .render import Renderer, relative_url


@dataclass(frozen=True)
class Redirect:
    url: str  # the old address, site-relative: "ghi-danh/old-slug/"
    target: str  # the record's address: "ghi-danh/new-slug/"
    name: str  # the record's name, shown in the link


def plan(catalog: Catalog) -> list[Redirect]:
    return [
        Redirect(profile_url(alias), profile_url(record.slug), record.name)
        for record in catalog.records
        for alias in record.aliases
    ]


def page(redirect: Redirect, renderer: Renderer, site_url: str) -> str:
    target = relative_url(redirect.target, redirect.url)
    canonical = site_url.rstrip("/") + "/" + redirect.target if site_url else target
    template = renderer.env.get_template("redirect.html")
    return template.render(name=redirect.name, target=target, canonical=canonical)


def write(redirects: list[Redirect], site_dir: Path, renderer: Renderer, site_url: str) -> None:
    for redirect in redirects:
        path = site_dir / redirect.url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(redirect, renderer, site_url), encoding="utf-8")
