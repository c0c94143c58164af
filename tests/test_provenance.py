"""The data's "last updated" date comes from git history, never from a cut-short one."""

import subprocess

from helpers import VALID_RECORD, make_repo

from generator.project import Layout
from generator.provenance import at_midnight, last_updated


def test_a_shallow_clone_dates_the_data_by_the_records(tmp_path, caplog):
    """CI's default depth-1 checkout would date the data by the last code commit."""
    origin = tmp_path / "origin"
    make_repo(origin, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=origin, check=True)
    subprocess.run([*git, "add", "-A"], cwd=origin, check=True)
    subprocess.run([*git, "commit", "-qm", "data"], cwd=origin, check=True)
    (origin / "README.md").write_text("x", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], cwd=origin, check=True)
    subprocess.run([*git, "commit", "-qm", "code"], cwd=origin, check=True)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True
    )
    from datetime import date

    from generator.project import load

    records = load(Layout(clone), today=date(2026, 11, 25)).records
    assert last_updated(Layout(clone), records) == at_midnight(date(2026, 6, 15))
    assert "shallow clone" in caplog.text
