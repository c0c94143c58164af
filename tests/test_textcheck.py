"""Personal data is refused wherever it appears; look-alike characters are fixed with a warning."""

import unicodedata

import pytest
from helpers import TODAY, VALID_RECORD, make_repo
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.frontmatter import canonical, parse_record_text
from generator.problems import format_problem
from generator.project import Layout, load
from generator.textcheck import TextPolicy, markup_in_story, personal_data

POLICY = TextPolicy(("gov.vn", "dcs.vn"))

PERSONAL = [
    "Liên hệ 0912345678",
    "Liên hệ 0912 345 678",
    "Liên hệ 0912.345.678",
    "Liên hệ 0912-345-678",
    "Điện thoại: +84 912 345 678",
    "Điện thoại: +84912345678",
    "SĐT 84.383.456.789",
    "zalo 0387654321.",
    "CCCD 001234567890",
    "Số căn cước 001234567890.",
    "CCCD 001 185 012 345",
    "căn cước số 001.185.012.345.",
    "Chị sinh ngày 12/3/1985 tại Bát Xát",
    "Ngày sinh: 05-11-1979",
    "CMND số 123456789",
    "Email: mai.nguyen@gmail.com",
    "thư: chi.mai@yahoo.com.vn",
    "Nhà ở số nhà 15 đường Hoàng Liên",
    "nhà số 7, tổ 3",
    "ở ngõ 42 phố Cốc Lếu",
    "ngách 12/3",
    "thường trú tại thôn Tả Phời",
    "Địa chỉ nhà: thôn 2",
]

NOT_PERSONAL = [
    "Quyết định số 125-QĐ/ĐU ngày 15/6/2026",
    "Hỗ trợ 150.000.000 đồng cho 12 hộ",
    "Trồng 1.200 cây quế, thu 35.000.000 đồng mỗi năm",
    "Năm 2025-2028, giai đoạn 2028-2030",
    "Liên hệ ubnd@laocai.gov.vn hoặc bantuyengiao@dcs.vn",
    "Số nhà văn hóa thôn được xây mới",  # "số nhà" without a number
    "Hoàng Liên Sơn cao 3.143 m",
    "đạt 98,5% kế hoạch, 1234 hội viên",
    "mã số thuế 5300123456",  # ten digits, not a mobile number: starts with 5
    "vốn 1.000.000.000 đồng, 100.000.000.000 đồng",
    "Chị sinh năm 1985, quê ở Bát Xát",  # a birth year is what the press publishes  # grouped amounts never start with 0
]


def test_a_phone_number_is_not_also_an_old_id_number():
    assert personal_data("gọi +84 912345678", POLICY) == [
        'có vẻ là số điện thoại cá nhân ("+84 912345678")'
    ]


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_data_is_found(text):
    assert personal_data(text, POLICY), text


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_ordinary_numbers_are_not_personal_data(text):
    assert personal_data(text, POLICY) == [], text


ADVICE = (
    "không đăng số căn cước, số điện thoại cá nhân, thư điện tử cá nhân, địa chỉ nhà riêng hay "
    "ngày sinh đầy đủ của người được ghi danh; hãy xóa thông tin này (năm sinh thì được ghi)"
)


def test_found_everywhere_with_place_and_value(tmp_path):
    record = VALID_RECORD.replace(
        "role: Bí thư Chi bộ thôn Tả Phời", "role: Bí thư Chi bộ, ĐT 0912 345 678"
    ).replace("Câu chuyện.", "Câu chuyện.\n\nLiên hệ chị Mai qua mai@gmail.com.")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    lines = [format_problem(p) for p in load(Layout(root), today=TODAY).problems]
    assert lines == [
        'exemplars/nguyen-thi-mai/index.md:5: role: có vẻ là số điện thoại cá nhân ("0912 345 678"): '
        + ADVICE,
        "exemplars/nguyen-thi-mai/index.md:22: câu chuyện: có thư điện tử không phải hộp thư công vụ "
        '("mai@gmail.com"): ' + ADVICE,
    ]


def test_decision_numbers_dates_and_urls_are_not_read(tmp_path):
    record = VALID_RECORD.replace('decision: "125-QĐ/ĐU"', 'decision: "0912345678"').replace(
        "---\nCâu",
        "media:\n  - title: Bài\n    outlet: Báo\n"
        "    url: https://example.org/bai-viet-123456789012.html\n    date: 2026-07-01\n"
        "    type: article\n---\nCâu",
    )
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    assert load(Layout(root), today=TODAY).problems == []


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("\u00d0ặng Văn Khải", "Đặng Văn Khải"),
        ("Nguy\u200bễn Thị Mai", "Nguyễn Thị Mai"),
        ("Nguyễn\u00a0Thị\u00a0Mai", "Nguyễn Thị Mai"),
        ("\u00f0ồng", "đồng"),
        (unicodedata.normalize("NFD", "Đoàn Thị Thủy"), "Đoàn Thị Thủy"),
    ],
)
def test_lookalike_characters_are_replaced(raw, fixed):
    assert canonical(raw)[0] == fixed


def test_lookalike_in_a_record_is_fixed_with_a_warning(tmp_path):
    record = VALID_RECORD.replace("Nguyễn Thị Mai", "Nguyễn\u00a0Thị \u00d0ào")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    project = load(Layout(root), today=TODAY)
    assert project.ok
    assert project.records[0].name == "Nguyễn Thị Đào"
    (warning,) = project.problems
    assert not warning.is_error and warning.key == "name" and warning.line == 2
    assert "U+00D0" in warning.message and "U+00A0" in warning.message


def test_lookalike_in_the_story_is_fixed_with_a_warning():
    parsed = parse_record_text("---\na: 1\n---\n\n\nchị \u00d0ào\u200b kể\n")
    assert parsed.body == "chị Đào kể\n"
    assert parsed.body_line == 6
    assert [(p.line, p.key) for p in parsed.problems] == [(6, ("câu chuyện",))]


def test_mixed_tone_placement_in_a_name_is_a_warning(tmp_path):
    record = VALID_RECORD.replace("Nguyễn Thị Mai", "Lê Thị Hoà Thúy")
    root = make_repo(tmp_path, {"exemplars/le-thi/index.md": record})
    project = load(Layout(root), today=TODAY)
    assert project.ok
    assert [p.key for p in project.problems] == ["name"]
    assert "'oà' kiểu cũ" in project.problems[0].message


def test_a_name_in_capitals_is_a_warning_with_its_fix(tmp_path):
    record = VALID_RECORD.replace("Nguyễn Thị Mai", "NGUYỄN THỊ MAI")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    project = load(Layout(root), today=TODAY)
    assert project.ok
    assert [format_problem(p) for p in project.problems] == [
        "exemplars/nguyen-thi-mai/index.md:2: cảnh báo: name: tên viết toàn chữ in hoa, và sẽ hiện "
        'như vậy trên trang; hãy viết: "Nguyễn Thị Mai"'
    ]


@pytest.mark.parametrize("name, warned", [("HTX DVNN", False), ("CHI BỘ THÔN NA LŨNG", True)])
def test_a_collective_name_of_abbreviations_is_not_called_shouting(tmp_path, name, warned):
    record = (
        VALID_RECORD.replace("kind: individual", "kind: collective")
        .replace("subject: party-member", "subject: party-organization")
        .replace("Nguyễn Thị Mai", name)
    )
    root = make_repo(tmp_path, {"exemplars/x/index.md": record})
    problems = load(Layout(root), today=TODAY).problems
    assert [p.message.split(";")[0] for p in problems if p.key == "name"] == (
        ["tên viết toàn chữ in hoa, và sẽ hiện như vậy trên trang"] if warned else []
    )


@pytest.mark.parametrize(
    "typed, fix",
    [("H'HEN NIÊ", "H'Hen Niê"), ("Y-NGÔNG NIÊ KDĂM", "Y-Ngông Niê Kdăm"), ("LÒ A", "Lò A")],
)
def test_the_fix_for_a_name_in_capitals_keeps_each_syllable_capitalised(tmp_path, typed, fix):
    record = VALID_RECORD.replace("Nguyễn Thị Mai", typed)
    root = make_repo(tmp_path, {"exemplars/x/index.md": record})
    (warning,) = load(Layout(root), today=TODAY).problems
    assert warning.message.endswith(f'hãy viết: "{fix}"')


@pytest.mark.parametrize(
    "name",
    ["Lê Thị Hòa Thúy", "Lê Thị Hoà Thuý", "Trần Quý Hoàng", "Nguyễn Thị Khỏe", "Lò A", "Hờ A Dơ"],
)
def test_consistent_tone_placement_is_fine(tmp_path, name):
    root = make_repo(
        tmp_path, {"exemplars/x/index.md": VALID_RECORD.replace("Nguyễn Thị Mai", name)}
    )
    assert load(Layout(root), today=TODAY).problems == []


@pytest.mark.parametrize(
    "line",
    [
        'Chị <span style="color:red">Mai</span> kể',
        '<b onclick="x()">Mai</b>',
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](JaVa&#x09;Script:alert(1))",
        "![a](data:image/svg+xml;base64,PHN2Zz4=)",
    ],
)
def test_markup_the_sanitizer_removes_is_announced(line):
    assert markup_in_story(line)


@pytest.mark.parametrize(
    "line",
    [
        "Xem [bài viết](https://example.org/bai-viet) và <https://example.org>.",
        "Năm 2025 < 2026 > 2024, tỉ lệ 3 < 5",
        "**chữ đậm** và _nghiêng_",
        "dữ liệu: 12 hộ",
        "<!-- ghi chú cho người biên tập, không hiện trên trang -->",
        # tags the sanitizer keeps, published as written
        "Chị <b>Mai</b> kể, <em>rất</em> vui",
        'xem <a href="https://example.org" title="Báo">bài</a>',
    ],
)
def test_plain_markdown_is_not_announced(line):
    assert markup_in_story(line) == []


def test_story_markup_is_a_warning_with_its_line(tmp_path):
    record = VALID_RECORD.replace(
        "Câu chuyện.", 'Câu chuyện.\n\nChị <span style="color:red">Mai</span> kể.'
    )
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    project = load(Layout(root), today=TODAY)
    assert project.ok
    (warning,) = project.problems
    assert (warning.line, warning.key, warning.is_error) == (22, "câu chuyện", False)
    assert '<span style="color:red">' in warning.message


def test_markup_in_the_front_matter_is_a_warning(tmp_path):
    # Shown as text there: an editor who wrote <b> to make it bold would see "<b>" on the page.
    record = VALID_RECORD.replace("summary: Gương mẫu", "summary: <b>Gương mẫu</b>")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    project = load(Layout(root), today=TODAY)
    assert project.ok
    (warning,) = project.problems
    assert (warning.key, warning.is_error) == ("summary", False)
    assert '"<b>"' in warning.message and "nguyên văn" in warning.message


# The quick tests that spare most lines the full patterns (nine digits, "@", a word of an
# address; "<", ":" or "&" for markup) must never hide a finding: compared with every pattern
# run on every text.
def _personal_data_unfiltered(text: str, policy: TextPolicy) -> list[str]:
    from generator import textcheck

    found = []
    phones = [m.span() for m in textcheck._PHONE.finditer(text)]
    for start, end in phones:
        found.append(f'có vẻ là số điện thoại cá nhân ("{text[start:end].strip()}")')
    for match in textcheck._ID.finditer(text):
        if any(start <= match.start() < end for start, end in phones):
            continue
        kind = "số căn cước công dân" if len(match.group(1)) == 12 else "số chứng minh nhân dân"
        found.append(f'có vẻ là {kind} ("{match.group(1)}")')
    for match in textcheck._ID_GROUPED.finditer(text):
        found.append(f'có vẻ là số căn cước công dân ("{match.group(1)}")')
    for match in textcheck._EMAIL.finditer(text):
        if not policy.email_allowed(match.group(1)):
            found.append(f'có thư điện tử không phải hộp thư công vụ ("{match.group(0)}")')
    for match in textcheck._BIRTH_DATE.finditer(text):
        found.append(f'có vẻ là ngày sinh ("{match.group(0)}")')
    for match in textcheck._ADDRESS.finditer(text):
        found.append(f'có vẻ là địa chỉ nhà riêng ("{match.group(0)}")')
    return found


PIECES = st.sampled_from(
    list("0123456789٣ .-+@:<>&/\n\t")
    + [
        "84",
        "09",
        "912",
        "345 678",
        "12345",
        "0912345678",
        " 15",
        "gmail.com",
        "gov.vn",
        "Số NHÀ",
        "số nhà",
        "Ngõ",
        "NGÁCH",
        "hẻm",
        "nhà số",
    ]
    + ["Nơi ở hiện nay", "thường TRÚ TẠI", "địa chỉ nhà", "nhà riêng tại", "ſố nhà", "a", "Đ"]
    + ["&lt;b&gt;", "&#58;", "javascript", "java\tscript:", "data:image/", "<i>", "&amp;"]
    + ["sinh ngày", "Ngày sinh:", "SINH", "12/3/1985", "/", "-"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
@example("Ngõ 5 phố Mới")
@example("ngách 12/3")
@example("HẺM 7")
@example("Nơi ở hiện nay: tổ 2")
@example("thường trú tại thôn Tả Phời")
@example("gọi +84.912.345.678 hoặc 0912 345 678, CCCD 001234567890")
@example("a.b@gmail.com, &#60;b&#62; java&#58;script:")
def test_quick_tests_never_hide_personal_data_or_markup(text):
    assert personal_data(text, POLICY) == _personal_data_unfiltered(text, POLICY)
    from generator import textcheck

    visible = textcheck.re.sub(r"[\x00-\x20]+", "", textcheck.html.unescape(text))
    expected = bool(textcheck._SCRIPT_URL.search(visible)) or any(
        not textcheck.kept(tag) for tag in textcheck._HTML_TAG.finditer(text)
    )
    assert bool(markup_in_story(text)) == expected


def test_a_bar_in_a_list_the_open_data_joins_is_an_error(tmp_path):
    """CSV and XLSX join these lists with " | ": one achievement would be read as two."""
    record = VALID_RECORD.replace(
        "  - Vận động 40 hộ trồng quế.\n",
        "  - Vận động 40 hộ trồng quế.\n  - Thời gian giảm 30% | chi phí giảm 20%.\n",
    ).replace('"125-QĐ/ĐU"', '"125|QĐ/ĐU"')
    record = record.replace("summary: Gương mẫu", "summary: Gương mẫu | tận tụy")
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    problems = load(Layout(root), today=TODAY).problems
    found = {(p.key, p.line) for p in problems if '"|"' in p.message}
    assert found == {("achievements[2]", 19), ("recognitions[1].decision", 13)}
    assert all(p.is_error for p in problems if '"|"' in p.message)
    (message,) = {format_problem(p) for p in problems if p.key == "achievements[2]"}
    assert "thay bằng dấu phẩy hoặc chấm phẩy" in message


def test_bullets_and_images_pasted_into_a_story_are_warnings(tmp_path):
    """Word's bullets join the paragraph above, and an image in the story is never published:
    both vanished without a word."""
    story = "Chị làm được:\n• Vận động 40 hộ.\n\uf0b7 Mở lớp học.\n\n![Vườn chè](vuon-che.jpg)\n"
    story += "·         Trồng quế.\no\tGiữ rừng.\no bé Lan nói.\n"  # the last is text
    record = VALID_RECORD.replace("Câu chuyện.\n", story)
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": record})
    problems = load(Layout(root), today=TODAY).problems
    found = [(p.line, p.message.split(" ")[0], p.is_error) for p in problems]
    assert found == [
        (21, "dòng", False),
        (22, "dòng", False),
        (24, "ảnh", False),
        (25, "dòng", False),
        (26, "dòng", False),
    ]
    assert "hãy thay bằng '- '" in problems[0].message
    assert "'vuon-che.jpg'" in problems[2].message and "'photos:'" in problems[2].message


def test_a_bar_where_no_cell_joins_it_is_fine_and_one_in_an_address_is_encoded(tmp_path):
    record = VALID_RECORD.replace("\n---\n", "\n" + PHOTO_WITH_CAPTION, 1).replace(
        "achievements:\n",
        "media:\n  - title: Tin\n    outlet: Báo Lào Cai\n"
        "    url: https://baolaocai.vn/a|b\n    date: 2026-07-01\n    type: online\n"
        "achievements:\n",
    )
    root = make_repo(
        tmp_path,
        {
            "exemplars/nguyen-thi-mai/index.md": record,
            "exemplars/nguyen-thi-mai/chan-dung.jpg": "PILLOW 800x600",
        },
    )
    problems = [p for p in load(Layout(root), today=TODAY).problems if '"|"' in p.message]
    assert [p.key for p in problems] == ["media[1].url"]
    assert problems[0].message.endswith("hãy thay bằng %7C")


PHOTO_WITH_CAPTION = (
    "photos:\n  - file: chan-dung.jpg\n    alt: Chân dung\n    caption: Chị Mai | vườn quế\n"
    "    credit: Báo Lào Cai\nconsent:\n  photos: true\n---\n"
)
