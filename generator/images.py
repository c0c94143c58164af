"""Photos: checking the originals editors commit, and publishing resized copies of them.

Originals never reach the site. Each photo is published as renditions of a few widths, with EXIF
orientation applied and all metadata (GPS, camera serials, authors) left behind. Renditions are
named by a hash of the original's bytes, so a changed photo gets a new address and browsers never
show a stale copy.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

# Refuse to decode anything larger than this many pixels (a 12-megapixel phone photo is far below);
# a "decompression bomb" declares a huge size in a tiny file.
MAX_PIXELS = 60_000_000
MIN_SHORT_SIDE = 400
WIDTHS = (320, 640, 1280)
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}
JPEG_QUALITY = 78

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class ImageInfo:
    width: int  # as displayed, after EXIF orientation
    height: int
    format: str
    digest: str  # sha256 of the original's bytes


@dataclass(frozen=True)
class Rendition:
    url: str  # site-relative, e.g. "anh/nguyen-thi-mai/1-3f2a9c0d1e-640.jpg"
    width: int
    height: int


@dataclass(frozen=True)
class PublishedPhoto:
    source: Path
    renditions: tuple[Rendition, ...]  # narrowest first

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    def closest(self, width: int) -> Rendition:
        """The narrowest rendition at least `width` wide (or the largest there is)."""
        return next((r for r in self.renditions if r.width >= width), self.largest)


def inspect(path: Path) -> tuple[ImageInfo | None, str | None]:
    """Read an original's header (never decoding a bomb); return its info or a Vietnamese error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"không đọc được tệp ảnh ({exc.strerror})"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in FORMATS:
                    return None, (
                        f"định dạng ảnh {image.format} không được hỗ trợ; hãy dùng JPEG, PNG hoặc WebP"
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return None, _too_large(width, height)
                orientation = image.getexif().get(0x0112, 1)
                fmt = FORMATS[image.format]
                image.verify()
            with Image.open(path) as image:  # verify() leaves the image unusable: reopen
                # Decoding finds truncated files; JPEG decodes at 1/8 scale, which still reads
                # the whole stream but costs a fraction of a full decode.
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, _too_large(0, 0)
    except UnidentifiedImageError:
        return None, "tệp không phải là ảnh, hoặc là ảnh hỏng; hãy xuất lại ảnh dạng JPEG"
    except (OSError, SyntaxError, ValueError) as exc:
        return None, f"ảnh bị hỏng hoặc không đầy đủ ({exc}); hãy chép lại tệp ảnh gốc"
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    if min(width, height) < MIN_SHORT_SIDE:
        return None, (
            f"ảnh quá nhỏ để đăng ({width}×{height} điểm ảnh); cạnh ngắn cần ít nhất "
            f"{MIN_SHORT_SIDE} điểm ảnh"
        )
    return ImageInfo(width, height, fmt, hashlib.sha256(data).hexdigest()), None


def _too_large(width: int, height: int) -> str:
    size = f" ({width}×{height} điểm ảnh)" if width else ""
    return (
        f"ảnh quá lớn để xử lý an toàn{size}; tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh, "
        "hãy thu nhỏ ảnh trước khi đưa lên"
    )


def plan(slug: str, index: int, source: Path, info: ImageInfo) -> PublishedPhoto:
    """Decide the renditions of one photo (its addresses and sizes) without touching pixels."""
    widths = sorted({w for w in WIDTHS if w < info.width} | {min(info.width, WIDTHS[-1])})
    stem = f"anh/{slug}/{index + 1}-{info.digest[:10]}"
    renditions = tuple(
        Rendition(f"{stem}-{w}.jpg", w, round(info.height * w / info.width)) for w in widths
    )
    return PublishedPhoto(source, renditions)


def publish(photo: PublishedPhoto, site_dir: Path) -> None:
    """Write the renditions of one photo into the built site: oriented, sRGB, no metadata."""
    with Image.open(photo.source) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        image = image.convert("RGB")
        for rendition in photo.renditions:
            target = site_dir / rendition.url
            target.parent.mkdir(parents=True, exist_ok=True)
            resized = image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
            # A fresh image carries no EXIF, XMP or ICC data unless we pass it: nothing leaks.
            resized.save(target, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
