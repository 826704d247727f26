"""Forms of the report channel, the host's evaluation, the student's feedback and its moderation."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.placements.models import ReportKind, ReportStatus
from ptp.placements.services.evaluation import LEVELS, MAX_COMMENT, SkillAssessment
from ptp.placements.services.feedback import MAX_TEXT as MAX_FEEDBACK
from ptp.placements.services.reports import MAX_TEXT as MAX_REPORT
from ptp.skills.models import Skill


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReportForm(forms.Form):
    """The student's report on one of their placements."""

    kind = forms.ChoiceField(
        label=_("Che cosa vuoi segnalare?"),
        choices=[("", _("Scegli il tipo di segnalazione")), *ReportKind.choices],
    )
    text = forms.CharField(
        label=_("Racconta che cosa succede"),
        help_text=_(
            "La leggono la tua scuola e, se non risponde entro 7 giorni o se riguarda la "
            "sicurezza, il coordinatore del polo. L'impresa ospitante non la vede."
        ),
        max_length=MAX_REPORT,
        widget=_textarea(6),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Risposta della scuola allo studente"), max_length=MAX_REPORT, widget=_textarea()
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Nota del coordinatore"),
        help_text=_("La leggono la scuola e lo studente; sostituisce la nota precedente."),
        max_length=MAX_REPORT,
        widget=_textarea(),
    )


class ReportFilterForm(forms.Form):
    """The status filter of the back-office list; an unknown value shows every report."""

    stato = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("Tutti gli stati")), *ReportStatus.choices],
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Quanto consiglieresti questa impresa ad altri studenti?"),
        coerce=int,
        choices=[
            ("", _("Scegli da 1 a 5")),
            (5, _("5 — moltissimo")),
            (4, _("4 — molto")),
            (3, _("3 — abbastanza")),
            (2, _("2 — poco")),
            (1, _("1 — per niente")),
        ],
    )
    text = forms.CharField(
        label=_("La tua opinione"),
        help_text=_(
            "La scuola la legge prima di pubblicarla. L'impresa la vedrà senza il tuo nome; se ha "
            "ospitato pochi studenti potrebbe comunque capire chi l'ha scritta."
        ),
        max_length=MAX_FEEDBACK,
        widget=_textarea(6),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisione"),
        choices=[
            ("", _("Scegli")),
            ("publish", _("Pubblica")),
            ("reject", _("Non pubblicare")),
        ],
    )
    reason = forms.CharField(
        label=_("Motivo per lo studente"),
        help_text=_("Obbligatorio se non pubblichi: lo studente lo riceve per e-mail."),
        required=False,
        max_length=MAX_FEEDBACK,
        widget=_textarea(3),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Spiega allo studente perché non pubblichi l'opinione."))
        return data

    @property
    def publish(self) -> bool:
        return bool(self.cleaned_data["decision"] == "publish")


class EvaluationForm(forms.Form):
    """One level (or "not yet") and one remark per skill of the plan."""

    def __init__(
        self,
        *args: Any,
        skills: Iterable[Skill],
        initial_levels: dict[int, tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Non ancora valutata"))] + [
            (str(level.value), f"{level.value} — {level.label}") for level in LEVELS.values()
        ]
        self.skills = list(skills)
        for skill in self.skills:
            level, comment = initial_levels.get(skill.pk, (None, ""))
            self.fields[f"level_{skill.pk}"] = forms.TypedChoiceField(
                label=skill.label_it,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=level,
            )
            self.fields[f"comment_{skill.pk}"] = forms.CharField(
                label=_("Osservazioni su «%(skill)s»") % {"skill": skill.label_it},
                required=False,
                max_length=MAX_COMMENT,
                initial=comment,
                widget=_textarea(2),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for skill in self.skills:
            if (
                data.get(f"comment_{skill.pk}", "").strip()
                and data.get(f"level_{skill.pk}") is None
            ):
                self.add_error(
                    f"level_{skill.pk}",
                    _("Indica il livello a cui si riferiscono le osservazioni."),
                )
        return data

    def rows(self) -> list[tuple[Skill, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"level_{s.pk}"], self[f"comment_{s.pk}"]) for s in self.skills]

    def assessments(self) -> list[SkillAssessment]:
        """The skills given a level; those left "not yet" stay as they were."""
        data = self.cleaned_data
        return [
            SkillAssessment(
                skill_id=skill.pk,
                level=data[f"level_{skill.pk}"],
                comment=data.get(f"comment_{skill.pk}", ""),
            )
            for skill in self.skills
            if data.get(f"level_{skill.pk}") is not None
        ]
