"""Press kits: a fact sheet per profile that a reporter can download and quote from.

The fact sheet is Markdown, which reads as plain text: name, role, unit, place, field, every
recognition with its decision number, awards, achievements, the summary, the photos at their
full published size with the credit to print beside them, and the coverage already published,
so that a newsroom does not repeat a story. The profile's "Dành cho báo chí" block
(`templates/_press_kit.html`) links to it and to the photos.
"""

from __future__ import annotations

from pathlib import Path

from .catalog import profile_url
from .exports import LICENCE, SAMPLE_NOTICE, OpenData
from .records import Record
from .vietnamese import format_date

FACT_SHEET = "thong-tin-bao-chi.txt"  # .txt: phones and Windows open it without asking


def fact_sheet_url(slug: str) -> str:
    """Site-relative address of a record's fact sheet, next to its profile page."""
    return f"{profile_url(slug)}{FACT_SHEET}"


def fact_sheet(record: Record, data: OpenData, site_name: str) -> str:
    """The fact sheet of one public record, as Markdown text."""
    v = data.vocab
    lines: list[str] = [f"# {record.name}", ""]
    if record.sample:
        lines += [
            f"> {SAMPLE_NOTICE}",
            "",
        ]
    lines += [
        f"Thông tin cho báo chí, {site_name}.",
        f"Hồ sơ trên trang: {data.url(profile_url(record.slug))}",
        f"Khi đăng lại, ghi nguồn: “{site_name}”, {data.url(profile_url(record.slug))}",
        f"Thông tin đến ngày {format_date(data.updated.date())}.",
        "",
        "## Tóm tắt",
        "",
        record.summary,
        "",
        "## Thông tin",
        "",
        f"- Loại: {v.kinds.label(record.kind)} ({v.subjects.label(record.subject)})",
    ]
    if record.role:
        lines.append(f"- Chức vụ, nghề nghiệp: {record.role}")
    if record.unit:
        lines.append(f"- Cơ quan, đơn vị: {record.unit}")
    lines += [
        f"- Xã, phường: {v.communes.label(record.commune)}",
        f"- Đảng ủy trực thuộc: {v.party_committees.label(record.party_committee)}",
        f"- Lĩnh vực: {v.fields.label(record.field)}",
    ]
    if record.regions:
        lines.append(f"- Vùng: {', '.join(v.regions.label(r) for r in record.regions)}")
    if record.ethnicity:
        lines.append(f"- Dân tộc: {record.ethnicity}")
    lines += [f"- {v.periods.label(record.period)}", "", "## Công nhận, ghi danh", ""]
    lines += [
        f"- {v.levels.label(r.level)}: Quyết định số {r.decision} ngày {format_date(r.date)} "
        f"của {r.issued_by}"
        for r in record.recognitions
    ]
    if record.awards:
        lines += ["", "## Khen thưởng", ""]
        lines += [
            f"- {a.title}, {a.issued_by}"
            + (f", quyết định số {a.decision}" if a.decision else "")
            + f", ngày {format_date(a.date)}"
            for a in record.awards
        ]
    lines += ["", "## Thành tích tiêu biểu", ""]
    lines += [f"- {achievement}" for achievement in record.achievements]
    photos = [p for p in (data.photo(photo) for photo in record.photos) if p]
    if photos:
        lines += ["", "## Ảnh (kích thước lớn nhất được đăng)", ""]
        for number, photo in enumerate(photos, 1):
            caption = f" {photo['caption']}" if photo["caption"] else ""
            lines.append(
                f"{number}. {photo['url']} ({photo['width']}×{photo['height']} điểm ảnh). "
                f"{photo['alt']}.{caption} Ảnh: {photo['credit']}."
            )
    lines += ["", "## Báo chí đã đưa tin", ""]
    if record.media:
        lines += [
            f"- {format_date(m.date)}, {m.outlet} ({v.media_types.label(m.type).lower()}): "
            f"{m.title}. {m.url}"
            for m in sorted(record.media, key=lambda m: m.date, reverse=True)
        ]
    else:
        lines.append("Chưa có tin, bài nào được ghi nhận trên trang.")
    lines += [
        "",
        "---",
        "",
        f"Giấy phép: {LICENCE.name}, {LICENCE.url}. {LICENCE.statement(site_name)}",
        "",
    ]
    return "\n".join(lines)


def write(data: OpenData, site_dir: Path, site_name: str) -> list[Path]:
    written = []
    for record in data.catalog.records:
        path = site_dir / fact_sheet_url(record.slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fact_sheet(record, data, site_name), encoding="utf-8")
        written.append(path)
    return written
