"""Import of labour-demand bulletins in the layout modelled on the Unioncamere Excelsior tables
(docs/labour-demand-import.md): planned hires by province, period and occupation (ISTAT CP2021),
with the share hard to recruit and the education level asked for. Kept for the observatory.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.public_cache import public_data_changed
from ptp.demand.imports.tables import FileFormatError, RowError, missing_columns, open_table
from ptp.demand.models import DemandBulletin, EducationLevel, LabourDemand
from ptp.geo.models import Province
from ptp.lib.text import fold

BULLETIN_COLUMNS = [
    "provincia",
    "periodo",
    "codice_professione",
    "professione",
    "entrate_previste",
    "quota_difficile_reperimento",
    "livello_istruzione",
]
# Every column must be in the header; only livello_istruzione may be left empty in a row.
BULLETIN_REQUIRED = BULLETIN_COLUMNS
PERIOD_RE = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|T([1-4]))$")
CP2021_RE = re.compile(r"^[1-9](\.\d{1,2}){0,4}$")
THOUSANDS_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")
MAX_HIRES = 10_000_000

# A rough correspondence of the CP2021 major groups (grandi gruppi) to the ISCO-08 major groups,
# an approximation documented in docs/labour-demand-import.md: it brings bulletins next to ESCO
# occupations in the observatory, it is not an official crosswalk.
CP2021_TO_ISCO_MAJOR = {
    "1": "1",  # legislatori, imprenditori e alta dirigenza -> managers
    "2": "2",  # professioni intellettuali e scientifiche -> professionals
    "3": "3",  # professioni tecniche -> technicians and associate professionals
    "4": "4",  # professioni esecutive nel lavoro d'ufficio -> clerical support workers
    "5": "5",  # professioni qualificate nel commercio e nei servizi -> service and sales workers
    "6": "7",  # artigiani, operai specializzati e agricoltori -> craft and related trades...
    "7": "8",  # conduttori di impianti e di macchine -> plant and machine operators
    "8": "9",  # professioni non qualificate -> elementary occupations
    "9": "0",  # forze armate -> armed forces occupations
}
# ...except the skilled farmers, foresters and fishers of CP2021 group 6.4 (ISCO major group 6).
CP2021_AGRICULTURE = "6.4"

LEVELS = (
    {value: value for value in EducationLevel.values}
    | {fold(str(label)): value for value, label in EducationLevel.choices}
    # The wording of the Excelsior tables.
    | {
        "livello secondario": EducationLevel.SECONDARY,
        "qualifica di formazione o diploma professionale": EducationLevel.VOCATIONAL,
        "qualifica o diploma professionale": EducationLevel.VOCATIONAL,
        "istruzione tecnica superiore its": EducationLevel.ITS,
        "scuola dell obbligo": EducationLevel.COMPULSORY,
        "nessun titolo di studio": EducationLevel.COMPULSORY,
    }
)


def isco_major_group(cp2021_code: str) -> str:
    """The ISCO-08 major group an ISTAT CP2021 code roughly corresponds to ("" when unknown)."""
    if cp2021_code == CP2021_AGRICULTURE or cp2021_code.startswith(CP2021_AGRICULTURE + "."):
        return "6"
    return CP2021_TO_ISCO_MAJOR.get(cp2021_code[:1], "")


@dataclass
class BulletinReport:
    """What the import found and did."""

    file: str = ""
    rows: int = 0
    planned_hires: int = 0
    provinces: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    bulletin: DemandBulletin | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.bulletin is not None


def _provinces() -> dict[str, Province]:
    found: dict[str, Province] = {}
    for province in Province.objects.all():
        found[province.abbreviation.upper()] = province
        found[province.codice_istat] = province
    return found


def _hires(raw: str) -> int | None:
    value = raw.strip().replace(" ", "")
    if THOUSANDS_RE.match(value):  # "1.230" as Italian tables print thousands
        value = value.replace(".", "")
    return int(value) if value.isdigit() and int(value) <= MAX_HIRES else None


def _share(raw: str) -> Decimal | None:
    value = raw.strip().removesuffix("%").strip().replace(",", ".")
    try:
        share = Decimal(value)
    except InvalidOperation:
        return None
    if not share.is_finite() or not 0 <= share <= 100 or share != share.quantize(Decimal("0.01")):
        return None
    return share.quantize(Decimal("0.01"))


def _parse(
    values: dict[str, str], provinces: dict[str, Province]
) -> tuple[LabourDemand | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    raw_province = values.get("provincia", "").strip().upper()
    key = raw_province.zfill(3) if raw_province.isdigit() else raw_province
    province = provinces.get(key)
    if province is None:
        problems.append(
            ("provincia", f"«{raw_province}» non è la sigla né il codice ISTAT di una provincia")
        )
    period = values.get("periodo", "").strip().upper()
    if not PERIOD_RE.match(period):
        problems.append(
            ("periodo", f"«{period}» non va bene: scrivi AAAA-MM (2026-03) o AAAA-Tn (2026-T1)")
        )
    code = values.get("codice_professione", "").strip()
    if not CP2021_RE.match(code):
        problems.append(("codice_professione", f"«{code}» non è un codice CP2021 (es. 5.2.2.1)"))
    label = values.get("professione", "").strip()
    if not label:
        problems.append(("professione", "valore obbligatorio mancante"))
    raw_hires = values.get("entrate_previste", "")
    hires = _hires(raw_hires)
    if hires is None:
        problems.append(
            ("entrate_previste", f"«{raw_hires.strip()}» non è un numero intero di entrate")
        )
    raw_share = values.get("quota_difficile_reperimento", "")
    share = _share(raw_share)
    if share is None:
        problems.append(
            (
                "quota_difficile_reperimento",
                f"«{raw_share.strip()}» non va bene: una percentuale da 0 a 100, al massimo due decimali",
            )
        )
    raw_level = values.get("livello_istruzione", "").strip()
    level = (LEVELS.get(raw_level) or LEVELS.get(fold(raw_level))) if raw_level else ""
    if level is None:
        problems.append(
            (
                "livello_istruzione",
                f"«{raw_level}» non è un livello previsto ({', '.join(EducationLevel.values)})",
            )
        )
    if problems:
        return None, problems
    assert province is not None and hires is not None and share is not None  # noqa: S101
    return (
        LabourDemand(
            province=province,
            period=period,
            occupation_code=code,
            occupation_label=label[:255],
            isco_code=isco_major_group(code),
            planned_hires=hires,
            hard_to_recruit_share=share,
            education_level=level or "",
        ),
        [],
    )


def import_labour_demand(
    *,
    actor: User | None,
    stream: IO[bytes],
    name: str,
    source: str,
    dry_run: bool = False,
    is_demo: bool = False,
) -> BulletinReport:
    """Checks every row; when all are right and it is not a dry run, stores the bulletin and its
    rows in one transaction (audited), otherwise nothing."""
    report = BulletinReport(file=name, dry_run=dry_run)
    try:
        table = open_table(stream, name, sheet="domanda")
    except FileFormatError as exc:
        report.errors.append(RowError(name, 0, "", str(exc)))
        return report
    report.file = table.name
    report.errors += missing_columns(table, BULLETIN_REQUIRED)
    if report.errors:
        return report
    provinces = _provinces()
    parsed: list[LabourDemand] = []
    seen: dict[tuple[int, str, str, str], int] = {}
    for row in table.rows:
        demand, problems = _parse(row.values, provinces)
        report.errors += [RowError(table.name, row.line, col, msg) for col, msg in problems]
        if demand is None:
            continue
        key = (demand.province.pk, demand.period, demand.occupation_code, demand.education_level)
        if key in seen:
            report.errors.append(
                RowError(
                    table.name,
                    row.line,
                    "",
                    f"stessa provincia, periodo, professione e livello della riga {seen[key]}",
                )
            )
            continue
        seen[key] = row.line
        parsed.append(demand)
    if not table.rows:
        report.errors.append(RowError(table.name, 0, "", "il file non contiene righe"))
    report.rows = len(parsed)
    report.planned_hires = sum(d.planned_hires for d in parsed)
    report.provinces = sorted({d.province.abbreviation for d in parsed})
    report.periods = sorted({d.period for d in parsed})
    if report.errors or dry_run:
        return report
    report.bulletin = _write(actor=actor, source=source, name=name, parsed=parsed, is_demo=is_demo)
    return report


@transaction.atomic
def _write(
    *, actor: User | None, source: str, name: str, parsed: list[LabourDemand], is_demo: bool
) -> DemandBulletin:
    # Not durable: the demo seeding loads the shipped bulletin inside its own transaction.
    bulletin = DemandBulletin.objects.create(
        source=source.strip()[:200] or name[:200],
        file_name=name[:255],
        imported_by=actor,
        rows=len(parsed),
        is_demo=is_demo,
    )
    for demand in parsed:
        demand.bulletin = bulletin
    LabourDemand.objects.bulk_create(parsed, batch_size=2000)
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=bulletin,
        summary=f"Importato il bollettino «{bulletin.source}»: {len(parsed)} righe",
        after={"source": bulletin.source, "file": bulletin.file_name, "rows": len(parsed)},
    )
    public_data_changed()
    return bulletin
