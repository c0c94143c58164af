"""Content Security Policy: a page may run only the scripts the site itself ships.

Static hosts such as GitHub Pages cannot send response headers, so the policy travels in each
page as `<meta http-equiv="Content-Security-Policy">`. Scripts from files must come from the site
itself ('self'). Inline scripts are allowed by the SHA-256 of their exact text, and only the ones
mkdocs-material itself writes into every page (`THEME_SCRIPTS`) are hashed: any other inline
script in a built page (one smuggled in through a record, say) stops the build, and would be
refused by the browser anyway. WebAssembly may compile ('wasm-unsafe-eval') because the search
engine (Pagefind) runs as WebAssembly; `eval` stays off.

A host that can send headers should send the same policy as a header, plus `frame-ancestors
'none'` (which a meta tag cannot carry); see SECURITY.md.
"""

from __future__ import annotations

import base64
import hashlib
import re

# The inline scripts of mkdocs-material 9.x (pinned in requirements.txt), with the page's path to
# the site root written as "…". If an upgrade of the theme changes them, the build stops and
# names the script: check it comes from the theme, then update this list.
THEME_SCRIPTS = frozenset(
    {
        '__md_scope=new URL("…",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0))'
        ',0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set='
        '(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e)'
        "{}}",
        "var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked"
        '=target.name.startsWith("__tabbed_"))',
    }
)
# Relative ("../..") on pages; absolute from the host's root on 404.html and the offline page,
# which are shown at any address: "/" or the folder of a project site ("/honor-roll/").
_ROOT_PATH = re.compile(r'new URL\("[\w./%~-]*",location\)')


class UnexpectedScript(Exception):
    """A built page holds an inline script that is not the theme's: never publish it."""

    def __init__(self, body: str) -> None:
        super().__init__(body)
        self.body = body


_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_NOT_EXECUTED = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for the inline scripts of the page, all of them the theme's.

    Raises UnexpectedScript for any other inline script the page would execute.
    """
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs.lower() or _NOT_EXECUTED.search(attrs):
            continue
        if _ROOT_PATH.sub('new URL("…",location)', body) not in THEME_SCRIPTS:
            raise UnexpectedScript(body)
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


def policy_for(html: str) -> str:
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    directives["script-src"] += inline_script_hashes(html)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def apply(html: str) -> str:
    """The page with its policy as the first thing after the charset declaration."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    match = _CHARSET.search(html)
    if match:
        return html[: match.end()] + "\n    " + meta + html[match.end() :]
    head = html.lower().find("<head>")
    if head == -1:
        return html
    return html[: head + 6] + meta + html[head + 6 :]
