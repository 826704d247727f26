"""Importing from the school's pages: upload, columns, background check with progress, report,
confirmation; bad files and bad choices keep what the user chose and explain in Italian."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ptp.students.importer.mapping import FIELD_KEYS
from ptp.students.models import ImportStatus, Student, StudentImportJob
from tests.students.conftest import HEADER_B, csv_bytes, row_b

pytestmark = pytest.mark.django_db


def upload(client, school, content: bytes, name: str = "studenti.csv", preset: str = "registro-b"):
    url = reverse("backoffice:student_import", args=[school.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, content), "preset": preset})


def mapping_post(job, **override) -> dict[str, str]:
    data = {f"col_{key}": job.mapping.get(key, "") for key in FIELD_KEYS}
    return data | override


def test_upload_check_confirm(net, login_as, django_capture_on_commit_callbacks):
    client = login_as("school_staff")
    response = upload(client, net.school, csv_bytes([row_b(1), row_b(2), row_b(3)]))
    job = StudentImportJob.objects.get()
    job_url = reverse("backoffice:student_import_job", args=[net.school.slug, job.pk])
    assert response.status_code == 302 and response["Location"] == job_url
    assert b"RCCM" not in bytes(job.content) and job.header[0] == "CF"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(job_url, mapping_post(job, school_year="2026/27"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.created_count == 3
    assert not Student.objects.exists()
    page = client.get(job_url).content.decode()
    assert "Verifica superata" in page and "Conferma e importa" in page
    confirm = reverse("backoffice:student_import_confirm", args=[net.school.slug, job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and bytes(job.content) == b""
    assert Student.objects.filter(school=net.school).count() == 3
    page = client.get(job_url).content.decode()
    assert "Importazione completata" in page
    # Confirming twice does nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    assert Student.objects.count() == 3


def test_a_failed_check_lists_the_errors_by_line(net, login_as, django_capture_on_commit_callbacks):
    client = login_as("school_staff")
    upload(
        client, net.school, csv_bytes([row_b(1), row_b(2, classe="9Z"), row_b(3, comune="Nessuno")])
    )
    job = StudentImportJob.objects.get()
    job_url = reverse("backoffice:student_import_job", args=[net.school.slug, job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(job_url, mapping_post(job))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.error_count == 2
    assert [(e["line"], e["column"]) for e in job.errors] == [
        (3, "CLASSE"),
        (4, "COD_ISTAT_RESIDENZA"),
    ]
    page = client.get(job_url).content.decode()
    assert "2 errori: nessuna riga è stata scritta." in page and "9Z" in page
    confirm = reverse("backoffice:student_import_confirm", args=[net.school.slug, job.pk])
    response = client.post(confirm, follow=True)
    assert "appena verificato senza errori" in response.content.decode()
    assert not Student.objects.exists()


def test_bad_uploads_are_refused_with_an_italian_message(net, login_as):
    client = login_as("school_staff")
    response = upload(client, net.school, b"%PDF-1.4", name="studenti.pdf", preset="registro-a")
    assert response.status_code == 200
    assert "solo file .csv o .xlsx" in response.content.decode()
    assert response.context["form"]["preset"].value() == "registro-a"
    response = upload(client, net.school, b"not excel", name="studenti.xlsx")
    assert "XLSX" in response.content.decode()
    assert not StudentImportJob.objects.exists()


def test_a_mapping_without_required_columns_is_refused(net, login_as):
    client = login_as("school_staff")
    upload(client, net.school, csv_bytes([row_b(1)]))
    job = StudentImportJob.objects.get()
    job_url = reverse("backoffice:student_import_job", args=[net.school.slug, job.pk])
    response = client.post(
        job_url, mapping_post(job, col_codice_fiscale="", col_email="CF", school_year="2026")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026/27" in page  # the bad school year is explained
    assert response.context["form"]["col_email"].value() == "CF"
    response = client.post(job_url, mapping_post(job, col_codice_fiscale=""))
    assert "Codice fiscale" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_automatic_matching_when_no_preset_is_chosen(net, login_as):
    client = login_as("school_staff")
    header = "Codice Fiscale;Cognome;Nome;Data di nascita;Classe;Sezione"
    upload(client, net.school, csv_bytes([], header=header), preset="")
    job = StudentImportJob.objects.get()
    assert job.mapping == {
        "codice_fiscale": "Codice Fiscale",
        "cognome": "Cognome",
        "nome": "Nome",
        "data_nascita": "Data di nascita",
        "anno_corso": "Classe",
        "sezione": "Sezione",
    }


def test_progress_fragment_while_running(net, login_as):
    client = login_as("school_staff")
    upload(client, net.school, csv_bytes([row_b(1)]))
    job = StudentImportJob.objects.get()
    StudentImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, total_rows=200, processed_rows=50, phase="verifica"
    )
    url = reverse("backoffice:student_import_progress", args=[net.school.slug, job.pk])
    page = client.get(url).content.decode()
    assert '<progress id="import-progress-bar" class="w-100" max="100" value="25">' in page
    assert 'data-running="1"' in page and "50 di 200" in page and 'role="status"' in page
    assert "<html" not in page  # a fragment, not a page
    job_page = client.get(
        reverse("backoffice:student_import_job", args=[net.school.slug, job.pk])
    ).content.decode()
    assert (
        "js/import-progress.js" in job_page and "<form" not in job_page.split("import-progress")[1]
    )
    StudentImportJob.objects.filter(pk=job.pk).update(phase="scrittura")
    assert "Scrittura nel database" in client.get(url).content.decode()
    StudentImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED)
    assert 'data-running="0"' in client.get(url).content.decode()


def test_a_running_job_cannot_be_checked_again(net, login_as):
    client = login_as("school_staff")
    upload(client, net.school, csv_bytes([row_b(1)]))
    job = StudentImportJob.objects.get()
    StudentImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    job_url = reverse("backoffice:student_import_job", args=[net.school.slug, job.pk])
    response = client.post(job_url, mapping_post(job), follow=True)
    assert "già in lavorazione" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED


def test_large_header_only_file_and_tab_separated(net, login_as):
    client = login_as("school_staff")
    content = csv_bytes([row_b(1).replace(";", "\t")], header=HEADER_B.replace(";", "\t"))
    upload(client, net.school, content)
    assert StudentImportJob.objects.get().header[0] == "CF"
