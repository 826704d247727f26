"""p95 of the applicant lists and the hours pages at 8 concurrent logged-in clients on PostgreSQL
with region-scale data, served by gunicorn with production settings (placements issue: target
150 ms; the SQL query count of each page does not grow with data — see the query-count tests).

Data: the synthetic region (generate_region), ~40,000 synthetic students, ~5,000 opportunities
with their windows, 8 applicants per window with up to the seats placed, and the hours of every
placement that has started (ptp/placements/demo_region.py). Staff accounts of the four schools
with most applications and of the four hosts with most placements get a session each, created in
the database with the production secret; wrk sends each path with its account's cookie
(bench/foundation/multi.lua).
Run: .venv/bin/python bench/placements/pages_latency.py [--seconds 20] [--reuse]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

# A database of its own, so other areas' benchmarks run meanwhile cannot replace its data.
os.environ.setdefault("PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_placements")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PG_BENCH_URL, PY, ROOT, gunicorn, pg_available, prepare_region_database, wrk

TARGET_MS = 150.0
HERE = Path(__file__).resolve().parent
PORT = 8793
# The environment common.gunicorn serves with: sessions must be signed with the same secret.
PROD = {
    "DJANGO_SETTINGS_MODULE": "config.settings_prod",
    "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "PTP_VAR_DIR": str(ROOT / "var" / "bench"),
    "PTP_LOG_LEVEL": "WARNING",
}


def _helper(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [PY, str(HERE / "region_setup.py"), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def _check(base: str, rows: list[tuple[str, str]]) -> None:
    """Every path answers 200 to its cookie (a lost session would measure the login redirect)."""
    opener = urllib.request.build_opener(NoRedirect)
    for path, cookie in rows:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
        status = opener.open(request, timeout=30).status
        if status != 200:
            raise SystemExit(f"{path} answered {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    parser.add_argument("--students", type=int, default=40000)
    parser.add_argument("--opportunities", type=int, default=5000)
    parser.add_argument("--per-window", type=int, default=8)
    args = parser.parse_args()
    if not pg_available():
        print("SKIP pages_latency: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    env = {"DATABASE_URL": PG_BENCH_URL}
    if not args.reuse:
        env = prepare_region_database()
        _helper(
            "generate",
            "--students",
            str(args.students),
            "--opportunities",
            str(args.opportunities),
            "--per-window",
            str(args.per_window),
            env=env,
        )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    paths_json = ROOT / "var" / "bench" / "placements-paths.json"
    _helper("sessions", "--out", str(paths_json), env={**env, **PROD})
    _helper("queries", env={**env, "PATHS_JSON": str(paths_json)})
    data = json.loads(paths_json.read_text())
    print(f"schools (applications): {data['schools']}")
    print(f"hosts (placements): {data['hosts']}")
    groups = {name: [tuple(row) for row in rows] for name, rows in data["groups"].items()}
    with gunicorn(env, port=PORT) as base:
        for rows in groups.values():
            _check(base, rows)
        runs = [
            ("applicant lists", groups["applicants"]),
            ("hours pages", groups["hours"]),
            ("placement lists", groups["lists"]),
            ("all together", [row for rows in groups.values() for row in rows]),
        ]
        for label, rows in runs:
            paths = [f"{path}\t{cookie}" for path, cookie in rows]
            wrk(base + "/", seconds=3, paths=paths)  # warm-up
            r = wrk(base + "/", seconds=args.seconds, paths=paths)
            verdict = "ok" if r["p95_ms"] <= TARGET_MS else "MISSED"
            print(
                f"{label:16} {len(rows):3} paths  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms"
                f"  p99 {r['p99_ms']:6.1f} ms  {r['rps']:7.1f} req/s  errors {int(r['errors'])}"
                f"  [{verdict} <= {TARGET_MS:.0f} ms]",
                flush=True,
            )


if __name__ == "__main__":
    main()
