"""What Lighthouse checks, kept in the test suite: pages do not move once shown (layout shift),
the search page's results break no rule of the Content Security Policy, and a page fetches
nothing it does not show."""

import pytest
from playwright.sync_api import Browser, Page

WATCH = """
window.__shift = 0;
window.__violations = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: 'layout-shift', buffered: true});
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.parametrize(
    "path", ["", "ghi-danh/", "ghi-danh/giang-a-chinh-y-ty/", "tim-kiem/", "tim-kiem/?q=chi+bo"]
)
def test_pages_do_not_move_once_shown(browser: Browser, site_url: str, path: str):
    # Lighthouse's phone (412×823): tall enough that what would move is on screen.
    context = browser.new_context(
        viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
    )
    page = context.new_page()
    page.add_init_script(WATCH)
    # A slow phone on a slow link, as Lighthouse simulates: scripts start after the first paint.
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 200_000,
            "uploadThroughput": 90_000,
        },
    )
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shift = page.evaluate("window.__shift")
    context.close()
    # Lighthouse's "good" is below 0.1; the site has no reason to shift at all.
    assert shift < 0.01


def test_search_results_with_placeholders_break_no_policy_rule(phone: Page, site_url: str):
    phone.add_init_script(WATCH)
    # Collectives have no portrait in the sample data: their results show the drawn placeholder.
    phone.goto(site_url + "tim-kiem/?q=chi+bo")
    phone.wait_for_selector("[data-finder-results] .hr-thumb")
    tints = phone.eval_on_selector_all(
        "[data-finder-results] .hr-thumb",
        "els => els.map(e => getComputedStyle(e).backgroundColor)",
    )
    assert tints and all(t not in ("rgba(0, 0, 0, 0)", "transparent") for t in tints)
    assert phone.evaluate("window.__violations") == []


@pytest.mark.parametrize("path", ["", "ghi-danh/giang-a-chinh-y-ty/", "tim-kiem/"])
def test_a_page_does_not_fetch_the_sitemap(phone: Page, site_url: str, path: str):
    """mkdocs-material fetches sitemap.xml for every <link rel=alternate> (1.8 MB at 10,000
    records); the feed links are written so that it does not."""
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(site_url + path)
    phone.wait_for_load_state("networkidle")
    assert requests and not [url for url in requests if "sitemap" in url]
