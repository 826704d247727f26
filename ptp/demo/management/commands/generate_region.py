"""manage.py generate_region: a region-scale synthetic data set for benchmarks (reproducible by seed)."""

import time
from argparse import BooleanOptionalAction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptp.core.public_cache import public_data_changed
from ptp.demand.region import delete_synthetic_skill_needs, generate_skill_needs
from ptp.demo.region import RegionSize, delete_synthetic, generate_network, synthetic_exists
from ptp.demo.region_catalogue import delete_synthetic_catalogue, generate_catalogue
from ptp.observatory.cells import delete_synthetic_cells
from ptp.outcomes.region import delete_synthetic_outcomes, generate_outcomes
from ptp.placements.demo_region import delete_synthetic_placements, generate_placements
from ptp.placements.opportunities.region import (
    delete_synthetic_opportunities,
    generate_opportunities,
)
from ptp.students.demo import delete_synthetic_students, generate_students


class Command(BaseCommand):
    help = "Genera un insieme di dati sintetici di scala regionale per le misure di prestazione."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--hubs", type=int, default=25)
        parser.add_argument("--organizations", type=int, default=1000)
        parser.add_argument("--memberships", type=int, default=3000)
        parser.add_argument("--programmes", type=int, default=20000)
        parser.add_argument("--editions", type=int, default=50000)
        parser.add_argument("--students", type=int, default=200_000)
        parser.add_argument("--opportunities", type=int, default=5000)
        parser.add_argument(
            "--applicants-per-window",
            type=int,
            default=8,
            help="Candidature per finestra di ogni opportunità sintetica (0: nessuna).",
        )
        parser.add_argument(
            "--outcomes",
            action=BooleanOptionalAction,
            default=True,
            help="Esiti a 6 e 12 mesi degli studenti sintetici all'ultimo anno (--no-outcomes: nessuno).",
        )
        parser.add_argument(
            "--skill-needs",
            type=int,
            default=100_000,
            help="Fabbisogni di competenze delle imprese sintetiche (0: nessuno).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Sostituisce i dati sintetici già presenti."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if synthetic_exists():
            if not options["replace"]:
                raise CommandError("Dati sintetici già presenti: usa --replace per rigenerarli.")
            delete_synthetic_outcomes()
            delete_synthetic_placements()
            delete_synthetic_opportunities()
            delete_synthetic_students()
            delete_synthetic_catalogue()
            delete_synthetic_skill_needs()
            delete_synthetic_cells()
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
        if options["skill_needs"]:
            started = time.perf_counter()
            needs = generate_skill_needs(count=options["skill_needs"], seed=options["seed"])
            self.stdout.write(
                f"Generati {needs} fabbisogni di competenze e un bollettino sintetico "
                f"in {time.perf_counter() - started:.1f} s."
            )
        self._work_based_learning(options)

    def _work_based_learning(self, options: dict[str, Any]) -> None:
        if options["students"]:
            started = time.perf_counter()
            students = generate_students(count=options["students"], seed=options["seed"])
            self.stdout.write(
                f"Generati {students} studenti sintetici in {time.perf_counter() - started:.1f} s."
            )
        if options["opportunities"]:
            started = time.perf_counter()
            count = generate_opportunities(count=options["opportunities"], seed=options["seed"])
            self.stdout.write(
                f"Generate {count} opportunità in {time.perf_counter() - started:.1f} s."
            )
        if options["students"] and options["opportunities"] and options["applicants_per_window"]:
            started = time.perf_counter()
            made = generate_placements(
                students_per_window=options["applicants_per_window"], seed=options["seed"]
            )
            self.stdout.write(
                f"Generate {made.applications} candidature, {made.placements} percorsi in azienda, "
                f"{made.hours_entries} registrazioni di ore in {time.perf_counter() - started:.1f} s."
            )
        if options["students"] and options["outcomes"]:
            # After the placements, so that hosting-to-hiring has hosts to hire from.
            started = time.perf_counter()
            outcomes = generate_outcomes(seed=options["seed"])
            self.stdout.write(
                f"Generati {outcomes} esiti a 6 e 12 mesi in {time.perf_counter() - started:.1f} s."
            )
