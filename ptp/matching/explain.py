"""Plain-Italian explanations: what each student got and why not something better."""

from __future__ import annotations

import numpy as np

from ptp.matching.allocation import Allocation, Objective
from ptp.matching.choice import NEVER
from ptp.matching.model import Instance


def format_score(score: float) -> str:
    """A score written the Italian way: decimal comma, no trailing zeros."""
    return f"{score:g}".replace(".", ",")


def _reason(allocation: Allocation, pair: int, multi_window: bool) -> str:
    """Why the agent owning `pair` is not placed at that unit."""
    instance, keys = allocation.instance, allocation.keys
    unit = int(instance.pair_unit[pair])
    score = float(instance.pair_score[pair])
    if np.isnan(score):
        return "l'ente non ha accettato la tua candidatura"
    if instance.capacity[unit] == 0:
        return (
            "l'ente non offre posti in questa finestra"
            if multi_window
            else "l'ente non offre posti"
        )
    standing = allocation.standing
    in_group = bool(keys.group[pair])
    cut = int((standing.cut.group if in_group else standing.cut.other)[unit])
    entry = int((standing.cut.group_entry if in_group else standing.cut.other_entry)[unit])
    reserved = int(instance.reserved[unit])
    elsewhere = (
        "ma l'allocazione che massimizza gli studenti collocati ti ha assegnato altrove"
        if allocation.objective is Objective.MAX_PLACED
        else "ma l'allocazione non ne ha tenuto conto"
    )
    if cut == keys.never:
        held = np.searchsorted(standing.entry_unit, [unit, unit + 1])
        if held[1] - held[0] < instance.capacity[unit]:
            return f"c'era ancora un posto libero, {elsewhere}"
        return (
            f"avevi diritto a un posto riservato, occupato da chi non ne aveva diritto, {elsewhere}"
        )
    if cut == NEVER:
        return "tutti i posti erano riservati e sono andati a studenti con diritto alla riserva"
    rival = int(standing.entries[entry])
    rival_score = float(instance.pair_score[rival])
    mine, theirs = format_score(score), format_score(rival_score)
    if keys.key[pair] < cut:
        return f"il tuo punteggio ({mine}) batteva quello di un ammesso ({theirs}), {elsewhere}"
    if keys.key[rival] < keys.kept_bound <= keys.key[pair]:
        return "i posti erano occupati da studenti che li avevano già ottenuti nell'assegnazione precedente"
    seats = " sui posti non riservati" if reserved and not in_group else ""
    if rival_score > score:
        text = (
            "posti esauriti da studenti con punteggio più alto: "
            f"il punteggio più basso ammesso{seats} è {theirs}, il tuo è {mine}"
        )
    else:
        text = f"a parità di punteggio ({mine}) con l'ultimo ammesso{seats} hai perso il sorteggio"
    if reserved:
        text += _reserved_note(allocation, unit, in_group, reserved)
    return text


def _reserved_note(allocation: Allocation, unit: int, in_group: bool, reserved: int) -> str:
    """How the unit's reserved seats were used, seen from a group member or from anyone else."""
    if in_group:
        return f"; anche i posti riservati ({reserved}) erano occupati da studenti con diritto alla riserva"
    standing = allocation.standing
    lo = int(np.searchsorted(standing.entry_unit, unit, side="left"))
    hi = int(np.searchsorted(standing.entry_unit, unit, side="right"))
    opened = int(allocation.instance.capacity[unit]) - reserved
    to_group = int(allocation.keys.group[standing.entries[lo + opened : hi]].sum())
    if to_group == 1:
        return "; inoltre un posto riservato è andato a uno studente con diritto alla riserva"
    if to_group:
        return (
            f"; inoltre {to_group} posti riservati sono andati a studenti con diritto alla riserva"
        )
    return ""


def _capitalised(line: str) -> str:
    return line[0].upper() + line[1:]


def explain(instance: Instance, allocation: Allocation, student_id: str) -> list[str]:
    """One line for the outcome of each window, then one line for every choice above it."""
    if allocation.instance is not instance:
        raise ValueError("l'allocazione appartiene a un'altra istanza")
    agents = instance.agents_of(student_id)
    if not agents:
        return ["Non hai presentato domanda: nessuna assegnazione."]
    multi_window = len(instance.windows) > 1
    m = max(instance.n_hosts, 1)
    lines: list[str] = []
    for agent in agents:
        prefix = (
            f"Finestra {instance.windows[instance.agent_window[agent]]}: " if multi_window else ""
        )
        start = int(instance.agent_start[agent])
        end = int(instance.agent_start[agent + 1])
        pair = int(allocation.agent_pair[agent])
        if start == end:
            lines.append(
                _capitalised(
                    f"{prefix}non hai indicato alcun ente, quindi non sei stato assegnato."
                )
            )
            continue
        if pair >= 0:
            host = instance.host_ids[int(instance.pair_unit[pair]) % m]
            rank = pair - start + 1
            choice = "la tua prima scelta" if rank == 1 else f"la tua scelta n. {rank}"
            line = f"{prefix}sei stato assegnato a {host}, {choice}."
            if pair == instance.guarantee[agent]:
                line += " Il posto ti era garantito dall'assegnazione precedente."
            lines.append(_capitalised(line))
            above = range(start, pair)
        else:
            line = f"{prefix}non sei stato assegnato a nessuno degli enti che hai indicato."
            lines.append(_capitalised(line))
            last = int(instance.guarantee[agent]) + 1 if instance.guarantee[agent] >= 0 else end
            above = range(start, last)
        for p in above:
            host = instance.host_ids[int(instance.pair_unit[p]) % m]
            lines.append(
                f"Scelta n. {p - start + 1}, {host}: {_reason(allocation, p, multi_window)}."
            )
    return lines
