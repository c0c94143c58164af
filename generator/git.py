"""Reading the repository's history: record files at a revision, and the dates of commits.

Only plain `git` commands, run in the repository root. Used by the change summary of a pull
request (`changes.py`) and by reproducible builds (`cli.py` sets SOURCE_DATE_EPOCH from the last
commit, so the same commit always builds the same bytes).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision is unknown."""


def run(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"không chạy được git ({exc.strerror})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} thất bại")
    return done.stdout


def last_commit_epoch(root: Path, *paths: str) -> int | None:
    """Unix time of the last commit (its committer date) touching `paths` (any, if none), or
    None outside a git repository or when they were never committed. A merged branch counts at
    its merge, as in `file_dates`."""
    try:
        out = run(root, "log", "-1", "--first-parent", "--format=%ct", "--", *paths).decode()
        out = out.strip()
    except GitError:
        return None
    return int(out) if out.isdigit() else None


@dataclass(frozen=True)
class FileDates:
    """`file_dates()`'s answer, with the commit it was read at (to continue from next time)."""

    head: str  # the commit id; "" outside a repository
    dates: dict[str, tuple[int, int]]  # path -> (first, last) commit time


def file_dates(folder: Path, known: FileDates | None = None) -> FileDates:
    """Unix times of the first and the last commit that changed each file under `folder`, by
    path relative to `folder`; empty outside a repository.

    Changes are dated as they reached the checked-out branch: a merged pull request counts
    once, at the merge (`--first-parent`), not at the editor's own commits in the branch.
    One `git log` reads the history. It names every changed file and is filtered here: a path
    limit makes git compare each commit's paths with it, which took twice as long (10,000
    record folders, 1,500 commits: 10 s without, 20 s with). Given the answer of an earlier
    build (`known`) whose commit is in this branch's history, only the commits since are read.
    """
    try:
        top = Path(run(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip())
        prefix = folder.resolve().relative_to(top.resolve()).as_posix() + "/"
        head = run(top, "rev-parse", "HEAD").decode("ascii").strip()
        since = known if known is not None and _is_ancestor(top, known.head, head) else None
        out = run(
            top,
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-renames",
            "--name-only",
            "-z",
            "--format=%x01%ct",
            f"{since.head}..{head}" if since else head,
        )
    except (GitError, ValueError):
        return FileDates("", {})
    dates: dict[str, tuple[int, int]] = dict(since.dates) if since else {}
    stamp = 0
    for token in out.split(b"\0"):
        token = token.lstrip(b"\n")
        if token.startswith(b"\x01"):
            stamp = int(token[1:])
        elif token.startswith(prefix.encode("utf-8")):
            path = token[len(prefix) :].decode("utf-8", "replace")
            # min and max rather than the log's order: commit clocks can be wrong.
            first, last = dates.get(path, (stamp, stamp))
            dates[path] = (min(first, stamp), max(last, stamp))
    return FileDates(head, dates)


def _is_ancestor(root: Path, older: str, newer: str) -> bool:
    """`older` is in the history of `newer` (false when unknown: history rewritten, garbage
    collected)."""
    try:
        run(root, "merge-base", "--is-ancestor", older, newer)
    except GitError:
        return False
    return True


def is_shallow(root: Path) -> bool:
    """A clone without its whole history (CI's default): it cannot date older changes."""
    try:
        return run(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except GitError:
        return False


def files_at(root: Path, revision: str, folder: str) -> list[str]:
    """Repository-relative paths of every file under `folder` at `revision`."""
    out = run(root, "ls-tree", "-r", "-z", "--name-only", revision, "--", folder)
    return sorted(p.decode("utf-8") for p in out.split(b"\0") if p)


def read_at(root: Path, revision: str, paths: list[str]) -> dict[str, bytes]:
    """The contents of `paths` at `revision`, read by one `git cat-file --batch`."""
    if not paths:
        return {}
    request = "".join(f"{revision}:{p}\n" for p in paths).encode("utf-8")
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True
        )
    except OSError as exc:
        raise GitError(f"không chạy được git ({exc.strerror})") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git cat-file thất bại")
    out = done.stdout
    contents: dict[str, bytes] = {}
    position = 0
    for path in paths:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":  # "<name> missing"
            continue
        size = int(header[2])
        contents[path] = out[position : position + size]
        position += size + 1  # the content is followed by a newline
    return contents


def unchanged_blobs(root: Path, folder: Path) -> dict[Path, str]:
    """Git's object id of every tracked file under `folder` whose working copy is as committed
    or staged (absolute path -> blob id); empty outside a repository.

    The id names the file's content, so a fresh checkout (new modification times everywhere)
    still recognises photos it has processed before without reading them.
    """
    try:
        listed = run(root, "ls-files", "--stage", "-z", "--", str(folder))
        changed = run(root, "diff", "--name-only", "-z", "--", str(folder))
        top = Path(run(root, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except GitError:
        return {}
    modified = {top / p.decode("utf-8") for p in changed.split(b"\0") if p}
    blobs: dict[Path, str] = {}
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) != 3 or parts[2] != b"0":  # conflicted (stages 1-3): read the file
            continue
        path = top / name.decode("utf-8")
        if path not in modified:
            blobs[path] = parts[1].decode("ascii")
    return blobs
