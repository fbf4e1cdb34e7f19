"""Reads for the year's themes: the list with owners, the theme page with its links (agenda
items, consultations, events), the choices a theme may link to (the council's own objects
only) and the people who can own a theme. Another council's theme id is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Event, Theme, ThemeStatus
from councils import selectors as council_selectors
from councils.models import Council, Person
from hearings.models import Consultation
from meetings.models import AgendaItem

MIN_THEMES, MAX_THEMES = 5, 8


def themes_for(council: Council) -> QuerySet[Theme]:
    return Theme.objects.filter(council=council)


def theme_get(council: Council, pk) -> Theme:
    """One theme with everything its page shows (a fixed number of queries)."""
    return get_object_or_404(
        themes_for(council).select_related("owner", "idea", "resurfaced_item", "resurfaced_item__meeting")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting")
                     .order_by("meeting__starts_at", "position", "id")),
            Prefetch("consultations", queryset=Consultation.objects.order_by("deadline", "id")),
            Prefetch("events", queryset=Event.objects.order_by("starts_at", "id"))),
        pk=pk)


@dataclass
class YearThemes:
    year: int
    main: list[Theme]        # in progress or done, by priority
    postponed: list[Theme]   # waiting for their date
    warning: str

    @property
    def count(self) -> int:
        return len(self.main)


def count_warning(count: int) -> str:
    """A Danish warning when the year has fewer than 5 or more than 8 main themes ("" otherwise).
    Only a warning: the council decides."""
    if count < MIN_THEMES:
        return ngettext("Rådet har valgt %(count)d tema. Anbefalingen er 5–8 hovedtemaer om året.",
                        "Rådet har valgt %(count)d temaer. Anbefalingen er 5–8 hovedtemaer om året.",
                        count) % {"count": count}
    if count > MAX_THEMES:
        return _("Rådet har valgt %(count)d temaer. Anbefalingen er 5–8 hovedtemaer om året – "
                 "overvej at samle eller udsætte nogle.") % {"count": count}
    return ""


def year_themes(council: Council, year: int) -> YearThemes:
    """The year's themes with owner and link counts, in two queries whatever their number."""
    themes = list(themes_for(council).filter(year=year).select_related("owner", "idea", "resurfaced_item")
                  .prefetch_related("agenda_items", "consultations", "events")
                  .order_by("priority", "id"))
    main = [t for t in themes if t.status != ThemeStatus.POSTPONED]
    postponed = sorted([t for t in themes if t.status == ThemeStatus.POSTPONED],
                       key=lambda t: (t.postponed_until is None, t.postponed_until, t.pk))
    return YearThemes(year=year, main=main, postponed=postponed, warning=count_warning(len(main)))


def theme_years(council: Council, current: int) -> list[int]:
    years = set(themes_for(council).values_list("year", flat=True).distinct())
    years.add(current)
    return sorted(years, reverse=True)


def main_theme_count(council: Council, year: int) -> int:
    return themes_for(council).filter(year=year).exclude(status=ThemeStatus.POSTPONED).count()


def owner_candidates(council: Council) -> list[Person]:
    """People on the council today (members, substitutes, guests) – the possible tovholdere."""
    on_council = council_selectors.member_directory(council=council, on=timezone.localdate())
    people = {m.person.pk: m.person for m in on_council}
    return sorted(people.values(), key=lambda p: p.name)


def owner_get(council: Council, pk) -> Person | None:
    if not pk:
        return None
    return Person.objects.filter(council=council, pk=pk).first()


# --- What a theme may link to: the council's own objects only -----------------------------------

def agenda_item_choices(council: Council) -> QuerySet[AgendaItem]:
    return (AgendaItem.objects.filter(council=council, standard="").exclude(proposal_status="declined")
            .select_related("meeting").order_by("-meeting__starts_at", "position", "id"))


def consultation_choices(council: Council) -> QuerySet[Consultation]:
    return Consultation.objects.filter(council=council).order_by("-deadline", "id")


def event_choices(council: Council) -> QuerySet[Event]:
    return Event.objects.filter(council=council).order_by("-starts_at", "id")
