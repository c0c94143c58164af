"""Page shells: the theme's HTML around generated pages, rendered once per kind of page.

mkdocs-material renders the same chrome (head, header, tabs, navigation drawer, footer, scripts)
around every page, and at 10,000 records that took a third of a build: the ~14,000 profiles and
listing pages differ only in a few values (title, description, canonical address, share tags,
content). A `Shell` is the theme's output for one kind of page cut at those values; filling it is
a string join.

A shell is never trusted on faith: each is made from a render in which the page's values were
replaced by markers, and used only after filling it has reproduced real renders of the theme
exactly, byte for byte, `VERIFY` times. Anything the theme does that the shell did not foresee
(a filter that changes a value, a block that depends on the page) makes that check fail, and
those pages keep being rendered by the theme. No mkdocs import: the plugin supplies the renders.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

VERIFY = 2  # real renders a shell must reproduce before it is used


def marker(index: int) -> str:
    """What stands for value `index` in a marked render (records cannot contain a NUL)."""
    return f"\x00hr-slot-{index}\x00"


_MARKER = re.compile("\x00hr-slot-(\\d+)\x00")


@dataclass(frozen=True)
class Shell:
    parts: tuple[str, ...]  # the text between values; one more than `slots`
    slots: tuple[int, ...]  # which value goes after parts[i]

    @classmethod
    def from_marked(cls, html: str, count: int) -> Shell | None:
        """The shell of a render whose `count` values were `marker(i)`; None if one is missing."""
        pieces = _MARKER.split(html)
        parts, slots = tuple(pieces[0::2]), tuple(int(s) for s in pieces[1::2])
        if set(slots) != set(range(count)):
            return None
        return cls(parts, slots)

    def fill(self, values: Sequence[str]) -> str:
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        return "".join(out)


class Shells:
    """Shells by key (what makes pages alike), each checked against real renders before use."""

    def __init__(self, verify: int = VERIFY) -> None:
        self.verify = verify
        self._shells: dict[object, Shell] = {}
        self._checked: Counter = Counter()
        self._refused: set[object] = set()
        self.filled = 0  # pages made from a shell, for the build log
        self.rendered = 0  # pages rendered by the theme

    def page(
        self,
        key: object,
        values: Sequence[str],
        render: Callable[[], str],
        render_marked: Callable[[], str],
    ) -> str:
        """The page's HTML: from its shell when one is proven, else `render()` (the theme)."""
        shell = self._shells.get(key)
        if shell is not None and self._checked[key] >= self.verify:
            self.filled += 1
            return shell.fill(values)
        self.rendered += 1
        real = render()
        if key in self._refused:
            return real
        if shell is None:
            shell = Shell.from_marked(render_marked(), len(values))
            if shell is None:
                self._refused.add(key)
                return real
            self._shells[key] = shell
        if shell.fill(values) == real:
            self._checked[key] += 1
        else:
            self._refused.add(key)
            del self._shells[key]
        return real
