"""Speed and agreement against the PyPI `matching` package (HospitalResident, resident-optimal).

Usage: ``python -m bench.matching.bench_vs_matching --students 20000 --seed 1 [--strict]``

Both solve the same instance: the package gets strict hospital preferences equal to our
(score, lottery) order, so the two allocations must be identical. Its `create_from_dictionaries`
validates the input in quadratic time; the ratio is printed both with and without it.
"""

from __future__ import annotations

import argparse
import sys
import threading
import warnings
from time import perf_counter

import numpy as np

from bench.matching.generate import generate
from matching.games import HospitalResident
from ptp.matching import Allocation, Host, Instance, Priority, Student, allocate, check


def package_input(instance: Instance, allocation: Allocation) -> tuple[dict, dict, dict]:
    """Resident lists, hospital lists in (score, lottery) order, and capacities, as the package wants them."""
    keys = allocation.keys.key
    usable = (keys < allocation.keys.never) & (instance.capacity[instance.pair_unit] > 0)
    residents: dict[int, list[int]] = {}
    applicants: dict[int, list[tuple[int, int]]] = {}
    for pair in np.flatnonzero(usable).tolist():
        agent, unit = int(instance.pair_agent[pair]), int(instance.pair_unit[pair])
        residents.setdefault(agent, []).append(unit)
        applicants.setdefault(unit, []).append((int(keys[pair]), agent))
    hospitals = {u: [a for _, a in sorted(v)] for u, v in applicants.items()}
    return residents, hospitals, {u: int(instance.capacity[u]) for u in hospitals}


def records(instance: Instance) -> tuple[list[Student], list[Host], list[Priority]]:
    """The instance as the records the web application would pass to Instance.build."""
    m = instance.n_hosts
    start = instance.agent_start.tolist()
    units = instance.pair_unit.tolist()
    students = [
        Student.single(sid, [instance.host_ids[u % m] for u in units[start[i] : start[i + 1]]])
        for i, sid in enumerate(instance.student_ids)
    ]
    hosts = [
        Host.single(h, int(c))
        for h, c in zip(instance.host_ids, instance.capacity.tolist(), strict=True)
    ]
    scored = np.flatnonzero(~np.isnan(instance.pair_score)).tolist()
    priorities = [
        Priority(
            instance.host_ids[units[p] % m],
            instance.student_ids[int(instance.pair_student[p])],
            float(instance.pair_score[p]),
        )
        for p in scored
    ]
    return students, hosts, priorities


def run_package(residents: dict, hospitals: dict, capacities: dict, out: dict) -> None:
    """Time create_from_dictionaries and solve (in a thread with a deep stack: the package recurses)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        begin = perf_counter()
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        created = perf_counter()
        solved = game.solve(optimal="resident")
        out["create"], out["solve"] = created - begin, perf_counter() - created
    out["matching"] = {r.name: h.name for h, rs in solved.items() for r in rs}


def main() -> None:
    """Run both solvers on one generated instance and print times, ratios and agreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--strict", action="store_true", help="distinct scores instead of ties")
    args = parser.parse_args()

    instance = generate(args.students, seed=args.seed, strict=args.strict).instance()
    print(
        f"students {instance.n_students:,}  hosts {instance.n_hosts:,}  pairs {instance.n_pairs:,}  strict={args.strict}"
    )
    begin = perf_counter()
    allocate(instance, seed=args.seed)
    first_call = perf_counter() - begin  # compiles the engine, or loads it from the disk cache
    times = []
    for _ in range(args.repeat):
        begin = perf_counter()
        allocation = allocate(instance, seed=args.seed)
        times.append(perf_counter() - begin)
    ours = min(times)
    students, hosts, priorities = records(instance)
    begin = perf_counter()
    rebuilt = Instance.build(students, hosts, priorities)
    allocate(rebuilt, seed=args.seed)
    ours_from_records = perf_counter() - begin
    violations = check(instance, allocation)

    out: dict = {}
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    worker = threading.Thread(target=run_package, args=(*package_input(instance, allocation), out))
    worker.start()
    worker.join()
    theirs = out["create"] + out["solve"]
    same = out["matching"] == {
        a: int(u) for a, u in enumerate(allocation.agent_unit.tolist()) if u >= 0
    }

    print(
        f"ptp.matching allocate: best {ours * 1000:.1f} ms, median {sorted(times)[len(times) // 2] * 1000:.1f} ms of {args.repeat}"
    )
    print(
        f"ptp.matching first allocate of the process (engine compiled or loaded): {first_call * 1000:.0f} ms"
    )
    print(f"ptp.matching Instance.build from records + allocate: {ours_from_records * 1000:.1f} ms")
    print(f"matching create_from_dictionaries: {out['create']:.2f} s, solve: {out['solve']:.3f} s")
    print(f"ratio (create + solve) / allocate: {theirs / ours:,.0f}x")
    print(
        f"ratio (create + solve) / (build from records + allocate): {theirs / ours_from_records:,.0f}x"
    )
    print(f"ratio solve alone / allocate: {out['solve'] / ours:,.1f}x")
    print(f"identical allocation: {same}   checker violations: {len(violations)}")
    if not same or violations:
        raise SystemExit("disagreement or violations")


if __name__ == "__main__":
    main()
