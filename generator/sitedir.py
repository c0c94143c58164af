"""The site folder: emptying the previous build without making the new one wait, and placing
cached files into it.

mkdocs deletes everything in `site/` before it writes a page; at 10,000 records that is 80,000
files (pages, fact sheets, photo renditions, share images) and a tenth of a rebuild. The old files
are instead moved, in one rename per top-level entry, into a hidden folder inside `site/` (mkdocs
leaves hidden entries alone, as it always has), which `rm -rf` deletes on another core while pages
are rendered; the build waits for it before it ends, so nothing of it is ever published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

TRASH_PREFIX = ".xoa-ban-cu-"  # "delete the old copy": hidden, so mkdocs never touches it
# "being written": files a forked copy of the build writes before they are moved into place
# (website.py); hidden, so mkdocs' own emptying of the site leaves them alone.
STAGING_PREFIX = ".dang-ghi-"


class Clearing:
    """A folder being deleted in the background; `wait()` until it is gone."""

    def __init__(self, trash: Path) -> None:
        self.trash = trash
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        rm = shutil.which("rm")
        if rm is not None:  # no Python in the loop: it does not compete with page rendering
            self._process = subprocess.Popen([rm, "-rf", "--", str(trash)])
        else:
            self._thread = threading.Thread(
                target=shutil.rmtree, args=(trash, True), name="honor-roll-clear", daemon=True
            )
            self._thread.start()

    def wait(self) -> None:
        if self._process is not None:
            self._process.wait()
        if self._thread is not None:
            self._thread.join()
        shutil.rmtree(self.trash, ignore_errors=True)  # whatever rm could not remove


def clear(site_dir: Path) -> Clearing | None:
    """Move the visible content of `site_dir` aside and start deleting it; None if empty."""
    try:
        entries = [
            e.name
            for e in os.scandir(site_dir)
            # Staging folders are left behind only by a build that was killed.
            if not e.name.startswith(".") or e.name.startswith(STAGING_PREFIX)
        ]
    except OSError:
        return None  # no site yet
    if not entries:
        return None
    trash = site_dir / f"{TRASH_PREFIX}{os.getpid()}"
    try:
        trash.mkdir()
        for name in entries:
            os.rename(site_dir / name, trash / name)
    except OSError:
        pass  # what was not moved, mkdocs deletes itself as usual
    return Clearing(trash)


def place(cached: Path, target: Path) -> None:
    """Put a cached file into the site (photos, share images, search bundles): a hard link
    where possible, so no bytes are copied.

    A build links tens of thousands of files into a freshly emptied site: the link is tried
    first, and folders are made or an old file removed only when it says so.
    """
    try:
        os.link(cached, target)
        return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        target.unlink()
    except OSError:
        pass  # another file system: copied below
    try:
        os.link(cached, target)
    except OSError:
        target.unlink(missing_ok=True)
        shutil.copyfile(cached, target)


def staging(site_dir: Path) -> Path:
    """A hidden folder in the site for files written by a forked copy of this build."""
    return site_dir / f"{STAGING_PREFIX}{os.getpid()}"


def move_into(folder: Path, site_dir: Path, paths: list[str]) -> None:
    """Move the files at `paths` (relative to `folder`) into the same places in the site, then
    remove `folder`."""
    try:
        for rel in paths:
            target = site_dir / rel
            try:
                os.replace(folder / rel, target)
            except FileNotFoundError:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(folder / rel, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
