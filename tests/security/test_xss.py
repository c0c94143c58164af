"""No script from a record ever runs on the site.

Every payload of `xss_payloads.txt` is written into every field of one record that reaches a
page (front matter and story). The site is built, and then:

- every HTML file (and the HTML inside the Atom feeds) is parsed, and nothing in it may be able
  to run: no event-handler attribute, no script, frame or object that is not the site's own, no
  URL with a script scheme after entity decoding, no refresh to one;
- JSON embedded in HTML cannot close its <script> element;
- every page of a hostile record is opened in Chromium, and no dialog may open;
- the hostile records are searched in Chromium, in the main index and in the one with the
  stories: result cards are made by our script from index data (record text), so no dialog may
  open and the cards may hold only the markup the script writes.

Checks parse the output; they do not grep for strings.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers import make_image, make_repo
from mkdocs.commands.build import build
from mkdocs.config import load_config

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line and not line.startswith("# ")
]
# The schema only takes http(s) addresses for media; these test what may follow the scheme.
URL_PAYLOADS = [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/'onmouseover='alert(1)",
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/</script><script>alert(1)</script>",
]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg", "livescript:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcdoc",
    "srcset",
    "imagesrcset",
}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "form"}
# Scripts the site itself ships: mkdocs-material's, ours, Pagefind's.
OWN_SCRIPT = re.compile(r"^/?(\.\./|\./)*(assets/|pagefind/)[\w./-]+\.js$")


def _record(i: int, payload: str) -> str:
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a YAML double-quoted string
    url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
    return "\n".join(
        [
            "---",
            f"name: {q('Người ' + str(i) + ' ' + payload)[:150]}",
            "kind: individual",
            "subject: citizen",
            f"role: {q(payload)}",
            "field: culture-society",
            f"unit: {q(payload)}",
            "commune: bat-xat",
            "party_committee: xa-bat-xat",
            "period: 2025-2028",
            "status: recognized",
            "recognitions:",
            "  - level: grassroots",
            f"    decision: {q(('1-' + payload)[:60])}",  # a decision number has a digit
            "    date: 2026-06-15",
            f"    issued_by: {q(payload)}",
            f"summary: {q(payload)}",
            "achievements:",
            f"  - {q(payload)}",
            "awards:",
            f"  - title: {q(payload)}",
            f"    issued_by: {q(payload)}",
            f"    decision: {q(('1-' + payload)[:60])}",  # a decision number has a digit
            "    date: 2026-01-10",
            "regions: [highland]",
            f"ethnicity: {q(payload[:60])}",
            "photos:",
            "  - file: anh.jpg",
            f"    alt: {q(payload)}",
            f"    caption: {q(payload)}",
            f"    credit: {q(payload)}",
            "consent:",
            "  photos: true",
            "  ethnicity: true",
            "media:",
            f"  - title: {q(payload)}",
            f"    outlet: {q(payload)}",
            f"    url: {q(url)}",
            "    date: 2026-07-01",
            "    type: article",
            "---",
            payload,
            "",
            f"Đoạn văn có {payload} ở giữa.",
            "",
            f"- {payload}",
            "",
            f"[liên kết]({quote(payload, safe=':/')})",
            "",
        ]
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    files = {f"exemplars/x-{i:02d}/index.md": _record(i, p) for i, p in enumerate(PAYLOADS)}
    make_repo(root, files, mkdocs=True)
    for i in range(len(PAYLOADS)):
        make_image(root / f"exemplars/x-{i:02d}/anh.jpg", 480, 480)
    build(load_config(config_file=str(root / "mkdocs.yml")))
    return root / "site"


class _Executable(HTMLParser):
    """Collects everything in a document that could run code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            urls = value.split(",") if name.endswith("srcset") else [value]
            if name in URL_ATTRIBUTES and any(_dangerous_url(u.strip()) for u in urls):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").split("url=", 1)[-1]
            if _dangerous_url(target) or not target.startswith(("../", "./", "http")):
                self.found.append(f"<meta refresh {target!r}>")
        if tag == "script":
            kind = values.get("type", "text/javascript").lower()
            src = values.get("src")
            if src is not None:
                if not OWN_SCRIPT.match(src):
                    self.found.append(f"<script src={src!r}>")
                self._script = "src"
            elif kind in ("application/json", "application/ld+json"):
                self._script = "json"
            else:
                self._script = "inline"
            self._script_text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            text = "".join(self._script_text)
            if self._script == "json":
                json.loads(text)  # still valid JSON: nothing closed the element early
            elif self._script == "inline" and "alert" in text:
                self.found.append(f"inline script: {text[:80]!r}")
            self._script = None


def _dangerous_url(value: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
    return any(
        cleaned.startswith(s) or f",{s}" in cleaned or f" {s}" in value.lower()
        for s in DANGEROUS_SCHEMES
    )


def _scan(document: str) -> list[str]:
    parser = _Executable()
    parser.feed(document)
    parser.close()
    return parser.found


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50


def test_every_hostile_record_was_published(hostile_site: Path):
    for i in range(len(PAYLOADS)):
        assert (hostile_site / f"ghi-danh/x-{i:02d}/index.html").is_file(), PAYLOADS[i]


def test_no_html_output_can_run_a_payload(hostile_site: Path):
    problems: dict[str, list[str]] = {}
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    for page in pages:
        found = _scan(page.read_text(encoding="utf-8"))
        if found:
            problems[str(page.relative_to(hostile_site))] = found
    assert problems == {}


def test_feeds_carry_no_executable_html(hostile_site: Path):
    feeds = sorted(hostile_site.rglob("*.xml"))
    assert any(f.name == "feed.xml" for f in feeds)
    problems = {}
    for feed in feeds:
        root = ET.parse(feed).getroot()  # well-formed despite the payloads
        for element in root.iter():
            if element.get("type") in ("html", "xhtml") and element.text:
                found = _scan(element.text)
                if found:
                    problems[f"{feed.name}: {element.tag}"] = found
            for name, value in element.attrib.items():
                if name in ("href", "src", "url") and _dangerous_url(value):
                    problems[f"{feed.name}: {element.tag}@{name}"] = [value]
    assert problems == {}


def test_json_outputs_parse(hostile_site: Path):
    for path in hostile_site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_no_dialog_opens_in_a_browser(hostile_site: Path, browser):
    from generator.staticserver import serve

    dialogs: list[str] = []
    with serve(hostile_site) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in [
            "",
            "ghi-danh/",
            "ghi-danh/trang/2/",
            "ghi-danh/trang/3/",
            "dia-phuong/bat-xat/",
            "thong-ke/",
            "du-lieu-mo/",
        ] + [f"ghi-danh/x-{i:02d}/" for i in range(len(PAYLOADS))]:
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.mouse.move(180, 300)  # hover handlers, had any survived
        context.close()
    assert dialogs == []


# What the search script writes into result cards (theme/assets/search.js: card()).
CARD_TAGS = {"LI", "DIV", "IMG", "SPAN", "H2", "H3", "A", "P", "MARK", "svg", "path"}
CARD_ATTRIBUTES = {
    "class",
    "src",
    "alt",
    "width",
    "height",
    "loading",
    "decoding",
    "style",
    "href",
    "viewBox",
    "aria-hidden",
    "fill",
    "fill-opacity",
    "d",
}
_CARD_MARKUP = """list => [...list.querySelectorAll("*")].map(e => [
    e.tagName, e.getAttributeNames(), e.getAttribute("href") || e.getAttribute("src") || ""])"""


def _show_all_results(page) -> None:
    more = page.locator("[data-finder-more]")
    while more.is_visible():
        cards = page.locator("[data-finder-results] .hr-result")
        count = cards.count()
        more.click()
        cards.nth(count).wait_for(state="attached")


def _check_cards(page, selector: str, base: str) -> int:
    """The cards in `selector` hold only the script's own markup; return how many there are."""
    cards = page.locator(f"{selector} .hr-result")
    html_text = page.locator(selector).inner_html()
    assert _scan(html_text) == []
    for tag, attributes, link in page.locator(selector).evaluate(_CARD_MARKUP):
        assert tag in CARD_TAGS, (tag, html_text[:300])
        assert set(attributes) <= CARD_ATTRIBUTES, (tag, attributes)
        if tag == "A":
            assert re.fullmatch(r"/ghi-danh/x-\d\d/", link), link
        if tag == "IMG":
            assert link.startswith(base + "anh/x-"), link
    return cards.count()


@pytest.mark.parametrize(
    "query, stories",
    [
        ("nguoi", False),  # the names, in the main index
        ("alert script img", False),
        ("nguoi", True),  # the same records, from the index with the stories
        ("doan van co o giua", True),  # a sentence of every story, and only there
        ("alert script", True),
    ],
)
def test_searching_hostile_records_runs_nothing(hostile_site: Path, browser, query, stories):
    from generator.staticserver import serve

    dialogs: list[str] = []
    with serve(hostile_site) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        address = f"tim-kiem/?q={quote(query)}" + ("&cau-chuyen=1" if stories else "")
        page.goto(base + address)
        page.wait_for_selector("[data-finder-results] .hr-result")
        _show_all_results(page)
        found = _check_cards(page, "[data-finder-results]", base)
        if query == "nguoi":
            assert found == len(PAYLOADS)
        # (a payload that opens an HTML comment or element takes the rest of its paragraph)
        assert found > len(PAYLOADS) * 0.9 if query.startswith("doan") else found > 0
        page.mouse.move(180, 300)
        if not stories:  # the panel in the header uses the same cards
            page.goto(base)
            page.locator("[data-hr-search-open]").click()
            page.locator("#hr-search-q").fill(query)
            page.wait_for_selector(".hr-search__results .hr-result")
            assert _check_cards(page, ".hr-search__results", base) > 0
        context.close()
    assert dialogs == []


@pytest.mark.parametrize(
    "document",
    [
        "<p><img src=x onerror=alert(1)></p>",
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<iframe src="about:blank"></iframe>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<img srcset="a.jpg 1x, javascript:alert(1) 2x">',
        "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    ],
)
def test_the_checker_itself_finds_executable_html(document):
    assert _scan(document)


def test_the_checker_accepts_the_sites_own_markup():
    assert (
        _scan(
            '<script src="../../assets/javascripts/bundle.min.js"></script>'
            '<script id="__config" type="application/json">{"a": "</p>"}</script>'
            '<a href="https://example.org/x">x</a><img src="../../anh/x.webp" alt="">'
        )
        == []
    )
