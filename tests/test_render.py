"""Links between generated pages: the fast `relative_url` and cards rendered once per record."""

import posixpath

from helpers import TODAY, VALID_RECORD, make_repo
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.project import Layout, load
from generator.render import Links, page_window, relative_url
from generator.website import Website


def _relpath_url(target: str, base: str) -> str:
    """The definition: what posixpath.relpath gives (it calls os.getcwd(), twice, each time)."""
    base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
    path = target.rstrip("/") or "."
    rel = posixpath.relpath(path, base_dir.rstrip("/") or ".")
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


SEGMENT = st.sampled_from(["ghi-danh", "ghi", "x", "trang", "2", "anh", "a.jpg", "feed.xml"])
URL = st.builds(
    lambda parts, slash: "/".join(parts) + ("/" if slash and parts else ""),
    st.lists(SEGMENT, max_size=4),
    st.booleans(),
)


@settings(max_examples=2000, deadline=None)
@given(URL, URL)
def test_relative_url_is_relpath(target, base):
    assert relative_url(target, base) == _relpath_url(target, base)


def test_cards_are_rendered_once_and_linked_from_each_page(tmp_path):
    root = make_repo(tmp_path, {"exemplars/nguyen-thi-mai/index.md": VALID_RECORD})
    website = Website(load(Layout(root), today=TODAY), "Ghi danh")
    renderer = website.renderer
    record = website.catalog.records[0]
    first = renderer.card(record, 2, "lazy", Links("ghi-danh/"))
    deep = renderer.card(record, 2, "lazy", Links("linh-vuc/education/trang/2/"))
    assert len(renderer._cards) == 1
    assert 'href="nguyen-thi-mai/"' in first
    assert 'href="../../../../ghi-danh/nguyen-thi-mai/"' in deep
    assert "\x00" not in first + deep


def test_pager_shows_first_last_and_neighbours_only():
    assert page_window(1, 1) == [1]
    assert page_window(1, 5) == [1, 2, 3, 4, 5]
    assert page_window(1, 40) == [1, 2, 3, None, 40]
    assert page_window(20, 40) == [1, None, 18, 19, 20, 21, 22, None, 40]
    assert page_window(5, 40) == [1, 2, 3, 4, 5, 6, 7, None, 40]  # no "…" for one page
    assert page_window(40, 40) == [1, None, 38, 39, 40]
    for count in range(1, 60):
        for number in range(1, count + 1):
            shown = page_window(number, count)
            numbers = [n for n in shown if n is not None]
            assert numbers == sorted(set(numbers)) and number in numbers
            assert {1, count} <= set(numbers) and len(shown) <= 9
