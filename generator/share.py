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
LAYOUT = "4"
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
    # The cache key of the photo rendition whose pixels (before encoding) fill the panel.
    portrait: str | None = None
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


def draw(card: Card, portrait: Image.Image | None = None) -> Image.Image:
    """Draw a card: portrait (or placeholder) on the left, text on the right, a red band below.

    `portrait`: the pixels of the rendition `card.portrait` names (`images.rendition_pixels`)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = ImageDraw.Draw(image)
    panel = (PANEL, HEIGHT - BAND)
    if portrait is not None:
        # Faces sit in the upper part of most portraits: crop keeping the top third.
        # Bilinear: the panel is made from the next larger rendition (at most 1.5 times as
        # wide), where it is as sharp to the eye as bicubic in a third less time.
        rgb = portrait if portrait.mode == "RGB" else portrait.convert("RGB")
        fitted = ImageOps.fit(rgb, panel, Image.Resampling.BILINEAR, centering=(0.5, 0.3))
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
    # (face, lines, colour, line spacing, whether the text recurs on other cards)
    blocks: list[tuple[ImageFont.FreeTypeFont, list[str], tuple[int, int, int], float, bool]] = []
    if card.kicker:
        face, lines = fit(card.kicker.upper(), BOLD, (24,), width, 1)
        blocks.append((face, lines, RED, 1.3, True))
    # Two lines at a large size read better than three with a lone word on the last.
    face, lines = fit(card.title, BOLD, (64, 56), width, 2)
    if len(lines) == 2 and lines[-1].endswith("…"):
        face, lines = fit(card.title, BOLD, (64, 56, 50, 44), width, 3)
    blocks.append((face, lines, INK, 1.18, False))  # a name
    detail_lines = 4 - len(lines) // 2  # fewer details under a long name
    for detail in card.details:
        if detail_lines <= 0:
            break
        face, lines = fit(detail, REGULAR, (30, 27), width, min(2, detail_lines))
        blocks.append((face, lines, MUTED, 1.3, True))  # places and many roles recur
        detail_lines -= len(lines)
    gaps = {0: 16} if card.kicker else {}
    badge = font(BOLD, 26) if card.badge else None
    heights = [round(f.size * spacing) * len(ls) for f, ls, _, spacing, _ in blocks]
    total = sum(heights) + sum(gaps.get(i, 14) for i in range(len(blocks) - 1))
    if badge is not None:
        total += 28 + 52
    y = max(MARGIN - 16, (panel[1] - total) // 2)  # centred in the space above the band
    for i, (face, lines, colour, spacing, recurs) in enumerate(blocks):
        step = round(face.size * spacing)
        for line in lines:
            if recurs:
                draw_text(canvas, (left, y), line, face, colour)
            else:
                canvas.text((left, y), line, font=face, fill=colour)
            y += step
        y += gaps.get(i, 14)
    if badge is not None:
        y += 28 - 14
        label = shorten(wrap(card.badge, badge, width - 48), 1, badge, width - 48)[0]
        pill = (left, y, left + length(badge, label) + 48, y + 52)
        canvas.rounded_rectangle(pill, radius=26, fill=RED if card.badge_strong else SOFT_BADGE)
        ink = "white" if card.badge_strong else SOFT_BADGE_INK
        draw_text(canvas, (left + 24, y + 26), label, badge, ink, "lm")

    if card.ribbon:
        # A shared sample must not pass for a real person: the label sits on the picture.
        face = font(BOLD, 26)
        box = (WIDTH - 40 - length(face, card.ribbon) - 40, 28, WIDTH - 40, 28 + 48)
        canvas.rounded_rectangle(box, radius=10, fill=GOLD)
        draw_text(canvas, (round((box[0] + box[2]) / 2), 52), card.ribbon, face, DARK_RED, "mm")

    image.paste(band(card.footer), (0, HEIGHT - BAND))
    return image


def draw_text(
    canvas: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    line: str,
    face: ImageFont.FreeTypeFont,
    fill: str | tuple[int, int, int],
    anchor: str = "la",
) -> None:
    """`canvas.text()` at whole-pixel `xy` for a line that recurs on many cards (kickers, badges,
    place names, the sample ribbon): its rendering is kept for the next card, since drawing
    text is a third of a card's time. `face` must come from `font()`."""
    mask, (dx, dy) = _text_mask(line, str(face.path), face.size, anchor)
    canvas.bitmap((xy[0] + dx, xy[1] + dy), mask, fill=fill)


@functools.lru_cache(maxsize=256)
def _text_mask(line: str, path: str, size: int, anchor: str) -> tuple[Image.Image, tuple[int, int]]:
    """The coverage of `line`'s glyphs, and where its top left corner goes from the anchor."""
    face = font(Path(path), size)
    left, top, right, bottom = face.getbbox(line, anchor=anchor)
    pad = 2  # anti-aliasing may reach a pixel beyond the box
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), line, font=face, fill=255, anchor=anchor)
    return mask, (left - pad, top - pad)


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


def make(card: Card, photo: images.PublishedPhoto | None, targets: dict[str, Path]) -> None:
    """Draw and write one card in a job of its own (its photo decoded again, if it has one)."""
    portrait = images.rendition_pixels(photo, card.portrait) if photo and card.portrait else None
    draw_into(card, portrait, targets)


def draw_into(card: Card, portrait: Image.Image | None, targets: dict[str, Path]) -> None:
    targets[card.key].write_bytes(encode(draw(card, portrait)))


def jobs(
    photos: Iterable[images.PublishedPhoto],
    cards: Iterable[ShareImage],
    cache: images.PhotoCache,
) -> list[images.Job]:
    """The cache jobs that make every photo's renditions and every share image.

    A card whose photo is still to be made is drawn in that photo's job, from the same decode
    (decoding a portrait again cost 4 ms a card: 40 s of CPU in a first build of 10,000
    records). Any other card has a job of its own, which decodes the original again and
    resizes it as the photo's job did: the portrait is the same pixels either way, so a card's
    bytes never depend on what the cache held. A change to cards alone (the site's name, a
    label, `LAYOUT`) therefore decodes every original again, not its smaller cached rendition:
    130 ms a card for a 12-megapixel phone photo instead of 5. Such changes are rare; a card
    that is the same whether or not its photo was cached is worth that."""
    photos = list(photos)
    by_portrait = {portrait_for(p).key: p for p in photos}
    pending = {
        p.source
        for p, job in zip(photos, images.photo_jobs(photos), strict=True)
        if cache.missing([job])
    }
    derived: dict[Path, list[images.Derived]] = {}
    own = []
    for c in cards:
        photo = by_portrait.get(c.card.portrait) if c.card.portrait else None
        if c.card.portrait and photo is None:
            raise ValueError(
                f"{c.url}: no photo among `photos` has the rendition {c.card.portrait}"
            )
        if photo is not None and photo.source in pending and not cache.has(c.card.key):
            make_card = functools.partial(draw_into, c.card)
            derived.setdefault(photo.source, []).append(
                images.Derived(c.card.portrait, (c.card.key, c.url), make_card)
            )
        else:
            own.append(
                images.Job(c.url, [(c.card.key, c.url)], functools.partial(make, c.card, photo))
            )
    return images.photo_jobs(photos, derived) + own
