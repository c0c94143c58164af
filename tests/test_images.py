"""The photo pipeline on photos made at test time: phone-sized, rotated, with GPS, CMYK, alpha,
broken, and bombs."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from helpers import (
    PHONE_ARTIST,
    PHONE_COMMENT,
    PHONE_SERIAL,
    make_image,
    make_phone_photo,
)
from PIL import Image, ImageFile

from generator import images
from generator.progress import Progress


def publish(source: Path, cache_dir: Path, site: Path, slug: str = "mai") -> images.PublishedPhoto:
    cache = images.PhotoCache(cache_dir, progress=False)
    info, error = cache.inspect(source)
    assert error is None, error
    photo = images.plan(slug, 0, source, info)
    cache.build(images.photo_jobs([photo]), site, "test")
    return photo


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    for secret in (PHONE_SERIAL.encode(), PHONE_ARTIST.encode(), PHONE_COMMENT):
        assert secret not in data, (path.name, secret)
    for marker in (b"Exif\x00\x00", b"http://ns.adobe.com/xap/1.0/", b"ICC_PROFILE", b"<x:xmpmeta"):
        assert marker not in data, (path.name, marker)
    with Image.open(path) as image:
        assert not image.getexif(), path.name
        assert not image.getexif().get_ifd(0x8825), path.name  # GPS
        for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"):
            assert key not in image.info, (path.name, key)
    if path.suffix == ".webp":
        # A simple WebP (no VP8X header) has no room for EXIF, XMP or ICC chunks at all.
        assert data[12:16] in (b"VP8 ", b"VP8L"), data[12:16]


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory) -> tuple[Path, Path, images.PublishedPhoto]:
    """A 4000×3000 phone JPEG shot sideways (EXIF orientation 6), published once."""
    root = tmp_path_factory.mktemp("phone")
    source = make_phone_photo(root / "chan-dung.jpg", orientation=6)
    site = root / "site"
    return source, site, publish(source, root / "cache", site)


def test_phone_photo_is_published_upright_in_three_sizes_and_two_formats(phone_photo):
    source, site, photo = phone_photo
    # Displayed as 3000×4000 (portrait) once orientation 6 is applied.
    assert [(r.width, r.height) for r in photo.renditions] == [
        (320, 427),
        (640, 853),
        (960, 1280),
        (1280, 1707),
    ]
    assert [r.width for r in photo.webp] == [320, 640, 960, 1280]
    assert photo.largest.url.endswith("-1280.jpg")
    for rendition in photo.files:
        with Image.open(site / rendition.url) as image:
            assert image.size == (rendition.width, rendition.height)
            assert image.format == rendition.format
            assert image.mode == "RGB"
            # The red block stored top-left is top-right once turned upright.
            w, h = image.size
            red, green, _ = image.getpixel((w - 3, 3))
            assert red > 200 and green < 60, image.getpixel((w - 3, 3))
            assert image.getpixel((3, 3))[0] < 150


def test_no_published_photo_carries_exif_xmp_gps_or_icc(phone_photo):
    source, site, photo = phone_photo
    assert b"Exif" in source.read_bytes()  # the original has it all
    for rendition in photo.files:
        assert_no_metadata(site / rendition.url)


def test_the_original_is_never_copied_into_the_site(phone_photo):
    source, site, _ = phone_photo
    published = [p for p in site.rglob("*") if p.is_file()]
    assert published and all(p.stat().st_size < source.stat().st_size / 4 for p in published)
    assert not [p for p in published if p.read_bytes() == source.read_bytes()]


def test_small_photos_are_never_upscaled(tmp_path):
    source = make_image(tmp_path / "a.jpg", 900, 600)
    photo = publish(source, tmp_path / "cache", tmp_path / "site")
    assert [(r.width, r.height) for r in photo.renditions] == [(320, 213), (640, 427), (900, 600)]
    assert photo.default.width == 640


def test_cmyk_photo_becomes_rgb(tmp_path):
    source = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (800, 600), (255, 0, 0, 0)).save(source, "JPEG", quality=95)  # pure cyan
    photo = publish(source, tmp_path / "cache", tmp_path / "site")
    with Image.open(tmp_path / "site" / photo.default.url) as image:
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((100, 100))
        assert red < 40 and green > 200 and blue > 200


def test_png_with_alpha_is_flattened_on_white(tmp_path):
    source = tmp_path / "logo.png"
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    image.paste((30, 90, 160, 255), (0, 0, 400, 600))
    image.save(source)
    photo = publish(source, tmp_path / "cache", tmp_path / "site")
    for rendition in photo.files:
        with Image.open(tmp_path / "site" / rendition.url) as out:
            assert out.mode == "RGB"
            w, h = out.size
            assert out.getpixel((w - 5, h // 2)) == pytest.approx((255, 255, 255), abs=3)
            assert out.getpixel((5, h // 2)) == pytest.approx((30, 90, 160), abs=12)


def test_sixteen_bit_and_palette_pngs_are_published(tmp_path):
    grey = tmp_path / "grey16.png"
    Image.linear_gradient("L").resize((600, 600)).convert("I;16").save(grey)
    palette = tmp_path / "palette.png"
    Image.new("RGB", (600, 500), (200, 40, 40)).convert("P").save(palette, transparency=0)
    for source in (grey, palette):
        photo = publish(source, tmp_path / "cache", tmp_path / "site", source.stem)
        with Image.open(tmp_path / "site" / photo.default.url) as out:
            assert out.mode == "RGB"


# Validation messages ------------------------------------------------------------------------------


def test_truncated_file_is_refused_naming_it(tmp_path):
    whole = make_phone_photo(tmp_path / "whole.jpg", 1600, 1200).read_bytes()
    (tmp_path / "anh-hong.jpg").write_bytes(whole[: len(whole) // 2])
    info, error = images.inspect(tmp_path / "anh-hong.jpg")
    assert info is None
    assert "'anh-hong.jpg'" in error and "bị hỏng hoặc không đầy đủ" in error


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge size in a few bytes: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("size", [(9000, 9000), (40000, 40000)], ids=["over-limit", "far-over"])
def test_bomb_is_refused_without_decoding(tmp_path, monkeypatch, size):
    path = tmp_path / "bom.png"
    path.write_bytes(png_header_only(*size))
    assert path.stat().st_size < 200

    def no_decoding(self):
        raise AssertionError("a bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    info, error = images.inspect(path)
    assert info is None
    assert "'bom.png' quá lớn để xử lý an toàn" in error
    if size == (9000, 9000):
        assert "9000×9000" in error


def test_too_small_unsupported_and_heic_are_refused(tmp_path):
    make_image(tmp_path / "nho.jpg", 600, 399)
    assert "'nho.jpg' quá nhỏ" in images.inspect(tmp_path / "nho.jpg")[1]
    Image.new("RGB", (800, 600)).save(tmp_path / "anh.gif")
    assert "là ảnh GIF, định dạng không được hỗ trợ" in images.inspect(tmp_path / "anh.gif")[1]
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
    (tmp_path / "IMG_0001.HEIC").write_bytes(heic)
    message = images.inspect(tmp_path / "IMG_0001.HEIC")[1]
    assert "'IMG_0001.HEIC' là ảnh HEIC" in message and "JPEG" in message
    (tmp_path / "x.jpg").write_text("không phải ảnh", encoding="utf-8")
    assert "tệp 'x.jpg' không phải là ảnh" in images.inspect(tmp_path / "x.jpg")[1]


def test_rotated_photo_is_measured_upright(tmp_path):
    source = make_phone_photo(tmp_path / "a.jpg", 1200, 900, orientation=8)
    info, error = images.inspect(source)
    assert error is None and (info.width, info.height) == (900, 1200)


# The cache ----------------------------------------------------------------------------------------


def test_unchanged_photos_are_never_inspected_or_processed_twice(tmp_path, monkeypatch):
    source = make_phone_photo(tmp_path / "a.jpg", 2000, 1500)
    cache_dir = tmp_path / "cache"
    first = images.PhotoCache(cache_dir, progress=False)
    ((info, _),) = first.inspect_all([source]).values()
    photo = images.plan("mai", 0, source, info)
    assert first.build(images.photo_jobs([photo]), tmp_path / "site1", "test") == 1
    assert first.made == 8

    def fail(*args, **kwargs):
        raise AssertionError("image work on a warm cache")

    monkeypatch.setattr(images, "_inspect_bytes", fail)
    monkeypatch.setattr(images, "render_photo", fail)
    second = images.PhotoCache(cache_dir, progress=False)
    assert second.inspect_all([source])[source] == (info, None)
    assert second.build(images.photo_jobs([photo]), tmp_path / "site2", "test") == 0
    assert second.made == 0
    for rendition in photo.files:
        assert (tmp_path / "site2" / rendition.url).read_bytes() == (
            tmp_path / "site1" / rendition.url
        ).read_bytes()


def test_cache_is_keyed_by_content_not_by_name(tmp_path, monkeypatch):
    cache = images.PhotoCache(tmp_path / "cache", progress=False)
    small = make_image(tmp_path / "a" / "nho.jpg", 300, 200)
    assert "'nho.jpg'" in cache.inspect(small)[1]
    copy = tmp_path / "b" / "ban-sao.jpg"
    copy.parent.mkdir()
    copy.write_bytes(small.read_bytes())
    monkeypatch.setattr(images, "_inspect_bytes", lambda *a: pytest.fail("inspected twice"))
    # Same bytes under another name: answered from the cache, naming the new file.
    assert "'ban-sao.jpg'" in cache.inspect(copy)[1]


def test_a_changed_photo_gets_new_addresses(tmp_path):
    source = make_image(tmp_path / "a.jpg", 800, 600)
    before = publish(source, tmp_path / "cache", tmp_path / "site")
    make_image(source, 800, 600, color="#993333")
    after = publish(source, tmp_path / "cache", tmp_path / "site")
    assert {r.url for r in before.files}.isdisjoint(r.url for r in after.files)


# Progress -----------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_more_than_a_handful():
    terminal = _Terminal()
    with Progress(20, "Xử lý ảnh", stream=terminal) as bar:
        for _ in range(20):
            bar.advance()
    assert "Xử lý ảnh" in terminal.getvalue() and "20/20" in terminal.getvalue()
    few, pipe = _Terminal(), io.StringIO()
    with Progress(3, "Xử lý ảnh", stream=few) as bar:
        bar.advance(3)
    with Progress(20, "Xử lý ảnh", stream=pipe) as bar:
        bar.advance(20)
    assert few.getvalue() == "" and pipe.getvalue() == ""


def test_private_metadata_in_an_original_is_found_and_can_be_cleaned(tmp_path):
    """The site publishes clean copies, but the original sits in a public repository."""
    source = make_phone_photo(tmp_path / "chan-dung.jpg", 1200, 900, orientation=6)
    info, error = images.inspect(source)
    assert error is None
    assert set(info.private) >= {"vị trí GPS nơi chụp", "số sê-ri máy ảnh", "tên người chụp"}
    shown = (info.width, info.height)
    assert images.strip_private(source) is True
    cleaned, _ = images.inspect(source)
    assert cleaned.private == ()
    assert (cleaned.width, cleaned.height) == shown  # turned upright, same picture
    assert_no_metadata_but_colour(source)
    assert images.strip_private(source) is False  # nothing left to do


def assert_no_metadata_but_colour(path: Path) -> None:
    data = path.read_bytes()
    for secret in (PHONE_SERIAL.encode(), PHONE_ARTIST.encode()):
        assert secret not in data
    with Image.open(path) as image:
        assert not image.getexif().get_ifd(0x8825)
        assert image.getexif().get(0x0112, 1) == 1


def test_background_work_fills_the_cache_and_hands_failures_to_the_build(tmp_path):
    cache = images.PhotoCache(tmp_path / "cache", progress=False)
    made = images.Job("a", [("a.txt", "a.txt")], lambda t: t["a.txt"].write_text("a"))
    broken = images.Job("b", [("b.txt", "b.txt")], lambda t: 1 / 0)
    images.Background(cache, lambda: [made], "a").wait()
    assert cache.has("a.txt")
    with pytest.raises(images.PublishError, match="^b: "):
        images.Background(cache, lambda: [broken], "b").wait()


def test_cancelled_background_work_starts_no_new_job(tmp_path):
    cache = images.PhotoCache(tmp_path / "cache", progress=False)
    cache.cancelled = True
    job = images.Job("a", [("a.txt", "a.txt")], lambda t: t["a.txt"].write_text("a"))
    images.Background(cache, lambda: [job], "a").wait()
    assert not cache.has("a.txt")


def _write_name(targets: dict[str, Path]) -> None:
    """A cache job that pickles (module level): writes each target's own name into it."""
    for key, path in targets.items():
        path.write_text(key)


def _fail(targets: dict[str, Path]) -> None:
    raise ValueError("ảnh hỏng")


def test_a_file_derived_in_a_photos_job_that_fails_is_named_with_the_photo(tmp_path):
    source = make_image(tmp_path / "anh.jpg", 500, 600, "#3a7a50")
    photo = images.plan("mai", 0, source, images.inspect(source)[0])

    def fail(pixels: Image.Image, targets: dict[str, Path]) -> None:
        raise ValueError("thiếu phông chữ")

    card = images.Derived(photo.largest.key, ("the-card.jpg", "anh/chia-se/mai.jpg"), fail)
    cache = images.PhotoCache(tmp_path / "cache", progress=False)
    with pytest.raises(images.PublishError, match="anh.jpg: .*anh/chia-se/mai.jpg: thiếu phông"):
        cache.build(images.photo_jobs([photo], {source: [card]}), None, "test")


def test_many_jobs_run_in_worker_processes_and_failures_name_the_job(tmp_path):
    import functools
    import os

    count = images.PROCESS_MINIMUM
    assert isinstance(images.job_pool(count), images.ProcessPoolExecutor) == (images.workers() > 1)
    assert isinstance(images.job_pool(count - 1), images.ThreadPoolExecutor)
    cache = images.PhotoCache(tmp_path / "cache", progress=False)
    jobs = [images.Job(f"j{i}", [(f"{i}.txt", f"{i}.txt")], _write_name) for i in range(count)]
    with images.ProcessPoolExecutor(
        2, mp_context=images.multiprocessing.get_context("spawn")
    ) as pool:
        cache.run(jobs, "test", pool)
        # Worker processes write the files, this one counts them.
        assert cache.made == count
        assert all(cache.path(f"{i}.txt").read_text() == f"{i}.txt" for i in range(count))
        broken = images.Job("exemplars/mai/anh.jpg", [("x.txt", "x.txt")], functools.partial(_fail))
        with pytest.raises(images.PublishError, match="^exemplars/mai/anh.jpg: .*ảnh hỏng"):
            cache.run([broken], "test", pool)
    assert not [p for p in os.listdir(cache.files) if p.endswith(".tmp")]


def test_photos_and_share_images_made_in_worker_processes_match_those_made_here(tmp_path):
    """Cards are drawn in their photo's job on a first build, in jobs of their own once the
    photos are cached (a card's text changed): the bytes are the same either way, and the same
    in worker processes as here."""
    from generator import share

    count = images.PROCESS_MINIMUM
    sources = [
        make_image(tmp_path / f"p{i}.jpg", 400 + i, 500, f"#{40 + i:02x}7a50") for i in range(count)
    ]
    photos = [images.plan(f"r{i}", 0, s, images.inspect(s)[0]) for i, s in enumerate(sources)]
    cards = [
        share.share_image(f"r{i}", share.Card(f"Người {i}", portrait=share.portrait_for(p).key), "")
        for i, p in enumerate(photos)
    ]
    there = images.PhotoCache(tmp_path / "there", progress=False)
    jobs = share.jobs(photos, cards, there)
    assert len(jobs) == count  # each card drawn in its photo's job
    images.Background(there, lambda: jobs, "ảnh").wait()  # worker processes (on more than one core)
    here = images.PhotoCache(tmp_path / "here", progress=False)
    with images.ThreadPoolExecutor(1) as pool:
        here.run(images.photo_jobs(photos), "ảnh", pool)
        jobs = share.jobs(photos, cards, here)
        assert len(jobs) == 2 * count and {j.name for j in jobs[count:]} == {c.url for c in cards}
        here.run(jobs[count:], "thẻ", pool)  # cards in jobs of their own, photos decoded again
    keys = [r.key for p in photos for r in p.files] + [c.card.key for c in cards]
    assert there.made == here.made == len(keys)
    for key in keys:
        assert there.path(key).read_bytes() == here.path(key).read_bytes(), key


def test_a_fresh_checkout_is_recognised_through_git_without_reading_photos(tmp_path):
    import os
    import subprocess

    from generator import git

    repo = tmp_path / "repo"
    photo = repo / "exemplars" / "a" / "anh.jpg"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (800, 600), "red").save(photo)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e", GIT_COMMITTER_NAME="t")
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "ảnh"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)

    def cache() -> images.PhotoCache:
        made = images.PhotoCache(tmp_path / "cache", progress=False)
        made.blobs = git.unchanged_blobs(repo, repo / "exemplars")
        return made

    first = cache()
    info, _ = first.inspect(photo)
    first.save()
    os.utime(photo, (1_000_000, 1_000_000))  # a fresh checkout: same bytes, new times
    fresh = cache()
    assert fresh._known(photo)  # no need to read and hash it again
    assert fresh.inspect(photo)[0] == info
    Image.new("RGB", (800, 600), "blue").save(photo)  # changed, not committed
    changed = cache()
    assert photo.resolve() not in changed.blobs
    assert not changed._known(photo)


def test_outside_a_repository_no_blob_is_known(tmp_path):
    from generator import git

    assert git.unchanged_blobs(tmp_path, tmp_path) == {}
