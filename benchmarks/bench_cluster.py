"""Batch throughput and memory: a local run with --jobs 1, --jobs 2, and a local Dask cluster
(--scheduler local:N), on the same Parquet table of generated articles.

Each run is the real command line (``python -m framing analyze ...``) in a child process; its
process tree's resident memory is sampled every half second, so the figures are documents/s
(wall time, start-up included), speed-up over --jobs 1, documents per CPU-second of the worker
processes (the per-worker capacity, which other load on the machine does not change much), the
peak memory of the main process and of each worker process, and each worker's memory at a quarter,
half, three quarters and the end of the run (flat when nothing accumulates).

    python benchmarks/bench_cluster.py                       # 10,000 articles of ~300 words, all three
    python benchmarks/bench_cluster.py --articles 50000 --modes cluster   # per-worker memory stays flat
    python benchmarks/bench_cluster.py --words 800 --articles 2000

The models are trained (or loaded from the cache) once in this process before the runs start.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import generate  # noqa: E402

MB = 1024 * 1024


def write_table(path: Path, count: int, words: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    done = 0
    while done < count:  # in chunks, so 50,000 articles never sit in memory at once
        n = min(5000, count - done)
        texts = generate(n, words=words, seed=done)
        table = pa.table({"id": [f"a{done + i:07d}" for i in range(n)], "text": texts})
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        done += n
    writer.close()
    return path


class Sampler(threading.Thread):
    """Resident memory of a process and its descendants, every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.samples: list[tuple[float, dict[int, int]]] = []
        self.kind: dict[int, str] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds (user + system), last seen
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        start = time.perf_counter()
        while not self.stop.is_set():
            rss: dict[int, int] = {}
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            for proc in procs:
                try:
                    rss[proc.pid] = proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    if proc.pid not in self.kind:
                        cmd = " ".join(proc.cmdline())
                        self.kind[proc.pid] = (
                            "main" if proc.pid == self.root.pid else "helper" if "resource_tracker" in cmd or "semaphore_tracker" in cmd else "worker"
                        )
                except psutil.Error:
                    pass
            self.samples.append((time.perf_counter() - start, rss))
            self.stop.wait(self.interval)

    def peaks(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for _, rss in self.samples:
            for pid, value in rss.items():
                out[pid] = max(out.get(pid, 0), value)
        return out

    def profile(self, pid: int, points=(0.25, 0.5, 0.75, 1.0)) -> list[int]:
        """The process's memory at fractions of its own lifetime (last sample it was seen in)."""
        seen = [(t, rss[pid]) for t, rss in self.samples if rss.get(pid)]
        if not seen:
            return []
        first, last = seen[0][0], seen[-1][0]
        result = []
        for fraction in points:
            target = first + fraction * (last - first)
            result.append(min(seen, key=lambda s: abs(s[0] - target))[1])
        return result


def run_mode(name: str, table: Path, workdir: Path, *, extra: list[str], partition_size: int) -> dict:
    out = workdir / f"out-{name}"
    output = out if "--scheduler" in extra else out.with_suffix(".jsonl")
    if output.is_dir():
        shutil.rmtree(output)  # the outputs of an earlier run in the same --workdir
    command = [
        sys.executable, "-m", "framing", "analyze", str(table), "--text-column", "text", "--id-column", "id",
        "--format", "jsonl", "-o", str(output), "--progress", "never", *extra,
    ]
    if "--scheduler" in extra:
        command += ["--partition-size", str(partition_size)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if proc.returncode not in (0, 11):
        raise SystemExit(f"{name}: exit {proc.returncode}\n{err}")
    files = sorted(output.glob("part-*.jsonl")) if output.is_dir() else [output]
    documents = sum(1 for f in files for _ in f.open(encoding="utf-8"))
    peaks = sampler.peaks()
    workers = [pid for pid, kind in sampler.kind.items() if kind == "worker" and peaks.get(pid, 0) > 100 * MB]
    main_pid = proc.pid
    if not workers:  # --jobs 1: the main process does the work
        workers = [main_pid]
    worker_cpu = sum(sampler.cpu.get(pid, 0.0) for pid in workers)
    return {
        "mode": name,
        "worker_cpu_s": worker_cpu,
        "main_cpu_s": sampler.cpu.get(main_pid, 0.0) if workers != [main_pid] else 0.0,
        "docs_per_cpu_s": documents / worker_cpu if worker_cpu else 0.0,
        "documents": documents,
        "seconds": elapsed,
        "docs_per_s": documents / elapsed,
        "main_peak_mb": peaks.get(main_pid, 0) / MB,
        "main_profile_mb": [v / MB for v in sampler.profile(main_pid)],
        "worker_peaks_mb": [peaks[pid] / MB for pid in workers],
        "worker_profiles_mb": [[v / MB for v in sampler.profile(pid)] for pid in workers],
        "stderr_tail": err.strip().splitlines()[-1:] if err.strip() else [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=300, help="words per article (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for --jobs and local:N (default 2)")
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--modes", default="jobs1,jobsN,cluster", help="comma-separated: jobs1, jobsN, cluster")
    parser.add_argument("--workdir", help="keep the table and outputs here (default: a temporary folder)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()

    from framing.pipeline import Pipeline

    start = time.perf_counter()
    Pipeline().warm_up()  # train once into the cache, so no run below trains
    print(f"models ready in {time.perf_counter() - start:.1f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        table = workdir / f"articles-{args.articles}-{args.words}.parquet"
        if not table.exists():
            write_table(table, args.articles, args.words)
        print(f"{args.articles} articles of ~{args.words} words in {table.name} ({table.stat().st_size / MB:.1f} MB)", flush=True)
        modes = {
            "jobs1": (["--jobs", "1"], "local --jobs 1"),
            "jobsN": (["--jobs", str(args.workers)], f"local --jobs {args.workers}"),
            "cluster": (["--scheduler", f"local:{args.workers}"], f"--scheduler local:{args.workers}"),
        }
        results = []
        for key in args.modes.split(","):
            extra, label = modes[key]
            print(f"running {label} ...", flush=True)
            result = run_mode(key, table, workdir, extra=extra, partition_size=args.partition_size)
            result["label"] = label
            results.append(result)
            print(f"  {result['documents']} documents in {result['seconds']:.0f} s: {result['docs_per_s']:.1f} documents/s", flush=True)

    base = next((r["docs_per_s"] for r in results if r["mode"] == "jobs1"), None)
    print()
    print(f"{'run':<24} {'docs':>7} {'s':>7} {'docs/s':>8} {'speed-up':>9} {'docs/cpu-s':>10} {'main MB':>8}  per-worker peak MB")
    for r in results:
        speedup = f"{r['docs_per_s'] / base:.2f}x" if base else "-"
        peaks = ", ".join(f"{v:.0f}" for v in r["worker_peaks_mb"])
        print(
            f"{r['label']:<24} {r['documents']:>7} {r['seconds']:>7.0f} {r['docs_per_s']:>8.1f} {speedup:>9} "
            f"{r['docs_per_cpu_s']:>10.1f} {r['main_peak_mb']:>8.0f}  {peaks}"
        )
    print()
    print("worker memory (MB) at 25% / 50% / 75% / 100% of the run:")
    for r in results:
        for i, profile in enumerate(r["worker_profiles_mb"]):
            print(f"  {r['label']:<24} worker {i}: " + " / ".join(f"{v:.0f}" for v in profile))
        if r["worker_profiles_mb"] != [r["main_profile_mb"]]:
            print(f"  {r['label']:<24} main:     " + " / ".join(f"{v:.0f}" for v in r["main_profile_mb"]))
    cluster = next((r for r in results if r["mode"] == "cluster"), None)
    if cluster:
        per_worker = cluster["docs_per_s"] / args.workers
        need = 1_000_000 / 86_400
        print()
        print(f"cluster: {per_worker:.1f} documents/s per worker (wall clock), {cluster['docs_per_cpu_s']:.1f} per worker CPU-second; "
              f"client CPU {cluster['main_cpu_s']:.0f} s")
        print(f"a million articles a day is {need:.1f} documents/s: {need / cluster['docs_per_cpu_s']:.1f} busy worker cores "
              f"at this article length")
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": args.articles, "words": args.words, "workers": args.workers, "results": results}, indent=2))


if __name__ == "__main__":
    main()
