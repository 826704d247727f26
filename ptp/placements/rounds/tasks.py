"""The round runs as a background task, reporting its progress on the round itself."""

from django.db import transaction
from django.tasks import task

from ptp.placements.models import AllocationRound, RoundStatus
from ptp.placements.rounds.run import run_round


@task()
def run_round_task(*, round_id: int) -> dict:
    """Runs the allocation engine for the round; on failure the round goes back to collecting
    preferences with the reason, so the coordinator can fix the data and run it again."""
    round_ = AllocationRound.objects.get(pk=round_id)

    def progress(percent: int, note: str) -> None:
        AllocationRound.objects.filter(pk=round_id).update(progress=percent, progress_note=note)

    try:
        summary = run_round(round_, progress=progress)
    except Exception as exc:
        with transaction.atomic():
            AllocationRound.objects.filter(pk=round_id).update(
                status=RoundStatus.COLLECTING,
                progress=0,
                progress_note=f"Abbinamento non riuscito: {exc}"[:200],
            )
        raise
    return {"placed": summary.placed, "unplaced": summary.unplaced}
