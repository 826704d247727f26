"""Import of outcomes from CSV or XLSX (see docs/outcomes-import.md): the students importer's
reading, column mapping and row errors, our own fields; every row checked, then all written or
none. Students are found among the school's own by pseudonymous code or codice fiscale (through
its keyed hash: nothing is decrypted)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from ptp.accounts.models import User
from ptp.lib.codes import InvalidCodeError
from ptp.lib.text import fold
from ptp.network.models import Organization
from ptp.outcomes.models import OutcomeStatus
from ptp.outcomes.queries import hub_companies_of_school
from ptp.outcomes.services import OutcomeData, WriteCounts, import_outcomes_rows, plan_outcomes
from ptp.students.identity import check_person_code, quick_person_code
from ptp.students.importer.cells import FLAG_SPELLINGS, NO, YES
from ptp.students.importer.mapping import (
    Field,
    MappingError,
    column_indexes,
    match_headers,
    synonym_index,
)
from ptp.students.importer.reading import FileFormatError, read_table
from ptp.students.importer.rows import RowError
from ptp.students.importer.run import ImportReport
from ptp.students.models import SchoolTrack, Student
from ptp.students.protection import lookup_hashes

NAME_MAX = 200
FIELDS: list[Field] = [
    Field(
        "codice_studente",
        _("Codice pseudonimo dello studente"),
        help=_("Il codice assegnato dalla piattaforma (es. S-7H3K9Q2M); oppure il codice fiscale."),
    ),
    Field("codice_fiscale", _("Codice fiscale"), help=_("In alternativa al codice pseudonimo.")),
    Field("mesi", _("Mesi dall'uscita"), required=True, help=_("6 oppure 12.")),
    Field(
        "esito",
        _("Situazione"),
        required=True,
        help=_("Occupato, ITS, università, formazione, né occupato né in formazione, non noto."),
    ),
    Field("datore_lavoro", _("Datore di lavoro"), help=_("Solo per chi è occupato.")),
    Field(
        "partita_iva_datore",
        _("Partita IVA del datore di lavoro"),
        help=_("Riconosce il soggetto della rete anche se il nome è scritto diversamente."),
    ),
    Field("nella_filiera", _("Nella filiera del percorso"), help=_("Sì, no o vuoto se non noto.")),
]
LABELS = {f.key: f.label for f in FIELDS}
REQUIRED = [f.key for f in FIELDS if f.required]
SYNONYMS = {
    "codice_studente": ["codice studente", "codice pseudonimo", "codice", "pseudonimo"],
    "codice_fiscale": ["codice fiscale", "cf", "cod fiscale", "codice fiscale alunno"],
    "mesi": ["mesi", "mesi dall uscita", "a mesi", "rilevazione", "mesi dopo"],
    "esito": ["esito", "situazione", "condizione", "stato"],
    "datore_lavoro": ["datore lavoro", "datore di lavoro", "azienda", "impresa", "datore"],
    "partita_iva_datore": ["partita iva datore", "piva datore", "p iva datore", "partita iva"],
    "nella_filiera": ["nella filiera", "filiera", "coerente", "coerente con il percorso"],
}
_INDEX = synonym_index(SYNONYMS)
STATUSES: dict[str, str] = {fold(str(label)): value for value, label in OutcomeStatus.choices} | {
    fold(value): value for value in OutcomeStatus.values
}
STATUSES |= dict.fromkeys(("occupato", "occupata", "lavora", "lavoro"), OutcomeStatus.EMPLOYED)
STATUSES |= dict.fromkeys(("its", "its academy", "iscritto its"), OutcomeStatus.ITS)
STATUSES |= dict.fromkeys(("universita", "iscritto universita"), OutcomeStatus.UNIVERSITY)
STATUSES |= dict.fromkeys(
    ("formazione", "altra formazione", "ifts", "corso di formazione"), OutcomeStatus.TRAINING
)
STATUSES |= dict.fromkeys(
    ("neet", "ne occupato ne in formazione", "inattivo", "disoccupato", "nessuna"),
    OutcomeStatus.NEITHER,
)
STATUSES |= dict.fromkeys(("non noto", "non nota", "sconosciuto", "ignoto"), OutcomeStatus.UNKNOWN)


def resolve_columns(header: list[str], explicit: dict[str, str] | None = None) -> dict[str, int]:
    """Column index of each field: explicit choices over names recognised in the header."""
    indexes, problems = column_indexes(
        header, match_headers(header, _INDEX), explicit, labels=LABELS, required=REQUIRED
    )
    if "codice_studente" not in indexes and "codice_fiscale" not in indexes:
        problems.append(
            "Serve la colonna del codice pseudonimo dello studente o del codice fiscale."
        )
    if problems:
        raise MappingError(problems)
    return indexes


def _is_finishing(left_on: dt.date | None, class_year: int, track: str) -> bool:
    # The same rule as queries.FINISHING, on values already loaded.
    return left_on is not None or class_year == 5 or (track == SchoolTrack.IEFP and class_year >= 3)


class _Checker:
    """Turns rows into (Student, OutcomeData), appending every problem to `errors`."""

    def __init__(self, school: Organization, header: list[str], columns: dict[str, int]) -> None:
        self.header = header
        self.columns = columns
        self.errors: list[RowError] = []
        self.seen: dict[tuple[int, int], int] = {}
        students = Student.objects.of_school(school).only(
            "pk",
            "school_id",
            "programme_id",
            "code",
            "codice_fiscale_hash",
            "left_on",
            "class_year",
            "track",
        )
        self.by_code = {s.code.upper(): s for s in students}
        self.by_hash = {s.codice_fiscale_hash: s for s in self.by_code.values()}
        self.by_vat = dict(
            Organization.objects.exclude(partita_iva="").values_list("partita_iva", "pk")
        )
        names: dict[str, int | None] = {}
        for pk, name in Organization.objects.filter(hub_companies_of_school(school.pk)).values_list(
            "pk", "name"
        ):
            key = fold(name)
            names[key] = None if key in names else pk
        self.hub_company_names = names

    def _cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def _error(self, line: int, key: str, message: str) -> None:
        index = self.columns.get(key)
        self.errors.append(RowError(line, self.header[index] if index is not None else "", message))

    def check(self, line: int, cells: list[str]) -> tuple[Student, OutcomeData] | None:
        before = len(self.errors)
        student = self._student(line, self._cell(cells, "codice_studente"), cells)
        months = self._months(line, self._cell(cells, "mesi"))
        status = self._status(line, self._cell(cells, "esito"))
        employer_id, employer_name = self._employer(
            line,
            status,
            self._cell(cells, "datore_lavoro"),
            self._cell(cells, "partita_iva_datore"),
        )
        in_sector = self._flag(line, self._cell(cells, "nella_filiera"))
        if student is not None and months:
            first = self.seen.setdefault((student.pk, months), line)
            if first != line:
                self._error(
                    line,
                    "mesi",
                    f"l'esito a {months} mesi di questo studente è già alla riga {first}",
                )
        if len(self.errors) > before or student is None:
            return None
        return student, OutcomeData(months, status, employer_id, employer_name, in_sector)

    def _student(self, line: int, code: str, cells: list[str]) -> Student | None:
        raw_cf = self._cell(cells, "codice_fiscale")
        by_cf = None
        if raw_cf:
            cf = quick_person_code(raw_cf.upper())
            if cf is None:
                try:
                    cf = check_person_code(raw_cf)
                except InvalidCodeError as exc:
                    self._error(line, "codice_fiscale", str(exc))
                    return None
            by_cf = self.by_hash.get(lookup_hashes([cf])[0])
            if by_cf is None:
                self._error(
                    line, "codice_fiscale", "nessuno studente della scuola ha questo codice fiscale"
                )
                return None
        by_code = None
        if code:
            by_code = self.by_code.get(code.upper())
            if by_code is None:
                self._error(
                    line, "codice_studente", f"nessuno studente della scuola ha il codice «{code}»"
                )
                return None
        if by_code and by_cf and by_code.pk != by_cf.pk:
            self._error(
                line,
                "codice_studente",
                "codice pseudonimo e codice fiscale indicano studenti diversi",
            )
            return None
        student = by_code or by_cf
        if student is None:
            key = "codice_studente" if "codice_studente" in self.columns else "codice_fiscale"
            self._error(line, key, "indica il codice pseudonimo o il codice fiscale dello studente")
            return None
        if not _is_finishing(student.left_on, student.class_year, student.track):
            self._error(
                line,
                "codice_studente" if code else "codice_fiscale",
                f"lo studente {student.code} non ha lasciato la scuola e non è all'ultimo anno",
            )
            return None
        return student

    def _months(self, line: int, raw: str) -> int:
        value = fold(raw).removesuffix("mesi").strip()
        if value in {"6", "12"}:
            return int(value)
        self._error(
            line, "mesi", f"«{raw}»: scrivi 6 oppure 12" if raw else "valore obbligatorio mancante"
        )
        return 0

    def _status(self, line: int, raw: str) -> str:
        status = STATUSES.get(fold(raw))
        if status is None:
            self._error(
                line,
                "esito",
                f"«{raw}» non è una situazione prevista (occupato, ITS, università, formazione, "
                "né occupato né in formazione, non noto)"
                if raw
                else "valore obbligatorio mancante",
            )
            return ""
        return status

    def _employer(self, line: int, status: str, name: str, vat: str) -> tuple[int | None, str]:
        name = " ".join(name.split())
        if not name and not vat:
            return None, ""
        if status and status != OutcomeStatus.EMPLOYED:
            self._error(
                line, "datore_lavoro", "il datore di lavoro si indica solo per chi è occupato"
            )
            return None, ""
        if len(name) > NAME_MAX:
            self._error(line, "datore_lavoro", f"al massimo {NAME_MAX} caratteri")
            return None, ""
        if vat:
            if not (vat.isdigit() and len(vat) == 11):
                self._error(line, "partita_iva_datore", f"«{vat}» non è una partita IVA (11 cifre)")
                return None, ""
            if vat in self.by_vat:
                return self.by_vat[vat], ""
        found = self.hub_company_names.get(fold(name)) if name else None
        if found is not None:
            return found, ""
        if not name:
            self._error(
                line, "datore_lavoro", "partita IVA non presente nella rete: scrivi anche il nome"
            )
        return None, name

    def _flag(self, line: int, raw: str) -> bool | None:
        if not raw:
            return None
        if raw in FLAG_SPELLINGS:
            return FLAG_SPELLINGS[raw]
        value = fold(raw)
        if value in YES:
            return True
        if value in NO:
            return False
        if value in {"non noto", "nd", "n d", "?"}:
            return None
        self._error(line, "nella_filiera", f"«{raw}»: scrivi sì, no o lascia vuoto")
        return None


def import_outcomes(
    *,
    school: Organization,
    content: bytes,
    file_name: str,
    actor: User | None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Checks every row of the file and reports each mistake (Italian, with line and column);
    writes all rows or none. Importing the same file again changes nothing."""
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    try:
        table = read_table(content, file_name)
    except FileFormatError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    report.total_rows = len(table.rows)
    try:
        columns = resolve_columns(table.header, mapping)
    except MappingError as exc:
        report.errors += [RowError(1, "", message) for message in exc.messages]
        return report
    report.columns = {key: table.header[index] for key, index in columns.items()}
    checker = _Checker(school, table.header, columns)
    valid = [row for line, cells in table.rows if (row := checker.check(line, cells)) is not None]
    report.errors = checker.errors
    if not table.rows:
        report.errors.append(RowError(0, "", "Il file non contiene righe di dati."))
    if report.errors:
        return report
    if dry_run:
        creates, updates, unchanged = plan_outcomes(valid)
        counts = WriteCounts(len(creates), len(updates), unchanged)
    else:
        counts = import_outcomes_rows(actor=actor, school=school, rows=valid, file_name=file_name)
        report.written = True
    report.created, report.updated, report.unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    return report
