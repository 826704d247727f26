"""`manage.py load_reference_data`: Tuscany's provinces and municipalities (ISTAT) and the sectors."""

import csv
import io

from django.core.management import call_command

from ptp.geo.models import Municipality, Province, Region
from ptp.geo.services import MUNICIPALITIES_CSV
from ptp.network.models import Sector
from ptp.network.reference import SECTORS


def _load() -> str:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_loads_tuscany(db):
    output = _load()

    assert Region.objects.get().name == "Toscana"
    assert Province.objects.count() == 10
    assert Municipality.objects.count() == 273
    assert set(Province.objects.values_list("abbreviation", flat=True)) == {
        "AR",
        "FI",
        "GR",
        "LI",
        "LU",
        "MS",
        "PI",
        "PO",
        "PT",
        "SI",
    }
    massa = Municipality.objects.select_related("province").get(name="Massa")
    assert (massa.codice_istat, massa.codice_catastale, massa.province.abbreviation) == (
        "045010",
        "F023",
        "MS",
    )
    assert 44 < massa.latitude < 44.1 and 10.1 < massa.longitude < 10.2
    assert "273 comuni nuovi" in output


def test_every_municipality_of_the_csv_is_loaded_in_its_province(db):
    _load()

    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    loaded = dict(Municipality.objects.values_list("codice_istat", "province__codice_istat"))
    assert loaded == {r["codice_istat"]: r["codice_provincia"] for r in rows}
    assert all(code[:3] == province for code, province in loaded.items())


def test_loads_the_sectors_in_order(db):
    _load()

    assert list(Sector.objects.values_list("name", flat=True)) == SECTORS
    assert len(SECTORS) == 6 and "Turismo e beni culturali" in SECTORS


def test_running_it_twice_changes_nothing(db):
    _load()
    before = list(Municipality.objects.order_by("codice_istat").values())

    output = _load()

    assert "0 comuni nuovi, 0 aggiornati" in output
    assert list(Municipality.objects.order_by("codice_istat").values()) == before
    assert (Province.objects.count(), Region.objects.count(), Sector.objects.count()) == (10, 1, 6)


def test_a_changed_name_is_corrected_on_the_next_run(db):
    _load()
    Municipality.objects.filter(codice_istat="045010").update(name="Massa (vecchio nome)")

    output = _load()

    assert "1 aggiornati" in output
    assert Municipality.objects.get(codice_istat="045010").name == "Massa"
