"""GitHub Actions output: the same `Problem` objects, printed for the hosting site.

`python -m generator validate --format github` (and `fmt --check --format github`) print each
problem as a workflow command, which the pull request shows as an annotation on the file and
line:

    ::error file=exemplars/nguyen-thi-mai/index.md,line=12,title=Hồ sơ chưa hợp lệ::awards[2].date: …

GitHub shows only the first 10 annotations of each kind per step, so the full list is also
written as Markdown to the job summary (the file named by $GITHUB_STEP_SUMMARY), which is also
where the change summary of a pull request goes (see `changes.py`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from .problems import Problem, summary_line

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
# GitHub displays at most this many annotations of one severity per step.
ANNOTATION_LIMIT = 10


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# A warning never stops a pull request: its title must not say the record is invalid.
WARNING_TITLE = "Nên xem lại (không chặn việc đăng)"


def annotation(problem: Problem, title: str) -> str:
    """One workflow command: `::error file=…,line=…,title=…::key: message`; `title` is the
    title of errors, warnings have WARNING_TITLE."""
    command = "error" if problem.is_error else "warning"
    properties = [f"file={_escape_property(problem.file)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_escape_property(title if problem.is_error else WARNING_TITLE)}")
    message = f"{problem.key}: {problem.message}" if problem.key else problem.message
    return f"::{command} {','.join(properties)}::{_escape_data(message)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Text shown literally in GitHub-flavoured Markdown (no emphasis, links or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))


def summary_markdown(problems: Sequence[Problem], heading: str, fix: str, extra: str = "") -> str:
    """The complete list of problems as Markdown for the job summary."""
    if not problems:
        return f"### {md(heading)}: không có lỗi\n\n"
    lines = [f"### {md(heading)}: {md(summary_line(problems))}", ""]
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors > ANNOTATION_LIMIT or warnings > ANNOTATION_LIMIT:
        lines += [
            "GitHub chỉ đánh dấu 10 lỗi đầu tiên trên các dòng đã sửa; danh sách đầy đủ ở dưới.",
            "",
        ]
    for p in problems:
        where = f"{p.file}:{p.line}" if p.line else p.file
        prefix = "" if p.is_error else "cảnh báo: "
        key = f"**{md(p.key)}**: " if p.key else ""
        lines.append(f"- `{where}` {prefix}{key}{md(p.message)}")
    lines += ["", fix, ""]
    if extra:
        lines += [extra, ""]
    return "\n".join(lines) + "\n"


def write_summary(markdown: str, environ: dict[str, str] | None = None) -> bool:
    """Append to the job summary when running in GitHub Actions; False elsewhere."""
    target = (environ if environ is not None else os.environ).get(SUMMARY_ENV)
    if not target:
        return False
    with Path(target).open("a", encoding="utf-8") as summary:
        summary.write(markdown)
    return True


def details(summary: str, body: str, language: str = "") -> str:
    """A collapsed block holding `body` as a code block (e.g. a record to copy)."""
    fence = "````" if "```" in body else "```"
    return (
        f"<details><summary>{md(summary)}</summary>\n\n"
        f"{fence}{language}\n{body.rstrip()}\n{fence}\n\n</details>\n"
    )
