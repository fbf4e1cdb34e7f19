"""Abstract bases and the few models every app shares: the council-owned row, stored files,
generated documents and the audit log."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import posixpath
import uuid
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.fields.related_descriptors import ManyToManyDescriptor
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField
from core.search.models import SearchDocument  # noqa: F401  # the search index's table, so Django finds it
from core.uploads import KINDS, FileKind, UploadNoun, ValidUpload, storage_failure, validate_upload


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


class _CouncilManyToManyDescriptor(ManyToManyDescriptor):
    """The related manager of a CouncilManyToManyField: add/set/create fill the through row's
    council from the instance the manager belongs to (both ends belong to the same council)."""

    @cached_property
    def related_manager_cls(self) -> Any:
        base = super().related_manager_cls

        class CouncilRelatedManager(base):  # type: ignore[valid-type, misc]
            def _with_council(self, through_defaults: Any) -> dict[str, Any]:
                return {"council_id": self.instance.council_id, **(through_defaults or {})}

            def add(self, *objs: Any, through_defaults: Any = None) -> Any:
                return super().add(*objs, through_defaults=self._with_council(through_defaults))

            def set(self, objs: Any, *, clear: bool = False, through_defaults: Any = None) -> Any:
                return super().set(objs, clear=clear, through_defaults=self._with_council(through_defaults))

            def create(self, *, through_defaults: Any = None, **kwargs: Any) -> Any:
                return super().create(through_defaults=self._with_council(through_defaults), **kwargs)

            def get_or_create(self, *, through_defaults: Any = None, **kwargs: Any) -> Any:
                return super().get_or_create(through_defaults=self._with_council(through_defaults), **kwargs)

            def update_or_create(self, *, through_defaults: Any = None, **kwargs: Any) -> Any:
                return super().update_or_create(through_defaults=self._with_council(through_defaults), **kwargs)

        return CouncilRelatedManager


class CouncilManyToManyField(models.ManyToManyField):
    """A many-to-many relation between two council-owned models, through an explicit model that
    is council-owned itself (``through=``, a CouncilOwnedModel), so the link rows carry
    ``council_id`` and shard with the rows they link (``core.citus``). ``add``/``set``/``create``
    fill the link's council from the instance, so callers use it like any many-to-many field."""

    def contribute_to_class(self, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        setattr(cls, self.name, _CouncilManyToManyDescriptor(self.remote_field, reverse=False))

    def contribute_to_related_class(self, cls: Any, related: Any) -> None:
        super().contribute_to_related_class(cls, related)
        if not self.remote_field.hidden and not related.related_model._meta.swapped:
            setattr(cls, related.accessor_name, _CouncilManyToManyDescriptor(self.remote_field, reverse=True))


def stored_file_path(instance: StoredFile, filename: str) -> str:
    """Where a stored file goes: the model's ``upload_folder`` (a strftime pattern, e.g.
    ``"attachments/%Y/%m/"``) and the file's (random) name."""
    return posixpath.join(dt.datetime.now().strftime(instance.upload_folder), filename)


logger = logging.getLogger("stemme.files")

class StoredFieldFile(FieldFile):
    """The file of a ``StoredFile`` row. Writing it can fail half-way: a full disk (ENOSPC), a
    quota, an I/O error. Then the part already written is deleted, and the upload is refused on
    its form with a Danish message (ApplicationError on ``file``), so the row is never saved
    pointing at a missing or truncated file, and every field the person typed stays in the form.
    Every upload (attachments, receipts, consultation material, library documents) is written
    here, when its row is saved."""

    def save(self, name: str, content: File, save: bool = True) -> None:
        name = self.field.generate_filename(self.instance, name)
        try:
            self.name = self.storage.save(name, content, max_length=self.field.max_length)
        except OSError as error:
            # The name is random (attach_upload), so a file under it is the half-written one.
            with contextlib.suppress(OSError):
                if self.storage.exists(name):
                    self.storage.delete(name)
            logger.error("Could not store %s (%s): %s", name, type(self.instance).__name__, error)
            shown = getattr(self.instance, "upload_name", "") or getattr(self.instance, "name", "") or ""
            raise storage_failure(shown, error) from error
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()


class StoredFileField(models.FileField):
    attr_class = StoredFieldFile

    def deconstruct(self) -> Any:
        # Stored as a plain FileField: the column is the same, so no app needs a migration.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class StoredFile(CouncilOwnedModel):
    """A file the platform keeps and serves through a view (never straight from MEDIA_URL):
    an agenda item's attachment (*bilag*), a receipt, consultation material, a library document,
    a generated document. The type is sniffed from the content on upload (``core.uploads``), so
    ``content_type`` can be trusted when the file is served (``core.files.serve_stored_file``).

    ``name`` is the name to show and to download the file as (a model without one sets it to
    None and overrides ``download_name``). A model whose row can be a link instead of a file has
    its own ``url`` field; the file is then empty."""

    upload_folder = "files/%Y/%m/"
    upload_name = ""  # the uploaded file's name to show (attach_upload), not stored

    file = StoredFileField(upload_to=stored_file_path, blank=True)
    name = FreeCharField(_("navn"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def file_kind(self) -> FileKind | None:
        """The allowed file type the content was sniffed as (None for a link or an unknown type)."""
        return next((k for k in KINDS.values() if k.content_type == self.content_type), None)

    @property
    def inline(self) -> bool:
        """True when browsers show the file themselves (PDF, images); the rest is downloaded."""
        kind = self.file_kind
        return kind is not None and kind.inline

    def download_name(self) -> str:
        return self.name

    def attach_upload(self, file: File, *, noun: UploadNoun, name: str = "") -> ValidUpload:
        """Check an upload (``core.uploads.validate_upload``; raises ApplicationError) and put it on
        this row under a random name (never the uploaded one) with its sniffed type and size. The
        name to show is ``name`` (with the real type's extension) or else the uploaded file's."""
        valid = validate_upload(file, noun=noun)
        self.upload_name = valid.name  # the name a refusal names, should storing the file fail
        file.name = f"{uuid.uuid4().hex}{valid.kind.extension}"
        self.file = file
        self.content_type = valid.kind.content_type
        self.size = valid.size
        if any(field.name == "name" for field in self._meta.concrete_fields):
            display = (name or "").strip()
            if display and not display.lower().endswith(valid.kind.extension):
                display = f"{display}{valid.kind.extension}"
            self.name = (display or valid.name)[:200]
        return valid


class GeneratedDocument(StoredFile):
    """A document Stemme rendered and keeps (the sent agenda, the published minutes, a sent
    letter): rendered once and served as this file on every later download, instead of running
    WeasyPrint again. ``sha256`` is the hash of what the document shows (its HTML, or the letter's
    fingerprint), so the same content is never rendered twice and changed content (an edit, a
    withdrawn consent) gets a new row. ``key`` names the object it was made from."""

    upload_folder = "documents/%Y/%m/"

    kind = models.CharField(max_length=60)  # e.g. "meetings.minutes.public", "hearings.response"
    key = models.CharField(max_length=80, blank=True)  # e.g. the meeting's or the letter's id
    language = models.CharField(max_length=10, default="da")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["council", "kind", "language", "sha256"],
                                               name="unique_generated_document")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.sha256[:12]}"

    def read(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()


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
