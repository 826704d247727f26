"""The max-placed objective against the stable one: placements, ranks, blocking pairs, time.

Usage: ``python -m bench.matching.bench_max_placed --students 5000 --seed 1``
"""

from __future__ import annotations

import argparse
from time import perf_counter

from bench.matching.generate import generate
from ptp.matching import Objective, allocate, check, summarize


def main() -> None:
    """Allocate one instance with both objectives and print the trade-off."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    instance = generate(args.students, seed=args.seed).instance()
    print(
        f"students {instance.n_students:,}  hosts {instance.n_hosts:,}  pairs {instance.n_pairs:,}"
    )
    for objective in Objective:
        begin = perf_counter()
        allocation = allocate(instance, seed=args.seed, objective=objective)
        elapsed = perf_counter() - begin
        summary = summarize(allocation)
        fatal = [v for v in check(instance, allocation) if v.kind != "blocking_pair"]
        print(
            f"{objective.value:>10}: {elapsed:8.2f} s  placed {summary.placed:,}  "
            f"first choice {summary.first_choice:,}  mean rank {summary.rank_total / max(summary.placed, 1):.3f}  "
            f"blocking pairs {summary.blocking_pairs:,}  other violations {len(fatal)}"
        )


if __name__ == "__main__":
    main()
