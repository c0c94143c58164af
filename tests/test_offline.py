"""Reading without a connection: the service worker of the built site and what it fetches ahead.

The worker's behaviour in a browser (pages kept, the offline page, its list) is checked in
tests/browser/test_reading_offline.py; here, what the build writes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO

from generator.offline import OFFLINE_PAGE, WORKER, OfflineError, fill_worker, loaded_files

_BUILD = re.compile(r"^const BUILD = (\{.*\}); // filled in by generator/offline\.py$", re.M)


def build_of(site: Path) -> dict:
    return json.loads(_BUILD.search((site / WORKER).read_text(encoding="utf-8")).group(1))


def test_the_sample_site_has_a_worker_that_fetches_the_offline_page_and_its_files(sample_site):
    build = build_of(sample_site)
    assert re.fullmatch(r"[0-9a-f]{16}", build["version"])
    assert build["offline"] == OFFLINE_PAGE
    shell = build["shell"]
    for wanted in ("assets/honor-roll.css", "assets/search.js", "assets/offline.js"):
        assert wanted in shell
    assert any(re.fullmatch(r"assets/stylesheets/main\.\w+\.min\.css", path) for path in shell)
    assert any(re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", path) for path in shell)
    assert all((sample_site / path).is_file() for path in shell)
    assert "feed.xml" not in shell  # a link, not something the page loads


def test_the_offline_page_is_vietnamese_unindexed_and_under_the_content_policy(sample_site):
    html = (sample_site / OFFLINE_PAGE).read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert (
        "<title>Không có kết nối mạng - Ghi danh điển hình tiên tiến tỉnh Lào Cai</title>" in html
    )
    assert '<meta name="robots" content="noindex">' in html
    assert 'http-equiv="Content-Security-Policy"' in html
    assert 'id="hr-offline-pages"' in html
    # Shown at any page's address: its links are absolute from the site's root.
    assert 'href="/tim-kiem/"' in html and 'href="/assets/offline.js"' not in html
    assert 'src="/assets/offline.js"' in html
    assert OFFLINE_PAGE not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["index.html", "ghi-danh/index.html", "tim-kiem/index.html"])
def test_every_page_installs_the_worker(sample_site, page):
    html = (sample_site / page).read_text(encoding="utf-8")
    assert re.search(r'<script src="(\.\./)*assets/offline\.js" defer>', html)


def test_loaded_files_resolves_relative_and_root_links_and_skips_other_hosts():
    html = """
      <link rel="icon" href="/site/assets/favicon.png">
      <link rel="stylesheet" href="../assets/main.css">
      <link rel="alternate feed" href="/site/feed.xml">
      <link rel="preconnect" href="https://example.org/">
      <script src="https://example.org/tracker.js"></script>
      <script src="/elsewhere/x.js"></script>
      <script type="module" src="../assets/search.js"></script>
      <script>inline()</script>
      <img src="../anh/a-320.webp" alt="">
      <link rel="stylesheet" href="../assets/main.css">
    """
    assert loaded_files(html, "ghi-danh/index.html", "/site") == [
        "assets/favicon.png",
        "assets/main.css",
        "assets/search.js",
        "anh/a-320.webp",
    ]


def fake_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    shutil.copy(REPO / "theme" / WORKER, site / WORKER)
    (site / OFFLINE_PAGE).write_text(
        '<link rel="stylesheet" href="/assets/a.css"><script src="/assets/b.js"></script>',
        encoding="utf-8",
    )
    (site / "assets" / "a.css").write_text("body{}", encoding="utf-8")
    (site / "assets" / "b.js").write_text("1", encoding="utf-8")
    return site


def test_the_version_follows_the_bytes_of_every_file_fetched_ahead(tmp_path):
    site = fake_site(tmp_path)
    first = fill_worker(site, "https://example.org/")
    assert first["shell"] == ["assets/a.css", "assets/b.js"]
    assert build_of(site) == first
    source = (site / WORKER).read_text(encoding="utf-8")

    # The same files again (a rebuild from a fresh copy of the theme, or over the filled worker
    # with --dirty): the same worker, byte for byte, so browsers install nothing new.
    assert fill_worker(site, "https://example.org/") == first
    shutil.copy(REPO / "theme" / WORKER, site / WORKER)
    assert fill_worker(site, "https://example.org/") == first
    assert (site / WORKER).read_text(encoding="utf-8") == source

    for changed, text in (("assets/a.css", "body{color:red}"), (OFFLINE_PAGE, None)):
        if text is None:
            text = (site / changed).read_text(encoding="utf-8") + "<p>Thêm một dòng</p>"
        (site / changed).write_text(text, encoding="utf-8")
        shutil.copy(REPO / "theme" / WORKER, site / WORKER)
        again = fill_worker(site, "https://example.org/")
        assert again["version"] != first["version"], changed
        first = again


def test_a_site_hosted_in_a_folder_gets_paths_inside_it(tmp_path):
    site = fake_site(tmp_path)
    (site / OFFLINE_PAGE).write_text(
        '<link rel="stylesheet" href="/vinh-danh/assets/a.css">', encoding="utf-8"
    )
    assert fill_worker(site, "https://example.org/vinh-danh/")["shell"] == ["assets/a.css"]


def test_a_file_the_offline_page_needs_but_the_site_lacks_stops_the_build(tmp_path):
    site = fake_site(tmp_path)
    (site / "assets" / "b.js").unlink()
    with pytest.raises(OfflineError, match="assets/b.js"):
        fill_worker(site)


def test_a_missing_offline_page_or_build_line_is_named(tmp_path):
    site = fake_site(tmp_path)
    (site / OFFLINE_PAGE).unlink()
    with pytest.raises(OfflineError, match="static_templates"):
        fill_worker(site)
    site = fake_site(tmp_path / "2")
    (site / WORKER).write_text("self.addEventListener('fetch', () => {});", encoding="utf-8")
    with pytest.raises(OfflineError, match="const BUILD"):
        fill_worker(site)


def test_a_theme_without_a_worker_builds_as_before(tmp_path):
    site = fake_site(tmp_path)
    (site / WORKER).unlink()
    assert fill_worker(site) is None
    assert not (site / WORKER).exists()
