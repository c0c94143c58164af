"""Stories: the Markdown editors write under a record, as sanitized HTML for pages and as plain
text for everything else (open data, fact sheets).

The story is untrusted input on a public site. It is converted with Python-Markdown, then
cleaned by an allow-list sanitizer (nh3): only the tags below survive, links only with http(s)
or mailto, every link gets rel="noopener noreferrer", and raw HTML, scripts, event handlers
and HTML comments (editors' notes) are dropped.
"""

from __future__ import annotations

import html as htmllib
import re

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


class StoryRenderer:
    """Markdown -> sanitized HTML. One Markdown instance, reset between stories."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")

    def __call__(self, text: str) -> Markup:
        html = self._md.reset().convert(text)
        clean = nh3.clean(
            html,
            tags=STORY_TAGS,
            attributes=STORY_ATTRIBUTES,
            url_schemes=STORY_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
        clean = _TOP_HEADINGS.sub(r"<\1h3>", _LOW_HEADINGS.sub(r"<\1h4>", clean))
        return Markup(clean)

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
