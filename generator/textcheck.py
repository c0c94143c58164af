"""Checks on the text of a record: personal data that must never be published, and spelling
that would break search and sorting.

Exemplars are real people; the site publishes only what they agreed to. Text that looks like a
national ID number, a personal phone number, a private e-mail address or a home address is
refused wherever it appears (front matter or story), with the place and what was found. Numbers
that are meant to be numbers (decision numbers, dates, web addresses, file names) are not read.

Names written with tone marks in both the old and the new placement ("Hoà" and "Thúy" in one
name) are reported as warnings: each is correct on its own, but mixed they sort and search
inconsistently.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frontmatter import parse_yaml
from .problems import KeyPath, Problem, Severity
from .records import RecordFile, relative
from .story import STORY_ATTRIBUTES, STORY_TAGS

# Keys whose values are identifiers, not prose: digits there are not personal data.
NOT_PROSE = {"decision", "date", "url", "file", "aliases"}
# What the open data's CSV and XLSX write of a list in one cell, items separated by " | "
# (exports.SEPARATOR, and the `_…_text` functions there): a "|" inside would make one item read
# as two. List -> the fields of each item written there (None: the item is the text).
LISTS_IN_ONE_CELL: dict[str, set[str] | None] = {
    "achievements": None,
    "recognitions": {"decision", "issued_by"},
    "awards": {"title", "issued_by", "decision"},
    "photos": {"credit"},
    "media": {"title", "outlet", "url"},
}

# Nine (old ID card) or twelve (citizen ID) digits standing alone: not part of a longer number
# or of a grouped amount such as 150.000.000, but a full stop may end the sentence after it.
_ID = re.compile(r"(?<!\d)(?<!\d[.,/-])(\d{12}|\d{9})(?!\d|[.,/-]\d)")
# Vietnamese mobile numbers: 0 or +84/84, then 3/5/7/8/9 and eight more digits, in groups
# separated by spaces, dots or dashes as people write them ("0912 345 678", "+84.912.345.678").
# A citizen ID written in groups ("001 185 012 345", "001.185.012.345"): its first group is a
# province code, 001-096, so it starts with 0, as no grouped amount of money does.
_ID_GROUPED = re.compile(r"(?<![\d.,])(0\d{2}([ .])\d{3}\2\d{3}\2\d{3})(?![\d]|[.,]\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+?84|0)[\s.-]?[35789](?:[\s.-]?\d){8}(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
_ADDRESS = re.compile(
    r"\b(?:số nhà|nhà số|ngõ|ngách|hẻm)\s+\d+[\w/]*"
    r"|\b(?:địa chỉ nhà|nhà riêng (?:ở|tại)|nơi ở hiện nay|chỗ ở hiện nay|thường trú tại|tạm trú tại)\b",
    re.IGNORECASE,
)
# A full date of birth (a birth year alone is what the press publishes, and is left alone).
_BIRTH_DATE = re.compile(
    r"\b(?:sinh ngày|ngày sinh|sinh)\s*:?\s*(?:ngày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}",
    re.IGNORECASE,
)
# Every match of _ADDRESS contains one of these (lower case), and every phone or ID number
# nine digits, separated at most by single spaces, dots or dashes.
_ADDRESS_HINTS = ("nhà", "ngõ", "ngách", "hẻm", "ở hiện nay", "trú tại")
_NINE_DIGITS = re.compile(r"\d(?:[\s.-]?\d){8}")

_ADVICE = (
    "không đăng số căn cước, số điện thoại cá nhân, thư điện tử cá nhân, địa chỉ nhà riêng hay ngày "
    "sinh đầy đủ của người được ghi danh; hãy xóa thông tin này (năm sinh thì được ghi)"
)

# The old placement puts the tone on the second vowel of oa, oe, uy (hoà, khoẻ, thuý); the new
# one on the first (hòa, khỏe, thúy). Only open syllables differ: "hoàng" is the same in both.
_OLD_TONE = re.compile(
    r"(?:o[àáảãạ]|o[èéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])(?![a-zđăâêôơư\u0300-\u036f])", re.IGNORECASE
)
_NEW_TONE = re.compile(
    r"(?:[òóỏõọ]a|[òóỏõọ]e|[ùúủũụ]y)(?![a-zđăâêôơư\u0300-\u036f])", re.IGNORECASE
)


# What the sanitizer will remove from a story: said to the editor, so nothing vanishes unexplained.
# The tags it keeps (story.STORY_TAGS, with their few attributes) are not announced, nor are HTML
# comments: they are notes to other editors, and never shown.
_HTML_TAG = re.compile(r"</?([a-zA-Z][\w:-]*)(\s[^<>]*)?/?>")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)\s*(?:=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:|data:[a-z]+/", re.IGNORECASE)
_STRIPPED = (
    "sẽ bị loại bỏ khi đăng (trang không đăng mã HTML hay liên kết chạy mã); hãy viết bằng "
    "Markdown, ví dụ **chữ đậm**, [liên kết](https://…)"
)


def markup_in_story(line: str) -> list[str]:
    """What in one line of a story the sanitizer would remove."""
    found: list[str] = []
    if "<" not in line and ":" not in line and "&" not in line:
        return found  # no tag, no scheme, and no entity that could spell either
    visible = re.sub(r"[\x00-\x20]+", "", html.unescape(line))
    if _SCRIPT_URL.search(visible):
        found.append("có liên kết chạy mã (javascript:, vbscript: hoặc data:)")
    tag = next((t for t in _HTML_TAG.finditer(line) if not kept(t)), None)
    if tag:
        found.append(f'có mã HTML ("{tag.group(0)[:40]}")')
    return found


# What a story pasted from Word brings that Markdown does not read as the editor meant.
# Word's bullets arrive as themselves, as characters of its Symbol font, or as plain text: "·" or
# "o" (its second level) followed by a tab or by spaces.
_BULLET = re.compile(r"^\s*([•●▪◦■□➢►✓§\uf0b7\uf0a7]|[·o](?=\t| {2,}))\s*")
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]*)")


def pasted_in_story(line: str) -> list[str]:
    """What in one line of a story would not show as the editor meant (whole messages)."""
    found: list[str] = []
    bullet = _BULLET.match(line)
    if bullet:
        found.append(
            f"dòng bắt đầu bằng '{bullet.group(1)}' (dán từ Word) sẽ hiện là chữ thường nối vào "
            "đoạn phía trên, không thành danh sách; hãy thay bằng '- ', và để một dòng trống "
            "trước danh sách"
        )
    image = _IMAGE.search(line) if "![" in line else None
    if image and "img" not in STORY_TAGS:
        found.append(
            f"ảnh trong câu chuyện ('{image.group(1)[:40]}') sẽ không được đăng: câu chuyện chỉ "
            "có chữ; hãy thêm ảnh vào 'photos:' (ảnh hiện trên trang hồ sơ, có chú thích và "
            "nguồn ảnh)"
        )
    return found


def kept(tag: re.Match[str]) -> bool:
    """Whether the sanitizer keeps this tag as written: an allowed tag, allowed attributes only."""
    name = tag.group(1).lower()
    attributes = {a.lower() for a in _ATTRIBUTE.findall(tag.group(2) or "")}
    return name in STORY_TAGS and attributes <= STORY_ATTRIBUTES.get(name, set())


@dataclass(frozen=True)
class TextPolicy:
    """What may be published: e-mail domains of public offices (data/privacy.yml)."""

    public_email_domains: tuple[str, ...] = ()

    def email_allowed(self, domain: str) -> bool:
        domain = domain.lower()
        return any(domain == d or domain.endswith("." + d) for d in self.public_email_domains)


def load_policy(path: Path, root: Path) -> tuple[TextPolicy, list[Problem]]:
    """Read data/privacy.yml; a missing file means no e-mail address may be published."""
    if not path.is_file():
        return TextPolicy(), []
    rel = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return TextPolicy(), [
            Problem(
                rel,
                0,
                "",
                (
                    f"không đọc được tệp ({exc.__class__.__name__}); hãy lưu lại tệp với bảng mã UTF-8"
                ),
            )
        ]
    data, lines, source_problems = parse_yaml(text)
    problems = [Problem(rel, p.line, "", p.message) for p in source_problems]
    domains = data.get("public_email_domains") if isinstance(data, dict) else None
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        problems.append(
            Problem(
                rel,
                lines.get(("public_email_domains",), 1),
                "public_email_domains",
                "cần một danh sách tên miền, ví dụ [gov.vn, dcs.vn]",
            )
        )
        return TextPolicy(), problems
    return TextPolicy(tuple(d.lower().strip(".") for d in domains)), problems


def _strings(
    value: Any, path: KeyPath, skip: frozenset[str] | set[str] = NOT_PROSE
) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, path + (key,), skip)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,), skip)


def _around(text: str, at: int, reach: int = 24) -> str:
    """The words around position `at`, with "…" where the text goes on."""
    start, end = max(0, at - reach), min(len(text), at + reach)
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _separators(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """Text that the open data's CSV and XLSX write in a list's one cell, with a "|" in it."""
    for key, fields in LISTS_IN_ONE_CELL.items():
        for path, text in _strings(data.get(key), (key,), frozenset()):
            if "|" in text and (fields is None or path[-1] in fields):
                yield path, text


def personal_data(text: str, policy: TextPolicy) -> list[str]:
    """Descriptions (Vietnamese) of what in `text` looks like personal data."""
    found: list[str] = []
    # Every line of every story passes here: the full patterns run only on text that has what
    # each needs (nine digits, an @, a word of an address), which few lines have.
    if _NINE_DIGITS.search(text):
        phones = [m.span() for m in _PHONE.finditer(text)]
        for start, end in phones:
            found.append(f'có vẻ là số điện thoại cá nhân ("{text[start:end].strip()}")')
        for match in _ID.finditer(text):
            if any(start <= match.start() < end for start, end in phones):
                continue  # the last nine digits of "+84 912345678" are the phone number
            kind = "số căn cước công dân" if len(match.group(1)) == 12 else "số chứng minh nhân dân"
            found.append(f'có vẻ là {kind} ("{match.group(1)}")')
        for match in _ID_GROUPED.finditer(text):
            found.append(f'có vẻ là số căn cước công dân ("{match.group(1)}")')
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if not policy.email_allowed(match.group(1)):
                found.append(f'có thư điện tử không phải hộp thư công vụ ("{match.group(0)}")')
    lowered = text.lower()
    if "sinh" in lowered:
        for match in _BIRTH_DATE.finditer(text):
            found.append(f'có vẻ là ngày sinh ("{match.group(0)}")')
    if any(hint in lowered for hint in _ADDRESS_HINTS):
        for match in _ADDRESS.finditer(text):
            found.append(f'có vẻ là địa chỉ nhà riêng ("{match.group(0)}")')
    return found


# Text typed with an old TCVN3 font (.VnTime) and pasted as Unicode: "NguyÔn ThÞ Mai", "Lµo Cai".
# These Latin-1 signs and letters are in no Vietnamese word; the checked keys hold names, where
# a sign such as ° or ² (in stories: "25°C", "3.000 m²") has no place either; · may separate.
_TCVN3 = re.compile(
    "[\u00a1-\u00a9\u00ab-\u00b6\u00b8-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8"
    "\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8"
    "\u00fb\u00fc\u00fe\u00ff]"
)
NAMES = {"name", "role", "unit", "issued_by", "title", "ethnicity", "outlet"}


def _shouted(name: str) -> bool:
    """Two words or more, all in capitals: "NGUYỄN THỊ MAI", "LÒ A" (not "HTX", "Chi bộ THPT")."""
    letters = [c for c in name if c.isalpha()]
    return len(name.split()) >= 2 and len(letters) >= 3 and all(c.isupper() for c in letters)


def _capitalised(name: str) -> str:
    """A person's name with each syllable capitalised, also after ' and -: H'Hen Niê, Y-Ngông."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), name)


def check_text(rf: RecordFile, policy: TextPolicy) -> list[Problem]:
    """Personal data anywhere in the record; mixed tone placement in the name."""
    problems: list[Problem] = []
    if rf.data is not None:
        for path, text in _strings(rf.data, ()):
            for finding in personal_data(text, policy):
                problems.append(rf.problem(path, f"{finding}: {_ADVICE}"))
            odd = _TCVN3.search(text) if path and path[-1] in NAMES else None
            if odd:
                problems.append(
                    rf.problem(
                        path,
                        (
                            f"có ký tự lạ '{odd.group(0)}' (\"{text[:40]}\"): có vẻ chữ được gõ bằng "
                            "phông cũ TCVN3 (.VnTime) rồi dán vào; hãy gõ lại bằng Unicode (trong "
                            "Unikey chọn bảng mã Unicode), hoặc chuyển mã bằng công cụ chuyển mã"
                        ),
                    )
                )
            tag = _HTML_TAG.search(text) if "<" in text else None
            if tag:
                problems.append(
                    rf.problem(
                        path,
                        (
                            f'có mã HTML ("{tag.group(0)[:40]}"), mà phần thông tin hiện nguyên văn, '
                            "cả dấu < >; hãy xóa mã này (chữ đậm, nghiêng chỉ dùng được trong câu "
                            "chuyện, viết bằng Markdown)"
                        ),
                        severity=Severity.WARNING,
                    )
                )
        for path, text in _separators(rf.data):
            instead = "%7C" if path[-1] == "url" else "dấu phẩy hoặc chấm phẩy"
            problems.append(
                rf.problem(
                    path,
                    (
                        f'có dấu "|" ("{_around(text, text.index("|"))}"), mà tệp CSV và Excel '
                        "của dữ liệu mở dùng dấu này để ngăn cách các mục trong danh sách, nên "
                        f"một mục sẽ bị đọc thành hai; hãy thay bằng {instead}"
                    ),
                )
            )
        name = rf.data.get("name")
        if isinstance(name, str) and _OLD_TONE.search(name) and _NEW_TONE.search(name):
            old, new = _OLD_TONE.search(name).group(0), _NEW_TONE.search(name).group(0)
            problems.append(
                Problem(
                    rf.rel,
                    rf.line(("name",)),
                    "name",
                    (
                        f"tên viết dấu thanh theo hai kiểu khác nhau ('{old}' kiểu cũ, '{new}' kiểu mới); "
                        "hãy viết thống nhất một kiểu như trên quyết định công nhận"
                    ),
                    Severity.WARNING,
                )
            )
        individual = rf.data.get("kind") == "individual"
        # A collective's name of abbreviations only (HTX DVNN, MTTQ VN) is written in capitals;
        # one with a Vietnamese word (a letter with a mark) is not.
        if (
            isinstance(name, str)
            and _shouted(name)
            and (individual or any(c.isalpha() and not c.isascii() for c in name))
        ):
            # A person's name: every syllable has its capital. A collective's name keeps capitals
            # only for proper names and abbreviations, which cannot be told from here.
            fix = (
                f'hãy viết: "{_capitalised(name)}"'
                if individual
                else "hãy viết hoa như trên quyết định: chữ đầu tên, tên riêng và chữ viết tắt"
            )
            problems.append(
                Problem(
                    rf.rel,
                    rf.line(("name",)),
                    "name",
                    f"tên viết toàn chữ in hoa, và sẽ hiện như vậy trên trang; {fix}",
                    Severity.WARNING,
                )
            )
    for offset, line in enumerate(rf.body.split("\n")):
        for finding in pasted_in_story(line):
            problems.append(
                Problem(rf.rel, rf.body_line + offset, "câu chuyện", finding, Severity.WARNING)
            )
        for finding in markup_in_story(line):
            problems.append(
                Problem(
                    rf.rel,
                    rf.body_line + offset,
                    "câu chuyện",
                    f"{finding}: {_STRIPPED}",
                    Severity.WARNING,
                )
            )
        for finding in personal_data(line, policy):
            problems.append(
                Problem(rf.rel, rf.body_line + offset, "câu chuyện", f"{finding}: {_ADVICE}")
            )
    return problems
