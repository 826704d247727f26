"""The audit log: append-only in the database, readable and exportable by the hub's coordinator."""

import csv
import datetime as dt
import io

import pytest
from django.db import DatabaseError, transaction

from ptp.audit.models import AuditAction, AuditEvent
from ptp.audit.services import record_event, snapshot
from ptp.network.services import record_joining, record_leaving, update_organization

LOG = "/gestione/poli/tnt/registro/"


@pytest.fixture
def event(net, coordinator) -> AuditEvent:
    return record_event(
        actor=coordinator,
        action=AuditAction.UPDATE,
        obj=net.company,
        summary="Modificati i dati",
        hub_id=net.hub.pk,
        before={"address": ""},
        after={"address": "Via del Porto 3"},
    )


# --- Append-only ------------------------------------------------------------------------------


def test_an_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="Riscritto")

    event.refresh_from_db()
    assert event.summary == "Modificati i dati"


def test_saving_a_changed_entry_is_refused_by_the_database(event):
    event.after = {"address": "Altro indirizzo"}

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).after == {"address": "Via del Porto 3"}


def test_a_delete_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_new_entries_can_still_be_appended(event, net, coordinator):
    record_event(actor=None, action=AuditAction.READ, obj=net.hub, summary="Consultazione")

    assert AuditEvent.objects.count() == 2
    assert AuditEvent.objects.latest("id").actor_label == "sistema"


def test_an_entry_records_who_what_and_the_values(event, net, coordinator):
    assert (event.actor, event.actor_label) == (coordinator, "coordinatore@example.invalid")
    assert (event.object_type, event.object_id, event.object_label) == (
        "network.organization",
        str(net.company.pk),
        "Impresa partner",
    )
    assert event.at is not None


def test_snapshot_is_json_safe(net):
    values = snapshot(net.company_membership, ["hub", "joined_on", "left_on", "role"])

    assert values == {
        "hub": net.hub.pk,
        "joined_on": "2018-09-01",
        "left_on": None,
        "role": "partner",
    }


def test_an_organization_change_is_logged_once_per_hub_it_belongs_to(
    net, coordinator, other_coordinator
):
    record_joining(
        actor=coordinator,
        hub=net.other_hub,
        organization=net.company,
        joined_on=dt.date(2020, 1, 1),
    )

    update_organization(
        actor=coordinator, organization=net.company, values={"address": "Via Nuova 1"}
    )

    updates = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="network.organization"
    )
    assert sorted(updates.values_list("hub_id", flat=True)) == sorted(
        [net.hub.pk, net.other_hub.pk]
    )
    assert all(
        e.after == {"address": "Via Nuova 1"} and e.before == {"address": ""} for e in updates
    )


# --- The log page -----------------------------------------------------------------------------


def test_the_log_shows_this_hub_only_and_filters_by_action(
    login_as, net, coordinator, other_coordinator
):
    membership = record_joining(
        actor=coordinator, hub=net.hub, organization=net.other_org, joined_on=dt.date(2020, 9, 1)
    )
    record_leaving(actor=coordinator, membership=membership, left_on=dt.date(2021, 8, 31))
    record_event(
        actor=other_coordinator,
        action=AuditAction.UPDATE,
        obj=net.other_hub,
        summary="Altro polo",
        hub_id=net.other_hub.pk,
    )
    client = login_as("coordinator")

    everything = client.get(LOG).context["page"].object_list
    updates = client.get(LOG, {"azione": "update"}).context["page"].object_list
    garbage = client.get(LOG, {"azione": "cancella-tutto", "pagina": "ultima"})

    assert [e.action for e in everything] == [AuditAction.UPDATE, AuditAction.CREATE]
    assert [e.summary for e in updates] == ["Uscita di Impresa di Pisa dal polo"]
    assert garbage.status_code == 200
    assert len(garbage.context["page"].object_list) == 2


def test_the_log_is_paginated(login_as, net, coordinator):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=coordinator,
            action=AuditAction.READ,
            object_type="network.hub",
            object_id=str(net.hub.pk),
            object_label="Polo",
            hub=net.hub,
            summary=f"Voce {i}",
        )
        for i in range(30)
    )
    client = login_as("coordinator")

    first, second = client.get(LOG), client.get(LOG, {"pagina": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Pagina 2 di 2" in second.content.decode()


def test_csv_export_has_every_entry_and_defuses_formulas(login_as, net, coordinator):
    net.company.name = '=HYPERLINK("http://example.invalid")'
    record_event(
        actor=coordinator,
        action=AuditAction.UPDATE,
        obj=net.company,
        summary="@SUM(A1:A9)",
        hub_id=net.hub.pk,
        after={"name": net.company.name},
    )

    response = login_as("coordinator").get(LOG, {"formato": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="registro-tnt.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert header == [
        "quando",
        "utente",
        "azione",
        "tipo",
        "id",
        "oggetto",
        "descrizione",
        "prima",
        "dopo",
    ]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["oggetto"] == '\'=HYPERLINK("http://example.invalid")'
    assert row["descrizione"] == "'@SUM(A1:A9)"
    assert row["utente"] == coordinator.email and row["azione"] == "Modifica"
