"""Writes for the council's money: the yearly budget, expenses with receipts, per diem opt-outs
and recording a payout list as per diem expenses. Every write is audited (``finance.*``).

Rules across relations live here: an expense links to the council's own meeting or event
(never another council's), per diem and transport are paid to one of the council's people,
receipts are sniffed and size-limited like every other upload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_date
from core.uploads import RECEIPT
from councils.models import Council, Term
from finance import selectors
from finance.formats import kr
from finance.models import Budget, Category, Expense, ExpenseStatus, PerDiemOptOut, Receipt

if TYPE_CHECKING:
    from accounts.models import User
    from councils.models import Council

EXPENSE_FIELDS = ("date", "category", "status", "amount", "description", "meeting", "event", "person")
PERSONAL_CATEGORIES = (Category.PER_DIEM, Category.TRANSPORT)


def _same_council(council: Council, obj, field: str) -> None:
    if obj is not None and obj.council_id != council.pk:
        raise ApplicationError(_("Vælg blandt rådets egne."), field=field, code="other_council")


# --- Budget ------------------------------------------------------------------------------------

@transaction.atomic
def budget_set(*, council: Council, year: int, amount: Decimal, note: str = "", actor: User | None = None) -> Budget:
    """Set (or change) the council's budget for a year."""
    if amount is None or Decimal(amount) < 0:
        raise ApplicationError(_("Budgettet kan ikke være negativt."), field="amount")
    if not 2000 <= int(year) <= 2100:
        raise ApplicationError(_("Skriv et årstal mellem 2000 og 2100."), field="year")
    budget = Budget.objects.select_for_update().filter(council=council, year=year).first()
    before = snapshot(budget) if budget else {}
    if budget is None:
        budget = Budget(council=council, year=year)
    budget.amount = Decimal(amount)
    budget.note = note or ""
    full_clean_or_raise(budget, exclude=["council"])
    budget.save()
    audit(action="finance.budget.updated" if before else "finance.budget.created", actor=actor, council=council,
          obj=budget, before=before, after=snapshot(budget))
    return budget


# --- Expenses ---------------------------------------------------------------------------------

# How far from today an expense may be dated ahead, and how long before the council's first term.
EXPENSE_DAYS_AHEAD = 366
EXPENSE_DAYS_BEFORE_FIRST_TERM = 366


def _day(day: dt.date) -> str:
    return long_date(day)


def _check_date(council: Council, day: dt.date | None, *, budget_year: int | None, today: dt.date) -> None:
    """An expense belongs to a budget year: not more than a year ahead (a typo such as 2062 is
    caught), not more than a year before the council's first term began (recruiting for it can
    cost), and – when it is registered under a given budget year – a date in that year."""
    if day is None:
        return
    if day > today + dt.timedelta(days=EXPENSE_DAYS_AHEAD):
        raise ApplicationError(_("Datoen %(date)s ligger mere end et år ude i fremtiden. Skriv den dato, udgiften "
                                 "afholdes – tjek årstallet.") % {"date": _day(day)}, field="date",
                               code="date_future")
    first = Term.objects.filter(council=council).order_by("start").values_list("start", flat=True).first()
    if first is not None and day < first - dt.timedelta(days=EXPENSE_DAYS_BEFORE_FIRST_TERM):
        raise ApplicationError(_("Datoen %(date)s ligger mere end et år før rådets første valgperiode begyndte "
                                 "(%(start)s). Tjek årstallet.") % {"date": _day(day), "start": _day(first)},
                               field="date", code="date_before_council")
    if budget_year is not None and day.year != budget_year:
        raise ApplicationError(_("Udgiften registreres i budgettet for %(year)d. Vælg en dato i %(year)d, eller "
                                 "registrér udgiften under det rigtige år.") % {"year": budget_year},
                               field="date", code="date_budget_year")


def _check_expense(council: Council, expense: Expense, *, budget_year: int | None = None,
                   today: dt.date | None = None) -> None:
    _check_date(council, expense.date, budget_year=budget_year, today=today or timezone.localdate())
    _same_council(council, expense.meeting, "meeting")
    _same_council(council, expense.event, "event")
    _same_council(council, expense.person, "person")
    if expense.meeting_id and expense.event_id:
        raise ApplicationError(_("Knyt udgiften til enten et møde eller et arrangement – ikke begge."),
                               field="event")
    if expense.amount is None or expense.amount <= 0:
        raise ApplicationError(_("Beløbet skal være større end 0 kr."), field="amount")
    if expense.category in PERSONAL_CATEGORIES and expense.person_id is None:
        raise ApplicationError(_("Vælg den person, der får %(category)s udbetalt.")
                               % {"category": expense.get_category_display().lower()}, field="person")
    full_clean_or_raise(expense, exclude=["council", "created_by"])


@transaction.atomic
def expense_create(*, council: Council, date: dt.date, category: str, amount: Decimal, description: str,
                   status: str = ExpenseStatus.SPENT, meeting=None, event=None, person=None,
                   actor: User | None = None, budget_year: int | None = None, today: dt.date | None = None) -> Expense:
    """Register an expense. With ``budget_year`` (the form was opened for that year's budget) its
    date must lie in that year; it can never lie far outside the council's years (``_check_date``)."""
    expense = Expense(council=council, date=date, category=category, status=status, amount=amount,
                      description=(description or "").strip(), meeting=meeting, event=event, person=person,
                      created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _check_expense(council, expense, budget_year=budget_year, today=today)
    expense.save()
    audit(action="finance.expense.created", actor=actor, council=council, obj=expense)
    return expense


@transaction.atomic
def expense_update(*, expense: Expense, council: Council, actor: User | None = None, budget_year: int | None = None,
                   today: dt.date | None = None, **fields) -> Expense:
    if expense.council_id != council.pk:
        raise ApplicationError(_("Udgiften hører til et andet råd."))
    unknown = set(fields) - set(EXPENSE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown expense fields: {sorted(unknown)}")
    before = snapshot(expense)
    for name, value in fields.items():
        setattr(expense, name, value.strip() if name == "description" and value else value)
    _check_expense(council, expense, budget_year=budget_year, today=today)
    expense.save()
    audit(action="finance.expense.updated", actor=actor, council=council, obj=expense, before=before,
          after=snapshot(expense))
    return expense


def _delete_files(files) -> None:
    def remove():
        for f in files:
            try:
                f.storage.delete(f.name)
            except OSError:
                pass

    transaction.on_commit(remove)


@transaction.atomic
def expense_delete(*, expense: Expense, council: Council, actor: User | None = None) -> None:
    if expense.council_id != council.pk:
        raise ApplicationError(_("Udgiften hører til et andet råd."))
    files = [r.file for r in Receipt.objects.filter(expense=expense) if r.file]
    before = snapshot(expense) | {"receipts": [r.name for r in Receipt.objects.filter(expense=expense)]}
    pk = expense.pk
    expense.delete()
    expense.pk = pk
    audit(action="finance.expense.deleted", actor=actor, council=council, obj=expense, before=before,
          after={})
    _delete_files(files)


# --- Receipts ---------------------------------------------------------------------------------

@transaction.atomic
def receipt_add(*, expense: Expense, file, council: Council, actor: User | None = None) -> Receipt:
    """Attach a receipt (PDF, image or office file; the type sniffed from the content, size-limited)."""
    if expense.council_id != council.pk:
        raise ApplicationError(_("Udgiften hører til et andet råd."))
    if file is None:
        raise ApplicationError(_("Vælg en fil med kvitteringen."), field="file")
    receipt = Receipt(council=council, expense=expense)
    receipt.attach_upload(file, noun=RECEIPT)
    full_clean_or_raise(receipt, exclude=["council", "file"])
    receipt.save()
    audit(action="finance.receipt.added", actor=actor, council=council, obj=receipt,
          after=snapshot(receipt, ["expense", "name", "content_type", "size"]))
    return receipt


@transaction.atomic
def receipt_delete(*, receipt: Receipt, council: Council, actor: User | None = None) -> None:
    if receipt.council_id != council.pk:
        raise ApplicationError(_("Kvitteringen hører til et andet råd."))
    before = snapshot(receipt, ["expense", "name", "content_type", "size"])
    files = [receipt.file] if receipt.file else []
    pk = receipt.pk
    receipt.delete()
    receipt.pk = pk
    audit(action="finance.receipt.deleted", actor=actor, council=council, obj=receipt, before=before,
          after={})
    _delete_files(files)


# --- Per diem opt-outs -------------------------------------------------------------------------

@transaction.atomic
def opt_out_create(*, council: Council, person, since: dt.date, until: dt.date | None = None, note: str = "",
                   actor: User | None = None) -> PerDiemOptOut:
    """A person chooses not to receive per diem from ``since`` (to ``until``, both included)."""
    _same_council(council, person, "person")
    if until is not None and until < since:
        raise ApplicationError(_("Slutdatoen skal ligge efter startdatoen."), field="until")
    overlapping = PerDiemOptOut.objects.filter(council=council, person=person).exclude(
        until__lt=since)
    if until is not None:
        overlapping = overlapping.exclude(since__gt=until)
    if overlapping.exists():
        raise ApplicationError(_("%(name)s har allerede fravalgt diæter i en del af perioden.")
                               % {"name": person.name}, field="since", code="overlap")
    opt_out = PerDiemOptOut(council=council, person=person, since=since, until=until, note=(note or "").strip())
    full_clean_or_raise(opt_out, exclude=["council"])
    opt_out.save()
    audit(action="finance.per_diem_opt_out.created", actor=actor, council=council, obj=opt_out)
    return opt_out


@transaction.atomic
def opt_out_end(*, opt_out: PerDiemOptOut, council: Council, actor: User | None = None,
                today: dt.date | None = None) -> None:
    """End an opt-out: per diem again from today. An opt-out that has not started yet is removed."""
    if opt_out.council_id != council.pk:
        raise ApplicationError(_("Fravalget hører til et andet råd."))
    today = today or timezone.localdate()
    before = snapshot(opt_out)
    if opt_out.since >= today:
        pk = opt_out.pk
        opt_out.delete()
        opt_out.pk = pk
        audit(action="finance.per_diem_opt_out.deleted", actor=actor, council=council, obj=opt_out,
              before=before, after={})
        return
    if opt_out.until is not None and opt_out.until < today:
        raise ApplicationError(_("Fravalget er allerede slut."), code="ended")
    opt_out.until = today - dt.timedelta(days=1)
    opt_out.save(update_fields=["until"])
    audit(action="finance.per_diem_opt_out.ended", actor=actor, council=council, obj=opt_out, before=before,
          after=snapshot(opt_out))


# --- Recording a payout -------------------------------------------------------------------------

@transaction.atomic
def per_diem_record(*, council: Council, start: dt.date, end: dt.date, actor: User | None = None) -> list[Expense]:
    """Record the payout list of a period as per diem expenses (spent): one expense per person and
    meeting. Idempotent: a person's per diem for a meeting is never recorded twice."""
    if end < start:
        raise ApplicationError(_("Slutdatoen skal ligge efter startdatoen."), field="end")

    Council.objects.select_for_update().filter(pk=council.pk).first()  # one recording at a time per council
    payout = selectors.per_diem_payout(council=council, start=start, end=end)
    rows = [r for r in payout.rows if r.paid_meetings]
    done = selectors.recorded_per_diem_keys(
        council=council, person_ids={r.person.pk for r in rows},
        meeting_ids={m.meeting.pk for r in rows for m in r.paid_meetings})
    user = actor if getattr(actor, "is_authenticated", False) else None
    def description(day) -> str:
        with translation.override(settings.LANGUAGE_CODE):  # written into the books: the council's language
            return _("Diæt for mødet den %(date)s") % {"date": long_date(day)}

    created = []
    for row in rows:
        for m in row.paid_meetings:
            if (row.person.pk, m.meeting.pk) in done:
                continue
            expense = Expense(council=council, date=m.day, category=Category.PER_DIEM, status=ExpenseStatus.SPENT,
                              amount=m.rate, meeting=m.meeting, person=row.person, created_by=user,
                              description=description(m.day))
            full_clean_or_raise(expense, exclude=["council", "created_by"])
            created.append(expense)
    try:
        Expense.objects.bulk_create(created)
    except IntegrityError as error:  # pragma: no cover - the constraint only guards a positive amount
        raise ApplicationError(_("Diæterne kunne ikke bogføres.")) from error
    total = sum((e.amount for e in created), Decimal(0))
    audit(action="finance.per_diem.recorded", actor=actor, council=council,
          after={"start": str(start), "end": str(end), "expenses": [e.pk for e in created],
                 "total": str(total), "total_text": kr(total)})
    return created
