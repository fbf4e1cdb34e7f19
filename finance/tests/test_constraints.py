"""The database refuses what the services refuse (with their Danish messages) for budgets,
expenses and per diem opt-outs: the constraints are the last line, so each test writes past the
services with ``QuerySet.update`` and expects an IntegrityError naming the constraint."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from activities.models import Event
from core.tests.constraints import refused
from finance.models import Budget, Category, Expense, PerDiemOptOut
from meetings.models import Meeting

CPH = ZoneInfo("Europe/Copenhagen")
START = dt.datetime(2026, 5, 4, 16, tzinfo=CPH)


@pytest.fixture
def council(make_council):
    return make_council("begraensning")


@pytest.fixture
def expense(council):
    return Expense.objects.create(council=council, date=dt.date(2026, 5, 4), category=Category.CATERING,
                                  amount=Decimal("250.00"), description="Kaffe og boller")


def test_a_budget_is_not_negative(council):
    budget = Budget.objects.create(council=council, year=2026, amount=Decimal("0"))
    refused("budget_not_negative", lambda: Budget.objects.filter(pk=budget.pk).update(amount=Decimal("-1")))


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-10")])
def test_an_expense_is_more_than_nothing(expense, amount):
    refused("expense_positive", lambda: Expense.objects.filter(pk=expense.pk).update(amount=amount))


def test_a_per_diem_expense_is_more_than_nothing(expense):
    Expense.objects.filter(pk=expense.pk).update(category=Category.PER_DIEM)
    refused("expense_positive", lambda: Expense.objects.filter(pk=expense.pk).update(amount=Decimal("0")))


def test_expense_category_is_one_of_the_choices(expense):
    refused("expense_category_valid", lambda: Expense.objects.filter(pk=expense.pk).update(category="gifts"))


def test_expense_status_is_one_of_the_choices(expense):
    refused("expense_status_valid", lambda: Expense.objects.filter(pk=expense.pk).update(status="planned"))


def test_an_expense_belongs_to_a_meeting_or_an_event_not_both(council, expense):
    meeting = Meeting.objects.create(council=council, starts_at=START, ends_at=START + dt.timedelta(hours=2))
    event = Event.objects.create(council=council, title="Konference", starts_at=START)
    Expense.objects.filter(pk=expense.pk).update(meeting=meeting)
    Expense.objects.filter(pk=expense.pk).update(meeting=None, event=event)
    refused("expense_meeting_or_event", lambda: Expense.objects.filter(pk=expense.pk).update(meeting=meeting))


def test_an_opt_out_ends_after_it_starts(council, add_member):
    person = add_member(council, "Anna Andersen").person
    opt_out = PerDiemOptOut.objects.create(council=council, person=person, since=dt.date(2026, 3, 1),
                                           until=dt.date(2026, 3, 1))  # one day: fine
    refused("per_diem_opt_out_until_after_since",
            lambda: PerDiemOptOut.objects.filter(pk=opt_out.pk).update(until=dt.date(2026, 2, 28)))
