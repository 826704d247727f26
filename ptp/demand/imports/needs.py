"""Import of a company's skill needs from CSV or XLSX (layout in docs/labour-demand-import.md).

Columns: figura, persone, orizzonte (12 or 36), comune; optional codice_professione (an ESCO
occupation URI), competenze (ESCO skill URIs separated by ;) and note. Every row is checked; any
mistake means nothing is written.
"""

import re
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction

from ptp.accounts.models import User
from ptp.core.errors import DomainError
from ptp.demand.imports.tables import (
    FileFormatError,
    RowError,
    find_municipality,
    missing_columns,
    municipality_lookup,
    open_table,
)
from ptp.demand.models import Horizon
from ptp.demand.services import NeedData, check_company_in_hub, write_new_need
from ptp.lib.text import fold
from ptp.network.models import Hub, Organization
from ptp.skills.models import Occupation, Skill

NEED_REQUIRED = ["figura", "persone", "orizzonte", "comune"]
NEED_COLUMNS = [*NEED_REQUIRED, "codice_professione", "competenze", "note"]
MAX_PEOPLE = 10_000
HORIZONS = {"12": Horizon.SHORT, "36": Horizon.MEDIUM} | {
    fold(str(label)): value for value, label in Horizon.choices
}


@dataclass
class NeedsReport:
    """What the import found and did."""

    file: str = ""
    needs: int = 0
    people: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def split_uris(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]


def _parse(
    values: dict[str, str],
    *,
    occupations: dict[str, Occupation],
    skills: dict[str, Skill],
    municipalities: dict,
) -> tuple[NeedData | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    title = values.get("figura", "").strip()
    if not title:
        problems.append(("figura", "valore obbligatorio mancante"))
    elif len(title) > 200:
        problems.append(("figura", "al massimo 200 caratteri"))
    raw_people = values.get("persone", "").strip()
    people = int(raw_people) if raw_people.isdigit() else None
    if people is None or not 1 <= people <= MAX_PEOPLE:
        problems.append(
            ("persone", f"«{raw_people}» non va bene: serve un numero intero da 1 a {MAX_PEOPLE}")
        )
    raw_horizon = values.get("orizzonte", "").strip()
    horizon = HORIZONS.get(raw_horizon) or HORIZONS.get(fold(raw_horizon))
    if horizon is None:
        problems.append(("orizzonte", f"«{raw_horizon}» non va bene: scrivi 12 oppure 36 (mesi)"))
    raw_place = values.get("comune", "").strip()
    municipality = find_municipality(municipalities, raw_place) if raw_place else None
    if municipality is None:
        problems.append(
            ("comune", f"comune «{raw_place}» non trovato (usa il codice ISTAT o il nome)")
        )
    occupation = None
    uri = values.get("codice_professione", "").strip()
    if uri:
        occupation = occupations.get(uri)
        if occupation is None:
            problems.append(
                ("codice_professione", f"professione «{uri}» non presente nella tassonomia")
            )
    chosen: list[Skill] = []
    for skill_uri in split_uris(values.get("competenze", "")):
        skill = skills.get(skill_uri)
        if skill is None:
            problems.append(
                ("competenze", f"competenza «{skill_uri}» non presente nella tassonomia")
            )
        elif skill not in chosen:
            chosen.append(skill)
    if problems:
        return None, problems
    assert people is not None and horizon is not None and municipality is not None  # noqa: S101
    return (
        NeedData(
            title=title,
            headcount=people,
            horizon=horizon,
            municipality=municipality,
            occupation=occupation,
            skills=chosen,
            notes=values.get("note", ""),
        ),
        [],
    )


def import_needs(
    *,
    actor: User | None,
    organization: Organization,
    hub: Hub,
    stream: IO[bytes],
    name: str,
    dry_run: bool = False,
) -> NeedsReport:
    """Checks every row of the file and, when all are right and it is not a dry run, records all
    the needs in one transaction (each audited); otherwise nothing is written."""
    report = NeedsReport(file=name, dry_run=dry_run)
    try:
        check_company_in_hub(organization, hub)
        table = open_table(stream, name, sheet="fabbisogni")
    except (DomainError, FileFormatError) as exc:
        report.errors.append(RowError(name, 0, "", getattr(exc, "message", str(exc))))
        return report
    report.file = table.name
    report.errors += missing_columns(table, NEED_REQUIRED)
    if report.errors:
        return report
    occupations = {
        o.uri: o
        for o in Occupation.objects.filter(
            uri__in={r.values.get("codice_professione", "").strip() for r in table.rows}
        )
    }
    skills = {
        s.uri: s
        for s in Skill.objects.filter(
            uri__in={u for r in table.rows for u in split_uris(r.values.get("competenze", ""))}
        )
    }
    municipalities = municipality_lookup()
    parsed: list[NeedData] = []
    for row in table.rows:
        data, problems = _parse(
            row.values, occupations=occupations, skills=skills, municipalities=municipalities
        )
        report.errors += [RowError(table.name, row.line, col, msg) for col, msg in problems]
        if data is not None:
            parsed.append(data)
    if not table.rows:
        report.errors.append(RowError(table.name, 0, "", "il file non contiene fabbisogni"))
    report.needs = len(parsed)
    report.people = sum(d.headcount for d in parsed)
    if report.errors or dry_run:
        return report
    _write(actor=actor, organization=organization, hub=hub, parsed=parsed)
    report.written = True
    return report


@transaction.atomic(durable=True)
def _write(
    *, actor: User | None, organization: Organization, hub: Hub, parsed: list[NeedData]
) -> None:
    for data in parsed:
        write_new_need(actor=actor, organization=organization, hub=hub, data=data, is_demo=False)
