import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ptp.audit.models import AuditEvent
from ptp.outcomes.importer import import_outcomes, resolve_columns
from ptp.outcomes.models import Outcome, OutcomeSource, OutcomeStatus
from ptp.students.importer.mapping import MappingError
from tests.outcomes.conftest import BIRTH, finished, hosted
from tests.placements.factories import invented_codice_fiscale

pytestmark = pytest.mark.django_db
HEADER = (
    "Codice studente;Codice fiscale;Mesi;Esito;Datore di lavoro;Partita IVA datore;Nella filiera"
)
IMPORT = "/gestione/scuole/istituto-partner/esiti/importa/"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def students(net):
    return [finished(net.school, n) for n in range(1, 4)]


def run(net, content: bytes, *, dry_run=False, name="esiti.csv", mapping=None):
    return import_outcomes(
        school=net.school,
        content=content,
        file_name=name,
        actor=None,
        dry_run=dry_run,
        mapping=mapping,
    )


def test_import_writes_every_row_and_derives_the_flags(net, students):
    net.company.partita_iva = "01234567890"
    net.company.save()
    hosted(students[0], net.company, net.hub)
    cf = invented_codice_fiscale(2, BIRTH)
    report = run(
        net,
        csv(
            f"{students[0].code};;12;occupato;;01234567890;sì",
            f";{cf};6;Iscritto all'università;;;",
            f"{students[2].code};;12 mesi;NEET;;;",
            f"{students[2].code};;6;lavora;Bar Sport;;no",
        ),
    )
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    first = Outcome.objects.get(student=students[0])
    assert first.employer == net.company and first.with_host and first.with_hub_company
    assert first.source == OutcomeSource.IMPORT and first.in_sector is True
    assert Outcome.objects.get(student=students[1]).status == OutcomeStatus.UNIVERSITY
    bar = Outcome.objects.get(student=students[2], months_after=6)
    assert bar.employer_name == "Bar Sport" and bar.in_sector is False
    event = AuditEvent.objects.get(object_type="network.organization")
    assert "4 nuovi" in event.summary and students[0].code not in event.summary


def test_employer_named_like_a_hub_company_is_recognised(net, students):
    report = run(net, csv(f"{students[0].code};;12;occupato;{net.company.name.upper()};;"))
    assert report.ok
    assert Outcome.objects.get().employer == net.company


def test_reimporting_the_same_file_changes_nothing(net, students):
    content = csv(f"{students[0].code};;12;ITS;;;sì")
    run(net, content)
    again = run(net, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = run(net, csv(f"{students[0].code};;12;università;;;sì"))
    assert (changed.created, changed.updated) == (0, 1)
    assert Outcome.objects.get().status == OutcomeStatus.UNIVERSITY


def test_one_bad_row_and_nothing_is_written(net, students):
    report = run(
        net,
        csv(
            f"{students[0].code};;12;occupato;;;",
            f"{students[1].code};;9;occupato;;;",
            "S-NONESISTE;;6;ITS;;;",
            f"{students[2].code};;6;in pensione;;;",
            f"{students[2].code};;12;NEET;Bar Sport;;",
            f"{students[0].code};;12;ITS;;;",
        ),
    )
    assert not report.ok and not report.written
    assert not Outcome.objects.exists()
    messages = [str(e) for e in report.errors]
    assert "riga 3, colonna «Mesi»: «9»: scrivi 6 oppure 12" in messages
    assert (
        "riga 4, colonna «Codice studente»: nessuno studente della scuola ha il codice «S-NONESISTE»"
        in messages
    )
    assert any(
        m.startswith("riga 5, colonna «Esito»: «in pensione» non è una situazione")
        for m in messages
    )
    assert (
        "riga 6, colonna «Datore di lavoro»: il datore di lavoro si indica solo per chi è occupato"
        in messages
    )
    assert (
        "riga 7, colonna «Mesi»: l'esito a 12 mesi di questo studente è già alla riga 2" in messages
    )


def test_students_of_another_school_or_not_finished_are_refused(net, students):
    other = finished(net.lead_school, 20)
    younger = finished(net.school, 21, class_year=4)
    report = run(net, csv(f"{other.code};;6;ITS;;;", f"{younger.code};;6;ITS;;;"))
    messages = [str(e) for e in report.errors]
    assert any("riga 2" in m and "nessuno studente della scuola" in m for m in messages)
    assert any("riga 3" in m and "non è all'ultimo anno" in m for m in messages)


def test_codice_fiscale_and_code_must_agree(net, students):
    cf = invented_codice_fiscale(2, BIRTH)
    report = run(net, csv(f"{students[0].code};{cf};6;ITS;;;"))
    assert "indicano studenti diversi" in str(report.errors[0])
    report = run(net, csv(";ABCDEF;6;ITS;;;"))
    assert report.errors[0].line == 2 and report.errors[0].column == "Codice fiscale"


def test_mapping_problems_are_reported(net):
    with pytest.raises(MappingError) as exc:
        resolve_columns(["Mesi", "Esito"])
    assert "codice pseudonimo" in exc.value.messages[0]
    report = run(net, csv("x;6", header="Studente;Rilevazione"))
    assert any("obbligatorio" in str(e) for e in report.errors)


def test_explicit_mapping_for_unusual_headers(net, students):
    report = run(
        net,
        csv(f"{students[0].code};12;ITS", header="Alunno;Quando;Cosa fa"),
        mapping={"codice_studente": "Alunno", "mesi": "Quando", "esito": "Cosa fa"},
    )
    assert report.ok, report.errors
    assert Outcome.objects.count() == 1


def test_dry_run_writes_nothing(net, students):
    report = run(net, csv(f"{students[0].code};;12;ITS;;;"), dry_run=True)
    assert report.ok and report.created == 1 and not report.written
    assert not Outcome.objects.exists()


def test_xlsx(net, students):
    book = Workbook()
    sheet = book.active
    sheet.append(["Codice studente", "Mesi", "Esito"])
    sheet.append([students[0].code, 6, "ITS"])
    sheet.append([students[1].code, 12, "occupato"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(net, buffer.getvalue(), name="esiti.xlsx")
    assert report.ok, report.errors
    assert Outcome.objects.count() == 2


def test_command(net, students, tmp_path, capsys):
    good = tmp_path / "esiti.csv"
    good.write_bytes(csv(f"{students[0].code};;12;ITS;;;"))
    call_command("import_outcomes", str(good), "--school", net.school.slug)
    assert "1 nuovi" in capsys.readouterr().out
    bad = tmp_path / "errati.csv"
    bad.write_bytes(csv(f"{students[1].code};;12;ITS;;;", f"{students[2].code};;7;ITS;;;"))
    with pytest.raises(CommandError, match="non è stato scritto nulla"):
        call_command("import_outcomes", str(bad), "--school", net.school.slug)
    assert "riga 3" in capsys.readouterr().err
    assert Outcome.objects.count() == 1
    for unknown in ("nessuna", ""):  # an empty reference must not match schools without a code
        with pytest.raises(CommandError, match="Nessuna scuola"):
            call_command("import_outcomes", str(good), "--school", unknown)
    with pytest.raises(CommandError, match="«classe» non è un campo"):
        call_command(
            "import_outcomes", str(good), "--school", net.school.slug, "--map", "classe=Classe"
        )
    net.school.codice_meccanografico = "ZZIS00100X"
    net.school.save(update_fields=["codice_meccanografico"])
    call_command("import_outcomes", str(good), "--school", "zzis00100x", "--dry-run")
    assert "Verifica superata" in capsys.readouterr().out


def test_import_page_checks_then_imports(login_as, net, students):
    client = login_as("school_staff")
    assert client.get(IMPORT).status_code == 200
    upload = SimpleUploadedFile("esiti.csv", csv(f"{students[0].code};;12;ITS;;;"))
    response = client.post(IMPORT, {"file": upload, "verifica": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Verifica superata" in body and 'name="importa"' in body
    assert not Outcome.objects.exists()
    response = client.post(IMPORT, {"importa": ""})
    assert response.status_code == 302
    assert Outcome.objects.count() == 1


def test_import_page_lists_row_errors_and_writes_nothing(login_as, net, students):
    client = login_as("school_staff")
    upload = SimpleUploadedFile(
        "esiti.csv", csv(f"{students[0].code};;12;ITS;;;", f"{students[1].code};;3;ITS;;;")
    )
    body = client.post(IMPORT, {"file": upload, "verifica": ""}).content.decode()
    assert "riga 3, colonna «Mesi»: «3»: scrivi 6 oppure 12" in body
    assert 'name="importa"' not in body
    # Forcing the confirmation still writes nothing: the file is checked again.
    client.post(IMPORT, {"importa": ""})
    assert not Outcome.objects.exists()


def test_import_page_without_a_file(login_as):
    body = login_as("school_staff").post(IMPORT, {"verifica": ""}).content.decode()
    assert "Carica il file da importare." in body
