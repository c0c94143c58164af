"""GitHub Actions output: annotations and the job summary, printed from the same problems."""

from __future__ import annotations

import re

from helpers import VALID_RECORD, make_repo, person

from generator import github
from generator.cli import main
from generator.problems import Problem, Severity

ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+)(?:,line=(\d+))?,title=([^:]+)::(.+)$")


def test_annotation_escapes_what_github_would_misread():
    problem = Problem("exemplars/a,b:c/index.md", 7, "awards[2].date", "100% sai\ndòng hai")
    line = github.annotation(problem, "Hồ sơ chưa hợp lệ")
    assert line == (
        "::error file=exemplars/a%2Cb%3Ac/index.md,line=7,title=Hồ sơ chưa hợp lệ"
        "::awards[2].date: 100%25 sai%0Adòng hai"
    )
    whole_file = Problem("exemplars/x", 0, "", "thiếu index.md", Severity.WARNING)
    assert github.annotation(whole_file, "T") == (
        f"::warning file=exemplars/x,title={github.WARNING_TITLE}::thiếu index.md"
    )


def test_validate_prints_annotations_and_the_full_list_in_the_summary(
    tmp_path, monkeypatch, capsys
):
    files = {}
    for i in range(12):  # more than GitHub shows as annotations
        files[f"exemplars/ho-so-{i:02}/index.md"] = person(i).replace(
            "commune: bat-xat", "commune: bat-xatt"
        )
    make_repo(tmp_path, files)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--format", "github", "--today", "2026-11-25"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 12
    match = ANNOTATION.match(lines[0])
    assert match, lines[0]
    assert match.groups() == (
        "error",
        "exemplars/ho-so-00/index.md",
        "7",
        "Hồ sơ chưa hợp lệ",
        match.group(5),
    )
    assert match.group(5).startswith('commune: "bat-xatt" không có trong danh mục xã, phường')
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### Kiểm tra hồ sơ: 12 lỗi trong 12 tệp\n")
    assert "GitHub chỉ đánh dấu 10 lỗi đầu tiên" in text
    for i in range(12):
        assert f"- `exemplars/ho-so-{i:02}/index.md:7` **commune**: " in text
    assert "có phải ý bạn là 'bat-xat' (Xã Bát Xát)?" in text


def test_fmt_check_summary_holds_the_canonical_text_to_copy(tmp_path, monkeypatch, capsys):
    make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    assert main(["fmt", "--check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "::error file=exemplars/nguyen-thi-mai/index.md,line=2,title=Hồ sơ chưa đúng dạng chuẩn::"
    )
    text = summary.read_text(encoding="utf-8")
    assert "<details><summary>exemplars/nguyen-thi-mai/index.md ở dạng chuẩn</summary>" in text
    assert "```yaml\n---\n# yaml-language-server: $schema=../../schema/record.schema.json\n" in text


def test_summary_says_so_when_there_is_nothing_wrong(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    assert github.write_summary("x", {"GITHUB_STEP_SUMMARY": str(summary)})
    assert not github.write_summary("x", {})
    assert (
        github.summary_markdown([], "Kiểm tra hồ sơ", "") == "### Kiểm tra hồ sơ: không có lỗi\n\n"
    )


def test_fmt_check_on_a_pull_request_does_not_repeat_the_validators_errors(
    tmp_path, monkeypatch, capsys
):
    """The validation step annotates each error; fmt's step said each again, as a format error."""
    record = VALID_RECORD.replace("commune: bat-xat", "commune: bat-xatt")
    make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.chdir(tmp_path)
    assert main(["fmt", "--check", "--format", "github"]) == 1  # still not ready to merge
    printed = capsys.readouterr()
    assert "::error" not in printed.out
    assert "tất cả đúng dạng chuẩn" not in printed.err
    assert "1 tệp còn lỗi nên chưa định dạng" in printed.err
