"""Page shells: profiles and listings made from the theme's own render, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench.synthetic import Options, make_project
from generator.shell import Shell, Shells, marker


def test_a_shell_is_filled_where_the_markers_were():
    html = f"<title>{marker(0)} - Ghi danh</title><h1>{marker(0)}</h1>{marker(1)}<footer>"
    shell = Shell.from_marked(html, 2)
    assert (
        shell.fill(["Mai", "<p>x</p>"])
        == "<title>Mai - Ghi danh</title><h1>Mai</h1><p>x</p><footer>"
    )
    assert Shell.from_marked(html, 3) is None  # a value the theme did not print


def test_a_shell_is_used_only_after_it_reproduced_real_renders():
    shells = Shells(verify=2)
    calls = []

    def page(value: str) -> str:
        def render() -> str:
            calls.append(value)
            return f"<p>{value}</p>"

        return shells.page("k", [value], render, lambda: f"<p>{marker(0)}</p>")

    assert [page(v) for v in "abcd"] == ["<p>a</p>", "<p>b</p>", "<p>c</p>", "<p>d</p>"]
    assert calls == ["a", "b"]  # rendered twice to prove the shell, then filled
    assert (shells.rendered, shells.filled) == (2, 2)


def test_a_shell_that_differs_from_the_theme_is_never_used():
    shells = Shells(verify=1)
    # The theme shouts the value: the marker is found, but filling it gives other text.
    for value in "abc":
        html = shells.page(
            "k", [value], lambda v=value: f"<p>{v.upper()}</p>", lambda: f"<p>{marker(0)}</p>"
        )
        assert html == f"<p>{value.upper()}</p>"
    assert shells.filled == 0


def test_a_site_made_with_shells_is_the_site_the_theme_renders(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # one sitemap date for both builds
    root = make_project(tmp_path / "roll", Options(80, photos=True))
    config_file = root / "mkdocs.yml"
    sites = {}
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for shells in (True, False):
            text = config_file.read_text(encoding="utf-8")
            text = text.replace("page_shells: false\n", "")
            if not shells:
                text = text.replace(
                    "      data_dir: data\n", "      data_dir: data\n      page_shells: false\n"
                )
            config_file.write_text(text, encoding="utf-8")
            site = sites[shells] = tmp_path / f"site-{shells}"
            config = load_config(config_file=str(config_file), site_dir=str(site))
            build(config)
            filled = config.plugins["honor-roll"].shells.filled
            assert (filled > 100) if shells else (filled == 0)
    finally:
        os.chdir(cwd)
    files = {p.relative_to(sites[True]) for p in sites[True].rglob("*") if p.is_file()}
    assert files == {p.relative_to(sites[False]) for p in sites[False].rglob("*") if p.is_file()}
    different = [
        f
        for f in sorted(files)
        if (sites[True] / f).read_bytes() != (sites[False] / f).read_bytes()
    ]
    assert different == []
