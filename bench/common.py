"""Helpers the benchmarks share: project paths, a PostgreSQL bench database, gunicorn and wrk."""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG_ADMIN_URL = os.environ.get("PTP_BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_URL = os.environ.get("PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench")


def setup_django() -> None:
    """Make this process a Django process (for a benchmark's part that runs inside Django)."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def run_inside(script: str, *args: str, env: dict[str, str]) -> Any:
    """Run `script` with `args` (its inside-Django part) and return the JSON of its last line."""
    out = subprocess.run(
        [PY, script, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def analyze_bench_database(*, vacuum: bool = False) -> None:
    """Fresh planner statistics after bulk loads, as autovacuum would give a live database."""
    import psycopg

    with psycopg.connect(
        PG_BENCH_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def pg_available() -> bool:
    """True when PostgreSQL answers on 127.0.0.1:5432."""
    import socket

    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 5432), timeout=1):
        return True
    return False


def manage(*args: str, env: dict[str, str] | None = None, quiet: bool = False) -> str:
    """Runs manage.py with the given environment and returns its output."""
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result.stdout


def recreate_pg_database(url: str = PG_BENCH_URL) -> None:
    """Drops and creates the bench database named in the URL."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"unsafe database name {name!r}")
    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def prepare_region_database(
    extra_commands: list[list[str]] | None = None,
    *,
    before_region: list[list[str]] | None = None,
    generate_args: tuple[str, ...] = ("--programmes", "0"),
) -> dict[str, str]:
    """A fresh PostgreSQL database with reference, demo and region-scale data; returns its env.
    Students, opportunities and placements are generated only when generate_args ask for them."""
    generate_args = ("--students", "0", "--opportunities", "0", *generate_args)
    recreate_pg_database()
    env = {"DATABASE_URL": PG_BENCH_URL}
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_reference_data", env=env, quiet=True)
    manage("seed_demo", env=env, quiet=True)
    for command in before_region or []:
        manage(*command, env=env)
    manage("generate_region", "--seed", "1", *generate_args, env=env)
    for command in extra_commands or []:
        manage(*command, env=env)
    return env


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    port: int = 8765,
    workers: int = int(os.environ.get("PTP_BENCH_WORKERS", "3")),
) -> Iterator[str]:
    """Serves the project with production settings behind gunicorn; yields the base URL."""
    static_dir = ROOT / "var" / "bench-static"
    prod_env = {
        **os.environ,
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings_prod",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "PTP_VAR_DIR": str(ROOT / "var" / "bench"),
        "PTP_LOG_LEVEL": "WARNING",
    }
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=prod_env,
        check=True,
    )
    del static_dir
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            os.environ.get("PTP_BENCH_WORKER_CLASS", "sync"),
            "--threads",
            os.environ.get("PTP_BENCH_THREADS", "1"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=prod_env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def wrk(
    url: str,
    *,
    connections: int = 8,
    seconds: int = 20,
    threads: int = 2,
    paths: list[str] | None = None,
) -> dict[str, float]:
    """Runs wrk against one URL (or cycles through `paths` on that host; a path may add a tab and
    a Cookie header value, see multi.lua) and returns its latency percentiles (ms) and throughput."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    env = dict(os.environ)
    script = ROOT / "bench" / "foundation" / "latency.lua"
    with contextlib.ExitStack() as stack:
        if paths:
            # A file of its own: benchmarks of other areas may run wrk meanwhile.
            (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
            paths_file = stack.enter_context(
                tempfile.NamedTemporaryFile(
                    "w", dir=ROOT / "var" / "bench", prefix="paths-", suffix=".txt"
                )
            )
            paths_file.write("\n".join(paths) + "\n")
            paths_file.flush()
            env["PATHS_FILE"] = paths_file.name
            script = ROOT / "bench" / "foundation" / "multi.lua"
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}


# Tuscany's provinces and a few sectors, as the reference data and the demo name them: the public
# searches' benchmarks filter by them.
PROVINCES = [
    "pisa",
    "livorno",
    "firenze",
    "arezzo",
    "prato",
    "siena",
    "pistoia",
    "lucca",
    "grosseto",
    "massa-carrara",
]
SECTORS = ["sanita", "energia", "agribusiness", "turismo-e-beni-culturali", "meccanica", "nautica"]


def print_query_counts(env: dict[str, str], urls: list[str], *, page_cache: bool = True) -> None:
    """Prints the SQL queries of each URL's second request (development settings, test client):
    a number that must not grow with the data."""
    code = (
        "import django;django.setup()\n"
        "from django.test import Client;from django.db import connection\n"
        "from django.test.utils import CaptureQueriesContext;c=Client()\n"
        f"for u in {urls!r}:\n"
        "  c.get(u)\n"
        "  with CaptureQueriesContext(connection) as q: c.get(u)\n"
        "  print(f'queries {len(q):3d}  {u}')"
    )
    cache = {} if page_cache else {"PTP_PUBLIC_PAGE_CACHE": "0"}
    subprocess.run(
        [PY, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings", **cache},
        check=True,
    )


def search_latency(
    env: dict[str, str],
    paths: list[str],
    *,
    name: str,
    target_ms: float,
    seconds: int,
    port: int = 8765,
) -> None:
    """p95 of a public search cycling through `paths` at 8 clients, printed against its target:
    first with every page rendered afresh (the public cache off), then as served in production,
    where a repeated search comes from the cache of public pages."""
    for cache in ("0", "1"):
        with gunicorn({**env, "PTP_PUBLIC_PAGE_CACHE": cache}, port=port) as base:
            wrk(base + "/", seconds=5, paths=paths)  # warm-up: every worker builds its index
            r = wrk(base + "/", seconds=seconds, paths=paths)
        verdict = "ok" if r["p95_ms"] <= target_ms else "MISSED"
        label = "cache on " if cache == "1" else "cache off"
        print(
            f"{label} {name} ({len(paths)} different searches, 8 clients): "
            f"p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
            f"{r['rps']:.1f} req/s  errors {int(r['errors'])}  [{verdict} <= {target_ms:.0f} ms]",
            flush=True,
        )


def page_latency(
    env: dict[str, str],
    paths: dict[str, str],
    *,
    target_ms: float,
    seconds: int,
    port: int = 8765,
) -> None:
    """p95 of each named page at 8 clients, printed against its target: first with every page
    rendered afresh (the public cache off), then as served in production."""
    width = max(map(len, paths), default=0)
    for cache in ("0", "1"):
        label = "cache on " if cache == "1" else "cache off"
        with gunicorn({**env, "PTP_PUBLIC_PAGE_CACHE": cache}, port=port) as base:
            for name, path in paths.items():
                wrk(base + path, seconds=3)  # warm-up
                r = wrk(base + path, seconds=seconds)
                verdict = "ok" if r["p95_ms"] <= target_ms else "MISSED"
                print(
                    f"{label} {name:{width}} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms"
                    f"  p99 {r['p99_ms']:7.1f} ms  {r['rps']:7.1f} req/s  errors {int(r['errors'])}"
                    f"  [{verdict} <= {target_ms:.0f} ms]",
                    flush=True,
                )
