"""Records read and checked by an earlier build are taken from the cache only when nothing they
depend on changed: their bytes, the vocabularies and schema, today, the code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import VALID_RECORD, make_repo, person

from generator import recordcache, records, validation
from generator.project import Layout, load

TODAY = date(2026, 11, 25)
OTHER = VALID_RECORD.replace("Nguyễn Thị Mai", "Lò Văn Sáng").replace("bat-xat", "y-ty")
PHONE = person(2).replace("Vận động 40 hộ trồng quế.", "Gọi 0912 345 678 để biết thêm.")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": VALID_RECORD,
            "exemplars/lo-van-sang/index.md": OTHER,
            "exemplars/co-so-dien-thoai/index.md": PHONE,
        },
    )


def _count_work(monkeypatch) -> dict[str, int]:
    """How many records are read and checked from here on (not taken from the cache)."""
    counts = {"read": 0, "checked": 0}
    parse, own = records.parse_record_text, validation._own_problems

    def counted_parse(text):
        counts["read"] += 1
        return parse(text)

    def counted_own(rf, **kwargs):
        counts["checked"] += 1
        return own(rf, **kwargs)

    monkeypatch.setattr(records, "parse_record_text", counted_parse)
    monkeypatch.setattr(validation, "_own_problems", counted_own)
    return counts


def test_an_unchanged_roll_is_neither_read_nor_checked_again(repo, monkeypatch):
    first = load(Layout(repo), today=TODAY)
    assert [p.key for p in first.problems] == ["achievements[1]"]  # the phone number
    counts = _count_work(monkeypatch)
    second = load(Layout(repo), today=TODAY)
    assert counts == {"read": 0, "checked": 0}
    assert second.problems == first.problems
    assert second.records == first.records
    assert [f.folder for f in second.files] == [f.folder for f in first.files]


def test_only_the_changed_record_is_read_and_checked_again(repo, monkeypatch):
    load(Layout(repo), today=TODAY)
    counts = _count_work(monkeypatch)
    path = repo / "exemplars/lo-van-sang/index.md"
    path.write_text(OTHER.replace("summary: Gương mẫu", "summary: Tận tụy"), encoding="utf-8")
    project = load(Layout(repo), today=TODAY)
    assert counts == {"read": 1, "checked": 1}
    assert project.records[0].summary.startswith("Tận tụy")


@pytest.mark.parametrize("change", ["vocabulary", "schema", "today", "code"])
def test_what_records_are_checked_against_changing_checks_them_all_again(repo, monkeypatch, change):
    load(Layout(repo), today=TODAY)
    today = TODAY
    if change == "vocabulary":  # Y Tý is no longer a commune: Lò Văn Sáng's record fails
        communes = repo / "data/communes.yml"
        entry = "  y-ty:\n    label: Xã Y Tý\n    name: Y Tý\n    type: xa\n"
        text = communes.read_text(encoding="utf-8")
        assert entry in text
        communes.write_text(text.replace(entry, ""), encoding="utf-8")
    elif change == "schema":
        schema = repo / "schema/record.schema.json"
        schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "today":  # the recognition of 2026-06-15 lies in the future
        today = date(2026, 6, 1)
    else:
        monkeypatch.setattr(recordcache, "FORMAT", "another version of the generator")
    counts = _count_work(monkeypatch)
    project = load(Layout(repo), today=today)
    assert counts == {"read": 3, "checked": 3}
    if change == "vocabulary":
        assert any(p.file.endswith("lo-van-sang/index.md") for p in project.problems if p.is_error)
    if change == "today":
        assert any("recognitions[1].date" == p.key for p in project.problems)


def test_a_damaged_cache_is_only_a_slower_build(repo, monkeypatch):
    first = load(Layout(repo), today=TODAY)
    (repo / ".cache/honor-roll/records.pickle").write_bytes(b"\x80\x05not a pickle")
    counts = _count_work(monkeypatch)
    assert load(Layout(repo), today=TODAY).problems == first.problems
    assert counts == {"read": 3, "checked": 3}


def test_the_context_reads_folders_whole(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.yml").write_text("a: 1\n", encoding="utf-8")
    before = recordcache.context([tmp_path / "data"], TODAY)
    (tmp_path / "data/new.yml").write_text("b: 2\n", encoding="utf-8")
    assert recordcache.context([tmp_path / "data"], TODAY) != before
