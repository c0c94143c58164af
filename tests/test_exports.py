"""Open data: each export parsed back and checked against the records."""

from __future__ import annotations

import csv
import json
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from helpers import REPO, VALID_RECORD, make_repo
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sample_records import public, raw_records, withdrawn

from generator import exports
from generator.project import Layout, load
from generator.provenance import VIETNAM, last_updated
from generator.spreadsheets import Sheet, write_csv, write_xlsx
from generator.website import Website


@pytest.fixture(scope="module")
def raw():
    return raw_records()


@pytest.fixture(scope="module")
def website():
    return Website(load(Layout(REPO)), "Ghi danh", "https://ghidanh.example.vn/")


@pytest.fixture(scope="module")
def exported(sample_site):
    folder = sample_site / exports.FOLDER
    document = json.loads((folder / "exemplars.json").read_text(encoding="utf-8"))
    return document


def by_slug(items):
    return {item["slug"]: item for item in items}


def test_json_has_every_public_record_once_and_no_withdrawn(exported, raw):
    slugs = [item["slug"] for item in exported["exemplars"]]
    assert exported["count"] == len(slugs) == len(public(raw))
    assert sorted(slugs) == sorted(r["slug"] for r in public(raw))
    for record in withdrawn(raw):
        assert record["slug"] not in slugs
        assert record["name"] not in {item["name"] for item in exported["exemplars"]}


def test_json_validates_against_its_schema(sample_site, exported):
    schema = json.loads(
        (sample_site / exports.FOLDER / exports.SCHEMA_FILE).read_text(encoding="utf-8")
    )
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(exported))
    assert errors == []
    # Every documented column that belongs in JSON is a key of every record.
    keys = {c.name for c in exports.COLUMNS if c.in_json}
    assert all(set(item) == keys for item in exported["exemplars"])


def test_json_record_round_trips(exported, raw, sample_site):
    items = by_slug(exported["exemplars"])
    source = exported["source"]
    for record in public(raw):
        item = items[record["slug"]]
        assert item["url"] == f"{source}ghi-danh/{record['slug']}/"
        for key in ("name", "kind", "subject", "field", "commune", "party_committee"):
            assert item[key] == record[key], (record["slug"], key)
        assert item["aliases"] == record.get("aliases", [])  # joins with earlier downloads
        assert item["period"] == str(record["period"])
        assert item["role"] == record.get("role")
        assert item["summary"] == record["summary"].strip()
        assert item["achievements"] == record["achievements"]
        assert item["regions"] == (record.get("regions") or [])
        assert [
            (r["level"], r["decision"], r["date"], r["issued_by"]) for r in item["recognitions"]
        ] == [
            (r["level"], r["decision"], r["date"].isoformat(), r["issued_by"])
            for r in sorted(record["recognitions"], key=lambda r: r["date"])
        ]
        assert [a["title"] for a in item["awards"]] == [
            a["title"] for a in record.get("awards") or []
        ]
        assert [m["url"] for m in item["media"]] == [m["url"] for m in record.get("media") or []]
        photos = record.get("photos") or []
        assert [p["credit"] for p in item["photos"]] == [p["credit"] for p in photos]
        if photos:
            portrait = item["portrait"]
            assert portrait["credit"] == photos[0]["credit"]
            assert portrait["url"].startswith(source + "anh/")
            published = sample_site / portrait["url"].removeprefix(source)
            assert published.is_file()  # the full-size rendition the site really serves
        else:
            assert item["portrait"] is None


def test_portrait_is_the_largest_published_rendition(website):
    data = website.open_data
    for record in website.catalog.records:
        item = exports.record_json(record, data)
        if record.portrait:
            largest = website.photos[record.portrait.path].largest
            assert item["portrait"]["url"] == "https://ghidanh.example.vn/" + largest.url
            assert (item["portrait"]["width"], item["portrait"]["height"]) == (
                largest.width,
                largest.height,
            )


def read_csv(path):
    raw_bytes = path.read_bytes()
    assert raw_bytes.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_opens_in_excel_and_flattens_lists(sample_site, exported, raw):
    path = sample_site / exports.FOLDER / "exemplars.csv"
    rows = read_csv(path)
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header == [c.name for c in exports.CSV_COLUMNS]
    assert len(rows) == len(public(raw))
    assert {r["slug"] for r in rows} == {r["slug"] for r in public(raw)}
    raws = {r["slug"]: r for r in raw}
    items = by_slug(exported["exemplars"])
    for row in rows:
        record = raws[row["slug"]]
        assert row["name"] == record["name"]
        assert row["achievements"].split(exports.SEPARATOR) == record["achievements"]
        decisions = [r["decision"] for r in record["recognitions"]]
        assert all(d in row["recognitions"] for d in decisions)
        assert row["recognitions"].count(exports.SEPARATOR) == len(decisions) - 1
        assert row["portrait_url"] == ((items[row["slug"]]["portrait"] or {}).get("url") or "")
        assert row["sample"] == "true"
    assert "story" not in rows[0]


def as_csv(value) -> str:
    """A workbook cell as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def test_xlsx_has_a_sheet_per_kind_with_the_csv_rows(sample_site, raw):
    folder = sample_site / exports.FOLDER
    workbook = load_workbook(folder / "exemplars.xlsx", read_only=True)
    assert workbook.sheetnames == ["Cá nhân", "Tập thể", "Giới thiệu"]
    csv_rows = {r["slug"]: r for r in read_csv(folder / "exemplars.csv")}
    header = [c.name for c in exports.CSV_COLUMNS]
    for sheet, kind in (("Cá nhân", "individual"), ("Tập thể", "collective")):
        rows = list(workbook[sheet].iter_rows(values_only=True))
        assert list(rows[0]) == header
        slugs = [row[0] for row in rows[1:]]
        assert sorted(slugs) == sorted(r["slug"] for r in public(raw) if r["kind"] == kind)
        for row in rows[1:]:
            expected = csv_rows[row[0]]
            assert {k: as_csv(v) for k, v in zip(header, row, strict=True)} == expected
            assert isinstance(row[header.index("first_recognized")], datetime)  # a real date
            assert row[header.index("sample")] is True
    sheet = load_workbook(folder / "exemplars.xlsx")["Cá nhân"]
    column = get_column_letter(header.index("latest_recognized") + 1)
    assert sheet[f"{column}2"].number_format == "DD/MM/YYYY"
    about = [row for row in workbook["Giới thiệu"].iter_rows(values_only=True) if row[0]]
    assert any("CC BY 4.0" in str(row[0]) for row in about)


def test_files_state_licence_and_last_updated(exported, sample_site):
    assert exported["license"]["name"] == exports.LICENCE.name
    assert exported["license"]["url"].startswith("https://creativecommons.org/")
    expected = last_updated(Layout(REPO), []).date().isoformat()
    assert exported["last_updated"] == expected
    page = (sample_site / exports.FOLDER / "index.html").read_text(encoding="utf-8")
    assert f'datetime="{expected}"' in page
    assert exports.LICENCE.url in page
    for column in exports.COLUMNS:
        assert f"<code>{column.name}</code>" in page  # every column is documented
    for name in ("exemplars.json", "exemplars.csv", "exemplars.xlsx", "exemplars.schema.json"):
        assert f'href="{name}"' in page


def test_xlsx_is_reproducible(tmp_path):
    stamp = datetime(2026, 6, 15, 9, 30, tzinfo=VIETNAM)
    sheets = lambda: [Sheet("Cá nhân", ["slug", "name"], [("a", "Nguyễn Thị Mai")])]  # noqa: E731
    first = write_xlsx(tmp_path / "a.xlsx", sheets(), stamp).read_bytes()
    second = write_xlsx(tmp_path / "b.xlsx", sheets(), stamp).read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-06-15T02:30:00Z") == 2  # created and modified: the data's date


def test_last_updated_comes_from_git_else_from_the_records(tmp_path):
    root = make_repo(
        tmp_path,
        {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD},
    )
    project = load(Layout(root), today=date(2026, 11, 25))
    # Not a repository (a tarball): the newest date written in the records.
    assert last_updated(project.layout, project.records) == datetime(2026, 6, 15, tzinfo=VIETNAM)
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": "2026-07-01T10:00:00+07:00",
        "GIT_COMMITTER_DATE": "2026-07-01T10:00:00+07:00",
        "PATH": "/usr/bin:/bin",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "records"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, env=env)
    assert last_updated(project.layout, project.records) == datetime(
        2026, 7, 1, 10, 0, tzinfo=VIETNAM
    )
    # A later commit outside exemplars/ and data/ does not change the data's date.
    (root / "README.md").write_text("x", encoding="utf-8")
    later = {**env, "GIT_COMMITTER_DATE": "2026-08-01T10:00:00+07:00"}
    for command in (["add", "-A"], ["commit", "-q", "-m", "docs"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, env=later)
    assert last_updated(project.layout, project.records).date() == date(2026, 7, 1)


def test_text_never_becomes_a_formula(tmp_path):
    hostile = '=HYPERLINK("http://example.org","x")'
    write_xlsx(tmp_path / "a.xlsx", [Sheet("A", ["summary"], [(hostile,)])], datetime(2026, 1, 1))
    cell = load_workbook(tmp_path / "a.xlsx")["A"]["A2"]
    assert (cell.value, cell.data_type) == (hostile, "s")
    write_csv(tmp_path / "a.csv", ["summary"], [(hostile,), ("-30% hộ nghèo",), ("Bình thường",)])
    rows = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1:] == [
        '"\'=HYPERLINK(""http://example.org"",""x"")"',
        "'-30% hộ nghèo",
        "Bình thường",
    ]
