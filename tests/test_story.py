"""Stories: made once per build, kept between builds (generator/story.py)."""

import pytest


def test_stories_are_kept_between_builds_by_their_text(tmp_path, monkeypatch):
    from generator import story

    text = "# Tiêu đề\n\nCâu chuyện **đậm** với <script>alert(1)</script> [liên kết](https://a.vn)."
    first = story.StoryRenderer(tmp_path / "stories.json")
    html = first(text)
    first.save()
    again = story.StoryRenderer(tmp_path / "stories.json")
    monkeypatch.setattr(again, "_render", lambda text: pytest.fail("rendered again"))
    assert again(text) == html and "<script>" not in html
    monkeypatch.setattr(story, "STORY_FORMAT", "another")  # the code changed: made anew
    changed = story.StoryRenderer(tmp_path / "stories.json")
    calls = []
    monkeypatch.setattr(changed, "_render", lambda text: calls.append(text) or "<p>x</p>")
    changed(text)
    assert calls == [text]


def test_a_story_is_made_once_per_build_for_the_page_and_the_open_data(monkeypatch):
    from generator import story

    stories = story.StoryRenderer()
    calls = []
    made = stories._render
    monkeypatch.setattr(stories, "_render", lambda text: calls.append(text) or made(text))
    text = "Đoạn *một*.\n\n- ý hai"
    assert stories(text) == "<p>Đoạn <em>một</em>.</p>\n<ul>\n<li>ý hai</li>\n</ul>"
    assert stories.text(text) == "Đoạn một.\n\n- ý hai"
    assert calls == [text]
