"""Vocabularies: the lists of allowed values (fields, communes, party committees, …) kept as data.

Each vocabulary is a YAML file in `data/` with a Vietnamese `title` and `entries`: a stable ASCII
key -> a mapping with at least a Vietnamese `label` (and extra attributes such as a subject's
`kind`). Editors extend them without touching code. The record schema refers to them by name
(`vocabularies.schema.json#/$defs/field`); `schema_defs()` builds those definitions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .frontmatter import parse_yaml
from .problems import Problem, format_key, quote
from .records import relative
from .vietnamese import slugify

# Schema definition name -> vocabulary file (data/<file>.yml).
VOCABULARY_FILES: dict[str, str] = {
    "kind": "kinds",
    "subject": "subjects",
    "field": "fields",
    "commune": "communes",
    "party_committee": "party_committees",
    "period": "periods",
    "status": "statuses",
    "level": "levels",
    "region": "regions",
    "media_type": "media_types",
}


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)


@dataclass
class Vocabulary:
    name: str  # schema definition name, e.g. "party_committee"
    title: str  # Vietnamese, e.g. "Đảng ủy trực thuộc Tỉnh ủy"
    terms: dict[str, Term]
    source: str  # repository-relative path of the data file
    closed: bool = False  # `closed: true`: a fixed list that code relies on (kinds, levels, …)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.terms

    def get(self, key: object) -> Term | None:
        """The entry for `key`, or None (also for values of the wrong type from a bad record)."""
        return self.terms.get(key) if isinstance(key, str) else None

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, key: str) -> Term:
        return self.terms[key]

    def label(self, key: str) -> str:
        term = self.terms.get(key)
        return term.label if term else key

    def suggest(self, value: object) -> Term | None:
        """The entry an editor most likely meant: by key, by a typed label, or by a near miss."""
        if not isinstance(value, str) or not value.strip():
            return None
        typed = slugify(value)
        if typed in self.terms:
            return self.terms[typed]
        by_label = {slugify(t.label): t for t in self}
        by_name = {slugify(str(t.get("name"))): t for t in self if t.get("name")}
        for table in (by_label, by_name):
            if typed in table:
                return table[typed]
        # The first words of one label only ("y te" for "Y tế, chăm sóc sức khỏe Nhân dân").
        starting = {t.key: t for s, t in by_label.items() if s.startswith(typed + "-")}
        if len(starting) == 1:
            return next(iter(starting.values()))
        for table in (self.terms, by_label, by_name):
            close = difflib.get_close_matches(typed, list(table), n=1, cutoff=0.75)
            if close:
                found = table[close[0]]
                return found if isinstance(found, Term) else None
        return None

    def schema_def(self) -> dict[str, Any]:
        """A JSON Schema definition: the keys as an enum, labels for editors' completion."""
        return {
            "title": self.title,
            "description": f"Một khóa trong danh mục {self.source}.",
            "type": "string",
            "enum": list(self.terms),
            "markdownEnumDescriptions": [t.label for t in self],
            "enumDescriptions": [t.label for t in self],
            # Shown by yaml-language-server (VS Code) instead of its English "Value is not
            # accepted"; the validator's own message is the one with suggestions.
            "errorMessage": (
                f"Không có trong danh mục {self.title.lower()} ({self.source}); "
                "nhấn Ctrl+Space để chọn một khóa trong danh mục"
            ),
        }


class Vocabularies:
    """All vocabularies of the honor roll, by schema definition name."""

    def __init__(self, vocabularies: dict[str, Vocabulary]) -> None:
        self._all = vocabularies

    def __getitem__(self, name: str) -> Vocabulary:
        return self._all[name]

    def __iter__(self) -> Iterator[Vocabulary]:
        return iter(self._all.values())

    # The ones code reads by name, for readability at the call site.
    kinds = property(lambda self: self["kind"])
    subjects = property(lambda self: self["subject"])
    fields = property(lambda self: self["field"])
    communes = property(lambda self: self["commune"])
    party_committees = property(lambda self: self["party_committee"])
    periods = property(lambda self: self["period"])
    statuses = property(lambda self: self["status"])
    levels = property(lambda self: self["level"])
    regions = property(lambda self: self["region"])
    media_types = property(lambda self: self["media_type"])

    def schema_defs(self) -> dict[str, Any]:
        return {name: vocab.schema_def() for name, vocab in self._all.items()}


def load_vocabularies(data_dir: Path, root: Path) -> tuple[Vocabularies, list[Problem]]:
    """Read every vocabulary file; problems in them are reported like problems in records."""
    vocabularies: dict[str, Vocabulary] = {}
    problems: list[Problem] = []
    for name, stem in VOCABULARY_FILES.items():
        path = data_dir / f"{stem}.yml"
        rel = relative(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(
                Problem(rel, 0, "", f"không đọc được danh mục ({exc.__class__.__name__})")
            )
            vocabularies[name] = Vocabulary(name, stem, {}, rel)
            continue
        data, lines, source_problems = parse_yaml(text)
        problems += [Problem(rel, p.line, format_key(p.key), p.message) for p in source_problems]
        vocab, more = _build(name, rel, data, lines)
        problems += more + _check_attributes(vocab, lines)
        vocabularies[name] = vocab
    problems += _check_references(vocabularies)
    return Vocabularies(vocabularies), problems


# Attributes the code reads from some vocabularies: without them a rule would silently switch off
# (a period without dates) or a page would print "None" (a level without its badge).
REQUIRED_ATTRIBUTES: dict[str, dict[str, tuple[type, str]]] = {
    "period": {
        "start": (date, "ngày bắt đầu dạng năm-tháng-ngày, ví dụ 2025-01-01"),
        "end": (date, "ngày kết thúc dạng năm-tháng-ngày, ví dụ 2028-12-31"),
    },
    "kind": {"path": (str, "địa chỉ của danh sách, ví dụ ca-nhan")},
    "level": {"badge": (str, "nhãn trên thẻ, ví dụ Điển hình cấp tỉnh")},
    "subject": {"kind": (str, "loại điển hình: individual hoặc collective")},
}


def _check_attributes(vocab: Vocabulary, lines: dict) -> list[Problem]:
    problems = []
    for term in vocab:
        for attribute, (kind, hint) in REQUIRED_ATTRIBUTES.get(vocab.name, {}).items():
            value = term.get(attribute)
            if not isinstance(value, kind) or (kind is str and not value.strip()):
                line = lines.get(
                    ("entries", term.key, attribute), lines.get(("entries", term.key), 1)
                )
                problems.append(
                    Problem(
                        vocab.source,
                        line,
                        f"entries.{term.key}.{attribute}",
                        (f"cần {hint}, nhưng gặp {quote(value)}"),
                    )
                )
    return problems


def _check_references(vocabularies: dict[str, Vocabulary]) -> list[Problem]:
    """Entries that name an entry of another vocabulary must name one that exists."""
    problems = []
    for name, attribute, target in (
        ("subject", "kind", "kind"),
        ("party_committee", "commune", "commune"),
    ):
        vocab, other = vocabularies.get(name), vocabularies.get(target)
        if vocab is None or other is None:
            continue
        for term in vocab:
            value = term.get(attribute)
            if value is not None and value not in other:
                problems.append(
                    Problem(
                        vocab.source,
                        0,
                        f"entries.{term.key}.{attribute}",
                        (f"{quote(value)} không có trong {other.source}"),
                    )
                )
    return problems


def _build(name: str, rel: str, data: Any, lines: dict) -> tuple[Vocabulary, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        problems.append(Problem(rel, 1, "entries", "danh mục cần khóa 'title' và nhóm 'entries'"))
        return Vocabulary(name, name, {}, rel), problems
    terms: dict[str, Term] = {}
    for key, entry in data["entries"].items():
        line = lines.get(("entries", key), 1)
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            problems.append(
                Problem(rel, line, f"entries.{key}", "mỗi mục cần có 'label' (tên tiếng Việt)")
            )
            continue
        if slugify(key) != key:
            problems.append(
                Problem(
                    rel,
                    line,
                    f"entries.{key}",
                    (
                        f"khóa phải là chữ thường không dấu, số và dấu gạch ngang, ví dụ '{slugify(key)}'"
                    ),
                )
            )
        attrs = {k: v for k, v in entry.items() if k != "label"}
        terms[key] = Term(key, entry["label"], attrs)
    title = str(data.get("title") or name)
    return Vocabulary(name, title, terms, rel, closed=data.get("closed") is True), problems
