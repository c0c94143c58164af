"""The pages' Content Security Policy holds in a real browser: the site's own scripts run, nothing
is refused that the site needs, no request leaves the site at page load, and links to other
sites do not hand them the page (rel="noopener noreferrer")."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

PAGES = [
    "",
    "ghi-danh/",
    "ghi-danh/giang-a-chinh-y-ty/",
    "thong-ke/",
    "du-lieu-mo/",
    "linh-vuc/",
    "gioi-thieu/",
    "khong-co-trang-nay/",
]
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.parametrize("path", PAGES)
def test_policy_refuses_nothing_the_site_needs(phone: Page, site_url: str, path: str):
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.add_init_script(WATCH_VIOLATIONS)
    phone.goto(site_url + path)
    phone.wait_for_load_state("networkidle")
    policy = phone.locator('meta[http-equiv="Content-Security-Policy"]')
    assert policy.count() == 1
    assert phone.evaluate("window.__violations") == []
    own = urlsplit(site_url).netloc
    assert [u for u in requests if urlsplit(u).netloc not in (own, "")] == []


def test_policy_blocks_a_script_that_got_in(phone: Page, site_url: str):
    phone.add_init_script(WATCH_VIOLATIONS)
    phone.goto(site_url + "ghi-danh/")
    phone.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.appendChild(s);
    }""")
    assert phone.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in phone.evaluate("window.__violations"))


def test_links_to_other_sites_keep_the_page_to_themselves(phone: Page, site_url: str):
    own = urlsplit(site_url).netloc
    for path in ["ghi-danh/giang-a-chinh-y-ty/", "ghi-danh/vu-thi-hoa-sa-pa/", "du-lieu-mo/"]:
        phone.goto(site_url + path)
        links = phone.eval_on_selector_all("a[href]", "els => els.map(a => [a.href, a.rel])")
        external = [
            (href, rel)
            for href, rel in links
            if urlsplit(href).scheme in ("http", "https") and urlsplit(href).netloc != own
        ]
        assert external, path
        for href, rel in external:
            assert {"noopener", "noreferrer"} <= set(rel.split()), (path, href, rel)
