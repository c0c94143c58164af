"""Photo paths cannot leave the record's folder, however they are written."""

import os
import unicodedata

import pytest
from helpers import TODAY, VALID_RECORD, make_image, make_repo

from generator.project import Layout, load

WITH_PHOTO = VALID_RECORD.replace(
    "---\nCâu",
    (
        "photos:\n  - file: 'FILE'\n    alt: Chân dung\n    credit: Báo Lào Cai\n"
        "consent:\n  photos: true\n---\nCâu"
    ),
)

ESCAPES = [
    "../tran-van-binh/chan-dung.jpg",
    "../../data/fields.yml",
    "anh/../../tran-van-binh/chan-dung.jpg",
    "/etc/passwd",
    "..%2ftran-van-binh%2fchan-dung.jpg",
    "%2e%2e/tran-van-binh/chan-dung.jpg",
    "..\\\\tran-van-binh\\\\chan-dung.jpg",
    "C:\\\\Windows\\\\win.ini",
    "\\\\\\\\server\\\\share\\\\a.jpg",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("name", ESCAPES)
def test_photo_paths_that_leave_the_folder_are_refused(tmp_path, name):
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": WITH_PHOTO.replace("FILE", name),
            "exemplars/tran-van-binh/index.md": VALID_RECORD.replace(
                "Nguyễn Thị Mai", "Trần Văn Bình"
            ),
        },
    )
    make_image(root / "exemplars/tran-van-binh/chan-dung.jpg", 800, 600)
    problems = [p for p in load(Layout(root), today=TODAY).problems if p.is_error]
    assert [p.key for p in problems] == ["photos[1].file"], problems
    assert "thư mục của hồ sơ" in problems[0].message or "không được phép" in problems[0].message


def test_symlink_to_a_file_outside_is_refused(tmp_path):
    root = make_repo(
        tmp_path, {"exemplars/nguyen-thi-mai/index.md": WITH_PHOTO.replace("FILE", "chan-dung.jpg")}
    )
    outside = make_image(tmp_path / "outside.jpg", 800, 600)
    os.symlink(outside, root / "exemplars/nguyen-thi-mai/chan-dung.jpg")
    problems = load(Layout(root), today=TODAY).problems
    assert [p.key for p in problems] == ["photos[1].file"]
    assert "liên kết" in problems[0].message


def test_symlinked_folder_inside_pointing_outside_is_refused(tmp_path):
    root = make_repo(
        tmp_path,
        {"exemplars/nguyen-thi-mai/index.md": WITH_PHOTO.replace("FILE", "anh/chan-dung.jpg")},
    )
    make_image(tmp_path / "elsewhere" / "chan-dung.jpg", 800, 600)
    os.symlink(tmp_path / "elsewhere", root / "exemplars/nguyen-thi-mai/anh")
    problems = load(Layout(root), today=TODAY).problems
    assert [p.key for p in problems] == ["photos[1].file"]


def test_photo_in_a_subfolder_of_the_record_is_fine(tmp_path):
    root = make_repo(
        tmp_path,
        {"exemplars/nguyen-thi-mai/index.md": WITH_PHOTO.replace("FILE", "anh/chan-dung.jpg")},
    )
    make_image(root / "exemplars/nguyen-thi-mai/anh/chan-dung.jpg", 800, 600)
    assert load(Layout(root), today=TODAY).problems == []


def test_a_photo_named_in_decomposed_unicode_is_the_one_the_record_names(tmp_path):
    # Uploaded from a Mac, "chân-dung.jpg" may be named in NFD: the same name to the eye.
    root = make_repo(
        tmp_path,
        {"exemplars/nguyen-thi-mai/index.md": WITH_PHOTO.replace("FILE", "chân-dung.jpg")},
    )
    on_disk = root / "exemplars/nguyen-thi-mai" / unicodedata.normalize("NFD", "chân-dung.jpg")
    make_image(on_disk, 800, 600)
    project = load(Layout(root), today=TODAY)
    assert project.problems == []
    (record,) = project.records
    assert record.photos[0].path == on_disk


def test_symlinked_record_folder_and_index_are_refused(tmp_path):
    root = make_repo(
        tmp_path,
        {
            "elsewhere/nguyen-thi-mai/index.md": VALID_RECORD,
            "exemplars/other/real.md": VALID_RECORD,
        },
    )
    os.symlink(root / "elsewhere/nguyen-thi-mai", root / "exemplars/nguyen-thi-mai")
    (root / "exemplars/other/real.md").rename(root / "exemplars/other/target.md")
    os.symlink(root / "exemplars/other/target.md", root / "exemplars/other/index.md")
    problems = {p.file: p.message for p in load(Layout(root), today=TODAY).problems}
    assert "symlink" in problems["exemplars/nguyen-thi-mai"]
    assert "index.md" in problems["exemplars/other"]
