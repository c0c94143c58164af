"""Property-based tests: whatever an editor (or an attacker) writes, the validator answers with
problems and never raises."""

from __future__ import annotations

import json
import string
from datetime import date

import pytest
from helpers import REPO, VALID_RECORD, make_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.frontmatter import parse_record_text
from generator.project import Layout, Project, load
from generator.records import read_record_file, scan
from generator.schema import SchemaChecker
from generator.validation import validate
from generator.vocabularies import load_vocabularies

TODAY = date(2026, 11, 25)

# Text an editor might paste: Vietnamese, punctuation YAML cares about, control and odd Unicode.
ODD = "ĐđÐðơưăâêôÁẠẦẪẬẨẶỠỰỲ\u0300\u0301\u0323\u200b\u00a0\ufeff\u202e\t\r\x00\x07\ud7ff\U0001f600"
TEXT = st.text(
    alphabet=st.sampled_from(string.printable + ODD + ":#-[]{}&*!|>'\"%@`"), max_size=200
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    TEXT,
    st.dates(),
    st.just("2026-02-30"),
    st.text(max_size=5000),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "kind",
                    "level",
                    "date",
                    "file",
                    "alt",
                    "credit",
                    "x",
                    "photos",
                    "recognitions",
                    "decision",
                    "url",
                    "type",
                ]
            )
            | TEXT,
            inner,
            max_size=4,
        ),
    ),
    max_leaves=25,
)
# Every key the schema knows (so a new key is exercised too), and one it does not.
KEYS = st.sampled_from(
    sorted(json.loads((REPO / "schema/record.schema.json").read_text("utf-8"))["properties"])
    + ["unknown"]
)


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("props"))
    vocabularies, _ = load_vocabularies(root / "data", root)
    checker = SchemaChecker(root / "schema/record.schema.json", vocabularies)
    return root, vocabularies, checker


def _validate_text(context, text: str | bytes):
    root, vocabularies, checker = context
    folder = root / "exemplars" / "x"
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.md"
    index.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    record = read_record_file(index, root)
    return validate([record], vocabularies, checker, TODAY)


FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(st.text(max_size=2000))
def test_any_text_parses_without_raising(text):
    parsed = parse_record_text(text)
    assert parsed.data is None or isinstance(parsed.data, dict)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_give_problems_not_exceptions(context, raw):
    result = _validate_text(context, b"---\n" + raw + b"\n---\nstory\n")
    assert isinstance(result.problems, list)


@FAST
@given(st.dictionaries(KEYS, VALUES, max_size=12))
def test_wrong_types_anywhere_give_problems(context, data):
    import yaml

    try:
        front = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, UnicodeEncodeError):
        return
    result = _validate_text(context, f"---\n{front}---\nstory\n")
    if data.keys() != set():
        assert result.problems  # a random mapping is never a valid record


@FAST
@given(st.integers(min_value=0, max_value=len(VALID_RECORD) - 1), TEXT)
def test_mutated_valid_record_never_raises(context, position, insert):
    mutated = VALID_RECORD[:position] + insert + VALID_RECORD[position:]
    result = _validate_text(context, mutated)
    for problem in result.problems:
        assert problem.file == "exemplars/x/index.md"
        assert problem.line >= 0 and problem.message


@FAST
@given(st.integers(min_value=1, max_value=60))
def test_deep_nesting_is_answered(context, depth):
    nested = "[" * depth + "]" * depth
    result = _validate_text(context, f"---\nname: {nested}\nunit: {{a: {nested}}}\n---\n")
    assert result.problems
    assert all(p.line >= 2 for p in result.problems)


def test_huge_values_are_answered(context):
    result = _validate_text(context, VALID_RECORD.replace("Nguyễn Thị Mai", "Mai " * 200_000))
    assert any(p.key == "name" for p in result.problems)


def test_whole_project_load_survives_garbage(tmp_path):
    root = make_repo(
        tmp_path,
        {
            "exemplars/a/index.md": b"\xff\xfe\x00garbage",
            "exemplars/b/index.md": "---\n: : :\n---\n",
            "exemplars/c/index.md": "---\n" + "- " * 500 + "x\n---\n",
            "exemplars/d/index.md": VALID_RECORD,
            "exemplars/stray.txt": "x",
        },
    )
    project: Project = load(Layout(root), today=TODAY)
    files, _ = scan(root / "exemplars", root)
    assert not project.ok
    assert {p.file for p in project.problems} >= {
        "exemplars/a/index.md",
        "exemplars/b/index.md",
        "exemplars/c/index.md",
        "exemplars/stray.txt",
    }
    assert [r.slug for r in project.records] == ["d"]
    assert len(files) == 4
