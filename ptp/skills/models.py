"""The skills vocabulary: ESCO skills and occupations by their official URIs, and room for other
classifications (CP2021, EQF/QNQ, ISCED-F, regional repertoires) with crosswalks between them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaxonomyImport(models.Model):
    """One run of an importer that changed something: which release, which languages, what changed.

    A re-import that finds nothing to change writes nothing, not even this row.
    """

    scheme = models.CharField(_("schema"), max_length=30, default="esco")
    version = models.CharField(_("versione"), max_length=30)
    languages = models.CharField(_("lingue"), max_length=50)
    is_official = models.BooleanField(
        _("rilascio ufficiale"),
        default=True,
        help_text=_(
            "Falso per insiemi dimostrativi o di prova: le loro etichette non sono ufficiali."
        ),
    )
    source = models.CharField(_("origine"), max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("importazione di tassonomia")
        verbose_name_plural = _("importazioni di tassonomia")

    def __str__(self) -> str:
        return f"{self.scheme} {self.version} ({self.languages})"


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("abilità/competenza")
    KNOWLEDGE = "knowledge", _("conoscenza")
    UNKNOWN = "", _("non indicato")


class ReuseLevel(models.TextChoices):
    TRANSVERSAL = "transversal", _("trasversale")
    CROSS_SECTOR = "cross-sector", _("intersettoriale")
    SECTOR_SPECIFIC = "sector-specific", _("settoriale")
    OCCUPATION_SPECIFIC = "occupation-specific", _("specifica di una professione")
    UNKNOWN = "", _("non indicato")


class ConceptBase(models.Model):
    """Fields every taxonomy concept has: URI, labels in Italian and English, search text."""

    uri = models.CharField(_("URI"), max_length=255, unique=True)
    label_it = models.CharField(_("etichetta (it)"), max_length=500, blank=True)
    label_en = models.CharField(_("etichetta (en)"), max_length=500, blank=True)
    alt_labels_it = models.TextField(_("etichette alternative (it)"), blank=True)
    alt_labels_en = models.TextField(_("etichette alternative (en)"), blank=True)
    description_it = models.TextField(_("descrizione (it)"), blank=True)
    description_en = models.TextField(_("descrizione (en)"), blank=True)
    status = models.CharField(_("stato"), max_length=20, blank=True)
    # The distinct folded words of every label in both languages, space-delimited, each word once
    # (so " word" finds a word prefix, but a phrase of several words may not be contiguous): use
    # queries.search_skills / search_occupations to search. The two preferred-label columns keep
    # their words in order and rank matches in the preferred label first. All three are written by
    # the importer (search_index.py).
    search_text = models.TextField(editable=False, blank=True)
    search_label_it = models.TextField(editable=False, blank=True)
    search_label_en = models.TextField(editable=False, blank=True)
    # False when the labels come from a demo or unofficial source (the UI says so).
    labels_official = models.BooleanField(_("etichette ufficiali"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The Italian label, or the English one when no Italian label has been loaded."""
        return self.label_it or self.label_en or self.uri

    @property
    def label_lang(self) -> str:
        """The language of ``label``, for the ``lang`` attribute of the page (WCAG 3.1.2)."""
        return "it" if self.label_it else "en"


class Skill(ConceptBase):
    """An ESCO skill, competence or piece of knowledge, or a skill group of the ESCO hierarchy."""

    is_group = models.BooleanField(_("gruppo di competenze"), default=False)
    code = models.CharField(_("codice"), max_length=30, blank=True)
    skill_type = models.CharField(
        _("tipo"), max_length=20, choices=SkillType.choices, blank=True, default=""
    )
    reuse_level = models.CharField(
        _("livello di riuso"), max_length=25, choices=ReuseLevel.choices, blank=True, default=""
    )
    broader = models.ManyToManyField(
        "self", symmetrical=False, through="SkillHierarchy", related_name="narrower", blank=True
    )

    class Meta:
        ordering = ["label_it", "label_en"]
        verbose_name = _("competenza")
        verbose_name_plural = _("competenze")
        # No index on is_group: searches scan the table anyway (LIKE '% word%'), and SQLite would
        # otherwise walk that index and fetch every row by id, a third slower than the scan.

    @property
    def is_transversal(self) -> bool:
        return self.reuse_level == ReuseLevel.TRANSVERSAL


class SkillHierarchy(models.Model):
    """A broader/narrower link of the ESCO skills pillar."""

    narrower = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    broader = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["narrower", "broader"], name="skillhierarchy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.narrower_id} → {self.broader_id}"


class IscoGroup(ConceptBase):
    """An ISCO-08 group (1 to 4 digits) as published by ESCO."""

    # Not unique: an unofficial set (the demo) may hold the same ISCO code under its own URI, and
    # occupations are linked to the group of their own import, resolved by URI.
    code = models.CharField(_("codice ISCO"), max_length=10, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("gruppo ISCO")
        verbose_name_plural = _("gruppi ISCO")


class Occupation(ConceptBase):
    """An ESCO occupation with its ISCO group and the skills it needs."""

    code = models.CharField(_("codice ESCO"), max_length=30, blank=True)
    isco_group = models.ForeignKey(
        IscoGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="occupations"
    )
    # ESCO occupations below the ISCO level can be narrower than another occupation
    # (broaderRelationsOccPillar, Occupation -> Occupation rows).
    broader = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="narrower"
    )
    skills = models.ManyToManyField(Skill, through="OccupationSkill", related_name="occupations")

    class Meta:
        ordering = ["label_it", "label_en"]
        verbose_name = _("professione")
        verbose_name_plural = _("professioni")


class RelationType(models.TextChoices):
    ESSENTIAL = "essential", _("essenziale")
    OPTIONAL = "optional", _("facoltativa")


class OccupationSkill(models.Model):
    """An occupation needs a skill, essentially or optionally (ESCO occupation–skill relations)."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(_("relazione"), max_length=10, choices=RelationType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupationskill_unique"),
            models.CheckConstraint(
                condition=Q(relation__in=["essential", "optional"]),
                name="occupationskill_relation_valid",
            ),
        ]
        indexes = [models.Index(fields=["skill", "relation"])]

    def __str__(self) -> str:
        return f"{self.occupation_id} → {self.skill_id} ({self.relation})"


class Classification(models.Model):
    """Another classification kept beside ESCO: CP2021, EQF, QNQ, ISCED-F, a regional repertoire."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nome"), max_length=200)
    version = models.CharField(_("versione"), max_length=30, blank=True)
    publisher = models.CharField(_("ente"), max_length=200, blank=True)
    labels_note = models.CharField(
        _("nota sulle etichette"),
        max_length=255,
        blank=True,
        help_text=_("Per esempio: traduzione italiana non ufficiale."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("classificazione")
        verbose_name_plural = _("classificazioni")

    def __str__(self) -> str:
        return self.name


class ClassificationItem(models.Model):
    """One code of a classification, with its parent for hierarchical ones."""

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("codice"), max_length=30)
    label_it = models.CharField(_("etichetta (it)"), max_length=500)
    label_en = models.CharField(_("etichetta (en)"), max_length=500, blank=True)
    description_it = models.TextField(_("descrizione (it)"), blank=True)
    level = models.PositiveSmallIntegerField(_("livello gerarchico"), default=1)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["classification", "code"]
        verbose_name = _("voce di classificazione")
        verbose_name_plural = _("voci di classificazione")
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "code"], name="classificationitem_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_it}"


class MatchType(models.TextChoices):
    EXACT = "exact", _("corrispondenza esatta")
    CLOSE = "close", _("corrispondenza stretta")
    BROAD = "broad", _("più ampia")
    NARROW = "narrow", _("più ristretta")


class Crosswalk(models.Model):
    """A correspondence between two codes of two schemes (e.g. an ESCO occupation and a CP2021 unit).

    Schemes are named by slug ("esco-occupation", "esco-skill", "isco", "cp2021", "eqf", ...) and
    codes are strings (URIs for ESCO), so any pair of classifications can be linked.
    """

    from_scheme = models.CharField(max_length=40)
    from_code = models.CharField(max_length=255)
    to_scheme = models.CharField(max_length=40)
    to_code = models.CharField(max_length=255)
    match = models.CharField(max_length=10, choices=MatchType.choices, default=MatchType.EXACT)
    source = models.CharField(_("fonte"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("corrispondenza")
        verbose_name_plural = _("corrispondenze")
        constraints = [
            models.UniqueConstraint(
                fields=["from_scheme", "from_code", "to_scheme", "to_code"], name="crosswalk_unique"
            )
        ]
        indexes = [models.Index(fields=["to_scheme", "to_code"])]

    def __str__(self) -> str:
        return f"{self.from_scheme}:{self.from_code} → {self.to_scheme}:{self.to_code}"
