"""Writes for the outbox. A message is stored first (``outbox_enqueue``, inside the caller's
transaction) and sent later by the worker (``outbox_send_pending``), so nothing is lost when
the mail server is down and nothing is sent for a transaction that rolls back.

Settings (all optional; defaults in brackets):

* ``STEMME_OUTBOX_MAX_ATTEMPTS`` [8] – tries before a message is given up (status ``gave_up``,
  shown to the secretariat with "Prøv igen").
* ``STEMME_OUTBOX_BACKOFF_SECONDS`` [60] – wait after the first failure; doubled after each
  further failure, at most ``STEMME_OUTBOX_BACKOFF_MAX_SECONDS`` [21600 = 6 hours].
* ``STEMME_OUTBOX_LEASE_SECONDS`` [300] – how long a claimed message is hidden from other
  workers while it is being sent; a worker that dies mid-send leaves it to be retried.
* ``STEMME_SMS_GATEWAY`` – see :mod:`notifications.sms`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import links
from core.audit import audit
from core.errors import ApplicationError, full_clean_or_raise
from core.mail import EmailMessage
from notifications import attachments as attachment_builders
from notifications.models import OutboxChannel, OutboxMessage, OutboxStatus
from notifications.sms import get_gateway

if TYPE_CHECKING:
    from accounts.models import User
    from councils.models import Council
    from notifications.sms import SmsGateway

logger = logging.getLogger("stemme.outbox")

#: Statuses the worker picks up when they are due.
DUE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)
#: Statuses the secretariat can mark as sent by hand.
MANUAL_STATUSES = (OutboxStatus.MANUAL, OutboxStatus.FAILED, OutboxStatus.GAVE_UP)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_attempts() -> int:
    return _setting("STEMME_OUTBOX_MAX_ATTEMPTS", 8)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff: base, 2×base, 4×base … after 1, 2, 3 … failed attempts."""
    base = _setting("STEMME_OUTBOX_BACKOFF_SECONDS", 60)
    cap = _setting("STEMME_OUTBOX_BACKOFF_MAX_SECONDS", 6 * 60 * 60)
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def _initial_status(channel: str) -> str:
    if channel == OutboxChannel.EMAIL:
        return OutboxStatus.PENDING
    if channel == OutboxChannel.SMS and get_gateway().automatic:
        return OutboxStatus.PENDING
    return OutboxStatus.MANUAL  # letters always; SMS until a gateway is set up


def _audit_after(message: OutboxMessage, **extra) -> dict:
    """What the audit log keeps of a message: never the body (it may hold personal details)."""
    data = {"channel": message.channel, "kind": message.kind, "status": message.status,
            "person": message.person_id, "meeting": message.meeting_id, "attempts": message.attempts}
    data.update(extra)
    return data


def outbox_enqueue(*, council: Council, channel: str, person, to_address: str, subject: str, body: str, kind: str,
                   meeting=None, attachments=(), send_after: dt.datetime | None = None,
                   actor: User | None = None) -> OutboxMessage:
    """Store a message for sending. Never sends inline: e-mail (and SMS with an automatic
    gateway) is sent by the worker once the caller's transaction has committed; letters, and
    SMS without a gateway, wait on the secretariat's manual list."""
    if person is not None and person.council_id != council.pk:
        raise ApplicationError(_("Modtageren hører ikke til dette råd."))
    if meeting is not None and meeting.council_id != council.pk:
        raise ApplicationError(_("Mødet hører ikke til dette råd."))
    message = OutboxMessage(council=council, channel=channel, person=person, to_address=to_address.strip(),
                            subject=subject[:300], body=body, kind=kind, meeting=meeting,
                            attachments=[dict(a) for a in attachments], status=_initial_status(channel),
                            send_after=send_after)
    full_clean_or_raise(message)
    message.save()
    audit(action="notifications.message.queued", actor=actor, council=council, obj=message,
          after=_audit_after(message, to=message.to_address))
    return message


# --- Sending ----------------------------------------------------------------------------------

def _claim(*, now: dt.datetime, limit: int) -> list[OutboxMessage]:
    """Pick due messages and hide them from other workers for the lease time.

    On PostgreSQL the rows are locked with ``SELECT … FOR UPDATE SKIP LOCKED``, so two
    workers never claim the same message; on SQLite the immediate transaction serialises
    the claim. The network I/O happens after the claim's transaction has committed, so no
    lock is held while a mail server is slow."""
    lease = dt.timedelta(seconds=_setting("STEMME_OUTBOX_LEASE_SECONDS", 300))
    with transaction.atomic():
        qs = (OutboxMessage.objects
              .filter(status__in=DUE_STATUSES, channel__in=(OutboxChannel.EMAIL, OutboxChannel.SMS))
              .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
              .order_by("created_at", "id"))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("pk", flat=True)[:limit])
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(send_after=now + lease)
    return list(OutboxMessage.objects.filter(pk__in=ids).select_related("council").order_by("created_at", "id"))


def _build_attachments(message: OutboxMessage, cache: dict) -> list:
    """Build the message's attachments; identical descriptors in one round are built once (the
    agenda PDF for fifteen invitations is rendered one time)."""
    built = []
    for descriptor in message.attachments:
        key = json.dumps(descriptor, sort_keys=True, default=str)
        if key not in cache:
            cache[key] = attachment_builders.build(descriptor)
        built.append(cache[key])
    return built


def _send_email(message: OutboxMessage, mail_connection, cache: dict) -> None:
    built = _build_attachments(message, cache)
    reply_to = [message.council.email] if message.council.email else None
    body = links.resolve(message.body)  # links written relative to the site leave absolute
    email = EmailMessage(subject=message.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                         to=[message.to_address], reply_to=reply_to, connection=mail_connection,
                         headers={"Auto-Submitted": "auto-generated"})
    for a in built:
        email.attach(a.name, a.content, a.content_type)
    if email.send(fail_silently=False) != 1:
        raise RuntimeError("Mailserveren tog ikke imod beskeden.")


def _record(message: OutboxMessage, *, now: dt.datetime, error: Exception | None) -> str:
    message.attempts += 1
    if error is None:
        message.status, message.sent_at, message.last_error, message.send_after = OutboxStatus.SENT, now, "", None
        action = "notifications.message.sent"
    else:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= max_attempts():
            message.status, message.send_after = OutboxStatus.GAVE_UP, None
            action = "notifications.message.gave_up"
        else:
            message.status, message.send_after = OutboxStatus.FAILED, now + retry_delay(message.attempts)
            action = "notifications.message.failed"
        logger.warning("Outbox message %s (%s to %s) failed, attempt %s: %s", message.pk, message.channel,
                       message.to_address, message.attempts, message.last_error)
    message.save(update_fields=["status", "attempts", "last_error", "send_after", "sent_at"])
    audit(action=action, council=message.council, obj=message,
          after=_audit_after(message, error=message.last_error))
    return message.status


def outbox_send_pending(*, now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Send due e-mail (and SMS through an automatic gateway); record the outcome of each.
    Returns counts: claimed, sent, failed, gave_up, manual."""
    now = now or timezone.now()
    counts = {"claimed": 0, "sent": 0, "failed": 0, "gave_up": 0, "manual": 0}
    messages = _claim(now=now, limit=limit)
    counts["claimed"] = len(messages)
    if not messages:
        return counts
    mail_connection = get_connection(fail_silently=False)
    gateway = get_gateway() if any(m.channel == OutboxChannel.SMS for m in messages) else None
    cache: dict = {}
    for message in messages:
        # gateway is set whenever a message is an SMS
        if message.channel == OutboxChannel.SMS and not cast("SmsGateway", gateway).automatic:
            # The gateway was switched off after the message was queued: the secretariat sends it.
            message.status, message.send_after = OutboxStatus.MANUAL, None
            message.save(update_fields=["status", "send_after"])
            counts["manual"] += 1
            continue
        error = None
        try:
            if message.channel == OutboxChannel.EMAIL:
                _send_email(message, mail_connection, cache)
            else:
                cast("SmsGateway", gateway).send(message.to_address, links.resolve(message.body))
        except Exception as exc:  # every failure is recorded on the message and retried
            error = exc
            with contextlib.suppress(Exception):  # start the next message on a fresh connection
                mail_connection.close()
        counts[_record(message, now=now, error=error)] += 1
    return counts


# --- The secretariat's actions ------------------------------------------------------------------

@transaction.atomic
def outbox_mark_done(*, message: OutboxMessage, actor: User | None) -> OutboxMessage:
    """The secretariat sent this SMS or letter itself (or forwarded a failed e-mail)."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status not in MANUAL_STATUSES:
        raise ApplicationError(_("Beskeden er allerede sendt."))
    before = _audit_after(message)
    message.status, message.sent_at, message.send_after = OutboxStatus.DONE_MANUALLY, timezone.now(), None
    message.save(update_fields=["status", "sent_at", "send_after"])
    audit(action="notifications.message.done_manually", actor=actor, council=message.council, obj=message,
          before=before, after=_audit_after(message))
    return message


@transaction.atomic
def outbox_mark_many_done(*, council: Council, ids, actor: User | None) -> int:
    """Mark a printed batch of letters (or copied SMS texts) as sent; ids outside the council
    or already sent are skipped. Returns how many were marked."""
    done = 0
    for message in (OutboxMessage.objects.select_for_update()
                    .filter(council=council, pk__in=list(ids), status__in=MANUAL_STATUSES)):
        outbox_mark_done(message=message, actor=actor)
        done += 1
    return done


@transaction.atomic
def outbox_retry(*, message: OutboxMessage, actor: User | None) -> OutboxMessage:
    """Send a failed or given-up message again now, with a fresh count of attempts."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status not in (OutboxStatus.FAILED, OutboxStatus.GAVE_UP):
        raise ApplicationError(_("Kun beskeder, der ikke kunne sendes, kan prøves igen."))
    before = _audit_after(message)
    message.status = _initial_status(message.channel)
    message.attempts, message.send_after = 0, None
    message.save(update_fields=["status", "attempts", "send_after"])
    audit(action="notifications.message.retried", actor=actor, council=message.council, obj=message,
          before=before, after=_audit_after(message))
    return message
