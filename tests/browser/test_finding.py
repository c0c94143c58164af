"""Searching the honor roll on a phone: accent-free queries, đ, NFD, filters, shared links,
and the stories, searched only when a reader asks for them.

The site is the repository's sample site plus four records that the sample lacks: two names
that differ only in a tone mark (to check that an exact match ranks first), one whose file is
written in NFD, and a withdrawn one whose story repeats that of the NFD record. It is built once,
served on 127.0.0.1 and searched in headless Chromium at 360×740, through the header panel and
the search page, as a reader would.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO, TODAY, VALID_RECORD, Gate, make_repo
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page, expect

from generator.catalog import Catalog
from generator.project import Layout, load
from generator.staticserver import serve

HUNG = VALID_RECORD.replace("Nguyễn Thị Mai", "Nguyễn Văn Hùng").replace(
    "role: Bí thư Chi bộ thôn Tả Phời", "role: Trưởng thôn Tả Phời"
)
HUNG_WITH_HORN = (
    VALID_RECORD.replace("Nguyễn Thị Mai", "Nguyễn Văn Hưng")
    .replace("commune: bat-xat", "commune: y-ty")
    .replace("party_committee: xa-bat-xat", "party_committee: xa-y-ty")
)
# A file saved in decomposed form (macOS, some Vietnamese keyboards).
DIEP_NFD = unicodedata.normalize(
    "NFD",
    VALID_RECORD.replace("Nguyễn Thị Mai", "Hoàng Thị Điệp")
    .replace("commune: bat-xat", "commune: muong-khuong")
    .replace("party_committee: xa-bat-xat", "party_committee: xa-muong-khuong")
    .replace("Câu chuyện.", "Chị dạy múa xòe cho các cháu ở bản Pha Long."),
)
# Withdrawn: its story, like the rest of it, must never be found.
SINH_WITHDRAWN = (
    VALID_RECORD.replace("Nguyễn Thị Mai", "Vàng Thị Sinh")
    .replace("status: recognized", "status: withdrawn")
    .replace("Câu chuyện.", "Chị dạy múa xòe cho các cháu ở bản Pha Long, ủ men lá rừng.")
)
EXTRA = {
    "nguyen-van-hung-ta-phoi": HUNG,
    "nguyen-van-hung-y-ty": HUNG_WITH_HORN,
    "hoang-thi-diep-muong-khuong": DIEP_NFD,
    "vang-thi-sinh-bat-xat": SINH_WITHDRAWN,
}
STORY_BUNDLE = "/pagefind-cau-chuyen/"
PHONE = {"width": 360, "height": 740}
WITHDRAWN = [
    "Mã Văn Hùng",
    "Lương Thị Quyên",
    "Chi bộ thôn Nà Lùng",
    "Doanh nghiệp tư nhân An Bình",
]


@pytest.fixture(scope="module")
def search_repo(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("search-site"), mkdocs=True)
    shutil.copytree(REPO / "exemplars", root / "exemplars", dirs_exist_ok=True)
    for slug, text in EXTRA.items():
        (root / "exemplars" / slug).mkdir()
        (root / "exemplars" / slug / "index.md").write_text(text, encoding="utf-8")
    build(load_config(config_file=str(root / "mkdocs.yml")))
    return root


@pytest.fixture(scope="module")
def catalog(search_repo: Path) -> Catalog:
    project = load(Layout(search_repo), today=TODAY)
    assert project.ok
    return Catalog(project.records, project.vocabularies)


@pytest.fixture(scope="module")
def url(search_repo: Path) -> Iterator[str]:
    with serve(search_repo / "site") as base:
        yield base


def header_search(page: Page, url: str, query: str) -> None:
    page.goto(url)
    page.locator("[data-hr-search-open]").click()
    page.locator("#hr-search-q").fill(query)


def panel_titles(page: Page) -> list[str]:
    expect(page.locator(".hr-search__status")).to_have_text(
        re.compile("Tìm thấy|Không tìm thấy|Không điển hình nào có đủ")
    )
    return page.locator(".hr-search__results .hr-card__name").all_inner_texts()


def finder_titles(page: Page) -> list[str]:
    # hidden while the page's own first results may not answer the address (an empty list has
    # no size, so Playwright would call it hidden: the class is what tells)
    expect(page.locator("[data-finder-results]")).not_to_have_class(
        re.compile("hr-finder__initial")
    )
    expect(page.locator("[data-finder-status]")).to_have_text(
        re.compile(
            "Tìm thấy|Không tìm thấy|Không điển hình nào có đủ|"
            "điển hình, (xếp theo tên|mới công nhận trước)"
        )
    )
    return page.locator("[data-finder-results] .hr-card__name").all_inner_texts()


@pytest.mark.parametrize(
    "query, first",
    [
        ("giang a chinh", "Giàng A Chính"),
        ("dao thi nguyet", "Đào Thị Nguyệt"),  # đ folds to d
        ("dang van khai", "Đặng Văn Khải"),
        ("tran van duc", "Trần Văn Đức"),
        ("sung thi mai", "Sùng Thị Mai"),
        ("chi doan thanh nien", "Chi đoàn Thanh niên tổ dân phố số 5"),
        ("dang uy cac co quan", "Ban Tuyên giáo và Dân vận Đảng ủy các cơ quan Đảng tỉnh"),
        ("tram tau", "Đào Thị Nguyệt"),  # a place
        ("suoi giang", "Hợp tác xã chè Suối Giàng"),
        ("hoang thi diep", "Hoàng Thị Điệp"),  # a record whose file is NFD
        ("sapa", "Vũ Thị Hoa"),  # a place typed as one word
        ("bacha", "Hội Nông dân xã Bắc Hà"),
    ],
)
def test_accent_free_query_finds_the_record_first(phone: Page, url: str, query: str, first: str):
    header_search(phone, url, query)
    expect(phone.locator(".hr-search__results .hr-card__name").first).to_have_text(first)


def test_nguyen_van_hung_without_marks_finds_both_spellings(phone: Page, url: str):
    header_search(phone, url, "nguyen van hung")
    assert set(panel_titles(phone)[:2]) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}


@pytest.mark.parametrize("name", ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng"])
def test_exact_diacritics_rank_first(phone: Page, url: str, name: str):
    header_search(phone, url, name)
    expect(phone.locator(".hr-search__results .hr-card__name").first).to_have_text(name)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_nfc_and_nfd_queries_give_the_same_results(phone: Page, url: str, form: str):
    header_search(phone, url, unicodedata.normalize(form, "Đào Thị Nguyệt Trạm Tấu"))
    assert panel_titles(phone)[0] == "Đào Thị Nguyệt"
    header_search(phone, url, unicodedata.normalize(form, "Bát Xát"))
    assert "Trần Văn Đức" in panel_titles(phone)


def test_dao_finds_the_name_dao_and_the_dao_people(phone: Page, url: str):
    header_search(phone, url, "dao")
    titles = panel_titles(phone)
    assert titles[0] == "Đào Thị Nguyệt"  # the name, weighted as a name
    phone.goto(url + "tim-kiem/?q=dao")
    titles = finder_titles(phone)
    assert "Lý Văn Sáng" in titles  # of the Dao ethnic group
    # and the exact spelling "Đào" still ranks the name first
    header_search(phone, url, "Đào")
    expect(phone.locator(".hr-search__results .hr-card__name").first).to_have_text("Đào Thị Nguyệt")


def test_doan_finds_doan_in_names_and_units(phone: Page, url: str):
    phone.goto(url + "tim-kiem/?q=doan")
    titles = finder_titles(phone)
    assert "Chi đoàn Thanh niên tổ dân phố số 5" in titles  # "đoàn" in the name
    assert "Hà Thị Thu" in titles  # unit: Đoàn Thanh niên xã Bảo Yên


def test_matched_words_are_highlighted(phone: Page, url: str):
    header_search(phone, url, "dao thi nguyet")
    card = phone.locator(".hr-search__results .hr-result").first
    expect(card.locator(".hr-card__name mark")).to_have_text(["Đào", "Thị", "Nguyệt"])
    # the hidden d-folded words never show
    expect(phone.locator(".hr-search__results")).not_to_contain_text("⁂")


@pytest.mark.parametrize("name", WITHDRAWN)
def test_withdrawn_records_are_never_returned(phone: Page, url: str, name: str):
    header_search(phone, url, unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode())
    assert name not in panel_titles(phone)
    phone.goto(url + "tim-kiem/")
    assert name not in finder_titles(phone)


def test_results_show_portrait_name_kind_field_place_level_on_a_phone(phone: Page, url: str):
    header_search(phone, url, "giang a chinh")
    card = phone.locator(".hr-search__results .hr-result").first
    expect(card.locator(".hr-card__name")).to_have_text("Giàng A Chính")
    image = card.locator("img")
    expect(image).to_have_attribute("src", re.compile(r"/anh/giang-a-chinh-y-ty/.*-320\.jpg$"))
    expect(card.locator(".hr-card__meta")).to_have_text(re.compile(r"^Cá nhân · .+ · Xã Y Tý$"))
    expect(card.locator(".hr-badge")).to_have_text("Điển hình cấp tỉnh")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # and a card opens the profile
    card.locator(".hr-card__name a").click()
    phone.wait_for_url("**/ghi-danh/giang-a-chinh-y-ty/")


def test_the_search_button_stays_in_the_header_while_reading(phone: Page, url: str):
    phone.goto(url + "ghi-danh/giang-a-chinh-y-ty/")
    phone.evaluate("window.scrollTo(0, 1500)")
    button = phone.locator("[data-hr-search-open]")
    box = button.bounding_box()
    header = phone.locator(".md-header").bounding_box()
    assert box and header and header["y"] == 0
    assert 0 <= box["y"] and box["y"] + box["height"] <= header["height"] + 1
    assert box["x"] + box["width"] <= PHONE["width"]
    button.click()
    expect(phone.locator("#hr-search-q")).to_be_focused()


def test_header_enter_opens_the_search_page_with_the_query(phone: Page, url: str):
    header_search(phone, url, "bat xat")
    phone.locator("#hr-search-q").press("Enter")
    phone.wait_for_url("**/tim-kiem/?q=bat+xat")
    expect(phone.locator("#hr-finder-q")).to_have_value("bat xat")
    assert "Trần Văn Đức" in finder_titles(phone)


def _choose(page: Page, group: str, value: str) -> None:
    """Open a filter group as a reader would, and tick one of its boxes."""
    details = page.locator(f'details[data-filter="{group}"]')
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    details.locator(f'input[value="{value}"]').check()


def test_filters_combine_and_count(phone: Page, url: str, catalog: Catalog):
    phone.goto(url + "tim-kiem/")
    assert len(finder_titles(phone)) == 10  # the first page of every record, by name
    _choose(phone, "loai", "individual")
    _choose(phone, "vung", "highland")
    _choose(phone, "vung", "border")
    _choose(phone, "nam", "2026")
    expected = sorted(
        r.name
        for r in catalog.records
        if r.is_individual and {"highland", "border"} & set(r.regions) and 2026 in r.years
    )
    expect(phone.locator("[data-finder-status]")).to_have_text(
        f"Tìm thấy {len(expected)} điển hình."
    )
    assert len(expected) <= 10
    assert sorted(finder_titles(phone)) == expected
    # a count in a group with a choice says how many that value would give, other groups applied
    highland = sum(
        1
        for r in catalog.records
        if r.is_individual and "highland" in r.regions and 2026 in r.years
    )
    option = phone.locator('details[data-filter="vung"] li', has_text="Vùng cao")
    expect(option.locator("[data-count]")).to_have_text(str(highland))
    expect(phone.locator('details[data-filter="vung"] [data-chosen]')).to_have_text("(đã chọn 2)")


def test_a_shared_filter_link_restores_the_same_view(browser: Browser, phone: Page, url: str):
    phone.goto(url + "tim-kiem/")
    phone.locator("#hr-finder-q").fill("bat xat")
    _choose(phone, "cap", "grassroots")
    phone.locator("#hr-finder-sort").select_option("ngay")
    expect(phone).to_have_url(re.compile(r"q=bat\+xat&cap=grassroots&sap-xep=ngay$"))
    titles = finder_titles(phone)
    assert titles and "Trần Văn Đức" not in titles  # recognized at the provincial level
    shared = phone.url

    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    other = context.new_page()
    other.goto(shared)
    expect(other.locator("#hr-finder-q")).to_have_value("bat xat")
    expect(other.locator('input[name="cap"][value="grassroots"]')).to_be_checked()
    expect(other.locator("#hr-finder-sort")).to_have_value("ngay")
    assert finder_titles(other) == titles
    context.close()


def test_the_default_order_is_named_for_what_it_does(phone: Page, url: str):
    """Without words the list is by name, and the sort box says so; words make it relevance."""
    phone.goto(url + "tim-kiem/")
    default = phone.locator('#hr-finder-sort option[value=""]')
    expect(default).to_have_text("Mặc định (theo tên)")
    expect(phone.locator("[data-finder-status]")).to_contain_text("xếp theo tên")
    phone.locator("#hr-finder-q").fill("giang a chinh")
    expect(default).to_have_text("Phù hợp nhất")
    expect(phone.locator("[data-finder-status]")).to_contain_text("Tìm thấy")
    phone.locator("#hr-finder-q").fill("  ")
    expect(default).to_have_text("Mặc định (theo tên)")
    phone.goto(url + "tim-kiem/?q=sapa")  # a shared link with words
    expect(default).to_have_text("Phù hợp nhất")


def test_empty_query_lists_by_date_of_recognition(phone: Page, url: str, catalog: Catalog):
    phone.goto(url + "tim-kiem/?linh-vuc=party-building&sap-xep=ngay")
    expected = [
        r.name
        for r in sorted(
            (r for r in catalog.records if r.field == "party-building"),
            key=lambda r: r.latest_recognition.date,
            reverse=True,
        )
    ]
    titles = finder_titles(phone)
    assert titles == expected[:10]
    dates = [r.latest_recognition.date for r in catalog.records if r.field == "party-building"]
    assert len(set(dates)) == len(dates), "the check needs distinct dates"


def test_the_search_page_opens_on_every_record_by_name_without_loading_the_index(
    phone: Page, url: str, catalog: Catalog
):
    fetched: list[str] = []
    phone.on("request", lambda request: fetched.append(request.url))
    phone.goto(url + "tim-kiem/")
    phone.wait_for_load_state("networkidle")
    names = [r.name for r in catalog.records]
    assert len(names) > 20  # three pages of results
    status = phone.locator("[data-finder-status]")
    expect(status).to_have_text(f"{len(names)} điển hình, xếp theo tên.")
    expect(status).to_be_visible()
    results = phone.locator("[data-finder-results] .hr-card__name")
    expect(results.first).to_be_visible()
    assert results.all_inner_texts() == names[:10]
    expect(phone.locator("[data-finder-jump]")).to_have_text(f"Xem {len(names)} kết quả bên dưới")
    assert [u for u in fetched if "/pagefind" in u] == []  # the results came with the page
    # a current browser neither shows the notice for old ones nor fetches their script
    expect(phone.locator("[data-finder-noscript]")).to_be_hidden()
    assert [u for u in fetched if "nomodule" in u or "noscript" in u] == []
    # "more" continues the same order, after the results the page came with
    more = phone.locator("[data-finder-more]")
    for shown in (20, len(names)):
        more.click()
        expect(results).to_have_count(shown)
    assert results.all_inner_texts() == names
    expect(more).to_be_hidden()
    expect(status).to_have_text(f"{len(names)} điển hình, xếp theo tên.")
    # the link to the results is a step in the history, not a new search
    phone.locator("[data-finder-jump]").click()
    phone.wait_for_url("**/tim-kiem/#hr-ket-qua")
    phone.wait_for_timeout(300)
    expect(results).to_have_count(len(names))
    # the cards drawn by the script look like those the page came with
    parts = phone.locator("[data-finder-results] .hr-card__body").evaluate_all(
        "bodies => bodies.map(b => [...b.children].map(e => e.className.split(' ')[0]))"
    )
    assert parts == [
        ["hr-card__name"]
        + (["hr-card__role"] if r.role or r.unit else [])
        + ["hr-card__meta", "hr-badge", "hr-card__summary"]
        for r in catalog.records
    ]
    # and the index starts loading as soon as a reader reaches for the box
    fetched.clear()
    phone.goto(url + "tim-kiem/")
    phone.locator("#hr-finder-q").focus()
    phone.wait_for_load_state("networkidle")
    expect(status).to_have_text(f"{len(names)} điển hình, xếp theo tên.")
    assert any(u.endswith("/pagefind/pagefind.js") for u in fetched)


@pytest.fixture
def phone_without_worker(browser: Browser) -> Iterator[Page]:
    """A phone page without the service worker (theme/sw.js), whose own fetches of the files
    a test holds back would go around the page's routes."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True, service_workers="block"
    )
    yield context.new_page()
    context.close()


def test_more_on_a_page_kept_from_an_earlier_build_skips_and_repeats_no_record(
    phone_without_worker: Page, url: str, catalog: Catalog
):
    phone = phone_without_worker
    # A copy of the search page kept across a deploy (HTTP cache, or the service worker on a
    # slow link) that listed a record since withdrawn: its ten results are not the index's ten.
    names = [r.name for r in catalog.records]
    phone.goto(url + "tim-kiem/")
    phone.wait_for_load_state("networkidle")
    phone.evaluate(
        """(total) => {
            const list = document.querySelector("[data-finder-results]");
            const gone = list.firstElementChild.cloneNode(true);
            gone.querySelector(".hr-card__name").textContent = "An Văn Đã Rút";
            list.prepend(gone);
            list.lastElementChild.remove();
            list.dataset.total = total;
        }""",
        len(names) + 1,
    )
    results = phone.locator("[data-finder-results] .hr-card__name")
    assert results.all_inner_texts() == ["An Văn Đã Rút", *names[:9]]
    # a first try fails (on a slow link, say) and changes nothing; the next one works
    status = phone.locator("[data-finder-status]")
    phone.route("**/pagefind/fragment/**", lambda route: route.abort())
    phone.locator("[data-finder-more]").click()
    expect(status).to_have_text(re.compile("^Chưa tải được bộ tìm kiếm"))
    expect(phone.locator("[data-finder-more]")).to_be_enabled()
    assert results.all_inner_texts() == ["An Văn Đã Rút", *names[:9]]
    phone.unroute("**/pagefind/fragment/**")
    phone.locator("[data-finder-more]").click()
    expect(results).to_have_count(20)
    assert results.all_inner_texts() == names[:20]
    expect(status).to_have_text(f"{len(names)} điển hình, xếp theo tên.")
    expect(phone.locator("[data-finder-jump]")).to_have_text(f"Xem {len(names)} kết quả bên dưới")


def test_more_is_gone_while_a_new_search_loads(phone_without_worker: Page, url: str):
    # Clicked then, it would add the next ten of the list being replaced to the new results.
    phone = phone_without_worker
    gate = Gate()
    phone.route("**/pagefind/fragment/**", gate.handle)
    phone.goto(url + "tim-kiem/")
    more = phone.locator("[data-finder-more]")
    expect(more).to_be_visible()
    phone.locator("#hr-finder-q").fill("bat xat")
    expect(phone.locator("[data-finder-status]")).to_have_text("Đang tìm…")
    phone.wait_for_timeout(300)  # the search itself is done: its cards wait for their files
    assert gate.held
    expect(more).to_be_hidden()
    gate.open()
    expect(phone.locator("[data-finder-status]")).to_have_text(re.compile("^Tìm thấy"))


def test_a_shared_query_never_shows_the_results_the_page_came_with(
    phone_without_worker: Page, url: str
):
    phone = phone_without_worker
    # The page's own first results (every record by name) must never pass for the answer to
    # "bat xat": not while the page's script is on its way, nor when it never comes.
    phone.route("**/assets/search-page.js", lambda route: route.abort())
    phone.goto(url + "tim-kiem/?q=bat+xat")
    phone.wait_for_load_state("networkidle")
    expect(phone.locator("[data-finder-status]")).to_have_text(re.compile("^Chưa tải được"))
    expect(phone.locator("[data-finder-status]")).to_be_visible()
    expect(phone.locator("[data-finder-results]")).to_be_hidden()
    expect(phone.locator("[data-finder-jump]")).to_be_hidden()
    expect(phone.locator("[data-finder-more]")).to_be_hidden()
    # Without it, the plain address still shows them: they are true of it.
    phone.goto(url + "tim-kiem/")
    phone.wait_for_load_state("networkidle")
    expect(phone.locator("[data-finder-results] .hr-result").first).to_be_visible()
    expect(phone.locator("[data-finder-status]")).to_have_text(
        re.compile("điển hình, xếp theo tên")
    )
    expect(phone.locator("[data-finder-more]")).to_be_hidden()  # it would do nothing


def test_without_the_index_the_search_page_says_so_and_recovers(
    phone_without_worker: Page, url: str, catalog: Catalog
):
    phone = phone_without_worker
    fetched: list[str] = []
    phone.on("request", lambda request: fetched.append(request.url))
    phone.route("**/pagefind/**", lambda route: route.abort())
    # a query link: the failure, and no empty space where results would have been
    phone.goto(url + "tim-kiem/?q=bat+xat")
    status = phone.locator("[data-finder-status]")
    expect(status).to_have_text(re.compile("^Chưa tải được bộ tìm kiếm"))
    expect(phone.locator("[data-finder-results] li")).to_have_count(0)
    expect(phone.locator("[data-finder-more]")).to_be_hidden()
    # the plain address: "more" fails, then works once the index can be fetched again
    phone.goto(url + "tim-kiem/")
    more = phone.locator("[data-finder-more]")
    more.click()
    expect(status).to_have_text(re.compile("^Chưa tải được bộ tìm kiếm"))
    expect(more).to_be_enabled()
    phone.unroute("**/pagefind/**")
    more.click()
    results = phone.locator("[data-finder-results] .hr-card__name")
    expect(results).to_have_count(20)
    expect(status).to_have_text(re.compile("điển hình, xếp theo tên"))
    # the script that failed was asked for at another address (browsers may keep the failure)
    assert any(re.search(r"/pagefind/pagefind\.js\?lan=\d+$", u) for u in fetched)
    # the index is there but the results' own files fail: none of the next ten is lost
    phone.route("**/pagefind/fragment/**", lambda route: route.abort())
    more.click()
    expect(status).to_have_text(re.compile("^Chưa tải được bộ tìm kiếm"))
    expect(more).to_be_enabled()
    phone.unroute("**/pagefind/fragment/**")
    more.click()
    names = [r.name for r in catalog.records]
    expect(results).to_have_count(min(30, len(names)))
    assert results.all_inner_texts() == names[:30]
    expect(status).to_have_text(f"{len(names)} điển hình, xếp theo tên.")
    # the same in the header's panel: a search typed again works once the files are back
    phone.route("**/pagefind/fragment/**", lambda route: route.abort())
    header_search(phone, url, "bat xat")
    expect(phone.locator(".hr-search__status")).to_have_text(re.compile("^Chưa tải được"))
    phone.unroute("**/pagefind/fragment/**")
    phone.locator("#hr-search-q").press_sequentially(" ")
    assert len(panel_titles(phone)) > 0


def test_a_browser_that_cannot_read_the_search_engine_is_told_so(
    phone_without_worker: Page, url: str
):
    # Pagefind's script is ES2020: Safari on iOS 12 runs our modules but cannot read it. Served
    # a script this browser cannot parse either, the reader is not sent to check the network.
    phone = phone_without_worker
    phone.add_init_script("delete String.prototype.replaceAll")  # as in iOS 12's Safari
    phone.route(
        re.compile(r"/pagefind/pagefind\.js(\?|$)"),  # at any address it is asked for
        lambda route: route.fulfill(
            content_type="text/javascript", body="export const search = async () => {;"
        ),
    )
    header_search(phone, url, "bat xat")
    status = phone.locator(".hr-search__status")
    expect(status).to_have_text(re.compile("^Không dùng được chức năng tìm kiếm"))
    expect(status).to_contain_text("trình duyệt đã quá cũ")
    phone.goto(url + "tim-kiem/?q=bat+xat")
    expect(phone.locator("[data-finder-status]")).to_have_text(re.compile("quá cũ"))
    # a current browser served a file cut short is sent to the network, not told it is too old
    context = phone.context.browser.new_context(service_workers="block")
    current = context.new_page()
    current.route(
        re.compile(r"/pagefind/pagefind\.js(\?|$)"),
        lambda route: route.fulfill(content_type="text/javascript", body="export const s = (;"),
    )
    header_search(current, url, "bat xat")
    expect(current.locator(".hr-search__status")).to_have_text(re.compile("^Chưa tải được"))
    context.close()


WITHOUT_UNICODE_CLASSES = r"""
globalThis.RegExp = new Proxy(RegExp, {
  construct(Native, args) {
    if (String(args[0]).includes("\\p{")) throw new SyntaxError("invalid identity escape");
    return Reflect.construct(Native, args);
  },
});
"""


def test_a_browser_without_unicode_classes_in_patterns_still_finds_and_highlights(
    phone: Page, url: str
):
    # Firefox 67-77 (Android's last Fennec, 68, among them) runs modules but knows no \p{…} in a
    # pattern. Written as a literal, one would stop search.js from loading there at all; made
    # with the RegExp constructor, it fails as this page's does, and the fallback is used.
    source = (REPO / "theme" / "assets" / "search.js").read_text(encoding="utf-8")
    code = [line for line in source.splitlines() if not line.lstrip().startswith("//")]
    assert not [line for line in code if re.search(r"(?<!\\)\\p\{", line)]
    phone.add_init_script(WITHOUT_UNICODE_CLASSES)
    header_search(phone, url, "DAO thị  nguyệt")
    assert panel_titles(phone)[0] == "Đào Thị Nguyệt"
    card = phone.locator(".hr-search__results .hr-result").first
    expect(card.locator(".hr-card__name mark")).to_have_text(["Đào", "Thị", "Nguyệt"])
    phone.goto(url + "tim-kiem/?q=" + unicodedata.normalize("NFD", "hoàng thị điệp"))
    assert finder_titles(phone)[0] == "Hoàng Thị Điệp"


def test_without_javascript_the_search_page_leads_to_the_listings(
    browser: Browser, url: str, catalog: Catalog
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    page.locator("[data-hr-search-open]").click()
    page.wait_for_url("**/tim-kiem/")
    _reads_like_a_page_without_scripts(page, catalog)
    context.close()


def test_a_browser_too_old_for_modules_gets_the_page_without_scripts(
    phone_without_worker: Page, url: str, catalog: Catalog
):
    # As KaiOS 2.5 (Firefox 48) reads the pages: it runs the `nomodule` script, and skips the
    # module scripts (search.js) as being of a type it does not know.
    phone = phone_without_worker

    def as_without_modules(route):
        response = route.fetch()
        html = response.text()
        assert " nomodule>" in html and 'type="module"' in html
        html = html.replace(" nomodule>", ">").replace('type="module"', 'type="x-unknown"')
        route.fulfill(response=response, body=html)

    phone.route(re.compile(r"/(index\.html)?$"), as_without_modules)
    phone.goto(url + "tim-kiem/")
    _reads_like_a_page_without_scripts(phone, catalog)


def _reads_like_a_page_without_scripts(page: Page, catalog: Catalog) -> None:
    """The search page as it reads without its scripts: no form that does nothing, the first
    results by name (in the page itself; "more" needs the script), and the way to every record."""
    expect(page.locator("[data-hr-finder]")).to_be_hidden()
    expect(page.locator("[data-finder-noscript]")).to_be_visible()
    expect(page.locator("[data-finder-noscript]")).to_contain_text("danh sách theo danh mục")
    results = page.locator("[data-finder-results] .hr-card__name")
    expect(results.first).to_be_visible()
    assert results.all_inner_texts() == [r.name for r in catalog.records][:10]
    expect(page.locator("[data-finder-status]")).to_be_visible()
    expect(page.locator("[data-finder-more]")).to_be_hidden()
    page.locator(".hr-finder__browse").get_by_role("link", name="Lĩnh vực").click()
    page.wait_for_url("**/linh-vuc/")


# --- Stories: a second index, searched only when the reader ticks "Tìm cả trong câu chuyện" ---


def _stories_option(page: Page):
    return page.get_by_role("checkbox", name="Tìm cả trong câu chuyện")


def test_a_story_phrase_is_found_only_with_the_story_option(phone: Page, url: str):
    # "sương muối phủ trắng" is in Giàng A Chính's story and nowhere else in the records.
    phone.goto(url + "tim-kiem/?q=suong+muoi+phu+trang")
    assert finder_titles(phone) == []
    expect(phone.locator("[data-finder-status]")).to_contain_text("Tìm cả trong câu chuyện")
    _stories_option(phone).check()
    expect(phone).to_have_url(re.compile(r"\?q=suong\+muoi\+phu\+trang&cau-chuyen=1$"))
    assert finder_titles(phone) == ["Giàng A Chính"]
    card = phone.locator("[data-finder-results] .hr-result")
    # the card of the main index, with the matched words of the story highlighted
    expect(card.locator("img")).to_have_attribute("src", re.compile(r"/giang-a-chinh-y-ty/"))
    expect(card.locator(".hr-card__meta")).to_have_text(re.compile(r"^Cá nhân · .+ · Xã Y Tý$"))
    expect(card.locator(".hr-badge")).to_have_text("Điển hình cấp tỉnh")
    expect(card.locator(".hr-card__summary mark")).to_have_text(["sương", "muối", "phủ", "trắng"])
    expect(card.locator(".hr-card__summary")).not_to_contain_text("⁂")
    card.locator(".hr-card__name a").click()
    phone.wait_for_url("**/ghi-danh/giang-a-chinh-y-ty/")


def test_d_folds_to_d_in_stories(phone: Page, url: str):
    # "từng đợt sương": "đợt" is in no other field of the record
    phone.goto(url + "tim-kiem/?q=dot+suong&cau-chuyen=1")
    assert finder_titles(phone) == ["Giàng A Chính"]
    marks = phone.locator("[data-finder-results] .hr-card__summary mark")
    expect(marks).to_have_text(["đợt", "sương"])


def test_a_link_with_a_doubled_slash_still_searches_and_links(phone: Page, url: str):
    phone.goto(url + "/tim-kiem/?q=dot+suong&cau-chuyen=1")  # https://…//tim-kiem/
    assert finder_titles(phone) == ["Giàng A Chính"]
    phone.locator("[data-finder-results] .hr-card__name a").click()
    phone.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/+ghi-danh/giang-a-chinh-y-ty/$"))


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_stories_of_nfd_files_are_found_by_nfc_and_nfd_queries(phone: Page, url: str, form: str):
    phone.goto(url + "tim-kiem/?cau-chuyen=1")
    phone.locator("#hr-finder-q").fill(unicodedata.normalize(form, "múa xòe Pha Long"))
    expect(phone.locator("[data-finder-status]")).to_contain_text("múa")
    # and never the withdrawn record with the same story
    assert finder_titles(phone) == ["Hoàng Thị Điệp"]


def test_withdrawn_stories_are_never_found(phone: Page, url: str):
    phone.goto(url + "tim-kiem/?q=u+men+la+rung&cau-chuyen=1")
    assert finder_titles(phone) == []
    phone.goto(url + "tim-kiem/?q=vang+thi+sinh&cau-chuyen=1")
    assert "Vàng Thị Sinh" not in finder_titles(phone)  # "học sinh" is in other stories


def test_a_record_found_in_its_name_and_its_story_appears_once(phone: Page, url: str):
    phone.goto(url + "tim-kiem/?q=chinh&cau-chuyen=1")  # "Anh Chính" in the story too
    assert finder_titles(phone).count("Giàng A Chính") == 1
    # a query that mixes the name and a phrase of the story
    phone.goto(url + "tim-kiem/?q=giang+a+chinh+suong+muoi&cau-chuyen=1")
    assert finder_titles(phone) == ["Giàng A Chính"]


def test_filters_counts_and_sorting_work_with_the_stories(phone: Page, url: str, catalog: Catalog):
    # "thôn" is in almost every story: every record with it, filtered, counted, sorted by name
    phone.goto(url + "tim-kiem/?q=thon&cau-chuyen=1&dia-phuong=y-ty&sap-xep=ten")
    titles = finder_titles(phone)
    y_ty = [r.name for r in catalog.records if r.commune == "y-ty"]
    assert titles and set(titles) <= set(y_ty)
    assert "Giàng A Chính" in titles
    assert titles == [r.name for r in catalog.records if r.name in titles]  # Vietnamese order
    expect(phone.locator('input[name="dia-phuong"][value="y-ty"]')).to_be_checked()
    details = phone.locator('details[data-filter="dia-phuong"]')
    details.locator("summary").click()
    option = details.locator("li", has=phone.locator('input[value="y-ty"]'))
    expect(option.locator("[data-count]")).to_have_text(str(len(titles)))
    # clearing the filters keeps the option
    phone.locator("[data-clear]").click()
    expect(_stories_option(phone)).to_be_checked()
    expect(phone).to_have_url(re.compile(r"\?q=thon&cau-chuyen=1&sap-xep=ten$"))


def test_the_story_option_survives_a_shared_link(browser: Browser, phone: Page, url: str):
    phone.goto(url + "tim-kiem/")
    _stories_option(phone).check()
    phone.locator("#hr-finder-q").fill("dot suong")
    expect(phone).to_have_url(re.compile(r"q=dot\+suong&cau-chuyen=1"))
    expect(phone.locator("[data-finder-status]")).to_contain_text("“dot suong”")
    titles = finder_titles(phone)
    assert titles == ["Giàng A Chính"]
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    other = context.new_page()
    other.goto(phone.url)
    expect(other.locator("#hr-finder-q")).to_have_value("dot suong")
    expect(_stories_option(other)).to_be_checked()
    assert finder_titles(other) == titles
    context.close()


def test_the_story_index_is_fetched_only_when_asked_for(phone: Page, url: str):
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    header_search(phone, url, "suong muoi")
    assert panel_titles(phone) == []
    phone.goto(url + "tim-kiem/?q=giang+a+chinh&vung=highland")
    assert finder_titles(phone) == ["Giàng A Chính"]
    assert any("/pagefind/" in r for r in requests)
    assert not any(STORY_BUNDLE in r for r in requests)
    _stories_option(phone).check()
    assert finder_titles(phone) == ["Giàng A Chính"]
    assert any(STORY_BUNDLE in r for r in requests)


@pytest.mark.parametrize("query", ["vu thi hoa", "hoa", "Vũ Thị Hoa"])
def test_a_name_ranks_before_the_same_word_elsewhere(phone: Page, url: str, query: str):
    header_search(phone, url, query)
    assert panel_titles(phone)[0] == "Vũ Thị Hoa"


@pytest.mark.parametrize("query", ["313-QĐ/TU", "313-qd/tu", "313"])
def test_a_decision_number_finds_its_record(phone: Page, url: str, query: str):
    header_search(phone, url, query)
    assert "Lò Thị Sua" in panel_titles(phone)


def test_a_word_found_nowhere_is_named_not_ignored(phone: Page, url: str):
    """Pagefind leaves out a word that no page has; the reader is told, not shown a stranger
    as if the whole name matched."""
    header_search(phone, url, "giang a chinh xyzqv")
    status = phone.locator(".hr-search__status")
    expect(status).to_have_text(re.compile("Không điển hình nào có đủ các từ đã gõ.*“xyzqv”"))
    assert panel_titles(phone)[0] == "Giàng A Chính"
    phone.goto(url + "tim-kiem/?q=giang+a+chinh+xyzqv")
    expect(phone.locator("[data-finder-status]")).to_have_text(re.compile("không có “xyzqv”"))
    header_search(phone, url, "giang a chinh")
    expect(status).to_have_text(re.compile("^Tìm thấy 1 điển hình"))


def test_the_keyboard_stays_in_the_open_panel_and_escape_always_closes_it(phone: Page, url: str):
    """Tab used to leave the panel for the page behind it (on a phone, the hidden menu), where
    Escape no longer closed it."""
    header_search(phone, url, "bat xat")
    panel_titles(phone)
    panel = phone.locator("[data-hr-search-panel]")
    inside = "el => el.contains(document.activeElement)"
    for _ in range(12):
        phone.keyboard.press("Tab")
        assert panel.evaluate(inside), phone.evaluate("document.activeElement.outerHTML")
    for _ in range(3):
        phone.keyboard.press("Shift+Tab")
        assert panel.evaluate(inside)
    phone.evaluate("document.querySelector('.md-header').focus()")  # e.g. a click outside
    phone.evaluate("document.body.focus()")
    phone.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(phone.locator("[data-hr-search-open]")).to_be_focused()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thpt nghia lo", "Đảng bộ Trường Trung học phổ thông Nghĩa Lộ"),
        ("ptdtbt y ty", "Trường Phổ thông dân tộc bán trú THCS Y Tý"),
        ("trung hoc co so y ty", "Trường Phổ thông dân tộc bán trú THCS Y Tý"),
    ],
)
def test_a_unit_is_found_by_its_short_name_and_its_long_one(
    phone: Page, url: str, query: str, expected: str
):
    """People, signs and the records' own addresses write THPT, PTDTBT, HTX; names the long form."""
    phone.goto(url + "tim-kiem/?q=" + query.replace(" ", "+"))
    assert finder_titles(phone)[0] == expected
    expect(phone.locator("[data-finder-status]")).to_have_text(re.compile("^Tìm thấy"))


def test_a_query_that_names_a_list_is_offered_that_list(phone: Page, url: str, catalog: Catalog):
    """Words like "xã", "bản", "hồ", "cấp" are on many pages: "xa ban ho" listed eleven records
    although Bản Hồ has none, and "cap tinh" none of the provincial ones."""
    provincial = len(catalog.dimension("cap").every[1].records)
    assert catalog.dimension("cap").every[1].key == "provincial" and provincial
    named = phone.locator("[data-finder-listings]")
    for query, text, href in (
        (
            "xa ban ho",
            "Xã Bản Hồ: chưa có điển hình nào được công nhận, ghi danh.",
            "dia-phuong/ban-ho/",
        ),
        ("cap tinh", f"Danh sách Cấp tỉnh: {provincial} điển hình.", "cap/provincial/"),
        ("Tập thể", None, "tap-the/"),
        ("giao duc", None, "linh-vuc/education/"),  # the start of a field's name
    ):
        phone.goto(url + "tim-kiem/?q=" + query.replace(" ", "+"))
        finder_titles(phone)
        if text:
            expect(named).to_have_text(text)
        assert named.locator("a").first.get_attribute("href") == url + href
    phone.goto(url + "tim-kiem/?q=giang+a+chinh")
    finder_titles(phone)
    expect(named).to_be_hidden()
    header_search(phone, url, "xa ban ho")
    panel_titles(phone)
    expect(phone.locator("[data-listings]")).to_have_text(re.compile("^Xã Bản Hồ: chưa có"))
    phone.locator("#hr-search-q").fill("giang a chinh")
    expect(phone.locator(".hr-search__status")).to_have_text(re.compile("giang a chinh"))
    expect(phone.locator("[data-listings]")).to_be_hidden()


@pytest.mark.parametrize("query", ["", "?q=xa"])
def test_a_page_loaded_anew_lists_as_many_results_as_the_reader_had(
    phone: Page, url: str, query: str
):
    """A phone short of memory keeps no page it left: Back from the twelfth result came to ten,
    with the scroll where the twelfth had been."""
    phone.goto(url + "tim-kiem/" + query)
    cards = phone.locator("[data-finder-results] > li")
    expect(cards.first).to_be_visible()
    phone.locator("[data-finder-more]").click()
    expect(cards).to_have_count(20)
    cards.nth(11).locator(".hr-card__name a").click()
    phone.wait_for_url(re.compile("/ghi-danh/"))
    phone.go_back()
    phone.reload()  # what a phone does when it kept nothing of the page
    expect(cards).to_have_count(20)
    expect(cards.nth(11)).to_be_in_viewport()
    expect(phone.locator("[data-finder-more]")).to_be_visible()


def test_the_panel_suggests_only_what_the_panel_has(phone: Page, url: str):
    """No filters and no categories in the header panel: its 'nothing found' says neither."""
    header_search(phone, url, "xyzqv")
    status = phone.locator(".hr-search__status")
    expect(status).to_have_text(re.compile("Không tìm thấy"))
    assert "bộ lọc" not in status.inner_text() and "danh mục" not in status.inner_text()


def test_the_status_says_the_order_the_reader_chose(phone: Page, url: str, catalog: Catalog):
    phone.goto(url + "tim-kiem/?sap-xep=ngay")
    expect(phone.locator("[data-finder-status]")).to_have_text(
        f"{len(catalog.records)} điển hình, mới công nhận trước."
    )


def test_back_closes_the_panel_and_comes_back_to_its_results(phone: Page, url: str):
    """On a phone, Back is how a panel is closed, and how a reader returns from a result."""
    header_search(phone, url, "giang a chinh")
    assert panel_titles(phone)[0] == "Giàng A Chính"
    phone.locator(".hr-search__results .hr-card__name a").first.click()
    phone.wait_for_url(re.compile("/ghi-danh/"))
    phone.go_back()
    expect(phone.locator("#hr-search-q")).to_have_value("giang a chinh")
    assert panel_titles(phone)[0] == "Giàng A Chính"
    phone.go_back()
    expect(phone.locator("[data-hr-search-panel]")).to_be_hidden()
    assert phone.url == url


def test_a_phone_reader_can_jump_past_the_filters_to_the_results(phone: Page, url: str):
    phone.goto(url + "tim-kiem/?q=bat+xat")
    jump = phone.locator("[data-finder-jump]")
    expect(jump).to_have_text(re.compile(r"^Xem \d+ kết quả bên dưới$"))
    jump.click()
    first = phone.locator("[data-finder-results] .hr-card").first
    expect(first).to_be_in_viewport()
    phone.goto(url + "tim-kiem/?q=xyzqv")
    status = phone.locator("[data-finder-status]")
    expect(status).to_have_text(re.compile("Không tìm thấy"))
    assert "bộ lọc" not in status.inner_text()  # none is chosen
    expect(jump).to_have_text("Không có kết quả: xem gợi ý bên dưới")


def test_the_header_offers_the_stories_when_nothing_else_matches(phone: Page, url: str):
    header_search(phone, url, "suong muoi")
    assert panel_titles(phone) == []
    phone.locator(".hr-search__all a").click()
    phone.wait_for_url(re.compile(r"/tim-kiem/\?q=suong\+muoi&cau-chuyen=1$"))
    expect(_stories_option(phone)).to_be_checked()
    assert finder_titles(phone) == ["Giàng A Chính"]
