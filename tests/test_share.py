"""Share images and tags: Vietnamese text without tofu, long text kept inside, files small enough."""

from __future__ import annotations

import io
import unicodedata

import pytest
from helpers import REPO, make_phone_photo
from PIL import Image

from generator import images, share
from generator.project import Layout, load
from generator.website import Website

# Every Vietnamese letter, lower and upper case, with every tone mark.
BASES = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
VIETNAMESE = sorted(
    {unicodedata.normalize("NFC", b + t) for b in BASES for t in ("", *TONES)}
    | set("đbcdghklmnpqrstvx")
)
VIETNAMESE += [c.upper() for c in VIETNAMESE]
NAME = "Đặng Thị Ầu Ẫn Ậu Ẩm Ặc Ỡ Tự Kỳ Đào"  # ầ ẫ ậ ẩ ặ ỡ ự ỳ đ Đ


@pytest.mark.parametrize("path", [share.REGULAR, share.BOLD], ids=["regular", "bold"])
def test_fonts_have_every_vietnamese_letter(path):
    face = share.font(path, 40)
    tofu = bytes(face.getmask("\uffff"))  # what a missing letter looks like: the .notdef box
    missing = [c for c in VIETNAMESE if bytes(face.getmask(c)) == tofu]
    assert len(VIETNAMESE) == 2 * (12 * 6 + 17)
    assert missing == []


def test_fonts_ship_with_their_licence():
    licence = (share.FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_long_text_wraps_then_shortens_inside_the_width():
    face, lines = share.fit(NAME * 3, share.BOLD, (64, 56, 50, 44), 600, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 600 for line in lines)
    face, lines = share.fit(NAME, share.BOLD, (64, 56, 50, 44), 600, 3)
    assert " ".join(lines) == NAME  # fits: nothing lost
    one_word = share.wrap("Đ" * 80, share.font(share.BOLD, 64), 600)
    assert len(one_word) > 1 and all(
        share.font(share.BOLD, 64).getlength(x) <= 600 for x in one_word
    )


def card(**changes) -> share.Card:
    fields = dict(
        title=NAME,
        kicker="Cá nhân · Đảng viên",
        details=("Bí thư Chi bộ thôn Tả Phời, xã Bát Xát, phụ trách công tác dân vận " * 2,),
        badge="Điển hình cấp tỉnh",
        badge_strong=True,
        footer="Ghi danh điển hình tiên tiến tỉnh Lào Cai",
    )
    return share.Card(**(fields | changes))


def test_card_is_a_small_jpeg_of_the_right_size_even_with_a_detailed_portrait(tmp_path):
    # Noise is the worst case for JPEG size.
    path = make_phone_photo(tmp_path / "p.jpg", 1280, 960, quality=95)
    with Image.open(path) as portrait:
        data = share.encode(share.draw(card(portrait="p.jpg"), portrait))
    assert len(data) < share.MAX_BYTES
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
        assert not image.getexif()


@pytest.mark.parametrize("anchor", ["la", "lm", "mm"])
def test_text_kept_between_cards_draws_what_pillow_draws(anchor):
    """Lines are rendered once and blended in again on later cards: the same pixels as drawing
    them, over what is already there (a descender of the line above stays)."""
    from PIL import ImageDraw

    face = share.font(share.BOLD, 64)
    for _ in range(2):  # the second time from the kept rendering
        kept, drawn = (Image.new("RGB", (700, 200), share.PAPER) for _ in range(2))
        for image in kept, drawn:
            ImageDraw.Draw(image).text((40, 20), "Nguyễn Quý", font=face, fill=share.INK)
        share.draw_text(ImageDraw.Draw(kept), (60, 75), "Đặng Thị Ỷ", face, share.RED, anchor)
        ImageDraw.Draw(drawn).text((60, 75), "Đặng Thị Ỷ", font=face, fill=share.RED, anchor=anchor)
        assert kept.tobytes() == drawn.tobytes()


def test_cards_without_photo_draw_the_placeholder():
    letter = share.draw(card(placeholder=images.Placeholder("#1f5f3a", "Đ")))
    star = share.draw(card(placeholder=images.Placeholder("#5b3a7a", None)))
    assert letter.getpixel((10, 10)) == (0x1F, 0x5F, 0x3A)
    assert star.getpixel((10, 10)) == (0x5B, 0x3A, 0x7A)
    # A white letter or star fills part of the panel.
    panel = (0, 0, share.PANEL, share.HEIGHT - share.BAND)
    for drawn in (letter, star):
        white = drawn.crop(panel).convert("L").point(lambda v: 255 if v > 240 else 0)
        assert 0.05 < white.histogram()[255] / (panel[2] * panel[3]) < 0.5


def test_a_card_whose_portrait_is_no_photo_of_the_build_is_refused(tmp_path):
    stray = share.share_image("mai", card(portrait="0123-640.jpg"), "")
    cache = images.PhotoCache(tmp_path / "cache", progress=False)
    with pytest.raises(ValueError, match="0123-640.jpg"):
        share.jobs([], [stray], cache)


def test_card_key_changes_with_what_it_shows():
    assert card().key == card().key
    assert card().key != card(badge="Điển hình cấp cơ sở").key
    assert card().key != card(portrait="other.jpg").key


def test_meta_tags_are_complete_and_absolute():
    image = share.share_image("mai", card(), "Ảnh giới thiệu")
    tags = share.meta_tags(
        title="Nguyễn Thị Mai",
        description="Tóm tắt.",
        url="https://ghidanh.example.vn/ghi-danh/mai/",
        image=image,
        site_url="https://ghidanh.example.vn/",
        site_name="Ghi danh",
    )
    found = {name: content for _, name, content in tags}
    assert found["og:image"] == f"https://ghidanh.example.vn/{image.url}"
    assert found["og:image:width"] == "1200" and found["og:image:height"] == "630"
    assert found["og:locale"] == "vi_VN"
    assert found["twitter:card"] == "summary_large_image"
    for name in ("og:title", "og:description", "og:url", "og:image:alt", "twitter:image"):
        assert found[name]


def test_sample_records_are_marked_when_shared(sample_site):
    """A shared sample must not pass for a real person on Zalo or Facebook."""
    import re

    html = (sample_site / "ghi-danh/giang-a-chinh-y-ty/index.html").read_text(encoding="utf-8")
    description = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    alt = re.search(r'<meta property="og:image:alt" content="([^"]*)"', html).group(1)
    assert description.startswith("Dữ liệu mẫu, hư cấu: ")
    assert "dữ liệu mẫu" in alt
    # The site's own card counts the exemplars: on sample data, it says they are samples too.
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    description = re.search(r'<meta property="og:description" content="([^"]*)"', home).group(1)
    alt = re.search(r'<meta property="og:image:alt" content="([^"]*)"', home).group(1)
    assert description.startswith("Dữ liệu mẫu, hư cấu: ")
    assert "dữ liệu mẫu" in alt
    website = Website(load(Layout(REPO)), "Ghi danh", "https://ghidanh.example.vn/")
    assert website.share_images[""].card.ribbon == "DỮ LIỆU MẪU"
