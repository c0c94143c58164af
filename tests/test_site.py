"""Build real tiny sites with mkdocs from records written in a temporary folder."""

from __future__ import annotations

import logging
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import VALID_RECORD, make_image, make_phone_photo, make_repo
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from PIL import Image

from generator.problems import format_problem
from generator.project import Layout, load

WITHDRAWN = VALID_RECORD.replace("Nguyễn Thị Mai", "Trần Văn Bình").replace(
    "status: recognized", "status: withdrawn"
)
COLLECTIVE = (
    VALID_RECORD.replace("Nguyễn Thị Mai", "Chi bộ thôn Tả Phời")
    .replace("kind: individual", "kind: collective")
    .replace("subject: party-member", "subject: party-organization")
    .replace("field: new-rural-development", "field: party-building")
)
HOSTILE = (
    VALID_RECORD.replace("name: Nguyễn Thị Mai", 'name: "Lò Thị Sua <b>\\"x</b>"')
    .replace(
        "summary: Gương mẫu vận động bà con trồng quế.",
        "summary: '\"><script>alert(1)</script> bà con'",
    )
    .replace(
        "Câu chuyện.",
        "Câu chuyện <script>alert(2)</script> và "
        "<img src=x onerror=alert(3)> và [liên kết](javascript:alert(4)).\n\n# Tiêu đề",
    )
)
PHOTO_RECORD = VALID_RECORD.replace(
    "---\nCâu chuyện.",
    (
        "photos:\n  - file: chan-dung.jpg\n    alt: Chị Mai bên vườn quế\n    credit: Báo Lào Cai\n"
        "consent:\n  photos: true\n---\nCâu chuyện."
    ),
)
PROVINCIAL = VALID_RECORD.replace(
    "    issued_by: Đảng ủy xã Bát Xát\n",
    (
        '    issued_by: Đảng ủy xã Bát Xát\n  - level: provincial\n    decision: "312-QĐ/TU"\n'
        "    date: 2026-07-19\n    issued_by: Tỉnh ủy Lào Cai\n"
    ),
)
GIVEN_NAMES = [
    "An",
    "Ánh",
    "Bình",
    "Chi",
    "Cúc",
    "Dung",
    "Đào",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Loan",
    "Mạnh",
    "Minh",
    "Nga",
    "Ngọc",
    "Oanh",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
]


def _filler(i: int, given: str) -> str:
    return (
        VALID_RECORD.replace("Nguyễn Thị Mai", f"Phạm Văn {given}")
        .replace("field: new-rural-development", "field: education")
        .replace("commune: bat-xat", "commune: y-ty")
        .replace("party_committee: xa-bat-xat", "party_committee: xa-y-ty")
    )


def build_site(root: Path) -> Path:
    config = load_config(config_file=str(root / "mkdocs.yml"))
    build(config)
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    files = {
        "exemplars/nguyen-thi-mai/index.md": PHOTO_RECORD.replace(
            "date: 2026-06-15", "date: 2026-06-05"
        ),
        "exemplars/tran-van-binh/index.md": WITHDRAWN,
        "exemplars/chi-bo-thon-ta-phoi/index.md": COLLECTIVE,
        "exemplars/lo-thi-sua/index.md": HOSTILE,
        "exemplars/vu-thi-hoa/index.md": PROVINCIAL.replace("Nguyễn Thị Mai", "Vũ Thị Hoa"),
    }
    for i, given in enumerate(GIVEN_NAMES):
        files[f"exemplars/pham-van-{i}/index.md"] = _filler(i, given)
    make_repo(root, files, mkdocs=True)
    # Straight from a phone: 4000×3000, shot sideways, with GPS and serial number in its EXIF.
    make_phone_photo(root / "exemplars/nguyen-thi-mai/chan-dung.jpg", orientation=6)
    make_image(root / "exemplars/tran-van-binh/chan-dung.jpg", 1600, 1200)
    return build_site(root)


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_profile_page_shows_every_public_field(site):
    html = read(site, "ghi-danh/nguyen-thi-mai")
    for text in (
        "Nguyễn Thị Mai",
        "Bí thư Chi bộ thôn Tả Phời",
        "Gương mẫu vận động bà con trồng quế.",
        "Vận động 40 hộ trồng quế.",
        "125-QĐ/ĐU",
        "5/6/2026",
        "Đảng ủy xã Bát Xát",
        "Cấp cơ sở",
        "Câu chuyện.",
        "Ảnh: Báo Lào Cai",
        "Chị Mai bên vườn quế",
        "Nông nghiệp và xây dựng nông thôn mới",
        "Xã Bát Xát",
    ):
        assert text in html, text
    # links to the listings it belongs to, page-relative
    for link in (
        'href="../../linh-vuc/new-rural-development/"',
        'href="../../dia-phuong/bat-xat/"',
        'href="../../dang-uy/xa-bat-xat/"',
        'href="../../nam/2026/"',
    ):
        assert link in html, link
    assert '<html lang="vi"' in html


def card_links(site: Path, url: str) -> set[str]:
    """The profiles a listing page links to, as site-relative URLs."""
    hrefs = re.findall(r'class="hr-card__name"><a href="([^"]+)"', read(site, url))
    return {posixpath.normpath(posixpath.join(url, h)) + "/" for h in hrefs}


def test_every_recognized_record_has_a_profile_and_is_listed(site):
    roll = card_links(site, "ghi-danh") | card_links(site, "ghi-danh/trang/2")
    slugs = ["nguyen-thi-mai", "chi-bo-thon-ta-phoi", "lo-thi-sua", "vu-thi-hoa"] + [
        f"pham-van-{i}" for i in range(len(GIVEN_NAMES))
    ]
    assert roll == {f"ghi-danh/{slug}/" for slug in slugs}
    for slug in slugs:
        assert (site / "ghi-danh" / slug / "index.html").is_file(), slug
    assert "ghi-danh/nguyen-thi-mai/" in card_links(site, "linh-vuc/new-rural-development")
    assert "ghi-danh/nguyen-thi-mai/" in card_links(site, "dia-phuong/bat-xat")


def test_withdrawn_record_appears_nowhere(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {
            ".html",
            ".xml",
            ".json",
            ".txt",
            ".js",
            ".csv",
            ".md",
        }:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Trần Văn Bình" not in text, path
            assert "tran-van-binh" not in text, path
    assert not (site / "anh" / "tran-van-binh").exists()


def test_counts_do_not_include_withdrawn(site):
    total = 4 + len(GIVEN_NAMES)
    assert f"{total} điển hình" in read(site, "ghi-danh")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<span class="hr-stats__n">{total}</span> điển hình được ghi danh' in home


def test_listing_is_paginated_and_in_vietnamese_order(site):
    first, second = read(site, "ghi-danh"), read(site, "ghi-danh/trang/2")
    names = re.findall(r'class="hr-card__name"><a href="[^"]+">([^<]+)</a>', first + second)
    assert len(names) == 4 + len(GIVEN_NAMES)
    given = [n.split()[-1] for n in names if n.startswith("Phạm Văn")]
    assert given == GIVEN_NAMES  # already in Vietnamese alphabetical order: Đào after Dung
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "trang 2/2" in second


def test_listings_per_dimension(site):
    for url in (
        "linh-vuc/education",
        "dia-phuong/y-ty",
        "dang-uy/xa-y-ty",
        "cap/grassroots",
        "cap/provincial",
        "nam/2026",
        "ca-nhan",
        "tap-the",
        "linh-vuc",
        "dia-phuong",
        "dang-uy",
        "cap",
        "nam",
        "loai",
        "vung",
    ):
        assert (site / url / "index.html").is_file(), url
    assert "Vũ Thị Hoa" in read(site, "cap/provincial")
    assert "Vũ Thị Hoa" not in read(site, "cap/grassroots")
    assert "Chi bộ thôn Tả Phời" in read(site, "tap-the")
    assert "Chi bộ thôn Tả Phời" not in read(site, "ca-nhan")


def test_a_listing_with_no_exemplar_yet_is_left_out_of_search_engines(site):
    """Most communes have no exemplar early in the plan: their pages say so to a visitor, but
    are neither in the sitemap nor listed by search engines (pages with nothing on them)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    seen = {True: 0, False: 0}
    for dimension in ("dia-phuong", "dang-uy", "linh-vuc", "nam"):
        for page in (site / dimension).glob("*/index.html"):
            html = page.read_text(encoding="utf-8")
            empty = "Chưa có điển hình nào được công nhận, ghi danh ở đây" in html
            url = page.parent.relative_to(site).as_posix() + "/"
            assert ('<meta name="robots" content="noindex, follow">' in html) == empty, url
            assert (f"{url}</loc>" in sitemap) != empty, url
            seen[empty] += 1
    assert seen[True] and seen[False]
    assert "ghi-danh/nguyen-thi-mai/</loc>" in sitemap


class _Scan(HTMLParser):
    """Collects what could execute: script elements and their text, event-handler attributes,
    and links with script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.bad_links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if (
                name in ("href", "src")
                and value
                and value.strip().lower().startswith(("javascript:", "vbscript:", "data:text"))
            ):
                self.bad_links.append(value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_record_html_never_executes(site):
    for url in ("ghi-danh/lo-thi-sua", "ghi-danh", "dia-phuong/bat-xat", ""):
        html = read(site, url) if url else (site / "index.html").read_text(encoding="utf-8")
        scan = _Scan()
        scan.feed(html)
        assert not [s for s in scan.scripts if "alert" in s], url
        assert scan.handlers == [], url
        assert scan.bad_links == [], url
    profile = read(site, "ghi-danh/lo-thi-sua")
    assert (
        "Lò Thị Sua &lt;b&gt;&#34;x&lt;/b&gt;" in profile
        or "Lò Thị Sua &lt;b&gt;&quot;x&lt;/b&gt;" in profile
    )
    title = re.search(r"<title>(.*?)</title>", profile, re.S).group(1)
    assert "<b>" not in title and "&lt;b&gt;" in title
    description = re.search(r'<meta name="description" content="([^"]*)"', profile).group(1)
    assert "script" in description and "<" not in description
    assert "<h3>Tiêu đề</h3>" in profile  # story headings sit below the page's own


def test_photos_are_published_resized_without_metadata_and_originals_stay_out(site):
    published = sorted((site / "anh" / "nguyen-thi-mai").glob("*.jpg"))
    widths = {Image.open(p).width for p in published}
    assert widths == {320, 640, 960, 1280}
    for path in published:
        with Image.open(path) as image:
            assert not image.getexif()
            assert "icc_profile" not in image.info
    assert not list(site.rglob("chan-dung.jpg"))
    html = read(site, "ghi-danh/nguyen-thi-mai")
    assert 'srcset="../../anh/nguyen-thi-mai/1-' in html
    assert re.search(r'<img[^>]+width="640" height="853"', html)  # upright: portrait


def test_record_without_photo_gets_a_placeholder(site):
    html = read(site, "ghi-danh/chi-bo-thon-ta-phoi")
    assert '<svg class="hr-placeholder"' in html


def test_section_links_keep_the_letter_d(site):
    """Markdown's own anchors dropped đ: a shared link read #oi-tuong-xay-dung-ien-hinh."""
    ids = re.findall(r'<h2 id="([^"]+)"', read(site, "tieu-chi"))
    assert "doi-tuong-xay-dung-dien-hinh" in ids
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids


def test_editorial_pages_are_built(site):
    for url in ("gioi-thieu", "tieu-chi", "quy-trinh", "dinh-chinh"):
        assert (site / url / "index.html").is_file()


def test_editorial_pages_say_what_they_are_about(site):
    described = {
        url: meta(read(site, url)).get("og:description", "")
        for url in ("gioi-thieu", "tieu-chi", "quy-trinh", "dinh-chinh")
    }
    home = meta((site / "index.html").read_text(encoding="utf-8"))["og:description"]
    assert all(described.values()) and home not in described.values()
    assert (
        "Không tìm thấy trang"
        in (site / "404.html").read_text(encoding="utf-8").split("</title>")[0]
    )


def test_an_editorial_page_whose_front_matter_cannot_be_read_stops_the_build(tmp_path):
    # mkdocs itself would drop it without a word and print it on the page as text.
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True)
    page = root / "content" / "tieu-chi.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith('---\ndescription: "')
    page.write_text(text.replace('description: "', "description: Tiêu chí: ", 1), encoding="utf-8")
    with pytest.raises(Abort) as stop:
        build_site(root)
    assert str(stop.value).startswith("content/tieu-chi.md:2: phần thông tin đầu trang")
    assert "ngoặc kép" in str(stop.value)


def test_mkdocs_build_stops_with_the_validators_messages(tmp_path, caplog):
    bad = VALID_RECORD.replace("commune: bat-xat", "commune: bat-xatt").replace(
        "date: 2026-06-15", "date: 2026-13-01"
    )
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": bad,
            "exemplars/chi-bo/index.md": COLLECTIVE.replace("summary:", "sumary:"),
        },
        mkdocs=True,
    )
    from helpers import TODAY

    expected = [format_problem(p) for p in load(Layout(root), today=TODAY).problems]
    assert len(expected) == 3
    with caplog.at_level(logging.WARNING), pytest.raises(Abort) as stop:
        build_site(root)
    logged = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.honor_roll"]
    assert logged == expected
    assert "3 lỗi trong 2 tệp" in str(stop.value)
    assert not (root / "site" / "ghi-danh").exists()


def meta(html: str) -> dict[str, str]:
    """The page's Open Graph and Twitter tags, content still escaped as in the HTML."""
    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html)
    )


def test_profile_has_complete_share_tags(site):
    html = read(site, "ghi-danh/nguyen-thi-mai")
    tags = meta(html)
    base = "http://127.0.0.1:8000/"
    assert tags["og:title"] == "Nguyễn Thị Mai — Điển hình cấp cơ sở"
    assert tags["og:description"] == "Gương mẫu vận động bà con trồng quế."
    assert tags["og:url"] == base + "ghi-danh/nguyen-thi-mai/"
    assert f'<link rel="canonical" href="{base}ghi-danh/nguyen-thi-mai/">' in html
    assert tags["og:locale"] == "vi_VN"
    assert tags["og:image"].startswith(base + "anh/chia-se/nguyen-thi-mai-")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert "Nguyễn Thị Mai" in tags["og:image:alt"]
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    image = site / tags["og:image"].removeprefix(base)
    assert image.stat().st_size < 300_000
    with Image.open(image) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))


def test_home_and_listings_share_the_site_image(site):
    home = meta((site / "index.html").read_text(encoding="utf-8"))
    roll = meta(read(site, "ghi-danh"))
    about = meta(read(site, "gioi-thieu"))
    assert home["og:image"] == roll["og:image"] == about["og:image"]
    assert "/anh/chia-se/trang-" in home["og:image"]
    assert home["og:url"] == "http://127.0.0.1:8000/"
    assert home["og:title"] == "Ghi danh điển hình tiên tiến tỉnh Lào Cai"
    assert roll["og:url"] == "http://127.0.0.1:8000/ghi-danh/"
    assert (site / home["og:image"].removeprefix("http://127.0.0.1:8000/")).is_file()
    # real records only: nothing says sample (the sample site's pages do: test_share.py)
    assert "mẫu" not in home["og:description"] + home["og:image:alt"]


def test_every_profile_has_its_own_share_image_and_withdrawn_ones_none(site):
    cards = {p.name.rsplit("-", 1)[0] for p in (site / "anh" / "chia-se").glob("*.jpg")}
    assert {"nguyen-thi-mai", "chi-bo-thon-ta-phoi", "lo-thi-sua", "trang"} <= cards
    assert "tran-van-binh" not in cards
    assert len(cards) == 4 + len(GIVEN_NAMES) + 1


def test_share_tags_escape_record_text(site):
    tags = meta(read(site, "ghi-danh/lo-thi-sua"))
    assert tags["og:title"] in (
        "Lò Thị Sua &lt;b&gt;&#34;x&lt;/b&gt; — Điển hình cấp cơ sở",
        "Lò Thị Sua &lt;b&gt;&quot;x&lt;/b&gt; — Điển hình cấp cơ sở",
    )
    assert "<" not in tags["og:description"] and "&lt;script&gt;" in tags["og:description"]


def test_profile_has_share_buttons_and_no_third_party_script(site):
    html = read(site, "ghi-danh/nguyen-thi-mai")
    encoded = "http%3A//127.0.0.1%3A8000/ghi-danh/nguyen-thi-mai/"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in html
    assert f'href="https://sp.zalo.me/share_inline?url={encoded}"' in html
    assert 'class="hr-share__btn hr-share__native" hidden' in html
    assert 'class="hr-share__btn hr-share__copy" hidden' in html
    assert 'data-url="http://127.0.0.1:8000/ghi-danh/nguyen-thi-mai/"' in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert any(s.endswith("assets/share.js") for s in scripts)
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]


def test_listing_images_are_lazy_below_the_fold(sample_site):
    html = read(sample_site, "ghi-danh")
    cards = html.split('<li class="hr-card">')[1:]
    loading = [re.search(r'<img [^>]*loading="(\w+)"', c) for c in cards]
    found = [(i, m.group(1)) for i, m in enumerate(loading) if m]
    assert len(found) > 5
    assert all(value == ("eager" if i < 2 else "lazy") for i, value in found), found


def test_mkdocs_own_lines_are_in_vietnamese(tmp_path, caplog):
    """An editor reads every line a build prints; mkdocs' own were in English."""
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True)
    with caplog.at_level(logging.INFO):
        build_site(root)
        build_site(root)  # a second build clears the first one's site
        logging.getLogger("mkdocs.livereload").info("[16:18:10] Serving on http://127.0.0.1:8000/")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.")]
    assert "Xóa trang đã dựng lần trước" in messages
    assert any(re.fullmatch(r"Đã dựng xong trong \d+,\d\d giây", m) for m in messages), messages
    assert "[16:18:10] Xem trước tại http://127.0.0.1:8000/ (dừng: Ctrl+C)" in messages
    assert not [m for m in messages if "Documentation built" in m or "Cleaning" in m]


def test_a_malformed_log_call_is_left_to_logging(caplog):
    from generator.plugin import speak_vietnamese

    speak_vietnamese()
    logger = logging.getLogger("mkdocs.commands.build")
    record = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "%s %s", ("one",), None)
    assert all(f.filter(record) for f in logger.filters)  # no exception: logging reports it


def test_mkdocs_levels_are_named_in_vietnamese_and_wrapped_lines_stay_aligned(monkeypatch):
    import io

    from mkdocs.__main__ import ColorFormatter

    from generator.plugin import speak_vietnamese

    monkeypatch.setattr(ColorFormatter.text_wrapper, "width", 40)  # a narrow terminal
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.name = "MkDocsStreamHandler"
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        speak_vietnamese()
        speak_vietnamese()  # wrapped once, not twice
        logging.getLogger("mkdocs.plugins.honor_roll").warning("một dòng " * 8)
    finally:
        logger.removeHandler(handler)
    first, *rest = re.sub(r"\x1b\[[\d;]*m", "", stream.getvalue()).splitlines()
    assert first.startswith("CẢNH BÁO  -  một dòng")
    assert rest and all(line.startswith(" " * 13 + "một") for line in rest), rest
    assert all(len(line) <= 40 for line in [first, *rest])  # within the terminal's width
