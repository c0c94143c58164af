"""The one place that owns how a problem in a record is described and printed.

Every stage (loading, schema, rules, photos) returns `Problem` objects instead of printing or
raising; the CLI and the mkdocs adapter print them with `format_problem`, sorted, one per line:

    exemplars/nguyen-thi-mai/index.md:12: awards[2].date: cần một ngày dạng 2026-06-15, gặp "sớm"

Indexes in key paths count from 1, as editors count items in a list ("the second award").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

KeyPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one line, under one key."""

    file: str  # repository-relative, forward slashes
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    key: str  # formatted key path, e.g. "recognitions[2].date"; "" when none applies
    message: str  # Vietnamese: what was expected and what was found
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def format_key(path: Sequence[str | int]) -> str:
    """`("awards", 1, "date")` -> `awards[2].date` (list positions shown from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def format_problem(problem: Problem) -> str:
    location = f"{problem.file}:{problem.line}" if problem.line else problem.file
    prefix = "" if problem.is_error else "cảnh báo: "
    key = f"{problem.key}: " if problem.key else ""
    return f"{location}: {prefix}{key}{problem.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by file, then line, then key; duplicates removed."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.key, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def summary_line(problems: Sequence[Problem]) -> str:
    """A closing line for the terminal: how many errors and warnings, in how many files."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    files = len({p.file for p in errors})
    parts = []
    if errors:
        parts.append(f"{len(errors)} lỗi trong {files} tệp")
    if warnings:
        parts.append(f"{len(warnings)} cảnh báo")
    return ", ".join(parts) if parts else "không có lỗi"


def quote(value: object, limit: int = 60) -> str:
    """Show a found value to an editor: strings in double quotes, shortened when long."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return '"' + text.replace("\n", " ") + '"'
    if value is None:
        return "(để trống)"
    if value is True:
        return "true"
    if value is False:
        return "false"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
