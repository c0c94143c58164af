"""Content Security Policy: a page may run only the scripts the site itself ships.

Static hosts such as GitHub Pages cannot send response headers, so the policy travels in each
page as `<meta http-equiv="Content-Security-Policy">`. Scripts from files must come from the site
itself ('self'); the few inline scripts mkdocs-material writes into every page are allowed by the
SHA-256 of their exact text, so any other inline script (one smuggled in through a record, say)
is refused by the browser even if it got past the sanitizer. WebAssembly is allowed to compile
('wasm-unsafe-eval') because the search engine (Pagefind) runs as WebAssembly; `eval` stays off.

A host that can send headers should send the same policy as a header, plus `frame-ancestors
'none'` (which a meta tag cannot carry); see SECURITY.md.
"""

from __future__ import annotations

import base64
import hashlib
import re

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
    """CSP source expressions for every inline script the page would execute."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs.lower() or _NOT_EXECUTED.search(attrs):
            continue
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
