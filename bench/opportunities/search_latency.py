"""Public opportunity search p95 at 8 concurrent clients over 20,000 opportunities on PostgreSQL,
served by gunicorn with production settings (companies-and-opportunities issue: target 150 ms
for list pages).

The load cycles through ~200 different searches (free text, kind, sector, hub, province,
municipality, periods, skills, sorting, deep pages), so no single cached answer can flatter the
figure; it runs once with the public-page cache off and once on, as in production. It also prints
the number of SQL queries of a few kinds of search, to show it does not grow with the data.
Run: .venv/bin/python bench/opportunities/search_latency.py [--seconds 30] [--reuse] [--count N]
"""

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

# A database of its own, so benchmarks of other areas run meanwhile cannot replace its data.
os.environ.setdefault(
    "PTP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/ptp_bench_opportunities"
)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import (
    PG_BENCH_URL,
    PROVINCES,
    PY,
    ROOT,
    SECTORS,
    manage,
    pg_available,
    prepare_region_database,
    print_query_counts,
    search_latency,
)

TARGET_MS = 150.0
# Its own port: benchmarks of other areas may serve on common.gunicorn's default meanwhile.
PORT = 8771
TERMS = [
    "ricevimento",
    "cucina",
    "museo",
    "spiaggia",
    "officina",
    "montaggio",
    "cantiere",
    "vendemmia",
    "impianti",
    "reparto",
    "motori",
    "robotica",
    "sala agenzia",
    "frantoio",
]
KINDS = ["pcto", "tirocinio", "apprendistato", "stagionale", "lavoro"]
SORTS = ["data", "titolo", "recenti"]
# Periods a family might look for: a month, a summer, a school term.
PERIODS = [
    ("2027-01-01", "2027-01-31"),
    ("2027-06-01", "2027-09-15"),
    ("2027-09-15", "2027-12-20"),
    ("2028-02-01", ""),
    ("", "2027-03-31"),
]


def reference_values(env: dict[str, str]) -> tuple[list[str], list[str]]:
    """Municipality codes and skill ids that the synthetic opportunities use."""
    code = (
        "import django;django.setup()\n"
        "from ptp.placements.models import Opportunity\n"
        "o=Opportunity.objects.filter(host__slug__startswith='sint-')\n"
        "print(','.join(sorted({m for m in o.values_list('municipality__codice_istat', flat=True)})[:60]))\n"
        "print(','.join(str(s) for s in sorted(set(o.values_list('skills_required', flat=True)) - {None})[:80]))"
    )
    out = subprocess.run(
        [PY, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return out[-2].split(","), out[-1].split(",")


def search_paths(
    municipalities: list[str], skills: list[str], n: int = 200, seed: int = 11
) -> list[str]:
    """Varied searches: 0–3 filters, a term a third of the time, a period, a sort and a page."""
    rng = random.Random(seed)
    paths = ["/opportunita/"]
    for _ in range(n - 1):
        params: list[str] = []
        if rng.random() < 0.33:
            params.append("q=" + rng.choice(TERMS).replace(" ", "+"))
        for name, values in rng.sample(
            [
                ("tipo", KINDS),
                ("filiera", SECTORS),
                ("provincia", PROVINCES),
                ("comune", municipalities),
                ("competenza", skills),
                ("polo", [f"sint-polo-{i:03d}" for i in range(25)]),
            ],
            rng.randint(0, 3),
        ):
            params.append(f"{name}={rng.choice(values)}")
        if rng.random() < 0.3:
            start, end = rng.choice(PERIODS)
            params += [f"dal={start}", f"al={end}"]
        params.append("ordina=" + rng.choice(SORTS))
        if rng.random() < 0.2:
            params.append(f"pagina={rng.randint(2, 30)}")
        paths.append("/opportunita/?" + "&".join(params))
    return paths


def query_counts(env: dict[str, str], municipality: str, skill: str) -> None:
    urls = [
        "/opportunita/",
        "/opportunita/?q=cucina&tipo=pcto&dal=2027-06-01&al=2027-09-15",
        f"/opportunita/?provincia=pisa&comune={municipality}&competenza={skill}&ordina=titolo&pagina=2",
    ]
    print_query_counts(env, urls, page_cache=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--count", type=int, default=20000, help="opportunities to generate")
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    args = parser.parse_args()
    if not pg_available():
        print("SKIP search_latency: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    if args.reuse:
        env = {"DATABASE_URL": PG_BENCH_URL}
    else:
        env = prepare_region_database(generate_args=("--programmes", "0"))
        generate = (
            "from ptp.placements.opportunities.region import generate_opportunities;"
            f"print('Generate', generate_opportunities(count={args.count}, seed=1), 'opportunità')"
        )
        manage("shell", "-c", generate, env=env)
    municipalities, skills = reference_values(env)
    query_counts(env, municipalities[0], skills[0])
    paths = search_paths(municipalities, skills)
    search_latency(
        env,
        paths,
        name="opportunity search",
        target_ms=TARGET_MS,
        seconds=args.seconds,
        port=PORT,
    )


if __name__ == "__main__":
    main()
