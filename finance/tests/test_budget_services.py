"""Budget and expense services: the arithmetic of the status (a property over random expenses),
links to the council's own meetings and events only, the person for per diem and transport,
receipts sniffed like every upload, and an audit event for every write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ApplicationError
from core.models import AuditEvent
from finance import selectors, services
from finance.formats import kr, kr_short, parse
from finance.models import Budget, Category, Expense, ExpenseStatus, Receipt
from finance.tests.builders import PDF, upload

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
expense_st = st.tuples(st.sampled_from(Category.values), st.sampled_from(ExpenseStatus.values), amounts,
                       st.sampled_from([2025, 2026, 2027]))


@settings(database=None, max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(budget=st.decimals(min_value=0, max_value=Decimal("150000"), places=2),
       rows=st.lists(expense_st, max_size=12))
def test_status_totals_always_equal_the_sum_of_the_expenses(fin, budget, rows):
    with transaction.atomic():
        services.budget_set(council=fin.council, year=2026, amount=budget)
        for category, status, amount, year in rows:
            fin.expense(amount, category=category, status=status, day=dt.date(year, 6, 15),
                        person=fin["Mads Lund"])
        fin.expense("999", council=fin.other, day=dt.date(2026, 6, 15))  # another council: never counted

        s = selectors.budget_status(council=fin.council, year=2026, as_of=dt.date(2026, 12, 31))

        mine = [r for r in rows if r[3] == 2026]
        spent = sum((r[2] for r in mine if r[1] == "spent"), Decimal(0))
        committed = sum((r[2] for r in mine if r[1] == "committed"), Decimal(0))
        assert s.amount == budget
        assert s.spent == spent and s.committed == committed
        assert s.total == spent + committed
        assert s.left == budget - spent - committed
        assert s.over_budget is (s.left < 0)
        assert sum(c.spent for c in s.categories) == s.spent
        assert sum(c.committed for c in s.categories) == s.committed
        for c in s.categories:
            assert c.total == sum((r[2] for r in mine if r[0] == c.category), Decimal(0))
        assert [c.category for c in s.categories] == Category.values
        assert 0 <= s.bars["spent"] + s.bars["committed"] + s.bars["left"] <= 100.01
        transaction.set_rollback(True)


dated_expense_st = st.tuples(st.sampled_from(ExpenseStatus.values), amounts,
                             st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 1, 31)),
                             st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 1, 31)))


@settings(database=None, max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(dated_expense_st, max_size=12),
       as_of=st.dates(min_value=dt.date(2025, 12, 1), max_value=dt.date(2027, 1, 31)))
def test_status_as_of_a_day_counts_what_was_spent_by_then(fin, rows, as_of):
    """As of a day, an expense of the year counts once its date has come or it was registered; then
    as spent once its date has come (if it is marked spent), and as committed before that or while it
    is only committed."""
    from django.utils import timezone

    with transaction.atomic():
        services.budget_set(council=fin.council, year=2026, amount=Decimal("40000"))
        for status, amount, day, registered in rows:
            expense = fin.expense(amount, category="catering", status=status, day=day)
            Expense.objects.filter(pk=expense.pk).update(created_at=timezone.make_aware(
                dt.datetime.combine(registered, dt.time(23, 30))))
        s = selectors.budget_status(council=fin.council, year=2026, as_of=as_of)
        known = [r for r in rows if r[2].year == 2026 and (r[2] <= as_of or r[3] <= as_of)]
        spent = sum((r[1] for r in known if r[0] == "spent" and r[2] <= as_of), Decimal(0))
        assert s.spent == spent
        assert s.committed == sum((r[1] for r in known), Decimal(0)) - spent
        assert s.left == Decimal("40000") - s.spent - s.committed
        transaction.set_rollback(True)


@settings(database=None, max_examples=200, deadline=None)
@given(amount=st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2))
def test_danish_amounts_read_back(amount):
    text = kr(amount)
    assert text.endswith(" kr.")
    assert parse(text) == amount
    assert parse(kr_short(amount)) == amount


def test_formats():
    assert kr(Decimal("25000")) == "25.000,00 kr."
    assert kr(Decimal("1234567.5")) == "1.234.567,50 kr."
    assert kr_short(Decimal("25000.00")) == "25.000 kr."
    assert kr_short(Decimal("450.5")) == "450,50 kr."
    assert parse("25.000") == Decimal("25000.00") and parse("25000.5") == Decimal("25000.50")
    assert parse("1.250,50 kr.") == Decimal("1250.50") and parse("tusind") is None


def test_budget_set_creates_then_updates_with_audit(fin):
    services.budget_set(council=fin.council, year=2026, amount=Decimal("25000"), actor=fin.secretary)
    services.budget_set(council=fin.council, year=2026, amount=Decimal("30000"), note="Tillægsbevilling",
                        actor=fin.secretary)
    budget = Budget.objects.get(council=fin.council, year=2026)
    assert budget.amount == Decimal("30000") and budget.note == "Tillægsbevilling"
    actions = list(AuditEvent.objects.filter(council=fin.council, action__startswith="finance.budget")
                   .values_list("action", flat=True).order_by("id"))
    assert actions == ["finance.budget.created", "finance.budget.updated"]
    with pytest.raises(ApplicationError):
        services.budget_set(council=fin.council, year=2026, amount=Decimal("-1"))


def test_expense_links_only_to_the_councils_own_meeting_event_and_person(fin):
    from django.utils import timezone

    from activities.models import Event

    theirs = fin.meeting(dt.date(2026, 5, 5), council=fin.other)
    their_event = Event.objects.create(council=fin.other, title="Deres konference", starts_at=timezone.now())
    from councils.models import Person

    their_person = Person.objects.create(council=fin.other, name="Fremmed Person")
    for links in ({"meeting": theirs}, {"event": their_event}, {"person": their_person}):
        with pytest.raises(ApplicationError) as error:
            fin.expense("100", **links)
        assert error.value.code == "other_council"
    assert not Expense.objects.filter(council=fin.council).exists()

    mine = fin.meeting(dt.date(2026, 5, 6))
    event = Event.objects.create(council=fin.council, title="Temadag", starts_at=timezone.now())
    with pytest.raises(ApplicationError, match="enten et møde eller et arrangement"):
        fin.expense("100", meeting=mine, event=event)
    assert fin.expense("100", meeting=mine).meeting == mine


def test_per_diem_and_transport_need_a_person(fin):
    for category in ("per_diem", "transport"):
        with pytest.raises(ApplicationError) as error:
            fin.expense("120", category=category)
        assert error.value.field == "person"
    assert fin.expense("120", category="transport", person=fin["Mads Lund"]).person == fin["Mads Lund"]


def test_update_and_delete_are_audited_and_remove_receipts(fin, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    expense = fin.expense("450")
    services.expense_update(expense=expense, council=fin.council, actor=fin.secretary, amount=Decimal("475"),
                            status="committed")
    expense.refresh_from_db()
    assert expense.amount == Decimal("475") and expense.status == "committed"
    receipt = services.receipt_add(expense=expense, file=upload("bon.pdf"), council=fin.council,
                                   actor=fin.secretary)
    stored = tmp_path / receipt.file.name
    assert stored.exists() and receipt.name == "bon.pdf" and receipt.content_type == "application/pdf"
    with django_capture_on_commit_callbacks(execute=True):
        services.expense_delete(expense=expense, council=fin.council, actor=fin.secretary)
    assert not Expense.objects.filter(pk=expense.pk).exists() and not Receipt.objects.exists()
    assert not stored.exists()
    actions = list(AuditEvent.objects.filter(council=fin.council, action__startswith="finance.")
                   .values_list("action", flat=True).order_by("id"))
    assert actions == ["finance.expense.created", "finance.expense.updated", "finance.receipt.added",
                       "finance.expense.deleted"]
    deleted = AuditEvent.objects.get(action="finance.expense.deleted")
    assert deleted.before["amount"] == "475.00" and deleted.before["receipts"] == ["bon.pdf"]


def test_disguised_receipt_is_refused_in_danish(fin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    expense = fin.expense("450")
    with pytest.raises(ApplicationError) as error:
        services.receipt_add(expense=expense, file=upload("kvittering.pdf", EXE), council=fin.council)
    assert error.value.code == "disguised" and "kan ikke bruges som kvittering" in error.value.message
    settings.STEMME_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ApplicationError) as error:
        services.receipt_add(expense=expense, file=upload("stor.pdf", PDF), council=fin.council)
    assert error.value.code == "too_large" and "for stor" in error.value.message
    assert not Receipt.objects.exists()
