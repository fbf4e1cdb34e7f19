"""Writes for "Skriv til rådet": a citizen's message, what the secretariat does with it (an idea
for this year's catalogue, an item for a later meeting, a reply through the outbox, archiving),
and the feedback loop that tells a citizen with a contact what came of it.

Two secretaries may open the same message at once. Every action locks the row
(``select_for_update``) and checks again what it may do, so the second one is refused in Danish
with what the first did, and nothing is done twice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from activities.models import IdeaSource
from activities.selectors.ideas import today as catalogue_today
from activities.services.ideas import idea_create
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_datetime, short_date
from core.links import message_url
from core.phone import normalise_danish_phone
from councils.models import Council
from meetings.models import ItemKind
from meetings.services.agenda import backlog_item_create
from notifications.services import outbox_enqueue
from public.models import CitizenMessage, ContactKind, MessageKind, MessageStatus
from public.selectors import messages as selectors

if TYPE_CHECKING:
    from accounts.models import User

AUDITED = ["status", "idea", "agenda_item", "reply_text", "replied_at", "replied_by", "told_outcome", "told_at",
           "handled_at", "handled_by"]


def normalise_contact(value: str) -> tuple[str, str]:
    """(contact, kind) for what a citizen typed: an e-mail address (lower-cased domain) or a
    Danish phone number ("+45" and eight digits); ("", "") for nothing. ApplicationError
    otherwise, on the field ``contact``."""
    value = (value or "").strip()
    if not value:
        return "", ContactKind.NONE
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ApplicationError(_("Skriv en e-mailadresse som navn@eksempel.dk, eller et telefonnummer."),
                                   field="contact", code="contact") from None
        local, _at, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}", ContactKind.EMAIL
    try:
        return normalise_danish_phone(value), ContactKind.SMS
    except ValidationError:
        raise ApplicationError(_("Skriv en e-mailadresse eller et dansk mobilnummer med 8 cifre, fx 12 34 56 78."),
                               field="contact", code="contact") from None


def message_submit(*, council: Council, kind: str, text: str, name: str = "", contact: str = "") -> CitizenMessage:
    """A citizen's message through the public form. Refused without text, with a CPR number
    (Danish, on the field), or with a contact that is neither an e-mail address nor a phone number."""
    if kind not in MessageKind.values:
        raise ApplicationError(_("Vælg, om det er et forslag eller en bekymring."), field="kind", code="required")
    if not (text or "").strip():
        raise ApplicationError(_("Skriv, hvad du vil fortælle rådet."), field="text", code="required")
    address, contact_kind = normalise_contact(contact)
    message = CitizenMessage(council=council, kind=kind, text=text.strip(), name=(name or "").strip(),
                             contact=address, contact_kind=contact_kind)
    full_clean_or_raise(message, exclude=["council"])
    with transaction.atomic():
        message.save()
        audit(action="public.message.received", council=council, obj=message,
              after={"kind": kind, "has_contact": bool(address)})  # the text and contact stay out of the log
    return message


# --- The secretariat's actions ---------------------------------------------------------------------

def _locked(council: Council, message: CitizenMessage) -> CitizenMessage:
    """The message's row, locked for this transaction and read again."""
    locked = CitizenMessage.objects.select_for_update().filter(council=council, pk=message.pk).first()
    if locked is None:
        raise ApplicationError(_("Henvendelsen findes ikke længere."), code="gone")
    return locked


def _refuse_if_handled(message: CitizenMessage) -> None:
    """Refuse when someone already turned the message into something or archived it."""
    if message.status in (MessageStatus.IDEA, MessageStatus.AGENDA, MessageStatus.ARCHIVED):
        raise ApplicationError(
            _("En anden har lige behandlet henvendelsen: den er nu “%(status)s”. Genindlæs siden for at se, "
              "hvad der er gjort.") % {"status": MessageStatus(message.status).label.lower()}, code="conflict")


def _handled(message: CitizenMessage, status: str, actor: User | None) -> None:
    message.status = status
    message.handled_at = timezone.now()
    message.handled_by = actor if getattr(actor, "is_authenticated", False) else None


def message_to_idea(*, council: Council, message: CitizenMessage, title: str, description: str = "",
                    actor: User | None = None, today: dt.date | None = None) -> CitizenMessage:
    """Put the message in this year's idea catalogue as a citizen's idea, with the citizen's
    name only when they gave one."""
    today = today or catalogue_today()
    if not (title or "").strip():
        raise ApplicationError(_("Skriv idéens titel – kort, fx “Varme stuer om vinteren”."), field="title",
                               code="required")
    with transaction.atomic():
        locked = _locked(council, message)
        _refuse_if_handled(locked)
        before = snapshot(locked, AUDITED)
        idea = idea_create(council=council, year=today.year, title=title, description=description,
                           source=IdeaSource.CITIZEN, citizen_name=locked.name, actor=actor)
        locked.idea = idea
        _handled(locked, MessageStatus.IDEA, actor)
        locked.save(update_fields=["idea", "status", "handled_at", "handled_by"])
        audit(action="public.message.to_idea", actor=actor, council=council, obj=locked, before=before,
              after=snapshot(locked, AUDITED))
    return locked


def message_to_agenda(*, council: Council, message: CitizenMessage, title: str, case_text: str = "",
                      actor: User | None = None) -> CitizenMessage:
    """Make the message an item for a later meeting: the backlog the formandskab puts on an
    agenda from (``meetings.services.agenda.backlog_item_create``)."""
    if not (title or "").strip():
        raise ApplicationError(_("Skriv punktets overskrift."), field="title", code="required")
    with transaction.atomic():
        locked = _locked(council, message)
        _refuse_if_handled(locked)
        before = snapshot(locked, AUDITED)
        item = backlog_item_create(council=council, title=title, case_text=case_text, kind=ItemKind.DISCUSSION,
                                   actor=actor)
        locked.agenda_item = item
        _handled(locked, MessageStatus.AGENDA, actor)
        locked.save(update_fields=["agenda_item", "status", "handled_at", "handled_by"])
        audit(action="public.message.to_agenda", actor=actor, council=council, obj=locked, before=before,
              after=snapshot(locked, AUDITED))
    return locked


def _reply_body(council: Council, message: CitizenMessage, text: str) -> str:
    return "\n\n".join([
        text.strip(),
        _("Venlig hilsen\n%(council)s") % {"council": council.name},
        _("Du skrev til rådet den %(day)s:\n%(text)s") % {
            "day": short_date(message.created_at), "text": message.text},
    ])


def message_reply(*, council: Council, message: CitizenMessage, text: str,
                  actor: User | None = None) -> CitizenMessage:
    """Answer the citizen by e-mail or SMS through the outbox; the answer is kept on the message.
    Refused without a contact, and when the message was answered already."""
    if not (text or "").strip():
        raise ApplicationError(_("Skriv svaret til borgeren."), field="text", code="required")
    with transaction.atomic():
        locked = _locked(council, message)
        if not locked.has_contact:
            raise ApplicationError(_("Borgeren har ikke skrevet, hvordan vi kan svare. Henvendelsen kan ikke "
                                     "besvares, men den kan stadig gøres til en idé eller et punkt."),
                                   code="no_contact")
        if locked.replied_at is not None:
            raise ApplicationError(
                _("Henvendelsen blev besvaret %(when)s af %(who)s. Genindlæs siden for at se svaret.") % {
                    "when": long_datetime(locked.replied_at),
                    "who": getattr(locked.replied_by, "name", "") or _("en anden")}, code="conflict")
        before = snapshot(locked, AUDITED)
        locked.reply_text = text.strip()
        full_clean_or_raise(locked, exclude=["council"])
        locked.replied_at = timezone.now()
        locked.replied_by = actor if getattr(actor, "is_authenticated", False) else None
        if locked.status == MessageStatus.NEW:
            _handled(locked, MessageStatus.ANSWERED, actor)
        locked.save(update_fields=["reply_text", "replied_at", "replied_by", "status", "handled_at", "handled_by"])
        with override("da"):  # the citizen wrote in Danish; the reply frame is Danish too
            subject = _("Svar fra %(council)s") % {"council": council.name}
            body = _reply_body(council, locked, locked.reply_text)
        outbox_enqueue(council=council, channel=locked.contact_kind, person=None, to_address=locked.contact,
                       subject=subject, body=body, kind="public.message_reply", actor=actor)
        audit(action="public.message.replied", actor=actor, council=council, obj=locked, before=before,
              after=snapshot(locked, AUDITED))
    return locked


def message_archive(*, council: Council, message: CitizenMessage, actor: User | None = None) -> CitizenMessage:
    """Put the message away (nothing more to do). Refused when it is archived already."""
    with transaction.atomic():
        locked = _locked(council, message)
        if locked.status == MessageStatus.ARCHIVED:
            raise ApplicationError(_("En anden har lige arkiveret henvendelsen. Genindlæs siden."), code="conflict")
        before = snapshot(locked, AUDITED)
        _handled(locked, MessageStatus.ARCHIVED, actor)
        locked.save(update_fields=["status", "handled_at", "handled_by"])
        audit(action="public.message.archived", actor=actor, council=council, obj=locked, before=before,
              after=snapshot(locked, AUDITED))
    return locked


# --- The feedback loop -------------------------------------------------------------------------------

def _news_body(council: Council, message: CitizenMessage, outcome: selectors.Outcome) -> str:
    lines = {
        "idea": _("Rådet har sat din henvendelse i sit idékatalog. Medlemmerne ser på idéerne, når de vælger "
                  "årets temaer."),
        "backlog": _("Rådet har sat din henvendelse på listen over punkter til et kommende møde."),
        "theme": _("Rådet har valgt din idé som et af sine temaer. Det betyder, at rådet arbejder med den i år."),
        "agenda": _("Din henvendelse er på dagsordenen til et møde i rådet."),
        "consultation": _("Rådet har brugt din idé i et høringssvar til kommunens politikere."),
    }
    return "\n\n".join([
        _("Tak, fordi du skrev til %(council)s.") % {"council": council.name},
        lines.get(outcome.code, str(outcome.kind.label)),
        _("Læs mere her: %(url)s") % {"url": message_url(outcome.path(council))},
        _("Du får besked igen, hvis der sker mere."),
        _("Venlig hilsen\n%(council)s") % {"council": council.name},
    ])


def citizens_tell(*, now: dt.datetime | None = None) -> int:
    """The outbox worker's periodic job: tell every citizen who left a contact when what became
    of their message has moved on since they were last told (once per new outcome, by e-mail or
    SMS through the outbox). Returns the number of citizens told."""
    now = now or timezone.now()
    # An archived message is still followed: archiving clears the secretariat's list, not the news.
    # A citizen told of the last step (a consultation response) has nothing more to hear.
    candidates = list(CitizenMessage.objects.exclude(contact="").exclude(told_outcome=selectors.CONSULTATION.code)
                      .filter(Q(idea__isnull=False) | Q(agenda_item__isnull=False))
                      .select_related("council"))
    found = selectors.outcomes(candidates)
    told = 0
    for message in candidates:
        outcome = found[message.pk]
        if outcome.rank < 1 or outcome.rank <= selectors.rank_of(message.told_outcome):
            continue
        with transaction.atomic():
            locked = CitizenMessage.objects.select_for_update().filter(pk=message.pk).first()
            if locked is None or selectors.rank_of(locked.told_outcome) >= outcome.rank:
                continue  # another run told them at the same moment
            before = snapshot(locked, AUDITED)
            council = message.council
            with override("da"):
                subject = _("Nyt om det, du skrev til %(council)s") % {"council": council.name}
                body = _news_body(council, locked, outcome)
            outbox_enqueue(council=council, channel=locked.contact_kind, person=None, to_address=locked.contact,
                           subject=subject, body=body, kind="public.message_outcome")
            locked.told_outcome, locked.told_at = outcome.code, now
            locked.save(update_fields=["told_outcome", "told_at"])
            audit(action="public.message.told", council=council, obj=locked, before=before,
                  after=snapshot(locked, AUDITED))
            told += 1
    return told
