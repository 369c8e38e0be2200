import pytest

from framing.detect.distancing import is_distanced
from framing.detect.lexicon import load_disputes
from framing.errors import DataFileError


def conflicts(pipeline, text):
    document = pipeline.analyze_text("Headline for the test\n\n" + text)
    return document, [f for f in document.flags if f.kind == "conflicting_attribution"]


@pytest.mark.parametrize(
    "text, dispute",
    [
        ("India's foreign ministry said:\n\nThe freedom fighters of Indian Illegally Occupied Jammu and Kashmir will never give up their struggle.", "kashmir"),
        ("The Israeli foreign ministry said:\n\nThe Zionist occupation forces stormed the camp and martyred three young men.", "israel_palestine"),
        ("Russia's foreign ministry said:\n\nRussia's full-scale invasion has killed thousands of Ukrainian civilians.", "russia_ukraine"),
        ("Planned Parenthood said:\n\nThe abortion industry is killing unborn babies in every state.", "us_abortion"),
    ],
)
def test_conflict_in_opposing_vocabulary(pipeline, text, dispute):
    document, found = conflicts(pipeline, text)
    assert len(found) == 1, [f.text for f in document.flags]
    flag = found[0]
    assert flag.subtype == dispute and flag.voice == "quoted"
    assert flag.evidence and flag.details["source_stance"] != flag.details["words_side"]
    assert "side" in flag.explanation and document.attributions[flag.attribution].speaker


@pytest.mark.parametrize(
    "text",
    [
        # a source in its own side's framing, however loaded
        "India's foreign ministry said:\n\nPakistan-sponsored terrorists and their launch pads across the Line of Control will be destroyed.",
        # quoting the other side to reject it
        "India's foreign ministry said:\n\nThere is no such thing as a freedom struggle; the so-called freedom fighters are terrorists sent from Pakistan.",
        # the opposing framing only in the reporter's narration
        "Protesters marched against what they call the illegal Indian occupation of Kashmir. India's foreign ministry said the march was peaceful and ended by noon.",
        # neutral terms
        "Russia's foreign ministry said talks with Ukraine's delegation would resume in Istanbul next week.",
    ],
)
def test_not_a_conflict(pipeline, text):
    document, found = conflicts(pipeline, text)
    assert found == [], [f.text for f in found]


def test_comments_are_never_checked(pipeline):
    text = (
        "India's foreign ministry said the visit would go ahead.\n\n"
        "What are your thoughts? Share them in the comment section below.\n\n"
        "  • India's foreign ministry said the freedom fighters of Indian-occupied Kashmir are heroes"
    )
    _, found = conflicts(pipeline, text)
    assert found == []


def test_seed_has_exactly_one_conflict(seed_document, seed_text):
    found = [f for f in seed_document.flags if f.kind == "conflicting_attribution"]
    assert len(found) == 1
    flag = found[0]
    assert "freedom groups" in flag.text and "illegal Indian occupation" in flag.text
    assert seed_document.attributions[flag.attribution].source_id == "in-mea"
    evidence = " | ".join(e.text for e in flag.evidence)
    assert "freedom groups" in evidence and "illegal Indian occupation" in evidence


def test_variants_match():
    disputes = load_disputes()
    for text in ("Indian Illegally Occupied Jammu and Kashmir", "illegal Indian occupation of Kashmir", "Indian-occupied Kashmir", "Indian occupied Kashmir"):
        hits = disputes.find(text)
        assert hits and hits[0].term.side == "pakistan", text


def test_distancing():
    text = "what Islamabad calls a freedom struggle"
    assert is_distanced(text, text.index("freedom"), len(text))
    assert not is_distanced("the freedom struggle goes on", 4, 20)


def test_new_dispute_is_data_not_code(tmp_path):
    from framing.pipeline import Pipeline

    lexicon = tmp_path / "river.yaml"
    lexicon.write_text(
        "dispute: river_dam\ntitle: The Green River dam\nsides:\n  upstream: Upland's government\n  downstream: Lowland's government\n"
        "terms:\n  - term: water theft\n    side: downstream\n    neutral: the dam's water use\n    note: \"Lowland calls the dam 'water theft'.\"\n"
        "  - term: sovereign water project\n    side: upstream\n    neutral: the dam\n    note: \"Upland's name for the dam.\"\n",
        encoding="utf-8",
    )
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        "disputes:\n  river_dam: {title: The Green River dam, sides: [upstream, downstream]}\n"
        "sources:\n  - id: upland-water\n    name: Upland Water Ministry\n    type: government_body\n    aliases: [Upland's water ministry]\n    stance: {river_dam: upstream}\n",
        encoding="utf-8",
    )
    pipeline = Pipeline(sources=(registry,), framing=(lexicon,))
    document = pipeline.analyze_text("Dam row\n\nUpland's water ministry said:\n\nThis water theft by our own engineers must stop at once.")
    found = [f for f in document.flags if f.kind == "conflicting_attribution"]
    assert len(found) == 1 and found[0].subtype == "river_dam"
    calm = pipeline.analyze_text("Dam row\n\nUpland's water ministry said:\n\nThe sovereign water project will open in May.")
    assert not [f for f in calm.flags if f.kind == "conflicting_attribution"]


@pytest.mark.parametrize(
    "text, dispute, term",
    [
        # "occupation forces" is also an Afghanistan term: it still counts for Israel-Palestine
        ("The Israeli military said in a statement that occupation forces had located explosive devices in the camp.", "israel_palestine", "occupation forces"),
        # one opposing name in an otherwise own-side sentence
        ("China's defence ministry said the arms sale, meant to deter Chinese aggression, violates the one-China principle.", "china_taiwan", "Chinese aggression"),
    ],
)
def test_one_opposing_term_in_an_own_side_sentence(pipeline, text, dispute, term):
    document, found = conflicts(pipeline, text)
    assert [f.subtype for f in found] == [dispute]
    assert any(term.lower() in e.text.lower() for e in found[0].evidence)


def test_shared_terms_are_found_per_dispute():
    disputes = load_disputes()
    text = "occupation forces"
    assert {h.term.dispute for d in ("israel_palestine", "kashmir", "afghanistan") for h in disputes.find(text, dispute=d)} == {"israel_palestine", "kashmir", "afghanistan"}


def test_a_negation_inside_a_phrase_is_not_the_phrase():
    disputes = load_disputes()
    said = "Taiwan is part of China."
    denied = "Taiwan is not part of China."
    assert [h.term.side for h in disputes.find(said, dispute="china_taiwan")] == ["prc"]
    assert all(h.term.side != "prc" for h in disputes.find(denied, dispute="china_taiwan"))


def test_a_plain_word_the_source_avoids_is_a_conflict_in_its_own_quoted_words(pipeline):
    quoted = "A spokesman for the Taiwan Affairs Office said:\n\nThe remarks by Taiwan's president at the academy show his stubborn stance."
    document, found = conflicts(pipeline, quoted)
    assert len(found) == 1
    assert [e.text for e in found[0].evidence if e.role == "opposing_term"] == ["Taiwan's president"]
    assert not any(f.kind == "loaded_language" and "president" in f.text for f in document.flags)
    # in a paraphrase the plain words may be the reporter's, not Beijing's: the lowest score, and it says so
    paraphrase = "The Taiwan Affairs Office said the remarks by Taiwan's president at the academy showed his stubborn stance."
    flagged = conflicts(pipeline, paraphrase)[1]
    assert len(flagged) == 1 and flagged[0].details["paraphrase"] and flagged[0].score < found[0].score
    assert "reporter's summary" in flagged[0].explanation


def test_a_denial_is_not_taking_the_other_sides_words(pipeline):
    assert conflicts(pipeline, "Russia's foreign ministry said:\n\nRussia did not invade Ukraine; it is defending the people of Donbas.")[1] == []
    assert conflicts(pipeline, "Russia's foreign ministry said:\n\nRussia invaded Ukraine to seize its land, and everyone knows it.")[1] != []


def test_what_a_source_calls_the_other_side_is_not_read_as_its_own_framing(pipeline):
    text = "Pakistan's foreign office said:\n\nWhat India calls 'Pakistan-occupied Kashmir' is Azad Jammu and Kashmir, and it will remain free."
    assert conflicts(pipeline, text)[1] == []


def test_plain_terms_must_say_loaded_true_or_false(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("dispute: kashmir\nsides: {india: a, pakistan: b}\nterms:\n  - {term: x y, side: india, loaded: maybe}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="loaded"):
        load_disputes([bad])


def test_a_term_inside_a_longer_name_does_not_count():
    disputes = load_disputes()
    assert [h.term.term for h in disputes.find("We will talk to the Republic of China government.", dispute="china_taiwan")] == ["Republic of China government"]
    assert disputes.find("The People's Republic of China government said so.", dispute="china_taiwan") == []


def test_arm_s_length_covers_lists_and_descriptions(pipeline):
    listed = "The Center for Reproductive Rights said:\n\nThere is no such thing as a ‘partial-birth’ or ‘late-term’ abortion in medicine."
    described = "The former republic's embassy said:\n\nThe Taliban's description of our soldiers as “hirelings of the occupiers” insulted every family."
    assert conflicts(pipeline, listed)[1] == [] and conflicts(pipeline, described)[1] == []
