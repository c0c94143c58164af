"""`python -m generator new`: from options or from answers on stdin, a record that validates."""

from __future__ import annotations

import io
import json
import re

import pytest
from helpers import REPO, TODAY, VALID_RECORD, make_repo

from generator import canonical, scaffold
from generator.cli import main
from generator.frontmatter import parse_record_text
from generator.project import Layout, load
from generator.vocabularies import load_vocabularies

OPTIONS = [
    "--name",
    "Nguyễn Thị Mai",
    "--kind",
    "individual",
    "--subject",
    "party-member",
    "--field",
    "new-rural-development",
    "--commune",
    "bat-xat",
    "--party-committee",
    "xa-bat-xat",
    "--level",
    "grassroots",
    "--decision",
    "125-QĐ/ĐU",
    "--date",
    "2026-06-15",
    "--summary",
    "Gương mẫu vận động bà con trồng quế.",
    "--achievement",
    "Vận động 40 hộ trồng quế.",
    "--achievement",
    "Ba năm liền hoàn thành xuất sắc nhiệm vụ.",
]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def valid(root) -> list[str]:
    """The problems of the records, but the reminder that a new record has no story yet."""
    project = load(Layout(root), today=TODAY)
    story = [p for p in project.problems if p.message.startswith("chưa có câu chuyện")]
    assert [p.is_error for p in story] in ([], [False])
    return [p.message for p in project.problems if p not in story]


def test_new_from_options_writes_a_valid_canonical_record(repo, capsys):
    assert main(["new", "--no-input", "--today", TODAY.isoformat(), *OPTIONS]) == 0
    path = repo / "exemplars/nguyen-thi-mai-bat-xat/index.md"
    text = path.read_text(encoding="utf-8")
    assert valid(repo) == []
    assert main(["fmt", "--check"]) == 0
    data = parse_record_text(text).data
    assert data["period"] == "2025-2028"  # from the date
    assert data["status"] == "recognized"
    assert data["recognitions"] == [
        {
            "level": "grassroots",
            "decision": "125-QĐ/ĐU",
            "date": TODAY.replace(month=6, day=15),
            "issued_by": "Đảng ủy xã Bát Xát",  # from the party committee
        }
    ]
    assert data["achievements"] == [
        "Vận động 40 hộ trồng quế.",
        "Ba năm liền hoàn thành xuất sắc nhiệm vụ.",
    ]
    # Every key of the contract is there, in use or commented out, with its Vietnamese help.
    schema = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    for key in schema["properties"]:
        if key != "sample":
            assert re.search(rf"^(# )?{key}:.*  # \S", text, re.M), key
    assert scaffold.STORY_PLACEHOLDER in text
    assert "địa chỉ trang: /ghi-danh/nguyen-thi-mai-bat-xat/" in capsys.readouterr().err


def test_new_asks_in_vietnamese_and_reads_answers_from_stdin(repo, monkeypatch, capsys):
    answers = "\n".join(
        [
            "Chi bộ thôn Nà Lũng",  # name
            "2",  # kind: collective
            "1",  # subject: party-organization (the first collective subject)
            "1",  # field: party-building
            "bac ha",  # commune, typed without diacritics
            "",  # party committee: the default, the commune's own
            "1",  # level: grassroots
            '"88-QĐ/ĐU"',  # decision, in quotes as CONTRIBUTING writes it
            "31/6/2026",  # no such day: asked again, nothing answered so far is lost
            "5/3/2026",  # date, day first
            "",  # issued_by: the default
            '"Chi bộ bốn tốt" giúp 30 hộ thoát nghèo.',  # summary: its quotes are its own
            "- 30 hộ thoát nghèo.",  # first achievement, typed as a list item
            "• Giúp 12 hộ làm nhà.",  # a second one, with Word's bullet
            "",  # no more
        ]
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(answers + "\n"))
    assert main(["new", "--today", TODAY.isoformat()]) == 0
    questions = capsys.readouterr().err
    assert "Loại điển hình:" in questions
    assert "   1. Cá nhân (individual)" in questions
    assert "Xã, phường: có 99 mục; gõ một phần tên để lọc" in questions
    assert "'31/6/2026' không phải một ngày" in questions
    path = repo / "exemplars/chi-bo-thon-na-lung/index.md"
    data = parse_record_text(path.read_text(encoding="utf-8")).data
    assert data["kind"] == "collective"
    assert data["subject"] == "party-organization"
    assert data["commune"] == "bac-ha"
    assert data["party_committee"] == "xa-bac-ha"
    assert data["recognitions"][0]["date"].isoformat() == "2026-03-05"
    assert data["recognitions"][0]["issued_by"] == "Đảng ủy xã Bắc Hà"
    assert data["recognitions"][0]["decision"] == "88-QĐ/ĐU"  # the quotes were not published
    assert data["summary"] == '"Chi bộ bốn tốt" giúp 30 hộ thoát nghèo.'
    assert data["achievements"] == ["30 hộ thoát nghèo.", "Giúp 12 hộ làm nhà."]
    assert valid(repo) == []


def test_new_narrows_a_long_list_and_accepts_a_number(repo, monkeypatch):
    prompter = scaffold.Prompter(io.StringIO("xa\nbat xat\n"), io.StringIO())
    vocabularies, _ = load_vocabularies(repo / "data", repo)
    # "xa" matches many communes; the list is narrowed, then "bat xat" picks one.
    assert scaffold.choose(prompter, "Xã, phường", vocabularies.communes, None) == "bat-xat"


def test_new_without_input_names_what_is_missing(repo, capsys):
    assert main(["new", "--no-input", "--name", "Nguyễn Thị Mai"]) == 1
    err = capsys.readouterr().err
    assert "Chưa tạo hồ sơ: thiếu" in err
    assert not any((repo / "exemplars").iterdir())


def test_a_new_record_with_errors_says_so_last(repo, capsys):
    # Dated after "today": written, so the answers are kept, but not said to be ready.
    options = [o if o != "2026-06-15" else "2026-12-01" for o in OPTIONS]
    assert main(["new", "--no-input", "--today", TODAY.isoformat(), *options]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(
        "Đã tạo exemplars/nguyen-thi-mai-bat-xat/index.md, nhưng hồ sơ còn lỗi"
    )
    assert "Tiếp theo" not in "\n".join(err)


def test_new_refuses_unknown_vocabulary_values(repo, capsys):
    options = [o if o != "bat-xat" else "bat-xatt" for o in OPTIONS]
    assert main(["new", "--no-input", *options]) == 1
    assert "'bat-xatt' không có trong danh mục xã, phường" in capsys.readouterr().err


def test_slug_is_unique_and_avoids_aliases(repo):
    canonical_text = VALID_RECORD.replace(
        "achievements:", "aliases: [nguyen-thi-mai-bat-xat-2]\nachievements:"
    )
    (repo / "exemplars/nguyen-thi-mai-bat-xat").mkdir()
    (repo / "exemplars/nguyen-thi-mai-bat-xat/index.md").write_text(
        canonical_text, encoding="utf-8"
    )
    taken = scaffold.taken_slugs(repo / "exemplars")
    assert "nguyen-thi-mai-bat-xat-2" in taken
    slug = scaffold.derive_slug("Nguyễn Thị Mai", "individual", "bat-xat", taken)
    assert slug == "nguyen-thi-mai-bat-xat-3"
    assert scaffold.derive_slug("Chi bộ thôn Tả Phời", "collective", "bat-xat", set()) == (
        "chi-bo-thon-ta-phoi"
    )
    with pytest.raises(scaffold.Abort):
        scaffold.derive_slug("x", "individual", "bat-xat", taken, given="Nguyễn")


def test_contributing_shows_the_template_that_new_writes():
    """The example record in CONTRIBUTING.md is exactly what `new` writes (no drift)."""
    vocabularies, _ = load_vocabularies(REPO / "data", REPO)
    schema = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    form = canonical.Form(schema, vocabularies)
    prompter = scaffold.Prompter(None, io.StringIO())
    values = dict(zip(OPTIONS[::2], OPTIONS[1::2], strict=True))
    answers = scaffold.Answers(
        name=values["--name"],
        kind="individual",
        subject="party-member",
        role="Bí thư Chi bộ thôn Tả Phời",
        field="new-rural-development",
        commune="bat-xat",
        party_committee="xa-bat-xat",
        level="grassroots",
        decision="125-QĐ/ĐU",
        date="2026-06-15",
        summary=values["--summary"],
        achievements=["Vận động 40 hộ trồng quế."],
    )
    data = scaffold.collect(answers, vocabularies, prompter)
    text = canonical.render(
        data,
        scaffold.STORY_PLACEHOLDER,
        form,
        canonical.MODELINE.format("../../schema/record.schema.json"),
    )
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"```yaml\n{text}```" in contributing


def test_options_take_names_typed_without_diacritics(repo):
    # As CONTRIBUTING says: "bat xat" is enough, in a script as in the questions.
    options = [{"xa-bat-xat": "bat xat", "bat-xat": "Bát Xát"}.get(o, o) for o in OPTIONS]
    assert main(["new", "--no-input", "--today", TODAY.isoformat(), *options]) == 0
    path = repo / "exemplars/nguyen-thi-mai-bat-xat/index.md"
    data = parse_record_text(path.read_text(encoding="utf-8")).data
    assert (data["commune"], data["party_committee"]) == ("bat-xat", "xa-bat-xat")
