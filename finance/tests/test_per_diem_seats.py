"""Per diem follows the seat: the municipal board's members and the municipality's employees (who
attend in their working time) get none – the presets say which seats – and an opted-out member is on
the payout list with 0 kr. but not in the CSV/XLSX that goes to the payroll. The files are read back."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from councils import services as council_services
from councils.models import SeatCategory, Term
from finance import exports, selectors, services
from finance.tests.builders import at, csv_rows
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services

pytestmark = pytest.mark.django_db

RATE = Decimal("250.00")
ISHOEJ_SEATS = {  # seat → (member, their personal substitute)
    "Politisk niveau": ("Per Politiker", "Pia Politisk"),
    "Brugere": ("Bente Bruger", "Bo Bruger"),
    "Brugerorganisationer (SIND og Lænken)": ("Sonja SIND", ""),
    "Medarbejdere": ("Mette Medarbejder", "Morten Medarbejder"),
    "Centerchef": ("Carsten Centerchef", ""),
}


@pytest.fixture
def ishoej(make_council, add_member):
    council = make_council("ishoej", preset="ishoej2015")
    council_services.rules_update(council=council, actor=None, valid_from=dt.date(2026, 1, 1),
                                  per_diem_rate=RATE)
    people = {}
    for seat, (member, substitute) in ISHOEJ_SEATS.items():
        m = add_member(council, member, seat=seat)
        people[member] = m.person
        if substitute:
            people[substitute] = add_member(council, substitute, role="substitute", substitute_for=m).person
    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(dt.date(2026, 3, 10)),
                                           ends_at=at(dt.date(2026, 3, 10), 18), location="Ishøj Rådhus")
    for name in ("Per Politiker", "Bente Bruger", "Sonja SIND", "Mette Medarbejder", "Carsten Centerchef"):
        minutes_services.attendance_record(meeting=meeting, person=people[name], status="present")
    return council, people


def payout(council):
    return selectors.per_diem_payout(council=council, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))


def test_the_ishoej_preset_gives_per_diem_only_to_users_and_the_organisations(ishoej):
    council, _people = ishoej
    seats = {s.name: (s.per_diem, s.open_to_applicants) for s in SeatCategory.objects.filter(council=council)}
    assert seats == {"Politisk niveau": (False, False), "Brugere": (True, True),
                     "Brugerorganisationer (SIND og Lænken)": (True, True), "Medarbejdere": (False, False),
                     "Centerchef": (False, False)}
    rows = {r.person.name: r for r in payout(council).rows}
    # Employees and the centre chief attend in their working time: not on the list, like the politician.
    assert set(rows) == {"Bente Bruger", "Sonja SIND"}
    assert all(r.amount == RATE for r in rows.values())


def test_a_substitute_standing_in_for_an_employee_gets_nothing(ishoej):
    council, people = ishoej
    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=at(dt.date(2026, 3, 24)),
                                           ends_at=at(dt.date(2026, 3, 24), 18))
    minutes_services.attendance_record(meeting=meeting, person=people["Mette Medarbejder"], status="afbud")
    minutes_services.attendance_record(meeting=meeting, person=people["Morten Medarbejder"], status="present",
                                       stands_in_for=people["Mette Medarbejder"])
    minutes_services.attendance_record(meeting=meeting, person=people["Bo Bruger"], status="present",
                                       stands_in_for=people["Bente Bruger"])
    rows = {r.person.name: r for r in payout(council).rows}
    assert "Morten Medarbejder" not in rows and rows["Bo Bruger"].amount == RATE


def test_eligibility_is_the_seat_categorys_and_a_new_term_copies_it(ishoej):
    council, _people = ishoej
    first = Term.objects.get(council=council)
    staff = SeatCategory.objects.get(council=council, name="Medarbejdere")
    # The secretariat decides that the employees' seat gives per diem after all (meetings after hours).
    council_services.seat_category_save(council=council, term=first, instance=staff, per_diem=True)
    assert {r.person.name for r in payout(council).rows} == {"Bente Bruger", "Sonja SIND", "Mette Medarbejder"}
    # A board seat never gives per diem, whatever is asked.
    board = SeatCategory.objects.get(council=council, name="Politisk niveau")
    council_services.seat_category_save(council=council, term=first, instance=board, per_diem=True,
                                        open_to_applicants=True)
    board.refresh_from_db()
    assert (board.per_diem, board.open_to_applicants) == (False, False)
    second = council_services.term_create(council=council, name="2030–2033", start=dt.date(2030, 1, 1),
                                          end=dt.date(2033, 12, 31), copy_seats_from=first)
    copied = {s.name: (s.per_diem, s.open_to_applicants) for s in SeatCategory.objects.filter(term=second)}
    assert copied["Medarbejdere"] == (True, False) and copied["Centerchef"] == (False, False)
    assert copied["Politisk niveau"] == (False, False) and copied["Brugere"] == (True, True)


def test_an_opted_out_member_is_listed_with_0_kr_but_left_out_of_the_payroll_files(ishoej):
    council, people = ishoej
    services.opt_out_create(council=council, person=people["Sonja SIND"], since=dt.date(2026, 1, 1),
                            note="Kontanthjælp")
    result = payout(council)
    rows = {r.person.name: r for r in result.rows}
    assert rows["Sonja SIND"].amount == 0 and rows["Sonja SIND"].reason == "fravalgt"
    assert [r.person.name for r in result.payroll_rows] == ["Bente Bruger"]

    csv_body = {r[0]: r for r in csv_rows(exports.payout_csv(result))[2:]}
    assert list(csv_body) == ["Bente Bruger", "I alt"]
    assert csv_body["I alt"] == ["I alt", "1", "", "250,00", "0,00", ""]

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.payout_xlsx(result))).active
    names = [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["Bente Bruger", "I alt"]


def test_an_opted_out_member_with_transport_is_exported_for_the_transport(ishoej):
    council, people = ishoej
    services.opt_out_create(council=council, person=people["Sonja SIND"], since=dt.date(2026, 1, 1))
    services.expense_create(council=council, date=dt.date(2026, 3, 10), category="transport", amount=Decimal("48"),
                            description="Bus", person=people["Sonja SIND"])
    body = {r[0]: r for r in csv_rows(exports.payout_csv(payout(council)))[2:]}
    assert body["Sonja SIND"][3:] == ["0,00", "48,00", "fravalgt"]


def test_the_payout_page_shows_the_opted_out_member(ishoej, client, make_user):
    council, people = ishoej
    secretary = make_user("sek@ishoej.dk")
    council_services.council_secretary_add(council=council, user=secretary)
    services.opt_out_create(council=council, person=people["Sonja SIND"], since=dt.date(2026, 1, 1))
    client.force_login(secretary)
    page = client.get(f"/{council.slug}/intern/oekonomi/diaeter/?fra=2026-03-01&til=2026-03-31").content.decode()
    table = page[page.index('data-testid="payout"'):page.index("</table>")]
    assert 'data-testid="opted-out">fravalgt' in table
    assert "Sonja SIND" in table and "Bente Bruger" in table
    assert "Mette Medarbejder" not in table and "Carsten Centerchef" not in table and "Per Politiker" not in table
    assert 'data-testid="payout-total">250,00 kr.' in table
