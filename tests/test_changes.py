"""The change summary of a pull request, on a fixture repository with two git commits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import VALID_RECORD, make_repo, write

from generator.cli import main

PROVINCIAL = (
    '    issued_by: Đảng ủy xã Bát Xát\n  - level: provincial\n    decision: "312-QĐ/TU"\n'
    "    date: 2026-07-19\n    issued_by: Tỉnh ủy Lào Cai\n"
)


def person(name: str, decision: str = "125-QĐ/ĐU") -> str:
    return VALID_RECORD.replace("Nguyễn Thị Mai", name).replace("125-QĐ/ĐU", decision)


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Biên tập",
        "GIT_AUTHOR_EMAIL": "bt@example.org",
        "GIT_COMMITTER_NAME": "Biên tập",
        "GIT_COMMITTER_EMAIL": "bt@example.org",
        "GIT_AUTHOR_DATE": "2026-07-01T08:00:00+07:00",
        "GIT_COMMITTER_DATE": "2026-07-01T08:00:00+07:00",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def history(tmp_path, monkeypatch) -> Path:
    """Commit 1 (base) and commit 2 (head) of a small honor roll."""
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": person("Nguyễn Thị Mai"),
            "exemplars/tran-van-binh/index.md": person("Trần Văn Bình", "2-QĐ/ĐU"),
            "exemplars/lo-thi-sua/index.md": person("Lò Thị Sua", "3-QĐ/ĐU"),
            "exemplars/ma-van-hung/index.md": person("Mã Văn Hùng", "4-QĐ/ĐU"),
            "exemplars/vu-thi-hoa/index.md": person("Vũ Thị Hoa", "5-QĐ/ĐU"),
            "exemplars/ha-thi-thu/index.md": person("Hà Thị Thu", "6-QĐ/ĐU"),
        },
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    records = root / "exemplars"
    # Added.
    write(records / "giang-a-chinh/index.md", person("Giàng A Chính", "7-QĐ/ĐU"))
    # Withdrawn.
    text = (records / "tran-van-binh/index.md").read_text(encoding="utf-8")
    write(records / "tran-van-binh/index.md", text.replace("recognized", "withdrawn"))
    # Renamed with an alias, and renamed without one.
    (records / "lo-thi-sua").rename(records / "lo-thi-sua-bat-xat")
    text = (records / "lo-thi-sua-bat-xat/index.md").read_text(encoding="utf-8")
    write(
        records / "lo-thi-sua-bat-xat/index.md",
        text.replace("achievements:", "aliases: [lo-thi-sua]\nachievements:"),
    )
    (records / "ma-van-hung").rename(records / "ma-van-hung-bat-xat")
    # A provincial recognition added, and a decision number corrected.
    text = (records / "nguyen-thi-mai/index.md").read_text(encoding="utf-8")
    text = text.replace("    issued_by: Đảng ủy xã Bát Xát\n", PROVINCIAL)
    write(records / "nguyen-thi-mai/index.md", text.replace("125-QĐ/ĐU", "152-QĐ/ĐU"))
    # A name corrected and the story edited.
    text = (records / "vu-thi-hoa/index.md").read_text(encoding="utf-8")
    write(
        records / "vu-thi-hoa/index.md",
        text.replace("Vũ Thị Hoa", "Vũ Thị Hòa").replace("Câu chuyện.", "Câu chuyện mới."),
    )
    # Deleted outright.
    (records / "ha-thi-thu/index.md").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    monkeypatch.chdir(root)
    return root


def test_change_summary_tells_the_reviewer_what_changes(history, capsys):
    assert main(["changes", "--base", "HEAD~1", "--head", "HEAD"]) == 0
    text = capsys.readouterr().out
    expected = [
        "## Thay đổi trong danh sách ghi danh",
        "### Hồ sơ mới (1)",
        "- **Giàng A Chính** (`giang-a-chinh`): cá nhân, Xã Bát Xát, công nhận cấp cơ sở, "
        'quyết định "7-QĐ/ĐU" ngày 15/6/2026',
        "### Công nhận mới (1)",
        "- **Nguyễn Thị Mai** (`nguyen-thi-mai`): thêm công nhận cấp tỉnh, quyết định "
        '"312-QĐ/TU" ngày 19/7/2026',
        "### Đưa ra khỏi danh sách (1)",
        "- **Trần Văn Bình** (`tran-van-binh`): sẽ không còn xuất hiện ở bất kỳ đâu trên trang",
        "### Đổi địa chỉ (tên thư mục) (2)",
        "`lo-thi-sua` → `lo-thi-sua-bat-xat`: địa chỉ cũ tự chuyển sang địa chỉ mới",
        "`ma-van-hung` → `ma-van-hung-bat-xat`: ⚠ chưa thêm `ma-van-hung` vào `aliases`",
        "### Sửa tên, số quyết định hoặc lần công nhận: đối chiếu với văn bản đã ký (2)",
        "- **Nguyễn Thị Mai** (`nguyen-thi-mai`): sửa lần công nhận cấp cơ sở, quyết định "
        '"125-QĐ/ĐU" ngày 15/6/2026: số quyết định "125-QĐ/ĐU" → "152-QĐ/ĐU"',
        '- **Vũ Thị Hòa** (`vu-thi-hoa`): tên: "Vũ Thị Hoa" → "Vũ Thị Hòa"',
        "### Xóa hẳn hồ sơ (1)",
        "- **Hà Thị Thu** (`ha-thi-thu`): tệp hồ sơ bị xóa",
        "### Sửa thông tin khác (1)",
        "- **Vũ Thị Hòa** (`vu-thi-hoa`): sửa câu chuyện",
    ]
    for line in expected:
        assert line in text, line
    # A rename is not reported as a record added and another deleted.
    assert "lo-thi-sua`): tệp hồ sơ bị xóa" not in text
    assert text.index("### Hồ sơ mới") < text.index("### Công nhận mới")


def test_change_summary_against_the_working_tree_and_without_changes(history, capsys):
    assert main(["changes", "--base", "HEAD"]) == 0
    assert "Không có thay đổi nào trong hồ sơ so với `HEAD`." in capsys.readouterr().out


def test_change_summary_goes_to_the_job_summary(history, monkeypatch, capsys, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["changes", "--base", "HEAD~1", "--head", "HEAD", "--summary"]) == 0
    assert capsys.readouterr().out == ""
    assert "### Hồ sơ mới (1)" in summary.read_text(encoding="utf-8")


def test_unknown_base_is_a_clear_error(history, capsys):
    assert main(["changes", "--base", "khong-co"]) == 2
    assert capsys.readouterr().err.startswith("Không so sánh được với khong-co:")


def test_a_new_record_marked_as_sample_data_is_pointed_out(history, capsys):
    # Copied from a sample record, it would be published as fictional.
    text = person("Sùng Thị Mỷ", "8-QĐ/ĐU").replace("\n---\n", "\nsample: true\n---\n", 1)
    write(history / "exemplars/sung-thi-my/index.md", text)
    assert main(["changes", "--base", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "- **Sùng Thị Mỷ** (`sung-thi-my`):\n" in out
    assert "  - ⚠ có `sample: true`: trang sẽ ghi hồ sơ này là dữ liệu mẫu, hư cấu" in out
    assert out.count("⚠") == 1
