"""The outbox: every message is stored before it is sent, retried, and never lost.

E-mail goes through Django's mail backend (SMTP in production). SMS and printed letters
are channels too: until a gateway is configured they wait on the secretariat's
"send by SMS / print" list and are marked done by hand."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import CouncilOwnedModel
from core.phone import format_danish_phone
from core.status import status_is


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Brev")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Fejlet – prøves igen")
    GAVE_UP = "gave_up", _("Opgivet")
    MANUAL = "manual", _("Skal sendes manuelt")
    DONE_MANUALLY = "done_manually", _("Sendt manuelt")


class DeliveryStatus(models.TextChoices):
    """What the SMS provider says became of a message it accepted (its delivery reports)."""

    ACCEPTED = "accepted", _("Modtaget af udbyderen")
    DELIVERED = "delivered", _("Leveret")
    FAILED = "failed", _("Ikke leveret")


class OutboxMessage(CouncilOwnedModel):
    channel = models.CharField(max_length=8, choices=OutboxChannel.choices)
    person = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_address = models.CharField(max_length=300, help_text="E-mail, phone number or postal address")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    kind = models.CharField(max_length=60, help_text="What this message is, e.g. meetings.invitation")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    attachments = models.JSONField(default=list, blank=True,
                                   help_text="[{'name':..., 'content_type':..., 'builder': 'meetings.agenda_pdf'}]")
    # Extra e-mail headers, e.g. List-Unsubscribe on citizens' alerts; values may hold core.links.SITE,
    # made absolute when the message leaves like the body's links.
    headers = models.JSONField(default=dict, blank=True, help_text="{'List-Unsubscribe': '<https://…>'}")
    status = models.CharField(max_length=14, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_gave_up = status_is(OutboxStatus.GAVE_UP)
    is_done_manually = status_is(OutboxStatus.DONE_MANUALLY)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    send_after = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The SMS provider's id for the message (its delivery reports name it) and what they said.
    provider_ref = models.CharField(max_length=100, blank=True)
    delivery_status = models.CharField(max_length=10, choices=DeliveryStatus.choices, blank=True)
    is_delivery_failed = status_is(DeliveryStatus.FAILED, field="delivery_status")
    delivered_at = models.DateTimeField(null=True, blank=True)

    @property
    def failure_reason(self) -> str:
        """Why the last attempt failed, in Danish for the secretariat (notifications.failures)."""
        from notifications.failures import describe

        return describe(self.last_error)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "send_after"]), models.Index(fields=["council", "meeting"]),
                   models.Index(fields=["provider_ref"], name="notif_outbox_provider_ref")]


class InboundOutcome(models.TextChoices):
    """What Stemme made of a text a person sent to the SMS number."""

    AFBUD = "afbud", _("Afbud registreret")
    COMING = "coming", _("Kommer – registreret")
    STOP = "stop", _("Påmindelser slået fra")
    INBOX = "inbox", _("Til sekretariatet")
    UNKNOWN_NUMBER = "unknown_number", _("Ukendt nummer")
    AMBIGUOUS = "ambiguous", _("Uklart – ring til personen")


class InboundSms(models.Model):
    """A text received from the SMS provider's webhook. One row per council whose inbox shows
    it: the person's council; a number known in two councils, each council (when the text was
    unclear, both must call); an unknown number none (``council`` is empty: no council sees it,
    only the platform's administrators). ``provider_ref`` (the provider's id) is unique per
    council, so a webhook the provider posts twice records and answers the text once.

    Texts Stemme understood (afbud, "JA", STOP) are handled at once (``handled_at`` set, no
    ``handled_by``); the others wait in the secretariat's inbox until marked as handled."""

    council = models.ForeignKey("councils.Council", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("råd"))
    person = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("person"))
    from_number = models.CharField(_("fra"), max_length=40)
    to_number = models.CharField(_("til"), max_length=40, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    provider_ref = models.CharField(max_length=100)
    received_at = models.DateTimeField(_("modtaget"))
    outcome = models.CharField(_("udfald"), max_length=16, choices=InboundOutcome.choices)
    is_ambiguous = status_is(InboundOutcome.AMBIGUOUS, field="outcome")
    # Why Stemme did not act on it (shown to the secretariat), e.g. the date matched no meeting.
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("møde"))
    reply = models.ForeignKey(OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("svar"))
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("behandlet af"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider_ref", "council"], name="notifications_inbound_once_per_council"),
            models.UniqueConstraint(fields=["provider_ref"], condition=Q(council__isnull=True),
                                    name="notifications_inbound_once_without_council"),
        ]
        indexes = [models.Index(fields=["council", "handled_at"])]
        verbose_name = _("modtaget SMS")
        verbose_name_plural = _("modtagne SMS'er")

    def __str__(self) -> str:
        return f"{self.from_number}: {self.text[:40]}"

    @property
    def from_display(self) -> str:
        """The sender's number as people write it ("+45 20 11 22 33")."""
        return format_danish_phone(self.from_number)


def _unsubscribe_token() -> str:
    return secrets.token_urlsafe(32)


class CitizenSubscription(CouncilOwnedModel):
    """A citizen's e-mail alerts from one council: a digest of what the council has published on
    the topics chosen. Double opt-in: the row exists from the sign-up, but nothing is sent before
    ``confirmed_at`` (the link in the confirmation mail, a signed token that expires); an
    unconfirmed row is deleted after a week. The unsubscribe address carries ``unsubscribe_token``,
    which never expires, so every old mail's link still works. Unsubscribing deletes the row."""

    #: The topics a citizen can choose: one boolean field each, in the order the form shows them.
    TOPICS = ("minutes", "responses", "reports", "events")

    email = models.EmailField(_("e-mailadresse"), max_length=254)  # stored lower-case (one spelling, one row)
    minutes = models.BooleanField(_("referater"), default=False)
    responses = models.BooleanField(_("høringssvar"), default=False)
    reports = models.BooleanField(_("årsberetninger"), default=False)
    events = models.BooleanField(_("arrangementer"), default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    # Everything published up to this moment has been sent (or was there before the citizen
    # confirmed: no back catalogue).
    alerted_through = models.DateTimeField(null=True, blank=True)
    # Unique per council: the unsubscribe link names the council (/<slug>/…/<token>/).
    unsubscribe_token = models.CharField(max_length=64, default=_unsubscribe_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "email"], name="notifications_one_subscription_per_address"),
            models.UniqueConstraint(fields=["council", "unsubscribe_token"],
                                    name="notifications_subscription_token_unique"),
            models.CheckConstraint(condition=Q(minutes=True) | Q(responses=True) | Q(reports=True) | Q(events=True),
                                   name="notifications_subscription_has_topic"),
        ]
        indexes = [models.Index(fields=["council", "confirmed_at"])]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementer")

    def __str__(self) -> str:
        return self.email

    @property
    def topics(self) -> list[str]:
        return [name for name in self.TOPICS if getattr(self, name)]
