"""Command line: argument parsing and output only; the work is done by the package."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from framing import __version__
from framing.errors import BATCH_PARTIAL_FAILURE, FramingError

SINGLE_FORMATS = ("text", "json", "html")
BATCH_FORMATS = ("jsonl", "csv")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="Source-bias and framing detector for news text.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    analyze = sub.add_parser("analyze", help="analyse one or more articles")
    analyze.add_argument("inputs", nargs="+", metavar="PATH", help="file, directory, .csv/.jsonl table, or - for stdin")
    analyze.add_argument("--format", choices=SINGLE_FORMATS + BATCH_FORMATS, help="output format (default: text for one document, jsonl for a batch)")
    analyze.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    analyze.add_argument("--text-column", help="column holding the article text in a .csv/.jsonl input")
    analyze.add_argument("--id-column", help="column holding the document id in a .csv/.jsonl input")
    analyze.add_argument("--jobs", "-j", type=int, default=1, help="processes for a batch (default 1; -1: all cores)")
    analyze.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024, help="largest input accepted, in bytes (default 5 MB)")
    analyze.add_argument("--encoding", help="read inputs in this encoding instead of detecting it")
    analyze.add_argument("--sources", action="append", default=[], metavar="FILE", help="extra source registry (YAML)")
    analyze.add_argument("--framing", action="append", default=[], metavar="FILE", help="extra dispute lexicon (YAML)")
    analyze.add_argument("--model", metavar="DIR", help="use the loaded-language model in DIR")
    analyze.add_argument("--tokens", action="store_true", help="include tokens in JSON output")
    analyze.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on stderr")
    analyze.set_defaults(func=cmd_analyze)

    _add_learning_commands(sub)
    return parser


def _add_learning_commands(sub: Any) -> None:
    try:
        from framing.learn.commands import add_commands
    except ImportError:  # learning extras not installed
        return
    add_commands(sub)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def pipeline_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "sources": tuple(Path(p) for p in args.sources),
        "framing": tuple(Path(p) for p in args.framing),
        "model_dir": Path(args.model) if args.model else None,
    }


def cmd_analyze(args: argparse.Namespace) -> int:
    from framing.batch import expand_inputs, is_table

    batch = len(args.inputs) > 1 or any(Path(p).is_dir() or is_table(p) for p in args.inputs if p != "-")
    fmt = args.format or ("jsonl" if batch else "text")
    if batch and fmt in SINGLE_FORMATS and fmt != "json":
        raise FramingError(f"--format {fmt} shows one document; use --format jsonl or csv for several")
    if not batch and fmt in BATCH_FORMATS:
        batch = True
    if batch:
        items = list(expand_inputs(args.inputs, text_column=args.text_column, id_column=args.id_column, max_bytes=args.max_bytes))
        return _run_batch(args, items, "jsonl" if fmt == "json" else fmt)
    return _run_single(args, fmt)


def _run_single(args: argparse.Namespace, fmt: str) -> int:
    from framing.pipeline import Pipeline
    from framing.report import render_html, render_json, render_text

    pipeline = Pipeline(**pipeline_settings(args))
    document = pipeline.analyze_path(args.inputs[0], encoding=args.encoding, max_bytes=args.max_bytes)
    for warning in document.warnings:
        print(f"framing: warning: {warning}", file=sys.stderr)
    if fmt == "json":
        output = render_json(document, tokens=args.tokens) + "\n"
    elif fmt == "html":
        output = render_html(document)
    else:
        colour = args.output is None and sys.stdout.isatty()
        output = render_text(document, colour=colour)
    _write(args.output, output)
    return 0


def _run_batch(args: argparse.Namespace, items: list, fmt: str) -> int:
    from framing.batch import run_batch
    from framing.report.tables import FLAG_COLUMNS, error_row, flags_table
    from framing.document import Document

    jobs = args.jobs if args.jobs != 0 else 1
    progress = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    failures = 0
    handle = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        writer = csv.DictWriter(handle, fieldnames=FLAG_COLUMNS) if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for result in run_batch(
            items, settings=pipeline_settings(args), jobs=jobs, progress=progress, max_bytes=args.max_bytes, encoding=args.encoding
        ):
            if not result.ok:
                failures += 1
                print(f"framing: error: {result.error}", file=sys.stderr)
            if writer:
                if result.ok:
                    writer.writerows(flags_table(Document.from_dict(result.document)))
                else:
                    writer.writerow(error_row(result.doc_id, result.error))
            else:
                row = {"id": result.doc_id, "ok": result.ok, "error": result.error}
                if result.ok:
                    row.update({k: v for k, v in result.document.items() if k != "id"})
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdout:
            handle.close()
    print(f"framing: {len(items) - failures} of {len(items)} documents analysed, {failures} failed", file=sys.stderr)
    return BATCH_PARTIAL_FAILURE if failures else 0


def _write(path: str | None, text: str) -> None:
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    sys.exit(main())
