"""Helpers shared by the dashboard's pages: the cached pipeline, the review store, input handling
and the annotated-text view. Every piece of user text is escaped before it becomes HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from html import escape
from pathlib import Path

import streamlit as st

from framing.document import FLAG_KINDS, Document
from framing.errors import EmptyInput, FramingError, InputTooLarge
from framing.ingest import DEFAULT_MAX_BYTES, ingest_bytes, ingest_text
from framing.report.explain import SECTION_TITLES, flag_title
from framing.report.html import CSS, body_html
from framing.report.tables import FLAG_COLUMNS, flags_table
from framing.resources import corpora_root

UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm"]
SAMPLE_SUFFIXES = {".txt", ".html"}
MAIN_SECTIONS = {"headline", "body"}
KIND_COLOURS = {"loaded_language": "#ffe08a", "conflicting_attribution": "#ffb3b3", "weak_sourcing": "#bfe9ff"}
SCOPE = "framing-doc"


# ------------------------------------------------------------------ model and store


@st.cache_resource(show_spinner="Loading the model (the first run trains it, which takes about a minute)…")
def _pipeline(cache: str, model_dir: str | None):
    from framing.pipeline import Pipeline

    return Pipeline(model_dir=Path(model_dir) if model_dir else None).warm_up()


def get_pipeline():
    """The process's one pipeline for the current model (rebuilt only when the current model changes)."""
    from framing.learn.artifacts import cache_root
    from framing.learn.train import current_model_dir

    current = current_model_dir()
    return _pipeline(str(cache_root()), str(current) if current else None)


def get_store():
    """The review store (cheap: it opens a short connection per operation)."""
    from framing.review import ReviewStore

    return ReviewStore()


def show_error(exc: BaseException) -> None:
    """A FramingError's message in the page; anything else as an internal error, without a crash."""
    if isinstance(exc, FramingError):
        st.error(str(exc), icon="⚠️")
    else:
        st.error(f"Internal error: {type(exc).__name__}: {exc}", icon="🛑")


# ------------------------------------------------------------------ input


def samples() -> dict[str, Path]:
    """The bundled example articles (corpora/samples/*.txt|html), by file name."""
    folder = corpora_root() / "samples"
    return {p.name: p for p in sorted(folder.glob("*")) if p.suffix.lower() in SAMPLE_SUFFIXES}


def ingest_upload(name: str, data: bytes):
    """Uploaded bytes to text, through framing.ingest (size, binary, encoding and HTML checks)."""
    return ingest_bytes(data, name=name, suffix=Path(name).suffix, max_bytes=DEFAULT_MAX_BYTES)


def ingest_pasted(text: str | None, name: str = "pasted text"):
    if not text or not text.strip():
        raise EmptyInput(f"{name}: is empty; paste an article first")
    size = len(text.encode("utf-8"))
    if size > DEFAULT_MAX_BYTES:
        raise InputTooLarge(f"{name}: {size:,} bytes, larger than the limit of {DEFAULT_MAX_BYTES:,} bytes")
    return ingest_text(text, name=name)


def ingest_sample(name: str):
    path = samples()[name]
    return ingest_upload(name, path.read_bytes())


# ------------------------------------------------------------------ annotated text


def scoped_css() -> str:
    """framing.report.html.CSS confined to the annotated-text block, so it leaves Streamlit's page alone."""
    rules = []
    for rule in CSS.split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = []
        for selector in selectors.split(","):
            selector = selector.strip()
            if not selector:
                continue
            scoped.append(f".{SCOPE}" if selector == "body" else f".{SCOPE} {selector}")
        rules.append(",".join(scoped) + "{" + body + "}")
    extra = f".{SCOPE}{{max-width:none;margin:0}} .{SCOPE} ol.flags li{{margin:.4rem 0}}"
    return "\n".join(rules) + "\n" + extra


def legend_html() -> str:
    return (
        '<p class="legend">'
        '<span class="loaded_language">loaded language (outlet\'s words)</span>'
        '<span class="loaded_language quoted">loaded language (quoted speaker)</span>'
        '<span class="conflicting_attribution">conflicting attribution</span>'
        '<span class="weak_sourcing">weak sourcing</span>'
        '<span class="q">attributed words (hover: speaker and stance)</span></p>'
    )


def stance_text(stance: dict[str, str]) -> str:
    return "; ".join(f"{dispute.replace('_', ' ')}: {side}" for dispute, side in stance.items())


def section_groups(document: Document) -> tuple[tuple, tuple]:
    """``(main, apart)``: headline and article sections, then reader comments and page furniture."""
    main = tuple(s for s in document.sections if s.kind in MAIN_SECTIONS)
    apart = tuple(s for s in document.sections if s.kind not in MAIN_SECTIONS)
    return main, apart


def annotated_html(document: Document, flag_ids: list[int] | None, sections, *, legend: bool = False) -> str:
    """body_html for some of the document's sections (indices of flags and quotes are unchanged)."""
    part = document.replace(sections=tuple(sections))
    inner = body_html(part, flag_ids=flag_ids)
    head = legend_html() if legend else ""
    return f'<style>{scoped_css()}</style><div class="{SCOPE}">{head}{inner}</div>'


def flag_list_html(document: Document, flag_ids: list[int]) -> str:
    """The chosen flags with their explanations, numbered as in the text."""
    if not flag_ids:
        return f'<div class="{SCOPE}"><p class="meta">No flags match the filters.</p></div>'
    items = []
    for i in flag_ids:
        flag = document.flags[i]
        speaker = ""
        if flag.attribution is not None:
            speaker = f" — words of {escape(document.attributions[flag.attribution].speaker_name)}"
        evidence = ", ".join(f'<span class="ev">{escape(e.text)}</span>' for e in flag.evidence)
        items.append(
            f'<li value="{i + 1}" data-flag-item="{i}"><span class="f {escape(flag.kind)} {escape(flag.voice)}">'
            f"{escape(flag_title(flag.kind))}</span>"
            + (f" · {escape(flag.subtype)}" if flag.subtype else "")
            + f' <span class="score">score {flag.score:.2f}{speaker}</span><br>“{escape(flag.text)}”<br>'
            f'<span class="explanation">{escape(flag.explanation)}</span>'
            + (f"<br>Evidence: {evidence}" if evidence else "")
            + "</li>"
        )
    return f'<style>{scoped_css()}</style><div class="{SCOPE}"><ol class="flags">{"".join(items)}</ol></div>'


def plain_text_html(document: Document, sentence_numbers: bool = False) -> str:
    """The article without any flags (for the classroom), escaped, sentences optionally numbered."""
    main, _ = section_groups(document)
    out = []
    for section in main:
        label = SECTION_TITLES.get(section.kind, section.kind)
        chunks, cursor = [], section.start
        if sentence_numbers:
            for n, sentence in enumerate(document.sentences):
                if section.start <= sentence.start < section.end:
                    chunks.append(escape(document.text[cursor : sentence.start]))
                    chunks.append(f'<sup class="n">S{n + 1}</sup>{escape(sentence.text)}')
                    cursor = sentence.end
        chunks.append(escape(document.text[cursor : section.end]))
        out.append(f'<section class="doc {escape(section.kind)}"><span class="sec-label">{escape(label)}</span>{"".join(chunks)}</section>')
    return f'<style>{scoped_css()}</style><div class="{SCOPE}">{"".join(out)}</div>'


def chosen_flags(document: Document, kinds: list[str], min_score: float) -> list[int]:
    return [i for i, f in enumerate(document.flags) if f.kind in kinds and f.score >= min_score]


def kind_counts(document: Document | dict) -> dict[str, int]:
    flags = document.flags if isinstance(document, Document) else document.get("flags", [])
    counts = dict.fromkeys(FLAG_KINDS, 0)
    for flag in flags:
        kind = flag.kind if isinstance(document, Document) else flag["kind"]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


# ------------------------------------------------------------------ tables and downloads


def attributions_rows(document: Document) -> list[dict]:
    """One row per attributed quote: speaker, source, stance, kind, quote and the flags on it."""
    rows = []
    for i, a in enumerate(document.attributions):
        flags = [
            f"#{j + 1} {flag_title(f.kind)}"
            for j, f in enumerate(document.flags)
            if f.attribution == i or (a.start <= f.start and f.end <= a.end and f.attribution is None)
        ]
        rows.append(
            {
                "speaker": a.speaker_name,
                "source": a.source_name or f"unknown ({a.source_id})",
                "stance": stance_text(a.stance) or "—",
                "kind": a.kind,
                "quote": a.text,
                "flags": ", ".join(flags),
            }
        )
    return rows


def csv_text(rows: list[dict], columns: list[str] = FLAG_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def flags_csv(document: Document) -> str:
    return csv_text(flags_table(document))


def jsonl_text(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# ------------------------------------------------------------------ batch


def batch_settings() -> dict:
    """Pipeline settings for framing.batch.analyze_item: the current model."""
    from framing.learn.train import current_model_dir

    return {"model_dir": current_model_dir()}


def prime_batch_pipeline(settings: dict, pipeline) -> None:
    """Let framing.batch use the dashboard's already-loaded pipeline for these settings, so the
    model is loaded once per process rather than again for the first batch."""
    import framing.batch as batch

    key = json.dumps(settings, sort_keys=True, default=str)
    if batch._WORKER_PIPELINE is None or batch._WORKER_PIPELINE[0] != key:
        batch._WORKER_PIPELINE = (key, pipeline)


def write_upload(folder: Path, n: int, name: str, data: bytes) -> Path:
    """An uploaded file written under ``folder`` (with its suffix kept), for framing.batch to read."""
    suffix = Path(name).suffix.lower()
    path = Path(folder) / f"{n:05d}-{safe_name(name)}{suffix}"
    path.write_bytes(data)
    return path


def table_columns(path: Path, sample_rows: int = 200) -> list[str]:
    """The columns of a CSV (its header) or JSONL table (keys of its first rows)."""
    from framing.errors import MalformedInput
    from framing.ingest import decode, read_bytes

    text, _, _ = decode(read_bytes(path, max_bytes=DEFAULT_MAX_BYTES * 20), name=Path(path).name)
    if Path(path).suffix.lower() == ".csv":
        try:
            header = next(csv.reader(io.StringIO(text, newline="")), None)
        except csv.Error as exc:
            raise MalformedInput(f"{Path(path).name}: malformed CSV ({exc})") from None
        if not header or not any(h.strip() for h in header):
            raise MalformedInput(f"{Path(path).name}: the CSV file has no header row")
        return [h for h in header if h.strip()]
    columns: list[str] = []
    for line in text.splitlines()[:sample_rows]:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict):
            columns += [str(k) for k in row if str(k) not in columns]
    if not columns:
        raise MalformedInput(f"{Path(path).name}: no JSON objects found; expected one object per line")
    return columns


def safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", Path(str(name)).stem).strip("-")
    return stem or "document"
