"""Reproducible random instances for the benchmarks, in memory or as the three CLI files.

Usage (from the repository root): ``python -m bench.matching.generate --students 1000000 --seed 1 --out /tmp/inst``

Shape: about a third as many hosts as students, capacities 1-5, 8 distinct choices per
student drawn with log-normal host popularity (some hosts are much more wanted than others),
5% of listed pairs not accepted by the host. Scores are integers 0-100 built from a student
merit plus host-specific noise, so ties are frequent; ``strict=True`` gives every pair a
distinct score instead (for comparisons with solvers that need strict preferences).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ptp.matching import Instance

ROWS_PER_WRITE = 500_000


@dataclass(frozen=True, eq=False)
class Generated:
    """A generated single-window instance as index arrays, with string ids."""

    student_ids: list[str]
    host_ids: list[str]
    capacity: np.ndarray
    reserved: np.ndarray
    group: np.ndarray
    pref_start: np.ndarray
    pref_host: np.ndarray
    prio_host: np.ndarray
    prio_student: np.ndarray
    prio_score: np.ndarray

    def instance(self) -> Instance:
        """The validated engine instance."""
        return Instance.from_arrays(
            student_ids=self.student_ids,
            host_ids=self.host_ids,
            capacity=self.capacity,
            pref_start=self.pref_start,
            pref_host=self.pref_host,
            prio_host=self.prio_host,
            prio_student=self.prio_student,
            prio_score=self.prio_score,
            reserved=self.reserved,
            group=self.group,
        )


def _distinct_choices(
    rng: np.random.Generator, weights: np.ndarray, rows: int, k: int
) -> np.ndarray:
    """`rows` lists of `k` distinct hosts drawn by popularity (redrawing lists with repeats)."""
    cumulative = np.cumsum(weights)
    cumulative /= cumulative[-1]
    choices = np.searchsorted(cumulative, rng.random((rows, k)))
    for attempt in range(100):
        ordered = np.sort(choices, axis=1)
        repeated = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
        if repeated.size == 0:
            return choices
        if attempt < 20:
            choices[repeated] = np.searchsorted(cumulative, rng.random((repeated.size, k)))
        else:  # popular hosts keep colliding in tiny instances: fall back to uniform draws
            choices[repeated] = np.array(
                [rng.choice(weights.size, k, replace=False) for _ in repeated]
            )
    return choices


def generate(
    n_students: int,
    *,
    seed: int,
    choices: int = 8,
    hosts_ratio: float = 3.0,
    accept: float = 0.95,
    strict: bool = False,
    group_share: float = 0.0,
    reserved_share: float = 0.0,
) -> Generated:
    """Draw an instance; the same arguments always give the same instance."""
    rng = np.random.default_rng(seed)
    n_hosts = max(1, round(n_students / hosts_ratio))
    k = min(choices, n_hosts)
    capacity = rng.integers(1, 6, size=n_hosts)
    reserved = np.floor(capacity * reserved_share).astype(np.int64)
    popularity = rng.lognormal(0.0, 1.0, size=n_hosts)
    listed = _distinct_choices(rng, popularity, n_students, k)
    pair_student = np.repeat(np.arange(n_students), k)
    pair_host = listed.ravel()
    if strict:
        score = rng.permutation(pair_host.size).astype(np.float64)
    else:
        merit = rng.normal(60.0, 15.0, size=n_students)
        score = np.clip(np.rint(merit[pair_student] + rng.normal(0.0, 8.0, pair_host.size)), 0, 100)
    accepted = np.flatnonzero(rng.random(pair_host.size) < accept)
    shuffled = accepted[rng.permutation(accepted.size)]  # file order must not matter
    return Generated(
        student_ids=[f"S{i:07d}" for i in range(n_students)],
        host_ids=[f"H{j:06d}" for j in range(n_hosts)],
        capacity=capacity,
        reserved=reserved,
        group=rng.random(n_students) < group_share,
        pref_start=np.arange(n_students + 1, dtype=np.int64) * k,
        pref_host=pair_host,
        prio_host=pair_host[shuffled],
        prio_student=pair_student[shuffled],
        prio_score=score[shuffled],
    )


def write_csv(generated: Generated, directory: Path) -> tuple[Path, Path, Path]:
    """Write students.csv, hosts.csv and priorities.csv into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    students, hosts, priorities = (
        directory / "students.csv",
        directory / "hosts.csv",
        directory / "priorities.csv",
    )
    host_ids, student_ids = generated.host_ids, generated.student_ids
    with hosts.open("w", encoding="utf-8") as out:
        out.write("host_id,capacity\n")
        out.writelines(
            f"{h},{c}\n" for h, c in zip(host_ids, generated.capacity.tolist(), strict=True)
        )
    start, listed = generated.pref_start.tolist(), generated.pref_host.tolist()
    with students.open("w", encoding="utf-8") as out:
        out.write("student_id,preferences\n")
        out.writelines(
            f"{sid},{';'.join(host_ids[h] for h in listed[start[i] : start[i + 1]])}\n"
            for i, sid in enumerate(student_ids)
        )
    with priorities.open("w", encoding="utf-8") as out:
        out.write("host_id,student_id,score\n")
        for first in range(0, generated.prio_host.size, ROWS_PER_WRITE):
            part = slice(first, first + ROWS_PER_WRITE)
            out.writelines(
                f"{host_ids[h]},{student_ids[s]},{score:g}\n"
                for h, s, score in zip(
                    generated.prio_host[part].tolist(),
                    generated.prio_student[part].tolist(),
                    generated.prio_score[part].tolist(),
                    strict=True,
                )
            )
    return students, hosts, priorities


def main() -> None:
    """Write a generated instance as CSV files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--strict", action="store_true", help="distinct scores (no ties)")
    args = parser.parse_args()
    generated = generate(args.students, seed=args.seed, strict=args.strict)
    for path in write_csv(generated, args.out):
        print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
