"""Whole-pipeline throughput with the trained models: articles/s on one core, model size in
memory, and peak RSS of the run.

    python benchmarks/bench_analyze.py [--articles 1000] [--words 800]
"""

from __future__ import annotations

import argparse
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args()
    from framing.pipeline import Pipeline

    texts = generate(args.articles, words=args.words)
    pipeline = Pipeline()
    start = time.perf_counter()
    pipeline.warm_up()
    print(f"model load or training: {time.perf_counter() - start:.1f} s")
    sizes = {name: len(pickle.dumps(getattr(pipeline, name))) / 1e6 for name in ("loaded_model", "perspective_model")}
    print("models pickled: " + ", ".join(f"{k} {v:.1f} MB" for k, v in sizes.items()))
    flags = 0
    start = time.perf_counter()
    for text in texts:
        flags += len(pipeline.analyze_text(text).flags)
    elapsed = time.perf_counter() - start
    print(f"{len(texts) / elapsed:.1f} articles/s on one core ({len(texts)} articles of ~{args.words} words, {elapsed:.1f} s, {flags} flags)")
    print(f"peak RSS of the run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
