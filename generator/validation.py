"""Validation: every rule a record must meet before it is published.

Three layers, all reported together so that an editor sees every problem in one run:

1. reading (`records.scan`): files in the wrong place, YAML syntax, duplicate keys, bad dates;
2. the JSON Schema (`schema.SchemaChecker`): keys, types, vocabularies;
3. the rules below, from the plan (Kế hoạch, mục IV.3) and from publishing: recognition dates,
   the provincial quota, photos and consent, unique slugs and aliases.

Rules read the raw front matter defensively, so they still run on a record whose other keys have
schema errors. Nothing here prints or exits.
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import images
from .parallel import split_map
from .problems import Problem, Severity, has_errors, sort_problems
from .records import SLUG_PATTERN, Record, RecordFile, as_date, photo_file
from .schema import SchemaChecker
from .textcheck import TextPolicy, check_text
from .vietnamese import fold, format_date
from .vocabularies import Vocabularies

if TYPE_CHECKING:
    from .recordcache import RecordCache

PROVINCIAL_FROM_YEAR = 2026  # mục IV.3.3: "Từ năm 2026 … công nhận, ghi danh" cấp tỉnh
PROVINCIAL_QUOTA = 2  # mục IV.3.3: "tối đa 02 tập thể hoặc cá nhân" per committee per year
# Slugs that would collide with pages of the site's own (pagination lives at /ghi-danh/trang/2/).
RESERVED_SLUGS = {"trang"}


@dataclass
class Validation:
    records: list[Record]  # every file without errors, withdrawn ones included
    problems: list[Problem]
    images: dict[Path, images.ImageInfo] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def validate(
    files: list[RecordFile],
    vocabularies: Vocabularies,
    checker: SchemaChecker,
    today: date,
    policy: TextPolicy | None = None,
    cache: images.PhotoCache | None = None,
    known: RecordCache | None = None,
) -> Validation:
    """Check every record; photos are inspected through `cache` (once per distinct photo).

    `known`: the problems each record had on its own when an earlier build checked the same
    bytes against the same rules (recordcache.py); rules across records always run."""
    problems: list[Problem] = []
    image_infos: dict[Path, images.ImageInfo] = {}
    # Photos are located first and inspected together, so that the slow part (decoding photos
    # not seen before) runs in parallel and the cache serves the rest.
    located = {rf.rel: _locate_photos(rf) for rf in files if rf.data is not None}
    paths = [path for found in located.values() for _, path, _ in found if path is not None]
    inspected = (
        cache.inspect_all(paths) if cache is not None else {p: images.inspect(p) for p in paths}
    )
    own = functools.partial(
        _own_problems,
        checker=checker,
        vocabularies=vocabularies,
        today=today,
        policy=policy or TextPolicy(),
    )
    for rf, found in zip(files, _own_all(own, files, known), strict=True):
        problems += found
        if rf.data is not None:
            problems += _check_photos(rf, located[rf.rel], inspected, image_infos)
    problems += _check_slugs(files)
    problems += _check_quota(files, vocabularies)
    problems += _check_copies(files, located, inspected)
    problems += _check_decision_dates(files)
    problems += _check_folder_contents(files, located)
    problems = sort_problems(problems)
    failing = {p.file for p in problems if p.is_error}
    records = [Record.from_file(rf) for rf in files if rf.rel not in failing and rf.data]
    return Validation(records, problems, image_infos)


def _own_all(
    own: Callable[[RecordFile], list[Problem]],
    files: list[RecordFile],
    known: RecordCache | None,
) -> list[list[Problem]]:
    """`own` of every file, on two cores, or from `known` for those an earlier build checked."""
    if known is None:
        return split_map(own, files)
    found: list[list[Problem] | None] = []
    for rf in files:
        kept = known.get(rf.key) if rf.key else None
        found.append(kept[1] if kept else None)
    missing = [i for i, problems in enumerate(found) if problems is None]
    for i, problems in zip(missing, split_map(own, [files[i] for i in missing]), strict=True):
        found[i] = problems
        if files[i].key:
            known.put(files[i].key, files[i], problems)
    return found  # type: ignore[return-value]


def _own_problems(
    rf: RecordFile,
    checker: SchemaChecker,
    vocabularies: Vocabularies,
    today: date,
    policy: TextPolicy,
) -> list[Problem]:
    """What is wrong with one record on its own (no photos, no other record): pure, so that
    `split_map` can share the records between two cores."""
    problems = list(rf.problems)
    if rf.data is None:
        return problems
    # What the reader already reported (an impossible date, an alias) is not repeated by
    # the schema, which only sees what was left in its place.
    reported = {p.key for p in rf.problems if p.is_error}
    problems += [p for p in checker.check(rf) if p.key not in reported]
    problems += _check_subject(rf, vocabularies)
    problems += _check_recognitions(rf, vocabularies, today)
    problems += _check_other_dates(rf, today)
    problems += _check_ethnicity_consent(rf)
    problems += _check_committee(rf, vocabularies)
    problems += _check_story(rf)
    problems += check_text(rf, policy)
    return problems


def _check_committee(rf: RecordFile, vocabularies: Vocabularies) -> list[Problem]:
    """A commune's own party committee registers that commune's exemplars: another commune is
    more often a slip in one of the two keys than a person working away from home."""
    committee = vocabularies.party_committees.get(rf.data.get("party_committee"))
    commune = rf.data.get("commune")
    own = committee.get("commune") if committee is not None else None
    if (
        not own
        or not isinstance(commune, str)
        or commune == own
        or commune not in (t.key for t in vocabularies.communes)
    ):
        return []
    return [
        rf.problem(
            ("party_committee",),
            (
                f"{committee.label} là đảng ủy của {_lower_first(vocabularies.communes.label(own))}, "
                f"còn hồ sơ ghi ở {_lower_first(vocabularies.communes.label(commune))} (khóa "
                "commune); hãy kiểm tra lại một trong hai khóa"
            ),
            severity=Severity.WARNING,
        )
    ]


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]  # "Xã Bát Xát" inside a sentence


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def _check_story(rf: RecordFile) -> list[Problem]:
    """A record published without its story (empty, or only the template's comment)."""
    if _HTML_COMMENT.sub("", rf.body).strip():
        return []
    return [
        Problem(
            rf.rel,
            rf.body_line,
            "câu chuyện",
            (
                "chưa có câu chuyện: sau dòng '---' đóng phần thông tin, hãy viết vài đoạn về điển "
                "hình (việc đã làm, cách làm, kết quả), như một bài giới thiệu trên báo"
            ),
            Severity.WARNING,
        )
    ]


# Defensive accessors: the schema reports wrong shapes, rules just skip what they cannot read.


def _items(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _date(value: Any) -> date | None:
    try:
        return as_date(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _check_subject(rf: RecordFile, vocabularies: Vocabularies) -> list[Problem]:
    kind, subject = rf.data.get("kind"), rf.data.get("subject")
    if kind not in vocabularies.kinds or subject not in vocabularies.subjects:
        return []
    subject_kind = vocabularies.subjects[subject].get("kind")
    if subject_kind == kind:
        return []
    fitting = ", ".join(t.key for t in vocabularies.subjects if t.get("kind") == kind)
    return [
        rf.problem(
            ("subject",),
            (
                f"đối tượng '{subject}' ({vocabularies.subjects.label(subject)}) dành cho "
                f"{vocabularies.kinds.label(subject_kind).lower()}, nhưng hồ sơ là "
                f"{vocabularies.kinds.label(kind).lower()} (kind: {kind}); chọn một trong: {fitting}"
            ),
        )
    ]


def _check_recognitions(rf: RecordFile, vocabularies: Vocabularies, today: date) -> list[Problem]:
    problems: list[Problem] = []
    period = vocabularies.periods.get(rf.data.get("period"))
    dated = [(i, r, _date(r.get("date"))) for i, r in _items(rf.data, "recognitions")]
    for i, recognition, when in dated:
        if when is None:
            continue
        path = ("recognitions", i, "date")
        if when > today:
            problems.append(
                rf.problem(
                    path,
                    (
                        f"ngày công nhận {format_date(when)} ở tương lai (hôm nay là {format_date(today)}); "
                        "chỉ ghi các quyết định đã ký"
                    ),
                )
            )
        if period is not None:
            start, end = _date(period.get("start")), _date(period.get("end"))
            if start and end and not start <= when <= end:
                problems.append(
                    rf.problem(
                        path,
                        (
                            f"ngày công nhận {format_date(when)} nằm ngoài {period.label.lower()} của hồ sơ "
                            f"({format_date(start)} đến {format_date(end)}); hãy sửa ngày hoặc khóa 'period'"
                        ),
                    )
                )
        if recognition.get("level") != "provincial":
            continue
        if when.year < PROVINCIAL_FROM_YEAR:
            problems.append(
                rf.problem(
                    path,
                    (
                        f"công nhận cấp tỉnh chỉ có từ năm {PROVINCIAL_FROM_YEAR} (mục IV.3.3 của Kế hoạch), "
                        f"nhưng ngày là {format_date(when)}; nếu đây là công nhận cấp cơ sở, hãy ghi "
                        "level: grassroots"
                    ),
                )
            )
        grassroots = [d for _, r, d in dated if r.get("level") == "grassroots"]
        earlier = [d for d in grassroots if d and d < when]
        # An unreadable grassroots date is reported on its own; guessing here would add a
        # second, misleading error.
        if not earlier and None not in grassroots:
            problems.append(
                rf.problem(
                    ("recognitions", i, "level"),
                    (
                        "công nhận cấp tỉnh cần có một lần công nhận cấp cơ sở trước đó trong cùng hồ sơ "
                        f"(trước ngày {format_date(when)}); hãy thêm lần công nhận cấp cơ sở vào "
                        "recognitions"
                    ),
                )
            )
    return problems


def _check_other_dates(rf: RecordFile, today: date) -> list[Problem]:
    problems = []
    for key, what in (("awards", "khen thưởng"), ("media", "đăng tin, bài")):
        for i, item in _items(rf.data, key):
            when = _date(item.get("date"))
            if when and when > today:
                problems.append(
                    rf.problem(
                        (key, i, "date"),
                        (
                            f"ngày {what} {format_date(when)} ở tương lai (hôm nay là {format_date(today)})"
                        ),
                    )
                )
    return problems


def _photo_path(rf: RecordFile, name: str) -> tuple[Path | None, str | None]:
    """Resolve a photo's `file:` inside the record's folder, or say why it cannot be."""
    folder = f"exemplars/{rf.slug}/"
    inside = (
        f"ảnh phải là một tệp nằm trong thư mục của hồ sơ ({folder}), ví dụ file: chan-dung.jpg"
    )
    if "\\" in name or "%" in name or ":" in name:
        return None, f"tên tệp '{name}' có ký tự không được phép ('\\', '%' hoặc ':'); {inside}"
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts:
        return None, f"'{name}' trỏ ra ngoài thư mục của hồ sơ; {inside}"
    path = photo_file(rf.folder, name)
    try:
        # os.path on strings: pathlib's resolve() costs three times as much, for every photo.
        resolved = os.path.realpath(path)
        folder_resolved = os.path.realpath(rf.folder)
    except OSError:
        return None, f"không đọc được đường dẫn '{name}'; {inside}"
    if resolved != folder_resolved and not resolved.startswith(folder_resolved + os.sep):
        return None, f"'{name}' là liên kết trỏ ra ngoài thư mục của hồ sơ; {inside}"
    if not path.is_file():
        present = sorted(
            p.name for p in rf.folder.iterdir() if p.is_file() and p.name != "index.md"
        )
        listing = (
            f"; trong thư mục có: {', '.join(present)}" if present else "; thư mục chưa có ảnh nào"
        )
        return None, f"không tìm thấy tệp ảnh '{name}' trong {folder}{listing}"
    return path, None


def _locate_photos(rf: RecordFile) -> list[tuple[int, Path | None, str | None]]:
    """Each photo entry's index and file, or the reason it cannot be found."""
    found: list[tuple[int, Path | None, str | None]] = []
    for i, photo in _items(rf.data, "photos"):
        name = photo.get("file")
        if isinstance(name, str) and name:  # else the schema reports it
            path, message = _photo_path(rf, name)
            found.append((i, path if message is None else None, message))
    return found


def _check_photos(
    rf: RecordFile,
    located: list[tuple[int, Path | None, str | None]],
    inspected: dict[Path, tuple[images.ImageInfo | None, str | None]],
    infos: dict[Path, images.ImageInfo],
) -> list[Problem]:
    problems: list[Problem] = []
    photos = list(_items(rf.data, "photos"))
    for i, photo_path, message in located:
        if photo_path is not None:
            info, message = inspected[photo_path]
            if info is not None:
                infos[photo_path] = info
                if info.private:
                    problems.append(
                        rf.problem(
                            ("photos", i, "file"),
                            (
                                f"ảnh gốc '{photo_path.name}' có {', '.join(info.private)}; trang chỉ đăng "
                                "bản đã xóa các thông tin này, nhưng ảnh gốc nằm trong kho: hãy chạy "
                                "'make clean-photos' (hoặc .venv/bin/python -m generator clean-photos) "
                                "để xóa chúng khỏi ảnh gốc"
                            ),
                            severity=Severity.WARNING,
                        )
                    )
        if message is not None:
            problems.append(rf.problem(("photos", i, "file"), message))
    if photos and rf.data.get("kind") == "individual":
        consent = rf.data.get("consent")
        given = consent.get("photos") if isinstance(consent, dict) else None
        if given is not True:
            path = ("consent", "photos") if isinstance(consent, dict) else ("consent",)
            problems.append(
                rf.problem(
                    path if ("consent",) in rf.lines else ("photos",),
                    (
                        "cá nhân có ảnh cần có sự đồng ý đăng ảnh: thêm 'consent:' với 'photos: true' khi đã "
                        "có sự đồng ý của người trong ảnh, hoặc bỏ ảnh khỏi hồ sơ"
                    ),
                )
            )
    return problems


def _check_ethnicity_consent(rf: RecordFile) -> list[Problem]:
    """Ethnicity is sensitive personal data (Nghị định 13/2023/NĐ-CP): published for a person only
    with their consent, recorded as consent.ethnicity: true."""
    if rf.data.get("kind") != "individual" or rf.data.get("ethnicity") in (None, ""):
        return []
    consent = rf.data.get("consent")
    if isinstance(consent, dict) and consent.get("ethnicity") is True:
        return []
    return [
        rf.problem(
            ("ethnicity",),
            (
                "dân tộc là thông tin cá nhân nhạy cảm, chỉ đăng khi người được ghi danh đồng ý: thêm "
                "'ethnicity: true' vào nhóm 'consent:' khi đã có sự đồng ý bằng văn bản, hoặc bỏ khóa "
                "ethnicity"
            ),
        )
    ]


def _check_slugs(files: list[RecordFile]) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, list[tuple[RecordFile, tuple]]] = defaultdict(list)
    for rf in files:
        owners[rf.slug].append((rf, ()))
        if rf.slug in RESERVED_SLUGS:
            problems.append(
                Problem(
                    rf.rel,
                    0,
                    "slug",
                    (
                        f"'{rf.slug}' là địa chỉ dành riêng của trang; hãy đặt tên thư mục khác, ví dụ "
                        "thêm họ và tên xã"
                    ),
                )
            )
        if rf.data is None:
            continue
        aliases = rf.data.get("aliases")
        for i, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if not isinstance(alias, str) or not SLUG_PATTERN.match(alias):
                continue  # the schema reports it
            owners[alias].append((rf, ("aliases", i)))
            if alias in RESERVED_SLUGS:
                problems.append(
                    rf.problem(("aliases", i), f"'{alias}' là địa chỉ dành riêng của trang")
                )
    for slug, uses in owners.items():
        if len(uses) < 2:
            continue
        for rf, path in uses:
            others = ", ".join(sorted(o.rel for o, _ in uses if o is not rf)) or rf.rel
            if not path:
                continue  # a folder name is reported through the alias that repeats it
            problems.append(
                rf.problem(
                    path,
                    (
                        f"địa chỉ '{slug}' đã được dùng (tên thư mục hoặc địa chỉ cũ) ở {others}; mỗi "
                        "địa chỉ chỉ dẫn đến một hồ sơ"
                    ),
                )
            )
    return problems


def _check_copies(
    files: list[RecordFile],
    located: dict[str, list[tuple[int, Path | None, str | None]]],
    inspected: dict[Path, tuple[images.ImageInfo | None, str | None]],
) -> list[Problem]:
    """A record copied from another and not fully edited: the same name in the same commune
    recognized by the same decision, or the same photo. Warnings, since a person recognized again
    belongs in the first record but is not wrong to publish, and a group photo may be shared."""
    problems: list[Problem] = []
    by_person: dict[tuple[str, str, str, str], list[RecordFile]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[RecordFile]] = defaultdict(list)
    by_photo: dict[str, list[tuple[RecordFile, int]]] = defaultdict(list)
    for rf in files:
        if rf.data is None or rf.data.get("status") == "withdrawn":
            continue
        name, commune = rf.data.get("name"), rf.data.get("commune")
        decisions = {
            (str(r.get("decision")), str(r.get("issued_by")))
            for _, r in _items(rf.data, "recognitions")
        }
        if isinstance(name, str) and isinstance(commune, str):
            name = " ".join(name.split())
            # With its marks: Mai and Mại, Thu and Thư, Hùng and Hưng are different names.
            by_name[(name.casefold(), commune)].append(rf)
            for decision, issuer in decisions:
                key = (fold(name), commune, decision, fold(issuer))
                by_person[key].append(rf)
        for i, path, _ in located.get(rf.rel, []):
            info = inspected.get(path, (None, None))[0] if path is not None else None
            if info is not None:
                by_photo[info.digest].append((rf, i))
    copies: dict[str, set[str]] = defaultdict(set)
    for same in by_person.values():
        for rf in same if len(same) > 1 else []:
            copies[rf.rel].update(o.rel for o in same if o is not rf)
    for rf in files:
        if rf.rel in copies:
            others = ", ".join(sorted(copies[rf.rel]))
            problems.append(
                rf.problem(
                    ("name",),
                    (
                        f"trùng tên, xã phường và quyết định công nhận với {others}: một người hay "
                        "tập thể chỉ có một hồ sơ; hãy xóa bản sao (lần công nhận mới thì thêm vào "
                        "'recognitions:' của hồ sơ cũ)"
                    ),
                    severity=Severity.WARNING,
                )
            )
    # Recognized again by another decision and given a second record (`new` run once more):
    # said more gently, since two people of one name in one commune are possible.
    for same in by_name.values():
        for rf in same if len(same) > 1 else []:
            others = ", ".join(sorted(o.rel for o in same if o is not rf))
            if rf.rel not in copies:  # a copy has its own warning
                problems.append(
                    rf.problem(
                        ("name",),
                        (
                            f"cùng tên, cùng xã phường với {others}; nếu là cùng một người hay "
                            "tập thể, hãy giữ một hồ sơ và thêm lần công nhận này vào "
                            "'recognitions:' của nó; nếu là người trùng tên, không cần sửa gì"
                        ),
                        severity=Severity.WARNING,
                    )
                )
    for uses in by_photo.values():
        if len({rf.rel for rf, _ in uses}) < 2:
            continue
        for rf, i in uses:
            others = ", ".join(sorted({o.rel for o, _ in uses if o is not rf}))
            problems.append(
                rf.problem(
                    ("photos", i, "file"),
                    (
                        f"ảnh giống hệt ảnh của {others}; nếu hồ sơ được sao chép từ hồ sơ kia, "
                        "hãy thay bằng ảnh của đúng người, tập thể này"
                    ),
                    severity=Severity.WARNING,
                )
            )
    return problems


def _check_decision_dates(files: list[RecordFile]) -> list[Problem]:
    """One decision has one date: the same number from the same issuer with two dates is a typo
    in one of them (journalists look recognitions up by their number)."""
    dates: dict[tuple[str, str], set[date]] = defaultdict(set)
    uses: list[tuple[RecordFile, int, tuple[str, str], date]] = []
    for rf in files:
        if rf.data is None:
            continue
        for i, r in _items(rf.data, "recognitions"):
            when, decision, issuer = _date(r.get("date")), r.get("decision"), r.get("issued_by")
            if when and isinstance(decision, str) and isinstance(issuer, str):
                key = (decision.strip(), fold(" ".join(issuer.split())))
                dates[key].add(when)
                uses.append((rf, i, key, when))
    problems: list[Problem] = []
    for rf, i, key, when in uses:
        others = sorted(dates[key] - {when})
        if others:
            problems.append(
                rf.problem(
                    ("recognitions", i, "date"),
                    (
                        f'quyết định "{key[0]}" ghi ngày {format_date(when)} ở đây, nhưng ngày '
                        f"{', '.join(format_date(d) for d in others)} ở hồ sơ khác; hãy đối chiếu "
                        "với văn bản đã ký và sửa ngày sai"
                    ),
                    severity=Severity.WARNING,
                )
            )
    return problems


# A phone photo is 2-6 MB; git keeps every version of every file for ever.
LARGE_FILE = 15_000_000


def _check_folder_contents(
    files: list[RecordFile], located: dict[str, list[tuple[int, Path | None, str | None]]]
) -> list[Problem]:
    """Files in a record's folder that no photo entry names (the repository is public: a scanned
    decision may carry personal data), and photos too heavy to keep in git."""
    problems: list[Problem] = []
    for rf in files:
        if rf.data is None:
            continue
        found = located.get(rf.rel, [])
        used = {path for _, path, _ in found if path is not None}
        # A refused entry (a bad name, a link out of the folder) still names its file: that
        # entry has its own error, and the file is no stray.
        refused = {i for i, path, _ in found if path is None}
        used |= {
            photo_file(rf.folder, photo["file"])
            for i, photo in _items(rf.data, "photos")
            if i in refused and isinstance(photo.get("file"), str)
        }
        for path in sorted(_files_in(rf.folder)):
            rel = f"exemplars/{rf.slug}/{path.relative_to(rf.folder).as_posix()}"
            if path not in used:
                problems.append(
                    Problem(
                        rel,
                        0,
                        "",
                        (
                            "tệp này không được hồ sơ dùng đến (không có trong 'photos:'), mà kho hồ "
                            "sơ là công khai; nếu là ảnh của hồ sơ, hãy thêm vào 'photos:', nếu "
                            "không (quyết định, văn bản, ảnh thừa), hãy xóa khỏi thư mục"
                        ),
                        Severity.WARNING,
                    )
                )
                continue
            size = path.stat().st_size
            if size > LARGE_FILE:
                problems.append(
                    Problem(
                        rel,
                        0,
                        "",
                        (
                            f"ảnh nặng {size / 1_000_000:.0f} MB, mà kho git giữ mãi mọi phiên bản "
                            "của tệp; hãy thu nhỏ ảnh (chiều dài 2.000-4.000 điểm ảnh là đủ) "
                            "rồi thay tệp này"
                        ),
                        Severity.WARNING,
                    )
                )
    return problems


def _files_in(folder: Path) -> Iterator[Path]:
    """Every file under a record's folder but Markdown files (a stray one is reported by
    records.scan), hidden ones (.DS_Store) and symlinks (a photo entry naming one is refused).
    This runs for every record on every build: os.scandir knows each entry's type without the
    system calls pathlib's is_dir() and is_file() make (0.2 s instead of 1.0 s at 10,000)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name.lower().endswith(".md"):
                continue
            if entry.is_symlink():
                continue
            if entry.is_dir():
                yield from _files_in(Path(entry.path))
            elif entry.is_file():
                yield Path(entry.path)


def _check_quota(files: list[RecordFile], vocabularies: Vocabularies) -> list[Problem]:
    """At most two provincial recognitions per party committee per year, over all records.

    Withdrawn records count: their decisions were issued that year and used the quota.
    """
    by_committee_year: dict[tuple[str, int], list[tuple[RecordFile, int]]] = defaultdict(list)
    for rf in files:
        if rf.data is None:
            continue
        committee = rf.data.get("party_committee")
        for i, recognition in _items(rf.data, "recognitions"):
            when = _date(recognition.get("date"))
            if recognition.get("level") == "provincial" and when and isinstance(committee, str):
                by_committee_year[(committee, when.year)].append((rf, i))
    problems: list[Problem] = []
    for (committee, year), uses in sorted(by_committee_year.items()):
        slugs = sorted({rf.slug for rf, _ in uses})
        if len(slugs) <= PROVINCIAL_QUOTA:
            continue
        label = vocabularies.party_committees.label(committee)
        for rf, i in uses:
            problems.append(
                rf.problem(
                    ("recognitions", i, "level"),
                    (
                        f"{label} đã có {len(slugs)} điển hình được công nhận cấp tỉnh năm {year}, vượt "
                        f"mức tối đa {PROVINCIAL_QUOTA} mỗi năm (mục IV.3.3 của Kế hoạch): "
                        f"{', '.join(slugs)}"
                    ),
                )
            )
    return problems
