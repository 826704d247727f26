"""manage.py seed_demo: the demo data set (Polo TNT and the Tuscan hubs, demo accounts). Idempotent."""

from typing import Any

from django.core.management.base import BaseCommand

from ptp.catalogue.plan_demo import seed_demo_plan
from ptp.core.public_cache import public_data_changed
from ptp.demo.catalogue import seed_catalogue
from ptp.demo.network import seed_network
from ptp.demo.users import demo_password, seed_users
from ptp.skills.services import load_demo_taxonomy


class Command(BaseCommand):
    help = "Carica i dati dimostrativi (Polo TNT e i poli toscani, account di prova). Idempotente."

    def handle(self, *args: Any, **options: Any) -> None:
        hubs = seed_network()
        load_demo_taxonomy()
        programmes = seed_catalogue()
        seed_demo_plan(hubs[0], programmes)
        accounts = seed_users()
        public_data_changed()
        self.stdout.write(f"Poli: {len(hubs)}. Percorsi del Polo TNT: {len(programmes)}.")
        self.stdout.write(f"Account dimostrativi (password: {demo_password()}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:42} {account.description}")
