import time
import unicodedata
from datetime import date

from generator.frontmatter import parse_record_text, parse_yaml


def test_lines_of_every_key_and_item():
    text = "---\nname: A\nawards:\n  - title: X\n    date: 2026-01-02\n  - title: Y\n---\nstory\n"
    parsed = parse_record_text(text)
    assert parsed.problems == []
    assert parsed.lines[("name",)] == 2
    assert parsed.lines[("awards",)] == 3
    assert parsed.lines[("awards", 0, "date")] == 5
    assert parsed.lines[("awards", 1, "title")] == 6
    assert parsed.body == "story\n"
    assert parsed.body_line == 8


def test_dates_stay_dates_and_strings_become_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Mai")
    data, _, problems = parse_yaml(f"name: {decomposed}\ndate: 2026-06-15\n")
    assert problems == []
    assert data["date"] == date(2026, 6, 15)
    assert data["name"] == unicodedata.normalize("NFC", "Nguyễn Thị Mai")
    assert data["name"] != decomposed


def test_story_is_nfc_too():
    parsed = parse_record_text("---\na: 1\n---\n" + unicodedata.normalize("NFD", "Đảng ủy"))
    assert parsed.body.strip() == "Đảng ủy"


def test_duplicate_key_is_reported_at_its_second_line_and_first_value_kept():
    data, _, problems = parse_yaml("name: A\nfield: x\nname: B\n")
    assert data["name"] == "A"
    assert [(p.line, p.key) for p in problems] == [(3, ("name",))]
    assert "dòng 1" in problems[0].message


def test_duplicate_key_inside_a_list_item():
    _, _, problems = parse_yaml("awards:\n  - title: A\n    title: B\n")
    assert [(p.line, p.key) for p in problems] == [(3, ("awards", 0, "title"))]


def test_billion_laughs_is_refused_fast():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    data, _, problems = parse_yaml("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert problems, "aliases must be refused"
    assert all("bí danh" in p.message for p in problems)
    assert elapsed < 5  # expanded, this document would hold 9**12 strings


def test_crlf_and_bom_are_accepted():
    parsed = parse_record_text("\ufeff---\r\nname: A\r\n---\r\nstory\r\n")
    assert parsed.problems == []
    assert parsed.data == {"name": "A"}


def test_empty_front_matter():
    parsed = parse_record_text("---\n---\nstory\n")
    assert [p.message for p in parsed.problems] == ["phần thông tin (front matter) đang để trống"]


def test_front_matter_that_is_a_list():
    parsed = parse_record_text("---\n- a\n- b\n---\n")
    assert parsed.data is None
    assert "khóa: giá trị" in parsed.problems[0].message


def test_control_character_is_a_problem_with_a_line():
    _, _, problems = parse_yaml("a: x\nb: y\x07\n", first_line=2)
    assert [p.line for p in problems] == [3]
    assert "U+0007" in problems[0].message
