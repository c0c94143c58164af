"""The baseline of `make bench`: the same records as a plain mkdocs-material site made by hand.

What an editor would build without our generator: one Markdown page per public record (name,
portrait, facts, summary, achievements, recognitions, story), the record's photos copied as they
are, mkdocs-material's built-in search over every page, and the profiles left out of the
navigation (a navigation of 10,000 pages would put every link on every page). No listings, no
exports, no share images: only pages and a search index.

    python -m bench.baseline ROLL TARGET   # ROLL: a project from bench/synthetic.py
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

from generator.project import Layout, load
from generator.records import Record
from generator.vietnamese import format_date
from generator.vocabularies import Vocabularies

CONFIG = """\
site_name: Ghi danh điển hình tiên tiến tỉnh Lào Cai
site_url: http://127.0.0.1:8000/
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: vi
  font: false  # as our site: no font host (the benchmark runs offline)
plugins:
  - search
nav:
  - Trang chủ: index.md
not_in_nav: |
  /*/index.md
"""

HOME = """\
# Ghi danh điển hình tiên tiến tỉnh Lào Cai

Danh sách công khai các tập thể, cá nhân điển hình tiên tiến ({count} hồ sơ). Dùng ô tìm kiếm
để tìm một điển hình.
"""


def write_baseline(roll: Path, target: Path) -> int:
    """Write the baseline project of the roll at `roll` into `target`; return its page count."""
    # The roll's own photo cache is left alone: validation here inspects photos through a
    # throw-away cache, so that the benchmark's cold build of our site really starts cold.
    project = load(Layout(roll, cache_dir=str(target / ".inspections")))
    if not project.ok:
        raise RuntimeError("the synthetic roll does not validate")
    shutil.rmtree(target / ".inspections", ignore_errors=True)
    docs = target / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    public = [r for r in project.records if r.is_public]
    (docs / "index.md").write_text(HOME.format(count=len(public)), encoding="utf-8")
    for record in public:
        folder = docs / record.slug
        folder.mkdir()
        (folder / "index.md").write_text(page(record, project.vocabularies), encoding="utf-8")
        for photo in record.photos:
            # A hard link: the same bytes as the original, without copying gigabytes.
            try:
                os.link(photo.path, folder / photo.file)
            except OSError:
                shutil.copyfile(photo.path, folder / photo.file)
    return len(public) + 1


def page(record: Record, v: Vocabularies) -> str:
    """One record as a hand-written Markdown page."""
    lines = ["---", f"description: {_yaml(record.summary)}", "---", "", f"# {record.name}", ""]
    if record.portrait:
        lines += [f"![{record.portrait.alt}]({record.portrait.file})", ""]
    facts = [
        ("Loại", f"{v.kinds.label(record.kind)} · {v.subjects.label(record.subject)}"),
        ("Chức vụ", record.role),
        ("Đơn vị", record.unit),
        ("Lĩnh vực", v.fields.label(record.field)),
        ("Xã, phường", v.communes.label(record.commune)),
        ("Đảng ủy", v.party_committees.label(record.party_committee)),
        ("Cấp công nhận", v.levels.label(record.highest_level)),
        ("Dân tộc", record.ethnicity),
    ]
    lines += [f"- **{label}:** {value}" for label, value in facts if value]
    lines += ["", record.summary, "", "## Thành tích tiêu biểu", ""]
    lines += [f"- {a}" for a in record.achievements]
    lines += ["", "## Công nhận, ghi danh", ""]
    lines += [
        f"- {v.levels.label(r.level)}: Quyết định số {r.decision} ngày {format_date(r.date)} "
        f"của {r.issued_by}"
        for r in record.recognitions
    ]
    lines += ["", "## Câu chuyện", "", record.story.strip(), ""]
    for photo in record.photos[1:]:
        lines += [f"![{photo.alt}]({photo.file})", "", f"*Ảnh: {photo.credit}*", ""]
    return "\n".join(lines)


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("roll", type=Path, help="a project written by bench/synthetic.py")
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    print(f"{write_baseline(args.roll, args.target)} pages in {args.target / 'docs'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
