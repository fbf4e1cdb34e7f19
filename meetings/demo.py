"""Demo meetings for ``manage.py seed_demo``, built through the real services.

Albertslund gets its first year as its 2018 annual report tells it: the constituting meeting
in April (chair and vice-chair elected, 15 of the 16 called came), then meetings in June,
November and December where about half came (the fifth, in September, comes from
``hearings.demo``) – five meetings where the rules asked for four. Then two meetings in 2019
(February and the spring, the spring one modelled on the council's real minutes — with
fictional people and our own text) and a 2026 year plan whose past meetings are held and whose
next meeting has its agenda sent. Ishøj and Gentofte get a year plan with one upcoming agenda.

Historic meetings go through the same services as today's (publishing the agenda sends
invitations into the outbox, dated the day it was sent), but nothing from the past may be
e-mailed when the demo's worker starts: ``_settle_outbox`` marks those messages as sent, and
``_backdate`` moves the service-set timestamps (held, approved) back to when it happened.

The standard items' texts are computed as of the day each agenda was sent. The meetings are
seeded before the budget, expenses and events they report on (those link back to the
meetings), so ``restate_standard_texts`` – the last step of ``seed_demo`` – computes the texts
of every sent agenda again as of its send date, with the data that existed then. These three
helpers are the only raw writes here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.demo import DemoRun
from core.errors import ApplicationError
from councils.demo import DEMO_COUNCILS
from councils.models import Council, Person, Position, PositionKind, Term
from councils.selectors import roster_on
from meetings.models import (
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    StandardItem,
)
from meetings.selectors import agenda as agenda_selectors
from meetings.selectors import minutes as minutes_selectors
from meetings.selectors.agenda import proposal_deadline
from meetings.services import agenda as agenda_services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services
from notifications.models import OutboxMessage, OutboxStatus

LOCATION_ALBERTSLUND = "Rådhuset, Nordmarks Allé 1, mødelokale 3"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=plan_services.local_zone())


# --- The two documented raw writes -----------------------------------------------------------

def _settle_outbox(meeting: Meeting, *, when: dt.datetime, manual_too: bool = True) -> None:
    """Mark the meeting's queued messages as sent at ``when`` so the worker never e-mails the
    past. ``manual_too=False`` leaves SMS/letters on the secretariat's "send by SMS / print" list."""
    statuses = [OutboxStatus.PENDING, OutboxStatus.MANUAL] if manual_too else [OutboxStatus.PENDING]
    OutboxMessage.objects.filter(meeting=meeting, status__in=statuses).update(
        status=OutboxStatus.SENT, sent_at=when, attempts=1, send_after=None)


def _backdate(meeting: Meeting) -> None:
    """Give a historic meeting the timestamps it would have had (the services stamp "now")."""
    fields = {}
    if meeting.held_at:
        fields["held_at"] = meeting.ends_at
    if meeting.minutes_approved_at:
        fields["minutes_approved_at"] = meeting.ends_at + dt.timedelta(days=10)
    if meeting.minutes_published_at:
        fields["minutes_published_at"] = meeting.ends_at + dt.timedelta(days=11)
    Meeting.objects.filter(pk=meeting.pk).update(**fields)
    meeting.attendances.filter(invited_at__isnull=False).update(invited_at=meeting.starts_at - dt.timedelta(days=8))
    meeting.attendances.filter(afbud_at__isnull=False).update(afbud_at=meeting.starts_at - dt.timedelta(days=2))
    for name, value in fields.items():
        setattr(meeting, name, value)


# --- Small building blocks -------------------------------------------------------------------

def _item(meeting: Meeting, standard: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, standard=standard)


def _decide(item: AgendaItem, decision: str, by, dissent: str = "") -> AgendaItem:
    item.refresh_from_db(fields=["minutes_version"])
    return minutes_services.item_minutes_save(item=item, decision=decision, dissent=dissent,
                                              expected_version=item.minutes_version, actor=by)


def _send_day(meeting: Meeting) -> dt.datetime:
    """When a historic agenda went out: eight days before the meeting (the rules say seven)."""
    return min(timezone.now(), meeting.starts_at - dt.timedelta(days=8))


def _standard_items(meeting: Meeting, by) -> None:
    """The standard items of a historic meeting, computed as of the day its agenda went out."""
    agenda_services.standard_items_create(meeting=meeting, actor=by,
                                          as_of=timezone.localdate(_send_day(meeting)))


def _publish_agenda(meeting: Meeting, by, *, historic: bool) -> Meeting:
    agenda_services.agenda_publish(meeting=meeting, actor=by, now=_send_day(meeting) if historic else None)
    meeting.refresh_from_db()
    if historic:
        _settle_outbox(meeting, when=meeting.starts_at - dt.timedelta(days=8))
    return meeting


def _record_attendance(meeting: Meeting, by, *, afbud=(), stand_ins=None) -> None:
    """Everyone called is present except ``afbud`` (persons); ``stand_ins`` maps a member who
    sent afbud to the substitute standing in."""
    stand_ins = stand_ins or {}
    standing = {sub.pk for sub in stand_ins.values()}
    for attendance in meeting.attendances.select_related("person", "membership").order_by("id"):
        person = attendance.person
        if attendance.is_guest or person.pk in standing:
            continue
        if person in afbud:
            minutes_services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.AFBUD,
                                               actor=by)
        elif attendance.status == AttendanceStatus.INVITED:
            minutes_services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT,
                                               actor=by)
    for member, substitute in stand_ins.items():
        minutes_services.attendance_record(meeting=meeting, person=substitute, status=AttendanceStatus.PRESENT,
                                           stands_in_for=member, actor=by)


def _approve_in_writing(meeting: Meeting, by) -> None:
    minutes_services.minutes_request_written_approval(meeting=meeting, actor=by)
    _settle_outbox(meeting, when=meeting.ends_at + dt.timedelta(days=3))
    for person in minutes_selectors.written_approvers(meeting=meeting):
        minutes_services.minutes_approve_in_writing(meeting=meeting, person=person, actor=person.user)


def _members(council: Council, day: dt.date) -> list[Person]:
    return [entry.membership.person for entry in roster_on(council=council, on=day).members]


def _personal_substitute(council: Council, day: dt.date, members: list[Person]) -> tuple[Person, Person]:
    """A member on ``day`` with a personal substitute, and that substitute."""
    roster = roster_on(council=council, on=day)
    for entry in roster.members:
        if entry.substitutes and entry.membership.person in members:
            return entry.membership.person, entry.substitutes[0].person
    raise LookupError("no member with a personal substitute")


# --- Albertslund 2018: the council's first year --------------------------------------------------

def half_afbud(meeting: Meeting, *, keep=()) -> list[Person]:
    """About half of those called to ``meeting`` (members and substitutes) sent afbud, as at the
    council's meetings after the constituting one in 2018; never those in ``keep``. Every other
    person on the list, so members and substitutes both stay away."""
    called = [a.person for a in meeting.attendances.select_related("person").order_by("id") if not a.is_guest]
    absent = len(called) - (len(called) + 1) // 2
    candidates = [p for p in called if p not in keep]
    picked = candidates[1::2] + candidates[0::2]
    return picked[:absent]


def _formandskab(council: Council, day: dt.date) -> list[Person]:
    """The chair and the vice-chair on ``day``."""
    running = Position.objects.filter(Q(end__isnull=True) | Q(end__gte=day), council=council, start__lte=day)
    return [running.get(kind=kind).person for kind in (PositionKind.CHAIR, PositionKind.VICE_CHAIR)]


def _historic_meeting(council: Council, sek, *, day: dt.date, kind: str = MeetingKind.ORDINARY) -> Meeting:
    meeting = plan_services.meeting_create(council=council, kind=kind, starts_at=_at(day, 16), ends_at=_at(day, 18),
                                           location=LOCATION_ALBERTSLUND, actor=sek)
    _standard_items(meeting, sek)
    return meeting


def _drop_standard(meeting: Meeting, sek, *standards: str) -> None:
    for standard in standards:
        agenda_services.item_delete(item=_item(meeting, standard), actor=sek)


def _albertslund_constituting_2018(council: Council, sek) -> Meeting:
    """10 April 2018: the first meeting. Nearly everyone came – 15 of the 16 called – the council
    elected its chair and vice-chair (their positions in the roster start that day), decided that
    the substitutes take part in every meeting, and found four meetings a year too few."""
    day = dt.date(2018, 4, 10)
    meeting = _historic_meeting(council, sek, day=day, kind=MeetingKind.CONSTITUTING)
    _drop_standard(meeting, sek, StandardItem.EVENTS, StandardItem.MEMBERSHIP, StandardItem.NEXT_ITEMS)
    m = _members(council, day)
    welcome = agenda_services.item_create(
        meeting=meeting, title="Velkommen til Udsatterådet", kind=ItemKind.INFORMATION, actor=sek,
        case_text=("Kommunalbestyrelsen udpegede rådets medlemmer og suppleanter den 13. marts 2018. Deltagerne "
                   "fortæller kort, hvem de er, og hvorfor de vil være med. Sekretariatet gennemgår "
                   "forretningsordenen: rådets formål, sammensætning og mødeform."))
    election = agenda_services.item_create(
        meeting=meeting, title="Valg af formand og næstformand", kind=ItemKind.DECISION, actor=sek,
        case_text="Rådet konstituerer sig og vælger blandt medlemmerne en formand og en næstformand.",
        recommendation="Det indstilles, at rådet vælger formand og næstformand.")
    substitutes = agenda_services.item_create(
        meeting=meeting, title="Suppleanternes deltagelse i møderne", kind=ItemKind.DECISION, actor=sek,
        case_text=("Efter forretningsordenen er suppleanterne personlige og kaldes kun ind, når deres medlem er "
                   "forhindret. Flere suppleanter har sagt, at det er svært at følge med i rådets arbejde på den "
                   "måde, og nogle har trukket sig. Skal suppleanterne i stedet inviteres til alle møder?"),
        recommendation="Det indstilles, at suppleanterne inviteres til alle rådets møder.")
    frequency = agenda_services.item_create(
        meeting=meeting, title="Hvor ofte skal rådet mødes?", kind=ItemKind.DISCUSSION, actor=sek,
        case_text=("Forretningsordenen siger fire møder om året. Rådet drøfter, om det er nok til, at rådet kan "
                   "nå at arbejde med konkrete opgaver."))
    _publish_agenda(meeting, sek, historic=True)
    _record_attendance(meeting, sek, afbud=half_afbud(meeting, keep=m)[:1])  # one afbud: 15 came
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    # The positions start on the meeting day in the roster (councils.demo: the 2026 positions are
    # seeded there too, so chair_elect, which would end them, cannot record a past election).
    chair, vice = _formandskab(council, day)
    _decide(_item(meeting, StandardItem.APPROVAL), "Dagsordenen blev godkendt.", sek)
    _decide(welcome, ("Alle præsenterede sig. Rådet har både medlemmer med egen erfaring som udsat, pårørende og "
                      "medlemmer, der arbejder eller har arbejdet med udsatte borgere."), sek)
    _decide(election, f"Rådet valgte {chair.name} som formand og {vice.name} som næstformand.", sek)
    _decide(substitutes, ("Suppleanterne inviteres fremover til alle møder og deltager på lige fod med "
                          "medlemmerne. Kommer det til en afstemning, stemmer kun medlemmerne."), sek)
    _decide(frequency, ("Flere medlemmer mener, at fire møder om året er for lidt, hvis rådet skal nå konkrete "
                        "resultater – det meste af arbejdet sker på møderne. Rådet holder derfor et ekstra møde i "
                        "år og ønsker seks møder om året fra 2019."), sek)
    _decide(_item(meeting, StandardItem.ECONOMY), ("Rådet har et budget til møder, forplejning, transport og "
                                                    "deltagelse i konferencer."), sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    return meeting


def _albertslund_june_2018(council: Council, sek) -> Meeting:
    day = dt.date(2018, 6, 19)
    meeting = _historic_meeting(council, sek, day=day)
    _drop_standard(meeting, sek, StandardItem.MEMBERSHIP, StandardItem.NEXT_ITEMS)
    homeless = agenda_services.item_create(
        meeting=meeting, title="Kommunens indsatser for hjemløse borgere", kind=ItemKind.INFORMATION, actor=sek,
        case_text=("Rådet besluttede på sit første møde at invitere kommunens medarbejdere til at fortælle om "
                   "deres arbejde med udsatte grupper. To medarbejdere fra Social & Familie fortæller om, hvordan "
                   "kommunen hjælper borgere uden egen bolig."))
    needs = agenda_services.item_create(
        meeting=meeting, title="Hvordan ved rådet, hvad udsatte borgere har brug for?", kind=ItemKind.DISCUSSION,
        actor=sek, case_text=("Rådet skal tale de udsatte borgeres sag. Hvor får rådet sin viden fra, og hvordan "
                              "kommer rådet i dialog med de borgere, det er sat i verden for?"))
    _publish_agenda(meeting, sek, historic=True)
    _record_attendance(meeting, sek, afbud=half_afbud(meeting, keep=_formandskab(council, day)))
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    _decide(_item(meeting, StandardItem.APPROVAL), "Referatet og dagsordenen blev godkendt.", sek)
    _decide(homeless, ("Rådet hørte om kommunens indsatser for hjemløse borgere og stillede spørgsmål til "
                       "ventetiden på en bolig. Rådet vil bruge den viden, når det vælger sine opgaver, og "
                       "fortsætter med at invitere medarbejdere i 2019."), sek)
    _decide(needs, ("Rådet har bred viden: nogle har selv været udsatte eller er pårørende, andre arbejder med "
                    "udsatte eller møder dem i hverdagen. Rådet vil også i dialog med borgerne selv – fx ved et "
                    "offentligt møde med oplæg og debat – og arbejder videre med idéen."), sek)
    _decide(_item(meeting, StandardItem.ECONOMY), "Rådet har brugt penge på forplejning til møderne.", sek)
    _decide(_item(meeting, StandardItem.EVENTS), "Deltagerne fra de seneste arrangementer fortalte om dem.", sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    return meeting


def _albertslund_november_2018(council: Council, sek) -> Meeting:
    day = dt.date(2018, 11, 6)
    meeting = _historic_meeting(council, sek, day=day)
    _drop_standard(meeting, sek, StandardItem.MEMBERSHIP, StandardItem.NEXT_ITEMS)
    bisidder = agenda_services.item_create(
        meeting=meeting, title="Et net af frivillige bisiddere", kind=ItemKind.DECISION, actor=sek,
        case_text=("Undersøgelser viser, at de mest udsatte borgere ofte ikke føler sig forstået til samtaler med "
                   "kommunen. De har sjældent nogen at tage med og overskud til selv at finde en frivillig "
                   "ordning. Skal rådet undersøge, om der er brug for et net af frivillige bisiddere?"),
        recommendation="Det indstilles, at rådet gør bisidderordningen til en af sine opgaver i 2019.")
    breakfast = agenda_services.item_create(
        meeting=meeting, title="Morgenmad til alle elever i folkeskolen", kind=ItemKind.DECISION, actor=sek,
        case_text=("Et sundt morgenmåltid betyder meget for børns skoledag, men ikke alle forældre har råd – især "
                   "ikke familier, der er ramt af kontanthjælpsloftet. Skal rådet undersøge behovet for morgenmad "
                   "til alle skolebørn?"),
        recommendation="Det indstilles, at rådet undersøger behovet.")
    plan = agenda_services.item_create(
        meeting=meeting, title="Mødeplan for 2019", kind=ItemKind.DECISION, actor=sek,
        case_text=("Rådet har holdt et møde mere end forretningsordenens fire i år. Fra januar 2019 mødes rådet "
                   "seks gange om året. Sekretariatet foreslår datoerne."))
    _publish_agenda(meeting, sek, historic=True)
    _record_attendance(meeting, sek, afbud=half_afbud(meeting, keep=_formandskab(council, day)))
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    _decide(_item(meeting, StandardItem.APPROVAL), "Referatet og dagsordenen blev godkendt.", sek)
    _decide(bisidder, ("Rådet undersøger i 2019 behovet for og mulighederne for et net af frivillige bisiddere. "
                       "Tre medlemmer tager til Rådet for Socialt Udsattes konference om bisidderordninger den "
                       "21. november."), sek)
    _decide(breakfast, ("Rådet undersøger behovet for morgenmad til alle skolebørn og beder forvaltningen om et "
                        "skøn over, hvor mange børn der spiser morgenmad i SFO'erne."), sek)
    _decide(plan, "Mødeplanen for 2019 med seks møder blev godkendt.", sek)
    _decide(_item(meeting, StandardItem.ECONOMY), "Rådet har kun brugt penge på forplejning og arrangementer.", sek)
    _decide(_item(meeting, StandardItem.EVENTS), "Deltagerne fra de seneste arrangementer fortalte om dem.", sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    return meeting


def _albertslund_december_2018(council: Council, sek) -> Meeting:
    day = dt.date(2018, 12, 11)
    meeting = _historic_meeting(council, sek, day=day)
    _drop_standard(meeting, sek, StandardItem.MEMBERSHIP)
    bisidder = agenda_services.item_create(
        meeting=meeting, title="Bisidderordning: hvordan gør andre?", kind=ItemKind.INFORMATION, actor=sek,
        case_text=("En frivillig fra SocialSundhed fortæller, hvordan deres bisidderordning er bygget op. "
                   "Deltagerne fra konferencen om bisidderordninger fortæller, hvad de tog med hjem, og rådet har "
                   "læst Rådet for Socialt Udsattes rapport om bisidderordninger."))
    breakfast = agenda_services.item_create(
        meeting=meeting, title="Morgenmad på skolerne: status", kind=ItemKind.DISCUSSION, actor=sek,
        case_text=("Forvaltningen er bedt om et skøn over, hvor mange børn der spiser morgenmad i SFO'erne. Rådet "
                   "har læst om de morgenmadsordninger, nogle skoler allerede har."))
    report = agenda_services.item_create(
        meeting=meeting, title="Rådets første årsberetning", kind=ItemKind.DISCUSSION, actor=sek,
        case_text=("Rådet skal skrive en beretning om sit første år til kommunalbestyrelsen. Hvad skal med?"))
    _publish_agenda(meeting, sek, historic=True)
    _record_attendance(meeting, sek, afbud=half_afbud(meeting, keep=_formandskab(council, day)))
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    _decide(_item(meeting, StandardItem.APPROVAL), "Referatet og dagsordenen blev godkendt.", sek)
    _decide(bisidder, ("Rådet fik et godt indblik i, hvordan en frivillig bisidderordning kan organiseres, og "
                       "arbejder videre med opgaven i 2019."), sek)
    _decide(breakfast, "Skønnet er ikke kommet endnu. Rådet arbejder videre med emnet i 2019.", sek)
    _decide(report, ("Beretningen skal fortælle om rådets start og sammensætning, møder, arrangementer og emner, "
                     "med høringssvarene som bilag. Sekretariatet skriver et udkast til foråret."), sek)
    _decide(_item(meeting, StandardItem.ECONOMY), "Rådet har brugt en lille del af sit budget i 2018.", sek)
    _decide(_item(meeting, StandardItem.EVENTS), "Deltagerne fra de seneste arrangementer fortalte om dem.", sek)
    _decide(_item(meeting, StandardItem.NEXT_ITEMS), "Bisidderordningen og morgenmad på skolerne.", sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    return meeting


def _albertslund_2018(council: Council, sek) -> Meeting:
    """Four of the five meetings of 2018 (the fifth, on 4 September, with the two consultation
    responses, comes from ``hearings.demo``). The first meeting's minutes were approved at the
    second; the others in writing, except December's, approved at the first meeting of 2019.
    Returns December's meeting."""
    april = _albertslund_constituting_2018(council, sek)
    june = _albertslund_june_2018(council, sek)
    _approve_and_publish(april, june, sek)
    _publish_approved_in_writing(june, sek)
    november = _albertslund_november_2018(council, sek)
    _publish_approved_in_writing(november, sek)
    return _albertslund_december_2018(council, sek)


# --- Albertslund 2019 ---------------------------------------------------------------------------

def _albertslund_february_2019(council: Council, sek) -> tuple[Meeting, dict]:
    day = dt.date(2019, 2, 11)
    meeting = plan_services.meeting_create(council=council, kind=MeetingKind.ORDINARY, starts_at=_at(day, 16),
                                           ends_at=_at(day, 18), location=LOCATION_ALBERTSLUND, actor=sek)
    _standard_items(meeting, sek)
    m = _members(council, day)
    visibility = agenda_services.item_create(
        meeting=meeting, title="Hvordan bliver rådet mere synligt?", kind=ItemKind.DECISION, actor=sek,
        case_text=("Få borgere kender rådet endnu. Rådet drøfter, hvordan vi når ud til dem, vi er sat i verden "
                   "for – gennem lokalavisen, hjemmesiden og de steder, hvor borgerne kommer."),
        recommendation="Det indstilles, at rådet beslutter to-tre konkrete tiltag.", responsible=m[0])
    breakfast = agenda_services.item_create(
        meeting=meeting, title="Morgenmad på skolerne", kind=ItemKind.DISCUSSION, actor=sek,
        case_text=("Flere børn møder op på skolen uden at have spist. Rådet drøfter, om vi skal undersøge, hvad "
                   "skolerne gør i dag."))
    requests = agenda_services.item_create(
        meeting=meeting, title="Henvendelser til Social- og Sundhedsudvalget (SUS)", kind=ItemKind.DECISION,
        actor=sek, case_text=("Rådet mangler et fast sted at holde møder, og kendskabet til det sociale "
                                   "frikort er lille. Skal rådet skrive til udvalget om begge dele?"))
    _publish_agenda(meeting, sek, historic=True)
    _record_attendance(meeting, sek, afbud=[m[2]])
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    _decide(_item(meeting, StandardItem.APPROVAL), "Referatet og dagsordenen blev godkendt.", sek)
    _decide(visibility, ("Rådet vil gøre sig synligt på tre måder: en bisidderordning sammen med "
                         "Frivilligcentret, et interview i lokalavisen og en opdateret hjemmeside med referater "
                         "og mødeplan."), sek)
    _decide(breakfast, "Rådet undersøger, hvordan fire skoler i dag tilbyder morgenmad.", sek)
    _decide(requests, "Rådet sender to henvendelser til SUS: om mødelokaler og om det sociale frikort.", sek)
    actions = {
        "bisidder": minutes_services.action_item_create(
            meeting=meeting, item=visibility, title="Undersøge en bisidderordning med Frivilligcentret",
            owners=[m[0]], due=dt.date(2019, 3, 31), actor=sek),
        "avis": minutes_services.action_item_create(
            meeting=meeting, item=visibility, title="Aftale et interview med lokalavisen",
            owners=[m[0]], due=dt.date(2019, 3, 31), actor=sek),
        "hjemmeside": minutes_services.action_item_create(
            meeting=meeting, item=visibility, title="Opdatere hjemmesiden med referater og mødeplan",
            owners=[m[5]], due=dt.date(2019, 3, 15), actor=sek),
        "morgenmad": minutes_services.action_item_create(
            meeting=meeting, item=breakfast, title="Spørge fire skoler om deres morgenmadsordning",
            owners=[m[4]], due=dt.date(2019, 3, 31), actor=sek),
        "sus": minutes_services.action_item_create(
            meeting=meeting, item=requests, title="Sende to henvendelser til SUS om lokaler og socialt frikort",
            owners=[m[0], m[5]], due=dt.date(2019, 2, 28), actor=sek),
    }
    _decide(_item(meeting, StandardItem.ECONOMY), "Rådet har endnu ikke brugt af sit budget i 2019.", sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    return meeting, actions


SUS_POINTS = [
    "Præsentation af de medlemmer af rådet, der deltager",
    "Rådets årsberetning for 2018",
    "Det sociale frikort",
    "Et fast samarbejde: hvordan kan vi bruge hinanden, og hvor tit mødes vi?",
    "Budgettet: vil udvalget tage rådets idéer med videre?",
    "Hvad betyder mest for de udsatte – ensomhed, boliger og botilbud",
]


SPRING_2019 = dt.date(2019, 4, 1)
#: The item of the spring 2019 meeting with the draft of the 2018 annual report. ``reports.demo``
#: puts the report on the agenda through its service (the item with the draft PDF) and names the
#: item so; without the report the item is made here.
REPORT_2018_ITEM = "Udkast til rådets årsberetning 2018"
REPORT_2018_CASE = ("Udkastet til årsberetningen er sendt med dagsordenen. Rådet skal sige, om der skal rettes "
                    "eller tilføjes noget, før beretningen godkendes.")
REPORT_2018_RECOMMENDATION = ("Det indstilles, at rådet godkender årsberetningen med de rettelser, der aftales på "
                              "mødet.")


def spring_2019_meeting(council: Council) -> Meeting | None:
    return Meeting.objects.filter(council=council, starts_at__date=SPRING_2019).first()


def _albertslund_spring_2019(council: Council, sek) -> Meeting:
    """The spring 2019 meeting's agenda, not sent yet: it goes out, and the meeting is held, in
    ``hold_spring_2019`` – after the council's year is seeded, so the draft annual report can go
    with the agenda."""
    day = SPRING_2019
    meeting = plan_services.meeting_create(council=council, kind=MeetingKind.ORDINARY, starts_at=_at(day, 16),
                                           ends_at=_at(day, 18), location=LOCATION_ALBERTSLUND, actor=sek)
    _standard_items(meeting, sek)  # item 1 lists February's open tasks
    chair = _members(council, day)[0]
    agenda_services.item_create(
        meeting=meeting, title="Fokus på det sociale frikort", kind=ItemKind.DECISION, responsible=chair,
        actor=sek,
        case_text=("Med et socialt frikort kan en borger tjene op til 20.000 kr. om året uden at miste noget af sin "
                   "sociale ydelse. Ordningen er et forsøg over to år, og kommunen godkender, hvem der får et "
                   "frikort. Rådet har allerede skrevet til SUS om ordningen.\n\n"
                   "Hvordan hjælper rådet med, at de borgere, ordningen er tænkt for, hører om den? Og kan et "
                   "interview i lokalavisen gøre både frikortet og rådet mere kendt?"),
        recommendation="Det indstilles, at rådet laver et prioriteret idékatalog og fordeler opgaverne.")
    agenda_services.item_create(
        meeting=meeting, title="Mødet med Social- og Sundhedsudvalget den 23. maj 2019", kind=ItemKind.DECISION,
        actor=sek,
        case_text=("Rådet har en time sammen med udvalget den 23. maj. Rådet planlægger, hvad vi vil tale om, "
                   "hvem der siger hvad, og hvor lang tid hvert emne får. Foreløbige emner: årsberetningen og det "
                   "sociale frikort."))
    agenda_services.item_create(
        meeting=meeting, title="Emner, der udsættes til efteråret", kind=ItemKind.DECISION, actor=sek,
        case_text=("Rådet har mange emner i gang. Formand og næstformand foreslår, at bisidderordningen og "
                   "morgenmad på skolerne venter til efteråret, og at hvert emne får en ansvarlig, så den viden, "
                   "vi har samlet, ikke går tabt."))
    # Seven and eight of the real minutes: one information item and eventuelt.
    other = _item(meeting, StandardItem.EVENTS)
    agenda_services.item_update(item=other, title="Øvrige orienteringspunkter", actor=sek, case_text=(
        "Kommende møder og arrangementer – hvem fra rådet deltager? Status på medlemmer. Punkter til næste "
        "ordinære møde."))
    for standard in (StandardItem.MEMBERSHIP, StandardItem.NEXT_ITEMS):
        agenda_services.item_delete(item=_item(meeting, standard), actor=sek)
    return meeting


def hold_spring_2019(council: Council, sek) -> bool:
    """Send the spring 2019 agenda (with the draft annual report, when ``reports.demo`` has put it
    on the agenda) and hold the meeting as its minutes tell it. Nothing if it is held already."""
    meeting = spring_2019_meeting(council)
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        return False
    day = SPRING_2019
    february = Meeting.objects.get(council=council, starts_at__date=dt.date(2019, 2, 11))
    feb_actions = {key: february.action_items.get(title=title) for key, title in (
        ("hjemmeside", "Opdatere hjemmesiden med referater og mødeplan"),
        ("sus", "Sende to henvendelser til SUS om lokaler og socialt frikort"),
        ("avis", "Aftale et interview med lokalavisen"))}
    m = _members(council, day)
    chair, vice = m[0], m[5]
    frikort = meeting.items.get(title="Fokus på det sociale frikort")
    sus = meeting.items.get(title__startswith="Mødet med Social- og Sundhedsudvalget")
    autumn = meeting.items.get(title="Emner, der udsættes til efteråret")
    other = _item(meeting, StandardItem.EVENTS)
    report = meeting.items.filter(title=REPORT_2018_ITEM).first()
    if report is None:
        report = agenda_services.item_create(meeting=meeting, title=REPORT_2018_ITEM, kind=ItemKind.DECISION,
                                             case_text=REPORT_2018_CASE, recommendation=REPORT_2018_RECOMMENDATION,
                                             actor=sek)
    # The draft as item 3 of the agenda sent, before the meeting with the committee (item 4).
    agenda_services.item_move(item=report, position=frikort.position + 1, actor=sek)
    _publish_agenda(meeting, sek, historic=True)

    # At the meeting: afbud from two members, one of them with their personal substitute standing in.
    absent_member, substitute = _personal_substitute(council, day, m[1:])
    other_absent = next(p for p in m[1:5] if p != absent_member)
    _record_attendance(meeting, sek, afbud=[absent_member, other_absent], stand_ins={absent_member: substitute})
    newcomer = Person.objects.get(council=council, name="Lene Vinding")  # nominated in councils.demo
    guest = minutes_services.guest_add(meeting=meeting, person=newcomer, note="Indstillet som nyt medlem.",
                                       actor=sek)
    minutes_services.minutes_intro_save(meeting=meeting, actor=sek, text=(
        # The full name, so public pages can put the guest's role in its place (core.disclosure).
        f"Formanden bød velkommen til {guest.person.name}, der er indstillet som nyt medlem."))
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    agenda_services.item_move(item=report, direction="down", actor=sek)  # items 3 and 4 swapped

    _decide(_item(meeting, StandardItem.APPROVAL), (
        "Opfølgning fra sidste møde:\n"
        "• Bisidderordning: formanden har været til bestyrelsesmøde i Frivilligcentret, som gerne vil "
        "samarbejde med rådet.\n"
        "• Lokalavisen kunne ikke komme i dag, men vil gerne interviewe rådet. Kommunens sider i avisen kan "
        "også bruges til annoncer.\n"
        "• Hjemmesiden har nu referater og mødeplan. Links til andre relevante sider tages op næste gang.\n"
        "• Morgenmad: tre af fire skoler har svaret – vi hører mere på næste møde.\n"
        "• De to henvendelser til SUS er sendt. Der er fundet lokaler, men det ene er for lille.\n\n"
        "Referatet blev godkendt. Punkt 3 og 4 byttede plads, og under punkt 5 skal der findes en ansvarlig "
        "for hvert emne. Dagsordenen blev derefter godkendt."), sek)
    minutes_services.action_item_update_status(action_item=feb_actions["hjemmeside"], status=ActionStatus.DONE,
                                               note="Referater og mødeplan er lagt på.", actor=sek, on=day)
    minutes_services.action_item_update_status(action_item=feb_actions["sus"], status=ActionStatus.DONE,
                                               note="Begge henvendelser er sendt.", actor=sek, on=day)
    minutes_services.action_item_update_status(action_item=feb_actions["avis"], status=ActionStatus.OPEN,
                                               note="Avisen vil gerne – tid aftales.", actor=sek, on=day)

    _decide(frikort, (
        "Henvendelsen til SUS blev ikke rigtig behandlet i udvalget og skal tages op igen – helst som et "
        "beslutningspunkt. Kommunen har sat en tværfaglig gruppe til at visitere, og arbejdet ligger i "
        "Jobcentret, men også medarbejderne i Social & Familie skal kende ordningen.\n\n"
        "Idékatalog, prioriteret:\n"
        "1. En artikel i lokalavisen – gerne med en opfordring til virksomheder om at melde opgaver ind.\n"
        "2. Viden ud via Facebookgrupper.\n"
        "3. En folder, som kommunens medarbejdere giver borgerne – med jævnlige påmindelser.\n"
        "4. Et borgermøde med mad og en medarbejder fra afdelingen.\n"
        "5. Samtaler i det nye værested og i klubben.\n"
        "6. Personlig kontakt, fx gennem sagsbehandleren."), sek)
    frikort_actions = [
        ("Lægge et udkast til tekst om frikortet i rådets lukkede Facebookgruppe", [m[6]], dt.date(2019, 4, 15)),
        ("Aftale interviewet med lokalavisen og deltage i det", [chair, m[6]], dt.date(2019, 4, 30)),
        ("Få trykt foldere til bostøtter og mentorer", [m[7]], dt.date(2019, 4, 30)),
        ("Få frikortet på SUS' dagsorden som beslutningspunkt", [m[1], m[-1]], dt.date(2019, 5, 23)),
    ]
    for title, owners, due in frikort_actions:
        minutes_services.action_item_create(meeting=meeting, item=frikort, title=title, owners=owners, due=due,
                                            actor=sek)
    ranked = "\n".join(f"{n}. {point}" for n, point in enumerate(SUS_POINTS, start=1))
    _decide(sus, ("Årsberetningen sendes til udvalget før mødet. Rådet vil være aktivt frem for at reagere og "
                  f"prioriterer emnerne sådan:\n{ranked}"), sek)
    minutes_services.action_item_create(meeting=meeting, item=sus, title="Skrive dagsordenen til mødet med SUS",
                                        owners=[chair, vice], due=dt.date(2019, 5, 9), actor=sek)
    _decide(report, ("Beretningen henvender sig til politikere og interesserede borgere og fortæller om rådets "
                     "start, aktiviteter og emner i 2018. Rådets høringssvar fra 2018 vedlægges som bilag. "
                     "Årsberetningen blev godkendt og lægges på hjemmesiden."), sek)
    _decide(autumn, ("Et nyt emne er kommet til: tandpleje for udsatte. Social & Familie skriver et nyt notat til "
                     "SUS – skal det blive til noget, skal pengene findes i budget 2020.\n\n"
                     "Bisidderordningen og morgenmad på skolerne venter til efteråret, med en ansvarlig for "
                     "hvert emne."), sek)
    for title, owner in (("Samle viden om bisidderordningen", m[6]), ("Samle viden om morgenmad på skolerne",
                                                                       m[4])):
        minutes_services.action_item_create(meeting=meeting, item=autumn, title=title, owners=[owner],
                                            due=dt.date(2019, 9, 1), actor=sek)
    _decide(_item(meeting, StandardItem.ECONOMY),
            "Rådet har indtil nu i 2019 kun brugt penge på forplejning til to møder – omkring 1.200 kr.", sek)
    _decide(other, (
        "Arrangementer: netværksmøde og borgermøde om ældrepolitik 4. april, møde om udsatte og "
        "sundhedsvæsenet 30. april, dialogmøde med andre udsatteråd 6. juni og Brugernes Bazar 28. august. "
        "Deltagerne er noteret.\n\n"
        "Medlemsstatus: ét medlem er flyttet og er trådt ud. Gæsten i dag er indstillet som nyt medlem. "
        "Formand og næstformand spørger tidligere suppleanter, om de vil være med igen.\n\n"
        "Punkter til næste møde: ændring af forretningsordenen, besøg af borgerrådgiveren efter sommerferien, "
        "grupper der følger de politiske udvalg, og visitationsgruppen for frikortet."), sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), (
        "Orientering om ledelsesskift i Social & Familie og et forslag om at dele afdelingen i et børne- og et "
        "voksenområde. Spørgsmålet om vederlag til rådets medlemmer blev drøftet; rådet går ikke videre med det."),
        sek)

    minutes_services.minutes_approve_at_meeting(meeting=february, at_meeting=meeting, actor=sek)
    minutes_services.minutes_publish(meeting=february, actor=sek)
    _backdate(february)
    _approve_in_writing(meeting, sek)
    minutes_services.minutes_publish(meeting=meeting, actor=sek)
    _backdate(meeting)
    return True


# --- Year plans with the meeting cycle ------------------------------------------------------------

def _hold_short(meeting: Meeting, sek, *, topic: str, decision: str) -> Meeting:
    """A past meeting with a short agenda, everyone present, a decision and published minutes."""
    _standard_items(meeting, sek)
    item = agenda_services.item_create(meeting=meeting, title=topic, kind=ItemKind.DISCUSSION, actor=sek)
    _publish_agenda(meeting, sek, historic=True)
    _record_attendance(meeting, sek)
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    _decide(_item(meeting, StandardItem.APPROVAL), "Referatet og dagsordenen blev godkendt.", sek)
    _decide(item, decision, sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    return meeting


def _approve_and_publish(meeting: Meeting, at_meeting: Meeting, sek) -> None:
    minutes_services.minutes_approve_at_meeting(meeting=meeting, at_meeting=at_meeting, actor=sek)
    minutes_services.minutes_publish(meeting=meeting, actor=sek)
    _backdate(meeting)


def _publish_approved_in_writing(meeting: Meeting, sek) -> None:
    """The latest held meeting's minutes: approved in writing by the members present, since
    the next meeting, where they could be approved, has not been held yet."""
    _approve_in_writing(meeting, sek)
    minutes_services.minutes_publish(meeting=meeting, actor=sek)
    _backdate(meeting)


def _upcoming_agenda(meeting: Meeting, sek, *, items: list[dict]) -> Meeting:
    """Build and send the agenda of the next meeting. Invitations by e-mail count as sent;
    SMS and letters stay on the manual list for the secretariat."""
    agenda_services.standard_items_create(meeting=meeting, actor=sek)
    for fields in items:
        agenda_services.item_create(meeting=meeting, actor=sek, **fields)
    if meeting.attendances.exists() or roster_on(council=meeting.council,
                                                 on=timezone.localdate(meeting.starts_at)).members:
        # In time for the rules' notice, also when the demo is seeded a few days before the meeting.
        on_time = agenda_selectors.agenda_notice_deadline(meeting=meeting) - dt.timedelta(days=1)
        agenda_services.agenda_publish(meeting=meeting, actor=sek, now=min(timezone.now(), on_time))
        meeting.refresh_from_db()
        _settle_outbox(meeting, when=meeting.agenda_published_at, manual_too=False)
    return meeting


ALBERTSLUND_2026 = [
    ("Velkommen til det nye råd", "Medlemmerne præsenterede sig. Rådet aftalte at mødes tirsdage kl. 16–18."),
    ("Rådets arbejdsplan for 2026", "Rådet vælger tre fokusområder: bolig, ensomhed og adgang til sundhed."),
    ("Høring om kommunens boligsociale strategi", "Rådet afgiver høringssvar; formanden skriver udkastet."),
    ("Dialogmøde med Social- og Sundhedsudvalget", "Rådet forbereder mødet med udvalget i oktober."),
    ("Status på fokusområderne", "Rådet gennemgik fokusområderne og holder fast i dem i 2027."),
]


def _albertslund_2026(council: Council, sek, users) -> None:
    now = timezone.now()
    meetings = plan_services.year_plan_generate(council=council, year=2026, weekday=1, start_time=dt.time(16),
                                                end_time=dt.time(18), location=LOCATION_ALBERTSLUND, actor=sek)
    first = meetings[0]
    if first.starts_at.date() < dt.date(2026, 3, 10):
        # The members were appointed on 10 March: the first meeting moved to the week after.
        plan_services.meeting_update(meeting=first, actor=sek, starts_at=_at(dt.date(2026, 3, 17), 16),
                                     ends_at=_at(dt.date(2026, 3, 17), 18))
    held = []
    texts = iter(ALBERTSLUND_2026)
    upcoming = None
    for meeting in meetings:
        if meeting.ends_at < now:
            topic, decision = next(texts, ("Status", "Rådet drøftede status."))
            _hold_short(meeting, sek, topic=topic, decision=decision)
            if held:
                _approve_and_publish(held[-1], meeting, sek)
            held.append(meeting)
        elif upcoming is None:
            upcoming = meeting
    if held:
        chair = Person.objects.get(council=council, user=users["formand_albertslund"])
        last = held[-1]
        minutes_services.action_item_create(
            meeting=last, item=None, title="Sende rådets spørgsmål til udvalget før dialogmødet", owners=[chair],
            due=timezone.localdate(last.starts_at) + dt.timedelta(days=60), actor=sek)
        _publish_approved_in_writing(last, sek)
    for meeting in held:
        _backdate(meeting)
    if upcoming is None:
        return
    member = Person.objects.get(council=council, user=users["medlem_albertslund"])
    _upcoming_agenda(upcoming, sek, items=[
        dict(title="Rådets årsberetning 2026", kind=ItemKind.DECISION,
             case_text="Udkastet til årsberetningen er vedlagt. Rådet skal godkende det.",
             recommendation="Det indstilles, at rådet godkender årsberetningen."),
        dict(title="Henvendelse fra en borger om en konkret sag", kind=ItemKind.DISCUSSION, closed=True,
             publish_title=False, case_text="Punktet er lukket, fordi det handler om en enkelt borgers forhold."),
    ])
    agenda_services.item_propose(
        council=council, meeting=upcoming, proposed_by=member, title="Gratis tandpleje for udsatte",
        case_text="Jeg foreslår, at rådet drøfter, om kommunen kan tilbyde tandpleje til borgere med lav indkomst.",
        now=min(now, proposal_deadline(meeting=upcoming) - dt.timedelta(hours=1)))


def _plan_with_upcoming(council: Council, sek, *, years: list[int]) -> None:
    meetings = []
    for year in years:
        try:
            meetings += plan_services.year_plan_generate(council=council, year=year, weekday=2,
                                                         start_time=dt.time(16), end_time=dt.time(18),
                                                         location="Rådhuset, mødelokale 1", actor=sek)
        except ApplicationError:
            continue  # no rules of procedure in force that year (the council starts later)
    held = [m for m in meetings if m.ends_at < timezone.now()]
    for n, meeting in enumerate(held):
        _hold_short(meeting, sek, topic="Status på rådets arbejde", decision="Rådet drøftede status og næste skridt.")
        if n:
            _approve_and_publish(held[n - 1], meeting, sek)
    upcoming = next((m for m in meetings if m.starts_at > timezone.now()), None)
    if held:
        _publish_approved_in_writing(held[-1], sek)
    for meeting in held:
        _backdate(meeting)
    if upcoming is not None:
        _upcoming_agenda(upcoming, sek, items=[dict(
            title="Rådets fokusområder", kind=ItemKind.DISCUSSION,
            case_text="Rådet drøfter, hvilke tre emner det vil arbejde med det næste år.")])


def restate_standard_texts(council: Council, by=None) -> int:
    """The last step of ``seed_demo``: compute the standard items' texts of every agenda again
    as they read on its send date, now that the budget, expenses and events of that time are
    seeded. An agenda not sent yet is refreshed through the service; a sent one is written
    directly (the services never change a sent text silently, and never the minutes of an
    approved meeting – here the demo restores what the text would have said had the data been
    entered at the time). Texts written by hand are left alone. Returns the items changed."""
    changed = 0
    for meeting in Meeting.objects.filter(council=council).exclude(status=MeetingStatus.CANCELLED):
        if not agenda_selectors.agenda_sent(meeting):
            if meeting.status == MeetingStatus.PLANNED and meeting.starts_at > timezone.now():
                changed += len(agenda_services.standard_items_refresh(meeting=meeting, actor=by))
            continue
        proposal = agenda_services.standard_items_changes(meeting=meeting)
        for change in proposal.changed:
            if change.hand_edited:
                continue
            AgendaItem.objects.filter(pk=change.item.pk).update(case_text=change.new, standard_as_of=proposal.as_of)
            changed += 1
    return changed


@transaction.atomic
def seed_meetings(council: Council, users) -> None:
    """Create the council's demo meetings (nothing if it already has meetings)."""
    if Meeting.objects.filter(council=council).exists():
        return
    sek = users.get(f"sek_{council.slug}")
    if council.slug == "albertslund":
        december = _albertslund_2018(council, sek)
        february, _actions = _albertslund_february_2019(council, sek)
        _approve_and_publish(december, february, sek)
        _albertslund_spring_2019(council, sek)  # held in hold_demo, after the council's year is seeded
        _albertslund_2026(council, sek, users)
    else:
        first_year = max(2026, Term.objects.filter(council=council).order_by("start").first().start.year)
        _plan_with_upcoming(council, sek, years=list(range(first_year, 2028)))


def seed_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after the councils: the meetings of the councils this run created,
    each council in its own transaction."""
    for slug in run.created:
        seed_meetings(Council.objects.get(slug=slug), run.users)


def hold_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after the council's year (and the draft annual report it reports on,
    ``reports.demo``): Albertslund's spring 2019 meeting is sent and held."""
    council = Council.objects.filter(slug="albertslund").first()
    if council is None:
        return
    with transaction.atomic():
        hold_spring_2019(council, run.users.get("sek_albertslund"))


def restate_demo(run: DemoRun) -> None:
    """``seed_demo``'s last step, when the run changed anything: every demo agenda's standard
    items as they read on the day it was sent (``restate_standard_texts``)."""
    if not run.changed:
        return
    for council in Council.objects.filter(slug__in=DEMO_COUNCILS):
        with transaction.atomic():
            restate_standard_texts(council, by=run.users.get(f"sek_{council.slug}"))


__all__ = ["seed_meetings", "restate_standard_texts", "MeetingStatus"]
