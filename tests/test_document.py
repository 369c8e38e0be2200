import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.document import SCHEMA_VERSION, Document
from framing.ingest import ingest_text
from framing.report.json import render_json
from framing.segment import segment


def all_spans(document: Document):
    for group in (document.sections, document.paragraphs, document.sentences, document.tokens, document.attributions, document.flags):
        yield from group
    for flag in document.flags:
        yield from flag.evidence


def test_json_round_trip_is_lossless(seed_document):
    data = json.loads(json.dumps(seed_document.to_dict()))
    again = Document.from_dict(data)
    assert again == seed_document
    assert data["schema_version"] == SCHEMA_VERSION


def test_every_span_slices_to_its_text(seed_document):
    for span in all_spans(seed_document):
        assert seed_document.text[span.start : span.end] == span.text


def test_json_contract_fields(seed_document):
    data = json.loads(render_json(seed_document))
    assert {"text", "sections", "sentences", "attributions", "flags", "schema_version"} <= set(data)
    assert "tokens" not in data
    assert {"kind", "start", "end", "language"} <= set(data["sections"][0])
    for attribution in data["attributions"]:
        assert {"speaker", "source_id", "source_name", "kind", "cue", "start", "end", "text"} <= set(attribution)
    for flag in data["flags"]:
        assert {"kind", "start", "end", "text", "score", "explanation", "evidence", "subtype", "voice", "attribution"} <= set(flag)
        assert data["text"][flag["start"] : flag["end"]] == flag["text"]


def test_unsupported_schema_version_is_refused():
    with pytest.raises(ValueError, match="schema_version"):
        Document.from_dict({"schema_version": "99.0", "text": "x"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400).filter(lambda t: t.strip() and "\x00" not in t))
def test_offsets_hold_for_arbitrary_unicode(text):
    try:
        ingested = ingest_text(text)
    except Exception as exc:  # control-character soup is refused as binary, with a clear error
        assert type(exc).__name__ in {"BinaryInput", "EmptyInput"}
        return
    document = segment(ingested)
    for span in all_spans(document):
        assert 0 <= span.start <= span.end <= len(document.text)
        assert document.text[span.start : span.end] == span.text
