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
    assert all("bí danh" in p.message or "(neo)" in p.message for p in problems)
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


def _achievement(line: str) -> list[str]:
    """The problems of a record whose second achievement line is `line`."""
    from helpers import VALID_RECORD

    text = VALID_RECORD.replace("  - Vận động 40 hộ trồng quế.\n", f"  - Vận động.\n{line}\n")
    return [p.message for p in parse_record_text(text).problems]


def test_a_value_opening_with_a_quoted_part_gets_a_fix_that_reads_back_as_typed():
    for line, fix, value in [
        (
            '  - "Giải nhất" hội thi "Dân vận khéo" # ghi chú',
            """'"Giải nhất" hội thi "Dân vận khéo"'""",
            '"Giải nhất" hội thi "Dân vận khéo"',  # the comment stays out of the page
        ),
        ("  - 'Giải nhất' năm 2025\\2026", """'"Giải nhất" năm 2025\\2026'""", None),
    ]:
        (message,) = _achievement(line)
        assert message.endswith(f"phần trích dẫn trong ngoặc kép: {fix}"), message
        again = _achievement(f"  - {fix}")
        assert again == [], again
        if value:
            from helpers import VALID_RECORD

            text = VALID_RECORD.replace("  - Vận động 40 hộ trồng quế.", f"  - {fix}")
            assert parse_record_text(text).data["achievements"] == [value]


def test_the_quoted_part_hint_never_blames_a_line_for_an_error_above_it():
    from helpers import VALID_RECORD

    text = VALID_RECORD.replace(
        "summary: Gương mẫu vận động bà con trồng quế.", 'summary: "Gương mẫu vận động'
    ).replace("  - Vận động 40 hộ trồng quế.", '  - "Giải nhất" hội thi')
    (problem,) = parse_record_text(text).problems
    assert "YAML coi" not in problem.message


def test_an_anchor_is_refused_rather_than_losing_a_word():
    """`- &Noi giai nhat` was read as the anchor "Noi" on "giai nhat": a word gone, silently."""
    (message,) = _achievement("  - &Noi giai nhat")
    assert message.startswith("giá trị bắt đầu bằng '&Noi': YAML hiểu '&' là ký hiệu riêng")


def test_a_list_item_with_a_colon_gets_the_sentence_back_only_when_it_can():
    from helpers import VALID_RECORD

    from generator.schema import _colon_hint

    assert _colon_hint("Danh hiệu", 'Chiến sĩ "thi đua"').endswith(
        """trong ngoặc kép: 'Danh hiệu: Chiến sĩ "thi đua"'"""
    )
    assert _colon_hint("Ngày", date(2026, 6, 15)).endswith('"Ngày: 2026-06-15"')
    for value in (True, None, ["40 hộ"], {"Số hộ": 40}):  # not written back as typed
        assert _colon_hint("Kết quả", value).endswith("hãy đặt cả câu trong ngoặc kép")
    fix = _colon_hint("Danh hiệu", 'Chiến sĩ "thi đua"').split("trong ngoặc kép: ", 1)[1]
    text = VALID_RECORD.replace("  - Vận động 40 hộ trồng quế.", "  - " + fix)
    assert parse_record_text(text).data["achievements"] == ['Danh hiệu: Chiến sĩ "thi đua"']


def test_a_value_written_on_a_commented_out_key_is_a_warning():
    """The template's optional keys are commented out; a value typed there is never published."""
    text = (
        "---\nname: A\n# unit: Hợp tác xã chè Sa Pa  # Cơ quan, đơn vị (không bắt buộc)\n"
        "# role:  # Chức vụ (không bắt buộc)\n# ethnicity: Mông  # Dân tộc (không bắt buộc)\n"
        "# Ghi chú: đã xác minh\n# note: theo báo cáo tháng 6\nachievements:\n"
        "  # note: lần đầu\n  - Một.\n---\n"
    )
    problems = parse_record_text(text).problems
    assert [(p.line, p.key, p.severity.name) for p in problems] == [
        (3, ("unit",), "WARNING"),
        (5, ("ethnicity",), "WARNING"),
    ]
    assert "'Hợp tác xã chè Sa Pa' sẽ không được đăng" in problems[0].message
    assert "xóa '# ' ở đầu dòng" in problems[0].message


def test_a_repeated_key_that_begins_a_new_item_says_to_start_it_with_a_dash():
    """CONTRIBUTING asks editors to add a recognition; without '- ', the old advice (merge or
    delete one of the two) would have lost it."""
    text = (
        '---\nrecognitions:\n  - level: grassroots\n    decision: "1"\n'
        '    level: provincial\n    decision: "2"\nphotos:\n  - file: a.jpg\nconsent:\n'
        "photos: true\n---\n"
    )
    first, dedented = parse_record_text(text).problems  # said once for the item, not per key
    assert (first.line, first.key) == (5, ("recognitions", 0, "level"))
    assert "bắt đầu nó bằng '- ' thẳng cột với '- ' ở dòng 3" in first.message
    assert (dedented.line, dedented.key) == (10, ("photos",))
    assert "thuộc khóa để trống ở dòng trên, hãy thụt lề nó thêm 2 dấu cách" in dedented.message


def test_a_quote_closed_by_a_curly_one_or_never_is_named_at_its_own_line():
    """YAML reads on past such a quote and stopped lines later, blaming indentation there."""
    record = (
        "---\nname: {name}\nrecognitions:\n  - level: grassroots\n    decision: {decision}\n"
        "    date: 2026-06-15\nsummary: {summary}\nachievements:\n  - Một.\n---\n"
    )
    fine = {"name": "Lê Thị Thu", "decision": '"301-QĐ/ĐU"', "summary": "Gương mẫu."}
    for key, typed, line, says in (
        ("name", '"Lê Thị Thu”', 2, "đóng bằng ngoặc cong ”"),
        ("decision", '"301-QĐ/ĐU”  # Số quyết định: trong ngoặc kép "…"', 5, "ngoặc cong"),
        ("decision", '"301-QĐ/ĐU”', 5, "ngoặc cong"),
        ("summary", '"Gương mẫu.', 7, "chưa được đóng"),
    ):
        (problem,) = parse_record_text(record.format(**{**fine, key: typed})).problems
        assert (problem.line, says in problem.message) == (line, True), problem
    assert parse_record_text(record.format(**fine)).problems == []


def test_a_line_yaml_cannot_place_is_named_not_the_line_after_it():
    """A value wrapped onto its own line (pasted from Word) was blamed on the next key, which
    has its colon; a key out of line in a list item was called a misplaced list item."""
    wrapped = (
        "---\nname: A\nsummary: Hợp tác xã sản xuất chè sạch,\ntạo việc làm cho 40 lao động.\n"
        "achievements:\n  - Vận động 40 hộ trồng quế,\n  mở rộng 20 ha.\n---\n"
    )
    (problem,) = parse_record_text(wrapped).problems
    assert problem.line == 4 and "nối nó vào cuối dòng trên" in problem.message
    item = wrapped.replace("sạch,\ntạo", "sạch, tạo")
    (problem,) = parse_record_text(item).problems
    assert problem.line == 6 and "nối nó vào cuối dòng trên" in problem.message
    misaligned = (
        '---\nrecognitions:\n  - level: grassroots\n    decision: "1"\n  date: 2026-05-10\n'
        "    issued_by: X\n---\n"
    )
    (problem,) = parse_record_text(misaligned).problems
    assert problem.line == 5
    assert problem.message.startswith("khóa 'date' thụt lề không thẳng hàng")
    # A value that goes on, indented deeper, is valid YAML: the key below is the trouble.
    continued = misaligned.replace("X\n", "Đảng ủy xã\n      Bát Xát\n  date: 2026-06-15\n")
    continued = continued.replace("  date: 2026-05-10\n", "")
    (problem,) = parse_record_text(continued).problems
    assert problem.line == 7 and "khóa 'date' thụt lề" in problem.message


def test_quotes_that_belong_to_the_text_are_not_blamed():
    """A headline that is itself a quotation keeps its quotes; a quotation inside a value is
    not an unclosed quote when YAML fails further down for another reason."""
    for title in ('"“Cả đời tôi gắn với rừng”"', "'\"Cả đời tôi gắn với rừng\"'"):
        text = f"---\nmedia:\n  - title: {title}\n---\n"
        assert parse_record_text(text).problems == [], title
    text = (
        '---\nsummary: "Phong trào “Dân vận khéo” đạt kết quả tốt"\nachievements:\n'
        "  - Một.\n\t- Hai.\n---\n"
    )
    (problem,) = parse_record_text(text).problems
    assert problem.line == 5 and "Tab" in problem.message
