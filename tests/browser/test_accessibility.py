"""axe-core finds no accessibility violation on the pages citizens read, at phone width, and
pages reflow without horizontal scrolling at 320 CSS px (a 640 px window zoomed to 200%)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

AXE = Path(__file__).resolve().parents[2] / "tools/audit/node_modules/axe-core/axe.min.js"
PAGES = [
    "",
    "ghi-danh/",
    "ghi-danh/giang-a-chinh-y-ty/",
    "ghi-danh/chi-bo-thon-ta-phoi/",
    "linh-vuc/",
    "linh-vuc/education/",
    "dia-phuong/bat-xat/",
    "gioi-thieu/",
    "tieu-chi/",
    "thong-ke/",
    "du-lieu-mo/",
    "tim-kiem/",
    "tim-kiem/?q=bat+xat&cap=grassroots",
    "tim-kiem/?q=suong+muoi&cau-chuyen=1",  # results from the index with the stories
    "404.html",
    "ngoai-tuyen.html",  # shown by the service worker when there is no connection
]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


@pytest.fixture
def audited(browser) -> Iterator[Page]:
    """A phone page that lets the test inject axe: the site's own policy refuses any script it
    did not ship, which is the point of it (see test_policy.py)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations_on_a_phone(audited: Page, site_url: str, path: str):
    audited.goto(site_url + path)
    assert axe_violations(audited) == []


# 320: a 640 px window at 200% (WCAG's reflow width); 180: a 360 px phone at 200%.
@pytest.mark.parametrize("width", [320, 180])
@pytest.mark.parametrize("path", PAGES)
def test_reflows_at_200_percent_zoom(browser, site_url: str, path: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 640}, locale="vi-VN")
    page = context.new_page()
    page.goto(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    portrait = page.locator(".hr-profile__portrait img, .hr-profile__portrait svg")
    shown = portrait.first.bounding_box() if portrait.count() else None
    context.close()
    assert overflow <= width, f"{path}: {overflow}px wide at {width}px"
    if shown is not None:  # a grid column squeezed to nothing hides the portrait
        assert shown["width"] >= 100, f"{path}: portrait {shown['width']}px wide"


def test_page_language_is_vietnamese(phone: Page, site_url: str):
    phone.goto(site_url)
    assert phone.evaluate("document.documentElement.lang") == "vi"


def test_keyboard_focus_is_visible(phone: Page, site_url: str):
    phone.goto(site_url + "ghi-danh/")
    for _ in range(12):
        phone.keyboard.press("Tab")
    outline = phone.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const card = el.closest('.hr-card');
        const cardStyle = card ? getComputedStyle(card) : null;
        return [style.outlineStyle, style.outlineWidth, cardStyle && cardStyle.outlineStyle];
    }""")
    assert outline[0] != "none" or outline[2] not in (None, "none"), outline


@pytest.mark.parametrize(
    "path", ["", "ghi-danh/", "ghi-danh/giang-a-chinh-y-ty/", "tim-kiem/", "tieu-chi/"]
)
def test_a_keyboard_skips_to_the_content_and_never_enters_the_closed_menu(
    phone: Page, site_url: str, path: str
):
    """Pages without a table of contents had no skip link, and the phone's closed menu held
    some twenty invisible Tab stops before the content."""
    phone.goto(site_url + path)
    phone.keyboard.press("Tab")
    skip = phone.locator(".md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Bỏ qua, đến nội dung")
    in_menu = "() => !!document.activeElement.closest('.md-sidebar--primary')"
    for _ in range(15):
        phone.keyboard.press("Tab")
        assert not phone.evaluate(in_menu), phone.evaluate("document.activeElement.outerHTML")
    phone.goto(site_url + path)
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    # Past the header and menus: into the content, or the footer of a page with no link.
    behind = "() => !!document.activeElement.closest('.md-header, .md-tabs, .md-sidebar, .md-skip')"
    assert not phone.evaluate(behind), phone.evaluate("document.activeElement.outerHTML")
    phone.locator("label.md-header__button[for='__drawer']").click()  # the menu, opened
    expect(phone.locator(".md-sidebar--primary a").first).to_be_visible()
