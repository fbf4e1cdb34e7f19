"""Documents the council receives or keeps: reports for inspiration, policies, its own rules."""

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilManyToManyField, CouncilOwnedModel, StoredFile

# The earliest year a document can be from (the latest is next year, checked by the services).
FIRST_YEAR = 1900


class Tag(CouncilOwnedModel):
    name = FreeCharField(_("emneord"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="unique_library_tag")]

    def __str__(self):
        return self.name


class Document(StoredFile):
    upload_folder = "library/%Y/"
    name = None  # the download is named after the title (``download_name``)

    title = FreeCharField(_("titel"), max_length=250)
    source = FreeCharField(_("kilde"), max_length=200, blank=True, help_text=_("Fx Rådet for Socialt Udsatte."))
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    description = FreeTextField(_("beskrivelse"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # Title and source casefolded by the services, for case-insensitive search of Danish text
    # on every database (SQLite's LIKE folds ASCII letters only).
    search = models.TextField(blank=True, editable=False)
    tags = CouncilManyToManyField(Tag, blank=True, related_name="documents", verbose_name=_("emneord"),
                                  through="DocumentTag")
    themes = CouncilManyToManyField("activities.Theme", blank=True, related_name="documents",
                                    verbose_name=_("temaer"), through="DocumentTheme")
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

    def download_name(self) -> str:
        """A safe file name for the download: the title as a slug (no path, quotes or control
        characters) with the extension of the sniffed type."""
        kind = self.file_kind
        extension = kind.extension if kind else os.path.splitext(self.file.name or "")[1].lower()[:8]
        if not extension[1:].isalnum():
            extension = ""
        stem = slugify(self.title, allow_unicode=True)[:80].strip("-_") or gettext("dokument")
        return f"{stem}{extension}"


# --- Many-to-many rows (council-owned, so they shard with what they link; core.citus) ---------

class DocumentTag(CouncilOwnedModel):
    """A tag on a library document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "library_document_tags"
        constraints = [models.UniqueConstraint(fields=["council", "document", "tag"], name="unique_document_tag")]

class DocumentTheme(CouncilOwnedModel):
    """A theme a library document belongs to."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("activities.Theme", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "library_document_themes"
        constraints = [models.UniqueConstraint(fields=["council", "document", "theme"], name="unique_document_theme")]
