"""Writes for the library: add, edit and delete a document with its file (type sniffed from the
content, size limited), its tags (created on the fly, reused case-insensitively) and its links
to the council's own themes. Every write is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise, validate_field
from core.uploads import DOCUMENT
from library.models import FIRST_YEAR, Document, Tag
from library.selectors import document_search_text

if TYPE_CHECKING:
    from accounts.models import User
    from councils.models import Council

TAG_MAX_LENGTH = cast(int, Tag._meta.get_field("name").max_length)  # Tag.name is a CharField with max_length


# --- Helpers -------------------------------------------------------------------------------------

def _snapshot(document: Document) -> dict:
    data = snapshot(document, ["id", "council", "title", "source", "year", "url", "content_type", "size"])
    data["file"] = document.file.name if document.file else ""
    data["tags"] = sorted(t.name for t in document.tags.all())
    data["themes"] = sorted(t.pk for t in document.themes.all())
    return data


def tag_names_parse(text: str | None) -> list[str]:
    """Comma-separated tags as typed -> the names, trimmed, in order, each once (case-insensitive:
    "Bolig, bolig" is one tag). Raises ApplicationError(field="tags") for a tag too long or with
    a CPR number."""
    names: list[str] = []
    seen: set[str] = set()
    for part in (text or "").replace(";", ",").split(","):
        name = " ".join(part.split())
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise ApplicationError(
                _("Emneordet “%(name)s…” er for langt. Et emneord må højst have %(max)s tegn.")
                % {"name": name[:30], "max": TAG_MAX_LENGTH}, field="tags")
        try:
            Tag._meta.get_field("name").clean(name, None)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages), field="tags") from None
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def tags_resolve(*, council: Council, names: Iterable[str]) -> list[Tag]:
    """The council's tags with these names: an existing tag is reused whatever its case ("Bolig"
    finds "bolig"), a new one is created with the name as typed."""
    names = tag_names_parse(",".join(names))
    existing = {t.name.casefold(): t for t in Tag.objects.filter(council=council)}
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(council=council, name=name)
            except IntegrityError:  # created meanwhile by someone else
                tag = Tag.objects.get(council=council, name=name)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


def _check_themes(council: Council, themes: Iterable) -> list:
    themes = list(themes or [])
    if any(theme.council_id != council.pk for theme in themes):
        raise ApplicationError(_("Et dokument kan kun knyttes til rådets egne temaer."), field="themes",
                               code="other_council")
    return themes


def _check_year(year: int | None) -> None:
    if year is None:
        return
    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= year <= last:
        raise ApplicationError(_("Skriv et årstal mellem %(first)s og %(last)s.") % {"first": FIRST_YEAR,
                                                                                      "last": last}, field="year")


def _attach_file(document: Document, file) -> None:
    """Check the upload and put it on ``document`` under a random name (never the uploaded one)."""
    document.attach_upload(file, noun=DOCUMENT)


def _delete_stored(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _fill(document: Document, *, title: str, source: str, year: int | None, description: str, url: str) -> None:
    document.title = (title or "").strip()
    document.source = (source or "").strip()
    document.year = year
    document.description = (description or "").strip()
    document.url = (url or "").strip()
    document.search = document_search_text(title=document.title, source=document.source)
    if not document.title:
        raise ApplicationError(_("Skriv dokumentets titel."), field="title", code="required")
    _check_year(year)
    for field in ("title", "source", "description"):
        validate_field(Document, field, getattr(document, field))


# --- Services ------------------------------------------------------------------------------------

def document_create(*, council: Council, title: str, source: str = "", year: int | None = None, description: str = "",
                    url: str = "", file=None, tags: Iterable[str] = (), themes: Iterable = (),
                    actor: User | None = None) -> Document:
    """Add a document with a link and/or a file, its tags and themes."""
    document = Document(council=council, added_by=actor if getattr(actor, "pk", None) else None)
    _fill(document, title=title, source=source, year=year, description=description, url=url)
    themes = _check_themes(council, themes)
    if file is None and not document.url:
        raise ApplicationError(_("Vælg en fil, eller skriv et link til dokumentet."), field="file", code="required")
    if file is not None:
        _attach_file(document, file)
    full_clean_or_raise(document, exclude=["file"])
    with transaction.atomic():
        tag_objects = tags_resolve(council=council, names=tags)
        document.save()
        document.tags.set(tag_objects)
        document.themes.set(themes)
        audit(action="library.document.created", actor=actor, council=council, obj=document,
              after=_snapshot(document))
    return document


def document_update(*, document: Document, title: str, source: str = "", year: int | None = None,
                    description: str = "", url: str = "", file=None, remove_file: bool = False,
                    tags: Iterable[str] = (), themes: Iterable = (), actor: User | None = None) -> Document:
    """Edit a document. A new ``file`` replaces the old one; ``remove_file`` drops it (then a link
    is needed)."""
    council = document.council
    before = _snapshot(document)
    old_file, storage = document.file.name, document.file.storage
    _fill(document, title=title, source=source, year=year, description=description, url=url)
    themes = _check_themes(council, themes)
    if file is not None:
        _attach_file(document, file)
    elif remove_file:
        document.file = None
        document.content_type, document.size = "", 0
    if not document.file and not document.url:
        raise ApplicationError(_("Et dokument uden fil skal have et link."), field="url", code="required")
    full_clean_or_raise(document, exclude=["file"])
    with transaction.atomic():
        tag_objects = tags_resolve(council=council, names=tags)
        document.save()
        document.tags.set(tag_objects)
        document.themes.set(themes)
        after = _snapshot(document)
        audit(action="library.document.updated", actor=actor, council=council, obj=document,
              before=before, after=after)
        if old_file and old_file != document.file.name:
            _delete_stored(old_file, storage)
    return document


def document_delete(*, document: Document, actor: User | None = None) -> None:
    """Delete a document and (after commit) its file. Tags stay for reuse."""
    before = _snapshot(document)
    council = document.council
    stored, storage = document.file.name, document.file.storage
    with transaction.atomic():
        document.delete()
        audit(action="library.document.deleted", actor=actor, council=council, before=before)
        _delete_stored(stored, storage)
