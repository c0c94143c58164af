"""Photos and sharing on a 360 px phone: the right srcset candidate, no layout shift, share
buttons that work without any third-party script."""

from __future__ import annotations

from helpers import Gate
from playwright.sync_api import Page

PROFILE = "ghi-danh/giang-a-chinh-y-ty/"

# Collects layout shifts from the start of navigation, with the elements that moved.
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({
      value: entry.value,
      sources: (entry.sources || []).map((s) => (s.node && s.node.nodeName) || "?"),
    });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def _load_every_image(phone: Page) -> None:
    """Scroll to the bottom in steps, so lazy images load, and wait until all are decoded."""
    height = phone.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 740, 600):
        phone.evaluate(f"window.scrollTo(0, {y})")
        phone.wait_for_timeout(50)
    phone.wait_for_function(
        "Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0)"
    )


def test_profile_portrait_loads_the_right_srcset_candidate(phone: Page, site_url: str):
    requested: list[str] = []
    phone.on("request", lambda r: requested.append(r.url) if "/anh/" in r.url else None)
    phone.goto(site_url + PROFILE)
    portrait = phone.locator(".hr-profile__portrait img")
    phone.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=portrait.element_handle()
    )
    # The portrait column is 40% of the 328 px content: 131 CSS px, 262 device pixels at 2x.
    # The photo is upright (3:4, like its box), so the 320 px WebP is sharp enough.
    current = portrait.evaluate("img => img.currentSrc")
    assert current.endswith("-320.webp"), current
    portraits = [u for u in requested if "/anh/giang-a-chinh-y-ty/1-" in u]
    assert portraits == [current], portraits  # one file, no JPEG fetched as well
    assert not [u for u in requested if "/anh/giang-a-chinh-y-ty/2-" in u]  # lazy, below
    box = portrait.evaluate("img => img.getBoundingClientRect().width")
    assert 125 < box < 140, box


def test_landscape_portrait_gets_enough_pixels_for_its_crop(phone: Page, site_url: str):
    # A 4:3 photo cropped into the 3:4 portrait box is drawn 1.78 times wider than the box.
    phone.goto(site_url + "ghi-danh/chi-doan-thanh-nien-phuong-lao-cai/")
    portrait = phone.locator(".hr-profile__portrait img")
    phone.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=portrait.element_handle()
    )
    assert portrait.evaluate("img => img.currentSrc").endswith("-640.webp")


# Where every image and the page's last element sit, in page coordinates (CSS px).
BOXES = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return [r.top + scrollY, r.height, r.width]; };
  return { images: Array.from(document.images).map(box),
           end: box(document.querySelector(".hr-profile, .md-content article").lastElementChild) };
}
"""


def _moved(before: dict, after: dict) -> float:
    """The largest distance, in CSS px, by which a box moved or changed size."""
    boxes = [*zip(before["images"], after["images"], strict=True), (before["end"], after["end"])]
    return max(abs(a - b) for pair in boxes for a, b in zip(*pair, strict=True))


def test_images_reserve_their_space_before_they_load(phone: Page, site_url: str):
    """Nothing moves when images arrive: their boxes are the same before and after loading."""
    phone.add_init_script(RECORD_SHIFTS)
    for path in (PROFILE, "ghi-danh/"):
        gate = Gate()
        phone.route("**/anh/**", gate.handle)  # photos wait until the layout is measured
        phone.goto(site_url + path, wait_until="domcontentloaded")
        before = phone.evaluate(BOXES)
        gate.open()
        _load_every_image(phone)
        phone.unroute("**/anh/**")
        phone.evaluate("window.scrollTo(0, 0)")
        after = phone.evaluate(BOXES)
        assert len(before["images"]) > 1
        # Before a photo arrives, its box has the shape of its width and height attributes;
        # once loaded, Chromium takes the shape of the file it chose, whose height was rounded
        # to whole pixels at another width: a fraction of a pixel, no shift anyone sees.
        assert _moved(before, after) < 1, (path, before, after)
        shifts = phone.evaluate("window.__shifts")
        assert [s for s in shifts if {"IMG", "PICTURE", "FIGURE"} & set(s["sources"])] == []
        for width, height in phone.evaluate(
            "Array.from(document.images).map((i) => [i.getAttribute('width'), i.getAttribute('height')])"
        ):
            assert width and height


def test_share_button_uses_the_phone_share_sheet(phone: Page, site_url: str):
    phone.add_init_script(
        "window.__shared = null; navigator.share = (data) => { window.__shared = data; "
        "return Promise.resolve(); };"
    )
    phone.goto(site_url + PROFILE)
    button = phone.get_by_role("button", name="Chia sẻ…")
    button.click()
    shared = phone.evaluate("window.__shared")
    assert shared["title"] == "Giàng A Chính"
    assert shared["url"].endswith("/" + PROFILE)
    assert shared["text"]


def test_copy_link_copies_the_profile_address(phone: Page, site_url: str):
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    phone.goto(site_url + PROFILE)
    assert not phone.get_by_role("button", name="Chia sẻ…").is_visible()  # no share sheet here
    phone.get_by_role("button", name="Chép liên kết").click()
    phone.get_by_text("Đã chép liên kết.").wait_for()
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/" + PROFILE)
    for link in ("Facebook", "Zalo"):
        assert phone.get_by_role("link", name=link).is_visible()
