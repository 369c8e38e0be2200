import pytest


def weak(pipeline, text):
    document = pipeline.analyze_text("Headline for the test\n\n" + text)
    return [(f.text, f.subtype) for f in document.flags if f.kind == "weak_sourcing"]


@pytest.mark.parametrize(
    "text, phrase, subtype",
    [
        ("Sources said the deal was close to being signed.", "Sources said", "anonymous"),
        ("Officials familiar with the matter said the plan had been shelved.", "Officials familiar with the matter", "anonymous"),
        ("Two diplomats, who spoke on condition of anonymity, described the talks as tense.", "on condition of anonymity", "anonymous"),
        ("According to media reports, the convoy left at dawn.", "According to media reports", "vague"),
        ("It is believed that the minister will resign next week.", "It is believed", "unattributed"),
        ("Critics say the law will hurt small farmers.", "Critics say", "vague"),
    ],
)
def test_weak_sourcing_kinds(pipeline, text, phrase, subtype):
    found = weak(pipeline, text)
    assert any(phrase.lower() in t.lower() and s == subtype for t, s in found), found


def test_named_source_is_not_weak(pipeline):
    assert weak(pipeline, "Anil Rao, a spokesman for India's foreign ministry, said the talks had ended.") == []


def test_denial_contradicted_later(pipeline):
    text = (
        "Farid Ahmadi, a spokesman for the group, said:\n\nThere was no such meeting in Doha.\n\n"
        "However, the meeting in Doha has now been confirmed."
    )
    found = weak(pipeline, text)
    assert ("However, the meeting in Doha has now been confirmed.", "contradicted_denial") in found


def test_seed_weak_sourcing(seed_document):
    texts = [f.text for f in seed_document.flags if f.kind == "weak_sourcing"]
    for phrase in ("Sources state", "According to sources", "According to media reports"):
        assert phrase in texts, texts
