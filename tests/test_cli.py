import csv
import json
import shutil

import pytest

from framing.cli import main
from framing.errors import BATCH_PARTIAL_FAILURE
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def sample():
    return SAMPLES / "ministry-blockquote.txt"


def test_json_format(sample, capsys, pipeline):
    assert main(["analyze", str(sample), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"]
    for item in data["sections"] + data["sentences"] + data["attributions"] + data["flags"]:
        assert data["text"][item["start"] : item["end"]] == item.get("text", data["text"][item["start"] : item["end"]])


def test_text_format_marks_flags_without_colour(sample, capsys, pipeline):
    assert main(["analyze", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "── Flags ──" in out and "\033[" not in out
    assert "Who is quoted" in out


def test_html_format_is_self_contained_and_escaped(tmp_path, capsys, pipeline):
    hostile = tmp_path / "x.txt"
    hostile.write_text("A headline <b>bold</b>\n\nThe regime's <script>alert(1)</script> thugs attacked, sources said.", encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["analyze", str(hostile), "--format", "html", "--output", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page
    assert 'src="http' not in page and "<link" not in page


def test_stdin(monkeypatch, capsys, pipeline):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Headline\n\nThe envoy met officials, the ministry said.")))
    assert main(["analyze", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["attributions"]


@pytest.fixture()
def batch_dir(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary")
    return folder


def test_batch_directory_jsonl(batch_dir, tmp_path, capsys, pipeline):
    out = tmp_path / "out.jsonl"
    code = main(["analyze", str(batch_dir), "--format", "jsonl", "--output", str(out), "--jobs", "1"])
    assert code == BATCH_PARTIAL_FAILURE
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(list(batch_dir.iterdir()))
    failed = {r["id"] for r in rows if not r["ok"]}
    assert failed == {"empty.txt", "binary.txt"}
    for row in rows:
        if row["ok"]:
            assert row["sentences"] and row["text"]
    err = capsys.readouterr().err
    assert "empty.txt" in err and "binary.txt" in err


def test_batch_csv_table_in_parallel(batch_dir, tmp_path, pipeline):
    table = tmp_path / "articles.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body"])
        for path in sorted(batch_dir.glob("*.txt")):
            writer.writerow([path.stem, path.read_bytes().decode("utf-8", errors="replace").replace("\x00", "")])
    out = tmp_path / "flags.csv"
    code = main(["analyze", str(table), "--text-column", "body", "--id-column", "id", "--format", "csv", "--output", str(out), "--jobs", "2"])
    assert code == BATCH_PARTIAL_FAILURE
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    errors = {r["document_id"] for r in rows if r["error"]}
    assert errors == {"empty"}  # the binary one became text with replacement characters and no NULs
    assert {r["document_id"] for r in rows if r["kind"]} >= {"ministry-blockquote", "oped-loaded"}


def test_table_without_text_column_is_a_clear_error(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("id,content\n1,hello there\n", encoding="utf-8")
    assert main(["analyze", str(table), "--text-column", "body"]) == 8
    assert "no column 'body'" in capsys.readouterr().err


def test_malformed_jsonl_rows_are_reported_per_row(tmp_path, capsys, pipeline):
    table = tmp_path / "t.jsonl"
    table.write_text('{"text": "Headline\\n\\nThe envoy met officials, the ministry said."}\n{not json}\n[1, 2]\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["analyze", str(table), "--text-column", "text", "--output", str(out)]) == BATCH_PARTIAL_FAILURE
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["ok"] for r in rows] == [True, False, False]
