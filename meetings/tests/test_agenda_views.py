"""Request-level tests of the agenda pages: what they show, bad input (clear Danish messages,
nothing typed lost), reordering with and without htmx, permissions, tenancy and query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.validators import CPR_MESSAGE
from meetings.models import AgendaItem, Attachment, MeetingStatus, ProposalStatus
from meetings.services import agenda as services
from meetings.tests.agenda_builders import at, make_meeting, own_items, pdf_bytes, set_status, upload

CPR = "010190-1234"


def text(response) -> str:
    return response.content.decode()


def agenda_url(meeting, name="meetings:agenda", *extra):
    return reverse(name, args=[meeting.council.slug, meeting.pk, *extra])


def positions(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting, proposal_status="accepted")
                .order_by("position").values_list("title", flat=True))


@pytest.fixture
def built(april, council, people, media_root):
    """The April agenda as the secretariat builds it: own items, standard items, a closed item
    with an attachment, a pending proposal, a declined one and a backlog item."""
    items = own_items(april)
    services.attachment_add(item=items[1], file=upload("aarsberetning.pdf", pdf_bytes()))
    services.item_update(item=items[3], closed=True, publish_title=True, responsible=people["Jette"])
    services.standard_items_create(meeting=april)
    services.item_propose(council=council, meeting=april, proposed_by=people["Søren"], title="Tandlægebesøg",
                          case_text="Mange kender ikke støtten.", now=at("2026-03-20"))
    declined = services.item_propose(council=council, meeting=april, proposed_by=people["René"], title="Vederlag",
                                     case_text="Andre råd får vederlag.", now=at("2026-03-20"))
    services.proposal_decline(item=declined, reason="Rådet er ikke lovpligtigt.")
    later = services.item_propose(council=council, meeting=april, proposed_by=people["Nina"],
                                  title="Besøg af borgerrådgiveren", case_text="Efter sommerferien.",
                                  now=at("2026-03-20"))
    services.proposal_postpone(item=later)
    return items


# --- The builder --------------------------------------------------------------------------------

def test_builder_shows_the_numbered_agenda_with_badges_details_and_attachments(april, built, secretary_client):
    response = secretary_client.get(agenda_url(april))
    assert response.status_code == 200
    page = text(response)
    numbers = re.findall(r'stemme-agenda-number">(\d+)\.</span> ([^<]+)</h3>', page)
    assert numbers[:3] == [("1", "Godkendelse af referat og dagsorden"), ("2", "Fokus på socialt frikort"),
                           ("3", "Udkast til årsberetning")]
    assert numbers[-1] == ("10", "Eventuelt")
    assert "Beslutningspunkt" in page and "Orienteringspunkt" in page
    assert "Lukket punkt" in page and "Overskriften offentliggøres" in page
    assert "Ansvarlig: Jette Holm" in page
    # Case text and recommendation are collapsed in a <details>.
    assert '<details class="details">' in page and "Interview med lokalavisen om frikortet" in page
    att = Attachment.objects.get()
    assert reverse("meetings:attachment", args=[april.council.slug, april.pk, att.pk]) in page
    assert "aarsberetning.pdf" in page
    # Actions, proposals and backlog.
    for label in ("Tilføj punkt", "Tilføj standardpunkter", "Udsend dagsorden", "Tandlægebesøg",
                  "Afvis med begrundelse", "Rådet er ikke lovpligtigt.", "Besøg af borgerrådgiveren",
                  "Sæt på dette møde", "Frist for medlemmernes forslag: 9. april 2026 kl. 16.00."):
        assert label in page, label


def test_move_buttons_are_real_buttons_named_for_their_item_and_enhanced_with_htmx(april, built, secretary_client):
    page = text(secretary_client.get(agenda_url(april)))
    first = AgendaItem.objects.get(meeting=april, standard="approval")
    last = AgendaItem.objects.get(meeting=april, standard="any_other")
    item = built[2]
    move_url = agenda_url(april, "meetings:item_move", item.pk)
    assert (f'<button type="submit" id="move-up-{item.pk}" class="button button-secondary" '
            f'aria-label="Flyt op: punkt 4, Mødet med Social- og Sundhedsudvalget">Flyt op</button>') in page
    assert f'action="{move_url}" hx-post="{move_url}" hx-target="#agenda-items"' in page
    assert re.search(rf'id="move-up-{first.pk}"[^>]*aria-disabled="true"', page)
    assert re.search(rf'id="move-down-{last.pk}"[^>]*aria-disabled="true"', page)
    assert 'id="agenda-move-status"' in page and 'role="status"' in page


def test_moving_without_javascript_redirects_back_to_the_item_with_focus(april, built, secretary_client):
    item = built[2]  # number 4
    response = secretary_client.post(agenda_url(april, "meetings:item_move", item.pk), {"direction": "up"})
    expected = f"{agenda_url(april)}?flyttet={item.pk}&retning=up#item-{item.pk}"
    assert response.status_code == 302 and response["Location"] == expected
    assert positions(april)[2:4] == ["Mødet med Social- og Sundhedsudvalget", "Udkast til årsberetning"]
    page = text(secretary_client.get(expected))
    assert "“Mødet med Social- og Sundhedsudvalget” er flyttet til nummer 3." in page
    assert re.search(rf'id="move-up-{item.pk}"[^>]*autofocus', page)


def test_moving_with_htmx_swaps_the_list_and_announces_the_move(april, built, secretary_client):
    item = built[2]
    response = secretary_client.post(agenda_url(april, "meetings:item_move", item.pk), {"direction": "down"},
                                     HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith('<div id="agenda-items">') and "<html" not in page
    assert ('<div id="agenda-move-status" hx-swap-oob="innerHTML">“Mødet med Social- og Sundhedsudvalget” er '
            "flyttet til nummer 5.</div>") in page
    # The pressed button keeps its id (htmx restores focus to it) and carries autofocus.
    assert re.search(rf'id="move-down-{item.pk}"[^>]*autofocus', page)
    assert positions(april)[3:5] == ["Emner udsættes til efteråret", "Mødet med Social- og Sundhedsudvalget"]


def test_moving_the_first_item_up_changes_nothing_and_says_so(april, built, secretary_client):
    first = AgendaItem.objects.get(meeting=april, standard="approval")
    before = positions(april)
    response = secretary_client.post(agenda_url(april, "meetings:item_move", first.pk), {"direction": "up"},
                                     HTTP_HX_REQUEST="true")
    assert "“Godkendelse af referat og dagsorden” er allerede nummer 1." in text(response)
    assert positions(april) == before


def test_moving_after_the_minutes_are_approved_is_refused_with_a_message(april, built, secretary_client):
    set_status(april, MeetingStatus.MINUTES_APPROVED)
    before = positions(april)
    response = secretary_client.post(agenda_url(april, "meetings:item_move", built[2].pk), {"direction": "up"},
                                     follow=True)
    page = text(response)
    assert "Referatet af mødet er godkendt, så dagsordenen kan ikke længere ændres." in page
    assert positions(april) == before
    assert "Flyt op" not in page  # the builder shows the agenda read-only


def test_a_get_to_an_action_url_changes_nothing(april, built, secretary_client):
    before = positions(april)
    response = secretary_client.get(agenda_url(april, "meetings:item_move", built[2].pk))
    assert response.status_code == 302 and positions(april) == before


def test_standard_items_button(april, secretary_client, people):
    response = secretary_client.post(agenda_url(april, "meetings:standard_items"), follow=True)
    assert "Standardpunkterne er tilføjet: Godkendelse af referat og dagsorden, Økonomi" in text(response)
    again = secretary_client.post(agenda_url(april, "meetings:standard_items"), follow=True)
    assert "Dagsordenen har allerede alle standardpunkter." in text(again)
    assert AgendaItem.objects.filter(meeting=april).count() == 6


# --- Items ---------------------------------------------------------------------------------------

def item_data(**overrides):
    data = {"kind": "decision", "title": "Socialt frikort", "case_text": "Hvordan udbreder vi kendskabet?",
            "recommendation": "Det indstilles, at rådet laver et idékatalog.", "responsible": "",
            "publish_title": "on"}
    data.update(overrides)
    return data


def test_adding_an_item_with_bad_input_keeps_what_was_typed(april, secretary_client):
    response = secretary_client.post(agenda_url(april, "meetings:item_create"), item_data(
        title="", case_text=f"Borgeren {CPR} har skrevet til os om frikortet."))
    assert response.status_code == 400
    page = text(response)
    assert "Skriv en overskrift til punktet." in page
    assert str(CPR_MESSAGE) in page
    assert f"Borgeren {CPR} har skrevet til os om frikortet." in page
    assert "Det indstilles, at rådet laver et idékatalog." in page
    assert not AgendaItem.objects.filter(meeting=april).exists()


def test_adding_an_item_places_it_before_the_standard_tail(april, secretary_client, people):
    services.standard_items_create(meeting=april)
    response = secretary_client.post(agenda_url(april, "meetings:item_create"), item_data(
        closed="on", responsible=str(people["Jette"].pk)))
    item = AgendaItem.objects.get(meeting=april, title="Socialt frikort")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    assert item.position == 2 and item.closed and item.publish_title and not item.publish_decision
    assert item.responsible == people["Jette"]
    follow = secretary_client.post(agenda_url(april, "meetings:item_create"),
                                   item_data(title="Årsberetning", next="attachments"))
    new = AgendaItem.objects.get(title="Årsberetning")
    assert follow["Location"].endswith(agenda_url(april, "meetings:item_edit", new.pk) + "#bilag")


def test_responsible_from_another_council_is_not_a_choice(april, other_council, secretary_client):
    from councils import services as council_services

    stranger = council_services.person_save(council=other_council, name="Ole Sydby", email="ole@ex.org")
    response = secretary_client.post(agenda_url(april, "meetings:item_create"),
                                     item_data(responsible=str(stranger.pk)))
    assert response.status_code == 400 and "Ole Sydby" not in text(response)
    assert "Vælg en person fra listen." in text(response)
    assert not AgendaItem.objects.filter(meeting=april).exists()


def test_editing_an_item_keeps_typed_text_on_error_and_saves_switches(april, built, secretary_client):
    item = built[0]
    url = agenda_url(april, "meetings:item_edit", item.pk)
    page = text(secretary_client.get(url))
    assert "Sagsfremstilling om fokus på socialt frikort." in page and "aarsberetning.pdf" not in page
    bad = secretary_client.post(url, item_data(title="", case_text="Ny tekst, som ikke må gå tabt."))
    assert "Ny tekst, som ikke må gå tabt." in text(bad)
    item.refresh_from_db()
    assert item.case_text == "Sagsfremstilling om fokus på socialt frikort."
    ok = secretary_client.post(url, item_data(title="Fokus på socialt frikort", closed="on", publish_decision="on"))
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.closed and item.publish_decision and item.recommendation.startswith("Det indstilles")


def test_uploading_a_disguised_file_shows_a_danish_error_and_keeps_the_name(april, built, secretary_client):
    item = built[0]
    response = secretary_client.post(agenda_url(april, "meetings:attachment_add", item.pk), {
        "bilag-file": upload("dagsorden.pdf", b"<html><body>Ikke en PDF</body></html>"),
        "bilag-name": "Idékatalog"})
    assert response.status_code == 400
    page = text(response)
    assert "Filen “dagsorden.pdf” kan ikke bruges som bilag" in page
    assert 'value="Idékatalog"' in page
    assert not Attachment.objects.filter(item=item).exists()
    ok = secretary_client.post(agenda_url(april, "meetings:attachment_add", item.pk), {
        "bilag-file": upload("katalog.pdf", pdf_bytes()), "bilag-name": "Idékatalog"}, follow=True)
    assert "Bilaget “Idékatalog.pdf” er tilføjet." in text(ok)
    attachment = Attachment.objects.get(item=item)
    delete = secretary_client.post(reverse("meetings:attachment_delete",
                                           args=[april.council.slug, april.pk, attachment.pk]), follow=True)
    assert "Bilaget “Idékatalog.pdf” er slettet." in text(delete)
    assert not Attachment.objects.filter(item=item).exists()


def test_oversized_upload_names_the_limit(april, built, secretary_client, settings):
    settings.STEMME_MAX_UPLOAD_BYTES = 1024 * 1024
    response = secretary_client.post(agenda_url(april, "meetings:attachment_add", built[0].pk), {
        "bilag-file": upload("stor.pdf", pdf_bytes() + b"%" * (1024 * 1024))})
    assert "Et bilag må højst fylde 1 MB." in text(response)


def test_deleting_an_item_asks_first(april, built, secretary_client):
    item = built[1]
    url = agenda_url(april, "meetings:item_delete", item.pk)
    assert "Vil du slette punktet “Udkast til årsberetning” og dets bilag?" in text(secretary_client.get(url))
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    secretary_client.post(url)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


# --- Proposals -----------------------------------------------------------------------------------

def test_declining_needs_a_reason_in_the_form(april, built, secretary_client):
    proposal = AgendaItem.objects.get(title="Tandlægebesøg")
    url = agenda_url(april, "meetings:proposal_decline", proposal.pk)
    page = text(secretary_client.post(url, {"reason": ""}))
    assert "Skriv en begrundelse, så forslagsstilleren ved, hvorfor punktet ikke kommer på dagsordenen." in page
    proposal.refresh_from_db()
    assert proposal.proposal_status == ProposalStatus.PROPOSED
    secretary_client.post(url, {"reason": "Emnet er på næste møde."})
    proposal.refresh_from_db()
    assert proposal.proposal_status == ProposalStatus.DECLINED and proposal.decline_reason == "Emnet er på næste møde."


def test_accepting_and_postponing_from_the_builder(april, built, secretary_client):
    proposal = AgendaItem.objects.get(title="Tandlægebesøg")
    response = secretary_client.post(agenda_url(april, "meetings:proposal_accept", proposal.pk), follow=True)
    assert "“Tandlægebesøg” er sat på dagsordenen som nummer 6." in text(response)
    assert positions(april)[5:7] == ["Tandlægebesøg", "Økonomi"]
    secretary_client.post(agenda_url(april, "meetings:proposal_postpone", proposal.pk))
    proposal.refresh_from_db()
    assert proposal.meeting is None and proposal.proposal_status == ProposalStatus.BACKLOG
    backlog = AgendaItem.objects.get(title="Besøg af borgerrådgiveren")
    secretary_client.post(agenda_url(april, "meetings:backlog_schedule", backlog.pk))
    assert "Besøg af borgerrådgiveren" in positions(april)


def test_the_chair_builds_the_agenda_but_only_the_secretariat_publishes(april, built, chair_client):
    page = text(chair_client.get(agenda_url(april)))
    assert "Tilføj standardpunkter" in page and "Udsend dagsorden" not in page
    assert chair_client.get(agenda_url(april, "meetings:agenda_publish")).status_code == 403


# --- Publishing ------------------------------------------------------------------------------------

@pytest.fixture
def sent(monkeypatch):
    from meetings.services import attendance

    calls = []
    monkeypatch.setattr(attendance, "invitations_send", lambda **kwargs: calls.append(kwargs) or [])
    return calls


def test_publishing_confirms_who_is_called_by_which_channel(april, built, secretary_client, people, sent):
    from councils import services as council_services

    council_services.person_save(council=april.council, instance=people["René"], name="René Falk",
                                 email="", address="Kirkevej 1, 2620 Albertslund", preferred_channel="letter")
    url = agenda_url(april, "meetings:agenda_publish")
    page = text(secretary_client.get(url))
    assert "venter på svar" in page and "Udsend dagsorden og indkaldelser" not in page  # the pending proposal
    services.proposal_accept(item=AgendaItem.objects.get(title="Tandlægebesøg"))
    page = text(secretary_client.get(url))
    assert "Dagsordenen har 11 punkter." in page
    assert "<td>René Falk</td><td>Medlem</td><td>Brev med posten</td>" in page
    assert "<td>Jette Holm</td><td>Medlem</td><td>E-mail</td>" in page
    assert "Kirsten Vang" not in page
    response = secretary_client.post(url, {"late_reason": "Mødet blev flyttet med kort varsel."}, follow=True)
    assert "Dagsordenen er udsendt." in text(response)
    april.refresh_from_db()
    assert april.status == MeetingStatus.AGENDA_PUBLISHED
    assert len(sent) == 1 and sent[0]["meeting"] == april


def test_publishing_an_empty_agenda_is_refused_with_a_message(april, secretary_client, sent):
    response = secretary_client.post(agenda_url(april, "meetings:agenda_publish"), follow=True)
    assert "Dagsordenen har ingen punkter. Tilføj punkter, før den udsendes." in text(response)
    assert sent == []


# --- Members ---------------------------------------------------------------------------------------

@pytest.fixture
def upcoming(council, people):
    """A meeting a month ahead: proposals are open (deadline 14 days before)."""
    return make_meeting(council, timezone.localdate() + dt.timedelta(days=30))


@pytest.fixture
def imminent(council, people):
    """A meeting five days ahead: the proposal deadline has passed."""
    return make_meeting(council, timezone.localdate() + dt.timedelta(days=5))


def test_a_member_proposes_an_item_and_follows_it(upcoming, member_client, people):
    url = agenda_url(upcoming, "meetings:propose")
    page = text(member_client.get(url))
    deadline = timezone.localtime(upcoming.starts_at - dt.timedelta(days=14))
    assert "Frist for forslag:" in page and f"kl. {deadline:%H.%M}" in page
    bad = member_client.post(url, {"title": "Tandlæger", "case_text": ""})
    assert "Skriv et par linjer om, hvad punktet handler om." in text(bad)
    assert 'value="Tandlæger"' in text(bad)
    response = member_client.post(url, {"title": "Tandlæger", "case_text": "Mange kender ikke støtten."},
                                  follow=True)
    page = text(response)
    assert "Tak for dit forslag." in page
    assert "Tandlæger" in page and "Foreslået – afventer formandskabet" in page
    item = AgendaItem.objects.get(title="Tandlæger")
    assert item.proposed_by == people["Søren"] and item.meeting == upcoming


def test_after_the_deadline_the_member_gets_a_clear_message(imminent, upcoming, member_client):
    url = agenda_url(imminent, "meetings:propose")
    page = text(member_client.get(url))
    assert "Fristen for at foreslå punkter til dette møde var" in page
    assert 'name="title"' not in page
    # The next meeting is offered instead.
    assert agenda_url(upcoming, "meetings:propose") in page
    # Submitted just after the deadline: the text is kept and can go to the next meeting.
    response = member_client.post(url, {"title": "For sent", "case_text": "Tekst, der ikke må gå tabt."})
    page = text(response)
    assert "Fristen for at foreslå punkter til mødet den" in page
    assert not AgendaItem.objects.filter(title="For sent").exists()
    assert 'value="For sent"' in page and "Tekst, der ikke må gå tabt." in page
    assert f'action="{agenda_url(upcoming, "meetings:propose")}"' in page
    member_client.post(agenda_url(upcoming, "meetings:propose"), {"title": "For sent", "case_text": "Tekst."})
    assert AgendaItem.objects.get(title="For sent").meeting == upcoming


def test_a_user_without_a_person_cannot_propose(upcoming, secretary_client):
    response = secretary_client.post(agenda_url(upcoming, "meetings:propose"),
                                     {"title": "Punkt", "case_text": "Tekst"})
    assert "Din brugerkonto er ikke knyttet til en person i rådet" in text(response)
    assert not AgendaItem.objects.filter(meeting=upcoming).exists()


def test_members_read_the_agenda_with_attachments(april, built, member_client):
    response = member_client.get(agenda_url(april, "meetings:agenda_read"))
    assert response.status_code == 200
    page = text(response)
    assert "1.</span> Godkendelse af referat og dagsorden" in page
    assert "Lukket punkt" in page and "aarsberetning.pdf" in page
    assert "Dagsordenen er ikke udsendt endnu." in page
    assert "Tandlægebesøg" not in page  # pending proposals are not on the agenda
    assert "Flyt op" not in page and "Byg dagsorden" not in page


# --- Permissions and tenancy -------------------------------------------------------------------------

def test_members_cannot_build_and_the_public_must_log_in(april, built, member_client):
    assert member_client.get(agenda_url(april)).status_code == 403
    assert member_client.post(agenda_url(april, "meetings:item_move", built[0].pk),
                              {"direction": "up"}).status_code == 403
    anonymous = Client()
    response = anonymous.get(agenda_url(april, "meetings:agenda_read"))
    assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]


def test_another_councils_ids_are_404(april, built, other_council, make_user):
    from councils import services as council_services

    other_secretary = make_user("sydby@example.org")
    council_services.council_secretary_add(council=other_council, user=other_secretary)
    client = Client()
    client.force_login(other_secretary)
    slug = other_council.slug
    item = built[0]
    for name, extra in [("meetings:agenda", ()), ("meetings:agenda_read", ()), ("meetings:propose", ()),
                        ("meetings:agenda_publish", ()), ("meetings:item_edit", (item.pk,)),
                        ("meetings:item_delete", (item.pk,))]:
        assert client.get(reverse(name, args=[slug, april.pk, *extra])).status_code == 404, name
    for name in ("meetings:item_move", "meetings:proposal_accept", "meetings:proposal_postpone"):
        assert client.post(reverse(name, args=[slug, april.pk, item.pk]), {"direction": "up"}).status_code == 404
    # And at the right council's address, the other council's secretary has no role.
    assert client.get(agenda_url(april)).status_code == 403


def test_an_item_of_another_meeting_is_404(april, built, council, secretary_client):
    june = make_meeting(council, "2026-06-11")
    for name in ("meetings:item_edit", "meetings:item_delete"):
        assert secretary_client.get(reverse(name, args=[council.slug, june.pk, built[0].pk])).status_code == 404
    assert secretary_client.post(reverse("meetings:item_move", args=[council.slug, june.pk, built[0].pk]),
                                 {"direction": "up"}).status_code == 404


# --- Query counts --------------------------------------------------------------------------------------

def grow(meeting, people, n):
    """n more items with two attachments each, plus a proposal, a declined proposal and a
    backlog item per item."""
    council = meeting.council
    for i in range(n):
        item = services.item_create(meeting=meeting, title=f"Punkt {i}", case_text="Tekst",
                                    responsible=people["Nina"], closed=i % 2 == 0)
        for j in range(2):
            services.attachment_add(item=item, file=upload(f"bilag-{i}-{j}.pdf", pdf_bytes()))
        proposal = services.item_propose(council=council, meeting=meeting, proposed_by=people["Søren"],
                                         title=f"Forslag {i}", case_text="Tekst", now=at("2026-03-20"))
        declined = services.item_propose(council=council, meeting=meeting, proposed_by=people["René"],
                                         title=f"Afvist {i}", case_text="Tekst", now=at("2026-03-20"))
        services.proposal_decline(item=declined, reason="Nej tak.")
        later = services.item_propose(council=council, meeting=meeting, proposed_by=people["Nina"],
                                      title=f"Senere {i}", case_text="Tekst", now=at("2026-03-20"))
        services.proposal_postpone(item=later)
        assert proposal.proposal_status == "proposed"


def count_queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("page", ["builder", "read"])
def test_agenda_pages_run_a_constant_number_of_queries(april, built, people, page, client, secretary):
    from meetings.services import minutes as minutes_services

    if page == "builder":
        client.force_login(secretary)
        url = agenda_url(april)
    else:
        client.force_login(people["Søren"].user)
        url = agenda_url(april, "meetings:agenda_read")
    minutes_services.action_item_create(meeting=april, item=built[0], title="Opgave", owners=[people["Jette"]],
                                        due=None)
    grow(april, people, 1)
    small, small_sql = count_queries(client, url)
    grow(april, people, 20)
    large, large_sql = count_queries(client, url)
    assert large == small, "Queries grew with the data:\n" + "\n".join(large_sql[len(small_sql) - 5:])
