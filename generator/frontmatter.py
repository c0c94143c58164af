"""Reading a record file: split the YAML front matter from the story, and parse the YAML.

PyYAML's own `safe_load` loses line numbers, silently keeps the last of two duplicate keys and
expands aliases. This loader composes the node tree once and builds plain Python values from it
itself, so that it can:

- remember the line of every key and list item (`lines[("awards", 1, "date")] == 23`);
- report a duplicate key at the line of its second occurrence;
- refuse anchors and aliases (`&a`, `*a`): records never need them, and expanded aliases are the
  "billion laughs" attack;
- keep YAML dates as `datetime.date`, and report impossible dates (2026-02-30) as problems;
- normalize every string, keys included, to Unicode NFC.

Nothing here raises for bad input: problems are returned.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import KeyPath, Severity

try:  # libyaml is several times faster on large record sets; the pure-Python one is equivalent
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_QUOTE_IT = 'hãy đặt cả giá trị trong ngoặc kép "…"'


def yaml_quoted(text: str) -> str:
    """`text` as a quoted YAML value an editor can paste: in double quotes, or in single quotes
    (which need no backslashes) when it holds a double quote or a backslash."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


# What PyYAML (libyaml or pure Python, whose wordings differ) says, and what an editor needs to
# hear instead. Matched by the start of PyYAML's `problem`; the first match wins.
_YAML_HINTS: list[tuple[str, str]] = [
    (
        "mapping values are not allowed",
        (
            "có dấu hai chấm ':' ở chỗ không được phép; nếu giá trị có dấu ':', "
            + _QUOTE_IT
            + "; nếu không, có thể dòng phía trên thiếu dấu ':' sau tên khóa"
        ),
    ),
    ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên khóa"),
    (
        "did not find expected '-' indicator",
        ("mục danh sách '- ' thụt lề không thẳng hàng với các mục phía trên"),
    ),
    (
        "did not find expected key",
        (
            "thụt lề không thẳng hàng với các dòng phía trên, hoặc giá trị có dấu nháy ' hay \" "
            "không khép đúng chỗ (" + _QUOTE_IT.replace("hãy ", "") + ")"
        ),
    ),
    (
        "expected <block end>",
        (
            "thụt lề không thẳng hàng với các dòng phía trên, hoặc giá trị có dấu nháy ' hay \" "
            "không khép đúng chỗ"
        ),
    ),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép \" hoặc nháy ' đóng ở cuối giá trị"),
    (
        "found unknown escape character",
        ("có dấu gạch chéo ngược '\\' trong ngoặc kép; hãy bỏ ngoặc kép hoặc dùng nháy đơn '…'"),
    ),
    ("found undefined alias", "giá trị bắt đầu bằng '*'; " + _QUOTE_IT),
    # `- *Nổi bật*: …` (Markdown emphasis) or `- & …`: YAML reads * and & as its own signs.
    # libyaml's wording, then the pure-Python loader's.
    *(
        (
            start,
            "giá trị bắt đầu bằng '*' hoặc '&', hai ký hiệu riêng của YAML; chữ nghiêng, chữ đậm "
            "kiểu Markdown không dùng được ở phần thông tin: hãy bỏ các dấu '*'",
        )
        for start in (
            "did not find expected alphabetic or numeric character",
            "expected alphabetic or numeric character",
        )
    ),
    (
        "did not find expected ',' or ']'",
        "thiếu dấu ']' đóng danh sách [ … ] hoặc dấu ',' giữa các mục",
    ),
    ("expected ',' or ']'", "thiếu dấu ']' đóng danh sách [ … ] hoặc dấu ',' giữa các mục"),
    ("did not find expected ',' or '}'", "thiếu dấu '}' đóng nhóm { … } hoặc dấu ',' giữa các mục"),
    ("expected ',' or '}'", "thiếu dấu '}' đóng nhóm { … } hoặc dấu ',' giữa các mục"),
]
_TAB_HINT = "có ký tự Tab; hãy thụt lề bằng dấu cách, không dùng phím Tab"
# `- "Giải nhất" hội thi …` or `summary: "Giải nhất" hội thi …`: a value that opens with a
# quoted part and goes on after it, which YAML cannot read (it blames the indentation).
_QUOTED_THEN_TEXT = re.compile(
    r"""^\s*(?:-\s+|[^\s:#"'][^:#]*:\s+)(?P<q>["'])(?P<inner>[^"'\\]*)(?P=q)[ \t]*(?P<rest>[^\s#:,].*)$"""
)


@dataclass
class SourceProblem:
    """A problem found while reading, before the record's content is known."""

    line: int
    key: KeyPath
    message: str
    severity: Severity = Severity.ERROR


@dataclass
class Parsed:
    """The result of reading one record file."""

    data: Any  # the front matter as Python values (dict when well formed), or None
    lines: dict[KeyPath, int]  # key path -> 1-based line in the file
    body: str  # the story (Markdown), NFC
    body_line: int  # the file line the story starts on
    problems: list[SourceProblem] = field(default_factory=list)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Characters that look like Vietnamese text but are not, and break search and sorting: they are
# replaced (with a warning, so the file gets fixed too).
_LOOKALIKES = {
    "\u00d0": ("\u0110", "chữ Ð (U+00D0, chữ eth của tiếng Iceland) thay vì Đ (U+0110)"),
    "\u00f0": ("\u0111", "chữ ð (U+00F0, chữ eth) thay vì đ (U+0111)"),
    "\u0189": ("\u0110", "chữ Ɖ (U+0189) thay vì Đ (U+0110)"),
    "\u00a0": (" ", "dấu cách không ngắt (U+00A0)"),
    "\u202f": (" ", "dấu cách hẹp không ngắt (U+202F)"),
    "\u2007": (" ", "dấu cách chữ số (U+2007)"),
    "\u200b": ("", "ký tự vô hình (U+200B, dấu cách độ rộng 0)"),
    "\u200c": ("", "ký tự vô hình (U+200C)"),
    "\u200d": ("", "ký tự vô hình (U+200D)"),
    "\u2060": ("", "ký tự vô hình (U+2060)"),
    "\ufeff": ("", "ký tự vô hình (U+FEFF)"),
    "\u00ad": ("", "dấu gạch nối mềm (U+00AD)"),
}
_LOOKALIKE_CHARS = re.compile("[" + "".join(_LOOKALIKES) + "]")


def canonical(text: str) -> tuple[str, list[str]]:
    """NFC text with look-alike and invisible characters replaced; what was replaced, described."""
    text = nfc(text)
    found = sorted({_LOOKALIKES[c][1] for c in _LOOKALIKE_CHARS.findall(text)})
    if found:
        text = _LOOKALIKE_CHARS.sub(lambda m: _LOOKALIKES[m.group(0)][0], text)
    return text, found


def _lookalike_warning(line: int, path: KeyPath, found: list[str]) -> SourceProblem:
    return SourceProblem(
        line,
        path,
        (
            f"đã tự sửa {', '.join(found)}; hãy gõ lại chữ đó trong tệp (thường do dán từ Word "
            "hoặc trang web) để tìm kiếm và sắp xếp đúng"
        ),
        Severity.WARNING,
    )


MAX_DEPTH = 12
# A comment started right after a value, with no space after the # (see check_cut_comment).
_CUT_COMMENT = re.compile(r"[ \t]+(#\S.*)$")
_CURLY_OPEN = "“‘«„"
_CURLY_CLOSE = "”’»“"
_QUOTES = _CURLY_OPEN + _CURLY_CLOSE + '"'


def in_quotes(text: str) -> bool:
    """Whether `text` is wholly inside quotes, straight or curly, with none in between: quotes
    that are not part of what it says."""
    return (
        len(text) > 1
        and text[0] in _QUOTES
        and text[-1] in _QUOTES
        and not any(c in _QUOTES for c in text[1:-1])
    )


class _Written:
    """A number whose text says something else to a reader: YAML reads 0125 as 85 (octal),
    1_000 as 1000, 1:20 as 80, 1.50 as 1.5. Records hold no numbers, so this is always a mistake
    to report, and the report quotes what the editor typed (`written`)."""

    written: str

    def __new__(cls, value: Any, written: str) -> Any:
        number = super().__new__(cls, value)  # type: ignore[call-arg]
        number.written = written
        return number

    def __reduce__(self) -> tuple[Any, ...]:  # kept by recordcache's pickle
        plain = type(self).__bases__[1]  # int or float
        return (type(self), (plain(self), self.written))


class WrittenInt(_Written, int):
    pass


class WrittenFloat(_Written, float):
    pass


_NO_OPENING = (
    "tệp phải bắt đầu bằng một dòng chỉ có ba dấu gạch ngang '---', tiếp theo là phần thông tin "
    "(front matter), rồi một dòng '---' nữa, rồi câu chuyện"
)
_NO_CLOSING = (
    "không thấy dòng '---' đóng phần thông tin (front matter); hãy thêm một dòng chỉ có '---' "
    "sau khóa cuối cùng, trước câu chuyện"
)
_EMPTY = "phần thông tin (front matter) đang để trống"
_NOT_A_MAPPING = (
    "phần thông tin phải là các dòng dạng 'khóa: giá trị' (ví dụ 'name: Nguyễn Thị Mai')"
)


def parse_record_text(text: str) -> Parsed:
    """Split `---` front matter from the Markdown story and parse the front matter."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].strip() != "---":
        return Parsed(None, {}, "", 1, [SourceProblem(1, (), _NO_OPENING)])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return Parsed(None, {}, "", 1, [SourceProblem(len(lines), (), _NO_CLOSING)])

    data, key_lines, problems = parse_yaml("\n".join(lines[1:end]) + "\n", first_line=2)
    commented = _commented_keys(lines[1:end], first_line=2)
    cause = min((p.line for p in commented if p.severity is Severity.ERROR), default=None)
    if data is None and cause is not None:
        # YAML's own error below is what the commented key led to: said alone, it would send
        # the editor to the wrong line.
        problems = [p for p in problems if p.line < cause]
    problems += commented
    if data is None and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(SourceProblem(2, (), _EMPTY))
    elif data is not None and not isinstance(data, dict):
        problems.append(SourceProblem(2, (), _NOT_A_MAPPING))
        data = None

    body_line = end + 2
    body_lines = []
    for number, line in enumerate(lines[end + 1 :], start=body_line):
        fixed, found = canonical(line)
        if found:
            problems.append(_lookalike_warning(number, ("câu chuyện",), found))
        body_lines.append(fixed)
    while body_lines and not body_lines[0].strip():  # blank lines before the story
        body_lines.pop(0)
        body_line += 1
    body = "\n".join(body_lines).rstrip("\n") + "\n"
    return Parsed(data, key_lines, body, body_line, problems)


# A key commented out, the way the template and `new` write optional keys not in use, at the
# start of the line and followed by its help: "# unit:  # Cơ quan, đơn vị…". An editor's own
# notes ("# note: theo báo cáo tháng 6", indented or not) have neither shape.
_COMMENTED_KEY = re.compile(r"^#[ \t]?(?P<key>[a-z][a-z_]*):(?P<value>[^#]*?)(?P<help>\s+#\s.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _commented_keys(lines: list[str], first_line: int) -> list[SourceProblem]:
    """Keys an editor filled in but left commented out: a value on the commented line is never
    published, and lines under it are read as part of the key above (a wrong key's message)."""
    problems = []
    for index, line in enumerate(lines):
        found = _COMMENTED_KEY.match(line.rstrip())
        if not found:
            continue
        key, value = found["key"], found["value"].strip()
        number = first_line + index
        below = next((other for other in lines[index + 1 :] if other.strip()), "")
        if not value and _content(below) and (below[0] in " \t" or below.startswith("- ")):
            problems.append(
                SourceProblem(
                    number,
                    (key,),
                    (
                        f"dòng '# {key}:' đang là chú thích (có dấu # ở đầu), nên các dòng bên "
                        "dưới bị tính vào khóa phía trên; hãy xóa '# ' ở đầu dòng này"
                    ),
                )
            )
        elif value and found["help"]:
            problems.append(
                SourceProblem(
                    number,
                    (key,),
                    (
                        f"khóa '{key}' đang là chú thích (có dấu # ở đầu dòng), nên '{value}' "
                        "sẽ không được đăng; nếu muốn đăng, hãy xóa '# ' ở đầu dòng"
                    ),
                    Severity.WARNING,
                )
            )
    return problems


def parse_yaml(
    text: str, first_line: int = 1
) -> tuple[Any, dict[KeyPath, int], list[SourceProblem]]:
    """Parse one YAML document; see the module docstring for what differs from `safe_load`."""
    offset = first_line - 1
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            return None, {}, [_syntax_problem(exc, text, offset)]
        except yaml.YAMLError as exc:  # reader errors: control characters, bad encodings
            line = getattr(exc, "line", None)
            if line is None:
                position = getattr(exc, "position", 0) or 0
                line = text.count("\n", 0, position)
            return (
                None,
                {},
                [
                    SourceProblem(
                        line + 1 + offset,
                        (),
                        (
                            f"có ký tự không được phép trong tệp ({_describe_reader_error(exc)}); hãy xóa ký "
                            "tự đó hoặc gõ lại dòng này"
                        ),
                    )
                ],
            )
        if node is None:
            return None, {}, []
        builder = _Builder(loader, offset, text)
        data = builder.build(node, ())
        return data, builder.lines, builder.problems
    finally:
        loader.dispose()


def _describe_reader_error(exc: yaml.YAMLError) -> str:
    character = getattr(exc, "character", None)
    if isinstance(character, str):
        return f"U+{ord(character):04X}"
    if isinstance(character, int):  # libyaml reports the code point as a number
        return f"U+{character:04X}"
    return str(exc).splitlines()[0]


# A key whose colon is not followed by a plain space ("commune:bat-xat", a non-breaking space
# from Word, a full-width colon from a Chinese or Japanese keyboard): YAML reads the whole line as
# text, and stumbles on the next one.
_GLUED_KEY = re.compile(r"^[ \t]*(?:- )?([A-Za-z_][A-Za-z0-9_-]*)(?::(?=[^\s])|:\u00a0|\uff1a)")


def _glued_key(lines: list[str], upto: int) -> tuple[int, str] | None:
    """The line (index) and key of the nearest glued key at or above line `upto`."""
    for index in range(min(upto, len(lines) - 1), max(-1, upto - 3), -1):
        match = _GLUED_KEY.match(lines[index])
        if match:
            return index, match.group(1)
    return None


# A value that opens with a double quote, after its key or list dash.
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#"'][^:#]*:\s+)?"(?P<rest>.*)$""")
_STRAIGHT_CLOSE = re.compile(r'(?<!\\)"')
_CURLY_END = re.compile(r"”\s*(?:#.*)?$")  # a curly quote ending the value (a comment may follow)


def _unclosed_quote(lines: list[str], upto: int, exc: yaml.MarkedYAMLError) -> SourceProblem | None:
    """A double quote opened and not closed on its line: YAML reads on, through the lines below,
    and stops where it no longer can, lines later, blaming indentation or the end of the file.
    Most often the closing quote is a curly ” that Word or a phone keyboard typed."""
    for index in range(min(upto, len(lines) - 1), -1, -1):  # the nearest such line above
        found = _OPENS_QUOTE.match(lines[index])
        if not found:
            continue
        rest = found["rest"]
        closing = _CURLY_END.search(rest)
        if closing and not _STRAIGHT_CLOSE.search(rest[: closing.start()]):
            return SourceProblem(
                index + 1,
                (),
                (
                    'giá trị mở bằng ngoặc kép thẳng " nhưng đóng bằng ngoặc cong ” (thường do '
                    'Word hay bàn phím điện thoại tự đổi); hãy gõ lại ngoặc đóng thành "'
                ),
            )
    # A quote never closed at all: YAML says where the value it was reading began.
    mark = exc.context_mark
    if mark is not None and "quoted scalar" in (exc.context or "") and mark.line < upto:
        return SourceProblem(
            mark.line + 1,
            (),
            'ngoặc kép " mở ở dòng này chưa được đóng; hãy thêm " ở cuối giá trị',
        )
    return None


# YAML's complaints when a line is neither "key: value" nor "- item" where one was due.
_LINE_EXPECTED = ("could not find expected ':'", "did not find expected '-' indicator")
_KEY_LINE = re.compile(r"^\s*[^\s:#-][^:#]*:(\s|$)")


def _loose_line(lines: list[str], at: int, problem: str) -> SourceProblem | None:
    """The line YAML could not place, where it blames the line after: a value wrapped onto a
    line of its own (pasted from Word), or a key without its colon. And a key indented out of
    line inside a list item, which YAML calls a misplaced list item."""
    if not problem.startswith(_LINE_EXPECTED) or at >= len(lines):
        return None
    above = next((i for i in range(at - 1, -1, -1) if _content(lines[i])), None)
    if above is not None:
        text = lines[above].strip()
        # Indented deeper than the line before it, it is that line's value going on, as YAML
        # allows; the trouble is elsewhere.
        before = next((line for line in reversed(lines[:above]) if _content(line)), "")
        deeper = _indent(lines[above]) > _indent(before)
        if (
            not deeper
            and not text.startswith("- ")
            and not _KEY_LINE.match(lines[above])
            and text != "---"
        ):
            return SourceProblem(
                above + 1,
                (),
                (
                    "dòng này không có dạng 'khóa: giá trị' hay '- mục': nếu là phần tiếp theo "
                    "của giá trị ở dòng trên (bị xuống dòng khi dán), hãy nối nó vào cuối dòng "
                    "trên; nếu là một khóa, hãy thêm dấu ':' sau tên khóa"
                ),
            )
    line = lines[at]
    if problem.startswith(_LINE_EXPECTED[1]) and _KEY_LINE.match(line):
        key = line.split(":", 1)[0].strip()
        return SourceProblem(
            at + 1,
            (),
            (
                f"khóa '{key}' thụt lề không thẳng hàng: trong một mục danh sách, mọi khóa phải "
                "thẳng cột với khóa đầu tiên, ngay sau dấu '- '"
            ),
        )
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, offset: int) -> SourceProblem:
    mark = exc.problem_mark or exc.context_mark
    line_index = mark.line if mark else 0
    column = mark.column if mark else 0
    lines = text.split("\n") if text else [""]
    unclosed = _unclosed_quote(lines, line_index, exc)
    if unclosed is not None:
        unclosed.line += offset
        return unclosed
    glued = _glued_key(lines, line_index)
    loose = None if glued else _loose_line(lines, line_index, (exc.problem or "").strip())
    if loose is not None:
        loose.line += offset
        return loose
    if glued is not None:
        index, key = glued
        return SourceProblem(
            index + 1 + offset,
            (),
            (
                f"sau tên khóa '{key}' phải là dấu hai chấm ':' rồi một dấu cách thường, ví dụ "
                f"'{key}: …' (dấu cách không ngắt hay dấu hai chấm kiểu khác do dán từ Word "
                "cũng không được; hãy xóa rồi gõ lại)"
            ),
        )
    source_line = (lines + [""])[line_index] if text else ""
    found = source_line[column] if column < len(source_line) else ""
    problem = (exc.problem or "").strip()
    if found == "\t" or "'\\t'" in problem or ("\t" in source_line[: column + 1]):
        hint = _TAB_HINT
    elif (quoted := _QUOTED_THEN_TEXT.match(source_line)) and quoted.start("rest") == column:
        q, inner = quoted.group("q"), quoted.group("inner")
        rest = re.sub(r"\s+#.*", "", quoted.group("rest")).rstrip()  # a comment stays out
        mark = "dấu ngoặc kép" if q == '"' else "dấu nháy"
        hint = (
            f"giá trị bắt đầu bằng {mark} nên YAML coi {q}{inner}{q} là cả giá trị, và không đọc "
            f"được phần '{rest[:40]}' phía sau; hãy viết cả giá trị trong dấu nháy đơn, phần "
            f"trích dẫn trong ngoặc kép: {yaml_quoted(f'{chr(34)}{inner}{chr(34)} {rest}')}"
        )
    elif "cannot start any token" in problem:
        hint = (
            f"giá trị không được bắt đầu bằng '{found}'; {_QUOTE_IT}"
            if found.strip()
            else ("có ký tự không được phép ở đây")
        )
    else:
        hint = next((h for start, h in _YAML_HINTS if problem.startswith(start)), None)
        if hint is None:
            hint = f"YAML không đọc được ({problem})"
    return SourceProblem(line_index + 1 + offset, (), f"lỗi cú pháp ở cột {column + 1}: {hint}")


class _Builder:
    def __init__(self, loader: Any, offset: int, text: str = "") -> None:
        self.loader = loader
        self.offset = offset
        self.source_lines = text.split("\n")
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[SourceProblem] = []
        self.seen: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.lines.setdefault(path, self.line_of(node))
        if len(path) > MAX_DEPTH:  # records nest three levels; deeper is a mistake or an attack
            self.problems.append(
                SourceProblem(
                    self.line_of(node),
                    path[:MAX_DEPTH],
                    (
                        f"các nhóm, danh sách lồng nhau quá sâu (hơn {MAX_DEPTH} cấp); hồ sơ chỉ cần tối "
                        "đa ba cấp thụt lề"
                    ),
                )
            )
            return None
        if id(node) in self.seen:  # an alias: the composer hands back the anchored node again
            self.problems.append(
                SourceProblem(
                    self.lines[path],
                    path,
                    ("không dùng neo và bí danh YAML ('&tên', '*tên'); hãy viết đầy đủ giá trị"),
                )
            )
            return None
        self.seen.add(id(node))
        anchor = self._anchor(node)
        if anchor is not None:  # `- &Noi giai nhat`: YAML takes "&Noi" for an anchor's name
            self.problems.append(
                SourceProblem(
                    self.line_of(node),
                    path,
                    (
                        f"giá trị bắt đầu bằng '&{anchor}': YAML hiểu '&' là ký hiệu riêng (neo) "
                        f"và bỏ mất chữ '{anchor}'; hãy bỏ dấu '&', hoặc "
                        + _QUOTE_IT.removeprefix("hãy ")
                    ),
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.build_scalar(node, path)

    def _anchor(self, node: yaml.Node) -> str | None:
        """The name of the anchor a node carries (PyYAML keeps none): a node starts at its '&'."""
        mark = node.start_mark
        line = self.source_lines[mark.line] if mark.line < len(self.source_lines) else ""
        if not line.startswith("&", mark.column):  # nearly every node: no slice, no regex
            return None
        return re.match(r"\S*", line[mark.column + 1 :]).group(0)  # type: ignore[union-attr]

    def build_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        previous: yaml.Node | None = None  # the value of the key before
        repeated = False
        for key_node, value_node in node.value:
            line = self.line_of(key_node)
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                self.problems.append(
                    SourceProblem(
                        line,
                        path,
                        (
                            "tên khóa phải là một từ, ví dụ 'name:'; không dùng danh sách, nhóm hay '<<' "
                            "làm tên khóa"
                        ),
                    )
                )
                continue
            key = nfc(key_node.value)
            if key in first_line:
                # In a list item, the keys repeated after the first are the rest of a new item
                # whose '- ' is missing: said once, at its first line.
                if not (repeated and path and isinstance(path[-1], int)):
                    self.problems.append(
                        SourceProblem(
                            line,
                            path + (key,),
                            f"khóa '{key}' bị lặp lại (đã có ở dòng {first_line[key]}); "
                            + self._repeated(path, previous),
                        )
                    )
                repeated = True
                continue
            previous = value_node
            first_line[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result

    def _repeated(self, path: KeyPath, previous: yaml.Node | None) -> str:
        """How to fix a repeated key. Merging or deleting, the usual advice, would lose what the
        editor meant to add when the key begins a new list item or belongs to the key above."""
        if path and isinstance(path[-1], int):
            return (
                f"nếu đây là một mục mới (như một lần công nhận mới), hãy bắt đầu nó bằng '- ' "
                f"thẳng cột với '- ' ở dòng {self.lines[path]}; nếu không, xóa một trong hai"
            )
        if isinstance(previous, yaml.ScalarNode) and previous.tag.endswith(":null"):
            return (
                "nếu dòng này thuộc khóa để trống ở dòng trên, hãy thụt lề nó thêm 2 dấu cách; "
                "nếu không, hãy gộp hoặc xóa một trong hai"
            )
        return "mỗi khóa chỉ được viết một lần, hãy gộp hoặc xóa một trong hai"

    def check_swallowed_item(self, node: yaml.ScalarNode, path: KeyPath) -> None:
        """A list item indented one space too far is not an error to YAML: it silently becomes
        the end of the item above ("…92%. - Tổ chức khám…"). Say so, at the line it starts."""
        if node.style or node.end_mark.line <= node.start_mark.line:  # libyaml: "", PyYAML: None
            return  # quoted and block scalars are written deliberately; one line cannot swallow
        first = node.start_mark.line + 1
        for index in range(first, min(node.end_mark.line + 1, len(self.source_lines))):
            if self.source_lines[index].lstrip().startswith("- "):
                self.problems.append(
                    SourceProblem(
                        index + 1 + self.offset,
                        path,
                        (
                            "dòng này bắt đầu bằng '- ' nhưng thụt lề lệch nên bị nối vào mục phía trên; "
                            "hãy thụt lề thẳng hàng với các dấu '- ' khác (nếu dấu '-' là một phần của "
                            'câu, hãy đặt cả giá trị trong ngoặc kép "…")'
                        ),
                    )
                )
                return

    def check_cut_comment(self, node: yaml.ScalarNode, path: KeyPath) -> None:
        """In a plain value, " #" starts a comment: "Giải nhất hội thi #1 toàn tỉnh" would be
        published as "Giải nhất hội thi" (and `fmt`, which rewrites end-of-line comments, would
        drop the rest). A comment written as one ("  # ghi chú") has a space after the #; text run
        on after it ("#1", "#ThanhNiên") is taken to be part of the value: an error, since what
        would be published is not what the editor wrote."""
        if node.style:
            return
        line = node.end_mark.line
        if line >= len(self.source_lines):
            return
        rest = self.source_lines[line][node.end_mark.column :]
        cut = _CUT_COMMENT.match(rest)
        if cut:
            self.problems.append(
                SourceProblem(
                    line + 1 + self.offset,
                    path,
                    (
                        f"phần '{cut.group(1).strip()}' sau dấu ' #' bị coi là ghi chú nên sẽ không "
                        f"được đăng; nếu đó là nội dung, {_QUOTE_IT}; nếu là ghi chú, viết '# ' "
                        "(có dấu cách sau #)"
                    ),
                )
            )

    def build_scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        self.check_swallowed_item(node, path)
        self.check_cut_comment(node, path)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                message = (
                    f"'{node.value}' không phải một ngày có thật; hãy kiểm tra lại tháng và ngày "
                    "(dạng năm-tháng-ngày, ví dụ 2026-06-15)"
                )
            else:
                message = f"không đọc được giá trị '{node.value}'; hãy đặt giá trị trong ngoặc kép"
            self.problems.append(SourceProblem(self.line_of(node), path, message))
            return node.value
        if isinstance(value, str):
            fixed, found = canonical(value)
            if found:
                self.problems.append(_lookalike_warning(self.line_of(node), path, found))
            if (
                not node.style
                and len(fixed) > 1
                and fixed[0] in _CURLY_OPEN
                and fixed[-1] in _CURLY_CLOSE
            ):
                self.problems.append(
                    SourceProblem(
                        self.line_of(node),
                        path,
                        (
                            f"giá trị nằm trong ngoặc cong {fixed[0]}…{fixed[-1]} (thường do Word "
                            "hay Zalo tự đổi), nên ngoặc sẽ được đăng cùng nội dung; hãy gõ lại "
                            'bằng ngoặc kép thẳng "…", hoặc bỏ ngoặc'
                        ),
                    )
                )
            elif in_quotes(fixed) and (not node.style or path[-1:] == ("decision",)):
                # “125-QĐ/ĐU" (one curly, one straight, unquoted), or a decision number inside
                # quotes of its own ("\"125-QĐ/ĐU\""): the page would print the quotes with it.
                # A quoted headline that is itself a quotation keeps its quotes.
                self.problems.append(
                    SourceProblem(
                        self.line_of(node),
                        path,
                        (
                            f"giá trị có dấu ngoặc {fixed[0]}…{fixed[-1]} ở hai đầu, và ngoặc sẽ "
                            "được đăng cùng nội dung; hãy viết: "
                            f"{yaml_quoted(fixed[1:-1].strip())}"
                        ),
                    )
                )
            return fixed
        if isinstance(value, int) and not isinstance(value, bool) and str(value) != node.value:
            return WrittenInt(value, node.value)  # 0125 is 85 to YAML: say what was written
        if isinstance(value, float) and node.value.strip() != str(value):
            return WrittenFloat(value, node.value)
        if isinstance(value, bytes):
            self.problems.append(
                SourceProblem(
                    self.line_of(node), path, ("không dùng dữ liệu nhị phân (!!binary) trong hồ sơ")
                )
            )
            return None
        return value
