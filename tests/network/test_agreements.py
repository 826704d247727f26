"""Network agreements: PDF only, size-limited, versioned, downloadable by who sees the hub."""

import datetime as dt
import hashlib

import pytest
from django.conf import settings
from django.utils import timezone

from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import InvalidInputError
from ptp.network.models import NetworkAgreement
from ptp.network.services import upload_agreement
from tests.conftest import upload

URL = "/gestione/poli/tnt/accordi/nuovo/"


def _post(client, document, **fields):
    data = {"title": "Accordo di rete", "signed_on": "2024-05-20", "notes": "", **fields}
    return client.post(URL, {**data, "document": document})


def _stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "accordi"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_real_pdf_is_accepted_and_versions_increment(login_as, net, coordinator, pdf_bytes):
    client = login_as("coordinator")

    first = _post(client, upload(pdf_bytes))
    second = _post(client, upload(pdf_bytes + b"% seconda versione\n", "accordo-2024.pdf"))

    assert first.status_code == second.status_code == 302
    assert first.url == "/gestione/poli/tnt/"
    v1, v2 = NetworkAgreement.objects.filter(hub=net.hub).order_by("version")
    assert (v1.version, v2.version) == (1, 2)
    assert v2.sha256 == hashlib.sha256(pdf_bytes + b"% seconda versione\n").hexdigest()
    assert v2.size_bytes == len(pdf_bytes) + len(b"% seconda versione\n")
    assert v2.uploaded_by == coordinator
    assert v2.document.name == "accordi/tnt/accordo-di-rete-v2.pdf"
    with v1.document.open("rb") as stored:
        assert stored.read() == pdf_bytes
    page = client.get("/gestione/poli/tnt/")
    assert "Caricata la versione 2 dell&#x27;accordo di rete." in page.text


def test_versions_are_counted_per_hub(net, coordinator, other_coordinator, pdf_bytes):
    for hub, actor in [
        (net.hub, coordinator),
        (net.hub, coordinator),
        (net.other_hub, other_coordinator),
    ]:
        upload_agreement(
            actor=actor,
            hub=hub,
            title="Accordo",
            signed_on=dt.date(2020, 1, 1),
            document=upload(pdf_bytes),
        )

    assert list(net.other_hub.agreements.values_list("version", flat=True)) == [1]
    assert sorted(net.hub.agreements.values_list("version", flat=True)) == [1, 2]


def test_an_upload_is_audited(net, coordinator, agreement):
    event = AuditEvent.objects.get(
        object_type="network.networkagreement", object_id=str(agreement.pk)
    )

    assert (event.action, event.actor, event.hub_id) == (
        AuditAction.CREATE,
        coordinator,
        net.hub.pk,
    )
    assert event.after["version"] == 1
    assert event.after["sha256"] == agreement.sha256
    assert event.after["document"] == "accordi/tnt/accordo-di-rete-v1.pdf"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (upload(b"PK\x03\x04 un foglio di calcolo", "accordo.pdf"), "Il file non è un PDF valido"),
        (
            upload(b"%PDF-1.4 ma in un file di testo", "accordo.txt", "text/plain"),
            "Si possono caricare solo file PDF (estensione .pdf).",
        ),
        (upload(b"", "accordo.pdf"), "Il file inviato è vuoto."),
    ],
    ids=["not-a-pdf-renamed", "txt", "empty"],
)
def test_files_that_are_not_pdfs_are_refused(
    login_as, net, coordinator, settings, document, message
):
    response = _post(login_as("coordinator"), document, title="Accordo firmato a maggio")

    assert response.status_code == 200
    assert message in response.text
    assert 'value="Accordo firmato a maggio"' in response.text  # what was typed is kept
    assert not NetworkAgreement.objects.exists()
    assert _stored_files(settings) == []


def test_an_oversized_file_is_refused_with_a_clear_message(login_as, net, coordinator, settings):
    too_big = b"%PDF-1.4\n" + b"0" * (settings.AGREEMENT_MAX_BYTES - 8)  # one byte over the limit

    response = _post(login_as("coordinator"), upload(too_big))

    assert response.status_code == 200
    assert "Il file pesa 10,1 MB: il limite è 10 MB." in response.text
    assert not NetworkAgreement.objects.exists()
    assert _stored_files(settings) == []


def test_the_limit_itself_is_allowed(net, coordinator, settings, pdf_bytes):
    settings.AGREEMENT_MAX_BYTES = len(pdf_bytes)

    agreement = upload_agreement(
        actor=coordinator,
        hub=net.hub,
        title="Accordo",
        signed_on=dt.date(2020, 1, 1),
        document=upload(pdf_bytes),
    )

    assert agreement.size_bytes == settings.AGREEMENT_MAX_BYTES
    settings.AGREEMENT_MAX_BYTES = len(pdf_bytes) - 1
    with pytest.raises(InvalidInputError, match="Il file pesa 0,1 MB"):
        upload_agreement(
            actor=coordinator,
            hub=net.hub,
            title="Accordo",
            signed_on=dt.date(2020, 1, 1),
            document=upload(pdf_bytes),
        )


def test_a_signing_date_in_the_future_is_refused(login_as, net, coordinator, pdf_bytes, settings):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = _post(login_as("coordinator"), upload(pdf_bytes), signed_on=tomorrow.isoformat())

    assert response.status_code == 200
    assert "La data di sottoscrizione non può essere nel futuro." in response.text
    assert not NetworkAgreement.objects.exists()
    assert _stored_files(settings) == []


def test_the_form_states_the_configured_limit(login_as, net, coordinator):
    response = login_as("coordinator").get(URL)

    assert f"al massimo {settings.AGREEMENT_MAX_BYTES // 1_048_576} MB" in response.text


@pytest.mark.parametrize("persona", ["coordinator", "regional_officer", "company_staff"])
def test_who_sees_the_hub_downloads_the_signed_pdf(login_as, net, agreement, pdf_bytes, persona):
    response = login_as(persona).get("/gestione/poli/tnt/accordi/1/documento/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="accordo-di-rete-tnt-v1.pdf"'
    assert b"".join(response.streaming_content) == pdf_bytes
