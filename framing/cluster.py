"""Batch analysis on a Dask cluster: ``framing analyze INPUT ... --scheduler ADDRESS|local:N``.

How a run goes:

- The client (the ``framing`` process) streams the input items (``framing.batch.expand_inputs``),
  reads files itself (so workers need not see its disk, and standard input works) and groups the
  documents into partitions of ``partition_size`` documents (and at most ``PARTITION_BYTES``).
- At most ``max_in_flight`` partitions are submitted at once (default: two per worker thread); a
  new one is submitted only when a finished one has been written, so memory stays flat however
  large the input.
- Each partition is one pure task, ``analyze_partition``: it reads nothing and writes nothing, so
  Dask may run it again elsewhere when a worker dies. The worker process builds its pipeline
  (registry, models) once, through ``framing.batch``'s per-process cache, and keeps it for every
  partition it is sent.
- The client writes each finished partition as ``part-NNNNN.<format>`` in the output directory,
  atomically (a hidden temporary file, then a rename): a part file is complete or absent. Every
  document is in exactly one part file, keyed by its id; ``--resume`` reads the ids of the part
  files already written and skips those documents.

Output formats: ``jsonl`` (one line per document, as a local batch run writes), ``csv`` and
``parquet`` (one row per flag, a failed document as one row with its ``error``; the document ids
of a partition are kept beside a CSV part in ``part-NNNNN.ids`` and inside a Parquet part's
metadata, so a document without flags still counts as written).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.batch import BatchItem, is_table
from framing.errors import BATCH_PARTIAL_FAILURE, FramingError
from framing.ingest import DEFAULT_MAX_BYTES, ingest_bytes, ingest_text, read_bytes
from framing.report.tables import FLAG_COLUMNS, error_row, flags_table

OUTPUT_FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_PARTITION_SIZE = 100
PARTITION_BYTES = 8 * 1024 * 1024  # a partition is closed early when its documents reach this size
PART_PATTERN = re.compile(r"^part-(\d{5,})\.(jsonl|csv|parquet)$")
IDS_METADATA_KEY = b"framing.document_ids"


# Dask settings for the client, and for the scheduler and workers of a local cluster, so memory stays
# flat over a long run: every connection keeps its last low-level-log-length messages (1,000 by
# default, each message under 1 MB: a partition's documents are such messages), and the statistical
# profiler keeps a call tree per second of the last 1,000 seconds in each worker.
LEAN_CONFIG = {"distributed.admin.low-level-log-length": 20, "distributed.worker.profile.enabled": False}


class UsageError(FramingError):
    """A combination of options that cannot work (the exit code of argparse's usage errors)."""

    exit_code = 2


# ------------------------------------------------------------------ what travels to the workers


@dataclass(frozen=True)
class Work:
    """One document as sent to a worker: a table row's text, or a file's bytes read by the client."""

    doc_id: str
    text: str | None = None
    data: bytes | None = None
    name: str | None = None  # the file the bytes came from ("-" for standard input)
    error: str | None = None  # the document could not even be read

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else len(self.text or "") * 2


@dataclass
class PartitionResult:
    """What a worker sends back for one partition: the ids in input order, the failures, and the
    output already formatted (JSON lines, or flag rows)."""

    index: int
    ids: list[str]
    failures: list[tuple[str, str]]
    payload: list[Any]
    pid: int = 0
    loads: int = 0  # pipelines this worker process has built so far (1 when the cache works)
    seconds: float = 0.0


def to_work(item: BatchItem, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read a file item's bytes on the client; a file that cannot be read fails in its own row, with
    the message a local run gives."""
    if item.error:
        return Work(item.doc_id, error=item.error)
    if item.path is None:
        return Work(item.doc_id, text=item.text)
    try:
        return Work(item.doc_id, data=read_bytes(item.path, max_bytes=max_bytes), name=item.path)
    except FramingError as exc:
        return Work(item.doc_id, error=str(exc))
    except Exception as exc:
        return Work(item.doc_id, error=f"{item.doc_id}: internal error: {type(exc).__name__}: {exc}")


# ------------------------------------------------------------------ worker side

_LOCK = threading.Lock()
_LOADS = 0
_WARM: set[int] = set()


def _pipeline(settings: dict[str, Any]):
    """This process's pipeline for ``settings``: built once (framing.batch's per-process cache) and
    warmed up once, under a lock so that a worker with several threads builds it only once."""
    global _LOADS
    from framing import batch

    with _LOCK:
        before = batch._WORKER_PIPELINE
        pipeline = batch._worker_pipeline(settings)
        if before is None or before[1] is not pipeline:
            _LOADS += 1
        if id(pipeline) not in _WARM:
            try:
                pipeline.warm_up()
                _WARM.add(id(pipeline))
            except Exception:  # reported with each document below, as a local run reports it
                pass
    return pipeline


def worker_state() -> dict[str, int]:
    """This process's id and how many pipelines it has built (run on workers with ``client.run``)."""
    return {"pid": os.getpid(), "loads": _LOADS}


def jsonl_line(doc_id: str, document: dict[str, Any] | None, error: str | None) -> str:
    """One line of ``--format jsonl`` output, exactly as a local batch run writes it."""
    row: dict[str, Any] = {"id": doc_id, "ok": error is None, "error": error}
    if error is None and document is not None:
        row.update({k: v for k, v in document.items() if k != "id"})
    return json.dumps(row, ensure_ascii=False)


def failure_payload(doc_id: str, error: str, fmt: str) -> list[Any]:
    return [jsonl_line(doc_id, None, error)] if fmt == "jsonl" else [error_row(doc_id, error)]


def _analyze_work(work: Work, pipeline, fmt: str, max_bytes: int, encoding: str | None) -> tuple[list[Any], str | None]:
    if work.error:
        return failure_payload(work.doc_id, work.error, fmt), work.error
    try:
        if isinstance(pipeline, BaseException):
            raise pipeline
        if work.data is not None:
            if work.name == "-":
                ingested = ingest_bytes(work.data, name="standard input", encoding=encoding, max_bytes=max_bytes)
            else:
                ingested = ingest_bytes(
                    work.data, name=work.name or work.doc_id, suffix=Path(work.name or "").suffix, encoding=encoding, max_bytes=max_bytes
                )
        else:
            ingested = ingest_text(work.text or "", name=work.doc_id)
        document = pipeline.analyze(ingested, doc_id=work.doc_id)
        if fmt == "jsonl":
            from framing.report.json import document_json

            return [jsonl_line(work.doc_id, document_json(document), None)], None
        return flags_table(document), None
    except FramingError as exc:
        error = str(exc)
    except Exception as exc:  # one broken document must not stop a batch of thousands
        error = f"{work.doc_id}: internal error: {type(exc).__name__}: {exc}"
    return failure_payload(work.doc_id, error, fmt), error


def analyze_partition(
    index: int,
    works: list[Work],
    settings: dict[str, Any],
    fmt: str = "jsonl",
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> PartitionResult:
    """The task run on a worker: analyse one partition and return its formatted output. Pure: it
    touches no file, so running it twice (after a worker died) gives the same result."""
    start = time.perf_counter()
    try:
        pipeline: Any = _pipeline(settings)
    except Exception as exc:
        pipeline = exc
    payload: list[Any] = []
    failures: list[tuple[str, str]] = []
    for work in works:
        rows, error = _analyze_work(work, pipeline, fmt, max_bytes, encoding)
        payload.extend(rows)
        if error is not None:
            failures.append((work.doc_id, error))
    return PartitionResult(
        index, [w.doc_id for w in works], failures, payload, os.getpid(), _LOADS, time.perf_counter() - start
    )


# ------------------------------------------------------------------ output files


def part_path(directory: Path, index: int, fmt: str) -> Path:
    return Path(directory) / f"part-{index:05d}.{fmt}"


def _ids_path(part: Path) -> Path:
    return part.with_suffix(".ids")


def _atomic_write(final: Path, write: Callable[[Path], None]) -> None:
    """Write through a hidden temporary file in the same directory, then rename it into place."""
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        write(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda tmp: tmp.write_bytes(data)


def flag_schema(ids: list[str] | None = None):
    """The Parquet schema of flag rows: FLAG_COLUMNS, typed; ``ids`` go into its metadata."""
    import pyarrow as pa

    types = {"flag": pa.int32(), "start": pa.int64(), "end": pa.int64(), "score": pa.float64(), "attribution": pa.int32()}
    schema = pa.schema([pa.field(name, types.get(name, pa.string())) for name in FLAG_COLUMNS])
    if ids is not None:
        schema = schema.with_metadata({IDS_METADATA_KEY: json.dumps(ids, ensure_ascii=False).encode("utf-8")})
    return schema


def write_partition(directory: Path, result: PartitionResult, fmt: str) -> Path:
    """Write one finished partition as part-NNNNN.<fmt>; the rename of that file is the commit."""
    final = part_path(directory, result.index, fmt)
    if fmt == "jsonl":
        _atomic_write(final, _write_bytes("".join(line + "\n" for line in result.payload).encode("utf-8")))
    elif fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=FLAG_COLUMNS)
        writer.writeheader()
        writer.writerows(result.payload)
        # The ids first: a CSV part without its .ids file is never left behind.
        _atomic_write(_ids_path(final), _write_bytes(json.dumps(result.ids, ensure_ascii=False).encode("utf-8")))
        _atomic_write(final, _write_bytes(buffer.getvalue().encode("utf-8")))
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(result.payload, schema=flag_schema(result.ids))
        _atomic_write(final, lambda tmp: pq.write_table(table, tmp))
    else:
        raise UsageError(f"unknown output format {fmt!r}; one of {', '.join(OUTPUT_FORMATS)}")
    return final


class ParquetFlagWriter:
    """``--format parquet`` for a local batch run: flag rows streamed into one Parquet file, in row
    groups, through a temporary file renamed into place on ``close``. The DictWriter calls that
    framing.cli uses for CSV work on it too."""

    def __init__(self, path: str | Path | None, *, row_group: int = 10_000):
        if not path:
            raise UsageError("--format parquet writes a binary file: give --output FILE")
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        self.schema = flag_schema()
        self.writer = pq.ParquetWriter(self.tmp, self.schema)
        self.rows: list[dict[str, Any]] = []
        self.row_group = row_group

    def writeheader(self) -> None:
        pass

    def writerow(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.row_group:
            self._flush()

    def writerows(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        os.replace(self.tmp, self.path)


def read_part_ids(path: Path) -> list[str]:
    """The ids of the documents a part file holds (all of them, with or without flags)."""
    path = Path(path)
    suffix = path.suffix
    if suffix == ".jsonl":
        ids = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    ids.append(_jsonl_id(line))
        return ids
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        metadata = pq.read_schema(path).metadata or {}
        if IDS_METADATA_KEY in metadata:
            return json.loads(metadata[IDS_METADATA_KEY])
        return list(dict.fromkeys(pq.read_table(path, columns=["document_id"]).column("document_id").to_pylist()))
    ids_file = _ids_path(path)
    if ids_file.exists():
        return json.loads(ids_file.read_text(encoding="utf-8"))
    with path.open(encoding="utf-8", newline="") as handle:
        return list(dict.fromkeys(row["document_id"] for row in csv.DictReader(handle)))


_DECODER = json.JSONDecoder()


def _jsonl_id(line: str) -> str:
    # Lines are written with "id" first, so the id is read without parsing a whole document.
    if line.startswith('{"id": '):
        try:
            return _DECODER.raw_decode(line, 7)[0]
        except ValueError:
            pass
    return json.loads(line)["id"]


@dataclass
class OutputState:
    done: set[str] = field(default_factory=set)
    next_index: int = 0
    parts: int = 0


def prepare_output(directory: str | Path, fmt: str, *, resume: bool) -> OutputState:
    """Create the output directory, or (``resume``) read which documents it already holds. Leftovers
    of an interrupted write (temporary files, a CSV part's ids without the part) are removed."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: with --scheduler, --output names a directory (results are written per partition)")
    directory.mkdir(parents=True, exist_ok=True)
    state = OutputState()
    parts = sorted((p for p in directory.iterdir() if PART_PATTERN.match(p.name)), key=lambda p: p.name)
    if parts and not resume:
        raise UsageError(f"{directory}: already holds part files; add --resume to continue that run, or choose an empty directory")
    other = {p.suffix[1:] for p in parts} - {fmt}
    if other:
        raise UsageError(f"{directory}: holds {', '.join(sorted(other))} part files; resume with that --format")
    for leftover in directory.glob(".part-*.tmp-*"):
        leftover.unlink(missing_ok=True)
    for ids_file in directory.glob("part-*.ids"):
        if not ids_file.with_suffix(".csv").exists():
            ids_file.unlink(missing_ok=True)
    for part in parts:
        ids = read_part_ids(part)
        state.done.update(ids)
        state.next_index = max(state.next_index, int(PART_PATTERN.match(part.name).group(1)) + 1)
        state.parts += 1
    return state


# ------------------------------------------------------------------ the client side


def parse_local(scheduler: str) -> int | None:
    """``local`` or ``local:N``: the number of worker processes of a LocalCluster; None otherwise."""
    if scheduler != "local" and not scheduler.startswith("local:"):
        return None
    count = scheduler.partition(":")[2]
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or int(count) < 1:
        raise UsageError(f"--scheduler {scheduler}: local:N needs a whole number of workers, 1 or more")
    return int(count)


@contextmanager
def connect(scheduler: str, *, dashboard_address: str = "127.0.0.1:8787", timeout: float = 30, silence_logs: int = logging.WARNING):
    """A Dask client: to the scheduler at ``scheduler``, or to a LocalCluster started here for
    ``local:N`` (N single-threaded worker processes, every address on 127.0.0.1) and closed after;
    both with ``LEAN_CONFIG`` while the client is open."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise FramingError("--scheduler needs Dask: pip install 'framing[cluster]'") from None
    workers = parse_local(scheduler)
    with dask.config.set(LEAN_CONFIG):
        cluster = None
        try:
            if workers is not None:
                cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=dashboard_address, silence_logs=silence_logs,
                )
                client = Client(cluster)
            else:
                client = Client(scheduler, timeout=timeout)
        except BaseException as exc:
            if cluster is not None:
                cluster.close()
            if isinstance(exc, (OSError, TimeoutError, ValueError)):
                raise FramingError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            raise
        try:
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def dashboard_link(client) -> str | None:
    """The scheduler's dashboard address, or None when it serves none."""
    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        return client.dashboard_link
    except Exception:
        return None


def _has_bokeh() -> bool:
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def partitions(
    items: Iterable[BatchItem],
    *,
    skip: set[str],
    size: int = DEFAULT_PARTITION_SIZE,
    max_partition_bytes: int = PARTITION_BYTES,
    start: int = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    counters: dict[str, int] | None = None,
) -> Iterator[tuple[int, list[Work]]]:
    """Group items into numbered partitions, lazily, skipping the ids in ``skip``. Ids are made
    unique (``id#2`` for the second document of the same id) so each document is keyed by its id."""
    counters = counters if counters is not None else {}
    counters.setdefault("skipped", 0)
    counters.setdefault("renamed", 0)
    seen: set[str] = set()
    index = start
    batch: list[Work] = []
    weight = 0
    for item in items:
        doc_id = item.doc_id
        if doc_id in seen:
            n = 2
            while f"{doc_id}#{n}" in seen:
                n += 1
            doc_id = f"{doc_id}#{n}"
            counters["renamed"] += 1
        seen.add(doc_id)
        if doc_id in skip:
            counters["skipped"] += 1
            continue
        if doc_id != item.doc_id:
            item = BatchItem(doc_id, path=item.path, text=item.text, error=item.error)
        work = to_work(item, max_bytes=max_bytes)
        batch.append(work)
        weight += work.size
        if len(batch) >= size or weight >= max_partition_bytes:
            yield index, batch
            index += 1
            batch, weight = [], 0
    if batch:
        yield index, batch


@dataclass
class RunSummary:
    documents: int = 0  # analysed (or failed) in this run
    failed: int = 0
    skipped: int = 0  # already in the output (--resume)
    partitions: int = 0
    seconds: float = 0.0
    dashboard: str | None = None
    workers: dict[int, int] = field(default_factory=dict)  # worker pid -> pipelines it built


def run_on_cluster(
    items: Iterable[BatchItem],
    output: str | Path,
    *,
    scheduler: str,
    fmt: str = "jsonl",
    settings: dict[str, Any] | None = None,
    resume: bool = False,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    max_in_flight: int | None = None,
    progress: bool = False,
    total: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    client=None,
    on_partition: Callable[[PartitionResult, Path], None] | None = None,
    report: Callable[[str], None] | None = None,
) -> RunSummary:
    """Analyse ``items`` on the Dask cluster at ``scheduler`` (or ``local:N``) and write one part
    file per partition into the directory ``output``. ``client``: an open Dask client to use
    instead of connecting. ``on_partition`` is called after each part file is written."""
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"--format {fmt} cannot be written per partition; use one of {', '.join(OUTPUT_FORMATS)}")
    if partition_size < 1:
        raise UsageError("--partition-size must be 1 or more")
    report = report or (lambda message: print(message, file=sys.stderr))
    directory = Path(output)
    state = prepare_output(directory, fmt, resume=resume)
    if resume and state.parts:
        report(f"framing: resuming: {len(state.done)} documents in {state.parts} part files are already written")
    settings = settings or {}
    if client is not None:
        return _run(client, items, directory, state, fmt, settings, partition_size, max_in_flight, progress, total, max_bytes, encoding, on_partition, report)
    with connect(scheduler) as own:
        return _run(own, items, directory, state, fmt, settings, partition_size, max_in_flight, progress, total, max_bytes, encoding, on_partition, report)


def _run(client, items, directory, state, fmt, settings, partition_size, max_in_flight, progress, total, max_bytes, encoding, on_partition, report) -> RunSummary:
    from concurrent.futures import CancelledError  # what a cancelled Dask future raises, in every version

    from distributed import as_completed

    summary = RunSummary(dashboard=dashboard_link(client))
    started = time.perf_counter()
    if summary.dashboard:
        hint = "" if _has_bokeh() else " (its pages need Bokeh: pip install 'bokeh>=3.1')"
        report(f"framing: Dask dashboard at {summary.dashboard}{hint}")
    else:
        report("framing: the Dask scheduler serves no dashboard")
    threads = sum(client.nthreads().values())
    if not threads:
        report("framing: the scheduler has no workers yet; partitions wait until some join")
    cap = max_in_flight or max(4, 2 * threads)
    counters: dict[str, int] = {}
    stream = partitions(
        items, skip=state.done, size=partition_size, start=state.next_index, max_bytes=max_bytes, counters=counters
    )
    bar = None
    if progress:
        from tqdm import tqdm

        remaining = None if total is None else max(total - len(state.done), 0)
        bar = tqdm(total=remaining, unit="doc", file=sys.stderr, desc="analysing", dynamic_ncols=True)

    def say(message: str) -> None:
        if bar is not None:
            bar.write(message, file=sys.stderr)
        else:
            report(message)

    run = uuid.uuid4().hex[:8]
    pending: dict[Any, tuple[int, list[str]]] = {}
    queue = as_completed()

    def submit_more() -> None:
        while len(pending) < cap:
            nxt = next(stream, None)
            if nxt is None:
                return
            index, works = nxt
            future = client.submit(
                analyze_partition, index, works, settings, fmt, max_bytes, encoding,
                key=f"framing-{run}-part-{index:05d}", pure=True,
            )
            pending[future] = (index, [w.doc_id for w in works])
            queue.add(future)

    try:
        submit_more()
        for future in queue:
            index, ids = pending.pop(future)
            try:
                result = future.result()
            except CancelledError:
                raise FramingError(
                    "the Dask scheduler cancelled the run (was it restarted?); complete partitions are written: "
                    "run the same command with --resume to finish"
                ) from None
            except Exception as exc:  # KilledWorker (the partition killed its worker every time) or a task error
                error = f"partition {index:05d} failed on the cluster ({type(exc).__name__}: {exc})"
                result = PartitionResult(
                    index, ids, [(i, f"{i}: {error}") for i in ids],
                    [row for i in ids for row in failure_payload(i, f"{i}: {error}", fmt)],
                )
            future.release()
            del future
            write_partition(directory, result, fmt)
            summary.partitions += 1
            summary.documents += len(result.ids)
            summary.failed += len(result.failures)
            if result.pid:
                summary.workers[result.pid] = max(summary.workers.get(result.pid, 0), result.loads)
            for _, error in result.failures:
                say(f"framing: error: {error}")
            if bar is not None:
                bar.update(len(result.ids))
            if on_partition is not None:
                on_partition(result, part_path(directory, result.index, fmt))
            submit_more()
    finally:
        if pending:
            client.cancel(list(pending))
        if bar is not None:
            bar.close()
    summary.skipped = counters.get("skipped", 0)
    if counters.get("renamed"):
        report(f"framing: warning: {counters['renamed']} documents had an id already used in this run; they were renamed id#N")
    summary.seconds = time.perf_counter() - started
    return summary


def estimate_total(inputs: Iterable[str]) -> int | None:
    """How many documents the inputs hold, when that is cheap to know (files, directories, Parquet
    metadata); None for CSV/JSONL tables, which would have to be read twice."""
    count = 0
    for raw in inputs:
        path = Path(raw)
        if raw == "-":
            count += 1
        elif path.is_dir():
            count += sum(1 for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.suffix.lower() == ".parquet":
            try:
                import pyarrow.parquet as pq

                count += pq.ParquetFile(path).metadata.num_rows
            except Exception:
                return None
        elif is_table(raw):
            return None
        else:
            count += 1
    return count


def run_cli(args, items: Iterable[BatchItem], fmt: str) -> int:
    """``framing analyze ... --scheduler``: the command line's side of a cluster run."""
    from framing.cli import pipeline_settings

    if not args.output:
        raise UsageError("--scheduler writes one file per partition: give --output DIRECTORY")
    progress = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    summary = run_on_cluster(
        items, args.output, scheduler=args.scheduler, fmt=fmt, settings=pipeline_settings(args), resume=args.resume,
        partition_size=args.partition_size, progress=progress, total=estimate_total(args.inputs) if progress else None,
        max_bytes=args.max_bytes, encoding=args.encoding,
    )
    done = summary.documents - summary.failed
    skipped = f", {summary.skipped} already written" if summary.skipped else ""
    print(
        f"framing: {done} of {summary.documents} documents analysed, {summary.failed} failed{skipped}; "
        f"{summary.partitions} part files in {args.output} ({summary.documents / max(summary.seconds, 1e-9):.1f} documents/s)",
        file=sys.stderr,
    )
    return BATCH_PARTIAL_FAILURE if summary.failed else 0
