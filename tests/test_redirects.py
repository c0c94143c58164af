"""Renamed records: every alias is a redirect page at the old address, and nothing else."""

from __future__ import annotations

from helpers import VALID_RECORD, make_repo
from mkdocs.commands.build import build
from mkdocs.config import load_config

RENAMED = VALID_RECORD.replace("achievements:", "aliases: [nguyen-thi-mai]\nachievements:")
WITHDRAWN = (
    VALID_RECORD.replace("Nguyễn Thị Mai", "Trần Văn Bình")
    .replace("status: recognized", "status: withdrawn")
    .replace("achievements:", "aliases: [tran-van-binh-cu]\nachievements:")
)


def test_aliases_become_redirect_pages_outside_sitemap_and_search(tmp_path, monkeypatch):
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai-bat-xat/index.md": RENAMED,
            "exemplars/tran-van-binh/index.md": WITHDRAWN,
        },
        mkdocs=True,
    )
    monkeypatch.setenv("SITE_URL", "https://ghidanh.example.vn/")
    build(load_config(config_file=str(root / "mkdocs.yml")))
    site = root / "site"
    page = (site / "ghi-danh/nguyen-thi-mai/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../nguyen-thi-mai-bat-xat/">' in page
    assert (
        '<link rel="canonical" href="https://ghidanh.example.vn/ghi-danh/nguyen-thi-mai-bat-xat/">'
        in page
    )
    assert '<meta name="robots" content="noindex, follow">' in page
    assert '<a href="../nguyen-thi-mai-bat-xat/">' in page
    assert "Nguyễn Thị Mai" in page
    # The record itself is still at its own address; the old one is in no index.
    assert (site / "ghi-danh/nguyen-thi-mai-bat-xat/index.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "ghi-danh/nguyen-thi-mai-bat-xat/" in sitemap
    assert "ghi-danh/nguyen-thi-mai/" not in sitemap
    for index in site.rglob("search_index.json"):
        assert "ghi-danh/nguyen-thi-mai/" not in index.read_text(encoding="utf-8")
    # A withdrawn record publishes nothing, not even a redirect.
    assert not (site / "ghi-danh/tran-van-binh-cu").exists()
