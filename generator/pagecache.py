"""Profiles' HTML kept between builds, by everything it is made from.

Rendering a profile (`render.Renderer.profile`: the template, its macros, escaping every value)
took about 20 s of a rebuild on one core at 10,000 records, though a rebuild changes a handful
of profiles or none. A profile's HTML is a function of:

- what it is rendered with, the same for every page of a build (`context`): the generator's
  code and templates, the vocabularies in `data/`, today, the versions of Python and of the
  libraries that read and render (the record cache's context, `recordcache.context`, plus Jinja2
  and MarkupSafe), the site's name and address;
- what the page shows, given by the renderer as a text (`inputs`): the record as validated, its
  published photos (addresses and sizes), its search entry (which holds the record's place in
  the roll's alphabetical order, so a record added before it changes it), its share address.

Both go into a SHA-256 that names the file in `.cache/honor-roll/pages/`. A page is rendered
when no file has its name, and the file is written then (atomically: a file is either whole or
absent). `prune()`, once a build has rendered every page, removes the files it did not ask for.

Whatever a profile's template starts to show must come through `inputs`, or a page would be
taken from the cache unchanged: tests/test_pagecache.py builds sites with and without the cache
after each kind of change and compares every page.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Libraries that shape a page's HTML besides those of the record cache's context.
LIBRARIES = ("Jinja2", "MarkupSafe")


def page_context(project_context: str, site_name: str, site_url: str) -> str:
    """The part of every page's key that is the same across a build."""
    parts = [project_context, site_name, site_url]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} missing")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class PageCache:
    """Rendered pages in `folder`, by the SHA-256 of the build's context and their inputs."""

    def __init__(self, folder: Path, context: str) -> None:
        self.folder = folder
        self.context = context.encode()
        self.used: set[str] = set()  # file names asked for by this build
        self.rendered = 0  # pages this build had to render

    def get(self, inputs: str, render: Callable[[], str]) -> str:
        """The page made from `inputs`: kept by an earlier build, or `render()`ed and kept."""
        key = hashlib.sha256(self.context + b"\0" + inputs.encode()).hexdigest()
        name = f"{key}.html"
        self.used.add(name)
        path = self.folder / name
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        html = render()
        self.rendered += 1
        temporary = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_text(html, encoding="utf-8")
            os.replace(temporary, path)
        except OSError:  # a read-only checkout: the page is only not kept
            temporary.unlink(missing_ok=True)
        return html

    def prune(self) -> None:
        """Remove the pages this build did not ask for (call once every page is rendered)."""
        if not self.used:
            return
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if entry.name not in self.used and not entry.name.endswith(".tmp"):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
