"""Public pages of the network: the hub directory, a hub, its partners, an organization."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ptp.core.public_cache import cached_for_public_data, public_page
from ptp.network import queries
from ptp.network.forms import HubFilterForm


@public_page
def hub_list(request: HttpRequest) -> HttpResponse:
    """All hubs, filterable by sector and province."""
    form = HubFilterForm(request.GET or None)
    sector = province = ""
    if form.is_valid():
        sector = form.cleaned_data["settore"].slug if form.cleaned_data["settore"] else ""
        province = form.cleaned_data["provincia"].slug if form.cleaned_data["provincia"] else ""
    # Kept until public data change: a page rendered afresh does not run the directory's queries.
    hubs = cached_for_public_data(
        f"hub-directory:{sector}:{province}",
        lambda: queries.hub_directory(sector_slug=sector, province_slug=province),
    )
    context = {
        "form": form,
        "hubs": hubs,
        "is_filtered": bool(sector or province),
        "has_demo_data": any(h.is_demo for h in hubs),
    }
    template = "network/hub_list.html#results" if request.htmx else "network/hub_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _profile(slug: str) -> queries.HubProfile:
    """The hub's profile, kept until public data change (an unknown hub is a 404, never kept)."""
    return cached_for_public_data(f"hub-profile:{slug}", lambda: queries.hub_profile(slug))


@public_page
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A hub: sector, province, founding year, lead, purpose, composition and timeline."""
    profile = _profile(slug)
    return render(request, "network/hub_detail.html", {"profile": profile, "hub": profile.hub})


@public_page
def hub_partners(request: HttpRequest, slug: str) -> HttpResponse:
    """A hub's members today, grouped by kind, and its former members."""
    profile = _profile(slug)
    return render(request, "network/hub_partners.html", {"profile": profile, "hub": profile.hub})


@public_page
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization with the hubs it belongs or belonged to."""
    profile = queries.organization_profile(slug)
    return render(
        request,
        "network/organization_detail.html",
        {"profile": profile, "organization": profile.organization},
    )
