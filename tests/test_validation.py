"""Rules beyond the bad-record catalogue, and the command line editors use."""

import subprocess
import sys
from datetime import date

import pytest
from helpers import VALID_RECORD, make_repo, person

from generator.project import Layout, load


def test_clean_record_has_no_problems(tmp_path):
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.problems == []
    assert [r.slug for r in project.records] == ["nguyen-thi-mai"]


def test_second_period_record_validates_once_its_dates_have_come(tmp_path):
    record = VALID_RECORD.replace("period: 2025-2028", "period: 2028-2030").replace(
        "date: 2026-06-15", "date: 2029-03-02"
    )
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    assert load(Layout(root), today=date(2029, 6, 1)).problems == []
    later = load(Layout(root), today=date(2026, 11, 25)).problems
    assert [p.key for p in later] == ["recognitions[1].date"]


def test_withdrawn_records_count_towards_the_provincial_quota(tmp_path):
    provincial = VALID_RECORD.replace("date: 2026-06-15", "date: 2026-01-15").replace(
        "    issued_by: Đảng ủy xã Bát Xát\n",
        '    issued_by: Đảng ủy xã Bát Xát\n  - level: provincial\n    decision: "1-QĐ/TU"\n'
        "    date: 2026-05-19\n    issued_by: Tỉnh ủy Lào Cai\n",
    )
    files = {f"exemplars/r{i}/index.md": person(i, provincial) for i in range(3)}
    files["exemplars/r2/index.md"] = person(2, provincial).replace(
        "status: recognized", "status: withdrawn"
    )
    root = make_repo(tmp_path, files)
    problems = load(Layout(root), today=date(2026, 11, 25)).problems
    assert len(problems) == 3 and all("vượt mức tối đa 2" in p.message for p in problems)


def test_other_committee_or_year_is_not_counted(tmp_path):
    provincial = VALID_RECORD.replace("date: 2026-06-15", "date: 2026-01-15").replace(
        "    issued_by: Đảng ủy xã Bát Xát\n",
        '    issued_by: Đảng ủy xã Bát Xát\n  - level: provincial\n    decision: "1-QĐ/TU"\n'
        "    date: 2026-05-19\n    issued_by: Tỉnh ủy Lào Cai\n",
    )
    files = {f"exemplars/r{i}/index.md": person(i, provincial) for i in range(2)}
    files["exemplars/r3/index.md"] = (
        person(3, provincial)
        .replace("xa-bat-xat", "xa-y-ty")
        .replace("commune: bat-xat", "commune: y-ty")
    )
    root = make_repo(tmp_path, files)
    assert load(Layout(root), today=date(2026, 11, 25)).problems == []


def _cli(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--today", "2026-11-25", *args],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_cli_exit_codes_and_output(tmp_path):
    root = make_repo(
        tmp_path,
        {
            "exemplars/good/index.md": VALID_RECORD,
            "exemplars/bad/index.md": person(1).replace(
                "field: new-rural-development", "field: educatoin"
            ),
        },
    )
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = _cli(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'exemplars/bad/index.md:6: field: "educatoin" không có trong danh mục lĩnh vực '
        "(data/fields.yml); có phải ý bạn là 'education' (Giáo dục và đào tạo)?"
    ]
    assert "Traceback" not in result.stderr
    assert "1 lỗi trong 1 tệp" in result.stderr
    assert _cli(root, "exemplars/good").returncode == 0
    assert _cli(root, "exemplars/bad/index.md").returncode == 1
    assert _cli(root, "exemplars/khong-co").returncode == 2


def test_an_unreadable_grassroots_date_gives_one_error_not_two(tmp_path):
    record = VALID_RECORD.replace("date: 2026-06-15", "date: 15/06/2026").replace(
        "    issued_by: Đảng ủy xã Bát Xát\n",
        '    issued_by: Đảng ủy xã Bát Xát\n  - level: provincial\n    decision: "1-QĐ/TU"\n'
        "    date: 2026-07-19\n    issued_by: Tỉnh ủy Lào Cai\n",
    )
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    problems = load(Layout(root), today=date(2026, 11, 25)).problems
    assert [p.key for p in problems] == ["recognitions[1].date"]


def test_an_original_with_gps_gets_a_warning_naming_the_fix(tmp_path):
    from helpers import make_phone_photo

    record = VALID_RECORD.replace(
        "---\nCâu",
        (
            "photos:\n  - file: chan-dung.jpg\n    alt: Chân dung\n    credit: Báo Lào Cai\n"
            "consent:\n  photos: true\n---\nCâu"
        ),
    )
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    make_phone_photo(root / "exemplars/nguyen-thi-mai/chan-dung.jpg", 800, 600)
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.ok
    (warning,) = project.problems
    assert warning.key == "photos[1].file" and not warning.is_error
    assert "vị trí GPS" in warning.message and "clean-photos" in warning.message


def test_a_label_typed_in_part_suggests_its_key(tmp_path):
    """Editors type the words they read on the site, often only the first ones."""
    root = make_repo(
        tmp_path,
        {
            "exemplars/bad/index.md": VALID_RECORD.replace(
                "field: new-rural-development", "field: y-te"
            )
        },
    )
    result = _cli(root)
    assert "có phải ý bạn là 'health' (Y tế, chăm sóc sức khỏe Nhân dân)?" in result.stdout


PHOTO = (
    "photos:\n  - file: chan-dung.jpg\n    alt: Chân dung\n    credit: Báo Lào Cai\n"
    "consent:\n  photos: true\n---\n"
)


def test_a_record_copied_and_not_edited_is_pointed_out(tmp_path):
    # Same name, commune and decision: a copy. Same photo: a copy whose photo was not replaced.
    copy = VALID_RECORD.replace("\n---\n", "\n" + PHOTO, 1)
    # The same name in the same commune, recognized by another decision: the same person given a
    # second record (new run again), or a namesake; said more gently.
    namesake = copy.replace('decision: "125-QĐ/ĐU"', 'decision: "77-QĐ/ĐU"')
    # Another name, for all that it folds to the same letters.
    other = namesake.replace("Nguyễn Thị Mai", "Nguyễn Thị Mại").replace("77-QĐ", "78-QĐ")
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": copy,
            "exemplars/nguyen-thi-mai-2/index.md": copy,
            "exemplars/nguyen-thi-mai-y-ty/index.md": namesake,
            "exemplars/nguyen-thi-mai-bat-xat/index.md": other,
            "exemplars/nguyen-thi-mai/chan-dung.jpg": "PILLOW 800x600",
            "exemplars/nguyen-thi-mai-2/chan-dung.jpg": "PILLOW 800x600",
            "exemplars/nguyen-thi-mai-y-ty/chan-dung.jpg": "PILLOW 640x480",
            "exemplars/nguyen-thi-mai-bat-xat/chan-dung.jpg": "PILLOW 720x540",
        },
    )
    assert '"125-QĐ/ĐU"' in copy
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.ok  # warnings: namesakes exist, and a group photo may be shared
    found = {(p.file.split("/")[1], p.key, p.message.split(" ")[0]) for p in project.problems}
    assert found == {
        ("nguyen-thi-mai", "name", "trùng"),
        ("nguyen-thi-mai-2", "name", "trùng"),
        ("nguyen-thi-mai", "photos[1].file", "ảnh"),
        ("nguyen-thi-mai-2", "photos[1].file", "ảnh"),
        ("nguyen-thi-mai-y-ty", "name", "cùng"),
    }
    assert all(not p.is_error for p in project.problems)
    (gentle,) = [p for p in project.problems if p.file.endswith("mai-y-ty/index.md")]
    assert (
        "exemplars/nguyen-thi-mai-2/index.md, exemplars/nguyen-thi-mai/index.md" in gentle.message
    )
    assert "nếu là người trùng tên, không cần sửa gì" in gentle.message


def test_files_no_record_uses_and_heavy_photos_are_pointed_out(tmp_path, monkeypatch):
    from generator import validation

    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": VALID_RECORD.replace("\n---\n", "\n" + PHOTO, 1),
            "exemplars/nguyen-thi-mai/chan-dung.jpg": "PILLOW 800x600",
            "exemplars/nguyen-thi-mai/Quyết định 125.docx": "bản quét",
            "exemplars/nguyen-thi-mai/anh/anh-2.jpg": "PILLOW 800x600",
            "exemplars/nguyen-thi-mai/.DS_Store": "x",
        },
    )
    monkeypatch.setattr(validation, "LARGE_FILE", 1_000)
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.ok
    assert {p.file: p.message.split(";")[0] for p in project.problems} == {
        "exemplars/nguyen-thi-mai/Quyết định 125.docx": (
            "tệp này không được hồ sơ dùng đến (không có trong 'photos:'), mà kho hồ sơ là công khai"
        ),
        "exemplars/nguyen-thi-mai/anh/anh-2.jpg": (
            "tệp này không được hồ sơ dùng đến (không có trong 'photos:'), mà kho hồ sơ là công khai"
        ),
        "exemplars/nguyen-thi-mai/chan-dung.jpg": (
            "ảnh nặng 0 MB, mà kho git giữ mãi mọi phiên bản của tệp"
        ),
    }


def test_a_photo_refused_for_its_name_is_not_also_called_unused(tmp_path):
    """The entry's own error says what to do; "add it to photos:" beside it would contradict."""
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": VALID_RECORD.replace(
                "\n---\n", "\n" + PHOTO.replace("chan-dung.jpg", "chan%dung.jpg"), 1
            ),
            "exemplars/nguyen-thi-mai/chan%dung.jpg": "PILLOW 800x600",
        },
    )
    project = load(Layout(root), today=date(2026, 11, 25))
    (error,) = project.problems
    assert (error.file, error.key, error.is_error) == (
        "exemplars/nguyen-thi-mai/index.md",
        "photos[1].file",  # numbered from 1 for editors
        True,
    )
    assert "ký tự không được phép" in error.message


@pytest.mark.parametrize("story", ["", "\n\n", "<!-- Viết câu chuyện ở đây -->\n"])
def test_a_record_without_a_story_is_pointed_out(tmp_path, story):
    record = VALID_RECORD.replace("---\nCâu chuyện.", "---\n" + story)
    assert record != VALID_RECORD
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.ok
    (warning,) = project.problems
    assert (warning.key, warning.is_error) == ("câu chuyện", False)
    assert warning.message.startswith("chưa có câu chuyện")


def test_a_decision_with_two_dates_is_pointed_out(tmp_path):
    other_day = person(1).replace("date: 2026-06-15", "date: 2026-06-16")
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": VALID_RECORD,
            "exemplars/lo-van-pa/index.md": other_day,
            "exemplars/giang-thi-do/index.md": person(2),  # same decision, same day: fine
        },
    )
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.ok
    found = {(p.file.split("/")[1], p.key): p.message for p in project.problems}
    assert sorted(found) == [
        ("giang-thi-do", "recognitions[1].date"),
        ("lo-van-pa", "recognitions[1].date"),
        ("nguyen-thi-mai", "recognitions[1].date"),
    ]
    assert found[("lo-van-pa", "recognitions[1].date")].startswith(
        'quyết định "125-QĐ/ĐU" ghi ngày 16/6/2026 ở đây, nhưng ngày 15/6/2026 ở hồ sơ khác'
    )


def test_a_commune_another_communes_committee_registered_is_pointed_out(tmp_path):
    record = VALID_RECORD.replace("commune: bat-xat", "commune: y-ty")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    project = load(Layout(root), today=date(2026, 11, 25))
    assert project.ok
    (warning,) = project.problems
    assert (warning.key, warning.is_error) == ("party_committee", False)
    assert warning.message.startswith(
        "Đảng ủy xã Bát Xát là đảng ủy của xã Bát Xát, còn hồ sơ ghi ở xã Y Tý (khóa commune)"
    )


def test_an_optional_key_left_empty_says_it_can_be_commented_out_again(tmp_path):
    """The template's optional keys are commented out; one uncommented and left empty."""
    record = VALID_RECORD.replace("role: Bí thư Chi bộ thôn Tả Phời", "role:")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    (problem,) = load(Layout(root), today=date(2026, 11, 25)).problems
    assert problem.key == "role" and problem.message.endswith(
        "nếu không dùng khóa này, hãy viết lại '# ' ở đầu dòng hoặc xóa dòng"
    )
    required = VALID_RECORD.replace("name: Nguyễn Thị Mai", "name:")
    (tmp_path / "b").mkdir()
    root = make_repo(tmp_path / "b", {"exemplars/nguyen-thi-mai/index.md": required})
    (problem,) = load(Layout(root), today=date(2026, 11, 25)).problems
    assert problem.message == "không được để trống; cần một đoạn chữ"  # it cannot go


def test_a_record_in_a_hidden_folder_is_named_not_dropped(tmp_path):
    root = make_repo(
        tmp_path,
        {
            "exemplars/.nguyen-thi-mai/index.md": VALID_RECORD,
            "exemplars/.gitkeep": "",
            "exemplars/.vscode/settings.json": "{}",
        },
    )
    project = load(Layout(root), today=date(2026, 11, 25))
    (problem,) = project.problems
    assert problem.file == "exemplars/.nguyen-thi-mai" and problem.is_error
    assert "hãy đổi tên thành 'nguyen-thi-mai'" in problem.message
