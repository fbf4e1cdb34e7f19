"""Reads for the library: the searchable, paginated list, one document, the tags in use and the
themes a document can be linked to. Every read is scoped to one council, so another council's
document is a 404."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from activities.models import Theme
from library.models import Document, Tag

if TYPE_CHECKING:
    from councils.models import Council

PER_PAGE = 20


def search_key(text: str | None) -> str:
    """``text`` as it is compared in a search: NFC-normalised and casefolded, whitespace collapsed
    (so "Æ" finds "æ" and "Bisidder" finds "bisidder" on SQLite too)."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def document_search_text(*, title: str, source: str) -> str:
    """The value of ``Document.search``: title and source on separate lines, so a query never
    matches across the two."""
    return f"{search_key(title)}\n{search_key(source)}"


def _tags_prefetch() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.order_by("name"))


def document_list(*, council: Council, query: str = "", tag: Tag | None = None) -> QuerySet[Document]:
    """The council's documents, newest year first (no year last), then by title; ``query`` matches
    title or source case-insensitively, ``tag`` narrows to documents with that tag."""
    documents = Document.objects.filter(council=council)
    key = search_key(query)
    if key:
        # ``search`` is kept by the services; the icontains fallback finds rows written without them.
        documents = documents.filter(Q(search__contains=key) | Q(title__icontains=query.strip())
                                     | Q(source__icontains=query.strip()))
    if tag is not None:
        documents = documents.filter(tags=tag)
    return documents.order_by(F("year").desc(nulls_last=True), "title", "pk").prefetch_related(_tags_prefetch())


def tags_in_use(*, council: Council) -> list[Tag]:
    """The council's tags that are on at least one document, by name, each with ``n_documents``."""
    return list(Tag.objects.filter(council=council).annotate(n_documents=Count("documents"))
                .filter(n_documents__gt=0).order_by("name"))


@dataclass(frozen=True)
class DocumentListing:
    page: Page
    tags: list[Tag]          # the tag chips (tags in use)
    tag: Tag | None          # the chosen tag, if any
    query: str               # the free text as typed (stripped)

    @property
    def filtered(self) -> bool:
        return bool(self.query or self.tag)


def document_listing(*, council: Council, query: str = "", tag_id: int | None = None, page=None,
                     per_page: int = PER_PAGE) -> DocumentListing:
    """One page of the library list with the tag chips, in a constant number of queries."""
    tags = tags_in_use(council=council)
    tag = next((t for t in tags if t.pk == tag_id), None)
    query = (query or "").strip()
    paginator = Paginator(document_list(council=council, query=query, tag=tag), per_page)
    return DocumentListing(page=paginator.get_page(page), tags=tags, tag=tag, query=query)


def document_get(*, council: Council, pk: int) -> Document:
    """One document of ``council`` with its tags and themes (404 for another council's)."""
    queryset = Document.objects.filter(council=council).select_related("added_by").prefetch_related(
        _tags_prefetch(), Prefetch("themes", queryset=Theme.objects.order_by("-year", "priority", "title")))
    return get_object_or_404(queryset, pk=pk)


def themes_for(*, council: Council) -> QuerySet:
    """The themes a document of ``council`` can be linked to: the council's own, newest year first."""
    return Theme.objects.filter(council=council).order_by("-year", "priority", "title")
