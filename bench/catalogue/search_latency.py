"""Catalogue search p95 at 8 concurrent clients over 20,000 programmes and 50,000 editions on
PostgreSQL, served by gunicorn with production settings (training-offer issue: target 150 ms).

The load cycles through ~200 different searches (free text, facets, combinations, sorting, deep
pages), so no single cached answer can flatter the figure. It also prints the number of SQL queries
of each kind of search, to show it does not grow with the data.
Run: .venv/bin/python bench/catalogue/search_latency.py [--seconds 30] [--reuse]
"""

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import (
    PG_BENCH_URL,
    PROVINCES,
    SECTORS,
    pg_available,
    prepare_region_database,
    print_query_counts,
    search_latency,
)

TARGET_MS = 150.0
TERMS = [
    "accoglienza",
    "turistica",
    "meccatronica",
    "automazione",
    "cantieristica",
    "enologia",
    "impianti",
    "assistenza sanitaria",
    "ristorazione",
    "robotica",
    "alberg",
    "efficienza energetica",
    "manutenzione",
    "museale",
    "diporto",
    "viticoltura",
    "motori marini",
    "fotovoltaico",
]
KINDS = [
    "istruzione_tecnica",
    "istruzione_professionale",
    "iefp_qualifica",
    "ifts",
    "its_academy",
    "corso_breve",
]
SORTS = ["rilevanza", "titolo", "eqf", "-durata"]


def search_paths(n: int = 200, seed: int = 7) -> list[str]:
    """Varied catalogue searches: each adds 0–3 filters, a term half of the time, a sort and a page."""
    rng = random.Random(seed)
    paths = ["/offerta-formativa/"]
    for _ in range(n - 1):
        params: list[str] = []
        if rng.random() < 0.5:
            params.append("q=" + rng.choice(TERMS).replace(" ", "+"))
        for name, values in rng.sample(
            [
                ("filiera", SECTORS),
                ("provincia", PROVINCES),
                ("tipo", KINDS),
                ("eqf", ["3", "4", "5"]),
                ("polo", [f"sint-polo-{i:03d}" for i in range(25)]),
            ],
            rng.randint(0, 3),
        ):
            params.append(f"{name}={rng.choice(values)}")
        params.append("ordina=" + rng.choice(SORTS))
        if rng.random() < 0.2:
            params.append(f"pagina={rng.randint(2, 20)}")
        paths.append("/offerta-formativa/?" + "&".join(params))
    return paths


def query_counts(env: dict[str, str]) -> None:
    urls = [
        "/offerta-formativa/",
        "/offerta-formativa/?q=turistica&filiera=turismo-e-beni-culturali",
        "/offerta-formativa/?provincia=pisa&tipo=istruzione_tecnica&eqf=4&competenza=1&erogatore=x"
        "&polo=sint-polo-001&comune=050026",
    ]
    print_query_counts(env, urls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database as it is")
    args = parser.parse_args()
    if not pg_available():
        print("SKIP search_latency: PostgreSQL not reachable on 127.0.0.1:5432")
        return
    if args.reuse:
        env = {"DATABASE_URL": PG_BENCH_URL}
    else:
        subset = Path(os.environ.get("PTP_ESCO_SUBSET", "/work/shared/data/esco_v1.1.1_en/subset"))
        # The official ESCO subset gives programmes realistic skills; without it the demo taxonomy
        # loaded by seed_demo is used.
        taxonomy = (
            [["import_esco", str(subset), "--esco-version", "v1.1.1"]] if subset.is_dir() else []
        )
        env = prepare_region_database(
            before_region=taxonomy,
            generate_args=("--programmes", "20000", "--editions", "50000"),
        )
    query_counts(env)
    paths = search_paths()
    search_latency(env, paths, name="catalogue search", target_ms=TARGET_MS, seconds=args.seconds)


if __name__ == "__main__":
    main()
