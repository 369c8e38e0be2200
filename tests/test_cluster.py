"""Batch runs on a Dask cluster (framing.cluster): the same results as a local run, document by
document; no document lost or written twice when a worker dies; --resume after Ctrl-C writes only
the missing documents.

One LocalCluster (2 single-threaded worker processes, every address on 127.0.0.1) serves the
module. The session's ``pipeline`` fixture trains the models into the session's FRAMING_CACHE
before the workers start, so the workers load the cached models instead of training.
"""

from __future__ import annotations

import collections
import csv
import importlib.util
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from framing.cli import build_parser, main, pipeline_settings
from framing.errors import BATCH_PARTIAL_FAILURE
from tests.conftest import ROOT, SAMPLES

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")

from framing import cluster as fc  # noqa: E402
from framing.batch import BatchItem, expand_inputs  # noqa: E402
from framing.report.tables import FLAG_COLUMNS  # noqa: E402


def _generate(n: int, words: int, seed: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("framing_bench_articles", ROOT / "benchmarks" / "articles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(n, words=words, seed=seed)


def _write_parquet(path: Path, ids: list, texts: list) -> Path:
    pq.write_table(pa.table({"id": ids, "text": texts}), path)
    return path


@pytest.fixture(scope="module")
def client(pipeline):
    """The module's cluster, started the way ``--scheduler local:2`` starts one."""
    with fc.connect("local:2", dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as client:
        client.wait_for_workers(2)
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The bundled samples, two broken files, a calm note without flags, and generated articles in a
    Parquet table (one row with no text, one duplicated id)."""
    folder = tmp_path_factory.mktemp("cluster-inputs")
    broken = folder / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (broken / "calm.txt").write_text("Rain expected\n\nIt will rain in the city on Tuesday.\n", encoding="utf-8")
    texts = _generate(30, words=250, seed=3)
    ids = [f"gen-{i:03d}" for i in range(len(texts))]
    ids[7] = ids[6]  # made unique by the table reader: gen-006#8
    texts[11] = None  # fails in its own row: the value is not text
    table = _write_parquet(folder / "articles.parquet", ids, texts)
    return [str(SAMPLES), str(broken), str(table), "--text-column", "text", "--id-column", "id"]


@pytest.fixture(scope="module")
def local_jsonl(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "local.jsonl"
    assert main(["analyze", *inputs, "--format", "jsonl", "-o", str(out), "--jobs", "1"]) == BATCH_PARTIAL_FAILURE
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def local_csv(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "local.csv"
    assert main(["analyze", *inputs, "--format", "csv", "-o", str(out), "--jobs", "1"]) == BATCH_PARTIAL_FAILURE
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _parts(directory: Path, fmt: str) -> list[Path]:
    return sorted(directory.glob(f"part-*.{fmt}"))


def _jsonl_rows(directory: Path) -> list[dict]:
    return [json.loads(line) for part in _parts(directory, "jsonl") for line in part.read_text(encoding="utf-8").splitlines()]


def _as_csv_cells(row: dict) -> dict:
    return {k: "" if v is None else str(v) for k, v in row.items()}


def test_cluster_run_equals_local_run_document_by_document(client, inputs, local_jsonl, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["analyze", *inputs, "--scheduler", client.scheduler.address, "-o", str(out), "--partition-size", "6"])
    assert code == BATCH_PARTIAL_FAILURE
    err = capsys.readouterr().err
    assert "Dask dashboard at http://127.0.0.1:" in err
    assert "empty.txt" in err and "binary.txt" in err and "gen-011" in err

    rows = _jsonl_rows(out)
    assert [r["id"] for r in rows] == [r["id"] for r in local_jsonl]  # part files in order = input order
    assert len(_parts(out, "jsonl")) == -(-len(rows) // 6)
    for mine, theirs in zip(rows, local_jsonl):
        assert mine == theirs, mine["id"]
    assert {r["id"] for r in rows if not r["ok"]} == {"empty.txt", "binary.txt", "gen-011"}
    assert "gen-006#8" in {r["id"] for r in rows}
    assert sum(bool(r["ok"] and r["flags"]) for r in rows) > 20

    # The model and registry were loaded once per worker process, not once per task.
    states = client.run(fc.worker_state)
    assert len(states) == 2 and all(state["loads"] == 1 for state in states.values())
    assert not list(out.glob(".*")), "no temporary files left behind"


def test_parquet_and_csv_part_files_hold_the_local_flag_rows(client, inputs, local_csv, local_jsonl, tmp_path):
    address = client.scheduler.address
    assert main(["analyze", *inputs, "--scheduler", address, "-o", str(tmp_path / "pq"), "--format", "parquet", "--partition-size", "8"]) == BATCH_PARTIAL_FAILURE
    assert main(["analyze", *inputs, "--scheduler", address, "-o", str(tmp_path / "csv"), "--format", "csv", "--partition-size", "8"]) == BATCH_PARTIAL_FAILURE

    parts = _parts(tmp_path / "pq", "parquet")
    assert len(parts) > 1
    tables = [pq.read_table(p) for p in parts]
    assert all(t.column_names == FLAG_COLUMNS for t in tables)
    assert tables[0].schema.field("score").type == pa.float64() and tables[0].schema.field("start").type == pa.int64()
    rows = [_as_csv_cells(r) for t in tables for r in t.to_pylist()]
    assert rows == local_csv
    assert {r["document_id"] for r in rows if r["error"]} == {"empty.txt", "binary.txt", "gen-011"}

    csv_rows = []
    for part in _parts(tmp_path / "csv", "csv"):
        with part.open(encoding="utf-8", newline="") as handle:
            csv_rows += list(csv.DictReader(handle))
    assert csv_rows == local_csv

    # Every document, with flags or not, is recorded in its part file (what --resume reads).
    all_ids = [r["id"] for r in local_jsonl]
    assert "calm.txt" in all_ids and "calm.txt" not in {r["document_id"] for r in local_csv}  # no flag, no row
    for fmt, directory in (("parquet", tmp_path / "pq"), ("csv", tmp_path / "csv")):
        assert [i for part in _parts(directory, fmt) for i in fc.read_part_ids(part)] == all_ids


def test_local_parquet_output_matches_local_csv(tmp_path, pipeline):
    out_pq, out_csv = tmp_path / "flags.parquet", tmp_path / "flags.csv"
    assert main(["analyze", str(SAMPLES), "--format", "parquet", "-o", str(out_pq)]) == 0
    assert main(["analyze", str(SAMPLES), "--format", "csv", "-o", str(out_csv)]) == 0
    with out_csv.open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    assert [_as_csv_cells(r) for r in pq.read_table(out_pq).to_pylist()] == expected
    assert not list(tmp_path.glob(".*"))


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(client, tmp_path):
    texts = _generate(45, words=250, seed=11)
    items = [BatchItem(f"k{i:03d}", text=t) for i, t in enumerate(texts)]
    killed: list[int] = []
    in_flight: list[int] = []

    def kill_a_busy_worker(result, path):
        in_flight.append(len(client.futures))  # the partitions submitted and not yet written
        if killed:
            return
        in_hand = client.processing()
        victim = max(in_hand, key=lambda address: len(in_hand[address]))  # a worker with partitions in hand
        pid = client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        killed.append(len(in_hand[victim]))

    out = tmp_path / "killed"
    settings = pipeline_settings(build_parser().parse_args(["analyze", "-"]))  # as the CLI runs: the workers' cached pipeline
    summary = fc.run_on_cluster(
        items, out, scheduler="unused", client=client, settings=settings, partition_size=3,
        on_partition=kill_a_busy_worker, report=lambda m: None,
    )
    assert killed and killed[0] >= 1, "the killed worker had partitions in hand"
    assert max(in_flight) <= 4  # two per worker thread: the input is not all submitted at once
    ids = [i for part in _parts(out, "jsonl") for i in fc.read_part_ids(part)]
    counts = collections.Counter(ids)
    assert set(counts) == {item.doc_id for item in items}
    assert max(counts.values()) == 1
    rows = _jsonl_rows(out)
    assert all(r["ok"] for r in rows)
    assert summary.documents == len(items) and summary.failed == 0
    assert all(loads == 1 for loads in summary.workers.values())  # the restarted worker loaded once too
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker for the next test


def test_resume_after_ctrl_c_writes_only_the_missing_documents(client, tmp_path):
    texts = _generate(90, words=250, seed=5)
    table = _write_parquet(tmp_path / "feed.parquet", [f"r{i:03d}" for i in range(len(texts))], texts)
    out = tmp_path / "out"
    command = [
        "analyze", str(table), "--text-column", "text", "--id-column", "id", "--scheduler", client.scheduler.address,
        "-o", str(out), "--partition-size", "3", "--progress", "never",
    ]
    proc = subprocess.Popen([sys.executable, "-m", "framing", *command], stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    try:
        deadline = time.monotonic() + 120
        while not _parts(out, "jsonl") and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not list(out.glob(".*")), "an interrupted write leaves no temporary file"

    first_parts = _parts(out, "jsonl")
    written = [i for part in first_parts for i in fc.read_part_ids(part)]
    for part in first_parts:  # every part file left behind is complete
        assert all(json.loads(line)["ok"] for line in part.read_text(encoding="utf-8").splitlines())
    assert 0 < len(written) < len(texts), "the run should have been stopped part-way"

    kept = {p: p.read_bytes() for p in first_parts}
    assert main([*command, "--resume"]) == 0
    new_parts = sorted(set(_parts(out, "jsonl")) - set(first_parts))
    assert new_parts and all(p.name > first_parts[-1].name for p in new_parts)
    assert {p: p.read_bytes() for p in first_parts} == kept  # the complete partitions are untouched
    resumed = [i for part in new_parts for i in fc.read_part_ids(part)]
    assert set(resumed).isdisjoint(written)
    everything = written + resumed
    assert len(everything) == len(set(everything)) == len(texts)

    # Resuming a finished run writes nothing more.
    finished = _parts(out, "jsonl")
    assert main([*command, "--resume"]) == 0
    assert _parts(out, "jsonl") == finished


# ------------------------------------------------------------------ no cluster needed


def test_partitions_are_bounded_in_count_and_bytes_and_keyed_by_unique_ids():
    items = [BatchItem(f"d{i}", text="x" * 1000) for i in range(10)] + [BatchItem("d1", text="again")]
    counters: dict = {}
    parts = list(fc.partitions(items, skip={"d0"}, size=4, max_partition_bytes=5000, start=7, counters=counters))
    assert [index for index, _ in parts] == [7, 8, 9, 10]
    assert [[w.doc_id for w in works] for _, works in parts] == [
        ["d1", "d2", "d3"], ["d4", "d5", "d6"], ["d7", "d8", "d9"], ["d1#2"],
    ]
    assert counters == {"skipped": 1, "renamed": 1}


def test_file_items_are_read_by_the_client_and_unreadable_ones_fail_in_their_row(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nThe ministry said so.", encoding="utf-8")
    work = fc.to_work(BatchItem("a.txt", path=str(tmp_path / "a.txt")))
    assert work.data and work.name.endswith("a.txt")
    missing = fc.to_work(BatchItem("gone.txt", path=str(tmp_path / "gone.txt")))
    assert missing.error and "no such file" in missing.error
    big = fc.to_work(BatchItem("a.txt", path=str(tmp_path / "a.txt")), max_bytes=5)
    assert "larger than the limit" in big.error


def test_output_directory_rules(tmp_path):
    out = tmp_path / "out"
    state = fc.prepare_output(out, "jsonl", resume=False)
    assert out.is_dir() and state.next_index == 0 and not state.done
    fc.write_partition(out, fc.PartitionResult(3, ["a", "b"], [], ['{"id": "a", "ok": true}', '{"id": "b", "ok": true}']), "jsonl")
    (out / ".part-00004.jsonl.tmp-1-abc").write_text("half a parti")
    with pytest.raises(fc.UsageError, match="--resume"):
        fc.prepare_output(out, "jsonl", resume=False)
    with pytest.raises(fc.UsageError, match="jsonl"):
        fc.prepare_output(out, "csv", resume=True)
    state = fc.prepare_output(out, "jsonl", resume=True)
    assert state.done == {"a", "b"} and state.next_index == 4 and state.parts == 1
    assert not list(out.glob(".*"))

    # A CSV part's ids are written before the part; ids left without a part are an unfinished write.
    csv_out = tmp_path / "csv"
    fc.prepare_output(csv_out, "csv", resume=False)
    fc.write_partition(csv_out, fc.PartitionResult(0, ["x", "y"], [], []), "csv")
    (csv_out / "part-00001.ids").write_text('["z"]')
    state = fc.prepare_output(csv_out, "csv", resume=True)
    assert state.done == {"x", "y"} and state.next_index == 1 and not (csv_out / "part-00001.ids").exists()

    a_file = tmp_path / "file.jsonl"
    a_file.write_text("")
    with pytest.raises(fc.UsageError, match="directory"):
        fc.prepare_output(a_file, "jsonl", resume=False)


def test_scheduler_option_errors(tmp_path, capsys):
    assert fc.parse_local("local:3") == 3 and fc.parse_local("tcp://127.0.0.1:8786") is None
    assert fc.parse_local("local") >= 1
    with pytest.raises(fc.UsageError):
        fc.parse_local("local:none")
    sample = str(SAMPLES / "wire-neutral.txt")
    assert main(["analyze", sample, "--resume"]) == 2
    assert "--scheduler" in capsys.readouterr().err
    assert main(["analyze", sample, "--scheduler", "local:1"]) == 2
    assert "--output DIRECTORY" in capsys.readouterr().err
    assert main(["analyze", sample, "--scheduler", "local:1", "-o", str(tmp_path / "o"), "--format", "html"]) == 2
    assert main(["analyze", sample, "--format", "parquet"]) == 2
    assert "--output FILE" in capsys.readouterr().err


def test_parquet_input_streams_rows_and_names_missing_columns(tmp_path, capsys):
    table = _write_parquet(tmp_path / "t.parquet", [1, 2, None], ["Headline\n\nThe envoy met officials, the ministry said.", None, "Text."])
    items = list(expand_inputs([str(table)], text_column="text", id_column="id"))
    assert [(i.doc_id, i.text is not None, i.error is not None) for i in items] == [("1", True, False), ("2", False, True), ("t.parquet:3", True, False)]
    assert main(["analyze", str(table), "--text-column", "body"]) == 8
    assert "no column 'body'" in capsys.readouterr().err
    not_parquet = tmp_path / "bad.parquet"
    not_parquet.write_text("id,text\n")
    assert main(["analyze", str(not_parquet), "--text-column", "text"]) == 8
