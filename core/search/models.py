"""The search index's one table. Each row is a document as one audience may read it: the public
version of an agenda item (through the disclosure policy) and the internal one are two rows.

The full-text part is not a model field: on PostgreSQL a generated ``tsvector`` column
(``search_vector``, Danish config) with a GIN index, on SQLite an FTS5 table
(``core_searchdocument_fts``) of Danish-stemmed tokens keyed by this table's id. Both are created
by the migration for their vendor only (``core/search/backends.py`` reads them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    INTERNAL = "internal", _("Intern")


class SearchDocument(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)             # a registered source (core.search.registry)
    object_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=8, choices=Audience.choices)
    # The permission (core.permissions.POLICY) an internal document needs; blank on public ones.
    permission = models.CharField(max_length=64, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "core"
        # The council is part of the key: a joint consultation response is one object shown
        # (and indexed) on the page of every council behind it.
        constraints = [models.UniqueConstraint(fields=["council", "kind", "object_id", "audience"],
                                               name="search_document_unique")]
        indexes = [models.Index(fields=["council", "audience", "kind"])]

    def __str__(self) -> str:
        return self.title
