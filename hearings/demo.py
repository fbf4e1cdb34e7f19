"""Demo committees, comment letters and consultations for ``manage.py seed_demo``, built
through the real services.

Albertslund follows the three committees its 2018 annual report names (SUS, BSU, EBU), with a
working group for each. The 2018 story from the report: the comment letters on the August
agendas of the three committees (SUS's agenda imported from an SBSYS manifest, the other two
entered by hand), and the responses on the youth strategy and the budget catalogue, approved
at the council's meeting in early September and sent – the youth strategy with its outcome,
an added goal. Today: open consultations (one overdue, one drafted jointly with the
municipality's handicapråd, one just received), December committee meetings with a draft
comment, and next year's meeting plan imported from a calendar file. Ishøj and Gentofte get
two followed committees and one consultation each.

The texts are our own; the facts (committees, dates, item numbers and codes, figures) come
from the seed documents. The people are fictional.

Every step runs the real services with the clock set back to when it happened (``_Clock``,
``_historic``): in 2018, and over the last weeks for today's consultations. The services and
the ``auto_now`` fields stamp that moment, and the checks that look at "today" – a council
meeting not yet held – see that day. Two raw writes remain, as in ``meetings.demo``:
``_settle_outbox`` marks the mail the 2018 steps queued as sent then, so the worker never
e-mails the past, and ``_follow_since`` gives a follow the date it began (a ``DateField``
stamps the real date)."""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock
from xml.sax.saxutils import escape, quoteattr  # nosec B406  # escaping for XML we write; nothing is parsed

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from core.demo import DemoRun
from councils.demo import seed_each_council
from councils.models import Council, Person
from councils.selectors import roster_on
from hearings.models import Committee, CommitteeAgendaItem, CommitteeFollow, CommitteeMeeting, Consultation
from hearings.selectors.consultations import formandskab_on
from hearings.services import committees as committee_services
from hearings.services import consultations as consultation_services
from hearings.services import imports as import_services
from hearings.services import letters as letter_services
from meetings.demo import _approve_in_writing, _decide, _item, _publish_agenda, _record_attendance, half_afbud
from meetings.models import ItemKind, MeetingKind, StandardItem
from meetings.services import agenda as agenda_services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services
from meetings.services.plan import local_zone
from notifications.models import OutboxMessage, OutboxStatus

ALBERTSLUND_COMMITTEES = [
    ("Social- og Sundhedsudvalget", "SUS"),
    ("Børne- og Skoleudvalget", "BSU"),
    ("Erhvervs- og Beskæftigelsesudvalget", "EBU"),
    ("Økonomiudvalget", "ØU"),
    ("Kommunalbestyrelsen", "KB"),
]
FOLLOWED = {
    "SUS": ("Social- og Sundhedsudvalget, v. udvalgssekretæren", "sus@albertslund.example"),
    "BSU": ("Børne- og Skoleudvalget, v. udvalgssekretæren", "bsu@albertslund.example"),
    "EBU": ("Erhvervs- og Beskæftigelsesudvalget, v. udvalgssekretæren", "ebu@albertslund.example"),
}
TOWN_HALL = "Albertslund Rådhus, Nordmarks Allé 1"
AGENDAS_URL = "https://www.albertslund.example/politik/dagsordener-og-referater"


# --- The clock and the two raw writes ---------------------------------------------------------

class _Clock:
    """``timezone.now`` for the historic steps: ``clock.at(day, hour)`` sets the moment."""

    def __init__(self):
        self.moment: dt.datetime | None = None

    def __call__(self) -> dt.datetime:
        return self.moment

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        self.moment = _at(day, hour, minute)
        return self.moment

    def ago(self, today: dt.date, days: int, hour: int = 10) -> dt.datetime:
        """A moment ``days`` before ``today`` (at least one: the clock never runs ahead)."""
        return self.at(today - dt.timedelta(days=max(days, 1)), hour)


@contextlib.contextmanager
def _historic():
    """Run the real services as if it were another day (see the module docstring)."""
    clock = _Clock()
    with mock.patch.object(timezone, "now", clock):
        yield clock


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


def _last_message_id() -> int:
    return OutboxMessage.objects.aggregate(last=Max("id"))["last"] or 0


def _settle_outbox(after_id: int) -> None:
    """Mark the messages queued since ``after_id`` as sent when they were queued (their
    ``created_at`` is the historic moment), so the worker never e-mails the past."""
    OutboxMessage.objects.filter(pk__gt=after_id, status__in=[OutboxStatus.PENDING, OutboxStatus.MANUAL]).update(
        status=OutboxStatus.SENT, sent_at=F("created_at"), attempts=1, send_after=None)


def _follow_since(follow: CommitteeFollow, day: dt.date) -> None:
    CommitteeFollow.objects.filter(pk=follow.pk).update(since=day)


# --- Small building blocks -------------------------------------------------------------------

def _person(council: Council, user) -> Person:
    return Person.objects.get(council=council, user=user)


def _members(council: Council, day: dt.date) -> list[Person]:
    return [entry.membership.person for entry in roster_on(council=council, on=day).members]


def _others(people: list[Person], *exclude: Person) -> list[Person]:
    return [p for p in people if p not in exclude]


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _committees(council: Council, names: list[tuple[str, str]], by) -> dict[str, Committee]:
    """The municipality's committees by abbreviation (created when missing)."""
    existing = {c.abbreviation: c for c in Committee.objects.filter(municipality_id=council.municipality_id)}
    for name, abbreviation in names:
        if abbreviation not in existing:
            existing[abbreviation] = committee_services.committee_create(
                council=council, name=name, abbreviation=abbreviation, actor=by)
    return existing


def _meeting(council: Council, committee: Committee, starts_at: dt.datetime, items, by) -> CommitteeMeeting:
    """A committee meeting entered by hand with its items: (number, case code, title, case text)."""
    meeting = committee_services.committee_meeting_create(
        council=council, committee=committee, starts_at=starts_at, location=TOWN_HALL,
        url=f"{AGENDAS_URL}/{committee.abbreviation.lower().replace('ø', 'oe')}-{starts_at:%Y-%m-%d}",
        actor=by)
    for number, code, title, text in items:
        committee_services.committee_item_create(council=council, meeting=meeting, number=number, case_code=code,
                                                 title=title, case_text=text, actor=by)
    return meeting


def _comment(council: Council, meeting: CommitteeMeeting, number: int, text: str, by) -> None:
    item = CommitteeAgendaItem.objects.get(meeting=meeting, number=number)
    committee_services.item_comment_save(council=council, item=item, relevant=True, text=text, expected_version=0,
                                         actor=by)


def _draft(consultation: Consultation, text: str, by, note: str = "") -> Consultation:
    return consultation_services.draft_save(consultation=consultation, text=text,
                                            expected_version=consultation.draft_version, note=note, actor=by)


def manifest(*, meeting_id: str, committee: str, abbreviation: str, starts_at: dt.datetime, location: str,
             url: str, items: list[tuple[int, str, str, str]], closed: tuple[int, ...] = ()) -> bytes:
    """An SBSYS publication manifest (root ``<Dagsorden>``) for one committee meeting, as the
    municipality's records system exports it; UTF-8 bytes for ``import_file``."""
    parts = []
    for number, code, title, text in items:
        parts.append(
            f'    <Dagsordenpunkt Id={quoteattr(f"{meeting_id}-P{number}")}>\n'
            f"      <Nummer>{number}</Nummer>\n"
            f"      <Sagsgang>{escape(code)}</Sagsgang>\n"
            f"      <Overskrift>{escape(title)}</Overskrift>\n"
            f"      <Link>{escape(url)}#punkt-{number}</Link>\n"
            f"      <Sagsfremstilling>{escape(text)}</Sagsfremstilling>\n"
            f"      <Lukket>{'true' if number in closed else 'false'}</Lukket>\n"
            f"    </Dagsordenpunkt>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Dagsorden Id={quoteattr(meeting_id)}>\n"
        f"  <Udvalg>\n    <Navn>{escape(committee)}</Navn>\n    <Forkortelse>{escape(abbreviation)}</Forkortelse>\n"
        "  </Udvalg>\n"
        f"  <Moededato>{timezone.localtime(starts_at):%Y-%m-%dT%H:%M:%S}</Moededato>\n"
        f"  <Sted>{escape(location)}</Sted>\n"
        f"  <Link>{escape(url)}</Link>\n"
        f"  <Dagsordenpunkter>\n{''.join(parts)}  </Dagsordenpunkter>\n"
        "</Dagsorden>\n"
    ).encode()


def meeting_plan_ics(*, year: int, domain: str, committees: list[tuple[str, str, int, int]],
                     months=range(1, 7)) -> bytes:
    """The municipality's published meeting plan as iCalendar: for each (name, abbreviation,
    weekday, week of the month) one meeting a month, 16–18."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{domain}//Mødeplan {year}//DA", "CALSCALE:GREGORIAN"]
    for name, abbreviation, weekday, week in committees:
        for month in months:
            day = _weekday_on_or_after(dt.date(year, month, 1), weekday) + dt.timedelta(weeks=week - 1)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{abbreviation.lower().replace('ø', 'oe')}-{day:%Y-%m-%d}@moedeplan.{domain}",
                f"DTSTAMP:{year - 1}1115T090000Z",
                f"SUMMARY:{name} ({abbreviation})",
                f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T160000",
                f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T180000",
                "LOCATION:Rådhuset\\, udvalgsværelset",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def _import(council: Council, data: bytes, filename: str, by) -> None:
    report = import_services.import_file(council=council, data=data, filename=filename, actor=by)
    if report.refused:
        raise RuntimeError(f"The demo file {filename} was refused in part: {report.refused}")


# --- Albertslund 2018: the three August agendas ---------------------------------------------------

SUS_2018_08_20 = [
    (1, "SUS", "Godkendelse af dagsorden", "Dagsordenen forelægges til godkendelse."),
    (2, "SUS/ØU", "Budgetopfølgning pr. 30. juni 2018 for Social- og Sundhedsudvalget",
     "Forvaltningen gennemgår forbruget i første halvår og de væsentligste afvigelser på udvalgets områder."),
    (3, "SUS/ØU/KB", "Udarbejdelse af ny Sundhedspolitik 2018",
     "Forvaltningen foreslår en proces for en ny sundhedspolitik bygget op om fire visioner. To af dem handler om "
     "lighed i sundhed og om lige muligheder og tilgængelighed. Borgerne inddrages undervejs, og udkastet sendes "
     "i høring, før kommunalbestyrelsen vedtager politikken."),
    (4, "SUS/BSU/ØU/KB", "Ankestyrelsens statistik for 2017",
     "Ankestyrelsen har offentliggjort sin statistik over klagesager for 2017. På det samlede sociale område blev "
     "43 % af de påklagede afgørelser fra kommunen ændret eller hjemvist, hvilket er over landsgennemsnittet og "
     "over to af de tre kommuner, Albertslund sammenlignes med."),
    (5, "SUS", "Status på det nye rusmiddelcenter",
     "Rusmiddelcentret er flyttet i nye lokaler. Udvalget orienteres om de første erfaringer og om, hvordan "
     "borgerne er taget imod."),
    (6, "SUS/ØU/KB", "Takster for botilbud og aflastning 2019",
     "Forvaltningen fremlægger forslag til takster for 2019 for kommunens botilbud og aflastningstilbud."),
    (7, "SUS", "Orientering fra Børn, Sundhed & Velfærd",
     "A. Nyt fra ældreområdet.\n\nB. Status på sundhedsprofilen.\n\nC. Henvendelser fra borgere.\n\n"
     "D. Udsættelser af lejere: Bo-Vest skønner, at der i første halvår af 2018 er sket dobbelt så mange "
     "udsættelser som i hele 2017. I KKIK, Vognporten og Morbærhaven er tallet gået fra to i 2017 til 13 i "
     "første halvår af 2018. Borgere, som fogedretten har varslet udsættelse, får nu et brev med vejledning om, "
     "hvor de kan få støtte. Kommunen kontakter og støtter på flere måder borgere, der er i risiko for at blive "
     "sat ud, også dem, der har fået anvist en bolig inden for det seneste år."),
    (8, "SUS", "Lukket punkt: Klage i en personsag", "Punktet er lukket."),
]

BSU_2018_08_22 = [
    (1, "BSU", "Godkendelse af dagsorden", "Dagsordenen forelægges til godkendelse."),
    (2, "BSU/EBU/(ØU/KB)", "Strategi for den kommunale ungeindsats (høring)",
     "Udkastet til en samlet strategi for unges veje til uddannelse og job i 2018–2025 foreslås sendt i høring "
     "hos blandt andre Udsatterådet, Handicaprådet og ungdomsuddannelserne."),
    (3, "BSU/ØU", "Budgetopfølgning pr. 30. juni 2018 for Børne- og Skoleudvalget",
     "Forvaltningen gennemgår forbruget i første halvår på skole- og dagtilbudsområdet."),
    (4, "BSU", "Skoleårets start 2018/19",
     "Udvalget orienteres om elevtal, klassedannelse og nyansættelser ved skoleårets start."),
    (5, "BSU", "Trivselsmålingen i folkeskolen 2018",
     "Resultaterne af den nationale trivselsmåling fremlægges skole for skole."),
    (6, "SUS/BSU/ØU/KB", "Ankestyrelsens statistik for 2017",
     "Samme sag som på Social- og Sundhedsudvalgets møde: statistikken for klagesager i 2017, her med vægt på "
     "børne- og familieområdet."),
    (7, "BSU", "Orientering fra Børn, Sundhed & Velfærd", "Aktuelle sager fra forvaltningen."),
]

EBU_2018_08_27 = [
    (1, "EBU", "Godkendelse af dagsorden", "Dagsordenen forelægges til godkendelse."),
    (2, "EBU", "Ny Erhvervsstrategi for Albertslund Kommune",
     "Forvaltningen foreslår, hvordan arbejdet med en ny erhvervsstrategi kan tilrettelægges, og hvem der "
     "inddrages."),
    (3, "EBU/ØU", "Budgetopfølgning pr. 30. juni 2018 for Erhvervs- og Beskæftigelsesudvalget",
     "Forvaltningen gennemgår forbruget i første halvår på beskæftigelsesområdet."),
    (4, "BSU/EBU/(ØU/KB)", "Strategi for den kommunale ungeindsats (høring)",
     "Samme sag som på Børne- og Skoleudvalgets møde den 22. august 2018."),
    (5, "EBU", "Jobcentrets resultater, 2. kvartal 2018",
     "Nøgletal for ledighed, aktivering og borgere i job eller uddannelse."),
    (6, "EBU", "Virksomhedsservice og rekruttering",
     "Status på jobcentrets samarbejde med lokale virksomheder."),
    (7, "EBU", "Orientering fra By, Kultur, Miljø & Beskæftigelse",
     "Blandt andet status på kontanthjælpsloftet og 225-timersreglen: hvor mange borgere der er berørt, og hvad "
     "jobcentret gør for at hjælpe dem."),
]

COMMENTS_SUS = {
    3: ("Rådet er glad for, at to af politikkens fire visioner handler om lighed i sundhed og om lige muligheder og "
        "tilgængelighed. Albertslund er i kommunesocialgruppe 4 og har forholdsvis mange borgere i en udsat "
        "livssituation. Undersøgelser viser igen og igen, at de har dårligere helbred, flere sygdomme og lavere "
        "livskvalitet end andre, og at deres problemer ofte er sociale og sundhedsmæssige på én gang. Derfor skal "
        "sundhedsvæsenet kunne rumme dem, lytte til dem og tage deres egen forståelse af problemerne alvorligt. "
        "Rådet anbefaler, at rapporten SUSY Udsat 2017 indgår i vidensgrundlaget for den nye politik.\n\n"
        "Det er også godt, at borgerne skal inddrages. Rådet anbefaler en særlig indsats for, at udsatte borgere "
        "kommer med, og bidrager gerne med idéer til, hvordan det kan gøres."),
    4: ("Rådet hæfter sig ved, at 43 % af de påklagede afgørelser på det samlede sociale område blev ændret eller "
        "hjemvist i 2017 – mere end landsgennemsnittet og mere end i to af de tre kommuner, vi sammenlignes med. "
        "Forkerte afgørelser koster kommunen penge, men først og fremmest rammer de familier, der i forvejen er "
        "pressede, og som så også skal finde kræfterne til at klage.\n\n"
        "Rådet anbefaler, at kommunen arbejder målrettet på at træffe færre forkerte afgørelser, og vil selv følge "
        "udviklingen."),
    7: ("Til punkt D: Det er godt, at borgere, som fogedretten har varslet udsættelse, får et brev om, hvor de kan "
        "få støtte. Men ikke alle kan overskue et brev. Rådet anbefaler, at kommunen finder ud af, hvordan de "
        "borgere også får råd og vejledning, fx ved at nogen tager personlig kontakt.\n\n"
        "Rådet er bekymret over, at Bo-Vest skønner, at der har været dobbelt så mange udsættelser i første halvår "
        "af 2018 som i hele 2017, og at tallet i KKIK, Vognporten og Morbærhaven er gået fra to til 13. Nogle af "
        "dem, der bliver sat ud, kan være unge, der er faldet fra en uddannelse og har brug for hurtig hjælp for at "
        "komme videre.\n\n"
        "Det er positivt, at kommunen bruger flere veje til at kontakte og støtte borgere, der risikerer at blive "
        "sat ud, også dem, der har fået anvist bolig inden for det seneste år. Rådet vil gerne vide, om den gruppe "
        "er blevet større end tidligere."),
}
YOUTH_STRATEGY_AHEAD = ("Rådet ser frem til at få strategien i høring og behandler den på sit første møde i "
                        "september.")
COMMENTS_BSU = {
    2: YOUTH_STRATEGY_AHEAD,
    6: ("Som rådet også har skrevet til Social- og Sundhedsudvalget: 43 % af de påklagede afgørelser på det sociale "
        "område blev ændret eller hjemvist i 2017, over landsgennemsnittet og over to af de tre kommuner, vi "
        "sammenlignes med. Det går ud over de familier, der har mindst overskud i forvejen. Rådet anbefaler en "
        "målrettet indsats for færre forkerte afgørelser og følger udviklingen."),
}
COMMENTS_EBU = {
    2: ("Rådet vil følge arbejdet med den nye erhvervsstrategi og forventer, at borgere i en udsat livssituation "
        "tænkes ind i den – fx ved at strategien fortsat fremmer socialøkonomiske virksomheder og får et mål om "
        "at styrke virksomhedernes sociale ansvar."),
    4: YOUTH_STRATEGY_AHEAD,
    7: ("Rådet tager orienteringen til efterretning og vil fortsat følge kommunens arbejde med kontanthjælpsloftet "
        "og 225-timersreglen, og hvad de betyder for de berørte borgere."),
}


def _comment_letter(council: Council, clock: _Clock, meeting: CommitteeMeeting, comments: dict[int, str], sek, *,
                    written: dt.date, sent: dt.date) -> None:
    clock.at(written, 14)
    for number, text in comments.items():
        _comment(council, meeting, number, text, sek)
    clock.at(sent, 9)
    letter_services.comment_letter_approve(council=council, committee_meeting=meeting, actor=sek)
    clock.at(sent, 11)
    letter_services.comment_letter_send(council=council, committee_meeting=meeting, actor=sek)


def _albertslund_august_2018(council: Council, clock: _Clock, committees: dict[str, Committee], sek) -> None:
    # SUS's agenda came as the records system's publication manifest a week before the meeting.
    clock.at(dt.date(2018, 8, 13), 15)
    sus_at = _at(dt.date(2018, 8, 20), 16)
    data = manifest(meeting_id="SBSYS-M-2018-0820-SUS", committee="Social- og Sundhedsudvalget",
                    abbreviation="SUS", starts_at=sus_at, location=TOWN_HALL, url=f"{AGENDAS_URL}/sus-2018-08-20",
                    items=SUS_2018_08_20, closed=(8,))
    _import(council, data, "dagsorden_SUS_2018-08-20.xml", sek)
    sus = CommitteeMeeting.objects.get(committee=committees["SUS"], external_id="SBSYS-M-2018-0820-SUS")
    # BSU's and EBU's agendas were typed in from the municipality's website.
    clock.at(dt.date(2018, 8, 15), 10)
    bsu = _meeting(council, committees["BSU"], _at(dt.date(2018, 8, 22), 17), BSU_2018_08_22, sek)
    clock.at(dt.date(2018, 8, 20), 10)
    ebu = _meeting(council, committees["EBU"], _at(dt.date(2018, 8, 27), 16, 30), EBU_2018_08_27, sek)

    _comment_letter(council, clock, sus, COMMENTS_SUS, sek, written=dt.date(2018, 8, 15), sent=dt.date(2018, 8, 17))
    _comment_letter(council, clock, bsu, COMMENTS_BSU, sek, written=dt.date(2018, 8, 18), sent=dt.date(2018, 8, 20))
    _comment_letter(council, clock, ebu, COMMENTS_EBU, sek, written=dt.date(2018, 8, 23), sent=dt.date(2018, 8, 24))


# --- Albertslund 2018: two consultations, approved at the council's September meeting -----------

YOUTH_V1 = (
    "Udsatterådet i Albertslund takker for muligheden for at kommentere strategien.\n\n"
    "Rådet er glad for, at strategien gør det tydeligt, at unge i en udsat livssituation har brug for særlige "
    "indsatser, og at indsatserne skal tilrettelægges sammen med den unge ud fra den unges egne ønsker og "
    "ressourcer.\n\n"
    "I afsnittet om, at alkohol og stoffer ikke må spærre for uddannelse eller job (side 9), nævnes åben, anonym "
    "rådgivning som en vej ud af et misbrug. Rådet foreslår, at det skrives ind, at rådgivningen skal være let at "
    "komme til og gerne ligge dér, hvor de unge er – fx på ungdomsuddannelserne. Mange unge med et problematisk "
    "forbrug af rusmidler ser ikke selv forbruget som et problem og opsøger derfor ikke hjælp.")
YOUTH_V2 = YOUTH_V1 + (
    "\n\nAfsnittet om unge, der har brug for særlig støtte (side 10), beskriver, at udsatte og anbragte unge med "
    "den rette støtte kan komme i arbejde på sigt. Rådet foreslår, at støtten får et særligt fokus på kvaliteten "
    "af de anbragte unges skolegang. Flere undersøgelser, bl.a. VIVEs rapport om tidligere anbragte unge og "
    "uddannelse fra 2017, viser, at anbragte unge oftere har svært ved skolen end deres jævnaldrende.")
YOUTH_OUTCOME = (
    "Førte til et ekstra mål i strategien: under unge med ekstra behov for vejledning skal den tværfaglige "
    "vejledning af unge, der ryger hash, styrkes, så misbruget ikke kommer til at stå i vejen for uddannelse "
    "eller job.")

BUDGET_V1 = (
    "Udsatterådet i Albertslund har læst budgetkataloget med særligt blik for de forslag, der kan ramme borgere i "
    "en udsat livssituation.\n\n"
    "Rådet ved, at kommunen skal finde besparelser. Vi beder udvalget se på, hvad forslagene tilsammen betyder "
    "for de borgere, der har mindst at stå imod med. En lille besparelse kan se beskeden ud i kataloget, men for "
    "den enkelte kan den betyde, at kontakten til kommunen ryger – og så bliver hjælpen dyrere senere.")
BUDGET_V2 = BUDGET_V1 + (
    "\n\nRådet anbefaler, at forslag, der rammer de mest udsatte borgere – fx på bostøtte, væresteder og "
    "misbrugsbehandling – ikke vedtages uden en vurdering af konsekvenserne for dem, og at rådet bliver hørt, "
    "når de vedtagne forslag skal føres ud i livet.")


def _albertslund_consultations_2018(council: Council, clock: _Clock, committees: dict[str, Committee],
                                    sek) -> None:
    m = _members(council, dt.date(2018, 9, 4))
    formandskab = formandskab_on(council, dt.date(2018, 9, 4))
    chair = formandskab.get("chair", m[0])

    clock.at(dt.date(2018, 8, 23), 11)
    youth = consultation_services.consultation_create(
        council=council, title="Stærke valg – unges veje til uddannelse og job i Albertslund 2018–2025",
        committee=committees["BSU"], sender="Børn, Sundhed & Velfærd", received_on=dt.date(2018, 8, 23),
        deadline=dt.date(2018, 10, 5),
        summary=("Kommunens strategi for den samlede ungeindsats, som Børne- og Skoleudvalget sendte i høring den "
                 "22. august 2018."),
        recipient_name="Børn, Sundhed & Velfærd, Albertslund Kommune", recipient_email="bsv@albertslund.example",
        actor=sek)
    consultation_services.material_add(consultation=youth, name="Udkast til ungestrategien (høringsudgave)",
                                       url=f"{AGENDAS_URL}/bsu-2018-08-22#punkt-2", actor=sek)
    consultation_services.consultation_assign(consultation=youth, owners=[chair, _others(m, chair)[1]],
                                              actor=sek)

    clock.at(dt.date(2018, 8, 24), 10)
    budget = consultation_services.consultation_create(
        council=council, title="Budgetkatalog 2019–2022", committee=committees["ØU"],
        sender="Økonomi og Personale", received_on=dt.date(2018, 8, 24), deadline=dt.date(2018, 9, 10),
        summary="Kataloget med forslag til besparelser og omprioriteringer til budgetforhandlingerne for 2019.",
        recipient_name="Økonomiudvalget", recipient_email="budget@albertslund.example", actor=sek)
    consultation_services.material_add(consultation=budget, name="Budgetkatalog 2019–2022",
                                       url="https://www.albertslund.example/budget/2019/budgetkatalog",
                                       actor=sek)
    consultation_services.consultation_assign(consultation=budget, owners=[formandskab.get("vice_chair", m[5])],
                                              actor=sek)

    # The working group's drafts, typed in by the secretariat, and the members' remarks.
    clock.at(dt.date(2018, 8, 24), 15)
    youth = _draft(youth, YOUTH_V1, sek, note="Første udkast efter arbejdsgruppens møde")
    clock.at(dt.date(2018, 8, 26), 19)
    consultation_services.comment_add(consultation=youth, council=council, actor=sek, text=(
        "Fra arbejdsgruppen (videresendt af sekretariatet): Afsnittet på side 10 om anbragte unge siger intet om "
        "deres skolegang. Det bør vi skrive noget om."))
    clock.at(dt.date(2018, 8, 27), 10)
    budget = _draft(budget, BUDGET_V1, sek, note="Første udkast")
    consultation_services.comment_add(consultation=budget, council=council, actor=sek, text=(
        "Fra næstformanden (videresendt af sekretariatet): Lad os være konkrete og nævne de områder, vi især er "
        "bekymrede for."))
    clock.at(dt.date(2018, 8, 28), 9)
    youth = _draft(youth, YOUTH_V2, sek, note="Afsnit om anbragte unges skolegang tilføjet")
    budget = _draft(budget, BUDGET_V2, sek, note="Konkrete områder nævnt")

    # The council's meeting in early September, with both responses on the agenda.
    day = dt.date(2018, 9, 4)
    clock.at(dt.date(2018, 8, 28), 10)
    meeting = plan_services.meeting_create(council=council, kind=MeetingKind.ORDINARY, starts_at=_at(day, 16),
                                           ends_at=_at(day, 18), location="Rådhuset, Nordmarks Allé 1, mødelokale 3",
                                           actor=sek)
    agenda_services.standard_items_create(meeting=meeting, actor=sek)
    letters = agenda_services.item_create(
        meeting=meeting, title="Kommentarer til udvalgenes dagsordener i august", kind=ItemKind.INFORMATION,
        actor=sek, case_text=("Rådet har sendt kommentarer til dagsordenerne for møderne i Social- og "
                                   "Sundhedsudvalget (20. august), Børne- og Skoleudvalget (22. august) og "
                                   "Erhvervs- og Beskæftigelsesudvalget (27. august). Brevene kan læses under Udvalg."))
    youth_item = consultation_services.agenda_item_create(consultation=youth, meeting=meeting, actor=sek)
    budget_item = consultation_services.agenda_item_create(consultation=budget, meeting=meeting, actor=sek)
    for standard in (StandardItem.EVENTS, StandardItem.MEMBERSHIP, StandardItem.NEXT_ITEMS):
        agenda_services.item_delete(item=_item(meeting, standard), actor=sek)
    _publish_agenda(meeting, sek, historic=True)

    clock.at(day, 18)
    # About half came, as to every meeting after the constituting one (the 2018 annual report).
    responsible = [chair, *youth.owners.all(), *budget.owners.all()]
    _record_attendance(meeting, sek, afbud=half_afbud(meeting, keep=responsible))
    minutes_services.meeting_mark_held(meeting=meeting, actor=sek)
    _decide(_item(meeting, StandardItem.APPROVAL), "Referatet og dagsordenen blev godkendt.", sek)
    _decide(letters, "Rådet tog orienteringen til efterretning og fortsætter med at følge de tre udvalg.", sek)
    _decide(youth_item, ("Rådet godkendte høringssvaret med tilføjelsen om de anbragte unges skolegang. "
                         "Sekretariatet sender svaret inden fristen."), sek)
    _decide(budget_item, "Rådet godkendte høringssvaret, som sendes til Økonomiudvalget.", sek)
    _decide(_item(meeting, StandardItem.ECONOMY), "Rådet har kun brugt penge på forplejning til møderne.", sek)
    _decide(_item(meeting, StandardItem.ANY_OTHER), "Intet.", sek)
    clock.at(day, 19)
    youth = consultation_services.meeting_approval_record(consultation=youth, actor=sek)
    budget = consultation_services.meeting_approval_record(consultation=budget, actor=sek)
    clock.at(dt.date(2018, 9, 5), 9)
    _approve_in_writing(meeting, sek)
    clock.at(dt.date(2018, 9, 12), 9)
    minutes_services.minutes_publish(meeting=meeting, actor=sek)

    clock.at(dt.date(2018, 9, 6), 10)
    consultation_services.consultation_send(consultation=budget, actor=sek)
    clock.at(dt.date(2018, 10, 2), 10)
    consultation_services.consultation_send(consultation=youth, actor=sek)
    # The municipal board adopted the strategy in December with an added goal from the response;
    # the secretariat noted it, so it is in the council's annual report for 2018.
    clock.at(dt.date(2018, 12, 13), 10)
    consultation_services.outcome_record(consultation=youth, outcome=YOUTH_OUTCOME, actor=sek)


# --- Albertslund today -----------------------------------------------------------------------------

def _albertslund_committees_today(council: Council, clock: _Clock, committees: dict[str, Committee], users, sek,
                                  today: dt.date) -> None:
    member = _person(council, users["medlem_albertslund"])
    chair = _person(council, users["formand_albertslund"])
    substitute = Person.objects.filter(council=council, user=users["suppleant_albertslund"]).first()
    others = _others(_members(council, today), member, chair)
    groups = {"SUS": [member, others[0], others[4]], "BSU": [others[1], others[2], substitute or others[5]],
              "EBU": [chair, others[3]]}
    clock.at(min(dt.date(2026, 4, 14), today - dt.timedelta(days=1)), 19)  # after the new council's first meeting
    for abbreviation, people in groups.items():
        name, email = FOLLOWED[abbreviation]
        committee_services.committee_follow_save(council=council, committee=committees[abbreviation], members=people,
                                                 recipient_name=name, recipient_email=email, comment_days_before=2,
                                                 actor=sek)
    # Next year's meeting plan, from the calendar file the municipality publishes.
    clock.ago(today, 20, 9)
    data = meeting_plan_ics(year=today.year + 1, domain="albertslund.example", committees=[
        ("Social- og Sundhedsudvalget", "SUS", 0, 2), ("Børne- og Skoleudvalget", "BSU", 2, 2),
        ("Erhvervs- og Beskæftigelsesudvalget", "EBU", 0, 3)])
    _import(council, data, f"moedeplan_{today.year + 1}.ics", sek)
    # The committees' next meetings, in the coming weeks.
    clock.ago(today, 3, 9)
    sus_day = _weekday_on_or_after(today + dt.timedelta(days=10), 0)
    sus = _meeting(council, committees["SUS"], _at(sus_day, 16), [
        (1, "SUS", "Godkendelse af dagsorden", "Dagsordenen forelægges til godkendelse."),
        (2, "SUS/ØU", "Budgetopfølgning pr. 31. oktober",
         "Forvaltningen forventer et merforbrug på botilbuddene og et mindreforbrug på hjemmeplejen."),
        (3, "SUS/ØU/KB", "Sundhedspolitik 2027–2030: udkast sendes i høring",
         "Udkastet bygger videre på den gældende politik og har lighed i sundhed som gennemgående tema. "
         "Det foreslås sendt i høring i seks uger."),
        (4, "SUS", "Status på indsatsen for hjemløse borgere",
         "Forvaltningen gør status på året: hvor mange borgere der har fået egen bolig med støtte, hvor mange der "
         "venter, og hvordan samarbejdet med herbergerne går."),
        (5, "SUS", "Orientering fra Børn, Sundhed & Velfærd", "Aktuelle sager fra forvaltningen."),
    ], sek)
    clock.ago(today, 1, 20)
    committee_services.item_comment_save(
        council=council, item=CommitteeAgendaItem.objects.get(meeting=sus, number=4), relevant=True,
        expected_version=0, actor=users["medlem_albertslund"], text=(
            "Rådet vil gerne vide, hvor mange der har fået en fast bolig gennem indsatsen i år, og hvor længe de, "
            "der venter, har ventet. Vi foreslår, at udvalget også hører, hvad borgerne selv oplever – rådet "
            "hjælper gerne med at finde nogen, der vil fortælle."))
    _meeting(council, committees["BSU"], _at(sus_day + dt.timedelta(days=2), 17), [
        (1, "BSU", "Godkendelse af dagsorden", "Dagsordenen forelægges til godkendelse."),
        (2, "BSU/ØU", "Budgetopfølgning pr. 31. oktober", "Forvaltningen gennemgår årets forventede forbrug."),
        (3, "BSU", "Morgenmad i skolerne: evaluering af forsøget",
         "Fire skoler har i et år tilbudt morgenmad til alle elever. Evalueringen ser på, hvor mange der kom, og "
         "hvad lærerne har oplevet."),
        (4, "BSU", "Orientering fra Børn, Sundhed & Velfærd", "Aktuelle sager fra forvaltningen."),
    ], sek)


def _albertslund_consultations_today(council: Council, clock: _Clock, committees: dict[str, Committee], users,
                                     sek, today: dt.date) -> None:
    member_user, chair_user = users["medlem_albertslund"], users["formand_albertslund"]
    member, chair = _person(council, member_user), _person(council, chair_user)

    # Overdue by two days: the draft is there, but nobody has approved it yet.
    clock.ago(today, 31)
    standards = consultation_services.consultation_create(
        council=council, title="Kvalitetsstandarder for bostøtte og socialpsykiatri 2027", committee=committees["SUS"],
        sender="Social & Familie", received_on=today - dt.timedelta(days=31), deadline=today - dt.timedelta(days=2),
        summary="Hvad borgerne kan forvente af bostøtte, botilbud og værestederne i socialpsykiatrien fra 2027.",
        recipient_name="Social & Familie, Albertslund Kommune", recipient_email="socialogfamilie@albertslund.example",
        actor=sek)
    consultation_services.material_add(consultation=standards, name="Udkast til kvalitetsstandarder 2027",
                                       url="https://www.albertslund.example/hoeringer/kvalitetsstandarder-2027",
                                       actor=sek)
    consultation_services.consultation_assign(consultation=standards, owners=[chair], actor=sek)
    clock.ago(today, 9, 21)
    standards = _draft(standards, (
        "Udsatterådet har læst udkastet til kvalitetsstandarder for bostøtte og socialpsykiatri.\n\n"
        "Det er godt, at standarderne beskriver, hvad borgerne kan forvente. Rådet savner en klar grænse for, hvor "
        "længe en borger må vente på at få bostøtte, når den er bevilget, og en beskrivelse af, hvad der sker, hvis "
        "borgeren ikke åbner døren eller ikke møder op."), chair_user, note="Første udkast")
    clock.ago(today, 6, 16)
    consultation_services.comment_add(consultation=standards, council=council, actor=member_user, text=(
        "Kan vi også skrive, at man så vidt muligt skal beholde den samme bostøttemedarbejder? Det betyder meget "
        "for dem, jeg kender."))

    # Jointly with the handicapråd: accessibility of the citizens' service centre.
    handicap = Council.objects.filter(slug="albertslund-handicapraad").first()
    clock.ago(today, 12)
    service = consultation_services.consultation_create(
        council=council, title="Borgerservice: ny indretning og tilgængelighed", sender="Borgerservice",
        received_on=today - dt.timedelta(days=12), deadline=today + dt.timedelta(days=18),
        summary=("Borgerservice på rådhuset indrettes på ny med færre skranker, selvbetjening og tidsbestilling. "
                 "Udsatterådet og Handicaprådet svarer sammen."),
        recipient_name="Borgerservice, Albertslund Kommune", recipient_email="borgerservice@albertslund.example",
        actor=sek)
    consultation_services.material_add(consultation=service, name="Skitse til den nye indretning",
                                       url="https://www.albertslund.example/hoeringer/borgerservice-indretning",
                                       actor=sek)
    owners = [member]
    if handicap is not None:
        consultation_services.partner_add(consultation=service, partner=handicap, actor=sek)
        owners += [p for p in formandskab_on(handicap, today).values()][:1]
    consultation_services.consultation_assign(consultation=service, owners=owners, actor=sek)
    clock.ago(today, 8, 20)
    service = _draft(service, (
        "Udsatterådet og Handicaprådet i Albertslund har læst planerne for den nye indretning af Borgerservice.\n\n"
        "Det skal fortsat være muligt at komme ind fra gaden og tale med en medarbejder uden at have bestilt tid. "
        "Mange borgere i en udsat livssituation har hverken MitID eller smartphone, og tidsbestilling på nettet "
        "vil holde dem ude.\n\n"
        "Selvbetjeningen skal have en medarbejder i nærheden, der kan hjælpe, og der skal være et lille rum, hvor "
        "man kan tale om noget personligt uden at andre hører med."), member_user, note="Første udkast")
    if handicap is not None:
        clock.ago(today, 5, 18)
        consultation_services.comment_add(consultation=service, council=handicap, actor=sek, text=(
            "Fra Handicaprådets møde: Rådet foreslår, at svaret også nævner niveaufri adgang, en skranke i "
            "siddehøjde, teleslynge og tydelig skiltning med god kontrast."))
    clock.ago(today, 4, 9)
    consultation_services.comment_add(consultation=service, council=council, actor=chair_user, text=(
        "Godt udkast. Kan vi bede om, at skiltningen også findes på let dansk?"))
    clock.ago(today, 3, 11)
    _draft(service, service.draft + (
        "\n\nRådene anbefaler desuden niveaufri adgang til hele Borgerservice, mindst én skranke i siddehøjde, "
        "teleslynge ved skrankerne og skiltning med god kontrast og på let dansk."), sek,
        note="Handicaprådets og formandens bemærkninger indarbejdet")

    # Just received: nobody has taken it yet.
    clock.ago(today, 3, 14)
    drugs = consultation_services.consultation_create(
        council=council, title="Rusmiddelstrategi 2027–2030", committee=committees["SUS"],
        sender="Børn, Sundhed & Velfærd", received_on=today - dt.timedelta(days=3),
        deadline=today + dt.timedelta(days=46),
        summary="Kommunens nye strategi for forebyggelse og behandling af alkohol- og stofmisbrug, også blandt unge.",
        recipient_name="Børn, Sundhed & Velfærd, Albertslund Kommune", recipient_email="bsv@albertslund.example",
        actor=sek)
    consultation_services.material_add(consultation=drugs, name="Høringsudkast: Rusmiddelstrategi 2027–2030",
                                       url="https://www.albertslund.example/hoeringer/rusmiddelstrategi-2027",
                                       actor=sek)


def _albertslund(council: Council, users) -> None:
    sek = users["sek_albertslund"]
    first_message = _last_message_id()
    with _historic() as clock:
        clock.at(dt.date(2018, 5, 15), 10)  # the council decided which committees to follow
        committees = _committees(council, ALBERTSLUND_COMMITTEES, sek)
        group_2018 = _members(council, dt.date(2018, 5, 15))
        for n, abbreviation in enumerate(FOLLOWED):
            name, email = FOLLOWED[abbreviation]
            follow = committee_services.committee_follow_save(
                council=council, committee=committees[abbreviation], members=group_2018[2 * n:2 * n + 2],
                recipient_name=name, recipient_email=email, comment_days_before=2, actor=sek)
            _follow_since(follow, dt.date(2018, 5, 15))
        _albertslund_august_2018(council, clock, committees, sek)
        _albertslund_consultations_2018(council, clock, committees, sek)
    _settle_outbox(first_message)
    today = timezone.localdate()
    with _historic() as clock:  # the last weeks, for the same reason
        _albertslund_committees_today(council, clock, committees, users, sek, today)
        _albertslund_consultations_today(council, clock, committees, users, sek, today)


# --- Ishøj and Gentofte ------------------------------------------------------------------------------

def _ishoej(council: Council, users) -> None:
    sek, member_user = users["sek_ishoej"], users["medlem_ishoej"]
    today = timezone.localdate()
    with _historic() as clock:
        _ishoej_weeks(council, clock, sek, member_user, today)


def _ishoej_weeks(council: Council, clock: _Clock, sek, member_user, today: dt.date) -> None:
    # Social- og Sundhedsudvalget set up the council in 2015; it follows that committee first.
    clock.ago(today, 60)
    committees = _committees(council, [("Social- og Sundhedsudvalget", "SUS"), ("Arbejdsmarkedsudvalget", "AMU")],
                             sek)
    chair = _person(council, member_user)
    others = _others(_members(council, today), chair)
    for abbreviation, people in (("SUS", [chair, others[0]]), ("AMU", [others[1], others[2]])):
        follow = committee_services.committee_follow_save(
            council=council, committee=committees[abbreviation], members=people,
            recipient_name=committees[abbreviation].name, recipient_email=f"{abbreviation.lower()}@ishoej.example",
            actor=sek)
        _follow_since(follow, timezone.localdate())
    clock.ago(today, 2)
    _meeting(council, committees["SUS"], _at(_weekday_on_or_after(today + dt.timedelta(days=10), 1), 17), [
        (1, "SUS", "Godkendelse af dagsorden", "Dagsordenen forelægges til godkendelse."),
        (2, "SUS/ØU/BR", "Handleplan mod vold i nære relationer 2027–2029: høringssvar",
         "Udvalget får høringssvarene på handleplanen forelagt, før den sendes videre."),
        (3, "SUS", "Udsatterådets årsberetning", "Udsatterådet fremlægger sin årsberetning for udvalget."),
    ], sek)
    clock.ago(today, 14)
    violence = consultation_services.consultation_create(
        council=council, title="Handleplan mod vold i nære relationer 2027–2029", committee=committees["SUS"],
        received_on=today - dt.timedelta(days=14), deadline=today + dt.timedelta(days=24),
        summary="Forslag til en handleplan for forebyggelse af og hjælp til voldsramte borgere og deres børn.",
        recipient_name="Social- og Sundhedsudvalget", recipient_email="sus@ishoej.example", actor=sek)
    consultation_services.consultation_assign(consultation=violence, owners=[chair], actor=sek)
    clock.ago(today, 5, 20)
    _draft(violence, (
        "Udsatterådet i Ishøj bakker op om handleplanen og om, at børnene i familierne får deres egen hjælp.\n\n"
        "Rådet foreslår, at kvinder, der har været på krisecenter, får tilbud om en fast kontaktperson, når de "
        "flytter i egen bolig, og at planen beskriver, hvordan kommunen hjælper med at finde en bolig, de har råd "
        "til."), member_user, note="Første udkast")


def _gentofte(council: Council, users) -> None:
    sek = users["sek_gentofte"]
    today = timezone.localdate()
    with _historic() as clock:
        clock.ago(today, 7)
        _gentofte_week(council, sek, today)


def _gentofte_week(council: Council, sek, today: dt.date) -> None:
    committees = _committees(council, [("Ældre-, Social- og Sundhedsudvalget", "ÆSSU"),
                                       ("Erhvervs-, Beskæftigelses- og Integrationsudvalget", "EBIU")], sek)
    # The council is being recruited: the working groups are chosen at its first meeting.
    for abbreviation, email in (("ÆSSU", "aessu@gentofte.example"), ("EBIU", "ebiu@gentofte.example")):
        follow = committee_services.committee_follow_save(
            council=council, committee=committees[abbreviation], members=[],
            recipient_name=committees[abbreviation].name, recipient_email=email, actor=sek)
        _follow_since(follow, timezone.localdate())
    consultation = consultation_services.consultation_create(
        council=council, title="Psykiatri- og misbrugspolitik 2027–2030", committee=committees["ÆSSU"],
        sender="Social og Sundhed", received_on=today - dt.timedelta(days=7), deadline=today + dt.timedelta(days=74),
        summary=("Udkast til kommunens nye politik. Fristen ligger efter rådets første møde, så det nye råd kan nå "
                 "at svare."),
        recipient_name="Social og Sundhed, Gentofte Kommune", recipient_email="socialogsundhed@gentofte.example",
        actor=sek)
    consultation_services.material_add(consultation=consultation, name="Høringsudkast",
                                       url="https://www.gentofte.example/hoeringer/psykiatri-og-misbrugspolitik",
                                       actor=sek)


@transaction.atomic
def seed_hearings(council: Council, users) -> bool:
    """Create the council's demo committees and consultations; nothing if it already follows a
    committee. Albertslund's joint response needs the handicapråd seeded first. Returns whether
    anything was created."""
    if CommitteeFollow.objects.filter(council=council).exists():
        return False
    seeders = {"albertslund": _albertslund, "ishoej": _ishoej, "gentofte": _gentofte}
    seeder = seeders.get(council.slug)
    if seeder is None:
        return False
    seeder(council, users)
    return True


def seed_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after the meetings: committees and consultations for each demo
    council that follows no committee yet, also for councils seeded before they existed."""
    seed_each_council(run, seed_hearings, added="committees and consultations of {slug}", new_too=True)


__all__ = ["seed_hearings", "manifest", "meeting_plan_ics"]
