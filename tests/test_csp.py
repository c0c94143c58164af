"""The Content Security Policy written into every page."""

import re

from generator import csp

PAGE = """<!doctype html><html><head>
<meta charset="utf-8">
<script>var a = 1;</script>
<script id="__config" type="application/json">{"x": 1}</script>
<script src="assets/x.js"></script>
</head><body><script>var b = 2;</script></body></html>"""


def test_inline_scripts_are_allowed_by_their_hash_only():
    hashes = csp.inline_script_hashes(PAGE)
    assert len(hashes) == 2  # the JSON block and the external file need no hash
    assert all(h.startswith("'sha256-") for h in hashes)
    assert csp.inline_script_hashes(PAGE.replace("var a = 1;", "var a = 2;")) != hashes


def test_policy_is_placed_right_after_the_charset():
    out = csp.apply(PAGE)
    head = out.split("<script", 1)[0]
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
    assert policy
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == "'self'"


def test_every_built_page_carries_a_policy(sample_site):
    pages = [p for p in sample_site.rglob("*.html")]
    missing = [
        str(p)
        for p in pages
        if 'http-equiv="Content-Security-Policy"' not in p.read_text(encoding="utf-8")
    ]
    assert pages and missing == []
