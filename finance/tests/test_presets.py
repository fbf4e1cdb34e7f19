"""A council created from a preset gets what the preset promises: the yearly budget (through the
finance app's hook, so councils never imports finance), the organisations the source names, and
seats that say who gets per diem and who can apply."""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from councils import services
from councils.hooks import council_created_hooks
from councils.models import Municipality, Organisation, SeatCategory
from councils.presets import PRESETS
from finance.models import Budget
from finance.presets import budget_from_preset

pytestmark = pytest.mark.django_db

EXPECTED_BUDGETS = {"ishoej2015": 25_000, "hoejetaastrup": 35_000, "gentofte2020": 150_000}


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_creates_its_budget_organisations_and_seat_rules(key, make_council):
    preset = PRESETS[key]
    today = timezone.localdate()
    council = make_council(f"raad-{key}", preset=key, term_start=dt.date(today.year, 1, 1),
                           term_end=dt.date(today.year + 3, 12, 31))
    budgets = list(Budget.objects.filter(council=council).values_list("year", "amount"))
    if key in EXPECTED_BUDGETS:
        assert budgets == [(today.year, Decimal(EXPECTED_BUDGETS[key]))]
        assert Budget.objects.get(council=council).note.startswith("Beløbet fra skabelonen")
    else:
        assert budgets == []
    assert sorted(Organisation.objects.filter(council=council).values_list("name", flat=True)) == sorted(
        preset.organisations)
    seats = {s.name: s for s in SeatCategory.objects.filter(council=council)}
    for seat in preset.seats:
        made = seats[seat.name]
        assert (made.per_diem, made.open_to_applicants) == (seat.per_diem, seat.open_to_applicants), seat.name
        if seat.municipal_board:  # the board's seats never give per diem, nor are applied for
            assert not made.per_diem and not made.open_to_applicants


def test_ishoej_gets_sind_and_laenken_and_25000_kr(make_council):
    council = make_council("ishoej", preset="ishoej2015")
    assert set(Organisation.objects.filter(council=council).values_list("name", flat=True)) == {"SIND", "Lænken"}
    assert Organisation.objects.filter(council=council, nominates=True).count() == 2
    assert Budget.objects.get(council=council, year=timezone.localdate().year).amount == Decimal(25_000)
    no_per_diem = set(SeatCategory.objects.filter(council=council, per_diem=False).values_list("name", flat=True))
    assert no_per_diem == {"Politisk niveau", "Medarbejdere", "Centerchef"}


def test_a_council_whose_first_term_starts_next_year_gets_that_years_budget(make_council):
    next_year = timezone.localdate().year + 1
    council = make_council("gentofte", preset="gentofte2020", term_start=dt.date(next_year, 1, 1),
                           term_end=dt.date(next_year + 3, 12, 31))
    assert list(Budget.objects.filter(council=council).values_list("year", flat=True)) == [next_year]


def test_the_budget_is_set_through_the_hook_registered_by_finance():
    assert budget_from_preset in council_created_hooks()
    for path in Path(__file__).resolve().parents[2].joinpath("councils").rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.split(".")[0] == "finance"], path


def test_a_failing_hook_rolls_the_whole_creation_back(monkeypatch):
    from councils import hooks
    from councils.models import Council

    def broken(**kwargs):
        raise ApplicationError("Budgettet kunne ikke sættes.")

    monkeypatch.setattr(hooks, "_HOOKS", [*hooks._HOOKS, broken])
    muni = Municipality.objects.create(name="Ishøj", slug="ishoej-kommune")
    with pytest.raises(ApplicationError):
        services.council_create_from_preset(municipality=muni, preset_key="ishoej2015", name="Udsatterådet",
                                            slug="ishoej")
    assert not Council.objects.filter(slug="ishoej").exists()
    assert not Organisation.objects.exists() and not Budget.objects.exists()
