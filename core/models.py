from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilOwnedModel(models.Model):
    """Base for every table that belongs to a council.

    The council key sits on every such row (not only reachable through joins), so
    selectors can scope querysets with one filter and a national installation can shard
    on it.
    """

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("råd"))

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who changed what, when, with the values before and after (namespaced action codes)."""

    council = models.ForeignKey("councils.Council", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(max_length=80)  # e.g. "councils.membership.ended"
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["council", "-created_at"])]
        verbose_name = _("logpost")
        verbose_name_plural = _("log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
