"""Command line: `python -m generator <command>`. Messages are Vietnamese, for editors."""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

from . import report
from .problems import format_problem, summary_line
from .project import Layout, load
from .provenance import last_updated
from .schema import write_vocabulary_schema
from .vocabularies import load_vocabularies


def _root() -> Path:
    """The repository root: the nearest folder upwards with mkdocs.yml (else the current one)."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return here


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root()
    today = date.fromisoformat(args.today) if args.today else None
    only = [Path(p) for p in args.paths] or None
    for path in only or []:
        if not path.exists():
            print(f"{path}: không có tệp hoặc thư mục này", file=sys.stderr)
            return 2
    project = load(Layout(root), today=today, only=only)
    for problem in project.problems:
        print(format_problem(problem))
    checked = len(project.files)
    status = summary_line(project.problems)
    print(f"Đã kiểm tra {checked} hồ sơ: {status}.", file=sys.stderr)
    return 0 if project.ok else 1


def cmd_build(args: argparse.Namespace) -> int:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--config-file",
        str(_root() / "mkdocs.yml"),
    ]
    if args.strict:
        command.append("--strict")
    if args.site_dir:
        command += ["--site-dir", args.site_dir]
    return subprocess.call(command)


def cmd_schema(args: argparse.Namespace) -> int:
    root = _root()
    layout = Layout(root)
    vocabularies, problems = load_vocabularies(layout.data_path, root)
    for problem in problems:
        print(format_problem(problem))
    if problems:
        return 1
    path = write_vocabulary_schema(layout.schema_path.parent, vocabularies)
    print(f"Đã ghi {path.relative_to(root)}", file=sys.stderr)
    return 0


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"cần một năm dạng 2026, nhưng gặp {text!r}")
    return int(text)


def cmd_report(args: argparse.Namespace) -> int:
    root = _root()
    today = date.fromisoformat(args.today) if args.today else None
    layout = Layout(root)
    project = load(layout, today=today)
    if not project.ok:
        for problem in project.problems:
            if problem.is_error:
                print(format_problem(problem))
        print(
            f"Không lập báo cáo vì hồ sơ có lỗi ({summary_line(project.problems)}). "
            "Sửa các lỗi trên rồi chạy lại.",
            file=sys.stderr,
        )
        return 1
    year = args.year or (today or date.today()).year
    result = report.annual_report(
        project.records,
        project.vocabularies,
        year,
        last_updated(layout, project.records),
    )
    out = Path(args.out) if args.out else root / "bao-cao"
    for path in report.write(result, project.vocabularies, out):
        print(path)
    entries = result.entries
    print(
        f"Năm {year}: {len(entries)} lượt công nhận, ghi danh của "
        f"{sum(row.total for row in result.rows)} điển hình "
        f"({result.total('grassroots')} cấp cơ sở, {result.total('provincial')} cấp tỉnh), "
        f"{sum(1 for row in result.rows if row.entries)} đảng ủy có điển hình.",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Trang ghi danh điển hình tiên tiến tỉnh Lào Cai: kiểm tra hồ sơ và xây dựng trang.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    validate = commands.add_parser(
        "validate",
        help="kiểm tra hồ sơ",
        description=(
            "Kiểm tra mọi hồ sơ trong exemplars/ (hoặc chỉ các tệp, thư mục được nêu) và in mọi "
            "lỗi, mỗi lỗi một dòng: tệp:dòng: khóa: nội dung. Thoát với mã 1 nếu có lỗi."
        ),
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="ĐƯỜNG_DẪN",
        help="tệp index.md hoặc thư mục hồ sơ cần báo lỗi (mặc định: tất cả)",
    )
    validate.add_argument("--today", help=argparse.SUPPRESS)  # fixed date for tests
    validate.set_defaults(func=cmd_validate)

    build = commands.add_parser(
        "build",
        help="xây dựng trang vào thư mục site/",
        description="Kiểm tra hồ sơ rồi xây dựng toàn bộ trang (mkdocs build).",
    )
    build.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    build.add_argument("--site-dir", help="thư mục đầu ra (mặc định: site/)")
    build.set_defaults(func=cmd_build)

    schema = commands.add_parser(
        "schema",
        help="cập nhật schema/vocabularies.schema.json từ data/*.yml",
        description="Ghi lại schema danh mục cho trình soạn thảo sau khi sửa tệp danh mục.",
    )
    schema.set_defaults(func=cmd_schema)

    annual = commands.add_parser(
        "report",
        help="lập biểu tổng hợp hằng năm theo đảng ủy (XLSX, CSV)",
        description=(
            "Lập biểu tổng hợp kết quả công nhận, ghi danh điển hình trong một năm: theo từng "
            "đảng ủy trực thuộc, số điển hình theo cấp (cơ sở, tỉnh) và loại (tập thể, cá nhân), "
            "kèm danh sách tên và số quyết định. Ghi một tệp Excel và hai tệp CSV."
        ),
    )
    annual.add_argument(
        "--year", type=_year, metavar="NĂM", help="năm cần báo cáo (mặc định: năm nay)"
    )
    annual.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi báo cáo (mặc định: bao-cao/)")
    annual.add_argument("--today", help=argparse.SUPPRESS)  # fixed date for tests
    annual.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
