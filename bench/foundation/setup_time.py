"""Fresh clone to serving with `make run`, then a second `make run` (foundation issue).

Targets: first run <= 180 s on this 2-core machine, second run <= 20 s. "Serving" means
/healthz answers 200 and the Polo TNT page renders.
Run: .venv/bin/python bench/foundation/setup_time.py [--no-pip-cache]
(--no-pip-cache makes pip download every package again, as on a machine that never installed them.)
"""

import argparse
import contextlib
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PORT = 8799
TARGETS = {"first": 180.0, "second": 20.0}


def serve_and_time(checkout: Path, env: dict[str, str]) -> float:
    """Starts `make run`, waits for /poli/tnt/ to answer 200, stops it; returns the seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "run"],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"make run exited with {proc.returncode}")
            url = f"http://127.0.0.1:{PORT}/poli/tnt/"
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - started
            time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-pip-cache", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "PTP_ADDR": f"127.0.0.1:{PORT}"}
    env.pop("DATABASE_URL", None)
    if args.no_pip_cache:
        env["PIP_NO_CACHE_DIR"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp) / "rete-ptp"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(checkout)], check=True)
        for label in ("first", "second"):
            seconds = serve_and_time(checkout, env)
            verdict = "ok" if seconds <= TARGETS[label] else "MISSED"
            cache = "no pip cache" if args.no_pip_cache else "pip cache warm"
            print(
                f"make run ({label}, {cache}): {seconds:6.1f} s  [{verdict} <= {TARGETS[label]:.0f} s]"
            )


if __name__ == "__main__":
    main()
