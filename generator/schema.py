"""The record schema: `schema/record.schema.json` is the single source of truth for record fields.

The schema refers to the vocabularies by name (`vocabularies.schema.json#/$defs/commune`); those
definitions are built from `data/*.yml` and registered in memory, so the data files stay the one
place vocabularies are edited. `write_vocabulary_schema()` writes the same definitions to
`schema/vocabularies.schema.json` for editors' tools (VS Code completes values from it).

`SchemaChecker.check()` runs JSON Schema validation and turns every error into a Vietnamese
`Problem` that says what was expected and what was found.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .frontmatter import yaml_quoted
from .problems import Problem, quote
from .records import RecordFile
from .vietnamese import fold
from .vocabularies import Vocabularies, Vocabulary

VOCABULARY_SCHEMA = "vocabularies.schema.json"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REQUIRED = re.compile(r"^'(.+)' is a required property$")
_WORDS = re.compile(r"[a-z0-9]+")

_TYPE_EXPECTED = {
    "string": "một đoạn chữ",
    "array": "một danh sách (mỗi mục một dòng, bắt đầu bằng '- ')",
    "object": "một nhóm khóa (mỗi khóa một dòng 'khóa: giá trị', thụt lề)",
    "boolean": "true hoặc false",
    "integer": "một số nguyên",
    "number": "một số",
}


def _found(value: Any) -> str:
    if value is None:
        return "giá trị để trống"
    if isinstance(value, bool):
        return f"{quote(value)}"
    if isinstance(value, (int, float)):
        written = getattr(value, "written", None)  # frontmatter.WrittenInt: 0125 read as 85
        return f"'{written}', mà YAML đọc thành số {value}" if written else f"số {value}"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm khóa"
    return quote(value)


def _colon_hint(key: str, value: Any) -> str:
    """`- Vận động: 40 hộ` read as a key and its value: the sentence, quoted, when the value
    can be written back as typed (text, a number as written, a date)."""
    hint = "; câu có dấu ': ' nên YAML hiểu là 'khóa: giá trị'"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = getattr(value, "written", None) or str(value)
    elif isinstance(value, (str, date)):
        written = value if isinstance(value, str) else value.isoformat()
    else:  # true/false/null, lists and groups are not written back the way they were typed
        return hint + "; hãy đặt cả câu trong ngoặc kép"
    return hint + f"; hãy đặt cả câu trong ngoặc kép: {yaml_quoted(f'{key}: {written}')}"


def to_json(value: Any) -> Any:
    """The front matter as JSON Schema sees it: dates become ISO strings."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def vocabulary_schema(vocabularies: Vocabularies) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Danh mục dùng trong hồ sơ điển hình",
        "description": (
            "Tệp được tạo từ các tệp data/*.yml bằng lệnh `python -m generator schema`; "
            "đừng sửa tay, hãy sửa tệp danh mục rồi chạy lại lệnh."
        ),
        "$defs": vocabularies.schema_defs(),
    }


def write_vocabulary_schema(schema_dir: Path, vocabularies: Vocabularies) -> Path:
    path = schema_dir / VOCABULARY_SCHEMA
    text = json.dumps(vocabulary_schema(vocabularies), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


class SchemaChecker:
    def __init__(self, schema_path: Path, vocabularies: Vocabularies) -> None:
        self.schema = json.loads(schema_path.read_text(encoding="utf-8"))
        self.vocabularies = vocabularies
        resource = Resource.from_contents(vocabulary_schema(vocabularies), DRAFT202012)
        registry: Registry = Registry().with_resource(VOCABULARY_SCHEMA, resource)
        checker = jsonschema.FormatChecker(formats=())
        checker.checks("date")(_is_iso_date)
        # References to the vocabularies are resolved once, here: looked up through the registry
        # on every record, they took a third of the time of checking one.
        defs = vocabulary_schema(vocabularies)["$defs"]
        self.validator = jsonschema.Draft202012Validator(
            _inline_vocabularies(self.schema, defs), registry=registry, format_checker=checker
        )
        # An enum's values identify its vocabulary in an error.
        self._vocab_by_enum = {tuple(v.terms): v for v in vocabularies}

    def check(self, rf: RecordFile) -> list[Problem]:
        instance = to_json(rf.data)
        errors = list(self.validator.iter_errors(instance))
        # A misspelt key ("sumary") is reported once, with its suggestion, rather than also as
        # the required key it was meant to be.
        misspelt = {
            (tuple(e.absolute_path), self._closest(extra, e.schema))
            for e in errors
            if e.validator == "additionalProperties"
            for extra in set(e.instance) - set(e.schema.get("properties", {}))
        }
        problems: list[Problem] = []
        for error in errors:
            if error.validator == "required":
                match = _REQUIRED.match(error.message)
                if match and (tuple(error.absolute_path), match.group(1)) in misspelt:
                    continue
            problems.extend(self._translate(rf, error))
        return problems

    @staticmethod
    def _closest(key: str, schema: dict[str, Any]) -> str | None:
        """The key meant by a misspelt one ("sumary"), or by its Vietnamese name ("tên", "xã",
        "dân tộc"): the one property whose title has every word of it, diacritics or not."""
        properties = schema.get("properties", {})
        close = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.6)
        if close:
            return close[0]
        words = set(_WORDS.findall(fold(key)))
        titled = [
            name
            for name, prop in properties.items()
            if words and words <= set(_WORDS.findall(fold(str(prop.get("title", "")))))
        ]
        return titled[0] if len(titled) == 1 else None

    def property_title(self, path: tuple) -> str | None:
        """The Vietnamese title the schema gives the property at `path`."""
        node = self.schema
        for part in path:
            if isinstance(part, int):
                node = node.get("items", {})
            else:
                node = node.get("properties", {}).get(part, {})
        return node.get("title")

    def _translate(self, rf: RecordFile, error: jsonschema.ValidationError) -> Iterator[Problem]:
        path = tuple(error.absolute_path)
        kind = error.validator
        value = error.instance
        if kind == "required":
            match = _REQUIRED.match(error.message)
            missing = match.group(1) if match else "?"
            title = self.property_title(path + (missing,))
            label = f" ({title})" if title else ""
            where = "hồ sơ" if not path else "mục này"
            yield rf.problem(
                path + (missing,),
                f"thiếu khóa bắt buộc '{missing}'{label} trong {where}",
                line=rf.line(path),
            )
        elif kind == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for extra in sorted(set(value) - set(allowed)):
                close = self._closest(extra, error.schema)
                hint = (
                    f"; có phải ý bạn là '{close}'?"
                    if close
                    else (f"; các khóa được dùng ở đây: {', '.join(allowed)}")
                )
                yield rf.problem(
                    path + (extra,), f"khóa '{extra}' không có trong định dạng hồ sơ{hint}"
                )
        elif kind == "type":
            expected = error.validator_value
            names = [expected] if isinstance(expected, str) else list(expected)
            wanted = " hoặc ".join(_TYPE_EXPECTED.get(n, n) for n in names)
            if value is None:
                # An optional key of the template, uncommented but not filled in.
                unused = (
                    "; nếu không dùng khóa này, hãy viết lại '# ' ở đầu dòng hoặc xóa dòng"
                    if len(path) == 1 and path[0] not in self.schema.get("required", ())
                    else ""
                )
                yield rf.problem(path, f"không được để trống; cần {wanted}{unused}")
            else:
                hint = ""
                if "string" in names and isinstance(value, (int, float, bool)):
                    written = getattr(value, "written", None) or quote(value)
                    hint = f' (hãy đặt trong ngoặc kép: "{written}")'
                elif "string" in names and isinstance(value, dict) and len(value) == 1:
                    hint = _colon_hint(*next(iter(value.items())))
                yield rf.problem(path, f"cần {wanted}, nhưng gặp {_found(value)}{hint}")
        elif kind == "enum":
            yield rf.problem(path, self._enum_message(error.validator_value, value))
        elif kind == "format":
            hint = error.schema.get("x-hint", f"định dạng {error.validator_value}")
            yield rf.problem(path, f"cần {hint}, nhưng gặp {_found(value)}")
        elif kind == "pattern":
            hint = error.schema.get("x-hint", "đúng định dạng")
            yield rf.problem(path, f"cần {hint}, nhưng gặp {_found(value)}")
        elif kind == "minItems":
            yield rf.problem(
                path,
                (
                    f"cần ít nhất {error.validator_value} mục (mỗi mục một dòng bắt đầu bằng '- '), "
                    f"nhưng có {len(value)}"
                ),
            )
        elif kind == "minLength":
            yield rf.problem(path, "không được để trống")
        elif kind == "maxLength":
            yield rf.problem(
                path, (f"dài {len(value)} ký tự, tối đa {error.validator_value}; hãy viết ngắn lại")
            )
        elif kind == "uniqueItems":
            yield rf.problem(path, "có mục bị lặp lại; mỗi giá trị chỉ viết một lần")
        else:  # a keyword added to the schema later: still say something useful
            yield rf.problem(path, f"giá trị không hợp lệ ({error.message})")

    def _enum_message(self, allowed: list[str], value: Any) -> str:
        vocab: Vocabulary | None = self._vocab_by_enum.get(tuple(allowed))
        if vocab is None:
            return f"cần một trong: {', '.join(map(str, allowed))}; nhưng gặp {_found(value)}"
        message = f"{_found(value)} không có trong danh mục {vocab.title.lower()} ({vocab.source})"
        suggestion = vocab.suggest(value)
        if suggestion is not None:
            return f"{message}; có phải ý bạn là '{suggestion.key}' ({suggestion.label})?"
        if len(vocab) <= 12:
            choices = ", ".join(f"{t.key} ({t.label})" for t in vocab)
            return f"{message}; chọn một trong: {choices}"
        return f"{message}; hãy chọn một khóa trong tệp danh mục"


def _inline_vocabularies(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with each `$ref` to a vocabulary replaced by the vocabulary's schema itself."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        prefix = f"{VOCABULARY_SCHEMA}#/$defs/"
        if isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix) :] in defs:
            node = {
                **{k: v for k, v in node.items() if k != "$ref"},
                **defs[ref[len(prefix) :]],
            }
        return {k: _inline_vocabularies(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_vocabularies(v, defs) for v in node]
    return node


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
