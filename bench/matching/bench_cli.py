"""End-to-end benchmark: the command line on generated CSV files, in a child process.

Usage: ``python -m bench.matching.bench_cli --students 1000000 --seed 1 --dir /tmp/ptp-bench``

Wall time and peak memory (max RSS of the child, from getrusage) are measured from outside;
the child prints its own breakdown and runs the checker before writing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from bench.matching.generate import generate, write_csv


def main() -> None:
    """Generate the files once (kept in --dir), run the CLI on them and print the measures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "ptp-bench")
    parser.add_argument("--objective", default="stable")
    args = parser.parse_args()

    directory = args.dir / f"n{args.students}-s{args.seed}"
    if not (directory / "priorities.csv").exists():
        begin = perf_counter()
        write_csv(generate(args.students, seed=args.seed), directory)
        print(f"generated {directory} in {perf_counter() - begin:.1f} s")
    sizes = {
        p.name: p.stat().st_size / 1e6
        for p in directory.glob("*.csv")
        if p.name != "allocation.csv"
    }
    print("inputs " + ", ".join(f"{name} {size:.0f} MB" for name, size in sorted(sizes.items())))

    command = [
        sys.executable, "-m", "ptp.matching", "allocate",
        "--students", str(directory / "students.csv"),
        "--hosts", str(directory / "hosts.csv"),
        "--priorities", str(directory / "priorities.csv"),
        "--out", str(directory / "allocation.csv"),
        "--seed", str(args.seed),
        "--objective", args.objective,
    ]  # fmt: skip
    print(
        f"load average before the run {os.getloadavg()[0]:.2f} (2 cores; above ~1 the timings are inflated)"
    )
    begin = perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = perf_counter() - begin
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    print(f"exit status {done.returncode}")
    print(f"end to end wall time {wall:.2f} s (interpreter start included)")
    print(
        f"CPU time of the child {usage.ru_utime + usage.ru_stime:.2f} s (user {usage.ru_utime:.2f} s)"
    )
    print(f"peak memory (max RSS of the child) {peak:.0f} MiB")
    if done.returncode != 0:
        raise SystemExit(done.returncode)


if __name__ == "__main__":
    main()
