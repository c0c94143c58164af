"""Browser fixtures: the sample site served on 127.0.0.1, opened in Debian's headless Chromium.

Playwright for Python drives the system browser (`CHROMIUM`, default /usr/bin/chromium); it never
downloads one. `make test` installs Chromium through tools/install-browser.sh.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.staticserver import serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these flags Chromium keeps trying to reach Google's services on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """Base URL of the sample site, served with gzip like a static host, for the whole run."""
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh page at a 360×740 phone viewport, Vietnamese locale."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
