"""Press kits: the "Dành cho báo chí" block on each profile and its fact sheet."""

from __future__ import annotations

import re

import pytest
from helpers import REPO
from sample_records import public, raw_records, withdrawn

from generator.exports import SAMPLE_NOTICE
from generator.presskit import FACT_SHEET
from generator.project import Layout, load
from generator.website import Website


@pytest.fixture(scope="module")
def raw():
    return raw_records()


def profile(site, slug):
    return (site / "ghi-danh" / slug / "index.html").read_text(encoding="utf-8")


def test_every_public_profile_has_a_press_block_and_fact_sheet(sample_site, raw):
    for record in public(raw):
        html = profile(sample_site, record["slug"])
        assert 'id="danh-cho-bao-chi">Dành cho báo chí</h2>' in html
        assert f'href="{FACT_SHEET}" download="{record["slug"]}-thong-tin.txt"' in html
        assert (sample_site / "ghi-danh" / record["slug"] / FACT_SHEET).is_file()
    for record in withdrawn(raw):
        assert not (sample_site / "ghi-danh" / record["slug"]).exists()


def test_fact_sheet_has_the_facts_a_reporter_quotes(sample_site, raw):
    for record in public(raw):
        sheet = (sample_site / "ghi-danh" / record["slug"] / FACT_SHEET).read_text(encoding="utf-8")
        assert sheet.startswith(f"# {record['name']}\n")
        for recognition in record["recognitions"]:
            assert f"Quyết định số {recognition['decision']}" in sheet
        for achievement in record["achievements"]:
            assert f"- {achievement}" in sheet
        assert record["summary"].strip() in sheet
        for key in ("role", "unit"):
            if record.get(key):
                assert record[key] in sheet
        for award in record.get("awards") or []:
            assert award["title"] in sheet
        for item in record.get("media") or []:
            assert item["url"] in sheet and item["title"] in sheet
        if not record.get("media"):
            assert "Chưa có tin, bài nào" in sheet
        for photo in record.get("photos") or []:
            assert f"Ảnh: {photo['credit']}." in sheet
        assert SAMPLE_NOTICE in sheet  # every committed record is sample data
        # How to credit it: the site's own name (as in its title) and the profile's address.
        site_name = "Ghi danh điển hình tiên tiến tỉnh Lào Cai"
        assert f"ghi nguồn: “{site_name}”, " in sheet
        assert f"ghi rõ nguồn: “{site_name}”, kèm địa chỉ trang." in sheet


def test_photos_are_offered_at_full_published_size_with_credits(sample_site, raw):
    record = next(r for r in public(raw) if len(r.get("photos") or []) >= 2)
    html = profile(sample_site, record["slug"])
    block = html.split('id="danh-cho-bao-chi"', 1)[1].split("</section>", 1)[0]
    links = re.findall(
        r'<a href="([^"]+\.jpg)" download="[a-z0-9-]+-anh-\d+\.jpg">Ảnh \d+ \((\d+)×(\d+)', block
    )
    assert len(links) == len(record["photos"])
    folder = sample_site / "ghi-danh" / record["slug"]
    website = Website(load(Layout(REPO)), "Ghi danh")
    for (href, width, height), photo in zip(links, record["photos"], strict=True):
        assert (folder / href).resolve().is_file()
        largest = website.photos[REPO / "exemplars" / record["slug"] / photo["file"]].largest
        assert (folder / href).resolve() == (sample_site / largest.url).resolve()
        assert (int(width), int(height)) == (largest.width, largest.height)
        assert photo["credit"] in block
    assert "Báo chí đã đưa tin" in block or "Chưa có tin, bài nào" in block
