"""The review queue: flags sent from analysed documents, and reviewers' decisions on them.

Everything lives in one SQLite file (``FRAMING_REVIEW_DB``, or ``review.sqlite3`` in the per-user
cache). Each decision is written in its own transaction the moment it is made; the database runs in
WAL mode with a busy timeout, so several dashboard sessions (or processes) can review at once
without losing a decision. Decisions are appended, never overwritten: the latest one for a flag
counts, and the history stays.

Reviewed loaded-language flags export as labelled sentences in the JSONL form that
``framing train --extra-labels FILE`` reads (``framing.learn.corpus.load_loaded_corpus``)::

    {"text": "<sentence>", "spans": [{"start": 4, "end": 9, "category": "hyperbole"}]}
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from framing.document import FLAG_KINDS, Document, Flag
from framing.errors import FramingError
from framing.learn.corpus import CATEGORIES

DB_ENV = "FRAMING_REVIEW_DB"
DB_FILE = "review.sqlite3"
DECISIONS = ("accept", "reject", "relabel")
STATUSES = ("pending", "decided", "all")
HELD_OUT_FRACTION = 0.3
BUSY_TIMEOUT_MS = 30_000
_READY: set[str] = set()  # databases this process has already set up

_SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    id INTEGER PRIMARY KEY,
    doc_key TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    subtype TEXT,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    score REAL NOT NULL,
    explanation TEXT NOT NULL,
    voice TEXT NOT NULL,
    speaker TEXT,
    sentence_text TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    added TEXT NOT NULL,
    UNIQUE (doc_key, kind, start_char, end_char)
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    flag_id INTEGER NOT NULL REFERENCES flags(id),
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'relabel')),
    label TEXT,
    note TEXT,
    reviewer TEXT,
    decided TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_flag ON decisions (flag_id, id);
"""

_LATEST = """
SELECT f.*, d.decision, d.label, d.note, d.reviewer, d.decided
FROM flags f
LEFT JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE flag_id = f.id)
"""


class ReviewError(FramingError):
    """The review database cannot be opened or written, or a decision is not valid."""


@dataclass(frozen=True)
class QueuedFlag:
    """One flag in the queue, with its latest decision (``decision`` is None while pending)."""

    id: int
    doc_key: str
    doc_id: str
    kind: str
    subtype: str | None
    start: int
    end: int
    text: str
    score: float
    explanation: str
    voice: str
    speaker: str | None
    sentence_text: str
    sentence_start: int
    added: str
    decision: str | None = None
    label: str | None = None
    note: str | None = None
    reviewer: str | None = None
    decided: str | None = None

    @property
    def pending(self) -> bool:
        return self.decision is None

    @property
    def span_in_sentence(self) -> tuple[int, int]:
        """The flag's offsets into ``sentence_text``, clipped to it."""
        n = len(self.sentence_text)
        start = min(max(self.start - self.sentence_start, 0), n)
        return start, min(max(self.end - self.sentence_start, start), n)

    @property
    def category(self) -> str | None:
        """The loaded-language category this flag stands for after review."""
        if self.decision == "relabel":
            return self.label
        return self.subtype


def default_db_path() -> Path:
    """``$FRAMING_REVIEW_DB``, else ``review.sqlite3`` in the per-user framing cache."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    from framing.learn.artifacts import cache_root

    return cache_root() / DB_FILE


def document_key(document: Document) -> str:
    """A stable key for a document's text, so the same article sent twice is queued once."""
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()[:16]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _sentence_of(document: Document, flag: Flag) -> tuple[str, int]:
    index = flag.details.get("sentence") if isinstance(flag.details, dict) else None
    if isinstance(index, int) and 0 <= index < len(document.sentences):
        sentence = document.sentences[index]
        if sentence.start <= flag.start and flag.end <= sentence.end:
            return sentence.text, sentence.start
    for sentence in document.sentences:
        if sentence.start <= flag.start < sentence.end:
            return sentence.text, sentence.start
    return flag.text, flag.start


class ReviewStore:
    """The review database. Cheap to create: every operation opens its own short connection."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        key = str(self.path.resolve())
        if key in _READY and self.path.exists():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(_SCHEMA)
            finally:
                conn.close()
        except (OSError, sqlite3.Error) as exc:
            raise ReviewError(f"review database {self.path}: cannot be opened ({exc})") from None
        _READY.add(key)

    # ------------------------------------------------------------------ connections

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once (BEGIN IMMEDIATE) and committed before returning."""
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise ReviewError(f"review database {self.path}: cannot be opened ({exc})") from None
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ReviewError(f"review database {self.path}: write failed ({exc})") from None
        finally:
            conn.close()

    def _query(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        try:
            conn = self._connect()
            try:
                return conn.execute(sql, tuple(params)).fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise ReviewError(f"review database {self.path}: read failed ({exc})") from None

    # ------------------------------------------------------------------ writing

    def add_document(self, document: Document, kinds: Iterable[str] | None = None) -> tuple[int, int]:
        """Queue a document's flags; return ``(added, already_queued)``."""
        wanted = set(kinds) if kinds is not None else set(FLAG_KINDS)
        key = document_key(document)
        added = already = 0
        with self._transaction() as conn:
            for flag in document.flags:
                if flag.kind not in wanted:
                    continue
                sentence_text, sentence_start = _sentence_of(document, flag)
                speaker = None
                if flag.attribution is not None and 0 <= flag.attribution < len(document.attributions):
                    speaker = document.attributions[flag.attribution].speaker_name
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO flags (doc_key, doc_id, kind, subtype, start_char, end_char, text, score,"
                    " explanation, voice, speaker, sentence_text, sentence_start, added)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key, document.id, flag.kind, flag.subtype, flag.start, flag.end, flag.text, float(flag.score),
                        flag.explanation, flag.voice, speaker, sentence_text, sentence_start, _now(),
                    ),
                )
                if cursor.rowcount:
                    added += 1
                else:
                    already += 1
        return added, already

    def decide(
        self, flag_id: int, decision: str, *, label: str | None = None, note: str | None = None, reviewer: str | None = None
    ) -> None:
        """Record a decision on a flag, committed before this returns."""
        if decision not in DECISIONS:
            raise ReviewError(f"unknown decision {decision!r}; one of {', '.join(DECISIONS)}")
        note = (note or "").strip() or None
        with self._transaction() as conn:
            row = conn.execute("SELECT kind FROM flags WHERE id = ?", (int(flag_id),)).fetchone()
            if row is None:
                raise ReviewError(f"no flag {flag_id} in the review queue")
            if decision == "relabel":
                if row["kind"] != "loaded_language":
                    raise ReviewError("only loaded-language flags can be relabelled; accept or reject this one")
                if label not in CATEGORIES:
                    raise ReviewError(f"unknown category {label!r}; one of {', '.join(CATEGORIES)}")
            else:
                label = None
            conn.execute(
                "INSERT INTO decisions (flag_id, decision, label, note, reviewer, decided) VALUES (?, ?, ?, ?, ?, ?)",
                (int(flag_id), decision, label, note, reviewer, _now()),
            )

    # ------------------------------------------------------------------ reading

    def queue(self, *, kinds: Iterable[str] | None = None, status: str = "pending", limit: int | None = None) -> list[QueuedFlag]:
        """Flags, highest score first; ``status`` is pending, decided or all."""
        if status not in STATUSES:
            raise ReviewError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        where, params = [], []
        if kinds is not None:
            kinds = list(kinds)
            if not kinds:
                return []
            where.append(f"f.kind IN ({', '.join('?' * len(kinds))})")
            params += kinds
        if status == "pending":
            where.append("d.id IS NULL")
        elif status == "decided":
            where.append("d.id IS NOT NULL")
        sql = _LATEST + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY f.score DESC, f.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_queued(row) for row in self._query(sql, params)]

    def get(self, flag_id: int) -> QueuedFlag | None:
        rows = self._query(_LATEST + " WHERE f.id = ?", (int(flag_id),))
        return _queued(rows[0]) if rows else None

    def history(self, flag_id: int) -> list[dict]:
        """Every decision ever made on a flag, oldest first."""
        rows = self._query("SELECT * FROM decisions WHERE flag_id = ? ORDER BY id", (int(flag_id),))
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, int]:
        rows = self._query(
            "SELECT COUNT(*) AS total, SUM(d.id IS NULL) AS pending FROM flags f"
            " LEFT JOIN decisions d ON d.id = (SELECT MAX(id) FROM decisions WHERE flag_id = f.id)"
        )
        total = rows[0]["total"] or 0
        pending = rows[0]["pending"] or 0
        decisions = self._query("SELECT COUNT(*) AS n FROM decisions")[0]["n"]
        return {"flags": total, "pending": pending, "decided": total - pending, "decisions": decisions}

    # ------------------------------------------------------------------ export

    def training_records(self) -> tuple[list[dict], int]:
        """Reviewed loaded-language sentences as training records, and how many sentences were
        left out because some of their flags are still undecided.

        Accepted and relabelled flags become spans (offsets into the sentence); a sentence whose
        flags were all rejected becomes a negative example with ``"spans": []``.
        """
        groups: dict[tuple[str, int], list[QueuedFlag]] = {}
        for item in self.queue(kinds=["loaded_language"], status="all"):
            groups.setdefault((item.doc_key, item.sentence_start), []).append(item)
        records, seen, skipped = [], set(), 0
        for (doc_key, sentence_start), items in sorted(groups.items()):
            if any(item.pending for item in items):
                skipped += 1
                continue
            text = items[0].sentence_text
            spans = []
            for item in sorted(items, key=lambda i: i.start):
                if item.decision not in {"accept", "relabel"}:
                    continue
                start, end = item.span_in_sentence
                if start >= end:
                    continue
                category = item.category if item.category in CATEGORIES else None
                spans.append({"start": start, "end": end, "category": category})
            signature = json.dumps([text, spans], sort_keys=True)
            if signature in seen:  # the same sentence reviewed the same way in two documents
                continue
            seen.add(signature)
            records.append({"id": f"review-{doc_key}-{sentence_start}", "text": text, "spans": spans, "topic": "reviewed"})
        return records, skipped

    def export_jsonl(self) -> str:
        """The training records as JSONL text (for a download)."""
        records, _ = self.training_records()
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    def write_training_file(self, path: str | Path, records: list[dict] | None = None) -> int:
        """Write training records (all reviewed ones by default) to ``path`` atomically."""
        if records is None:
            records, _ = self.training_records()
        return write_jsonl(path, records)


def write_jsonl(path: str | Path, records: list[dict]) -> int:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".jsonl", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(records)


def is_held_out(text: str, fraction: float = HELD_OUT_FRACTION) -> bool:
    """Whether a reviewed sentence belongs to the held-out part: decided by a hash of its text,
    so the same sentence is held out in every retraining.

    >>> is_held_out("The minister said the talks went well.") == is_held_out("The minister said the talks went well.")
    True
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_held_out(records: list[dict], fraction: float = HELD_OUT_FRACTION) -> tuple[list[dict], list[dict]]:
    """``(training, held_out)`` parts of reviewed records (see ``is_held_out``)."""
    train, held = [], []
    for record in records:
        (held if is_held_out(record["text"], fraction) else train).append(record)
    return train, held


def _queued(row: sqlite3.Row) -> QueuedFlag:
    return QueuedFlag(
        id=row["id"], doc_key=row["doc_key"], doc_id=row["doc_id"], kind=row["kind"], subtype=row["subtype"],
        start=row["start_char"], end=row["end_char"], text=row["text"], score=row["score"],
        explanation=row["explanation"], voice=row["voice"], speaker=row["speaker"],
        sentence_text=row["sentence_text"], sentence_start=row["sentence_start"], added=row["added"],
        decision=row["decision"], label=row["label"], note=row["note"], reviewer=row["reviewer"], decided=row["decided"],
    )
