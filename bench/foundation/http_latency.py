"""p95 latency of the public hub pages on PostgreSQL with region-scale data, served by gunicorn.

Target (foundation issue): p95 <= 100 ms at 8 concurrent clients on /poli/ and /poli/tnt/.
Run: .venv/bin/python bench/foundation/http_latency.py [--seconds 20]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import gunicorn, pg_available, prepare_region_database, wrk

PAGES = ["/poli/", "/poli/tnt/", "/poli/tnt/partner/", "/", "/poli/sint-polo-000/"]
TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    if not pg_available():
        print("SKIP http_latency: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    env = prepare_region_database()
    with gunicorn(env) as base:
        for page in PAGES:
            wrk(base + page, seconds=3)  # warm-up
            r = wrk(base + page, seconds=args.seconds)
            verdict = "ok" if r["p95_ms"] <= TARGET_MS else "MISSED"
            print(
                f"{page:28} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
                f"{r['rps']:7.1f} req/s  errors {int(r['errors'])}  [{verdict} <= {TARGET_MS:.0f} ms]"
            )


if __name__ == "__main__":
    main()
