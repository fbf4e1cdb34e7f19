"""Demo annual reports for ``manage.py seed_demo``, through ``reports.services``.

Albertslund's report for 2018, its first year, goes the way the council's real one went: the
secretariat drafts it in March 2019 from the year's data (meetings.demo, hearings.demo,
activities.demo, finance.demo and library.demo seed the year so the draft carries the facts of
the real report), writes the recommendations (what the first year taught), puts it on the
agenda of the meeting on 1 April 2019 with the draft as PDF (``seed_demo``, before
``meetings.demo.hold_demo`` sends that agenda and holds the meeting), and after the meeting it
is approved, published and sent to the Social- og Sundhedsudvalget before the council meets the
committee on 23 May 2019 (``approve_demo``). The report for 2026 is a draft: the working group
"Årsberetning 2026" (two members, who may edit) has written the recommendations by hand.

Past steps run with the clock set back (``hearings.demo._historic``), so the services and the
timestamps see the day it happened; the mail the 2019 steps queued counts as sent then
(``hearings.demo._settle_outbox``). Each part is skipped when it exists, so seeding again
changes nothing. The general paragraph and the recommendations are our own words."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from activities.models import WorkingGroup
from core.demo import DemoRun
from councils.models import Council
from hearings.demo import _historic, _last_message_id, _settle_outbox
from meetings.demo import REPORT_2018_CASE, REPORT_2018_ITEM, REPORT_2018_RECOMMENDATION, spring_2019_meeting
from meetings.models import MeetingStatus
from meetings.services.agenda import item_update
from reports import services
from reports.models import AnnualReport, SectionKind

#: Albertslund's general paragraph about udsatteråd, used in the introduction of every report.
BOILERPLATE_ALBERTSLUND = (
    "Et udsatteråd giver borgere, der lever i en socialt udsat situation, en stemme over for kommunens "
    "politikere og forvaltning. Ældreråd og handicapråd skal kommunerne have, men et udsatteråd er frivilligt. "
    "Serviceloven siger dog, at brugerne af kommunens sociale tilbud skal have indflydelse på, hvordan tilbuddene "
    "bliver tilrettelagt, og et udsatteråd er en af måderne at gøre det på. Rådene ser forskellige ud fra kommune "
    "til kommune: nogle består kun af borgere med egen erfaring, de fleste blander borgere, politikere og folk, "
    "der kender området fra frivillige foreninger eller fra deres arbejde. Fælles for dem er, at de rådgiver "
    "politikerne og taler de udsatte borgeres sag.")

SUS = ("Social- og Sundhedsudvalget", "sus@albertslund.example")
MEMBERS_ON_2018 = dt.date(2019, 4, 1)

#: The recommendations of the 2018 report, written by the secretariat with the chair: what the
#: first year taught about the council's composition (the facts of the real report, our words).
OUTLOOK_2018 = (
    "<p>Rådets første år har givet erfaringer, som rådet tager med ind i 2019:</p>"
    "<ul>"
    "<li>Der var flere kandidater end pladser, men forretningsordenen siger ikke, efter hvilke kriterier "
    "medlemmerne vælges. Det bør den gøre.</li>"
    "<li>Flere suppleanter trak sig, fordi det er svært at følge med, når man kun kommer, hvis ens medlem er "
    "forhindret. Siden det første møde har suppleanterne deltaget i alle møder på lige fod med medlemmerne, "
    "dog uden stemmeret – og de oplever sig som fuldgyldige medlemmer.</li>"
    "<li>Rådet vil arbejde for flere medlemmer og ingen suppleanter, så alle deltager på samme vilkår, og flere "
    "kommer til møderne.</li>"
    "<li>Forretningsordenen siger ikke, hvordan nye medlemmer udpeges. Rådet foreslår, at det selv indstiller "
    "nye medlemmer til kommunalbestyrelsen.</li>"
    "<li>Fire møder om året er for lidt, hvis rådet skal nå konkrete resultater. Fra januar 2019 mødes rådet "
    "seks gange om året.</li>"
    "</ul>")

#: The recommendations of the 2026 report, as the working group wrote them.
OUTLOOK_2026 = (
    "<p>Rådets første år i den nye valgperiode har vist, at rådet når flest, når det selv går ud til borgerne. "
    "Arbejdsgruppen foreslår, at rådet i 2027:</p>"
    "<ul>"
    "<li>holder mindst to borgermøder med fællesspisning – det første i februar,</li>"
    "<li>beder Social- og Sundhedsudvalget om et fast dialogmøde hvert halve år,</li>"
    "<li>følger op på sine høringssvar og skriver i næste beretning, hvad der kom ud af dem, og</li>"
    "<li>fortsætter arbejdet med boliger, ensomhed og adgang til sundhed.</li>"
    "</ul>")

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)


ADDED = "annual reports of albertslund"


def _council(slug: str) -> Council | None:
    return Council.objects.filter(slug=slug).first()


def _added(run: DemoRun) -> None:
    """List the reports in ``run.added`` when the council existed before this run."""
    if "albertslund" not in run.created:
        run.add(ADDED)


# --- Albertslund 2018: drafted and put on the agenda of 1 April 2019 ---------------------------

def _draft_2018(council: Council, sek) -> AnnualReport | None:
    meeting = spring_2019_meeting(council)
    if AnnualReport.objects.filter(council=council, year=2018).exists() or meeting is None \
            or meeting.status != MeetingStatus.PLANNED:
        return None
    with _historic() as clock:
        clock.at(dt.date(2019, 3, 11), 10)
        services.boilerplate_save(council=council, text=BOILERPLATE_ALBERTSLUND, actor=sek)
        clock.at(dt.date(2019, 3, 18), 10)
        report = services.report_create(council=council, year=2018, members_on=MEMBERS_ON_2018, actor=sek)
        clock.at(dt.date(2019, 3, 20), 15)
        outlook = report.sections.get(kind=SectionKind.OUTLOOK)
        services.section_update(section=outlook, body=OUTLOOK_2018, expected_version=outlook.version, actor=sek)
        # The agenda goes out on 24 March; the draft is on it as a decision item with its PDF.
        clock.at(dt.date(2019, 3, 22), 14)
        report = services.report_put_on_agenda(report=report, meeting=meeting, actor=sek)
        item_update(item=report.agenda_item, title=REPORT_2018_ITEM, case_text=REPORT_2018_CASE,
                    recommendation=REPORT_2018_RECOMMENDATION, actor=sek)
    return report


def _approve_2018(council: Council, sek) -> bool:
    report = (AnnualReport.objects.filter(council=council, year=2018, approved_at__isnull=True)
              .select_related("agenda_item__meeting").first())
    meeting = report.agenda_item.meeting if report is not None and report.agenda_item is not None else None
    if meeting is None or meeting.status not in HELD:
        return False
    first_message = _last_message_id()
    with _historic() as clock:
        clock.at(dt.date(2019, 4, 1), 18, 30)
        services.report_approve(report=report, actor=sek)
        clock.at(dt.date(2019, 4, 8), 10)
        services.report_publish(report=report, actor=sek)
        # Sent to the committee ahead of the council's meeting with it on 23 May 2019.
        clock.at(dt.date(2019, 5, 9), 10)
        services.report_send(report=report, recipient_name=SUS[0], recipient_email=SUS[1], actor=sek)
    _settle_outbox(first_message)
    return True


# --- Albertslund 2026: a draft the working group is writing ------------------------------------

def _draft_2026(council: Council, users) -> bool:
    if AnnualReport.objects.filter(council=council, year=2026).exists():
        return False
    sek, chair = users["sek_albertslund"], users["formand_albertslund"]
    group = WorkingGroup.objects.filter(council=council, name="Årsberetning 2026").first()
    today = timezone.localdate()
    with _historic() as clock:
        clock.ago(today, 12, 10)
        report = services.report_create(council=council, year=2026, working_group=group, actor=sek)
        clock.ago(today, 2, 20)
        outlook = report.sections.get(kind=SectionKind.OUTLOOK)
        services.section_update(section=outlook, body=OUTLOOK_2026, expected_version=outlook.version, actor=chair)
    return True


def seed_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after the council's year (activities, finance, library) and before the
    spring 2019 meeting is held (``meetings.demo.hold_demo``): Albertslund's 2018 report drafted
    and on that meeting's agenda, and the 2026 report in draft."""
    council = _council("albertslund")
    if council is None:
        return
    with transaction.atomic():
        if _draft_2018(council, run.users["sek_albertslund"]) is not None:
            _added(run)
    with transaction.atomic():
        if _draft_2026(council, run.users):
            _added(run)


def approve_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after the spring 2019 meeting is held: the 2018 report approved,
    published and sent."""
    council = _council("albertslund")
    if council is None:
        return
    with transaction.atomic():
        if _approve_2018(council, run.users["sek_albertslund"]):
            _added(run)
