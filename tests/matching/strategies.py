"""Hypothesis strategies: tiny instances with ties, refusals, reserved seats, windows and guarantees."""

from __future__ import annotations

from hypothesis import strategies as st

from ptp.matching import Host, Instance, Placement, Priority, Student

WINDOWS = ("autunno", "estate")


@st.composite
def tiny_instances(
    draw: st.DrawFn,
    *,
    max_students: int = 5,
    max_hosts: int = 3,
    max_windows: int = 1,
    reserved: bool = True,
    guarantees: bool = False,
) -> Instance:
    """A small instance, so that every assignment can be enumerated."""
    windows = WINDOWS[: draw(st.integers(1, max_windows))]
    host_ids = [f"h{j}" for j in range(draw(st.integers(1, max_hosts)))]
    hosts = []
    for host_id in host_ids:
        seats = {w: draw(st.integers(0, 2)) for w in windows}
        held = {w: draw(st.integers(0, seats[w])) for w in windows} if reserved else {}
        hosts.append(Host(host_id, seats, held))
    students = []
    for i in range(draw(st.integers(1, max_students))):
        preferences = {}
        for window in windows:
            order = draw(st.permutations(host_ids))
            preferences[window] = tuple(order[: draw(st.integers(0, len(order)))])
        students.append(
            Student(f"s{i}", preferences, group=draw(st.booleans()) if reserved else False)
        )
    priorities = [
        Priority(h, s.id, score)
        for h in host_ids
        for s in students
        if (score := draw(st.one_of(st.none(), st.integers(0, 3), st.sampled_from([1.5, 2.5]))))
        is not None
    ]
    kept: list[Placement] = []
    if guarantees:  # as after a previous round: never more guarantees than seats
        left = {(h.id, w): n for h in hosts for w, n in h.seats.items()}
        scored = {(p.host_id, p.student_id) for p in priorities}
        for student in students:
            for window, listed in student.preferences.items():
                open_ = [h for h in listed if (h, student.id) in scored and left[h, window] > 0]
                if open_ and draw(st.booleans()):
                    host = draw(st.sampled_from(open_))
                    left[host, window] -= 1
                    kept.append(Placement(student.id, window, host))
    return Instance.build(students, hosts, priorities, guarantees=kept)
