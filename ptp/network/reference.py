"""The production chains (filiere) of the Tuscan PTPs, as the Region lists them."""

from django.db import transaction
from django.utils.text import slugify

from ptp.network.models import Sector

# The seed text announces "5 filiere" and lists these six; pages count them from data.
SECTORS = ["Sanità", "Energia", "Agribusiness", "Turismo e beni culturali", "Meccanica", "Nautica"]


@transaction.atomic
def load_sectors() -> int:
    """Upserts the sectors in their published order; returns how many there are."""
    for position, name in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    return len(SECTORS)
