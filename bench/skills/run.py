"""ESCO import and skill autocomplete benchmarks (skills-taxonomy issue). Prints, never asserts.

Run from the repository root:
``.venv/bin/python bench/skills/run.py [--no-pg] [--no-http] [--only real|synthetic]``

Data sets, both full size and in the official layout:
- real: the official ESCO v1.1.1 English download (13,896 skills, 640 groups, 3,007 occupations,
  123,855 relations), extracted at run time from the zips in the team's shared data
  (``PTP_ESCO_ORIGINAL``, default /work/shared/data/esco_v1.1.1_en/original); never copied into
  the repository;
- synthetic: Italian file names (``skills_it.csv`` ...), 14,000 skills, 3,000 occupations,
  130,000 relations, from bench/skills/generate.py with seed 1.

For each data set and database (SQLite in a temporary file; PostgreSQL on 127.0.0.1:5432 in the
database ``ptp_bench_skills``, created and dropped here): a fresh migrated database, then
``manage.py import_esco`` twice, timed as a user sees it (process start included). The second run
must report "Nessuna modifica.". Then ~200 varied search terms drawn from the data set's labels
(prefixes of one or two words, upper case, accents removed, single letters, no-match terms) are
timed through the query function and the test client, and over HTTP (gunicorn, production
settings) when --no-http is not given.

Targets: first import <= 60 s, re-import <= 30 s, autocomplete p95 <= 50 ms.
"""

import argparse
import contextlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PY, gunicorn, pg_available, recreate_pg_database  # noqa: E402
from bench.skills.generate import generate  # noqa: E402

ORIGINAL = Path(os.environ.get("PTP_ESCO_ORIGINAL", "/work/shared/data/esco_v1.1.1_en/original"))
CLASSIFICATION_ZIP = "ESCO dataset - v1.1.1 - classification - en - csv.zip"
RELATIONS_ZIP = "ESCO dataset - v1.1.1 - classification -  - csv.zip"
CLASSIFICATION_MEMBERS = [
    "skills_en.csv",
    "occupations_en.csv",
    "ISCOGroups_en.csv",
    "skillGroups_en.csv",
]
RELATION_MEMBERS = [
    "occupationSkillRelations.csv",
    "broaderRelationsSkillPillar.csv",
    "broaderRelationsOccPillar.csv",
]
PG_URL = "postgres://postgres@127.0.0.1:5432/ptp_bench_skills"
TARGETS = {"first": 60.0, "again": 30.0, "p95": 50.0}
TERMS = 200


def extract_real(target: Path) -> Path:
    """The needed members of the official zips, unchanged, in a folder named after the release."""
    folder = target / "esco_v1.1.1_en"
    folder.mkdir()
    for zip_name, members in (
        (CLASSIFICATION_ZIP, CLASSIFICATION_MEMBERS),
        (RELATIONS_ZIP, RELATION_MEMBERS),
    ):
        with zipfile.ZipFile(ORIGINAL / zip_name) as archive:
            for member in members:
                (folder / member).write_bytes(archive.read(member))
    return folder


def make_terms(labels: list[str], *, seed: int = 7, count: int = TERMS) -> list[str]:
    """Varied autocomplete terms from real labels: what people type, including the worst cases."""
    rng = random.Random(seed)
    terms: list[str] = [chr(c) for c in range(ord("a"), ord("a") + 8)]  # single letters: most rows
    terms += ["zzqx", "qwkj vbn", "xylofono"]  # nothing to find
    while len(terms) < count:
        words = [w for w in re.split(r"[\s'’()/,-]+", rng.choice(labels)) if len(w) >= 3]
        if not words:
            continue
        start = rng.randrange(len(words))
        picked = words[start : start + rng.choice((1, 1, 2))]
        term = " ".join(w[: rng.randint(2, len(w))] for w in picked)
        roll = rng.random()
        if roll < 0.15:
            term = term.upper()
        elif roll < 0.3:
            term = "".join(
                c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c)
            )
        terms.append(term)
    return terms


def labels_of(folder: Path, name: str) -> list[str]:
    import csv

    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [row["preferredLabel"] for row in csv.DictReader(handle)]


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [PY, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{' '.join(args)} failed")
    return elapsed, result.stdout


def fresh_database(backend: str, tmp: Path) -> dict[str, str]:
    if backend == "postgresql":
        recreate_pg_database(PG_URL)
        env = {"DATABASE_URL": PG_URL}
    else:
        path = tmp / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{suffix}").unlink()
        env = {"DATABASE_URL": f"sqlite:///{path}"}
    run(["manage.py", "migrate", "--noinput", "-v", "0"], env)
    return env


def _fetch(url: str) -> None:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local server
        response.read()


def http_p95(env: dict[str, str], terms: list[str], lang: str) -> dict[str, float]:
    """Sequential requests to the API served by gunicorn with production settings."""
    from bench.skills.search_latency import percentiles

    samples = []
    with gunicorn(env, port=8767, workers=2) as base:
        for term in terms[:20]:
            _fetch(f"{base}/api/v1/competenze?q={quote(term)}")
        for term in terms:
            started = time.perf_counter()
            _fetch(f"{base}/api/v1/competenze?q={quote(term)}&lingua={lang}")
            samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--only", choices=["real", "synthetic"])
    options = parser.parse_args()
    backends = ["sqlite"]
    if not options.no_pg and pg_available():
        backends.append("postgresql")
    imports, searches = [], []
    with tempfile.TemporaryDirectory(prefix="ptp-bench-skills-") as tmp_name:
        tmp = Path(tmp_name)
        datasets = []
        if options.only != "synthetic":
            if (ORIGINAL / CLASSIFICATION_ZIP).is_file():
                real = extract_real(tmp)
                datasets.append(
                    ("real v1.1.1 en", real, [], "en", labels_of(real, "skills_en.csv"))
                )
            else:
                print(f"(real ESCO zips not found in {ORIGINAL}: real data set skipped)")
        if options.only != "real":
            synthetic = tmp / "esco_synth_it"
            generate(synthetic, seed=1)
            datasets.append(
                (
                    "synthetic it",
                    synthetic,
                    ["--not-official", "--esco-version", "synth-1"],
                    "it",
                    labels_of(synthetic, "skills_it.csv"),
                )
            )
        for name, folder, flags, lang, labels in datasets:
            terms = make_terms(labels)
            terms_file = tmp / f"terms-{lang}.txt"
            terms_file.write_text("\n".join(terms), encoding="utf-8")
            for backend in backends:
                env = fresh_database(backend, tmp)
                first, _out = run(["manage.py", "import_esco", str(folder), *flags], env)
                again, out_again = run(["manage.py", "import_esco", str(folder), *flags], env)
                unchanged = "Nessuna modifica." in out_again
                imports.append((name, backend, first, again, unchanged))
                print(
                    f"{name} / {backend}: first {first:.1f} s, again {again:.1f} s"
                    f"{'' if unchanged else ' (WRITES ON RE-IMPORT!)'}",
                    flush=True,
                )
                _t, raw = run(
                    ["bench/skills/search_latency.py", "--terms", str(terms_file), "--lang", lang],
                    env,
                )
                latency = json.loads(raw.strip().splitlines()[-1])
                if not options.no_http:
                    latency["http"] = http_p95(env, terms, lang)
                searches.append((name, backend, latency))
        if "postgresql" in backends:
            import psycopg

            with psycopg.connect(
                "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
            ) as conn:
                conn.execute("DROP DATABASE IF EXISTS ptp_bench_skills WITH (FORCE)")

    print()
    print(f"{'data set':16} {'database':11} {'first import':>13} {'re-import':>10}  targets")
    for name, backend, first, again, unchanged in imports:
        print(
            f"{name:16} {backend:11} {first:11.1f} s {again:8.1f} s  "
            f"[{verdict(first, TARGETS['first'])} <= 60 s] [{verdict(again, TARGETS['again'])} <= 30 s]"
            f"{'' if unchanged else ' [re-import wrote rows]'}"
        )
    print()
    print(
        f"{'data set':16} {'database':11} {'path':9} {'p50':>8} {'p95':>8} {'max':>8}  target p95 <= 50 ms"
    )
    for name, backend, latency in searches:
        for path in ("function", "api", "fragment", "http"):
            if path in latency:
                row = latency[path]
                print(
                    f"{name:16} {backend:11} {path:9} {row['p50']:6.1f}ms {row['p95']:6.1f}ms "
                    f"{row['max']:6.1f}ms  [{verdict(row['p95'], TARGETS['p95'])}]"
                )
        print(f"{'':29}({latency['terms']} terms, {latency['terms_with_hits']} with results)")


if __name__ == "__main__":
    main()
