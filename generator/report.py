"""The annual summary table (biểu tổng hợp) that party committees report to the Board.

The plan asks every directly-affiliated party committee to report its exemplar figures each year
to the Provincial Standing Committee through the Propaganda and Mass Mobilization Board (mục IV.1
and VI.1), and limits provincial recognitions to two per committee per year (mục IV.3.3). For one
year this module counts, per party committee, the exemplars recognized that year by level
(grassroots, provincial) and kind (collective, individual), with their names and decision numbers.

Unlike the public site, the report includes withdrawn records: their decisions were issued that
year (they count against the provincial quota too), and a report to the Board should show that
they were later removed rather than hide them. They are counted in the figures, flagged in the
list, and counted again in a column of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .records import Recognition, Record
from .spreadsheets import Sheet, write_csv, write_xlsx
from .validation import PROVINCIAL_QUOTA
from .vietnamese import format_date, name_sort_key
from .vocabularies import Vocabularies

LEVELS = ("grassroots", "provincial")
KINDS = ("collective", "individual")  # the plan's order: tập thể, then cá nhân
WITHDRAWN = "đã đưa ra khỏi danh sách"


@dataclass(frozen=True)
class Entry:
    """One recognition decided in the report's year."""

    record: Record
    recognition: Recognition

    @property
    def withdrawn(self) -> bool:
        return not self.record.is_public


@dataclass
class Row:
    """One party committee's figures for the year."""

    committee: str
    label: str
    entries: list[Entry] = field(default_factory=list)

    def count(self, level: str, kind: str | None = None) -> int:
        """Exemplars recognized at `level` this year (of `kind`, if given)."""
        return len(
            {
                e.record.slug
                for e in self.entries
                if e.recognition.level == level and (kind is None or e.record.kind == kind)
            }
        )

    @property
    def total(self) -> int:
        """Exemplars recognized this year at any level, each counted once."""
        return len({e.record.slug for e in self.entries})

    @property
    def withdrawn(self) -> int:
        return len({e.record.slug for e in self.entries if e.withdrawn})

    def names(self, vocab: Vocabularies) -> list[str]:
        return [_name_line(e, vocab) for e in self.entries]


@dataclass
class AnnualReport:
    year: int
    updated: datetime
    rows: list[Row]  # every party committee, in the vocabulary's order, zeros included

    @property
    def entries(self) -> list[Entry]:
        return [e for row in self.rows for e in row.entries]

    def total(self, level: str, kind: str | None = None) -> int:
        return sum(row.count(level, kind) for row in self.rows)


def annual_report(
    records: list[Record], vocab: Vocabularies, year: int, updated: datetime
) -> AnnualReport:
    """The figures of `year` from every validated record, withdrawn ones included."""
    rows = {term.key: Row(term.key, term.label) for term in vocab.party_committees}
    for record in records:
        for recognition in record.recognitions:
            if recognition.date.year == year and record.party_committee in rows:
                rows[record.party_committee].entries.append(Entry(record, recognition))
    for row in rows.values():
        row.entries.sort(
            key=lambda e: (
                LEVELS.index(e.recognition.level),
                e.recognition.date,
                name_sort_key(e.record.name, e.record.is_individual),
                e.record.slug,
            )
        )
    return AnnualReport(year, updated, list(rows.values()))


def _name_line(entry: Entry, vocab: Vocabularies) -> str:
    r = entry.recognition
    text = (
        f"{entry.record.name} ({vocab.kinds.label(entry.record.kind).lower()}, "
        f"{vocab.levels.label(r.level).lower()}, QĐ số {r.decision} ngày {format_date(r.date)})"
    )
    return f"{text} [{WITHDRAWN}]" if entry.withdrawn else text


# Tables ------------------------------------------------------------------------------------------

SUMMARY_HEADER = [
    "STT",
    "Đảng ủy trực thuộc",
    "Mã đảng ủy",
    "Cấp cơ sở: tập thể",
    "Cấp cơ sở: cá nhân",
    "Cấp cơ sở: cộng",
    "Cấp tỉnh: tập thể",
    "Cấp tỉnh: cá nhân",
    "Cấp tỉnh: cộng",
    "Tổng số điển hình",
    "Trong đó đã đưa ra khỏi danh sách",
    "Danh sách điển hình (tên, loại, cấp, số quyết định, ngày)",
]
LIST_HEADER = [
    "STT",
    "Đảng ủy trực thuộc",
    "Tên tập thể, cá nhân",
    "Loại",
    "Đối tượng",
    "Cấp công nhận",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Lĩnh vực",
    "Xã, phường",
    "Trạng thái",
    "Mã hồ sơ",
]


def summary_rows(report: AnnualReport, vocab: Vocabularies, separator: str) -> list[list]:
    """One row per party committee, then the total row."""
    rows: list[list] = []
    for number, row in enumerate(report.rows, 1):
        rows.append(
            [
                number,
                row.label,
                row.committee,
                *(row.count(level, kind) for level in LEVELS for kind in (*KINDS, None)),
                row.total,
                row.withdrawn,
                separator.join(row.names(vocab)),
            ]
        )
    rows.append(
        [
            "",
            "Tổng cộng",
            "",
            *(report.total(level, kind) for level in LEVELS for kind in (*KINDS, None)),
            sum(row.total for row in report.rows),
            sum(row.withdrawn for row in report.rows),
            "",
        ]
    )
    return rows


def list_rows(report: AnnualReport, vocab: Vocabularies) -> list[list]:
    """One row per recognition decided in the year."""
    return [
        [
            number,
            vocab.party_committees.label(e.record.party_committee),
            e.record.name,
            vocab.kinds.label(e.record.kind),
            vocab.subjects.label(e.record.subject),
            vocab.levels.label(e.recognition.level),
            e.recognition.decision,
            e.recognition.date,
            e.recognition.issued_by,
            vocab.fields.label(e.record.field),
            vocab.communes.label(e.record.commune),
            vocab.statuses.label(e.record.status),
            e.record.slug,
        ]
        for number, e in enumerate(report.entries, 1)
    ]


def file_names(year: int) -> dict[str, str]:
    return {
        "xlsx": f"bao-cao-{year}.xlsx",
        "summary": f"bao-cao-{year}-tong-hop.csv",
        "list": f"bao-cao-{year}-danh-sach.csv",
    }


def write(report: AnnualReport, vocab: Vocabularies, out_dir: Path) -> list[Path]:
    """Write the XLSX (two sheets) and the two CSV files of the report into `out_dir`."""
    names = file_names(report.year)
    title = f"BIỂU TỔNG HỢP KẾT QUẢ CÔNG NHẬN, GHI DANH ĐIỂN HÌNH TIÊN TIẾN NĂM {report.year}"
    preamble = [
        title,
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, tỉnh Lào Cai "
        "(Kế hoạch giai đoạn 2025-2030, mục IV.1 và VI.1).",
        f"Số liệu từ hồ sơ điển hình, cập nhật đến ngày {format_date(report.updated.date())}. "
        f"Tính cả điển hình đã được công nhận trong năm nhưng sau đó {WITHDRAWN} "
        "(cột riêng). Cấp tỉnh: tối đa "
        f"{PROVINCIAL_QUOTA} điển hình mỗi đảng ủy mỗi năm (mục IV.3.3).",
    ]
    summary_widths = {1: 34, 2: 20, 11: 80}
    summary_widths.update({i: 12 for i in range(3, 11)})
    sheets = [
        Sheet(
            "Tổng hợp",
            SUMMARY_HEADER,
            summary_rows(report, vocab, "\n"),
            preamble=preamble,
            widths=summary_widths,
            wrap=True,
        ),
        Sheet(
            "Danh sách",
            LIST_HEADER,
            list_rows(report, vocab),
            preamble=[f"DANH SÁCH ĐIỂN HÌNH ĐƯỢC CÔNG NHẬN, GHI DANH NĂM {report.year}"],
            widths={1: 34, 2: 30, 6: 16, 8: 30, 9: 30, 10: 20, 11: 24, 12: 30},
        ),
    ]
    return [
        write_xlsx(out_dir / names["xlsx"], sheets, report.updated, title),
        write_csv(out_dir / names["summary"], SUMMARY_HEADER, summary_rows(report, vocab, "; ")),
        write_csv(out_dir / names["list"], LIST_HEADER, list_rows(report, vocab)),
    ]
