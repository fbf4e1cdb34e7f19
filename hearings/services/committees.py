"""Writes for the committees a council follows: the municipality's committees, which of them the
council follows (working group, recipient of comment letters, comment deadline), committee
meetings and agenda items entered by hand, and the council's comment on an item.

Every function is keyword-only, takes the acting ``council`` (tenancy: a committee object must
be of the council's municipality), validates before it writes, runs in a transaction and audits
with a ``hearings.*`` action code. Errors are ``ApplicationError`` with a Danish message.

Comments are written together by the working group, so saving one is version-checked like the
minutes (``meetings.services.minutes.item_minutes_save``): one conditional UPDATE decides, and
the loser gets an ``EditConflict`` carrying both texts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.errors import ApplicationError, EditConflict, full_clean_or_raise, update_versioned, validate_field
from councils.models import Council, Person
from hearings.models import (
    MAX_COMMENT_DAYS_BEFORE,
    CommentLetter,
    Committee,
    CommitteeAgendaItem,
    CommitteeFollow,
    CommitteeMeeting,
    ItemComment,
    LetterStatus,
)
from hearings.services import letters as letter_services

if TYPE_CHECKING:
    from accounts.models import User


# --- Helpers ------------------------------------------------------------------------------------

def _same_municipality(council: Council, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.municipality_id != council.municipality_id:
            raise ApplicationError(_("Udvalget hører til en anden kommune."))


def _text(value) -> str:
    return (value or "").strip()


# --- Committees ---------------------------------------------------------------------------------

def _check_unique_committee(*, council: Council, name: str, abbreviation: str, exclude_pk=None) -> None:
    others = Committee.objects.filter(municipality_id=council.municipality_id).exclude(pk=exclude_pk)
    for other_name, other_abbreviation in others.values_list("name", "abbreviation"):
        if other_abbreviation.casefold() == abbreviation.casefold():
            raise ApplicationError(
                _("Kommunen har allerede et udvalg med forkortelsen %(abbreviation)s (%(name)s). "
                  "Vælg en anden forkortelse.") % {"abbreviation": other_abbreviation, "name": other_name},
                field="abbreviation", code="unique")
        if other_name.casefold() == name.casefold():
            raise ApplicationError(_("Kommunen har allerede et udvalg, der hedder %(name)s.") % {"name": other_name},
                                   field="name", code="unique")


def _committee_fields(name, abbreviation) -> tuple[str, str]:
    name, abbreviation = _text(name), _text(abbreviation).upper()
    if not name:
        raise ApplicationError(_("Skriv udvalgets navn."), field="name")
    if not abbreviation:
        raise ApplicationError(_("Skriv udvalgets forkortelse, fx SUS."), field="abbreviation")
    return name, abbreviation


def _save_committee(committee: Committee) -> None:
    try:
        with transaction.atomic():
            committee.save()
    except IntegrityError:  # the same abbreviation saved by someone else at the same moment
        raise ApplicationError(_("Kommunen har allerede et udvalg med forkortelsen %(abbreviation)s.")
                               % {"abbreviation": committee.abbreviation}, field="abbreviation",
                               code="unique") from None


@transaction.atomic
def committee_create(*, council: Council, name: str, abbreviation: str, actor: User | None = None) -> Committee:
    """A political committee of the council's municipality (shared with other councils there)."""
    name, abbreviation = _committee_fields(name, abbreviation)
    _check_unique_committee(council=council, name=name, abbreviation=abbreviation)
    committee = Committee(municipality_id=council.municipality_id, name=name, abbreviation=abbreviation)
    full_clean_or_raise(committee, exclude=["municipality"], validate_unique=False, validate_constraints=False)
    _save_committee(committee)
    audit(action="hearings.committee.created", actor=actor, council=council, obj=committee)
    return committee


@transaction.atomic
def committee_update(*, council: Council, committee: Committee, name: str, abbreviation: str, is_active: bool = True,
                     actor: User | None = None) -> Committee:
    _same_municipality(council, committee)
    name, abbreviation = _committee_fields(name, abbreviation)
    _check_unique_committee(council=council, name=name, abbreviation=abbreviation, exclude_pk=committee.pk)
    before = snapshot(committee)
    committee.name, committee.abbreviation, committee.is_active = name, abbreviation, bool(is_active)
    full_clean_or_raise(committee, exclude=["municipality"], validate_unique=False, validate_constraints=False)
    _save_committee(committee)
    audit(action="hearings.committee.updated", actor=actor, council=council, obj=committee, before=before)
    return committee


# --- Following a committee ------------------------------------------------------------------------

@transaction.atomic
def committee_follow_save(*, council: Council, committee: Committee, members: list[Person], recipient_name: str = "",
                          recipient_email: str = "", comment_days_before: int = 2,
                          actor: User | None = None) -> CommitteeFollow:
    """Follow ``committee`` (or change how it is followed): the working group of council people
    who read its agendas and draft the comments, who comment letters go to, and how many days
    before the committee's meeting the comments must be sent."""
    _same_municipality(council, committee)
    if any(person.council_id != council.pk for person in members):
        raise ApplicationError(_("Arbejdsgruppen kan kun bestå af rådets egne folk."), field="members")
    if comment_days_before is None or not 0 <= comment_days_before <= MAX_COMMENT_DAYS_BEFORE:
        raise ApplicationError(_("Skriv et antal dage mellem 0 og %(max)d.") % {"max": MAX_COMMENT_DAYS_BEFORE},
                               field="comment_days_before")
    follow = (CommitteeFollow.objects.select_for_update().filter(council=council, committee=committee).first())
    created = follow is None
    before: dict[str, Any]
    if follow is None:
        follow = CommitteeFollow(council=council, committee=committee)
        before = {}
    else:
        before = {**snapshot(follow), "members": sorted(follow.members.values_list("pk", flat=True))}
    follow.recipient_name = _text(recipient_name)
    follow.recipient_email = _text(recipient_email)
    follow.comment_days_before = comment_days_before
    full_clean_or_raise(follow, exclude=["council", "committee", "members"], validate_unique=False,
                        validate_constraints=False)
    try:
        with transaction.atomic():
            follow.save()
    except IntegrityError:  # followed by someone else at the same moment: save onto theirs
        follow = CommitteeFollow.objects.get(council=council, committee=committee)
        follow.recipient_name, follow.recipient_email = _text(recipient_name), _text(recipient_email)
        follow.comment_days_before = comment_days_before
        follow.save()
    follow.members.set(members)
    audit(action="hearings.committee.followed" if created else "hearings.committee.follow_updated",
          actor=actor, council=council, obj=follow, before=before,
          after={**snapshot(follow), "members": sorted(p.pk for p in members)})
    return follow


@transaction.atomic
def committee_unfollow(*, council: Council, committee: Committee, actor: User | None = None) -> None:
    """Stop following a committee. The working group and recipient go; the council's comments
    and comment letters stay (they are the council's record)."""
    _same_municipality(council, committee)
    follow = CommitteeFollow.objects.filter(council=council, committee=committee).first()
    if follow is None:
        raise ApplicationError(_("Rådet følger ikke %(name)s.") % {"name": committee.name}, code="not_followed")
    before = {**snapshot(follow), "members": sorted(follow.members.values_list("pk", flat=True))}
    follow.delete()
    audit(action="hearings.committee.unfollowed", actor=actor, council=council, obj=committee, before=before,
          after={})


# --- Committee meetings -----------------------------------------------------------------------------

def _meeting_fields(starts_at, location, url) -> tuple[dt.datetime, str, str]:
    if starts_at is None:
        raise ApplicationError(_("Skriv mødets dato og tidspunkt."), field="starts_at")
    return starts_at, _text(location), _text(url)


@transaction.atomic
def committee_meeting_create(*, council: Council, committee: Committee, starts_at: dt.datetime, location: str = "",
                             url: str = "", actor: User | None = None) -> CommitteeMeeting:
    _same_municipality(council, committee)
    starts_at, location, url = _meeting_fields(starts_at, location, url)
    if CommitteeMeeting.objects.filter(committee=committee, starts_at=starts_at).exists():
        raise ApplicationError(_("%(name)s har allerede et møde på det tidspunkt.") % {"name": committee.name},
                               field="starts_at", code="unique")
    meeting = CommitteeMeeting(municipality_id=committee.municipality_id, committee=committee, starts_at=starts_at,
                               location=location, url=url)
    full_clean_or_raise(meeting, exclude=["municipality", "committee"], validate_unique=False,
                        validate_constraints=False)
    meeting.save()
    audit(action="hearings.committee_meeting.created", actor=actor, council=council, obj=meeting)
    return meeting


@transaction.atomic
def committee_meeting_update(*, council: Council, meeting: CommitteeMeeting, starts_at: dt.datetime, location: str = "",
                             url: str = "", actor: User | None = None) -> CommitteeMeeting:
    _same_municipality(council, meeting)
    starts_at, location, url = _meeting_fields(starts_at, location, url)
    if (CommitteeMeeting.objects.filter(committee_id=meeting.committee_id, starts_at=starts_at)
            .exclude(pk=meeting.pk).exists()):
        raise ApplicationError(_("Udvalget har allerede et andet møde på det tidspunkt."), field="starts_at",
                               code="unique")
    before = snapshot(meeting)
    meeting.starts_at, meeting.location, meeting.url = starts_at, location, url
    full_clean_or_raise(meeting, exclude=["municipality", "committee"], validate_unique=False,
                        validate_constraints=False)
    meeting.save()
    audit(action="hearings.committee_meeting.updated", actor=actor, council=council, obj=meeting,
          before=before)
    return meeting


# --- Agenda items -----------------------------------------------------------------------------------

def _check_item_number(meeting: CommitteeMeeting, number, exclude_pk=None) -> int:
    if number is None or number < 1:
        raise ApplicationError(_("Skriv punktets nummer på udvalgets dagsorden, fx 3."), field="number")
    taken = (CommitteeAgendaItem.objects.filter(meeting=meeting, number=number).exclude(pk=exclude_pk)
             .values_list("title", flat=True).first())
    if taken is not None:
        raise ApplicationError(_("Punkt %(number)d findes allerede på dagsordenen (“%(title)s”). "
                                 "Vælg et andet nummer.") % {"number": number, "title": taken},
                               field="number", code="unique")
    return number


def _item_fields(item: CommitteeAgendaItem, *, title, case_code, url, case_text, closed) -> None:
    item.title = _text(title)
    if not item.title:
        raise ApplicationError(_("Skriv punktets overskrift."), field="title")
    item.case_code = _text(case_code).upper()
    item.url = _text(url)
    item.case_text = (case_text or "").strip()
    item.closed = bool(closed)


@transaction.atomic
def committee_item_create(*, council: Council, meeting: CommitteeMeeting, number: int, title: str, case_code: str = "",
                          url: str = "", case_text: str = "", closed: bool = False,
                          actor: User | None = None) -> CommitteeAgendaItem:
    """An item on a committee meeting's agenda, entered by hand (number unique on the agenda)."""
    _same_municipality(council, meeting)
    CommitteeMeeting.objects.select_for_update().filter(pk=meeting.pk).first()  # serialise numbering
    item = CommitteeAgendaItem(municipality_id=meeting.municipality_id, meeting=meeting,
                               number=_check_item_number(meeting, number))
    _item_fields(item, title=title, case_code=case_code, url=url, case_text=case_text, closed=closed)
    full_clean_or_raise(item, exclude=["municipality", "meeting"], validate_unique=False, validate_constraints=False)
    item.save()
    audit(action="hearings.committee_item.created", actor=actor, council=council, obj=item)
    return item


@transaction.atomic
def committee_item_update(*, council: Council, item: CommitteeAgendaItem, number: int, title: str, case_code: str = "",
                          url: str = "", case_text: str = "", closed: bool = False,
                          actor: User | None = None) -> CommitteeAgendaItem:
    _same_municipality(council, item)
    CommitteeMeeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    before = snapshot(item)
    item.number = _check_item_number(item.meeting, number, exclude_pk=item.pk)
    _item_fields(item, title=title, case_code=case_code, url=url, case_text=case_text, closed=closed)
    full_clean_or_raise(item, exclude=["municipality", "meeting"], validate_unique=False, validate_constraints=False)
    item.save()
    audit(action="hearings.committee_item.updated", actor=actor, council=council, obj=item, before=before)
    return item


# --- The council's comment on an item ---------------------------------------------------------------

@transaction.atomic
def item_comment_save(*, council: Council, item: CommitteeAgendaItem, relevant: bool, text: str, expected_version: int,
                      actor: User | None = None) -> ItemComment:
    """Mark an item as relevant (or not) and save the council's comment, if nobody saved it since
    ``expected_version`` (0 when there was no comment yet).

    The caller has checked ``core.permissions.can_comment_on_committee``. Saving the same thing
    again after someone else's save is not a conflict. Once the meeting's comment letter is sent,
    its comments are part of a sent letter and cannot change; a change while the letter is
    approved sends it back for approval."""
    _same_municipality(council, item)
    text = (text or "").strip()
    relevant = bool(relevant)
    validate_field(ItemComment, "text", text)
    letter = (CommentLetter.objects.select_for_update()
              .filter(council=council, committee_meeting_id=item.meeting_id).first())
    if letter is not None and letter.status == LetterStatus.SENT:
        raise ApplicationError(_("Kommentarbrevet til mødet er sendt, så kommentarerne kan ikke længere rettes."),
                               field="text", code="sent")
    comment, _created = ItemComment.objects.get_or_create(council=council, item=item,
                                                          defaults={"relevant": False, "text": "", "version": 0})
    before = snapshot(comment, ["relevant", "text", "version"])
    updated = update_versioned(ItemComment.objects.filter(pk=comment.pk), version_field="version",
                               expected_version=expected_version, relevant=relevant, text=text, updated_by=actor)
    if not updated:
        comment = ItemComment.objects.select_related("updated_by").get(pk=comment.pk)
        if (comment.text, comment.relevant) == (text, relevant):
            return comment  # both saved the same: nothing to merge
        raise EditConflict(
            _("Kommentaren til punkt %(number)d er blevet ændret af en anden, efter du åbnede siden. Begge tekster "
              "er bevaret herunder: læg dine ændringer sammen med den gemte tekst, og gem igen.")
            % {"number": item.number}, obj=item, field="text",
            stored={"text": comment.text, "relevant": comment.relevant}, submitted={"text": text, "relevant": relevant},
            stored_version=comment.version, stored_by=comment.updated_by)
    comment.refresh_from_db()
    changed = (before["relevant"], before["text"]) != (relevant, text)
    if changed and letter is not None:
        letter_services.letter_approval_reset(letter=letter, actor=actor)
    elif letter is None and relevant:
        # The first relevant item starts the meeting's letter (a draft with the follow's recipient
        # and deadline), so the deadlines overview and reminders see it.
        letter_services.letter_get_or_create(council=council, committee_meeting=item.meeting, actor=actor)
    audit(action="hearings.item_comment.saved", actor=actor, council=council, obj=comment, before=before,
          after=snapshot(comment, ["relevant", "text", "version"]))
    return comment
