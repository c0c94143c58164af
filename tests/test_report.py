"""The annual summary table: the report for a year checked row by row against the sample data."""

from __future__ import annotations

import csv

import pytest
from helpers import REPO, VALID_RECORD, make_repo
from openpyxl import load_workbook
from sample_records import raw_records

from generator import cli, report
from generator.project import Layout, load

YEAR = 2026


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert cli.main(["report", "--year", str(YEAR), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def vocab():
    return load(Layout(REPO)).vocabularies


def read(path):
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def expected_rows(vocab):
    """The summary rows computed from the raw records: withdrawn ones count (their decisions
    were issued that year)."""
    records = raw_records()
    rows = []
    for number, term in enumerate(vocab.party_committees, 1):
        mine = [r for r in records if r["party_committee"] == term.key]

        def slugs(level, kind=None, mine=mine):
            return {
                r["slug"]
                for r in mine
                for x in r["recognitions"]
                if x["date"].year == YEAR
                and x["level"] == level
                and (kind is None or r["kind"] == kind)
            }

        recognized = slugs("grassroots") | slugs("provincial")
        withdrawn = {r["slug"] for r in mine if r["status"] == "withdrawn"} & recognized
        counts = [
            len(slugs(level, kind))
            for level in ("grassroots", "provincial")
            for kind in ("collective", "individual", None)
        ]
        rows.append(
            [
                str(number),
                term.label,
                term.key,
                *map(str, counts),
                str(len(recognized)),
                str(len(withdrawn)),
            ]
        )
    return rows


def test_summary_csv_row_by_row(written, vocab):
    rows = read(written / f"bao-cao-{YEAR}-tong-hop.csv")
    assert rows[0] == report.SUMMARY_HEADER
    body, total = rows[1:-1], rows[-1]
    expected = expected_rows(vocab)
    assert len(body) == len(vocab.party_committees)  # every committee, zeros included
    for got, want in zip(body, expected, strict=True):
        assert got[:-1] == want, want[1]
    assert total[1] == "Tổng cộng"
    for column in range(3, 11):
        assert int(total[column]) == sum(int(row[column]) for row in expected)


def test_names_and_decisions_are_listed_withdrawn_flagged(written):
    rows = {row[2]: row for row in read(written / f"bao-cao-{YEAR}-tong-hop.csv")[1:-1]}
    records = raw_records()
    for record in records:
        for x in record["recognitions"]:
            if x["date"].year != YEAR:
                continue
            names = rows[record["party_committee"]][-1]
            assert record["name"] in names
            assert x["decision"] in names
            entry = next(n for n in names.split("; ") if x["decision"] in n)
            assert (report.WITHDRAWN in entry) == (record["status"] == "withdrawn")
    # The sample data: Bát Xát used its provincial quota of two in 2026.
    bat_xat = rows["xa-bat-xat"]
    assert bat_xat[3:11] == ["0", "0", "0", "0", "2", "2", "2", "0"]


def test_list_csv_has_one_row_per_recognition_of_the_year(written, vocab):
    rows = read(written / f"bao-cao-{YEAR}-danh-sach.csv")
    assert rows[0] == report.LIST_HEADER
    expected = sorted(
        (r["slug"], x["decision"], x["date"].isoformat(), r["status"])
        for r in raw_records()
        for x in r["recognitions"]
        if x["date"].year == YEAR
    )
    got = sorted(
        (
            row[12],
            row[6],
            row[7],
            "withdrawn" if row[11] == vocab.statuses.label("withdrawn") else "recognized",
        )
        for row in rows[1:]
    )
    assert got == expected
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(rows))]


def test_xlsx_holds_the_same_tables(written):
    workbook = load_workbook(written / f"bao-cao-{YEAR}.xlsx", read_only=True)
    assert workbook.sheetnames == ["Tổng hợp", "Danh sách"]
    summary = [list(r) for r in workbook["Tổng hợp"].iter_rows(values_only=True)]
    assert f"NĂM {YEAR}" in summary[0][0]
    header_at = next(i for i, row in enumerate(summary) if row[0] == "STT")
    csv_rows = read(written / f"bao-cao-{YEAR}-tong-hop.csv")
    for got, want in zip(summary[header_at + 1 :], csv_rows[1:], strict=True):
        cells = ["" if c is None else str(c) for c in got]
        assert cells[:-1] == want[:-1]
        assert cells[-1].split("\n") == (want[-1].split("; ") if want[-1] else [""])


def test_report_refuses_records_with_errors(tmp_path, monkeypatch, capsys):
    root = make_repo(
        tmp_path,
        {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD.replace("bat-xat\n", "bat-xatt\n", 1)},
    )
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli.main(["report", "--year", "2026", "--today", "2026-11-25"]) == 1
    captured = capsys.readouterr()
    assert "commune" in captured.out
    assert "Không lập báo cáo" in captured.err
    assert not (root / "bao-cao").exists()


def test_report_of_a_year_without_recognitions(tmp_path, monkeypatch):
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli.main(["report", "--year", "2025", "--today", "2026-11-25"]) == 0
    rows = read(root / "bao-cao" / "bao-cao-2025-tong-hop.csv")
    assert rows[-1][3:11] == ["0"] * 8


def test_year_must_be_a_year(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--year", "hai nghìn"])
    assert "cần một năm dạng 2026" in capsys.readouterr().err


def test_xlsx_list_has_real_dates_shown_the_vietnamese_way(written):
    from datetime import date, datetime

    workbook = load_workbook(written / f"bao-cao-{YEAR}.xlsx")
    sheet = workbook["Danh sách"]
    top = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "STT")
    header = [c.value for c in sheet[top]]
    column = header.index("Ngày quyết định") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(top + 1, sheet.max_row + 1)]
    assert cells and all(isinstance(c.value, (date, datetime)) for c in cells)
    assert all(c.number_format == "DD/MM/YYYY" for c in cells)
    csv_dates = [row[column - 1] for row in read(written / f"bao-cao-{YEAR}-danh-sach.csv")[1:]]
    assert csv_dates == [c.value.date().isoformat() for c in cells]
