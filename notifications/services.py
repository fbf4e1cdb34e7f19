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
from django.core import signing
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.auth import normalise_email
from core import links
from core.audit import audit
from core.errors import ApplicationError, full_clean_or_raise
from core.mail import EmailMessage
from notifications import attachments as attachment_builders
from notifications import selectors
from notifications.models import CitizenSubscription, DeliveryStatus, OutboxChannel, OutboxMessage, OutboxStatus
from notifications.quiet import quiet_hours_send_after
from notifications.sms import SmsRejected, get_gateway, takes_reference

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
                   headers: dict[str, str] | None = None, actor: User | None = None,
                   now: dt.datetime | None = None, asked_now: bool = False) -> OutboxMessage:
    """Store a message for sending. Never sends inline: e-mail (and SMS with an automatic
    gateway) is sent by the worker once the caller's transaction has committed; letters, and
    SMS without a gateway, wait on the secretariat's manual list.

    An SMS that would leave in the quiet hours (``notifications.quiet``: at ``now``, or at the
    caller's ``send_after``) waits until they are over; ``now`` is the caller's clock (default
    the real one). Not so a message the person asked for this moment and is waiting for
    (``asked_now``: a login code, ``notifications.login_codes``)."""
    if person is not None and person.council_id != council.pk:
        raise ApplicationError(_("Modtageren hører ikke til dette råd."))
    if meeting is not None and meeting.council_id != council.pk:
        raise ApplicationError(_("Mødet hører ikke til dette råd."))
    if channel == OutboxChannel.SMS and not asked_now:
        now = now or timezone.now()
        leaves = max(send_after, now) if send_after is not None else now
        send_after = quiet_hours_send_after(leaves) or send_after
    message = OutboxMessage(council=council, channel=channel, person=person, to_address=to_address.strip(),
                            subject=subject[:300], body=body, kind=kind, meeting=meeting,
                            attachments=[dict(a) for a in attachments], status=_initial_status(channel),
                            send_after=send_after, headers=dict(headers or {}))
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
    # The message's own headers (List-Unsubscribe …) leave with absolute links like the body.
    headers = {"Auto-Submitted": "auto-generated"} | {
        name: links.resolve(str(value)) for name, value in (message.headers or {}).items()}
    email = EmailMessage(subject=message.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                         to=[message.to_address], reply_to=reply_to, connection=mail_connection, headers=headers)
    for a in built:
        email.attach(a.name, a.content, a.content_type)
    if email.send(fail_silently=False) != 1:
        raise RuntimeError("Mailserveren tog ikke imod beskeden.")


def _send_sms(gateway: SmsGateway, message: OutboxMessage, *, with_reference: bool) -> None:
    """Hand the SMS to the gateway; keep the provider's id for its delivery reports."""
    text = links.resolve(message.body)
    if with_reference:  # our id, echoed by the provider (and its guard against a repeated request)
        provider_ref = gateway.send(message.to_address, text, reference=f"stemme-{message.pk}")  # type: ignore[call-arg]
    else:
        provider_ref = gateway.send(message.to_address, text)
    message.provider_ref = str(provider_ref)[:100] if provider_ref else ""
    message.delivery_status = DeliveryStatus.ACCEPTED if provider_ref else ""


def _record(message: OutboxMessage, *, now: dt.datetime, error: Exception | None) -> str:
    message.attempts += 1
    if error is None:
        message.status, message.sent_at, message.last_error, message.send_after = OutboxStatus.SENT, now, "", None
        action = "notifications.message.sent"
    else:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        # A refusal by the SMS provider (an invalid number …) is final: no retry can help.
        if message.attempts >= max_attempts() or isinstance(error, SmsRejected):
            message.status, message.send_after = OutboxStatus.GAVE_UP, None
            action = "notifications.message.gave_up"
        else:
            retry_at = now + retry_delay(message.attempts)
            if message.channel == OutboxChannel.SMS:  # a retry, too, waits out the quiet hours
                retry_at = quiet_hours_send_after(retry_at) or retry_at
            message.status, message.send_after = OutboxStatus.FAILED, retry_at
            action = "notifications.message.failed"
        logger.warning("Outbox message %s (%s to %s) failed, attempt %s: %s", message.pk, message.channel,
                       message.to_address, message.attempts, message.last_error)
    with transaction.atomic():  # the outcome and its audit event together (and one commit, not two)
        message.save(update_fields=["status", "attempts", "last_error", "send_after", "sent_at", "provider_ref",
                                    "delivery_status"])
        audit(action=action, council=message.council, obj=message,
              after=_audit_after(message, error=message.last_error, provider_ref=message.provider_ref))
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
    with_reference = gateway is not None and takes_reference(gateway)
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
                _send_sms(cast("SmsGateway", gateway), message, with_reference=with_reference)
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
    # A new send gets a new id from the SMS provider: reports about the old one no longer apply.
    message.provider_ref, message.delivery_status, message.delivered_at = "", "", None
    message.save(update_fields=["status", "attempts", "send_after", "provider_ref", "delivery_status",
                                "delivered_at"])
    audit(action="notifications.message.retried", actor=actor, council=message.council, obj=message,
          before=before, after=_audit_after(message))
    return message


# --- Citizens' e-mail alerts (double opt-in) ------------------------------------------------------
# The sign-up form stores an unconfirmed subscription and queues a mail with a confirmation link: a
# signed token (subscription id and chosen topics) that expires after CONFIRM_MAX_AGE, so no token
# is stored. Only the mailbox's owner can confirm, or change the topics of a confirmed subscription.
# Alerts themselves are written by public.alerts (it reads the public pages' items) and queued here
# with the unsubscribe link in the body and the RFC 8058 headers.

CONFIRM_SALT = selectors.CONFIRM_SALT
CONFIRM_MAX_AGE = selectors.CONFIRM_MAX_AGE
#: A second sign-up for the same address within this time sends no second mail (a double click, or
#: someone signing up another person's address over and over).
CONFIRM_RESEND_AFTER = dt.timedelta(minutes=5)
ALERT_KIND = "notifications.citizen_alert"
CONFIRM_KIND = "notifications.citizen_confirm"
ONE_CLICK = "List-Unsubscribe=One-Click"


def topic_labels() -> dict[str, str]:
    """The topics as the mails and pages name them, in the model's order."""
    return {"minutes": _("referater"), "responses": _("høringssvar"), "reports": _("årsberetninger"),
            "events": _("arrangementer")}


def confirm_token(subscription: CitizenSubscription, topics: list[str], *, now: dt.datetime) -> str:
    """Signed: the subscription, the topics asked for and when (the link's age is checked against
    ``now`` on confirmation, so the services take the time as an argument like everything else)."""
    return signing.dumps({"s": subscription.pk, "t": topics, "at": int(now.timestamp())}, salt=CONFIRM_SALT)


def _audit_subscription(subscription: CitizenSubscription) -> dict:
    """What the audit log keeps of a subscription: never the address."""
    return {"topics": subscription.topics, "confirmed": subscription.confirmed_at is not None}


def _confirm_body(*, subscription: CitizenSubscription, council: Council, topics: list[str], url: str) -> str:
    labels = topic_labels()
    chosen = ", ".join(labels[t] for t in topics)
    if subscription.confirmed_at is None:
        intro = _("Du har bedt om at få nyheder fra %(council)s på e-mail om: %(topics)s.") % {
            "council": council.name, "topics": chosen}
        action = _("Klik på linket for at sige ja. Så er du tilmeldt:")
    else:
        intro = _("Du får allerede nyheder fra %(council)s på e-mail. Du har bedt om nyheder om: %(topics)s.") % {
            "council": council.name, "topics": chosen}
        action = _("Klik på linket, hvis du vil have nyheder om det fremover:")
    days = CONFIRM_MAX_AGE.days
    return "\n\n".join([
        intro, f"{action}\n{url}",
        _("Linket virker i %(days)s dage.") % {"days": days},
        _("Har du ikke bedt om det? Så skal du ikke gøre noget. Du får ikke flere mails fra os."),
    ])


@transaction.atomic
def subscription_request(*, council: Council, email: str, topics: list[str], base_url: str | None = None,
                         now: dt.datetime | None = None, actor: User | None = None) -> CitizenSubscription:
    """Sign up ``email`` for alerts on ``topics``: a new subscription waits for its confirmation;
    for an address already signed up (confirmed or not) no second row is made and a new
    confirmation link is sent, which sets the topics when clicked. At most one mail per address
    every ``CONFIRM_RESEND_AFTER``."""
    topics = [t for t in CitizenSubscription.TOPICS if t in set(topics)]
    if not topics:
        raise ApplicationError(_("Vælg mindst én slags nyheder."), field="topics", code="no_topics")
    email = normalise_email(email)
    now = now or timezone.now()
    subscription = CitizenSubscription.objects.select_for_update().filter(council=council, email=email).first()
    if subscription is None:
        subscription = CitizenSubscription(council=council, email=email, **{t: True for t in topics})
        full_clean_or_raise(subscription)
        subscription.save()
    elif subscription.confirm_sent_at and now - subscription.confirm_sent_at < CONFIRM_RESEND_AFTER:
        return subscription
    subscription.confirm_sent_at = now
    subscription.save(update_fields=["confirm_sent_at"])
    path = reverse("public:subscribe_confirm", args=[council.slug, confirm_token(subscription, topics, now=now)])
    outbox_enqueue(
        council=council, channel=OutboxChannel.EMAIL, person=None, to_address=email,
        subject=_("Bekræft, at du vil have nyheder fra %(council)s") % {"council": council.name},
        body=_confirm_body(subscription=subscription, council=council, topics=topics,
                           url=links.message_url(path, base_url)),
        kind=CONFIRM_KIND, actor=actor)
    audit(action="notifications.subscription.requested", actor=actor, council=council, obj=subscription,
          after=_audit_subscription(subscription) | {"asked_for": topics})
    return subscription


@transaction.atomic
def subscription_confirm(*, council: Council, token: str, now: dt.datetime | None = None) -> CitizenSubscription:
    """Confirm the subscription the link names, with the topics chosen when the link was sent.
    Clicking twice is harmless. Refused, in Danish, when the link is too old or damaged, or its
    subscription is gone (unsubscribed); another council's link is a 404
    (``selectors.confirm_request``)."""
    now = now or timezone.now()
    asked = selectors.confirm_request(council=council, token=token, now=now)
    if asked.subscription is None:
        raise ApplicationError(_("Vi kan ikke finde din tilmelding. Måske har du afmeldt dig. Tilmeld dig igen."),
                               code="gone")
    subscription = CitizenSubscription.objects.select_for_update().get(pk=asked.subscription.pk)
    before = _audit_subscription(subscription)
    for topic in CitizenSubscription.TOPICS:
        setattr(subscription, topic, topic in asked.topics)
    if subscription.confirmed_at is None:
        # No back catalogue: the first alert holds what is published after this moment.
        subscription.confirmed_at = subscription.alerted_through = now
    full_clean_or_raise(subscription)
    subscription.save()
    audit(action="notifications.subscription.confirmed", council=council, obj=subscription, before=before,
          after=_audit_subscription(subscription))
    return subscription


@transaction.atomic
def subscription_cancel(*, council: Council, token: str) -> bool:
    """Unsubscribe (the link in every alert, or a mail client's one-click button): the row is
    deleted. True when there was one; an unknown or used token is no error (a client may retry);
    another council's is a 404."""
    subscription = selectors.subscription_by_unsubscribe_token(council=council, token=token)
    if subscription is None:
        return False
    audit(action="notifications.subscription.cancelled", council=council, obj=subscription,
          before=_audit_subscription(subscription), after={})
    subscription.delete()
    return True


def subscriptions_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the subscriptions nobody confirmed within ``CONFIRM_MAX_AGE`` of the last
    confirmation mail (their links no longer work). Returns how many."""
    cutoff = (now or timezone.now()) - CONFIRM_MAX_AGE
    stale = CitizenSubscription.objects.filter(confirmed_at__isnull=True).filter(
        Q(confirm_sent_at__lt=cutoff) | Q(confirm_sent_at__isnull=True, created_at__lt=cutoff))
    deleted, _by_model = stale.delete()
    return deleted


def subscriptions_expire_job() -> int:
    """The outbox worker's periodic job (registered in notifications.apps)."""
    return subscriptions_expire()


def unsubscribe_path(subscription: CitizenSubscription) -> str:
    return reverse("public:unsubscribe", args=[subscription.council.slug, subscription.unsubscribe_token])


@transaction.atomic
def subscription_alert_enqueue(*, council: Council, subscription: CitizenSubscription, subject: str, body: str,
                               base_url: str | None = None) -> OutboxMessage:
    """Queue one alert to a confirmed subscriber: ``body`` followed by the unsubscribe link, with
    ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058) so mail clients offer a
    one-click button. The caller advances the marker (``subscriptions_mark_alerted``)."""
    if subscription.council_id != council.pk:
        raise ApplicationError(_("Abonnementet hører ikke til dette råd."))
    if subscription.confirmed_at is None:
        raise ApplicationError(_("Abonnementet er ikke bekræftet."), code="unconfirmed")
    url = links.message_url(unsubscribe_path(subscription), base_url)
    footer = _("Du får denne mail, fordi du har bedt om nyheder fra %(council)s. "
               "Vil du ikke have flere, så afmeld her:") % {"council": council.name}
    return outbox_enqueue(
        council=council, channel=OutboxChannel.EMAIL, person=None, to_address=subscription.email,
        subject=subject, body=f"{body.rstrip()}\n\n-- \n{footer}\n{url}\n", kind=ALERT_KIND,
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK})


def subscriptions_mark_alerted(*, council: Council, ids: list[int], through: dt.datetime) -> int:
    """Everything published up to ``through`` has been sent to these subscribers."""
    return (CitizenSubscription.objects.filter(council=council, pk__in=ids, confirmed_at__isnull=False)
            .update(alerted_through=through))
