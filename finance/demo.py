"""Demo budgets and expenses for ``manage.py seed_demo``, through the real services
(``finance.services``).

Albertslund: budgets for 2018, 2019 and 2026. In 2019 the council had only spent money on
catering for its two meetings by April – about 1,200 kr., as its minutes say. In 2026 the rules of
procedure give per diem to members outside the municipal board (one member has opted out),
recorded for the held meetings with the payout service; catering, transport and event costs
are linked to meetings and events, and one expense has a receipt. Ishøj: 25,000 kr. a year, as
its 2015 framework sets aside for per diem, catering, transport and theme days. Gentofte:
150,000 kr. a year, as the proposal for its council. Amounts not in the seeds are plausible
figures of our own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from activities.demo import YEAR_ADDED
from activities.models import Event
from core.demo import DemoRun, pdf_upload
from core.formats import long_date
from councils.demo import seed_each_council
from councils.models import Council, Person
from councils.selectors import roster_on, rules_in_force
from councils.services import rules_update
from finance import formats, services
from finance.models import Category, Expense, ExpenseStatus
from finance.selectors import seat_gives_per_diem
from meetings.models import Meeting, MeetingStatus

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)


def _meetings(council: Council, year: int) -> list[Meeting]:
    return list(Meeting.objects.filter(council=council, starts_at__year=year).exclude(
        status=MeetingStatus.CANCELLED).order_by("starts_at"))


def _day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def _event(council: Council, title_start: str) -> Event | None:
    return Event.objects.filter(council=council, title__startswith=title_start).order_by("starts_at").first()


def _rate(council: Council, by, *, rate: int, valid_from: dt.date) -> None:
    """Per diem at ``rate`` kr. a meeting from ``valid_from`` (a new version of the rules) when
    the rules in force have no rate."""
    rules = rules_in_force(council=council, on=valid_from)
    if rules is not None and rules.per_diem_rate:
        return
    rules_update(council=council, actor=by, valid_from=valid_from, per_diem_rate=Decimal(rate))


def _catering(council: Council, meetings: list[Meeting], amounts: list[int], by, *, status=ExpenseStatus.SPENT):
    expenses = []
    for meeting, amount in zip(meetings, amounts, strict=False):
        expenses.append(services.expense_create(
            council=council, date=_day(meeting), category=Category.CATERING, amount=Decimal(amount),
            status=status, meeting=meeting, actor=by,
            description=f"Forplejning til rådsmødet den {long_date(_day(meeting))}"))
    return expenses


# --- Albertslund --------------------------------------------------------------------------------

def _albertslund(council: Council, users) -> None:
    sek = users["sek_albertslund"]
    services.budget_set(council=council, year=2018, amount=Decimal(30_000), actor=sek,
                        note="Rådets første år: møder, forplejning, transport og deltagelse i konferencer.")
    services.budget_set(council=council, year=2019, amount=Decimal(30_000), actor=sek)
    services.budget_set(council=council, year=2026, amount=Decimal(40_000), actor=sek,
                        note="Møder, diæter, transport, arrangementer og rådets borgermøde.")

    # 2018 and 2019: catering and the costs of the events the council went to.
    _catering(council, _meetings(council, 2018), [650, 540, 610, 480, 575], sek)  # the five meetings of 2018
    _catering(council, _meetings(council, 2019), [580, 620], sek)  # "ca. 1.200 kr." by April 2019
    for title, amount, text in (("Konference om bisidderordninger", 450, "Deltagergebyr, tre medlemmer"),
                                ("Regionalt netværksmøde", 288, "Togbilletter, tre medlemmer"),
                                ("Netværksmøde for udsatteråd", 576, "Togbilletter, seks deltagere")):
        event = _event(council, title)
        if event is not None:
            services.expense_create(council=council, date=timezone.localtime(event.starts_at).date(),
                                    category=Category.EVENTS, amount=Decimal(amount), description=text,
                                    event=event, actor=sek)

    # 2026: per diem from the new term's rules (members outside the municipal board).
    _rate(council, sek, rate=300, valid_from=dt.date(2026, 1, 1))
    today = timezone.localdate()
    member = Person.objects.filter(council=council, user=users["medlem_albertslund"]).first()
    opted = next((e.membership.person for e in roster_on(council=council, on=today).members
                  if not e.membership.person.user_id and seat_gives_per_diem(e.membership)), None)
    if opted is not None:
        services.opt_out_create(council=council, person=opted, since=dt.date(2026, 3, 10), actor=sek,
                                note="Ønsker ikke diæter – meddelt sekretariatet ved rådets start.")
    held = [m for m in _meetings(council, 2026) if m.status in HELD]
    upcoming = [m for m in _meetings(council, 2026) if m.status not in HELD]
    catering = _catering(council, held, [820, 640, 715, 590, 760], sek)
    if held:
        services.per_diem_record(council=council, start=dt.date(2026, 1, 1), end=_day(held[-1]), actor=sek)
    if catering:
        services.receipt_add(council=council, expense=catering[-1], actor=sek, file=pdf_upload(
            "kvittering-forplejning.pdf", "Bageriet i Bytorvet", "Kaffe, te, frugt og sandwich til 14 personer",
            "I alt " + formats.kr(catering[-1].amount)))
    if upcoming:
        _catering(council, upcoming[:1], [800], sek, status=ExpenseStatus.COMMITTED)
    network = _event(council, "Regionalt netværksmøde for udsatteråd i Region Hovedstaden")
    if network is not None and member is not None:
        services.expense_create(council=council, date=timezone.localtime(network.starts_at).date(),
                                category=Category.TRANSPORT, amount=Decimal("96.00"), person=member, event=network,
                                description="Bus og tog tur-retur til netværksmødet", actor=sek)
    citizens = _event(council, "Borgermøde med fællesspisning")
    if citizens is not None:
        services.expense_create(council=council, date=min(today, dt.date(2026, 12, 31)), category=Category.EVENTS,
                                status=ExpenseStatus.COMMITTED, amount=Decimal(6_500), event=citizens,
                                description="Mad og leje af salen til borgermødet (bestilt)", actor=sek)


# --- Ishøj and Gentofte -----------------------------------------------------------------------

def _ishoej(council: Council, users) -> None:
    sek = users["sek_ishoej"]
    note = "Afsat fra 1. januar 2016 til diæter, mødeforplejning, transport, temadage m.m."
    services.budget_set(council=council, year=2026, amount=Decimal(25_000), note=note, actor=sek)
    services.budget_set(council=council, year=2027, amount=Decimal(25_000), note=note, actor=sek)
    _rate(council, sek, rate=250, valid_from=dt.date(2026, 1, 1))
    held = [m for m in _meetings(council, 2026) if m.status in HELD]
    _catering(council, held, [540, 610, 480, 575], sek)
    if held:
        services.per_diem_record(council=council, start=dt.date(2026, 1, 1), end=_day(held[-1]), actor=sek)
    theme_day = _event(council, "Opstartstemadag")
    if theme_day is not None:
        services.expense_create(council=council, date=timezone.localtime(theme_day.starts_at).date(),
                                category=Category.EVENTS, amount=Decimal(3_200), event=theme_day,
                                description="Frokost, kaffe og lokale til temadagen", actor=sek)


def _gentofte(council: Council, users) -> None:
    sek = users["sek_gentofte"]
    services.budget_set(council=council, year=2027, amount=Decimal(150_000), actor=sek,
                        note="Møder, workshops m.v. i forsøgsperiodens første år.")
    services.expense_create(council=council, date=dt.date(2027, 1, 8), category=Category.OTHER,
                            status=ExpenseStatus.COMMITTED, amount=Decimal(4_800), actor=sek,
                            description="Annonce i lokalavisen om opslaget til det nye velfærdsråd")


def seed_finance(council: Council, users) -> bool:
    """The council's demo budgets and expenses; nothing if it has expenses already (a budget alone
    may come from the council's preset)."""
    if Expense.objects.filter(council=council).exists():
        return False
    seeder = {"albertslund": _albertslund, "ishoej": _ishoej, "gentofte": _gentofte}.get(council.slug)
    if seeder is None:
        return False
    seeder(council, users)
    return True


def seed_demo(run: DemoRun) -> None:
    """``seed_demo``'s step after activities (the expenses link to its events): each demo
    council's budgets and expenses."""
    seed_each_council(run, seed_finance, added=YEAR_ADDED)
