"""Writes for the year's themes: choosing 5–8 ideas as main themes (each with an owner –
tovholder – and a priority), a theme without an idea, status over the year, links to agenda
items, consultations and events (the council's own only), and postponement: a theme or an
idea put off to a date with an owner ("udsættes til efteråret"), which
``resurface_postponed`` puts back on the agenda backlog on that date.

Keyword-only, validate before writing, one transaction, audited as ``activities.theme.*``.
Choosing fewer than 5 or more than 8 themes is allowed: the pages warn (see
``selectors.themes.count_warning``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Idea, IdeaStatus, Theme, ThemeStatus
from activities.selectors import ideas as idea_selectors
from activities.services.ideas import _check_person
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_date
from councils.models import Council, Person
from meetings.models import AgendaItem, ItemKind, ProposalStatus

if TYPE_CHECKING:
    from accounts.models import User

EDITABLE = ("title", "description", "owner", "priority", "status", "status_note")


@dataclass(frozen=True)
class ThemePick:
    idea: Idea
    owner: Person | None
    priority: int


def themes_choose(*, council: Council, year: int, picks: list[ThemePick], actor: User | None = None) -> list[Theme]:
    """Make the picked ideas main themes of the year (idea status "chosen"). An idea that is
    already a theme of the year keeps its theme; its owner and priority are updated."""
    if not picks:
        raise ApplicationError(_("Vælg mindst én idé som tema."), code="required")
    for pick in picks:
        if pick.idea.council_id != council.pk:
            raise ApplicationError(_("Idéen hører til et andet råd."))
        _check_person(pick.owner, council, f"owner_{pick.idea.pk}")
        if pick.priority is not None and pick.priority < 1:
            raise ApplicationError(_("Prioriteten skal være 1 eller mere (1 er vigtigst)."),
                                   field=f"priority_{pick.idea.pk}")
    existing = {t.idea_id: t for t in Theme.objects.filter(council=council, year=year,
                                                          idea__in=[p.idea for p in picks])}
    themes = []
    with transaction.atomic():
        for pick in picks:
            theme = existing.get(pick.idea.pk)
            if theme is None:
                theme = Theme(council=council, year=year, idea=pick.idea, title=pick.idea.title[:200],
                              description=pick.idea.description, owner=pick.owner, priority=pick.priority or 0)
                full_clean_or_raise(theme, exclude=["council"])
                theme.save()
                audit(action="activities.theme.chosen", actor=actor, council=council, obj=theme)
            else:
                before = snapshot(theme)
                theme.owner, theme.priority = pick.owner, pick.priority or 0
                theme.save(update_fields=["owner", "priority"])
                audit(action="activities.theme.updated", actor=actor, council=council, obj=theme, before=before)
            themes.append(theme)
        Idea.objects.filter(pk__in=[p.idea.pk for p in picks]).update(status=IdeaStatus.CHOSEN)
    return themes


def theme_create(*, council: Council, year: int, title: str, description: str = "", owner: Person | None = None,
                 priority: int = 0, actor: User | None = None) -> Theme:
    """A theme that did not come from the idea catalogue."""
    _check_person(owner, council, "owner")
    theme = Theme(council=council, year=year, title=(title or "").strip(), description=(description or "").strip(),
                  owner=owner, priority=priority or 0)
    full_clean_or_raise(theme, exclude=["council"])
    with transaction.atomic():
        theme.save()
        audit(action="activities.theme.created", actor=actor, council=council, obj=theme)
    return theme


def theme_update(*, theme: Theme, actor: User | None = None, **fields) -> Theme:
    """Title, description, owner, priority, status and the status note ("status over the year")."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"theme_update: not editable: {sorted(unknown)}")
    if "owner" in fields:
        _check_person(fields["owner"], theme.council, "owner")
    if fields.get("status") == ThemeStatus.POSTPONED and theme.status != ThemeStatus.POSTPONED:
        raise ApplicationError(_("Brug “Udsæt” for at udsætte temaet til en dato."), field="status")
    before = snapshot(theme)
    for name, value in fields.items():
        setattr(theme, name, value.strip() if isinstance(value, str) and name != "status" else value)
    if theme.priority is None:
        theme.priority = 0
    full_clean_or_raise(theme, exclude=["council"])
    with transaction.atomic():
        theme.save()
        audit(action="activities.theme.updated", actor=actor, council=theme.council, obj=theme, before=before)
    return theme


def theme_links_set(*, theme: Theme, agenda_items=(), consultations=(), events=(), actor: User | None = None) -> Theme:
    """Link the theme to agenda items, consultations and events of its own council."""
    council_id = theme.council_id
    for objects, field in ((agenda_items, "agenda_items"), (consultations, "consultations"), (events, "events")):
        if any(o.council_id != council_id for o in objects):
            raise ApplicationError(_("Du kan kun koble temaet til rådets egne punkter, høringer og arrangementer."),
                                   field=field)
    before = {"agenda_items": [i.pk for i in theme.agenda_items.all()],
              "consultations": [c.pk for c in theme.consultations.all()],
              "events": [e.pk for e in theme.events.all()]}
    with transaction.atomic():
        theme.agenda_items.set(agenda_items)
        theme.consultations.set(consultations)
        theme.events.set(events)
        after = {"agenda_items": sorted(i.pk for i in agenda_items),
                 "consultations": sorted(c.pk for c in consultations), "events": sorted(e.pk for e in events)}
        audit(action="activities.theme.linked", actor=actor, council=theme.council, obj=theme,
              before=before, after=after)
    return theme


# --- Postponement --------------------------------------------------------------------------

def _check_postpone(until, owner, council: Council, today) -> None:
    if until is None:
        raise ApplicationError(_("Vælg datoen, hvor emnet skal tages op igen."), field="until", code="required")
    if until <= today:
        raise ApplicationError(_("Datoen skal ligge efter i dag."), field="until")
    if owner is None:
        raise ApplicationError(_("Vælg en tovholder, der tager emnet op igen."), field="owner", code="required")
    _check_person(owner, council, "owner")


def theme_postpone(*, theme: Theme, until: dt.date, owner: Person | None, note: str = "", actor: User | None = None,
                   today: dt.date | None = None) -> Theme:
    """Put a theme off to ``until`` with an owner. On that date it comes back on the agenda
    backlog (``resurface_postponed``); postponing again later makes it come back again."""
    today = today or idea_selectors.today()
    _check_postpone(until, owner, theme.council, today)
    before = snapshot(theme)
    theme.status = ThemeStatus.POSTPONED
    theme.postponed_until = until
    theme.owner = owner
    theme.resurfaced_item = None
    if note.strip():
        theme.status_note = note.strip()
    full_clean_or_raise(theme, exclude=["council"])
    with transaction.atomic():
        theme.save()
        audit(action="activities.theme.postponed", actor=actor, council=theme.council, obj=theme,
              before=before)
    return theme


def idea_postpone(*, idea: Idea, until: dt.date, owner: Person | None, note: str = "", actor: User | None = None,
                  today: dt.date | None = None) -> Theme:
    """Put an idea (a topic) off to a date: it becomes a postponed theme of its year and the
    idea's status "postponed"; it comes back on the agenda backlog on that date."""
    today = today or idea_selectors.today()
    _check_postpone(until, owner, idea.council, today)
    with transaction.atomic():
        theme = Theme.objects.filter(council=idea.council, idea=idea).order_by("-year", "-id").first()
        if theme is None:
            theme = Theme(council=idea.council, year=idea.year, idea=idea, title=idea.title[:200],
                          description=idea.description)
        theme.status = ThemeStatus.POSTPONED
        theme.postponed_until = until
        theme.owner = owner
        theme.resurfaced_item = None
        if note.strip():
            theme.status_note = note.strip()
        full_clean_or_raise(theme, exclude=["council"])
        theme.save()
        Idea.objects.filter(pk=idea.pk).update(status=IdeaStatus.POSTPONED)
        idea.status = IdeaStatus.POSTPONED
        audit(action="activities.theme.postponed", actor=actor, council=idea.council, obj=theme)
    return theme


def _backlog_text(theme: Theme) -> str:
    lines = [_("Emnet blev udsat til %(day)s og tages nu op igen.") % {
        "day": long_date(theme.postponed_until)}]
    if theme.owner_id:
        owner = theme.owner
        assert owner is not None  # nosec B101  # owner_id is set, and the foreign key guarantees the row
        lines.append(_("Tovholder: %(name)s.") % {"name": owner.name})
    if theme.status_note:
        lines += ["", theme.status_note]
    if theme.description:
        lines += ["", theme.description]
    return "\n".join(lines)


def resurface_postponed(*, today: dt.date | None = None) -> int:
    """Put every postponed theme whose date has come (``postponed_until <= today``) back on its
    council's agenda backlog: a discussion item for a later meeting (no meeting yet, status
    backlog) with the owner as responsible. Set ``Theme.resurfaced_item`` and the status back
    to "in progress". Idempotent: a theme comes back once per postponement (the row is locked
    and checked again, so two runs at the same moment create one item). Returns the number of
    items created. (No service in ``meetings.services.agenda`` creates a backlog item directly:
    ``proposal_postpone`` moves an existing item, so the item is made here the same way.)"""
    today = today or idea_selectors.today()
    due = list(Theme.objects.filter(status=ThemeStatus.POSTPONED, postponed_until__lte=today,
                                    resurfaced_item__isnull=True).values_list("pk", flat=True))
    created = 0
    for pk in due:
        with transaction.atomic():
            theme = (Theme.objects.select_for_update().filter(pk=pk, status=ThemeStatus.POSTPONED,
                                                              postponed_until__lte=today,
                                                              resurfaced_item__isnull=True).first())
            if theme is None:
                continue  # another run took it
            item = AgendaItem(council_id=theme.council_id, meeting=None, position=0, kind=ItemKind.DISCUSSION,
                              title=theme.title[:250], case_text=_backlog_text(theme), responsible=theme.owner,
                              proposal_status=ProposalStatus.BACKLOG)
            full_clean_or_raise(item, exclude=["council", "case_text"])
            item.save()
            before = snapshot(theme)
            theme.resurfaced_item = item
            theme.status = ThemeStatus.ACTIVE
            theme.save(update_fields=["resurfaced_item", "status"])
            if theme.idea_id:
                Idea.objects.filter(pk=theme.idea_id, status=IdeaStatus.POSTPONED).update(status=IdeaStatus.CHOSEN)
            audit(action="activities.theme.resurfaced", council=theme.council, obj=theme, before=before)
            created += 1
    return created
