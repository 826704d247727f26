"""Inviting staff by e-mail and accepting through the signed link."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from ptp.accounts.models import Invitation, Role, RoleGrant, User
from ptp.accounts.services import accept_invitation, invite_staff
from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.network.models import Membership

INVITE_URL = "/gestione/poli/tnt/inviti/nuovo/"
NEW = "nuova.persona@example.invalid"
GOOD_PASSWORD = "rondine-vela-faro-2026"


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


# --- Inviting ---------------------------------------------------------------------------------


def test_invitation_happy_path_sends_one_email_with_a_working_link(
    login_as, net, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            INVITE_URL,
            {
                "email": "Nuova.Persona@Example.invalid",
                "role": Role.ORGANIZATION_STAFF,
                "organization": net.company.pk,
            },
        )

    assert (response.status_code, response.url) == (302, "/gestione/poli/tnt/")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [NEW]
    assert mail.subject == "Invito a Rete PTP — Polo di prova TNT"
    assert "Soggetto: Impresa partner" in mail.body and "valido 14 giorni" in mail.body
    link = re.search(r"http://testserver(/invito/[^/\s]+/)", mail.body).group(1)

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert (
        f"Sei invitato come personale di Impresa partner nel Polo di prova TNT, con l'indirizzo {NEW}."
        in _text(page)
    )
    event = AuditEvent.objects.get(action=AuditAction.INVITE)
    assert (event.actor, event.hub_id, event.after["email"]) == (coordinator, net.hub.pk, NEW)


def test_the_hub_overview_lists_pending_invitations(login_as, net, coordinator, invite):
    invite()

    assert NEW in _text(login_as("coordinator").get("/gestione/poli/tnt/"))


def test_invitation_to_a_non_member_organization_is_refused(
    login_as, net, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("coordinator").post(
            INVITE_URL,
            {"email": NEW, "role": Role.ORGANIZATION_STAFF, "organization": net.other_org.pk},
        )

    assert response.status_code == 200
    assert "Scegli un'opzione valida." in _text(response)
    assert f'value="{NEW}"' in _text(response)
    assert mailoutbox == [] and not Invitation.objects.exists()


def test_the_service_refuses_an_organization_that_left_the_hub(net, coordinator):
    Membership.objects.filter(pk=net.company_membership.pk).update(left_on=dt.date(2024, 8, 31))

    with pytest.raises(InvalidInputError, match="non è socio attivo del polo"):
        invite_staff(
            actor=coordinator,
            hub=net.hub,
            email=NEW,
            role=Role.ORGANIZATION_STAFF,
            organization=net.company,
            base_url="http://testserver/",
        )


def test_staff_invitation_needs_an_organization(login_as, net, coordinator):
    response = login_as("coordinator").post(
        INVITE_URL, {"email": NEW, "role": Role.ORGANIZATION_STAFF}
    )

    assert "Scegli il soggetto per cui lavora la persona invitata." in _text(response)
    assert not Invitation.objects.exists()


def test_a_duplicate_pending_invitation_is_refused(
    login_as, net, coordinator, invite, mailoutbox, django_capture_on_commit_callbacks
):
    invite()

    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("coordinator").post(
            INVITE_URL,
            {"email": NEW.upper(), "role": Role.ORGANIZATION_STAFF, "organization": net.company.pk},
        )

    assert response.status_code == 200
    assert f"C'è già un invito in attesa per {NEW} con questo ruolo." in _text(response)
    assert Invitation.objects.count() == 1 and mailoutbox == []


def test_inviting_someone_who_already_has_the_role_is_refused(net, coordinator, company_staff):
    with pytest.raises(ConflictError, match="ha già questo ruolo"):
        invite_staff(
            actor=coordinator,
            hub=net.hub,
            email=company_staff.email,
            role=Role.ORGANIZATION_STAFF,
            organization=net.company,
            base_url="http://testserver/",
        )


def test_a_co_coordinator_invitation_has_no_organization(net, coordinator, invite):
    invitation, _ = invite(
        email="co@example.invalid", role=Role.HUB_COORDINATOR, organization=net.company
    )

    assert invitation.organization is None and invitation.role == Role.HUB_COORDINATOR


# --- Accepting with a new account ------------------------------------------------------------


def _accept(client, token, **overrides):
    data = {"full_name": "Persona Invitata", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    return client.post(f"/invito/{token}/", {**data, **overrides})


def test_accepting_creates_the_account_with_the_role_and_logs_in(client, net, invite):
    invitation, token = invite()

    response = _accept(client, token)

    assert (response.status_code, response.url) == (302, "/gestione/")
    user = User.objects.get(email=NEW)
    assert user.full_name == "Persona Invitata" and user.check_password(GOOD_PASSWORD)
    grant = RoleGrant.objects.active().get(user=user)
    assert (grant.role, grant.organization, grant.granted_by) == (
        Role.ORGANIZATION_STAFF,
        net.company,
        invitation.invited_by,
    )
    assert _logged_in_user_id(client) == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.GRANT, actor=user, hub=net.hub).exists()
    # The new staff member now sees the hub's back office.
    assert client.get("/gestione/poli/tnt/").status_code == 200


def test_a_second_use_of_the_link_is_refused(client, net, invite):
    _, token = invite()
    _accept(client, token)
    client.logout()

    again = _accept(client, token, full_name="Qualcun altro")

    assert again.status_code == 410
    assert "Questo invito è già stato accettato." in _text(again)
    assert User.objects.filter(email=NEW).count() == 1


def test_an_expired_link_is_refused(client, net, invite, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _, token = invite()

    time_machine.shift(dt.timedelta(days=13, hours=23))
    assert client.get(f"/invito/{token}/").status_code == 200
    time_machine.shift(dt.timedelta(hours=2))
    response = _accept(client, token)

    assert response.status_code == 410
    assert "Il link di invito è scaduto: chiedi al coordinatore di rinviarlo." in _text(response)
    assert not User.objects.filter(email=NEW).exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("corta-2026", "Questa password è troppo corta. Deve contenere almeno 12 caratteri."),
        ("202620262026", "Questa password è interamente numerica."),
        ("password1234", "Questa password è troppo comune."),
        ("nuova.persona.invalid", "La password è troppo simile a e-mail."),
    ],
    ids=["short", "numeric", "common", "like-email"],
)
def test_a_weak_password_is_refused_in_italian_and_the_name_is_kept(
    client, net, invite, password, message
):
    _, token = invite()

    response = _accept(client, token, password1=password, password2=password)

    text = _text(response)
    assert response.status_code == 200
    assert message in text
    assert 'value="Persona Invitata"' in text
    assert password not in text  # passwords are never sent back
    assert not User.objects.filter(email=NEW).exists()


def test_mismatched_passwords_are_refused(client, net, invite):
    _, token = invite()

    response = _accept(client, token, password2=GOOD_PASSWORD + "x")

    assert "Le due password non coincidono." in _text(response)
    assert not User.objects.filter(email=NEW).exists()


def test_accepting_while_someone_else_is_logged_in_logs_in_the_new_account(login_as, net, invite):
    _, token = invite()
    client = login_as("outsider")

    response = _accept(client, token)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(User.objects.get(email=NEW).pk)


# --- Accepting with an existing account ------------------------------------------------------


def test_an_existing_account_must_log_in_as_the_invited_address(
    client, net, invite, company_staff, outsider
):
    invitation, token = invite(email=company_staff.email, role=Role.HUB_COORDINATOR)
    url = f"/invito/{token}/"

    page = client.get(url)
    assert "Hai già un account con questo indirizzo: accedi per accettare l'invito." in _text(page)
    to_login = client.post(url)
    assert (to_login.status_code, to_login.url) == (302, f"/accedi/?next={url}")

    client.force_login(outsider)
    refused = client.post(url)
    assert f"L'invito è per {company_staff.email}: esci e accedi con quell'indirizzo." in _text(
        refused
    )
    assert (
        not RoleGrant.objects.filter(role=Role.HUB_COORDINATOR, hub=net.hub)
        .exclude(user__email="coordinatore@example.invalid")
        .exists()
    )

    client.force_login(company_staff)
    accepted = client.post(url)
    assert (accepted.status_code, accepted.url) == (302, "/gestione/")
    assert (
        RoleGrant.objects.active()
        .filter(user=company_staff, role=Role.HUB_COORDINATOR, hub=net.hub)
        .exists()
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == company_staff


def test_no_second_account_when_the_address_registered_meanwhile(net, invite):
    invitation, _ = invite()
    User.objects.create_user(NEW, GOOD_PASSWORD)

    with pytest.raises(ConflictError, match="Esiste già un account con questo indirizzo"):
        accept_invitation(invitation=invitation, user=None, full_name="X", password=GOOD_PASSWORD)


def test_a_tampered_link_is_refused(client, net, invite):
    _, token = invite()
    payload, rest = token.split(":", 1)

    response = client.get(f"/invito/{payload}x:{rest}/")

    assert response.status_code == 410
    assert "Il link di invito non è valido." in _text(response)


def test_a_failing_mail_server_does_not_break_the_invitation(
    login_as, net, coordinator, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "non disponibile")

    monkeypatch.setattr("ptp.core.tasks.send_mail", refuse)
    client = login_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            INVITE_URL,
            {"email": NEW, "role": Role.ORGANIZATION_STAFF, "organization": net.company.pk},
        )

    assert (response.status_code, response.url) == (302, "/gestione/poli/tnt/")
    assert Invitation.objects.filter(email=NEW, accepted_at__isnull=True).exists()
    assert mailoutbox == []
