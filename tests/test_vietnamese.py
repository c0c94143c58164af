import unicodedata
from datetime import date

from generator.vietnamese import (
    fold,
    format_date,
    format_date_long,
    name_sort_key,
    slugify,
    sort_key,
)


def test_fold_removes_marks_and_d_bar_in_both_forms():
    assert fold("Nguyễn Văn Hùng") == "nguyen van hung"
    assert fold("Đảng ủy") == "dang uy"
    assert fold(unicodedata.normalize("NFD", "Đào Đồng")) == "dao dong"


def test_slugify():
    assert slugify("Nguyễn Thị Mai (Bát Xát)") == "nguyen-thi-mai-bat-xat"
    assert slugify("  Đội 3 -- Y Tý ") == "doi-3-y-ty"


def test_alphabet_order_puts_modified_letters_after_their_base():
    words = ["đa", "da", "ơi", "ôi", "oi", "ăn", "ân", "an", "ư", "u", "ê", "e"]
    assert sorted(words, key=sort_key) == [
        "an",
        "ăn",
        "ân",
        "da",
        "đa",
        "e",
        "ê",
        "oi",
        "ôi",
        "ơi",
        "u",
        "ư",
    ]


def test_tones_order_after_letters_ngang_huyen_hoi_nga_sac_nang():
    words = ["má", "mạ", "mà", "ma", "mã", "mả"]
    assert sorted(words, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # letters win over tones: "mà" before "mai" even though "mai" has no tone
    assert sorted(["mai", "mà"], key=sort_key) == ["mà", "mai"]


def test_word_boundary_sorts_first():
    assert sorted(["Anh", "An Bình", "An"], key=sort_key) == ["An", "An Bình", "Anh"]


def test_people_by_given_name_then_family_name():
    names = ["Trần Văn An", "Nguyễn Thị Bình", "Lê An", "Nguyễn Thị Mai"]
    ordered = sorted(names, key=lambda n: name_sort_key(n, individual=True))
    assert ordered == ["Lê An", "Trần Văn An", "Nguyễn Thị Bình", "Nguyễn Thị Mai"]


def test_nfd_names_sort_like_nfc():
    a = name_sort_key(unicodedata.normalize("NFD", "Đặng Văn Ất"), True)
    b = name_sort_key("Đặng Văn Ất", True)
    assert a == b


def test_dates_day_first():
    assert format_date(date(2026, 6, 5)) == "5/6/2026"
    assert format_date_long(date(2026, 6, 15)) == "ngày 15 tháng 6 năm 2026"


def test_abbreviations_give_the_other_form_of_a_unit_name():
    from generator.vietnamese import abbreviations

    assert abbreviations(["Đảng bộ Trường Trung học phổ thông Nghĩa Lộ"]) == ["THPT"]
    assert set(abbreviations(["Trường PTDTBT THCS Y Tý"])) == {
        "Phổ thông dân tộc bán trú",
        "Trung học cơ sở",
    }
    assert abbreviations(["HĐND xã", "hợp tác xã chè"]) == ["HTX", "Hội đồng nhân dân"]
    assert abbreviations(["Giám đốc Hợp tác xã, Bí thư chi bộ"]) == ["HTX"]  # before a comma
    # Whole words only: "htx" inside another word, or "thpt" in a slug, is not the name.
    assert abbreviations(["Nguyễn Văn Hùng", "Phường Cầu Mây"]) == []
