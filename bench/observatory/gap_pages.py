"""p95 of the skills-gap pages (/osservatorio/, the drill-down from a skill, the method) at 8
concurrent clients on PostgreSQL with region-scale data, served by gunicorn with production
settings, with the public cache off and on (observatory issue: target 500 ms); and the SQL query
count of each page, which must not grow with data (see tests/observatory/test_observatory_pages.py).

Data: reference and demo data, then generate_region with its defaults (25 hubs, 1,000
organizations, 20,000 programmes, 50,000 editions, 200,000 students...) and 100,000 synthetic skill
needs with a synthetic bulletin per province; then compute_gap (timed).
Run: .venv/bin/python bench/observatory/gap_pages.py [--seconds 20] [--reuse] [--students N]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

# A database of its own, so other areas' benchmarks run meanwhile cannot replace its data.
os.environ.setdefault("PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_gap")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import (
    PG_BENCH_URL,
    analyze_bench_database,
    manage,
    page_latency,
    pg_available,
    prepare_region_database,
    run_inside,
    setup_django,
)

TARGET_MS = 500.0
PORT = 8797


def _pages() -> None:
    """Run inside Django (--pages): prints the paths to measure and each one's query count."""
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from ptp.network.models import Hub
    from ptp.observatory import gap_queries
    from ptp.observatory.cells import latest_cells_date

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PTP_PUBLIC_PAGE_CACHE = False
    day = latest_cells_date()
    assert day is not None, "run compute_gap first"
    tnt = Hub.objects.select_related("sector", "province").get(slug="tnt")
    synthetic = Hub.objects.filter(slug__startswith="sint-").order_by("slug").first()
    years = gap_queries.cell_years(day)
    year = gap_queries.default_year(years, day)
    gaps = gap_queries.skill_gaps(day, gap_queries.Selection(year=year or 0))
    top = gaps[0].skill_id if gaps else 1
    area = f"anno={year}&settore={tnt.sector.slug}&provincia={tnt.province.slug}"
    paths = {
        "overview (region)": "/osservatorio/",
        "overview (TNT area)": f"/osservatorio/?{area}",
        "overview (hub)": f"/osservatorio/?polo={synthetic.slug if synthetic else 'tnt'}",
        "skill (region)": f"/osservatorio/competenze/{top}/",
        "skill (TNT area)": f"/osservatorio/competenze/{top}/?{area}",
        "method": "/osservatorio/metodo/",
        "export xlsx": f"/osservatorio/?{area}&tabella=carenze&formato=xlsx",
    }
    from django.core.cache import caches

    client = Client()
    counts = {}
    for label, path in paths.items():
        measured = []
        # Cold: the figures kept per change of public data computed afresh; warm: kept.
        for clear in (True, False):
            if clear:
                caches["public_pages"].clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                if response.streaming:
                    b"".join(response.streaming_content)  # type: ignore[attr-defined]
            measured += [len(ctx.captured_queries), (time.perf_counter() - started) * 1000]
        counts[label] = measured
    print(json.dumps({"paths": paths, "queries": counts}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    parser.add_argument("--students", type=int, default=200_000)
    parser.add_argument("--pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages:
        _pages()
        return
    if not pg_available():
        print("SKIP gap_pages: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    env = {"DATABASE_URL": PG_BENCH_URL}
    if not args.reuse:
        started = time.perf_counter()
        env = prepare_region_database(
            generate_args=("--students", str(args.students), "--opportunities", "5000")
        )
        print(f"region database ready in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        manage("compute_gap", env=env)
        print(f"compute_gap: {time.perf_counter() - started:.1f} s (whole command)")
        analyze_bench_database(vacuum=True)
    data = run_inside(__file__, "--pages", env=env)
    paths: dict[str, str] = data["paths"]
    print("One request at a time, page cache off; cold: figures computed, warm: figures kept")
    print("(in-process test client, so times include its instrumentation):")
    for label, (cold, cold_ms, warm, warm_ms) in data["queries"].items():
        print(
            f"  {label:22} queries cold {cold:3d} ({cold_ms:6.0f} ms)  warm {warm:3d}"
            f" ({warm_ms:6.0f} ms)  {paths[label]}"
        )
    page_latency(env, paths, target_ms=TARGET_MS, seconds=args.seconds, port=PORT)


if __name__ == "__main__":
    main()
