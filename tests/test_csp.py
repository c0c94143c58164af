"""The Content Security Policy written into every page: only the theme's inline scripts are
allowed (by hash), and a built page holding any other inline script is never published."""

import re

import pytest
from helpers import VALID_RECORD, make_repo
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import csp

SCOPE = (
    '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt'
    '(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_)'
    ")}catch(e){}}"
)
PAGE = f"""<!doctype html><html><head>
<meta charset="utf-8">
<script>{SCOPE}</script>
<script id="__config" type="application/json">{{"x": 1}}</script>
<script src="assets/x.js"></script>
</head><body></body></html>"""


def test_theme_scripts_are_allowed_by_their_hash_only():
    hashes = csp.inline_script_hashes(PAGE)
    assert len(hashes) == 1  # the JSON block and the external file need no hash
    assert hashes[0].startswith("'sha256-")
    deeper = csp.inline_script_hashes(PAGE.replace('"../.."', '"../../.."'))
    assert deeper != hashes  # the hash is of the exact text


@pytest.mark.parametrize("root", ["/", "/vinh-danh/", "/lao-cai/ghi-danh/"])
def test_error_pages_with_absolute_root_paths_are_the_themes(root):
    # 404.html and the offline page name the site's root from the host's: a site published in
    # a folder (a GitHub Pages project site) has it in the script.
    assert csp.inline_script_hashes(PAGE.replace('"../.."', f'"{root}"'))


def test_the_root_path_cannot_carry_code():
    with pytest.raises(csp.UnexpectedScript):
        csp.inline_script_hashes(PAGE.replace('"../.."', '"/"+alert(1)+"'))


@pytest.mark.parametrize("script", ["alert(1)", "var target=1", SCOPE + ";alert(1)"])
def test_any_other_inline_script_is_refused(script):
    with pytest.raises(csp.UnexpectedScript):
        csp.inline_script_hashes(PAGE.replace("</body>", f"<script>{script}</script></body>"))


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


def test_a_page_with_a_foreign_inline_script_is_never_published(tmp_path):
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD}, mkdocs=True)
    page = root / "content" / "gioi-thieu.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8"
    )
    with pytest.raises(Abort, match="content/gioi-thieu.md|gioi-thieu.md"):
        build(load_config(config_file=str(root / "mkdocs.yml")))
    assert not (root / "site" / "gioi-thieu" / "index.html").exists()


def test_a_script_in_a_page_made_from_its_shell_is_never_published(tmp_path, monkeypatch):
    """Profiles are made from a proven shell after the first ones (generator/shell.py); their
    policy comes with the shell, so their own values are searched for scripts all the same."""
    from generator import story

    names = ["Nguyễn Thị Mai", "Lò Thị Sua", "Vàng A Dơ", "Hà Thị Lan", "Tẩn Thị Mẩy", "Lý A Sử"]
    files = {
        f"exemplars/ho-so-{i}/index.md": VALID_RECORD.replace("Nguyễn Thị Mai", name).replace(
            "Câu chuyện.", f"Câu chuyện số {i}."
        )
        for i, name in enumerate(names)
    }
    root = make_repo(tmp_path, files, mkdocs=True)
    made = story.StoryRenderer._render
    calls = []

    def smuggled(self, text: str) -> str:  # as if the sanitizer let a script through
        calls.append(text)
        html = made(self, text)
        return html + "<script>alert(1)</script>" if len(calls) > 4 else html

    monkeypatch.setattr(story.StoryRenderer, "_render", smuggled)
    with pytest.raises(Abort, match="ghi-danh/ho-so-"):
        build(load_config(config_file=str(root / "mkdocs.yml")))
