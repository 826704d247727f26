"""Open data of the observatory: the hubs' aggregates and the skills gap as CSV, described by a
DCAT-AP_IT catalogue (JSON-LD), under CC BY 4.0 with the Region as rights holder.

Nothing personal goes out: the files are built from hub snapshots and gap cells, which hold
aggregates only; a count of people (or of placements and reports) under 5 is left empty, with the
figures derived from it, and so is a gap cell whose supply or demand is under 5 people. Both files
are built once per change of public data (`cached_for_public_data`)."""

import csv
import datetime as dt
import io
import json
from typing import Any

from django.db.models import Max, Min, Sum
from django.http import HttpResponse

from ptp.core.public_cache import cached_for_public_data
from ptp.geo.models import Region
from ptp.lib.spreadsheets import spreadsheet_safe
from ptp.observatory import indicators
from ptp.observatory.cells import latest_cells_date
from ptp.observatory.models import GapCell, HubSnapshot

LICENSE_URI = "https://creativecommons.org/licenses/by/4.0/"
THEME_EDUCATION = "http://publications.europa.eu/resource/authority/data-theme/EDUC"
THEME_ECONOMY = "http://publications.europa.eu/resource/authority/data-theme/ECON"
CSV_FORMAT = "http://publications.europa.eu/resource/authority/file-type/CSV"
FREQUENCY_DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"
# IPA code of Regione Toscana: DCAT-AP_IT identifies publishers and datasets by it.
IPA_CODE = "r_toscan"

HUB_COLUMNS: tuple[tuple[str, str], ...] = (
    ("polo", "Codice (slug) del polo"),
    ("nome_polo", "Denominazione del polo"),
    ("filiera", "Filiera produttiva"),
    ("provincia", "Provincia"),
    ("data", "Giorno dell'istantanea (l'ultima del mese)"),
    ("anno_scolastico", "Anno scolastico a cui si riferiscono i dati"),
    ("dimostrativo", "1 se i dati sono inventati a scopo dimostrativo"),
    *((i.key, str(i.label)) for i in indicators.INDICATORS),
)
GAP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("anno", "Anno (primo anno scolastico) dell'offerta e della domanda"),
    ("filiera", "Filiera produttiva (vuota per la domanda dei bollettini, senza filiera)"),
    ("provincia", "Provincia"),
    ("competenza_uri", "URI ESCO della competenza"),
    ("competenza", "Competenza"),
    ("offerta_persone", "Persone formate all'anno nella competenza (vuoto se meno di 5)"),
    ("domanda_persone", "Persone richieste all'anno con la competenza (vuoto se meno di 5)"),
)


def cell(value: float | None) -> str:
    """A number as the CSV writes it: empty when suppressed or unknown, a point for decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0")


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    """A CSV text (formulas quoted for spreadsheet programs)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue()


def _month_ends() -> list[dt.date]:
    days = sorted(HubSnapshot.objects.values_list("taken_on", flat=True).distinct())
    last: dict[tuple[int, int], dt.date] = {}
    for day in days:
        last[(day.year, day.month)] = day
    return sorted(last.values())


def hub_rows() -> list[list[Any]]:
    """One row per hub and month (its last snapshot), public values only. Two queries."""
    snapshots = (
        HubSnapshot.objects.filter(taken_on__in=_month_ends())
        .select_related("hub__sector", "hub__province")
        .order_by("hub__name", "taken_on")
    )
    rows = []
    for s in snapshots:
        values = indicators.public_values(s.metrics)
        rows.append(
            [
                s.hub.slug,
                s.hub.name,
                s.hub.sector.name,
                s.hub.province.name,
                s.taken_on.isoformat(),
                s.metrics.get("school_year", ""),
                int(bool(s.metrics.get("demo")) or s.hub.is_demo),
                *(cell(values.get(i.key)) for i in indicators.INDICATORS),
            ]
        )
    return rows


def gap_rows() -> list[list[Any]]:
    """The latest gap cells summed by year, sector, province and skill; values under 5 people
    are left empty and rows with both sides empty are left out. Two queries."""
    day = latest_cells_date()
    if day is None:
        return []
    sums = (
        GapCell.objects.filter(computed_on=day)
        .values("year", "sector__name", "province__name", "skill__uri", "skill__label_it")
        .annotate(supply=Sum("supply"), demand=Sum("demand"))
        .order_by("year", "sector__name", "province__name", "skill__label_it")
    )
    rows = []
    for r in sums:
        supply = r["supply"] if (r["supply"] or 0) >= indicators.MIN_CELL else None
        demand = r["demand"] if (r["demand"] or 0) >= indicators.MIN_CELL else None
        if supply is None and demand is None:
            continue
        rows.append(
            [
                r["year"],
                r["sector__name"] or "",
                r["province__name"],
                r["skill__uri"],
                r["skill__label_it"],
                cell(round(supply, 1) if supply is not None else None),
                cell(round(demand, 1) if demand is not None else None),
            ]
        )
    return rows


def _encoded(text: str) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the accents right."""
    return ("\ufeff" + text).encode("utf-8")


def _download(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def hubs_csv() -> HttpResponse:
    content = cached_for_public_data(
        "open-data:hubs", lambda: _encoded(to_csv([c for c, _ in HUB_COLUMNS], hub_rows()))
    )
    return _download("indicatori-poli", content)


def gap_csv() -> HttpResponse:
    content = cached_for_public_data(
        "open-data:gap", lambda: _encoded(to_csv([c for c, _ in GAP_COLUMNS], gap_rows()))
    )
    return _download("divario-competenze", content)


def warm_cache() -> None:
    """Builds both files now (after the nightly run), so no visitor waits for the gap file."""
    hubs_csv()
    gap_csv()


def issued() -> dt.date | None:
    """The day of the first snapshot: when the open data were first issued."""
    return HubSnapshot.objects.aggregate(day=Min("taken_on"))["day"]


def has_demo_data() -> bool:
    return HubSnapshot.objects.filter(metrics__demo=True).exists()


def _modified() -> dt.date | None:
    days = [
        HubSnapshot.objects.aggregate(day=Max("taken_on"))["day"],
        latest_cells_date(),
    ]
    known = [d for d in days if d is not None]
    return max(known) if known else None


def _date(value: dt.date | None) -> dict[str, str] | None:
    return {"@value": value.isoformat(), "@type": "xsd:date"} if value else None


def catalogue(base: str) -> dict[str, Any]:
    """The DCAT-AP_IT catalogue of the two datasets (JSON-LD), with absolute URLs under `base`."""
    region = Region.objects.order_by("pk").first()
    region_name = f"Regione {region.name}" if region else "Regione Toscana"
    agent = {
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": region_name,
        "dct:identifier": IPA_CODE,
    }
    licence = {
        "@id": LICENSE_URI,
        "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
        "foaf:name": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
    }
    issued_on, modified_on = issued(), _modified()
    page = f"{base}/osservatorio/dati-aperti/"

    def dataset(
        slug: str, title: str, description: str, path: str, keywords: list[str]
    ) -> dict[str, Any]:
        return {
            "@id": f"{page}#{slug}",
            "@type": ["dcat:Dataset", "dcatapit:Dataset"],
            "dct:identifier": f"{IPA_CODE}:ptp-{slug}",
            "dct:title": {"@value": title, "@language": "it"},
            "dct:description": {"@value": description, "@language": "it"},
            "dct:publisher": agent,
            "dct:rightsHolder": agent,
            "dct:issued": _date(issued_on),
            "dct:modified": _date(modified_on),
            "dct:license": {"@id": LICENSE_URI},
            "dct:accrualPeriodicity": {"@id": FREQUENCY_DAILY},
            "dct:language": {
                "@id": "http://publications.europa.eu/resource/authority/language/ITA"
            },
            "dcat:theme": [{"@id": THEME_EDUCATION}, {"@id": THEME_ECONOMY}],
            "dcat:keyword": keywords,
            "dcat:landingPage": {"@id": page},
            "dcat:contactPoint": {
                "@type": ["vcard:Organization", "dcatapit:Organization"],
                "vcard:fn": region_name,
                "vcard:hasURL": {"@id": page},
            },
            "dcat:distribution": [
                {
                    "@id": f"{base}{path}",
                    "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                    "dct:title": {"@value": f"{title} (CSV)", "@language": "it"},
                    "dct:format": {"@id": CSV_FORMAT},
                    "dcat:mediaType": "text/csv",
                    "dcat:accessURL": {"@id": page},
                    "dcat:downloadURL": {"@id": f"{base}{path}"},
                    "dct:license": licence,
                }
            ],
        }

    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": [
            {
                "@id": f"{page}#catalogo",
                "@type": ["dcat:Catalog", "dcatapit:Catalog"],
                "dct:title": {
                    "@value": "Osservatorio dei Poli Tecnico Professionali",
                    "@language": "it",
                },
                "dct:description": {
                    "@value": "Dati aperti aggregati dei Poli Tecnico Professionali della "
                    "Toscana: indicatori dei poli e divario fra competenze offerte e richieste.",
                    "@language": "it",
                },
                "dct:publisher": agent,
                "dct:issued": _date(issued_on),
                "dct:modified": _date(modified_on),
                "foaf:homepage": {"@id": page},
                "dcat:dataset": [
                    {"@id": f"{page}#indicatori-poli"},
                    {"@id": f"{page}#divario-competenze"},
                ],
            },
            dataset(
                "indicatori-poli",
                "Indicatori dei Poli Tecnico Professionali",
                "Per ogni polo e mese: soci per tipologia, percorsi e posti, studenti in formazione "
                "scuola-lavoro, ore svolte su ore previste, imprese ospitanti, segnalazioni, esiti "
                "a 6 e 12 mesi, indice di divario. Dati aggregati: i conteggi di persone inferiori "
                "a 5 e le grandezze derivate sono lasciati vuoti.",
                "/osservatorio/dati-aperti/indicatori-poli.csv",
                ["PTP", "poli tecnico professionali", "formazione scuola-lavoro", "PCTO"],
            ),
            dataset(
                "divario-competenze",
                "Divario fra competenze offerte e richieste",
                "Per anno, filiera, provincia e competenza ESCO: persone formate all'anno "
                "dall'offerta e persone richieste dalle imprese e dai bollettini. I valori "
                "inferiori a 5 persone sono lasciati vuoti.",
                "/osservatorio/dati-aperti/divario-competenze.csv",
                ["competenze", "ESCO", "fabbisogni", "offerta formativa"],
            ),
        ],
    }


def catalogue_response(base: str) -> HttpResponse:
    body = json.dumps(catalogue(base), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")
