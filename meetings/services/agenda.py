"""Writes for the agenda: items, their order, standard items, members' proposals,
attachments and publishing (which sends the invitations).

Numbering is the order of ``position`` among the items on the agenda (accepted items); every
change renumbers them 1, 2, 3… The agenda may change before and during the meeting (status
planned, agenda published or held), never after the minutes have been approved."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import publiccache
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise, validate_field
from core.formats import long_date, long_datetime
from core.search import schedule_reindex
from core.uploads import ATTACHMENT
from councils.models import Council, Person
from councils.selectors import roster_changes, roster_on, term_on
from meetings import documents, standard_texts
from meetings.models import (
    ActionStatus,
    AgendaItem,
    Attachment,
    ItemKind,
    Meeting,
    MeetingStatus,
    ProposalStatus,
    StandardItem,
)
from meetings.selectors import agenda as agenda_selectors
from meetings.selectors import plan as plan_selectors
from meetings.selectors.common import previous_meeting
from meetings.services import attendance as attendance_services
from meetings.services import minutes as minutes_services

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User

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
    full_clean_or_raise(instance, exclude=exclude)
    instance.save()
    return instance


def _day(value: dt.date | dt.datetime) -> str:
    return long_date(value)


def _moment(value: dt.datetime) -> str:
    return long_datetime(value)


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
    return cast(Meeting, item.meeting)  # meeting_id is set


def _public_changed(meeting: Meeting | None) -> None:
    """Once the agenda is out, the public meeting page shows the items as they are now: a change
    to them renews the council's cached public pages when the transaction commits (core.publiccache)."""
    if meeting is not None and plan_selectors.agenda_is_public(meeting):
        publiccache.bump(meeting.council_id)


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


SUPPLEMENT_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _supplement_number(items: list[AgendaItem], at: int) -> str:
    """The number of an item added after sending at index ``at``: the number of the sent item
    before it with the next free letter ("4a", then "4b"), so no number the members have
    changes."""
    base = next((agenda_selectors.number_key(i.sent_number)[0] for i in reversed(items[:at]) if i.sent_number), 0)
    taken = {i.sent_number for i in items}
    for letter in SUPPLEMENT_LETTERS:
        if f"{base}{letter}" not in taken:
            return f"{base}{letter}"
    raise ApplicationError(_("Der kan ikke tilføjes flere punkter efter punkt %(n)d. Placér punktet et andet "
                             "sted.") % {"n": base}, field="position")


def _insert(meeting: Meeting, item: AgendaItem, *, at: int | None = None) -> None:
    """Place ``item`` (already saved, accepted) in the meeting's order and renumber. Once the
    agenda is sent the numbers the members have stay: the item is supplementary and gets a
    number like "4a" from the item before it (never above item 1)."""
    items = [i for i in _agenda(meeting) if i.pk != item.pk]
    if at is None:
        at = _tail_start(items)
    at = max(0, min(at, len(items)))
    if agenda_selectors.agenda_sent(meeting):
        at = max(at, 1) if items else at
        item.supplementary = True
        item.supplement_sent_at = None
        item.sent_number = _supplement_number(items, at)
        item.save(update_fields=["supplementary", "supplement_sent_at", "sent_number"])
    items.insert(at, item)
    _write_order(items)
    _public_changed(meeting)


def items_reorder(*, meeting: Meeting, ordered_ids: list[int], actor: User | None = None) -> list[AgendaItem]:
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
        _public_changed(meeting)
        if before != ids:
            audit(action="meetings.agenda.reordered", actor=actor, council=meeting.council, obj=meeting,
                  before={"order": before}, after={"order": ids})
    return new


def item_move(*, item: AgendaItem, direction: str | None = None, position: int | None = None,
              actor: User | None = None) -> AgendaItem:
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
        items_reorder(meeting=meeting, ordered_ids=ids, actor=actor)
    item.position = target + 1  # its number now
    item.moved = target != index  # type: ignore[attr-defined]  # tells the view whether it moved
    return item


# --- Items ------------------------------------------------------------------------------------

def item_create(*, meeting: Meeting, title: str, kind: str = ItemKind.DECISION, case_text: str = "",
                recommendation: str = "", responsible: Person | None = None, closed: bool = False,
                publish_title: bool = False, publish_decision: bool = False, position: int | None = None,
                actor: User | None = None) -> AgendaItem:
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
        audit(action="meetings.agenda_item.created", actor=actor, council=meeting.council, obj=item)
    return item


def item_update(*, item: AgendaItem, actor: User | None = None, **fields) -> AgendaItem:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown agenda item fields: {sorted(unknown)}")
    if item.meeting_id is not None:
        check_agenda_editable(cast(Meeting, item.meeting))
    if "responsible" in fields:
        _check_person(fields["responsible"], item.council_id, "responsible")
    before = snapshot(item)
    if item.standard and "case_text" in fields and fields["case_text"] != item.case_text:
        item.standard_as_of = None  # written by hand now: no longer the computed text
    for name, value in fields.items():
        setattr(item, name, value)
    with transaction.atomic():
        _save(item)
        _public_changed(item.meeting)
        audit(action="meetings.agenda_item.updated", actor=actor, council=item.council, obj=item,
              before=before)
    return item


def item_delete(*, item: AgendaItem, actor: User | None = None) -> None:
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
        _public_changed(meeting)
        audit(action="meetings.agenda_item.deleted", actor=actor, council=item.council, before=before)
    for storage, stored in files:
        transaction.on_commit(partial(storage.delete, stored))


# --- Standard items ---------------------------------------------------------------------------
#
# The case texts of approval, economy, events, membership and next items are computed from data
# as of a date (``agenda_selectors.standard_as_of``: the day the agenda was sent, before that
# today). Once the agenda is sent they are frozen: computing them again is an explicit action
# that shows what would change and asks to confirm (``standard_items_changes`` and
# ``standard_items_refresh(confirmed=True)``); the minutes of an approved meeting are never changed.

def _action_line(action, meeting_day: dt.date, as_of: dt.date) -> str:
    """"• Title – tovholdere: A, B – frist 1. maj 2026 – status: Åben"; an item closed after
    ``as_of`` was still open then."""
    names = [p.name for p in action.owners.all()]
    owners = (ngettext("tovholder: %(names)s", "tovholdere: %(names)s", len(names)) % {"names": ", ".join(names)}
              if names else _("ingen tovholder"))
    if action.due is None:
        due = _("ingen frist")
    elif action.due < meeting_day:
        due = _("frist %(date)s (overskredet)") % {"date": _day(action.due)}
    else:
        due = _("frist %(date)s") % {"date": _day(action.due)}
    status: StrOrPromise
    if action.closed_on is not None and action.closed_on > as_of:
        status = ActionStatus.OPEN.label
    else:
        status = action.get_status_display()
        if action.status_note.strip():
            status = f"{status}: {action.status_note.strip()}"
    return _("• %(title)s – %(owners)s – %(due)s – status: %(status)s") % {
        "title": action.title, "owners": owners, "due": due, "status": status}


def approval_text(*, meeting: Meeting, as_of: dt.date) -> str:
    """The case text of item 1: the minutes to approve and every action item from earlier
    meetings of the term that was open on ``as_of``, with owners, due date and status (items of
    an ended term only when carried over to this one)."""
    term = agenda_selectors.meeting_term(meeting=meeting)
    previous = previous_meeting(meeting=meeting)
    if previous is not None and term is not None and timezone.localdate(previous.starts_at) < term.start:
        previous = None  # the last meeting of the ended term approved its minutes in its own term
    lines = []
    if previous is not None:
        lines.append(_("Referatet af mødet den %(date)s og dagsordenen for dette møde godkendes.")
                     % {"date": _day(previous.starts_at)})
    else:
        lines.append(_("Dagsordenen for dette møde godkendes."))
    lines.append("")
    actions = agenda_selectors.open_action_items(council=meeting.council, before=meeting.starts_at, as_of=as_of,
                                                 term=term)
    if not actions:
        lines.append(_("Der er ingen åbne opgaver fra tidligere møder."))
    else:
        lines.append(_("Opfølgning på åbne opgaver fra tidligere møder:"))
        meeting_day = timezone.localdate(meeting.starts_at)
        origin = None
        for action in actions:
            if action.meeting_id != origin:
                origin = action.meeting_id
                heading = _("Fra mødet den %(date)s:") % {"date": _day(action.meeting.starts_at)}
                if term is not None and action.carried_to_term_id == term.pk \
                        and timezone.localdate(action.meeting.starts_at) < term.start:
                    heading = (_("Fra mødet den %(date)s (ført med fra sidste valgperiode):")
                               % {"date": _day(action.meeting.starts_at)})
                lines.append(heading)
            lines.append(_action_line(action, meeting_day, as_of))
    return "\n".join(lines)


def membership_text(*, meeting: Meeting, as_of: dt.date) -> str:
    """Changes to the roster since the previous meeting and the count of members and
    substitutes on the meeting's day (and nominations awaiting appointment then). The roster
    is the one planned for the meeting day; ``as_of`` is accepted like every builder's."""
    council = meeting.council
    day = timezone.localdate(meeting.starts_at)
    previous = previous_meeting(meeting=meeting)
    if previous is not None:
        start = timezone.localdate(previous.starts_at) + dt.timedelta(days=1)
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


def next_items_text(*, meeting: Meeting, as_of: dt.date) -> str:
    """The backlog on ``as_of``: items of the meeting's term (or carried over to it) waiting for
    a later meeting."""
    waiting = agenda_selectors.backlog(council=meeting.council, as_of=as_of,
                                       term=agenda_selectors.meeting_term(meeting=meeting))
    if not waiting:
        return _("Forslag til punkter på næste møde. Der venter ingen punkter fra tidligere møder.")
    lines = [_("Forslag til punkter på næste møde. Disse punkter venter fra tidligere møder:")]
    for item in waiting:
        who = item.responsible or item.proposed_by
        lines.append(f"• {item.title}" + (_(" (%(name)s)") % {"name": who.name} if who else ""))
    return "\n".join(lines)


def _builders() -> dict:
    """The standard items whose case text is computed from data, and their builders
    (``builder(*, meeting, as_of) -> str``): ours and those other apps register."""
    builders: dict[str, Callable[..., str] | None] = {
        StandardItem.APPROVAL: approval_text, StandardItem.MEMBERSHIP: membership_text,
        StandardItem.NEXT_ITEMS: next_items_text}
    builders |= {kind: standard_texts.builder_for(kind) for kind in standard_texts.registered_kinds()}
    return builders


def _standard_content(kind: str, meeting: Meeting, as_of: dt.date) -> dict:
    """The standard item's title and texts. The agenda is the council's Danish record: they are
    written in Danish whatever language the secretariat reads Stemme in."""
    with translation.override(settings.LANGUAGE_CODE):
        return {"title": str(StandardItem(kind).label), **_standard_texts(kind, meeting, as_of)}


def _standard_texts(kind: str, meeting: Meeting, as_of: dt.date) -> dict:
    if (builder := _builders().get(kind)) is not None:
        content = {"case_text": builder(meeting=meeting, as_of=as_of), "standard_as_of": as_of}
    elif kind == StandardItem.ECONOMY:
        content = {"case_text": _("Status på rådets økonomi.")}
    elif kind == StandardItem.EVENTS:
        content = {"case_text": _("Kommende møder, konferencer og arrangementer – hvem fra rådet deltager?")}
    else:
        content = {"case_text": ""}
    if kind == StandardItem.APPROVAL:
        content["recommendation"] = _("Det indstilles, at referatet og dagsordenen godkendes.")
    return content


def _check_not_record(meeting: Meeting) -> None:
    if meeting.status in agenda_selectors.RECORD_STATUSES:
        raise ApplicationError(
            _("Referatet af mødet er godkendt, så standardpunkternes tekst kan ikke ændres. Den står, som "
              "dagsordenen blev udsendt og behandlet."), code="minutes_approved")


def standard_items_create(*, meeting: Meeting, actor: User | None = None,
                          as_of: dt.date | None = None) -> list[AgendaItem]:
    """Add the standard items the meeting does not have yet: approval of minutes and agenda
    first, then (after the council's own items) economy, upcoming events, membership status,
    items for the next meeting and *eventuelt* last, with their texts computed as of ``as_of``
    (default ``standard_as_of``). Idempotent: existing standard items are left as they are
    (text and place). Only before the agenda is sent: afterwards new items would change the
    numbers the members have. Returns the items created."""
    check_agenda_editable(meeting)
    if agenda_selectors.agenda_sent(meeting):
        raise ApplicationError(_("Dagsordenen er udsendt, så standardpunkterne kan ikke længere tilføjes. Tilføj "
                                 "et almindeligt punkt – det kommer med på en supplerende dagsorden."),
                               code="published")
    as_of = as_of or agenda_selectors.standard_as_of(meeting)
    created = []
    with transaction.atomic():
        existing = set(AgendaItem.objects.filter(meeting=meeting).exclude(standard="")
                       .values_list("standard", flat=True))
        for kind in (StandardItem.APPROVAL, *STANDARD_TAIL):
            if kind in existing:
                continue
            item = _save(AgendaItem(council_id=meeting.council_id, meeting=meeting, standard=kind,
                                    kind=STANDARD_KINDS[kind], proposal_status=ProposalStatus.ACCEPTED,
                                    **_standard_content(kind, meeting, as_of)))
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
            audit(action="meetings.agenda.standard_items_created", actor=actor, council=meeting.council,
                  obj=meeting, after={"created": [i.standard for i in created], "as_of": as_of.isoformat()})
    for item in created:
        item.refresh_from_db(fields=["position"])
    return created


@dataclass
class StandardChange:
    """One standard item's text now and as computed again."""

    item: AgendaItem
    old: str
    new: str
    old_as_of: dt.date | None  # None: the text was written or edited by hand

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def hand_edited(self) -> bool:
        return self.old_as_of is None

    @property
    def digest(self) -> str:
        """Identifies the new text, so a confirmation applies exactly what was shown."""
        return text_digest(self.new)


@dataclass
class StandardChanges:
    meeting: Meeting
    as_of: dt.date
    sent: bool            # the agenda has been sent: applying needs a confirmation
    changes: list[StandardChange]

    @property
    def changed(self) -> list[StandardChange]:
        return [c for c in self.changes if c.changed]


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def standard_items_changes(*, meeting: Meeting, as_of: dt.date | None = None) -> StandardChanges:
    """What computing the standard items' texts again (as of ``as_of``, default
    ``standard_as_of``: the send date once the agenda is sent) would change, item by item.
    Writes nothing."""
    as_of = as_of or agenda_selectors.standard_as_of(meeting)
    builders = _builders()
    items = [i for i in _agenda(meeting) if i.standard in builders]
    with translation.override(settings.LANGUAGE_CODE):  # the texts are Danish, as when they were written
        changes = [StandardChange(item=i, old=i.case_text, new=builders[i.standard](meeting=meeting, as_of=as_of),
                                  old_as_of=i.standard_as_of) for i in items]
    return StandardChanges(meeting=meeting, as_of=as_of, sent=agenda_selectors.agenda_sent(meeting),
                           changes=changes)


def standard_items_refresh(*, meeting: Meeting, actor: User | None = None, kinds: list[str] | None = None,
                           as_of: dt.date | None = None, confirmed: bool = False,
                           expected: dict[str, str] | None = None) -> list[AgendaItem]:
    """Write the standard items' texts computed again as of ``as_of`` (see
    ``standard_items_changes``), for the items of ``kinds`` (default: all that changed).
    Overwrites hand edits of those texts.

    Before the agenda is sent this applies directly. Once it is sent the texts are frozen:
    changing them needs ``confirmed=True`` (after the secretariat has seen the diff), and
    ``expected`` (kind → ``text_digest`` of the text shown) refuses the change when the data
    moved since. Each change is audited with the text before and after. The minutes of an
    approved meeting are never changed."""
    _check_not_record(meeting)
    check_agenda_editable(meeting)
    proposal = standard_items_changes(meeting=meeting, as_of=as_of)
    if proposal.sent and not confirmed:
        raise ApplicationError(_("Dagsordenen er udsendt, så standardpunkternes tekst ændres kun, når du har set "
                                 "ændringerne og bekræftet dem."), code="confirm_required")
    wanted = set(kinds) if kinds is not None else None
    action = "meetings.agenda_item.standard_recomputed" if proposal.sent else "meetings.agenda_item.refreshed"
    updated = []
    with transaction.atomic():
        for change in proposal.changed:
            kind = change.item.standard
            if wanted is not None and kind not in wanted:
                continue
            if expected is not None and expected.get(kind) != change.digest:
                raise ApplicationError(_("Oplysningerne bag “%(title)s” har ændret sig, siden du så ændringerne. Se "
                                         "dem igen, før du bekræfter.") % {"title": change.item.title},
                                       code="changed")
            item = change.item
            before = snapshot(item, ["case_text", "standard_as_of"])
            item.case_text = change.new
            item.standard_as_of = proposal.as_of
            _save(item)
            audit(action=action, actor=actor, council=meeting.council, obj=item, before=before,
                  after=snapshot(item, ["case_text", "standard_as_of"]) | {"agenda_sent": proposal.sent})
            updated.append(item)
        if updated:
            _public_changed(meeting)
    return updated


# --- A new term ---------------------------------------------------------------------------------
#
# Open action items and backlog items of an ended term do not flow into the new term's agendas
# (``agenda_selectors.open_action_items(term=…)``, ``backlog(term=…)``). The secretariat decides
# for each of them at the new term's first meetings: carry it over (it then appears in the new
# term) or close it.

CARRY, CLOSE = "carry", "close"


def ended_term_items_decide(*, meeting: Meeting, decision: str, action_ids=(), backlog_ids=(),
                            actor: User | None = None, on: dt.date | None = None) -> int:
    """Carry the given open items of the ended term over to ``meeting``'s term, or close them
    (action items as dropped, backlog items as declined, both with a note naming the new
    term). Only items that ``ended_term_items(meeting=…)`` lists can be decided. Audited per
    item. Returns how many items were decided."""
    if decision not in (CARRY, CLOSE):
        raise ApplicationError(_("Vælg, om punkterne skal føres med eller lukkes."), field="decision")
    pending = agenda_selectors.ended_term_items(meeting=meeting)
    if not pending:
        raise ApplicationError(_("Der er ingen åbne opgaver eller punkter fra sidste valgperiode at tage stilling "
                                 "til."), code="nothing")
    term = pending.term
    actions = {a.pk: a for a in pending.actions}
    waiting = {i.pk: i for i in pending.backlog}
    try:
        action_ids = {int(pk) for pk in action_ids}
        backlog_ids = {int(pk) for pk in backlog_ids}
    except (TypeError, ValueError):
        raise ApplicationError(_("Opgaven eller punktet findes ikke på listen. Genindlæs siden.")) from None
    if not action_ids <= set(actions) or not backlog_ids <= set(waiting):
        raise ApplicationError(_("Opgaven eller punktet er ikke længere på listen over åbne punkter fra sidste "
                                 "valgperiode. Genindlæs siden."), code="stale")
    if not action_ids and not backlog_ids:
        raise ApplicationError(_("Vælg mindst én opgave eller ét punkt."))
    with translation.override(settings.LANGUAGE_CODE):  # the note is a record: always in the council's language
        note = _("Lukket ved overgangen til valgperioden %(term)s.") % {"term": term.name}
    with transaction.atomic():
        for pk in sorted(action_ids):
            action = actions[pk]
            if decision == CARRY:
                before = snapshot(action, ["carried_to_term"])
                action.carried_to_term = term
                action.save(update_fields=["carried_to_term"])
                audit(action="meetings.action_item.carried_over", actor=actor, council=meeting.council,
                      obj=action, before=before, after=snapshot(action, ["carried_to_term"]) | {"term": term.name})
            else:
                minutes_services.action_item_update_status(action_item=action, status=ActionStatus.DROPPED, note=note,
                                          actor=actor, on=on)
        for pk in sorted(backlog_ids):
            item = waiting[pk]
            before = snapshot(item, ["carried_to_term", "proposal_status", "decline_reason"])
            if decision == CARRY:
                item.carried_to_term = term
                code = "meetings.agenda_item.carried_over"
            else:
                item.proposal_status = ProposalStatus.DECLINED
                item.decline_reason = note
                code = "meetings.agenda_item.closed_at_term_end"
            _save(item)
            audit(action=code, actor=actor, council=meeting.council, obj=item, before=before,
                  after=snapshot(item, ["carried_to_term", "proposal_status", "decline_reason"]) | {"term": term.name})
    return len(action_ids) + len(backlog_ids)


# --- Members' proposals -----------------------------------------------------------------------

def item_propose(*, council: Council, meeting: Meeting, proposed_by: Person, title: str, case_text: str,
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


def proposal_accept(*, item: AgendaItem, actor: User | None = None) -> AgendaItem:
    """Put a proposed item on its meeting's agenda, at the end before the standard tail."""
    _check_proposal(item)
    meeting = cast(Meeting, item.meeting)  # a proposal is made for a meeting (item_propose)
    check_agenda_editable(meeting)
    with transaction.atomic():
        item.proposal_status = ProposalStatus.ACCEPTED
        item.decline_reason = ""
        _save(item)
        _insert(meeting, item)
        item.refresh_from_db(fields=["position"])
        audit(action="meetings.agenda_item.accepted", actor=actor, council=meeting.council, obj=item)
    return item


def proposal_decline(*, item: AgendaItem, reason: str, actor: User | None = None) -> AgendaItem:
    _check_proposal(item)
    if not (reason or "").strip():
        raise ApplicationError(_("Skriv en begrundelse, så forslagsstilleren ved, hvorfor punktet ikke kommer på "
                                 "dagsordenen."), field="reason", code="required")
    with transaction.atomic():
        item.proposal_status = ProposalStatus.DECLINED
        item.decline_reason = reason.strip()
        _save(item)
        audit(action="meetings.agenda_item.declined", actor=actor, council=item.council, obj=item)
    return item


def proposal_postpone(*, item: AgendaItem, actor: User | None = None) -> AgendaItem:
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
        item.sent_number = ""  # its number on that agenda stays unused: the others keep theirs
        item.supplementary = False
        item.supplement_sent_at = None
        _save(item)
        _write_order(_agenda(meeting))
        _public_changed(meeting)
        audit(action="meetings.agenda_item.postponed", actor=actor, council=item.council, obj=item,
              before=before)
    return item


def backlog_schedule(*, item: AgendaItem, meeting: Meeting, actor: User | None = None) -> AgendaItem:
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
        audit(action="meetings.agenda_item.scheduled", actor=actor, council=meeting.council, obj=item)
    return item


def backlog_item_create(*, council: Council, title: str, case_text: str = "", kind: str = ItemKind.DISCUSSION,
                        responsible: Person | None = None, actor: User | None = None) -> AgendaItem:
    """An item for a later meeting, in the backlog the formandskab schedules from
    (``backlog_schedule``): no meeting yet. For items that start outside a meeting, such as a
    citizen's message the secretariat turns into a proposal."""
    _check_person(responsible, council.pk, "responsible")
    with transaction.atomic():
        item = _save(AgendaItem(council=council, meeting=None, position=0, kind=kind, title=(title or "").strip(),
                                case_text=(case_text or "").strip(), responsible=responsible,
                                proposal_status=ProposalStatus.BACKLOG))
        audit(action="meetings.agenda_item.created", actor=actor, council=council, obj=item)
    return item


# --- Attachments ------------------------------------------------------------------------------

def _attachment_snapshot(attachment: Attachment) -> dict:
    """core.audit.snapshot cannot serialise a FieldFile: store the file's storage name."""
    data = snapshot(attachment, ["id", "council", "item", "name", "content_type", "size"])
    data["file"] = attachment.file.name
    return data


def attachment_add(*, item: AgendaItem, file, name: str = "", actor: User | None = None) -> Attachment:
    """Attach a file to an item after checking its real type and size (core.uploads)."""
    if item.meeting_id is not None:
        check_agenda_editable(cast(Meeting, item.meeting))
    attachment = Attachment(council_id=item.council_id, item=item)
    attachment.attach_upload(file, noun=ATTACHMENT, name=name)
    with transaction.atomic():
        full_clean_or_raise(attachment, exclude=["file"])
        attachment.save()
        _public_changed(item.meeting)
        audit(action="meetings.attachment.added", actor=actor, council=item.council, obj=attachment,
              after=_attachment_snapshot(attachment))
    return attachment


def attachment_delete(*, attachment: Attachment, actor: User | None = None) -> None:
    item = attachment.item
    if item.meeting_id is not None:
        check_agenda_editable(cast(Meeting, item.meeting))
    before = _attachment_snapshot(attachment)
    stored = attachment.file.name
    storage = attachment.file.storage
    with transaction.atomic():
        attachment.delete()
        _public_changed(item.meeting)
        audit(action="meetings.attachment.deleted", actor=actor, council=item.council, before=before)
    transaction.on_commit(lambda: storage.delete(stored))


# --- Publishing -------------------------------------------------------------------------------

def agenda_publish(*, meeting: Meeting, actor: User | None, late_reason: str = "",
                   now: dt.datetime | None = None) -> Meeting:
    """Send the agenda: check it is ready, mark it published, freeze the items' numbers (an
    item added later gets a number like "4a") and send the invitations
    (meetings.services.attendance.invitations_send) in one transaction.

    Sending later than the rules' notice (``agenda_notice_days`` before the meeting, rules in
    force on the meeting day) needs ``late_reason``, recorded on the meeting and in the audit
    event."""
    now = now or timezone.now()
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst."))
    if meeting.status != MeetingStatus.PLANNED:
        when = _moment(meeting.agenda_published_at) if meeting.agenda_published_at else ""
        raise ApplicationError(_("Dagsordenen er allerede udsendt %(when)s.") % {"when": when} if when
                               else _("Dagsordenen er allerede udsendt."), code="published")
    pending = agenda_selectors.pending_proposal_count(meeting=meeting)
    if pending:
        raise ApplicationError(ngettext(
            "Et forslag fra et medlem venter på svar. Optag, afvis eller udsæt det, før dagsordenen udsendes.",
            "%(n)d forslag fra medlemmer venter på svar. Optag, afvis eller udsæt dem, før dagsordenen udsendes.",
            pending) % {"n": pending}, code="pending_proposals")
    items = _agenda(meeting)
    if not items:
        raise ApplicationError(_("Dagsordenen har ingen punkter. Tilføj punkter, før den udsendes."),
                               code="empty")
    late_reason = (late_reason or "").strip()
    deadline = agenda_selectors.agenda_notice_deadline(meeting=meeting)
    late = now > deadline
    if late and not late_reason:
        raise ApplicationError(
            _("Dagsordenen skulle have været udsendt senest %(deadline)s efter forretningsordenen. Skriv, hvorfor "
              "den udsendes senere – begrundelsen gemmes ved mødet.") % {"deadline": _moment(deadline)},
            field="late_reason", code="late_notice")
    fields = ["status", "agenda_published_at", "agenda_late_reason"]
    with transaction.atomic():
        before = snapshot(meeting, fields)
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
        meeting.agenda_published_at = now
        meeting.agenda_late_reason = validate_field(Meeting, "agenda_late_reason", late_reason if late else "")
        meeting.save(update_fields=fields)
        for number, item in enumerate(items, start=1):
            item.sent_number = str(number)
        AgendaItem.objects.bulk_update(items, ["sent_number"])
        audit(action="meetings.agenda.published", actor=actor, council=meeting.council, obj=meeting,
              before=before, after=snapshot(meeting, fields) | {
                  "late": late, "deadline": deadline.isoformat(), "numbers": {i.pk: i.sent_number for i in items}})
        attendance_services.invitations_send(meeting=meeting, actor=actor)
        documents.keep_public_pdf(meeting, "agenda")
        schedule_reindex(meeting.council, ["meeting"])  # the items are public now (core.search)
    return meeting


def supplement_send(*, meeting: Meeting, actor: User | None, base_url: str | None = None,
                    now: dt.datetime | None = None) -> list:
    """Send the supplementary agenda (*supplerende dagsorden*): the items added since the agenda
    was sent, with their numbers ("4a"), to everyone who was invited, by each person's channel
    (``attendance.supplement_enqueue``). Only before the meeting: items added at the meeting
    are in the minutes. Returns the outbox messages."""
    now = now or timezone.now()
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED or meeting.starts_at <= now:
        raise ApplicationError(_("En supplerende dagsorden kan kun udsendes, når dagsordenen er udsendt, og før "
                                 "mødet begynder."), code="not_open")
    with transaction.atomic():
        items = agenda_selectors.supplement_pending(items=agenda_selectors.items_for_meeting(meeting=meeting))
        if not items:
            raise ApplicationError(_("Der er ingen nye punkter at udsende."), code="nothing")
        AgendaItem.objects.filter(pk__in=[i.pk for i in items]).update(supplement_sent_at=now)
        messages = attendance_services.supplement_enqueue(meeting=meeting, items=items, actor=actor, base_url=base_url)
        audit(action="meetings.agenda.supplement_sent", actor=actor, council=meeting.council, obj=meeting,
              after={"items": [i.pk for i in items], "numbers": [str(i.number) for i in items],  # type: ignore[attr-defined]  # items_for_meeting
                     "messages": [m.pk for m in messages]})
        schedule_reindex(meeting.council, ["meeting"])
    return messages
