"""Helpers shared by the tests: tiny honor-roll repositories in a temporary folder."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)  # a fixed "today" so that date rules give the same answers every day

# A fixture file whose whole text is "PILLOW 800x600" stands for a photo made at test time.
PLACEHOLDER = re.compile(r"^PILLOW (\d+)x(\d+)\s*$")

VALID_RECORD = """---
name: Nguyễn Thị Mai
kind: individual
subject: party-member
role: Bí thư Chi bộ thôn Tả Phời
field: new-rural-development
commune: bat-xat
party_committee: xa-bat-xat
period: 2025-2028
status: recognized
recognitions:
  - level: grassroots
    decision: "125-QĐ/ĐU"
    date: 2026-06-15
    issued_by: Đảng ủy xã Bát Xát
summary: Gương mẫu vận động bà con trồng quế.
achievements:
  - Vận động 40 hộ trồng quế.
---
Câu chuyện.
"""


def make_image(path: Path, width: int, height: int, color: str = "#4a7a50") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), color).save(path, "JPEG", quality=85)
    return path


def make_repo(
    root: Path, files: dict[str, str | bytes] | None = None, *, mkdocs: bool = False
) -> Path:
    """A repository with the real vocabularies and schema, and the given files (path -> text)."""
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "exemplars").mkdir(exist_ok=True)
    for rel, content in (files or {}).items():
        write(root / rel, content)
    if mkdocs:
        shutil.copytree(REPO / "content", root / "content")
        shutil.copytree(REPO / "theme", root / "theme")
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace(
            "      data_dir: data\n", f'      data_dir: data\n      today: "{TODAY.isoformat()}"\n'
        )
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
        return
    match = PLACEHOLDER.match(content)
    if match:
        make_image(path, int(match.group(1)), int(match.group(2)))
    else:
        path.write_text(content, encoding="utf-8")


def copy_tree(source: Path, target: Path) -> None:
    """Copy a fixture tree, turning "PILLOW WxH" placeholders into real images."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            write(target / path.relative_to(source), _read(path))


def _read(path: Path) -> str | bytes:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return path.read_bytes()


# What a phone puts in a photo: where it was taken (someone's home), the camera, the author.
PHONE_SERIAL = "SN-4471-0093-XYZ"
PHONE_ARTIST = "Nguyen Van Chup"
PHONE_COMMENT = b"taken at home of the exemplar"
PHONE_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="'
    + PHONE_ARTIST.encode()
    + b'"/></rdf:RDF></x:xmpmeta>'
)


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: orientation, camera, serial number, author and GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12 Pro"
    exif[0x013B] = PHONE_ARTIST
    exif.get_ifd(0x8769)[0xA431] = PHONE_SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (22.0, 29.0, 41.5)
    gps[3], gps[4] = "E", (103.0, 58.0, 12.25)
    return exif


def make_phone_photo(
    path: Path,
    width: int = 4000,
    height: int = 3000,
    orientation: int = 1,
    quality: int = 90,
    seed: int = 0,
) -> Path:
    """A phone-like JPEG: detailed pixels, a red block in its stored top-left corner, EXIF with
    GPS and serial number, XMP, a comment and an ICC profile."""
    from PIL import ImageCms, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    noise = Image.effect_noise((width // 4, height // 4), 60 + seed % 7).resize((width, height))
    base = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (Image.new("L", (width, height), 110), noise, base))
    ImageDraw.Draw(image).rectangle((0, 0, width // 10, height // 10), fill=(240, 10, 10))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(
        path,
        "JPEG",
        quality=quality,
        exif=phone_exif(orientation),
        xmp=PHONE_XMP,
        comment=PHONE_COMMENT,
        icc_profile=srgb,
    )
    return path


class Gate:
    """Holds a page's requests (`page.route(pattern, gate.handle)`) until opened."""

    def __init__(self) -> None:
        self.held: list = []
        self.closed = True

    def handle(self, route) -> None:
        self.held.append(route) if self.closed else route.continue_()

    def open(self) -> None:
        self.closed = False
        for route in self.held:
            route.continue_()


# Distinct people for tests that need several records: copies of one record that keep its name,
# commune and decision are reported as copies (validation._check_copies).
NAMES = (
    "Nguyễn Thị Mai",
    "Lò Văn Pả",
    "Giàng Thị Dợ",
    "Hoàng Văn Sinh",
    "Vàng Thị Mỷ",
    "Lý Văn Tả",
)


def person(i: int, record: str = VALID_RECORD) -> str:
    """`record` as the i-th of several people: another name (and another number past NAMES)."""
    name = NAMES[i % len(NAMES)] + (
        f" {chr(ord('A') + i // len(NAMES))}" if i >= len(NAMES) else ""
    )
    return record.replace("Nguyễn Thị Mai", name)
