"""Headline figures of an allocation, with their Italian wording."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ptp.matching.allocation import Allocation, Objective
from ptp.matching.check import blocking_pairs


def italian_number(value: float, decimals: int = 0) -> str:
    """A number with Italian separators: 1.234.567,8."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


_OBJECTIVES = {
    Objective.STABLE: "stable (allocazione stabile, la migliore per gli studenti)",
    Objective.MAX_PLACED: "max-placed (massimo numero di collocati, poi scelte migliori)",
}


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over applications (one per student and window)."""

    applications: int
    placed: int
    first_choice: int
    rank_total: int
    blocking_pairs: int
    objective: Objective

    @property
    def unplaced(self) -> int:
        """Applications left without a seat."""
        return self.applications - self.placed

    def lines(self) -> list[str]:
        """The summary in Italian, one fact per line."""
        total = max(self.applications, 1)
        blocking = (
            "nessuna (allocazione stabile)"
            if self.blocking_pairs == 0
            else f"{italian_number(self.blocking_pairs)} (l'allocazione non è stabile: "
            "queste coppie studente–ente preferirebbero stare insieme)"
        )
        mean = italian_number(self.rank_total / self.placed, 2) if self.placed else "—"
        return [
            f"Obiettivo: {_OBJECTIVES[self.objective]}",
            f"Domande: {italian_number(self.applications)}",
            f"Collocati: {italian_number(self.placed)} ({italian_number(100 * self.placed / total, 1)}%)",
            f"Non collocati: {italian_number(self.unplaced)} ({italian_number(100 * self.unplaced / total, 1)}%)",
            f"Prima scelta: {italian_number(self.first_choice)} "
            f"({italian_number(100 * self.first_choice / total, 1)}% delle domande)",
            f"Posizione media della scelta ottenuta: {mean}",
            f"Coppie bloccanti: {blocking}",
        ]


def summarize(allocation: Allocation) -> Summary:
    """Count placements, first choices, total rank and blocking pairs of an allocation."""
    rank = allocation.agent_rank
    return Summary(
        applications=int(rank.size),
        placed=int(np.count_nonzero(allocation.agent_unit >= 0)),
        first_choice=int(np.count_nonzero(rank == 1)),
        rank_total=int(rank.sum()),
        blocking_pairs=int(blocking_pairs(allocation).size),
        objective=allocation.objective,
    )
