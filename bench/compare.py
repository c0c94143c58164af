"""`make bench`: our generator against a plain mkdocs-material site of the same records.

For each roll size (1,000 and 10,000 records by default) it writes a synthetic roll with one
photo per record (bench/synthetic.py: 300-800 word Vietnamese stories, 600×800 portraits), the
same records as a hand-made mkdocs-material site (bench/baseline.py: one Markdown page each,
built-in search, profiles out of the navigation), and builds both side by side:

- cold: our photo cache emptied (`.cache/`), so every photo rendition and share image is made;
  the baseline has no cache, so its cold and warm builds do the same work;
- warm: the same build again; ours finds every photo and share image in its cache, every record
  read and checked before, and reuses the search bundles (no profile changed);
- edited: one record's story changed in both (an editor's usual change), then both built again:
  ours reads and checks that record only but renders every page and indexes every profile anew.

For each build it prints the wall time, the CPU time (user + system, the indexer included: less
sensitive than wall time to other work on a shared machine) and the peak memory of the Python
build; the search indexer's peak is reported apart (it is a separate process). Then the size of
`site/`, the bytes of one profile page, and what a phone browser transfers for a first search:
headless Chromium at 360×740 opens the home page through a local server that gzips like a static
host, opens search and types a name, and every search request is counted (Playwright's encoded
body sizes, so what went over the wire; the service worker's requests included, the page's
side of them not counted twice). Nothing is asserted: a benchmark prints figures.

    make bench                                      # 1,000 and 10,000 records
    python -m bench.compare --records 1000          # one size
    python -m bench.compare --records 1000 --keep /tmp/roll   # keep the projects and sites
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.baseline import write_baseline
from bench.synthetic import Options, copy_project_files, make_project
from generator.staticserver import CHROMIUM, CHROMIUM_ARGS, serve
from generator.vietnamese import fold

# The goals at 10,000 records on a 2-core machine.
GOAL_RECORDS = 10_000
COLD_GOAL_SECONDS = 300
PYTHON_MEMORY_GOAL = 1.5 * 2**30
FIRST_QUERY_GOAL = 300 * 1024
MB = 2**20
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    wall: float
    cpu: float
    python_peak: int
    indexer_peak: int | None = None
    indexer_seconds: float | None = None  # alongside the build, from start to both bundles
    indexer_waited: float | None = None  # of which the build waited at its end
    indexer_reused: bool = False  # the search bundles of the build before, nothing indexed
    helpers_peak: int = 0  # the largest photo worker or forked copy: memory it does not share


@dataclass
class Site:
    name: str
    root: Path
    profile: str  # site-relative URL of the profile measured
    builds: dict[str, Build] = field(default_factory=dict)

    @property
    def site(self) -> Path:
        return self.root / "site"


def build(root: Path) -> Build:
    """Build the project at `root` in a fresh Python process; time it and read its peaks."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1790000000")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.build_site", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    children = ChildPeaks(process.pid)
    out, err = process.communicate()
    wall = time.perf_counter() - start
    children.stop()
    if process.returncode != 0:
        raise RuntimeError(f"build of {root} failed:\n{err[-4000:]}")
    data = json.loads(out.strip().splitlines()[-1])
    return Build(
        wall=wall,
        cpu=0.0,  # set by timed_build()
        python_peak=data["python_peak_bytes"],
        indexer_peak=children.indexer if data["indexer_seconds"] is not None else None,
        indexer_seconds=data["indexer_seconds"],
        indexer_waited=data["indexer_waited"],
        indexer_reused=bool(data.get("indexer_reused")),
        helpers_peak=children.helpers,
    )


def timed_build(root: Path) -> Build:
    before = _children_cpu()
    result = build(root)
    result.cpu = _children_cpu() - before
    return result


def _children_cpu() -> float:
    """CPU seconds of every finished child process (and their own children) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class ChildPeaks:
    """Peak memory of the child processes of the build `pid`, polled from this process while
    they run: the search indexers' peak resident memory (VmHWM; Pagefind runs one process per
    index, at once: their peaks are added up) apart from the Python helpers (photo workers, and
    the copies of the build forked to write open data or check records). A forked copy shares
    the build's memory until either writes to it, so a helper counts only the memory it does
    not share (private pages, the largest seen): what it adds to the machine's use."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.helpers = 0
        self._indexers: dict[str, int] = {}  # peak by process id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, args=(interval,), daemon=True)
        self._thread.start()

    def _poll(self, interval: float) -> None:
        # /proc/<pid>/task/<thread>/children lists the children each thread started: a few
        # small files, where scanning all of /proc 20 times a second would cost a core. A
        # helper's private memory (smaps_rollup walks its page tables) is read every tenth time.
        ticks = 0
        while not self._stop.wait(interval):
            ticks += 1
            for pid in self._children():
                status = _proc_fields(f"/proc/{pid}/status")
                if status.get("Name", "").startswith("pagefind"):
                    peak = _kilobytes(status, "VmHWM")
                    self._indexers[pid] = max(self._indexers.get(pid, 0), peak)
                elif status and ticks % 10 == 1:
                    memory = _proc_fields(f"/proc/{pid}/smaps_rollup")
                    private = _kilobytes(memory, "Private_Clean") + _kilobytes(
                        memory, "Private_Dirty"
                    )
                    self.helpers = max(self.helpers, private)

    def _children(self) -> list[str]:
        pids = []
        try:
            tasks = list(os.scandir(f"/proc/{self.pid}/task"))
        except OSError:
            return []  # the build has ended
        for task in tasks:
            try:
                with open(f"{task.path}/children", encoding="ascii") as handle:
                    pids += handle.read().split()
            except OSError:
                continue
        return pids

    @property
    def indexer(self) -> int:
        return sum(self._indexers.values())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _proc_fields(path: str) -> dict[str, str]:
    """The "Key: value" lines of a /proc file; empty if the process is gone."""
    try:
        with open(path, encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines) if v}


def _kilobytes(fields: dict[str, str], key: str) -> int:
    """Bytes of a "1234 kB" field (0 if missing)."""
    try:
        return int(fields[key].split()[0]) * 1024
    except (KeyError, IndexError, ValueError):
        return 0


# Sizes ------------------------------------------------------------------------------------------


def site_size(site: Path) -> tuple[int, int]:
    """Bytes and files a host would store (hard-linked files count once per name, as uploaded)."""
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def page_bytes(site: Path, url: str) -> tuple[int, int]:
    data = (site / url / "index.html").read_bytes()
    return len(data), len(gzip.compress(data, 6, mtime=0))


# A first search in a phone browser ----------------------------------------------------------------


def _is_search(url: str) -> bool:
    path = url.split("?", 1)[0]
    return (
        "/pagefind/" in path
        or "/assets/search" in path  # ours: the search scripts
        or "/search/search_index.json" in path  # mkdocs-material: the whole index
        or "/workers/search" in path  # mkdocs-material: its search worker (lunr inside)
    )


def first_search(site: Path, kind: str, query: str, name: str) -> dict[str, int]:
    """Transferred bytes of a first search from the home page, by kind, on an empty cache."""
    from playwright.sync_api import sync_playwright

    counts = {"search": 0, "search requests": 0, "thumbnails": 0, "everything": 0}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        # Requests of the context, not of the page: our service worker (theme/sw.js) fetches
        # what the page asks for, and the offline page ahead, in requests of its own.
        finished: list = []
        context.on("requestfinished", lambda request: finished.append(request))
        page.goto(base)
        page.wait_for_load_state("networkidle")
        if kind == "ours":
            page.click("[data-hr-search-open]")
            page.fill("#hr-search-q", query)
            page.wait_for_selector(".hr-search__results .hr-result", timeout=120_000)
        else:
            page.click("label.md-header__button[for='__search']")
            page.fill("input.md-search__input", name)
            page.wait_for_selector(".md-search-result__item", timeout=300_000)
        page.wait_for_load_state("networkidle")
        for request in finished:
            response = request.response()
            if response is not None and response.from_service_worker:
                continue  # the page's side of a request the worker made: counted there
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            counts["everything"] += size
            if _is_search(request.url):
                counts["search"] += size
                counts["search requests"] += 1
            elif kind == "ours" and "/anh/" in request.url:  # photos (the worker's: "fetch")
                counts["thumbnails"] += size
        context.close()
        browser.close()
    return counts


# The run ------------------------------------------------------------------------------------------


def run(
    count: int,
    workdir: Path,
    photo_size: tuple[int, int],
    browser: bool,
    reuse: bool = False,
    warm_only: bool = False,
) -> None:
    print(f"\n## {count:,} records, one {photo_size[0]}×{photo_size[1]} photo each\n", flush=True)
    ours_root = workdir / f"ours-{count}"
    base_root = workdir / f"baseline-{count}"
    start = time.perf_counter()
    if reuse and (ours_root / "exemplars").is_dir() and (base_root / "docs").is_dir():
        copy_project_files(ours_root)  # the records kept; everything else as in the repository
        print("(records of an earlier run, kept with --keep)\n", flush=True)
    else:
        options = Options(count, photos=True, every_record_photo=True, photo_size=photo_size)
        make_project(ours_root, options)
        write_baseline(ours_root, base_root)
        print(f"(records written in {time.perf_counter() - start:.0f} s)\n", flush=True)

    profile = _median_profile(ours_root)
    ours = Site("ours", ours_root, f"ghi-danh/{profile}/")
    base = Site("baseline", base_root, f"{profile}/")
    if not warm_only:
        shutil.rmtree(ours_root / ".cache", ignore_errors=True)  # cold: no photo cache at all
    kinds = ("cold", "warm", "edited")
    if warm_only:  # our caches filled by a first, untimed build; cold figures left out
        build(ours_root)
        kinds = ("warm", "edited")
    # Interleaved, so that load from other work on the machine hits both alike.
    for kind in kinds:
        if kind == "edited":
            edit_story(ours_root / "exemplars" / profile / "index.md")
            edit_story(base_root / "docs" / profile / "index.md")
        for site in (ours, base):
            result = site.builds[kind] = timed_build(site.root)
            print(
                f"{site.name} {kind}: {result.wall:,.1f} s wall, {result.cpu:,.1f} s CPU, "
                f"Python peak {result.python_peak / MB:,.0f} MB",
                flush=True,
            )
    print()

    rows: list[tuple[str, str, str, str]] = []
    for kind in kinds:
        o, b = ours.builds[kind], base.builds[kind]
        rows.append(
            (f"build {kind}, wall", f"{o.wall:,.1f} s", f"{b.wall:,.1f} s", _ratio(o.wall, b.wall))
        )
        rows.append(
            (f"build {kind}, CPU", f"{o.cpu:,.1f} s", f"{b.cpu:,.1f} s", _ratio(o.cpu, b.cpu))
        )
    o_peak = max(b.python_peak for b in ours.builds.values())
    b_peak = max(b.python_peak for b in base.builds.values())
    rows.append(
        ("peak memory, Python build", f"{o_peak / MB:,.0f} MB", f"{b_peak / MB:,.0f} MB", "")
    )
    helpers = max(b.helpers_peak for b in ours.builds.values())
    rows.append(
        (
            "peak memory, Python helpers",
            f"{helpers / MB:,.0f} MB (largest photo worker or forked copy, unshared memory)",
            "none",
            "",
        )
    )
    indexer = max(b.indexer_peak or 0 for b in ours.builds.values())
    rows.append(
        ("peak memory, search indexer", f"{indexer / MB:,.0f} MB", "in the Python build", "")
    )
    for kind in kinds:
        o = ours.builds[kind]
        if o.indexer_reused:
            text = "bundles of the build before reused, nothing indexed"
        else:
            text = f"{o.indexer_seconds:,.1f} s beside the build, {o.indexer_waited:,.1f} s waited"
        rows.append((f"search indexer, {kind}", text, "in the Python build", ""))
    o_size, o_files = site_size(ours.site)
    b_size, b_files = site_size(base.site)
    rows.append(
        (
            "site/",
            f"{o_size / MB:,.0f} MB, {o_files:,} files",
            f"{b_size / MB:,.0f} MB, {b_files:,} files",
            _ratio(o_size, b_size),
        )
    )
    o_raw, o_gz = page_bytes(ours.site, ours.profile)
    b_raw, b_gz = page_bytes(base.site, base.profile)
    rows.append(
        (
            "profile page HTML (gzip)",
            f"{o_raw / 1024:,.1f} KB ({o_gz / 1024:,.1f} KB)",
            f"{b_raw / 1024:,.1f} KB ({b_gz / 1024:,.1f} KB)",
            _ratio(o_raw, b_raw),
        )
    )
    queries: dict[str, dict[str, int]] = {}
    if browser:
        name = _name(ours.site / ours.profile / "index.html")
        try:
            for site in (ours, base):
                queries[site.name] = first_search(site.site, site.name, fold(name), name)
        except Exception as exc:  # noqa: BLE001 - the build figures are still worth printing
            print(f"(first search not measured: {exc})")
            queries = {}
    if queries:
        o_q, b_q = queries["ours"], queries["baseline"]
        rows.append(
            (
                f"first search ({fold(name)!r}), transferred",
                f"{o_q['search'] / 1024:,.1f} KB in {o_q['search requests']} requests "
                f"(+{o_q['thumbnails'] / 1024:,.1f} KB thumbnails)",
                f"{b_q['search'] / 1024:,.1f} KB in {b_q['search requests']} requests",
                _ratio(o_q["search"], b_q["search"]),
            )
        )
    print(f"| at {count:,} records | ours | plain mkdocs-material | ours / plain |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    warm = ours.builds["warm"]
    if count != GOAL_RECORDS:
        print(
            f"\n(The issue's goals are set at {GOAL_RECORDS:,} records; shown here for comparison.)"
        )
    print(f"\nGoals (issue 8, at {GOAL_RECORDS:,} records on 2 cores), at {count:,} records:")
    _goal(
        "warm build no slower than the plain site (wall)",
        warm.wall <= base.builds["warm"].wall,
        _ratio(warm.wall, base.builds["warm"].wall),
    )
    _goal(
        "warm build no slower than the plain site (CPU)",
        warm.cpu <= base.builds["warm"].cpu,
        _ratio(warm.cpu, base.builds["warm"].cpu),
    )
    if "cold" in ours.builds:
        cold = ours.builds["cold"].wall
        _goal("cold build with photos under 5 minutes", cold < COLD_GOAL_SECONDS, f"{cold:,.0f} s")
    _goal("Python build under 1.5 GB", o_peak < PYTHON_MEMORY_GOAL, f"{o_peak / MB:,.0f} MB")
    if queries:
        first = queries["ours"]["search"]
        _goal("first search under 300 KB", first < FIRST_QUERY_GOAL, f"{first / 1024:,.0f} KB")
    edited, base_edited = ours.builds["edited"], base.builds["edited"]
    print(
        "\nNot a goal of the issue, but what an editor waits for most days: the build after "
        f"editing one record, {_ratio(edited.wall, base_edited.wall)} of the plain site's (wall), "
        f"{_ratio(edited.cpu, base_edited.cpu)} (CPU)."
    )
    sys.stdout.flush()


def _goal(text: str, met: bool, value: str) -> None:
    print(f"- {'met' if met else 'NOT MET'}: {text} ({value})")


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}" if base else ""


# A paragraph the "edited" builds add to a story, or take out again when an earlier run added it.
EDIT = "\n\nĐoạn thêm để đo lần dựng sau khi biên tập viên sửa một hồ sơ (dữ liệu mẫu).\n"


def edit_story(page: Path) -> None:
    """Change a record's story the way an editor would: a paragraph more (or less) at its end."""
    text = page.read_text(encoding="utf-8")
    text = text.replace(EDIT, "\n") if EDIT in text else text.rstrip("\n") + EDIT
    page.write_text(text, encoding="utf-8")


def _median_profile(root: Path) -> str:
    """A record in the middle of the roll's folders (every synthetic record is public-looking)."""
    slugs = sorted(p.name for p in (root / "exemplars").iterdir() if p.is_dir())
    for slug in slugs[len(slugs) // 2 :]:
        if "status: recognized" in (root / "exemplars" / slug / "index.md").read_text("utf-8"):
            return slug
    raise RuntimeError("no public record")


def _name(page: Path) -> str:
    from html import unescape

    html = page.read_text(encoding="utf-8")
    return unescape(html.split("<h1>", 1)[1].split("</h1>", 1)[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--photo-size",
        default="600x800",
        help="width×height of the synthetic photos (default 600x800, a 3×4 portrait)",
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-search measure")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: build the records an earlier run wrote"
    )
    parser.add_argument(
        "--warm-only", action="store_true", help="only the warm and edited builds, not the cold"
    )
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.photo_size.lower().split("x"))
    print(
        f"# Our generator against plain mkdocs-material ({os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at start)"
    )
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-compare-"))
    try:
        for count in args.records:
            run(
                count,
                workdir,
                (width, height),
                not args.no_browser,
                reuse=bool(args.reuse and args.keep),
                warm_only=args.warm_only,
            )
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
