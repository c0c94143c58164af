"""The statistics, open-data and press-kit parts of the site, as a phone shows them."""

from __future__ import annotations

from playwright.sync_api import Page


def _no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_statistics_charts_are_readable_on_a_phone(phone: Page, site_url: str):
    phone.goto(site_url + "thong-ke/")
    _no_horizontal_scroll(phone)
    charts = phone.locator("figure.hr-chart svg")
    assert charts.count() == 7
    chart = phone.locator("#chart-linh-vuc-t").locator("xpath=..")
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 360
    # Labels keep a readable size at phone width (no viewBox shrinking them).
    size = phone.evaluate(
        "el => parseFloat(getComputedStyle(el.querySelector('text')).fontSize)",
        chart.element_handle(),
    )
    assert size >= 12
    label = chart.locator("text").first
    label_box = label.bounding_box()
    assert label_box is not None and label_box["x"] + label_box["width"] <= 360
    # The numbers are also a table, one tap away.
    phone.get_by_text("Bảng số liệu: lĩnh vực").click()
    assert phone.locator(".hr-chart__data table").nth(1).is_visible()


def test_press_kit_downloads_the_fact_sheet(phone: Page, site_url: str):
    phone.goto(site_url + "ghi-danh/giang-a-chinh-y-ty/")
    block = phone.locator(".hr-press")
    block.scroll_into_view_if_needed()
    assert block.locator("h2").inner_text() == "Dành cho báo chí"
    with phone.expect_download() as info:
        block.get_by_role("link", name="Tải bản thông tin").click()
    download = info.value
    assert download.suggested_filename == "giang-a-chinh-y-ty-thong-tin.txt"
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("# Giàng A Chính")
    assert "312-QĐ/TU" in text
