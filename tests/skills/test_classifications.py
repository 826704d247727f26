"""EQF, QNQ and ISCED-F 2013 as small reference classifications."""

import io

import pytest
from django.core.management import call_command

from ptp.skills.models import Classification, ClassificationItem, Crosswalk
from ptp.skills.services import load_classifications

pytestmark = pytest.mark.django_db


def test_classifications_are_loaded_with_a_note_on_their_labels():
    result = load_classifications()
    assert result.classifications == 3
    eqf = Classification.objects.get(slug="eqf")
    qnq = Classification.objects.get(slug="qnq")
    isced = Classification.objects.get(slug="isced-f-2013")
    assert [i.code for i in eqf.items.all()] == [str(n) for n in range(1, 9)]
    assert qnq.items.count() == 8
    assert all(c.labels_note for c in (eqf, qnq, isced))
    assert "ITS Academy" in qnq.items.get(code="5").description_it

    broad = isced.items.filter(level=1)
    assert broad.count() == 12  # 00 to 10, and 99 field unknown
    assert isced.items.filter(level=2).count() == 29
    hotel = isced.items.get(code="101")
    assert (hotel.label_en, hotel.parent.code) == ("Personal services", "10")
    assert not isced.items.filter(level=2, parent__isnull=True).exists()
    assert Crosswalk.objects.filter(from_scheme="qnq", to_scheme="eqf").count() == 8


def test_loading_again_changes_nothing():
    first = load_classifications()
    second = load_classifications()
    assert first.items_created == ClassificationItem.objects.count()
    assert (second.items_created, second.items_updated) == (0, 0)
    assert Crosswalk.objects.count() == 8


def test_the_command_reports_what_it_loaded():
    out = io.StringIO()
    call_command("load_classifications", stdout=out)
    assert "Classificazioni: 3" in out.getvalue()
