"""Fixtures shared by all tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, sync_playwright

from generator.staticserver import CHROMIUM, CHROMIUM_ARGS

# Playwright for Python drives the system browser (generator.staticserver.CHROMIUM); it never
# downloads one. `make test` installs Chromium through tools/install-system-deps.sh.


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample site, built once per test run into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("sample-site")
    build(load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir)))
    return site_dir


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
