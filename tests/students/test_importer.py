"""The roster import: every kind of mistake reported with its line and column, all or nothing,
idempotent re-import, encodings and XLSX, and the codice fiscale never stored in clear."""

import datetime as dt

import pytest
from django.db import connection

from ptp.audit.models import AuditAction, AuditEvent
from ptp.lib import crypto
from ptp.students.importer import import_students
from ptp.students.models import Student
from tests.factories import ProgrammeFactory
from tests.students.conftest import HEADER_B, csv_bytes, row_b, xlsx_bytes
from tests.students.factories import codice_fiscale_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


def run(school, content: bytes, name: str = "studenti.csv", **kwargs):
    kwargs.setdefault("actor", None)
    return import_students(school=school, content=content, file_name=name, today=TODAY, **kwargs)


def errors_of(report) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.message) for e in report.errors]


def test_a_clean_file_creates_every_student(net, school_staff):
    report = run(
        net.school, csv_bytes([row_b(1), row_b(2), row_b(3, classe="5A")]), actor=school_staff
    )
    assert report.ok and report.written
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    students = Student.objects.filter(school=net.school).order_by("class_year", "pk")
    assert students.count() == 3
    first = students.first()
    assert first.track == "professionale"  # the school is an istituto professionale
    assert first.municipality.codice_istat == "045010"
    assert first.code.startswith("S-") and len(first.code) == 10
    assert (students.last().class_year, students.last().class_section) == (5, "A")
    event = AuditEvent.objects.get(object_type="network.organization", object_id=str(net.school.pk))
    assert event.action == AuditAction.CREATE and event.hub_id is None
    assert "3 nuovi" in event.summary


def test_the_codice_fiscale_is_stored_encrypted_and_hashed(net):
    run(net.school, csv_bytes([row_b(1)]))
    code = codice_fiscale_for(1)[3]
    student = Student.objects.get(school=net.school)
    assert crypto.decrypt(student.codice_fiscale_encrypted) == code
    assert student.codice_fiscale_hash == crypto.lookup_hash(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT codice_fiscale_encrypted, codice_fiscale_hash FROM students_student")
        stored = cursor.fetchall()
    assert all(code not in value for row in stored for value in row)


def test_dry_run_reports_counts_and_writes_nothing(net):
    report = run(net.school, csv_bytes([row_b(1), row_b(2)]), dry_run=True)
    assert report.ok and not report.written and report.created == 2
    assert not Student.objects.exists()


def test_every_kind_of_mistake_is_reported_with_line_and_column(net):
    programme = ProgrammeFactory(code="ALB-01")
    header = HEADER_B + ";CODICE_PERCORSO"
    lines = [
        row_b(1) + ";ALB-01",  # line 2: fine
        row_b(2, cf="RSSMRA80A01Z999X") + ";",  # 3: wrong check character
        row_b(3, nascita="31/02/2009") + ";",  # 4: not a date
        row_b(4, nascita="01/01/2008") + ";",  # 5: not the CF's date
        row_b(5, comune="Atlantide") + ";",  # 6: unknown municipality
        row_b(6, classe="7C") + ";",  # 7: bad class
        row_b(7) + ";NON-ESISTE",  # 8: unknown programme code
        row_b(1) + ";",  # 9: same codice fiscale as line 2
        row_b(8, cf="00743110157") + ";",  # 10: a company's code
        row_b(9, email="non-una-mail", bes="forse") + ";",  # 11: two mistakes in one row
        row_b(10, cognome="") + ";",  # 12: missing family name
    ]
    report = run(net.school, csv_bytes(lines, header=header))
    found = errors_of(report)
    by_line = {}
    for line, column, message in found:
        by_line.setdefault(line, []).append((column, message))
    assert 2 not in by_line
    assert by_line[3] == [("CF", by_line[3][0][1])] and "carattere di controllo" in by_line[3][0][1]
    assert by_line[4][0][0] == "DATA_NASCITA" and "non è una data" in by_line[4][0][1]
    assert by_line[5][0][0] == "DATA_NASCITA" and "non corrisponde" in by_line[5][0][1]
    assert by_line[6][0][0] == "COD_ISTAT_RESIDENZA" and "Atlantide" in by_line[6][0][1]
    assert by_line[7][0][0] == "CLASSE" and "7C" in by_line[7][0][1]
    assert by_line[8][0][0] == "CODICE_PERCORSO" and "NON-ESISTE" in by_line[8][0][1]
    assert by_line[9][0][0] == "CF" and "già presente alla riga 2" in by_line[9][0][1]
    assert by_line[10][0][0] == "CF" and "ente o di un'impresa" in by_line[10][0][1]
    assert {c for c, _ in by_line[11]} == {"EMAIL_STUDENTE", "FLAG_BES"}
    assert by_line[12] == [("COGNOME", "valore obbligatorio mancante")]
    assert len(found) == 11
    assert str(report.errors[0]).startswith("riga 3, colonna «CF»: ")
    # All or nothing: the valid row was not written either.
    assert not Student.objects.exists()
    assert programme.students.count() == 0


def test_one_bad_row_among_many_writes_nothing_and_names_its_line(net):
    lines = [row_b(n) for n in range(1, 300)]
    lines[199] = row_b(200, cf="XXXXXX00A00X000X")
    report = run(net.school, csv_bytes(lines))
    assert [(e.line, e.column) for e in report.errors] == [(201, "CF")]
    assert not report.written and not Student.objects.exists()


def test_missing_required_columns_are_reported_before_any_row(net):
    report = run(net.school, b"Nome;Cognome\nAlba;Albetti\n")
    messages = [e.message for e in report.errors]
    assert all(e.line == 1 for e in report.errors)
    assert any("Codice fiscale" in m for m in messages)
    assert any("classe" in m for m in messages)


def test_a_school_with_several_tracks_needs_the_track_column(net):
    report = run(net.lead_school, csv_bytes([row_b(1)]))  # an istituto d'istruzione superiore
    assert len(report.errors) == 1 and "tipo di percorso" in report.errors[0].message
    header = HEADER_B + ";TIPO_PERCORSO"
    report = run(
        net.lead_school,
        csv_bytes([row_b(1) + ";Istituto tecnico", row_b(2) + ";liceo"], header=header),
    )
    assert report.ok
    assert sorted(Student.objects.values_list("track", flat=True)) == ["liceo", "tecnico"]


def test_reimporting_the_same_file_changes_nothing(net, django_assert_max_num_queries):
    content = csv_bytes([row_b(n) for n in range(1, 21)])
    run(net.school, content)
    before = {s.code: (s.updated_at, s.codice_fiscale_encrypted) for s in Student.objects.all()}
    report = run(net.school, content)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 20)
    after = {s.code: (s.updated_at, s.codice_fiscale_encrypted) for s in Student.objects.all()}
    assert after == before


def test_reimport_updates_changed_fields_only_and_never_duplicates(net):
    run(net.school, csv_bytes([row_b(1, email="alba@example.invalid"), row_b(2)]))
    first = Student.objects.get(family_name="BALDACCI")
    # Next year: one moved up a class; the file has no e-mail column any more.
    header = HEADER_B.replace(";EMAIL_STUDENTE", "")
    lines = [
        row_b(1, without=("email",), classe="5B"),
        row_b(2, without=("email",)),
        row_b(3, without=("email",)),
    ]
    report = run(net.school, csv_bytes(lines, header=header))
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert Student.objects.count() == 3
    first.refresh_from_db()
    assert first.class_year == 5
    assert first.email == "alba@example.invalid"  # no e-mail column: left as it was


def test_students_missing_from_the_file_are_kept_or_marked_as_left(net):
    run(net.school, csv_bytes([row_b(1), row_b(2), row_b(3)]))
    report = run(net.school, csv_bytes([row_b(1)]))
    assert report.marked_left == 0
    assert Student.objects.current().count() == 3
    report = run(net.school, csv_bytes([row_b(1)]), mark_missing_left=True, dry_run=True)
    assert report.marked_left == 2 and Student.objects.current().count() == 3
    report = run(net.school, csv_bytes([row_b(1)]), mark_missing_left=True)
    assert report.marked_left == 2
    assert Student.objects.current().count() == 1
    assert set(Student.objects.exclude(left_on=None).values_list("left_on", flat=True)) == {TODAY}
    # Coming back in a later file clears the leaving date.
    report = run(net.school, csv_bytes([row_b(1), row_b(2)]))
    assert report.updated == 1
    assert Student.objects.current().count() == 2


def test_the_same_person_may_be_in_two_schools(net):
    run(net.school, csv_bytes([row_b(1)]))
    header = HEADER_B + ";TIPO_PERCORSO"
    report = run(net.lead_school, csv_bytes([row_b(1) + ";tecnico"], header=header))
    assert report.created == 1
    assert Student.objects.count() == 2


def test_latin1_file_with_comma_separator_and_preset_c(net):
    family, _given, birth, code = codice_fiscale_for(4)
    header = "Alunno Cognome,Alunno Nome,Codice fiscale alunno,Nato il,Anno corso,Sez.,A.S.,Residenza - Comune,Tipo percorso"
    line = f"{family},Niccolò,{code},{birth:%d/%m/%Y},III,c,2026-2027,Massa,Professionale"
    content = (header + "\n" + line + "\n").encode("latin-1")
    report = run(net.school, content, preset="registro-c")
    assert report.ok, report.errors
    assert report.encoding == "cp1252"
    student = Student.objects.get()
    assert student.given_name == "Niccolò"
    assert (student.class_year, student.class_section, student.school_year) == (3, "C", "2026/27")
    assert student.municipality.name == "Massa"


def test_utf8_with_bom_and_preset_a(net):
    family, _given, birth, code = codice_fiscale_for(5)
    header = "Codice Fiscale;Cognome;Nome;Data di nascita;Classe;Sezione;Comune residenza;BES"
    line = f"{code};{family};Zoë;{birth:%Y-%m-%d};4;A;045010;Sì"
    report = run(net.school, ("\ufeff" + header + "\n" + line).encode("utf-8"), preset="registro-a")
    assert report.ok, report.errors
    student = Student.objects.get()
    assert (student.given_name, student.class_year, student.class_section) == ("Zoë", 4, "A")
    assert student.has_accommodations is True


def test_xlsx_with_real_dates_and_numbers(net):
    family, given, birth, code = codice_fiscale_for(6)
    rows = [
        ["CF", "COGNOME", "NOME", "DATA_NASCITA", "CLASSE", "COD_ISTAT_RESIDENZA"],
        # Spreadsheet dates carry no time zone.
        [code, family, given, dt.datetime(birth.year, birth.month, birth.day), "2D", 45010],  # noqa: DTZ001
        [None, None, None, None, None, None],
        [codice_fiscale_for(7)[3], "X", "Y", "non so", "2D", 45010],
    ]
    report = run(net.school, xlsx_bytes(rows), name="studenti.xlsx")
    assert [(e.line, e.column) for e in report.errors] == [(4, "DATA_NASCITA")]
    report = run(net.school, xlsx_bytes(rows[:2]), name="studenti.xlsx")
    assert report.ok and Student.objects.get().municipality.codice_istat == "045010"


def test_unreadable_files_are_reported(net):
    report = run(net.school, b"not a workbook", name="studenti.xlsx")
    assert "XLSX" in report.errors[0].message
    report = run(net.school, b"", name="studenti.csv")
    assert report.errors and not report.written


def test_birth_date_may_come_from_the_codice_fiscale(net):
    header = "CF;COGNOME;NOME;CLASSE"
    family, given, birth, code = codice_fiscale_for(8)
    report = run(net.school, csv_bytes([f"{code};{family};{given};3A"], header=header))
    assert report.ok
    assert Student.objects.get().birth_date == birth


def test_explicit_mapping_overrides_automatic_matching(net):
    family, given, _birth, code = codice_fiscale_for(9)
    header = "Identificativo;Cognome;Nome;Gruppo;Note"
    line = f"{code};{family};{given};1E;4B"
    report = run(
        net.school,
        csv_bytes([line], header=header),
        mapping={"codice_fiscale": "Identificativo", "classe": "Note"},
    )
    assert report.ok, report.errors
    assert Student.objects.get().class_year == 4
    assert report.columns["classe"] == "Note"


def test_a_row_with_too_many_fields_is_reported(net):
    report = run(net.school, csv_bytes([row_b(1) + ";extra;altro"]))
    assert report.errors[0].line == 2 and "campi" in report.errors[0].message


def test_progress_is_reported_by_phase(net):
    calls = []
    run(
        net.school, csv_bytes([row_b(n) for n in range(1, 11)]), progress=lambda *a: calls.append(a)
    )
    phases = [c[0] for c in calls]
    assert phases[0] == "lettura" and "verifica" in phases and phases[-1] == "scrittura"
    assert calls[-1][1] == calls[-1][2] == 10


def test_import_query_count_does_not_grow_with_rows(net, django_assert_max_num_queries):
    small = csv_bytes([row_b(n) for n in range(1, 6)])
    big = csv_bytes([row_b(n) for n in range(6, 206)])
    with django_assert_max_num_queries(12):
        run(net.school, small)
    with django_assert_max_num_queries(12):
        run(net.school, big)
    assert Student.objects.count() == 205
