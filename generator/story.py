"""Stories: the Markdown editors write under a record, as sanitized HTML for pages and as plain
text for everything else (open data, fact sheets).

The story is untrusted input on a public site. It is converted with Python-Markdown, then
cleaned by an allow-list sanitizer (nh3): only the tags below survive, links only with http(s)
or mailto, every link gets rel="noopener noreferrer", and raw HTML, scripts, event handlers
and HTML comments (editors' notes) are dropped.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import os
import re
from pathlib import Path

import markdown
import nh3
from markupsafe import Markup

STORY_TAGS = {
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "code",
    "pre",
    "sup",
    "sub",
}
STORY_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
STORY_URL_SCHEMES = {"http", "https", "mailto"}
# Story headings sit under the profile's "Câu chuyện" (H2): # and ## become H3, the rest H4.
_TOP_HEADINGS = re.compile(r"<(/?)h[12]>")
_LOW_HEADINGS = re.compile(r"<(/?)h[3-6]>")


# Bump when `_render` below changes what it makes of a story: cached stories are then made anew.
STORY_FORMAT = "1"


class StoryRenderer:
    """Markdown -> sanitized HTML. One Markdown instance, reset between stories.

    Each story is made once per build however often it is asked for (page, open data). With
    `cache_file`, stories are also kept by their text's hash between builds (Markdown and the
    sanitizer were a tenth of a rebuild at 10,000 records); `save()` writes the stories of this
    build only. The key names the code that made them: `STORY_FORMAT`, the allowed tags,
    attributes and schemes, and the versions of Markdown and nh3.
    """

    def __init__(self, cache_file: Path | None = None) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self.cache_file = cache_file
        self._version = json.dumps(
            [
                STORY_FORMAT,
                markdown.__version__,
                getattr(nh3, "__version__", ""),
                sorted(STORY_TAGS),
                sorted((k, sorted(v)) for k, v in STORY_ATTRIBUTES.items()),
                sorted(STORY_URL_SCHEMES),
            ]
        )
        self._cached: dict[str, str] = {}
        self._used: dict[str, str] = {}
        if cache_file is not None:
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("version") == self._version:
                stories = data.get("stories")
                self._cached = stories if isinstance(stories, dict) else {}

    def __call__(self, text: str) -> Markup:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        clean = self._used.get(key)
        if clean is None:
            clean = self._cached.get(key)
            if not isinstance(clean, str):
                clean = self._render(text)
            self._used[key] = clean
        return Markup(clean)

    def _render(self, text: str) -> str:
        html = self._md.reset().convert(text)
        clean = nh3.clean(
            html,
            tags=STORY_TAGS,
            attributes=STORY_ATTRIBUTES,
            url_schemes=STORY_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
        return _TOP_HEADINGS.sub(r"<\1h3>", _LOW_HEADINGS.sub(r"<\1h4>", clean))

    def save(self) -> None:
        """Keep this build's stories for the next one (a read-only checkout just skips it)."""
        if self.cache_file is None or self._used == self._cached:
            return
        data = {"version": self._version, "stories": self._used}
        temporary = self.cache_file.with_name(f"{self.cache_file.name}.{os.getpid()}.tmp")
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.cache_file)
        except OSError:
            temporary.unlink(missing_ok=True)

    def text(self, markdown_text: str) -> str:
        """The story as plain text, exactly what a reader of the page sees: no Markdown marks,
        no HTML, no editors' comments. For open data and anywhere outside a page."""
        html = (
            str(self(markdown_text))
            .replace("<li>", "- ")
            .replace("</li>\n", "</li>")
            .replace("</li>", "\n")
        )
        html = _BLOCK_END.sub("\n\n", html)
        plain = htmllib.unescape(nh3.clean(html.replace("<br>", "\n"), tags=set()))
        return _BLANK_LINES.sub("\n\n", plain).strip()


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|blockquote|tr|pre|table|ul|ol)>")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_plain_stories: StoryRenderer | None = None


def story_text(markdown_text: str) -> str:
    """`StoryRenderer.text` with a renderer of its own (one Markdown instance, built once)."""
    global _plain_stories
    if _plain_stories is None:
        _plain_stories = StoryRenderer()
    return _plain_stories.text(markdown_text)
