"""Students, owned by their school (the data controller): pseudonymous code, protected codice
fiscale, programme and class, and the skills profile they keep."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptp.catalogue.models import Programme
from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.geo.models import Municipality
from ptp.network.models import Organization
from ptp.skills.models import Skill

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class SchoolTrack(models.TextChoices):
    """The kind of upper-secondary course, which sets the legal minimum of work-based learning
    hours over the last three years (L. 145/2018, art. 1 c. 784)."""

    VOCATIONAL = "professionale", _("Istituto professionale")
    TECHNICAL = "tecnico", _("Istituto tecnico")
    LICEO = "liceo", _("Liceo")
    IEFP = "iefp", _("Istruzione e formazione professionale (IeFP)")


# L. 145/2018: 210 hours in professional institutes, 150 in technical ones, 90 in licei.
MINIMUM_HOURS = {
    SchoolTrack.VOCATIONAL: 210,
    SchoolTrack.TECHNICAL: 150,
    SchoolTrack.LICEO: 90,
    SchoolTrack.IEFP: 0,
}


class StudentQuerySet(models.QuerySet["Student"]):
    def of_school(self, school: Organization) -> "StudentQuerySet":
        return self.filter(school=school)

    def current(self) -> "StudentQuerySet":
        return self.filter(left_on__isnull=True)


class Student(DemoFlagModel, TimeStampedModel):
    """A student of a member school. Only the school sees the name, codice fiscale and
    accommodations; hosts see the students who applied to them or are placed with them."""

    school = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="students", verbose_name=_("scuola")
    )
    # Random, meaningless code used everywhere personal data are not needed (aggregates, exports).
    code = models.CharField(_("codice pseudonimo"), max_length=12, unique=True)
    codice_fiscale_encrypted = models.TextField(_("codice fiscale (cifrato)"), editable=False)
    # Keyed hash of the codice fiscale: finds a student on re-import without decrypting.
    codice_fiscale_hash = models.CharField(max_length=64, editable=False)
    given_name = models.CharField(_("nome"), max_length=100)
    family_name = models.CharField(_("cognome"), max_length=100)
    birth_date = models.DateField(_("data di nascita"))
    track = models.CharField(_("tipo di percorso"), max_length=20, choices=SchoolTrack.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("percorso"),
    )
    class_year = models.PositiveSmallIntegerField(_("anno di corso"))
    class_section = models.CharField(_("sezione"), max_length=10, blank=True)
    school_year = models.CharField(_("anno scolastico"), max_length=9)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comune di residenza"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # Seen by the school only: drives reasonable accommodations and reserved seats.
    has_accommodations = models.BooleanField(
        _("bisogni educativi speciali / adattamenti"), default=False
    )
    economic_disadvantage = models.BooleanField(_("svantaggio economico"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_record",
    )
    skills = models.ManyToManyField(Skill, through="StudentSkill", related_name="+", blank=True)
    left_on = models.DateField(_("uscito il"), null=True, blank=True)

    objects = StudentQuerySet.as_manager()

    if TYPE_CHECKING:
        skill_links: "RelatedManager[StudentSkill]"

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = _("studente")
        verbose_name_plural = _("studenti")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "codice_fiscale_hash"],
                name="student_unique_per_school",
                violation_error_message=_(
                    "La scuola ha già uno studente con questo codice fiscale."
                ),
            ),
            models.CheckConstraint(
                condition=Q(class_year__gte=1) & Q(class_year__lte=5),
                name="student_class_year_1_5",
                violation_error_message=_("L'anno di corso va da 1 a 5."),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "school_year", "class_year"]),
            models.Index(fields=["school", "family_name"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: dt.date) -> int:
        """Completed years on the given day."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)

    @property
    def minimum_hours(self) -> int:
        return MINIMUM_HOURS.get(SchoolTrack(self.track), 0)


class SkillSource(models.TextChoices):
    DECLARED = "declared", _("dichiarata dallo studente")
    SCHOOL = "school", _("attestata dalla scuola")
    PLACEMENT = "placement", _("valutata in un percorso scuola-lavoro")


class StudentSkill(models.Model):
    """A skill in a student's profile, with its level and who vouches for it."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("livello"), default=1)
    source = models.CharField(
        max_length=10, choices=SkillSource.choices, default=SkillSource.DECLARED
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "skill", "source"], name="studentskill_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="studentskill_level_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.skill}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("File caricato")
    QUEUED = "queued", _("In coda")
    RUNNING = "running", _("In corso")
    CHECKED = "checked", _("Verifica superata")
    FAILED = "failed", _("Errori nel file")
    DONE = "done", _("Importazione completata")
    CRASHED = "crashed", _("Interrotta per un errore del sistema")


RUNNING_STATUSES = frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING})


class StudentImportJob(TimeStampedModel):
    """One upload of a school's roster, checked (dry run) and then written by a background task."""

    school = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("scuola")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    # The upload, encrypted like every other personal identifier at rest; emptied once imported.
    content = models.BinaryField(editable=False, default=b"")
    header = models.JSONField(default=list)
    preset = models.CharField(_("formato"), max_length=20, blank=True)
    mapping = models.JSONField(default=dict)
    school_year = models.CharField(_("anno scolastico"), max_length=9, blank=True)
    mark_missing_left = models.BooleanField(default=False)
    status = models.CharField(
        _("stato"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    dry_run = models.BooleanField(default=True)
    phase = models.CharField(max_length=10, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    left_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The first errors only (see MAX_STORED_ERRORS): enough to fix a file, bounded in size.
    errors = models.JSONField(default=list)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("importazione di studenti")
        verbose_name_plural = _("importazioni di studenti")
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
