"""Public pages of the taxonomy and the picker fragments: search, a skill, an occupation."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ptp.core.public_cache import public_page
from ptp.skills import queries
from ptp.skills.forms import ConceptSearchForm

PAGE_RESULTS = 50
OPTIONS_RESULTS = 10


def _search_form(request: HttpRequest) -> tuple[ConceptSearchForm, str, bool]:
    form = ConceptSearchForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["q"], form.cleaned_data["gruppi"]
    return form, "", False


def _results(
    form: ConceptSearchForm, term: str, hits: list[queries.Hit], *, groups: bool = False
) -> dict[str, Any]:
    return {
        "form": form,
        "term": term,
        "groups": groups,
        "hits": hits,
        "max_results": PAGE_RESULTS,
        "has_official": any(h.labels_official for h in hits),
    }


@require_GET
@public_page
def skill_search(request: HttpRequest) -> HttpResponse:
    """The skills whose labels match the term (at most PAGE_RESULTS), for visitors without script."""
    form, term, groups = _search_form(request)
    hits = queries.search_skills(term, limit=PAGE_RESULTS, include_groups=groups)
    return render(request, "skills/skill_search.html", _results(form, term, hits, groups=groups))


@require_GET
@public_page
def occupation_search(request: HttpRequest) -> HttpResponse:
    """The occupations whose labels match the term (at most PAGE_RESULTS)."""
    form, term, _groups = _search_form(request)
    hits = queries.search_occupations(term, limit=PAGE_RESULTS)
    return render(request, "skills/occupation_search.html", _results(form, term, hits))


def _options(request: HttpRequest, *, occupations: bool) -> HttpResponse:
    form = ConceptSearchForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    term = form.cleaned_data["q"]
    if occupations:
        hits = queries.search_occupations(term, limit=OPTIONS_RESULTS)
        label, default_id = _("Professioni suggerite"), "professioni-opzioni"
    else:
        hits = queries.search_skills(
            term, limit=OPTIONS_RESULTS, include_groups=form.cleaned_data["gruppi"]
        )
        label, default_id = _("Competenze suggerite"), "competenze-opzioni"
    context = {
        "hits": hits,
        "term": term,
        "listbox_id": form.cleaned_data["lista"] or default_id,
        "listbox_label": label,
        "detail_url_name": "skills:occupation_detail" if occupations else "skills:skill_detail",
    }
    return render(request, "skills/skill_options.html", context)


@require_GET
@public_page
def skill_options(request: HttpRequest) -> HttpResponse:
    """The listbox fragment of the skill autocomplete (htmx swaps it under the input)."""
    return _options(request, occupations=False)


@require_GET
@public_page
def occupation_options(request: HttpRequest) -> HttpResponse:
    """The listbox fragment of the occupation autocomplete."""
    return _options(request, occupations=True)


@require_GET
@public_page
def skill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A skill: labels, type, description, broader and narrower skills, occupations needing it."""
    profile = queries.skill_profile(
        pk, page=request.GET.get("pagina"), narrower_page=request.GET.get("pagina_specifiche")
    )
    return render(request, "skills/skill_detail.html", {"p": profile, "concept": profile.skill})


@require_GET
@public_page
def occupation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An occupation: labels, ISCO group, broader and narrower occupations, skills it needs."""
    profile = queries.occupation_profile(pk, page=request.GET.get("pagina"))
    return render(
        request, "skills/occupation_detail.html", {"p": profile, "concept": profile.occupation}
    )
