"""How a hub's members read in Italian."""

from ptp.network.composition import CATEGORY_OF_KIND, composition_of
from ptp.network.models import OrganizationKind as K


def test_counts_by_category_in_the_customary_order():
    kinds = [
        K.TRADE_ASSOCIATION,
        K.COMPANY,
        K.TECHNICAL_SCHOOL,
        K.TRAINING_AGENCY,
        K.VOCATIONAL_SCHOOL,
        K.COMPANY,
        K.UPPER_SECONDARY_SCHOOL,
    ]

    composition = composition_of(kinds)

    assert composition.total == 7
    assert str(composition) == (
        "7 soggetti: 3 scuole, 2 aziende, 1 agenzia formativa, 1 associazione di categoria"
    )


def test_singular_forms():
    assert str(composition_of([K.ITS_ACADEMY])) == "1 soggetto: 1 fondazione ITS Academy"
    assert (
        str(composition_of([K.LOCAL_AUTHORITY, K.LOCAL_AUTHORITY])) == "2 soggetti: 2 enti locali"
    )


def test_no_members():
    composition = composition_of([])

    assert (composition.total, composition.parts) == (0, ())
    assert str(composition) == "0 soggetti"


def test_every_organization_kind_has_a_category():
    assert set(CATEGORY_OF_KIND) == set(K.values)
