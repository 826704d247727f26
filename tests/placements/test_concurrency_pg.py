"""Simultaneous acceptances for the last seat of a window fill it exactly once.

Each thread has its own database connection (Django opens one per thread) and its own durable
transaction; a barrier releases them together. On PostgreSQL the window row lock
(`select_for_update` in `accept_application`) makes them queue: the first counts a free seat and
creates the placement, the others count again after it commits and are refused. On SQLite the
IMMEDIATE transactions of settings.py take the write lock at BEGIN, which serialises them the same
way; the test suite's SQLite database is in memory with a shared cache, where a writer waiting for
another gets "table is locked" at once instead of waiting, so there the test runs a few threads
that retry on that error (a file database, as in production, waits on the busy timeout).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection, connections

from ptp.core.errors import ConflictError
from ptp.placements.models import Application, Placement, TrainingPlan
from ptp.placements.services import applications as services
from tests.placements.lifecycle_helpers import TODAY, student_of, world

NO_SEAT = "Non ci sono più posti liberi in questo periodo."


def _validated_applications(net, w, school_staff, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        application = services.submit_application(
            actor=None, student=student_of(net.school), window=w.window, today=TODAY
        )
        ids.append(services.validate_application(actor=school_staff, application=application).pk)
    return ids


def _close_thread_connection() -> None:
    """Closes this thread's connection; Django keeps in-memory SQLite connections open on
    close() (to keep their data), so that one is closed by hand."""
    conn = connections["default"]
    if conn.vendor == "sqlite" and conn.connection is not None:
        conn.connection.close()
        conn.connection = None
    else:
        conn.close()


def _race(ids: list[int], actor, *, retry_locked: bool = False) -> list[str]:
    barrier = threading.Barrier(len(ids))

    def accept(pk: int) -> str:
        try:
            application = Application.objects.get(pk=pk)
            barrier.wait(timeout=30)
            while True:
                try:
                    services.accept_application(actor=actor, application=application)
                except OperationalError as exc:
                    if retry_locked and "locked" in str(exc):
                        continue
                    raise
                return "accepted"
        except ConflictError as exc:
            return exc.message
        finally:
            _close_thread_connection()

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        return list(pool.map(accept, ids))


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL with real concurrent connections (make test-pg)",
)
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_acceptances_for_the_last_seat_fill_it_once(
    net, student, school_staff, company_staff
):
    w = world(net, student_user=student, seats=1)
    ids = _validated_applications(net, w, school_staff, 50)

    results = _race(ids, company_staff)

    assert results.count("accepted") == 1
    assert results.count(NO_SEAT) == 49
    assert Placement.objects.count() == TrainingPlan.objects.count() == 1
    assert Application.objects.filter(status="accepted").count() == 1
    assert Application.objects.filter(status="validated").count() == 49


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant of the race")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_on_sqlite_fill_the_last_seat_once(
    net, student, school_staff, company_staff
):
    w = world(net, student_user=student, seats=1)
    ids = _validated_applications(net, w, school_staff, 6)

    results = _race(ids, company_staff, retry_locked=True)

    assert results.count("accepted") == 1
    assert results.count(NO_SEAT) == 5
    assert Placement.objects.count() == 1
