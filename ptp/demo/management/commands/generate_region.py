"""manage.py generate_region: a region-scale synthetic data set for benchmarks (reproducible by seed)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptp.core.public_cache import public_data_changed
from ptp.demo.region import RegionSize, delete_synthetic, generate_network, synthetic_exists
from ptp.demo.region_catalogue import delete_synthetic_catalogue, generate_catalogue


class Command(BaseCommand):
    help = "Genera un insieme di dati sintetici di scala regionale per le misure di prestazione."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--hubs", type=int, default=25)
        parser.add_argument("--organizations", type=int, default=1000)
        parser.add_argument("--memberships", type=int, default=3000)
        parser.add_argument("--programmes", type=int, default=20000)
        parser.add_argument("--editions", type=int, default=50000)
        parser.add_argument(
            "--replace", action="store_true", help="Sostituisce i dati sintetici già presenti."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if synthetic_exists():
            if not options["replace"]:
                raise CommandError("Dati sintetici già presenti: usa --replace per rigenerarli.")
            delete_synthetic_catalogue()
            delete_synthetic()
        size = RegionSize(
            hubs=options["hubs"],
            organizations=options["organizations"],
            memberships=options["memberships"],
        )
        if size.hubs < 1 or size.organizations < 2 or size.memberships < size.hubs:
            raise CommandError("Servono almeno 1 polo, 2 soggetti e un'adesione per polo.")
        started = time.perf_counter()
        counts = generate_network(size=size, seed=options["seed"])
        self.stdout.write(
            f"Generati {counts.hubs} poli, {counts.organizations} soggetti, "
            f"{counts.memberships} adesioni in {time.perf_counter() - started:.1f} s (seed {options['seed']})."
        )
        public_data_changed()
        if options["programmes"]:
            started = time.perf_counter()
            catalogue = generate_catalogue(
                programmes=options["programmes"], editions=options["editions"], seed=options["seed"]
            )
            self.stdout.write(
                f"Generati {catalogue.programmes} percorsi, {catalogue.editions} edizioni, "
                f"{catalogue.skill_links} competenze insegnate in {time.perf_counter() - started:.1f} s."
            )
