"""Pages of the council's money: the budget status (chart and table), the year's budget,
expenses with receipts, the per diem payout list (with CSV/XLSX and recording it as
expenses), opt-outs managed by the secretariat and a member's own opt-out.

Thin: ``council_view`` decides the role, a selector fetches within the council (404 for
another council's object), one service call writes. The status is for the council's people
(``budget.view``); expenses and receipts for the secretariat (``budget.manage``), per diem
for the secretariat (``perdiem.manage``) and a member's own opt-out for the member."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError
from core.files import serve_stored_file
from core.formats import sentence
from core.forms import form_status
from core.tenancy import council_view
from councils.selectors import people, rules_in_force
from finance import exports, selectors, services
from finance.formats import kr
from finance.forms import (
    BudgetForm,
    ExpenseFilterForm,
    ExpenseForm,
    OptOutEndForm,
    OptOutForm,
    PeriodForm,
    ReceiptForm,
    YearForm,
)
from finance.models import Category

EXPENSES_PER_PAGE = 50


def _url(request, name: str, *args) -> str:
    return reverse(f"finance:{name}", args=[request.council.slug, *args])


def _post(request):
    return request.POST if request.method == "POST" else None


def _year(request, years: list[int]) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None, years=years, initial={"aar": timezone.localdate().year})
    year = form.cleaned_data["aar"] if form.is_bound and form.is_valid() else timezone.localdate().year
    return form, year


def _render(request, template: str, context: dict, *, form=None):
    context = {"nav": "finance", **context}
    return render(request, f"finance/{template}", context, status=form_status(form))


# --- Status and budget -------------------------------------------------------------------------

def _registered_status(council, year: int):
    """The finance pages show the year as registered: every expense by its own status, also those
    dated later this year (the agenda's economy item is computed as of its send date instead)."""
    return selectors.budget_status(council=council, year=year, as_of=max(timezone.localdate(), dt.date(year, 12, 31)))


@require_GET
@council_view("budget.view")
def status(request):
    years = selectors.years(council=request.council)
    year_form, year = _year(request, years)
    return _render(request, "status.html", {
        "status": _registered_status(request.council, year), "year": year,
        "year_form": year_form, "can_manage": request.access.can("budget.manage"),
        "can_per_diem": request.access.can("perdiem.manage"),
        "is_person": bool(request.access.person_ids)})


@council_view("budget.manage")
def budget(request):
    years = selectors.years(council=request.council)
    year = timezone.localdate().year
    if request.GET.get("aar", "").isdigit():
        year = int(request.GET["aar"])
    current = selectors.budget_get(council=request.council, year=year)
    initial = {"year": year, "amount": current.amount if current else None, "note": current.note if current else ""}
    form = BudgetForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_set(council=request.council, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, sentence(_("Budgettet for %(year)d er sat til %(amount)s")
                                      % {"year": saved.year, "amount": kr(saved.amount)}))
            return redirect(f"{_url(request, 'status')}?aar={saved.year}")
    return _render(request, "budget.html", {"form": form, "years": years, "current": current}, form=form)


# --- Expenses -------------------------------------------------------------------------------------

@require_GET
@council_view("budget.manage")
def expense_list(request):
    years = selectors.years(council=request.council)
    form = ExpenseFilterForm(request.GET or None, years=years, initial={"aar": timezone.localdate().year})
    year, category = timezone.localdate().year, ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["aar"] or year
        category = form.cleaned_data["kategori"] or ""
    page = Paginator(selectors.expenses(council=request.council, year=year, category=category),
                     EXPENSES_PER_PAGE).get_page(request.GET.get("side"))
    return _render(request, "expenses.html", {
        "filter_form": form, "page": page, "year": year, "category": category,
        "category_label": Category(category).label if category else "",
        "status": _registered_status(request.council, year)})


def _expense_form(request, data=None, **kwargs) -> ExpenseForm:
    council = request.council
    return ExpenseForm(data, meetings=selectors.meeting_choices(council=council),
                       events=selectors.event_choices(council=council),
                       people=selectors.person_choices(council=council), **kwargs)


def _budget_year(request) -> int | None:
    """The budget year the form was opened for (``?aar=2019`` from that year's pages), if any."""
    asked = request.GET.get("aar", "")
    return int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else None


@council_view("budget.manage")
def expense_create(request):
    initial = {}
    if request.GET.get("kategori") in Category.values:
        initial["category"] = request.GET["kategori"]
    budget_year = _budget_year(request)
    form = _expense_form(request, _post(request), initial=initial, budget_year=budget_year)
    if request.method == "POST" and form.is_valid():
        try:
            expense = services.expense_create(council=request.council, actor=request.user,
                                              budget_year=budget_year, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Udgiften “%(text)s” på %(amount)s er registreret. Tilføj kvitteringen "
                                        "herunder.") % {"text": expense.description, "amount": kr(expense.amount)})
            return redirect(_url(request, "expense", expense.pk))
    title = (_("Registrér en udgift for %(year)d") % {"year": budget_year} if budget_year is not None
             else _("Registrér en udgift"))
    return _render(request, "expense_form.html", {"form": form, "title": title}, form=form)


def _detail(request, expense, *, receipt_form=None):
    return _render(request, "expense.html", {
        "expense": expense, "receipts": selectors.receipts(expense=expense),
        "receipt_form": receipt_form or ReceiptForm()}, form=receipt_form)


@require_GET
@council_view("budget.manage")
def expense_detail(request, pk):
    return _detail(request, selectors.expense_get(council=request.council, pk=pk))


@council_view("budget.manage")
def expense_edit(request, pk):
    expense = selectors.expense_get(council=request.council, pk=pk)
    initial = {name: getattr(expense, name) for name in services.EXPENSE_FIELDS}
    form = _expense_form(request, _post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        year_before = expense.date.year
        try:
            services.expense_update(expense=expense, council=request.council, actor=request.user,
                                    **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            if expense.date.year != year_before:
                messages.warning(request, _("Udgiften er gemt og flyttet fra budgettet for %(before)d til budgettet "
                                            "for %(after)d.") % {"before": year_before, "after": expense.date.year})
            else:
                messages.success(request, _("Udgiften er gemt."))
            return redirect(_url(request, "expense", expense.pk))
    return _render(request, "expense_form.html", {"form": form, "expense": expense, "title": _("Ret udgiften")},
                   form=form)


@council_view("budget.manage")
def expense_delete(request, pk):
    expense = selectors.expense_get(council=request.council, pk=pk)
    if request.method == "POST":
        services.expense_delete(expense=expense, council=request.council, actor=request.user)
        messages.success(request, _("Udgiften “%(text)s” er slettet.") % {"text": expense.description})
        return redirect(f"{_url(request, 'expenses')}?aar={expense.date.year}")
    return _render(request, "expense_delete.html", {"expense": expense,
                                                    "receipts": selectors.receipts(expense=expense)})


# --- Receipts -------------------------------------------------------------------------------------

@council_view("budget.manage")
def receipt_add(request, pk):
    expense = selectors.expense_get(council=request.council, pk=pk)
    if request.method != "POST":
        return redirect(_url(request, "expense", expense.pk))
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            receipt = services.receipt_add(expense=expense, file=form.cleaned_data["file"], council=request.council,
                                           actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Kvitteringen “%(name)s” er tilføjet.") % {"name": receipt.name})
            return redirect(f"{_url(request, 'expense', expense.pk)}#receipts")
    return _detail(request, expense, receipt_form=form)


@require_GET
@council_view("budget.manage")
def receipt_download(request, pk):
    """Served through this view (never straight from MEDIA_URL): PDF and images inline."""
    return serve_stored_file(selectors.receipt_get(council=request.council, pk=pk))


@council_view("budget.manage")
def receipt_delete(request, pk):
    receipt = selectors.receipt_get(council=request.council, pk=pk)
    expense = receipt.expense
    if request.method == "POST":
        services.receipt_delete(receipt=receipt, council=request.council, actor=request.user)
        messages.success(request, _("Kvitteringen “%(name)s” er slettet.") % {"name": receipt.name})
        return redirect(f"{_url(request, 'expense', expense.pk)}#receipts")
    return _render(request, "receipt_delete.html", {"receipt": receipt, "expense": expense})


# --- Per diem -----------------------------------------------------------------------------------

def _period(request) -> tuple[PeriodForm, object]:
    """The period form and the payout list (None while the period is invalid)."""
    form = PeriodForm(request.GET if "fra" in request.GET else None, initial=PeriodForm.default_initial())
    if form.is_bound:
        if not form.is_valid():
            return form, None
        start, end = form.cleaned_data["fra"], form.cleaned_data["til"]
    else:
        start, end = form.initial["fra"], form.initial["til"]
    return form, selectors.per_diem_payout(council=request.council, start=start, end=end)


@require_GET
@council_view("perdiem.manage")
def per_diem(request):
    form, payout = _period(request)
    return _render(request, "per_diem.html", {
        "period_form": form, "payout": payout,
        "rules": rules_in_force(council=request.council, on=payout.end if payout else timezone.localdate()),
        "opt_outs": list(selectors.opt_outs(council=request.council)),
        "opt_out_form": OptOutForm(people=selectors.person_choices(council=request.council)),
        "today": timezone.localdate()}, form=form)


def _export(request, kind: str):
    form, payout = _period(request)
    if payout is None:
        messages.error(request, _("Vælg en gyldig periode."))
        return redirect(_url(request, "per_diem"))
    if kind == "csv":
        response = HttpResponse(exports.payout_csv(payout), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.payout_xlsx(payout), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(payout, kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@council_view("perdiem.manage")
def per_diem_csv(request):
    return _export(request, "csv")


@require_GET
@council_view("perdiem.manage")
def per_diem_xlsx(request):
    return _export(request, "xlsx")


@require_POST
@council_view("perdiem.manage")
def per_diem_record(request):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en gyldig periode."))
        return redirect(_url(request, "per_diem"))
    start, end = form.cleaned_data["fra"], form.cleaned_data["til"]
    try:
        created = services.per_diem_record(council=request.council, start=start, end=end, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, _("%(n)d diæter på i alt %(amount)s er bogført som udgifter.")
                             % {"n": len(created), "amount": kr(sum(e.amount for e in created))})
        else:
            messages.success(request, _("Diæterne for perioden var allerede bogført."))
    return redirect(f"{_url(request, 'per_diem')}?fra={start:%Y-%m-%d}&til={end:%Y-%m-%d}")


@require_POST
@council_view("perdiem.manage")
def opt_out_add(request):
    form = OptOutForm(request.POST, people=selectors.person_choices(council=request.council))
    if form.is_valid():
        try:
            services.opt_out_create(council=request.council, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Fravalget af diæter for %(name)s er gemt.")
                             % {"name": form.cleaned_data["person"].name})
            return redirect(f"{_url(request, 'per_diem')}#opt-outs")
    period_form, payout = _period(request)
    return _render(request, "per_diem.html", {
        "period_form": period_form, "payout": payout, "opt_outs": list(selectors.opt_outs(council=request.council)),
        "opt_out_form": form, "today": timezone.localdate()}, form=form)


def _end_opt_out(request, *, person_ids=None) -> None:
    form = OptOutEndForm(request.POST)
    if not form.is_valid():
        raise Http404
    opt_out = selectors.opt_out_get(council=request.council, pk=form.cleaned_data["opt_out"], person_ids=person_ids)
    try:
        services.opt_out_end(opt_out=opt_out, council=request.council, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Fravalget er afsluttet: %(name)s får diæter igen fra i dag.")
                         % {"name": opt_out.person.name})


@require_POST
@council_view("perdiem.manage")
def opt_out_end(request):
    _end_opt_out(request)
    return redirect(f"{_url(request, 'per_diem')}#opt-outs")


# --- A member's own opt-out ---------------------------------------------------------------------

@council_view("budget.view")
def my_per_diem(request):
    """A member chooses not to receive per diem (it can reduce social benefits), or ends that choice."""
    mine = list(people(council=request.council).filter(pk__in=request.access.person_ids))
    person = mine[0] if mine else None
    form = OptOutForm(_post(request))
    if request.method == "POST" and person is not None:
        if "opt_out" in request.POST:
            _end_opt_out(request, person_ids=[p.pk for p in mine])
            return redirect(_url(request, "my_per_diem"))
        if form.is_valid():
            try:
                services.opt_out_create(council=request.council, person=person, actor=request.user,
                                        **form.cleaned_data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Dit fravalg af diæter er gemt."))
                return redirect(_url(request, "my_per_diem"))

    return _render(request, "my_per_diem.html", {
        "person": person, "form": form, "today": timezone.localdate(),
        "rules": rules_in_force(council=request.council, on=timezone.localdate()),
        "opt_outs": list(selectors.opt_outs(council=request.council, person_ids=[p.pk for p in mine]))}, form=form)
