"""Helpers shared by the tests: tiny honor-roll repositories in a temporary folder."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)  # a fixed "today" so that date rules give the same answers every day

# A fixture file whose whole text is "PILLOW 800x600" stands for a photo made at test time.
PLACEHOLDER = re.compile(r"^PILLOW (\d+)x(\d+)\s*$")

VALID_RECORD = """---
name: Nguyễn Thị Mai
kind: individual
subject: party-member
role: Bí thư Chi bộ thôn Tả Phời
field: new-rural-development
commune: bat-xat
party_committee: xa-bat-xat
period: 2025-2028
status: recognized
recognitions:
  - level: grassroots
    decision: "125-QĐ/ĐU"
    date: 2026-06-15
    issued_by: Đảng ủy xã Bát Xát
summary: Gương mẫu vận động bà con trồng quế.
achievements:
  - Vận động 40 hộ trồng quế.
---
Câu chuyện.
"""


def make_image(path: Path, width: int, height: int, color: str = "#4a7a50") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), color).save(path, "JPEG", quality=85)
    return path


def make_repo(
    root: Path, files: dict[str, str | bytes] | None = None, *, mkdocs: bool = False
) -> Path:
    """A repository with the real vocabularies and schema, and the given files (path -> text)."""
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "exemplars").mkdir(exist_ok=True)
    for rel, content in (files or {}).items():
        write(root / rel, content)
    if mkdocs:
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "theme", root / "theme")
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace(
            "      data_dir: data\n", f'      data_dir: data\n      today: "{TODAY.isoformat()}"\n'
        )
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
        return
    match = PLACEHOLDER.match(content)
    if match:
        make_image(path, int(match.group(1)), int(match.group(2)))
    else:
        path.write_text(content, encoding="utf-8")


def copy_tree(source: Path, target: Path) -> None:
    """Copy a fixture tree, turning "PILLOW WxH" placeholders into real images."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            write(target / path.relative_to(source), _read(path))


def _read(path: Path) -> str | bytes:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return path.read_bytes()
