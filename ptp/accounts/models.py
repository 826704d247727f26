"""Users log in with their e-mail; what they may do comes from role grants on a scope."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ptp.geo.models import Region
from ptp.network.models import Hub, Organization

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; identified by a unique (case-insensitive) e-mail address."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nome e cognome"), max_length=150, blank=True)
    is_active = models.BooleanField(_("attivo"), default=True)
    is_staff = models.BooleanField(_("accesso all'amministrazione tecnica"), default=False)
    date_joined = models.DateTimeField(_("registrato il"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    if TYPE_CHECKING:
        grants: "RelatedManager[RoleGrant]"

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique")
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    REGIONAL_OFFICER = "regional_officer", _("Funzionario regionale")
    HUB_COORDINATOR = "hub_coordinator", _("Coordinatore del polo")
    ORGANIZATION_STAFF = "organization_staff", _("Personale del soggetto")
    # Students are granted on their school (organization) by a later capability.
    STUDENT = "student", _("Studente")


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self) -> "RoleGrantQuerySet":
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """A role held by a user on one scope: the region, a hub or an organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("ruolo"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True)
    granted_at = models.DateTimeField(_("concesso il"), default=timezone.now)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revocato il"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("ruolo assegnato")
        verbose_name_plural = _("ruoli assegnati")
        constraints = [
            # Each role has exactly the scope it needs and no other.
            models.CheckConstraint(
                condition=(
                    Q(
                        role="regional_officer",
                        region__isnull=False,
                        hub__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role="hub_coordinator",
                        hub__isnull=False,
                        region__isnull=True,
                        organization__isnull=True,
                    )
                    | Q(
                        role__in=["organization_staff", "student"],
                        organization__isnull=False,
                        region__isnull=True,
                        hub__isnull=True,
                    )
                ),
                name="rolegrant_scope_matches_role",
            ),
            # A user holds a role on a given scope at most once while it is active.
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(revoked_at__isnull=True, region__isnull=False),
                name="rolegrant_unique_active_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "hub"],
                condition=Q(revoked_at__isnull=True, hub__isnull=False),
                name="rolegrant_unique_active_hub",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(revoked_at__isnull=True, organization__isnull=False),
                name="rolegrant_unique_active_organization",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.hub or self.organization
        return f"{self.user} — {self.get_role_display()} ({scope})"


class Invitation(models.Model):
    """An e-mail invitation to take a role; accepted once through a signed link."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("ruolo"), max_length=30, choices=Role.choices)
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("polo")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("soggetto")
    )
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invito")
        verbose_name_plural = _("inviti")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="hub_coordinator", organization__isnull=True)
                | Q(role="organization_staff", organization__isnull=False),
                name="invitation_scope_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None
