"""Share previews: the image and the tags a page shows when its link is posted on Zalo or Facebook.

Every profile gets a 1200×630 JPEG card (portrait, name, role or unit, level badge, the site's
name), drawn with Pillow in Noto Sans, which ships in `generator/fonts/` because builds run
offline. Home and listing pages share one site-wide card. A card's file is named by a hash of
what it shows, so a changed card gets a new address (social networks cache images by address)
and an unchanged one is never drawn twice (`images.PhotoCache`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from PIL import Image, ImageDraw, ImageFont, ImageOps

from . import images

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 300_000
# Bump when the drawing or its encoding changes: every card is drawn anew, under a new address.
LAYOUT = "3"
FONTS = Path(__file__).parent / "fonts"
REGULAR = FONTS / "NotoSans-Regular.ttf"
BOLD = FONTS / "NotoSans-Bold.ttf"

# The site's palette (theme/assets/honor-roll.css).
RED = (161, 29, 29)
DARK_RED = (122, 17, 17)
GOLD = (243, 210, 122)
INK = (28, 28, 28)
MUTED = (84, 84, 84)
PAPER = (250, 246, 240)
SOFT_BADGE = (230, 236, 242)
SOFT_BADGE_INK = (29, 59, 87)

PANEL = 450  # width of the portrait on the left
BAND = 96  # height of the red band with the site's name at the bottom
RULE = 8  # the gold rule between portrait and text
MARGIN = 56


@dataclass(frozen=True)
class Card:
    """What a share image shows. Everything that changes its pixels is in here."""

    title: str
    kicker: str = ""
    details: tuple[str, ...] = ()
    badge: str = ""
    badge_strong: bool = False  # provincial: white on red
    footer: str = ""
    portrait: str | None = None  # cache key of an upright sRGB JPEG rendition
    placeholder: images.Placeholder | None = None  # drawn when there is no portrait
    ribbon: str = ""  # a label in the top corner, e.g. "DỮ LIỆU MẪU" on sample records

    @functools.cached_property  # asked for by the page, the job and the cache: made once
    def key(self) -> str:
        fields = asdict(self)
        fields["layout"] = LAYOUT
        digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()
        return f"share-{digest[:24]}.jpg"


@dataclass(frozen=True)
class ShareImage:
    url: str  # site-relative
    alt: str
    card: Card
    width: int = WIDTH
    height: int = HEIGHT


def portrait_for(photo: images.PublishedPhoto) -> images.Rendition:
    """The smallest rendition that fills the portrait panel (less to decode and resize)."""
    height = HEIGHT - BAND
    return next(
        (r for r in photo.renditions if r.width >= PANEL and r.height >= height), photo.largest
    )


def share_image(stem: str, card: Card, alt: str) -> ShareImage:
    """The card's address: `anh/chia-se/<stem>-<hash>.jpg`."""
    return ShareImage(f"anh/chia-se/{stem}-{card.key[6:16]}.jpg", alt, card)


def absolute(site_url: str, path: str) -> str:
    """An absolute address on the site from a site-relative one."""
    if not site_url:
        return path
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def host(site_url: str) -> str:
    return urlsplit(site_url).netloc


def meta_tags(
    *,
    title: str,
    description: str,
    url: str,
    image: ShareImage,
    site_url: str,
    site_name: str,
    kind: str = "website",
) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter card tags as (attribute, name, content), content not escaped."""
    picture = absolute(site_url, image.url)
    return [
        ("property", "og:type", kind),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", picture),
        ("property", "og:image:type", "image/jpeg"),
        ("property", "og:image:width", str(image.width)),
        ("property", "og:image:height", str(image.height)),
        ("property", "og:image:alt", image.alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", picture),
        ("name", "twitter:image:alt", image.alt),
    ]


# Drawing ------------------------------------------------------------------------------------------

_local = threading.local()  # FreeType faces are not safe to share between threads


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    fonts = _local.__dict__.setdefault("fonts", {})
    key = (path, size)
    if key not in fonts:
        # Basic layout: the same result on every machine, with or without libraqm; Vietnamese
        # needs no shaping once text is NFC (records are normalized on load).
        fonts[key] = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    return fonts[key]


@functools.lru_cache(maxsize=4096)
def _length(path: str, size: int, text: str) -> float:
    return font(Path(path), size).getlength(text)


def length(face: ImageFont.FreeTypeFont, text: str) -> float:
    """The advance width of `text`; kickers, badges and place names recur on thousands of cards,
    so each is measured once."""
    return _length(str(face.path), face.size, text)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap; a word too long for a line on its own is cut between letters."""
    words = text.split()
    whole = " ".join(words)
    if length(face, whole) <= width:  # most names and roles fit: one measure, not one a word
        return [whole] if words else []
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if length(face, trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while length(face, word) > width and len(word) > 1:
            cut = max(1, _fitting_prefix(word, face, width))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _fitting_prefix(text: str, face: ImageFont.FreeTypeFont, width: float) -> int:
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if length(face, text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def shorten(lines: list[str], count: int, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Keep `count` lines; when text was left out, end the last one with '…' at a word."""
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    last = kept[-1]
    while last and length(face, last + "…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:–-") + "…"
    return kept


def fit(
    text: str, path: Path, sizes: Sequence[int], width: float, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which `text` fits in `max_lines`; at the smallest, shortened."""
    for size in sizes:
        face = font(path, size)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    return face, shorten(lines, max_lines, face, width)


def draw(card: Card, portrait: Path | None = None) -> Image.Image:
    """Draw a card: portrait (or placeholder) on the left, text on the right, a red band below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = ImageDraw.Draw(image)
    panel = (PANEL, HEIGHT - BAND)
    if portrait is not None:
        with Image.open(portrait) as photo:
            # Faces sit in the upper part of most portraits: crop keeping the top third.
            # Bicubic: as sharp to the eye at this size, and a quarter faster than Lanczos.
            rgb = photo if photo.mode == "RGB" else photo.convert("RGB")
            fitted = ImageOps.fit(rgb, panel, Image.Resampling.BICUBIC, centering=(0.5, 0.3))
        image.paste(fitted, (0, 0))
    else:
        look = card.placeholder
        canvas.rectangle((0, 0, panel[0], panel[1]), fill=look.rgb if look else DARK_RED)
        if look is not None and look.letter:
            canvas.text(
                (panel[0] / 2, panel[1] / 2),
                look.letter,
                font=font(BOLD, 220),
                fill="white",
                anchor="mm",
            )
        else:
            _star(canvas, (panel[0] / 2, panel[1] / 2), 300, "white" if look else GOLD)
    canvas.rectangle((PANEL, 0, PANEL + RULE - 1, panel[1]), fill=GOLD)

    left = PANEL + RULE + MARGIN
    width = WIDTH - MARGIN - left
    blocks: list[tuple[ImageFont.FreeTypeFont, list[str], tuple[int, int, int], float]] = []
    if card.kicker:
        face, lines = fit(card.kicker.upper(), BOLD, (24,), width, 1)
        blocks.append((face, lines, RED, 1.3))
    # Two lines at a large size read better than three with a lone word on the last.
    face, lines = fit(card.title, BOLD, (64, 56), width, 2)
    if len(lines) == 2 and lines[-1].endswith("…"):
        face, lines = fit(card.title, BOLD, (64, 56, 50, 44), width, 3)
    blocks.append((face, lines, INK, 1.18))
    detail_lines = 4 - len(lines) // 2  # fewer details under a long name
    for detail in card.details:
        if detail_lines <= 0:
            break
        face, lines = fit(detail, REGULAR, (30, 27), width, min(2, detail_lines))
        blocks.append((face, lines, MUTED, 1.3))
        detail_lines -= len(lines)
    gaps = {0: 16} if card.kicker else {}
    badge = font(BOLD, 26) if card.badge else None
    heights = [round(f.size * spacing) * len(ls) for f, ls, _, spacing in blocks]
    total = sum(heights) + sum(gaps.get(i, 14) for i in range(len(blocks) - 1))
    if badge is not None:
        total += 28 + 52
    y = max(MARGIN - 16, (panel[1] - total) / 2)  # centred in the space above the band
    for i, (face, lines, colour, spacing) in enumerate(blocks):
        step = round(face.size * spacing)
        for line in lines:
            canvas.text((left, y), line, font=face, fill=colour)
            y += step
        y += gaps.get(i, 14)
    if badge is not None:
        y += 28 - 14
        text = shorten(wrap(card.badge, badge, width - 48), 1, badge, width - 48)[0]
        pill = (left, y, left + length(badge, text) + 48, y + 52)
        canvas.rounded_rectangle(pill, radius=26, fill=RED if card.badge_strong else SOFT_BADGE)
        canvas.text(
            (left + 24, y + 26),
            text,
            font=badge,
            fill="white" if card.badge_strong else SOFT_BADGE_INK,
            anchor="lm",
        )

    if card.ribbon:
        # A shared sample must not pass for a real person: the label sits on the picture.
        face = font(BOLD, 26)
        box = (WIDTH - 40 - length(face, card.ribbon) - 40, 28, WIDTH - 40, 28 + 48)
        canvas.rounded_rectangle(box, radius=10, fill=GOLD)
        canvas.text(((box[0] + box[2]) / 2, 52), card.ribbon, font=face, fill=DARK_RED, anchor="mm")

    image.paste(band(card.footer), (0, HEIGHT - BAND))
    return image


_bands: dict[str, Image.Image] = {}
_bands_lock = threading.Lock()


def band(footer: str) -> Image.Image:
    """The red band at the bottom of a card, with the star and `footer` (the site's name).

    It is the same on every card of a site: drawn once, then pasted (read-only) by every thread.
    """
    with _bands_lock:
        if footer not in _bands:
            image = Image.new("RGB", (WIDTH, BAND), RED)
            canvas = ImageDraw.Draw(image)
            _star(canvas, (MARGIN + 22, BAND / 2), 56, GOLD)
            if footer:
                face, lines = fit(footer, BOLD, (30, 26), WIDTH - 2 * MARGIN - 64, 1)
                canvas.text((MARGIN + 64, BAND / 2), lines[0], font=face, fill="white", anchor="lm")
            _bands[footer] = image
        return _bands[footer]


def _star(canvas: ImageDraw.ImageDraw, centre: tuple[float, float], size: float, fill) -> None:
    """The placeholder's star (`images.STAR`, drawn in a 100×100 box), centred and scaled."""
    scale = size / 100
    cx, cy = centre[0] - 50 * scale, centre[1] - 46 * scale
    canvas.polygon([(cx + x * scale, cy + y * scale) for x, y in images.STAR], fill=fill)


def encode(image: Image.Image) -> bytes:
    """JPEG bytes under MAX_BYTES (social networks refuse or shrink larger previews)."""
    for quality in (86, 80, 72, 64, 55):
        buffer = io.BytesIO()
        # Baseline with the standard Huffman tables: a preview is fetched whole by a social
        # network's crawler, never drawn while loading; a progressive encode takes twice as
        # long, and optimized tables half as long again for 4% fewer bytes.
        # No metadata is passed, so none is written.
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= MAX_BYTES:
            break
    return buffer.getvalue()


def make(card: Card, portrait: Path | None, targets: dict[str, Path]) -> None:
    """Draw and write one card (a cache job, run in a worker process)."""
    targets[card.key].write_bytes(encode(draw(card, portrait)))


def jobs(cards: Iterable[ShareImage], cache: images.PhotoCache) -> list[images.Job]:
    """One job per card; portraits come from the photo renditions already in the cache."""
    return [
        images.Job(
            c.url,
            [(c.card.key, c.url)],
            functools.partial(
                make, c.card, cache.path(c.card.portrait) if c.card.portrait else None
            ),
        )
        for c in cards
    ]
