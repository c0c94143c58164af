"""Profiles kept between builds are exactly the profiles a build without the cache renders,
after every kind of change a profile depends on; unchanged profiles are not rendered again."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TODAY, VALID_RECORD, make_image, make_repo

from generator.project import Layout, load
from generator.website import Website

PHOTO = """photos:
  - file: chan-dung.jpg
    alt: Chân dung chị Mai
    credit: Ảnh của xã
  - file: vuon-que.jpg
    alt: Vườn quế của thôn
    credit: Ảnh của xã
consent:
  photos: true
summary:"""
WITH_PHOTO = VALID_RECORD.replace("summary:", PHOTO, 1)
OTHER = VALID_RECORD.replace("Nguyễn Thị Mai", "Lò Văn Sáng").replace("Câu chuyện.", "Chuyện.")
THIRD = VALID_RECORD.replace("Nguyễn Thị Mai", "Vàng Thị Dín")
SITE_URL = "https://ghidanh.example.vn/"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(
        tmp_path / "repo",
        {
            "exemplars/nguyen-thi-mai/index.md": WITH_PHOTO,
            "exemplars/lo-van-sang/index.md": OTHER,
            "exemplars/vang-thi-din/index.md": THIRD,
        },
    )
    make_image(root / "exemplars/nguyen-thi-mai/chan-dung.jpg", 600, 800)
    make_image(root / "exemplars/nguyen-thi-mai/vuon-que.jpg", 800, 600)
    return root


def profiles(root: Path, cache_dir: str, site_url: str = SITE_URL) -> tuple[dict[str, str], int]:
    """Every profile's content as a build renders it, and how many it rendered (not kept)."""
    website = Website(load(Layout(root, cache_dir=cache_dir), today=TODAY), "Ghi danh", site_url)
    pages = {s.url: s.render() for s in website.pages() if s.kind == "profile"}
    website.renderer.save()
    assert website.renderer.pages is not None
    return pages, website.renderer.pages.rendered


def _fresh(root: Path, site_url: str = SITE_URL) -> dict[str, str]:
    """The profiles from an empty cache: everything rendered."""
    fresh = f".cache/fresh-{len(list((root / '.cache').glob('fresh-*')))}"
    pages, rendered = profiles(root, fresh, site_url)
    assert rendered == len(pages)
    return pages


def test_unchanged_profiles_are_taken_from_the_cache(repo):
    first, rendered = profiles(repo, ".cache/kept")
    assert rendered == 3
    again, rendered = profiles(repo, ".cache/kept")
    assert rendered == 0
    assert again == first == _fresh(repo)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _story(root: Path) -> None:
    _edit(root / "exemplars/lo-van-sang/index.md", "Chuyện.", "Chuyện đã **sửa**.")


def _label(root: Path) -> None:  # a vocabulary every profile shows
    _edit(root / "data/communes.yml", "label: Xã Bát Xát", "label: Xã Bát Xát mới")


def _photo(root: Path) -> None:  # the same name, other pixels and size (not the portrait)
    make_image(root / "exemplars/nguyen-thi-mai/vuon-que.jpg", 1200, 900, "#805030")


def _earlier_name(root: Path) -> None:  # a record that sorts first moves every rank
    record = VALID_RECORD.replace("Nguyễn Thị Mai", "Âu Thị An")
    (root / "exemplars/au-thi-an").mkdir()
    (root / "exemplars/au-thi-an/index.md").write_text(record, encoding="utf-8")


def _template(root: Path, monkeypatch) -> None:  # the code or a template changed
    from generator import pagecache

    monkeypatch.setattr(pagecache, "LIBRARIES", (*pagecache.LIBRARIES, "a-newer-jinja"))


@pytest.mark.parametrize(
    ("change", "expected"),
    [(_story, 1), (_label, 3), (_photo, 1), (_earlier_name, 4), (_template, 3)],
    ids=["story", "vocabulary", "photo", "record-added-before", "code"],
)
def test_a_kept_profile_is_the_profile_rendered_anew(repo, monkeypatch, change, expected):
    profiles(repo, ".cache/kept")
    if change is _template:
        change(repo, monkeypatch)
    else:
        change(repo)
    kept, rendered = profiles(repo, ".cache/kept")
    assert kept == _fresh(repo)
    assert rendered == expected


def test_another_site_address_renders_its_own_profiles(repo):
    profiles(repo, ".cache/kept")
    moved, rendered = profiles(repo, ".cache/kept", "https://khac.example.vn/")
    assert rendered == 3
    assert moved == _fresh(repo, "https://khac.example.vn/")
    assert "https://khac.example.vn/ghi-danh/lo-van-sang/" in moved["ghi-danh/lo-van-sang/"]


def test_pages_no_build_asked_for_are_removed(repo):
    profiles(repo, ".cache/kept")
    _story(repo)
    profiles(repo, ".cache/kept")
    kept = [p for p in (repo / ".cache/kept/pages").iterdir()]
    assert len(kept) == 3  # the story's former profile is gone
    assert all(p.suffix == ".html" for p in kept)
