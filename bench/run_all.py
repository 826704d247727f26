"""make bench: every benchmark in turn. Each prints its numbers and its target; none asserts.

Benchmarks that need PostgreSQL say SKIP when none answers on 127.0.0.1:5432. The setup-time
benchmark clones the repository and runs `make run` twice; it is listed last because it is slow.
Run one on its own with `.venv/bin/python bench/<area>/<name>.py --help`.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BENCHES = [
    ["bench/foundation/http_latency.py", "--seconds", "15"],
    ["bench/catalogue/search_latency.py", "--seconds", "20"],
    ["bench/skills/run.py"],
    ["-m", "bench.matching.bench_vs_matching", "--students", "20000", "--seed", "1"],
    ["-m", "bench.matching.bench_engine", "--students", "1000000", "--seed", "1"],
    ["-m", "bench.matching.bench_cli", "--students", "1000000", "--seed", "1"],
    ["-m", "bench.matching.bench_max_placed", "--students", "20000", "--seed", "1"],
    ["bench/foundation/setup_time.py"],
]


def main() -> int:
    failed = []
    for bench in BENCHES:
        if bench[0] != "-m" and not (ROOT / bench[0]).exists():
            continue
        print(f"\n== {' '.join(bench)}", flush=True)
        if subprocess.run([PY, *bench], cwd=ROOT, check=False).returncode != 0:
            failed.append(" ".join(bench))
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
