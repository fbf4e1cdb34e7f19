"""The outbox: every message is stored before it is sent, retried, and never lost.

E-mail goes through Django's mail backend (SMTP in production). SMS and printed letters
are channels too: until a gateway is configured they wait on the secretariat's
"send by SMS / print" list and are marked done by hand."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import CouncilOwnedModel
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

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "send_after"]), models.Index(fields=["council", "meeting"])]


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
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=_unsubscribe_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "email"], name="notifications_one_subscription_per_address"),
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
