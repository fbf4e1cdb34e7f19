"""The outbox: every message is stored before it is sent, retried, and never lost.

E-mail goes through Django's mail backend (SMTP in production). SMS and printed letters
are channels too: until a gateway is configured they wait on the secretariat's
"send by SMS / print" list and are marked done by hand."""

from django.db import models
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
