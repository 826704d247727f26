"""p95 of the observatory's hub pages (all hubs side by side, a hub's trends, the ranking, the open
data and the yearly PDF) at 8 concurrent clients on PostgreSQL with region-scale data, served by
gunicorn with production settings, with the public cache off and on (observatory issue: target
500 ms); the SQL query count of each page (constant as data grow: tests/observatory/
test_hub_pages.py) and the time to render a yearly report PDF without cache.

Data: as bench/observatory/nightly.py (same database), then the nightly run for today and a year
of backfilled monthly snapshots (ptp/observatory/demo.py) so the trend pages have 12 points, and a
ranking method. The open-data files, the downloads and the PDF are kept by `cached_for_public_data`,
which the cache switch does not turn off: "cache off" measures them as served after the first
request; their cost without any cache is the in-process time printed first.
Run: .venv/bin/python bench/observatory/hub_pages.py [--seconds 20] [--reuse]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault(
    "PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_observatory"
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import page_latency, pg_available, run_inside, setup_django
from nightly import prepare

TARGET_MS = 500.0
PORT = 8799


def _pages() -> None:
    """Inside Django: snapshots, a ranking method, then each path with its query count."""
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from ptp.accounts.models import User
    from ptp.network.models import Hub
    from ptp.observatory import hub_queries, indicators
    from ptp.observatory.demo import seed_demo_snapshots
    from ptp.observatory.kpis import school_year_start
    from ptp.observatory.models import HubSnapshot
    from ptp.observatory.nightly import run_nightly

    today = timezone.localdate()
    if not HubSnapshot.objects.filter(taken_on=today).exists():
        run_nightly(today)
    seed_demo_snapshots(today=today)
    if hub_queries.latest_method() is None:
        officer, _ = User.objects.get_or_create(email="bench.regione@example.invalid")
        hub_queries.save_ranking_method(
            actor=officer,
            name="Banco di prova",
            weights={i.key: 1.0 for i in indicators.RANKABLE},
            notes="",
        )
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PTP_PUBLIC_PAGE_CACHE = False
    synthetic = Hub.objects.filter(slug__startswith="sint-").order_by("slug").first()
    year = school_year_start(today)
    paths = {
        "all hubs": "/osservatorio/poli/",
        "all hubs (chart)": "/osservatorio/poli/?indicatore=employment_rate_12",
        "hub TNT": "/osservatorio/poli/tnt/",
        "hub synthetic": f"/osservatorio/poli/{synthetic.slug if synthetic else 'tnt'}/",
        "ranking": "/osservatorio/graduatoria/",
        "open data page": "/osservatorio/dati-aperti/",
        "open data hubs csv": "/osservatorio/dati-aperti/indicatori-poli.csv",
        "open data gap csv": "/osservatorio/dati-aperti/divario-competenze.csv",
        "dcat catalogue": "/osservatorio/dati-aperti/catalogo.jsonld",
        "all hubs xlsx": "/osservatorio/poli/?formato=xlsx",
        "yearly report pdf": f"/osservatorio/poli/tnt/rapporto/{year}.pdf",
    }
    # Measured in-process without any cache: the open data and the PDF skip cached_for_public_data.
    from ptp.observatory import hub_views, open_data

    def uncached(key: str, compute: object) -> object:
        return compute()  # type: ignore[operator]

    hub_views.cached_for_public_data = uncached  # type: ignore[assignment]
    open_data.cached_for_public_data = uncached  # type: ignore[assignment]
    client = Client()
    counts, render_ms = {}, {}
    for label, path in paths.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(ctx.captured_queries)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        render_ms[label] = round(sorted(times)[1], 1)
    print(json.dumps({"paths": paths, "queries": counts, "render_ms": render_ms}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    parser.add_argument("--pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages:
        _pages()
        return
    if not pg_available():
        print("SKIP hub_pages: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    env = prepare(args.reuse)
    data = run_inside(__file__, "--pages", env=env)
    paths: dict[str, str] = data["paths"]
    print("SQL queries per page and in-process time without any cache (median of 3):")
    for label, count in data["queries"].items():
        print(
            f"  {label:20} {count:3d} queries  {data['render_ms'][label]:8.1f} ms  {paths[label]}"
        )
    page_latency(env, paths, target_ms=TARGET_MS, seconds=args.seconds, port=PORT)


if __name__ == "__main__":
    main()
