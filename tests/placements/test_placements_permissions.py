"""Who gets what on every application and placement page: each URL × each persona.

The rules (ptp/placements/permissions.py): a placement exists for its student, the staff of its
school and of its host, and its hub's coordinator (read-only); everyone else — another school's
staff, another hub's coordinator, the regional officer, outsiders — gets 404. Inside the circle,
each side acts on its part and gets 403 on the other's. Lists are for staff of schools (school
pages) and of other organizations (host pages): 403 for the others. The student area is for
students: 403 for every other account.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, resolve

from ptp.audit.models import AuditEvent
from ptp.placements import lifecycle_urls, student_urls
from ptp.placements.models import Application, DocumentKind, Placement, PlacementDocument
from ptp.placements.services import applications as app_services
from tests.placements.factories import OpportunityWindowFactory
from tests.placements.lifecycle_helpers import TODAY, hours, staff_of, student_of, world
from tests.placements.report_world import ALL_PERSONAS

P = "/gestione/percorsi"
S = "/studente/percorsi"
LOGIN = "→login"

# fmt: off
MATRIX = [
    # method  url                                         anon  stud school comp coord other region outs  other-school
    ("GET",  f"{P}/",                                    (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET",  f"{P}/scuola/",                             (LOGIN, 403, 200, 403, 403, 403, 403, 403, 200)),
    ("GET",  f"{P}/scuola/candidature/",                 (LOGIN, 403, 200, 403, 403, 403, 403, 403, 200)),
    ("GET",  f"{P}/impresa/",                            (LOGIN, 403, 403, 200, 403, 403, 403, 403, 403)),
    ("GET",  f"{P}/impresa/candidature/",                (LOGIN, 403, 403, 200, 403, 403, 403, 403, 403)),
    ("GET",  f"{P}/polo/tnt/",                           (LOGIN, 404, 403, 403, 200, 404, 403, 404, 403)),
    ("GET",  f"{P}/nuovo/",                              (LOGIN, 403, 200, 403, 403, 403, 403, 403, 200)),
    ("POST", f"{P}/nuovo/",                              (LOGIN, 403, 200, 403, 403, 403, 403, 403, 200)),
    ("POST", f"{P}/candidature/{{submitted}}/scuola/",   (LOGIN, 403, 302, 404, 404, 404, 404, 404, 404)),
    ("POST", f"{P}/candidature/{{validated}}/impresa/",  (LOGIN, 404, 403, 302, 404, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/",                             (LOGIN, 200, 200, 200, 200, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/tutor/",                       (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/tutor/",                       (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/progetto/",                    (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/progetto/",                    (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/sicurezza/",                   (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/sicurezza/",                   (LOGIN, 403, 302, 302, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/avvio/",                       (LOGIN, 403, 302, 403, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/conclusione/",                 (LOGIN, 403, 302, 403, 403, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/interruzione/",                (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/interruzione/",                (LOGIN, 403, 200, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/documenti/plan/genera/",       (LOGIN, 403, 302, 302, 403, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/documenti/{{doc}}/",           (LOGIN, 200, 200, 200, 403, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/ore/",                         (LOGIN, 200, 200, 200, 200, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/ore/?formato=csv",             (LOGIN, 200, 200, 200, 200, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/ore/",                         (LOGIN, 403, 403, 200, 403, 404, 404, 404, 404)),
    ("GET",  f"{P}/{{pk}}/ore/{{entry}}/",               (LOGIN, 403, 403, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/ore/{{entry}}/",               (LOGIN, 403, 403, 200, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/ore/conferma/",                (LOGIN, 403, 403, 302, 403, 404, 404, 404, 404)),
    ("POST", f"{P}/{{pk}}/ore/convalida/",               (LOGIN, 403, 302, 403, 403, 404, 404, 404, 404)),
    ("GET",  f"{S}/",                                    (LOGIN, 200, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  f"{S}/opportunita/",                        (LOGIN, 200, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  f"{S}/opportunita/{{window}}/candidatura/", (LOGIN, 200, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", f"{S}/opportunita/{{free}}/candidatura/",   (LOGIN, 302, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", f"{S}/candidature/{{submitted}}/sposta/",   (LOGIN, 302, 403, 403, 403, 403, 403, 403, 403)),
    ("POST", f"{S}/candidature/{{submitted}}/ritira/",   (LOGIN, 302, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  f"{S}/{{pk}}/",                             (LOGIN, 200, 403, 403, 403, 403, 403, 403, 403)),
    ("GET",  f"{S}/{{pk}}/documenti/{{doc}}/",           (LOGIN, 200, 403, 403, 403, 403, 403, 403, 403)),
]
# fmt: on


@pytest.fixture
def other_school_staff(net):
    return staff_of(net.lead_school, "referente.capofila@example.invalid")


def _cases():
    for method, url, row in MATRIX:
        assert len(row) == len(ALL_PERSONAS)
        for persona, expected in zip(ALL_PERSONAS, row, strict=True):
            yield pytest.param(method, url, persona, expected, id=f"{method} {url} {persona}")


@pytest.fixture
def ids(net, student, school_staff, company_staff, time_machine):
    """A placement of the student persona (accepted from an application) with one hours entry
    and one document, a second window with a submitted application and one validated."""
    time_machine.move_to("2026-11-26 10:00:00+01:00", tick=False)
    w = world(net, student_user=student, seats=3)
    submitted = app_services.submit_application(
        actor=student, student=w.student, window=w.window, today=TODAY
    )
    other = student_of(net.school)
    validated = app_services.validate_application(
        actor=school_staff,
        application=app_services.submit_application(
            actor=None, student=other, window=w.window, today=TODAY
        ),
    )
    placed = app_services.submit_application(
        actor=None, student=student_of(net.school, user=None), window=w.window, today=TODAY
    )
    app_services.validate_application(actor=school_staff, application=placed)
    placement = app_services.accept_application(actor=company_staff, application=placed)
    # The student persona's own placement: the accepted one is re-assigned to them.
    Placement.objects.filter(pk=placement.pk).update(student=w.student)
    entry = hours(placement, placement.starts_on)
    document = PlacementDocument(placement=placement, kind=DocumentKind.AGREEMENT, sha256="0" * 64)
    document.file.save("agreement.pdf", ContentFile(b"%PDF-1.7 prova"), save=False)
    document.save()
    return {
        "pk": placement.pk,
        "submitted": submitted.pk,
        "validated": validated.pk,
        "entry": entry.pk,
        "doc": document.pk,
        "window": w.window.pk,
        "free": OpportunityWindowFactory(opportunity=w.opportunity).pk,
    }


@pytest.mark.parametrize(("method", "url", "persona", "expected"), list(_cases()))
def test_placements_matrix(method, url, persona, expected, ids, login_as, request):
    if persona == "other_school_staff":
        request.getfixturevalue("other_school_staff")
    client = login_as(persona) if persona != "other_school_staff" else _login_other(request)
    url = url.format(**ids)
    counts = (AuditEvent.objects.count(), Application.objects.count(), Placement.objects.count())

    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:
        b"".join(response.streaming_content)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected
    if expected in (403, 404, LOGIN):
        # A refused request changes nothing.
        after = (AuditEvent.objects.count(), Application.objects.count(), Placement.objects.count())
        assert after == counts


def _login_other(request):
    client = request.getfixturevalue("client")
    client.force_login(request.getfixturevalue("other_school_staff"))
    return client


def test_the_matrix_covers_every_route():
    """A route added to lifecycle_urls.py or student_urls.py without a row above fails here."""
    routes = {
        p.name
        for module in (lifecycle_urls, student_urls)
        for p in module.urlpatterns
        if isinstance(p, URLPattern)
    }
    ids = dict.fromkeys(("pk", "submitted", "validated", "entry", "doc", "window", "free"), 1)
    covered = {resolve(url.format(**ids).split("?")[0]).url_name for _, url, _ in MATRIX}
    assert covered == routes
