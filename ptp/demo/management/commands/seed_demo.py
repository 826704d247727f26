"""manage.py seed_demo: the demo data set (Polo TNT and the Tuscan hubs, demo accounts, an invented
roster, hosts, opportunities, needs and placements). Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ptp.accounts.models import Role, RoleGrant, User
from ptp.catalogue.plan_demo import seed_demo_plan
from ptp.core.public_cache import public_data_changed
from ptp.demand.demo import seed_demo_bulletin, seed_demo_needs
from ptp.demo.catalogue import seed_catalogue
from ptp.demo.network import seed_network
from ptp.demo.users import DEMO_DOMAIN, DemoAccount, demo_password, seed_users
from ptp.observatory.demo import seed_demo_ranking, seed_demo_snapshots
from ptp.observatory.gap_demo import seed_demo_gap
from ptp.outcomes.demo import seed_demo_outcomes
from ptp.placements.demo import seed_demo_placements
from ptp.placements.hosts.demo import seed_demo_hosts
from ptp.placements.opportunities.demo import seed_demo_opportunities
from ptp.skills.services import load_demo_taxonomy
from ptp.students.demo import DEMO_STUDENT_EMAIL, seed_demo_students, seed_student_persona


class Command(BaseCommand):
    help = "Carica i dati dimostrativi (Polo TNT e i poli toscani, account di prova). Idempotente."

    def handle(self, *args: Any, **options: Any) -> None:
        hubs = seed_network()
        tnt = hubs[0]
        load_demo_taxonomy()
        programmes = seed_catalogue()
        seed_demo_plan(tnt, programmes)
        accounts = seed_users()
        with transaction.atomic():
            school_grant = RoleGrant.objects.select_related("organization").get(
                user__email=f"scuola.tnt@{DEMO_DOMAIN}",
                role=Role.ORGANIZATION_STAFF,
                revoked_at=None,
            )
            school = school_grant.organization
            if school is None:
                raise CommandError("L'account dimostrativo della scuola non ha una scuola.")
            students = seed_demo_students(school)
            seed_student_persona(school, password=demo_password())
            hosts = seed_demo_hosts(tnt)
            opportunities = seed_demo_opportunities(tnt)
            needs = seed_demo_needs(tnt)
            seed_demo_bulletin()
            placements = seed_demo_placements(tnt)
            outcomes = seed_demo_outcomes(school)
        # The observatory: the day's gap cells (with an earlier demo bulletin for the trend), then
        # past months' hub snapshots so the trend charts have something to show.
        gap_cells = seed_demo_gap()
        snapshots = seed_demo_snapshots()
        seed_demo_ranking(User.objects.get(email=f"regione@{DEMO_DOMAIN}"))
        accounts.append(
            DemoAccount(
                DEMO_STUDENT_EMAIL,
                "Studente (demo)",
                f"studente di {school.name}",
            )
        )
        public_data_changed()
        self.stdout.write(f"Poli: {len(hubs)}. Percorsi del Polo TNT: {len(programmes)}.")
        self.stdout.write(
            f"Polo TNT (dati dimostrativi): {len(students)} studenti inventati, "
            f"{len(hosts)} imprese ospitanti, {len(opportunities)} opportunità, "
            f"{len(needs)} fabbisogni, {len(placements)} percorsi in azienda, "
            f"{len(outcomes)} esiti."
        )
        self.stdout.write(
            f"Osservatorio: {gap_cells} celle del divario, {snapshots} nuove istantanee dei poli."
        )
        self.stdout.write(f"Account dimostrativi (password: {demo_password()}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:42} {account.description}")
