"""Logging in: the right password works, repeated failures lock the account, passwords are strong."""

import html

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ptp.accounts.models import User

PASSWORD = "una-password-lunga-di-prova"  # set by UserFactory
LOCKED = "Troppi tentativi di accesso non riusciti per questo account. Riprova tra 15 minuti."


def _login(client, email: str, password: str, **extra):
    return client.post("/accedi/", {"username": email, "password": password, **extra})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_right_password_logs_in(client, coordinator):
    response = _login(client, coordinator.email, PASSWORD)

    assert (response.status_code, response.url) == (302, "/gestione/")
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_login_follows_a_local_next_but_not_another_host(client, coordinator):
    local = _login(client, coordinator.email, PASSWORD, next="/gestione/poli/tnt/")
    client.logout()
    foreign = _login(client, coordinator.email, PASSWORD, next="https://example.com/")

    assert local.url == "/gestione/poli/tnt/"
    assert foreign.url == "/gestione/"


def test_a_wrong_password_is_refused_in_italian(client, coordinator):
    response = _login(client, coordinator.email, "password-sbagliata")

    assert response.status_code == 200
    assert "E-mail o password non corretti." in _text(response)
    assert 'value="coordinatore@example.invalid"' in _text(response)
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, coordinator, outsider):
    responses = [_login(client, coordinator.email, f"sbagliata-{i}") for i in range(5)]

    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    assert LOCKED in _text(responses[4])

    right = _login(client, coordinator.email, PASSWORD)
    assert right.status_code == 429
    assert "Accesso bloccato temporaneamente" in _text(right)
    assert "_auth_user_id" not in client.session

    # The lock is on that account: another one still logs in from the same address.
    assert _login(client, outsider.email, PASSWORD).status_code == 302


def test_four_failures_then_the_right_password_logs_in_and_resets_the_count(client, coordinator):
    for i in range(4):
        _login(client, coordinator.email, f"sbagliata-{i}")
    assert _login(client, coordinator.email, PASSWORD).status_code == 302
    client.logout()

    for i in range(4):
        assert _login(client, coordinator.email, f"ancora-{i}").status_code == 200


def test_logout_is_a_post_and_ends_the_session(client, coordinator):
    client.force_login(coordinator)

    assert client.get("/esci/").status_code == 405
    response = client.post("/esci/")

    assert (response.status_code, response.url) == (302, "/")
    assert "_auth_user_id" not in client.session


# --- Password rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("breve-2026", "Questa password è troppo corta. Deve contenere almeno 12 caratteri."),
        ("839201746352", "Questa password è interamente numerica."),
        ("qwertyuiop123", "Questa password è troppo comune."),
        ("mario.bianchi.prova", "La password è troppo simile a e-mail."),
    ],
)
def test_weak_passwords_are_refused(password, message):
    user = User(email="mario.bianchi.prova@example.invalid", full_name="Mario Bianchi")

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)

    assert message in refused.value.messages


def test_a_long_uncommon_passphrase_is_accepted():
    user = User(email="persona@example.invalid", full_name="Persona di prova")

    assert validate_password("gabbiano-scoglio-lanterna-7", user) is None


def test_the_address_is_matched_whatever_its_case(client, coordinator):
    response = _login(client, "  Coordinatore@Example.INVALID ", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_failures_in_different_cases_count_against_one_account(client, coordinator):
    spellings = [
        "COORDINATORE@example.invalid",
        "coordinatore@EXAMPLE.invalid",
        "Coordinatore@example.invalid",
    ]
    for i in range(5):
        _login(client, spellings[i % 3], f"sbagliata-{i}")

    assert _login(client, coordinator.email, PASSWORD).status_code == 429
