"""Standard items are computed as of a date and frozen when the agenda is sent: the texts state
the facts of the send date; computing them again is an explicit, audited action with a diff;
approved minutes never change."""

import datetime as dt
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent
from finance import services as finance_services
from meetings import standard_texts
from meetings.models import ActionStatus, AgendaItem, MeetingStatus, StandardItem
from meetings.selectors import agenda as selectors
from meetings.services import agenda as services
from meetings.services import minutes as minutes_services
from meetings.tests.agenda_builders import at, make_meeting, own_items, set_status

SENT = at("2026-04-14", 9)  # nine days before the April meeting: in time


def text_of(meeting, kind):
    return AgendaItem.objects.get(meeting=meeting, standard=kind).case_text


@pytest.fixture
def budget(council):
    finance_services.budget_set(council=council, year=2026, amount=Decimal(30_000))
    return finance_services.expense_create(council=council, date=dt.date(2026, 4, 2), category="catering",
                                           amount=Decimal(580), description="Forplejning til marts")


@pytest.fixture
def sent_april(april, secretary, budget, monkeypatch):
    """April's agenda, built and sent on 14 April 2026 (invitations are the attendance part's)."""
    from meetings.services import attendance

    monkeypatch.setattr(attendance, "invitations_send", lambda **kwargs: [])
    own_items(april)
    services.standard_items_create(meeting=april, actor=secretary, as_of=SENT.date())
    services.agenda_publish(meeting=april, actor=secretary, now=SENT)
    april.refresh_from_db()
    return april


# --- As of a date ---------------------------------------------------------------------------------

def test_every_builder_is_called_with_the_date_it_computes_for(april, monkeypatch):
    seen = {}
    monkeypatch.setitem(standard_texts._BUILDERS, StandardItem.ECONOMY,
                        lambda *, meeting, as_of: seen.setdefault("economy", as_of) and "Økonomi pr. dato")
    services.standard_items_create(meeting=april, as_of=dt.date(2026, 4, 10))
    assert seen == {"economy": dt.date(2026, 4, 10)}
    assert AgendaItem.objects.get(meeting=april, standard="economy").standard_as_of == dt.date(2026, 4, 10)


def test_the_economy_item_states_the_meetings_year_as_of_the_send_date(sent_april, council):
    text = text_of(sent_april, StandardItem.ECONOMY)
    assert text.startswith("Budget 2026: 30.000 kr. Afholdt 580 kr.")
    assert text.endswith("Opgjort den 14. april 2026.")
    # An expense registered after the send date and dated later was unknown then: it does not change
    # the sent text, nor does computing it again as of the send date.
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 20), category="catering",
                                    amount=Decimal(600), description="Forplejning til april")
    proposal = services.standard_items_changes(meeting=sent_april)
    assert proposal.as_of == dt.date(2026, 4, 14)
    assert StandardItem.ECONOMY not in {c.item.standard for c in proposal.changed}
    # A receipt registered late but dated before the send date was money spent by then: computing
    # again as of the send date shows it, with the same "Opgjort" date.
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 10), category="catering",
                                    amount=Decimal(200), description="Kaffe, glemt bon")
    economy = next(c for c in services.standard_items_changes(meeting=sent_april).changed
                   if c.item.standard == StandardItem.ECONOMY)
    assert "Afholdt 780 kr., disponeret 0 kr." in economy.new and economy.new.endswith("Opgjort den 14. april 2026.")


def test_the_standard_date_is_the_send_date_once_sent_else_today(april, secretary, monkeypatch):
    from meetings.services import attendance

    assert selectors.standard_as_of(april, today=dt.date(2026, 4, 1)) == dt.date(2026, 4, 1)
    monkeypatch.setattr(attendance, "invitations_send", lambda **kwargs: [])
    own_items(april)
    services.agenda_publish(meeting=april, actor=secretary, now=SENT)
    april.refresh_from_db()
    assert selectors.standard_as_of(april, today=dt.date(2026, 12, 1)) == dt.date(2026, 4, 14)


def test_an_action_item_closed_after_the_send_date_was_open_then(april, march, people):
    svar = march.action_items.get(title="Svar fra skolerne om morgenmad")
    minutes_services.action_item_update_status(action_item=svar, status=ActionStatus.DONE, note="Alle har svaret.",
                                               on=dt.date(2026, 4, 20))
    svar.refresh_from_db()
    assert svar.closed_on == dt.date(2026, 4, 20)
    before = services.approval_text(meeting=april, as_of=dt.date(2026, 4, 14))
    assert "• Svar fra skolerne om morgenmad – tovholder: René Falk – frist 31. marts 2026 (overskredet) – " \
           "status: Åben" in before
    assert "Alle har svaret" not in before
    assert "Svar fra skolerne" not in services.approval_text(meeting=april, as_of=dt.date(2026, 4, 21))


def test_closing_records_the_day_and_reopening_clears_it(march):
    action = march.action_items.filter(status="open").first()
    minutes_services.action_item_update_status(action_item=action, status=ActionStatus.DROPPED, on=dt.date(2026, 4, 2))
    assert action.closed_on == dt.date(2026, 4, 2)
    minutes_services.action_item_update_status(action_item=action, status=ActionStatus.DONE, on=dt.date(2026, 5, 1))
    assert action.closed_on == dt.date(2026, 4, 2)  # closed since 2 April, whatever the note says now
    minutes_services.action_item_update_status(action_item=action, status=ActionStatus.OPEN)
    assert action.closed_on is None
    with pytest.raises(ApplicationError, match="før mødet"):
        minutes_services.action_item_update_status(action_item=action, status=ActionStatus.DONE,
                                                   on=dt.date(2026, 3, 1))


def test_the_backlog_lists_only_items_written_by_the_date(april, council, people):
    item = services.item_propose(council=council, meeting=april, proposed_by=people["Nina"],
                                 title="Besøg af borgerrådgiveren", case_text="Efter sommerferien.",
                                 now=at("2026-03-25"))
    services.proposal_postpone(item=item)
    AgendaItem.objects.filter(pk=item.pk).update(created_at=at("2026-03-25"))  # written then
    assert "Besøg af borgerrådgiveren" in services.next_items_text(meeting=april, as_of=dt.date(2026, 4, 1))
    assert "Besøg af borgerrådgiveren" not in services.next_items_text(meeting=april, as_of=dt.date(2026, 3, 20))


# --- Frozen once sent -------------------------------------------------------------------------------

def test_a_sent_agenda_is_not_recomputed_without_confirmation(sent_april, council, secretary):
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 10), category="events",
                                    amount=Decimal(96), description="Kaffe til temadagen, registreret for sent")
    before = text_of(sent_april, StandardItem.ECONOMY)
    with pytest.raises(ApplicationError) as error:
        services.standard_items_refresh(meeting=sent_april, actor=secretary)
    assert error.value.code == "confirm_required"
    assert text_of(sent_april, StandardItem.ECONOMY) == before

    updated = services.standard_items_refresh(meeting=sent_april, actor=secretary, confirmed=True)
    assert [i.standard for i in updated] == ["economy"]
    after = text_of(sent_april, StandardItem.ECONOMY)
    assert "Arrangementer: afholdt 96 kr." in after and after.endswith("Opgjort den 14. april 2026.")
    event = AuditEvent.objects.get(action="meetings.agenda_item.standard_recomputed")
    assert event.actor == secretary
    assert event.before["case_text"] == before and event.after["case_text"] == after
    assert event.after["agenda_sent"] is True


def test_a_confirmation_applies_exactly_what_was_shown(sent_april, council, secretary):
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 10), category="events",
                                    amount=Decimal(96), description="Kaffe til temadagen")
    shown = {c.item.standard: c.digest for c in services.standard_items_changes(meeting=sent_april).changed}
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 11), category="events",
                                    amount=Decimal(48), description="Kage til temadagen")
    with pytest.raises(ApplicationError, match="har ændret sig"):
        services.standard_items_refresh(meeting=sent_april, actor=secretary, confirmed=True, expected=shown)
    assert "Arrangementer" not in text_of(sent_april, StandardItem.ECONOMY)


@pytest.mark.parametrize("status", [MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED])
def test_approved_minutes_are_never_recomputed(sent_april, secretary, status):
    set_status(sent_april, status)
    before = text_of(sent_april, StandardItem.ECONOMY)
    with pytest.raises(ApplicationError) as error:
        services.standard_items_refresh(meeting=sent_april, actor=secretary, confirmed=True)
    assert str(error.value) == ("Referatet af mødet er godkendt, så standardpunkternes tekst kan ikke ændres. Den "
                                "står, som dagsordenen blev udsendt og behandlet.")
    assert text_of(sent_april, StandardItem.ECONOMY) == before


def test_before_sending_refresh_applies_directly_and_a_hand_edit_is_marked(april, council):
    services.standard_items_create(meeting=april)
    economy = AgendaItem.objects.get(meeting=april, standard="economy")
    assert economy.standard_as_of is not None
    services.item_update(item=economy, case_text="Rettet i hånden.")
    economy.refresh_from_db()
    assert economy.standard_as_of is None
    change = next(c for c in services.standard_items_changes(meeting=april).changes if c.item.pk == economy.pk)
    assert change.hand_edited and change.changed
    finance_services.budget_set(council=council, year=2026, amount=Decimal(30_000))
    updated = services.standard_items_refresh(meeting=april)
    assert economy.pk in [i.pk for i in updated]
    assert AuditEvent.objects.filter(action="meetings.agenda_item.refreshed").exists()


def test_standard_items_cannot_be_added_after_sending(sent_april):
    AgendaItem.objects.filter(meeting=sent_april, standard="any_other").delete()
    with pytest.raises(ApplicationError, match="supplerende dagsorden"):
        services.standard_items_create(meeting=sent_april)


# --- The page -----------------------------------------------------------------------------------------

def _url(meeting):
    from django.urls import reverse

    return reverse("meetings:standard_items_refresh", args=[meeting.council.slug, meeting.pk])


def test_the_page_shows_the_diff_and_asks_to_confirm_a_sent_agenda(sent_april, council, secretary_client,
                                                                    secretary):
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 10), category="events",
                                    amount=Decimal(96), description="Kaffe til temadagen")
    page = secretary_client.get(_url(sent_april)).content.decode()
    assert "Dagsordenen er udsendt" in page and "14. april 2026" in page
    assert '<ins><span class="sr-only">Tilføjet: </span>' in page and "Arrangementer: afholdt 96 kr." in page
    assert "Bekræft og ret de udsendte tekster" in page
    assert "Uændret:" in page
    before = text_of(sent_april, StandardItem.ECONOMY)
    assert secretary_client.get(_url(sent_april)).status_code == 200 and text_of(sent_april, "economy") == before

    proposal = services.standard_items_changes(meeting=sent_april)
    data = {f"digest_{c.item.standard}": c.digest for c in proposal.changed} | {"apply_economy": "on"}
    response = secretary_client.post(_url(sent_april), data, follow=True)
    assert "Teksten i “Økonomi” er beregnet igen." in response.content.decode()
    assert "Arrangementer: afholdt 96 kr." in text_of(sent_april, StandardItem.ECONOMY)
    assert AuditEvent.objects.filter(action="meetings.agenda_item.standard_recomputed", actor=secretary).count() == 1


def test_nothing_chosen_is_a_danish_error_and_changes_nothing(sent_april, council, secretary_client):
    finance_services.expense_create(council=council, date=dt.date(2026, 4, 10), category="events",
                                    amount=Decimal(96), description="Kaffe til temadagen")
    before = text_of(sent_april, StandardItem.ECONOMY)
    response = secretary_client.post(_url(sent_april), {})
    assert response.status_code == 400
    assert "Vælg mindst ét punkt, der skal have den nye tekst." in response.content.decode()
    assert text_of(sent_april, StandardItem.ECONOMY) == before


def test_the_page_refuses_approved_minutes(sent_april, secretary_client):
    set_status(sent_april, MeetingStatus.MINUTES_PUBLISHED)
    page = secretary_client.get(_url(sent_april)).content.decode()
    assert "standardpunkternes tekst kan ikke ændres" in page and "Bekræft" not in page
    assert secretary_client.post(_url(sent_april), {"apply_economy": "on"}).status_code == 200


def test_the_page_runs_a_constant_number_of_queries(sent_april, council, people, secretary_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert secretary_client.get(_url(sent_april)).status_code == 200
        return len(ctx)

    count()  # the first request warms up the session
    first = count()
    for n in range(8):
        finance_services.expense_create(council=council, date=dt.date(2026, 4, 3), category="other",
                                        amount=Decimal(10 + n), description=f"Udgift {n}")
        services.item_create(meeting=make_meeting(council, f"2026-05-0{n + 1}"), title=f"Senere punkt {n}")
    assert count() == first
