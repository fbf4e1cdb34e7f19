"""Writes for consultations (høringer): intake and material, tovholdere, the shared draft with a
version check and its history, members' comments, approval (on a council meeting's agenda or
by the chair and vice-chair between meetings), sending the response through the outbox, the
outcome, and partner councils of a joint response.

The status only moves through these functions:

    received → assigned      (consultation_assign: tovholdere chosen)
    received/assigned → drafting  (draft_save: the first saved draft)
    drafting → approved      (meeting_approval_record or formandskab_approve)
    approved → drafting      (draft_save: a change after approval needs a new approval)
    approved → sent          (consultation_send)
    sent → outcome           (outcome_record)

Anything else raises ``ApplicationError`` with a Danish message. Every function is
keyword-only, validates before it writes, runs in a transaction and audits with a
``hearings.consultation.*`` action code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import publiccache
from core.audit import audit, snapshot
from core.documents import store_after_commit
from core.errors import ApplicationError, EditConflict, full_clean_or_raise, update_versioned, validate_field
from core.formats import long_date
from core.search import schedule_reindex
from core.uploads import CONSULTATION_MATERIAL
from councils.models import Council, Person, Position, PositionKind
from hearings.documents import letter_pdf, letter_pdf_cached
from hearings.models import (
    ApprovalRoute,
    Committee,
    Consultation,
    ConsultationMaterial,
    ConsultationPartner,
    ConsultationStatus,
    DraftComment,
    DraftVersion,
    FormandskabApproval,
)
from hearings.selectors import consultations as selectors
from meetings.models import AgendaItem, ItemKind, MeetingStatus
from meetings.services import agenda as agenda_services
from notifications.services import outbox_enqueue

if TYPE_CHECKING:
    from accounts.models import User

S = ConsultationStatus
INTAKE_FIELDS = ("title", "committee", "sender", "summary", "received_on", "deadline", "recipient_name",
                 "recipient_email", "published")
_SNAPSHOT = ["title", "committee", "sender", "summary", "received_on", "deadline", "status", "recipient_name",
             "recipient_email", "draft_version", "approval_route", "agenda_item", "approved_at", "approval_note",
             "sent_at", "outcome", "outcome_recorded_at", "published"]

# Which status may follow which (see the module docstring).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.ASSIGNED, S.DRAFTING}),
    S.ASSIGNED: frozenset({S.DRAFTING}),
    S.DRAFTING: frozenset({S.APPROVED}),
    S.APPROVED: frozenset({S.DRAFTING, S.SENT}),
    S.SENT: frozenset({S.OUTCOME}),
    S.OUTCOME: frozenset(),
}


def _refusal(current: str, target: str) -> str:
    """The Danish reason a transition is not possible."""
    if current in (S.SENT, S.OUTCOME) and target in (S.ASSIGNED, S.DRAFTING, S.APPROVED):
        return _("Høringssvaret er sendt og kan ikke længere ændres.")
    if target == S.APPROVED:
        if current == S.APPROVED:
            return _("Høringssvaret er allerede godkendt.")
        return _("Der er ikke noget udkast at godkende endnu. Skriv og gem et udkast først.")
    if target == S.SENT:
        if current in (S.SENT, S.OUTCOME):
            return _("Høringssvaret er allerede sendt.")
        return _("Høringssvaret skal godkendes – på et rådsmøde eller af formandskabet – før det kan sendes.")
    if target == S.OUTCOME:
        return _("Hvad svaret førte til, kan først registreres, når svaret er sendt.")
    if target == S.ASSIGNED:
        return _("Høringen er allerede fordelt.")
    return _("Høringen kan ikke skifte fra “%(current)s” til “%(target)s”.") % {
        "current": S(current).label, "target": S(target).label}


def check_transition(consultation: Consultation, target: str) -> None:
    if target not in TRANSITIONS.get(consultation.status, ()):
        raise ApplicationError(_refusal(consultation.status, target), code="status")


def _locked(consultation: Consultation) -> Consultation:
    """Re-read the consultation's row with a lock (PostgreSQL), so two clicks at the same moment
    (the chair and the vice-chair approving) are handled one after the other."""
    fresh = Consultation.objects.select_for_update().get(pk=consultation.pk)
    for name in [f.attname for f in Consultation._meta.concrete_fields]:
        setattr(consultation, name, getattr(fresh, name))
    return consultation


def _require_lead(consultation: Consultation, council: Council | None) -> None:
    if council is not None and consultation.council_id != council.pk:
        raise ApplicationError(_("Kun %(lead)s, der står for høringssvaret, kan gøre dette.")
                               % {"lead": consultation.council.name}, code="not_lead")


def _who(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.email or "")[:150]


def _day(value) -> str:
    return long_date(value)


# --- Intake -------------------------------------------------------------------------------------

def _check_intake(consultation: Consultation) -> None:
    council = consultation.council
    if consultation.committee_id is not None:
        committee = consultation.committee
        assert committee is not None  # nosec B101  # committee_id is set, and the foreign key guarantees the row
        if committee.municipality_id != council.municipality_id:
            raise ApplicationError(_("Vælg et af kommunens udvalg."), field="committee")
    if consultation.committee_id is None and not (consultation.sender or "").strip():
        raise ApplicationError(_("Vælg det udvalg, høringen kommer fra, eller skriv forvaltningen eller afdelingen."),
                               field="sender")
    if consultation.received_on and consultation.deadline and consultation.deadline < consultation.received_on:
        raise ApplicationError(_("Høringsfristen kan ikke ligge før den dato, høringen blev modtaget."),
                               field="deadline")


@transaction.atomic
def consultation_create(*, council: Council, title: str, received_on, deadline, committee: Committee | None = None,
                        sender: str = "", summary: str = "", recipient_name: str = "", recipient_email: str = "",
                        published: bool = True, actor: User | None = None) -> Consultation:
    """Register a consultation the council has received (status *received*)."""
    consultation = Consultation(council=council, title=(title or "").strip(), committee=committee,
                                sender=(sender or "").strip(), summary=(summary or "").strip(),
                                received_on=received_on, deadline=deadline,
                                recipient_name=(recipient_name or "").strip(),
                                recipient_email=(recipient_email or "").strip(), published=published)
    if not consultation.title:
        raise ApplicationError(_("Skriv høringens titel."), field="title")
    _check_intake(consultation)
    full_clean_or_raise(consultation)
    consultation.save()
    audit(action="hearings.consultation.created", actor=actor, council=council, obj=consultation,
          after=snapshot(consultation, _SNAPSHOT))
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, council: Council | None = None, actor: User | None = None,
                        **fields) -> Consultation:
    """Change the intake facts (title, sender, dates, recipient, public flag). The response
    itself is written in the draft; after sending, the recipient can no longer change."""
    _require_lead(consultation, council)
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise TypeError(f"Not intake fields: {sorted(unknown)}")
    before = snapshot(consultation, _SNAPSHOT)
    sent = consultation.status in (S.SENT, S.OUTCOME)
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if sent and name in ("recipient_name", "recipient_email") and value != getattr(consultation, name):
            raise ApplicationError(_("Svaret er sendt, så modtageren kan ikke ændres."), field=name)
        setattr(consultation, name, value)
    if not consultation.title:
        raise ApplicationError(_("Skriv høringens titel."), field="title")
    _check_intake(consultation)
    full_clean_or_raise(consultation)
    consultation.save()
    after = snapshot(consultation, _SNAPSHOT)
    if after != before:
        audit(action="hearings.consultation.updated", actor=actor, council=consultation.council,
              obj=consultation, before=before, after=after)
        if sent:  # the public flag or the title of a sent response
            _search_reindex(consultation)
    return consultation


@transaction.atomic
def consultation_assign(*, consultation: Consultation, owners: list[Person], council: Council | None = None,
                        actor: User | None = None) -> Consultation:
    """Choose the tovholdere (people of the lead or a partner council). A received consultation
    moves to *assigned*; later the owners can still change until the response is sent."""
    _require_lead(consultation, council)
    _locked(consultation)
    if consultation.status in (S.SENT, S.OUTCOME):
        raise ApplicationError(_refusal(consultation.status, S.ASSIGNED), code="status")
    owners = list(owners)
    if not owners:
        raise ApplicationError(_("Vælg mindst én tovholder."), field="owners")
    allowed = {c.pk for c in selectors.joint_councils(consultation)}
    if any(p.council_id not in allowed for p in owners):
        raise ApplicationError(_("En tovholder skal høre til et af rådene bag høringssvaret."), field="owners")
    before = {"status": consultation.status, "owners": sorted(consultation.owner_ids)}
    consultation.owners.set(owners)
    if consultation.status == S.RECEIVED:
        check_transition(consultation, S.ASSIGNED)
        consultation.status = S.ASSIGNED
        consultation.save(update_fields=["status"])
    audit(action="hearings.consultation.assigned", actor=actor, council=consultation.council,
          obj=consultation, before=before,
          after={"status": consultation.status, "owners": sorted(p.pk for p in owners)})
    return consultation


# --- Material ---------------------------------------------------------------------------------

def _material_snapshot(material: ConsultationMaterial) -> dict:
    data = snapshot(material, ["id", "council", "consultation", "name", "url", "content_type", "size"])
    data["file"] = material.file.name if material.file else ""
    return data


@transaction.atomic
def material_add(*, consultation: Consultation, name: str = "", file=None, url: str = "",
                 council: Council | None = None, actor: User | None = None) -> ConsultationMaterial:
    """Add a file (type sniffed from the content, size limited) or a link to the material."""
    _require_lead(consultation, council)
    name, url = (name or "").strip(), (url or "").strip()
    if file is not None and url:
        raise ApplicationError(_("Tilføj enten en fil eller et link – ikke begge dele på én gang."), field="url")
    if file is None and not url:
        raise ApplicationError(_("Vælg en fil, eller skriv et link til materialet."), field="file")
    material = ConsultationMaterial(council_id=consultation.council_id, consultation=consultation)
    if file is not None:
        material.attach_upload(file, noun=CONSULTATION_MATERIAL, name=name)
    else:
        material.url = url
        material.name = (name or url)[:200]
    validate_field(ConsultationMaterial, "name", material.name)
    full_clean_or_raise(material, exclude=["file"])
    material.save()
    audit(action="hearings.consultation.material_added", actor=actor, council=consultation.council,
          obj=material, after=_material_snapshot(material))
    return material


@transaction.atomic
def material_delete(*, material: ConsultationMaterial, council: Council | None = None,
                    actor: User | None = None) -> None:
    consultation = material.consultation
    _require_lead(consultation, council)
    before = _material_snapshot(material)
    stored = material.file.name if material.file else ""
    storage = material.file.storage
    material.delete()
    audit(action="hearings.consultation.material_deleted", actor=actor, council=consultation.council,
          obj=consultation, before=before, after={})
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# --- The draft ------------------------------------------------------------------------------

@transaction.atomic
def draft_save(*, consultation: Consultation, text: str, expected_version: int, note: str = "",
               actor: User | None = None) -> Consultation:
    """Save the draft if nobody saved it since ``expected_version``, as a new DraftVersion.

    The check and the write are one conditional UPDATE, so two people saving at once cannot
    both win; the loser gets an ``EditConflict`` with both texts. The first draft moves the
    consultation to *drafting*; a change after approval moves it back to *drafting* (the
    approval was for another text). Sets ``consultation.changed`` (False when the text is
    the same as the stored one)."""
    text = (text or "").strip()
    note = (note or "").strip()
    validate_field(Consultation, "draft", text)
    validate_field(DraftVersion, "note", note)
    if consultation.status in (S.SENT, S.OUTCOME):
        raise ApplicationError(_refusal(consultation.status, S.DRAFTING), field="draft", code="status")
    if not text:
        raise ApplicationError(_("Skriv udkastet til høringssvaret."), field="draft")
    before = snapshot(consultation, ["status", "draft_version", "approved_at", "approval_note"])
    stored_text, stored_version = (Consultation.objects.filter(pk=consultation.pk)
                                   .values_list("draft", "draft_version").get())
    if stored_text == text:  # nothing to save (and nothing lost, even from an older page)
        consultation.draft, consultation.draft_version = stored_text, stored_version
        consultation.changed = False  # type: ignore[attr-defined]  # set at runtime for the caller
        return consultation
    updated = update_versioned(Consultation.objects.filter(pk=consultation.pk).exclude(status__in=(S.SENT, S.OUTCOME)),
                               version_field="draft_version", expected_version=expected_version, draft=text)
    consultation.refresh_from_db(fields=["draft", "draft_version", "status", "approved_at", "approval_note",
                                         "approval_route"])
    if not updated:
        if consultation.status in (S.SENT, S.OUTCOME):
            raise ApplicationError(_refusal(consultation.status, S.DRAFTING), field="draft", code="status")
        raise EditConflict(
            _("Udkastet er blevet ændret af en anden, efter du åbnede det. Begge tekster er bevaret herunder: "
              "læg dine ændringer sammen med den gemte tekst, og gem igen."), obj=consultation, field="draft",
            stored={"draft": consultation.draft}, submitted={"draft": text, "note": note},
            stored_version=consultation.draft_version)
    version = DraftVersion(council_id=consultation.council_id, consultation=consultation,
                           number=consultation.draft_version, text=text,
                           author=actor if getattr(actor, "is_authenticated", False) else None,
                           author_name=_who(actor), note=note)
    version.save()
    changed_fields = []
    if consultation.status != S.DRAFTING:
        check_transition(consultation, S.DRAFTING)
        if consultation.status == S.APPROVED:
            # The approval was given to another text: it must be given again.
            consultation.approved_at = None
            consultation.approval_note = ""
            changed_fields += ["approved_at", "approval_note"]
        consultation.status = S.DRAFTING
        changed_fields.append("status")
    if changed_fields:
        consultation.save(update_fields=changed_fields)
    consultation.changed = True  # type: ignore[attr-defined]  # set at runtime for the caller
    audit(action="hearings.consultation.draft_saved", actor=actor, council=consultation.council,
          obj=consultation, before=before,
          after=snapshot(consultation, ["status", "draft_version", "approved_at", "approval_note"]) | {
              "version_id": version.pk})
    return consultation


@transaction.atomic
def comment_add(*, consultation: Consultation, council: Council, text: str, actor: User | None = None) -> DraftComment:
    """A comment on the draft from a person of the lead or a partner council, tied to the draft
    version it was written about."""
    if council.pk not in {c.pk for c in selectors.joint_councils(consultation)}:
        raise ApplicationError(_("Kun rådene bag høringssvaret kan kommentere udkastet."))
    if consultation.status in (S.SENT, S.OUTCOME):
        raise ApplicationError(_("Høringssvaret er sendt, så udkastet kan ikke længere kommenteres."), field="text")
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Skriv din kommentar."), field="text")
    validate_field(DraftComment, "text", text)
    comment = DraftComment(council=council, consultation=consultation, version_number=consultation.draft_version,
                           author=actor if getattr(actor, "is_authenticated", False) else None,
                           author_name=_who(actor), text=text)
    full_clean_or_raise(comment, exclude=["consultation", "author"])
    comment.save()
    audit(action="hearings.consultation.commented", actor=actor, council=council, obj=comment)
    return comment


# --- Approval at a council meeting -----------------------------------------------------------

def _draft_attachment(consultation: Consultation, item) -> None:
    """Attach the draft as a PDF to the agenda item ("Udkastet er vedlagt")."""
    pdf = letter_pdf(selectors.response_document(consultation))
    with translation.override(settings.LANGUAGE_CODE):
        name = (_("Udkast til høringssvar – %(title)s") % {"title": consultation.title})[:150]
    agenda_services.attachment_add(item=item, file=SimpleUploadedFile("udkast.pdf", pdf,
                                                                      content_type="application/pdf"), name=name)


@transaction.atomic
def agenda_item_create(*, consultation: Consultation, meeting, council: Council | None = None,
                       actor: User | None = None):
    """Put the response on a coming council meeting's agenda as a decision item, with the draft
    attached; the decision written in the minutes later approves it
    (``meeting_approval_record``)."""
    _require_lead(consultation, council)
    _locked(consultation)
    if consultation.status in (S.SENT, S.OUTCOME, S.APPROVED):
        raise ApplicationError(_refusal(consultation.status, S.APPROVED), field="meeting", code="status")
    if meeting.council_id != consultation.council_id:
        raise ApplicationError(_("Vælg et af rådets egne møder."), field="meeting")
    if (meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
            or meeting.starts_at <= timezone.now()):
        raise ApplicationError(_("Vælg et møde, der ikke er holdt endnu."), field="meeting")
    if not consultation.draft.strip():
        raise ApplicationError(_("Skriv og gem et udkast, før høringssvaret sættes på dagsordenen."), field="meeting")
    existing = consultation.agenda_item
    if existing is not None and existing.meeting is not None:
        when = _day(timezone.localdate(existing.meeting.starts_at))
        if existing.meeting.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED):
            raise ApplicationError(_("Høringssvaret er allerede på dagsordenen til mødet den %(date)s.")
                                   % {"date": when}, field="meeting")
        if existing.decision.strip():
            raise ApplicationError(_("Rådet har truffet beslutning om svaret på mødet den %(date)s. Registrér "
                                     "godkendelsen i stedet.") % {"date": when}, field="meeting")
    with translation.override(settings.LANGUAGE_CODE):  # the agenda is a record: always in Danish
        case_text = "\n\n".join(part for part in (consultation.summary.strip(), _("Udkastet er vedlagt.")) if part)
        title = (_("Høringssvar: %(title)s") % {"title": consultation.title})[:250]
        recommendation = _("Formandskabet indstiller, at rådet godkender udkastet til høringssvar.")
    item = agenda_services.item_create(meeting=meeting, title=title, kind=ItemKind.DECISION, case_text=case_text,
                                       recommendation=recommendation, actor=actor)
    _draft_attachment(consultation, item)
    before = snapshot(consultation, ["agenda_item", "approval_route"])
    consultation.agenda_item = item
    consultation.approval_route = ApprovalRoute.MEETING
    consultation.save(update_fields=["agenda_item", "approval_route"])
    audit(action="hearings.consultation.put_on_agenda", actor=actor, council=consultation.council,
          obj=consultation, before=before, after=snapshot(consultation, ["agenda_item", "approval_route"]))
    return item


@transaction.atomic
def meeting_approval_record(*, consultation: Consultation, council: Council | None = None,
                            actor: User | None = None) -> Consultation:
    """Record that the council meeting approved the response: the decision written in the
    minutes of the agenda item becomes the approval note. Refused while no decision is recorded."""
    _require_lead(consultation, council)
    _locked(consultation)
    if consultation.agenda_item_id is None:
        raise ApplicationError(_("Høringssvaret er ikke sat på et rådsmødes dagsorden."), code="no_item")
    item = AgendaItem.objects.select_related("meeting").get(pk=consultation.agenda_item_id)
    check_transition(consultation, S.APPROVED)
    if not item.decision.strip():
        when = _day(timezone.localdate(item.meeting.starts_at)) if item.meeting else ""
        raise ApplicationError(_("Der er endnu ikke skrevet en beslutning i referatet af punktet “%(title)s” på "
                                 "mødet den %(date)s. Skriv beslutningen i referatet først.")
                               % {"title": item.title, "date": when}, code="no_decision")
    before = snapshot(consultation, _SNAPSHOT)
    consultation.status = S.APPROVED
    consultation.approval_route = ApprovalRoute.MEETING
    consultation.approved_at = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        consultation.approval_note = (_("Godkendt på mødet den %(date)s: %(decision)s")
                                      % {"date": _day(timezone.localdate(item.meeting.starts_at)) if item.meeting
                                         else "", "decision": item.decision.strip()})
    consultation.save(update_fields=["status", "approval_route", "approved_at", "approval_note"])
    audit(action="hearings.consultation.approved", actor=actor, council=consultation.council,
          obj=consultation, before=before, after=snapshot(consultation, _SNAPSHOT))
    return consultation


# --- Approval by the formandskab between meetings ------------------------------------------------

@transaction.atomic
def formandskab_approve(*, consultation: Consultation, actor: User | None,
                        expected_version: int) -> FormandskabApproval:
    """The chair or vice-chair (of the lead council, today) approves the current draft version.
    The response is approved when the chair and – if the council has one today – the
    vice-chair have approved the same version. Only when the rules in force allow it."""
    _locked(consultation)
    council = consultation.council
    today = timezone.localdate()
    if not selectors.formandskab_allowed(council, today):
        raise ApplicationError(_("Efter forretningsordenen for %(council)s godkendes høringssvar på et rådsmøde, ikke "
                                 "af formandskabet mellem møderne. Sæt svaret på dagsordenen til næste møde.")
                               % {"council": council.name}, code="rules")
    check_transition(consultation, S.APPROVED)
    if not consultation.draft.strip():
        raise ApplicationError(_refusal(S.ASSIGNED, S.APPROVED), code="status")
    if expected_version != consultation.draft_version:
        raise ApplicationError(_("Udkastet er ændret, siden du åbnede siden. Læs den nye version, før du godkender."),
                               code="stale")
    position = (Position.objects.filter(selectors.running_on(today), council=council, person__user=actor,
                                        kind__in=(PositionKind.CHAIR, PositionKind.VICE_CHAIR))
                .select_related("person").order_by("kind").first())
    if position is None:
        raise ApplicationError(_("Kun formanden og næstformanden for %(council)s kan godkende høringssvaret mellem "
                                 "møderne.") % {"council": council.name}, code="not_formandskab")
    if FormandskabApproval.objects.filter(consultation=consultation, person=position.person,
                                          draft_version=consultation.draft_version).exists():
        raise ApplicationError(_("Du har allerede godkendt denne version af udkastet."), code="duplicate")
    approval = FormandskabApproval(council=council, consultation=consultation, person=position.person,
                                   user=actor, position=position.kind, draft_version=consultation.draft_version)
    approval.save()
    audit(action="hearings.consultation.formandskab_approved", actor=actor, council=council, obj=approval)
    with translation.override(settings.LANGUAGE_CODE):  # the note is a record: in Danish
        state = selectors.approval_state(consultation, today)
    if state.complete:
        before = snapshot(consultation, _SNAPSHOT)
        with translation.override(settings.LANGUAGE_CODE):
            names = selectors.and_join([f"{a.label.lower()} {a.person.name}" for a in state.approvers])
            consultation.approval_note = (_("Godkendt mellem møderne af %(names)s den %(date)s (version %(version)d).")
                                          % {"names": names, "date": _day(today),
                                             "version": consultation.draft_version})
        consultation.status = S.APPROVED
        consultation.approval_route = ApprovalRoute.FORMANDSKAB
        consultation.approved_at = timezone.now()
        consultation.save(update_fields=["status", "approval_route", "approved_at", "approval_note"])
        audit(action="hearings.consultation.approved", actor=actor, council=council, obj=consultation,
              before=before, after=snapshot(consultation, _SNAPSHOT))
    return approval


# --- Sending and outcome ------------------------------------------------------------------------

def _mail_body(consultation: Consultation, councils: list[Council]) -> str:
    names = selectors.and_join([c.name for c in councils])
    greeting = (_("Kære %(name)s") % {"name": consultation.recipient_name} if consultation.recipient_name
                else _("Til rette modtager"))
    return "\n\n".join([
        greeting,
        _("Vedhæftet er høringssvar fra %(councils)s vedrørende “%(title)s”.") % {"councils": names,
                                                                                 "title": consultation.title},
        _("Svaret står også herunder:"),
        consultation.sent_text,
        _("Med venlig hilsen\n%(councils)s") % {"councils": names},
    ])


@transaction.atomic
def consultation_send(*, consultation: Consultation, actor: User | None,
                      council: Council | None = None) -> Consultation:
    """Send the approved response to the recipient by e-mail through the outbox, with the
    response letter as a PDF built when the mail leaves. The text is frozen as sent."""
    _require_lead(consultation, council)
    _locked(consultation)
    check_transition(consultation, S.SENT)
    if not consultation.recipient_email:
        raise ApplicationError(_("Skriv modtagerens e-mailadresse under “Ret høringen”, før svaret sendes."),
                               field="recipient_email", code="no_recipient")
    before = snapshot(consultation, _SNAPSHOT)
    consultation.sent_text = consultation.draft
    consultation.sent_at = timezone.now()
    consultation.sent_by = actor if getattr(actor, "is_authenticated", False) else None
    consultation.status = S.SENT
    consultation.save(update_fields=["sent_text", "sent_at", "sent_by", "status"])
    councils = selectors.joint_councils(consultation)
    with translation.override(settings.LANGUAGE_CODE):  # the letter goes to the municipality in Danish
        subject = _("Høringssvar vedrørende %(title)s") % {"title": consultation.title}
        body = _mail_body(consultation, councils)
    outbox_enqueue(
        council=consultation.council, channel="email", person=None, to_address=consultation.recipient_email,
        subject=subject, body=body, kind="hearings.response",
        attachments=[{"builder": "hearings.response_pdf", "consultation_id": consultation.pk,
                      "name": "hoeringssvar.pdf", "content_type": "application/pdf"}],
        actor=actor)
    audit(action="hearings.consultation.sent", actor=actor, council=consultation.council, obj=consultation,
          before=before, after=snapshot(consultation, _SNAPSHOT))
    store_after_commit(lambda: letter_pdf_cached(selectors.response_document(consultation), key=consultation.pk))
    _search_reindex(consultation)
    return consultation


def _search_reindex(consultation: Consultation) -> None:
    """A joint response is in the search index of every council behind it (core.search)."""
    for council in selectors.joint_councils(consultation):
        schedule_reindex(council, ["response"])


@transaction.atomic
def outcome_record(*, consultation: Consultation, outcome: str, council: Council | None = None,
                   actor: User | None = None) -> Consultation:
    """What the response achieved, entered later (e.g. "Førte til et ekstra mål i strategien").
    Can be corrected after it has been recorded."""
    publiccache.bump(consultation.council_id)  # renews cached public pages on commit
    _require_lead(consultation, council)
    _locked(consultation)
    outcome = (outcome or "").strip()
    if consultation.status != S.OUTCOME:
        check_transition(consultation, S.OUTCOME)
    if not outcome:
        raise ApplicationError(_("Skriv, hvad høringssvaret førte til."), field="outcome")
    validate_field(Consultation, "outcome", outcome)
    before = snapshot(consultation, _SNAPSHOT)
    consultation.outcome = outcome
    consultation.outcome_recorded_at = timezone.now()
    consultation.status = S.OUTCOME
    consultation.save(update_fields=["outcome", "outcome_recorded_at", "status"])
    audit(action="hearings.consultation.outcome_recorded", actor=actor, council=consultation.council,
          obj=consultation, before=before, after=snapshot(consultation, _SNAPSHOT))
    return consultation


# --- Joint responses ----------------------------------------------------------------------------

@transaction.atomic
def partner_add(*, consultation: Consultation, partner: Council, council: Council | None = None,
                actor: User | None = None) -> ConsultationPartner:
    """Another council on the installation joins the response (a joint response): its people
    see the consultation, comment, and its formandskab and tovholdere may edit the draft."""
    _require_lead(consultation, council)
    if consultation.status in (S.SENT, S.OUTCOME):
        raise ApplicationError(_("Høringssvaret er sendt, så der kan ikke komme flere råd med."), field="council")
    if partner.pk == consultation.council_id:
        raise ApplicationError(_("%(name)s står allerede for høringssvaret.") % {"name": partner.name},
                               field="council")
    if not partner.is_active:
        raise ApplicationError(_("Vælg et aktivt råd."), field="council")
    if ConsultationPartner.objects.filter(consultation=consultation, council=partner).exists():
        raise ApplicationError(_("%(name)s er allerede med i høringssvaret.") % {"name": partner.name},
                               field="council")
    row = ConsultationPartner.objects.create(council=partner, consultation=consultation)
    audit(action="hearings.consultation.partner_added", actor=actor, council=consultation.council,
          obj=consultation, after={"partner": partner.pk})
    return row


@transaction.atomic
def partner_remove(*, consultation: Consultation, partner: Council, council: Council | None = None,
                   actor: User | None = None) -> None:
    """A partner council leaves the joint response; its people stop being tovholdere."""
    _require_lead(consultation, council)
    if consultation.status in (S.SENT, S.OUTCOME):
        raise ApplicationError(_("Høringssvaret er sendt som fælles svar og kan ikke ændres."), field="council")
    deleted, _rows = ConsultationPartner.objects.filter(consultation=consultation, council=partner).delete()
    if not deleted:
        raise ApplicationError(_("%(name)s er ikke med i høringssvaret.") % {"name": partner.name}, field="council")
    consultation.owners.remove(*consultation.owners.filter(council=partner))
    audit(action="hearings.consultation.partner_removed", actor=actor, council=consultation.council,
          obj=consultation, before={"partner": partner.pk}, after={})
