"""A new record: `python -m generator new` asks for the essentials and writes the template.

Answers come from options (for scripts) or, for what the options leave out, from questions in
Vietnamese on the terminal; vocabulary values are offered as numbered choices, and a long list
(communes, party committees) can be narrowed by typing part of a name, with or without
diacritics. The record is written in the canonical form (`canonical.py`), so it passes
`fmt --check` as it is, with every other key present as a commented-out line to fill in later.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from . import canonical
from .frontmatter import in_quotes, parse_record_text
from .records import RECORD_FILE, SLUG_PATTERN
from .validation import RESERVED_SLUGS
from .vietnamese import fold, nfc, slugify
from .vocabularies import Term, Vocabularies, Vocabulary

# Shown as the story of a new record; an HTML comment never reaches the published page.
STORY_PLACEHOLDER = (
    "<!-- Viết câu chuyện về điển hình ở đây, bằng Markdown: mỗi đoạn cách nhau một dòng trống. "
    "Dòng chú thích này không hiện trên trang và có thể xóa. -->"
)
PROVINCIAL_ISSUER = "Tỉnh ủy Lào Cai"
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class Abort(Exception):
    """The editor's answers cannot make a record; the message says why, in Vietnamese."""


@dataclass
class Answers:
    """What `new` needs; None means "ask"."""

    name: str | None = None
    kind: str | None = None
    subject: str | None = None
    role: str | None = None
    field: str | None = None
    commune: str | None = None
    party_committee: str | None = None
    period: str | None = None
    level: str | None = None
    decision: str | None = None
    date: str | None = None
    issued_by: str | None = None
    summary: str | None = None
    achievements: list[str] = dataclasses.field(default_factory=list)
    slug: str | None = None


_LIST_MARK = re.compile(r"^[-•*+]\s+")


def typed(line: str, item: bool = False) -> str:
    """An answer as it goes into the record: NFC (some keyboards, macOS, type decomposed
    Unicode), without quotes around all of it (the record's own quoting is done for the editor,
    and CONTRIBUTING's "125-QĐ/ĐU" invites them), nor a list's dash before an item."""
    answer = nfc(line.strip())
    if item:
        answer = _LIST_MARK.sub("", answer, count=1)
    if in_quotes(answer):
        answer = answer[1:-1].strip()
    return answer


class Prompter:
    """Questions on a text stream; raises `Abort` when input ends or is not allowed."""

    def __init__(self, stdin: TextIO | None, stdout: TextIO) -> None:
        self.stdin = stdin  # None: no questions allowed (--no-input)
        self.out = stdout

    def ask(self, question: str, what: str, default: str | None = None) -> str:
        if self.stdin is None:
            if default:
                return default
            raise Abort(f"thiếu {what}")
        suffix = f" [{default}]" if default else ""
        while True:
            self.out.write(f"{question}{suffix}: ")
            self.out.flush()
            line = self.stdin.readline()
            if not line:
                raise Abort(f"thiếu {what} (đầu vào đã hết)")
            answer = typed(line)
            if answer:
                return answer
            if default:
                return default
            self.out.write("  Cần nhập một giá trị.\n")

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


def choose(
    prompter: Prompter,
    question: str,
    vocab: Vocabulary,
    given: str | None,
    terms: list[Term] | None = None,
    default: str | None = None,
) -> str:
    """A vocabulary key: from an option (key or label), or chosen by number or by name."""
    terms = terms if terms is not None else list(vocab)
    keys = {t.key for t in terms}
    if given is not None:
        found = _match(given, terms, vocab) or _only_one(given, terms)
        if found is None:
            raise Abort(f"'{given}' không có trong danh mục {vocab.title.lower()} ({vocab.source})")
        return found.key
    if prompter.stdin is None:  # --no-input: a default or nothing
        if default:
            return default
        raise Abort(f"thiếu {question.lower()}")
    shown = terms
    while True:
        if len(shown) <= 30:
            prompter.say(f"{question}:")
            for i, term in enumerate(shown, 1):
                prompter.say(f"  {i:>2}. {term.label} ({term.key})")
            hint = "số thứ tự" if len(shown) == len(terms) else "số thứ tự, hoặc gõ tên khác"
        else:
            prompter.say(
                f"{question}: có {len(shown)} mục; gõ một phần tên để lọc, ví dụ 'bat xat'."
            )
            hint = "tên hoặc khóa"
        answer = prompter.ask(f"  Chọn ({hint})", question.lower(), default)
        if answer.isdigit() and len(shown) <= 30 and 1 <= int(answer) <= len(shown):
            return shown[int(answer) - 1].key
        found = _match(answer, terms, vocab)
        if found is not None and found.key in keys:
            return found.key
        narrowed = _containing(answer, terms)
        if len(narrowed) == 1:
            return narrowed[0].key
        if narrowed:
            shown = narrowed
            default = None
            continue
        prompter.say(f"  Không thấy '{answer}' trong danh mục; hãy thử lại.")


def _containing(text: str, terms: list[Term]) -> list[Term]:
    """The terms whose label (diacritics or not) or key contains `text`: "bat xat" is in
    "Đảng ủy xã Bát Xát"."""
    needle = fold(text)
    return [t for t in terms if needle in fold(t.label) or needle in t.key]


def _only_one(text: str, terms: list[Term]) -> Term | None:
    found = _containing(text, terms)
    return found[0] if len(found) == 1 else None


def _match(value: str, terms: Iterable[Term], vocab: Vocabulary) -> Term | None:
    terms = list(terms)
    wanted = value.strip()
    for term in terms:
        if wanted == term.key or fold(wanted) == fold(term.label):
            return term
    suggestion = vocab.suggest(wanted)
    if suggestion is not None and suggestion in terms and slugify(wanted) == suggestion.key:
        return suggestion
    return None


def parse_date(text: str) -> date:
    """2026-06-15, or the Vietnamese day-first 15/6/2026."""
    text = text.strip()
    try:
        match = _DAY_FIRST.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise Abort(
            f"'{text}' không phải một ngày; hãy viết năm-tháng-ngày (2026-06-15) "
            "hoặc ngày/tháng/năm (15/6/2026)"
        ) from None


def ask_date(prompter: Prompter, given: str | None) -> date:
    """The decision's date: from the option, or asked until it reads as a date (one typo must
    not throw away every answer given so far)."""
    if given is not None:
        return parse_date(given)
    while True:  # without questions (--no-input), ask() stops with what is missing
        answer = prompter.ask(
            "Ngày quyết định (năm-tháng-ngày, ví dụ 2026-06-15)", "ngày quyết định (--date)"
        )
        try:
            return parse_date(answer)
        except Abort as exc:
            prompter.say(f"  {exc}.")


def derive_slug(
    name: str, kind: str, commune: str, taken: set[str], given: str | None = None
) -> str:
    """The folder name: the name without diacritics (+ the commune for a person), unique."""
    if given:
        if not SLUG_PATTERN.match(given):
            raise Abort(
                f"'{given}' không dùng được làm địa chỉ; cần chữ thường không dấu, số và dấu gạch "
                f"ngang, ví dụ '{slugify(given) or 'nguyen-thi-mai-bat-xat'}'"
            )
        if given in taken or given in RESERVED_SLUGS:
            raise Abort(f"địa chỉ '{given}' đã có hồ sơ khác dùng; hãy chọn địa chỉ khác")
        return given
    base = slugify(name)
    if kind == "individual" and commune and not base.endswith(commune):
        base = f"{base}-{commune}"
    base = base or "ho-so"
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def taken_slugs(records_dir: Path) -> set[str]:
    """Folder names and aliases already in use."""
    taken: set[str] = set()
    if not records_dir.is_dir():
        return taken
    for folder in records_dir.iterdir():
        if not folder.is_dir():
            continue
        taken.add(folder.name)
        try:
            parsed = parse_record_text((folder / RECORD_FILE).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        aliases = parsed.data.get("aliases") if isinstance(parsed.data, dict) else None
        if isinstance(aliases, list):
            taken.update(a for a in aliases if isinstance(a, str))
    return taken


def create(
    answers: Answers,
    vocabularies: Vocabularies,
    form: canonical.Form,
    records_dir: Path,
    schema_file: Path,
    prompter: Prompter,
) -> Path:
    """Ask, then write `<records_dir>/<slug>/index.md`; returns the file written."""
    data = _nfc(collect(answers, vocabularies, prompter))
    slug = derive_slug(
        data["name"], data["kind"], data["commune"], taken_slugs(records_dir), answers.slug
    )
    path = records_dir / slug / RECORD_FILE
    text = canonical.render(
        data, STORY_PLACEHOLDER, form, canonical.modeline_for(path, schema_file)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def collect(answers: Answers, vocabularies: Vocabularies, prompter: Prompter) -> dict[str, Any]:
    """The front matter of the new record, asking for whatever the options left out."""
    a = answers
    name = a.name or prompter.ask("Họ và tên cá nhân, hoặc tên đầy đủ của tập thể", "tên (--name)")
    kind = choose(prompter, "Loại điển hình", vocabularies.kinds, a.kind)
    subjects = [t for t in vocabularies.subjects if t.get("kind") in (None, kind)]
    subject = choose(prompter, "Đối tượng", vocabularies.subjects, a.subject, subjects)
    if subject not in {t.key for t in subjects}:
        raise Abort(f"đối tượng '{subject}' không dùng cho loại '{kind}'")
    field_key = choose(prompter, "Lĩnh vực", vocabularies.fields, a.field)
    commune = choose(prompter, "Xã, phường", vocabularies.communes, a.commune)
    committees = vocabularies.party_committees
    local = next((t.key for t in committees if t.get("commune") == commune), None)
    committee = choose(prompter, "Đảng ủy trực thuộc", committees, a.party_committee, None, local)
    prompter.say("Lần công nhận đầu tiên:")
    level = choose(prompter, "Cấp công nhận", vocabularies.levels, a.level)
    decision = a.decision or prompter.ask(
        "Số quyết định, đúng như trên văn bản (ví dụ 125-QĐ/ĐU)", "số quyết định (--decision)"
    )
    when = ask_date(prompter, a.date)
    issuer_default = PROVINCIAL_ISSUER if level == "provincial" else committees.label(committee)
    issued_by = a.issued_by or prompter.ask("Cơ quan ban hành", "cơ quan ban hành", issuer_default)
    periods = vocabularies.periods
    covering = [t for t in periods if _in_period(when, t)]
    period = a.period or (covering[0].key if len(covering) == 1 else None)
    period = choose(prompter, "Giai đoạn", periods, period, covering or None)
    summary = a.summary or prompter.ask(
        "Tóm tắt trong 1-2 câu (tối đa 300 ký tự)", "tóm tắt (--summary)"
    )
    achievements = list(a.achievements)
    if not achievements:
        first = prompter.ask("Thành tích tiêu biểu (một dòng)", "thành tích (--achievement)")
        achievements.append(typed(first, item=True))
        while prompter.stdin is not None:
            prompter.out.write("Thành tích khác (Enter để kết thúc): ")
            prompter.out.flush()
            more = typed(prompter.stdin.readline(), item=True)
            if not more:
                break
            achievements.append(more)
    role = a.role
    if role is None and prompter.stdin is not None:
        # Asked last, and optional: it shows on cards and share images, but not every exemplar
        # has one (a collective, a citizen).
        prompter.out.write("Chức vụ, nghề nghiệp (không bắt buộc, Enter để bỏ qua): ")
        prompter.out.flush()
        role = prompter.stdin.readline().strip() or None
    data: dict[str, Any] = {"name": name, "kind": kind, "subject": subject}
    if role:
        data["role"] = role
    data.update(
        {
            "field": field_key,
            "commune": commune,
            "party_committee": committee,
            "period": period,
            "status": "recognized",
            "recognitions": [
                {"level": level, "decision": decision, "date": when, "issued_by": issued_by}
            ],
            "summary": summary,
            "achievements": achievements,
        }
    )
    return data


def _in_period(when: date, term: Term) -> bool:
    start, end = term.get("start"), term.get("end")
    return isinstance(start, date) and isinstance(end, date) and start <= when <= end
