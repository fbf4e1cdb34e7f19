"""Consultation services and selectors: the status flow and its refusals, the draft's version
check and history, comments, approval at a council meeting and by the formandskab, sending
through the outbox, the outcome, joint responses and the response letter read back."""

import datetime as dt

import pytest

from core.errors import ApplicationError, EditConflict
from core.models import AuditEvent
from councils import services as council_services
from hearings.models import ConsultationPartner, DraftVersion, FormandskabApproval
from hearings.selectors import consultations as selectors
from hearings.services import consultations as services
from hearings.tests.consultations_builders import (
    DRAFT,
    approve_by_formandskab,
    docx_text,
    drafted,
    make_consultation,
    pdf_text,
    today,
    upcoming_meeting,
)
from meetings.models import AgendaItem, Attachment, ItemKind
from meetings.services import minutes as minutes_services
from notifications.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.world("consultation")]


# --- Intake ----------------------------------------------------------------------------------------

def test_create_records_a_received_consultation_and_audits(world):
    c = make_consultation(world)
    assert c.status == "received" and c.council == world.council and c.committee == world.committee
    assert AuditEvent.objects.filter(action="hearings.consultation.created", object_id=str(c.pk)).exists()


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"committee": None, "sender": ""}, "sender", "Vælg det udvalg, høringen kommer fra"),
    ({"deadline": today() - dt.timedelta(days=30)}, "deadline", "Høringsfristen kan ikke ligge før"),
    ({"title": "  "}, "title", "Skriv høringens titel."),
    ({"summary": "Borgeren 010190-1234 klager."}, "summary", "CPR-nummer"),
])
def test_create_refuses_bad_input_in_danish(world, fields, field, message):
    with pytest.raises(ApplicationError) as error:
        make_consultation(world, **fields)
    assert error.value.field == field and message in str(error.value.message)


def test_committee_of_another_municipality_is_refused(world):
    from hearings.models import Committee

    foreign = Committee.objects.create(municipality=world.third.municipality, name="Fremmed udvalg",
                                       abbreviation="FU")
    with pytest.raises(ApplicationError, match="Vælg et af kommunens udvalg"):
        make_consultation(world, committee=foreign)


def test_free_text_sender_instead_of_committee(world):
    c = make_consultation(world, committee=None, sender="Social- og Sundhedsforvaltningen")
    assert c.committee is None and c.sender == "Social- og Sundhedsforvaltningen"


# --- Status flow ---------------------------------------------------------------------------------

def test_the_whole_status_flow(world):
    c = make_consultation(world)
    services.consultation_assign(consultation=c, owners=[world.seed["Sune Dahl"]], actor=world.secretary)
    assert c.status == "assigned" and c.owner_ids == [world.seed["Sune Dahl"].pk]
    services.draft_save(consultation=c, text=DRAFT, expected_version=0, actor=world.user("Sune Dahl"))
    assert c.status == "drafting" and c.draft_version == 1
    approve_by_formandskab(world, c)
    assert c.status == "approved" and c.approval_route == "formandskab" and c.approved_at is not None
    services.consultation_send(consultation=c, actor=world.secretary)
    c.refresh_from_db()
    assert c.status == "sent" and c.sent_text == DRAFT and c.sent_at is not None and c.sent_by == world.secretary
    services.outcome_record(consultation=c, outcome="Førte til et ekstra mål i strategien.",
                            actor=world.secretary)
    c.refresh_from_db()
    assert c.status == "outcome" and c.outcome.startswith("Førte til") and c.outcome_recorded_at is not None
    actions = set(AuditEvent.objects.filter(object_id=str(c.pk), action__startswith="hearings.consultation")
                  .values_list("action", flat=True))
    assert {"hearings.consultation.created", "hearings.consultation.assigned", "hearings.consultation.draft_saved",
            "hearings.consultation.approved", "hearings.consultation.sent",
            "hearings.consultation.outcome_recorded"} <= actions


def test_invalid_transitions_are_refused_in_danish(world):
    c = make_consultation(world)
    with pytest.raises(ApplicationError, match="skal godkendes"):
        services.consultation_send(consultation=c, actor=world.secretary)
    with pytest.raises(ApplicationError, match="først registreres, når svaret er sendt"):
        services.outcome_record(consultation=c, outcome="Noget", actor=world.secretary)
    with pytest.raises(ApplicationError, match="ikke noget udkast at godkende"):
        services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=0)
    with pytest.raises(ApplicationError, match="Vælg mindst én tovholder"):
        services.consultation_assign(consultation=c, owners=[], actor=world.secretary)
    drafted(world, c)
    approve_by_formandskab(world, c)
    with pytest.raises(ApplicationError, match="allerede godkendt"):
        services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    services.consultation_send(consultation=c, actor=world.secretary)
    with pytest.raises(ApplicationError, match="allerede sendt"):
        services.consultation_send(consultation=c, actor=world.secretary)
    with pytest.raises(ApplicationError, match="sendt og kan ikke længere ændres"):
        services.draft_save(consultation=c, text="Ny tekst", expected_version=c.draft_version)
    with pytest.raises(ApplicationError, match="sendt og kan ikke længere ændres"):
        services.consultation_assign(consultation=c, owners=[world.seed["Mads Lund"]])
    with pytest.raises(ApplicationError, match="sendt, så udkastet kan ikke længere kommenteres"):
        services.comment_add(consultation=c, council=world.council, text="For sent", actor=world.user("Mads Lund"))
    c.refresh_from_db()
    assert c.status == "sent" and c.draft == DRAFT


def test_send_needs_the_recipients_email(world):
    c = make_consultation(world, recipient_email="")
    drafted(world, c)
    approve_by_formandskab(world, c)
    with pytest.raises(ApplicationError, match="modtagerens e-mailadresse") as error:
        services.consultation_send(consultation=c, actor=world.secretary)
    assert error.value.field == "recipient_email"
    c.refresh_from_db()
    assert c.status == "approved" and c.sent_at is None and not OutboxMessage.objects.exists()


def test_owners_must_belong_to_a_council_behind_the_response(world, add_member):
    c = make_consultation(world)
    stranger = add_member(world.third, "Sif Fremmed").person
    with pytest.raises(ApplicationError, match="et af rådene bag høringssvaret"):
        services.consultation_assign(consultation=c, owners=[stranger])
    services.partner_add(consultation=c, partner=world.partner, actor=world.secretary)
    c = selectors.consultation_get(world.council, c.pk)
    partner_person = world.partner_member.people.get()
    services.consultation_assign(consultation=c, owners=[world.seed["Sune Dahl"], partner_person])
    assert set(c.owner_ids) == {world.seed["Sune Dahl"].pk, partner_person.pk}


# --- The draft -----------------------------------------------------------------------------------

def test_each_save_is_a_version_and_a_stale_save_is_a_conflict_that_keeps_both_texts(world):
    c = make_consultation(world)
    drafted(world, c)
    services.draft_save(consultation=c, text=DRAFT + "\n\nEt nyt afsnit.", expected_version=1, note="Nyt afsnit",
                        actor=world.user("Jytte Holm"))
    assert c.draft_version == 2
    with pytest.raises(EditConflict) as conflict:
        services.draft_save(consultation=c, text="Min egen tekst fra version 1.", expected_version=1,
                            actor=world.user("Sune Dahl"))
    assert conflict.value.stored["draft"] == DRAFT + "\n\nEt nyt afsnit." and conflict.value.stored_version == 2
    assert conflict.value.submitted["draft"] == "Min egen tekst fra version 1."
    assert "Begge tekster er bevaret" in conflict.value.message
    c.refresh_from_db()
    assert c.draft == DRAFT + "\n\nEt nyt afsnit." and c.draft_version == 2
    versions = list(DraftVersion.objects.filter(consultation=c).order_by("number"))
    assert [(v.number, v.author_name, v.note) for v in versions] == [(1, "Sune Dahl", ""),
                                                                     (2, "Jytte Holm", "Nyt afsnit")]
    assert versions[0].text == DRAFT


def test_saving_the_same_text_makes_no_new_version(world):
    c = make_consultation(world)
    drafted(world, c)
    services.draft_save(consultation=c, text=DRAFT, expected_version=0)  # even from an old page: nothing lost
    assert c.changed is False and c.draft_version == 1
    assert DraftVersion.objects.filter(consultation=c).count() == 1


def test_cpr_in_the_draft_is_refused_and_nothing_changes(world):
    c = make_consultation(world)
    drafted(world, c)
    with pytest.raises(ApplicationError) as error:
        services.draft_save(consultation=c, text="Borgeren med cpr 010190-1234 har klaget.", expected_version=1)
    assert error.value.field == "draft" and "CPR-nummer" in str(error.value.message)
    c.refresh_from_db()
    assert c.draft == DRAFT and c.draft_version == 1


def test_diff_between_versions():
    diff = selectors.text_diff("Rådet mener noget.\n\nAndet afsnit.", "Rådet mener noget helt andet.\n\nAndet afsnit.")
    assert [line.kind for line in diff] == ["change", "equal"]
    parts = [(p.kind, p.text) for p in diff[0].parts]
    assert parts[0] == ("equal", "Rådet mener ")
    assert ("delete", "noget.") in parts and ("insert", "noget helt andet.") in parts
    added = selectors.text_diff("", "Ny linje")
    assert [(line.kind, line.parts[0].text) for line in added] == [("insert", "Ny linje")]


def test_comments_carry_author_council_and_version(world):
    c = make_consultation(world)
    drafted(world, c)
    comment = services.comment_add(consultation=c, council=world.council, text="Husk boligerne.",
                                   actor=world.user("Mads Lund"))
    assert (comment.author_name, comment.version_number, comment.council) == ("Mads Lund", 1, world.council)
    with pytest.raises(ApplicationError, match="Kun rådene bag høringssvaret"):
        services.comment_add(consultation=c, council=world.third, text="Hej", actor=world.third_secretary)
    with pytest.raises(ApplicationError, match="Skriv din kommentar"):
        services.comment_add(consultation=c, council=world.council, text="  ", actor=world.user("Mads Lund"))


# --- Approval at a council meeting ----------------------------------------------------------------

def test_meeting_approval_path(world):
    c = make_consultation(world)
    drafted(world, c)
    meeting = upcoming_meeting(world)
    item = services.agenda_item_create(consultation=c, meeting=meeting, actor=world.secretary)
    assert item.meeting == meeting and item.kind == ItemKind.DECISION
    assert item.title == "Høringssvar: Høring om Ungestrategi 2019"
    assert item.case_text.startswith("Kommunen har sendt") and item.case_text.endswith("Udkastet er vedlagt.")
    assert item.recommendation == "Formandskabet indstiller, at rådet godkender udkastet til høringssvar."
    attachment = Attachment.objects.get(item=item)
    assert attachment.content_type == "application/pdf" and attachment.name.startswith("Udkast til høringssvar")
    c.refresh_from_db()
    assert c.agenda_item == item and c.approval_route == "meeting"
    # Once on an agenda, not twice.
    with pytest.raises(ApplicationError, match="allerede på dagsordenen"):
        services.agenda_item_create(consultation=c, meeting=upcoming_meeting(world, 30))
    # No decision in the minutes yet: refused, with the reason.
    with pytest.raises(ApplicationError, match="endnu ikke skrevet en beslutning"):
        services.meeting_approval_record(consultation=c, actor=world.secretary)
    c.refresh_from_db()
    assert c.status == "drafting" and c.approved_at is None
    minutes_services.item_minutes_save(item=item, decision="Rådet godkendte udkastet med en tilføjelse om boliger.",
                                       dissent="", expected_version=0)
    services.meeting_approval_record(consultation=c, actor=world.secretary)
    c.refresh_from_db()
    assert c.status == "approved" and c.approved_at is not None
    assert "Rådet godkendte udkastet med en tilføjelse om boliger." in c.approval_note
    assert c.approval_note.startswith("Godkendt på mødet den ")


def test_agenda_meeting_must_be_the_councils_own_and_not_held(world):
    from meetings.models import MeetingStatus

    c = make_consultation(world)
    with pytest.raises(ApplicationError, match="Skriv og gem et udkast"):
        services.agenda_item_create(consultation=c, meeting=upcoming_meeting(world))
    drafted(world, c)
    day = today() + dt.timedelta(days=10)
    from hearings.tests.consultations_builders import at
    from meetings.services import plan as plan_services

    other = plan_services.meeting_create(council=world.third, kind="ordinary", starts_at=at(day),
                                         ends_at=at(day, 18))
    with pytest.raises(ApplicationError, match="rådets egne møder"):
        services.agenda_item_create(consultation=c, meeting=other)
    held = upcoming_meeting(world, 3)
    held.status = MeetingStatus.HELD
    held.save(update_fields=["status"])
    with pytest.raises(ApplicationError, match="ikke er holdt endnu"):
        services.agenda_item_create(consultation=c, meeting=held)
    assert not AgendaItem.objects.filter(title__startswith="Høringssvar").exists()


def test_meeting_approval_without_an_agenda_item_is_refused(world):
    c = make_consultation(world)
    drafted(world, c)
    with pytest.raises(ApplicationError, match="ikke sat på et rådsmødes dagsorden"):
        services.meeting_approval_record(consultation=c)


# --- Approval by the formandskab between meetings ----------------------------------------------

def test_chair_and_vice_chair_approve_the_current_version(world):
    c = make_consultation(world)
    drafted(world, c)
    services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    assert c.status == "drafting"
    state = selectors.approval_state(c)
    assert [(a.kind, a.approval is not None) for a in state.approvers] == [("chair", True), ("vice_chair", False)]
    assert not state.complete
    with pytest.raises(ApplicationError, match="allerede godkendt denne version"):
        services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    services.formandskab_approve(consultation=c, actor=world.user("Nanna Berg"), expected_version=1)
    assert c.status == "approved" and c.approval_route == "formandskab"
    assert "formand Jytte Holm og næstformand Nanna Berg" in c.approval_note
    assert selectors.approval_state(c).complete


def test_a_draft_change_invalidates_earlier_approvals(world):
    c = make_consultation(world)
    drafted(world, c)
    services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    services.draft_save(consultation=c, text=DRAFT + "\n\nÆndret.", expected_version=1,
                        actor=world.user("Sune Dahl"))
    # The vice-chair approves version 2 – the chair's approval of version 1 does not count.
    services.formandskab_approve(consultation=c, actor=world.user("Nanna Berg"), expected_version=2)
    assert c.status == "drafting"
    state = selectors.approval_state(c)
    assert not state.complete and [a.person.name for a in state.missing] == ["Jytte Holm"]
    assert [a.draft_version for a in state.earlier] == [1]
    services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=2)
    assert c.status == "approved"
    # A change after approval sends it back to drafting: it must be approved again.
    services.draft_save(consultation=c, text=DRAFT + "\n\nÆndret igen.", expected_version=2)
    c.refresh_from_db()
    assert c.status == "drafting" and c.approved_at is None and c.approval_note == ""
    with pytest.raises(ApplicationError, match="skal godkendes"):
        services.consultation_send(consultation=c, actor=world.secretary)


def test_approving_a_version_one_has_not_seen_is_refused(world):
    c = make_consultation(world)
    drafted(world, c)
    services.draft_save(consultation=c, text="Version to.", expected_version=1)
    with pytest.raises(ApplicationError, match="Udkastet er ændret, siden du åbnede siden"):
        services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    assert not FormandskabApproval.objects.exists()


def test_only_the_lead_councils_chair_and_vice_chair_approve(world):
    c = make_consultation(world)
    drafted(world, c)
    for user in (world.user("Mads Lund"), world.secretary, world.partner_chair):
        with pytest.raises(ApplicationError, match="Kun formanden og næstformanden"):
            services.formandskab_approve(consultation=c, actor=user, expected_version=1)


def test_without_a_vice_chair_the_chair_alone_approves(world):
    from councils.models import Position

    Position.objects.filter(council=world.council, kind="vice_chair").update(end=today() - dt.timedelta(days=1))
    c = make_consultation(world)
    drafted(world, c)
    services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    assert c.status == "approved"


def test_rules_that_forbid_formandskab_approval_refuse_it(world):
    council_services.rules_update(council=world.council, actor=world.secretary, valid_from=dt.date(2026, 3, 1),
                                  formandskab_approves_responses=False)
    c = make_consultation(world)
    drafted(world, c)
    with pytest.raises(ApplicationError, match="godkendes høringssvar på et rådsmøde") as error:
        services.formandskab_approve(consultation=c, actor=world.user("Jytte Holm"), expected_version=1)
    assert error.value.code == "rules"
    assert not selectors.approval_state(c).allowed
    assert c.status == "drafting" and not FormandskabApproval.objects.exists()


# --- Sending, the letter ---------------------------------------------------------------------------

def test_send_freezes_the_text_and_enqueues_one_email_with_the_response_pdf(world, django_capture_on_commit_callbacks):
    c = make_consultation(world)
    drafted(world, c)
    approve_by_formandskab(world, c)
    services.consultation_send(consultation=c, actor=world.secretary)
    message = OutboxMessage.objects.get()
    assert message.kind == "hearings.response" and message.channel == "email"
    assert message.to_address == "sus@kommune.dk" and message.council == world.council
    assert message.subject == "Høringssvar vedrørende Høring om Ungestrategi 2019"
    assert message.attachments == [{"builder": "hearings.response_pdf", "consultation_id": c.pk,
                                    "name": "hoeringssvar.pdf", "content_type": "application/pdf"}]
    assert "ingen unge under 25 år" in message.body
    # The draft cannot change after sending; the sent text stays what was sent.
    with pytest.raises(ApplicationError):
        services.draft_save(consultation=c, text="Noget andet", expected_version=c.draft_version)
    c.refresh_from_db()
    assert c.sent_text == DRAFT


def test_the_attachment_builder_renders_the_response_pdf(world):
    from notifications import attachments

    c = make_consultation(world)
    drafted(world, c)
    approve_by_formandskab(world, c)
    services.consultation_send(consultation=c, actor=world.secretary)
    built = attachments.build(OutboxMessage.objects.get().attachments[0])
    content = getattr(built, "content", built)
    text = pdf_text(content)
    assert "Ungestrategi 2019" in text and "ingen unge under 25 år skal sove på gaden" in text


def test_response_pdf_and_word_read_back(world):
    c = make_consultation(world)
    drafted(world, c)
    from hearings import documents

    doc = selectors.response_document(c)
    assert doc.subject == "Høringssvar vedrørende Høring om Ungestrategi 2019"
    assert doc.signatures == ["Jytte Holm, formand, Udsatterådet i Albertslund"]
    text = pdf_text(documents.letter_pdf(doc))
    assert "Høring om Ungestrategi 2019" in text
    assert "ingen unge under 25 år skal sove på gaden" in text and "Udsatterådet i Albertslund" in text
    word = docx_text(documents.letter_docx(doc))
    assert "Høring om Ungestrategi 2019" in word and "ingen unge under 25 år skal sove på gaden" in word


def test_joint_response_names_all_councils_and_each_chair(world):
    c = make_consultation(world)
    services.partner_add(consultation=c, partner=world.partner, actor=world.secretary)
    drafted(world, c)
    doc = selectors.response_document(c)
    assert [x.name for x in doc.councils] == ["Udsatterådet i Albertslund", "Handicaprådet i Albertslund"]
    assert doc.signatures == ["Jytte Holm, formand, Udsatterådet i Albertslund",
                              "Per Partner, formand, Handicaprådet i Albertslund"]
    assert "i fællesskab af Udsatterådet i Albertslund og Handicaprådet i Albertslund" in doc.closing


def test_after_sending_the_letter_shows_the_sent_text(world):
    c = make_consultation(world)
    drafted(world, c)
    approve_by_formandskab(world, c)
    services.consultation_send(consultation=c, actor=world.secretary)
    # Even if the draft column were changed behind the service's back, the letter is what was sent.
    type(c).objects.filter(pk=c.pk).update(draft="Ændret bagefter")
    c.refresh_from_db()
    assert selectors.response_document(c).intro == DRAFT


# --- Outcome ----------------------------------------------------------------------------------

def test_outcome_can_be_corrected(world):
    c = make_consultation(world)
    drafted(world, c)
    approve_by_formandskab(world, c)
    services.consultation_send(consultation=c, actor=world.secretary)
    with pytest.raises(ApplicationError, match="Skriv, hvad høringssvaret førte til"):
        services.outcome_record(consultation=c, outcome="  ")
    services.outcome_record(consultation=c, outcome="Et ekstra mål.")
    services.outcome_record(consultation=c, outcome="Et ekstra mål i strategien.")
    c.refresh_from_db()
    assert c.status == "outcome" and c.outcome == "Et ekstra mål i strategien."


# --- Joint responses and visibility ---------------------------------------------------------------

def test_partners_no_duplicates_not_itself(world):
    c = make_consultation(world)
    services.partner_add(consultation=c, partner=world.partner, actor=world.secretary)
    with pytest.raises(ApplicationError, match="allerede med i høringssvaret"):
        services.partner_add(consultation=c, partner=world.partner)
    with pytest.raises(ApplicationError, match="står allerede for høringssvaret"):
        services.partner_add(consultation=c, partner=world.council)
    assert ConsultationPartner.objects.filter(consultation=c).count() == 1
    # Only the lead manages the partners.
    with pytest.raises(ApplicationError, match="Kun Udsatterådet i Albertslund"):
        services.partner_add(consultation=c, partner=world.third, council=world.partner)


def test_removing_a_partner_removes_its_tovholdere(world):
    c = make_consultation(world)
    services.partner_add(consultation=c, partner=world.partner)
    c = selectors.consultation_get(world.council, c.pk)
    partner_person = world.partner_member.people.get()
    services.consultation_assign(consultation=c, owners=[world.seed["Sune Dahl"], partner_person])
    services.partner_remove(consultation=c, partner=world.partner)
    assert c.owner_ids == [world.seed["Sune Dahl"].pk]
    assert list(selectors.consultations_for(world.partner)) == []


def test_visibility_lead_and_partner_but_not_a_third_council(world):
    from django.http import Http404

    c = make_consultation(world)
    services.partner_add(consultation=c, partner=world.partner)
    assert list(selectors.consultations_for(world.council)) == [c]
    assert list(selectors.consultations_for(world.partner)) == [c]
    assert list(selectors.consultations_for(world.third)) == []
    assert selectors.consultation_get(world.partner, c.pk) == c
    with pytest.raises(Http404):
        selectors.consultation_get(world.third, c.pk)


def test_list_marks_joint_responses_and_overdue_ones(world):
    late = make_consultation(world, title="For sent", received_on=today() - dt.timedelta(days=40),
                             deadline=today() - dt.timedelta(days=3))
    soon = make_consultation(world, title="Snart", deadline=today() + dt.timedelta(days=2))
    services.partner_add(consultation=soon, partner=world.partner)
    listing = selectors.consultation_list(world.council)
    assert [(r.consultation.title, r.overdue, r.days_left) for r in listing.open] == [("For sent", True, -3),
                                                                                      ("Snart", False, 2)]
    assert listing.open[0].days_over == 3
    partner_listing = selectors.consultation_list(world.partner)
    assert [(r.consultation.title, [x.name for x in r.joint_with], r.is_lead) for r in partner_listing.open] == [
        ("Snart", ["Udsatterådet i Albertslund"], False)]
    assert late.status == "received"
