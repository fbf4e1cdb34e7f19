"""What the fuzz (tests/fuzz/test_fuzz.py) found, each fixed where it came from, kept as plain tests
so they fail fast and say what broke."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def meeting(make_user, make_council):
    from meetings.services import plan

    secretary = make_user("sekretaer@example.org", name="Sara Sekretær")
    council = make_council("nordby", secretary=secretary)
    starts = timezone.now() + dt.timedelta(days=30)
    meeting = plan.meeting_create(council=council, kind="ordinary", starts_at=starts,
                                  ends_at=starts + dt.timedelta(hours=2), location="Rådhuset")
    return meeting, secretary


# --- core.prepared: an id too large for a 64-bit integer --------------------------------------

def test_prepared_query_with_an_id_beyond_64_bits_finds_nothing(meeting):
    """SQLite's driver raises OverflowError on an integer beyond 64 bits; the ORM knows such an id
    matches no row. A prepared query (core.prepared) answers like the ORM: nothing."""
    from core.prepared import PreparedValues
    from councils.models import Council
    from meetings.selectors.common import _meeting_by_pk

    m, _secretary = meeting
    huge = 2**63 + 1
    assert list(_meeting_by_pk(council=m.council_id, pk=huge)) == []
    assert list(_meeting_by_pk(council=m.council_id, pk=m.pk)) == [m]  # the prepared path still works
    ids = PreparedValues(lambda pk: Council.objects.filter(pk=pk).values_list("pk"), pk=int)
    assert ids(pk=10**30) == []
    assert ids(pk=-(10**30)) == []
    assert ids(pk=m.council_id) == [(m.council_id,)]


@pytest.mark.parametrize("tail", ["", "dagsorden/foreslaa/"])
def test_meeting_address_with_a_huge_id_is_404(meeting, client, tail):
    m, secretary = meeting
    client.force_login(secretary)
    response = client.get(f"/{m.council.slug}/intern/moeder/{'9' * 30}/{tail}")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


# --- The SMS webhooks: a form upload instead of JSON -------------------------------------------

@pytest.mark.parametrize("path", ["/sms/status/", "/sms/indgaaende/"])
def test_sms_webhook_refuses_a_form_upload(client, path, db):
    """The upload middleware reads a multipart body as files before the view; the webhook, which
    verifies the raw body's signature, refuses such a request (415) instead of failing on it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(path, {"id": "1", "status": "delivered", "f": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 415
    assert response.json() == {"error": "expected a JSON object"}
    response = client.post(path, {"id": "1"})  # the test client's default: multipart too
    assert response.status_code == 415


# --- A proposal sent empty by someone with no person in the council ----------------------------

def test_empty_proposal_from_a_user_without_a_person_says_why(meeting, client):
    """The secretary (no person in the council) posts the proposal form empty: the page says why
    they cannot propose, and nothing is created."""
    from meetings.models import AgendaItem

    m, secretary = meeting
    client.force_login(secretary)
    before = AgendaItem.objects.count()
    response = client.post(f"/{m.council.slug}/intern/moeder/{m.pk}/dagsorden/foreslaa/", {})
    assert response.status_code in (200, 400)
    assert "ikke knyttet til en person i rådet" in response.content.decode()
    assert AgendaItem.objects.count() == before
