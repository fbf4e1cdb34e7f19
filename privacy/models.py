"""What privacy keeps of its own: the record that a person was anonymised (never what was removed)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CouncilOwnedModel


class Erasure(CouncilOwnedModel):
    """A person anonymised at their request (GDPR art. 17, ``privacy.erasure``). The person's row
    stays (minutes, votes and attendance point at it) under the role it now shows; this row says
    when, by whom, and how many rows of each table were changed, with no removed value."""

    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("person"))
    role_label = models.CharField(_("vises nu som"), max_length=60)
    performed_at = models.DateTimeField(_("anonymiseret"), default=timezone.now)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("anonymiseret af"))
    # {"table": rows changed} — counts only.
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-performed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["council", "person"], name="privacy_one_erasure_per_person")]
        verbose_name = _("anonymisering")
        verbose_name_plural = _("anonymiseringer")

    def __str__(self) -> str:
        return f"{self.role_label} ({self.performed_at:%Y-%m-%d})"
