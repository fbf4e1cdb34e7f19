"""Notice and the supplementary agenda: an agenda sent later than the rules' notice needs a
reason; once sent, the numbers the members have never change – an item added afterwards gets a
number like "4a" and goes out on a supplementary agenda (*supplerende dagsorden*) to everyone
invited; moving items after sending keeps their numbers and says so."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import AuditEvent
from councils import services as council_services
from meetings import documents
from meetings.models import AgendaItem, AttendanceStatus, MeetingStatus
from meetings.selectors import agenda as selectors
from meetings.services import agenda as services
from meetings.services import attendance as attendance_services
from meetings.tests.agenda_builders import at, own_items, set_status
from notifications.models import OutboxMessage

ON_TIME = at("2026-04-14", 9)    # the April meeting is on 23 April at 16; seven days' notice
LATE = at("2026-04-20", 9)


def numbers(meeting):
    return [(i.number, i.title) for i in selectors.items_for_meeting(meeting=meeting)]


# --- Notice ---------------------------------------------------------------------------------------

def test_sending_late_needs_a_reason_which_is_recorded(april, secretary):
    own_items(april)
    with pytest.raises(ApplicationError) as error:
        services.agenda_publish(meeting=april, actor=secretary, now=LATE)
    assert error.value.field == "late_reason"
    assert str(error.value) == ("Dagsordenen skulle have været udsendt senest 16. april 2026 kl. 16.00 efter "
                                "forretningsordenen. Skriv, hvorfor den udsendes senere – begrundelsen gemmes ved "
                                "mødet.")
    april.refresh_from_db()
    assert april.status == MeetingStatus.PLANNED
    services.agenda_publish(meeting=april, actor=secretary, now=LATE, late_reason="  Mødet blev flyttet.  ")
    april.refresh_from_db()
    assert april.status == MeetingStatus.AGENDA_PUBLISHED and april.agenda_late_reason == "Mødet blev flyttet."
    event = AuditEvent.objects.get(action="meetings.agenda.published")
    assert event.after["agenda_late_reason"] == "Mødet blev flyttet." and event.after["late"] is True


def test_in_time_no_reason_is_asked_or_kept(april, secretary):
    own_items(april)
    services.agenda_publish(meeting=april, actor=secretary, now=ON_TIME, late_reason="Ingen grund")
    april.refresh_from_db()
    assert april.agenda_late_reason == "" and april.agenda_published_at == ON_TIME


def test_the_notice_is_that_of_the_rules_in_force_on_the_meeting_day(april, council, secretary):
    council_services.rules_update(council=council, actor=secretary, valid_from=dt.date(2026, 4, 1),
                                  agenda_notice_days=10)
    own_items(april)
    assert selectors.agenda_notice_deadline(meeting=april) == at("2026-04-13")
    with pytest.raises(ApplicationError, match="senest 13. april 2026"):
        services.agenda_publish(meeting=april, actor=secretary, now=ON_TIME)


def test_the_publish_page_warns_and_asks_for_the_reason(april, secretary_client):
    own_items(april)
    url = reverse("meetings:agenda_publish", args=[april.council.slug, april.pk])
    page = secretary_client.get(url).content.decode()
    assert "Dagsordenen udsendes for sent" in page and 'name="late_reason"' in page
    response = secretary_client.post(url, {"late_reason": ""})
    assert response.status_code == 400
    assert "Skriv, hvorfor dagsordenen udsendes senere end forretningsordenens frist." in response.content.decode()
    april.refresh_from_db()
    assert april.status == MeetingStatus.PLANNED
    response = secretary_client.post(url, {"late_reason": "Formanden var syg."}, follow=True)
    assert "Dagsordenen er udsendt." in response.content.decode()
    april.refresh_from_db()
    assert april.agenda_late_reason == "Formanden var syg."
    meeting_page = secretary_client.get(reverse("meetings:meeting", args=[april.council.slug, april.pk]))
    assert "Begrundelse: Formanden var syg." in meeting_page.content.decode()


# --- Numbers freeze when the agenda is sent --------------------------------------------------------

@pytest.fixture
def sent(april, secretary, people):
    own_items(april)
    services.standard_items_create(meeting=april, as_of=ON_TIME.date())
    services.agenda_publish(meeting=april, actor=secretary, now=ON_TIME)
    april.refresh_from_db()
    return april


def test_an_item_added_after_sending_gets_a_number_that_changes_no_other(sent, council, people):
    before = numbers(sent)
    assert before[:3] == [(1, "Godkendelse af referat og dagsorden"), (2, "Fokus på socialt frikort"),
                          (3, "Udkast til årsberetning")]
    late = services.item_create(meeting=sent, title="Tandpleje for udsatte")
    assert late.supplementary and late.sent_number == "5a" and late.number_label == "5a"
    after = numbers(sent)
    assert [n for n, _ in after if n != "5a"] == [n for n, _ in before]
    assert after[5] == ("5a", "Tandpleje for udsatte") and after[6][1] == "Økonomi"
    second = services.item_create(meeting=sent, title="Borgerrådgiveren", position=2)
    assert second.sent_number == "1a"
    third = services.item_create(meeting=sent, title="Velkomst", position=1)
    assert third.sent_number == "1b"  # never above item 1: after it, with the next free letter
    assert [n for n, _ in numbers(sent)][:4] == [1, "1b", "1a", 2]


def test_an_accepted_proposal_after_sending_is_supplementary(sent, council, people):
    proposal = services.item_propose(council=council, meeting=sent, proposed_by=people["Søren"], title="Tandpleje",
                                     case_text="Kan kommunen hjælpe?", now=at("2026-04-01"))
    services.proposal_accept(item=proposal)
    proposal.refresh_from_db()
    assert proposal.supplementary and proposal.sent_number == "5a"


def test_moving_after_sending_keeps_the_numbers_and_says_so(sent, secretary):
    report = AgendaItem.objects.get(meeting=sent, title="Udkast til årsberetning")
    services.item_move(item=report, direction="down", actor=secretary)
    items = selectors.items_for_meeting(meeting=sent)
    assert [(i.number, i.title) for i in items][2:4] == [(4, "Mødet med Social- og Sundhedsudvalget"),
                                                          (3, "Udkast til årsberetning")]
    assert selectors.order_changed(items)
    html = documents.document_html(sent, "agenda")
    assert "Rækkefølgen er ændret, efter dagsordenen blev udsendt." in html


def test_postponing_a_sent_item_leaves_its_number_unused(sent):
    item = AgendaItem.objects.get(meeting=sent, title="Udkast til årsberetning")
    services.proposal_postpone(item=item)
    item.refresh_from_db()
    assert item.sent_number == "" and not item.supplementary
    assert [n for n, _ in numbers(sent)][:4] == [1, 2, 4, 5]


# --- The supplementary agenda ---------------------------------------------------------------------

def test_the_supplementary_agenda_goes_to_everyone_invited(sent, secretary, people):
    sent.attendances.filter(person=people["Nina"]).update(status=AttendanceStatus.AFBUD)  # Nina sent afbud
    invited = set(sent.attendances.filter(invited_at__isnull=False).values_list("person_id", flat=True))
    late = services.item_create(meeting=sent, title="Tandpleje for udsatte")
    page = [i for i in selectors.items_for_meeting(meeting=sent) if i.pk == late.pk][0]
    assert selectors.supplement_pending(items=[page]) == [page]

    messages = services.supplement_send(meeting=sent, actor=secretary, now=ON_TIME + dt.timedelta(days=2))
    assert {m.person_id for m in messages} == invited and people["Nina"].pk in invited
    assert all(m.kind == "meetings.supplementary_agenda" for m in messages)
    jette = next(m for m in messages if m.person == people["Jette"])
    assert jette.subject == "Supplerende dagsorden: Udsatterådet Nordby 23. april 2026"
    assert "5a. Tandpleje for udsatte" in jette.body
    assert "De andre punkter har de samme numre som på den dagsorden, du har fået." in jette.body
    assert [a["builder"] for a in jette.attachments] == ["meetings.agenda_pdf"]
    late.refresh_from_db()
    assert late.supplement_sent_at is not None
    assert AuditEvent.objects.get(action="meetings.agenda.supplement_sent").after["numbers"] == ["5a"]
    with pytest.raises(ApplicationError, match="Der er ingen nye punkter at udsende."):
        services.supplement_send(meeting=sent, actor=secretary, now=ON_TIME + dt.timedelta(days=2))


def test_no_supplementary_agenda_once_the_meeting_has_begun(sent, secretary):
    services.item_create(meeting=sent, title="Tandpleje for udsatte")
    with pytest.raises(ApplicationError, match="før mødet begynder"):
        services.supplement_send(meeting=sent, actor=secretary, now=sent.starts_at)
    set_status(sent, MeetingStatus.HELD)
    with pytest.raises(ApplicationError, match="før mødet begynder"):
        services.supplement_send(meeting=sent, actor=secretary, now=ON_TIME)
    assert not OutboxMessage.objects.filter(kind="meetings.supplementary_agenda").exists()


def test_the_agenda_pdf_and_pages_mark_supplementary_items(sent, secretary_client, member_client):
    services.item_create(meeting=sent, title="Tandpleje for udsatte")
    html = documents.document_html(sent, "agenda")
    assert "5a.</span>Tandpleje for udsatte" in html and "Supplerende punkt" in html
    assert "Punkt 5a er kommet på dagsordenen, efter den blev udsendt (supplerende punkt)." in html
    read = member_client.get(reverse("meetings:agenda_read", args=[sent.council.slug, sent.pk])).content.decode()
    assert "5a.</span> Tandpleje for udsatte" in read and 'data-testid="supplementary"' in read


def test_adding_after_sending_leads_to_sending_the_supplement(sent, secretary_client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: ON_TIME + dt.timedelta(days=1))
    url = reverse("meetings:item_create", args=[sent.council.slug, sent.pk])
    response = secretary_client.post(url, {"kind": "decision", "title": "Tandpleje for udsatte"})
    supplement = reverse("meetings:supplement_send", args=[sent.council.slug, sent.pk])
    assert response.status_code == 302 and response["Location"] == supplement
    page = secretary_client.get(supplement).content.decode()
    assert "5a.</strong> Tandpleje for udsatte" in page and 'data-testid="supplement-recipients"' in page
    builder = secretary_client.get(reverse("meetings:agenda", args=[sent.council.slug, sent.pk])).content.decode()
    assert "Udsend supplerende dagsorden" in builder
    response = secretary_client.post(supplement, follow=True)
    assert "Den supplerende dagsorden er lagt i udbakken til" in response.content.decode()
    assert OutboxMessage.objects.filter(kind="meetings.supplementary_agenda").count() == \
        sent.attendances.filter(invited_at__isnull=False).count()


def test_invitations_number_the_items_as_the_agenda(sent, council, add_member, secretary):
    services.item_create(meeting=sent, title="Tandpleje for udsatte")
    newcomer = add_member(council, "Ib Ny", start=dt.date(2026, 4, 20))
    messages = attendance_services.invitations_send(meeting=sent, actor=secretary)  # only the newcomer
    assert [m.person for m in messages] == [newcomer.person]
    assert "\n5. Emner udsættes til efteråret\n5a. Tandpleje for udsatte\n6. Økonomi\n" in messages[0].body
