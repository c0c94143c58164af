"""Tables as files people open in Excel: CSV (UTF-8 with BOM) and XLSX, both byte-reproducible.

Excel reads a CSV as the legacy Windows code page unless the file starts with a byte-order mark,
which turns every Vietnamese letter into mojibake; the BOM fixes that and other tools ignore it.

Record text is written as text, never as a formula: a summary that starts with "=" must not run
in a reporter's Excel (CSV injection). XLSX cells are typed as strings; CSV cells that Excel would
read as a formula get a leading apostrophe, which Excel hides.

openpyxl stamps the save time into `docProps/core.xml` and into every zip entry; a reproducible
build (the same commit builds the same bytes) needs both fixed, so workbooks are saved in memory
and re-packed with the data's own date.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

Cell = str | int | date | None
# Dates are real dates in XLSX (they sort and filter as dates), shown the Vietnamese way.
DATE_FORMAT = "DD/MM/YYYY"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
# Cells a spreadsheet would read as a formula ("-30% hộ nghèo" too): written with a leading
# apostrophe in CSV (OWASP CSV injection guidance).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FILE = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


@dataclass
class Sheet:
    """One worksheet: optional title lines above a table with a header row."""

    title: str  # the tab name (at most 31 characters, Excel's limit)
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    preamble: Sequence[str] = field(default_factory=list)  # lines above the table
    widths: dict[int, int] = field(default_factory=dict)  # column index (0-based) -> width
    wrap: bool = False  # wrap long text (lists of names) inside cells


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Path:
    """A CSV that Excel opens with Vietnamese intact: UTF-8 with BOM, CRLF line ends (RFC 4180)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_cell(cell) for cell in row])
    return path


def _csv_cell(cell: Cell) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()  # what every program reads the same way
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def write_xlsx(path: Path, sheets: Sequence[Sheet], stamp: datetime, title: str = "") -> Path:
    """Write a workbook whose bytes depend only on its content and `stamp`."""
    # Write-only mode streams rows to the file instead of keeping a Cell object for each:
    # at 10,000 records the open-data workbook took several times longer the other way.
    workbook = Workbook(write_only=True)
    extents = [_fill(workbook.create_sheet(sheet.title[:31]), sheet) for sheet in sheets]
    workbook.properties.title = title or None
    workbook.properties.creator = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_reproducible(buffer.getvalue(), stamp, extents))
    return path


def _fill(worksheet, sheet: Sheet) -> str:
    """Rows into a write-only sheet (what precedes the rows in the file is set before them);
    returns the range the sheet uses, e.g. "A1:T120"."""
    header_row = len(sheet.preamble) + 2 if sheet.preamble else 1
    for index in range(len(sheet.header)):
        width = sheet.widths.get(index) or min(60, max(10, len(str(sheet.header[index])) + 2))
        worksheet.column_dimensions[get_column_letter(index + 1)].width = width
    worksheet.freeze_panes = f"A{header_row + 1}"
    for number, line in enumerate(sheet.preamble):
        cell = WriteOnlyCell(worksheet, line)
        if number == 0:
            cell.font = Font(bold=True, size=13)
        worksheet.append([cell])
    if sheet.preamble:
        worksheet.append([])
    top = Alignment(wrap_text=True, vertical="top")
    header = []
    for name in sheet.header:
        cell = WriteOnlyCell(worksheet, name)
        cell.font, cell.alignment = Font(bold=True), top
        header.append(cell)
    worksheet.append(header)
    last_row = header_row
    for row in sheet.rows:
        worksheet.append([_xlsx_cell(worksheet, cell, top if sheet.wrap else None) for cell in row])
        last_row += 1
    last = get_column_letter(max(1, len(sheet.header)))
    worksheet.auto_filter.ref = f"A{header_row}:{last}{last_row}"
    return f"A1:{last}{last_row}"


def _xlsx_cell(worksheet, value: Cell, alignment: Alignment | None):
    if value is None:
        value = ""
    is_date = isinstance(value, date)
    if alignment is None and not is_date and not (isinstance(value, str) and value.startswith("=")):
        return value  # a plain value: no Cell object needed
    cell = WriteOnlyCell(worksheet, value)
    if is_date:
        cell.number_format = DATE_FORMAT
    if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula: keep text
        cell.data_type = "s"
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _reproducible(data: bytes, stamp: datetime, extents: Sequence[str] = ()) -> bytes:
    """Re-pack an xlsx with fixed entry dates and the document dates set to `stamp`.

    Write-only mode leaves out each sheet's <dimension> (the range it uses), which readers that
    stream a workbook rely on; it is put back from `extents`, one range per sheet in order.
    """
    when = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + when + m.group(3), content)
            sheet = _SHEET_FILE.fullmatch(info.filename)
            if sheet and int(sheet.group(1)) <= len(extents) and b"<dimension" not in content:
                extent = extents[int(sheet.group(1)) - 1].encode()
                content = content.replace(
                    b"<sheetViews>", b'<dimension ref="' + extent + b'" /><sheetViews>', 1
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
