"""The reading link's pages without a login (/l/<token>/ and /k/<code>/), and the secretariat's
one-click answers on the attendance page: what the page shows, that every address it links to
checks the token, attachments only through their own link, the refusal pages (404 / 410 / 429),
a constant number of queries, and "Afbud pr. telefon" / "Kommer (telefon)" / "Luk personligt link"."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from councils import services as council_services
from meetings.models import AgendaItem, AnswerChannel, Attendance, AttendanceStatus, MeetingStatus
from meetings.selectors import reading
from meetings.selectors.attendance import afbud_token
from meetings.services import agenda as agenda_services
from meetings.services import attendance as services
from meetings.tests.agenda_builders import pdf_bytes, set_status, upload
from meetings.tests.attendance_builders import attendance_of, begin

pytestmark = pytest.mark.attendance_rules


@pytest.fixture
def phone(council):
    council.phone = "43 66 00 00"
    council.save()
    return council.phone


@pytest.fixture
def files(meeting, media_root):
    """An attachment on an open item and one on the closed item."""
    items = {i.title: i for i in AgendaItem.objects.filter(meeting=meeting)}
    open_file = agenda_services.attachment_add(item=items["Økonomi"], file=upload("budget.pdf", pdf_bytes()))
    closed_file = agenda_services.attachment_add(item=items["Henvendelse om en konkret bolig"],
                                                 file=upload("bolig.pdf", pdf_bytes()))
    return {"open": open_file, "closed": closed_file}


def url(attendance, name="reading", *args):
    return reverse(name, args=[reading.reading_token(attendance), *args])


def links_on(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


# --- The page --------------------------------------------------------------------------------------

def test_the_page_shows_the_meeting_the_agenda_and_the_answer_buttons(client, meeting, invited, files, phone):
    anna = attendance_of(meeting, "Anna Andersen")

    response = client.get(url(anna))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hej Anna Andersen." in page and "Rådhuset, mødelokale 2" in page
    assert "https://www.openstreetmap.org/search?query=R%C3%A5dhuset%2C%20m%C3%B8delokale%202" in page
    assert page.count('data-testid="agenda-item"') == 8 and "Henvendelse om en konkret bolig" in page
    assert "Jeg kommer" in page and "Meld afbud" in page and "43 66 00 00" in page
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_every_address_on_the_page_is_under_the_link_itself(client, meeting, invited, files, phone):
    anna = attendance_of(meeting, "Anna Andersen")
    own = url(anna)

    for link in links_on(client.get(own).content.decode()):
        assert (link.startswith(own) or link.startswith("/static/") or link.startswith("#")
                or link.startswith("https://www.openstreetmap.org/") or link.startswith(("tel:", "mailto:"))
                or link.startswith("data:")), link


def test_attachments_only_through_their_own_link(client, meeting, invited, files):
    anna, eva = attendance_of(meeting, "Anna Andersen"), attendance_of(meeting, "Eva Eskildsen")

    ok = client.get(url(anna, "reading_attachment", files["closed"].pk))
    assert ok.status_code == 200 and ok["Cache-Control"] == "private, no-store"
    # Another meeting's or council's attachment id, or a made-up one: 404.
    assert client.get(url(anna, "reading_attachment", 999999)).status_code == 404
    # An altered token: the refusal page, no file.
    token = reading.reading_token(eva)
    assert client.get(reverse("reading_attachment", args=[token + "x", files["open"].pk])).status_code == 404
    # A closed link opens no attachment either.
    services.reading_link_revoke(attendance=eva, actor=None)
    assert client.get(reverse("reading_attachment", args=[token, files["open"].pk])).status_code == 410
    # The internal attachment address still asks for a login.
    internal = client.get(reverse("meetings:attachment", args=["nordby", meeting.pk, files["closed"].pk]))
    assert internal.status_code in (302, 403)


def test_someone_not_entitled_sees_neither_the_closed_item_nor_its_attachment(client, meeting, invited, files,
                                                                                 roster):
    from django.utils import timezone

    council_services.membership_end(membership=roster["finn"], end=timezone.localdate(), reason="moved")
    set_status(meeting, MeetingStatus.AGENDA_PUBLISHED)
    finn = attendance_of(meeting, "Finn Frost")

    page = client.get(url(finn)).content.decode()

    assert "Henvendelse om en konkret bolig" not in page and "bolig.pdf" not in page
    assert "Der er også 1 lukket punkt." in page
    assert client.get(url(finn, "reading_attachment", files["closed"].pk)).status_code == 404
    assert client.get(url(finn, "reading_attachment", files["open"].pk)).status_code == 200


def test_the_page_costs_the_same_queries_for_one_item_or_many(client, meeting, invited, media_root,
                                                              django_assert_max_num_queries):
    anna = attendance_of(meeting, "Anna Andersen")
    with django_assert_max_num_queries(12) as few:
        client.get(url(anna))
    for n in range(12):
        item = agenda_services.item_create(meeting=meeting, title=f"Ekstra punkt {n}")
        agenda_services.attachment_add(item=item, file=upload(f"bilag-{n}.pdf", pdf_bytes()))
    assert AgendaItem.objects.filter(meeting=meeting).count() == 20
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url(anna)).content.decode()
    assert page.count('data-testid="agenda-item"') == 20


# --- Answers behind the link ---------------------------------------------------------------------------

def test_jeg_kommer_in_one_tap(client, meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")

    response = client.post(url(anna, "reading_coming"), follow=True)

    anna.refresh_from_db()
    assert anna.coming_at is not None and anna.answered_via == AnswerChannel.LINK
    assert "Du har sagt, at du kommer." in response.content.decode()


def test_meld_afbud_in_one_tap_then_fortryd(client, meeting, invited):
    carl = attendance_of(meeting, "Carl Christensen")

    response = client.post(url(carl, "reading_afbud"), follow=True)

    carl.refresh_from_db()
    assert carl.status == AttendanceStatus.AFBUD and carl.answered_via == AnswerChannel.LINK
    page = response.content.decode()
    assert "Du har meldt afbud." in page and "Fortryd afbud" in page
    assert attendance_of(meeting, "Dorte Dahl").stands_in_for == carl  # the substitute is called in

    client.post(url(carl, "reading_withdraw"))
    carl.refresh_from_db()
    assert carl.status == AttendanceStatus.INVITED


def test_afbud_with_a_note_and_a_cpr_number_refused(client, meeting, invited):
    carl = attendance_of(meeting, "Carl Christensen")

    refused = client.post(url(carl, "reading_afbud"), {"note": "Mit cpr er 010203-1234"})
    assert refused.status_code == 400 and "010203-1234" in refused.content.decode()  # kept, not saved
    assert attendance_of(meeting, "Carl Christensen").status == AttendanceStatus.INVITED

    client.post(url(carl, "reading_afbud"), {"note": "Jeg er syg"})
    assert attendance_of(meeting, "Carl Christensen").afbud_note == "Jeg er syg"


def test_after_the_start_the_agenda_is_readable_but_afbud_is_over(client, meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    begin(meeting)

    page = client.get(url(anna)).content.decode()
    assert "Mødet er begyndt" in page and 'data-testid="reading-afbud"' not in page
    assert page.count('data-testid="agenda-item"') == 8
    client.post(url(anna, "reading_afbud"))
    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.INVITED


def test_the_link_accepts_no_get_for_its_buttons(client, meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    for name in ("reading_coming", "reading_afbud", "reading_withdraw"):
        assert client.get(url(anna, name)).status_code == 405


# --- Refusals ---------------------------------------------------------------------------------------

def test_an_altered_or_wrong_kind_of_link_is_a_404_page(client, meeting, invited):
    anna = attendance_of(meeting, "Anna Andersen")
    for token in (reading.reading_token(anna)[:-2], afbud_token(anna), "noget"):
        response = client.get(reverse("reading", args=[token]))
        assert response.status_code == 404 and "Linket virker ikke" in response.content.decode()
    # … and a reading token does not open the afbud page.
    assert client.get(reverse("afbud", args=[reading.reading_token(anna)])).status_code == 400


def test_a_closed_link_is_gone_with_the_phone_to_call(client, meeting, invited, phone):
    anna = attendance_of(meeting, "Anna Andersen")
    services.reading_link_revoke(attendance=anna, actor=None)

    response = client.get(url(anna))

    page = response.content.decode()
    assert response.status_code == 410
    assert "Sekretariatet har lukket dit personlige link." in page and "43 66 00 00" in page
    assert client.post(url(anna, "reading_afbud")).status_code == 410
    assert attendance_of(meeting, "Anna Andersen").status == AttendanceStatus.INVITED


def test_after_approved_minutes_the_link_is_gone(client, meeting, invited, phone):
    anna = attendance_of(meeting, "Anna Andersen")
    set_status(meeting, MeetingStatus.MINUTES_APPROVED)

    response = client.get(url(anna))

    assert response.status_code == 410
    assert "referatet er godkendt" in response.content.decode() and "43 66 00 00" in response.content.decode()


# --- The short code -------------------------------------------------------------------------------

def test_the_short_code_opens_the_same_page(client, meeting, invited):
    eva = attendance_of(meeting, "Eva Eskildsen")
    typed = f"{eva.short_code[:3].lower()} {eva.short_code[3:]}"

    response = client.get(reverse("reading_short", args=[typed]))

    assert response.status_code == 302 and response["Location"] == url(eva)
    assert client.get(response["Location"]).status_code == 200


def test_an_unknown_or_closed_code(client, meeting, invited):
    eva = attendance_of(meeting, "Eva Eskildsen")
    assert client.get(reverse("reading_short", args=["ZZZZZZ"])).status_code == 404
    services.reading_link_revoke(attendance=eva, actor=None)
    assert client.get(reverse("reading_short", args=[eva.short_code])).status_code == 410


def test_short_code_lookups_are_rate_limited_per_address(meeting, invited, settings):
    settings.STEMME_RATE_LIMITS = {"meetings.short_code": "5/h"}
    eva = attendance_of(meeting, "Eva Eskildsen")
    guesser, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")

    statuses = [guesser.get(reverse("reading_short", args=[f"AAAA{n:02d}"])).status_code for n in range(5)]
    blocked = guesser.get(reverse("reading_short", args=[eva.short_code]))

    assert statuses == [404] * 5
    assert blocked.status_code == 429 and "Vent" in blocked.content.decode() and blocked["Retry-After"]
    assert neighbour.get(reverse("reading_short", args=[eva.short_code])).status_code == 302


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%"),
                    min_size=1, max_size=30))
def test_any_code_is_a_page_or_a_refusal_never_a_500(client, meeting, invited, code):
    try:
        path = reverse("reading_short", args=[code])
    except Exception:  # noqa: BLE001 – not a URL at all (e.g. only spaces): nothing to ask
        return
    response = client.get(path)
    assert response.status_code in (302, 404, 410, 429)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%"),
                     min_size=1, max_size=80))
def test_any_token_is_a_refusal_never_a_500(client, meeting, invited, token):
    try:
        path = reverse("reading", args=[token])
    except Exception:  # noqa: BLE001
        return
    assert client.get(path).status_code in (404, 410)


# --- The secretariat's attendance page -------------------------------------------------------------

def attendance_url(meeting):
    return reverse("meetings:attendance", args=["nordby", meeting.pk])


def answer(client, meeting, attendance, action):
    return client.post(reverse("meetings:attendance_answer", args=["nordby", meeting.pk, attendance.pk]),
                       {"action": action})


def test_phone_afbud_in_one_click_with_undo(secretary_client, secretary, meeting, invited):
    carl = attendance_of(meeting, "Carl Christensen")

    response = answer(secretary_client, meeting, carl, "afbud")

    assert response.status_code == 302 and response["Location"].endswith(f"#person-{carl.pk}")
    carl.refresh_from_db()
    assert carl.status == AttendanceStatus.AFBUD and carl.answered_via == AnswerChannel.PHONE
    event = AuditEvent.objects.get(action="meetings.attendance.afbud", object_id=str(carl.pk))
    assert event.actor == secretary
    page = secretary_client.get(attendance_url(meeting)).content.decode()
    assert "Afbud fra Carl Christensen er registreret (telefon)." in page and "Fortryd afbud" in page

    answer(secretary_client, meeting, carl, "afbud_undo")
    assert attendance_of(meeting, "Carl Christensen").status == AttendanceStatus.INVITED


def test_phone_coming_counts_on_the_page_with_undo(secretary_client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    services.afbud_register(attendance=attendance_of(meeting, "Eva Eskildsen"), via=AnswerChannel.SMS)

    answer(secretary_client, meeting, finn, "coming")

    finn.refresh_from_db()
    assert finn.coming_at is not None and finn.answered_via == AnswerChannel.PHONE
    page = secretary_client.get(attendance_url(meeting)).content.decode()
    assert "Forventet: 1 kommer, 1 afbud, 3 har ikke svaret." in page
    assert "Kun 1 med stemmeret har sagt “Jeg kommer”. Der skal være 2." in page

    answer(secretary_client, meeting, finn, "coming_undo")
    assert attendance_of(meeting, "Finn Frost").coming_at is None


def test_an_unknown_action_changes_nothing(secretary_client, meeting, invited):
    finn = attendance_of(meeting, "Finn Frost")
    answer(secretary_client, meeting, finn, "slet")
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED


def test_close_a_personal_link_from_the_attendance_page(secretary_client, client, meeting, invited):
    eva = attendance_of(meeting, "Eva Eskildsen")
    token = reading.reading_token(eva)

    secretary_client.post(reverse("meetings:reading_link_revoke", args=["nordby", meeting.pk, eva.pk]))

    assert Attendance.objects.get(pk=eva.pk).reading_revoked_at is not None
    assert Client().get(reverse("reading", args=[token])).status_code == 410
    page = secretary_client.get(attendance_url(meeting)).content.decode()
    assert "Det personlige link til Eva Eskildsen er lukket." in page and 'data-testid="link-closed"' in page


def test_only_the_secretariat_answers_for_others(client, meeting, invited, anna_user):
    client.force_login(anna_user)
    finn = attendance_of(meeting, "Finn Frost")
    assert answer(client, meeting, finn, "afbud").status_code == 403
    assert client.post(reverse("meetings:reading_link_revoke", args=["nordby", meeting.pk, finn.pk])).status_code == 403
    assert attendance_of(meeting, "Finn Frost").status == AttendanceStatus.INVITED


def test_another_councils_attendance_is_a_404(secretary_client, meeting, invited, other_council, add_member):
    from meetings.tests.attendance_builders import make_meeting

    add_member(other_council, "Ole Olsen")
    foreign_meeting = make_meeting(other_council)
    services.invitations_send(meeting=foreign_meeting, actor=None)
    ole = Attendance.objects.get(meeting=foreign_meeting)
    response = secretary_client.post(reverse("meetings:attendance_answer", args=["nordby", meeting.pk, ole.pk]),
                                     {"action": "afbud"})
    assert response.status_code == 404


# --- The member's own page ------------------------------------------------------------------------

def test_jeg_kommer_on_the_members_own_page(client, meeting, invited, anna_user):
    client.force_login(anna_user)
    own = reverse("meetings:my_attendance", args=["nordby", meeting.pk])
    assert 'data-testid="my-confirm"' in client.get(own).content.decode()

    response = client.post(reverse("meetings:my_attendance_confirm", args=["nordby", meeting.pk]), follow=True)

    anna = attendance_of(meeting, "Anna Andersen")
    assert anna.coming_at is not None and anna.answered_via == AnswerChannel.PAGE
    page = response.content.decode()
    assert "Du har sagt, at du kommer." in page and 'data-testid="my-confirm"' not in page
