"""Photo benchmark: processing time for many phone photos, cold and warm, and what a phone
downloads for one profile page.

    .venv/bin/python bench/photos.py               # 1,000 photos (about 4 GB in a temp folder)
    .venv/bin/python bench/photos.py --count 100   # quicker
    make bench-photos

Self-contained: it makes its own 4000×3000 phone-like JPEGs (EXIF orientation, GPS, ICC), runs
the same code as a build (validation's inspection, then renditions) on an empty cache and again
on the filled one, then builds a copy of the sample site with phone photos on one profile and
opens that profile in headless Chromium at 360 px to count the bytes transferred. It prints
figures; it asserts nothing (timings on a shared machine are noisy).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import images  # noqa: E402
from generator.staticserver import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PROFILE = "giang-a-chinh-y-ty"  # a sample profile with a portrait and a second photo


# Test photos ------------------------------------------------------------------------------------


def phone_photo(path: Path, seed: int, width: int = 4000, height: int = 3000) -> int:
    """A JPEG like a phone's: 12 MP of detail, sideways or not, with GPS and an ICC profile."""
    rng = random.Random(seed)
    noise = Image.effect_noise((width // 4, height // 4), 40 + seed % 30).resize((width, height))
    base = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize((width, height))
    image = Image.merge("RGB", (base, noise, Image.eval(base, lambda v, s=seed: (v + s) % 256)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):  # a few shapes so that no two photos are alike
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse(
            (x, y, x + rng.randrange(200, 900), y + rng.randrange(200, 900)),
            fill=rng.randrange(1 << 24),
        )
    exif = Image.Exif()
    exif[0x0112] = rng.choice((1, 1, 6, 8, 3))
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Phone 12 Pro"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (22.0, 29.0, seed % 60), "E", (103.0, 58.0, 12.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", quality=90, exif=exif, icc_profile=srgb)
    return path.stat().st_size


def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"anh-{i:04d}.jpg" for i in range(count)]
    missing = [(i, p) for i, p in enumerate(paths) if not p.exists()]
    if missing:
        start = time.perf_counter()
        with ThreadPoolExecutor(images.workers()) as pool:
            sizes = list(pool.map(lambda item: phone_photo(item[1], item[0]), missing))
        print(
            f"  made {len(missing)} photos 4000×3000, {sum(sizes) / len(sizes) / 1e6:.1f} MB "
            f"each on average, in {time.perf_counter() - start:.0f} s",
            file=sys.stderr,
        )
    return paths


# Processing -------------------------------------------------------------------------------------


def run(paths: list[Path], cache_dir: Path, site_dir: Path) -> dict[str, float]:
    """One build's image work: inspection (validation), then renditions into a fresh site."""
    shutil.rmtree(site_dir, ignore_errors=True)
    start = time.perf_counter()
    cache = images.PhotoCache(cache_dir)
    inspected = cache.inspect_all(paths)
    inspect_time = time.perf_counter() - start
    plans = [
        images.plan(f"ho-so-{i // 2}", i % 2, p, info)
        for i, (p, (info, error)) in enumerate(inspected.items())
        if info is not None
    ]
    start = time.perf_counter()
    done = cache.build(images.photo_jobs(plans), site_dir, "Xử lý ảnh")
    return {
        "inspect": inspect_time,
        "publish": time.perf_counter() - start,
        "photos_processed": done,
        "files_made": cache.made,
    }


def bench_processing(count: int, workdir: Path) -> None:
    print(f"\n## Processing {count} phone photos ({images.workers()} cores)\n")
    paths = make_photos(workdir / "originals", count)
    cache_dir, site_dir = workdir / "cache", workdir / "site"
    shutil.rmtree(cache_dir, ignore_errors=True)
    rows = [("cold (empty cache)", run(paths, cache_dir, site_dir))]
    rows.append(("warm (unchanged photos)", run(paths, cache_dir, site_dir)))
    for path in paths:  # a fresh clone: same bytes, new modification times
        os.utime(path)
    rows.append(("warm, fresh checkout (re-hash only)", run(paths, cache_dir, site_dir)))
    print(
        "| run | validation (inspect) | renditions | total | per photo | photos processed | files made |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        total = r["inspect"] + r["publish"]
        print(
            f"| {name} | {r['inspect']:.1f} s | {r['publish']:.1f} s | {total:.1f} s | "
            f"{total / count * 1000:.1f} ms | {r['photos_processed']:.0f} | {r['files_made']:.0f} |"
        )
    published = [p for p in site_dir.rglob("*") if p.is_file()]
    originals = sum(p.stat().st_size for p in paths)
    print(
        f"\nOriginals {originals / 1e9:.2f} GB -> {len(published)} published files, "
        f"{sum(p.stat().st_size for p in published) / 1e6:.0f} MB."
    )


# One profile on a phone -------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def build_sample_site(workdir: Path) -> Path:
    """A copy of the repository's site whose sample profile has two real phone photos."""
    root = workdir / "repo"
    shutil.rmtree(root, ignore_errors=True)
    for name in ("data", "schema", "content", "theme", "exemplars"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for i, name in enumerate(("chan-dung.jpg", "anh-2.jpg")):
        phone_photo(root / "exemplars" / PROFILE / name, 9000 + i)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return root / "site"


def bench_page(workdir: Path) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\n## Bytes for one profile page on a phone (360×740, 2× pixels, {PROFILE})\n")
    site = build_sample_site(workdir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/ghi-danh/{PROFILE}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, scroll in (("on opening", False), ("after scrolling to the end", True)):
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
            )
            page = context.new_page()
            seen: list = []
            page.on("requestfinished", lambda request, seen=seen: seen.append(request))
            page.goto(url, wait_until="load")
            if scroll:
                height = page.evaluate("document.documentElement.scrollHeight")
                for y in range(0, height + 740, 500):
                    page.evaluate(f"window.scrollTo(0, {y})")
                    page.wait_for_timeout(60)
            page.wait_for_load_state("networkidle")
            _report(label, seen)
            context.close()
        browser.close()
    server.shutdown()


def _kind(request) -> str:
    resource = request.resource_type
    return {"document": "HTML", "stylesheet": "CSS", "script": "JS", "image": "images"}.get(
        resource, resource
    )


def _report(label: str, requests: list) -> None:
    totals: dict[str, list[int]] = {}
    files: list[str] = []
    for request in requests:
        response = request.response()
        if response is None or not request.url.startswith("http://127.0.0.1"):
            continue
        body = response.body()
        sizes = request.sizes()
        raw = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        kind = _kind(request)
        # The test server does not compress; a real host gzips text, so estimate that too.
        compressed = len(gzip.compress(body, 6)) if kind in ("HTML", "CSS", "JS") else len(body)
        compressed += sizes["responseHeadersSize"]
        entry = totals.setdefault(kind, [0, 0, 0])
        entry[0] += 1
        entry[1] += raw
        entry[2] += compressed
        if kind == "images":
            files.append(request.url.rsplit("/", 1)[-1])
    print(f"### {label}\n")
    print("| type | requests | bytes (uncompressed server) | bytes (gzip for text) |")
    print("|---|---|---|---|")
    for kind, (n, raw, compressed) in sorted(totals.items()):
        print(f"| {kind} | {n} | {raw / 1024:.1f} KB | {compressed / 1024:.1f} KB |")
    n = sum(v[0] for v in totals.values())
    raw = sum(v[1] for v in totals.values())
    compressed = sum(v[2] for v in totals.values())
    print(f"| **total** | {n} | {raw / 1024:.1f} KB | {compressed / 1024:.1f} KB |")
    print(f"\nImages fetched: {', '.join(files) or 'none'}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="photos to process (1000)")
    parser.add_argument("--workdir", type=Path, help="keep generated photos here between runs")
    parser.add_argument("--no-page", action="store_true", help="skip the page weight measure")
    parser.add_argument("--no-processing", action="store_true", help="skip the processing measure")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-photos-"))
    try:
        if not args.no_processing:
            bench_processing(args.count, workdir)
        if not args.no_page:
            bench_page(workdir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
