"""The skills the training offer produces, as gap flows: the people of each edition count once for
every skill their programme teaches (method on /osservatorio/metodo/)."""

from collections import defaultdict
from typing import NamedTuple

from ptp.catalogue.models import Edition, EditionStatus, Programme, ProgrammeSkill
from ptp.observatory.gap import Flow

# Editions not started yet count their seats; the others the people actually enrolled.
NOT_STARTED = (EditionStatus.PLANNED, EditionStatus.OPEN)


class CellKey(NamedTuple):
    """The group of a flow: year, sector, province and hub (None when the figure has no hub or no
    sector, e.g. a bulletin's demand)."""

    year: int
    sector_id: int | None
    province_id: int
    hub_id: int | None


def edition_year(school_year: str, starts_on_year: int | None) -> int | None:
    """The year an edition starts: the first year of "2026/27", else the year of its start date."""
    if school_year[:4].isdigit():
        return int(school_year[:4])
    return starts_on_year


def edition_people(status: str, seats: int, enrolled: int) -> int:
    """People an edition trains: its enrolled, or its seats while enrolment has not closed."""
    if enrolled:
        return enrolled
    return seats if status in NOT_STARTED else 0


def supply_flows() -> list[Flow]:
    """Supply of every published programme's editions, grouped by CellKey; a programme offered by
    several hubs shares its people equally among them. Three queries, whatever the data size."""
    skills: dict[int, list[int]] = defaultdict(list)
    for programme_id, skill_id in ProgrammeSkill.objects.filter(
        programme__is_published=True
    ).values_list("programme_id", "skill_id"):
        skills[programme_id].append(skill_id)
    hubs: dict[int, list[int]] = defaultdict(list)
    hub_links = Programme.hubs.through.objects.filter(programme__is_published=True)
    for programme_id, hub_id in hub_links.values_list("programme_id", "hub_id"):
        hubs[programme_id].append(hub_id)
    editions = Edition.objects.filter(programme__is_published=True).values_list(
        "programme_id",
        "programme__sector_id",
        "municipality__province_id",
        "school_year",
        "starts_on__year",
        "status",
        "seats",
        "enrolled",
    )
    people: dict[tuple[CellKey, int], float] = defaultdict(float)
    for (
        programme_id,
        sector_id,
        province_id,
        school_year,
        start_year,
        status,
        seats,
        enrolled,
    ) in editions.iterator(chunk_size=5000):
        year = edition_year(school_year, start_year)
        count = edition_people(status, seats, enrolled)
        taught = skills.get(programme_id)
        if year is None or not count or not taught:
            continue
        programme_hubs: list[int | None] = list(hubs.get(programme_id, ())) or [None]
        share = count / len(programme_hubs)
        for hub in programme_hubs:
            key = CellKey(year, sector_id, province_id, hub)
            for skill_id in taught:
                people[(key, skill_id)] += share
    return [Flow(group=key, skill=skill, people=n) for (key, skill), n in people.items()]
