"""What a company must have in order before it registers as a host: valid partita IVA and ATECO
code, municipality and operating seat, a contact e-mail and at least one company tutor."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ptp.lib.ateco import validate_ateco
from ptp.lib.codes import InvalidCodeError, validate_partita_iva
from ptp.network.models import Organization


@dataclass(frozen=True)
class Check:
    """One requirement: its key, its name, whether it is met, and what is there or what is wrong."""

    key: str
    label: str
    ok: bool
    detail: str


def _code_check(key: str, label: str, value: str, validator: Callable[[str], str]) -> Check:
    if not value:
        return Check(key, label, False, _("mancante"))
    try:
        return Check(key, label, True, validator(value))
    except InvalidCodeError as exc:
        return Check(key, label, False, str(exc))


def host_checks(organization: Organization, *, seat_address: str, tutors: int) -> list[Check]:
    """Every requirement of a host registration, met or not, in the order the page lists them."""
    contact = organization.email or organization.pec
    return [
        _code_check(
            "partita_iva", _("Partita IVA"), organization.partita_iva, validate_partita_iva
        ),
        _code_check("ateco", _("Codice ATECO"), organization.ateco, validate_ateco),
        Check(
            "municipality",
            _("Comune"),
            organization.municipality_id is not None,
            organization.municipality.name if organization.municipality else _("mancante"),
        ),
        Check(
            "seat",
            _("Sede operativa"),
            bool(seat_address.strip()),
            seat_address.strip() or _("mancante"),
        ),
        Check("email", _("E-mail di contatto"), bool(contact), contact or _("mancante")),
        Check(
            "tutors",
            _("Tutor aziendali"),
            tutors > 0,
            str(tutors) if tutors else _("nessuno: invita almeno una persona"),
        ),
    ]


def problems(checks: list[Check]) -> list[str]:
    """The requirements not met, as «label: detail»."""
    return [f"{c.label}: {c.detail}" for c in checks if not c.ok]
