"""Reads for the outbox, always within one council (another council's message is a 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.core import signing
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core import links
from core.errors import ApplicationError
from councils.models import Council as CouncilModel
from notifications.letters import postal_key
from notifications.models import CitizenSubscription, InboundSms, OutboxChannel, OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from councils.models import Council

RECENT_LIMIT = 20
#: A confirmation link works this long (``notifications.services`` expires the unconfirmed rows too).
CONFIRM_MAX_AGE = dt.timedelta(days=7)
CONFIRM_SALT = "notifications.subscription.confirm"


def _messages(council: Council) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(council=council).select_related("person", "meeting")


def message_get(*, council: Council, pk) -> OutboxMessage:
    return get_object_or_404(_messages(council), pk=pk)


def meeting_get(*, council, pk):
    """The council's meeting the outbox page is filtered on (404 for another council's). The
    model is the one ``OutboxMessage.meeting`` points to, so notifications imports no meetings code."""
    meeting_model = cast(type[Model], OutboxMessage._meta.get_field("meeting").related_model)
    # To mypy a bare Model has no ``objects`` (the plugin adds it per model); meetings.Meeting has.
    meetings = meeting_model.objects.select_related("council", "council__municipality")  # type: ignore[attr-defined]
    return get_object_or_404(meetings, council=council, pk=pk)


@dataclass
class OutboxOverview:
    sms: list[OutboxMessage]
    letters: list[OutboxMessage]
    failed: list[OutboxMessage]
    recent: list[OutboxMessage]
    pending: int
    meeting: object | None

    @property
    def letter_ids(self) -> str:
        return ",".join(str(m.pk) for m in self.letters)


def _with_text(messages: list[OutboxMessage], base_url: str | None) -> list[OutboxMessage]:
    """Set ``message.text``: the body as it leaves, with links for the site at ``base_url``."""
    for message in messages:
        message.text = links.resolve(message.body, base_url)  # type: ignore[attr-defined]  # added for the page
    return messages


def outbox_overview(*, council: Council, meeting=None, base_url: str | None = None) -> OutboxOverview:
    """What the secretariat must act on: SMS texts to send by hand, letters to print, messages
    that failed; plus how many wait for the worker and the most recently sent. Five queries.
    Each message's ``text`` has its links made absolute for ``base_url`` (the page's address)."""
    qs = _messages(council)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    manual = _with_text(list(qs.filter(status=OutboxStatus.MANUAL).order_by("created_at", "id")), base_url)
    failed = list(qs.filter(status__in=(OutboxStatus.FAILED, OutboxStatus.GAVE_UP)).order_by("-status", "created_at",
                                                                                                "id"))
    recent = list(qs.filter(status__in=(OutboxStatus.SENT, OutboxStatus.DONE_MANUALLY))
                  .order_by("-sent_at", "-id")[:RECENT_LIMIT])
    pending = qs.filter(status=OutboxStatus.PENDING).count()
    return OutboxOverview(
        sms=[m for m in manual if m.channel == OutboxChannel.SMS],
        letters=[m for m in manual if m.channel == OutboxChannel.LETTER],
        failed=failed, recent=recent, pending=pending, meeting=meeting)


def letters_to_print(*, council: Council, meeting=None, ids: list[int] | None = None,
                     base_url: str | None = None) -> list[OutboxMessage]:
    """Letters waiting to be printed (optionally for one meeting or only ``ids``), in postal
    order (by the postcode on the address, unknown last: ``notifications.letters.postal_key``);
    each with its ``text`` as printed (links for the site at ``base_url``). One query."""
    qs = _messages(council).filter(channel=OutboxChannel.LETTER, status=OutboxStatus.MANUAL)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    found = sorted(qs.order_by("created_at", "id"), key=lambda m: postal_key(
        address=m.to_address, name=m.person.name if m.person else "", pk=m.pk))
    return _with_text(found, base_url)


def manual_counts_for_meeting(*, meeting) -> dict[str, int]:
    """How many of a meeting's messages wait for the secretariat: {"sms": n, "letters": n, "failed": n}."""
    return OutboxMessage.objects.filter(council_id=meeting.council_id, meeting=meeting).aggregate(
        sms=Count("pk", filter=Q(status=OutboxStatus.MANUAL, channel=OutboxChannel.SMS)),
        letters=Count("pk", filter=Q(status=OutboxStatus.MANUAL, channel=OutboxChannel.LETTER)),
        failed=Count("pk", filter=Q(status__in=(OutboxStatus.FAILED, OutboxStatus.GAVE_UP))),
    )


def messages_for_meeting(*, meeting) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(council_id=meeting.council_id, meeting=meeting).order_by("created_at", "id")


# --- Citizens' e-mail alerts ------------------------------------------------------------------------

def subscription_by_unsubscribe_token(*, council: Council, token: str) -> CitizenSubscription | None:
    """The subscription an unsubscribe link names: None when it is gone (already unsubscribed), a
    404 when it is another council's (the link was taken to the wrong address)."""
    return _own(council, CitizenSubscription.objects.filter(unsubscribe_token=token).first())


@dataclass(frozen=True)
class ConfirmRequest:
    subscription: CitizenSubscription | None   # None: gone (unsubscribed, or expired and deleted)
    topics: list[str]


def confirm_request(*, council: Council, token: str, now: dt.datetime) -> ConfirmRequest:
    """What a confirmation link asks for. Refused in Danish when damaged or older than
    ``CONFIRM_MAX_AGE``; a 404 when it names another council's subscription."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT)
    except signing.BadSignature:
        raise ApplicationError(_("Linket virker ikke. Se efter, om hele linket fra mailen er kommet med."),
                               code="invalid") from None
    if now.timestamp() - int(data.get("at", 0)) > CONFIRM_MAX_AGE.total_seconds():
        raise ApplicationError(_("Linket er for gammelt. Det virker kun i %(days)s dage. Tilmeld dig igen, "
                               "så sender vi et nyt link.") % {"days": CONFIRM_MAX_AGE.days}, code="expired")
    subscription = _own(council, CitizenSubscription.objects.filter(pk=data.get("s")).first())
    return ConfirmRequest(subscription=subscription,
                          topics=[t for t in CitizenSubscription.TOPICS if t in set(data.get("t") or [])])


def _own(council: Council, subscription: CitizenSubscription | None) -> CitizenSubscription | None:
    if subscription is not None and subscription.council_id != council.pk:
        raise Http404("Another council's subscription")
    return subscription


def confirmed_subscriptions(*, council: Council) -> list[CitizenSubscription]:
    """The council's confirmed subscriptions (the alert job's recipients), one query."""
    return list(CitizenSubscription.objects.filter(council=council, confirmed_at__isnull=False)
                .select_related("council").order_by("pk"))


def councils_with_subscribers() -> list[Council]:
    """The councils with at least one confirmed subscription (one query)."""
    confirmed = CitizenSubscription.objects.filter(confirmed_at__isnull=False).values("council_id")
    return list(CouncilModel.objects.filter(pk__in=confirmed).order_by("pk"))


# --- The secretariat's inbox of received SMS --------------------------------------------------------

INBOX_RECENT_LIMIT = 20


def _inbound(council: Council) -> QuerySet[InboundSms]:
    return InboundSms.objects.filter(council=council).select_related("person", "meeting", "reply", "handled_by")


def inbound_get(*, council: Council, pk) -> InboundSms:
    """One of the council's received texts (404 for another council's, or one without a council)."""
    return get_object_or_404(_inbound(council), pk=pk)


def inbox_unhandled_count(*, council: Council) -> int:
    return InboundSms.objects.filter(council=council, handled_at__isnull=True).count()


@dataclass
class InboxOverview:
    unhandled: list[InboundSms]
    recent: list[InboundSms]


def inbox_overview(*, council: Council) -> InboxOverview:
    """The council's received texts that wait for the secretariat (oldest first), and the most
    recently handled ones (by Stemme itself or by the secretariat). Two queries."""
    unhandled = list(_inbound(council).filter(handled_at__isnull=True).order_by("received_at", "id"))
    recent = list(_inbound(council).filter(handled_at__isnull=False)
                  .order_by("-handled_at", "-id")[:INBOX_RECENT_LIMIT])
    return InboxOverview(unhandled=unhandled, recent=recent)
