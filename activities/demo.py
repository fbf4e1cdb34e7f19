"""Demo data for the council's year (``manage.py seed_demo``), built through the real services:
the idea catalogue with the members' votes and the year's themes, working groups and events
(the budget and the library follow in ``finance.demo`` and ``library.demo``). The agendas' standard
items (economy, events …) are computed again afterwards by ``meetings.demo.restate_standard_texts``,
the last step of ``seed_demo``.

Albertslund, 2018: the four topics of its annual report as the year's themes, with their status
and what came of each at the end of the year (the bisidder scheme and school breakfast carried on
into 2019). 2019: the ideas from the first meeting's brainstorm and a member's idea in April,
the dots, six themes with owners; the bisidder scheme and school breakfast were put off "til
efteråret" at the April meeting and came back on the backlog on 1 September 2019. The events
the council went to in 2018 (all seven of its annual report, with as many members as it names)
and 2019 (its April minutes), attended by members who were on the council on the day. They have
no report back: the members told the others at the meetings, as the report says, and a report
saved now would become an item on today's next agenda (the service puts it
on the next meeting not yet held). Today: the 2026 catalogue with a citizen's idea from the
public form, the votes (the member login voted), five themes, one topic put off to a date a
couple of weeks ahead, working groups for the annual report and for each committee the
council follows, and events – a network meeting last week whose report back is an information
item on the next agenda, and three coming ones with sign-ups and a waiting list. Ishøj gets its
start-up theme day (its 2015 framework recommends one) and a coming network meeting.

The facts (topics, priorities, events, who organised them, budgets) come from the seed
documents; the texts and the people are our own. Past steps run with the clock set back
(``hearings.demo._historic``), so services and timestamps see the day it happened. Each part is
skipped when the council already has data of that kind, so seeding again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from activities.models import Event, EventKind, Idea, IdeaSource, Theme, ThemeStatus, WorkingGroup
from activities.services import citizens as citizen_services
from activities.services import events as event_services
from activities.services import groups as group_services
from activities.services import ideas as idea_services
from activities.services import themes as theme_services
from activities.services.themes import ThemePick
from core.demo import DemoRun
from councils.demo import seed_each_council
from councils.models import Council, Person
from councils.selectors import member_directory, roster_on
from hearings.demo import _historic
from hearings.models import CommitteeFollow, Consultation
from meetings.models import Meeting, MeetingStatus
from meetings.services.plan import local_zone

RSU = "Rådet for Socialt Udsatte"


# --- Small building blocks -------------------------------------------------------------------

def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


def _meeting_on(council: Council, day: dt.date) -> Meeting | None:
    return (Meeting.objects.filter(council=council, starts_at__date=day).exclude(status=MeetingStatus.CANCELLED)
            .order_by("starts_at").first())


def _members(council: Council, day: dt.date) -> list[Person]:
    return [entry.membership.person for entry in roster_on(council=council, on=day).members]


def _person(council: Council, user) -> Person | None:
    return Person.objects.filter(council=council, user=user).first() if user is not None else None


def _thursday_after(day: dt.date, days: int) -> dt.date:
    start = day + dt.timedelta(days=days)
    return start + dt.timedelta(days=(3 - start.weekday()) % 7)


class _People:
    """The council's people on a day, by index (wrapping around on a small roster)."""

    def __init__(self, people: list[Person]):
        self.people = people

    def __getitem__(self, index: int) -> Person:
        return self.people[index % len(self.people)]

    def __len__(self) -> int:
        return len(self.people)


def _link(theme: Theme, *, agenda_items=(), consultations=(), events=(), by=None) -> None:
    """Add links to a theme, keeping the ones it has."""
    theme_services.theme_links_set(
        theme=theme, actor=by,
        agenda_items=list({i.pk: i for i in [*theme.agenda_items.all(), *agenda_items]}.values()),
        consultations=list({c.pk: c for c in [*theme.consultations.all(), *consultations]}.values()),
        events=list({e.pk: e for e in [*theme.events.all(), *events]}.values()))


def _theme(council: Council, year: int, word: str) -> Theme | None:
    return next((t for t in Theme.objects.filter(council=council, year=year)
                 if word.casefold() in t.title.casefold()), None)


# --- Albertslund 2018: the themes of the first year -------------------------------------------------

# The four topics the 2018 annual report tells about: title, the meeting day whose items it links,
# the words of those items' titles, status, and what came of it by the end of the year.
THEMES_2018 = [
    ("Viden om udsatte gruppers behov – og dialog med borgerne", dt.date(2018, 6, 19), ["Hvordan ved rådet"],
     ThemeStatus.ACTIVE,
     "Rådets medlemmer har selv erfaring som udsatte, er pårørende eller arbejder med udsatte borgere, så rådet "
     "har bred viden. Rådet vil også i dialog med borgerne selv, fx ved et offentligt møde med oplæg og debat, og "
     "arbejder videre med det i 2019."),
    ("Kommunens indsatser for hjemløse borgere", dt.date(2018, 6, 19), ["hjemløse"], ThemeStatus.DONE,
     "Medarbejdere fra kommunen har fortalt om indsatserne for hjemløse borgere, og rådet har drøftet dem. Rådet "
     "bruger den viden, når det vælger opgaver, og inviterer flere medarbejdere i 2019."),
    ("Et net af frivillige bisiddere", dt.date(2018, 11, 6), ["bisidder"], ThemeStatus.ACTIVE,
     "Besluttet i efteråret som en opgave for 2019. Rådet har set på eksisterende frivillige ordninger, været på "
     "konferencen om bisidderordninger, læst rapporten om dem og hørt en frivillig fra SocialSundhed fortælle. "
     "Fortsætter i 2019."),
    ("Morgenmad til alle elever i folkeskolen", dt.date(2018, 11, 6), ["morgenmad"], ThemeStatus.ACTIVE,
     "Besluttet i efteråret. Rådet har bedt om et skøn over, hvor mange børn der spiser morgenmad i SFO'erne, og "
     "læst om ordninger, nogle skoler allerede har. Fortsætter i 2019."),
]


def _themes_2018(council: Council, clock, sek) -> None:
    """The four themes of 2018, made when the council took each topic up and linked to the agenda
    items it was discussed under (that day's meeting and December's)."""
    items = {}
    for day in (dt.date(2018, 6, 19), dt.date(2018, 11, 6), dt.date(2018, 12, 11)):
        meeting = _meeting_on(council, day)
        if meeting is not None:
            items[day] = list(meeting.items.all())
    for priority, (title, day, words, status, note) in enumerate(THEMES_2018, start=1):
        roster = _People(_members(council, day))
        if not len(roster):
            return
        clock.at(day, 18)
        theme = theme_services.theme_create(council=council, year=2018, title=title, owner=roster[priority - 1],
                                            priority=priority, actor=sek)
        linked = [i for i in items.get(day, []) + items.get(dt.date(2018, 12, 11), [])
                  if any(word.casefold() in i.title.casefold() for word in words)]
        if linked:
            _link(theme, agenda_items=linked, by=sek)
        clock.at(dt.date(2018, 12, 11), 19)
        theme_services.theme_update(theme=theme, status=status, status_note=note, actor=sek)


# --- Albertslund: ideas and themes ------------------------------------------------------------

IDEAS_2019 = [  # the brainstorm at the first meeting of 2019, in the order written on the board
    ("frikort", "Få det sociale frikort ud til de borgere, det er tænkt for",
     "Ordningen er et toårigt forsøg: en borger kan tjene op til 20.000 kr. om året uden at miste noget af sin "
     "ydelse. Få kender den endnu."),
    ("bisidder", "Et net af frivillige bisiddere til samtaler med kommunen",
     "De mest udsatte føler sig ofte ikke forstået til samtaler med kommunen og har sjældent nogen at tage med."),
    ("morgenmad", "Morgenmad til alle elever på skolerne",
     "Ikke alle familier har råd til at give børnene et sundt morgenmåltid."),
    ("ensomhed", "Ensomhed blandt socialt udsatte", ""),
    ("boliger", "Boliger og botilbud – og kontakt til BoVest", ""),
    ("samarbejde", "Et fast samarbejde med Social- og Sundhedsudvalget",
     "Hvordan kan rådet og udvalget bruge hinanden, og hvor tit skal vi mødes?"),
    ("budget", "Rådets idéer til kommunens budget",
     "Rådet vil være aktivt frem for at reagere – tager udvalget rådets idéer med videre?"),
    ("synlighed", "Gøre rådet kendt: lokalavisen, hjemmesiden og Facebook", ""),
    ("borgermoede", "Et borgermøde med spisning", ""),
]
# Each member's five dots at the April 2019 meeting (index into the 2019 roster → idea → dots).
DOTS_2019 = [
    {"frikort": 2, "samarbejde": 2, "budget": 1},
    {"frikort": 2, "ensomhed": 2, "bisidder": 1},
    {"tandpleje": 2, "frikort": 1, "boliger": 2},
    {"bisidder": 2, "morgenmad": 2, "frikort": 1},
    {"morgenmad": 3, "frikort": 2},
    {"samarbejde": 2, "frikort": 1, "budget": 2},
    {"bisidder": 3, "ensomhed": 2},
    {"frikort": 2, "synlighed": 2, "borgermoede": 1},
]
# The six themes of 2019: idea, index of the owner in the roster, priority.
THEMES_2019 = [("frikort", 0, 1), ("bisidder", 6, 2), ("samarbejde", 5, 3), ("morgenmad", 4, 4),
               ("ensomhed", 1, 5), ("budget", 7, 6)]


def _ideas_2019(council: Council, clock, sek) -> None:
    february, april = _meeting_on(council, dt.date(2019, 2, 11)), _meeting_on(council, dt.date(2019, 4, 1))
    m = _People(_members(council, dt.date(2019, 4, 1)))
    if not len(m):
        return
    clock.at(dt.date(2019, 2, 11), 17, 15)
    written = idea_services.ideas_brainstorm(council=council, year=2019, meeting=february, actor=sek,
                                             text="\n".join(title for _key, title, _text in IDEAS_2019))
    ideas = {key: idea for (key, _title, _text), idea in zip(IDEAS_2019, written, strict=True)}
    for key, title, text in IDEAS_2019:
        if text:
            idea_services.idea_update(idea=ideas[key], title=title, description=text, actor=sek)
    clock.at(dt.date(2019, 4, 1), 17)
    ideas["tandpleje"] = idea_services.idea_create(
        council=council, year=2019, title="Tandpleje for udsatte", source=IdeaSource.MEMBER, proposed_by=m[2],
        meeting=april, actor=sek,
        description=("Der findes støtte til tandlæge, men borgerne kender den ikke. Andre kommuner har projekter, "
                     "vi kan lære af. Skal det blive til noget, skal pengene findes i budget 2020."))
    for n, ballot in enumerate(DOTS_2019[:len(m)]):
        idea_services.dots_cast(council=council, year=2019, person=m[n], actor=sek,
                                dots={ideas[key].pk: dots for key, dots in ballot.items()})
    idea_services.ranking_cast(council=council, year=2019, person=m[0], actor=sek, ranks={
        ideas["frikort"].pk: 1, ideas["samarbejde"].pk: 2, ideas["budget"].pk: 3, ideas["ensomhed"].pk: 4,
        ideas["boliger"].pk: 5})
    themes = {key: theme for (key, _o, _p), theme in zip(THEMES_2019, theme_services.themes_choose(
        council=council, year=2019, actor=sek,
        picks=[ThemePick(idea=ideas[key], owner=m[owner], priority=priority)
               for key, owner, priority in THEMES_2019]), strict=True)}
    note = ("Udsat til efteråret på mødet den 1. april 2019, så rådet kan nå det, det har i gang. "
            "Tovholderen samler den viden, rådet allerede har – også fra referaterne.")
    theme_services.theme_postpone(theme=themes["bisidder"], until=dt.date(2019, 9, 1), owner=m[6], note=note,
                                  actor=sek, today=dt.date(2019, 4, 1))
    theme_services.theme_postpone(theme=themes["morgenmad"], until=dt.date(2019, 9, 1), owner=m[4], note=note,
                                  actor=sek, today=dt.date(2019, 4, 1))
    theme_services.theme_update(theme=themes["frikort"], actor=sek, status_note=(
        "Prioriteret idékatalog vedtaget den 1. april 2019: artikel i lokalavisen, Facebook, folder til "
        "medarbejderne og frikortet på SUS' dagsorden som beslutningspunkt."))
    items = {i.title: i for i in april.items.all()} if april is not None else {}
    if "Fokus på det sociale frikort" in items:
        _link(themes["frikort"], agenda_items=[items["Fokus på det sociale frikort"]], by=sek)
    sus = next((i for title, i in items.items() if title.startswith("Mødet med Social- og Sundhedsudvalget")), None)
    if sus is not None:
        _link(themes["samarbejde"], agenda_items=[sus], by=sek)
    # 1 September 2019: the two topics come back on the backlog (the worker's daily run).
    clock.at(dt.date(2019, 9, 1), 6)
    theme_services.resurface_postponed(today=dt.date(2019, 9, 1))


IDEAS_2026 = [
    ("bolig", "Boliger til borgere, der står uden eller er ved at blive sat ud"),
    ("ensomhed", "Ensomhed – også blandt unge"),
    ("sundhed", "Adgang til sundhed: læge, tandlæge og psykiatri"),
    ("kendt", "Gøre rådet kendt blandt borgerne"),
    ("udvalg", "Følge de politiske udvalg tæt"),
    ("morgenmad", "Morgenmad på skolerne – hvordan går det?"),
    ("vaeresteder", "Besøge værestederne og høre, hvad borgerne mener"),
]


def _ideas_2026(council: Council, clock, users, today: dt.date) -> None:
    sek = users["sek_albertslund"]
    chair, member = _person(council, users["formand_albertslund"]), _person(council, users["medlem_albertslund"])
    others = _People([p for p in _members(council, today) if p not in (chair, member)])
    if chair is None or member is None or not len(others):
        return
    first = _meeting_on(council, dt.date(2026, 3, 17))
    clock.at(dt.date(2026, 3, 17), 17)
    written = idea_services.ideas_brainstorm(council=council, year=2026, meeting=first, actor=sek,
                                             text="\n".join(title for _key, title in IDEAS_2026))
    ideas = {key: idea for (key, _title), idea in zip(IDEAS_2026, written, strict=True)}
    clock.at(dt.date(2026, 4, 2), 20)
    ideas["tandpleje"] = idea_services.idea_create(
        council=council, year=2026, title="Gratis tandpleje for borgere med lav indkomst", source=IdeaSource.MEMBER,
        proposed_by=member, actor=users["medlem_albertslund"],
        description="Mange lader være med at gå til tandlæge, fordi de ikke har råd. Det koster dyrt senere.")
    clock.at(dt.date(2026, 4, 14), 17, 30)
    ballots = [
        (chair, {"bolig": 2, "kendt": 2, "udvalg": 1}),
        (member, {"tandpleje": 2, "sundhed": 2, "ensomhed": 1}),
        (others[0], {"bolig": 3, "ensomhed": 2}),
        (others[1], {"ensomhed": 2, "sundhed": 2, "vaeresteder": 1}),
        (others[2], {"bolig": 2, "sundhed": 1, "kendt": 2}),
        (others[3], {"sundhed": 2, "udvalg": 2, "morgenmad": 1}),
        (others[4], {"ensomhed": 3, "bolig": 2}),
    ]
    for person, ballot in ballots:
        idea_services.dots_cast(council=council, year=2026, person=person, actor=sek,
                                dots={ideas[key].pk: dots for key, dots in ballot.items()})
    picks = [("bolig", chair, 1), ("ensomhed", member, 2), ("sundhed", others[1], 3), ("kendt", others[2], 4),
             ("udvalg", others[3], 5)]
    themes = dict(zip([key for key, _o, _p in picks], theme_services.themes_choose(
        council=council, year=2026, actor=sek,
        picks=[ThemePick(idea=ideas[key], owner=owner, priority=priority) for key, owner, priority in picks]),
        strict=True))
    theme_services.theme_update(theme=themes["bolig"], actor=sek, status_note=(
        "Høringssvaret om kvalitetsstandarderne for bostøtte er i gang. Rådet vil spørge BoVest om udsættelser."))
    theme_services.theme_update(theme=themes["sundhed"], actor=sek, status_note=(
        "Tandpleje for borgere med lav indkomst er foreslået som punkt på decembermødet."))
    consultations = {c.title: c for c in Consultation.objects.filter(council=council)}
    for key, title in (("bolig", "Kvalitetsstandarder for bostøtte og socialpsykiatri 2027"),
                       ("sundhed", "Rusmiddelstrategi 2027–2030")):
        if title in consultations:
            _link(themes[key], consultations=[consultations[title]], by=sek)
    # Put off at the October meeting until the schools' new breakfast scheme has run a while.
    clock.at(min(dt.date(2026, 10, 13), today - dt.timedelta(days=1)), 18)
    theme_services.idea_postpone(
        idea=ideas["morgenmad"], until=today + dt.timedelta(days=14), owner=others[0], actor=sek,
        today=timezone.localdate(),
        note="Tages op igen, når skolernes nye morgenmadsordning har kørt et par måneder.")
    # A citizen's idea through the public form "Hvad skal rådet arbejde med?".
    clock.at(today - dt.timedelta(days=6), 21)
    idea_services.citizen_idea_submit(
        council=council, name="Jonna", title="Værestedet bør også have åbent i weekenden",
        description=("Mange af os er alene fra fredag til mandag. Det ville betyde meget, hvis værestedet også "
                     "havde åbent lørdag og søndag."))


# --- Albertslund: working groups ------------------------------------------------------------------

def _groups_albertslund(council: Council, clock, users, today: dt.date) -> None:
    sek = users["sek_albertslund"]
    chair, member = _person(council, users["formand_albertslund"]), _person(council, users["medlem_albertslund"])
    current = {m.person_id for m in member_directory(council=council, on=today)}
    others = [p for p in _members(council, today) if p not in (chair, member)]
    if chair is None or member is None or not others:
        return
    clock.at(today - dt.timedelta(days=40), 10)
    report = group_services.working_group_create(
        council=council, name="Årsberetning 2026", members=[chair, member], actor=sek,
        purpose=("Skriver rådets årsberetning for 2026 til kommunalbestyrelsen og borgerne: hvem rådet er, hvad "
                 "det har lavet og hvilke emner det har arbejdet med – og rådets anbefalinger."))
    plan = group_services.group_task_create(
        council=council, group=report, title="Aftale tidsplan og opbygning med sekretariatet", owners=[chair],
        due=today - dt.timedelta(days=30), actor=sek)
    group_services.group_task_create(  # overdue by now
        council=council, group=report, owners=[member], due=today - dt.timedelta(days=5), actor=sek,
        title="Skrive afsnittet om rådets høringssvar og kommentarbreve i 2026")
    group_services.group_note_add(council=council, group=report, actor=users["formand_albertslund"], text=(
        "Vi bygger beretningen op som sidste gang: rådets start og sammensætning, aktiviteter og emner. "
        "Høringssvarene kommer med som bilag."))
    clock.at(today - dt.timedelta(days=33), 16)
    group_services.group_task_set_done(council=council, task=plan, done=True, actor=users["formand_albertslund"])
    clock.at(today - dt.timedelta(days=9), 19)
    group_services.group_note_add(council=council, group=report, actor=users["medlem_albertslund"], text=(
        "Jeg har talt med to borgere fra værestedet, som gerne vil citeres i beretningen – uden navn."))
    group_services.group_task_create(
        council=council, group=report, owners=[member], due=today + dt.timedelta(days=10), actor=sek,
        title="Samle listen over de arrangementer og konferencer, rådet har deltaget i")

    clock.at(today - dt.timedelta(days=35), 10)
    follows = CommitteeFollow.objects.filter(council=council).select_related("committee").order_by("committee__name")
    for follow in follows:
        people = [p for p in follow.members.all() if p.pk in current]
        if not people:
            continue
        committee = follow.committee
        group = group_services.working_group_create(
            council=council, name=f"Følgegruppe: {committee.name} ({committee.abbreviation})", members=people,
            actor=sek,
            purpose=(f"Læser dagsordenerne fra {committee.name} og foreslår rådets kommentarer til de punkter, "
                     "der handler om socialt udsatte."))
        group_services.group_note_add(council=council, group=group, actor=sek, text=(
            "Dagsordenen kommer ud en uge før udvalgsmødet. Skriv jeres forslag til kommentarer i udkastet, så "
            "samler sekretariatet dem i brevet."))


# --- Events -----------------------------------------------------------------------------------

PAST_ALBERTSLUND = [  # 2018: the seven events of the annual report, with as many members as it says took part
    # (3, 3, 3, 2, 3, 1, 3); 2019 from the April minutes. Title, kind, organiser, place, day, hours, attendees
    # (indices into the members on the council that day), description. Days and descriptions are our own.
    ("En fandenivoldsk aften i Albertslund", EventKind.OTHER, "", "Albertslund",
     dt.date(2018, 5, 24), (19, 22), (1, 3, 8),
     "En aften med musik, oplæsning og samtaler om at leve på kanten – og om at komme videre."),
    ("Rådet for Socialt Udsattes dialogmøde for lokale udsatteråd", EventKind.DIALOGUE, RSU, "København",
     dt.date(2018, 6, 14), (10, 16), (0, 5, 2),
     "Rådene fortalte om deres arbejde det første år, og bagefter blev der debatteret i grupper."),
    ("Debataften: Sundhedsprofilen i Albertslund – hvad kan vi gøre?", EventKind.OTHER, "Albertslund Kommune",
     "Albertslund", dt.date(2018, 9, 26), (19, 21), (1, 4, 7),
     "Tallene fra den nye sundhedsprofil og en debat om, hvad borgere, foreninger og kommunen kan gøre."),
    ("Reception ved indvielsen af det nye rusmiddelcenter", EventKind.RECEPTION, "Albertslund Kommune",
     "Albertslund", dt.date(2018, 10, 4), (14, 16), (0, 5), ""),
    ("Regionalt netværksmøde for lokale udsatteråd", EventKind.NETWORK, RSU, "Region Hovedstaden",
     dt.date(2018, 10, 30), (13, 16), (0, 2, 6), "Rådene delte, hvad der er svært, og hvad der er lykkedes."),
    ("Stiftende generalforsamling i Stop Spild Albertslund", EventKind.OTHER, "Stop Spild Albertslund",
     "Albertslund", dt.date(2018, 11, 7), (19, 21), (4,),
     "En ny lokal forening mod spild blev stiftet. Rådet var med for at høre, hvordan den kan nå udsatte borgere."),
    ("Konference om bisidderordninger", EventKind.CONFERENCE, RSU, "København", dt.date(2018, 11, 21), (9, 15),
     (0, 5, 6), "Sådan kan frivillige bisiddere støtte udsatte borgere til møder med kommunen."),
    ("Netværksmøde for udsatteråd", EventKind.NETWORK, RSU, "København", dt.date(2019, 4, 4), (10, 15),
     (0, 1, 4, 5, 6, 7), ""),
    ("Borgermøde om ældrepolitik", EventKind.CITIZENS, "Albertslund Kommune", "Albertslund", dt.date(2019, 4, 4),
     (19, 21), (0, 4, 2), ""),
    ("Dialogmøde med andre udsatteråd", EventKind.DIALOGUE, RSU, "København", dt.date(2019, 6, 6), (10, 15), (5,),
     ""),
]
NETWORK_2026 = "Regionalt netværksmøde for udsatteråd i Region Hovedstaden"
NETWORK_REPORT_2026 = (
    "Temaet var, hvordan rådene får borgernes egne stemmer med. Flere råd holder borgermøder med spisning og "
    "får mange flere i tale end ved almindelige møder. Vi foreslår, at rådet prøver det i februar.")
CITIZENS_MEETING = "Borgermøde med fællesspisning: Hvad skal udsatterådet arbejde med?"
NETWORK_2027 = "Netværksmøde for lokale udsatteråd – vinter 2027"


def _past_event(council, clock, sek, *, title, kind, organiser, place, day, hours, people, description=""):
    clock.at(day - dt.timedelta(days=21), 10)
    event = event_services.event_create(
        council=council, kind=kind, title=title, organiser=organiser, place=place, description=description,
        starts_at=_at(day, hours[0]), ends_at=_at(day, hours[1]), actor=sek)
    clock.at(day, hours[1], 30)
    event_services.attendance_record(event=event, attended=people, actor=sek, today=day)
    return event


INFO_MEETING_2018 = "Orienteringsmøde om det nye udsatteråd"


def _events_albertslund(council: Council, clock, users, today: dt.date) -> None:
    sek = users["sek_albertslund"]
    # The information meeting before the call's deadline (23 January 2018), when the council had no
    # members yet: the municipality's own meeting for citizens who might stand.
    clock.at(dt.date(2017, 12, 20), 10)
    event_services.event_create(
        council=council, kind=EventKind.CITIZENS, own=True, title=INFO_MEETING_2018, organiser="Albertslund Kommune",
        place="Albertslund Rådhus", starts_at=_at(dt.date(2018, 1, 18), 17), ends_at=_at(dt.date(2018, 1, 18), 19),
        actor=sek, description=("Hvad skal udsatterådet lave, hvem kan stille op, og hvordan gør man? Mødet er for "
                                "alle, der overvejer at stille op inden fristen den 23. januar 2018."))
    events = {}
    for title, kind, organiser, place, day, hours, indices, description in PAST_ALBERTSLUND:
        roster = _People(_members(council, day))
        if not len(roster):
            continue
        people = list({roster[i].pk: roster[i] for i in indices}.values())
        events[title] = _past_event(council, clock, sek, title=title, kind=kind, organiser=organiser, place=place,
                                    day=day, hours=hours, people=people, description=description)
    chair, member = _person(council, users["formand_albertslund"]), _person(council, users["medlem_albertslund"])
    others = _People([p for p in _members(council, today) if p not in (chair, member)])
    if chair is None or member is None or not len(others):
        return
    # Last week: a network meeting; the chair's report back goes on the next meeting's agenda.
    day = today - dt.timedelta(days=11)
    clock.at(day - dt.timedelta(days=30), 10)
    recent = event_services.event_create(
        council=council, kind=EventKind.NETWORK, title=NETWORK_2026, organiser=RSU, place="Høje-Taastrup Rådhus",
        starts_at=_at(day, 10), ends_at=_at(day, 15), capacity=3, actor=sek,
        description="Netværksmøde for de lokale udsatteråd i regionen: borgerinddragelse i rådenes arbejde.")
    for person in (chair, member):
        event_services.signup(event=recent, person=person, actor=sek)
    clock.at(day, 16)
    event_services.attendance_record(event=recent, attended=[chair, member], actor=sek, today=day)
    clock.at(today - dt.timedelta(days=3), 9)
    event_services.report_save(event=recent, report=NETWORK_REPORT_2026, reported_by=chair,
                               actor=users["formand_albertslund"])

    # Coming events, announced a week ago.
    clock.at(today - dt.timedelta(days=7), 10)
    theme_day = _thursday_after(today, 17)
    ensomhed = event_services.event_create(
        council=council, kind=EventKind.THEME_DAY, title="Temadag om ensomhed blandt socialt udsatte",
        organiser="Frivilligcenter Albertslund", place="Frivilligcenter Albertslund",
        starts_at=_at(theme_day, 10), ends_at=_at(theme_day, 14), actor=sek,
        description="Oplæg fra frivillige og borgere og en snak om, hvad kommunen og foreningerne kan gøre.")
    network_day = _thursday_after(today, 52)
    network_2027 = event_services.event_create(
        council=council, kind=EventKind.NETWORK, title=NETWORK_2027, organiser=RSU, place="København",
        starts_at=_at(network_day, 10), ends_at=_at(network_day, 15), capacity=3,
        signup_deadline=network_day - dt.timedelta(days=14), actor=sek,
        url="https://www.udsatte.dk/", description="Erfaringsudveksling mellem rådene og oplæg om årets temaer.")
    citizens_day = _thursday_after(today, 73)
    citizens = event_services.event_create(
        council=council, kind=EventKind.CITIZENS, own=True, title=CITIZENS_MEETING,
        organiser="Udsatterådet i Albertslund", place="Medborgerhuset, Albertslund", capacity=4,
        starts_at=_at(citizens_day, 17), ends_at=_at(citizens_day, 20),
        signup_deadline=citizens_day - dt.timedelta(days=7), actor=sek,
        description=("Rådets eget borgermøde: vi spiser sammen og spørger borgerne, hvad rådet skal arbejde med. "
                     "Rådet har fire pladser til værter fra rådet."),
        # The public side: citizens sign up on the council's page (public.views.events).
        is_public=True, public_capacity=30, meal="Vi spiser sammen kl. 17.30. Maden er gratis. Sig til ved døren, "
                                                  "hvis du ikke tåler noget.",
        accessibility=("Niveaufri adgang fra parkeringspladsen og busstoppestedet. Handicaptoilet i stueetagen. "
                       "Teleslynge i salen. Hunde er velkomne."))
    for n, (name, phone) in enumerate((("Kim fra Værestedet", "22 33 44 55"), ("Birte", ""),
                                       ("Lasse", "+45 40 50 60 70"))):
        citizen_services.citizen_signup(event=citizens, name=name, phone=phone,
                                        now=_at(today - dt.timedelta(days=5 - n), 14))
    for event, people in ((ensomhed, [others[0], others[1]]), (network_2027, [chair, others[2]]),
                          (citizens, [chair, member, others[0], others[1], others[2]])):
        for n, person in enumerate(people):
            clock.at(today - dt.timedelta(days=6 - n), 12)
            event_services.signup(event=event, person=person, actor=person.user or sek)
    # Link the events to the themes they belong to.
    for year, word, linked in ((2018, "bisidder", ["Konference om bisidderordninger"]),
                               (2019, "bisidder", ["Konference om bisidderordninger"]),
                               (2026, "ensomhed", [ensomhed]), (2026, "kendt", [citizens, recent])):
        theme = _theme(council, year, word)
        found = [e if isinstance(e, Event) else events.get(e) for e in linked]
        if theme is not None and all(found):
            _link(theme, events=found, by=sek)


def _events_ishoej(council: Council, clock, users, today: dt.date) -> None:
    sek = users["sek_ishoej"]
    day = dt.date(2026, 3, 5)
    people = _members(council, day)
    if people:
        _past_event(council, clock, sek, title="Opstartstemadag for det nye udsatteråd", kind=EventKind.THEME_DAY,
                    organiser="Sekretariatet, Borger- og Socialservice", place="Ishøj Rådhus", day=day,
                    hours=(9, 15), people=people[:8],
                    description=("Rammerne for rådets arbejde, input til årshjulet og en snak om, hvad det vil sige "
                                 "at sidde i et udsatteråd – med oplæg fra en anden kommunes udsatteråd."))
    member = _person(council, users.get("medlem_ishoej"))
    clock.at(today - dt.timedelta(days=7), 10)
    network_day = _thursday_after(today, 52)
    network = event_services.event_create(
        council=council, kind=EventKind.NETWORK, title=NETWORK_2027, organiser=RSU, place="København",
        starts_at=_at(network_day, 10), ends_at=_at(network_day, 15), capacity=2, actor=sek,
        description="Erfaringsudveksling mellem rådene og oplæg om årets temaer.")
    if member is not None:
        clock.at(today - dt.timedelta(days=5), 12)
        event_services.signup(event=network, person=member, actor=users["medlem_ishoej"])


# --- The whole year --------------------------------------------------------------------------------

def _ideas(council: Council, users) -> bool:
    if council.slug != "albertslund" or Idea.objects.filter(council=council).exists() \
            or Theme.objects.filter(council=council).exists():
        return False
    today = timezone.localdate()
    with _historic() as clock:
        _themes_2018(council, clock, users["sek_albertslund"])
        _ideas_2019(council, clock, users["sek_albertslund"])
        _ideas_2026(council, clock, users, today)
    return True


def _groups(council: Council, users) -> bool:
    if council.slug != "albertslund" or WorkingGroup.objects.filter(council=council).exists():
        return False
    today = timezone.localdate()
    with _historic() as clock:
        _groups_albertslund(council, clock, users, today)
    return True


def _events(council: Council, users) -> bool:
    seeder = {"albertslund": _events_albertslund, "ishoej": _events_ishoej}.get(council.slug)
    if seeder is None or Event.objects.filter(council=council).exists():
        return False
    today = timezone.localdate()
    with _historic() as clock:
        seeder(council, clock, users, today)
    return True


#: How ``seed_demo`` lists the council's year added to a council that existed (activities,
#: finance and library: one line per council).
YEAR_ADDED = "themes, groups, events, budget and library of {slug}"


def seed_council_year(council: Council, users) -> bool:
    """Ideas and themes, working groups and events for a demo council, each part only when the
    council has none of it yet. Returns whether anything was created."""
    results = [_ideas(council, users), _groups(council, users), _events(council, users)]
    return any(results)


def seed_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after hearings: the council's year of each demo council (budget and
    library follow from ``finance.demo`` and ``library.demo``)."""
    seed_each_council(run, seed_council_year, added=YEAR_ADDED)
