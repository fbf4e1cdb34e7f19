"""Documents the council receives or keeps: reports for inspiration, policies, its own rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilOwnedModel

# The earliest year a document can be from (the latest is next year, checked by the services).
FIRST_YEAR = 1900


class Tag(CouncilOwnedModel):
    name = FreeCharField(_("emneord"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="unique_library_tag")]

    def __str__(self):
        return self.name


class Document(CouncilOwnedModel):
    title = FreeCharField(_("titel"), max_length=250)
    source = FreeCharField(_("kilde"), max_length=200, blank=True, help_text=_("Fx Rådet for Socialt Udsatte."))
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    description = FreeTextField(_("beskrivelse"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(upload_to="library/%Y/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Title and source casefolded by the services, for case-insensitive search of Danish text
    # on every database (SQLite's LIKE folds ASCII letters only).
    search = models.TextField(blank=True, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="documents", verbose_name=_("emneord"))
    themes = models.ManyToManyField("activities.Theme", blank=True, related_name="documents",
                                    verbose_name=_("temaer"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["council", "title"])]
        constraints = [models.CheckConstraint(condition=Q(year__isnull=True) | Q(year__gte=FIRST_YEAR),
                                              name="document_year_range")]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self):
        return self.title
