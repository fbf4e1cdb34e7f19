"""The economy standard item: its text is the budget status of the meeting's year, and the
meetings app uses it when it creates and refreshes standard items."""

import datetime as dt
from decimal import Decimal

import pytest

from finance import services
from finance.agenda import economy_text
from meetings import standard_texts
from meetings.models import AgendaItem, StandardItem
from meetings.services import agenda as agenda_services

pytestmark = pytest.mark.django_db


def test_the_builder_is_registered_for_the_economy_item():
    assert standard_texts.builder_for(StandardItem.ECONOMY) is economy_text


def test_economy_text_with_budget_and_expenses(fin):
    services.budget_set(council=fin.council, year=2026, amount=Decimal("25000"))
    fin.expense("450", category="catering")
    fin.expense("1200.50", category="events", status="committed")
    fin.expense("300", category="per_diem", person=fin["Mads Lund"])
    fin.expense("5000", category="other", day=dt.date(2025, 12, 31))  # last year
    fin.expense("777", council=fin.other)  # another council
    text = economy_text(meeting=fin.meeting(dt.date(2026, 12, 8)), as_of=dt.date(2026, 12, 1))
    lines = text.splitlines()
    assert lines[0] == "Budget 2026: 25.000 kr. Afholdt 750 kr., disponeret 1.200,50 kr., tilbage 23.049,50 kr."
    assert lines[1] == "Fordelt på kategorier:"
    assert lines[2:5] == ["• Forplejning: afholdt 450 kr., disponeret 0 kr.",
                          "• Diæter: afholdt 300 kr., disponeret 0 kr.",
                          "• Arrangementer: afholdt 0 kr., disponeret 1.200,50 kr."]
    assert lines[5] == "Opgjort den 1. december 2026."
    assert len(lines) == 6 and "777 kr." not in text and " 5.000 kr." not in text


def test_economy_text_without_budget_and_over_budget(fin):
    text = economy_text(meeting=fin.meeting(dt.date(2027, 2, 2)), as_of=dt.date(2027, 1, 20))
    assert text.startswith("Der er ikke fastsat et budget for 2027. Afholdt 0 kr., disponeret 0 kr., tilbage 0 kr.")
    assert "Der er ikke registreret udgifter i 2027." in text
    services.budget_set(council=fin.council, year=2027, amount=Decimal("1000"))
    fin.expense("1500", day=dt.date(2027, 1, 5))
    text = economy_text(meeting=fin.meeting(dt.date(2027, 2, 3)), as_of=dt.date(2027, 1, 20))
    assert "tilbage -500 kr." in text and "Budgettet er overskredet med 500 kr." in text


def test_standard_items_use_the_economy_text_and_refresh_it(fin):
    services.budget_set(council=fin.council, year=2026, amount=Decimal("25000"))
    meeting = fin.meeting(dt.date(2026, 12, 8))
    agenda_services.standard_items_create(meeting=meeting, actor=fin.secretary)
    item = AgendaItem.objects.get(meeting=meeting, standard=StandardItem.ECONOMY)
    assert item.case_text.startswith("Budget 2026: 25.000 kr. Afholdt 0 kr.")
    fin.expense("450")
    updated = agenda_services.standard_items_refresh(meeting=meeting, actor=fin.secretary)
    item.refresh_from_db()
    assert item in updated
    assert item.case_text.startswith("Budget 2026: 25.000 kr. Afholdt 450 kr., disponeret 0 kr., tilbage 24.550 kr.")
