"""The hearings demo data (``hearings.demo`` through ``councils.demo.seed_all``): the 2018 story
from Albertslund's annual report, today's open consultations, the joint response with the
handicapråd, and that seeding again changes nothing.

The demo is seeded once for the module inside a transaction that is rolled back at the end
(seeding takes seconds); each test runs in its own savepoint on top of it."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.demo import seed_all
from councils.models import Council, CouncilKind, Person
from hearings.models import (
    CommentLetter,
    Committee,
    CommitteeAgendaItem,
    CommitteeFollow,
    CommitteeMeeting,
    Consultation,
    ConsultationPartner,
    ConsultationStatus,
    DraftComment,
    DraftVersion,
    ItemComment,
    LetterStatus,
    Source,
)
from hearings.selectors.consultations import consultations_for
from hearings.selectors.deadlines import upcoming_deadlines
from hearings.selectors.letters import letter_sections
from meetings.models import Meeting
from notifications.models import OutboxMessage, OutboxStatus

YOUTH = "Stærke valg – unges veje til uddannelse og job i Albertslund 2018–2025"
OVERDUE = "Kvalitetsstandarder for bostøtte og socialpsykiatri 2027"
JOINT = "Borgerservice: ny indretning og tilgængelighed"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        added = []
        created = seed_all(added=added)
        yield created, added
        transaction.set_rollback(True)


@pytest.fixture
def seeded(demo, db):
    return demo


def main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def _counts() -> dict:
    models = [Council, Person, Committee, CommitteeMeeting, CommitteeAgendaItem, CommitteeFollow, ItemComment,
              CommentLetter, Consultation, ConsultationPartner, DraftVersion, DraftComment, Meeting, OutboxMessage]
    return {model.__name__: model.objects.count() for model in models}


def _sek():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="sekretariat@albertslund.example")


def test_seeding_twice_creates_nothing_new(seeded):
    created, added = seeded
    assert created == ["albertslund", "ishoej", "gentofte"]
    assert added[0] == "albertslund-handicapraad" and len(added) == 4
    before = _counts()
    again = []
    assert seed_all(added=again) == [] and again == []
    assert _counts() == before
    # Nothing from the demo waits to be e-mailed: the 2018 letters and responses count as sent then.
    assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()
    hearing_mail = OutboxMessage.objects.filter(kind__startswith="hearings.")
    assert hearing_mail.count() == 5  # three comment letters and two responses, all in 2018
    assert all(m.status == OutboxStatus.SENT and m.sent_at.year == 2018 for m in hearing_mail)


def test_2018_committees_letters_and_the_imported_agenda(seeded):
    council = Council.objects.get(slug="albertslund")
    committees = Committee.objects.filter(municipality=council.municipality)
    assert set(committees.values_list("abbreviation", flat=True)) == {"SUS", "BSU", "EBU", "ØU", "KB"}
    follows = CommitteeFollow.objects.filter(council=council).prefetch_related("members")
    assert sorted(f.committee.abbreviation for f in follows) == ["BSU", "EBU", "SUS"]
    assert all(2 <= len(f.member_ids) <= 3 for f in follows)
    member = Person.objects.get(council=council, user__email="medlem@albertslund.example")
    assert any(member.pk in f.member_ids for f in follows)

    sus = CommitteeMeeting.objects.get(committee__abbreviation="SUS", starts_at__date=dt.date(2018, 8, 20),
                                       municipality=council.municipality)
    assert sus.source == Source.XML and sus.items.count() == 8
    letters = CommentLetter.objects.filter(council=council, status=LetterStatus.SENT).order_by("sent_at")
    assert [timezone.localdate(letter.sent_at) for letter in letters] == [
        dt.date(2018, 8, 17), dt.date(2018, 8, 20), dt.date(2018, 8, 24)]
    headings = [s.heading for s in letter_sections(letters[0])]
    assert headings == ["Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018",
                        "Punkt 4. SUS/BSU/ØU/KB – Ankestyrelsens statistik for 2017",
                        "Punkt 7. SUS – Orientering fra Børn, Sundhed & Velfærd"]
    assert [s.number for s in letter_sections(letters[2])] == [2, 4, 7]
    # The youth strategy and the budget catalogue, approved at the council's meeting on 4 September 2018.
    youth = Consultation.objects.get(council=council, title=YOUTH)
    assert youth.status == ConsultationStatus.OUTCOME and youth.draft_version == 2
    assert youth.approval_note.startswith("Godkendt på mødet den 4. september 2018")
    assert youth.agenda_item.meeting.starts_at.date() == dt.date(2018, 9, 4)
    assert timezone.localdate(youth.sent_at) == dt.date(2018, 10, 2)
    budget = Consultation.objects.get(council=council, title="Budgetkatalog 2019–2022")
    assert budget.status == ConsultationStatus.SENT and budget.published


def test_public_responses_list_the_youth_strategy_with_its_outcome(seeded, client):
    page = main(client.get(reverse("public:responses", args=["albertslund"])))
    assert YOUTH in page and "Budgetkatalog 2019–2022" in page
    assert "Førte til et ekstra mål i strategien" in page and "hash" in page
    assert "Social- og Sundhedsudvalget" in page  # the comment letters are listed too
    assert OVERDUE not in page and JOINT not in page  # nothing unsent is public
    youth = Consultation.objects.get(title=YOUTH)
    detail = main(client.get(reverse("public:response", args=["albertslund", youth.pk])))
    assert "Førte til et ekstra mål i strategien" in detail and "anbragte unges skolegang" in detail


def test_joint_consultation_is_visible_in_both_councils(seeded, client):
    udsat = Council.objects.get(slug="albertslund")
    handicap = Council.objects.get(slug="albertslund-handicapraad")
    assert handicap.kind == CouncilKind.HANDICAPRAAD and handicap.municipality_id == udsat.municipality_id
    joint = Consultation.objects.get(title=JOINT)
    assert joint.council == udsat and joint.status == ConsultationStatus.DRAFTING
    assert list(ConsultationPartner.objects.filter(consultation=joint).values_list("council", flat=True)) == [
        handicap.pk]
    assert {c.council_id for c in DraftComment.objects.filter(consultation=joint)} == {udsat.pk, handicap.pk}
    for council in (udsat, handicap):
        assert consultations_for(council).filter(pk=joint.pk).exists()
    client.force_login(_sek())
    for slug in ("albertslund", "albertslund-handicapraad"):
        listing = client.get(reverse("hearings:consultations", args=[slug]))
        assert listing.status_code == 200 and JOINT in main(listing)
        detail = client.get(reverse("hearings:consultation", args=[slug, joint.pk]))
        assert detail.status_code == 200 and "teleslynge" in main(detail)


def test_deadlines_overview_shows_the_overdue_consultation(seeded, client):
    council = Council.objects.get(slug="albertslund")
    today = timezone.localdate()
    rows = upcoming_deadlines(council=council, today=today, weeks=6)
    overdue = [row for row in rows if row.overdue]
    assert [row.title for row in overdue] == [OVERDUE] and overdue[0].days_left == -2
    titles = {row.title for row in rows}
    assert JOINT in titles and "Rusmiddelstrategi 2027–2030" not in titles  # its deadline is further out
    assert any(row.kind == "comment_letter" for row in rows)  # the December SUS meeting's draft letter
    client.force_login(_sek())
    page = main(client.get(reverse("hearings:deadlines", args=["albertslund"])))
    assert OVERDUE in page and JOINT in page


def test_the_demo_pages_open(seeded, client):
    """A walk over the internal pages the demo fills, as the secretariat (no page errors)."""
    council = Council.objects.get(slug="albertslund")
    client.force_login(_sek())
    sus_2018 = CommitteeMeeting.objects.get(municipality=council.municipality, committee__abbreviation="SUS",
                                            starts_at__date=dt.date(2018, 8, 20))
    december = (CommitteeMeeting.objects.filter(municipality=council.municipality, committee__abbreviation="SUS",
                                                starts_at__gt=timezone.now()).order_by("starts_at").first())
    youth = Consultation.objects.get(title=YOUTH)
    urls = [
        reverse("hearings:committees", args=["albertslund"]),
        reverse("hearings:committee", args=["albertslund", sus_2018.committee_id]),
        reverse("hearings:committee_meeting", args=["albertslund", sus_2018.pk]),
        reverse("hearings:comment_letter", args=["albertslund", sus_2018.pk]),
        reverse("hearings:committee_meeting", args=["albertslund", december.pk]),
        reverse("hearings:comment_letter", args=["albertslund", december.pk]),
        reverse("hearings:consultation", args=["albertslund", youth.pk]),
        reverse("hearings:consultation_draft", args=["albertslund", youth.pk]),
    ]
    for slug in ("ishoej", "gentofte"):
        urls.append(reverse("public:responses", args=[slug]))
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert "Udarbejdelse af ny Sundhedspolitik 2018" in main(client.get(urls[3]))
    assert december.items.get(number=4).comments.get(council=council).relevant
    for slug in ("ishoej", "gentofte"):
        other = Council.objects.get(slug=slug)
        assert CommitteeFollow.objects.filter(council=other).count() == 2
        assert Consultation.objects.filter(council=other).count() == 1
