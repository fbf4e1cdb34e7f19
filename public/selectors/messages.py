"""Reads for "Skriv til rådet": the secretariat's list of citizens' messages, one message, the
count of new ones, and the feedback loop's question "what happened to it?".

An outcome is computed, never stored: from the idea a message became (chosen as a theme, the
theme on a published agenda, the theme in a sent consultation response) or the agenda item it
became (on a published agenda). ``outcomes`` answers for many messages and ``idea_outcomes``
for many ideas in at most three queries, whatever their number; the citizen's last news is
``CitizenMessage.told_outcome``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Idea, IdeaSource, IdeaStatus, Theme
from core.disclosure import item_visible
from councils.models import Council
from hearings.models import Consultation
from hearings.selectors.public import PUBLIC_STATUSES
from meetings.models import AgendaItem, MeetingStatus, ProposalStatus
from meetings.selectors.plan import CYCLE
from public.models import CitizenMessage, MessageStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50
# The meeting statuses in which the agenda is out and public (meetings.selectors.plan.agenda_is_public).
AGENDA_PUBLIC = tuple(CYCLE[CYCLE.index(MeetingStatus.AGENDA_PUBLISHED):])


@dataclass(frozen=True)
class OutcomeKind:
    code: str
    #: Higher is further along; the citizen is told when the rank rises above what they were told.
    rank: int
    #: Public Danish text (the ideas page, the message to the citizen).
    label: StrOrPromise


RECEIVED = OutcomeKind("received", 0, _("Modtaget"))
IDEA = OutcomeKind("idea", 1, _("I rådets idékatalog"))
SET_ASIDE = OutcomeKind("set_aside", 1, _("Ikke valgt som tema"))
POSTPONED = OutcomeKind("postponed", 1, _("Udsat til senere"))
BACKLOG = OutcomeKind("backlog", 1, _("Venter på et møde i rådet"))
THEME = OutcomeKind("theme", 2, _("Valgt som et af rådets temaer"))
AGENDA = OutcomeKind("agenda", 3, _("På dagsordenen til et møde i rådet"))
CONSULTATION = OutcomeKind("consultation", 4, _("Med i et høringssvar fra rådet"))
OUTCOMES = {k.code: k for k in (RECEIVED, IDEA, SET_ASIDE, POSTPONED, BACKLOG, THEME, AGENDA, CONSULTATION)}


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    #: The public page that shows it: ("meeting", pk), ("response", pk) or None.
    target: tuple[str, int] | None = None

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def rank(self) -> int:
        return self.kind.rank

    @property
    def label(self) -> str:
        return str(self.kind.label)

    def path(self, council: Council) -> str:
        """The public page where the citizen reads more: the meeting, the response, else the
        council's idea page with "what happened to the ideas"."""
        if self.target is not None:
            name, pk = self.target
            return reverse(f"public:{name}", args=[council.slug, pk])
        return reverse("public:ideas", args=[council.slug]) + "#hvad-skete-der"


def rank_of(code: str) -> int:
    """The rank of a stored outcome code ("" — never told — is -1)."""
    kind = OUTCOMES.get(code)
    return kind.rank if kind is not None else -1


# --- Outcomes ------------------------------------------------------------------------------------

@dataclass
class _Facts:
    """What the three queries found, by idea / theme / item."""

    themes_by_idea: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    meeting_by_item: dict[int, int] = field(default_factory=dict)
    meeting_by_theme: dict[int, int] = field(default_factory=dict)
    response_by_theme: dict[int, tuple[int, bool]] = field(default_factory=dict)


def _facts(*, idea_ids: Iterable[int], item_ids: Iterable[int]) -> _Facts:
    facts = _Facts()
    idea_ids, item_ids = set(idea_ids), set(item_ids)
    if idea_ids:
        for theme_pk, idea_pk in Theme.objects.filter(idea_id__in=idea_ids).values_list("pk", "idea_id"):
            facts.themes_by_idea[idea_pk].append(theme_pk)
    theme_ids = {t for themes in facts.themes_by_idea.values() for t in themes}
    if theme_ids or item_ids:
        # One query for the items the messages became and the items linked to the themes; an
        # item linked to two themes comes twice, once per theme.
        items = (AgendaItem.objects
                 .filter(meeting__status__in=AGENDA_PUBLIC, proposal_status=ProposalStatus.ACCEPTED)
                 .filter(Q(pk__in=item_ids) | Q(themes__in=theme_ids))
                 .annotate(theme_pk=F("themes__pk"))
                 .only("pk", "meeting_id", "closed", "publish_title").order_by("meeting__starts_at", "pk"))
        for item in items:
            # a closed item the public may not see is no news for the public
            if item.meeting_id is None or not item_visible(item):
                continue
            if item.pk in item_ids:
                facts.meeting_by_item.setdefault(item.pk, item.meeting_id)
            linked = getattr(item, "theme_pk", None)  # annotated above
            if linked in theme_ids:
                facts.meeting_by_theme.setdefault(linked, item.meeting_id)
    if theme_ids:
        for consultation in (Consultation.objects
                             .filter(themes__in=theme_ids, status__in=PUBLIC_STATUSES, sent_at__isnull=False)
                             .annotate(theme_pk=F("themes__pk")).only("pk", "published").order_by("sent_at", "pk")):
            facts.response_by_theme.setdefault(getattr(consultation, "theme_pk"),  # noqa: B009 - annotated above
                                               (consultation.pk, consultation.published))
    return facts


def _idea_outcome(idea_id: int, status: str | None, facts: _Facts) -> Outcome:
    best: Outcome | None = None
    for theme_pk in facts.themes_by_idea.get(idea_id, ()):
        if theme_pk in facts.response_by_theme:
            pk, published = facts.response_by_theme[theme_pk]
            candidate = Outcome(CONSULTATION, ("response", pk) if published else None)
        elif theme_pk in facts.meeting_by_theme:
            candidate = Outcome(AGENDA, ("meeting", facts.meeting_by_theme[theme_pk]))
        else:
            candidate = Outcome(THEME)
        if best is None or candidate.rank > best.rank:
            best = candidate
    if best is not None:
        return best
    if status == IdeaStatus.SET_ASIDE:
        return Outcome(SET_ASIDE)
    if status == IdeaStatus.POSTPONED:
        return Outcome(POSTPONED)
    return Outcome(IDEA)


def idea_outcomes(ideas: Sequence[Idea]) -> dict[int, Outcome]:
    """What became of each idea, by idea id. At most three queries."""
    facts = _facts(idea_ids=[i.pk for i in ideas], item_ids=())
    return {idea.pk: _idea_outcome(idea.pk, idea.status, facts) for idea in ideas}


def outcomes(messages: Sequence[CitizenMessage]) -> dict[int, Outcome]:
    """What became of each message, by message id. At most three queries (plus one for the
    ideas' statuses when there are ideas)."""
    idea_ids = {m.idea_id for m in messages if m.idea_id}
    facts = _facts(idea_ids=idea_ids, item_ids={m.agenda_item_id for m in messages if m.agenda_item_id})
    statuses = dict(Idea.objects.filter(pk__in=idea_ids).values_list("pk", "status")) if idea_ids else {}
    result = {}
    for message in messages:
        found = Outcome(RECEIVED)
        if message.idea_id:
            found = _idea_outcome(message.idea_id, statuses.get(message.idea_id), facts)
        if message.agenda_item_id:
            meeting = facts.meeting_by_item.get(message.agenda_item_id)
            candidate = Outcome(AGENDA, ("meeting", meeting)) if meeting else Outcome(BACKLOG)
            if candidate.rank > found.rank:
                found = candidate
        result[message.pk] = found
    return result


def message_outcome(message: CitizenMessage) -> Outcome:
    return outcomes([message])[message.pk]


# --- "Hvad skete der med idéerne?" ---------------------------------------------------------------

@dataclass
class IdeaRow:
    title: str
    outcome: Outcome


@dataclass
class YearOfIdeas:
    year: int
    rows: list[IdeaRow]
    #: (label, count) for each outcome found this year, furthest along first.
    counts: list[tuple[str, int]]


def citizen_ideas_by_year(*, council: Council) -> list[YearOfIdeas]:
    """The citizens' ideas of every year, newest year first, each with its outcome: titles only
    (the public page never shows who sent an idea). Four queries, whatever the number."""
    ideas = list(Idea.objects.filter(council=council, source=IdeaSource.CITIZEN)
                 .only("pk", "year", "title", "status").order_by("-year", "pk"))
    found = idea_outcomes(ideas)
    years: dict[int, list[IdeaRow]] = {}
    for idea in ideas:
        years.setdefault(idea.year, []).append(IdeaRow(idea.title, found[idea.pk]))
    result = []
    for year, rows in years.items():
        tally: dict[OutcomeKind, int] = defaultdict(int)
        for row in rows:
            tally[row.outcome.kind] += 1
        counts = [(str(kind.label), n) for kind, n in sorted(tally.items(), key=lambda kv: (-kv[0].rank, kv[0].code))]
        result.append(YearOfIdeas(year, rows, counts))
    return result


# --- The secretariat's list ------------------------------------------------------------------------

def messages_for(*, council: Council, status: str = "") -> QuerySet[CitizenMessage]:
    """The council's messages, new ones first, then newest first; ``status`` filters."""
    qs = CitizenMessage.objects.filter(council=council)
    if status in MessageStatus.values:
        qs = qs.filter(status=status)
    return (qs.select_related("idea", "agenda_item", "agenda_item__meeting", "replied_by", "handled_by")
            .annotate(new_first=Case(When(status=MessageStatus.NEW, then=Value(0)), default=Value(1),
                                     output_field=IntegerField()))
            .order_by("new_first", "-created_at", "-id"))


def messages_page(*, council: Council, status: str = "", number: int | str | None = 1) -> Page:
    return Paginator(messages_for(council=council, status=status), PAGE_SIZE).get_page(number)


def message_get(*, council: Council, pk: object) -> CitizenMessage:
    message = messages_for(council=council).filter(pk=pk).first()
    if message is None:
        raise Http404("No such message")
    return message


def new_message_count(*, council: Council) -> int:
    return CitizenMessage.objects.filter(council=council, status=MessageStatus.NEW).count()


def status_counts(*, council: Council) -> dict[str, int]:
    """Messages per status (every status, 0 included)."""
    counts = dict.fromkeys(MessageStatus.values, 0)
    for status, n in (CitizenMessage.objects.filter(council=council).order_by().values("status")
                      .annotate(n=Count("id")).values_list("status", "n")):
        counts[status] = n
    return counts
