"""Open data: every public record as JSON, CSV and XLSX, with a JSON Schema and a licence.

Newsrooms and researchers take the honor roll whole, the way national honours registers and the
Nobel Prize API publish theirs. The files are built from the catalog (public records only), in
the catalog's order, with absolute URLs from the site's `site_url`, and dated by the data
(`provenance.last_updated`), so the same commit always yields the same bytes.

Column names are English, stable and documented (`COLUMNS`): they are a contract with the
people who script against the files. JSON keeps lists nested; CSV and XLSX flatten each list
into one cell, items separated by " | ".
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import Catalog, profile_url
from .images import PublishedPhoto
from .records import Photo, Record
from .spreadsheets import Sheet, write_csv, write_xlsx
from .story import story_text
from .vocabularies import Vocabularies

if TYPE_CHECKING:
    from .provenance import RecordDates

FOLDER = "du-lieu-mo"  # the open-data page and its files: /du-lieu-mo/
BASENAME = "exemplars"
SCHEMA_FILE = f"{BASENAME}.schema.json"
SEPARATOR = " | "  # between the items of a list flattened into one CSV cell


@dataclass(frozen=True)
class Licence:
    name: str
    url: str
    terms: str  # "{source}" stands for the site's name, which reusers credit

    def statement(self, site_name: str) -> str:
        return self.terms.format(source=site_name)


# The Board publishes the roll to be reused ("lan tỏa"): an open licence that only asks for
# attribution. Photos stay with their authors, named in every photo's credit.
LICENCE = Licence(
    "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
    "https://creativecommons.org/licenses/by/4.0/deed.vi",
    "Được tự do sao chép, phân phối, trích dẫn và sử dụng lại dữ liệu, kể cả cho mục đích thương "
    "mại, với điều kiện ghi rõ nguồn: “{source}”, kèm địa chỉ trang. "
    "Ảnh thuộc quyền của tác giả, cơ quan ghi ở phần nguồn ảnh (credit); khi dùng lại ảnh phải "
    "ghi đúng nguồn đó.",
)

# What every copy of a sample record says of it, wherever it may travel alone (a feed reader, a
# downloaded file): the profile page's notice in one sentence.
SAMPLE_NOTICE = "Dữ liệu mẫu: hồ sơ hư cấu để minh họa, không phải người hay tập thể có thật."


@dataclass
class OpenData:
    """What every public file needs besides the records: addresses, photos and the data's date."""

    catalog: Catalog
    photos: dict[Path, PublishedPhoto]
    site_url: str  # absolute, ending in "/" (mkdocs' site_url); "" gives site-rooted URLs
    updated: datetime  # provenance.last_updated
    # A story as plain text; the site passes its own renderer's, so each story is made once.
    story_text: Callable[[str], str] = story_text
    # Reads when each record reached the site and last changed (provenance.record_dates). It
    # reads the git history (the first time all of it: 6-10 s at 10,000 records and 1,500
    # commits; then the commits since the last build), so it is asked only when the feeds are
    # written: in the forked copy that writes open data, beside page rendering.
    dated_by: Callable[[], Mapping[str, RecordDates]] = dict

    @functools.cached_property
    def record_dates(self) -> Mapping[str, RecordDates]:
        """Commit dates by slug; empty without git history (feeds then use the decisions)."""
        return self.dated_by()

    @property
    def vocab(self) -> Vocabularies:
        return self.catalog.vocabularies

    def url(self, rel: str) -> str:
        """The absolute address of a site-relative URL ("ghi-danh/x/")."""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base + rel

    def published(self, photo: Photo | None) -> PublishedPhoto | None:
        return self.photos.get(photo.path) if photo else None

    def photo(self, photo: Photo) -> dict[str, Any] | None:
        """A photo at its full published size, with what a reuser must show beside it."""
        published = self.published(photo)
        if published is None:
            return None
        largest = published.largest
        return {
            "url": self.url(largest.url),
            "width": largest.width,
            "height": largest.height,
            "alt": photo.alt,
            "caption": photo.caption,
            "credit": photo.credit,
        }


# Export: one record ------------------------------------------------------------------------------


def record_json(record: Record, data: OpenData) -> dict[str, Any]:
    """One record as the JSON export has it: lists nested, every key of `COLUMNS` present."""
    v = data.vocab
    photos = [p for p in (data.photo(photo) for photo in record.photos) if p]
    provincial = [r for r in record.recognitions if r.level == "provincial"]
    return {
        "slug": record.slug,
        "url": data.url(profile_url(record.slug)),
        "name": record.name,
        "kind": record.kind,
        "kind_label": v.kinds.label(record.kind),
        "subject": record.subject,
        "subject_label": v.subjects.label(record.subject),
        "role": record.role,
        "unit": record.unit,
        "field": record.field,
        "field_label": v.fields.label(record.field),
        "commune": record.commune,
        "commune_label": v.communes.label(record.commune),
        "party_committee": record.party_committee,
        "party_committee_label": v.party_committees.label(record.party_committee),
        "period": record.period,
        "regions": list(record.regions),
        "region_labels": [v.regions.label(r) for r in record.regions],
        "ethnicity": record.ethnicity,
        "highest_level": record.highest_level,
        "highest_level_label": v.levels.label(record.highest_level),
        "first_recognized": record.recognitions[0].date.isoformat(),
        "latest_recognized": record.latest_recognition.date.isoformat(),
        "provincial_decision": provincial[-1].decision if provincial else None,
        "provincial_date": provincial[-1].date.isoformat() if provincial else None,
        "summary": record.summary,
        "achievements": list(record.achievements),
        "recognitions": [
            {
                "level": r.level,
                "level_label": v.levels.label(r.level),
                "decision": r.decision,
                "date": r.date.isoformat(),
                "issued_by": r.issued_by,
            }
            for r in record.recognitions
        ],
        "awards": [
            {
                "title": a.title,
                "issued_by": a.issued_by,
                "decision": a.decision,
                "date": a.date.isoformat(),
            }
            for a in record.awards
        ],
        "portrait": photos[0] if photos and record.portrait else None,
        "photos": photos,
        "media": [
            {
                "title": m.title,
                "outlet": m.outlet,
                "url": m.url,
                "date": m.date.isoformat(),
                "type": m.type,
                "type_label": v.media_types.label(m.type),
            }
            for m in record.media
        ],
        "story": data.story_text(record.story),
        "sample": record.sample,
        "aliases": list(record.aliases),
    }


def _joined(values: list[str]) -> str:
    return SEPARATOR.join(values)


def _recognition_text(r: dict[str, Any]) -> str:
    return f"{r['date']} {r['level_label']} {r['decision']} ({r['issued_by']})"


def _award_text(a: dict[str, Any]) -> str:
    decision = f", {a['decision']}" if a["decision"] else ""
    return f"{a['date']} {a['title']} ({a['issued_by']}{decision})"


def _media_text(m: dict[str, Any]) -> str:
    return f"{m['date']} {m['outlet']}: {m['title']} <{m['url']}>"


def _portrait(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda j: (j["portrait"] or {}).get(key)


@dataclass(frozen=True)
class Column:
    """A field of the export: its stable name, meaning, JSON type and its CSV cell (if any)."""

    name: str
    description: str
    schema: dict[str, Any] | None  # its JSON Schema in exemplars.json; None: CSV only
    flat: Callable[[dict[str, Any]], Any] | None = None  # the CSV cell from the JSON record

    @property
    def in_json(self) -> bool:
        return self.schema is not None

    @property
    def in_csv(self) -> bool:
        return self.flat is not None


_STR = {"type": "string"}
_OPT = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date"}
_OPT_DATE = {"type": ["string", "null"], "format": "date"}
_URI = {"type": "string", "format": "uri"}
_STRS = {"type": "array", "items": {"type": "string"}}


def _same(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda j: j[name]


def _col(name: str, description: str, schema: dict[str, Any], csv: bool = True) -> Column:
    return Column(name, description, schema, _same(name) if csv else None)


_PHOTO_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["url", "width", "height", "alt", "caption", "credit"],
    "properties": {
        "url": {**_URI, "description": "Địa chỉ ảnh ở kích thước lớn nhất được đăng (JPEG)."},
        "width": {"type": "integer", "description": "Chiều rộng, điểm ảnh."},
        "height": {"type": "integer", "description": "Chiều cao, điểm ảnh."},
        "alt": {**_STR, "description": "Mô tả ảnh cho người không xem được ảnh."},
        "caption": {**_OPT, "description": "Chú thích ảnh."},
        "credit": {**_STR, "description": "Nguồn ảnh (tác giả, cơ quan): ghi kèm khi dùng lại."},
    },
}

COLUMNS: list[Column] = [
    _col(
        "slug",
        "Mã hồ sơ, cố định; là một phần địa chỉ trang hồ sơ. Nếu hồ sơ phải đổi mã (hiếm), mã "
        "cũ nằm trong cột aliases và địa chỉ cũ vẫn dẫn đến trang hồ sơ.",
        _STR,
    ),
    _col("url", "Địa chỉ trang hồ sơ.", _URI),
    _col("name", "Tên cá nhân hoặc tập thể.", _STR),
    _col("kind", "Loại: individual (cá nhân) hoặc collective (tập thể).", _STR),
    _col("kind_label", "Loại, bằng tiếng Việt.", _STR),
    _col("subject", "Đối tượng (khóa trong danh mục đối tượng).", _STR),
    _col("subject_label", "Đối tượng, bằng tiếng Việt.", _STR),
    _col("role", "Chức vụ, nghề nghiệp (có thể trống).", _OPT),
    _col("unit", "Cơ quan, đơn vị, tổ chức (có thể trống).", _OPT),
    _col("field", "Lĩnh vực (khóa trong danh mục lĩnh vực).", _STR),
    _col("field_label", "Lĩnh vực, bằng tiếng Việt.", _STR),
    _col("commune", "Xã, phường (khóa trong danh mục xã, phường).", _STR),
    _col("commune_label", "Tên xã, phường.", _STR),
    _col("party_committee", "Đảng ủy trực thuộc Tỉnh ủy nơi đăng ký (khóa).", _STR),
    _col("party_committee_label", "Tên đảng ủy trực thuộc Tỉnh ủy nơi đăng ký.", _STR),
    _col("period", "Giai đoạn: 2025-2028 hoặc 2028-2030.", _STR),
    Column(
        "regions",
        "Vùng (khóa): highland, border, ethnic-minority. CSV: các khóa cách nhau bằng “ | ”.",
        _STRS,
        lambda j: _joined(j["regions"]),
    ),
    Column(
        "region_labels",
        "Vùng, bằng tiếng Việt: vùng cao, biên giới, vùng đồng bào dân tộc thiểu số.",
        _STRS,
        lambda j: _joined(j["region_labels"]),
    ),
    _col("ethnicity", "Dân tộc (chỉ khi được đồng ý công bố; có thể trống).", _OPT),
    _col("highest_level", "Cấp công nhận cao nhất: grassroots hoặc provincial.", _STR),
    _col("highest_level_label", "Cấp công nhận cao nhất, bằng tiếng Việt.", _STR),
    _col(
        "first_recognized",
        "Ngày công nhận đầu tiên (năm-tháng-ngày; trong Excel là ô ngày).",
        _DATE,
    ),
    _col(
        "latest_recognized",
        "Ngày công nhận gần nhất (năm-tháng-ngày; trong Excel là ô ngày).",
        _DATE,
    ),
    _col("provincial_decision", "Số quyết định công nhận cấp tỉnh (trống nếu chưa có).", _OPT),
    _col(
        "provincial_date",
        "Ngày công nhận cấp tỉnh (trống nếu chưa có; trong Excel là ô ngày).",
        _OPT_DATE,
    ),
    _col("summary", "Tóm tắt một đến hai câu.", _STR),
    Column(
        "achievements",
        "Thành tích tiêu biểu. CSV: cách nhau bằng “ | ”.",
        _STRS,
        lambda j: _joined(j["achievements"]),
    ),
    Column(
        "recognitions",
        "Các lần công nhận, ghi danh: cấp, số quyết định, ngày, cơ quan quyết định. "
        "CSV: mỗi lần dạng “ngày cấp số-quyết-định (cơ quan)”, cách nhau bằng “ | ”.",
        {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["level", "level_label", "decision", "date", "issued_by"],
                "properties": {
                    "level": {**_STR, "enum": ["grassroots", "provincial"]},
                    "level_label": _STR,
                    "decision": {**_STR, "description": "Số quyết định, như trên văn bản."},
                    "date": _DATE,
                    "issued_by": {**_STR, "description": "Cơ quan ra quyết định."},
                },
            },
        },
        lambda j: _joined([_recognition_text(r) for r in j["recognitions"]]),
    ),
    Column(
        "awards",
        "Khen thưởng: hình thức, cơ quan, số quyết định, ngày. "
        "CSV: mỗi khen thưởng dạng “ngày hình-thức (cơ quan, số quyết định)”, cách nhau bằng “ | ”.",
        {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "issued_by", "decision", "date"],
                "properties": {
                    "title": _STR,
                    "issued_by": _STR,
                    "decision": _OPT,
                    "date": _DATE,
                },
            },
        },
        lambda j: _joined([_award_text(a) for a in j["awards"]]),
    ),
    Column(
        "portrait",
        "Ảnh chân dung (ảnh đầu tiên) ở kích thước lớn nhất được đăng; null nếu không có ảnh.",
        {"oneOf": [{"type": "null"}, _PHOTO_SCHEMA]},
    ),
    Column("portrait_url", "Địa chỉ ảnh chân dung (trống nếu không có).", None, _portrait("url")),
    Column("portrait_credit", "Nguồn ảnh chân dung.", None, _portrait("credit")),
    Column("portrait_alt", "Mô tả ảnh chân dung.", None, _portrait("alt")),
    Column(
        "photos",
        "Mọi ảnh đã đăng, ảnh chân dung trước, mỗi ảnh có nguồn (credit).",
        {"type": "array", "items": _PHOTO_SCHEMA},
    ),
    Column(
        "photo_urls",
        "Địa chỉ mọi ảnh, cách nhau bằng “ | ”.",
        None,
        lambda j: _joined([p["url"] for p in j["photos"]]),
    ),
    Column(
        "photo_credits",
        "Nguồn của từng ảnh, cùng thứ tự với photo_urls.",
        None,
        lambda j: _joined([p["credit"] for p in j["photos"]]),
    ),
    Column(
        "media",
        "Tin, bài báo chí đã đăng về điển hình. "
        "CSV: mỗi tin, bài dạng “ngày cơ quan báo chí: tiêu đề <địa chỉ>”, cách nhau bằng “ | ”.",
        {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "outlet", "url", "date", "type", "type_label"],
                "properties": {
                    "title": _STR,
                    "outlet": _STR,
                    "url": _URI,
                    "date": _DATE,
                    "type": _STR,
                    "type_label": _STR,
                },
            },
        },
        lambda j: _joined([_media_text(m) for m in j["media"]]),
    ),
    _col(
        "story",
        "Câu chuyện về điển hình, dạng văn bản thường như trên trang hồ sơ (các đoạn cách nhau "
        "một dòng trống). Chỉ có trong JSON.",
        _STR,
        csv=False,
    ),
    Column(
        "sample",
        "true nếu là dữ liệu mẫu hư cấu (không phải người, tập thể có thật).",
        {"type": "boolean"},
        lambda j: "true" if j["sample"] else "false",
    ),
    # Last, so that adding it moved no column of the files people already script against.
    Column(
        "aliases",
        "Mã cũ của hồ sơ, nếu hồ sơ đã đổi mã: để nối với dữ liệu tải về trước đó. CSV: cách "
        "nhau bằng “ | ”.",
        _STRS,
        lambda j: _joined(j["aliases"]),
    ),
]

CSV_COLUMNS = [c for c in COLUMNS if c.in_csv]


def csv_row(item: dict[str, Any]) -> list[Any]:
    """The flat row of one record, in `CSV_COLUMNS` order, from its JSON form."""
    return [c.flat(item) for c in CSV_COLUMNS]  # type: ignore[misc]


_DATE_COLUMNS = {
    i for i, c in enumerate(CSV_COLUMNS) if c.schema and c.schema.get("format") == "date"
}
_SAMPLE_COLUMN = next(i for i, c in enumerate(CSV_COLUMNS) if c.name == "sample")


def xlsx_row(item: dict[str, Any]) -> list[Any]:
    """The row of one record in the workbook: the CSV row, with real dates (Excel sorts,
    filters and groups them as dates) and `sample` as TRUE or FALSE."""
    row = csv_row(item)
    for i in _DATE_COLUMNS:
        row[i] = date.fromisoformat(row[i]) if row[i] else None
    row[_SAMPLE_COLUMN] = bool(item["sample"])
    return row


# The export as a whole ----------------------------------------------------------------------------


def file_urls() -> dict[str, str]:
    """Site-relative URLs of the open-data files, by format."""
    return {
        "json": f"{FOLDER}/{BASENAME}.json",
        "csv": f"{FOLDER}/{BASENAME}.csv",
        "xlsx": f"{FOLDER}/{BASENAME}.xlsx",
        "schema": f"{FOLDER}/{SCHEMA_FILE}",
    }


def document(data: OpenData, site_name: str) -> dict[str, Any]:
    """The whole JSON export: what it is, its licence and date, then every public record."""
    items = [record_json(r, data) for r in data.catalog.records]
    return {
        "$schema": data.url(file_urls()["schema"]),
        "title": f"{site_name}: dữ liệu mở",
        "source": data.url(""),
        "license": {
            "name": LICENCE.name,
            "url": LICENCE.url,
            "statement": LICENCE.statement(site_name),
        },
        "last_updated": data.updated.date().isoformat(),
        "count": len(items),
        "sample_count": sum(1 for i in items if i["sample"]),
        "exemplars": items,
    }


def json_schema(data: OpenData) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of exemplars.json, built from `COLUMNS`."""
    record = {
        "type": "object",
        "additionalProperties": False,
        "required": [c.name for c in COLUMNS if c.in_json],
        "properties": {
            c.name: {**(c.schema or {}), "description": c.description} for c in COLUMNS if c.in_json
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": data.url(file_urls()["schema"]),
        "title": "Dữ liệu mở: điển hình tiên tiến tỉnh Lào Cai",
        "description": (
            "Mọi điển hình đang được công nhận, ghi danh (không gồm hồ sơ đã đưa ra khỏi danh "
            "sách). Khóa tiếng Anh, cố định; giá trị tiếng Việt."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": [
            "$schema",
            "title",
            "source",
            "license",
            "last_updated",
            "count",
            "sample_count",
            "exemplars",
        ],
        "properties": {
            "$schema": _URI,
            "title": _STR,
            "source": {**_URI, "description": "Địa chỉ trang ghi danh."},
            "license": {
                "type": "object",
                "required": ["name", "url", "statement"],
                "properties": {"name": _STR, "url": _URI, "statement": _STR},
            },
            "last_updated": {**_DATE, "description": "Ngày dữ liệu được cập nhật lần cuối."},
            "count": {"type": "integer", "description": "Số điển hình."},
            "sample_count": {
                "type": "integer",
                "description": (
                    "Bao nhiêu điển hình trong số đó là dữ liệu mẫu, hư cấu (sample = true); "
                    "0 khi mọi hồ sơ là thật."
                ),
            },
            "exemplars": {"type": "array", "items": {"$ref": "#/$defs/exemplar"}},
        },
        "$defs": {"exemplar": record},
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write(data: OpenData, site_dir: Path, site_name: str) -> list[Path]:
    """Write exemplars.json, .csv, .xlsx and the schema into `site_dir/du-lieu-mo/`."""
    urls = file_urls()
    doc = document(data, site_name)
    items = doc["exemplars"]
    written = []
    json_path = site_dir / urls["json"]
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(_dumps(doc), encoding="utf-8")
    written.append(json_path)
    schema_path = site_dir / urls["schema"]
    schema_path.write_text(_dumps(json_schema(data)), encoding="utf-8")
    written.append(schema_path)
    header = [c.name for c in CSV_COLUMNS]
    written.append(write_csv(site_dir / urls["csv"], header, [csv_row(i) for i in items]))
    sheets = [
        Sheet(
            data.vocab.kinds.label(kind).capitalize(),
            header,
            [xlsx_row(i) for i in items if i["kind"] == kind],
            widths={header.index("name"): 28, header.index("summary"): 60},
        )
        for kind in data.vocab.kinds.terms
    ]
    sheets.append(
        Sheet(
            "Giới thiệu",
            ["Cột", "Ý nghĩa"],
            [(c.name, c.description) for c in CSV_COLUMNS],
            preamble=[
                doc["title"],
                f"Nguồn: {doc['source']}",
                f"Cập nhật: {doc['last_updated']} · {len(items)} điển hình",
                *(
                    [f"Trong đó {doc['sample_count']} hồ sơ (cột sample = true). {SAMPLE_NOTICE}"]
                    if doc["sample_count"]
                    else []
                ),
                f"Giấy phép: {LICENCE.name} ({LICENCE.url})",
                LICENCE.statement(site_name),
            ],
            widths={0: 24, 1: 90},
            wrap=True,
        )
    )
    written.append(write_xlsx(site_dir / urls["xlsx"], sheets, data.updated, doc["title"]))
    return written
