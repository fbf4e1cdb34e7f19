"""The permission policy: roles are derived from the roster, and POLICY decides what they may do."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from core.permissions import (
    POLICY,
    CouncilAccess,
    Role,
    access_for_request,
    can_create_council,
    require,
    roles_for,
)
from councils import services
from councils.models import EndReason, Municipality

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)
PUBLIC = {Role.PUBLIC}


def roles(user, council, on=ON):
    return set(roles_for(user, council, on=on).roles)


# --- Roles derived from the roster -----------------------------------------------------------------

def test_anonymous_and_missing_user_are_public_only(make_council):
    council = make_council()
    for user in (AnonymousUser(), None):
        access = roles_for(user, council, on=ON)
        assert set(access.roles) == PUBLIC
        assert access.person_ids == ()
        assert access.can("council.view_public")
        assert not access.can("council.view_internal")
        assert not access.is_council_person


def test_logged_in_user_without_any_link_is_public_only(make_council, make_user):
    council = make_council()
    assert roles(make_user(), council) == PUBLIC


def test_secretariat_comes_from_council_secretary(make_council, make_user):
    secretary = make_user()
    council = make_council(secretary=secretary)
    assert roles(secretary, council) == {Role.PUBLIC, Role.SECRETARIAT}
    # Not date bound: the secretariat row has no period.
    assert roles(secretary, council, on=dt.date(1999, 1, 1)) == {Role.PUBLIC, Role.SECRETARIAT}


def test_secretariat_of_one_council_has_no_role_in_another(make_council, make_user):
    secretary = make_user()
    make_council("a", secretary=secretary)
    other = make_council("b")
    assert roles(secretary, other) == PUBLIC


def test_creator_of_a_council_becomes_its_secretariat(make_user):
    staff = make_user()
    muni = Municipality.objects.create(name="Albertslund", slug="albertslund")
    council = services.council_create_from_preset(municipality=muni, preset_key="randers", name="Rådet",
                                                  slug="raadet", actor=staff)
    assert Role.SECRETARIAT in roles(staff, council)


def test_member_role_follows_the_membership_period(make_council, make_user, add_member):
    council = make_council()
    user = make_user()
    membership = add_member(council, "Maja Medlem", user=user, start=dt.date(2026, 2, 1))
    assert roles(user, council, on=dt.date(2026, 1, 31)) == PUBLIC
    assert roles(user, council, on=dt.date(2026, 2, 1)) == {Role.PUBLIC, Role.MEMBER}
    services.membership_end(membership=membership, end=dt.date(2026, 9, 30), reason=EndReason.WITHDREW)
    assert roles(user, council, on=dt.date(2026, 9, 30)) == {Role.PUBLIC, Role.MEMBER}
    assert roles(user, council, on=dt.date(2026, 10, 1)) == PUBLIC


def test_ended_membership_gives_no_role_and_no_internal_access(make_council, make_user, add_member):
    council = make_council()
    user = make_user()
    membership = add_member(council, "Bo Bach", user=user)
    services.membership_end(membership=membership, end=dt.date(2026, 3, 1), reason=EndReason.MOVED)
    access = roles_for(user, council, on=ON)
    assert set(access.roles) == PUBLIC
    assert not access.can("council.view_internal")
    assert not access.can("directory.view")
    # The person is still linked to the user (for history), only the role is gone.
    assert access.person_ids == (membership.person_id,)


def test_substitute_and_guest_roles(make_council, make_user, add_member):
    council = make_council()
    member = add_member(council, "Anne Andersen")
    sub_user, guest_user = make_user(), make_user()
    add_member(council, "Sofus Suppleant", role="substitute", substitute_for=member, user=sub_user)
    add_member(council, "Gerda Gæst", role="guest", user=guest_user)
    assert roles(sub_user, council) == {Role.PUBLIC, Role.SUBSTITUTE}
    assert roles(guest_user, council) == {Role.PUBLIC, Role.GUEST}


def test_nominated_but_not_appointed_membership_gives_no_role(make_council, make_user):
    from councils.models import Term

    council = make_council()
    user = make_user()
    person = services.person_save(council=council, name="Nina Nomineret", email="nina@ex.org", user=user)
    services.membership_create(council=council, person=person, term=Term.objects.get(council=council),
                               role="member", start=dt.date(2026, 2, 1), status="nominated")
    assert roles(user, council) == PUBLIC


def test_chair_and_vice_chair_come_from_positions_on_a_date(make_council, make_user, add_member):
    council = make_council()
    chair_user, vice_user = make_user(), make_user()
    chair = add_member(council, "Finn Formand", user=chair_user)
    vice = add_member(council, "Vera Viceformand", user=vice_user)
    services.position_assign(council=council, person=chair.person, kind="chair", start=dt.date(2026, 3, 1))
    services.position_assign(council=council, person=vice.person, kind="vice_chair", start=dt.date(2026, 3, 1))

    assert roles(chair_user, council, on=dt.date(2026, 2, 28)) == {Role.PUBLIC, Role.MEMBER}
    assert roles(chair_user, council, on=dt.date(2026, 3, 1)) == {Role.PUBLIC, Role.MEMBER, Role.CHAIR}
    assert roles(vice_user, council, on=dt.date(2026, 3, 1)) == {Role.PUBLIC, Role.MEMBER, Role.VICE_CHAIR}

    # A new chair is elected: the old one is a member again from that day.
    services.position_assign(council=council, person=vice.person, kind="chair", start=dt.date(2026, 9, 1))
    assert roles(chair_user, council, on=dt.date(2026, 8, 31)) == {Role.PUBLIC, Role.MEMBER, Role.CHAIR}
    assert roles(chair_user, council, on=dt.date(2026, 9, 1)) == {Role.PUBLIC, Role.MEMBER}
    assert roles(vice_user, council, on=dt.date(2026, 9, 1)) == {Role.PUBLIC, Role.MEMBER, Role.CHAIR}


def test_chair_loses_the_position_role_when_the_membership_ends(make_council, make_user, add_member):
    council = make_council()
    user = make_user()
    membership = add_member(council, "Finn Formand", user=user)
    services.position_assign(council=council, person=membership.person, kind="chair", start=dt.date(2026, 3, 1))
    services.membership_end(membership=membership, end=dt.date(2026, 5, 31), reason=EndReason.WITHDREW)
    assert roles(user, council, on=dt.date(2026, 5, 31)) == {Role.PUBLIC, Role.MEMBER, Role.CHAIR}
    assert roles(user, council, on=dt.date(2026, 6, 1)) == PUBLIC


def test_membership_in_another_council_gives_no_role_here(make_council, make_user, add_member):
    here, there = make_council("here"), make_council("there")
    user = make_user()
    add_member(there, "Ib Medlem", user=user)
    access = roles_for(user, here, on=ON)
    assert set(access.roles) == PUBLIC
    assert access.person_ids == ()
    assert roles(user, there) == {Role.PUBLIC, Role.MEMBER}


def test_platform_admin_comes_from_is_superuser(make_council, make_user):
    council = make_council()
    admin = make_user(superuser=True)
    assert roles(admin, council) == {Role.PUBLIC, Role.PLATFORM_ADMIN}


def test_one_user_can_hold_several_roles(make_council, make_user, add_member):
    user = make_user()
    council = make_council(secretary=user)
    add_member(council, "Sanne Sekretær", user=user)
    assert roles(user, council) == {Role.PUBLIC, Role.SECRETARIAT, Role.MEMBER}


# --- Policy decisions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "allowed"), [
    (Role.SECRETARIAT, True),
    (Role.PLATFORM_ADMIN, False),
    (Role.CHAIR, False),
    (Role.VICE_CHAIR, False),
    (Role.MEMBER, False),
    (Role.SUBSTITUTE, False),
    (Role.GUEST, False),
    (Role.PUBLIC, False),
])
def test_lived_experience_is_for_the_secretariat_only(role, allowed):
    access = CouncilAccess(user=None, council=None, roles=frozenset({Role.PUBLIC, role}))
    assert access.can("roster.view_sensitive") is allowed


def test_platform_admin_manages_but_does_not_see_lived_experience(make_council, make_user):
    council = make_council()
    access = roles_for(make_user(superuser=True), council, on=ON)
    assert access.can("roster.manage")
    assert access.can("audit.view")
    assert not access.can("roster.view_sensitive")
    with pytest.raises(PermissionDenied):
        access.require("roster.view_sensitive")


def test_chair_sees_the_roster_but_neither_manages_it_nor_sees_sensitive_data(make_council, make_user, add_member):
    council = make_council()
    user = make_user()
    m = add_member(council, "Finn Formand", user=user)
    services.position_assign(council=council, person=m.person, kind="chair", start=dt.date(2026, 3, 1))
    access = roles_for(user, council, on=ON)
    assert access.can("roster.view")
    assert access.can("council.view_internal")
    assert not access.can("roster.manage")
    assert not access.can("roster.view_sensitive")
    assert not access.can("recruitment.manage")


def test_member_sees_the_directory_but_not_the_roster(make_council, make_user, add_member):
    council = make_council()
    user = make_user()
    add_member(council, "Maja Medlem", user=user)
    access = roles_for(user, council, on=ON)
    assert access.is_council_person
    assert access.can("directory.view")
    assert access.can("rules.view")
    assert not access.can("roster.view")
    assert not access.can("composition.view")
    assert not access.can("audit.view")
    with pytest.raises(PermissionDenied):
        require(access, "roster.manage")


# Permissions that belong to the members themselves: the secretariat does not approve minutes
# in writing on the members' behalf.
MEMBERS_OWN = {"minutes.approve", "consultations.approve", "ideas.vote"}
# And the platform's, which belong to no council: the log of logins, the record of processing.
PLATFORMS_OWN = {"audit.platform", "privacy.record"}


def test_secretariat_holds_every_permission_but_the_members_own(make_council, make_user):
    secretary = make_user()
    council = make_council(secretary=secretary)
    access = roles_for(secretary, council, on=ON)
    assert {permission for permission in POLICY if not access.can(permission)} == MEMBERS_OWN | PLATFORMS_OWN
    require(access, "roster.view_sensitive")  # does not raise


def test_public_holds_only_the_public_view():
    public = CouncilAccess(user=None, council=None, roles=frozenset(PUBLIC))
    assert [p for p in POLICY if public.can(p)] == ["council.view_public"]


def test_every_permission_is_granted_to_the_secretariat_and_names_a_namespace():
    for permission, allowed in POLICY.items():
        assert (Role.SECRETARIAT in allowed) != (permission in MEMBERS_OWN | PLATFORMS_OWN), permission
        assert permission.count(".") == 1, permission


def test_unknown_permission_is_a_programming_error_not_a_no(make_council, make_user):
    secretary = make_user()
    access = roles_for(secretary, make_council(secretary=secretary), on=ON)
    with pytest.raises(LookupError, match="roster.delete_everything"):
        access.can("roster.delete_everything")
    with pytest.raises(LookupError):
        access.require("Roster.View")


def test_access_for_request_is_computed_once_per_council(make_council, make_user, rf):
    secretary = make_user()
    a, b = make_council("a", secretary=secretary), make_council("b")
    request = rf.get("/")
    request.user = secretary
    first = access_for_request(request, a)
    assert access_for_request(request, a) is first
    assert Role.SECRETARIAT in first.roles
    assert set(access_for_request(request, b).roles) == PUBLIC


# --- Creating councils ----------------------------------------------------------------------------

def test_can_create_council(make_user):
    here = Municipality.objects.create(name="Ishøj", slug="ishoej")
    there = Municipality.objects.create(name="Gentofte", slug="gentofte")
    staff, plain, admin = make_user(), make_user(), make_user(superuser=True)
    here.staff.add(staff)

    assert can_create_council(staff, here) is True
    assert can_create_council(staff, there) is False
    assert can_create_council(plain, here) is False
    assert can_create_council(admin, here) is True
    assert can_create_council(admin, there) is True
    assert can_create_council(AnonymousUser(), here) is False
    assert can_create_council(None, here) is False
