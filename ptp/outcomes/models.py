"""What students do after finishing: work, ITS, university, neither — at 6 and 12 months."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptp.catalogue.models import Programme
from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.network.models import Organization
from ptp.students.models import Student


class OutcomeStatus(models.TextChoices):
    EMPLOYED = "employed", _("Occupato")
    ITS = "its", _("Iscritto a un ITS Academy")
    UNIVERSITY = "university", _("Iscritto all'università")
    TRAINING = "training", _("In altra formazione")
    NEITHER = "neither", _("Né occupato né in formazione")
    UNKNOWN = "unknown", _("Non noto")


class OutcomeSource(models.TextChoices):
    SCHOOL = "school", _("Inserito dalla scuola")
    IMPORT = "import", _("Importato")


class Outcome(DemoFlagModel, TimeStampedModel):
    """A student's situation some months after finishing; entered by the school or imported."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="outcomes")
    # The student's school and programme when the outcome was recorded, copied so that the
    # observatory groups outcomes without joining 200,000 students (ptp/outcomes/rates.py).
    school = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("scuola")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("percorso"),
    )
    months_after = models.PositiveSmallIntegerField(_("mesi dopo l'uscita"))
    status = models.CharField(_("situazione"), max_length=12, choices=OutcomeStatus.choices)
    employer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("datore di lavoro"),
    )
    employer_name = models.CharField(
        _("datore di lavoro (se non è nella rete)"), max_length=200, blank=True
    )
    in_sector = models.BooleanField(_("nella filiera del percorso"), null=True, blank=True)
    # Derived when recorded: employed by a company of a hub of the school, by a host of the student.
    with_hub_company = models.BooleanField(default=False)
    with_host = models.BooleanField(default=False)
    source = models.CharField(
        max_length=8, choices=OutcomeSource.choices, default=OutcomeSource.SCHOOL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["student", "months_after"]
        verbose_name = _("esito")
        verbose_name_plural = _("esiti")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "months_after"],
                name="outcome_once_per_checkpoint",
                violation_error_message=_(
                    "L'esito di questo studente a questa scadenza è già registrato."
                ),
            ),
            models.CheckConstraint(
                condition=Q(months_after__in=[6, 12]),
                name="outcome_at_6_or_12_months",
                violation_error_message=_("Gli esiti si rilevano a 6 e a 12 mesi."),
            ),
            models.CheckConstraint(
                condition=Q(status="employed") | (Q(employer__isnull=True) & Q(employer_name="")),
                name="outcome_employer_only_when_employed",
                violation_error_message=_("Il datore di lavoro si indica solo per chi è occupato."),
            ),
        ]
        indexes = [
            models.Index(fields=["months_after", "status"]),
            # Serves the per-school tallies and the school's own list.
            models.Index(fields=["school", "months_after"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} a {self.months_after} mesi: {self.get_status_display()}"
