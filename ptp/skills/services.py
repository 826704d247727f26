"""Writes to the skills vocabulary: the demo taxonomy and the small reference classifications.

The ESCO importer itself is ``ptp.skills.esco_import.import_esco``. These loaders use a plain
(non-durable) atomic block, like the other reference-data loaders, so that ``seed_demo`` and
``load_reference_data`` may call them inside their own transaction.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ptp.skills.esco_import import ImportResult, import_esco
from ptp.skills.esco_import.csvfile import Progress
from ptp.skills.models import Classification, ClassificationItem, Crosswalk, MatchType

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_TAXONOMY_DIR = FIXTURES / "esco_demo"
DEMO_TAXONOMY_VERSION = "demo-1"
CLASSIFICATIONS_DIR = FIXTURES / "classifications"

# slug -> (name, version, publisher, labels_note, items file)
CLASSIFICATIONS = {
    "eqf": (
        "Quadro europeo delle qualifiche (EQF)",
        "2017",
        "Consiglio dell'Unione europea",
        "Titoli «Livello EQF n» e descrizioni in sintesi scritte dal progetto, non il testo "
        "ufficiale dei descrittori (Raccomandazione del Consiglio del 22 maggio 2017, allegato II).",
        "eqf.csv",
    ),
    "qnq": (
        "Quadro nazionale delle qualificazioni (QNQ)",
        "2018",
        "Ministero del Lavoro e Ministero dell'Istruzione (D.I. 8 gennaio 2018)",
        "Titoli «Livello QNQ n» ed esempi di titoli italiani scritti dal progetto in sintesi, non "
        "il testo ufficiale dell'allegato 1 del D.I. 8 gennaio 2018.",
        "qnq.csv",
    ),
    "isced-f-2013": (
        "Classificazione internazionale dei campi di istruzione e formazione (ISCED-F 2013)",
        "2013",
        "UNESCO Institute for Statistics",
        "Codici e etichette inglesi ISCED-F 2013 (UNESCO UIS); etichette italiane tradotte dal "
        "progetto, non la versione ufficiale italiana.",
        "isced_f_2013.csv",
    ),
}


def load_demo_taxonomy(*, progress: Progress | None = None) -> ImportResult:
    """Loads the invented tourism and cultural-heritage taxonomy shipped for the demo, marked as
    not official (its URIs are outside ESCO's namespace); idempotent."""
    return import_esco(
        DEMO_TAXONOMY_DIR, version=DEMO_TAXONOMY_VERSION, official=False, progress=progress
    )


@dataclass(frozen=True)
class ClassificationsResult:
    classifications: int
    items_created: int
    items_updated: int


@transaction.atomic
def load_classifications(*, directory: Path = CLASSIFICATIONS_DIR) -> ClassificationsResult:
    """Upserts EQF and QNQ levels 1–8 and the ISCED-F 2013 broad and narrow fields, and the
    EQF–QNQ correspondence (each QNQ level is referenced to the same EQF level, D.I. 8/1/2018)."""
    created = updated = 0
    for slug, (name, version, publisher, note, filename) in CLASSIFICATIONS.items():
        classification, _ = Classification.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "version": version,
                "publisher": publisher,
                "labels_note": note,
            },
        )
        with (directory / filename).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        existing = {item.code: item for item in classification.items.all()}
        for row in rows:  # parents come before their children in the files
            values = {
                "label_it": row["label_it"],
                "label_en": row["label_en"],
                "description_it": row["description_it"],
                "level": int(row["level"]),
                "parent": existing[row["parent"]] if row["parent"] else None,
            }
            item = existing.get(row["code"])
            if item is None:
                existing[row["code"]] = ClassificationItem.objects.create(
                    classification=classification, code=row["code"], **values
                )
                created += 1
            elif any(getattr(item, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(item, key, value)
                item.save()
                updated += 1
    for level in range(1, 9):
        Crosswalk.objects.get_or_create(
            from_scheme="qnq",
            from_code=str(level),
            to_scheme="eqf",
            to_code=str(level),
            defaults={"match": MatchType.EXACT, "source": "D.I. 8 gennaio 2018, art. 3"},
        )
    return ClassificationsResult(
        classifications=len(CLASSIFICATIONS), items_created=created, items_updated=updated
    )
