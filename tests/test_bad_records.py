"""Every kind of mistake an editor can make, with the exact lines the validator prints for it.

Each folder in `bad_records/` is a small `exemplars/` tree and an `expected.txt`. To add a case,
add a folder; files whose text is `PILLOW 800x600` become real photos at test time.
"""

from pathlib import Path

import pytest
from helpers import TODAY, copy_tree, make_repo

from generator.problems import format_problem
from generator.project import Layout, load

CASES = sorted(p for p in (Path(__file__).parent / "bad_records").iterdir() if p.is_dir())


def test_there_are_enough_cases():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_record_gets_its_message(case: Path, tmp_path: Path):
    root = make_repo(tmp_path)
    copy_tree(case / "exemplars", root / "exemplars")
    project = load(Layout(root), today=TODAY)
    printed = [format_problem(p) for p in project.problems]
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert printed == expected
    assert not project.ok
    # Nothing that failed is handed on to be published.
    failing = {p.file for p in project.problems if p.is_error}
    assert not [r for r in project.records if r.source in failing]
