"""Files for the import tests: a valid pair (two programmes, three editions), a pair with one
mistake of each kind, and the rows the files name (`import_refs`)."""

import csv
import io

from ptp.audit.models import AuditEvent
from ptp.catalogue.importer import import_catalogue
from ptp.catalogue.models import Edition, Programme, ProgrammeProvider, ProgrammeSkill
from ptp.network.models import Organization
from tests.factories import OccupationFactory, SkillFactory

SKILL = "http://data.europa.eu/esco/skill/accoglienza"
OTHER_SKILL = "http://data.europa.eu/esco/skill/prenotazioni"
OCCUPATION = "http://data.europa.eu/esco/occupation/receptionist"
PROGRAMME_HEADER = [
    "codice", "titolo", "tipologia", "livello_eqf", "filiera", "durata_ore", "erogatori",
    "competenze", "professioni", "prosegue_in", "poli", "indirizzo", "pubblicato",
]  # fmt: skip
PROGRAMMES = [
    PROGRAMME_HEADER,
    [
        "IP-1", "Accoglienza turistica", "istruzione_professionale", "4",
        "turismo-e-beni-culturali", "5280", "MSIS00100A; 01234567890; istituto-partner",
        f"{SKILL}|avanzato; {OTHER_SKILL}", OCCUPATION, "ITS-1", "altro",
        "Enogastronomia e ospitalità alberghiera", "sì",
    ],
    [
        "ITS-1", "ITS ospitalità", "ITS Academy", "5", "Turismo e beni culturali", "1800",
        "istituto-partner", "", "", "", "", "", "no",
    ],
]  # fmt: skip
EDITION_HEADER = ["codice_percorso", "anno_scolastico", "data_inizio", "comune", "posti",
                  "iscritti", "stato"]  # fmt: skip
EDITIONS = [
    EDITION_HEADER,
    ["IP-1", "2026/27", "", "045010", "25", "3", "aperta"],
    ["IP-1", "2027/2028", "", "Pisa", "20", "", ""],
    ["ITS-1", "", "15/10/2026", "045010", "22", "0", "programmata"],
]


BAD_PROGRAMMES = [
    PROGRAMME_HEADER,
    ["OK-1", "Valido", "istruzione_tecnica", "4", "turismo-e-beni-culturali", "4000",
     "MSIS00100A", "", "", "", "", "", ""],
    ["BAD-2", "Erogatore ignoto", "istruzione_tecnica", "4", "turismo-e-beni-culturali", "4000",
     "ZZZZ0000", "", "", "", "", "", ""],
    ["BAD-3", "ITS di livello 3", "its_academy", "3", "turismo-e-beni-culturali", "1800",
     "MSIS00100A", "", "", "", "", "", ""],
    ["OK-1", "Codice ripetuto", "istruzione_tecnica", "4", "turismo-e-beni-culturali", "4000",
     "MSIS00100A", "", "", "", "", "", ""],
    ["BAD-5", "Competenza ignota", "istruzione_tecnica", "4", "turismo-e-beni-culturali", "4000",
     "MSIS00100A", "http://data.europa.eu/esco/skill/ignota", "", "", "", "", ""],
]  # fmt: skip
BAD_EDITIONS = [
    EDITION_HEADER,
    ["OK-1", "2026/28", "", "045010", "20", "", ""],
    ["OK-1", "2026/27", "", "045010", "20", "25", ""],
    ["OK-1", "2026/27", "", "Atlantide", "20", "", ""],
    ["OK-1", "2027/28", "", "045010", "20", "", ""],
]
EXPECTED_ERRORS = {
    ("percorsi.csv", 3, "erogatori"): "soggetto «ZZZZ0000» non trovato",
    ("percorsi.csv", 4, "livello_eqf"): "Il livello EQF 3 non è coerente con la tipologia "
    "(atteso tra 5 e 6).",
    ("percorsi.csv", 5, "codice"): "codice «OK-1» ripetuto nel file",
    ("percorsi.csv", 6, "competenze"): "competenza «http://data.europa.eu/esco/skill/ignota» "
    "non presente nella tassonomia",
    ("edizioni.csv", 2, "anno_scolastico"): "«2026/28» non è un anno scolastico (es. 2026/27)",
    ("edizioni.csv", 3, "iscritti"): "25 iscritti superano i 20 posti",
    ("edizioni.csv", 4, "comune"): "comune «Atlantide» non trovato",
}


def csv_file(rows, *, delimiter: str = ";", encoding: str = "utf-8") -> io.BytesIO:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return io.BytesIO(text.getvalue().encode(encoding))


def run_import(programmes=PROGRAMMES, editions=EDITIONS, **kwargs):
    """import_catalogue on rows (made into CSV files) or on open files; None leaves one out."""
    kwargs.setdefault("actor", None)
    kwargs.setdefault("hub", None)
    return import_catalogue(
        programmes_file=csv_file(programmes) if isinstance(programmes, list) else programmes,
        editions_file=csv_file(editions) if isinstance(editions, list) else editions,
        **kwargs,
    )


def table_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Programme, Edition, ProgrammeProvider, ProgrammeSkill, AuditEvent)
    )


def import_refs(net):
    """Codes people use in the files: the lead school's codice meccanografico, the company's
    partita IVA, the school's platform identifier; two skills and an occupation."""
    Organization.objects.filter(pk=net.lead_school.pk).update(codice_meccanografico="MSIS00100A")
    Organization.objects.filter(pk=net.company.pk).update(partita_iva="01234567890")
    SkillFactory(uri=SKILL, label_it="Accogliere i clienti")
    SkillFactory(uri=OTHER_SKILL, label_it="Gestire le prenotazioni")
    OccupationFactory(uri=OCCUPATION, label_it="Addetto al ricevimento")
    return net
