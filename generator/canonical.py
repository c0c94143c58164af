"""The canonical text of a record: one way to write every record, so diffs show only real changes.

`python -m generator fmt` rewrites records in this form and `fmt --check` reports those that are
not in it; `python -m generator new` writes new records in it. The form is the commented
template editors see in CONTRIBUTING.md:

    ---
    # yaml-language-server: $schema=../../schema/record.schema.json
    # DỮ LIỆU MẪU: …                       <- the editor's own full-line notes, kept in order
    name: Nguyễn Thị Mai  # Họ và tên / tên tập thể
    kind: individual  # individual (Cá nhân) | collective (Tập thể)
    # role:  # Chức vụ, nghề nghiệp (không bắt buộc)   <- an optional key not used yet
    …
    ---

    Câu chuyện…

- Line 1 is `---`, so the front matter stays standard (mkdocs, GitHub and every front matter
  reader expect it there). Line 2 is the modeline that points yaml-language-server (VS Code's
  YAML extension, Neovim, Helix, Zed) at the schema: the server reads a modeline from any comment
  of the YAML document, and with the modeline inside the front matter only the front matter is
  checked against the schema, never the story.
- Keys follow the order of the schema's `properties` (the contract's order); unknown keys, which
  the validator reports, are kept after them.
- Every key line ends with a short Vietnamese help comment derived from the schema (its title,
  whether the key is optional, the values of closed vocabularies), so editors working in the
  browser see what to write. In lists, only the first item carries comments.
- Optional top-level keys not in use appear as commented-out lines (`# role:`), so every key is
  visible; uncommenting one and writing its value is all it takes to use it.
- The generated comments are rewritten on every run; every other full-line comment is the
  editor's own note and is kept, gathered after the modeline in its original order. End-of-line
  comments are always regenerated.
- Values are kept exactly: dates stay dates, decision numbers are always in double quotes, other
  text is written plain when YAML reads it back unchanged and in double quotes otherwise. Text is
  NFC. The story is kept as written apart from NFC, line endings and trailing spaces (a Markdown
  hard line break, two trailing spaces, is kept as exactly two).

Every rewrite is read back and compared with the original values before anything is written.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import Parsed, parse_record_text
from .problems import Problem, Severity
from .vocabularies import Vocabularies, Vocabulary

MODELINE = "# yaml-language-server: $schema={}"
_MODELINE = re.compile(r"^#\s*(yaml-language-server\s*:|\$schema\s*:)")
# A commented-out key with no value, as written for optional keys not in use.
_STUB = re.compile(r"^#\s*([A-Za-z_][A-Za-z0-9_]*):\s*(#.*)?$")
# Values that are always quoted: decision numbers are written "as printed" and may look like
# numbers or dates to YAML ("125", "2026-01"), which would silently change their type.
ALWAYS_QUOTED = {"decision"}
# Optional keys that get no commented-out line when absent: `sample` only marks sample data.
NO_STUB = {"sample"}
# Help that the schema's titles do not carry, keyed by the property's dotted path.
EXTRA_HELP = {
    "recognitions": "thêm lần công nhận mới ở cuối",
    "summary": "1-2 câu, tối đa {maxLength} ký tự",
    "achievements": "mỗi dòng một thành tích",
    "photos": "ảnh đầu tiên là ảnh chân dung; tệp nằm trong thư mục hồ sơ",
    "consent": "bắt buộc với cá nhân có ảnh hoặc có ghi dân tộc",
    "consent.photos": "true khi đã có sự đồng ý đăng ảnh",
    "consent.ethnicity": "true khi đã có sự đồng ý công khai dân tộc",
    "aliases": "địa chỉ cũ khi đổi tên thư mục",
}
_SIMPLE_WORD = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_REF = re.compile(r"#/\$defs/(\w+)$")


class FormatError(Exception):
    """A record that cannot be rewritten safely (the rewrite would change a value)."""


@dataclass
class Form:
    """What the schema says about how a record is laid out: key order, help comments."""

    schema: dict[str, Any]
    vocabularies: Vocabularies

    def keys(self, node: dict[str, Any]) -> list[str]:
        return list(node.get("properties", {}))

    def vocabulary(self, prop: dict[str, Any]) -> Vocabulary | None:
        match = _REF.search(prop.get("$ref", ""))
        if match:
            try:
                return self.vocabularies[match.group(1)]
            except KeyError:
                return None
        return None

    def comment(self, path: str, prop: dict[str, Any], required: bool) -> str:
        """The help comment of one key, e.g. "Xã, phường: khóa trong data/communes.yml".

        `path` is the key's dotted path without list positions, e.g. "recognitions.date".
        """
        key = path.rpartition(".")[2]
        title = prop.get("title", key)
        optional = "" if required else " (không bắt buộc)"
        vocab = self.vocabulary(prop) or self.vocabulary(prop.get("items", {}))
        if vocab is not None and vocab.closed:
            # Closed vocabularies are few and fixed: list them, with their Vietnamese labels.
            choices = " | ".join(
                t.key if t.key in t.label else f"{t.key} ({t.label})" for t in vocab
            )
            return f"{choices}{optional}" if prop.get("$ref") else f"{title}{optional}: {choices}"
        if vocab is not None:
            return f"{title}{optional}: khóa trong {vocab.source}"
        help_text = EXTRA_HELP.get(path, "")
        if prop.get("format") == "date":
            help_text = "năm-tháng-ngày"
        if key in ALWAYS_QUOTED:
            help_text = 'trong ngoặc kép "…", đúng như trên văn bản'
        if prop.get("type") == "array" and prop.get("minItems"):
            help_text = ", ".join(filter(None, [f"ít nhất {prop['minItems']}", help_text]))
        help_text = help_text.format(**prop)
        return f"{title}{optional}: {help_text}" if help_text else f"{title}{optional}"


def modeline_for(record_file: Path, schema_file: Path) -> str:
    """The modeline of a record: the schema's path relative to the record's folder."""
    relative = os.path.relpath(schema_file, record_file.parent)
    return MODELINE.format(Path(relative).as_posix())


# --- writing ---------------------------------------------------------------------------------


def render(
    data: dict[str, Any], story: str, form: Form, modeline: str, notes: Sequence[str] = ()
) -> str:
    """The canonical text of a record from its values, story and the editor's notes."""
    lines = ["---", modeline, *notes]
    lines += _mapping(data, form.schema, form, indent="", comments=True, path="")
    lines.append("---")
    story = normalize_story(story)
    if story:
        lines += ["", story]
    return "\n".join(lines) + "\n"


def _mapping(
    data: dict[str, Any],
    node: dict[str, Any],
    form: Form,
    indent: str,
    comments: bool,
    path: str,
) -> list[str]:
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", []))
    top = not path
    known = [k for k in properties if k in data or (top and k not in NO_STUB)]
    order = known + [k for k in data if k not in properties]
    lines: list[str] = []
    for key in order:
        prop = properties.get(key, {})
        dotted = f"{path}.{key}" if path else key
        note = form.comment(dotted, prop, key in required) if comments and prop else ""
        if key not in data:  # an optional key not in use: shown commented out
            lines.append(_with_comment(f"{indent}# {key}:", note))
            continue
        lines += _entry(dotted, data[key], prop, form, indent, note, comments)
    return lines


def _entry(
    path: str, value: Any, prop: dict[str, Any], form: Form, indent: str, note: str, comments: bool
) -> list[str]:
    key = path.rpartition(".")[2]
    head = f"{indent}{key}:"
    if isinstance(value, dict):
        return [_with_comment(head, note)] + _mapping(
            value, prop, form, indent + "  ", comments, path
        )
    if isinstance(value, list):
        if not value:
            return [_with_comment(f"{head} []", note)]
        if all(isinstance(v, str) and _SIMPLE_WORD.match(v) and _plain_ok(v) for v in value):
            return [_with_comment(f"{head} [{', '.join(value)}]", note)]
        lines = [_with_comment(head, note)]
        items = prop.get("items", {})
        for i, item in enumerate(value):
            lines += _item(item, items, form, indent + "  ", comments and i == 0, path)
        return lines
    return [_with_comment(f"{head} {scalar(value, key)}".rstrip(), note)]


def _item(
    item: Any, node: dict[str, Any], form: Form, indent: str, comments: bool, path: str
) -> list[str]:
    if isinstance(item, dict) and item:
        inner = _mapping(item, node, form, indent + "  ", comments, path)
        return [f"{indent}- {inner[0][len(indent) + 2 :]}", *inner[1:]]
    if isinstance(item, list):  # not in the contract; kept in flow style so nothing is lost
        return [f"{indent}- {json.dumps(_plain(item), ensure_ascii=False)}"]
    if isinstance(item, dict):
        return [f"{indent}- {{}}"]
    return [f"{indent}- {scalar(item, '')}".rstrip()]


def _with_comment(line: str, note: str) -> str:
    return f"{line}  # {note}" if note else line


def scalar(value: Any, key: str = "") -> str:
    """One YAML scalar in canonical style."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if key in ALWAYS_QUOTED or not _plain_ok(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def _plain_ok(text: str) -> bool:
    """Whether `text` reads back as the same string when written without quotes."""
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    try:
        return yaml.load(f"k: {text}\n", Loader=yaml.SafeLoader) == {"k": text}
    except yaml.YAMLError:
        return False


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def normalize_story(story: str) -> str:
    """The story without trailing spaces or blank lines around it; hard breaks are kept."""
    lines = story.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # Markdown's hard line break: two or more spaces at the end of a line inside a paragraph.
        if stripped and line.endswith("  ") and following.strip() and stripped == line.rstrip(" "):
            stripped += "  "
        out.append(stripped)
    return "\n".join(out).strip("\n")


# --- reading ---------------------------------------------------------------------------------


@dataclass
class Canonical:
    """The canonical text of one record file, or why it could not be made."""

    text: str | None
    parsed: Parsed


def notes_of(text: str) -> list[str]:
    """The editor's own full-line comments in the front matter, without generated ones."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    front = "\n".join(lines[1:end]) + "\n"
    covered: set[int] = set()
    try:
        for token in yaml.scan(front, Loader=yaml.SafeLoader):
            if token.start_mark.index == token.end_mark.index:
                continue  # zero-width markers (stream start, block start) hold no text
            last = token.end_mark.line if token.end_mark.column else token.end_mark.line - 1
            covered.update(range(token.start_mark.line, max(last, token.start_mark.line) + 1))
    except yaml.YAMLError:
        return []
    notes = []
    for index, line in enumerate(front.split("\n")):
        stripped = line.strip()
        if index in covered or not stripped.startswith("#"):
            continue
        if _MODELINE.match(stripped) or _STUB.match(stripped):
            continue
        notes.append(stripped)
    return notes


def canonical(text: str, form: Form, modeline: str) -> Canonical:
    """The canonical form of a record's text; `text` is None when it cannot be read."""
    parsed = parse_record_text(text)
    # Warnings (a look-alike character the reader already replaced) do not stop formatting:
    # writing the fixed text is how they go away.
    if any(p.severity is Severity.ERROR for p in parsed.problems) or not isinstance(
        parsed.data, dict
    ):
        return Canonical(None, parsed)
    result = render(parsed.data, parsed.body, form, modeline, notes_of(_without_bom(text)))
    _check_round_trip(parsed, result)
    return Canonical(result, parsed)


def _without_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _check_round_trip(original: Parsed, result: str) -> None:
    again = parse_record_text(result)
    if any(p.severity is Severity.ERROR for p in again.problems) or again.data != original.data:
        raise FormatError("the canonical form would change a value")
    if normalize_story(again.body) != normalize_story(original.body):
        raise FormatError("the canonical form would change the story")


def first_difference(old: str, new: str) -> tuple[int, str]:
    """The first line (1-based) where `old` differs from `new`, and the line `new` has there."""
    old_lines = old.split("\n")
    new_lines = new.split("\n")
    for i, line in enumerate(new_lines):
        if i >= len(old_lines) or old_lines[i] != line:
            return i + 1, line
    return len(new_lines), ""


def iter_record_files(paths: Iterable[Path], records_dir: Path) -> Iterator[Path]:
    """Record files named by `paths` (files or folders), or every record when none is named."""
    paths = list(paths)
    if not paths:
        yield from sorted(records_dir.glob("*/index.md"))
        return
    for path in paths:
        if path.is_dir():
            direct = path / "index.md"
            if direct.is_file():
                yield direct
            else:
                yield from sorted(path.glob("*/index.md"))
        else:
            yield path


def fmt_problem(rel: str, old: str, new: str) -> Problem:
    line, expected = first_difference(old, new)
    written = (old.split("\n") + [""])[line - 1]
    shown = expected if len(expected) <= 120 else expected[:119] + "…"
    # A difference an editor cannot see on screen is named, not shown as two identical lines.
    visible = written.lstrip("\ufeff").rstrip()
    if line == 1 and written.startswith("\ufeff") and visible == expected:
        detail = (
            "dòng 1 bắt đầu bằng một ký tự vô hình (BOM), do trình soạn thảo thêm vào khi lưu với "
            'mã hóa "UTF-8 with BOM"'
        )
    elif written != expected and visible == expected:  # also a line of spaces that should be empty
        detail = f"dòng {line} thừa khoảng trắng" + (" ở cuối" if visible else "")
    elif written != expected and unicodedata.normalize("NFC", written) == expected:
        detail = (
            f"chữ có dấu ở dòng {line} được lưu dạng tổ hợp (NFD, thường do máy Mac hay một số "
            "bộ gõ), trông giống hệt nhưng khác mã"
        )
    elif expected:
        detail = f'dòng {line} nên là: "{shown}"'
    else:
        detail = f"dòng {line} nên bỏ"
    return Problem(
        rel,
        line,
        "",
        (
            f"hồ sơ chưa viết theo dạng chuẩn ({detail}); chạy 'python -m generator fmt' "
            "(hoặc 'make fmt') để sửa tự động"
        ),
    )
