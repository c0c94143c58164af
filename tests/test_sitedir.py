"""The previous site is deleted in the background, and nothing of it survives a build."""

from __future__ import annotations

from pathlib import Path

from generator import sitedir


def test_old_files_are_moved_aside_then_deleted_and_hidden_ones_kept(tmp_path: Path):
    site = tmp_path / "site"
    (site / "ghi-danh" / "a").mkdir(parents=True)
    (site / "ghi-danh" / "a" / "index.html").write_text("cũ")
    (site / "index.html").write_text("cũ")
    (site / ".nojekyll").write_text("")  # hidden: mkdocs never deletes these either
    clearing = sitedir.clear(site)
    assert sorted(
        p.name for p in site.iterdir() if not p.name.startswith(sitedir.TRASH_PREFIX)
    ) == [".nojekyll"]
    clearing.wait()
    assert sorted(p.name for p in site.iterdir()) == [".nojekyll"]


def test_nothing_to_clear(tmp_path: Path):
    assert sitedir.clear(tmp_path / "missing") is None
    (tmp_path / "empty").mkdir()
    assert sitedir.clear(tmp_path / "empty") is None


def test_a_rebuild_leaves_no_trash_and_no_old_page(tmp_path: Path, monkeypatch):
    from helpers import VALID_RECORD, make_repo
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True)
    monkeypatch.chdir(root)
    site = tmp_path / "out"
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
    (site / "cu").mkdir()
    (site / "cu" / "index.html").write_text("trang cũ")
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
    assert not (site / "cu").exists()
    assert not [p for p in site.iterdir() if p.name.startswith(sitedir.TRASH_PREFIX)]
    assert (site / "ghi-danh" / "nguyen-thi-mai" / "index.html").is_file()
