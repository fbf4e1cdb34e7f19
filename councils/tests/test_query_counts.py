"""Queries per page are constant in the size of the data (DESIGN.md, *Performance targets*).

Each list page is requested with a small council holding at least one row of every kind
(members with personal substitutes, positions, guests, nominations, organisations,
candidacies…), then again after 20 more rows of the kinds the page lists. The number of
queries must be identical; on a mismatch the message shows the queries of both requests.
"""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils import services
from councils.models import Candidacy, Membership, Organisation, SeatCategory, Term

_counter = itertools.count(1)


def grow(council, pairs: int) -> None:
    """Add ``pairs`` members, each with a personal substitute, plus one guest, one nomination
    awaiting appointment, one member who has left and a change of chair: every branch of the
    roster templates gets rows."""
    term = Term.objects.get(council=council)
    seats = list(SeatCategory.objects.filter(council=council, term=term).order_by("position"))
    org = services.organisation_save(council=council, name=f"Forening {next(_counter)}")
    start = dt.date(2026, 2, 1)
    members = []
    for i in range(pairs):
        n = next(_counter)
        person = services.person_save(council=council, name=f"Medlem {n}", email=f"m{n}@example.org",
                                      lived_experience=i % 2 == 0, publish_name=i % 3 != 0,
                                      share_contact=i % 2 == 1, public_title="" if i % 2 else f"Titel {n}",
                                      organisation=org if i % 2 else None)
        member = services.membership_create(council=council, person=person, term=term, role="member",
                                            start=start, seat_category=seats[i % len(seats)],
                                            nominated_by=org if i % 2 else None)
        members.append(member)
        sub = services.person_save(council=council, name=f"Suppleant {n}", email=f"s{n}@example.org",
                                   publish_name=True, organisation=org)
        services.membership_create(council=council, person=sub, term=term, role="substitute", start=start,
                                   substitute_for=member)
    n = next(_counter)
    guest = services.person_save(council=council, name=f"Gæst {n}", email=f"g{n}@example.org", publish_name=True)
    services.membership_create(council=council, person=guest, term=term, role="guest", start=start)
    nominee = services.person_save(council=council, name=f"Indstillet {n}", email=f"i{n}@example.org")
    services.membership_create(council=council, person=nominee, term=term, role="member", start=start,
                               status="nominated", seat_category=seats[0], nominated_by=org)
    leaver = services.person_save(council=council, name=f"Udtrådt {n}", email=f"u{n}@example.org",
                                  publish_name=True)
    left = services.membership_create(council=council, person=leaver, term=term, role="member", start=start,
                                      seat_category=seats[-1])
    services.membership_end(membership=left, end=dt.date(2026, 6, 30), reason="moved")
    # Chair and vice-chair change hands: earlier holders' positions end, the newest run today.
    latest = (Membership.objects.filter(council=council, role="member", status="appointed", end__isnull=True)
              .order_by("-pk"))
    day = dt.date(2026, 3, 1) + dt.timedelta(days=next(_counter))
    for kind, m in zip(("chair", "vice_chair"), latest[:2], strict=True):
        services.position_assign(council=council, person=m.person, kind=kind, start=day)


def add_candidacies(call, count: int) -> None:
    seats = list(SeatCategory.objects.filter(term=call.term, open_to_applicants=True))
    org = Organisation.objects.filter(council=call.council).first()
    made = []
    for i in range(count):
        n = next(_counter)
        made.append(services.candidacy_submit(
            call=call, kind="nomination" if i % 2 else "citizen", name=f"Kandidat {n}", email=f"k{n}@example.org",
            organisation_name=f"Forening {n}" if i % 2 else "", nominated_by=org if i % 2 else None,
            seat_category=seats[i % len(seats)], motivation="Jeg vil gerne være med.", lived_experience=i % 2 == 0,
            now=call.deadline - dt.timedelta(days=1)))
    # Reviews after the deadline: members (one in a seat, the others not yet placed, so no seat is over
    # full), substitutes for them, and a rejection – every column of the table.
    after = call.deadline + dt.timedelta(minutes=1)
    for i, c in enumerate(made):
        if i % 3 == 0:
            seat = next((s for s in seats if not Candidacy.objects.filter(decision_seat_category=s).exists()), None)
            services.candidacy_review(candidacy=c, actor=None, status="selected", decision_role="member",
                                      decision_seat_category=seat if i == 0 else None, now=after)
        elif i % 3 == 1:
            services.candidacy_review(candidacy=c, actor=None, status="selected",
                                      decision_role="substitute", decision_substitute_for=made[i - 1], now=after)
        else:
            services.candidacy_review(candidacy=c, actor=None, status="not_selected",
                                      review_note="Ikke valgt denne gang.", now=after)


def make_call(council, title="Opslag"):
    return services.call_save(council=council, term=Term.objects.get(council=council), title=title,
                              text="Vi søger medlemmer.", deadline=timezone.now() + dt.timedelta(days=10),
                              published=True)


def measure(client, path, expect_text: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    assert expect_text in response.content.decode(), f"{path} lacks {expect_text!r}"
    return [q["sql"] for q in ctx.captured_queries], response


def assert_same_count(path, small, large):
    if len(small) != len(large):
        lines = [f"{path}: {len(small)} queries with the small data set, {len(large)} with 20 more rows",
                 "--- small", *small, "--- large", *large]
        raise AssertionError("\n".join(lines))


@pytest.fixture
def secretary(make_user):
    return make_user("sekretaer@example.org")


@pytest.fixture
def council(make_council, secretary):
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    grow(council, 2)
    return council


@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client


ROSTER_PAGES = [
    ("public members", "/nordby/medlemmer/", False),
    ("roster", "/nordby/intern/medlemmer/", True),
    ("roster on a past date", "/nordby/intern/medlemmer/?dato=2026-05-01", True),
    ("roster changes", "/nordby/intern/medlemmer/aendringer/?fra=2026-01-01&til=2026-12-31", True),
    ("composition", "/nordby/intern/sammensaetning/", True),
    ("composition on a past date", "/nordby/intern/sammensaetning/?dato=2026-05-01", True),
    ("directory", "/nordby/intern/kontaktliste/", True),
    ("dashboard", "/nordby/intern/", True),
]


@pytest.mark.parametrize("label, path, internal", ROSTER_PAGES, ids=[p[0] for p in ROSTER_PAGES])
def test_roster_pages_constant_queries(client, as_secretary, council, label, path, internal):
    browser = as_secretary if internal else client
    if not internal:
        browser.logout()
    small, _ = measure(browser, path, "Udsatterådet Nordby")

    grow(council, 10)  # 10 members + 10 personal substitutes, and a guest, a nomination, positions

    large, response = measure(browser, path, "Udsatterådet Nordby")
    assert_same_count(path, small, large)
    body = response.content.decode()
    if label in ("public members", "directory") or label.startswith("roster"):
        # The page really lists the new rows (so the count is not constant by showing nothing).
        assert body.count("Suppleant ") >= 12, label


def test_roster_counts_grow_with_the_rows(as_secretary, council):
    """Guard for the test above: the new rows are on the roster, with substitutes and positions."""
    before, _ = measure(as_secretary, "/nordby/intern/medlemmer/", "Medlem")
    grow(council, 10)
    _, response = measure(as_secretary, "/nordby/intern/medlemmer/", "Medlem")
    body = response.content.decode()
    assert "havde rådet 12 medlemmer og 12 suppleanter" in body  # 2 + 10 (the nominee waits, the leaver left)
    assert "Formand" in body and "Næstformand" in body
    assert "Indstillet – afventer udpegning" in body


def test_calls_list_constant_queries(as_secretary, council):
    add_candidacies(make_call(council, "Opslag 0"), 3)
    small, _ = measure(as_secretary, "/nordby/intern/rekruttering/", "Opslag 0")

    for i in range(1, 21):
        add_candidacies(make_call(council, f"Opslag {i}"), 1)

    large, response = measure(as_secretary, "/nordby/intern/rekruttering/", "Opslag 20")
    assert_same_count("calls", small, large)
    assert response.content.decode().count("/intern/rekruttering/") >= 21


def test_call_detail_constant_queries(as_secretary, council):
    call = make_call(council)
    add_candidacies(call, 3)
    path = f"/nordby/intern/rekruttering/{call.pk}/"
    small, _ = measure(as_secretary, path, "Kandidat")

    add_candidacies(call, 21)  # 7 × (member, their substitute, a rejection)

    large, response = measure(as_secretary, path, "Kandidat")
    assert_same_count(path, small, large)
    assert "Kandidater <span class=\"stemme-meta\">(24)</span>" in response.content.decode()


def test_public_call_page_constant_queries(client, council):
    call = make_call(council)
    path = f"/nordby/opslag/{call.pk}/"
    small, _ = measure(client, path, "Send kandidatur")
    grow(council, 10)
    add_candidacies(call, 20)
    large, _ = measure(client, path, "Send kandidatur")
    assert_same_count(path, small, large)


def test_council_home_constant_queries(client, council):
    make_call(council, "Opslag 0")
    small, _ = measure(client, "/nordby/", "Opslag 0")
    for i in range(1, 21):
        make_call(council, f"Opslag {i}")
    large, _ = measure(client, "/nordby/", "Opslag 20")
    assert_same_count("/nordby/", small, large)


def test_landing_constant_queries(client, council, make_council):
    small, _ = measure(client, "/", "Udsatterådet Nordby")
    for i in range(20):
        make_council(f"raad-{i}", name=f"Rådet nummer {i}")
    large, response = measure(client, "/", "Rådet nummer 19")
    assert_same_count("/", small, large)
    assert response.content.decode().count("Kommune raad-") == 20


def test_account_home_constant_queries(client, council, make_council, make_user, add_member):
    """The logged-in start page lists the user's councils (from two: with one, a member of it goes
    straight to its start page)."""
    user = make_user("mange@example.org")
    services.council_secretary_add(council=council, user=user)
    services.council_secretary_add(council=make_council("soendby", name="Udsatterådet Søndby"), user=user)
    client.force_login(user)
    small, _ = measure(client, "/konto/", "Udsatterådet Nordby")
    for i in range(20):
        other = make_council(f"raad-{i}", name=f"Rådet nummer {i}")
        if i % 2:
            services.council_secretary_add(council=other, user=user)
        else:
            add_member(other, f"Mette {i}", user=user, email=f"mette{i}@example.org")
    large, _ = measure(client, "/konto/", "Rådet nummer 19")
    assert_same_count("/konto/", small, large)
