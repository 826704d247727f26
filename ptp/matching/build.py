"""Validation and construction of an `Instance`, from records or from index arrays."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from ptp.matching.model import (
    DEFAULT_WINDOW,
    Host,
    Instance,
    InstanceError,
    IntArray,
    Placement,
    Priority,
    Student,
    check_score,
)


def first_duplicate(keys: IntArray) -> int | None:
    """The smallest index whose key already occurred at a lower index, or None."""
    if keys.size < 2:
        return None
    ordered = np.sort(keys)
    if not np.any(ordered[1:] == ordered[:-1]):
        return None
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    repeated = order[1:][ordered[1:] == ordered[:-1]]
    return int(repeated.min())


def _check_id(value: object, what: str, source: str, row: int) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{what} vuoto o non testuale: {value!r}", source=source, row=row)
    return value


def _check_seats(value: object, what: str, host_id: str, window: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise InstanceError(
            f"ente {host_id!r}, finestra {window!r}: {what} deve essere un intero non negativo, "
            f"non {value!r}",
            source="hosts",
        )
    return int(value)


def build_instance(
    students: Iterable[Student],
    hosts: Iterable[Host],
    priorities: Iterable[Priority],
    guarantees: Iterable[Placement],
) -> Instance:
    """Validate records and build an instance; guarantees naming a vanished student or host are skipped."""
    host_list = list(hosts)
    student_list = list(students)
    host_index: dict[str, int] = {}
    for row, host in enumerate(host_list):
        if _check_id(host.id, "id dell'ente", "hosts", row) in host_index:
            raise InstanceError(f"ente duplicato: {host.id!r}", source="hosts", row=row)
        host_index[host.id] = row
    student_index: dict[str, int] = {}
    for row, student in enumerate(student_list):
        if _check_id(student.id, "id dello studente", "students", row) in student_index:
            raise InstanceError(f"studente duplicato: {student.id!r}", source="students", row=row)
        student_index[student.id] = row

    windows = sorted(
        {w for h in host_list for w in (*h.seats, *h.reserved)}
        | {w for s in student_list for w in s.preferences}
    ) or [DEFAULT_WINDOW]
    window_index = {w: i for i, w in enumerate(windows)}
    m = len(host_list)
    capacity = np.zeros(len(windows) * m, dtype=np.int64)
    reserved = np.zeros(len(windows) * m, dtype=np.int64)
    for h, host in enumerate(host_list):
        for window, seats in host.seats.items():
            capacity[window_index[window] * m + h] = _check_seats(seats, "i posti", host.id, window)
        for window, seats in host.reserved.items():
            unit = window_index[window] * m + h
            reserved[unit] = _check_seats(seats, "i posti riservati", host.id, window)
            if reserved[unit] > capacity[unit]:
                raise InstanceError(
                    f"ente {host.id!r}, finestra {window!r}: più posti riservati che posti",
                    source="hosts",
                    row=h,
                )

    scores: dict[tuple[int, int], float] = {}
    for row, priority in enumerate(priorities):
        scorer = host_index.get(priority.host_id)
        applicant = student_index.get(priority.student_id)
        if scorer is None or applicant is None:
            unknown = (
                f"un ente sconosciuto {priority.host_id!r}"
                if scorer is None
                else f"uno studente sconosciuto {priority.student_id!r}"
            )
            raise InstanceError(f"punteggio per {unknown}", source="priorities", row=row)
        if not check_score(priority.score):
            raise InstanceError(
                f"punteggio non valido: {priority.score!r}", source="priorities", row=row
            )
        if (scorer, applicant) in scores:
            raise InstanceError(
                f"punteggio duplicato per {priority.host_id!r} e {priority.student_id!r}",
                source="priorities",
                row=row,
            )
        scores[scorer, applicant] = float(priority.score)

    agent_student: list[int] = []
    agent_window: list[int] = []
    agent_start = [0]
    pair_unit: list[int] = []
    pair_score: list[float] = []
    for s, student in enumerate(student_list):
        for window in sorted(student.preferences):
            choices = student.preferences[window]
            if isinstance(choices, str):
                raise InstanceError(
                    f"studente {student.id!r}: le preferenze sono una sequenza di id, non una stringa",
                    source="students",
                    row=s,
                )
            seen: set[int] = set()
            for host_id in choices:
                listed = host_index.get(host_id)
                if listed is None:
                    raise InstanceError(
                        f"studente {student.id!r}: ente sconosciuto {host_id!r}",
                        source="students",
                        row=s,
                    )
                if listed in seen:
                    raise InstanceError(
                        f"studente {student.id!r}: ente {host_id!r} ripetuto",
                        source="students",
                        row=s,
                    )
                seen.add(listed)
                pair_unit.append(window_index[window] * m + listed)
                pair_score.append(scores.get((listed, s), np.nan))
            agent_student.append(s)
            agent_window.append(window_index[window])
            agent_start.append(len(pair_unit))

    instance = Instance(
        student_ids=tuple(s.id for s in student_list),
        host_ids=tuple(h.id for h in host_list),
        windows=tuple(windows),
        group=np.array([s.group for s in student_list], dtype=np.bool_),
        capacity=capacity,
        reserved=reserved,
        agent_student=np.array(agent_student, dtype=np.int64),
        agent_window=np.array(agent_window, dtype=np.int64),
        agent_start=np.array(agent_start, dtype=np.int64),
        pair_unit=np.array(pair_unit, dtype=np.int64),
        pair_score=np.array(pair_score, dtype=np.float64),
        guarantee=np.full(len(agent_student), -1, dtype=np.int64),
    )
    _apply_guarantees(instance, guarantees)
    return instance.prepare()


def _apply_guarantees(instance: Instance, guarantees: Iterable[Placement]) -> None:
    for row, placement in enumerate(guarantees):
        s = instance.student_index.get(placement.student_id)
        h = instance.host_index.get(placement.host_id)
        w = instance.window_index.get(placement.window)
        agent = None if s is None or w is None else instance.agent_index.get((s, w))
        if agent is None or h is None or w is None:
            continue  # withdrawn student, withdrawn host or window no longer applied for
        start, end = instance.agent_start[agent], instance.agent_start[agent + 1]
        listed = np.flatnonzero(instance.pair_unit[start:end] == instance.unit_of(h, w))
        where = f"garanzia di {placement.student_id!r} presso {placement.host_id!r}"
        if listed.size == 0:
            raise InstanceError(
                f"{where}: l'ente non è nella lista dello studente", source="guarantees", row=row
            )
        pair = int(start + listed[0])
        if np.isnan(instance.pair_score[pair]):
            raise InstanceError(
                f"{where}: l'ente non accetta più lo studente", source="guarantees", row=row
            )
        if instance.guarantee[agent] not in (-1, pair):
            raise InstanceError(
                f"{where}: più di una garanzia nella stessa finestra", source="guarantees", row=row
            )
        instance.guarantee[agent] = pair


def instance_from_arrays(
    *,
    student_ids: Sequence[str],
    host_ids: Sequence[str],
    capacity: npt.ArrayLike,
    pref_start: npt.ArrayLike,
    pref_host: npt.ArrayLike,
    prio_host: npt.ArrayLike,
    prio_student: npt.ArrayLike,
    prio_score: npt.ArrayLike,
    reserved: npt.ArrayLike | None,
    group: npt.ArrayLike | None,
) -> Instance:
    """Validate index arrays and build a single-window instance; errors carry the offending row."""
    n, m = len(student_ids), len(host_ids)
    cap = np.asarray(capacity, dtype=np.int64)
    res = np.zeros(m, dtype=np.int64) if reserved is None else np.asarray(reserved, dtype=np.int64)
    grp = np.zeros(n, dtype=np.bool_) if group is None else np.asarray(group, dtype=np.bool_)
    start = np.asarray(pref_start, dtype=np.int64)
    hosts = np.asarray(pref_host, dtype=np.int64)
    q_host = np.asarray(prio_host, dtype=np.int64)
    q_student = np.asarray(prio_student, dtype=np.int64)
    q_score = np.asarray(prio_score, dtype=np.float64)
    if cap.shape != (m,) or res.shape != (m,) or grp.shape != (n,) or start.shape != (n + 1,):
        raise InstanceError("dimensioni degli array incoerenti")
    if start[0] != 0 or start[-1] != hosts.size or np.any(np.diff(start) < 0):
        raise InstanceError("indici di inizio delle preferenze non validi")
    if np.any(cap < 0) or np.any(res < 0) or np.any(res > cap):
        raise InstanceError("posti o posti riservati non validi", source="hosts")
    if not q_host.shape == q_student.shape == q_score.shape:
        raise InstanceError("array dei punteggi di lunghezza diversa", source="priorities")
    for what, values, bound in (
        ("preferences", hosts, m),
        ("priorities", q_host, m),
        ("priorities", q_student, n),
    ):
        bad = np.flatnonzero((values < 0) | (values >= bound))
        if bad.size:
            raise InstanceError("indice fuori intervallo", source=what, row=int(bad[0]))
    bad = np.flatnonzero(~np.isfinite(q_score))
    if bad.size:
        raise InstanceError("punteggio non finito", source="priorities", row=int(bad[0]))
    if len(set(student_ids)) != n or len(set(host_ids)) != m:
        raise InstanceError("id duplicati")

    agent = np.repeat(np.arange(n, dtype=np.int64), np.diff(start))
    pref_key = agent * max(m, 1) + hosts
    row = first_duplicate(pref_key)
    if row is not None:
        raise InstanceError(
            "ente ripetuto nella lista dello studente", source="preferences", row=row
        )
    prio_key = q_student * max(m, 1) + q_host
    order = np.argsort(prio_key)
    ordered = prio_key[order]
    if np.any(ordered[1:] == ordered[:-1]):
        row = first_duplicate(prio_key)
        raise InstanceError(
            "punteggio duplicato per la stessa coppia", source="priorities", row=row
        )
    found = np.searchsorted(ordered, pref_key)
    found[found == ordered.size] = 0
    hit = ordered[found] == pref_key if ordered.size else np.zeros(pref_key.size, dtype=np.bool_)
    pair_score = np.full(pref_key.size, np.nan)
    pair_score[hit] = q_score[order[found[hit]]]

    return Instance(
        student_ids=tuple(student_ids),
        host_ids=tuple(host_ids),
        windows=(DEFAULT_WINDOW,),
        group=grp,
        capacity=cap,
        reserved=res,
        agent_student=np.arange(n, dtype=np.int64),
        agent_window=np.zeros(n, dtype=np.int64),
        agent_start=start,
        pair_unit=hosts,
        pair_score=pair_score,
        guarantee=np.full(n, -1, dtype=np.int64),
    ).prepare()
