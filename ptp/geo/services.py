"""Loading the territorial reference data."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ptp.geo.models import Municipality, Province, Region

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "comuni_toscana.csv"
TUSCANY = ("09", "Toscana")


@dataclass(frozen=True)
class GeoLoadResult:
    regions: int
    provinces: int
    municipalities_created: int
    municipalities_updated: int


@transaction.atomic
def load_geo_reference(*, path: Path = MUNICIPALITIES_CSV) -> GeoLoadResult:
    """Upserts Tuscany, its provinces and municipalities from the shipped ISTAT extract (idempotent)."""
    region, _ = Region.objects.update_or_create(
        codice_istat=TUSCANY[0], defaults={"name": TUSCANY[1], "slug": slugify(TUSCANY[1])}
    )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    provinces: dict[str, Province] = {}
    for row in rows:
        code = row["codice_provincia"]
        if code not in provinces:
            provinces[code], _ = Province.objects.update_or_create(
                codice_istat=code,
                defaults={
                    "region": region,
                    "name": row["provincia"],
                    "abbreviation": row["sigla"],
                    "slug": slugify(row["provincia"]),
                },
            )
    existing = {m.codice_istat: m for m in Municipality.objects.all()}
    created: list[Municipality] = []
    changed: list[Municipality] = []
    for row in rows:
        values = {
            "province": provinces[row["codice_provincia"]],
            "codice_catastale": row["codice_catastale"],
            "name": row["nome"],
            "latitude": Decimal(row["latitudine"]),
            "longitude": Decimal(row["longitudine"]),
        }
        current = existing.get(row["codice_istat"])
        if current is None:
            created.append(Municipality(codice_istat=row["codice_istat"], **values))
        elif any(getattr(current, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            changed.append(current)
    Municipality.objects.bulk_create(created)
    Municipality.objects.bulk_update(
        changed, ["province", "codice_catastale", "name", "latitude", "longitude"]
    )
    return GeoLoadResult(
        regions=1,
        provinces=len(provinces),
        municipalities_created=len(created),
        municipalities_updated=len(changed),
    )
