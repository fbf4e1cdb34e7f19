"""The consultation page's cached fragment (core.fragments, issue 14): byte-identical to the page without
the cache (the CSRF token aside), and renewed by a write of the lead council and by a write of a partner
council of a joint response (audited in the partner council: the key holds every council's generation)."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.urls import reverse

from core.publiccache import _Bump
from core.tests.pages import html_without_csrf
from hearings.services import consultations as services

pytestmark = pytest.mark.django_db

_html = html_without_csrf


def _committed(capture, write):
    """``write`` in a transaction whose commit callbacks run; the fixtures' waiting bumps run first."""
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _Bump) and not entry[1].done:
            entry[1]()
    with capture(execute=True), transaction.atomic():
        return write()


@pytest.fixture
def joint(council, roster, secretary, other_council, other_roster):
    from django.utils import timezone

    today = timezone.localdate()
    consultation = services.consultation_create(
        council=council, title="Høring om hjemløsestrategien", received_on=today - dt.timedelta(days=3),
        deadline=today + dt.timedelta(days=20), summary="Udkast til strategi.", sender="Socialforvaltningen",
        actor=secretary)
    services.partner_add(consultation=consultation, partner=other_council, council=council, actor=secretary)
    return consultation


def test_consultation_fragment_and_a_partners_comment(joint, council, other_council, other_secretary, client,
                                                      secretary, settings, django_capture_on_commit_callbacks):
    client.force_login(secretary)
    url = reverse("hearings:consultation", args=[council.slug, joint.pk])
    settings.STEMME_FRAGMENT_CACHE = False
    fresh = _html(client.get(url))
    settings.STEMME_FRAGMENT_CACHE = True
    assert fresh == _html(client.get(url)) == _html(client.get(url))
    assert "Høring om hjemløsestrategien" in fresh and "<stemme-csrf-token>" not in fresh

    # The lead council's own write.
    _committed(django_capture_on_commit_callbacks, lambda: services.material_add(
        consultation=joint, council=council, name="Strategiudkastet", file=None,
        url="https://kommune.example/strategi", actor=secretary))
    assert "Strategiudkastet" in _html(client.get(url))

    # A comment written in the partner council, audited there.
    _committed(django_capture_on_commit_callbacks, lambda: services.comment_add(
        consultation=joint, council=other_council, text="Husk de unge hjemløse.", actor=other_secretary))
    assert "Husk de unge hjemløse." in _html(client.get(url))


def test_a_form_with_errors_is_rendered_fresh(joint, council, client, secretary, settings):
    """A form sent back with errors (no fragment context): the page shows the errors, not a stored body."""
    settings.STEMME_FRAGMENT_CACHE = True
    client.force_login(secretary)
    client.get(reverse("hearings:consultation", args=[council.slug, joint.pk]))  # stores the body
    response = client.post(reverse("hearings:consultation_material_add", args=[council.slug, joint.pk]),
                           {"name": "", "url": ""})
    assert response.status_code in (400, 422, 200)
    assert 'aria-invalid="true"' in response.content.decode() or "error" in response.content.decode()
