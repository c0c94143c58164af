"""`python -m generator fmt`: one canonical form, idempotent, every value and the story kept."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from helpers import REPO, VALID_RECORD, make_repo

from generator import canonical
from generator.cli import main
from generator.frontmatter import parse_record_text
from generator.vocabularies import load_vocabularies

MODELINE = "# yaml-language-server: $schema=../../schema/record.schema.json"


@pytest.fixture(scope="module")
def form() -> canonical.Form:
    vocabularies, problems = load_vocabularies(REPO / "data", REPO)
    assert problems == []
    schema = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    return canonical.Form(schema, vocabularies)


def fmt(text: str, form: canonical.Form) -> str:
    result = canonical.canonical(text, form, MODELINE)
    assert result.text is not None, result.parsed.problems
    return result.text


COMMITTED = sorted(REPO.glob("exemplars/*/index.md"))


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.parent.name)
def test_committed_records_are_canonical_and_round_trip(path: Path, form):
    text = path.read_text(encoding="utf-8")
    assert fmt(text, form) == text, "run: python -m generator fmt"
    again = parse_record_text(text)
    assert again.problems == []
    assert text.startswith("---\n" + MODELINE + "\n")


def test_committed_sample_records_keep_their_label():
    for path in COMMITTED:
        lines = path.read_text(encoding="utf-8").split("\n")
        assert lines[2].startswith("# DỮ LIỆU MẪU: "), path


MESSY = (
    "---\r\n"
    "# a note the editor wrote\r\n"
    "summary: 'Gương mẫu: vận động bà con trồng quế.'   \r\n"
    "name: Nguye\u0302\u0303n Thi\u0323 Mai  # my own end-of-line comment\r\n"
    "kind: individual\r\n"
    "subject: party-member\r\n"
    "field: new-rural-development\r\n"
    "commune: bat-xat\r\n"
    "party_committee: xa-bat-xat\r\n"
    "period: 2025-2028\r\n"
    "status: recognized\r\n"
    "recognitions:\r\n"
    "- level: grassroots\r\n"
    "  date: 2026-06-15\r\n"
    "  decision: '125'\r\n"
    '  issued_by: "Đảng ủy xã Bát Xát"\r\n'
    "  # a note inside a list\r\n"
    "achievements: [Vận động 40 hộ trồng quế., 'yes']\r\n"
    "regions:\r\n"
    "  - highland\r\n"
    "unknown_key: kept\r\n"
    "---\r\n"
    "\r\n"
    "Dòng một  \r\n"
    "dòng hai có ngắt dòng cứng ở trên.   \r\n"
    "\r\n"
    "# Tiêu đề  \r\n"
    "\r\n\r\n"
)


def test_messy_record_becomes_canonical_with_every_value_kept(form):
    out = fmt(MESSY, form)
    before, after = parse_record_text(MESSY), parse_record_text(out)
    assert after.problems == []
    assert after.data == before.data
    assert after.data["recognitions"][0]["decision"] == "125"  # still text, not a number
    assert after.data["achievements"][1] == "yes"  # still text, not true
    assert unicodedata.is_normalized("NFC", out)
    assert "\r" not in out
    lines = out.split("\n")
    assert lines[:4] == ["---", MODELINE, "# a note the editor wrote", "# a note inside a list"]
    front = lines[: lines.index("---", 1)]
    keys = [line.split(":")[0] for line in front if line and line[0].isalpha()]
    assert keys[:4] == ["name", "kind", "subject", "field"]
    assert keys[-1] == "unknown_key"  # unknown keys are kept, after the known ones
    assert 'decision: "125"  # Số quyết định' in out
    assert "name: Nguyễn Thị Mai  # Họ và tên / tên tập thể" in out
    assert "my own end-of-line comment" not in out  # end-of-line comments are regenerated
    assert "# role:  # Chức vụ, nghề nghiệp (không bắt buộc)" in out
    assert "regions: [highland]" in out
    # The story: a hard line break stays two spaces; other trailing spaces go.
    assert out.endswith("---\n\nDòng một  \ndòng hai có ngắt dòng cứng ở trên.\n\n# Tiêu đề\n")


def test_fmt_is_idempotent(form):
    once = fmt(MESSY, form)
    assert fmt(once, form) == once
    for path in COMMITTED[:5]:
        text = path.read_text(encoding="utf-8")
        assert fmt(fmt(text.replace("\n", "\r\n"), form), form) == text


def test_uncommenting_an_optional_key_uses_it(form):
    out = fmt(VALID_RECORD, form).replace(
        "# unit:  # Cơ quan, đơn vị (không bắt buộc)",
        "unit: Chi bộ thôn Tả Phời  # Cơ quan, đơn vị (không bắt buộc)",
    )
    assert parse_record_text(out).data["unit"] == "Chi bộ thôn Tả Phời"
    assert fmt(out, form) == out


def test_values_that_need_quotes_are_quoted(form):
    for value in ["Gương mẫu: trồng quế", "C # sharp", "- gạch", "null", "2026-06-15", "'x'"]:
        text = VALID_RECORD.replace(
            "summary: Gương mẫu vận động bà con trồng quế.", f"summary: {json.dumps(value)}"
        )
        out = fmt(text, form)
        assert parse_record_text(out).data["summary"] == value
        assert fmt(out, form) == out


def test_fmt_command_rewrites_and_check_reports_in_the_problem_format(
    tmp_path, monkeypatch, capsys
):
    make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    monkeypatch.chdir(tmp_path)
    assert main(["fmt", "--check"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "exemplars/nguyen-thi-mai/index.md:2: hồ sơ chưa viết theo dạng chuẩn (dòng 2 nên là: "
        f"\"{MODELINE}\"); chạy 'python -m generator fmt' (hoặc 'make fmt') để sửa tự động"
    ]
    assert main(["fmt"]) == 0
    assert main(["fmt", "--check"]) == 0
    assert main(["validate", "--today", "2026-11-25"]) == 0


def test_fmt_leaves_unreadable_records_alone_and_says_why(tmp_path, monkeypatch, capsys):
    broken = VALID_RECORD.replace("kind: individual", "kind: individual: x")
    make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": broken})
    monkeypatch.chdir(tmp_path)
    assert main(["fmt"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("exemplars/nguyen-thi-mai/index.md:3: lỗi cú pháp")
    assert (tmp_path / "exemplars/nguyen-thi-mai/index.md").read_text(encoding="utf-8") == broken


def test_fmt_does_not_tidy_away_a_misspelt_key(tmp_path, monkeypatch, capsys):
    """Reordering 'nmae' to the end of a tidy file would hide the mistake: report it instead."""
    misspelt = VALID_RECORD.replace("name:", "nmae:")
    make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": misspelt})
    monkeypatch.chdir(tmp_path)
    assert main(["fmt", "--today", "2026-11-25"]) == 1
    captured = capsys.readouterr()
    assert "có phải ý bạn là 'name'?" in captured.out
    assert "còn lỗi nên chưa định dạng" in captured.err
    assert (tmp_path / "exemplars/nguyen-thi-mai/index.md").read_text(encoding="utf-8") == misspelt


def test_fmt_fixes_what_the_reader_only_warned_about(tmp_path, monkeypatch, capsys):
    """A non-breaking space pasted from Word is a warning; fmt writes the fixed text."""
    pasted = VALID_RECORD.replace("Bí thư Chi bộ", "Bí\u00a0thư Chi bộ")
    make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": pasted})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--today", "2026-11-25"]) == 0  # a warning, not an error
    assert main(["fmt", "--today", "2026-11-25"]) == 0
    fixed = (tmp_path / "exemplars/nguyen-thi-mai/index.md").read_text(encoding="utf-8")
    assert "\u00a0" not in fixed and "Bí thư Chi bộ" in fixed
    capsys.readouterr()
    assert main(["fmt", "--check", "--today", "2026-11-25"]) == 0
    assert main(["validate", "--today", "2026-11-25"]) == 0
    assert "cảnh báo" not in capsys.readouterr().out


def test_check_names_differences_an_editor_cannot_see(tmp_path, monkeypatch, capsys):
    """A BOM or trailing spaces: "line 1 should be ---" above a line that reads "---" is a riddle."""
    record = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    page = record / "exemplars/nguyen-thi-mai/index.md"
    monkeypatch.chdir(tmp_path)
    assert main(["fmt"]) == 0
    clean = page.read_text(encoding="utf-8")
    for text in ("\ufeff" + clean, "\ufeff" + clean.replace("---", "---  ", 1)):
        page.write_text(text, encoding="utf-8")
        assert main(["fmt", "--check"]) == 1
        assert ":1: " in (out := capsys.readouterr().out)
        assert "dòng 1 bắt đầu bằng một ký tự vô hình (BOM)" in out
    lines = clean.split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[number] += "   "
    page.write_text("\n".join(lines), encoding="utf-8")
    assert main(["fmt", "--check"]) == 1
    out = capsys.readouterr().out
    assert f":{number + 1}: " in out and f"dòng {number + 1} thừa khoảng trắng ở cuối)" in out
    # A line of spaces between two paragraphs: deleting it, as "nên bỏ" said, joins them.
    story = clean.rstrip("\n") + "\n\nĐoạn một.\n   \nĐoạn hai.\n"
    page.write_text(story, encoding="utf-8")
    assert main(["fmt"]) == 0
    expected = page.read_text(encoding="utf-8")
    blank = expected.split("\n").index("Đoạn một.") + 2
    page.write_text(story, encoding="utf-8")
    assert main(["fmt", "--check"]) == 1
    out = capsys.readouterr().out
    assert f":{blank}: " in out and f"dòng {blank} thừa khoảng trắng)" in out, out
    # Saved on a Mac: the name's letters decomposed (NFD), the same on screen.
    lines[number] = unicodedata.normalize("NFD", lines[number].rstrip())
    page.write_text("\n".join(lines), encoding="utf-8")
    assert main(["fmt", "--check"]) == 1
    out = capsys.readouterr().out
    assert f"chữ có dấu ở dòng {number + 1} được lưu dạng tổ hợp (NFD" in out, out
    assert main(["fmt"]) == 0
    assert page.read_text(encoding="utf-8") == clean
