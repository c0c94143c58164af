"""Reading without a connection: what the service worker fetches ahead, filled in at build time.

The worker is `theme/sw.js`, which mkdocs copies to the site's root like any theme file; its
scope is the folder it is in, so it serves the whole site wherever the site is hosted. It keeps
every page a reader opens, with the files that page loaded, and shows the kept copy when there is
no connection. A page never opened gets the offline page (`theme/ngoai-tuyen.html`), rendered by
mkdocs as a static template, like 404.html.

The worker fetches that page and what it loads when it is installed, so this module reads the
built page for its stylesheets, scripts and icon, and writes them into the worker's `BUILD` line
with a version made from all their bytes: a build that changes the theme, a stylesheet or the
offline page changes `sw.js`, and browsers install the new worker on a reader's next visit (they
compare the worker's bytes). Files the page names but the site does not have stop the build: the
worker could not be installed. Left empty (`mkdocs serve`, or `offline: false` in the plugin's
settings), the worker removes itself and what it kept from the phones that had it.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

OFFLINE_PAGE = "ngoai-tuyen.html"
WORKER = "sw.js"
_BUILD = re.compile(r"^const BUILD = \{.*\}; // filled in by generator/offline\.py$", re.M)


class OfflineError(RuntimeError):
    """The service worker cannot be made: the message says which file and why."""


class _Loaded(HTMLParser):
    """The addresses a page loads: stylesheets and icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link":
            rel = (values.get("rel") or "").lower().split()
            if "stylesheet" in rel or "icon" in rel:
                self.addresses.append(values.get("href") or "")
        elif tag in ("script", "img") and values.get("src"):
            self.addresses.append(values["src"] or "")


def loaded_files(html: str, page: str, root_path: str = "/") -> list[str]:
    """Site-relative paths of the files the page at site-relative `page` loads, in order.

    `root_path`: the site's path on its host ("/" or "/honor-roll/"), which links that are
    absolute from the root (as on static templates) start with. Other hosts are left out.
    """
    parser = _Loaded()
    parser.feed(html)
    root_path = root_path if root_path.endswith("/") else root_path + "/"
    base = "http://site" + root_path + page
    files: list[str] = []
    for address in parser.addresses:
        parts = urlsplit(urljoin(base, address))
        if parts.netloc != "site" or not parts.path.startswith(root_path):
            continue
        path = parts.path[len(root_path) :]
        if path and path not in files:
            files.append(path)
    return files


def fill_worker(site: Path, site_url: str = "") -> dict | None:
    """Fill in `sw.js` in the built `site`; its BUILD, or None if the site has no worker.

    Raises OfflineError when the offline page is missing or names a file the site lacks.
    """
    worker = site / WORKER
    if not worker.is_file():
        return None  # a theme without the worker: the site works as before, online only
    source = worker.read_text(encoding="utf-8")
    if not _BUILD.search(source):
        raise OfflineError(
            f"{WORKER} trong giao diện không còn dòng 'const BUILD = {{…}}; // filled in by "
            "generator/offline.py' để điền danh sách tệp; hãy khôi phục dòng đó."
        )
    page = site / OFFLINE_PAGE
    if not page.is_file():
        raise OfflineError(
            f"không có trang {OFFLINE_PAGE} để hiện khi mất mạng; hãy giữ tệp theme/"
            f"{OFFLINE_PAGE} và dòng '- {OFFLINE_PAGE}' trong static_templates của mkdocs.yml."
        )
    html = page.read_bytes()
    shell = loaded_files(html.decode("utf-8"), OFFLINE_PAGE, urlsplit(site_url).path or "/")
    # The worker's code, without a BUILD line an earlier build may have filled (`--dirty`).
    version = hashlib.sha256(_BUILD.sub("", source).encode("utf-8"))
    version.update(html)
    for path in shell:
        file = site / path
        if not file.is_file():
            raise OfflineError(
                f"trang {OFFLINE_PAGE} dùng tệp {path} nhưng trang web không có tệp này."
            )
        version.update(path.encode("utf-8") + b"\0" + file.read_bytes())
    build = {"version": version.hexdigest()[:16], "offline": OFFLINE_PAGE, "shell": shell}
    line = (
        f"const BUILD = {json.dumps(build, ensure_ascii=False)}; "
        "// filled in by generator/offline.py"
    )
    worker.write_text(_BUILD.sub(lambda _: line, source, count=1), encoding="utf-8")
    return build
