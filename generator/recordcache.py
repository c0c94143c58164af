"""Records read and checked by an earlier build, kept by their content.

Reading a record (YAML with the line of every key) and checking it on its own (the JSON Schema,
the plan's rules, personal data in the text) is pure Python: at 10,000 records, about 13 s of a
rebuild on two cores, though most rebuilds change a handful of records or none. The outcome of
both steps depends only on the file's bytes and on what it is checked against, so it is kept in
`.cache/honor-roll/records.pickle` under a key made of:

- the record's path and the SHA-256 of its bytes;
- everything it is checked against (`context`): the vocabularies, the schema and the privacy
  rules in `data/` and `schema/`, today's date (no recognition may be dated in the future), the
  generator's own source code, and the versions of Python and of the libraries that parse and
  check.

A changed byte in any of these means the record is read and checked again. Rules that look at
several records (unique addresses, the provincial quota) and the photo checks are never kept:
they run on every build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Problem
    from .records import RecordFile

# Bump when what is kept changes shape.
FORMAT = "1"
# Libraries whose behaviour shapes what a record reads as and which problems it has.
LIBRARIES = ("PyYAML", "jsonschema", "jsonschema-specifications", "referencing", "nh3", "Markdown")
_SOURCE = Path(__file__).parent


def context(inputs: list[Path], today: date) -> str:
    """A hash of everything besides the record that the outcome of reading and checking it
    depends on: the files in `inputs` (folders are read whole), today, the code."""
    digest = hashlib.sha256()
    for part in (FORMAT, sys.version, today.isoformat(), *_versions()):
        digest.update(part.encode() + b"\0")
    for path in sorted(_files([*inputs, _SOURCE])):
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def _versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def _files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        else:
            files.append(path)
    return files


class RecordCache:
    """Records as read (`RecordFile`) and the problems each has on its own, by content."""

    def __init__(self, path: Path | None, context: str) -> None:
        """`path`: where the outcomes are kept between builds (None: only for this run)."""
        self.path = path
        self.context = context
        self._kept: dict[str, tuple[RecordFile, list[Problem]]] = {}
        self._used: dict[str, tuple[RecordFile, list[Problem]]] = {}
        if path is not None:
            try:
                with path.open("rb") as handle:
                    data = pickle.load(handle)
                if isinstance(data, dict) and data.get("context") == context:
                    self._kept = data["records"]
            except Exception:  # noqa: BLE001 - a damaged or foreign cache is only a slower build
                self._kept = {}

    def key(self, rel: str, raw: bytes) -> str:
        return hashlib.sha256(rel.encode() + b"\0" + raw).hexdigest()

    def get(self, key: str) -> tuple[RecordFile, list[Problem]] | None:
        """The record read from these bytes and its own problems, if an earlier build had it."""
        found = self._kept.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, record: RecordFile, problems: list[Problem]) -> None:
        self._used[key] = (record, problems)

    def save(self) -> None:
        """Keep the records of this run only (a read-only checkout just skips it)."""
        if self.path is None or self._used.keys() == self._kept.keys():
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                data = {"context": self.context, "records": self._used}
                pickle.dump(data, handle, pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)
