"""The records committed to the repository: all valid, and the sample data covers what it must."""

from collections import Counter

import pytest
from helpers import REPO

from generator.problems import format_problem
from generator.project import Layout, load


@pytest.fixture(scope="module")
def project():
    return load(Layout(REPO))


def test_every_committed_record_validates(project):
    assert [format_problem(p) for p in project.problems] == []
    assert len(project.records) == len(project.files)


def test_sample_data_is_labelled(project):
    for record in project.records:
        assert record.sample, f"{record.source}: sample data must say sample: true"


def test_sample_data_covers_the_plan(project):
    records = project.records
    public = [r for r in records if r.is_public]
    vocab = project.vocabularies
    assert len(records) >= 24
    assert {r.kind for r in public} == {"individual", "collective"}
    assert {r.subject for r in public} == set(vocab.subjects.terms)
    assert len({r.field for r in public}) >= 8
    communes = {r.commune for r in public}
    assert len(communes) >= 10
    assert any("border" in r.regions for r in public)
    assert any("highland" in r.regions for r in public)
    assert {r.highest_level for r in public} == {"grassroots", "provincial"}
    provincial = [
        (r.party_committee, d.date.year)
        for r in records
        for d in r.recognitions
        if d.level == "provincial"
    ]
    assert provincial and all(year >= 2026 for _, year in provincial)
    assert max(Counter(provincial).values()) <= 2
    assert any(r.awards for r in public)
    assert any(r.media for r in public)
    assert sum(1 for r in records if r.status == "withdrawn") >= 3
