"""Command line: `python -m generator <command>`. Messages are Vietnamese, for editors."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import canonical, changes, git, github, images, report, scaffold
from .problems import Problem, format_key, format_problem, sort_problems, summary_line
from .project import Layout, load
from .provenance import last_updated
from .records import read_record_file, relative
from .schema import write_vocabulary_schema
from .vocabularies import load_vocabularies

VALIDATE_FIX = (
    "Sửa từng dòng được chỉ ra (mở tệp trên GitHub, bấm biểu tượng bút chì), hoặc chạy "
    "`python -m generator validate` trên máy để xem lại. Hướng dẫn: CONTRIBUTING.md."
)
FMT_FIX = (
    "Chạy `python -m generator fmt` (hoặc `make fmt`) rồi commit lại; nếu sửa trên trình duyệt, "
    "hãy chép phần thông tin dạng chuẩn dưới đây vào tệp."
)


class NotInRepository(Exception):
    """The command was run outside the repository of records."""


def _root() -> Path:
    """The repository root: the nearest folder upwards with mkdocs.yml, else with exemplars/."""
    here = Path.cwd().resolve()
    for marker in ("mkdocs.yml", "exemplars"):
        for folder in (here, *here.parents):
            if (folder / marker).exists():
                return folder
    raise NotInRepository(
        f"Không tìm thấy kho hồ sơ: thư mục {here} và các thư mục chứa nó không có tệp "
        "mkdocs.yml hay thư mục exemplars/. Hãy chuyển vào thư mục của kho (cd <thư mục kho>) "
        "rồi chạy lại lệnh."
    )


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root()
    today = date.fromisoformat(args.today) if args.today else None
    only = [Path(p) for p in args.paths] or None
    for path in only or []:
        if not path.exists():
            print(f"{path}: không có tệp hoặc thư mục này", file=sys.stderr)
            return 2
    project = load(Layout(root), today=today, only=only)
    _report(project.problems, args.format, "Kiểm tra hồ sơ", "Hồ sơ chưa hợp lệ", VALIDATE_FIX)
    status = summary_line(project.problems)
    if only:
        wanted = [p.resolve() for p in only]
        named = sum(
            1
            for f in project.files
            if any(
                f.folder.resolve().is_relative_to(w) or w.is_relative_to(f.folder.resolve())
                for w in wanted
            )
        )
        # Rules across records (unique addresses, the provincial quota) still read them all.
        scope = f"{named} hồ sơ (đối chiếu với cả {len(project.files)} hồ sơ)"
    else:
        scope = f"{len(project.files)} hồ sơ"
    print(f"Đã kiểm tra {scope}: {status}.", file=sys.stderr)
    return 0 if project.ok else 1


def _report(
    problems: Sequence[Problem], fmt: str, heading: str, title: str, fix: str, extra: str = ""
) -> None:
    """Print problems in the one format, or as GitHub annotations plus the job summary."""
    if fmt == "github":
        for problem in problems:
            print(github.annotation(problem, title))
        github.write_summary(github.summary_markdown(problems, heading, fix, extra))
        return
    for problem in problems:
        print(format_problem(problem))


NOT_FORMATTED = "sửa các lỗi trên trước, rồi chạy lại fmt"


def cmd_fmt(args: argparse.Namespace) -> int:
    root = _root()
    layout = Layout(root)
    vocabularies, problems = load_vocabularies(layout.data_path, root)
    if problems:
        _report(problems, args.format, "Định dạng hồ sơ", "Danh mục chưa hợp lệ", VALIDATE_FIX)
        return 1
    form = canonical.Form(json.loads(layout.schema_path.read_text(encoding="utf-8")), vocabularies)
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            print(f"{path}: không có tệp hoặc thư mục này", file=sys.stderr)
            return 2
    found: list[Problem] = []
    extra: list[str] = []
    count = rewritten = 0
    # A record with errors is not rewritten: reordering a misspelt key ("nmae") or a swallowed
    # list item would hide the mistake in a tidy file. The errors come first.
    today = date.fromisoformat(args.today) if getattr(args, "today", None) else None
    checked = load(layout, today=today, only=paths or None)
    errors: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        if problem.is_error:
            errors.setdefault(problem.file, []).append(problem)
    skipped = 0
    for path in canonical.iter_record_files(paths, layout.records_path):
        count += 1
        rf = read_record_file(path, root)
        if rf.rel in errors:
            # On a pull request the validation step has already annotated each error: said
            # again here, under this step's title, every error would show twice.
            if args.format != "github":
                found += errors[rf.rel]
            skipped += 1
            continue
        if rf.data is None:
            found += rf.problems
            continue
        text = path.read_text(encoding="utf-8")
        modeline = canonical.modeline_for(path.resolve(), layout.schema_path.resolve())
        try:
            result = canonical.canonical(text, form, modeline)
        except canonical.FormatError:
            found.append(
                Problem(
                    rf.rel,
                    0,
                    "",
                    "không định dạng lại được tệp này một cách an toàn; hãy báo cho người quản trị kho",
                )
            )
            continue
        if result.text is None:
            found += [
                Problem(rf.rel, p.line, format_key(p.key), p.message, p.severity)
                for p in result.parsed.problems
            ]
        elif result.text != text:
            rewritten += 1
            if args.check:
                found.append(canonical.fmt_problem(rf.rel, text, result.text))
                extra.append(github.details(f"{rf.rel} ở dạng chuẩn", result.text, "yaml"))
            else:
                path.write_text(result.text, encoding="utf-8")
                print(f"Đã viết lại {rf.rel}")
    found = sort_problems(found)
    _report(
        found,
        args.format,
        "Dạng chuẩn của hồ sơ",
        "Hồ sơ chưa đúng dạng chuẩn",
        FMT_FIX,
        "\n".join(extra),
    )
    if args.check:
        status = (
            f"{rewritten} tệp chưa đúng dạng chuẩn"
            if rewritten
            else "các tệp không có lỗi đều đúng dạng chuẩn"
            if skipped
            else "tất cả đúng dạng chuẩn"
        )
    else:
        status = f"đã viết lại {rewritten} tệp" if rewritten else "không cần sửa tệp nào"
    if skipped:
        status += f"; {skipped} tệp còn lỗi nên chưa định dạng ({NOT_FORMATTED})"
    print(f"Đã xem {count} hồ sơ: {status}.", file=sys.stderr)
    return 1 if found or skipped else 0


def cmd_new(args: argparse.Namespace) -> int:
    root = _root()
    layout = Layout(root)
    vocabularies, problems = load_vocabularies(layout.data_path, root)
    if problems:
        for problem in problems:
            print(format_problem(problem))
        return 1
    form = canonical.Form(json.loads(layout.schema_path.read_text(encoding="utf-8")), vocabularies)
    answers = scaffold.Answers(
        name=args.name,
        kind=args.kind,
        subject=args.subject,
        role=args.role,
        field=args.field,
        commune=args.commune,
        party_committee=args.party_committee,
        period=args.period,
        level=args.level,
        decision=args.decision,
        date=args.date,
        issued_by=args.issued_by,
        summary=args.summary,
        achievements=args.achievement or [],
        slug=args.slug,
    )
    prompter = scaffold.Prompter(None if args.no_input else sys.stdin, sys.stderr)
    try:
        path = scaffold.create(
            answers, vocabularies, form, layout.records_path, layout.schema_path, prompter
        )
    except scaffold.Abort as exc:
        hint = "; chạy lại với tùy chọn tương ứng (xem --help)" if args.no_input else ""
        print(f"Chưa tạo hồ sơ: {exc}{hint}.", file=sys.stderr)
        return 1
    rel = relative(path, root)
    project = load(
        layout, today=date.fromisoformat(args.today) if args.today else None, only=[path.parent]
    )
    for problem in project.problems:
        print(format_problem(problem))
    if not project.ok:
        print(
            f"Đã tạo {rel}, nhưng hồ sơ còn lỗi (xem các dòng trên): hãy sửa ngay trong tệp, "
            "rồi kiểm tra lại: make validate (hoặc .venv/bin/python -m generator validate)",
            file=sys.stderr,
        )
        return 1
    print(
        f"Đã tạo {rel} (địa chỉ trang: /ghi-danh/{path.parent.name}/).\n"
        "Tiếp theo: viết câu chuyện dưới dòng '---' cuối, thêm ảnh vào thư mục nếu có; dùng "
        "khóa nào đang để dạng '# khóa:' thì xóa '# ' ở đầu dòng rồi điền; sau đó kiểm tra: make validate (hoặc "
        ".venv/bin/python -m generator validate)",
        file=sys.stderr,
    )
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    root = _root()
    layout = Layout(root)
    try:
        base = changes.snapshot(root, layout.records_dir, args.base)
        head = changes.snapshot(root, layout.records_dir, args.head)
    except git.GitError as exc:
        print(f"Không so sánh được với {args.base}: {exc}", file=sys.stderr)
        return 2
    vocabularies, problems = load_vocabularies(layout.data_path, root)
    text = changes.markdown(
        changes.compare(base, head, None if problems else vocabularies), args.base
    )
    if args.summary and github.write_summary(text):
        return 0
    sys.stdout.write(text)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    root = _root()
    env = dict(os.environ)
    # mkdocs-material's notice of its end of life, in English on every build: the README has it.
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Reproducible builds: mkdocs dates its sitemap from SOURCE_DATE_EPOCH when it is set, so
    # the same commit builds the same bytes; outside git, today's date is used as before.
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = git.last_commit_epoch(root)
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = str(epoch)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--config-file",
        str(root / "mkdocs.yml"),
    ]
    if args.strict:
        command.append("--strict")
    if args.site_dir:
        command += ["--site-dir", args.site_dir]
    return subprocess.call(command, env=env)


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
    updated = last_updated(layout, project.records)
    result = report.annual_report(project.records, project.vocabularies, year, updated)
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


# argparse's own words (headings, --help, its error messages), for editors who read Vietnamese.
# argparse looks its texts up through gettext at the moment it prints them.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "còn thiếu: %s",
    "unrecognized arguments: %s": "không hiểu: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "không có lựa chọn %(value)r (chọn một trong: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s không rõ, có thể là %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


def cmd_clean_photos(args: argparse.Namespace) -> int:
    root = _root()
    layout = Layout(root)
    paths = [Path(p).resolve() for p in args.paths] or [layout.records_path]
    for path in paths:
        if not path.exists():
            print(f"{path}: không có tệp hoặc thư mục này", file=sys.stderr)
            return 2
    photos = sorted(
        {
            p
            for base in paths
            for p in ([base] if base.is_file() else base.rglob("*"))
            if p.is_file() and p.suffix.lower() in images.PHOTO_SUFFIXES
        }
    )
    cleaned = 0
    for photo in photos:
        try:
            if images.strip_private(photo):
                cleaned += 1
                print(f"Đã xóa thông tin riêng khỏi {relative(photo, root)}")
        except (OSError, ValueError) as exc:
            print(f"{relative(photo, root)}: không sửa được ({exc})", file=sys.stderr)
    print(f"Đã xem {len(photos)} ảnh: {cleaned} ảnh được làm sạch.", file=sys.stderr)
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
    _add_format(validate)
    validate.set_defaults(func=cmd_validate)

    fmt = commands.add_parser(
        "fmt",
        help="viết lại hồ sơ theo dạng chuẩn",
        description=(
            "Viết lại hồ sơ theo một dạng chuẩn: thứ tự khóa như định dạng hồ sơ, chú thích "
            "tiếng Việt cho từng khóa, ngoặc kép thống nhất, Unicode NFC. Giá trị và câu chuyện "
            "giữ nguyên. Với --check: không sửa, chỉ báo tệp chưa đúng dạng chuẩn (mã thoát 1)."
        ),
    )
    fmt.add_argument(
        "paths", nargs="*", metavar="ĐƯỜNG_DẪN", help="tệp hoặc thư mục hồ sơ (mặc định: tất cả)"
    )
    fmt.add_argument("--check", action="store_true", help="chỉ kiểm tra, không sửa tệp")
    fmt.add_argument("--today", help=argparse.SUPPRESS)  # fixed date for tests
    _add_format(fmt)
    fmt.set_defaults(func=cmd_fmt)

    new = commands.add_parser(
        "new",
        help="tạo hồ sơ mới",
        description=(
            "Tạo thư mục exemplars/<slug>/ với tệp index.md theo mẫu. Hỏi bằng tiếng Việt những "
            "thông tin chưa cho qua tùy chọn; giá trị danh mục chọn theo số thứ tự hoặc gõ tên. "
            "Với --no-input: không hỏi gì, thiếu thông tin thì báo lỗi (dùng trong kịch bản)."
        ),
    )
    new.add_argument("--name", help="họ và tên cá nhân, hoặc tên tập thể")
    new.add_argument("--kind", help="individual (cá nhân) hoặc collective (tập thể)")
    new.add_argument("--subject", help="khóa đối tượng (data/subjects.yml)")
    new.add_argument("--role", help="chức vụ, nghề nghiệp (không bắt buộc)")
    new.add_argument("--field", help="khóa lĩnh vực (data/fields.yml)")
    new.add_argument("--commune", help="khóa xã, phường (data/communes.yml)")
    new.add_argument(
        "--party-committee", help="khóa đảng ủy trực thuộc (data/party_committees.yml)"
    )
    new.add_argument("--period", help="giai đoạn: 2025-2028 hoặc 2028-2030 (mặc định: theo ngày)")
    new.add_argument("--level", help="cấp công nhận: grassroots hoặc provincial")
    new.add_argument("--decision", help='số quyết định, ví dụ "125-QĐ/ĐU"')
    new.add_argument("--date", help="ngày quyết định, ví dụ 2026-06-15 hoặc 15/6/2026")
    new.add_argument("--issued-by", help="cơ quan ban hành (mặc định: theo đảng ủy, cấp)")
    new.add_argument("--summary", help="tóm tắt 1-2 câu")
    new.add_argument("--achievement", action="append", help="một thành tích (nhắc lại được)")
    new.add_argument("--slug", help="tên thư mục (mặc định: tạo từ tên)")
    new.add_argument(
        "--no-input", action="store_true", help="không hỏi; thiếu thông tin thì báo lỗi"
    )
    new.add_argument("--today", help=argparse.SUPPRESS)  # fixed date for tests
    new.set_defaults(func=cmd_new)

    changes_cmd = commands.add_parser(
        "changes",
        help="tóm tắt thay đổi trong danh sách ghi danh giữa hai phiên bản",
        description=(
            "So sánh hồ sơ ở hai phiên bản git và in bằng tiếng Việt (Markdown): hồ sơ mới, đưa ra "
            "khỏi danh sách, đổi địa chỉ, công nhận mới, sửa tên hoặc số quyết định."
        ),
    )
    changes_cmd.add_argument("--base", required=True, help="phiên bản gốc, ví dụ origin/main")
    changes_cmd.add_argument("--head", help="phiên bản mới (mặc định: thư mục làm việc)")
    changes_cmd.add_argument(
        "--summary",
        action="store_true",
        help="ghi vào tóm tắt của GitHub Actions ($GITHUB_STEP_SUMMARY) nếu có",
    )
    changes_cmd.set_defaults(func=cmd_changes)

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

    clean = commands.add_parser(
        "clean-photos",
        help="xóa vị trí GPS, số sê-ri máy, tên người chụp khỏi ảnh gốc",
        description=(
            "Viết lại các ảnh gốc trong exemplars/ (hoặc các tệp, thư mục được nêu) không còn vị "
            "trí GPS, số sê-ri máy ảnh, tên người chụp, dữ liệu XMP; ảnh được xoay đúng chiều. "
            "Ảnh không có các thông tin này giữ nguyên. Ảnh đã commit trước đó vẫn còn trong "
            "lịch sử git."
        ),
    )
    clean.add_argument("paths", nargs="*", metavar="ĐƯỜNG_DẪN", help="ảnh hoặc thư mục hồ sơ")
    clean.set_defaults(func=cmd_clean_photos)
    return parser


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: mỗi lỗi một dòng (mặc định); github: chú thích trên pull request",
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NotInRepository as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C, e.g. halfway through the questions of `new`
        print("\nĐã dừng.", file=sys.stderr)
        return 130
