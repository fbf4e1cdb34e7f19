"""An expense is dated inside the council's years: not more than a year ahead, not more than a year
before its first term began, and in the budget year it is registered under. Refused with a Danish
message at the date field, keeping what was typed."""

import datetime as dt
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from finance import services
from finance.models import Expense

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 12, 5)


@pytest.fixture
def council(make_council):
    return make_council("albertslund", preset="albertslund2018", term_start=D(2018, 3, 13),
                        term_end=D(2021, 12, 31))


def create(council, day, **kwargs):
    return services.expense_create(council=council, date=day, category="catering", amount=Decimal("500"),
                                   description="Kaffe og brød", today=TODAY, **kwargs)


@pytest.mark.parametrize(("day", "code", "message"), [
    (D(2062, 3, 1), "date_future",
     "Datoen 1. marts 2062 ligger mere end et år ude i fremtiden. Skriv den dato, udgiften afholdes – tjek årstallet."),
    (D(2027, 12, 7), "date_future",
     "Datoen 7. december 2027 ligger mere end et år ude i fremtiden. Skriv den dato, udgiften afholdes – tjek "
     "årstallet."),
    (D(2016, 3, 1), "date_before_council",
     "Datoen 1. marts 2016 ligger mere end et år før rådets første valgperiode begyndte (13. marts 2018). Tjek "
     "årstallet."),
])
def test_a_date_far_outside_the_councils_years_is_refused(council, day, code, message):
    with pytest.raises(ApplicationError) as excinfo:
        create(council, day)
    assert (excinfo.value.field, excinfo.value.code, str(excinfo.value.message)) == ("date", code, message)
    assert not Expense.objects.exists()


@pytest.mark.parametrize("day", [D(2017, 11, 1), D(2018, 3, 13), D(2026, 12, 5), D(2027, 12, 5)])
def test_dates_inside_the_councils_years_are_accepted(council, day):
    # Recruiting for the first term (autumn 2017) and a booking a year ahead are fine.
    assert create(council, day).date == day


def test_registered_under_a_budget_year_the_date_must_be_in_that_year(council):
    with pytest.raises(ApplicationError) as excinfo:
        create(council, D(2026, 3, 2), budget_year=2019)
    assert excinfo.value.code == "date_budget_year"
    assert str(excinfo.value.message) == ("Udgiften registreres i budgettet for 2019. Vælg en dato i 2019, eller "
                                          "registrér udgiften under det rigtige år.")
    assert create(council, D(2019, 3, 2), budget_year=2019).date.year == 2019


def test_an_edit_cannot_move_the_date_far_away_either(council):
    expense = create(council, D(2026, 3, 2))
    with pytest.raises(ApplicationError) as excinfo:
        services.expense_update(expense=expense, council=council, date=D(2206, 3, 2), today=TODAY)
    assert excinfo.value.code == "date_future"
    expense.refresh_from_db()
    assert expense.date == D(2026, 3, 2)


def test_the_form_for_a_budget_year_refuses_another_year_and_keeps_the_input(council, make_user, client):
    from councils.services import council_secretary_add

    secretary = make_user("sek@albertslund.dk")
    council_secretary_add(council=council, user=secretary)
    client.force_login(secretary)
    url = "/albertslund/intern/oekonomi/udgifter/ny/?aar=2019"
    page = client.get(url).content.decode()
    assert "Registrér en udgift for 2019" in page
    assert "Udgiften registreres i budgettet for 2019: vælg en dato i 2019." in page
    response = client.post(url, {"date": "2026-03-02", "category": "catering", "status": "spent",
                                 "amount": "1.250,50", "description": "Sandwich til mødet"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Udgiften registreres i budgettet for 2019. Vælg en dato i 2019" in page
    assert 'value="Sandwich til mødet"' in page and 'value="1.250,50"' in page
    assert not Expense.objects.exists()
    response = client.post(url, {"date": "2019-03-02", "category": "catering", "status": "spent",
                                 "amount": "1.250,50", "description": "Sandwich til mødet"})
    assert response.status_code == 302 and Expense.objects.get().date == D(2019, 3, 2)


def test_moving_an_expense_to_another_year_says_so(council, make_user, client):
    from councils.services import council_secretary_add

    secretary = make_user("sek@albertslund.dk")
    council_secretary_add(council=council, user=secretary)
    client.force_login(secretary)
    expense = create(council, D(2026, 3, 2))
    response = client.post(f"/albertslund/intern/oekonomi/udgifter/{expense.pk}/rediger/",
                           {"date": "2025-03-02", "category": "catering", "status": "spent", "amount": "500",
                            "description": "Kaffe og brød"}, follow=True)
    assert "Udgiften er gemt og flyttet fra budgettet for 2026 til budgettet for 2025." in response.content.decode()
