"""Reads for consultations (høringer). A consultation belongs to its lead council and is shared
with the partner councils of a joint response: ``consultations_for(council)`` is the one place
that decides what a council sees, so every page fetches through it and another council's id
is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.diff import text_diff  # noqa: F401  (re-exported: the version page diffs drafts)
from core.prepared import PreparedQuerySet
from councils.models import Council, Membership, MembershipStatus, Person, Position, PositionKind
from councils.selectors import rules_in_force
from hearings.documents import LetterDocument
from hearings.models import (
    Committee,
    Consultation,
    ConsultationMaterial,
    ConsultationPartner,
    ConsultationStatus,
    DraftComment,
    DraftVersion,
    FormandskabApproval,
)
from meetings.documents import DOCUMENT_LANGUAGE
from meetings.models import Meeting, MeetingStatus

S = ConsultationStatus
OPEN_STATUSES = (S.RECEIVED, S.ASSIGNED, S.DRAFTING, S.APPROVED)
FINISHED_STATUSES = (S.SENT, S.OUTCOME)
# The steps shown on the consultation page, in order.
STEPS = (S.RECEIVED, S.ASSIGNED, S.DRAFTING, S.APPROVED, S.SENT, S.OUTCOME)


# --- Visibility ---------------------------------------------------------------------------------

def consultations_for(council: Council) -> QuerySet[Consultation]:
    """The consultations ``council`` leads or takes part in as a partner of a joint response."""
    partner_of = ConsultationPartner.objects.filter(council=council).values("consultation_id")
    return Consultation.objects.filter(Q(council=council) | Q(pk__in=partner_of))


def _partners_prefetch() -> Prefetch:
    return Prefetch("partners", queryset=ConsultationPartner.objects.select_related("council", "council__municipality")
                    .order_by("added_at", "id"))


def consultation_get(council: Council, pk) -> Consultation:
    """One consultation ``council`` leads or is a partner in (404 otherwise), with what its page needs.
    Its SQL is compiled once per process (core.prepared; the two prefetches are compiled as usual)."""
    if not isinstance(pk, int) or isinstance(pk, bool):
        return get_object_or_404(_consultation_with_page_data(council.pk), pk=pk)
    found = list(_consultation_by_pk(council=council.pk, pk=pk))
    if not found:
        raise Http404("No Consultation matches the given query.")
    return found[0]


def _consultation_with_page_data(council_id: int) -> QuerySet[Consultation]:
    partner_of = ConsultationPartner.objects.filter(council_id=council_id).values("consultation_id")
    return (Consultation.objects.filter(Q(council_id=council_id) | Q(pk__in=partner_of))
            .select_related("council", "council__municipality", "committee", "sent_by", "agenda_item",
                            "agenda_item__meeting")
            .prefetch_related(Prefetch("owners", queryset=Person.objects.select_related("council")),
                              _partners_prefetch()))


_consultation_by_pk = PreparedQuerySet(lambda council, pk: _consultation_with_page_data(council).filter(pk=pk),
                                       council=int, pk=int)


def is_lead(consultation: Consultation, council: Council) -> bool:
    return consultation.council_id == council.pk


def joint_councils(consultation: Consultation) -> list[Council]:
    """Every council behind the response: the lead first, then the partners in the order added
    (uses the prefetched partners)."""
    return [consultation.council] + [p.council for p in consultation.partners.all()]


def other_councils(consultation: Consultation, council: Council) -> list[Council]:
    """The other councils of a joint response, seen from ``council`` ("Fælles høringssvar med …")."""
    return [c for c in joint_councils(consultation) if c.pk != council.pk]


# --- The list page ------------------------------------------------------------------------------

@dataclass
class ConsultationRow:
    consultation: Consultation
    days_left: int
    overdue: bool
    joint_with: list[Council]
    is_lead: bool

    @property
    def days_over(self) -> int:
        return max(0, -self.days_left)


@dataclass
class ConsultationList:
    open: list[ConsultationRow]
    finished: Page  # a page of finished rows (ConsultationRow), newest first
    status: str
    today: dt.date


def deadline_info(consultation: Consultation, today: dt.date | None = None) -> tuple[int, bool]:
    """(days left until the deadline – negative when passed, overdue: passed and not sent)."""
    days_left = (consultation.deadline - (today or timezone.localdate())).days
    return days_left, days_left < 0 and consultation.status in OPEN_STATUSES


def _row(consultation: Consultation, council: Council, today: dt.date) -> ConsultationRow:
    days_left, overdue = deadline_info(consultation, today)
    return ConsultationRow(consultation=consultation, days_left=days_left, overdue=overdue,
                           joint_with=other_councils(consultation, council), is_lead=is_lead(consultation, council))


def consultation_list(council: Council, *, status: str = "", page=1, per_page: int = 25,
                      today: dt.date | None = None) -> ConsultationList:
    """Open consultations by deadline (overdue ones first, since their deadline is earliest)
    and one page of finished ones, newest first. A constant number of queries whatever the
    number of consultations."""
    today = today or timezone.localdate()
    qs = (consultations_for(council).select_related("council", "committee")
          .prefetch_related("owners", _partners_prefetch()))
    status = status if status in S.values else ""
    if status:
        qs = qs.filter(status=status)
    open_rows = [_row(c, council, today) for c in qs.filter(status__in=OPEN_STATUSES).order_by("deadline", "id")]
    # Page[Any]: the page is built over consultations, then its object_list is swapped for rows.
    finished: Page[Any] = Paginator(qs.filter(status__in=FINISHED_STATUSES).order_by("-sent_at", "-deadline", "-id"),
                         per_page).get_page(page)
    finished.object_list = [_row(c, council, today) for c in finished.object_list]
    return ConsultationList(open=open_rows, finished=finished, status=status, today=today)


# --- Material, draft, versions, comments ---------------------------------------------------------

def materials(consultation: Consultation) -> QuerySet[ConsultationMaterial]:
    return ConsultationMaterial.objects.filter(consultation=consultation, council_id=consultation.council_id)


def material_get(consultation: Consultation, pk) -> ConsultationMaterial:
    return get_object_or_404(materials(consultation), pk=pk)


def draft_versions(consultation: Consultation) -> QuerySet[DraftVersion]:
    """The draft's history, newest first (without the texts, which the list does not show)."""
    return (DraftVersion.objects.filter(consultation=consultation, council_id=consultation.council_id)
            .defer("text").order_by("-number"))


def draft_version_get(consultation: Consultation, pk) -> DraftVersion:
    return get_object_or_404(DraftVersion.objects.filter(consultation=consultation,
                                                         council_id=consultation.council_id), pk=pk)


def previous_version(version: DraftVersion) -> DraftVersion | None:
    return (DraftVersion.objects.filter(consultation_id=version.consultation_id, number__lt=version.number)
            .order_by("-number").first())


def draft_comments(consultation: Consultation) -> QuerySet[DraftComment]:
    """Comments from the lead's and the partners' people, oldest first."""
    return DraftComment.objects.filter(consultation=consultation).select_related("council").order_by("created_at", "id")


# --- People: owners, formandskab ----------------------------------------------------------------

def running_on(on: dt.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def formandskab_on(council: Council, on: dt.date | None = None) -> dict[str, Person]:
    """The chair and vice-chair running on a date: {"chair": Person, "vice_chair": Person}."""
    on = on or timezone.localdate()
    rows = Position.objects.filter(running_on(on), council=council).select_related("person").order_by("start")
    return {p.kind: p.person for p in rows}


def chairs_of(councils: list[Council], on: dt.date | None = None) -> dict[int, Person]:
    """Each council's chair on a date, in one query: {council_id: Person}."""
    on = on or timezone.localdate()
    rows = (Position.objects.filter(running_on(on), council__in=[c.pk for c in councils], kind=PositionKind.CHAIR)
            .select_related("person").order_by("start"))
    return {p.council_id: p.person for p in rows}


def owner_candidates(consultation: Consultation) -> list[Person]:
    """People who can be tovholdere: members, substitutes and guests of the lead council and of
    the partner councils with a membership running today, by council and name."""
    today = timezone.localdate()
    council_ids = [c.pk for c in joint_councils(consultation)]
    running = Membership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today), council_id__in=council_ids, status=MembershipStatus.APPOINTED,
        start__lte=today, term__end__gte=today).values("person_id")
    people = Person.objects.filter(Q(pk__in=running) | Q(pk__in=[p.pk for p in consultation.owners.all()]),
                                   council_id__in=council_ids).select_related("council")
    order = {pk: i for i, pk in enumerate(council_ids)}
    return sorted(people, key=lambda p: (order.get(p.council_id, 99), p.name))


def committees_for(council: Council) -> QuerySet[Committee]:
    """The municipality's committees a consultation can come from."""
    return Committee.objects.filter(municipality_id=council.municipality_id, is_active=True).order_by("name")


def partner_candidates(consultation: Consultation) -> list[Council]:
    """Other active councils on the installation that are not yet partners: the lead's own
    municipality first (its handicapråd, ældreråd …), then the rest by municipality."""
    taken = {consultation.council_id} | {p.council_id for p in consultation.partners.all()}
    councils = Council.objects.filter(is_active=True).exclude(pk__in=taken).select_related("municipality")
    lead_muni = consultation.council.municipality_id
    return sorted(councils, key=lambda c: (c.municipality_id != lead_muni, c.municipality.name, c.name))


# --- Approval ---------------------------------------------------------------------------------

def upcoming_council_meetings(consultation: Consultation, now: dt.datetime | None = None):
    """The lead council's meetings that have not been held yet (planned or agenda sent, starting
    later than now): where the response can be put on the agenda."""
    now = now or timezone.now()
    return (Meeting.objects.filter(council_id=consultation.council_id, starts_at__gt=now,
                                   status__in=(MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED))
            .order_by("starts_at"))


def formandskab_allowed(council: Council, on: dt.date | None = None) -> bool:
    """Whether the council's rules in force let the chair and vice-chair approve responses
    between meetings."""
    rules = rules_in_force(council=council, on=on or timezone.localdate())
    return bool(rules and rules.formandskab_approves_responses)


def awaiting_person(*, council: Council, person: Person, on: dt.date) -> tuple[list[Consultation], list[Consultation]]:
    """What waits for ``person`` in the council's consultations, for the member's start page:
    the drafts the person may approve as chair or vice-chair between meetings (the rules allow it,
    the draft is written and the person has not approved its current version), and the responses
    the person is an owner (tovholder) of and that are still being written, by deadline. At most
    four queries."""
    drafting = Q(status__in=(ConsultationStatus.ASSIGNED, ConsultationStatus.DRAFTING))
    owned = list(consultations_for(council).filter(drafting, owners=person).distinct().order_by("deadline", "pk"))
    to_approve: list[Consultation] = []
    holds_post = Position.objects.filter(running_on(on), council=council, person=person,
                                         kind__in=(PositionKind.CHAIR, PositionKind.VICE_CHAIR)).exists()
    if holds_post and formandskab_allowed(council, on):
        approved = FormandskabApproval.objects.filter(consultation=OuterRef("pk"), person=person,
                                                      draft_version=OuterRef("draft_version"))
        to_approve = list(Consultation.objects.filter(council=council, status=ConsultationStatus.DRAFTING)
                          .exclude(draft="").exclude(Exists(approved)).order_by("deadline", "pk"))
    return to_approve, owned


@dataclass
class Approver:
    kind: str  # "chair" | "vice_chair"
    label: str  # "Formand" | "Næstformand"
    person: Person
    approval: FormandskabApproval | None = None


@dataclass
class ApprovalState:
    """What the consultation page shows about approval."""

    allowed: bool  # rules allow the formandskab route
    approvers: list[Approver] = field(default_factory=list)
    complete: bool = False
    has_chair: bool = False
    version: int = 0
    earlier: list[FormandskabApproval] = field(default_factory=list)  # approvals of older versions

    @property
    def missing(self) -> list[Approver]:
        return [a for a in self.approvers if a.approval is None]


def approval_state(consultation: Consultation, on: dt.date | None = None) -> ApprovalState:
    """The formandskab approvals of the current draft version against who holds the posts today:
    complete when the chair and (if there is one today) the vice-chair have approved it."""
    on = on or timezone.localdate()
    holders = formandskab_on(consultation.council, on)
    approvals = list(FormandskabApproval.objects.filter(consultation=consultation).select_related("person")
                     .order_by("approved_at", "id"))
    current = {a.person_id: a for a in approvals if a.draft_version == consultation.draft_version}
    approvers = []
    for kind, label in ((PositionKind.CHAIR, _("Formand")), (PositionKind.VICE_CHAIR, _("Næstformand"))):
        person = holders.get(kind)
        if person is not None:
            approvers.append(Approver(kind=kind, label=label, person=person, approval=current.get(person.pk)))
    has_chair = PositionKind.CHAIR in holders
    complete = has_chair and all(a.approval is not None for a in approvers)
    return ApprovalState(allowed=formandskab_allowed(consultation.council, on), approvers=approvers,
                         complete=complete, has_chair=has_chair, version=consultation.draft_version,
                         earlier=[a for a in approvals if a.draft_version != consultation.draft_version])


# --- Council meetings' agenda items -------------------------------------------------------------

def consultations_by_item(*, council_id: int, meeting_id: int) -> dict[int, Consultation]:
    """The consultations put on a council meeting's agenda, by agenda item id (one query)."""
    qs = Consultation.objects.filter(council_id=council_id, agenda_item__meeting_id=meeting_id).only(
        "pk", "title", "council_id", "agenda_item_id", "status")
    # The filter on agenda_item__meeting_id leaves out consultations without an agenda item.
    return {cast(int, c.agenda_item_id): c for c in qs}


# --- The response letter ------------------------------------------------------------------------

def response_text(consultation: Consultation) -> str:
    """The text as sent (frozen), or the current draft before sending."""
    if consultation.status in FINISHED_STATUSES and consultation.sent_at is not None:
        return consultation.sent_text
    return consultation.draft


def and_join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s og %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def response_document(consultation: Consultation):
    """The response as a letter (hearings.documents.LetterDocument): the sent text once sent,
    otherwise the current draft. A joint response names every council and carries each
    council's chair's signature. Always in Danish, like the letter itself."""
    councils = [consultation.council] + [
        p.council for p in ConsultationPartner.objects.filter(consultation=consultation)
        .select_related("council", "council__municipality").order_by("added_at", "id")]
    day = timezone.localdate(consultation.sent_at) if consultation.sent_at else timezone.localdate()
    chairs = chairs_of(councils, day)
    with translation.override(DOCUMENT_LANGUAGE):
        signatures = [_("%(name)s, formand, %(council)s") % {"name": chairs[c.pk].name, "council": c.name}
                      if c.pk in chairs else c.name for c in councils]
        closing = ""
        if len(councils) > 1:
            closing = _("Høringssvaret er afgivet i fællesskab af %(councils)s.") % {
                "councils": and_join([c.name for c in councils])}
        subject = _("Høringssvar vedrørende %(title)s") % {"title": consultation.title}
    return LetterDocument(councils=councils, date=day, recipient_name=consultation.recipient_name, subject=subject,
                          intro=response_text(consultation), sections=[], closing=closing, signatures=signatures,
                          kind="response")
