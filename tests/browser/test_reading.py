"""Reading the honor roll on a phone: pages fit a 360 px screen and show what they promise."""

from playwright.sync_api import Page


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide at a 360px viewport"


def test_profile_fits_a_phone_and_shows_the_portrait(phone: Page, site_url: str):
    phone.goto(site_url + "ghi-danh/giang-a-chinh-y-ty/")
    assert phone.locator("h1").inner_text() == "Giàng A Chính"
    _no_horizontal_scroll(phone)
    portrait = phone.locator(".hr-profile__portrait img")
    portrait.wait_for()
    assert phone.evaluate("img => img.complete && img.naturalWidth > 0", portrait.element_handle())
    assert phone.locator(".hr-badge--provincial").first.inner_text() == "Điển hình cấp tỉnh"


def test_roll_lists_every_card_on_a_phone(phone: Page, site_url: str):
    phone.goto(site_url + "ghi-danh/")
    _no_horizontal_scroll(phone)
    # 25 sample records: one page (a last page of a single card joins the one before it).
    assert phone.locator(".hr-card").count() == 25
    assert phone.locator("a[rel=next]").count() == 0


def test_a_card_opens_its_profile(phone: Page, site_url: str):
    phone.goto(site_url + "linh-vuc/education/")
    phone.get_by_role("link", name="Vũ Thị Hoa").click()
    phone.wait_for_url("**/ghi-danh/vu-thi-hoa-sa-pa/")
    assert "Vũ Thị Hoa" in phone.title()


def test_unknown_address_gets_a_vietnamese_page_with_ways_back(phone: Page, site_url: str):
    response = phone.goto(site_url + "ghi-danh/ho-so-da-doi-ten/")
    assert response is not None and response.status == 404
    assert phone.locator("h1").inner_text() == "Không tìm thấy trang"
    phone.get_by_role("link", name="Tìm kiếm điển hình").click()
    phone.wait_for_url("**/tim-kiem/")
