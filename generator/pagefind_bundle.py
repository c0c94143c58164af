"""Byte-identical search indexes: Pagefind's filter data put in a fixed order.

Pagefind 1.5.2 writes the values of each filter, and the list of filters and sorts in its
metadata, in the order of a hash map that changes from run to run, so two builds of the same
commit differ (and so do the file names, which are hashes of the contents). Everything else in
its output is already reproducible. `make_reproducible` reorders those lists (their order carries
no meaning: the browser loads them into sorted maps), renames the files after their new contents
and updates the references, so the same site always gets the same index.

The files are gzip-compressed CBOR after a signature; only the few array layouts named above are
walked here, with a minimal reader of CBOR heads.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class UnexpectedFormat(ValueError):
    """Pagefind wrote something this reader does not know (another version than the pinned one)."""


def make_reproducible(bundle: Path) -> None:
    """Rewrite `bundle`'s filter files and metadata in a fixed order, under matching names.

    Raises UnexpectedFormat, naming the file, if a file is not laid out as described above.
    """
    try:
        _make_reproducible(bundle)
    except (IndexError, KeyError, ValueError, OSError, gzip.BadGzipFile) as error:
        if isinstance(error, UnexpectedFormat):
            raise
        raise UnexpectedFormat(f"{type(error).__name__}: {error}") from error


def _make_reproducible(bundle: Path) -> None:
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        language, _ = path.stem.split("_", 1)
        body = _read(path)
        head_end, items, tail = _array_items(body, _item_end(body, _head(body, 0)[2]))
        canonical = body[:head_end] + b"".join(sorted(items)) + tail
        name = f"{language}_{_digest(canonical, 7)}"
        renamed[path.stem] = name
        path.unlink()
        _write(bundle / "filter" / f"{name}.pf_filter", canonical)
    for language, info in entry["languages"].items():
        path = bundle / f"pagefind.{info['hash']}.pf_meta"
        body = _sorted_meta_lists(_read(path), renamed)
        info["hash"] = f"{language}_{_digest(body, 10)}"
        path.unlink()
        _write(bundle / f"pagefind.{info['hash']}.pf_meta", body)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def _sorted_meta_lists(body: bytes, renamed: dict[str, str]) -> bytes:
    """Metadata is [version, pages, chunks, filters, sorts, meta fields]: sort items 3 and 4,
    and give the filters (item 3) their files' new names."""
    _, count, position = _head(body, 0)
    parts = [body[:position]]
    for index in range(count):
        end = _item_end(body, position)
        item = body[position:end]
        if index == 3:
            for old, new in renamed.items():
                if len(old) != len(new):  # every CBOR head must stay valid
                    raise UnexpectedFormat(f"filter file names of unequal length: {old}, {new}")
                item = item.replace(old.encode(), new.encode())
        if index in (3, 4):  # [[name, hash or pages], ...], in hash-map order
            head_end, items, _ = _array_items(item, 0)
            item = item[:head_end] + b"".join(sorted(items, key=_first_element))
        parts.append(item)
        position = end
    return b"".join(parts) + body[position:]


def _first_element(item: bytes) -> bytes:
    start = _head(item, 0)[2]
    return item[start : _item_end(item, start)]


def _array_items(buffer: bytes, start: int) -> tuple[int, list[bytes], bytes]:
    """The array at `start`: the end of its head, its encoded items, and what follows it."""
    major, count, position = _head(buffer, start)
    if major != 4:
        raise UnexpectedFormat(f"an array was expected at byte {start}, found major type {major}")
    items = []
    for _ in range(count):
        end = _item_end(buffer, position)
        items.append(buffer[position:end])
        position = end
    head_end = _head(buffer, start)[2]
    return head_end, items, buffer[position:]


def _head(buffer: bytes, position: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head) of the CBOR item at `position`."""
    first = buffer[position]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, position + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:  # Pagefind 1.5 writes no indefinite lengths
        raise UnexpectedFormat(f"a CBOR head with additional information {info} at byte {position}")
    value = int.from_bytes(buffer[position + 1 : position + 1 + size], "big")
    return major, value, position + 1 + size


def _item_end(buffer: bytes, position: int) -> int:
    major, value, position = _head(buffer, position)
    if major in (2, 3):  # byte and text strings
        return position + value
    if major in (4, 5):  # arrays and maps
        for _ in range(value * (2 if major == 5 else 1)):
            position = _item_end(buffer, position)
        return position
    if major == 6:  # a tag and its item
        return _item_end(buffer, position)
    return position  # integers and simple values


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnexpectedFormat(f"{path.name} does not start with Pagefind's signature")
    return data[len(SIGNATURE) :]


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0))


def _digest(body: bytes, length: int) -> str:
    return hashlib.sha256(body).hexdigest()[:length]
