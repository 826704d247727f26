"""Writing allocation.csv atomically: a temporary file renamed into place only on success."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from ptp.matching.allocation import Allocation

ALLOCATION_HEADER = ("student_id", "host_id", "rank")


def write_allocation(path: Path, allocation: Allocation) -> None:
    """Write one row per student (single window); host_id and rank are empty when unplaced."""
    instance = allocation.instance
    if len(instance.windows) != 1:
        raise ValueError("allocation.csv descrive una sola finestra")
    m = max(instance.n_hosts, 1)
    hosts = np.asarray((*instance.host_ids, ""), dtype=object)
    unit = allocation.agent_unit
    host_column = hosts[np.where(unit >= 0, unit % m, len(instance.host_ids))].tolist()
    rank = allocation.agent_rank
    rank_column = np.where(rank > 0, rank.astype(str), "").tolist()
    student_column = [instance.student_ids[s] for s in instance.agent_student.tolist()]

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(ALLOCATION_HEADER)
            writer.writerows(zip(student_column, host_column, rank_column, strict=True))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
