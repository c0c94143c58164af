"""The honor roll as a whole: where its files are, and loading + validating all of it at once.

Both the command line (`python -m generator validate`) and the mkdocs adapter call `load()`, so
they report exactly the same problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import git
from .images import PhotoCache
from .problems import Problem, has_errors, sort_problems
from .recordcache import RecordCache, context
from .records import Record, RecordFile, scan
from .schema import SchemaChecker
from .textcheck import load_policy
from .validation import Validation, validate
from .vocabularies import Vocabularies, load_vocabularies


@dataclass(frozen=True)
class Layout:
    """Where the honor roll's inputs live, relative to the repository root."""

    root: Path
    records_dir: str = "exemplars"
    data_dir: str = "data"
    schema_file: str = "schema/record.schema.json"
    # Inspections and processed photos, kept between builds (never published; `make clean`).
    cache_dir: str = ".cache/honor-roll"

    @property
    def records_path(self) -> Path:
        return self.root / self.records_dir

    @property
    def data_path(self) -> Path:
        return self.root / self.data_dir

    @property
    def schema_path(self) -> Path:
        return self.root / self.schema_file

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir


@dataclass
class Project:
    layout: Layout
    vocabularies: Vocabularies
    files: list[RecordFile]
    validation: Validation
    cache: PhotoCache
    # What records were read and checked against (recordcache.context): what pages that show
    # them are rendered with too, besides the site's own settings (pagecache.py).
    context: str = ""

    @property
    def problems(self) -> list[Problem]:
        return self.validation.problems

    @property
    def ok(self) -> bool:
        return self.validation.ok

    @property
    def records(self) -> list[Record]:
        return self.validation.records


def load(layout: Layout, today: date | None = None, only: Sequence[Path] | None = None) -> Project:
    """Read vocabularies and records and validate them all.

    `only` limits the *reported* problems to records under these paths; rules that span all
    records (unique slugs, the provincial quota) are still checked against every record.
    """
    today = today or date.today()
    vocabularies, vocab_problems = load_vocabularies(layout.data_path, layout.root)
    checked_against = context([layout.data_path, layout.schema_path], today)
    known = RecordCache(layout.cache_path / "records.pickle", checked_against)
    files, scan_problems = scan(layout.records_path, layout.root, known)
    policy, policy_problems = load_policy(layout.data_path / "privacy.yml", layout.root)
    vocab_problems += policy_problems
    checker = SchemaChecker(layout.schema_path, vocabularies)
    cache = PhotoCache(layout.cache_path)
    cache.blobs = git.unchanged_blobs(layout.root, layout.records_path)
    validation = validate(
        files, vocabularies, checker, today, policy=policy, cache=cache, known=known
    )
    known.save()
    validation.problems = sort_problems(vocab_problems + scan_problems + validation.problems)
    if only:
        wanted = [p.resolve() for p in only]
        records_prefix = layout.records_dir.rstrip("/") + "/"
        validation.problems = [
            p
            for p in validation.problems
            if not p.file.startswith(records_prefix)  # vocabularies: always shown
            or any(_under(layout.root / p.file, w) for w in wanted)
        ]
    if has_errors(vocab_problems):
        validation.records = []  # nothing can be trusted without its vocabularies
    return Project(layout, vocabularies, files, validation, cache, checked_against)


def _under(path: Path, parent: Path) -> bool:
    resolved = path.resolve()
    return resolved == parent or resolved.is_relative_to(parent)
