"""Records: finding record files under `exemplars/`, reading them, and the typed `Record`.

Reading happens in two steps. `scan()` finds every `exemplars/<slug>/index.md` and reads it into a
`RecordFile` (raw front matter, the line of every key, the story), reporting anything in the
folder that is not where a record belongs. After validation (see `validation.py`) a clean file
becomes a `Record`, whose fields have the types the rest of the generator relies on.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .frontmatter import parse_record_text
from .parallel import split_map
from .problems import KeyPath, Problem, Severity, format_key
from .vietnamese import slugify

if TYPE_CHECKING:
    from .recordcache import RecordCache

RECORD_FILE = "index.md"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Files an editor may leave in exemplars/ itself; everything else there must be a record folder.
ALLOWED_TOP_LEVEL = {"README.md"}


@dataclass
class RecordFile:
    """One `index.md` as read from disk, before validation."""

    slug: str
    rel: str  # repository-relative path, e.g. "exemplars/nguyen-thi-mai/index.md"
    folder: Path
    data: dict[str, Any] | None
    lines: dict[KeyPath, int]
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)
    key: str = ""  # what it was read from, for `recordcache.RecordCache` ("": not kept)

    def line(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest parent that has one (a missing key)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 2)

    def problem(
        self,
        path: KeyPath,
        message: str,
        *,
        line: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        where = line if line is not None else self.line(path)
        return Problem(self.rel, where, format_key(path), message, severity)


def photo_file(folder: Path, name: str) -> Path:
    """The file a photo entry names. A name typed in a record is NFC, but a photo uploaded from a
    Mac may be named in decomposed Unicode (NFD): the same name to the eye, another to the disk.
    The file whose name reads the same is taken when there is exactly one."""
    path = folder / name
    if path.exists():
        return path
    wanted = unicodedata.normalize("NFC", path.name)
    try:
        same = [f for f in path.parent.iterdir() if unicodedata.normalize("NFC", f.name) == wanted]
    except OSError:
        return path
    return same[0] if len(same) == 1 else path


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def scan(
    records_dir: Path, root: Path, known: RecordCache | None = None
) -> tuple[list[RecordFile], list[Problem]]:
    """Read every record folder. Nothing under `records_dir` is skipped without a word.

    `known`: records read by an earlier build, by content (recordcache.py)."""
    problems: list[Problem] = []
    files: list[RecordFile] = []
    indexes: list[Path] = []
    if not records_dir.is_dir():
        problems.append(Problem(relative(records_dir, root), 0, "", "không thấy thư mục hồ sơ"))
        return files, problems
    for entry in sorted(records_dir.iterdir()):
        rel = relative(entry, root)
        if entry.name.startswith("."):
            # .gitkeep and editors' own hidden files; but a record hidden by its folder's name
            # would be dropped without a word.
            if entry.is_dir() and not entry.is_symlink() and (entry / RECORD_FILE).is_file():
                problems.append(
                    Problem(
                        rel,
                        0,
                        "",
                        (
                            "tên thư mục bắt đầu bằng dấu chấm nên hồ sơ bị bỏ qua (thư mục ẩn); "
                            f"hãy đổi tên thành '{entry.name.lstrip('.')}'"
                        ),
                    )
                )
            continue
        if entry.is_symlink():
            problems.append(
                Problem(
                    rel,
                    0,
                    "",
                    ("là một liên kết (symlink); hồ sơ phải là một thư mục thật trong exemplars/"),
                )
            )
            continue
        if not entry.is_dir():
            if entry.name in ALLOWED_TOP_LEVEL:
                continue
            problems.append(
                Problem(
                    rel,
                    0,
                    "",
                    (
                        "tệp đặt sai chỗ: mỗi hồ sơ là một thư mục exemplars/<slug>/ chứa index.md và ảnh; "
                        "hãy chuyển tệp này vào thư mục của hồ sơ hoặc xóa đi"
                    ),
                )
            )
            continue
        index = entry / RECORD_FILE
        if not index.is_file() or index.is_symlink():
            problems.append(Problem(rel, 0, "", _no_index(entry)))
            continue
        for stray in _markdown_files(entry):
            if stray != index:
                problems.append(
                    Problem(
                        relative(stray, root),
                        0,
                        "",
                        (
                            f"hồ sơ đặt sai chỗ: mỗi thư mục chỉ có một tệp {RECORD_FILE} ở ngay trong "
                            f"thư mục; hãy chuyển nội dung này thành một hồ sơ exemplars/<slug>/{RECORD_FILE}"
                        ),
                    )
                )
        indexes.append(index)
    files = _read_all(indexes, root, known)
    return files, problems


def _not_text(raw: bytes) -> str | None:
    """Why a file that is no plain UTF-8 text cannot be read, when its first bytes tell."""
    save_as = "hãy mở bằng Notepad rồi lưu lại (Save As) với Encoding: UTF-8"
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "đây là tệp Word (hoặc tệp nén) được đặt tên index.md; hãy chép nội dung vào một tệp "
            "văn bản thuần (Notepad, hoặc sửa ngay trên GitHub) rồi lưu với mã UTF-8"
        )
    if raw.startswith(b"{\\rtf"):
        return f"đây là tệp RTF (WordPad) được đặt tên index.md; {save_as}"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        return f"tệp được lưu với mã UTF-16 (Notepad gọi là 'Unicode'); {save_as}"
    return None


def _no_index(folder: Path) -> str:
    """Why a record folder is not read, naming the file that was probably meant to be its
    index.md ("Index.md", "index.md.txt" from Notepad, "nguyen-thi-mai.md")."""
    found = "; hãy thêm tệp đó hoặc xóa thư mục"
    if not (folder / RECORD_FILE).is_symlink():
        meant = sorted(
            f.name
            for f in folder.iterdir()
            if f.is_file() and (f.name.lower().startswith("index") or f.suffix.lower() == ".md")
        )
        if meant:
            found = (
                f"; có phải tệp '{meant[0]}'? Hãy đổi tên tệp đó thành {RECORD_FILE} (chữ thường)"
            )
    return f"thư mục không có tệp {RECORD_FILE}: mỗi hồ sơ cần đúng một tệp {RECORD_FILE}{found}"


def _read_all(indexes: list[Path], root: Path, known: RecordCache | None) -> list[RecordFile]:
    """Every record file read, those an earlier build read from the same bytes taken from
    `known`, the others on two cores."""
    if known is None:
        return split_map(functools.partial(read_record_file, root=root), indexes)
    files: list[RecordFile | None] = []
    keys: list[str] = []
    for index in indexes:
        rel = relative(index, root)
        try:
            key = known.key(rel, index.read_bytes())
        except OSError:
            key = ""  # read_record_file says why
        found = known.get(key) if key else None
        keys.append(key)
        files.append(dataclasses.replace(found[0], folder=index.parent) if found else None)
    missing = [i for i, rf in enumerate(files) if rf is None]
    read = split_map(functools.partial(read_record_file, root=root), [indexes[i] for i in missing])
    for i, rf in zip(missing, read, strict=True):
        rf.key = keys[i]
        files[i] = rf
    return files  # type: ignore[return-value]


def _markdown_files(folder: Path) -> list[Path]:
    """Every *.md file under `folder`, sorted (what `sorted(folder.rglob("*.md"))` gives, at a
    fraction of its cost: this runs for every record on every build)."""
    found = []
    for path, dirs, names in os.walk(folder):
        dirs.sort()
        found += [Path(path, n) for n in names if n.endswith(".md")]
    return sorted(found)


def read_record_file(index: Path, root: Path) -> RecordFile:
    rel = relative(index, root)
    slug = index.parent.name
    try:
        raw = index.read_bytes()
    except OSError as exc:
        return _unreadable(slug, rel, index, f"không đọc được tệp ({exc.strerror})")
    not_text = _not_text(raw)
    if not_text:
        return _unreadable(slug, rel, index, not_text)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _unreadable(
            slug,
            rel,
            index,
            (
                "tệp không phải mã UTF-8 (có lẽ được lưu bằng bảng mã cũ như TCVN3 hoặc Windows-1258); "
                "hãy lưu lại tệp với bảng mã UTF-8"
            ),
            line,
        )
    parsed = parse_record_text(text)
    record = RecordFile(
        slug, rel, index.parent, parsed.data, parsed.lines, parsed.body, parsed.body_line
    )
    record.problems = [
        record.problem(p.key, p.message, line=p.line, severity=p.severity) for p in parsed.problems
    ]
    if not SLUG_PATTERN.match(slug):
        record.problems.append(
            Problem(
                rel,
                0,
                "slug",
                (
                    f"tên thư mục '{slug}' không dùng được làm địa chỉ trang; cần chữ thường không dấu, "
                    f"số và dấu gạch ngang, ví dụ '{slugify(slug) or 'nguyen-thi-mai-bat-xat'}'"
                ),
            )
        )
    return record


def _unreadable(slug: str, rel: str, index: Path, message: str, line: int = 0) -> RecordFile:
    return RecordFile(slug, rel, index.parent, None, {}, "", 1, [Problem(rel, line, "", message)])


def as_date(value: Any) -> date:
    """A validated date value: YAML gives `date`, a quoted ISO string is accepted too."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True)
class Recognition:
    level: str
    decision: str
    date: date
    issued_by: str


@dataclass(frozen=True)
class Award:
    title: str
    issued_by: str
    date: date
    decision: str | None = None


@dataclass(frozen=True)
class Photo:
    file: str
    alt: str
    credit: str
    caption: str | None
    path: Path  # absolute path of the original, inside the record's folder


@dataclass(frozen=True)
class MediaItem:
    title: str
    outlet: str
    url: str
    date: date
    type: str


@dataclass
class Record:
    """A validated exemplar record, with the types the site is built from."""

    slug: str
    source: str
    name: str
    kind: str
    subject: str
    field: str
    commune: str
    party_committee: str
    period: str
    status: str
    recognitions: list[Recognition]
    summary: str
    achievements: list[str]
    story: str
    role: str | None = None
    unit: str | None = None
    awards: list[Award] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    ethnicity: str | None = None
    photos: list[Photo] = field(default_factory=list)
    consent_photos: bool = False
    media: list[MediaItem] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    sample: bool = False

    @classmethod
    def from_file(cls, rf: RecordFile) -> Record:
        d = rf.data or {}
        return cls(
            slug=rf.slug,
            source=rf.rel,
            name=d["name"],
            kind=d["kind"],
            subject=d["subject"],
            field=d["field"],
            commune=d["commune"],
            party_committee=d["party_committee"],
            period=d["period"],
            status=d["status"],
            recognitions=sorted(
                (
                    Recognition(r["level"], r["decision"], as_date(r["date"]), r["issued_by"])
                    for r in d["recognitions"]
                ),
                key=lambda r: r.date,
            ),
            summary=d["summary"].strip(),
            achievements=list(d["achievements"]),
            story=rf.body,
            role=d.get("role"),
            unit=d.get("unit"),
            awards=[
                Award(a["title"], a["issued_by"], as_date(a["date"]), a.get("decision"))
                for a in d.get("awards") or []
            ],
            regions=list(d.get("regions") or []),
            ethnicity=d.get("ethnicity"),
            photos=[
                Photo(
                    p["file"],
                    p["alt"],
                    p["credit"],
                    p.get("caption"),
                    photo_file(rf.folder, p["file"]),
                )
                for p in d.get("photos") or []
            ],
            consent_photos=bool((d.get("consent") or {}).get("photos")),
            media=[
                MediaItem(m["title"], m["outlet"], m["url"], as_date(m["date"]), m["type"])
                for m in d.get("media") or []
            ],
            aliases=list(d.get("aliases") or []),
            sample=bool(d.get("sample")),
        )

    @property
    def is_public(self) -> bool:
        return self.status == "recognized"

    @property
    def is_individual(self) -> bool:
        return self.kind == "individual"

    @property
    def highest_level(self) -> str:
        return (
            "provincial"
            if any(r.level == "provincial" for r in self.recognitions)
            else "grassroots"
        )

    @property
    def latest_recognition(self) -> Recognition:
        return self.recognitions[-1]

    @property
    def years(self) -> list[int]:
        return sorted({r.date.year for r in self.recognitions})

    @property
    def portrait(self) -> Photo | None:
        return self.photos[0] if self.photos else None
