"""What a user's role grants cover."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from ptp.accounts.models import Role, RoleGrant
from ptp.accounts.scopes import forget_scopes, scopes_of
from tests.factories import RoleGrantFactory, UserFactory


def test_scopes_collect_active_grants_by_role(
    net, coordinator, regional_officer, school_staff, student
):
    assert scopes_of(coordinator).coordinated_hub_ids == {net.hub.pk}
    assert scopes_of(regional_officer).region_ids == {net.hub.province.region_id}
    assert scopes_of(school_staff).staff_organization_ids == {net.school.pk}
    student_scopes = scopes_of(student)
    assert student_scopes.student_organization_ids == {net.school.pk}
    assert not student_scopes.staff_organization_ids


def test_anonymous_inactive_and_revoked_users_have_no_scope(net, coordinator, school_staff):
    RoleGrant.objects.filter(user=school_staff).update(revoked_at=timezone.now())
    coordinator.is_active = False

    assert scopes_of(AnonymousUser()).is_empty
    assert scopes_of(coordinator).is_empty
    assert scopes_of(school_staff).is_empty


def test_scopes_are_cached_until_forgotten(net, django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(1):
        assert scopes_of(user).is_empty
        assert scopes_of(user).is_empty

    RoleGrantFactory(user=user, role=Role.HUB_COORDINATOR, hub=net.hub)
    assert scopes_of(user).is_empty
    forget_scopes(user)
    assert scopes_of(user).coordinated_hub_ids == {net.hub.pk}


def test_a_grant_must_have_exactly_the_scope_of_its_role(net):
    user = UserFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=user, role=Role.HUB_COORDINATOR, organization=net.school)


def test_email_addresses_are_unique_whatever_their_case(db):
    UserFactory(email="persona@example.invalid")

    with transaction.atomic(), pytest.raises(IntegrityError):
        UserFactory(email="PERSONA@example.invalid")
