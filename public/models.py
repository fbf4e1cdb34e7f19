"""What citizens write to the council ("Skriv til rådet"): a suggestion or a concern about the
conditions of many people, never one person's own case. The secretariat reads each message and
turns it into an idea for the catalogue or an item for a later meeting, replies, or archives it;
the feedback loop (``public.services.messages.citizens_tell``) tells a citizen who left a contact
what came of it, once per new outcome."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilOwnedModel
from core.status import status_is


class MessageKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Forslag")
    CONCERN = "concern", _("Bekymring")


class MessageStatus(models.TextChoices):
    NEW = "new", _("Ny")
    IDEA = "idea", _("Gjort til idé")
    AGENDA = "agenda", _("Gjort til punkt")
    ANSWERED = "answered", _("Besvaret")
    ARCHIVED = "archived", _("Arkiveret")


class ContactKind(models.TextChoices):
    NONE = "", _("Ingen")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class CitizenMessage(CouncilOwnedModel):
    """One message from a citizen. ``contact`` is an e-mail address or a Danish mobile number
    (normalised by ``core.phone`` to "+45" and eight digits); ``contact_kind`` says which, so a
    reply goes by e-mail or SMS without guessing again."""

    # Declared for mypy only (no values, so Django adds them as usual): the django-stubs plugin sets
    # Django up in its own process, where the name "public" is the atpublic package in
    # site-packages, so it never sees this app's models and would not add these.
    objects: ClassVar[models.Manager[CitizenMessage]]
    idea_id: int | None
    agenda_item_id: int | None

    kind = models.CharField(_("type"), max_length=12, choices=MessageKind.choices, default=MessageKind.SUGGESTION)
    text = FreeTextField(_("henvendelse"))
    name = FreeCharField(_("navn"), max_length=150, blank=True)
    contact = models.CharField(_("kontakt"), max_length=254, blank=True)
    contact_kind = models.CharField(max_length=5, choices=ContactKind.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.NEW)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_new = status_is(MessageStatus.NEW)
    is_archived = status_is(MessageStatus.ARCHIVED)
    created_at = models.DateTimeField(auto_now_add=True)
    idea = models.ForeignKey("activities.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("idé"))
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("dagsordenspunkt"))
    reply_text = FreeTextField(_("svar"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # The feedback loop: the outcome the citizen was last told (a code of
    # public.selectors.messages.OUTCOMES) and when; blank until the first news.
    told_outcome = models.CharField(max_length=20, blank=True)
    told_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["council", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="citizen_message_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=MessageKind.values), name="citizen_message_kind_valid"),
            models.CheckConstraint(condition=Q(contact="", contact_kind="") | (~Q(contact="") & ~Q(contact_kind="")),
                                   name="citizen_message_contact_has_kind"),
        ]
        verbose_name = _("henvendelse fra en borger")
        verbose_name_plural = _("henvendelser fra borgere")

    def __str__(self):
        return self.text[:60]

    @property
    def has_contact(self) -> bool:
        return bool(self.contact)
