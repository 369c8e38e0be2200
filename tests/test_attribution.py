import pytest

from framing.attribute import attribute
from framing.attribute.sources import load_registry
from framing.errors import DataFileError
from framing.ingest import ingest_text
from framing.segment import segment


def attributions(text, registry=None):
    document = attribute(segment(ingest_text("Headline for the test\n\n" + text)), registry or load_registry())
    return document.attributions


@pytest.mark.parametrize(
    "text, kind, speaker, content, source",
    [
        ("“We will not back down,” the spokesman for Russia's foreign ministry said.", "direct", "the spokesman for Russia's foreign ministry", "We will not back down", "ru-mfa"),
        ('"The talks were useful," said Anil Rao, a spokesman for India\'s foreign ministry.', "direct", "Anil Rao", "The talks were useful", "in-mea"),
        ("Hamas said on Monday that the ceasefire would hold through the weekend.", "indirect", "Hamas", "the ceasefire would hold through the weekend", "hamas"),
        ("The Pentagon told reporters the drills would continue.", "indirect", "The Pentagon", "the drills would continue", "us-dod"),
        ("According to Ukraine's foreign ministry, four drones were shot down.", "according_to", "Ukraine's foreign ministry", "four drones were shot down", "ua-mfa"),
        ("Four drones were shot down overnight, according to the Kremlin.", "according_to", "the Kremlin", "Four drones were shot down overnight", "ru-kremlin"),
        ("The Taiwan Affairs Office warned that any provocation would be met firmly.", "indirect", "The Taiwan Affairs Office", "any provocation would be met firmly", "cn-tao"),
        ("Maria Lopez, a shop owner in the town, said business had been slow.", "indirect", "Maria Lopez", "business had been slow", None),
    ],
)
def test_quote_styles(text, kind, speaker, content, source):
    found = attributions(text)
    assert len(found) == 1
    a = found[0]
    assert (a.kind, a.speaker, a.text.rstrip(".,")) == (kind, speaker, content)
    if source is None:
        assert a.source_id.startswith("local:") and a.stance == {}
    else:
        assert a.source_id == source


def test_split_quote_gives_two_pieces_of_one_speaker():
    found = attributions("“We will not,” Zabihullah Mujahid said, “accept any foreign bases.”")
    assert [a.text.strip(",.") for a in found] == ["We will not", "accept any foreign bases"]
    assert {a.source_id for a in found} == {"taliban"}


def test_quote_over_several_sentences_and_paragraphs():
    text = "“The border is calm. Our troops are alert,” the Indian Army said.\n\n“No one will cross it,” it added."
    found = attributions(text)
    assert found[0].text.startswith("The border is calm. Our troops are alert")
    assert [a.source_id for a in found] == ["in-army", "in-army"]


def test_block_quote_after_said_colon():
    text = "Pakistan's Foreign Office said:\n\nWe reject the remarks made in New Delhi. Such statements harm peace.\n\nThe visit ends on Friday."
    found = attributions(text)
    assert len(found) == 1 and found[0].kind == "block" and found[0].source_id == "pk-mofa"
    assert found[0].text == "We reject the remarks made in New Delhi. Such statements harm peace."


def test_block_quote_continues_in_first_person():
    text = "The ministry spokesperson for Israel's foreign ministry said:\n\nWe have shown restraint for weeks.\n\nWe will not do so forever, and our partners know it.\n\nTalks resume next week in Cairo."
    found = attributions(text)
    assert len(found) == 1 and found[0].text.endswith("our partners know it.")


def test_resolution_across_paragraphs():
    text = (
        "India's ambassador to Qatar, Deepak Varma, met officials in Doha.\n\n"
        "Later, Varma said the meeting had been constructive.\n\n"
        "He added that more talks were planned.\n\n"
        "The Indian foreign ministry did not give details. The Foreign Ministry said the visit was routine."
    )
    found = attributions(text)
    assert [(a.speaker, a.speaker_name, a.source_id) for a in found] == [
        ("Varma", "Deepak Varma", "in-mea"),
        ("He", "Deepak Varma", "in-mea"),
        ("The Foreign Ministry", "The Foreign Ministry", "in-mea"),
    ]


def test_negated_cue_is_not_an_attribution():
    assert attributions("The Russian Defence Ministry did not respond to a request for comment on the strikes.") == ()


def test_unknown_speaker_gets_a_stable_local_id():
    a1 = attributions("Priya Nair, a resident, said the water had risen overnight.")[0]
    a2 = attributions("Priya Nair, a resident, said the road was closed.")[0]
    assert a1.source_id == a2.source_id == "local:priya-nair" and a1.stance == {}


def test_seed_attributions(seed_document, seed_text):
    by_start = {seed_text[a.start : a.end][:40]: a for a in seed_document.attributions}
    mea_block = next(a for k, a in by_start.items() if k.startswith("The two sides discussed"))
    fm_block = next(a for k, a in by_start.items() if k.startswith("The big fear is"))
    assert mea_block.kind == fm_block.kind == "block"
    assert mea_block.source_id == fm_block.source_id == "in-mea"
    assert fm_block.text.endswith("in any manner.")
    shaheen = next(a for k, a in by_start.items() if k.startswith("I have no idea"))
    assert shaheen.speaker_name == "Suhail Shaheen" and shaheen.source_id == "taliban"
    stanekzai = next(a for k, a in by_start.items() if k.startswith("The Taliban want political"))
    assert "Stanekzai" in stanekzai.speaker_name and stanekzai.source_id == "taliban"
    comments_start = seed_text.index("What are your thoughts")
    assert all(a.start < comments_start for a in seed_document.attributions)


def test_user_registry_extends_and_is_validated(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "sources:\n  - id: my-council\n    name: Rivertown Council\n    type: government_body\n    aliases: [the council of Rivertown]\n    stance: {}\n",
        encoding="utf-8",
    )
    registry = load_registry([extra])
    assert attributions("Rivertown Council said the bridge would reopen in May.", registry)[0].source_id == "my-council"
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources:\n  - id: x\n    name: X\n    type: spaceship\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown type"):
        load_registry([broken])
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_registry([bad_yaml])


def test_evaluate_attribution_on_a_slice():
    from framing.evaluate.attribution import evaluate_articles, load_articles

    articles = load_articles("test")[:4]
    result = evaluate_articles(articles)
    assert result["articles"] == 4
    assert result["quote_spans_overlap"]["f1"] > 0.6
    assert 0.0 <= result["source_accuracy"] <= 1.0
