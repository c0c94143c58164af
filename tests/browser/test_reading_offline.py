"""Reading without a connection, in Chromium at 360×740: after a first visit, the pages a reader
opened are still there when the connection is gone, and the others say so and list them.

The sample site is served by a server of the test's own, which is stopped to take the
connection away (the browser then meets a refused connection, as a phone with no signal does).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from generator.staticserver import StaticHandler, serve

REPO = Path(__file__).resolve().parents[2]

PHONE = {"width": 360, "height": 740}
PROFILE = "ghi-danh/giang-a-chinh-y-ty/"  # opened online
NEVER_OPENED = "ghi-danh/lo-thi-sua-bat-xat/"


def wait_until_kept(page: Page, count: int) -> None:
    """Until the worker controls the page and keeps `count` pages."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    for _ in range(100):
        kept = page.evaluate(
            "() => caches.open('hr-pages').then(c => c.keys()).then(k => k.length)"
        )
        if kept >= count:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{kept} pages kept, not {count}")


def header_colour(page: Page) -> str:
    return page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")


def test_pages_opened_once_are_read_without_a_connection(browser: Browser, sample_site: Path):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(sample_site) as base:
        page.goto(base)
        # The first page was loaded before the worker existed: it asks to be kept.
        wait_until_kept(page, 1)
        styled = header_colour(page)
        page.goto(base + PROFILE)
        page.wait_for_load_state("networkidle")
        wait_until_kept(page, 2)
        name = page.locator("h1").inner_text()
    # The connection is gone.

    page.goto(base)
    expect(page.locator("h1")).to_have_text("Ghi danh điển hình tiên tiến tỉnh Lào Cai")
    assert header_colour(page) == styled, "the site's styles come from the phone too"

    page.goto(base + PROFILE)
    expect(page.locator("h1")).to_have_text(name)
    photo = page.locator(".hr-profile__portrait img")
    expect(photo).to_have_count(1)
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "photo kept"

    page.goto(base + NEVER_OPENED + "?tu=zalo#cau-chuyen")
    expect(page.locator("h1")).to_have_text("Không có kết nối mạng")
    assert page.url == base + NEVER_OPENED + "?tu=zalo#cau-chuyen", "shown at its address"
    assert header_colour(page) == styled
    kept = page.locator("#hr-offline-pages a")
    expect(kept).to_have_count(2)
    expect(kept).to_have_text([name, "Trang chủ"])  # the latest first, without the site's name
    kept.first.click()
    expect(page.locator("h1")).to_have_text(name)
    assert not errors, errors
    context.close()


def test_online_a_page_is_the_published_one_not_the_kept_copy(browser: Browser, sample_site: Path):
    """Network first: a copy kept on the phone is shown only when the network does not answer."""
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    with serve(sample_site) as base:
        page.goto(base + "gioi-thieu/")
        wait_until_kept(page, 1)
        title = page.locator("h1").inner_text()
        # An old copy of the page, as if kept before the page was changed on the host.
        page.evaluate(
            """url => caches.open("hr-pages").then(cache => cache.put(url, new Response(
                "<title>x</title><h1>Bản cũ</h1>", {headers: {"content-type": "text/html; charset=utf-8"}})))""",
            base + "gioi-thieu/",
        )
        page.goto(base + "gioi-thieu/")
        expect(page.locator("h1")).to_have_text(title)
        page.wait_for_load_state("networkidle")
    page.goto(base + "gioi-thieu/")  # offline: the copy the last visit kept, not the old one
    expect(page.locator("h1")).to_have_text(title)
    context.close()


def kept_keys(page: Page, cache: str) -> list[str]:
    return page.evaluate(
        f"() => caches.open('{cache}').then(c => c.keys()).then(k => k.map(r => r.url))"
    )


def test_a_search_made_online_is_made_again_offline(browser: Browser, sample_site: Path):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    with serve(sample_site) as base:
        page.goto(base)
        wait_until_kept(page, 1)
        page.click("[data-hr-search-open]")
        page.fill("#hr-search-q", "giang a chinh")
        expect(page.locator(".hr-search__results .hr-result").first).to_contain_text(
            "Giàng A Chính"
        )
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # the last files are written after they are shown
    page.goto(base)
    page.click("[data-hr-search-open]")
    page.fill("#hr-search-q", "giang a chinh")
    expect(page.locator(".hr-search__results .hr-result").first).to_contain_text("Giàng A Chính")
    context.close()


def test_a_page_the_site_no_longer_has_is_let_go(browser: Browser, sample_site: Path):
    """A withdrawn record's profile answers 404: the copy a reader kept is deleted."""
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    gone = "ghi-danh/da-dua-ra-khoi-danh-sach/"
    with serve(sample_site) as base:
        page.goto(base)
        wait_until_kept(page, 1)
        page.evaluate(
            """url => caches.open("hr-pages").then(cache => cache.put(url, new Response(
                "<title>Hồ sơ cũ</title><h1>Hồ sơ cũ</h1>",
                {headers: {"content-type": "text/html; charset=utf-8"}})))""",
            base + gone,
        )
        assert base + gone in kept_keys(page, "hr-pages")
        page.goto(base + gone)
        expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
        page.wait_for_timeout(300)
        assert base + gone not in kept_keys(page, "hr-pages")
    context.close()


def test_an_empty_worker_removes_itself_and_what_it_kept(
    browser: Browser, sample_site: Path, tmp_path: Path
):
    """What `offline: false` or `mkdocs serve` publishes: the theme's sw.js, BUILD left empty."""
    site = tmp_path / "site"
    shutil.copytree(sample_site, site, copy_function=os.link)
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    with serve(site) as base:
        page.goto(base)
        wait_until_kept(page, 1)
        (site / "sw.js").unlink()  # a hard link: the sample site keeps its own
        shutil.copy(REPO / "theme" / "sw.js", site / "sw.js")
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        for _ in range(50):
            left = page.evaluate(
                """() => Promise.all([caches.keys(), navigator.serviceWorker.getRegistrations()])
                    .then(([names, workers]) => names.length + workers.length)"""
            )
            if not left:
                break
            page.wait_for_timeout(200)
        assert not left, "caches or the worker are still there"
    context.close()


class SlowHandler(StaticHandler):
    """Answers `SLOW` pages after 6 s, changed: a link in a border commune, and a page updated
    on the host meanwhile."""

    SLOW: set[str] = set()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path not in self.SLOW:
            super().do_GET()
            return
        time.sleep(6)
        page = Path(self.translate_path(self.path)) / "index.html"
        body = page.read_bytes().replace(b"</h1>", " (bản mới)</h1>".encode(), 1)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_on_a_link_too_slow_the_kept_copy_is_shown_then_replaced(
    browser: Browser, sample_site: Path
):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    with serve(sample_site, handler_class=SlowHandler) as base:
        page.goto(base)
        wait_until_kept(page, 1)
        page.goto(base + PROFILE)
        wait_until_kept(page, 2)
        name = page.locator("h1").inner_text()
        SlowHandler.SLOW.add("/" + PROFILE)
        try:
            start = time.monotonic()
            page.reload()  # revalidates: the request reaches the slow server
            expect(page.locator("h1")).to_have_text(name)
            shown = time.monotonic() - start
            assert 3.5 < shown < 5.9, shown  # PATIENCE, not the 6 s of the network
            # The network's copy arrives later and replaces the kept one.
            for _ in range(50):
                kept = page.evaluate(
                    "url => caches.match(url, {cacheName: 'hr-pages'}).then(r => r.text())",
                    base + PROFILE,
                )
                if "(bản mới)" in kept:
                    break
                page.wait_for_timeout(200)
            assert "(bản mới)" in kept
        finally:
            SlowHandler.SLOW.clear()
    context.close()
