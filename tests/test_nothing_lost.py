"""Every record file under exemplars/ is on the site (recognized), deliberately absent everywhere
(withdrawn), or fails the build: nothing is silently dropped."""

from pathlib import Path

from helpers import REPO

from generator.frontmatter import parse_record_text

TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".js", ".md", ".svg", ".webmanifest"}


def _records():
    for folder in sorted((REPO / "exemplars").iterdir()):
        if folder.is_dir():
            parsed = parse_record_text((folder / "index.md").read_text(encoding="utf-8"))
            yield folder.name, parsed.data


def _site_text(site: Path) -> dict[Path, str]:
    texts = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def test_each_record_is_published_or_absent_everywhere(sample_site: Path):
    texts = _site_text(sample_site)
    published = withdrawn = 0
    for slug, data in _records():
        if data["status"] == "recognized":
            page = sample_site / "ghi-danh" / slug / "index.html"
            assert page.is_file(), f"{slug}: recognized but has no page"
            assert data["name"] in page.read_text(encoding="utf-8")
            published += 1
        else:
            assert data["status"] == "withdrawn"
            leaks = [
                str(p.relative_to(sample_site))
                for p, text in texts.items()
                if slug in text or data["name"] in text
            ]
            assert leaks == [], f"withdrawn {slug} appears in {leaks}"
            assert not list(sample_site.rglob(f"*{slug}*")), f"withdrawn {slug} has files"
            withdrawn += 1
    assert published >= 20 and withdrawn >= 3


def test_no_page_without_a_record(sample_site: Path):
    public = [(slug, data) for slug, data in _records() if data["status"] == "recognized"]
    slugs = {slug for slug, _ in public}
    aliases = {alias for _, data in public for alias in data.get("aliases") or []}
    pages = {p.parent.name for p in (sample_site / "ghi-danh").glob("*/index.html")}
    assert pages - {"trang"} == slugs | aliases
    for alias in aliases:  # an old address only sends readers on to the record's page
        html = (sample_site / "ghi-danh" / alias / "index.html").read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in html


def test_open_data_carries_what_readers_see_not_editors_notes(sample_site: Path):
    """Stories leave the site as plain text: no HTML comments (editors' notes), no markup."""
    import json

    for path in (sample_site / "du-lieu-mo").rglob("*"):
        if path.suffix in {".json", ".csv"}:
            text = path.read_text(encoding="utf-8-sig")
            assert "<!--" not in text and "<script" not in text, path
    records = json.loads((sample_site / "du-lieu-mo/exemplars.json").read_text(encoding="utf-8"))
    stories = [r["story"] for r in (records["exemplars"] if isinstance(records, dict) else records)]
    assert stories and all(s and "##" not in s and "**" not in s for s in stories)


def test_story_text_drops_comments_markup_and_script_links():
    from generator.story import story_text

    text = story_text(
        "<!-- ghi chú -->\n\nĐoạn **một** <script>alert(1)</script>"
        "[x](javascript:alert(1)).\n\n## Tiêu đề\n\n- a\n- b & c < d"
    )
    assert text == "Đoạn một x.\n\nTiêu đề\n\n- a\n- b & c < d"
