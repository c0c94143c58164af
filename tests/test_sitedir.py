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


def _tree(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_open_data_written_by_a_forked_copy_is_what_the_build_writes_itself(
    tmp_path: Path, monkeypatch
):
    from helpers import VALID_RECORD, make_repo
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import parallel, website

    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True)
    forks = []
    start_data = website.Website.start_data

    def counted(self, site_dir):
        start_data(self, site_dir)
        forks.append(self._data is not None)

    monkeypatch.setattr(website.Website, "start_data", counted)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # the test runner's own
    build(load_config(config_file=str(root / "mkdocs.yml")))
    forked = _tree(root / "site")
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    build(load_config(config_file=str(root / "mkdocs.yml")))
    assert forks == [True, False] or parallel._cores() == 1
    assert _tree(root / "site") == forked
    for name in (
        "du-lieu-mo/exemplars.xlsx",
        "feed.xml",
        "ghi-danh/nguyen-thi-mai/thong-tin-bao-chi.txt",
    ):
        assert name in forked
    assert not [p for p in (root / "site").iterdir() if p.name.startswith(".")]


def test_a_failed_build_leaves_no_half_written_data_and_a_killed_one_is_cleared(
    tmp_path: Path, monkeypatch
):
    import pytest
    from helpers import VALID_RECORD, make_repo
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from generator import parallel, plugin

    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True)
    site = root / "site"
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)

    def fails(*args, **kwargs):
        raise Abort("hỏng")

    with monkeypatch.context() as patch:
        patch.setattr(plugin.HonorRollPlugin, "on_env", fails)
        with pytest.raises(Abort):
            build(load_config(config_file=str(root / "mkdocs.yml")))
    assert not list(site.glob(f"{sitedir.STAGING_PREFIX}*"))
    (site / f"{sitedir.STAGING_PREFIX}12345" / "du-lieu-mo").mkdir(parents=True)  # killed
    build(load_config(config_file=str(root / "mkdocs.yml")))
    assert not [p for p in site.iterdir() if p.name.startswith(".")]
