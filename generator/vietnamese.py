"""Vietnamese text: folding for search and slugs, alphabetical order, dates.

Alphabetical order follows the Vietnamese alphabet, a ă â b c d đ e ê g h i k l m n o ô ơ p q r
s t u ư v x y (f, j, w and z, which appear in foreign names, sit where the Latin alphabet puts
them). Letters are compared first, ignoring tone marks; words that differ only in tone are then
ordered by tone, in the order of the standard dictionaries (Hoàng Phê, *Từ điển tiếng Việt*):
no mark (ngang), huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ). Lower case sorts before upper
case only when everything else is equal.

People are listed by given name (the last word of "Nguyễn Thị Mai" is "Mai"), then by the rest of
the name; collectives by their full name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}

_TONE_RANK = {
    "\u0300": 1,
    "\u0309": 2,
    "\u0303": 3,
    "\u0301": 4,
    "\u0323": 5,
}  # huyền hỏi ngã sắc nặng

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case without tone or vowel marks, with đ -> d: "Đảng ủy" -> "dang uy".

    The same folding is applied to what readers type and to what is indexed, so that accent-free
    queries find accented text, whichever Unicode form (NFC or NFD) either side arrived in.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()


def slugify(text: str) -> str:
    """ "Nguyễn Thị Mai (Bát Xát)" -> "nguyen-thi-mai-bat-xat"."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


# Names of units as people write them short, on signs, in the press and in addresses
# ("truong-thpt-nghia-lo"): a search for the short form finds the long one, and the other way.
ABBREVIATIONS = {
    "Trung học phổ thông": "THPT",
    "Trung học cơ sở": "THCS",
    "Phổ thông dân tộc bán trú": "PTDTBT",
    "Phổ thông dân tộc nội trú": "PTDTNT",
    "Giáo dục thường xuyên": "GDTX",
    "Hợp tác xã": "HTX",
    "Doanh nghiệp tư nhân": "DNTN",
    "Trách nhiệm hữu hạn": "TNHH",
    "Ủy ban nhân dân": "UBND",
    "Hội đồng nhân dân": "HĐND",
    "Mặt trận Tổ quốc": "MTTQ",
    "Hội Liên hiệp Phụ nữ": "HLHPN",
    "Cựu chiến binh": "CCB",
    "Bộ đội Biên phòng": "BĐBP",
    "Nông thôn mới": "NTM",
}
_SHORT = {fold(long): short for long, short in ABBREVIATIONS.items()}
_LONG = {fold(short): long for long, short in ABBREVIATIONS.items()}


def abbreviations(texts: list[str]) -> list[str]:
    """The other form of every name in `ABBREVIATIONS` that `texts` use, short or long:
    "Trường Trung học phổ thông Nghĩa Lộ" -> ["THPT"], "Trường PTDTBT THCS Y Tý" -> [its long
    forms]."""
    words = _NON_ALNUM.split(" ".join(fold(t) for t in texts))
    joined = f" {' '.join(words)} "  # "Hợp tác xã, Bí thư" -> " hop tac xa bi thu "
    found = [short for long, short in _SHORT.items() if f" {long} " in joined]
    found += [long for short, long in _LONG.items() if short in words]
    return found


def heading_id(text: str, separator: str = "-") -> str:
    """The anchor of a heading on an editorial page (Markdown's `toc` calls it): "Đối tượng xây
    dựng điển hình" -> "doi-tuong-xay-dung-dien-hinh". Markdown's own drops đ, which does not
    decompose: "#oi-tuong-xay-dung-ien-hinh"."""
    return slugify(text).replace("-", separator)


def _letters(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Primary (letters), secondary (tones) and tertiary (case) keys of one string."""
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        lower = base.lower()
        cases.append(0 if base == lower else 1)
        if lower == "đ" or char in "đĐ":
            primary.append(100 + _LETTER_RANK["đ"])
            tones.append(0)
            continue
        letter = lower
        tone = 0
        for mark in marks:
            if mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
            elif mark == "\u0306" and lower == "a":
                letter = "ă"
            elif mark == "\u0302" and lower in "aeo":
                letter = {"a": "â", "e": "ê", "o": "ô"}[lower]
            elif mark == "\u031b" and lower in "ou":
                letter = {"o": "ơ", "u": "ư"}[lower]
        if letter in _LETTER_RANK:
            primary.append(100 + _LETTER_RANK[letter])
        elif letter.isdigit():
            primary.append(10 + int(letter))
        elif letter.isspace():
            primary.append(1)  # "An" before "An Bình" before "Anh"
        elif letter.isalpha():
            primary.append(200 + ord(letter))
        else:
            primary.append(2)  # punctuation sorts just after a space
        tones.append(tone)
    return tuple(primary), tuple(tones), tuple(cases)


def sort_key(text: str) -> tuple:
    """Key for `sorted()` that puts Vietnamese text in dictionary order."""
    primary, tones, cases = _letters(text.strip())
    return (primary, tones, cases)


def name_sort_key(name: str, individual: bool) -> tuple:
    """People by given name (last word), then the family and middle names; collectives whole."""
    words = name.split()
    if individual and len(words) > 1:
        return (sort_key(words[-1]), sort_key(" ".join(words[:-1])))
    return (sort_key(name), ())


def given_name(name: str) -> str:
    words = name.split()
    return words[-1] if words else name


def format_date(value: date) -> str:
    """15/6/2026: day first, no leading zeros, as dates are written in Vietnamese."""
    return f"{value.day}/{value.month}/{value.year}"


def format_date_long(value: date) -> str:
    """ngày 15 tháng 6 năm 2026."""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def format_count(number: int) -> str:
    """1.234: Vietnamese groups thousands with a dot."""
    return f"{number:,}".replace(",", ".")
