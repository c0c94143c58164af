"""Time and size of the open-data outputs for a roll of N records (default 3000).

    .venv/bin/python tools/bench_open_data.py [N]

The sample records are copied under new slugs until there are N public records, then the JSON,
CSV, XLSX, Atom feeds, fact sheets, statistics and a year's report are written to a temporary
folder. Prints seconds and bytes per output; no assertion (timings on a shared machine are noisy).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import exports, feeds, presskit, report  # noqa: E402
from generator.catalog import Catalog  # noqa: E402
from generator.project import Layout, load  # noqa: E402
from generator.provenance import last_updated  # noqa: E402
from generator.statistics import statistics  # noqa: E402
from generator.website import Website  # noqa: E402


def main(count: int) -> None:
    project = load(Layout(ROOT))
    site = Website(project, "Ghi danh", "https://ghidanh.example.vn/")
    public = site.catalog.records
    records = [
        dataclasses.replace(public[i % len(public)], slug=f"{public[i % len(public)].slug}-{i}")
        for i in range(count)
    ]
    started = time.perf_counter()
    catalog = Catalog(records, project.vocabularies)
    photos = {}
    for record in records:  # the copies share their originals' photos
        for photo in record.photos:
            photos[photo.path] = site.photos[photo.path]
    data = exports.OpenData(catalog, photos, site.open_data.site_url, site.open_data.updated)
    print(f"{count} records; catalog {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for name, step in (
            ("exports (json, csv, xlsx, schema)", lambda: exports.write(data, out, "Ghi danh")),
            ("feeds", lambda: feeds.write(data, out, "Ghi danh")),
            ("fact sheets", lambda: presskit.write(data, out, "Ghi danh")),
        ):
            started = time.perf_counter()
            paths = step()
            size = sum(p.stat().st_size for p in paths)
            print(f"{name:36} {time.perf_counter() - started:6.2f} s {size / 1e6:8.2f} MB")
        for path in sorted((out / exports.FOLDER).iterdir()):
            print(f"  {path.name:34} {path.stat().st_size / 1e6:8.2f} MB")
        started = time.perf_counter()
        statistics(catalog)
        print(f"{'statistics':36} {time.perf_counter() - started:6.2f} s")
        started = time.perf_counter()
        annual = report.annual_report(
            records, project.vocabularies, 2026, last_updated(project.layout, records)
        )
        paths = report.write(annual, project.vocabularies, out / "bao-cao")
        size = sum(p.stat().st_size for p in paths)
        print(f"{'report 2026':36} {time.perf_counter() - started:6.2f} s {size / 1e6:8.2f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
