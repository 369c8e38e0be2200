"""Many documents: expand inputs (paths, directories, CSV/JSONL/Parquet tables) into items, analyse them
with joblib across processes, and yield one result per document in input order.

A document that fails is reported in its own result and does not stop the batch.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import FramingError, InputNotFound, MalformedInput
from framing.ingest import DEFAULT_MAX_BYTES, decode, ingest_bytes, ingest_text, read_bytes

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".parquet"}


@dataclass(frozen=True)
class BatchItem:
    """One document to analyse: a path to read, or text taken from a table row."""

    doc_id: str
    path: str | None = None
    text: str | None = None
    error: str | None = None  # set when the item could not even be read from its table


@dataclass(frozen=True)
class BatchResult:
    doc_id: str
    document: dict[str, Any] | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def is_table(path: str) -> bool:
    return Path(path).suffix.lower() in TABLE_SUFFIXES


def expand_inputs(
    inputs: Iterable[str], *, text_column: str | None = None, id_column: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[BatchItem]:
    """Turn command-line inputs into documents: files as they are, directories walked for
    .txt/.md/.html files, and .csv/.jsonl/.parquet tables read row by row (``text_column``
    required). Items are produced lazily: a Parquet table is read a batch of rows at a time."""
    for raw in inputs:
        if raw == "-":
            yield BatchItem("stdin", path="-")
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not found:
                raise InputNotFound(f"{path}: directory holds no files")
            for p in found:
                yield BatchItem(str(p.relative_to(path)), path=str(p))
        elif is_table(raw):
            yield from read_table(path, text_column=text_column, id_column=id_column, max_bytes=max_bytes)
        else:
            yield BatchItem(path.name, path=str(path))


def read_table(
    path: Path, *, text_column: str | None, id_column: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[BatchItem]:
    if not text_column:
        raise MalformedInput(f"{path}: a table input needs --text-column to say which column holds the text")
    if path.suffix.lower() == ".parquet":
        yield from _items_from_rows(_parquet_rows(path, text_column, id_column), path, text_column=text_column, id_column=id_column)
        return
    data = read_bytes(path, max_bytes=max_bytes * 20)
    text, _, _ = decode(data, name=str(path))
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(text, path)
    else:
        rows = _jsonl_rows(text, path)
    yield from _items_from_rows(rows, path, text_column=text_column, id_column=id_column)


def _items_from_rows(
    rows: Iterable[dict[str, Any] | FramingError], path: Path, *, text_column: str, id_column: str | None
) -> Iterator[BatchItem]:
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        if isinstance(row, FramingError):
            yield BatchItem(f"{path.name}:{n}", error=str(row))
            continue
        if text_column not in row:
            raise MalformedInput(
                f"{path}: no column {text_column!r}; columns are: {', '.join(map(str, row)) or '(none)'}"
            )
        doc_id = str(row.get(id_column)) if id_column and row.get(id_column) not in (None, "") else f"{path.name}:{n}"
        if doc_id in seen:
            doc_id = f"{doc_id}#{n}"
        seen.add(doc_id)
        value = row[text_column]
        if not isinstance(value, str):
            yield BatchItem(doc_id, error=f"{doc_id}: the {text_column!r} value is not text")
        else:
            yield BatchItem(doc_id, text=value)


def _csv_rows(text: str, path: Path) -> Iterator[dict[str, Any] | FramingError]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise MalformedInput(f"{path}: the CSV file has no header row")
        for row in reader:
            if None in row:  # more cells than header columns
                yield MalformedInput(f"{path}, line {reader.line_num}: more cells than the header has columns")
            else:
                yield row
    except csv.Error as exc:
        raise MalformedInput(f"{path}: malformed CSV ({exc})") from None


def _parquet_rows(path: Path, text_column: str, id_column: str | None, batch_rows: int = 1024) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet table, read ``batch_rows`` at a time and only the columns needed, so a
    table larger than memory streams through (pyarrow, the engine pandas reads Parquet with)."""
    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise FramingError(f"{path}: reading Parquet needs pyarrow (pip install 'framing[cluster]')") from None
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:
        raise MalformedInput(f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})") from None
    names = table.schema_arrow.names
    if text_column not in names:
        raise MalformedInput(f"{path}: no column {text_column!r}; columns are: {', '.join(names) or '(none)'}")
    columns = [text_column] + ([id_column] if id_column and id_column in names and id_column != text_column else [])
    try:
        for batch in table.iter_batches(batch_size=batch_rows, columns=columns):
            yield from batch.to_pylist()
    except Exception as exc:
        raise MalformedInput(f"{path}: malformed Parquet data ({type(exc).__name__}: {exc})") from None


def _jsonl_rows(text: str, path: Path) -> Iterator[dict[str, Any] | FramingError]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedInput(f"{path}, line {n}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            yield MalformedInput(f"{path}, line {n}: expected a JSON object, got {type(row).__name__}")
            continue
        yield row


# ------------------------------------------------------------------ running

_WORKER_PIPELINE = None


def _worker_pipeline(settings: dict[str, Any]):
    # Each worker process builds its pipeline (registry, models) once and keeps it for all the
    # documents it is sent.
    global _WORKER_PIPELINE
    from framing.pipeline import Pipeline

    key = json.dumps(settings, sort_keys=True, default=str)
    if _WORKER_PIPELINE is None or _WORKER_PIPELINE[0] != key:
        _WORKER_PIPELINE = (key, Pipeline(**settings))
    return _WORKER_PIPELINE[1]


def analyze_item(item: BatchItem, settings: dict[str, Any], *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> BatchResult:
    if item.error:
        return BatchResult(item.doc_id, None, item.error)
    try:
        pipeline = _worker_pipeline(settings)
        if item.path is not None:
            if item.path == "-":
                data = read_bytes("-", max_bytes=max_bytes)
                ingested = ingest_bytes(data, name="standard input", encoding=encoding, max_bytes=max_bytes)
            else:
                data = read_bytes(item.path, max_bytes=max_bytes)
                ingested = ingest_bytes(
                    data, name=item.path, suffix=Path(item.path).suffix, encoding=encoding, max_bytes=max_bytes
                )
        else:
            ingested = ingest_text(item.text or "", name=item.doc_id)
        document = pipeline.analyze(ingested, doc_id=item.doc_id)
        from framing.report.json import document_json

        return BatchResult(item.doc_id, document_json(document), None)
    except FramingError as exc:
        return BatchResult(item.doc_id, None, str(exc))
    except Exception as exc:  # one broken document must not stop a batch of thousands
        return BatchResult(item.doc_id, None, f"{item.doc_id}: internal error: {type(exc).__name__}: {exc}")


def run_batch(
    items: list[BatchItem],
    *,
    settings: dict[str, Any] | None = None,
    jobs: int = 1,
    progress: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> Iterator[BatchResult]:
    """Analyse items, yielding results in input order as they finish."""
    settings = settings or {}
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), unit="doc", file=sys.stderr, desc="analysing")
    try:
        if jobs == 1:
            results: Iterable[BatchResult] = (analyze_item(i, settings, max_bytes=max_bytes, encoding=encoding) for i in items)
        else:
            from joblib import Parallel, delayed

            results = Parallel(n_jobs=jobs, return_as="generator", batch_size="auto")(
                delayed(analyze_item)(i, settings, max_bytes=max_bytes, encoding=encoding) for i in items
            )
        for result in results:
            if bar is not None:
                bar.update(1)
            yield result
    finally:
        if bar is not None:
            bar.close()
