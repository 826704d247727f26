"""Demo figures for the skills gap: a second demo bulletin one year earlier than the shipped one
(invented numbers, is_demo), so the trend has two years, then the day's gap cells. Called by
seed_demo after the demo needs and bulletin; idempotent."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ptp.demand.demo import DEMO_SOURCE, FIXTURE
from ptp.demand.models import DemandBulletin, LabourDemand
from ptp.observatory.cells import compute_gap_cells

EARLIER_FILE = "bollettino_demo_anno_precedente.csv"
# The earlier year's hires as a share of the shipped year's: demand grew since (invented).
EARLIER_SHARE = 0.8


def seed_demo_earlier_bulletin() -> DemandBulletin | None:
    """Copies the shipped demo bulletin one year back, hires scaled by EARLIER_SHARE; None when
    the shipped bulletin is not loaded."""
    existing = DemandBulletin.objects.filter(is_demo=True, file_name=EARLIER_FILE).first()
    if existing is not None:
        return existing
    shipped = DemandBulletin.objects.filter(is_demo=True, file_name=FIXTURE.name).first()
    if shipped is None:
        return None
    earlier = DemandBulletin.objects.create(
        source=f"{DEMO_SOURCE}, anno precedente", file_name=EARLIER_FILE, is_demo=True
    )
    rows = [
        LabourDemand(
            bulletin=earlier,
            province_id=row.province_id,
            period=f"{int(row.period[:4]) - 1}{row.period[4:]}",
            occupation_code=row.occupation_code,
            occupation_label=row.occupation_label,
            isco_code=row.isco_code,
            planned_hires=max(1, round(row.planned_hires * EARLIER_SHARE)),
            hard_to_recruit_share=row.hard_to_recruit_share,
            education_level=row.education_level,
        )
        for row in LabourDemand.objects.filter(bulletin=shipped).order_by("pk")
    ]
    LabourDemand.objects.bulk_create(rows)
    earlier.rows = len(rows)
    earlier.save(update_fields=["rows"])
    return earlier


@transaction.atomic
def seed_demo_gap(day: dt.date | None = None) -> int:
    """Loads the earlier demo bulletin and computes the day's gap cells (today by default), so the
    observatory shows Polo TNT's area (Massa-Carrara, tourism) right after seed_demo. Returns the
    cells written."""
    seed_demo_earlier_bulletin()
    return compute_gap_cells(day or timezone.localdate())
