"""The mkdocs adapter: the only module that imports mkdocs.

It turns mkdocs events into calls to the plain modules:

- `on_config`: load and validate every record once; log every problem, then stop the build once
  if any is an error (nothing unchecked is ever published);
- `on_files`: add the generated pages as virtual files (`File.generated`), each with a page object
  that renders its content directly instead of going through Markdown;
- `on_page_content`: fill the generated sections of the home page;
- `on_post_page`, `on_post_template`: give every page its Content Security Policy (`csp.py`);
- `on_page_context`: hand every page its share tags (Open Graph, Twitter), escaped; make profiles
  and listings from their page shell once it is proven (`shell.py`);
- `on_pre_build` starts three things beside the build: a forked copy of the process that
  writes open data, feeds and fact sheets; worker processes for the photo renditions and share
  images missing from the cache; the search indexer, which `on_page_content` hands each profile
  as soon as it is rendered. `on_post_build` links photos next to the pages mkdocs wrote, moves
  the open data into place and waits for the indexer's bundles (`on_build_error` stops all
  three), then fills in what the service worker fetches ahead (`offline.py`);
- `on_serve`: rebuild when records or vocabularies change.
"""

from __future__ import annotations

import copy
import logging
import re
import textwrap
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import csp, offline, shell, sitedir
from .frontmatter import parse_yaml
from .images import PublishError
from .problems import format_problem, summary_line
from .project import Layout, load
from .search import SearchIndexError
from .website import PageSpec, Website

log = logging.getLogger("mkdocs.plugins.honor_roll")


# mkdocs' own lines on every build and preview, in the editors' language. Matched whole; a line
# mkdocs words differently in another version is printed as it is.
_MKDOCS_LINES = [
    (re.compile(pattern), wording)
    for pattern, wording in (
        (r"Cleaning site directory", "Xóa trang đã dựng lần trước"),
        (r"Building documentation to directory: (?P<dir>.*)", "Dựng trang vào thư mục: {dir}"),
        (r"Documentation built in (?P<s>[\d.]+) seconds", "Đã dựng xong trong {s} giây"),
        (r"Building documentation\.\.\.", "Đang dựng trang…"),
        (r"Watching paths for changes: (?P<paths>.*)", "Theo dõi thay đổi trong: {paths}"),
        (r"Serving on (?P<url>\S+)", "Xem trước tại {url} (dừng: Ctrl+C)"),
        (
            r"Serving on (?P<url>\S+) and opening it in a browser",
            "Xem trước tại {url}, đang mở trình duyệt (dừng: Ctrl+C)",
        ),
        (r"Detected file changes", "Có tệp vừa thay đổi, dựng lại"),
        (r"Reloading browsers", "Tải lại trang trong trình duyệt"),
        (r"Browser connected: (?P<url>.*)", "Trình duyệt đang xem: {url}"),
        (r"Shutting down\.\.\.", "Đang dừng…"),
    )
]
_MKDOCS_LOGGERS = ("mkdocs.commands.build", "mkdocs.commands.serve", "mkdocs.livereload")


# The live preview's lines start with the time: "[16:18:10] Serving on …".
_TIME = re.compile(r"(\[\d\d:\d\d:\d\d\] )?(.*)", re.DOTALL)


def _decimal(number: float | str) -> str:
    """A decimal number as Vietnamese writes it: 1,5 (a float gets one decimal)."""
    return (f"{number:.1f}" if isinstance(number, float) else number).replace(".", ",")


class _InVietnamese(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed call: logging reports it as usual
            return True
        time, message = _TIME.fullmatch(text).groups()  # type: ignore[union-attr]
        for pattern, wording in _MKDOCS_LINES:
            if found := pattern.fullmatch(message):
                parts = {k: _decimal(v) if k == "s" else v for k, v in found.groupdict().items()}
                record.msg, record.args = (time or "") + wording.format(**parts), ()
                break
        return True


# The level mkdocs prints before each line ("WARNING -  …"), padded to the longest.
_LEVELS = {
    "DEBUG": "GỠ LỖI",
    "INFO": "THÔNG TIN",
    "WARNING": "CẢNH BÁO",
    "ERROR": "LỖI",
    "CRITICAL": "LỖI",
}
_INDENT = " " * 11  # where mkdocs starts the lines it wraps on a terminal
_WIDER = " " * (max(map(len, _LEVELS.values())) + 4)


class _VietnameseLevels(logging.Formatter):
    """mkdocs' own formatter (colours, wrapping), with the level named in Vietnamese."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner
        # The longer labels push wrapped lines right: wrap them that much narrower.
        wrapper = getattr(inner, "text_wrapper", None)
        if isinstance(wrapper, textwrap.TextWrapper) and wrapper.width:
            narrower = copy.copy(wrapper)
            narrower.width = max(20, wrapper.width - (len(_WIDER) - len(_INDENT)))
            inner.text_wrapper = narrower  # this formatter's own, not the class's

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        label, english = _LEVELS.get(record.levelname), f"{record.levelname:<8}-  "
        if label is None or english not in text:
            return text
        label = f"{label:<{len(_WIDER) - 4}} -  "
        return text.replace(english, label, 1).replace("\n" + _INDENT, "\n" + _WIDER)


def speak_vietnamese() -> None:
    """Have mkdocs' own log lines printed in Vietnamese (once per process)."""
    for name in _MKDOCS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _InVietnamese) for f in logger.filters):
            logger.addFilter(_InVietnamese())
    # The handler mkdocs' command line sets up (none when mkdocs is called from Python); its
    # formatter colours the level on a terminal, and writes it plainly elsewhere.
    for handler in logging.getLogger("mkdocs").handlers:
        if handler.name == "MkDocsStreamHandler" and handler.formatter is not None:
            if not isinstance(handler.formatter, _VietnameseLevels):
                handler.setFormatter(_VietnameseLevels(handler.formatter))


# Where the home page's Markdown asks for generated sections: <!-- ghi-danh:tong-quan -->.
MARKER = "<!-- ghi-danh:{} -->"
# Profiles and listing pages, thousands of them, are made from page shells (shell.py) through
# this template in theme/, which prints the HTML the plugin made. Field listings announce their
# own feed through a relative link the shell does not hold: the theme renders those.
SHELL_TEMPLATE = "hr-shell.html"
SHELL_KINDS = ("profile", "listing")


class HonorRollConfig(base.Config):
    records_dir = c.Type(str, default="exemplars")
    data_dir = c.Type(str, default="data")
    schema = c.Type(str, default="schema/record.schema.json")
    cache_dir = c.Type(str, default=".cache/honor-roll")  # processed photos, kept between builds
    today = c.Optional(c.Type(str))  # ISO date standing in for today, for reproducible tests
    page_shells = c.Type(bool, default=True)  # off: the theme renders every page (tests compare)
    # Reading without a connection (offline.py). Off: no page installs the service worker, and
    # sw.js is published empty, which removes it from the phones that had it.
    offline = c.Type(bool, default=True)


class GeneratedPage(Page):
    """A page whose HTML comes from `render.py`, not from Markdown.

    MkDocs renders themes with autoescaping off, and mkdocs-material prints `page.meta.title`
    and `page.meta.description` into `<title>` and `<meta>` as they are. Record text is
    untrusted, so both are handed over already escaped, as `Markup` (which the theme's own
    `|e` filters then leave alone instead of escaping twice).
    """

    def __init__(
        self, spec: PageSpec, file: File, config: MkDocsConfig, shells: bool = True
    ) -> None:
        super().__init__(escape(spec.title), file, config)
        self.spec = spec
        self.shells = shells
        self.shell_html: str | None = None  # the page made from its shell (plugin._from_shell)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {
            "title": escape(self.spec.title),
            "description": escape(self.spec.description),
            "hide": ["toc"],
            "honor_roll_kind": self.spec.kind,
            **self.spec.meta,
        }
        if self.shells and self.spec.kind in SHELL_KINDS and "honor_roll_feed" not in self.meta:
            self.meta["template"] = SHELL_TEMPLATE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.spec.render()
        self.toc = get_toc([])


def _with_policy(html: str, source: str, check_only: bool = False) -> str:
    """The page with its Content Security Policy, or stop the build on a script not the theme's.

    `check_only`: the page has its policy already (made from a shell); only look for scripts.
    """
    try:
        if check_only:
            csp.inline_script_hashes(html)
            return html
        return csp.apply(html)
    except csp.UnexpectedScript as error:
        raise Abort(
            f"Trang {source} có một đoạn mã (script) không thuộc giao diện của trang nên không "
            f"được đăng: {error.body[:120]!r}. Nếu mã đến từ một hồ sơ, hãy báo ngay cho người "
            "quản trị (SECURITY.md)."
        ) from error


class HonorRollPlugin(BasePlugin[HonorRollConfig]):
    website: Website | None = None
    serving = False
    search_report = None  # the last run of the search indexer (read by `make bench`)
    env = None
    dirty = False
    clearing: sitedir.Clearing | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects its live-reload script into every page it serves; a Content
        # Security Policy would block it, so previews go without one.
        self.serving = command == "serve"
        self.dirty = dirty  # --dirty keeps the previous site's files: never clear them
        speak_vietnamese()

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # The previous build's files are deleted in the background (sitedir.py), not by mkdocs.
        site = Path(config.site_dir)
        self.clearing = None if self.dirty else sitedir.clear(site)
        if self.website is not None:
            # The copy that writes open data is forked first, while this process has no other
            # thread (the photo work and the indexer's client each start one).
            self.website.start_data(site)
            self.website.start_images()
            try:
                self.website.start_search(site)
            except SearchIndexError as exc:
                raise Abort(f"Không xây dựng được chỉ mục tìm kiếm: {exc}") from exc

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        speak_vietnamese()  # also when mkdocs' build() is called without its command line
        root = Path(config.config_file_path).parent
        self.layout = Layout(
            root,
            self.config.records_dir,
            self.config.data_dir,
            self.config.schema,
            self.config.cache_dir,
        )
        today = date.fromisoformat(self.config.today) if self.config.today else None
        project = load(self.layout, today=today)
        for problem in project.problems:
            (log.error if problem.is_error else log.warning)(format_problem(problem))
        if not project.ok:
            raise Abort(
                f"Không xây dựng trang vì hồ sơ có lỗi ({summary_line(project.problems)}). "
                "Sửa các lỗi trên rồi chạy lại; kiểm tra nhanh: python -m generator validate"
            )
        self.website = Website(project, config.site_name, config.site_url or "")
        if urlsplit(config.site_url or "").hostname in (None, "127.0.0.1", "localhost"):
            # A preview (mkdocs serve) is meant for this machine; a build may be uploaded as is.
            (log.info if self.serving else log.warning)(
                f"Địa chỉ trang (site_url) là {config.site_url or '(trống)'}: liên kết chia sẻ, "
                "dữ liệu mở và tin mới trỏ về máy này. Khi dựng để đăng, đặt SITE_URL=https://…"
            )
        self.shells = shell.Shells()
        config.extra["honor_roll_sample_data"] = self.website.has_sample_data
        # Previews are rebuilt as they are edited: no service worker keeps their pages.
        config.extra["honor_roll_offline"] = self.config.offline and not self.serving
        log.info(
            f"Ghi danh: {len(self.website.catalog.records)} hồ sơ công khai, "
            f"{len(project.records) - len(self.website.catalog.records)} đã đưa ra khỏi danh sách."
        )
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.website is not None
        for spec in self.website.pages():
            if files.get_file_from_path(spec.src_uri) is not None:
                raise Abort(
                    f"Trang {spec.url} vừa có trong {config.docs_dir} vừa được tạo từ hồ sơ; "
                    f"hãy đổi tên tệp {spec.src_uri} trong thư mục nội dung."
                )
            file = File.generated(config, spec.src_uri, content="")
            GeneratedPage(spec, file, config, self.config.page_shells)
            files.append(file)
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # mkdocs drops front matter it cannot read without a word, and the page then shows it as
        # text ("description: …" under a rule): an editorial page is refused like a record.
        if not page.meta and markdown.startswith("---") and "\n---" in markdown[3:]:
            block = markdown[3:].split("\n---", 1)[0].lstrip("\n")
            _, _, problems = parse_yaml(block + "\n", first_line=2)
            where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
            if problems:
                where, reason = f"{where}:{problems[0].line}", problems[0].message
            else:
                reason = 'không đọc được; hãy viết mỗi dòng dạng "khóa: giá trị"'
            raise Abort(f"{where}: phần thông tin đầu trang (giữa hai dòng '---'): {reason}")
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.is_homepage and self.website is not None:
            for name, section in self.website.home_sections(page.url).items():
                html = html.replace(MARKER.format(name), section)
        if isinstance(page, GeneratedPage) and self.website is not None:
            try:
                self.website.index_profile(page.spec, html)
            except SearchIndexError as exc:
                raise Abort(f"Không xây dựng được chỉ mục tìm kiếm: {exc}") from exc
        return html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        if self.website is not None:
            spec = page.spec if isinstance(page, GeneratedPage) else None
            title = spec.title if spec else (config.site_name if page.is_homepage else page.title)
            description = (
                spec.description
                if spec
                else page.meta.get("description") or config.site_description or ""
            )
            tags = self.website.share_tags(
                page.url, str(title or config.site_name), str(description), spec and spec.record
            )
            # Themes render without autoescaping: record text is escaped here, once.
            page.meta["share_tags"] = [(attr, name, escape(value)) for attr, name, value in tags]
            if page.meta.get("template") == SHELL_TEMPLATE:
                page.shell_html = self._from_shell(context, page, nav)
        return context

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name == offline.OFFLINE_PAGE:
            # Shown at the address of any page, like 404.html: links absolute from the root.
            context["base_url"] = urlsplit(config.site_url or "/").path
        return context

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # mkdocs makes the theme's environment anew for every build (`serve` included), so
        # nothing is gained by looking for changed templates on disk at every page.
        env.auto_reload = False
        self.env = env
        return env

    def _from_shell(self, context, page: Page, nav) -> str:
        """The page as the theme's main.html renders it (Content Security Policy included),
        made from its shell once the shell has reproduced the theme's own renders."""
        main = self.env.get_template("main.html")
        meta = page.meta
        values = [
            str(meta["title"]),
            str(meta["description"]),
            page.canonical_url or "",
            page.content or "",
            *(str(content) for _, _, content in meta["share_tags"]),
        ]
        # The theme adds a heading above content that has none ("<h1" in the content).
        heading = "<h1" in values[3]
        key = (meta["honor_roll_kind"], page.url.split("/", 1)[0], page.url.count("/"), heading)
        if page in nav.pages:  # active in the navigation: a page of its own
            key += (page.url,)
        if meta.get("honor_roll_unlisted"):  # its head asks search engines not to list it
            key += ("unlisted",)

        def render() -> str:
            return self._policy(main.render(context), page.file.src_uri)

        def render_marked() -> str:
            saved = (page.title, page.meta, page.canonical_url, page.content)
            marks = [Markup(shell.marker(i)) for i in range(len(values))]
            page.title = marks[0]
            page.meta = {
                **meta,
                "title": marks[0],
                "description": marks[1],
                "share_tags": [
                    (attr, name, mark)
                    for (attr, name, _), mark in zip(meta["share_tags"], marks[4:], strict=True)
                ],
            }
            page.canonical_url = str(marks[2])
            page.content = str(marks[3]) + ("<h1" if heading else "")
            try:
                html = main.render(context)
                return self._policy(html.replace(page.content, str(marks[3])), page.file.src_uri)
            finally:
                page.title, page.meta, page.canonical_url, page.content = saved

        return self.shells.page(key, values, render, render_marked)

    def _policy(self, html: str, source: str) -> str:
        return html if self.serving else _with_policy(html, source)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, GeneratedPage):
            # Nothing reads a generated page's HTML once it is written: 10,000 profiles kept in
            # memory until the end of the build would weigh hundreds of megabytes.
            page.content = None
            if page.shell_html is not None:
                page.shell_html = None
                # The policy came with the shell; the page's own values are checked here.
                if not self.serving:
                    _with_policy(output, page.file.src_uri, check_only=True)
                return output
        return output if self.serving else _with_policy(output, page.file.src_uri)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if self.serving or not template_name.endswith(".html"):
            return output
        return _with_policy(output, template_name)  # 404.html

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Nothing of the old site is left behind when the build ends.
        self._cleared()
        if self.website is not None:
            try:
                report = self.website.publish(Path(config.site_dir))
            except PublishError as error:
                raise Abort(f"Không xử lý được ảnh: {error}") from error
            except SearchIndexError as exc:
                raise Abort(f"Không xây dựng được chỉ mục tìm kiếm: {exc}") from exc
            self.search_report = report
            try:
                if config.extra["honor_roll_offline"]:
                    offline.fill_worker(Path(config.site_dir), config.site_url or "")
            except offline.OfflineError as error:
                raise Abort(f"Không tạo được phần đọc khi không có mạng: {error}") from error
            log.debug(
                f"Khuôn trang: {self.shells.filled} trang dựng từ khuôn, "
                f"{self.shells.rendered} trang do giao diện dựng."
            )
            if report.reused:
                log.info(
                    f"Tìm kiếm: {report.pages} hồ sơ không đổi so với lần dựng trước, dùng lại "
                    "chỉ mục đã có."
                )
            else:
                log.info(
                    f"Tìm kiếm: đã lập chỉ mục {report.pages} hồ sơ trong lúc dựng trang "
                    f"({_decimal(report.seconds)} giây; chờ thêm {_decimal(report.waited)} giây ở "
                    "cuối)."
                )

    def on_build_error(self, error: Exception) -> None:
        if self.website is not None:
            self.website.cancel()
        self._cleared()

    def _cleared(self) -> None:
        if self.clearing is not None:
            self.clearing.wait()
            self.clearing = None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
        server.watch(str(self.layout.records_path))
        server.watch(str(self.layout.data_path))
        server.watch(str(self.layout.schema_path))
        return server
