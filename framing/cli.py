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
BATCH_FORMATS = ("jsonl", "csv", "parquet")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="Source-bias and framing detector for news text.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    analyze = sub.add_parser("analyze", help="analyse one or more articles")
    analyze.add_argument("inputs", nargs="+", metavar="PATH", help="file, directory, .csv/.jsonl/.parquet table, or - for stdin")
    analyze.add_argument("--format", choices=SINGLE_FORMATS + BATCH_FORMATS, help="output format (default: text for one document, jsonl for a batch)")
    analyze.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output (with --scheduler: a directory)")
    analyze.add_argument("--text-column", help="column holding the article text in a .csv/.jsonl/.parquet input")
    analyze.add_argument("--id-column", help="column holding the document id in a .csv/.jsonl/.parquet input")
    analyze.add_argument("--jobs", "-j", type=int, default=1, help="processes for a batch (default 1; -1: all cores)")
    analyze.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024, help="largest input accepted, in bytes (default 5 MB)")
    analyze.add_argument("--encoding", help="read inputs in this encoding instead of detecting it")
    analyze.add_argument("--sources", action="append", default=[], metavar="FILE", help="extra source registry (YAML)")
    analyze.add_argument("--framing", action="append", default=[], metavar="FILE", help="extra dispute lexicon (YAML)")
    analyze.add_argument("--model", metavar="DIR", help="use the loaded-language model in DIR")
    analyze.add_argument("--tokens", action="store_true", help="include tokens in JSON output")
    analyze.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on stderr")
    analyze.add_argument("--scheduler", metavar="ADDRESS", help="run the batch on the Dask cluster at ADDRESS, or on a local cluster of N worker processes with local:N; --output names a directory of part files")
    analyze.add_argument("--resume", action="store_true", help="with --scheduler: skip the documents already in the --output directory")
    analyze.add_argument("--partition-size", type=int, default=100, metavar="N", help="with --scheduler: documents per task and part file (default 100)")
    analyze.set_defaults(func=cmd_analyze)

    train = sub.add_parser("train", help="train the loaded-language and perspective models")
    train.add_argument("--extra-labels", action="append", default=[], metavar="FILE", help="reviewed labels (JSONL exported by the dashboard)")
    train.add_argument("--output", metavar="DIR", help="where to write the models (default: a new folder in the cache)")
    train.add_argument("--make-current", action="store_true", help="use the new model for every later run")
    train.add_argument("--no-evaluate", action="store_true", help="skip the held-out evaluation written into the card")
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="score a stage on held-out data")
    evaluate.add_argument("stage", choices=("loaded", "attribution", "conflicts"))
    evaluate.add_argument("--dataset", default="corpus", help="loaded: corpus|babe|babe-in-domain|ptc|basil; attribution: corpus|polnear")
    evaluate.add_argument("--split", help="which part to score (default: the held-out part of the data set)")
    evaluate.add_argument("--limit", type=int, help="score only the first N items (a quick slice)")
    evaluate.add_argument("--folds", type=int, default=5, help="cross-validation folds (loaded, corpus)")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.set_defaults(func=cmd_evaluate)

    dashboard = sub.add_parser("dashboard", help="start the Streamlit dashboard")
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.add_argument("--host", default="127.0.0.1")
    dashboard.set_defaults(func=cmd_dashboard)
    return parser


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
    if args.scheduler or args.resume:
        from framing.cluster import UsageError, run_cli

        if not args.scheduler:
            raise UsageError("--resume continues a --scheduler run (a directory of part files); add --scheduler")
        stream = expand_inputs(args.inputs, text_column=args.text_column, id_column=args.id_column, max_bytes=args.max_bytes)
        return run_cli(args, stream, "jsonl" if fmt == "json" or not args.format else fmt)
    if batch:
        items = list(expand_inputs(args.inputs, text_column=args.text_column, id_column=args.id_column, max_bytes=args.max_bytes))
        return _run_batch(args, items, "jsonl" if fmt == "json" else fmt)
    return _run_single(args, fmt)


def _run_single(args: argparse.Namespace, fmt: str) -> int:
    from framing.pipeline import Pipeline
    from framing.report import render_html, render_json, render_text

    pipeline = Pipeline(**pipeline_settings(args), tokens=args.tokens)
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
    from framing.document import Document
    from framing.report.tables import FLAG_COLUMNS, error_row, flags_table

    jobs = args.jobs if args.jobs != 0 else 1
    progress = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    failures = 0
    if fmt == "parquet":
        from framing.cluster import ParquetFlagWriter

        handle = writer = ParquetFlagWriter(args.output)
    else:
        handle = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
        writer = csv.DictWriter(handle, fieldnames=FLAG_COLUMNS) if fmt == "csv" else None
    try:
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


def cmd_train(args: argparse.Namespace) -> int:
    import datetime as dt

    from framing.learn.artifacts import cache_root
    from framing.learn.train import make_current, train_models

    output = Path(args.output) if args.output else cache_root() / "trained" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    cards = train_models(output, [Path(p) for p in args.extra_labels], progress=True, evaluate=not args.no_evaluate)
    card = cards["loaded_language"]
    print(f"model written to {output}")
    print(f"  training sentences: {card['training_data']['sentences']} ({card['training_data']['loaded_sentences']} loaded)")
    print(f"  sha256: {card['sha256']}")
    if "metrics" in card:
        print(f"  held-out topics: {json.dumps(card['metrics'])}")
    if args.make_current:
        make_current(output)
        print("  now the current model for every run")
    else:
        print(f"  use it with: framing analyze --model {output} ...  (or train with --make-current)")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    def progress(message: str) -> None:
        print(f"  … {message}", file=sys.stderr)

    if args.stage == "attribution":
        from framing.evaluate.attribution import evaluate_articles, evaluate_polnear, load_articles

        if args.dataset == "polnear":
            result = evaluate_polnear(split=args.split or "test", limit=args.limit)
        else:
            articles = load_articles(args.split or "test")[: args.limit] if args.limit else load_articles(args.split or "test")
            result = {"dataset": "corpus", "split": args.split or "test", **evaluate_articles(articles)}
    elif args.stage == "loaded":
        from framing.evaluate import loaded

        if args.dataset == "corpus":
            result = loaded.summarise(loaded.corpus_cross_validation(folds=args.folds, limit=args.limit, progress=progress))
        elif args.dataset in {"babe", "babe-in-domain"}:
            result = loaded.babe(in_domain=args.dataset == "babe-in-domain", limit=args.limit, progress=progress)
        elif args.dataset == "ptc":
            result = loaded.ptc(limit=args.limit, progress=progress)
        elif args.dataset == "basil":
            result = loaded.basil(split=None if args.split == "all" else args.split or "test", limit=args.limit, progress=progress)
        else:
            raise FramingError(f"unknown data set {args.dataset!r} for loaded; one of corpus, babe, babe-in-domain, ptc, basil")
    else:
        from framing.evaluate.conflicts import evaluate_conflicts

        if args.split not in {None, "test", "dev"}:
            raise FramingError(f"unknown split {args.split!r} for conflicts; test (held out) or dev")
        result = evaluate_conflicts(limit=args.limit, progress=progress, split=args.split or "test")
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        _print_result(result)
    return 0


def _print_result(result: dict, indent: str = "") -> None:
    for key, value in result.items():
        if isinstance(value, dict):
            if all(not isinstance(v, dict) for v in value.values()) and {"precision", "recall", "f1"} <= set(value):
                print(f"{indent}{key}: P {value['precision']:.3f}  R {value['recall']:.3f}  F1 {value['f1']:.3f}  (predicted {value.get('predicted', '-')}, gold {value.get('gold', '-')})")
            else:
                print(f"{indent}{key}:")
                _print_result(value, indent + "  ")
        else:
            print(f"{indent}{key}: {value}")


def cmd_dashboard(args: argparse.Namespace) -> int:
    import subprocess

    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    if not app.exists():
        raise FramingError(f"dashboard not found at {app}; run from a checkout of framing")
    command = [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port), "--server.address", args.host,
        "--browser.gatherUsageStats", "false", "--server.headless", "true",
    ]
    return subprocess.call(command)


def _write(path: str | None, text: str) -> None:
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    sys.exit(main())
