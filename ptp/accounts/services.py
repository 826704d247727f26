"""Invitations and role grants."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ptp.accounts.models import Invitation, Role, RoleGrant, User
from ptp.accounts.scopes import forget_scopes
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.tasks import send_email
from ptp.network.models import Hub, Membership, Organization

_SALT = "ptp.accounts.invitation"


def invitation_token(invitation: Invitation) -> str:
    """The signed, time-limited token in the invitation link."""
    return signing.dumps({"invitation": invitation.pk}, salt=_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a token names; expired, forged or used links are refused."""
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvalidInputError(
            "Il link di invito è scaduto: chiedi al coordinatore di rinviarlo."
        ) from exc
    except signing.BadSignature as exc:
        raise InvalidInputError("Il link di invito non è valido.") from exc
    invitation = (
        Invitation.objects.select_related("hub", "organization")
        .filter(pk=payload.get("invitation"))
        .first()
    )
    if invitation is None:
        raise InvalidInputError("Il link di invito non è valido.")
    if not invitation.is_pending:
        raise ConflictError("Questo invito è già stato accettato.")
    return invitation


def _scope_kwargs(invitation: Invitation) -> dict[str, object]:
    if invitation.role == Role.HUB_COORDINATOR:
        return {"hub": invitation.hub}
    return {"organization": invitation.organization}


@transaction.atomic(durable=True)
def invite_staff(
    *,
    actor: User,
    hub: Hub,
    email: str,
    role: str,
    organization: Organization | None,
    base_url: str,
) -> Invitation:
    """Invites a person by e-mail to work for an active member of the hub, or to co-coordinate it."""
    email = email.strip().lower()
    if role == Role.ORGANIZATION_STAFF:
        if organization is None:
            raise InvalidInputError(
                "Scegli il soggetto per cui lavora la persona invitata.", field="organization"
            )
        if not Membership.objects.for_hub(hub).active().filter(organization=organization).exists():
            raise InvalidInputError(
                f"{organization.name} non è socio attivo del polo.", field="organization"
            )
    elif role == Role.HUB_COORDINATOR:
        organization = None
    else:
        raise InvalidInputError("Ruolo non previsto per un invito.", field="role")
    scope = {"hub": hub} if role == Role.HUB_COORDINATOR else {"organization": organization}
    if RoleGrant.objects.active().filter(user__email__iexact=email, role=role, **scope).exists():
        raise ConflictError(f"{email} ha già questo ruolo.", field="email")
    if Invitation.objects.filter(
        email=email, role=role, hub=hub, organization=organization, accepted_at__isnull=True
    ).exists():
        raise ConflictError(
            f"C'è già un invito in attesa per {email} con questo ruolo.", field="email"
        )
    invitation = Invitation.objects.create(
        email=email, role=role, hub=hub, organization=organization, invited_by=actor
    )
    record_event(
        actor=actor,
        action=AuditAction.INVITE,
        obj=invitation,
        summary=f"Invitato {email} come {invitation.get_role_display().lower()}",
        hub_id=hub.pk,
        after={
            "email": email,
            "role": role,
            "organization": organization.pk if organization else None,
        },
    )
    link = base_url.rstrip("/") + reverse(
        "accounts:accept_invitation", args=[invitation_token(invitation)]
    )
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_MAX_AGE_DAYS}
    subject = f"Invito a Rete PTP — {hub.name}"
    body = render_to_string("accounts/email/invitation.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[email]))
    return invitation


@transaction.atomic(durable=True)
def accept_invitation(
    *, invitation: Invitation, user: User | None, full_name: str = "", password: str = ""
) -> User:
    """Grants the invited role; creates the account when the invited address has none yet."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ConflictError("Questo invito è già stato accettato.")
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ConflictError(
                "Esiste già un account con questo indirizzo: accedi e riapri il link dell'invito."
            )
        user = User.objects.create_user(invitation.email, password, full_name=full_name)
    elif user.email.lower() != invitation.email.lower():
        raise ConflictError(
            f"L'invito è per {invitation.email}: esci e accedi con quell'indirizzo."
        )
    grant = RoleGrant.objects.create(
        user=user,
        role=invitation.role,
        granted_by=invitation.invited_by,
        **_scope_kwargs(invitation),
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_scopes(user)
    record_event(
        actor=user,
        action=AuditAction.GRANT,
        obj=grant,
        summary=f"{user.email} ha accettato l'invito come {grant.get_role_display().lower()}",
        hub_id=invitation.hub_id,
        after={"role": grant.role, "organization": grant.organization_id, "hub": grant.hub_id},
    )
    return user
