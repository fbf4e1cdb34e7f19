"""Reads for the council's money. Every function takes the council and filters on it: another
council's budget, expense or receipt is simply not found (404).

The per diem payout list (``per_diem_payout``) is built here from data of other apps: who was
present at a council meeting (``meetings.Attendance``), their membership's seat category
(``SeatCategory.per_diem``: the municipal board's seats and the municipality's employees' seats
give none), the rules of procedure in force on the meeting's day (``per_diem`` and
``per_diem_rate``) and the member's own opt-out. It never reads or returns lived-experience
status, nor the seat category's name (which can reveal it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Event
from councils.models import Membership, MembershipRole, PerDiemEligibility, Person, RulesOfProcedure
from councils.selectors import people
from finance.models import Budget, Category, Expense, ExpenseStatus, PerDiemOptOut, Receipt
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus

if TYPE_CHECKING:
    from councils.models import Council, Person

ZERO = Decimal("0.00")


# --- Budget status --------------------------------------------------------------------------------

@dataclass
class CategoryStatus:
    category: str
    label: str
    spent: Decimal = ZERO
    committed: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.spent + self.committed


@dataclass
class BudgetStatus:
    year: int
    budget: Budget | None
    categories: list[CategoryStatus]

    @property
    def amount(self) -> Decimal:
        return self.budget.amount if self.budget is not None else ZERO

    @property
    def spent(self) -> Decimal:
        return sum((c.spent for c in self.categories), ZERO)

    @property
    def committed(self) -> Decimal:
        return sum((c.committed for c in self.categories), ZERO)

    @property
    def total(self) -> Decimal:
        return self.spent + self.committed

    @property
    def left(self) -> Decimal:
        """The budget less what is spent and what is committed (negative when overspent)."""
        return self.amount - self.spent - self.committed

    @property
    def over_budget(self) -> bool:
        return self.left < 0

    @property
    def per_diem(self) -> Decimal:
        """All per diem of the year as one total (the annual report never shows it per person)."""
        return sum((c.total for c in self.categories if c.category == Category.PER_DIEM), ZERO)

    def _percent(self, value: Decimal) -> float:
        scale = max(self.amount, self.total)
        return round(float(value / scale * 100), 2) if scale > 0 else 0.0

    @property
    def bars(self) -> dict:
        """Widths in percent of the larger of the budget and the expenses, for the chart."""
        return {"spent": self._percent(self.spent), "committed": self._percent(self.committed),
                "left": self._percent(max(self.left, ZERO))}

    @property
    def category_bars(self) -> list[dict]:
        scale = max((c.total for c in self.categories), default=ZERO)
        rows = []
        for c in self.categories:
            rows.append({"status": c,
                         "spent": round(float(c.spent / scale * 100), 2) if scale > 0 else 0.0,
                         "committed": round(float(c.committed / scale * 100), 2) if scale > 0 else 0.0})
        return rows


def budget_get(*, council: Council, year: int) -> Budget | None:
    return Budget.objects.filter(council=council, year=year).first()


def budget_status(*, council: Council, year: int, as_of: dt.date) -> BudgetStatus:
    """Spent, committed and left of ``year``'s budget as it stood on ``as_of``, in total and per
    category; two queries.

    An expense counts once its date has come, or once it was registered, whichever is first: a
    receipt for February registered in April belongs to a status as of March (the money was spent),
    while an event booked in May for September does not (nobody knew of it in March). It counts as
    spent from its date on if it is marked spent; before its date, and while it is only committed,
    it counts as committed."""
    by_category = {c: CategoryStatus(c, str(label)) for c, label in Category.choices}
    day_after = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min,
                                    tzinfo=timezone.get_current_timezone())
    spent_by_then = Q(status=ExpenseStatus.SPENT, date__lte=as_of)
    known_by_then = Q(date__lte=as_of) | Q(created_at__lt=day_after)
    rows = (Expense.objects.filter(known_by_then, council=council, date__year=year).order_by()
            .annotate(spent_by_then=Case(When(spent_by_then, then=True), default=False,
                                         output_field=BooleanField()))
            .values("category", "spent_by_then").annotate(total=Sum("amount")))
    for row in rows:
        status = by_category.get(row["category"])
        if status is None:
            continue
        if row["spent_by_then"]:
            status.spent += row["total"]
        else:
            status.committed += row["total"]
    return BudgetStatus(year=year, budget=budget_get(council=council, year=year),
                        categories=list(by_category.values()))


def years(*, council: Council) -> list[int]:
    """Years with a budget or expenses, and the current year; newest first."""
    found = set(Budget.objects.filter(council=council).values_list("year", flat=True))
    found |= {d.year for d in Expense.objects.filter(council=council).dates("date", "year")}
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


# --- Expenses and receipts ----------------------------------------------------------------------

def expenses(*, council: Council, year: int | None = None, category: str = "") -> QuerySet[Expense]:
    qs = (Expense.objects.filter(council=council).select_related("meeting", "event", "person")
          .annotate(receipt_count=Count("receipts")))
    if year is not None:
        qs = qs.filter(date__year=year)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-date", "-id")


def expense_get(*, council: Council, pk) -> Expense:
    return get_object_or_404(Expense.objects.select_related("meeting", "event", "person", "created_by"),
                             council=council, pk=pk)


def receipts(*, expense: Expense) -> list[Receipt]:
    return list(Receipt.objects.filter(council_id=expense.council_id, expense=expense))


def receipt_get(*, council: Council, pk) -> Receipt:
    return get_object_or_404(Receipt.objects.select_related("expense"), council=council, pk=pk)


def meeting_choices(*, council: Council):
    return Meeting.objects.filter(council=council).exclude(status="cancelled").order_by("-starts_at")


def event_choices(*, council: Council):
    return Event.objects.filter(council=council).order_by("-starts_at")


def person_choices(*, council: Council):
    return people(council=council).order_by("name")


# --- Per diem opt-outs ----------------------------------------------------------------------------

def opt_outs(*, council: Council, person_ids=None) -> QuerySet[PerDiemOptOut]:
    qs = PerDiemOptOut.objects.filter(council=council).select_related("person")
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    return qs.order_by("person__name", "-since")


def opt_out_get(*, council: Council, pk, person_ids=None) -> PerDiemOptOut:
    qs = PerDiemOptOut.objects.filter(council=council).select_related("person")
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    return get_object_or_404(qs, pk=pk)


def is_opted_out(opt_outs_of_person, day: dt.date) -> bool:
    return any(o.since <= day and (o.until is None or o.until >= day) for o in opt_outs_of_person)


# --- The per diem payout list -------------------------------------------------------------------

@dataclass
class PayoutMeeting:
    meeting: Meeting
    day: dt.date
    rate: Decimal
    opted_out: bool


@dataclass
class PayoutRow:
    person: Person
    meetings: list[PayoutMeeting] = field(default_factory=list)
    transport: Decimal = ZERO

    @property
    def meeting_count(self) -> int:
        return len(self.meetings)

    @property
    def paid_meetings(self) -> list[PayoutMeeting]:
        return [m for m in self.meetings if not m.opted_out]

    @property
    def amount(self) -> Decimal:
        return sum((m.rate for m in self.paid_meetings), ZERO)

    @property
    def opted_out(self) -> bool:
        return any(m.opted_out for m in self.meetings)

    @property
    def rates(self) -> list[Decimal]:
        return sorted({m.rate for m in self.meetings})

    @property
    def rate(self) -> Decimal | None:
        """The rate when all meetings had the same one."""
        rates = self.rates
        return rates[0] if len(rates) == 1 else None

    @property
    def reason(self) -> str:
        """Why a row has no (or less) per diem."""
        if self.meetings and all(m.opted_out for m in self.meetings):
            return _("fravalgt")
        if self.opted_out:
            return _("fravalgt for %(n)d møde(r)") % {"n": sum(m.opted_out for m in self.meetings)}
        if not self.meetings:
            return _("kun transport")
        return ""


@dataclass
class Payout:
    start: dt.date
    end: dt.date
    rows: list[PayoutRow]
    meeting_count: int

    @property
    def payroll_rows(self) -> list[PayoutRow]:
        """The rows the payroll gets: someone with per diem or transport to be paid. A member who
        opted out of every meeting's per diem and has no transport is left out."""
        return [r for r in self.rows if r.amount > 0 or r.transport > 0]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def transport_total(self) -> Decimal:
        return sum((r.transport for r in self.rows), ZERO)


def _local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return first, after


def _rules_on(versions: list, day: dt.date):
    """Like ``councils.selectors.rules_in_force`` on a list loaded once."""
    in_force = [r for r in versions if r.valid_from <= day]
    if in_force:
        return max(in_force, key=lambda r: (r.valid_from, r.version))
    return min(versions, key=lambda r: r.version) if versions else None


def _membership_on(memberships: list, day: dt.date):
    for m in memberships:
        if m.status == "appointed" and m.start <= day and (m.end is None or m.end >= day):
            return m
    return None


def per_diem_rule(rules) -> tuple[bool, Decimal]:
    """(per diem is paid at all, the rate) under a version of the rules of procedure."""
    if rules is None or rules.per_diem != PerDiemEligibility.NON_BOARD or not rules.per_diem_rate:
        return False, ZERO
    return True, Decimal(rules.per_diem_rate)


def seat_gives_per_diem(membership) -> bool:
    """Whether the member's seat (a substitute: their member's seat) gives per diem. The municipal
    board's seats never do, nor the seats of the municipality's employees, who attend in their
    working time (``SeatCategory.per_diem``). A member without a seat category gets per diem."""
    category = membership.seat_category
    if category is None and membership.substitute_for_id:
        category = membership.substitute_for.seat_category
    return category is None or (category.per_diem and not category.municipal_board)


def per_diem_payout(*, council: Council, start: dt.date, end: dt.date) -> Payout:
    """One row per person for the period ``start``–``end`` (both included): the council meetings
    they were present at that give per diem (rate from the rules on that day), the amount (0 for
    meetings under their opt-out) and their transport reimbursement, recorded separately as
    transport expenses. Members in seats without per diem (the municipal board, the municipality's
    employees), guests and meetings under rules without per diem (or rate 0) give nothing, and
    such people are not listed – unless they have transport, which is listed on its own. A member
    who has opted out is listed with 0 kr. and the reason. A constant number of queries."""
    first, after = _local_bounds(start, end)
    meetings = list(Meeting.objects.filter(council=council, starts_at__gte=first, starts_at__lt=after)
                    .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at"))
    versions = list(RulesOfProcedure.objects.filter(council=council))
    attendances = list(
        Attendance.objects.filter(council=council, meeting__in=meetings, status=AttendanceStatus.PRESENT,
                                  is_guest=False)
        .select_related("person", "meeting", "membership__seat_category",
                        "membership__substitute_for__seat_category")
        .order_by("meeting__starts_at", "person__name"))
    person_ids = {a.person_id for a in attendances}
    memberships: dict[int, list] = {}
    for m in (Membership.objects.filter(council=council, person_id__in=person_ids)
              .select_related("seat_category", "substitute_for__seat_category").order_by("-start")):
        memberships.setdefault(m.person_id, []).append(m)
    optouts: dict[int, list] = {}
    for o in PerDiemOptOut.objects.filter(council=council, since__lte=end).filter(
            Q(until__isnull=True) | Q(until__gte=start)):
        optouts.setdefault(o.person_id, []).append(o)

    rows: dict[int, PayoutRow] = {}
    for a in attendances:
        day = timezone.localtime(a.meeting.starts_at).date()
        paid, rate = per_diem_rule(_rules_on(versions, day))
        if not paid:
            continue
        membership = a.membership or _membership_on(memberships.get(a.person_id, []), day)
        if membership is None or membership.role == MembershipRole.GUEST or not seat_gives_per_diem(membership):
            continue
        row = rows.setdefault(a.person_id, PayoutRow(person=a.person))
        row.meetings.append(PayoutMeeting(meeting=a.meeting, day=day, rate=rate,
                                          opted_out=is_opted_out(optouts.get(a.person_id, []), day)))

    transport = (Expense.objects.filter(council=council, category=Category.TRANSPORT, person__isnull=False,
                                        date__gte=start, date__lte=end)
                 .order_by().values("person_id").annotate(total=Sum("amount")))
    totals = {t["person_id"]: t["total"] for t in transport}
    if missing := set(totals) - set(rows):
        for person in Person.objects.filter(council=council, pk__in=missing):
            rows[person.pk] = PayoutRow(person=person)
    for pk, total in totals.items():
        rows[pk].transport = total
    ordered = sorted(rows.values(), key=lambda r: (r.person.name.lower(), r.person.pk))
    return Payout(start=start, end=end, rows=ordered, meeting_count=len(meetings))


def recorded_per_diem_keys(*, council: Council, person_ids, meeting_ids) -> set[tuple[int, int]]:
    """(person, meeting) pairs that already have a per diem expense."""
    return set(Expense.objects.filter(council=council, category=Category.PER_DIEM, person_id__in=list(person_ids),
                                      meeting_id__in=list(meeting_ids)).values_list("person_id", "meeting_id"))
