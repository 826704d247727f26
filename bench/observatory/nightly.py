"""Time of the observatory's nightly run (gap cells, then every hub's snapshot) on PostgreSQL with
region-scale data (observatory issue: the nightly snapshot of all hubs ≤ 60 s), and its SQL query
count, which must not grow with data (see tests/observatory/test_kpis.py).

Data: reference and demo data, then generate_region with its defaults (25 hubs, 1,000
organizations, 20,000 programmes, 50,000 editions, 200,000 students, 5,000 opportunities with
applications, placements and hours, 100,000 skill needs, outcomes). With --reuse the database is
kept as it is, topped up with skill needs and outcomes when it has none.
Run: .venv/bin/python bench/observatory/nightly.py [--reuse] [--runs 3]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# A database of its own, shared with bench/observatory/hub_pages.py (same data, same set-up).
os.environ.setdefault(
    "PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_observatory"
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import (
    PG_BENCH_URL,
    PY,
    ROOT,
    pg_available,
    prepare_region_database,
    run_inside,
    setup_django,
)

TARGET_S = 60.0


def prepare(reuse: bool) -> dict[str, str]:
    """The bench database, built unless reused (then topped up with what older builds lacked)."""
    env = {"DATABASE_URL": PG_BENCH_URL}
    if reuse:
        subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
        )
        subprocess.run([PY, __file__, "--top-up"], cwd=ROOT, env={**os.environ, **env}, check=True)
        return env
    started = time.perf_counter()
    env = prepare_region_database(generate_args=("--opportunities", "5000"))
    print(f"region database ready in {time.perf_counter() - started:.0f} s", flush=True)
    return env


def _top_up() -> None:
    setup_django()
    from ptp.demand.models import SkillNeed
    from ptp.demand.region import generate_skill_needs
    from ptp.outcomes.models import Outcome
    from ptp.outcomes.region import generate_outcomes

    if not SkillNeed.objects.filter(organization__slug__startswith="sint-").exists():
        print(f"topped up: {generate_skill_needs(count=100_000, seed=1)} skill needs", flush=True)
    if not Outcome.objects.exists():
        print(f"topped up: {generate_outcomes(seed=1)} outcomes", flush=True)


def _run(runs: int) -> None:
    """Inside Django: runs the night `runs` times on the same day and prints the timings."""
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ptp.network.models import Hub
    from ptp.observatory.kpis import compute_metrics
    from ptp.observatory.nightly import run_nightly
    from ptp.placements.models import Placement
    from ptp.students.models import Student

    day = timezone.localdate()
    sizes = {
        "hubs": Hub.objects.count(),
        "students": Student.objects.count(),
        "placements": Placement.objects.count(),
    }
    results = []
    for _ in range(runs):
        r = run_nightly(day)
        results.append(
            {
                "gap": r.gap_seconds,
                "snapshots": r.snapshot_seconds,
                "open_data": r.open_data_seconds,
                "total": r.seconds,
                "cells": r.gap_cells,
                "hubs": r.snapshots,
            }
        )
    with CaptureQueriesContext(connection) as ctx:
        compute_metrics(day)
    print(
        json.dumps({"sizes": sizes, "runs": results, "snapshot_queries": len(ctx.captured_queries)})
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top-up", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.top_up:
        _top_up()
        return
    if args.inside:
        _run(args.runs)
        return
    if not pg_available():
        print("SKIP nightly: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    env = prepare(args.reuse)
    data = run_inside(__file__, "--inside", "--runs", str(args.runs), env=env)
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in data["sizes"].items()))
    print(f"SQL queries of the snapshot of all hubs: {data['snapshot_queries']}")
    for i, r in enumerate(data["runs"], start=1):
        verdict = "ok" if r["total"] <= TARGET_S else "MISSED"
        print(
            f"run {i}: gap cells {r['cells']:,} in {r['gap']:.1f} s, {r['hubs']} hub snapshots in "
            f"{r['snapshots']:.1f} s, open-data files in {r['open_data']:.1f} s, "
            f"total {r['total']:.1f} s  [{verdict} <= {TARGET_S:.0f} s]",
            flush=True,
        )


if __name__ == "__main__":
    main()
