import codecs

import pytest

from framing.cli import main
from framing.errors import BinaryInput, DecodeFailure, EmptyInput, InputNotFound, InputTooLarge, MalformedInput
from framing.ingest import decode, ingest_bytes, ingest_path
from tests.conftest import SAMPLES

ARTICLE = "Talks resume in Doha\n\nThe envoy met officials on Tuesday, the ministry said.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        ("Café talks: the envoy’s visit.".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_read(data, encoding):
    text, used, warnings = decode(data)
    assert used == encoding
    assert "\ufeff" not in text
    assert bool(warnings) == (encoding == "cp1252")


def test_legacy_fallback_keeps_accents():
    ingested = ingest_bytes("Café owner’s view".encode("cp1252"), name="x.txt")
    assert ingested.text == "Café owner’s view"
    assert ingested.warnings


@pytest.mark.parametrize(
    "content, error, code",
    [
        (b"", EmptyInput, 4),
        (b"   \n\t  \n", EmptyInput, 4),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", BinaryInput, 5),
        (b"caf\xe9 \x81\x8d\x8f\x90", DecodeFailure, 7),
    ],
)
def test_bad_input_gives_clear_error_and_exit_code(tmp_path, capsys, content, error, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error):
        ingest_path(path)
    assert main(["analyze", str(path)]) == code
    err = capsys.readouterr().err
    assert err.startswith("framing: error:") and "Traceback" not in err


def test_missing_file(capsys):
    with pytest.raises(InputNotFound):
        ingest_path("/no/such/file.txt")
    assert main(["analyze", "/no/such/file.txt"]) == 3
    assert "no such file" in capsys.readouterr().err


def test_size_limit_is_configurable(tmp_path, capsys):
    path = tmp_path / "big.txt"
    path.write_text("word " * 400, encoding="utf-8")
    with pytest.raises(InputTooLarge):
        ingest_path(path, max_bytes=1000)
    assert main(["analyze", str(path), "--max-bytes", "1000"]) == 6
    assert "--max-bytes" in capsys.readouterr().err


def test_html_main_text_and_comments_are_separated():
    ingested = ingest_path(SAMPLES / "ministry-blockquote.html")
    kinds = [h.kind for h in ingested.hints]
    assert kinds[0] in {"headline", "body"} and "body" in kinds
    body = next(h for h in ingested.hints if h.kind == "body")
    assert "use cookies" not in ingested.text[body.start : body.end].lower()
    assert "<" not in ingested.text


@pytest.mark.parametrize("markup", [b"<html><body><script>var a = 1;</script></body></html>", b"<html><head><title>x</title></head><body></body></html>"])
def test_html_without_article_text_is_a_clear_error(markup):
    with pytest.raises((MalformedInput, EmptyInput)):
        ingest_bytes(markup, name="page.html", suffix=".html")
