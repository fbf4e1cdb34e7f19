"""Writes for the idea catalogue (idékatalog): ideas from a brainstorm at a meeting (typed in
several at once, one per line), from members online and from citizens through the public
form; editing an idea; and the members' prioritising — dot-voting or ranking.

Every function is keyword-only, validates before it writes (the CPR guard runs through the
models' free-text fields), runs in a transaction and audits with an ``activities.idea.*``
action code. Errors are ``ApplicationError`` with a Danish message."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Idea, IdeaSource, IdeaStatus, IdeaVote
from activities.selectors import ideas as selectors
from activities.selectors.ideas import DOTS_PER_MEMBER, MAX_DOTS_PER_IDEA
from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from councils.models import Council, Person

if TYPE_CHECKING:
    from accounts.models import User

MAX_LINES = 50


def _check_person(person: Person | None, council: Council, field: str) -> None:
    if person is not None and person.council_id != council.pk:
        raise ApplicationError(_("Personen hører ikke til dette råd."), field=field)


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(_("Skriv et årstal."), field="year") from None
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("Skriv et årstal mellem 2000 og 2100."), field="year")
    return year


# --- Ideas --------------------------------------------------------------------------------

def idea_create(*, council: Council, year: int, title: str, description: str = "",
                source: str = IdeaSource.MEMBER, proposed_by: Person | None = None, citizen_name: str = "",
                meeting=None, actor: User | None = None) -> Idea:
    """One idea in the catalogue."""
    year = _check_year(year)
    _check_person(proposed_by, council, "proposed_by")
    if meeting is not None and meeting.council_id != council.pk:
        raise ApplicationError(_("Mødet hører til et andet råd."), field="meeting")
    idea = Idea(council=council, year=year, title=(title or "").strip(), description=(description or "").strip(),
                source=source, proposed_by=proposed_by, citizen_name=(citizen_name or "").strip(),
                meeting=meeting, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    full_clean_or_raise(idea, exclude=["council"])
    with transaction.atomic():
        idea.save()
        audit(action="activities.idea.created", actor=actor, council=council, obj=idea)
    return idea


def brainstorm_lines(text: str) -> list[str]:
    """The ideas in a brainstorm text: one per line, blank lines and list marks ("-", "•",
    "1.") dropped, duplicates (ignoring case) once."""
    seen, lines = set(), []
    for raw in (text or "").splitlines():
        line = raw.strip().lstrip("-•*–").strip()
        head, dot, rest = line.partition(".")
        if dot and head.isdigit() and rest.strip():
            line = rest.strip()
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            lines.append(line)
    return lines


def ideas_brainstorm(*, council: Council, year: int, text: str, meeting=None, actor: User | None = None) -> list[Idea]:
    """Several ideas at once from a brainstorm (one per line). All or none: a line that is too
    long or holds a CPR number is named in the error and nothing is saved."""
    year = _check_year(year)
    lines = brainstorm_lines(text)
    if not lines:
        raise ApplicationError(_("Skriv mindst én idé – én pr. linje."), field="text", code="required")
    if len(lines) > MAX_LINES:
        raise ApplicationError(_("Højst %(n)d idéer ad gangen.") % {"n": MAX_LINES}, field="text")
    if meeting is not None and meeting.council_id != council.pk:
        raise ApplicationError(_("Mødet hører til et andet råd."), field="meeting")
    ideas = []
    for number, line in enumerate(lines, start=1):
        idea = Idea(council=council, year=year, title=line, source=IdeaSource.BRAINSTORM, meeting=meeting,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
        try:
            full_clean_or_raise(idea, exclude=["council"])
        except ApplicationError as error:
            raise ApplicationError(_("Linje %(n)d: %(error)s") % {"n": number, "error": error.message},
                                   field="text") from None
        ideas.append(idea)
    with transaction.atomic():
        for idea in ideas:
            idea.save()
        audit(action="activities.idea.brainstormed", actor=actor, council=council, obj=ideas[0],
              after={"year": year, "ideas": [i.pk for i in ideas], "meeting": getattr(meeting, "pk", None)})
    return ideas


def citizen_idea_submit(*, council: Council, title: str, description: str = "", name: str = "",
                        today: dt.date | None = None) -> Idea:
    """An idea from a citizen through the public form "Hvad skal rådet arbejde med?"."""
    today = today or selectors.today()
    if not (title or "").strip():
        raise ApplicationError(_("Skriv din idé."), field="title", code="required")
    return idea_create(council=council, year=today.year, title=title, description=description,
                       source=IdeaSource.CITIZEN, citizen_name=name)


def idea_update(*, idea: Idea, title: str, description: str = "", status: str | None = None,
                actor: User | None = None) -> Idea:
    before = snapshot(idea)
    idea.title = (title or "").strip()
    idea.description = (description or "").strip()
    if status is not None:
        if status not in IdeaStatus.values:
            raise ApplicationError(_("Vælg en status."), field="status")
        idea.status = status
    full_clean_or_raise(idea, exclude=["council"])
    with transaction.atomic():
        idea.save()
        audit(action="activities.idea.updated", actor=actor, council=idea.council, obj=idea, before=before)
    return idea


# --- Prioritising -------------------------------------------------------------------------

def _ballot_ideas(council: Council, year: int, idea_ids) -> dict[int, Idea]:
    ideas = {i.pk: i for i in selectors.votable_ideas(council, year)}
    unknown = [i for i in idea_ids if i not in ideas]
    if unknown:
        raise ApplicationError(_("En af idéerne kan ikke prioriteres (den er lagt til side, udsat eller slettet). "
                                 "Genindlæs siden, og prøv igen."))
    return ideas


def _check_voter(council: Council, person: Person | None) -> None:
    if person is None:
        raise ApplicationError(_("Kun rådets medlemmer og suppleanter prioriterer idéerne."), code="not_member")
    _check_person(person, council, "person")


def dots_cast(*, council: Council, year: int, person: Person, dots: dict[int, int],
              actor: User | None = None) -> list[IdeaVote]:
    """Put the person's dots for the year: ``dots`` maps idea id → number of dots (0 takes
    them off). At most ``DOTS_PER_MEMBER`` in all and ``MAX_DOTS_PER_IDEA`` on one idea.
    Replaces the person's earlier dots; their ranking is kept."""
    _check_voter(council, person)
    clean: dict[int, int] = {}
    for idea_id, value in dots.items():
        try:
            value = int(value or 0)
        except (TypeError, ValueError):
            raise ApplicationError(_("Skriv et helt antal prikker."), field=f"dots_{idea_id}") from None
        if value < 0:
            raise ApplicationError(_("Antallet af prikker kan ikke være negativt."), field=f"dots_{idea_id}")
        if value > MAX_DOTS_PER_IDEA:
            raise ApplicationError(_("Du kan højst give %(max)d prikker til én idé.") % {"max": MAX_DOTS_PER_IDEA},
                                   field=f"dots_{idea_id}", code="too_many_on_one")
        clean[int(idea_id)] = value
    total = sum(clean.values())
    if total > DOTS_PER_MEMBER:
        raise ApplicationError(_("Du har fordelt %(total)d prikker, men har kun %(max)d. Tag %(over)d af.")
                               % {"total": total, "max": DOTS_PER_MEMBER, "over": total - DOTS_PER_MEMBER},
                               code="too_many")
    if total == 0:
        raise ApplicationError(_("Giv mindst én idé en prik."), code="required")
    _ballot_ideas(council, year, [i for i, v in clean.items() if v])
    return _write_votes(council=council, year=year, person=person, values=clean, attr="dots", actor=actor)


def ranking_cast(*, council: Council, year: int, person: Person, ranks: dict[int, int | None],
                 actor: User | None = None) -> list[IdeaVote]:
    """Put the person's ranking for the year: ``ranks`` maps idea id → rank (1 = most
    important; empty = not ranked). The ranks given must be 1, 2, 3 … without gaps or
    repeats. Replaces the person's earlier ranking; their dots are kept."""
    _check_voter(council, person)
    clean: dict[int, int | None] = {}
    for idea_id, value in ranks.items():
        if value is None or value == "":
            clean[int(idea_id)] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ApplicationError(_("Skriv et helt tal."), field=f"rank_{idea_id}") from None
        if value < 1:
            raise ApplicationError(_("Nummer 1 er den vigtigste – skriv et tal fra 1 og op."),
                                   field=f"rank_{idea_id}")
        clean[int(idea_id)] = value
    given = sorted(v for v in clean.values() if v is not None)
    if not given:
        raise ApplicationError(_("Giv mindst én idé et nummer."), code="required")
    if len(set(given)) != len(given):
        repeated = sorted({v for v in given if given.count(v) > 1})
        raise ApplicationError(_("Hvert nummer må kun bruges én gang (%(numbers)s er brugt flere gange).")
                               % {"numbers": ", ".join(str(v) for v in repeated)}, code="repeated")
    if given != list(range(1, len(given) + 1)):
        missing = sorted(set(range(1, len(given) + 1)) - set(given))
        raise ApplicationError(_("Numrene skal gå fra 1 og op uden huller – nummer %(missing)s mangler.")
                               % {"missing": ", ".join(str(v) for v in missing)}, code="gap")
    _ballot_ideas(council, year, [i for i, v in clean.items() if v is not None])
    return _write_votes(council=council, year=year, person=person, values=clean, attr="rank", actor=actor)


def _write_votes(*, council: Council, year, person, values: dict, attr: str, actor: User | None) -> list[IdeaVote]:
    """Set ``attr`` (dots or rank) on the person's votes for the year to ``values`` (others to
    0/None); delete votes left with neither dots nor rank."""
    empty = 0 if attr == "dots" else None
    with transaction.atomic():
        existing = {v.idea_id: v for v in IdeaVote.objects.select_for_update()
                    .filter(council=council, person=person, idea__year=year)}
        before = {str(k): getattr(v, attr) for k, v in existing.items() if getattr(v, attr)}
        for idea_id, vote in existing.items():
            if idea_id not in values or not values[idea_id]:
                setattr(vote, attr, empty)
        to_create = []
        for idea_id, value in values.items():
            if not value:
                continue
            if idea_id in existing:
                setattr(existing[idea_id], attr, value)
            else:
                to_create.append(IdeaVote(council=council, idea_id=idea_id, person=person, **{attr: value}))
        changed = list(existing.values())
        now = timezone.now()
        for vote in changed:
            vote.updated_at = now
        if changed:
            IdeaVote.objects.bulk_update(changed, ["dots", "rank", "updated_at"])
        IdeaVote.objects.bulk_create(to_create)
        IdeaVote.objects.filter(council=council, person=person, idea__year=year, dots=0, rank__isnull=True).delete()
        after = {str(k): v for k, v in values.items() if v}
        audit(action=f"activities.idea.{'dots' if attr == 'dots' else 'ranking'}_cast", actor=actor,
              council=council, obj=person, before={"year": year, attr: before}, after={"year": year, attr: after})
    return list(IdeaVote.objects.filter(council=council, person=person, idea__year=year).order_by("idea_id"))
