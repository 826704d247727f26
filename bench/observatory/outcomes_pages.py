"""p95 of the observatory's public outcome pages at 8 concurrent clients on PostgreSQL with
region-scale data, served by gunicorn with production settings (observatory issue: target
p95 <= 500 ms; the SQL query count of each page does not grow with data).

Data: the synthetic region (generate_region: 25 hubs, 1,000 organizations, 200,000 students,
5,000 opportunities with placements) and its outcomes at 6 and 12 months for every student in
the final year (ptp/outcomes/region.py). Measured twice: with the public page cache on (as in
production: anonymous pages and the computed tables are cached until data change) and with the
page cache off (every request renders its page from the tables, which are computed once per filter
and data version, as the gap pages do). Also printed: the SQL queries each page runs and the time
to compute the tables afresh in one process (what the first visitor after a change waits).
Run: .venv/bin/python bench/observatory/outcomes_pages.py [--seconds 20] [--reuse]
"""

import argparse
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

# A database of its own, so other areas' benchmarks run meanwhile cannot replace its data.
os.environ.setdefault("PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_outcomes")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import (
    PG_BENCH_URL,
    analyze_bench_database,
    gunicorn,
    pg_available,
    prepare_region_database,
    run_inside,
    setup_django,
    wrk,
)

TARGET_MS = 500.0
BASE = "/osservatorio/esiti/"


def inside() -> None:
    """Run in a Django process on the bench database: prints the paths to load, each path's
    query count (public cache off) and the time to compute the tables."""
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from ptp.network.models import SCHOOL_KINDS, Hub, Membership
    from ptp.outcomes.models import Outcome
    from ptp.outcomes.rates import hub_outcome_rates, outcome_tables
    from ptp.placements.models import Placement
    from ptp.students.models import Student

    setup_test_environment()
    settings.PTP_PUBLIC_PAGE_CACHE = False
    hub = (
        Hub.objects.filter(slug__startswith="sint-")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    assert hub is not None
    school_id = (
        Membership.objects.active()
        .filter(hub=hub, organization__kind__in=SCHOOL_KINDS)
        .values_list("organization_id", flat=True)
        .order_by("organization_id")
        .first()
    )
    paths = [
        BASE,
        f"{BASE}?mesi=6",
        f"{BASE}?polo={hub.pk}",
        f"{BASE}?polo={hub.pk}&mesi=6",
        f"{BASE}?scuola={school_id}",
        f"{BASE}?pagina=2",
        f"{BASE}esporta/scuole/?formato=csv",
        f"{BASE}esporta/assunzioni/?formato=xlsx",
    ]
    client = Client()
    queries = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)  # type: ignore[arg-type]
        assert response.status_code == 200, (path, response.status_code)
        queries[path] = len(captured)
    started = time.perf_counter()
    outcome_tables(months=12)
    tables_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    hub_outcome_rates()
    snapshot_ms = (time.perf_counter() - started) * 1000
    print(
        json.dumps(
            {
                "paths": paths,
                "queries": queries,
                "tables_ms": tables_ms,
                "snapshot_ms": snapshot_ms,
                "students": Student.objects.count(),
                "outcomes": Outcome.objects.count(),
                "placements": Placement.objects.count(),
            }
        )
    )


def free_port() -> int:
    """A port nobody listens on now (other benchmarks may run meanwhile on fixed ports)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the bench database as it is")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        inside()
        return
    if not pg_available():
        print("PostgreSQL not available on 127.0.0.1:5432: nothing measured.")
        return
    if args.reuse:
        env = {"DATABASE_URL": PG_BENCH_URL}
    else:
        started = time.perf_counter()
        env = prepare_region_database(
            generate_args=("--programmes", "0", "--students", "200000", "--opportunities", "5000")
        )
        print(f"region database ready in {time.perf_counter() - started:.0f} s")
    # Fresh bulk inserts have no planner statistics yet; production tables do.
    analyze_bench_database()
    info = run_inside(__file__, "--inside", env=env)
    print(
        f"data: {info['students']:,} students, {info['outcomes']:,} outcomes, "
        f"{info['placements']:,} placements"
    )
    print(f"outcome_tables(months=12) in one process: {info['tables_ms']:.0f} ms")
    print(f"hub_outcome_rates() for every hub: {info['snapshot_ms']:.0f} ms")
    print("SQL queries per page (public cache off; must not grow with data):")
    for path, count in info["queries"].items():
        print(f"  {count:3d}  {path}")
    pages = [p for p in info["paths"] if "esporta" not in p]
    results = {}
    for label, flag in (("cache on", "1"), ("cache off", "0")):
        with gunicorn({**env, "PTP_PUBLIC_PAGE_CACHE": flag}, port=free_port()) as base:
            for path in pages:  # warm up each worker's connection (and the cache when on)
                urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310
            results[label] = wrk(base + pages[0], connections=8, seconds=args.seconds, paths=pages)
    print(f"\nHTTP at 8 connections, {len(pages)} pages in rotation, {args.seconds} s each:")
    for label, r in results.items():
        verdict = "ok" if r["p95_ms"] <= TARGET_MS else "OVER TARGET"
        print(
            f"  {label:9s} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
            f"p99 {r['p99_ms']:7.1f} ms  {r['rps']:7.1f} req/s  errors {r['errors']:.0f}   "
            f"target p95 <= {TARGET_MS:.0f} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
