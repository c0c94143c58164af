"""The pages of the sample site stay within the page-weight budgets of tests/budgets.py."""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path

import budgets
import pytest

_STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')
# Scripts a current browser runs: those marked `nomodule` are only fetched by browsers too old
# for ES modules (assets/nomodule.js).
_SCRIPT = re.compile(r'<script\b(?![^>]*\bnomodule\b)[^>]*\bsrc="([^"]+)"')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def linked(site: Path, page: str, pattern: re.Pattern) -> dict[str, int]:
    """gzip size of each file the page links with `pattern`, by URL."""
    html = (site / page).read_text(encoding="utf-8")
    folder = posixpath.dirname(page)
    sizes = {}
    for url in pattern.findall(html):
        path = site / posixpath.normpath(posixpath.join(folder, url.split("?", 1)[0]))
        sizes[url] = gzipped(path.read_bytes())
    return sizes


def profiles(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in (site / "ghi-danh").glob("*/index.html")
        if p.parent.name != "trang"
    )


def test_every_profile_is_within_the_html_budget(sample_site: Path):
    pages = profiles(sample_site)
    assert pages
    sizes = {p: gzipped((sample_site / p).read_bytes()) for p in pages}
    heaviest = max(sizes, key=sizes.get)
    assert sizes[heaviest] <= budgets.PROFILE_HTML, f"{heaviest}: {sizes[heaviest]} bytes gzip"


@pytest.mark.parametrize(
    ("page", "budget"),
    [("ghi-danh/index.html", budgets.LISTING_HTML), ("index.html", budgets.HOME_HTML)],
)
def test_listing_and_home_html_are_within_budget(sample_site: Path, page: str, budget: int):
    assert gzipped((sample_site / page).read_bytes()) <= budget


@pytest.mark.parametrize(
    "page", ["index.html", "ghi-danh/index.html", "tim-kiem/index.html", "thong-ke/index.html"]
)
def test_css_and_js_are_within_budget(sample_site: Path, page: str):
    for page_path in [page, profiles(sample_site)[0]]:
        css = linked(sample_site, page_path, _STYLESHEET)
        js = linked(sample_site, page_path, _SCRIPT)
        assert css and js, page_path
        assert sum(css.values()) <= budgets.CSS_TOTAL, (page_path, css)
        assert sum(js.values()) <= budgets.JS_TOTAL, (page_path, js)
