"""Fixtures shared by all tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO
from mkdocs.commands.build import build
from mkdocs.config import load_config


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample site, built once per test run into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("sample-site")
    build(load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir)))
    return site_dir
