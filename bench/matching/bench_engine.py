"""In-memory engine benchmark: allocate and check a generated instance, printing the numbers.

Usage: ``python -m bench.matching.bench_engine --students 1000000 --seed 1 --repeat 3``
"""

from __future__ import annotations

import argparse
import os
import resource
from time import perf_counter, process_time

from bench.matching.generate import generate
from ptp.matching import allocate, check, summarize


def main() -> None:
    """Generate, build, allocate (several times), check and print timings and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reserved", action="store_true", help="15%% group, 20%% of seats reserved"
    )
    args = parser.parse_args()

    started = perf_counter()
    generated = generate(
        args.students,
        seed=args.seed,
        group_share=0.15 if args.reserved else 0.0,
        reserved_share=0.2 if args.reserved else 0.0,
    )
    generated_at = perf_counter()
    instance = generated.instance()
    built_at = perf_counter()
    print(
        f"students {instance.n_students:,}  hosts {instance.n_hosts:,}  pairs {instance.n_pairs:,}"
    )
    print(
        f"generate {generated_at - started:.2f} s   build instance {built_at - generated_at:.2f} s"
    )

    print(f"load average {os.getloadavg()[0]:.2f} (2 cores; above ~1 the timings are inflated)")
    times = []
    for run in range(args.repeat):
        begin, cpu = perf_counter(), process_time()
        allocation = allocate(instance, seed=args.seed + run)
        times.append(perf_counter() - begin)
        print(
            f"allocate (seed {args.seed + run}) {times[-1]:.3f} s (CPU {process_time() - cpu:.3f} s)"
        )
    print(f"allocate best {min(times):.3f} s  median {sorted(times)[len(times) // 2]:.3f} s")

    begin = perf_counter()
    violations = check(instance, allocation)
    print(f"check {perf_counter() - begin:.3f} s  violations {len(violations)}")
    for line in summarize(allocation).lines():
        print(line)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (generation included) {peak:.0f} MiB")
    if violations:
        raise SystemExit("the checker found violations")


if __name__ == "__main__":
    main()
