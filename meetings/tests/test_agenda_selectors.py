"""Selector tests: public handling of closed items, open action items, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.selectors import agenda as selectors
from meetings.services import agenda as services
from meetings.tests.agenda_builders import make_meeting, pdf_bytes, upload


@pytest.fixture
def closed_items(april, people, media_root):
    open_item = services.item_create(meeting=april, title="Socialt frikort", case_text="Åben tekst.",
                                     responsible=people["Jette"])
    services.attachment_add(item=open_item, file=upload("frikort.pdf", pdf_bytes()))
    hidden = services.item_create(meeting=april, title="Personalesag i sekretariatet", closed=True,
                                  publish_title=False, case_text="Fortroligt.")
    title_only = services.item_create(meeting=april, title="Lokaler til rådet", closed=True, publish_title=True,
                                      case_text="Lejekontrakt med pris.", recommendation="Lej lokalet.")
    services.attachment_add(item=title_only, file=upload("kontrakt.pdf", pdf_bytes()))
    with_decision = services.item_create(meeting=april, title="Tilskud til arrangement", closed=True,
                                         publish_title=True, publish_decision=True, case_text="Beløb og navne.")
    from meetings.models import AgendaItem

    AgendaItem.objects.filter(pk=title_only.pk).update(decision="Hemmelig beslutning.", dissent="Uenig.")
    AgendaItem.objects.filter(pk=with_decision.pk).update(decision="Rådet giver 2.000 kr.")
    return open_item, hidden, title_only, with_decision


def test_internal_list_has_every_item_numbered(april, closed_items):
    items = selectors.items_for_meeting(meeting=april)
    assert [(i.number, i.title) for i in items] == [
        (1, "Socialt frikort"), (2, "Personalesag i sekretariatet"), (3, "Lokaler til rådet"),
        (4, "Tilskud til arrangement")]
    assert items[2].case_text == "Lejekontrakt med pris." and len(items[2].attachments.all()) == 1


def test_public_list_handles_closed_items_by_their_switches(april, closed_items, people):
    items = selectors.items_for_meeting(meeting=april, public=True)
    # The closed item without a public title is left out; numbers stay the internal ones.
    assert [(i.number, i.title) for i in items] == [
        (1, "Socialt frikort"), (3, "Lokaler til rådet"), (4, "Tilskud til arrangement")]
    open_item, title_only, with_decision = items
    assert open_item.case_text == "Åben tekst." and not open_item.public_redacted
    assert [a.name for a in open_item.attachments.all()] == ["frikort.pdf"]
    assert title_only.public_redacted
    assert (title_only.case_text, title_only.recommendation, title_only.decision, title_only.dissent) == ("",) * 4
    assert list(title_only.attachments.all()) == []
    assert with_decision.decision == "Rådet giver 2.000 kr." and with_decision.case_text == ""


def test_public_list_shows_responsible_people_who_did_not_consent_by_role(april, people):
    """The selector keeps the person; the disclosure policy decides how the public sees them."""
    from core.disclosure import Disclosure
    from councils import services as council_services
    from meetings import documents

    council_services.person_save(council=april.council, instance=people["Nina"], name="Nina Berg",
                                 email="nina@ex.org", publish_name=False)
    services.item_create(meeting=april, title="Punkt", responsible=people["Nina"])
    assert selectors.items_for_meeting(meeting=april)[0].responsible == people["Nina"]
    public = selectors.items_for_meeting(meeting=april, public=True)
    documents.decorate(public, [], disclosure=Disclosure.for_council(april.council, on=april.starts_at.date()))
    assert public[0].responsible_name == "et medlem"


def test_proposals_and_backlog_are_not_on_the_agenda(april, council, people):
    from meetings.tests.agenda_builders import at

    services.item_create(meeting=april, title="På dagsordenen")
    services.item_propose(council=council, meeting=april, proposed_by=people["Nina"], title="Forslag",
                          case_text="Tekst", now=at("2026-03-20"))
    waiting = services.item_propose(council=council, meeting=april, proposed_by=people["Nina"], title="Senere",
                                    case_text="Tekst", now=at("2026-03-20"))
    services.proposal_postpone(item=waiting)
    assert [i.title for i in selectors.items_for_meeting(meeting=april)] == ["På dagsordenen"]
    assert [i.title for i in selectors.proposals_for_meeting(meeting=april)] == ["Forslag"]
    assert [i.title for i in selectors.backlog(council=council)] == ["Senere"]


def test_open_action_items_are_scoped_to_council_and_time(april, march, council, other_council):
    actions = selectors.open_action_items(council=council, before=april.starts_at)
    assert [a.title for a in actions] == ["Svar fra skolerne om morgenmad", "Interview med lokalavisen om frikortet"]
    assert [p.name for p in actions[1].owners.all()] == ["Jette Holm", "Søren Dahl"]
    assert selectors.open_action_items(council=council, before=march.starts_at) == []
    assert selectors.open_action_items(council=other_council, before=april.starts_at) == []


def test_items_for_meeting_runs_a_constant_number_of_queries(april, people, media_root):
    from meetings.services import minutes as minutes_services

    def grow(n):
        for i in range(n):
            item = services.item_create(meeting=april, title=f"Punkt {i}", responsible=people["Nina"])
            services.attachment_add(item=item, file=upload(f"bilag{i}.pdf", pdf_bytes()))
            minutes_services.action_item_create(meeting=april, item=item, title=f"Opgave {i}",
                                                owners=[people["Jette"], people["René"]], due=None)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            items = selectors.items_for_meeting(meeting=april, public=True)
            for item in items:
                [a.name for a in item.attachments.all()]
                [p.name for a in item.action_items.all() for p in a.owners.all()]
                getattr(item.responsible, "name", None)
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(20)
    assert count() == small == 4


def test_invitation_preview_lists_members_and_guests_by_channel(april, people):
    from councils import services as council_services

    council_services.person_save(council=april.council, instance=people["René"], name="René Falk",
                                 email="rene@ex.org", phone="20304050", preferred_channel="sms")
    preview = selectors.invitation_preview(meeting=april)
    rows = {r.person.name: (r.role, r.channel) for r in preview.invitees}
    assert rows["René Falk"] == ("Medlem", "SMS")
    assert rows["Jette Holm"] == ("Medlem", "E-mail")
    assert rows["Carina Bak"][0] == "Gæst/observatør"
    assert "Kirsten Vang" not in rows  # left before the meeting
    # Albertslund preset: substitutes attend every meeting, so they are called too.
    assert "Martin Lund" in rows
    other = make_meeting(april.council, "2026-06-11")
    assert len(selectors.invitation_preview(meeting=other).invitees) == len(rows)
