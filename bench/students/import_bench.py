"""Roster import at region scale: 200,000 students with full validation, on SQLite and PostgreSQL
(students issue: import ≤ 30 s; a file with one bad row among 200,000 writes nothing and reports
the row in ≤ 30 s).

For each database it times `manage.py import_students` (a fresh process each time, so the
figures include Django's start-up): a clean import, a re-import of the same file (nothing to
change), a re-import where every student moved up a class (200,000 updates), and a file with
exactly one bad codice fiscale at line 150,000, which must write nothing and name that line.
Run: .venv/bin/python bench/students/import_bench.py [--rows 200000] [--seed 1] [--skip-pg]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PY, ROOT, manage, pg_available, recreate_pg_database

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGET_S = 30.0
PG_URL = os.environ.get(
    "PTP_BENCH_STUDENTS_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_students"
)
BAD_LINE = 150_000
SCHOOL = "istituto-bench"
CREATE_SCHOOL = (
    "from ptp.network.models import Organization, OrganizationKind;"
    "Organization.objects.get_or_create(slug='istituto-bench', defaults={"
    "'name': 'Istituto per le misure', 'kind': OrganizationKind.UPPER_SECONDARY_SCHOOL,"
    "'codice_meccanografico': 'MSIS00000B', 'is_demo': True})"
)
COUNT_STUDENTS = (
    "from ptp.students.models import Student;"
    "print(Student.objects.filter(school__slug='istituto-bench').count())"
)


def _files(rows: int, seed: int, folder: Path) -> dict[str, Path]:
    import django

    django.setup()
    from bench.students.generate import roster_rows, write_roster

    with (ROOT / "ptp" / "geo" / "data" / "comuni_toscana.csv").open(encoding="utf-8") as handle:
        towns = [row["codice_istat"] for row in csv.DictReader(handle)]
    data = roster_rows(rows, seed=seed, municipalities=towns)
    files = {"clean": folder / "studenti.csv"}
    write_roster(files["clean"], data)
    # Everyone moves up a class (fifth-years stay), as at the start of a school year.
    moved = [[*r[:4], f"{min(5, int(r[4][0]) + 1)}{r[4][1:]}", *r[5:]] for r in data]
    files["moved"] = folder / "studenti-anno-dopo.csv"
    write_roster(files["moved"], moved)
    bad = [list(r) for r in data]
    index = min(BAD_LINE, rows) - 2  # line 1 is the header
    code = bad[index][0]
    bad[index][0] = code[:-1] + ("A" if code[-1] != "A" else "B")  # wrong check character
    files["bad"] = folder / "studenti-una-riga-errata.csv"
    write_roster(files["bad"], bad)
    return files


def _timed_import(env: dict[str, str], path: Path, *extra: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [PY, "manage.py", "import_students", str(path), "--school", SCHOOL, *extra],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    lines = [x for x in (result.stdout + result.stderr).splitlines() if "%" not in x]
    return elapsed, result.returncode, "\n".join(lines[-3:])


def _count(env: dict[str, str]) -> int:
    return int(manage("shell", "-c", COUNT_STUDENTS, env=env, quiet=True).split()[-1])


def _run(label: str, env: dict[str, str], files: dict[str, Path], rows: int) -> None:
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_reference_data", env=env, quiet=True)
    manage("shell", "-c", CREATE_SCHOOL, env=env, quiet=True)
    print(f"\n== {label} ==")
    cases = [
        ("clean import", files["clean"], rows, 0),
        ("re-import, no changes", files["clean"], rows, 0),
        ("re-import, everyone moved up", files["moved"], rows, 0),
        (f"one bad row (line {BAD_LINE})", files["bad"], rows, 1),
    ]
    for name, path, expected_count, expected_rc in cases:
        elapsed, rc, tail = _timed_import(env, path)
        count = _count(env)
        verdict = "OK" if elapsed <= TARGET_S else "OVER TARGET"
        print(f"{name:34} {elapsed:6.1f} s  (target ≤ {TARGET_S:.0f} s)  {verdict}")
        print(
            f"{'':34} exit {rc} (expected {expected_rc}), students {count} (expected {expected_count})"
        )
        for line in tail.splitlines():
            print(f"{'':34} | {line}")
        if name.startswith("one bad row") and f"riga {BAD_LINE}" not in tail:
            print(f"{'':34} !! the report does not name line {BAD_LINE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ptp-bench-students-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = _files(args.rows, args.seed, folder)
        size = files["clean"].stat().st_size / 1e6
        print(
            f"Generated {args.rows} rows (seed {args.seed}, {size:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        _run(
            "SQLite (temporary file)",
            {"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"},
            files,
            args.rows,
        )
        if args.skip_pg:
            return
        if not pg_available():
            print("\nSKIP PostgreSQL: nothing answers on 127.0.0.1:5432")
            return
        recreate_pg_database(PG_URL)
        _run("PostgreSQL (ptp_bench_students)", {"DATABASE_URL": PG_URL}, files, args.rows)


if __name__ == "__main__":
    main()
