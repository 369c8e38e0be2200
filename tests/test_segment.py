import pytest

from framing.ingest import ingest_text
from framing.segment import is_boilerplate, is_comment_invitation, paragraph_spans, segment


def sentences(text):
    return [s.text for s in segment(ingest_text(text)).sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Rao met U.S. officials. They talked.", ["Dr. Rao met U.S. officials.", "They talked."]),
        ("Mr. Khan lives at No. 10 Downing St. in London. He left on Jan. 5.", ["Mr. Khan lives at No. 10 Downing St. in London.", "He left on Jan. 5."]),
        ("“We will win.” The crowd cheered.", ["“We will win.”", "The crowd cheered."]),
        ('"We will win." The crowd cheered.', ['"We will win."', "The crowd cheered."]),
        ("He paused... Then he spoke again.", ["He paused...", "Then he spoke again."]),
        ("The minister said:\nThe talks went well. We will meet again.", ["The minister said:", "The talks went well.", "We will meet again."]),
        ("  • First point here\n  • Second point here", ["• First point here", "• Second point here"]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences("Headline words\n\n" + text)[1:] == expected


def test_said_colon_starts_a_new_paragraph():
    text = "Title\n\nThe Foreign Ministry said:\nThe big fear is real. We are watching."
    spans = [text[s:e] for s, e in paragraph_spans(text)]
    assert spans == ["Title", "The Foreign Ministry said:", "The big fear is real. We are watching."]


def test_seed_sections(seed_text):
    document = segment(ingest_text(seed_text))
    kinds = [s.kind for s in document.sections]
    assert kinds[0] == "headline"
    body = [s for s in document.sections if s.kind == "body"]
    assert body and all(s.language == "en" for s in body)
    for probe in ("Taliban ne 20 years", "Featured Content", "What Pakistan can do"):
        at = seed_text.index(probe)
        assert document.section_at(at).kind in {"comments", "boilerplate"}, probe
    urdu = document.section_at(seed_text.index("Taliban ne 20 years"))
    assert urdu.kind == "comments" and urdu.language == "ur-Latn"
    # the block paragraph after "...Ministry said:" is a paragraph of its own, its sentences intact
    block_start = seed_text.index("The two sides discussed")
    paragraph = next(p for p in document.paragraphs if p.start == block_start)
    assert paragraph.text.endswith("positively addressed.")
    inside = [s.text for s in document.sentences if paragraph.start <= s.start < paragraph.end]
    assert len(inside) == 3 and inside[0].startswith("The two sides discussed") and inside[-1].endswith("addressed.")


def test_sample_with_comments_and_boilerplate():
    from tests.conftest import SAMPLES

    text = (SAMPLES / "ministry-blockquote.txt").read_text(encoding="utf-8")
    document = segment(ingest_text(text))
    kinds = [s.kind for s in document.sections]
    assert kinds[0] == "headline" and "body" in kinds and "comments" in kinds and kinds[-1] == "boilerplate"
    assert any(s.kind == "comments" and s.language != "en" for s in document.sections)


@pytest.mark.parametrize("line, expected", [("  • Featured Content⭐", True), ("Share this article", True), ("Read more", True), ("The minister spoke at length.", False)])
def test_boilerplate(line, expected):
    assert is_boilerplate(line) is expected


def test_comment_invitation():
    assert is_comment_invitation("What are your thoughts on this? Please share with us in the comment section below.")
    assert not is_comment_invitation("The ministry said it would comment later on the section of the deal.")


def test_non_english_body_paragraph_is_not_scored(pipeline):
    text = "Headline here\n\nThe envoy met officials on Tuesday to discuss trade.\n\nye baat sahi hai magar hum nahi mante, aap kya kehte hein aur kyun"
    document = pipeline.analyze_text(text)
    last = document.sections[-1]
    assert last.language == "ur-Latn"
    assert not any(f.start >= last.start for f in document.flags)


def test_comments_header_starts_the_comment_section():
    text = "Head line here\n\nThe ministry said the talks went well.\n\nComments\n  • a reader writes here at length\n  • another reader answers"
    kinds = [s.kind for s in segment(ingest_text(text)).sections]
    assert kinds == ["headline", "body", "boilerplate", "comments", "comments"]
