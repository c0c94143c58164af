"""Reproducible builds: the same commit builds byte-identical output, dated from git."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from helpers import REPO, VALID_RECORD, make_repo


def build(root: Path, site_dir: Path, **env: str) -> str:
    """Build as an editor does, with `python -m generator build`; what it printed."""
    skip = ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")
    environ = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir)],
        cwd=root,
        env={**environ, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stderr


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    """Every file of the repository's own site, built twice (catches any new output too)."""
    build(REPO, tmp_path / "one")
    build(REPO, tmp_path / "two")
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []


def test_build_dates_come_from_the_last_commit(tmp_path):
    root = make_repo(
        tmp_path / "repo", {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True
    )
    env = {
        "GIT_AUTHOR_NAME": "x",
        "GIT_AUTHOR_EMAIL": "x@example.org",
        "GIT_COMMITTER_NAME": "x",
        "GIT_COMMITTER_EMAIL": "x@example.org",
        "GIT_COMMITTER_DATE": "2026-07-01T12:00:00+00:00",
        "GIT_AUTHOR_DATE": "2026-07-01T12:00:00+00:00",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "ghi danh"]):
        subprocess.run(["git", *args], cwd=root, check=True, env={**os.environ, **env})
    printed = build(root, tmp_path / "site")
    # Every line is in Vietnamese, the level too; no notice from mkdocs-material in English.
    lines = printed.splitlines()
    assert lines and all(re.match(r"(THÔNG TIN|CẢNH BÁO) +-  ", line) for line in lines), lines
    assert "Material for MkDocs" not in printed
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-07-01"}


def test_an_index_in_another_format_is_named_not_a_traceback(tmp_path):
    """Pagefind is pinned; if another version slips in, its files are refused with a reason."""
    import gzip
    import json

    import pytest

    from generator.pagefind_bundle import SIGNATURE, UnexpectedFormat, make_reproducible

    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text(json.dumps({"languages": {}}), encoding="utf-8")
    for body, reason in (
        (b"other_format" + b"\x81\x00", "signature"),
        (SIGNATURE + b"\x82\x00\x05", "array was expected"),
        (SIGNATURE + b"\x82\x00", "IndexError"),
    ):
        path = bundle / "filter" / "vi_1234567.pf_filter"
        path.write_bytes(gzip.compress(body))
        with pytest.raises(UnexpectedFormat, match=reason):
            make_reproducible(bundle)
