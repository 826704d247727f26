"""Time to generate the individual agreement and the training plan of a placement as accessible
PDFs (PDF/UA-1 with WeasyPrint), 50 renders of each (placements issue: target <= 300 ms each).

It prints the render alone (HTML template -> PDF bytes) and the whole generation as the page runs
it (render, store the file, new version with its SHA-256, audit entry), and the CPU time of a
render, which other work on the machine does not inflate. The first render of a process loads the
fonts and is reported apart. A throw-away SQLite database under var/ holds one
invented placement with a full training plan.
Run: .venv/bin/python bench/placements/pdf_bench.py [--renders 50]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 300.0


def _setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'pdf-bench.sqlite3'}"
    os.environ["PTP_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _placement():  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    from ptp.accounts.models import Role, RoleGrant, User
    from ptp.geo.models import Municipality, Province, Region
    from ptp.lib.crypto import encrypt, lookup_hash
    from ptp.network.models import Hub, Membership, Organization, OrganizationKind, Sector
    from ptp.placements.models import HostEnrollment
    from ptp.placements.services.placements import open_placement
    from ptp.skills.models import Skill
    from ptp.students.models import Student

    region = Region.objects.create(codice_istat="09", name="Toscana", slug="toscana")
    province = Province.objects.create(
        region=region, codice_istat="045", name="Massa-Carrara", abbreviation="MS", slug="ms"
    )
    town = Municipality.objects.create(
        province=province, codice_istat="045010", codice_catastale="F023", name="Massa"
    )
    sector = Sector.objects.create(slug="turismo", name="Turismo e beni culturali")
    hub = Hub.objects.create(
        slug="tnt",
        name="Polo di prova",
        short_name="Polo",
        sector=sector,
        province=province,
        founded_year=2015,
        is_demo=True,
    )
    school = Organization.objects.create(
        slug="scuola",
        name="Istituto professionale di prova «Riviera»",
        kind=OrganizationKind.VOCATIONAL_SCHOOL,
        codice_meccanografico="MSRH010001",
        municipality=town,
        address="Via della Scuola 1",
        is_demo=True,
    )
    host = Organization.objects.create(
        slug="albergo",
        name="Albergo di prova «Vista Apuane»",
        kind=OrganizationKind.COMPANY,
        partita_iva="00000000000",
        municipality=town,
        address="Via del Porto 3",
        is_demo=True,
    )
    for org in (school, host):
        Membership.objects.create(hub=hub, organization=org, joined_on=dt.date(2015, 1, 1))
    HostEnrollment.objects.create(
        hub=hub,
        organization=host,
        framework_accepted_at=timezone.now(),
        seat_address="Via del Porto 3, Massa",
        inail_position="DEMO-1",
        liability_policy="RC 1",
    )
    student = Student.objects.create(
        school=school,
        code="S0000001",
        codice_fiscale_encrypted=encrypt("BNCLRA09C52F023X"),
        codice_fiscale_hash=lookup_hash("BNCLRA09C52F023X"),
        given_name="Aurora",
        family_name="Brezzi",
        birth_date=dt.date(2009, 3, 12),
        track="professionale",
        class_year=4,
        class_section="A",
        school_year="2026/27",
        is_demo=True,
    )
    skills = [
        Skill.objects.create(uri=f"http://example.invalid/skill/{n}", label_it=label)
        for n, label in enumerate(
            [
                "accogliere gli ospiti",
                "gestire le prenotazioni",
                "registrare gli arrivi",
                "comunicare in inglese",
                "usare un gestionale alberghiero",
                "lavorare in squadra",
            ]
        )
    ]
    placement = open_placement(
        actor=None,
        student=student,
        host=host,
        hub=hub,
        starts_on=dt.date(2027, 6, 14),
        ends_on=dt.date(2027, 7, 30),
        planned_hours=160,
        risk_level="medio",
        objectives="Accogliere gli ospiti al ricevimento.\nGestire prenotazioni e arrivi.\n"
        "Dare informazioni turistiche sul territorio.",
        activities="Affiancamento alla responsabile di ricevimento; check-in e check-out; "
        "gestione delle prenotazioni; informazioni ai clienti.",
        skills=skills,
        is_demo=True,
    )
    tutor = User.objects.create_user("tutor@example.invalid", None, full_name="Marta Apuanelli")
    RoleGrant.objects.create(user=tutor, role=Role.ORGANIZATION_STAFF, organization=host)
    placement.host_tutor = tutor
    placement.save()
    return placement, tutor


def _report(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 20 else max(times)
    mean = statistics.fmean(times)
    verdict = "ok" if max(mean, p95) <= TARGET_MS else "MISSED"
    print(
        f"{label:38} n={len(times):3}  mean {mean:6.1f} ms  p50 {statistics.median(times):6.1f} ms"
        f"  p95 {p95:6.1f} ms  max {max(times):6.1f} ms  [{verdict} <= {TARGET_MS:.0f} ms]",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "var", prefix="pdf-bench-") as tmp:
        _setup(Path(tmp))
        from ptp.placements import documents
        from ptp.placements.models import DocumentKind

        placement, tutor = _placement()
        start = time.perf_counter()
        documents.render_pdf(placement, DocumentKind.AGREEMENT)
        print(
            f"first render of the process (loads fonts): {(time.perf_counter() - start) * 1000:.0f} ms"
        )
        for kind in (DocumentKind.AGREEMENT, DocumentKind.TRAINING_PLAN):
            renders, cpu, generations, sizes = [], [], [], []
            for _ in range(args.renders):
                start, start_cpu = time.perf_counter(), time.process_time()
                content = documents.render_pdf(placement, kind)
                renders.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                sizes.append(len(content))
            for _ in range(args.renders):
                start = time.perf_counter()
                documents.generate_document(actor=tutor, placement=placement, kind=kind)
                generations.append((time.perf_counter() - start) * 1000)
            label = str(kind.label)
            _report(f"{label}: render", renders)
            _report(f"{label}: render, CPU time", cpu)
            _report(f"{label}: render + store + audit", generations)
            print(f"{'':38} size {statistics.fmean(sizes) / 1024:.0f} KiB", flush=True)


if __name__ == "__main__":
    main()
