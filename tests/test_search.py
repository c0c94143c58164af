"""The search index: what profiles hand to it, and the index built after a real tiny site."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import shutil
import threading
import unicodedata
from pathlib import Path

import pytest
from helpers import VALID_RECORD, make_image, make_repo
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import pagefind_service, search
from generator.images import placeholder_for
from generator.project import Layout, load
from generator.website import Website

DAO = (
    VALID_RECORD.replace("Nguyễn Thị Mai", "Đào Thị Nguyệt")
    .replace("role: Bí thư Chi bộ thôn Tả Phời", "role: Bí thư Đoàn xã")
    .replace("field: new-rural-development", "field: health")
    .replace(
        "  - level: grassroots\n",
        '  - level: grassroots\n    decision: "9-QĐ/ĐU"\n    date: 2025-09-02\n'
        "    issued_by: Đảng ủy xã Bát Xát\n  - level: grassroots\n",
    )
    .replace(
        "---\nCâu chuyện.",
        "regions: [highland, border]\n---\nChị vận động đồng bào đắp đập.\n\n"
        "<!-- Đề xuất riêng của biên tập viên -->",
    )
)
WITHDRAWN = VALID_RECORD.replace("Nguyễn Thị Mai", "Mã Văn Hùng").replace(
    "status: recognized", "status: withdrawn"
)
PHOTO = VALID_RECORD.replace(
    "---\nCâu chuyện.",
    "photos:\n  - file: chan-dung.jpg\n    alt: Chị Mai\n    credit: Báo Lào Cai\n"
    "consent:\n  photos: true\n---\nCâu chuyện.",
)
TODAY = "2026-11-25"


def test_d_folded_keeps_only_words_with_d_stroke_each_once():
    text = "Đào Thị Nguyệt, Đoàn thanh niên; đồng bào Dao, ĐOÀN"
    assert search.d_folded([text]) == "dao doan dong"
    assert search.d_folded(["Nguyễn Văn Hùng"]) == ""


def test_d_folded_reads_decomposed_text():
    assert search.d_folded([unicodedata.normalize("NFD", "Đảng ủy xã Đồng Tuyển")]) == "dang dong"


def test_story_words_fold_what_readers_see_of_the_story():
    from generator.render import StoryRenderer

    story = StoryRenderer()("## Đập\n\nĐợt sương đầu, *đắp* đập.\n\n<!-- Đề xuất riêng -->")
    assert search.story_words(story) == "dap dot dau"  # not the editors' note


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search-repo")
    make_repo(
        root,
        {
            "exemplars/nguyen-thi-mai/index.md": PHOTO,
            "exemplars/dao-thi-nguyet/index.md": DAO,
            "exemplars/ma-van-hung/index.md": WITHDRAWN,
        },
        mkdocs=True,
    )
    make_image(root / "exemplars/nguyen-thi-mai/chan-dung.jpg", 800, 1000)
    return root


@pytest.fixture(scope="module")
def website(repo: Path) -> Website:
    from datetime import date

    project = load(Layout(repo), today=date.fromisoformat(TODAY))
    return Website(project, "Ghi danh")


def test_entry_gives_filters_of_every_listing_and_sort_keys(website: Website):
    data = search.SearchData(website.catalog, website.photos)
    dao = website.catalog.by_slug["dao-thi-nguyet"]
    entry = data.entry(dao)
    assert entry.filters == {
        "loai": ["individual"],
        "linh-vuc": ["health"],
        "dia-phuong": ["bat-xat"],
        "dang-uy": ["xa-bat-xat"],
        "cap": ["grassroots"],
        "nam": ["2026", "2025"],
        "vung": ["highland", "border"],
    }
    # Vietnamese order: Mai before Nguyệt; the rank sorts as text and as a number alike
    assert entry.sort == {"ten": "1", "ngay": "2026-06-15"}
    assert entry.meta == {
        "summary": "Gương mẫu vận động bà con trồng quế.",
        "role": "Bí thư Đoàn xã",
        "tint": placeholder_for(dao).tint,  # no photo: the placeholder's tint and letter
        "initial": "N",
    }
    # the place once more in one word, as readers type it ("batxat", "sapa")
    assert (
        entry.words == "Bát Xát batxat Y tế, chăm sóc sức khỏe Nhân dân Đảng viên 9-QĐ/ĐU 125-QĐ/ĐU"
    )
    assert entry.folded_name == "dao"
    assert set(entry.folded_text.split()) >= {"doan", "dong", "dang"}


def test_entry_points_at_the_smallest_portrait_rendition(website: Website):
    data = search.SearchData(website.catalog, website.photos)
    mai = website.catalog.by_slug["nguyen-thi-mai"]
    entry = data.entry(mai)
    assert entry.meta["image"].startswith("anh/nguyen-thi-mai/")
    assert entry.meta["image"].endswith("-320.jpg")
    assert "initial" not in entry.meta


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    build(load_config(config_file=str(repo / "mkdocs.yml")))
    return repo / "site"


def _fragments(site: Path, bundle: str = search.BUNDLE) -> list[dict]:
    """The stored page fragments of an index (gzip of a signature and JSON)."""
    out = []
    for path in (site / bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{") :]))
    return out


def test_site_build_indexes_public_profiles_only(site: Path):
    fragments = _fragments(site)
    assert sorted(f["url"] for f in fragments) == [
        "/ghi-danh/dao-thi-nguyet/",
        "/ghi-danh/nguyen-thi-mai/",
    ]
    dao = next(f for f in fragments if f["url"] == "/ghi-danh/dao-thi-nguyet/")
    assert dao["meta"]["title"] == "Đào Thị Nguyệt"
    assert sorted(dao["filters"]["nam"]) == ["2025", "2026"]
    # The name, achievements and the hidden words are indexed, the summary once as metadata;
    # page chrome and what cards show from filters are not, nor the story (search.EXCLUDE).
    content = dao["content"]
    assert content.startswith("Đào Thị Nguyệt")
    assert "Vận động 40 hộ trồng quế." in content
    assert "Bát Xát" in content
    assert dao["meta"]["summary"] == "Gương mẫu vận động bà con trồng quế."
    for absent in (
        "Gương mẫu vận động",  # the summary, in meta
        "Chị vận động đồng bào",  # the story
        "Dữ liệu mẫu",
        "Đề nghị đính chính",
        "Thành tích tiêu biểu",
        "Quyết định",
        "Xã Bát Xát",
        "Điển hình cấp cơ sở",
    ):
        assert absent not in content
    # The d-folded words come after the sentinel, where the browser cuts excerpts.
    visible, hidden = content.split(search.SENTINEL)
    assert "dao" in hidden.split() and "doan" in hidden.split()
    assert "dap" not in hidden.split()  # "đắp đập", in the story only
    labels = json.loads((site / search.BUNDLE / search.LABELS_FILE).read_text(encoding="utf-8"))
    assert labels["dia-phuong"]["bat-xat"] == "Xã Bát Xát"
    assert labels["cap"]["provincial"] == "Điển hình cấp tỉnh"
    assert "Mã Văn Hùng" not in json.dumps(fragments, ensure_ascii=False)


def test_story_index_adds_the_stories_of_public_profiles(site: Path):
    main = {f["url"]: f for f in _fragments(site)}
    stories = {f["url"]: f for f in _fragments(site, search.STORY_BUNDLE)}
    assert sorted(stories) == sorted(main)  # the same profiles, never the withdrawn one
    assert "Mã Văn Hùng" not in json.dumps(list(stories.values()), ensure_ascii=False)
    dao, dao_main = stories["/ghi-danh/dao-thi-nguyet/"], main["/ghi-danh/dao-thi-nguyet/"]
    # the same cards, filters and sort keys (the sort keys are not in fragments)
    assert (dao["meta"], dao["filters"]) == (dao_main["meta"], dao_main["filters"])
    visible, hidden = dao["content"].split(search.SENTINEL)
    assert "Chị vận động đồng bào đắp đập." in visible
    assert "Vận động 40 hộ trồng quế." in visible  # what the main index holds, too
    assert set(re.findall(r"\w+", hidden)) >= {"dao", "doan", "dap"}  # đ folded in the story too
    for absent in ("Đề xuất", "Câu chuyện", "Dữ liệu mẫu", "Đề nghị đính chính", "Quyết định"):
        assert absent not in dao["content"]  # neither editors' notes nor page chrome


def test_bundles_have_only_what_the_site_uses(site: Path):
    bundle = site / search.BUNDLE
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-entry.json").is_file()
    for name in search.UNUSED_BUNDLE_FILES:
        assert not (bundle / name).exists()
    # The story index is read by the main bundle's pagefind.js; it has its own WebAssembly.
    stories = site / search.STORY_BUNDLE
    assert (stories / "pagefind-entry.json").is_file()
    assert list(stories.glob("wasm.*.pagefind"))
    for name in search.UNUSED_BUNDLE_FILES + search.UNUSED_STORY_FILES + (search.LABELS_FILE,):
        assert not (stories / name).exists()


def test_profiles_and_search_page_carry_the_search(site: Path):
    profile = (site / "ghi-danh/dao-thi-nguyet/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="dia-phuong">bat-xat<' in profile
    assert 'data-pagefind-sort="ngay">2026-06-15<' in profile
    assert '<span class="hr-search-story"> dong dap</span>' in profile  # the story; not the note
    page = (site / "tim-kiem/index.html").read_text(encoding="utf-8")
    assert "data-hr-finder" in page
    assert 'type="checkbox" name="cau-chuyen" value="1"' in page
    assert 'name="linh-vuc" value="health"' in page
    assert 'placeholder="Ví dụ: bat xat, y te"' in page
    # Without JavaScript the page still leads to every listing.
    for url in ("ghi-danh/", "linh-vuc/", "dia-phuong/", "cap/", "nam/", "loai/", "vung/"):
        assert f'href="../{url}"' in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="tim-kiem/"' in home and "data-hr-search-open" in home


def test_profiles_handed_over_while_rendered_index_as_their_written_pages(site: Path, tmp_path):
    """The build hands the indexer each profile's content (search.document), not the page the
    theme writes around it; indexing the written pages afterwards gives the same fragments."""
    from_disk = tmp_path / "site"
    shutil.copytree(site, from_disk)
    labels = json.loads((site / search.BUNDLE / search.LABELS_FILE).read_text(encoding="utf-8"))
    report = search.build_index(from_disk, labels)
    assert report.pages == 2
    for bundle in (search.BUNDLE, search.STORY_BUNDLE):
        built = sorted(_fragments(site, bundle), key=lambda f: f["url"])
        assert built == sorted(_fragments(from_disk, bundle), key=lambda f: f["url"])
        assert [f["url"] for f in built] == [
            "/ghi-danh/dao-thi-nguyet/",
            "/ghi-danh/nguyen-thi-mai/",
        ]


def test_a_rebuild_drops_a_record_withdrawn_since(tmp_path: Path):
    root = make_repo(tmp_path, {"exemplars/dao-thi-nguyet/index.md": DAO}, mkdocs=True)
    build(load_config(config_file=str(root / "mkdocs.yml")))
    assert len(_fragments(root / "site")) == 1
    assert len(_fragments(root / "site", search.STORY_BUNDLE)) == 1
    (root / "exemplars/dao-thi-nguyet/index.md").write_text(
        DAO.replace("status: recognized", "status: withdrawn"), encoding="utf-8"
    )
    build(load_config(config_file=str(root / "mkdocs.yml")))  # no public record left
    assert not (root / "site" / search.BUNDLE).exists()
    assert not (root / "site" / search.STORY_BUNDLE).exists()


def test_indexer_failure_stops_the_build_with_a_vietnamese_message(
    tmp_path: Path, monkeypatch, caplog
):
    root = make_repo(tmp_path, {"exemplars/dao-thi-nguyet/index.md": DAO}, mkdocs=True)
    monkeypatch.setattr(search, "pagefind_executable", lambda: Path("/bin/false"))
    with caplog.at_level(logging.INFO), pytest.raises(Abort) as error:
        build(load_config(config_file=str(root / "mkdocs.yml")))
    assert "Không xây dựng được chỉ mục tìm kiếm" in str(error.value)
    assert "chỉ mục tìm kiếm: Pagefind dừng bất ngờ: mã thoát 1" in str(error.value)


# Answers the two NewIndex requests like Pagefind's service, then fails on the first page.
FAILING_SERVICE = """#!/usr/bin/env python3
import base64, json, sys
buffer = b""
while chunk := sys.stdin.buffer.read1(65536):
    buffer += chunk
    *requests, buffer = buffer.split(b",")
    for raw in requests:
        request = json.loads(base64.b64decode(raw))
        if request["payload"]["type"] != "NewIndex":
            sys.stderr.write("thread 'main' panicked: out of memory\\n")
            sys.exit(101)
        answer = {"message_id": request["message_id"],
                  "payload": {"type": "NewIndex", "index_id": request["message_id"] - 1}}
        sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b",")
        sys.stdout.flush()
"""


def test_indexer_stopping_mid_build_stops_the_build_with_its_words(tmp_path: Path, monkeypatch):
    root = make_repo(tmp_path, {"exemplars/dao-thi-nguyet/index.md": DAO}, mkdocs=True)
    service = tmp_path / "pagefind"
    service.write_text(FAILING_SERVICE, encoding="utf-8")
    service.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: service)
    with pytest.raises(Abort) as error:
        build(load_config(config_file=str(root / "mkdocs.yml")))
    message = str(error.value)
    assert "Không xây dựng được chỉ mục tìm kiếm" in message
    assert "Pagefind dừng bất ngờ: mã thoát 101" in message and "out of memory" in message
    assert not (root / "site" / search.BUNDLE).exists()


# Bundles kept between builds (search_cache.py) -----------------------------------------------


def _bundles(site: Path) -> dict[str, bytes]:
    """Every file of both search bundles, by its path in the site."""
    return {
        str(path.relative_to(site)): path.read_bytes()
        for name in search.BUNDLES
        for path in sorted((site / name).rglob("*"))
        if path.is_file()
    }


def _build(root: Path) -> search.IndexReport:
    config = load_config(config_file=str(root / "mkdocs.yml"))
    build(config)
    return config.plugins["honor-roll"].search_report


def _no_pagefind(monkeypatch) -> None:
    """Pagefind cannot start: a build that tries to index stops."""
    monkeypatch.setattr(search, "pagefind_executable", lambda: Path("/bin/false"))


@pytest.fixture
def roll(tmp_path: Path) -> Path:
    root = make_repo(
        tmp_path,
        {"exemplars/dao-thi-nguyet/index.md": DAO, "exemplars/nguyen-thi-mai/index.md": PHOTO},
        mkdocs=True,
    )
    make_image(root / "exemplars/nguyen-thi-mai/chan-dung.jpg", 800, 1000)
    return root


def test_a_rebuild_that_changes_no_profile_reuses_the_search_bundles(roll, monkeypatch, caplog):
    assert not _build(roll).reused
    first = _bundles(roll / "site")
    (roll / "content/tieu-chi.md").write_text("# Tiêu chí\n\nĐã sửa.\n", encoding="utf-8")
    _no_pagefind(monkeypatch)  # so the rebuild cannot have indexed anything
    with caplog.at_level(logging.INFO):
        report = _build(roll)
    assert report.reused and report.pages == 2
    assert "2 hồ sơ không đổi so với lần dựng trước, dùng lại chỉ mục đã có" in caplog.text
    assert _bundles(roll / "site") == first


def test_a_changed_profile_is_indexed_again_as_a_first_build_would(roll, tmp_path):
    _build(roll)
    record = roll / "exemplars/dao-thi-nguyet/index.md"
    record.write_text(DAO.replace("đắp đập", "đắp đập Khuổi Luông"), encoding="utf-8")
    report = _build(roll)
    assert not report.reused
    stories = json.dumps(_fragments(roll / "site", search.STORY_BUNDLE), ensure_ascii=False)
    assert "Khuổi Luông" in stories
    rebuilt = _bundles(roll / "site")
    shutil.rmtree(roll / ".cache")
    _build(roll)  # no bundles kept: everything indexed from scratch
    assert _bundles(roll / "site") == rebuilt


def test_a_record_withdrawn_since_the_kept_bundles_is_never_found(roll):
    _build(roll)
    record = roll / "exemplars/nguyen-thi-mai/index.md"
    record.write_text(PHOTO.replace("status: recognized", "status: withdrawn"), encoding="utf-8")
    assert not _build(roll).reused
    for name in search.BUNDLES:
        assert [f["url"] for f in _fragments(roll / "site", name)] == ["/ghi-danh/dao-thi-nguyet/"]


def test_bundles_kept_with_other_settings_are_not_used(roll, monkeypatch):
    _build(roll)
    monkeypatch.setattr(search, "CACHE_FORMAT", "another")
    _no_pagefind(monkeypatch)
    with pytest.raises(Abort, match="Không xây dựng được chỉ mục tìm kiếm"):
        _build(roll)


def test_kept_bundles_no_longer_whole_are_indexed_again(roll, monkeypatch):
    _build(roll)
    expected = _bundles(roll / "site")
    kept = next((roll / ".cache/honor-roll/search").glob("bundles-*"))
    next(p for p in (kept / search.BUNDLE / "fragment").iterdir()).unlink()
    assert not _build(roll).reused  # a missing file: Pagefind runs after all
    assert _bundles(roll / "site") == expected
    shutil.rmtree(next((roll / ".cache/honor-roll/search").glob("bundles-*")))
    assert not _build(roll).reused
    assert _bundles(roll / "site") == expected


# --- Pagefind's files are read and published only once written ---------------------------------


def test_the_bundle_is_waited_for_until_every_file_has_its_bytes(tmp_path):
    # As Pagefind leaves them when it answers: files created, the last bytes still on their way.
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    entry = bundle / "pagefind-entry.json"
    entry.touch()
    fragment = bundle / "fragment" / "a.pf_fragment"
    fragment.write_bytes(gzip.compress(b"pagefind_dcd{}"))
    large = bundle / "index" / "b.pf_index"
    large.parent.mkdir()
    whole = gzip.compress(os.urandom(3 << 20), compresslevel=1)
    large.write_bytes(whole[: 2 << 20])  # a first part only
    writer = threading.Timer(0.3, lambda: (entry.write_text("{}"), large.write_bytes(whole)))
    writer.start()
    pagefind_service.wait_until_written(bundle)
    assert entry.read_text() == "{}" and large.read_bytes() == whole
    writer.join()


def test_a_file_never_written_stops_the_build_naming_it(tmp_path):
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").touch()
    with pytest.raises(pagefind_service.ServiceError, match="pagefind-entry.json"):
        pagefind_service.wait_until_written(bundle, patience=0.1)
