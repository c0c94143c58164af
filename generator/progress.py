"""A progress bar on the terminal for long work (processing many photos), silent elsewhere.

It draws on standard error only when that is a terminal and there is more than a handful of
steps, so logs in CI and test output stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

HANDFUL = 8  # fewer steps than this finish too fast for a bar to help


class Progress:
    """`with Progress(total, "Xử lý ảnh") as bar: ... bar.advance()`."""

    def __init__(
        self,
        total: int,
        label: str,
        *,
        stream: TextIO | None = None,
        enabled: bool = True,
        width: int = 30,
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.active = enabled and total > HANDFUL and _is_terminal(self.stream)
        self._start = time.monotonic()
        self._drawn = -1.0

    def __enter__(self) -> Progress:
        self._draw()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        self._draw()

    def _draw(self, force: bool = False) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if not force and now - self._drawn < 0.1 and self.done < self.total:
            return  # redraw at most ten times a second
        self._drawn = now
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "█" * filled + "░" * (self.width - filled)
        elapsed = now - self._start
        eta = ""
        if 0 < self.done < self.total:
            eta = f", còn khoảng {elapsed / self.done * (self.total - self.done):.0f} giây"
        self.stream.write(f"\r{self.label}: {bar} {self.done}/{self.total}{eta}\033[K")
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
