"""Ingest and segmentation throughput: documents/s, MB/s and peak memory, for --jobs 1 and 2.

    python benchmarks/bench_segment.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import generate  # noqa: E402


def _segment_all(texts: list[str], tokens: bool = True) -> int:
    from framing.ingest import ingest_bytes
    from framing.segment import segment

    n = 0
    for text in texts:
        n += len(segment(ingest_bytes(text.encode("utf-8"), name="bench.txt"), with_tokens=tokens).sentences)
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    texts = generate(args.articles)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    _segment_all(texts[:5])  # Punkt is trained (or loaded) on first use; time the steady state
    from joblib import Parallel, delayed

    for tokens in (True, False):
        label = "with tokens" if tokens else "without tokens (what analyze does by default)"
        for jobs in (1, 2):
            with Parallel(n_jobs=jobs) as parallel:
                # Warm the worker processes (imports, Punkt) before timing, as a long batch would.
                parallel(delayed(_segment_all)(texts[i : i + 2], tokens) for i in range(jobs))
                start = time.perf_counter()
                chunks = [texts[i::jobs] for i in range(jobs)] if jobs > 1 else [texts]
                if jobs == 1:
                    _segment_all(texts, tokens)
                else:
                    parallel(delayed(_segment_all)(c, tokens) for c in chunks)
                elapsed = time.perf_counter() - start
            print(
                f"{label}, jobs={jobs}: {len(texts) / elapsed:.1f} documents/s, {megabytes / elapsed:.2f} MB/s "
                f"({len(texts)} documents, {megabytes:.1f} MB, {elapsed:.1f} s)"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
