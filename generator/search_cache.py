"""Search bundles kept between builds, reused when the indexer would be handed the same pages.

Pagefind cannot update an index: any change means indexing every profile again, which at 10,000
records is the longest task of a rebuild (about a minute and a half of a core, for both
bundles). Yet many rebuilds change nothing the index holds: an editorial page, the theme, a
photo, a rule of the validator, or a second build of the same commit. So the bundles of the
last build are kept in the cache folder with a manifest: the settings they were made with and,
for each profile in order, its address and a hash of exactly what the indexer was handed. A build
that hands the indexer the same pages in the same order gets those bundles, linked into the site
like cached photos; any difference, a single character of a single profile, and the indexer runs
as usual. The bundles are byte-reproducible (pagefind_bundle.py), so a reused bundle is the one
the indexer would have written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .sitedir import place

MANIFEST = "manifest.json"


def digest(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class BundleCache:
    """The last build's search bundles in `folder`, with the pages and settings they came from.

    `settings`: everything besides the pages that shapes the bundles (the indexer's version and
    configuration, the labels file); bundles made with other settings are never reused.
    """

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = settings
        self._manifest: dict | None = None  # of the bundles `pages()` found

    def pages(self) -> list[tuple[str, str]]:
        """(address, hash) of each page the kept bundles were made from; empty if none fit."""
        self._manifest = None
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            if manifest["settings"] != self.settings or not self._stored(manifest).is_dir():
                return []
            pages = [(url, page) for url, page in manifest["pages"]]
            self._manifest = manifest
            return pages
        except (OSError, ValueError, KeyError, TypeError):
            return []

    def restore(self, site_dir: Path, names: Sequence[str]) -> bool:
        """Link the bundles `names` that `pages()` described into the site; False if they are
        no longer whole (another build replaced them meanwhile)."""
        if self._manifest is None:
            return False
        stored = self._stored(self._manifest)
        files = [p for name in names for p in (stored / name).rglob("*") if p.is_file()]
        if len(files) != self._manifest.get("files"):
            return False
        try:
            for path in files:
                place(path, site_dir / path.relative_to(stored))
        except OSError:
            return False
        return True

    def store(self, site_dir: Path, names: Sequence[str], pages: Sequence[tuple[str, str]]) -> None:
        """Keep the bundles `names` just written into the site, made from `pages`. The manifest
        is written last, so an interrupted store leaves no manifest pointing at half a bundle;
        nothing here may fail a build (a read-only cache only costs the next build time)."""
        files = [p for name in names for p in (site_dir / name).rglob("*") if p.is_file()]
        manifest = {
            "settings": self.settings,
            "pages": [list(page) for page in pages],
            "files": len(files),
        }
        manifest["id"] = digest(json.dumps(manifest, sort_keys=True))[:16]
        stored = self._stored(manifest)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / MANIFEST).unlink(missing_ok=True)
            for old in self.folder.glob("bundles-*"):
                shutil.rmtree(old, ignore_errors=True)
            temporary = self.folder / f"tmp-{os.getpid()}"
            shutil.rmtree(temporary, ignore_errors=True)
            for path in files:
                place(path, temporary / path.relative_to(site_dir))
            os.replace(temporary, stored)
            part = self.folder / f"{MANIFEST}.{os.getpid()}.tmp"
            part.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
            os.replace(part, self.folder / MANIFEST)
        except OSError:
            shutil.rmtree(self.folder / f"tmp-{os.getpid()}", ignore_errors=True)

    def _stored(self, manifest: dict) -> Path:
        return self.folder / f"bundles-{manifest['id']}"
