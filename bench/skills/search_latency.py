"""Skill autocomplete latency in one process, on the database named by DATABASE_URL.

Run by bench/skills/run.py after an import (it prints one JSON line); by hand:
``DATABASE_URL=... .venv/bin/python bench/skills/search_latency.py --terms terms.txt``

Measures, for each term, ``ptp.skills.queries.search_skills`` (the query function) and the whole
request through Django's test client for ``/api/v1/competenze?q=`` and ``/competenze/cerca/?q=``.
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
warnings.filterwarnings("ignore", message="No directory at")


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", type=Path, required=True)
    parser.add_argument("--lang", default="it")
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.db import connection
    from django.test import Client

    from ptp.skills.queries import search_skills

    logging.disable(logging.WARNING)
    terms = [t for t in args.terms.read_text(encoding="utf-8").splitlines() if t]
    client = Client()
    for term in terms[:20]:  # warm up caches and connections
        search_skills(term, lang=args.lang)
        client.get(f"/api/v1/competenze?q={quote(term)}")
    results: dict[str, object] = {"terms": len(terms), "vendor": connection.vendor}
    hits = []
    for name, call in (
        ("function", lambda t: hits.append(len(search_skills(t, lang=args.lang)))),
        ("api", lambda t: client.get(f"/api/v1/competenze?q={quote(t)}&lingua={args.lang}")),
        ("fragment", lambda t: client.get(f"/competenze/cerca/?q={quote(t)}")),
    ):
        samples = []
        for term in terms:
            started = time.perf_counter()
            call(term)
            samples.append((time.perf_counter() - started) * 1000)
        results[name] = percentiles(samples)
    results["terms_with_hits"] = sum(1 for h in hits if h)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
