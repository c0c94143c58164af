"""Browser fixtures: the sample site served on 127.0.0.1, opened in Debian's headless Chromium.

The `browser` fixture (Debian's Chromium driven by Playwright) is in tests/conftest.py, shared with
the security tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.staticserver import serve

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """Base URL of the sample site, served with gzip like a static host, for the whole run."""
    with serve(sample_site) as url:
        yield url


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh page at a 360×740 phone viewport, Vietnamese locale."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
