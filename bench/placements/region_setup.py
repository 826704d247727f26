"""Helpers of pages_latency.py that need Django, run in their own process (settings and database
come from the environment pages_latency.py passes).

  generate --students N --opportunities M --per-window K   synthetic students, opportunities,
                                                           applications, placements and hours
  sessions --out FILE                                      bench staff accounts, their sessions
                                                           (production settings: the same secret
                                                           as gunicorn) and the paths to request
  queries                                                  SQL queries of each kind of page
"""

import argparse
import json
import os
import random
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from ptp.accounts.models import Role, RoleGrant, User  # noqa: E402
from ptp.network.models import SCHOOL_KINDS, Organization  # noqa: E402
from ptp.placements.models import Placement, PlacementStatus  # noqa: E402

ACCOUNTS = 4  # schools and hosts, each with its own staff account
LOGGED = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


def generate(students: int, opportunities: int, per_window: int) -> None:
    from ptp.placements.demo_region import generate_placements
    from ptp.placements.opportunities.region import generate_opportunities
    from ptp.students.demo import generate_students

    for label, step in (
        ("students", lambda: generate_students(count=students, seed=1)),
        ("opportunities", lambda: generate_opportunities(count=opportunities, seed=1)),
        ("placements", lambda: generate_placements(students_per_window=per_window, seed=1)),
    ):
        started = time.perf_counter()
        made = step()
        print(f"generated {label}: {made} in {time.perf_counter() - started:.0f} s", flush=True)
    # Fresh statistics after the bulk load, as autovacuum would gather on a live database.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _account(org: Organization, side: str) -> User:
    user, _ = User.objects.get_or_create(
        email=f"bench.{side}.{org.slug}@bench.invalid", defaults={"full_name": f"Bench {side}"}
    )
    RoleGrant.objects.get_or_create(
        user=user, role=Role.ORGANIZATION_STAFF, organization=org, revoked_at=None
    )
    return user


def _cookie(user: User) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _hours_paths(placements: list[Placement], rng: random.Random) -> list[str]:
    paths = []
    for p in placements:
        days = (p.ends_on - p.starts_on).days
        day = p.starts_on.toordinal() + rng.randrange(days + 1)
        paths.append(f"/gestione/percorsi/{p.pk}/ore/?settimana={date_of(day).isoformat()}")
    return paths


def date_of(ordinal: int):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date.fromordinal(ordinal)


def sessions(out: Path) -> None:
    rng = random.Random(5)
    synthetic = Organization.objects.filter(slug__startswith="sint-")
    schools = list(
        synthetic.filter(kind__in=SCHOOL_KINDS)
        .annotate(n=Count("students__applications"))
        .order_by("-n", "slug")[:ACCOUNTS]
    )
    hosts = list(
        synthetic.exclude(kind__in=SCHOOL_KINDS)
        .annotate(n=Count("placements_as_host"))
        .order_by("-n", "slug")[:ACCOUNTS]
    )
    groups: dict[str, list[tuple[str, str]]] = {"applicants": [], "hours": [], "lists": []}
    for school in schools:
        cookie = _cookie(_account(school, "scuola"))
        base = "/gestione/percorsi/scuola/candidature/"
        for query in (
            "",
            "?stato=",
            "?stato=&pagina=2",
            "?stato=validated",
            "?stato=&classe=4",
            "?stato=&q=ro",
            "?stato=accepted",
            "?stato=&pagina=5",
        ):
            groups["applicants"].append((base + query, cookie))
        for query in ("", "?stato=active", "?pagina=2", "?stato=completed&pagina=2"):
            groups["lists"].append(("/gestione/percorsi/scuola/" + query, cookie))
        mine = list(Placement.objects.filter(school=school, status__in=LOGGED).order_by("?")[:12])
        groups["hours"] += [(path, cookie) for path in _hours_paths(mine, rng)]
    for host in hosts:
        cookie = _cookie(_account(host, "impresa"))
        base = "/gestione/percorsi/impresa/candidature/"
        for query in (
            "",
            "?stato=",
            "?stato=accepted",
            "?stato=&pagina=2",
            "?q=a",
            "?stato=declined",
        ):
            groups["applicants"].append((base + query, cookie))
        for query in ("", "?stato=active", "?pagina=2"):
            groups["lists"].append(("/gestione/percorsi/impresa/" + query, cookie))
        hosted = list(Placement.objects.filter(host=host, status__in=LOGGED).order_by("?")[:12])
        groups["hours"] += [(path, cookie) for path in _hours_paths(hosted, rng)]
    out.write_text(
        json.dumps(
            {
                "groups": groups,
                "schools": [(s.slug, s.n) for s in schools],
                "hosts": [(h.slug, h.n) for h in hosts],
            }
        )
    )


def queries() -> None:
    """Queries per page kind, for the biggest school and host (development settings)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Static files are collected only for gunicorn; the test client does not need them.
    warnings.filterwarnings("ignore", "No directory at")
    data = json.loads(Path(os.environ["PATHS_JSON"]).read_text())
    for group, rows in data["groups"].items():
        path, _ = rows[0]
        side = "scuola" if "/scuola/" in path or group == "hours" else "impresa"
        slug = data["schools"][0][0] if side == "scuola" else data["hosts"][0][0]
        client = Client()
        client.force_login(User.objects.get(email=f"bench.{side}.{slug}@bench.invalid"))
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path, HTTP_HOST="127.0.0.1").status_code
        print(f"SQL queries  {group:10} {path:60} {len(captured):3} (status {status})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--students", type=int, required=True)
    gen.add_argument("--opportunities", type=int, required=True)
    gen.add_argument("--per-window", type=int, required=True)
    ses = sub.add_parser("sessions")
    ses.add_argument("--out", type=Path, required=True)
    sub.add_parser("queries")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.students, args.opportunities, args.per_window)
    elif args.command == "sessions":
        sessions(args.out)
    else:
        queries()


if __name__ == "__main__":
    main()
