"""The committed sample records read straight from their YAML, for checking outputs against.

Deliberately not the generator's own reader: the open data, statistics and reports are compared
with what the files say, not with what the generator thinks they say.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import REPO


def raw_records(root: Path = REPO) -> list[dict]:
    """Every record's front matter, with its slug, withdrawn ones included."""
    records = []
    for index in sorted((root / "exemplars").glob("*/index.md")):
        text = index.read_text(encoding="utf-8")
        front = text.split("---\n", 2)[1]
        data = yaml.safe_load(front)
        data["slug"] = index.parent.name
        records.append(data)
    return records


def public(records: list[dict]) -> list[dict]:
    return [r for r in records if r["status"] == "recognized"]


def withdrawn(records: list[dict]) -> list[dict]:
    return [r for r in records if r["status"] == "withdrawn"]


def highest_level(record: dict) -> str:
    levels = {r["level"] for r in record["recognitions"]}
    return "provincial" if "provincial" in levels else "grassroots"
