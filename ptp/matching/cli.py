"""Command line: ``python -m ptp.matching allocate --students ... --out allocation.csv``.

Exit status 0 on success, 2 on invalid input (file, line and reason on stderr, nothing
written), 1 if the computed allocation fails its own check (a bug: nothing is written).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter

from ptp.matching.allocation import Objective, allocate
from ptp.matching.check import check
from ptp.matching.files import InputError, load_instance, write_allocation
from ptp.matching.summary import italian_number, summarize


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ptp.matching",
        description="Assegnazione degli studenti agli enti ospitanti.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("allocate", help="calcola l'assegnazione da tre file CSV")
    run.add_argument("--students", type=Path, required=True, help="student_id,preferences")
    run.add_argument("--hosts", type=Path, required=True, help="host_id,capacity")
    run.add_argument("--priorities", type=Path, required=True, help="host_id,student_id,score")
    run.add_argument("--out", type=Path, required=True, help="allocation.csv da scrivere")
    run.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seme del sorteggio (se omesso ne viene estratto uno e stampato)",
    )
    run.add_argument(
        "--objective",
        choices=[o.value for o in Objective],
        default=Objective.STABLE.value,
        help="stable: stabile e ottima per gli studenti; max-placed: massimo numero di collocati",
    )
    return parser


def _seconds(value: float) -> str:
    return f"{italian_number(value, 2)} s"


def run_allocate(args: argparse.Namespace) -> int:
    """Read, allocate, check, write and summarise; see the module docstring for exit statuses."""
    started = perf_counter()
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    if not args.out.parent.is_dir():
        print(f"errore: la cartella di {args.out} non esiste", file=sys.stderr)
        return 2
    try:
        instance = load_instance(args.students, args.hosts, args.priorities)
    except InputError as error:
        print(f"errore: {error}", file=sys.stderr)
        return 2
    read = perf_counter()
    objective = Objective(args.objective)
    allocation = allocate(instance, seed=seed, objective=objective)
    allocated = perf_counter()
    violations = check(instance, allocation)
    fatal = [v for v in violations if v.kind != "blocking_pair" or objective is Objective.STABLE]
    checked = perf_counter()
    if fatal:
        print(
            "errore interno: l'allocazione non supera la verifica; nessun file scritto",
            file=sys.stderr,
        )
        for violation in fatal[:10]:
            print(f"  {violation.kind}: {violation.message}", file=sys.stderr)
        return 1
    try:
        write_allocation(args.out, allocation)
    except OSError as error:
        print(f"errore: impossibile scrivere {args.out} ({error.strerror})", file=sys.stderr)
        return 1
    written = perf_counter()
    for line in summarize(allocation).lines():
        print(line)
    print(f"Seme del sorteggio: {seed}")
    print(
        f"Tempi: lettura {_seconds(read - started)}, allocazione {_seconds(allocated - read)}, "
        f"verifica {_seconds(checked - allocated)}, scrittura {_seconds(written - checked)}, "
        f"totale {_seconds(written - started)}"
    )
    print(f"Scritto: {args.out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run the command."""
    args = _parser().parse_args(argv)
    return run_allocate(args)
