"""The JSON Schema is the single source of truth for record fields; editors read its help."""

import json
import re

from helpers import REPO

from generator.project import Layout
from generator.schema import vocabulary_schema
from generator.vocabularies import load_vocabularies

VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)


def _properties(node, path=""):
    for name, sub in node.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from _properties(sub, f"{path}{name}.")
        if "items" in sub:
            yield f"{path}{name}[]", sub["items"]
            yield from _properties(sub["items"], f"{path}{name}[].")


def test_every_property_has_vietnamese_title_and_description():
    schema = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    missing = []
    for path, node in _properties(schema):
        for key in ("title", "description"):
            if not VIETNAMESE.search(node.get(key, "")):
                missing.append(f"{path}: {key}")
    assert missing == []


def test_contract_keys_are_all_in_the_schema():
    schema = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))
    contract = {
        "name",
        "kind",
        "subject",
        "role",
        "field",
        "unit",
        "commune",
        "party_committee",
        "period",
        "status",
        "recognitions",
        "summary",
        "achievements",
        "awards",
        "regions",
        "ethnicity",
        "photos",
        "consent",
        "media",
        "aliases",
    }
    assert contract <= set(schema["properties"])


def test_vocabulary_schema_file_is_up_to_date():
    """schema/vocabularies.schema.json is written from data/*.yml by `python -m generator schema`."""
    layout = Layout(REPO)
    vocabularies, problems = load_vocabularies(layout.data_path, REPO)
    assert problems == []
    committed = json.loads((REPO / "schema/vocabularies.schema.json").read_text(encoding="utf-8"))
    assert committed == vocabulary_schema(vocabularies), "run: python -m generator schema"


def test_vocabularies_have_99_communes_and_103_committees():
    vocabularies, _ = load_vocabularies(REPO / "data", REPO)
    assert len(vocabularies.communes) == 99
    assert len(vocabularies.party_committees) == 103
    for committee in vocabularies.party_committees:
        commune = committee.get("commune")
        assert commune is None or commune in vocabularies.communes


def test_a_vocabulary_attribute_the_code_reads_is_checked(tmp_path):
    """A period whose dates cannot be read would switch the period rule off without a word."""
    from helpers import make_repo

    root = make_repo(tmp_path)
    periods = root / "data" / "periods.yml"
    periods.write_text(
        periods.read_text(encoding="utf-8").replace("start: 2025-01-01", 'start: "1/1/2025"'),
        encoding="utf-8",
    )
    levels = root / "data" / "levels.yml"
    levels.write_text(
        levels.read_text(encoding="utf-8").replace("    badge: Điển hình cấp tỉnh\n", ""),
        encoding="utf-8",
    )
    _, problems = load_vocabularies(root / "data", root)
    assert sorted((p.file, p.key) for p in problems) == [
        ("data/levels.yml", "entries.provincial.badge"),
        ("data/periods.yml", "entries.2025-2028.start"),
    ]
    assert all(p.line > 0 for p in problems)
