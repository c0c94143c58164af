"""Photos: checking the originals editors commit, and publishing resized copies of them.

Originals never reach the site. Each photo is published as renditions of a few widths, in WebP
with a JPEG fallback, with EXIF orientation applied, colours converted to sRGB and all metadata
(EXIF with GPS and camera serials, XMP, IPTC, comments, ICC profiles) left behind. Renditions are
named by a hash of the original's bytes, so a changed photo gets a new address and browsers never
show a stale copy.

Work is cached by content in `PhotoCache` (outside `site/`): validation's inspection of an
original and every file made from it are done once per distinct photo, and a rebuild with
unchanged photos only links finished files into the new site. Uncached work is spread over the
machine's cores.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import multiprocessing
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import (
    BrokenExecutor,
    Executor,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .progress import Progress
from .sitedir import place
from .vietnamese import given_name

if TYPE_CHECKING:
    from .records import Record

# Refuse to decode anything larger than this many pixels (a 12-megapixel phone photo is far below,
# a 48-megapixel one too); a "decompression bomb" declares a huge size in a tiny file.
MAX_PIXELS = 60_000_000
MIN_SHORT_SIDE = 400
# 960 serves the commonest case: a full-width photo on a 360-412 px phone at 2-3x pixel density
# (720-1236 device pixels), which would otherwise fetch the 1280 px file.
WIDTHS = (320, 640, 960, 1280)
DEFAULT_WIDTH = 640  # the `src` and `width`/`height` of an <img>, for browsers without srcset
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}
JPEG_QUALITY = 78
# Bicubic: on photos resized from 600 to 320 px, its structural similarity to a Lanczos resize of
# the full original is 0.997 (Lanczos: 0.999), and it takes two thirds of the time.
RESAMPLING = Image.Resampling.BICUBIC
# The narrowest rendition is made bilinear, in a third less time: a browser picks it only where
# it is drawn at its size or smaller (listing cards of 88 CSS px need 176-264 device pixels),
# and there bilinear is as good to the eye (its mean difference from a Lanczos resize is 0.4 of
# 255 on the sample photos; bicubic's 0.2).
NARROWEST_RESAMPLING = Image.Resampling.BILINEAR
WEBP_QUALITY = 72
# Bump when the bytes of renditions change (sizes, quality, processing): cached files made the
# old way are then ignored, and published addresses change so browsers fetch the new ones.
PIPELINE = "6"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
# Bump when inspection results change meaning; the limits are part of the key as well.
INSPECTION = f"2-{MAX_PIXELS}-{MIN_SHORT_SIDE}"

# Pillow's own guard: it raises DecompressionBombError above twice this, and warns above it.
# Its warning is silenced because our own check (from the header, before any decoding) refuses
# those images with a message that names the file; warnings filters are global, not per thread.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
_ORIENTATION = 0x0112
# HEIF/AVIF files from phones: recognized by their ISO-BMFF brand, to give a useful message.
_NAME = "\x00"  # stands for the file name in cached messages
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}


@dataclass(frozen=True)
class ImageInfo:
    width: int  # as displayed, after EXIF orientation
    height: int
    format: str
    digest: str  # sha256 of the original's bytes
    # Private metadata the original carries (never published, but the original is in git):
    # Vietnamese names of what was found, e.g. "vị trí GPS".
    private: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rendition:
    url: str  # site-relative, e.g. "anh/nguyen-thi-mai/1-3f2a9c0d1e-640.jpg"
    width: int
    height: int
    key: str = ""  # the name of its file in the cache

    @property
    def format(self) -> str:
        return "WEBP" if self.url.endswith(".webp") else "JPEG"


@dataclass(frozen=True)
class PublishedPhoto:
    source: Path
    renditions: tuple[Rendition, ...]  # JPEG, narrowest first: the fallback every browser reads
    webp: tuple[Rendition, ...] = ()  # the same sizes in WebP, narrowest first
    digest: str = ""  # sha256 of the original

    @property
    def largest(self) -> Rendition:
        """The largest JPEG rendition (for absolute links in feeds and exports)."""
        return self.renditions[-1]

    @property
    def default(self) -> Rendition:
        """The JPEG an <img> names in `src`; its size gives `width`/`height` (no layout shift)."""
        return self.closest(DEFAULT_WIDTH)

    def closest(self, width: int) -> Rendition:
        """The narrowest rendition at least `width` wide (or the largest there is)."""
        return next((r for r in self.renditions if r.width >= width), self.largest)

    @property
    def files(self) -> tuple[Rendition, ...]:
        return self.renditions + self.webp

    def cover_sizes(self, sizes: str, box_ratio: float) -> str:
        """`sizes` for this photo cropped to fill a box of `box_ratio` (width / height).

        A photo wider than its box is drawn taller than the box is wide (object-fit: cover),
        so it needs more pixels than the box's width: each length is scaled by that factor,
        and the browser picks a candidate sharp enough for the crop.
        """
        largest = self.largest
        factor = (largest.width / largest.height) / box_ratio
        if factor <= 1.01:
            return sizes
        scaled = []
        for entry in sizes.split(", "):
            media, _, length = entry.rpartition(") ")
            media, length = (f"{media}) ", length) if media else ("", entry)
            inner = length[4:] if length.startswith("calc(") else length
            scaled.append(f"{media}calc({inner} * {factor:.2f})")
        return ", ".join(scaled)


class PublishError(Exception):
    """A photo that passed validation could not be processed (for example changed meanwhile)."""


# Inspection ---------------------------------------------------------------------------------------


def inspect(path: Path) -> tuple[ImageInfo | None, str | None]:
    """Check an original without caching: its info, or a Vietnamese error naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"không đọc được tệp ảnh '{path.name}' ({exc.strerror})"
    return _inspect_bytes(path.name, data, hashlib.sha256(data).hexdigest())


def _inspect_bytes(name: str, data: bytes, digest: str) -> tuple[ImageInfo | None, str | None]:
    """Read an original's header (never decoding a bomb) and decode it cheaply to find damage."""
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        kind = "AVIF" if data[8:12] == b"avif" else "HEIC"
        return None, (
            f"'{name}' là ảnh {kind} (định dạng mặc định của một số điện thoại), chưa được hỗ "
            "trợ; hãy chuyển ảnh sang JPEG (trên iPhone: Cài đặt > Camera > Định dạng > "
            "Tương thích nhất) rồi đưa lên lại"
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                return None, (
                    f"'{name}' là ảnh {image.format}, định dạng không được hỗ trợ; hãy dùng "
                    "JPEG, PNG hoặc WebP"
                )
            width, height = image.size
            # Checked before anything is decoded: the header alone tells the size.
            if width * height > MAX_PIXELS:
                return None, _too_large(name, width, height)
            fmt = FORMATS[image.format]
            image.verify()  # must come first: it reads the file as opened
        with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable
            exif = image.getexif()
            orientation = exif.get(_ORIENTATION, 1)
            private = _private_metadata(exif, image.info, data)
            # Decoding finds truncated files; JPEG decodes at 1/8 scale, which still reads
            # the whole stream but costs a fraction of a full decode.
            image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()
    except Image.DecompressionBombError:  # twice the limit: Pillow refuses to open it at all
        return None, _too_large(name, 0, 0)
    except UnidentifiedImageError:
        return None, f"tệp '{name}' không phải là ảnh, hoặc là ảnh hỏng; hãy xuất lại ảnh dạng JPEG"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return None, (
            f"ảnh '{name}' bị hỏng hoặc không đầy đủ; hãy chép lại tệp ảnh gốc từ máy chụp "
            f"hoặc điện thoại (chi tiết kỹ thuật, tiếng Anh: {exc})"
        )
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    if min(width, height) < MIN_SHORT_SIDE:
        return None, (
            f"ảnh '{name}' quá nhỏ để đăng ({width}×{height} điểm ảnh); cạnh ngắn cần ít nhất "
            f"{MIN_SHORT_SIDE} điểm ảnh"
        )
    return ImageInfo(width, height, fmt, digest, private), None


_GPS_IFD, _EXIF_IFD = 0x8825, 0x8769
_ARTIST, _SERIALS = 0x013B, (0xA431, 0xA435)  # Artist; body and lens serial numbers


def _private_metadata(exif: Image.Exif, info: dict, data: bytes) -> tuple[str, ...]:
    """What in an original's metadata says where it was taken or by whose camera."""
    found = []
    if exif.get_ifd(_GPS_IFD):
        found.append("vị trí GPS nơi chụp")
    if any(exif.get_ifd(_EXIF_IFD).get(tag) for tag in _SERIALS):
        found.append("số sê-ri máy ảnh")
    if exif.get(_ARTIST):
        found.append("tên người chụp")
    if info.get("xmp") or b"<x:xmpmeta" in data[:262144]:
        found.append("dữ liệu XMP")
    return tuple(found)


def strip_private(path: Path) -> bool:
    """Rewrite an original without its private metadata; True when it had any.

    The pixels are turned upright (the orientation tag goes with the rest of the EXIF) and
    saved again at high quality with only the colour profile kept.
    """
    data = path.read_bytes()
    info, error = _inspect_bytes(path.name, data, "")
    if info is None or not info.private:
        return False
    with Image.open(io.BytesIO(data)) as original:
        icc = original.info.get("icc_profile")
        upright = ImageOps.exif_transpose(original)
        options: dict = {"icc_profile": icc} if icc else {}
        if info.format in ("JPEG", "WebP"):
            options["quality"] = 92  # near the phones' own; the pixels are published resized
        if info.format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, {"JPEG": "JPEG", "PNG": "PNG", "WebP": "WEBP"}[info.format], **options)
    _write_atomic(path, out.getvalue())
    return True


def _too_large(name: str, width: int, height: int) -> str:
    size = f" ({width}×{height} điểm ảnh)" if width else ""
    return (
        f"ảnh '{name}' quá lớn để xử lý an toàn{size}; tối đa {MAX_PIXELS // 1_000_000} triệu "
        "điểm ảnh, hãy thu nhỏ ảnh trước khi đưa lên"
    )


# Planning -----------------------------------------------------------------------------------------


def plan(slug: str, index: int, source: Path, info: ImageInfo) -> PublishedPhoto:
    """Decide the renditions of one photo (its addresses and sizes) without touching pixels.

    Widths are never larger than the original: a photo narrower than the widest size is
    published at its own width.
    """
    widths = sorted({w for w in WIDTHS if w < info.width} | {min(info.width, WIDTHS[-1])})
    version = hashlib.sha256(f"{info.digest}-{PIPELINE}".encode()).hexdigest()
    stem = f"anh/{slug}/{index + 1}-{version[:10]}"

    def rendition(width: int, ext: str) -> Rendition:
        height = max(1, round(info.height * width / info.width))
        return Rendition(f"{stem}-{width}.{ext}", width, height, f"{version}-{width}.{ext}")

    return PublishedPhoto(
        source,
        tuple(rendition(w, "jpg") for w in widths),
        tuple(rendition(w, "webp") for w in widths),
        info.digest,
    )


# Processing ---------------------------------------------------------------------------------------


def open_display_image(source: Path, width: int, height: int) -> Image.Image:
    """Decode an original for output at `width`×`height`: upright, sRGB, no metadata.

    JPEGs are decoded at a reduced scale when that still leaves at least the requested size
    (a 4000 px photo for 1280 px renditions is decoded at 2000 px), which is several times
    faster than a full decode; colours are converted after resizing, on fewer pixels.
    """
    with Image.open(source) as original:
        if original.width * original.height > MAX_PIXELS:  # changed since it was inspected
            raise PublishError(_too_large(source.name, original.width, original.height))
        orientation = original.getexif().get(_ORIENTATION, 1)
        request = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
        original.draft(original.mode, request)
        original.load()
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original) if orientation != 1 else original
        image = _resizable(image)
        if image.size != (width, height):
            image = image.resize((width, height), RESAMPLING, reducing_gap=3.0)
        elif image is original:
            image = original.copy()  # closing the file below would close this image too
    return _to_srgb(image, icc)


def _resizable(image: Image.Image) -> Image.Image:
    """One of RGB, RGBA, L or CMYK: modes that resize smoothly (palettes would not)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit greyscale PNG
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode in ("F", "1"):
        return image.convert("L")
    if image.mode in ("RGB", "L", "CMYK", "RGBA"):
        return image
    alpha = image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info
    return image.convert("RGBA" if alpha else "RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB pixels in sRGB, transparency flattened on white, and no metadata at all."""
    if icc:
        try:
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                _srgb_profile(),
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or unusual profile: fall back to the plain conversion below
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    if image.mode != "RGB":
        image = image.convert("RGB")  # CMYK without a profile, L
    # Nothing is carried forward: Pillow copies `info` through convert() and resize() and would
    # write a JPEG comment from it; EXIF, XMP and ICC are written only when asked for.
    image.info = {}
    return image


_SRGB_LOCK = threading.Lock()
_SRGB: ImageCms.ImageCmsProfile | None = None


def _srgb_profile() -> ImageCms.ImageCmsProfile:
    global _SRGB
    with _SRGB_LOCK:
        if _SRGB is None:
            _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        return _SRGB


@dataclass(frozen=True)
class Derived:
    """A file made in a photo's job from the pixels of one of its renditions (a share image)."""

    rendition: str  # the rendition's cache key
    output: tuple[str, str]  # (cache key, site-relative url)
    # Writes the file, given the rendition's pixels before encoding and the job's targets.
    make: Callable[[Image.Image, dict[str, Path]], None]


def render_photo(
    photo: PublishedPhoto, targets: dict[str, Path], derived: Sequence[Derived] = ()
) -> None:
    """Write every rendition of one photo (cache key -> path), and the files `derived` from
    them: one decode, widest size first."""
    for jpeg, pixels in _sizes(photo):
        save(pixels, targets[jpeg.key], "JPEG")
        webp = next((r for r in photo.webp if r.width == jpeg.width), None)
        if webp is not None:
            save(pixels, targets[webp.key], "WEBP")
        for extra in derived:
            if extra.rendition == jpeg.key:
                try:
                    extra.make(pixels, targets)
                except Exception as exc:  # the photo is fine: name what failed
                    raise RuntimeError(f"{extra.output[1]}: {exc}") from exc


def rendition_pixels(photo: PublishedPhoto, key: str) -> Image.Image:
    """The pixels of one rendition before encoding, made as `render_photo` makes them."""
    for jpeg, pixels in _sizes(photo):
        if jpeg.key == key:
            return pixels
    raise KeyError(key)


def _sizes(photo: PublishedPhoto) -> Iterator[tuple[Rendition, Image.Image]]:
    """Each JPEG rendition with its pixels, widest first, from a single decode."""
    widest = photo.largest
    pixels = open_display_image(photo.source, widest.width, widest.height)
    for jpeg in reversed(photo.renditions):
        # Each size is made from the next larger one: cheaper, and as sharp.
        size = (jpeg.width, jpeg.height)
        if pixels.size != size:
            narrowest = jpeg is photo.renditions[0]
            resampling = NARROWEST_RESAMPLING if narrowest else RESAMPLING
            pixels = pixels.resize(size, resampling, reducing_gap=3.0)
        yield jpeg, pixels


def save(image: Image.Image, target: Path | BinaryIO, fmt: str, quality: int | None = None) -> None:
    """Save without metadata: no EXIF, XMP or ICC is passed, so none is written."""
    if fmt == "JPEG":
        # Baseline, not progressive, and with the standard Huffman tables: browsers that read
        # WebP (nearly all) never fetch these fallbacks; a progressive encode takes twice as
        # long (make bench-photos), and optimized tables twice as long again for 4% fewer bytes.
        image.save(target, "JPEG", quality=quality or JPEG_QUALITY)
    else:
        # Method 2 (of 0-6) encodes in half the time of the default 4 for about 1% more bytes
        # on portraits (make bench): it is what keeps a first build of 10,000 photos short.
        image.save(target, "WEBP", quality=quality or WEBP_QUALITY, method=2)


# Placeholders -------------------------------------------------------------------------------------

# Tints for placeholder portraits: dark enough for white initials to pass WCAG AA contrast.
PLACEHOLDER_TINTS = ("#8c1d18", "#7a4b00", "#1f5f3a", "#1d4f7a", "#5b3a7a", "#6b4a2f")
# A five-pointed star, as on a commendation, in a 100×100 box: the emblem of collectives.
STAR = (
    (50, 18),
    (58.8, 36.6),
    (79.2, 39.2),
    (64.2, 53.3),
    (68.1, 73.5),
    (50, 63.7),
    (31.9, 73.5),
    (35.8, 53.3),
    (20.8, 39.2),
    (41.2, 36.6),
)


@dataclass(frozen=True)
class Placeholder:
    """How a record without photos is pictured, the same on its page and its share image."""

    tint: str  # "#rrggbb"
    letter: str | None  # the given name's initial for individuals; None: the star

    @property
    def rgb(self) -> tuple[int, int, int]:
        return tuple(int(self.tint[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def placeholder_for(record: Record) -> Placeholder:
    digest = int(hashlib.sha1(record.slug.encode()).hexdigest(), 16)
    tint = PLACEHOLDER_TINTS[digest % len(PLACEHOLDER_TINTS)]
    letter = given_name(record.name)[:1].upper() if record.is_individual else None
    return Placeholder(tint, letter or None)


# The cache ----------------------------------------------------------------------------------------


@dataclass
class Job:
    """Files made together from one input (all renditions of a photo; one share image)."""

    name: str  # what to name in an error: the original's path, or the page
    outputs: Sequence[tuple[str, str]]  # (cache key, site-relative url)
    # Writes each cache key's file at the given path. Many jobs run in worker processes, so it
    # must pickle: a module-level function, or a `functools.partial` of one.
    make: Callable[[dict[str, Path]], None]


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# From this many jobs on, they run in worker processes rather than threads of the build. Pillow
# works outside Python's lock, but a job needs the lock between its calls, and page rendering
# holds it nearly all the time: 200 photos took 31 s in threads beside a busy Python thread and
# 13 s in two processes (9.7 s with nothing else running). Starting the two workers costs about
# half a second, which a handful of jobs does not repay.
PROCESS_MINIMUM = 16


def job_pool(count: int) -> Executor:
    """Where `count` cache jobs run: worker processes when there are many, else threads.

    Workers are spawned, not forked: a fork copies the locks other threads of the build hold
    (the search indexer's client, `mkdocs serve`), and a spawned worker imports only the
    generator's image modules and Pillow."""
    if count >= PROCESS_MINIMUM and workers() > 1:
        return ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("spawn"))
    return ThreadPoolExecutor(workers())


def run_job(folder: Path, job: Job) -> int:
    """Make a job's files under temporary names in `folder`, then give them their cache names
    (a reader never sees half a file); how many files it made. In a worker or in the build."""
    suffix = f".{os.getpid()}-{threading.get_ident()}.tmp"
    temporary = {key: folder / f"{key}{suffix}" for key, _ in job.outputs}
    try:
        job.make(temporary)
        for key, path in temporary.items():
            os.replace(path, folder / key)
    except Exception as exc:  # noqa: BLE001 - every failure gets the photo's name
        for path in temporary.values():
            path.unlink(missing_ok=True)
        raise PublishError(
            f"{job.name}: không xử lý được (chi tiết kỹ thuật, tiếng Anh: {exc})"
        ) from exc
    return len(temporary)


class PhotoCache:
    """Content-addressed cache of inspections and of every file made from photos.

    `folder/inspected.json` maps a photo's sha256 to its inspection (so validation decodes each
    distinct photo once); a (path, size, mtime) index spares re-hashing unchanged files.
    `folder/files/` holds finished renditions and share images, named by what they were made
    from, and the site gets hard links to them (copies across file systems).
    """

    def __init__(self, folder: Path, *, progress: bool = True) -> None:
        self.folder = folder
        self.files = folder / "files"
        self.show_progress = progress
        self.made = 0  # files made (not found in the cache) by this instance
        self.cancelled = False  # set when the build failed: jobs not started are skipped
        self._index_path = folder / "inspected.json"
        self._by_digest: dict[str, list] = {}
        self._by_stat: dict[str, str] = {}
        self._seen_digests: set[str] = set()
        self._seen_stats: set[str] = set()
        self._by_blob: dict[str, str] = {}  # git blob id -> sha256
        self._seen_blobs: set[str] = set()
        # Git's ids of unchanged tracked photos (absolute path -> blob id), set by the caller.
        self.blobs: dict[Path, str] = {}
        self._load_index()

    def _load_index(self) -> None:
        try:
            data = json.loads(self._index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == INSPECTION:
            self._by_digest = data.get("by_digest", {})
            self._by_stat = data.get("by_stat", {})
            self._by_blob = data.get("by_blob", {})

    def save(self) -> None:
        """Write the inspection index, keeping only photos seen in this run."""
        data = {
            "version": INSPECTION,
            "by_digest": {d: v for d, v in self._by_digest.items() if d in self._seen_digests},
            "by_stat": {k: v for k, v in self._by_stat.items() if k in self._seen_stats},
            "by_blob": {k: v for k, v in self._by_blob.items() if k in self._seen_blobs},
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self._index_path, json.dumps(data, ensure_ascii=False).encode())
        except OSError:
            pass  # a read-only checkout still builds; it just works harder next time

    # Inspection

    def inspect(self, path: Path) -> tuple[ImageInfo | None, str | None]:
        """`inspect()`, answered from the cache when this content was inspected before."""
        try:
            stat = path.stat()
        except OSError as exc:
            return None, f"không đọc được tệp ảnh '{path.name}' ({exc.strerror})"
        resolved = path.resolve()
        stat_key = f"{resolved}|{stat.st_size}|{stat.st_mtime_ns}"
        blob = self.blobs.get(resolved)
        digest = self._by_stat.get(stat_key)
        if (digest is None or digest not in self._by_digest) and blob is not None:
            digest = self._by_blob.get(blob)  # a fresh checkout: same content, new times
        if digest is None or digest not in self._by_digest:
            try:
                data = path.read_bytes()
            except OSError as exc:
                return None, f"không đọc được tệp ảnh '{path.name}' ({exc.strerror})"
            digest = hashlib.sha256(data).hexdigest()
            if digest not in self._by_digest:
                # Cached by content, so the message names the file by a marker replaced below:
                # the same bytes under another name get their own name in the message.
                info, error = _inspect_bytes(_NAME, data, digest)
                self._by_digest[digest] = (
                    ["ok", [info.width, info.height, info.format, list(info.private)]]
                    if info
                    else ["error", error]
                )
        self._by_stat[stat_key] = digest
        if blob is not None:
            self._by_blob[blob] = digest
            self._seen_blobs.add(blob)
        self._seen_stats.add(stat_key)
        self._seen_digests.add(digest)
        status, value = self._by_digest[digest]
        if status == "ok":
            width, height, fmt, private = value
            return ImageInfo(width, height, fmt, digest, tuple(private)), None
        return None, str(value).replace(_NAME, path.name)

    def inspect_all(self, paths: Iterable[Path]) -> dict[Path, tuple[ImageInfo | None, str | None]]:
        """Inspect many photos, uncached ones in parallel, with a progress bar on a terminal."""
        unique = list(dict.fromkeys(paths))
        pending = [p for p in unique if not self._known(p)]
        waiting = set(pending)  # built once: a set per photo made this quadratic
        results = {p: self.inspect(p) for p in unique if p not in waiting}
        with (
            Progress(len(pending), "Kiểm tra ảnh", enabled=self.show_progress) as bar,
            ThreadPoolExecutor(workers()) as pool,
        ):
            for path, result in zip(pending, pool.map(self.inspect, pending), strict=True):
                results[path] = result
                bar.advance()
        self.save()
        return {p: results[p] for p in unique}

    def _known(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return True  # inspect() reports it at once
        resolved = path.resolve()
        digest = self._by_stat.get(f"{resolved}|{stat.st_size}|{stat.st_mtime_ns}")
        if (digest is None or digest not in self._by_digest) and resolved in self.blobs:
            digest = self._by_blob.get(self.blobs[resolved])
        return digest is not None and digest in self._by_digest

    # Files

    def has(self, key: str) -> bool:
        return (self.files / key).is_file()

    def path(self, key: str) -> Path:
        return self.files / key

    def missing(self, jobs: Sequence[Job]) -> list[Job]:
        """The jobs whose files are not all in the cache yet."""
        return [j for j in jobs if not all(self.has(key) for key, _ in j.outputs)]

    def build(self, jobs: Sequence[Job], site_dir: Path | None, label: str) -> int:
        """Make the files of jobs not already cached (in parallel), then link all into the site.

        Returns how many jobs had to be done. With `site_dir` None, only fills the cache.
        """
        todo = self.missing(jobs)
        if todo:
            with job_pool(len(todo)) as pool:
                self.run(todo, label, pool)
        if site_dir is not None:
            for job in jobs:
                for key, url in job.outputs:
                    place(self.path(key), site_dir / url)
        return len(todo)

    def run(self, jobs: Sequence[Job], label: str, pool: Executor) -> None:
        """Make the files of `jobs` on `pool`, with a progress bar on a terminal.

        Raises the first failure (`PublishError`); once it is raised or the build is cancelled,
        jobs not yet started never start."""
        if not jobs or self.cancelled:
            return
        self.files.mkdir(parents=True, exist_ok=True)
        futures = [pool.submit(run_job, self.files, job) for job in jobs]
        try:
            with Progress(len(jobs), label, enabled=self.show_progress) as bar:
                for future in as_completed(futures):
                    if self.cancelled:
                        break
                    try:
                        self.made += future.result()
                    except BrokenExecutor as exc:
                        raise PublishError(
                            "một tiến trình xử lý ảnh dừng bất ngờ (xem thông báo phía trên; thường "
                            "do máy thiếu bộ nhớ); hãy dựng lại trang"
                        ) from exc
                    bar.advance()
        finally:
            for future in futures:
                future.cancel()


class Background:
    """Cache jobs (photo renditions and share images) done while the build renders pages. Its
    thread lists the jobs (`make_jobs`: checking the cache for each file takes a while at
    10,000 records), hands those missing to worker processes (`job_pool`) and waits for them,
    so the image work uses the cores page rendering leaves idle."""

    def __init__(self, cache: PhotoCache, make_jobs: Callable[[], list[Job]], label: str) -> None:
        self.cache = cache
        self.jobs: list[Job] | None = None  # once listed
        self._error: BaseException | None = None
        # A daemon thread: a build that fails elsewhere does not wait for photos (see cancel()).
        self._thread = threading.Thread(
            target=self._work, args=(make_jobs, label), name="honor-roll-images", daemon=True
        )
        self._thread.start()

    def _work(self, make_jobs: Callable[[], list[Job]], label: str) -> None:
        try:
            self.jobs = make_jobs()
            todo = self.cache.missing(self.jobs)
            if todo:
                with job_pool(len(todo)) as pool:
                    self.cache.run(todo, label, pool)
        except BaseException as exc:  # noqa: BLE001 - handed to the build by wait()
            self._error = exc

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        """Wait for every job; a job's failure (`PublishError`) is raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error

    def cancel(self) -> None:
        self.cache.cancelled = True


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def photo_jobs(
    photos: Iterable[PublishedPhoto], derived: Mapping[Path, Sequence[Derived]] | None = None
) -> list[Job]:
    """One job per photo: all its renditions come from a single decode, and so do the files
    `derived` from them (by the photo's path)."""
    jobs = []
    for photo in photos:
        extra = tuple((derived or {}).get(photo.source, ()))
        jobs.append(
            Job(
                str(photo.source),
                [(r.key, r.url) for r in photo.files] + [d.output for d in extra],
                functools.partial(render_photo, photo, derived=extra),
            )
        )
    return jobs
