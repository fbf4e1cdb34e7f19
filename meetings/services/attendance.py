"""Writes for attendance: the invitation (*mødeindkaldelse*) to everyone called, afbud (by the
personal link or from the member's own page) and taking it back, calling in substitutes, and
applying changed rules of procedure to meetings already called. Who came is recorded with the
minutes (``meetings.services.minutes.attendance_register``).

Messages are stored in the outbox inside the caller's transaction and sent by the worker
after commit. Links in them start with ``base_url`` when the caller passes it (the request's
address); otherwise they are stored relative to the site and made absolute when the message
leaves (``core.links``).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import links
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from councils.models import Channel, Membership, MembershipRole, SubstituteAttendance
from meetings import rules as meeting_rules
from meetings.models import (
    AgendaItem,
    AnswerChannel,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    ProposalStatus,
)
from meetings.selectors import reading as reading_selectors
from meetings.selectors.agenda import display_number
from meetings.selectors.attendance import afbud_token, invitation_diff
from notifications.addressing import contact_for
from notifications.models import OutboxChannel, OutboxMessage
from notifications.services import outbox_enqueue

if TYPE_CHECKING:
    from accounts.models import User

KIND_INVITATION = "meetings.invitation"
KIND_SUBSTITUTE_INVITATION = "meetings.substitute_invitation"
KIND_SUPPLEMENT = "meetings.supplementary_agenda"
#: Meetings that can still be called to (an afbud is possible until they start).
OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)

KIND_STAND_IN = "meetings.stand_in"  # an invited substitute now votes for their member
KIND_STAND_IN_RELEASED = "meetings.stand_in_released"  # the member took their afbud back
KIND_RULES_CHANGED = "meetings.rules_changed"  # changed rules: no longer called, or no longer standing in


def afbud_url(attendance: Attendance, *, base_url: str | None = None) -> str:
    return links.message_url(reverse("afbud", args=[afbud_token(attendance)]), base_url)


def agenda_url(meeting: Meeting, person, *, base_url: str | None = None) -> str:
    """Where the invited person reads the agenda: the internal meeting page for someone with a
    login, otherwise the public page (for a public meeting)."""
    slug = meeting.council.slug
    if person.user_id or not meeting.public:
        return links.message_url(reverse("meetings:meeting", args=[slug, meeting.pk]), base_url)
    return links.message_url(reverse("public:meeting", args=[slug, meeting.pk]), base_url)


def _agenda_titles(meeting: Meeting) -> list[str]:
    """"3. Title" per item, numbered as on the agenda (an item added after sending: "4a.")."""
    items = (AgendaItem.objects.filter(meeting=meeting, council_id=meeting.council_id,
                                       proposal_status=ProposalStatus.ACCEPTED).order_by("position", "id"))
    return [f"{display_number(item, n)}. {item.title}" + (" " + _("(lukket punkt)") if item.closed else "")
            for n, item in enumerate(items, start=1)]


def agenda_attachment(attendance: Attendance) -> dict:
    """The outbox descriptor of the person's copy of the agenda PDF: attached to invitation
    e-mails and merged into invitation letters. It names what the copy holds (the closed items
    or the public agenda, decided now by the permission policy), not who reads it, so a batch of
    fifteen invitations renders at most two agendas (the outbox builds each descriptor once)."""
    meeting = attendance.meeting
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    public = not reading_selectors.reading_entitled(attendance)
    return {"builder": "meetings.agenda_pdf", "meeting_id": meeting.pk, "public": public,
            "name": f"dagsorden-{day}.pdf", "content_type": "application/pdf"}


def _attachments(attendance: Attendance, channel: str) -> list[dict]:
    """The agenda PDF and the calendar file for an e-mail; the agenda PDF for a letter."""
    meeting, person = attendance.meeting, attendance.person
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    if channel == Channel.LETTER:
        return [agenda_attachment(attendance)]
    if channel != Channel.EMAIL:
        return []
    return [
        agenda_attachment(attendance),
        {"builder": "meetings.ics", "meeting_id": meeting.pk, "person_id": person.pk, "name": f"moede-{day}.ics",
         "content_type": "text/calendar"},
    ]


def sms_replies_enabled() -> bool:
    """Whether members can answer an SMS with "AFBUD" (an inbound SMS gateway is configured)."""
    from notifications import sms

    return bool(getattr(sms, "replies_enabled", lambda: False)())


def _reading_context(attendance: Attendance, *, base_url: str | None) -> dict:
    """The personal reading link and the letter's short code for a message."""
    return {"reading_url": reading_selectors.reading_url(attendance, base_url=base_url),
            "short_url": reading_selectors.short_url(attendance, base_url=base_url),
            "short_code": reading_selectors.short_code_display(attendance.short_code),
            "has_login": bool(attendance.person.user_id), "sms_replies": sms_replies_enabled()}


def _message(*, attendance: Attendance, template: str, kind: str, base_url: str | None, actor: User | None,
             attach: bool = False, **extra) -> OutboxMessage:
    """Queue one message about the meeting to the attendance's person by their channel: the
    subject from ``<template>_subject.txt``, the text from ``<template>.txt`` (e-mail and
    letter) or ``<template>_sms.txt``. Every message carries the person's afbud link and the
    link to the agenda, and the personal reading link (``/l/<token>/``, with the short code for a
    letter); ``attach`` adds the agenda PDF and the calendar file to an e-mail, and the person's
    copy of the agenda PDF to a letter (merged into the letter batch)."""
    meeting, person = attendance.meeting, attendance.person
    channel, address, _own = contact_for(person)
    context = {"meeting": meeting, "council": meeting.council, "person": person, "channel": channel,
               "starts": timezone.localtime(meeting.starts_at), "ends": timezone.localtime(meeting.ends_at),
               "afbud_url": afbud_url(attendance, base_url=base_url),
               "agenda_url": agenda_url(meeting, person, base_url=base_url),
               **_reading_context(attendance, base_url=base_url), **extra}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_sms.txt" if channel == Channel.SMS else f"{template}.txt",
                                context).strip() + "\n"
    return outbox_enqueue(
        council=meeting.council, channel=OutboxChannel(channel), person=person, to_address=address, subject=subject,
        body=body, kind=kind, meeting=meeting,
        attachments=_attachments(attendance, channel) if attach else (), actor=actor)


def _invite(*, attendance: Attendance, titles: list[str], base_url: str | None, actor: User | None) -> OutboxMessage:
    """Queue one invitation by the person's channel, with their personal reading link (the
    short code assigned first) and afbud link."""
    short_code_assign(attendance)
    stands_in_for = cast(Attendance, attendance.stands_in_for).person if attendance.stands_in_for_id else None
    return _message(attendance=attendance, template="meetings/email/invitation",
                    kind=KIND_SUBSTITUTE_INVITATION if stands_in_for else KIND_INVITATION, base_url=base_url,
                    actor=actor, attach=True, titles=titles, stands_in_for=stands_in_for)


def supplement_enqueue(*, meeting: Meeting, items, actor: User | None,
                       base_url: str | None = None) -> list[OutboxMessage]:
    """The supplementary agenda (*supplerende dagsorden*) to everyone invited to the meeting
    (afbud or not), by each person's channel: the new items with their numbers and the
    person's reading link, and by e-mail the whole agenda as PDF with the new items marked."""
    titles = [f"{item.number}. {item.title}" + (" " + _("(lukket punkt)") if item.closed else "") for item in items]
    messages = []
    for attendance in (Attendance.objects.filter(meeting=meeting, invited_at__isnull=False)
                       .select_related("person", "membership__term").order_by("id")):
        person = attendance.person
        attendance.meeting = meeting
        short_code_assign(attendance)
        channel, address, _own = contact_for(person)
        context = {"meeting": meeting, "council": meeting.council, "person": person, "channel": channel,
                   "starts": timezone.localtime(meeting.starts_at), "titles": titles,
                   "agenda_url": agenda_url(meeting, person, base_url=base_url),
                   **_reading_context(attendance, base_url=base_url)}
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(render_to_string("meetings/email/supplement_subject.txt", context).split())
            name = "supplement_sms" if channel == Channel.SMS else "supplement"
            body = render_to_string(f"meetings/email/{name}.txt", context).strip() + "\n"
        messages.append(outbox_enqueue(
            council=meeting.council, channel=OutboxChannel(channel), person=person, to_address=address,
            subject=subject, body=body, kind=KIND_SUPPLEMENT, meeting=meeting,
            attachments=[agenda_attachment(attendance)] if channel == Channel.EMAIL else (), actor=actor))
    return messages


# --- The personal reading link -------------------------------------------------------------------

SHORT_CODE_ATTEMPTS = 20


def _new_short_code() -> str:
    alphabet = reading_selectors.SHORT_CODE_ALPHABET
    return "".join(secrets.choice(alphabet) for _ in range(reading_selectors.SHORT_CODE_LENGTH))


def short_code_assign(attendance: Attendance) -> str:
    """Give the attendance its letter's short code (6 characters of Crockford's base 32 without
    I, L, O and U), unless it has one. Unique by the database's constraint: a code taken
    already is drawn again. Runs inside the caller's transaction (a savepoint per try)."""
    if attendance.short_code:
        return attendance.short_code
    for _attempt in range(SHORT_CODE_ATTEMPTS):
        code = _new_short_code()
        try:
            with transaction.atomic():
                updated = Attendance.objects.filter(pk=attendance.pk, short_code__isnull=True).update(short_code=code)
        except IntegrityError:
            continue  # taken by another attendance: draw again
        if not updated:  # given a code meanwhile (another request)
            code = Attendance.objects.values_list("short_code", flat=True).get(pk=attendance.pk) or code
        attendance.short_code = code
        return code
    raise ApplicationError(_("Der kunne ikke laves en kort kode til linket. Prøv igen."))


@transaction.atomic
def reading_links_assign(meeting: Meeting) -> int:
    """A short code for everyone invited to the meeting who has none yet (invitations assign
    them as they are sent; this fills in attendances invited before). Returns how many."""
    missing = list(Attendance.objects.filter(meeting=meeting, council_id=meeting.council_id,
                                             invited_at__isnull=False, short_code__isnull=True).order_by("id"))
    for attendance in missing:
        short_code_assign(attendance)
    return len(missing)


@transaction.atomic
def reading_link_revoke(*, attendance: Attendance, actor: User | None) -> Attendance:
    """Close the person's reading link and its short code ("Luk personligt link"), e.g. when a
    letter went to a wrong address. Closing twice changes nothing."""
    attendance = (Attendance.objects.select_for_update(of=("self",)).select_related("meeting", "meeting__council")
                  .get(pk=attendance.pk))
    if attendance.reading_revoked_at is not None:
        return attendance
    before = snapshot(attendance)
    attendance.reading_revoked_at = timezone.now()
    attendance.save(update_fields=["reading_revoked_at"])
    audit(action="meetings.attendance.reading_link_revoked", actor=actor, council=attendance.meeting.council,
          obj=attendance, before=before)
    return attendance


# --- "Jeg kommer" ------------------------------------------------------------------------------------

def _locked(attendance: Attendance) -> Attendance:
    return (Attendance.objects.select_for_update(of=("self",))
            .select_related("meeting", "meeting__council", "person", "membership").get(pk=attendance.pk))


@transaction.atomic
def attendance_confirm(*, attendance: Attendance, actor: User | None = None,
                       via: str = AnswerChannel.LINK) -> Attendance:
    """"Jeg kommer": the invited person says they will come (for catering and the quorum
    estimate). Only from invited: after an afbud, ``afbud_withdraw`` first. Saying it twice
    changes nothing. Possible until the meeting starts."""
    attendance = _locked(attendance)
    meeting = attendance.meeting
    if attendance.status == AttendanceStatus.INVITED and attendance.coming_at is not None:
        return attendance
    _check_open(meeting)
    if meeting_rules.has_started(meeting):
        raise ApplicationError(_("Mødet er begyndt. Fremmødet registreres på mødet."), code="started")
    if attendance.status == AttendanceStatus.AFBUD:
        raise ApplicationError(_("Der er meldt afbud. Fortryd afbuddet først."), code="afbud")
    if attendance.status != AttendanceStatus.INVITED:
        raise ApplicationError(_("Du er ikke indkaldt til dette møde."), code="not_invited")
    before = snapshot(attendance)
    attendance.coming_at = timezone.now()
    attendance.answered_via = AnswerChannel(via)
    attendance.save(update_fields=["coming_at", "answered_via"])
    audit(action="meetings.attendance.coming", actor=actor, council=meeting.council, obj=attendance, before=before)
    return attendance


@transaction.atomic
def attendance_confirm_withdraw(*, attendance: Attendance, actor: User | None = None) -> Attendance:
    """Undo "Jeg kommer" (the secretariat's "Fortryd" after recording it by phone): the person
    is invited and has not answered. Nothing to undo changes nothing."""
    attendance = _locked(attendance)
    if attendance.coming_at is None:
        return attendance
    before = snapshot(attendance)
    attendance.coming_at = None
    attendance.answered_via = ""
    attendance.save(update_fields=["coming_at", "answered_via"])
    audit(action="meetings.attendance.coming_withdrawn", actor=actor, council=attendance.meeting.council,
          obj=attendance, before=before)
    return attendance


def _check_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst."))
    if meeting.status not in OPEN_STATUSES:
        raise ApplicationError(_("Mødet er holdt."))


@transaction.atomic
def invitations_send(*, meeting: Meeting, actor: User | None, base_url: str | None = None) -> list[OutboxMessage]:
    """Call everyone to the meeting: an Attendance for each member, substitute and guest on the
    meeting's date, and one outbox message per person called, by their channel.

    Substitutes are invited when the rules say they attend always; otherwise they are
    ``not_called`` until their member sends afbud. Idempotent: people already invited are not
    invited again, so publishing after a roster change only invites the newcomers."""
    _check_open(meeting)
    rules = meeting_rules.rules_for(meeting)
    substitutes_always = rules is not None and rules.substitute_attendance == SubstituteAttendance.ALWAYS
    roster = meeting_rules.roster_for(meeting)
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("stands_in_for")}
    now = timezone.now()
    to_invite: list[Attendance] = []
    seen: set[int] = set()
    groups = ((roster.members, AttendanceStatus.INVITED, False),
              (roster.substitutes, AttendanceStatus.INVITED if substitutes_always else AttendanceStatus.NOT_CALLED,
               False),
              (roster.guests, AttendanceStatus.INVITED, True))
    for entries, status, is_guest in groups:
        for entry in entries:
            membership = entry.membership
            if membership.person_id in seen:
                continue  # one attendance per person, by their weightiest role
            seen.add(membership.person_id)
            attendance = existing.get(membership.person_id)
            if attendance is None:
                attendance = Attendance(council=meeting.council, meeting=meeting, person=membership.person,
                                        membership=membership, is_guest=is_guest, status=status)
            elif attendance.invited_at is not None or attendance.status != AttendanceStatus.NOT_CALLED:
                continue  # already invited, or has answered
            else:  # not called yet: called now by their role on the meeting's day
                attendance.status = status
                attendance.membership = membership
                attendance.is_guest = is_guest
            attendance.person = membership.person  # already loaded by the roster: no query per person
            if attendance.status == AttendanceStatus.INVITED:
                attendance.invited_at = now
                to_invite.append(attendance)
            full_clean_or_raise(attendance)
            attendance.save()
    titles = _agenda_titles(meeting)
    messages = []
    for attendance in to_invite:
        attendance.meeting = meeting
        messages.append(_invite(attendance=attendance, titles=titles, base_url=base_url, actor=actor))
    audit(action="meetings.invitations.sent", actor=actor, council=meeting.council, obj=meeting,
          after={"invited": [a.person_id for a in to_invite], "messages": [m.pk for m in messages]})
    return messages


def _personal_substitute(attendance: Attendance) -> Membership | None:
    """The member's personal substitute on the council on the meeting's date (the roster of
    that day decides, as everywhere: councils.selectors.roster_on)."""
    roster = meeting_rules.roster_for(attendance.meeting)
    entry = next((e for e in roster.members if e.membership.person_id == attendance.person_id), None)
    if entry is None or not entry.substitutes:
        return None
    return sorted(entry.substitutes, key=lambda m: (m.start, m.pk))[0]


def _stand_in(*, absent: Attendance, membership: Membership, base_url: str | None, actor: User | None) -> Attendance:
    """Make the substitute stand in for ``absent``: invite them if they were not called, or
    just record whom they stand in for if they were already invited."""
    meeting = absent.meeting
    substitute, created = Attendance.objects.select_for_update().get_or_create(
        meeting=meeting, person=membership.person,
        defaults={"council": meeting.council, "membership": membership, "status": AttendanceStatus.NOT_CALLED})
    if substitute.status in (AttendanceStatus.AFBUD, AttendanceStatus.ABSENT):
        raise ApplicationError(_("%(name)s har selv meldt afbud til mødet.") % {"name": membership.person.name})
    if substitute.stands_in_for_id and substitute.stands_in_for_id != absent.pk:
        raise ApplicationError(_("%(name)s møder allerede for et andet medlem.") % {"name": membership.person.name})
    before = snapshot(substitute)
    already = substitute.stands_in_for_id == absent.pk
    substitute.stands_in_for = absent
    substitute.membership = membership
    newly_called = substitute.status == AttendanceStatus.NOT_CALLED
    if newly_called:
        substitute.status = AttendanceStatus.INVITED
        substitute.invited_at = timezone.now()
    full_clean_or_raise(substitute)
    substitute.save()
    audit(action="meetings.attendance.substitute_called", actor=actor, council=meeting.council, obj=substitute,
          before=before)
    substitute.meeting = meeting
    if newly_called:
        _invite(attendance=substitute, titles=_agenda_titles(meeting), base_url=base_url, actor=actor)
    elif not already:
        # Invited already (substitutes attend every meeting): they now vote in the member's place.
        _message(attendance=substitute, template="meetings/email/stand_in", kind=KIND_STAND_IN, base_url=base_url,
                 actor=actor, member=absent.person)
    return substitute


@transaction.atomic
def afbud_register(*, attendance: Attendance, note: str = "", actor: User | None = None,
                   base_url: str | None = None, via: str = AnswerChannel.LINK) -> Attendance:
    """Record the person's afbud. When the member has a personal substitute on the council that
    day, the substitute stands in: when the rules call substitutes only when needed, they are
    invited (by their own channel); when substitutes attend every meeting, they are told that
    they now vote in the member's place. ``via`` records how the afbud came in (the link, an
    SMS reply, a phone call the secretariat records, the member's own page); a "Jeg kommer"
    before it no longer counts. Sending afbud twice changes nothing."""
    attendance = (Attendance.objects.select_for_update(of=("self",))
                  .select_related("meeting", "meeting__council", "person", "membership").get(pk=attendance.pk))
    meeting = attendance.meeting
    if attendance.status == AttendanceStatus.AFBUD:
        return attendance
    _check_open(meeting)
    if timezone.now() >= meeting.starts_at:
        raise ApplicationError(_("Mødet er begyndt, så der kan ikke længere meldes afbud her. "
                                 "Kontakt sekretariatet."))
    if attendance.status not in (AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED):
        raise ApplicationError(_("Dit fremmøde er allerede registreret."))
    before = snapshot(attendance)
    attendance.status = AttendanceStatus.AFBUD
    attendance.afbud_at = timezone.now()
    attendance.afbud_note = note.strip()
    attendance.coming_at = None
    attendance.answered_via = AnswerChannel(via)
    full_clean_or_raise(attendance)
    attendance.save()
    audit(action="meetings.attendance.afbud", actor=actor, council=meeting.council, obj=attendance,
          before=before)
    personal_substitute_call_in(attendance=attendance, actor=actor, base_url=base_url)
    return attendance


def personal_substitute_call_in(*, attendance: Attendance, actor: User | None = None,
                                base_url: str | None = None) -> None:
    """After a member's afbud: their personal substitute on the council that day stands in.
    When the rules call substitutes only when needed, the substitute is called in with an
    invitation; when substitutes attend every meeting, they are told that they now vote in the
    member's place. A substitute who cannot come either is left alone (the secretariat sees the
    seat uncovered on the attendance page). Runs inside the caller's transaction."""
    if meeting_rules.rules_for(attendance.meeting) is None:
        return
    substitute = _personal_substitute(attendance)
    if substitute is None:
        return
    try:
        with transaction.atomic():
            _stand_in(absent=attendance, membership=substitute, base_url=base_url, actor=actor)
    except ApplicationError:
        pass


@transaction.atomic
def afbud_withdraw(*, attendance: Attendance, actor: User | None = None, base_url: str | None = None) -> Attendance:
    """Take an afbud back (by the same personal link, or from the member's own page) until the
    meeting starts. The invitation is restored as it was before the afbud. A substitute who
    stands in for the person no longer does: called in only for this, they are no longer
    called; attending anyway (substitutes attend every meeting), they attend without a vote.
    Either way they are told by their own channel. Taking back twice changes nothing."""
    attendance = (Attendance.objects.select_for_update(of=("self",))
                  .select_related("meeting", "meeting__council", "person", "membership").get(pk=attendance.pk))
    meeting = attendance.meeting
    if attendance.status != AttendanceStatus.AFBUD:
        return attendance
    _check_open(meeting)
    if meeting_rules.has_started(meeting):
        raise ApplicationError(_("Mødet er begyndt, så afbuddet kan ikke længere fortrydes her. "
                                 "Kontakt sekretariatet."), code="started")
    before = snapshot(attendance)
    attendance.status = AttendanceStatus.INVITED if attendance.invited_at else AttendanceStatus.NOT_CALLED
    attendance.afbud_at = None
    attendance.afbud_note = ""
    attendance.answered_via = ""
    full_clean_or_raise(attendance)
    attendance.save()
    audit(action="meetings.attendance.afbud_withdrawn", actor=actor, council=meeting.council,
          obj=attendance, before=before)
    rules = meeting_rules.rules_for(meeting)
    always = rules is not None and rules.substitute_attendance == SubstituteAttendance.ALWAYS
    stand_ins = (Attendance.objects.select_for_update(of=("self",)).filter(meeting=meeting, stands_in_for=attendance)
                 .select_related("person", "membership").order_by("id"))
    for substitute in stand_ins:
        before = snapshot(substitute)
        expected = substitute.status == AttendanceStatus.INVITED
        substitute.stands_in_for = None
        if expected and not always:
            substitute.status = AttendanceStatus.NOT_CALLED
            substitute.invited_at = None
        full_clean_or_raise(substitute)
        substitute.save()
        audit(action="meetings.attendance.stand_in_released", actor=actor, council=meeting.council,
              obj=substitute, before=before)
        if expected:
            substitute.meeting = meeting
            _message(attendance=substitute, template="meetings/email/stand_in_released", kind=KIND_STAND_IN_RELEASED,
                     base_url=base_url, actor=actor, member=attendance.person,
                     still_invited=substitute.status == AttendanceStatus.INVITED)
    return attendance


@transaction.atomic
def substitute_call(*, absent: Attendance, substitute: Membership, actor: User | None,
                    base_url: str | None = None) -> Attendance:
    """The secretariat calls a substitute in for a member who has sent afbud or is absent: in
    personal mode their personal substitute, in pool mode any substitute."""
    absent = (Attendance.objects.select_for_update(of=("self",))
              .select_related("meeting", "meeting__council", "person", "membership").get(pk=absent.pk))
    meeting = absent.meeting
    _check_open(meeting)
    if substitute.council_id != meeting.council_id or absent.council_id != meeting.council_id:
        raise ApplicationError(_("Suppleanten hører ikke til dette råd."))
    if absent.status not in meeting_rules.ABSENT:
        raise ApplicationError(_("%(name)s har ikke meldt afbud.") % {"name": absent.person.name}, field="absent")
    roster = meeting_rules.roster_for(meeting)
    on_roster = {e.membership.pk for e in roster.substitutes}
    if substitute.role != MembershipRole.SUBSTITUTE or substitute.pk not in on_roster:
        raise ApplicationError(_("Vælg en suppleant, der er udpeget på mødedagen."), field="substitute")
    member = None if absent.is_guest else meeting_rules.memberships_by_person(roster).get(absent.person_id)
    mode = meeting_rules.substitute_mode(meeting_rules.rules_for(meeting))
    if not meeting_rules.may_substitute(substitute, member, mode=mode):  # as the form's choices: the meeting's day
        raise ApplicationError(_("%(sub)s er ikke personlig suppleant for %(name)s.")
                               % {"sub": substitute.person.name, "name": absent.person.name}, field="substitute")
    if (Attendance.objects.filter(meeting=meeting, stands_in_for=absent).exclude(person=substitute.person)
            .exclude(status__in=meeting_rules.ABSENT).exists()):
        raise ApplicationError(_("Der er allerede indkaldt en suppleant for %(name)s.") % {"name": absent.person.name},
                               field="absent")
    return _stand_in(absent=absent, membership=substitute, base_url=base_url, actor=actor)


# --- Changed rules and meetings already called --------------------------------------------------------

@transaction.atomic
def rules_apply(*, meeting: Meeting, actor: User | None, base_url: str | None = None):
    """Apply the rules of procedure in force on the meeting's day to a meeting whose
    invitations are sent (``meetings.selectors.attendance.invitation_diff``): substitutes now
    called get the same invitation as everyone else (with their afbud link; standing in for a
    member, the substitute's invitation); substitutes no longer called are set to *not called*
    and told so by their channel, with the reason; a substitute who now stands in for a member,
    or no longer does, while attending anyway, is told that too. Returns the diff applied."""
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    _check_open(meeting)
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED:
        raise ApplicationError(_("Dagsordenen er ikke udsendt, så ingen er indkaldt endnu. Indkaldelserne følger "
                                 "forretningsordenen, når dagsordenen udsendes."))
    if meeting_rules.has_started(meeting):
        raise ApplicationError(_("Mødet er begyndt, så indkaldelserne ændres ikke længere."))
    list(Attendance.objects.select_for_update().filter(meeting=meeting).values_list("pk", flat=True))
    diff = invitation_diff(meeting=meeting)
    if not diff.changed:
        raise ApplicationError(_("Indkaldelserne til mødet følger allerede forretningsordenen. Der er intet at "
                                 "ændre."), code="unchanged")
    assert diff.rules is not None  # nosec B101  # a diff with changes is one under rules (invitation_diff)
    now = timezone.now()
    titles = _agenda_titles(meeting) if diff.invite else []
    # By person id; the audit log stores it as JSON, where the ids become strings.
    before: dict[Any, list[str | int | None]] = {
        c.attendance.person_id: [c.attendance.status, c.attendance.stands_in_for_id]
        for c in diff.invite + diff.uncall + diff.stand_in + diff.release}

    def save(attendance: Attendance, **values) -> Attendance:
        for name, value in values.items():
            setattr(attendance, name, value)
        attendance.meeting = meeting
        attendance.save(update_fields=[*values, "membership"])
        return attendance

    for change in diff.invite:
        attendance = save(change.attendance, status=AttendanceStatus.INVITED, invited_at=now,
                          stands_in_for=change.stands_in_for)
        _invite(attendance=attendance, titles=titles, base_url=base_url, actor=actor)
    for change in diff.uncall:
        attendance = save(change.attendance, status=AttendanceStatus.NOT_CALLED, invited_at=None, stands_in_for=None)
        _message(attendance=attendance, template="meetings/email/rules_changed", kind=KIND_RULES_CHANGED,
                 base_url=base_url, actor=actor, change="uncalled", rules=diff.rules,
                 member=change.stands_in_for.person if change.stands_in_for else None)
    for change in diff.stand_in:
        attendance = save(change.attendance, stands_in_for=change.stands_in_for)
        _message(attendance=attendance, template="meetings/email/stand_in", kind=KIND_STAND_IN, base_url=base_url,
                 actor=actor, member=cast(Attendance, change.stands_in_for).person)  # a stand-in has a member
    for change in diff.release:
        attendance = save(change.attendance, stands_in_for=None)
        _message(attendance=attendance, template="meetings/email/rules_changed", kind=KIND_RULES_CHANGED,
                 base_url=base_url, actor=actor, change="released", rules=diff.rules,
                 member=change.stands_in_for.person if change.stands_in_for else None)
    audit(action="meetings.rules.applied", actor=actor, council=meeting.council, obj=meeting, before=before,
          after={"rules_version": diff.rules.version,
                 "invited": [c.attendance.person_id for c in diff.invite],
                 "uncalled": [c.attendance.person_id for c in diff.uncall],
                 "stand_in": [c.attendance.person_id for c in diff.stand_in],
                 "released": [c.attendance.person_id for c in diff.release]})
    return diff
