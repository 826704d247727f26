"""p95 latency of the public hub pages on PostgreSQL with region-scale data, served by gunicorn.

Target (foundation issue): p95 <= 100 ms at 8 concurrent clients on /poli/ and /poli/tnt/.
Public pages are cached for anonymous visitors (ptp/core/public_cache.py), as in production; the
run is repeated with the cache off (PTP_PUBLIC_PAGE_CACHE=0) to show the cost of rendering.
Run: .venv/bin/python bench/foundation/http_latency.py [--seconds 20] [--reuse]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PG_BENCH_URL, gunicorn, pg_available, prepare_region_database, wrk

PAGES = ["/poli/", "/poli/tnt/", "/poli/tnt/partner/", "/", "/poli/sint-polo-000/"]
TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    args = parser.parse_args()
    if not pg_available():
        print("SKIP http_latency: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    env = {"DATABASE_URL": PG_BENCH_URL} if args.reuse else prepare_region_database()
    for cache in ("1", "0"):
        label = "cache on " if cache == "1" else "cache off"
        with gunicorn({**env, "PTP_PUBLIC_PAGE_CACHE": cache}) as base:
            for page in PAGES:
                wrk(base + page, seconds=3)  # warm-up
                r = wrk(base + page, seconds=args.seconds)
                verdict = "ok" if r["p95_ms"] <= TARGET_MS else "MISSED"
                print(
                    f"{label} {page:24} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
                    f"p99 {r['p99_ms']:6.1f} ms  {r['rps']:7.1f} req/s  errors {int(r['errors'])}  "
                    f"[{verdict} <= {TARGET_MS:.0f} ms]",
                    flush=True,
                )


if __name__ == "__main__":
    main()
