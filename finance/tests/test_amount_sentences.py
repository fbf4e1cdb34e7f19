"""Amounts are written "12.579,00 kr.", and a sentence that ends with one gets no second full
stop: "… tilbage 12.579,00 kr." and never "kr.." (the budget page, the expense list, the message
after setting a budget, and the economy item of an agenda)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance import services
from finance.agenda import economy_text
from finance.formats import kr

pytestmark = pytest.mark.django_db

few = settings(database=None, max_examples=8, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
budgets = st.decimals(min_value=Decimal("1"), max_value=Decimal("999999"), places=2)
expenses = st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("20000"), places=2), max_size=3)
# Visible text only: tags dropped, so "kr.</p>" is not read as the end of a sentence.
TAG = re.compile(r"<[^>]+>")


def _text(response) -> str:
    return TAG.sub(" ", response.content.decode())


@few
@given(budget=budgets, spent=expenses)
def test_budget_and_expense_pages_end_their_sentences_once(fin, budget, spent):
    sec = Client()
    sec.force_login(fin.secretary)
    services.budget_set(council=fin.council, year=2026, amount=budget)
    for amount in spent:
        fin.expense(amount, day=dt.date(2026, 3, 2))
    budget_page = _text(sec.get(fin.url("budget/")))
    expense_page = _text(sec.get(fin.url("udgifter/?aar=2026")))
    assert f"Budgettet for 2026 er i dag {kr(budget)}" in budget_page
    assert "kr.." not in budget_page and "kr.." not in expense_page
    assert re.search(r"tilbage -?[\d.]+,\d\d kr\.\s", expense_page)


def test_the_message_after_setting_a_budget(fin):
    sec = Client()
    sec.force_login(fin.secretary)
    response = sec.post(fin.url("budget/"), {"year": "2026", "amount": "40.000"})
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Budgettet for 2026 er sat til 40.000,00 kr."]


@few
@given(budget=budgets, spent=expenses)
def test_the_economy_item_never_doubles_the_full_stop(fin, budget, spent):
    services.budget_set(council=fin.council, year=2026, amount=budget)
    for amount in spent:
        fin.expense(amount, day=dt.date(2026, 3, 2), category="events")
    text = economy_text(meeting=fin.meeting(dt.date(2026, 5, 4)), as_of=dt.date(2026, 4, 27))
    assert "kr.." not in text
    assert text.splitlines()[0].startswith(f"Budget 2026: {kr(budget).replace(',00 kr.', ' kr.')}")
