"""Writes for the agenda: items, their order, standard items, members' proposals,
attachments and publishing (which sends the invitations).

Numbering is the order of ``position`` among the items on the agenda (accepted items); every
change renumbers them 1, 2, 3… The agenda may change before and during the meeting (status
planned, agenda published or held), never after the minutes have been approved."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.errors import ApplicationError
from councils.models import Person
from meetings import standard_texts
from meetings.models import (
    AgendaItem,
    Attachment,
    ItemKind,
    Meeting,
    MeetingStatus,
    ProposalStatus,
    StandardItem,
)
from meetings.selectors import agenda as agenda_selectors
from meetings.selectors.common import previous_meeting

EDITABLE_FIELDS = ("kind", "title", "case_text", "recommendation", "responsible", "closed", "publish_title",
                   "publish_decision")
# The standard items after the council's own items, in this order; "approval" comes first.
STANDARD_TAIL = (StandardItem.ECONOMY, StandardItem.EVENTS, StandardItem.MEMBERSHIP, StandardItem.NEXT_ITEMS,
                 StandardItem.ANY_OTHER)
STANDARD_KINDS = {
    StandardItem.APPROVAL: ItemKind.DECISION,
    StandardItem.ECONOMY: ItemKind.INFORMATION,
    StandardItem.EVENTS: ItemKind.INFORMATION,
    StandardItem.MEMBERSHIP: ItemKind.INFORMATION,
    StandardItem.NEXT_ITEMS: ItemKind.DISCUSSION,
    StandardItem.ANY_OTHER: ItemKind.INFORMATION,
}


def _save(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def _day(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "j. F Y")


def _moment(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j. F Y \\k\\l. H.i")


# --- Checks -----------------------------------------------------------------------------------

def check_agenda_editable(meeting: Meeting) -> None:
    """Before and during the meeting the agenda may change; not after the minutes are approved."""
    if meeting.status in agenda_selectors.EDITABLE_STATUSES:
        return
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst, så dagsordenen kan ikke ændres."), code="cancelled")
    raise ApplicationError(
        _("Referatet af mødet er godkendt, så dagsordenen kan ikke længere ændres."), code="minutes_approved")


def _check_person(person: Person | None, council_id: int, field: str) -> None:
    if person is not None and person.council_id != council_id:
        raise ApplicationError(_("Personen hører ikke til dette råd."), field=field)


def _check_on_agenda(item: AgendaItem) -> Meeting:
    if item.meeting_id is None or item.proposal_status != ProposalStatus.ACCEPTED:
        raise ApplicationError(_("Punktet er ikke på dagsordenen."))
    return item.meeting


# --- Order ------------------------------------------------------------------------------------

def _agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting, proposal_status=ProposalStatus.ACCEPTED)
                .order_by("position", "id"))


def _write_order(items: list[AgendaItem]) -> None:
    changed = []
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["position"])


def _tail_start(items: list[AgendaItem]) -> int:
    """Index where the standard tail (economy … eventuelt) begins: new items go there."""
    index = len(items)
    while index > 0 and items[index - 1].standard in STANDARD_TAIL:
        index -= 1
    return index


def _insert(meeting: Meeting, item: AgendaItem, *, at: int | None = None) -> None:
    """Place ``item`` (already saved, accepted) in the meeting's order and renumber."""
    items = [i for i in _agenda(meeting) if i.pk != item.pk]
    if at is None:
        at = _tail_start(items)
    at = max(0, min(at, len(items)))
    items.insert(at, item)
    _write_order(items)


def items_reorder(*, meeting: Meeting, ordered_ids: list[int], reordered_by=None) -> list[AgendaItem]:
    """Put the agenda in the given order. ``ordered_ids`` must hold exactly the items on the
    agenda."""
    check_agenda_editable(meeting)
    with transaction.atomic():
        items = _agenda(meeting)
        by_id = {i.pk: i for i in items}
        try:
            ids = [int(i) for i in ordered_ids]
        except (TypeError, ValueError):
            ids = []
        if len(ids) != len(by_id) or set(ids) != set(by_id):
            raise ApplicationError(_("Rækkefølgen passer ikke med punkterne på dagsordenen. "
                                     "Genindlæs siden, og prøv igen."))
        before = [i.pk for i in items]
        new = [by_id[i] for i in ids]
        _write_order(new)
        if before != ids:
            audit(action="meetings.agenda.reordered", actor=reordered_by, council=meeting.council, obj=meeting,
                  before={"order": before}, after={"order": ids})
    return new


def item_move(*, item: AgendaItem, direction: str | None = None, position: int | None = None,
              moved_by=None) -> AgendaItem:
    """Move an item one place ``"up"``/``"down"``, or to ``position`` (its new number, 1-based).
    Moving the first item up or the last down changes nothing. Returns the item with its new
    number in ``position`` and ``moved`` telling whether anything changed."""
    meeting = _check_on_agenda(item)
    check_agenda_editable(meeting)
    items = _agenda(meeting)
    ids = [i.pk for i in items]
    if item.pk not in ids:
        raise ApplicationError(_("Punktet er ikke på dagsordenen."))
    index = ids.index(item.pk)
    if direction == "up":
        target = index - 1
    elif direction == "down":
        target = index + 1
    elif direction is None and position is not None:
        try:
            target = int(position) - 1
        except (TypeError, ValueError):
            raise ApplicationError(_("Skriv punktets nye nummer."), field="position") from None
        if not 0 <= target < len(ids):
            raise ApplicationError(_("Vælg et nummer fra 1 til %(n)d.") % {"n": len(ids)}, field="position")
    else:
        raise ApplicationError(_("Vælg om punktet skal flyttes op eller ned."))
    target = max(0, min(target, len(ids) - 1))
    if target != index:
        ids.insert(target, ids.pop(index))
        items_reorder(meeting=meeting, ordered_ids=ids, reordered_by=moved_by)
    item.position = target + 1  # its number now
    item.moved = target != index
    return item


# --- Items ------------------------------------------------------------------------------------

def item_create(*, meeting: Meeting, title: str, kind: str = ItemKind.DECISION, case_text: str = "",
                recommendation: str = "", responsible: Person | None = None, closed: bool = False,
                publish_title: bool = True, publish_decision: bool = False, position: int | None = None,
                created_by=None) -> AgendaItem:
    """Add an item to the agenda: after the council's own items, before the standard tail
    (økonomi … eventuelt), or as number ``position``."""
    check_agenda_editable(meeting)
    _check_person(responsible, meeting.council_id, "responsible")
    with transaction.atomic():
        item = _save(AgendaItem(council_id=meeting.council_id, meeting=meeting, kind=kind, title=title,
                                case_text=case_text, recommendation=recommendation, responsible=responsible,
                                closed=closed, publish_title=publish_title, publish_decision=publish_decision,
                                proposal_status=ProposalStatus.ACCEPTED))
        _insert(meeting, item, at=None if position is None else int(position) - 1)
        item.refresh_from_db(fields=["position"])
        audit(action="meetings.agenda_item.created", actor=created_by, council=meeting.council, obj=item)
    return item


def item_update(*, item: AgendaItem, updated_by=None, **fields) -> AgendaItem:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown agenda item fields: {sorted(unknown)}")
    if item.meeting_id is not None:
        check_agenda_editable(item.meeting)
    if "responsible" in fields:
        _check_person(fields["responsible"], item.council_id, "responsible")
    before = snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    with transaction.atomic():
        _save(item)
        audit(action="meetings.agenda_item.updated", actor=updated_by, council=item.council, obj=item,
              before=before)
    return item


def item_delete(*, item: AgendaItem, deleted_by=None) -> None:
    meeting = item.meeting
    if meeting is not None:
        check_agenda_editable(meeting)
    if item.action_items.exists() or item.votes.exists():
        raise ApplicationError(_("Punktet har beslutninger med opgaver eller afstemninger og kan ikke slettes."))
    before = snapshot(item)
    files = [(a.file.storage, a.file.name) for a in item.attachments.all()]
    with transaction.atomic():
        item.delete()
        if meeting is not None:
            _write_order(_agenda(meeting))
        audit(action="meetings.agenda_item.deleted", actor=deleted_by, council=item.council, before=before)
    for storage, stored in files:
        transaction.on_commit(lambda storage=storage, stored=stored: storage.delete(stored))


# --- Standard items ---------------------------------------------------------------------------

def _action_line(action, meeting_day: dt.date) -> str:
    """"• Title – tovholdere: A, B – frist 1. maj 2026 – status: Åben"."""
    from django.utils.translation import ngettext

    names = [p.name for p in action.owners.all()]
    owners = (ngettext("tovholder: %(names)s", "tovholdere: %(names)s", len(names)) % {"names": ", ".join(names)}
              if names else _("ingen tovholder"))
    if action.due is None:
        due = _("ingen frist")
    elif action.due < meeting_day:
        due = _("frist %(date)s (overskredet)") % {"date": _day(action.due)}
    else:
        due = _("frist %(date)s") % {"date": _day(action.due)}
    status = action.get_status_display()
    if action.status_note.strip():
        status = f"{status}: {action.status_note.strip()}"
    return _("• %(title)s – %(owners)s – %(due)s – status: %(status)s") % {
        "title": action.title, "owners": owners, "due": due, "status": status}


def approval_text(*, meeting: Meeting) -> str:
    """The case text of item 1: the minutes to approve and every open action item from
    earlier meetings with owners, due date and status."""
    previous = previous_meeting(meeting=meeting)
    lines = []
    if previous is not None:
        lines.append(_("Referatet af mødet den %(date)s og dagsordenen for dette møde godkendes.")
                     % {"date": _day(previous.starts_at)})
    else:
        lines.append(_("Dagsordenen for dette møde godkendes."))
    lines.append("")
    actions = agenda_selectors.open_action_items(council=meeting.council, before=meeting.starts_at)
    if not actions:
        lines.append(_("Der er ingen åbne opgaver fra tidligere møder."))
    else:
        lines.append(_("Opfølgning på åbne opgaver fra tidligere møder:"))
        meeting_day = timezone.localtime(meeting.starts_at).date()
        origin = None
        for action in actions:
            if action.meeting_id != origin:
                origin = action.meeting_id
                lines.append(_("Fra mødet den %(date)s:") % {"date": _day(action.meeting.starts_at)})
            lines.append(_action_line(action, meeting_day))
    return "\n".join(lines)


def membership_text(*, meeting: Meeting) -> str:
    """Changes to the roster since the previous meeting, and today's count of members and
    substitutes (and nominations awaiting appointment)."""
    from django.utils.translation import ngettext

    from councils.selectors import roster_changes, roster_on, term_on

    council = meeting.council
    day = timezone.localtime(meeting.starts_at).date()
    previous = previous_meeting(meeting=meeting)
    if previous is not None:
        start = timezone.localtime(previous.starts_at).date() + dt.timedelta(days=1)
        heading = _("Ændringer siden sidste møde den %(date)s:") % {"date": _day(previous.starts_at)}
    else:
        term = term_on(council=council, on=day)
        start = term.start if term and term.start <= day else day - dt.timedelta(days=365)
        heading = _("Ændringer siden %(date)s:") % {"date": _day(start)}
    changes = roster_changes(council=council, start=start, end=day) if start <= day else []
    lines = [heading]
    if changes:
        lines += [f"• {_day(c.date)}: {c.person_name} – {c.description}" for c in changes]
    else:
        lines.append(_("Ingen ændringer i rådets sammensætning."))
    roster = roster_on(council=council, on=day)
    members = ngettext("%(n)d medlem", "%(n)d medlemmer", roster.member_count) % {"n": roster.member_count}
    subs = ngettext("%(n)d suppleant", "%(n)d suppleanter", roster.substitute_count) % {"n": roster.substitute_count}
    lines += ["", _("Per %(date)s har rådet %(members)s og %(subs)s.") % {"date": _day(day), "members": members,
                                                                         "subs": subs}]
    if roster.nominated:
        lines.append(_("Indstillet og venter på udpegning: %(names)s.")
                     % {"names": ", ".join(m.person.name for m in roster.nominated)})
    return "\n".join(lines)


def next_items_text(*, meeting: Meeting) -> str:
    """The backlog: items waiting for a later meeting."""
    waiting = agenda_selectors.backlog(council=meeting.council)
    if not waiting:
        return _("Forslag til punkter på næste møde. Der venter ingen punkter fra tidligere møder.")
    lines = [_("Forslag til punkter på næste møde. Disse punkter venter fra tidligere møder:")]
    for item in waiting:
        who = item.responsible or item.proposed_by
        lines.append(f"• {item.title}" + (_(" (%(name)s)") % {"name": who.name} if who else ""))
    return "\n".join(lines)


def _standard_content(kind: str, meeting: Meeting) -> dict:
    if (builder := standard_texts.builder_for(kind)) is not None:
        return {"case_text": builder(meeting=meeting)}
    if kind == StandardItem.APPROVAL:
        return {"case_text": approval_text(meeting=meeting),
                "recommendation": _("Det indstilles, at referatet og dagsordenen godkendes.")}
    if kind == StandardItem.ECONOMY:
        return {"case_text": _("Status på rådets økonomi.")}
    if kind == StandardItem.EVENTS:
        return {"case_text": _("Kommende møder, konferencer og arrangementer – hvem fra rådet deltager?")}
    if kind == StandardItem.MEMBERSHIP:
        return {"case_text": membership_text(meeting=meeting)}
    if kind == StandardItem.NEXT_ITEMS:
        return {"case_text": next_items_text(meeting=meeting)}
    return {"case_text": ""}


def standard_items_create(*, meeting: Meeting, created_by=None) -> list[AgendaItem]:
    """Add the standard items the meeting does not have yet: approval of minutes and agenda
    first, then (after the council's own items) economy, upcoming events, membership status,
    items for the next meeting and *eventuelt* last. Idempotent: existing standard items are
    left as they are (text and place). Returns the items created."""
    check_agenda_editable(meeting)
    created = []
    with transaction.atomic():
        existing = set(AgendaItem.objects.filter(meeting=meeting).exclude(standard="")
                       .values_list("standard", flat=True))
        for kind in (StandardItem.APPROVAL, *STANDARD_TAIL):
            if kind in existing:
                continue
            item = _save(AgendaItem(council_id=meeting.council_id, meeting=meeting, standard=kind,
                                    kind=STANDARD_KINDS[kind], title=StandardItem(kind).label,
                                    proposal_status=ProposalStatus.ACCEPTED, **_standard_content(kind, meeting)))
            items = [i for i in _agenda(meeting) if i.pk != item.pk]
            if kind == StandardItem.APPROVAL:
                at = 0
            else:
                later = STANDARD_TAIL[STANDARD_TAIL.index(kind) + 1:]
                at = next((n for n, i in enumerate(items) if i.standard in later), len(items))
            items.insert(at, item)
            _write_order(items)
            created.append(item)
        if created:
            audit(action="meetings.agenda.standard_items_created", actor=created_by, council=meeting.council,
                  obj=meeting, after={"created": [i.standard for i in created]})
    for item in created:
        item.refresh_from_db(fields=["position"])
    return created


def standard_items_refresh(*, meeting: Meeting, refreshed_by=None) -> list[AgendaItem]:
    """Rewrite the case text of the standard items built from data (open action items,
    membership status, backlog, and the economy and events texts other apps register in
    ``meetings.standard_texts``) with today's data. Overwrites hand edits of those texts."""
    check_agenda_editable(meeting)
    builders = {StandardItem.APPROVAL: approval_text, StandardItem.MEMBERSHIP: membership_text,
                StandardItem.NEXT_ITEMS: next_items_text}
    builders |= {kind: standard_texts.builder_for(kind) for kind in standard_texts.registered_kinds()}
    updated = []
    with transaction.atomic():
        for item in AgendaItem.objects.filter(meeting=meeting, standard__in=list(builders)):
            text = builders[item.standard](meeting=meeting)
            if text != item.case_text:
                before = snapshot(item, ["case_text"])
                item.case_text = text
                _save(item)
                audit(action="meetings.agenda_item.refreshed", actor=refreshed_by, council=meeting.council,
                      obj=item, before=before, after=snapshot(item, ["case_text"]))
                updated.append(item)
    return updated


# --- Members' proposals -----------------------------------------------------------------------

def item_propose(*, council, meeting: Meeting, proposed_by: Person, title: str, case_text: str,
                 now: dt.datetime | None = None) -> AgendaItem:
    """A member proposes an item for ``meeting``; the chair or secretariat answers it. Refused
    after the deadline of the rules of procedure."""
    now = now or timezone.now()
    if meeting.council_id != council.pk:
        raise ApplicationError(_("Mødet hører til et andet råd."))
    _check_person(proposed_by, council.pk, "proposed_by")
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED) or meeting.starts_at <= now:
        raise ApplicationError(_("Mødet er afholdt eller aflyst. Foreslå punktet til et kommende møde."),
                               code="closed")
    deadline = agenda_selectors.proposal_deadline(meeting=meeting)
    if now > deadline:
        raise ApplicationError(
            _("Fristen for at foreslå punkter til mødet den %(meeting)s var %(deadline)s. "
              "Foreslå punktet til et senere møde, eller kontakt formanden eller sekretariatet.")
            % {"meeting": _day(meeting.starts_at), "deadline": _moment(deadline)}, code="deadline")
    with transaction.atomic():
        item = _save(AgendaItem(council=council, meeting=meeting, kind=ItemKind.DISCUSSION, title=title,
                                case_text=case_text, proposed_by=proposed_by, position=0,
                                proposal_status=ProposalStatus.PROPOSED))
        audit(action="meetings.agenda_item.proposed", actor=proposed_by.user, council=council, obj=item)
    return item


def _check_proposal(item: AgendaItem, *, allowed=(ProposalStatus.PROPOSED,)) -> None:
    if item.proposal_status not in allowed:
        raise ApplicationError(_("Forslaget er allerede behandlet (%(status)s).")
                               % {"status": item.get_proposal_status_display().lower()})


def proposal_accept(*, item: AgendaItem, accepted_by=None) -> AgendaItem:
    """Put a proposed item on its meeting's agenda, at the end before the standard tail."""
    _check_proposal(item)
    meeting = item.meeting
    check_agenda_editable(meeting)
    with transaction.atomic():
        item.proposal_status = ProposalStatus.ACCEPTED
        item.decline_reason = ""
        _save(item)
        _insert(meeting, item)
        item.refresh_from_db(fields=["position"])
        audit(action="meetings.agenda_item.accepted", actor=accepted_by, council=meeting.council, obj=item)
    return item


def proposal_decline(*, item: AgendaItem, reason: str, declined_by=None) -> AgendaItem:
    _check_proposal(item)
    if not (reason or "").strip():
        raise ApplicationError(_("Skriv en begrundelse, så forslagsstilleren ved, hvorfor punktet ikke kommer på "
                                 "dagsordenen."), field="reason", code="required")
    with transaction.atomic():
        item.proposal_status = ProposalStatus.DECLINED
        item.decline_reason = reason.strip()
        _save(item)
        audit(action="meetings.agenda_item.declined", actor=declined_by, council=item.council, obj=item)
    return item


def proposal_postpone(*, item: AgendaItem, postponed_by=None) -> AgendaItem:
    """Move a proposal – or an item already on the agenda – to the backlog of items for a
    later meeting. Standard items cannot be postponed."""
    _check_proposal(item, allowed=(ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED))
    if item.standard:
        raise ApplicationError(_("Standardpunkter kan ikke udsættes. Slet punktet, hvis det ikke skal med."))
    meeting = item.meeting
    if meeting is None:
        raise ApplicationError(_("Punktet venter allerede på et senere møde."))
    if item.proposal_status == ProposalStatus.ACCEPTED:
        check_agenda_editable(meeting)
    before = snapshot(item)
    with transaction.atomic():
        item.meeting = None
        item.proposal_status = ProposalStatus.BACKLOG
        item.position = 0
        _save(item)
        _write_order(_agenda(meeting))
        audit(action="meetings.agenda_item.postponed", actor=postponed_by, council=item.council, obj=item,
              before=before)
    return item


def backlog_schedule(*, item: AgendaItem, meeting: Meeting, scheduled_by=None) -> AgendaItem:
    """Take an item from the backlog onto ``meeting``'s agenda (before the standard tail)."""
    if item.meeting_id is not None or item.proposal_status != ProposalStatus.BACKLOG:
        raise ApplicationError(_("Punktet venter ikke på et senere møde."))
    if item.council_id != meeting.council_id:
        raise ApplicationError(_("Mødet hører til et andet råd."))
    check_agenda_editable(meeting)
    with transaction.atomic():
        item.meeting = meeting
        item.proposal_status = ProposalStatus.ACCEPTED
        _save(item)
        _insert(meeting, item)
        item.refresh_from_db(fields=["position"])
        audit(action="meetings.agenda_item.scheduled", actor=scheduled_by, council=meeting.council, obj=item)
    return item


# --- Attachments ------------------------------------------------------------------------------

def _attachment_snapshot(attachment: Attachment) -> dict:
    """core.audit.snapshot cannot serialise a FieldFile: store the file's storage name."""
    data = snapshot(attachment, ["id", "council", "item", "name", "content_type", "size"])
    data["file"] = attachment.file.name
    return data


def attachment_add(*, item: AgendaItem, file, name: str = "", added_by=None) -> Attachment:
    """Attach a file to an item after checking its real type and size (meetings.uploads)."""
    from meetings.uploads import ATTACHMENT, validate_upload

    if item.meeting_id is not None:
        check_agenda_editable(item.meeting)
    valid = validate_upload(file, noun=ATTACHMENT)
    file.name = f"{uuid.uuid4().hex}{valid.kind.extension}"  # never the uploaded name on disk
    display = (name or "").strip()
    if display and not display.lower().endswith(valid.kind.extension):
        display = f"{display}{valid.kind.extension}"
    attachment = Attachment(council_id=item.council_id, item=item, file=file, name=(display or valid.name)[:200],
                            content_type=valid.kind.content_type, size=valid.size)
    with transaction.atomic():
        attachment.full_clean(exclude=["file"])
        attachment.save()
        audit(action="meetings.attachment.added", actor=added_by, council=item.council, obj=attachment,
              after=_attachment_snapshot(attachment))
    return attachment


def attachment_delete(*, attachment: Attachment, deleted_by=None) -> None:
    item = attachment.item
    if item.meeting_id is not None:
        check_agenda_editable(item.meeting)
    before = _attachment_snapshot(attachment)
    stored = attachment.file.name
    storage = attachment.file.storage
    with transaction.atomic():
        attachment.delete()
        audit(action="meetings.attachment.deleted", actor=deleted_by, council=item.council, before=before)
    transaction.on_commit(lambda: storage.delete(stored))


# --- Publishing -------------------------------------------------------------------------------

def agenda_publish(*, meeting: Meeting, published_by) -> Meeting:
    """Send the agenda: check it is ready, mark it published and send the invitations
    (meetings.services.attendance.invitations_send) in one transaction."""
    from meetings.services.attendance import invitations_send

    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst."))
    if meeting.status != MeetingStatus.PLANNED:
        when = _moment(meeting.agenda_published_at) if meeting.agenda_published_at else ""
        raise ApplicationError(_("Dagsordenen er allerede udsendt %(when)s.") % {"when": when} if when
                               else _("Dagsordenen er allerede udsendt."), code="published")
    pending = agenda_selectors.pending_proposal_count(meeting=meeting)
    if pending:
        from django.utils.translation import ngettext

        raise ApplicationError(ngettext(
            "Et forslag fra et medlem venter på svar. Optag, afvis eller udsæt det, før dagsordenen udsendes.",
            "%(n)d forslag fra medlemmer venter på svar. Optag, afvis eller udsæt dem, før dagsordenen udsendes.",
            pending) % {"n": pending}, code="pending_proposals")
    if not AgendaItem.objects.filter(meeting=meeting, proposal_status=ProposalStatus.ACCEPTED).exists():
        raise ApplicationError(_("Dagsordenen har ingen punkter. Tilføj punkter, før den udsendes."),
                               code="empty")
    with transaction.atomic():
        before = snapshot(meeting, ["status", "agenda_published_at"])
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
        meeting.agenda_published_at = timezone.now()
        meeting.save(update_fields=["status", "agenda_published_at"])
        audit(action="meetings.agenda.published", actor=published_by, council=meeting.council, obj=meeting,
              before=before, after=snapshot(meeting, ["status", "agenda_published_at"]))
        invitations_send(meeting=meeting, sent_by=published_by)
    return meeting
