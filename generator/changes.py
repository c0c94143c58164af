"""What a pull request changes in the honor roll, in plain Vietnamese, for the reviewer.

`python -m generator changes --base origin/main` compares the records at two git revisions (the
head defaults to the working tree) and prints Markdown for the job summary: records added,
withdrawn, restored, deleted, renamed; recognitions added, removed or corrected; changes to a
record's name or decision numbers, which a reviewer checks against the signed decision; and which
other keys changed. It reads records leniently (no validation; the validator reports errors) so
that it still says something useful about a pull request that does not pass yet.

A rename is found through the new record's `aliases` (the old address redirects) or, when the
alias was forgotten, through matching content (same name and first decision), with a warning
that links to the old address would break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import git
from .frontmatter import parse_record_text
from .github import md
from .records import RECORD_FILE, as_date
from .vietnamese import fold, format_date
from .vocabularies import Vocabularies

Data = dict[str, Any]
STORY = "__story__"  # the story, compared like a key


def snapshot(root: Path, records_dir: str, revision: str | None) -> dict[str, Data]:
    """Every readable record at `revision` (None: the working tree), by slug."""
    prefix = records_dir.rstrip("/") + "/"
    if revision is None:
        paths = [
            p.relative_to(root).as_posix() for p in sorted((root / records_dir).glob("*/index.md"))
        ]
        texts = {p: (root / p).read_bytes() for p in paths}
    else:
        paths = [
            p
            for p in git.files_at(root, revision, records_dir)
            if p.startswith(prefix)
            and p.count("/") == prefix.count("/") + 1
            and p.endswith("/" + RECORD_FILE)
        ]
        texts = git.read_at(root, revision, paths)
    records: dict[str, Data] = {}
    for path, raw in texts.items():
        try:
            parsed = parse_record_text(raw.decode("utf-8"))
        except UnicodeDecodeError:
            continue
        if isinstance(parsed.data, dict):
            slug = path[len(prefix) :].split("/")[0]
            records[slug] = {**parsed.data, STORY: parsed.body}
    return records


@dataclass
class Change:
    slug: str
    data: Data
    notes: list[str] = field(default_factory=list)


@dataclass
class Changes:
    added: list[Change] = field(default_factory=list)
    withdrawn: list[Change] = field(default_factory=list)
    restored: list[Change] = field(default_factory=list)
    deleted: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    recognitions: list[Change] = field(default_factory=list)  # recognitions added
    corrections: list[Change] = field(default_factory=list)  # names, decision numbers, removals
    edited: list[Change] = field(default_factory=list)  # other keys

    def __bool__(self) -> bool:
        return any(vars(self).values())


def compare(base: dict[str, Data], head: dict[str, Data], vocab: Vocabularies | None) -> Changes:
    changes = Changes()
    labels = _Labels(vocab)
    gone = {s: d for s, d in base.items() if s not in head}
    new = {s: d for s, d in head.items() if s not in base}
    pairs = [(s, s) for s in head if s in base]
    # Renames: first through aliases, then through content that stayed the same.
    for slug, data in list(new.items()):
        for alias in _list(data.get("aliases")):
            if alias in gone:
                changes.renamed.append(
                    Change(
                        slug, data, [f"`{alias}` → `{slug}`: địa chỉ cũ tự chuyển sang địa chỉ mới"]
                    )
                )
                pairs.append((alias, slug))
                del gone[alias], new[slug]
                break
    for slug, data in list(new.items()):
        match = next((old for old, d in gone.items() if _same_exemplar(d, data)), None)
        if match is not None:
            changes.renamed.append(
                Change(
                    slug,
                    data,
                    [
                        f"`{match}` → `{slug}`: ⚠ chưa thêm `{match}` vào `aliases` của hồ sơ mới, "
                        "nên các liên kết cũ đến hồ sơ này sẽ hỏng"
                    ],
                )
            )
            pairs.append((match, slug))
            del gone[match], new[slug]
    for slug, data in sorted(new.items()):
        status = " (đã đưa ra khỏi danh sách, không đăng)" if _withdrawn(data) else ""
        notes = [labels.describe(data) + status]
        if data.get("sample") is True:  # often a sample record copied as a template
            notes.append(
                "⚠ có `sample: true`: trang sẽ ghi hồ sơ này là dữ liệu mẫu, hư cấu; nếu là "
                "người, tập thể có thật, hãy xóa dòng `sample: true`"
            )
        changes.added.append(Change(slug, data, notes))
    for slug, data in sorted(gone.items()):
        changes.deleted.append(
            Change(
                slug,
                data,
                [
                    "tệp hồ sơ bị xóa; nếu điển hình bị đưa ra khỏi danh sách, nên giữ hồ sơ và "
                    "ghi `status: withdrawn` để lưu vết"
                ],
            )
        )
    for old_slug, slug in sorted(pairs, key=lambda p: p[1]):
        before, after = base[old_slug], head[slug]
        _compare_record(slug, before, after, changes, labels)
    return changes


def _compare_record(
    slug: str, before: Data, after: Data, changes: Changes, labels: _Labels
) -> None:
    if not _withdrawn(before) and _withdrawn(after):
        changes.withdrawn.append(
            Change(slug, after, ["sẽ không còn xuất hiện ở bất kỳ đâu trên trang"])
        )
    elif _withdrawn(before) and not _withdrawn(after):
        changes.restored.append(Change(slug, after, ["sẽ xuất hiện lại trên trang"]))
    corrections: list[str] = []
    if before.get("name") != after.get("name"):
        corrections.append(f"tên: {_q(before.get('name'))} → {_q(after.get('name'))}")
    added, notes = _compare_recognitions(
        _list(before.get("recognitions")), _list(after.get("recognitions")), labels
    )
    corrections += notes
    for old, new in _decision_changes(before.get("awards"), after.get("awards")):
        corrections.append(f"số quyết định khen thưởng: {_q(old)} → {_q(new)}")
    if added:
        changes.recognitions.append(Change(slug, after, added))
    if corrections:
        changes.corrections.append(Change(slug, after, corrections))
    watched = {"name", "recognitions", "status", "aliases"}
    keys = sorted(
        k for k in set(before) | set(after) if k not in watched and before.get(k) != after.get(k)
    )
    if keys:
        shown = ["câu chuyện" if k == STORY else f"`{k}`" for k in keys]
        changes.edited.append(Change(slug, after, ["sửa " + ", ".join(shown)]))


def _compare_recognitions(
    before: list[Any], after: list[Any], labels: _Labels
) -> tuple[list[str], list[str]]:
    """(recognitions added, corrections): matched exactly, then by decision, then by level+date."""
    old = [r for r in before if isinstance(r, dict)]
    new = [r for r in after if isinstance(r, dict)]
    for r in list(new):
        if r in old:
            old.remove(r)
            new.remove(r)
    corrections: list[str] = []
    for key in ("decision", "level+date"):
        for r in list(new):
            twin = next((o for o in old if _same(o, r, key)), None)
            if twin is None:
                continue
            old.remove(twin)
            new.remove(r)
            diffs = [
                f"{_FIELD_NAMES.get(k, k)} {_q(twin.get(k))} → {_q(r.get(k))}"
                for k in ("level", "decision", "date", "issued_by")
                if twin.get(k) != r.get(k)
            ]
            corrections.append(f"sửa lần công nhận {labels.recognition(twin)}: " + ", ".join(diffs))
    added = [f"thêm công nhận {labels.recognition(r)}" for r in new]
    corrections += [f"bỏ lần công nhận {labels.recognition(r)}" for r in old]
    return added, corrections


_FIELD_NAMES = {
    "level": "cấp",
    "decision": "số quyết định",
    "date": "ngày",
    "issued_by": "cơ quan ban hành",
}


def _same(a: dict, b: dict, key: str) -> bool:
    if key == "decision":
        return bool(a.get("decision")) and a.get("decision") == b.get("decision")
    return a.get("level") == b.get("level") and a.get("date") == b.get("date")


def _decision_changes(before: Any, after: Any) -> list[tuple[Any, Any]]:
    """Awards whose title and date stayed but whose decision number changed."""
    pairs = []
    for a in _list(after):
        for b in _list(before):
            if isinstance(a, dict) and isinstance(b, dict):
                same = a.get("title") == b.get("title") and a.get("date") == b.get("date")
                if same and a.get("decision") != b.get("decision"):
                    pairs.append((b.get("decision"), a.get("decision")))
    return pairs


def _same_exemplar(a: Data, b: Data) -> bool:
    """The same exemplar under a new folder name: same name, and same first decision or story."""
    if fold(str(a.get("name", ""))) != fold(str(b.get("name", ""))):
        return False
    first_a = _list(a.get("recognitions"))[:1]
    return first_a == _list(b.get("recognitions"))[:1] or a.get(STORY) == b.get(STORY)


def _withdrawn(data: Data) -> bool:
    return data.get("status") == "withdrawn"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _q(value: Any) -> str:
    if isinstance(value, date):
        return format_date(value)
    if value is None:
        return "(trống)"
    return f'"{value}"'


class _Labels:
    def __init__(self, vocab: Vocabularies | None) -> None:
        self.vocab = vocab

    def label(self, name: str, key: Any) -> str:
        if self.vocab is None or not isinstance(key, str):
            return str(key)
        try:
            return self.vocab[name].label(key)
        except KeyError:
            return key

    def recognition(self, r: dict) -> str:
        level = self.label("level", r.get("level")).lower()
        when = r.get("date")
        try:
            when_text = format_date(as_date(when))
        except (TypeError, ValueError):
            when_text = str(when)
        return f'{level}, quyết định "{r.get("decision")}" ngày {when_text}'

    def describe(self, data: Data) -> str:
        parts = [
            self.label("kind", data.get("kind")).lower(),
            self.label("commune", data.get("commune")),
        ]
        recognitions = [r for r in _list(data.get("recognitions")) if isinstance(r, dict)]
        if recognitions:
            parts.append("công nhận " + "; ".join(self.recognition(r) for r in recognitions))
        return ", ".join(p for p in parts if p and p != "None")


_SECTIONS = [
    ("added", "Hồ sơ mới"),
    ("recognitions", "Công nhận mới"),
    ("withdrawn", "Đưa ra khỏi danh sách"),
    ("restored", "Đưa trở lại danh sách"),
    ("renamed", "Đổi địa chỉ (tên thư mục)"),
    ("corrections", "Sửa tên, số quyết định hoặc lần công nhận: đối chiếu với văn bản đã ký"),
    ("deleted", "Xóa hẳn hồ sơ"),
    ("edited", "Sửa thông tin khác"),
]


def markdown(changes: Changes, base: str) -> str:
    """The change summary as Markdown, in Vietnamese."""
    lines = ["## Thay đổi trong danh sách ghi danh", ""]
    if not changes:
        return (
            "\n".join(lines + [f"Không có thay đổi nào trong hồ sơ so với `{md(base)}`.", ""])
            + "\n"
        )
    counts = [
        f"{title.split(':')[0].lower()}: {len(getattr(changes, name))}"
        for name, title in _SECTIONS
        if getattr(changes, name)
    ]
    lines += [f"So với `{md(base)}`: " + "; ".join(counts) + ".", ""]
    for name, title in _SECTIONS:
        items: list[Change] = getattr(changes, name)
        if not items:
            continue
        lines += [f"### {title} ({len(items)})", ""]
        for change in items:
            who = f"**{md(str(change.data.get('name', change.slug)))}** (`{change.slug}`)"
            if len(change.notes) == 1:
                lines.append(f"- {who}: {_md_note(change.notes[0])}")
            else:
                lines.append(f"- {who}:")
                lines += [f"  - {_md_note(note)}" for note in change.notes]
        lines.append("")
    return "\n".join(lines) + "\n"


def _md_note(note: str) -> str:
    """Notes are built here with `code` spans; only the values inside quotes need escaping."""
    parts = note.split("`")
    return "`".join(part if i % 2 else md(part) for i, part in enumerate(parts))
