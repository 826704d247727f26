"""Italian explanations: the outcome, then why each better choice was not given."""

from __future__ import annotations

import pytest

from ptp.matching import (
    Allocation,
    Host,
    Instance,
    Objective,
    Placement,
    Priority,
    Student,
    allocate,
    explain,
)
from ptp.matching.explain import format_score
from tests.matching.helpers import single


def _explain(instance: Instance, student: str, seed: int = 0) -> list[str]:
    return explain(instance, allocate(instance, seed=seed), student)


def test_first_choice() -> None:
    instance = single({"a": ["X"]}, {"X": 1}, {("X", "a"): 1})
    assert _explain(instance, "a") == ["Sei stato assegnato a X, la tua prima scelta."]


def test_higher_scores_took_the_seats() -> None:
    instance = single(
        {"a": ["X", "Y"], "b": ["X"]},
        {"X": 1, "Y": 1},
        {("X", "a"): 70, ("X", "b"): 80.5, ("Y", "a"): 1},
    )
    assert _explain(instance, "a") == [
        "Sei stato assegnato a Y, la tua scelta n. 2.",
        "Scelta n. 1, X: posti esauriti da studenti con punteggio più alto: "
        "il punteggio più basso ammesso è 80,5, il tuo è 70.",
    ]


def test_empty_list_in_a_single_window() -> None:
    instance = single({"a": []}, {"X": 1}, {})
    assert _explain(instance, "a") == [
        "Non hai indicato alcun ente, quindi non sei stato assegnato."
    ]


def test_host_did_not_accept_and_unplaced() -> None:
    instance = single({"a": ["X"]}, {"X": 1}, {})
    assert _explain(instance, "a") == [
        "Non sei stato assegnato a nessuno degli enti che hai indicato.",
        "Scelta n. 1, X: l'ente non ha accettato la tua candidatura.",
    ]


def test_tie_lost_at_the_lottery() -> None:
    instance = single({"a": ["X"], "b": ["X"]}, {"X": 1}, {("X", "a"): 7, ("X", "b"): 7})
    allocation = allocate(instance, seed=0)
    loser = "a" if allocation.placement("a") is None else "b"
    assert explain(instance, allocation, loser)[1] == (
        "Scelta n. 1, X: a parità di punteggio (7) con l'ultimo ammesso hai perso il sorteggio."
    )


def test_reserved_seats_seen_from_outside_and_from_inside_the_group() -> None:
    instance = single(
        {s: ["X"] for s in ("a", "b", "g", "h")},
        {"X": 2},
        {("X", "a"): 90, ("X", "b"): 80, ("X", "g"): 50, ("X", "h"): 40},
        group={"g", "h"},
        reserved={"X": 1},
    )
    allocation = allocate(instance, seed=0)
    assert explain(instance, allocation, "b")[1] == (
        "Scelta n. 1, X: posti esauriti da studenti con punteggio più alto: il punteggio più basso "
        "ammesso sui posti non riservati è 90, il tuo è 80; inoltre un posto riservato è andato a "
        "uno studente con diritto alla riserva."
    )
    assert explain(instance, allocation, "h")[1] == (
        "Scelta n. 1, X: posti esauriti da studenti con punteggio più alto: il punteggio più basso "
        "ammesso è 50, il tuo è 40; anche i posti riservati (1) erano occupati da studenti con "
        "diritto alla riserva."
    )


def test_all_seats_reserved() -> None:
    instance = single(
        {"a": ["X"], "g": ["X"]},
        {"X": 1},
        {("X", "a"): 9, ("X", "g"): 1},
        group={"g"},
        reserved={"X": 1},
    )
    assert _explain(instance, "a")[1] == (
        "Scelta n. 1, X: tutti i posti erano riservati e sono andati a studenti con diritto alla riserva."
    )


def test_empty_list_no_seats_and_several_windows() -> None:
    students = [Student("a", {"autunno": (), "estate": ("S", "X")})]
    hosts = [Host("S", {"autunno": 1}), Host("X", {"estate": 1})]
    instance = Instance.build(students, hosts, [Priority("S", "a", 1), Priority("X", "a", 1)])
    assert _explain(instance, "a") == [
        "Finestra autunno: non hai indicato alcun ente, quindi non sei stato assegnato.",
        "Finestra estate: sei stato assegnato a X, la tua scelta n. 2.",
        "Scelta n. 1, S: l'ente non offre posti in questa finestra.",
    ]


def test_kept_seat_and_seats_held_by_previous_placements() -> None:
    guarantees = [Placement("a", "unica", "X")]
    instance = single(
        {"a": ["X"], "b": ["X"]}, {"X": 1}, {("X", "a"): 1, ("X", "b"): 9}, guarantees=guarantees
    )
    assert _explain(instance, "a") == [
        "Sei stato assegnato a X, la tua prima scelta. Il posto ti era garantito dall'assegnazione precedente."
    ]
    assert _explain(instance, "b")[1] == (
        "Scelta n. 1, X: i posti erano occupati da studenti che li avevano già ottenuti "
        "nell'assegnazione precedente."
    )


def test_max_placed_explains_the_unstable_choice() -> None:
    instance = single(
        {"a": ["X", "Y"], "b": ["X"]},
        {"X": 1, "Y": 1},
        {("X", "a"): 9, ("X", "b"): 1, ("Y", "a"): 1},
    )
    allocation = allocate(instance, seed=0, objective=Objective.MAX_PLACED)
    assert explain(instance, allocation, "a")[1] == (
        "Scelta n. 1, X: il tuo punteggio (9) batteva quello di un ammesso (1), ma l'allocazione "
        "che massimizza gli studenti collocati ti ha assegnato altrove."
    )


def test_free_seat_in_a_broken_allocation() -> None:
    instance = single({"a": ["X", "Y"]}, {"X": 1, "Y": 1}, {("X", "a"): 1, ("Y", "a"): 1})
    allocation = Allocation.from_placements(instance, [Placement("a", "unica", "Y")], seed=0)
    assert explain(instance, allocation, "a")[1] == (
        "Scelta n. 1, X: c'era ancora un posto libero, ma l'allocazione non ne ha tenuto conto."
    )


def test_unknown_student_and_foreign_allocation() -> None:
    instance = single({"a": ["X"]}, {"X": 1}, {("X", "a"): 1})
    other = single({"a": ["X"]}, {"X": 1}, {("X", "a"): 1})
    with pytest.raises(KeyError):
        _explain(instance, "zzz")
    with pytest.raises(ValueError, match="altra istanza"):
        explain(other, allocate(instance, seed=0), "a")


def test_format_score() -> None:
    assert [format_score(v) for v in (7.0, 7.5, 0.25, 100.0)] == ["7", "7,5", "0,25", "100"]
