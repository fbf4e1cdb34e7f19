"""Per diem: who is eligible (present at a council meeting, not a member of the municipal board,
not opted out on the meeting's day, under rules that pay per diem at a rate above 0), transport
reimbursement kept apart, the opt-out services, recording a payout idempotently, and the CSV and
XLSX exports read back (never with sensitive data)."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent
from finance import exports, selectors, services
from finance.models import Expense, PerDiemOptOut
from finance.tests.builders import BOARD, RATE, csv_rows

pytestmark = pytest.mark.django_db

SPRING = (dt.date(2026, 3, 1), dt.date(2026, 6, 30))


def payout(fin, start=SPRING[0], end=SPRING[1]):
    return selectors.per_diem_payout(council=fin.council, start=start, end=end)


def by_name(p) -> dict:
    return {r.person.name: r for r in p.rows}


@pytest.fixture
def two_meetings(fin):
    march, may = fin.meeting(dt.date(2026, 3, 10)), fin.meeting(dt.date(2026, 5, 12))
    fin.present(march, "Mads Lund", "Helle Bøgh", BOARD, stands_in=(("Tove Ravn", "Sune Dahl"),))
    fin.present(may, "Mads Lund", BOARD)
    return march, may


def test_present_members_get_the_rate_per_meeting_board_members_nothing(fin, two_meetings):
    rows = by_name(payout(fin))
    assert set(rows) == {"Mads Lund", "Helle Bøgh", "Tove Ravn"}  # the board member and the absent are not listed
    assert rows["Mads Lund"].meeting_count == 2 and rows["Mads Lund"].amount == 2 * RATE
    assert rows["Mads Lund"].rate == RATE and rows["Mads Lund"].reason == ""
    assert rows["Helle Bøgh"].amount == RATE
    assert rows["Tove Ravn"].amount == RATE  # a substitute standing in for a member gets per diem
    assert payout(fin).total == 4 * RATE and payout(fin).meeting_count == 2


def test_a_substitute_for_a_board_member_gets_nothing(fin, add_member):
    sub = add_member(fin.council, "Søren Suppleant", role="substitute", substitute_for=fin.seed.memberships[BOARD],
                     email="soren@example.org")
    fin.seed.people["Søren Suppleant"] = sub.person
    meeting = fin.meeting(dt.date(2026, 4, 14))
    fin.present(meeting, "Mads Lund", stands_in=(("Søren Suppleant", BOARD),))
    assert set(by_name(payout(fin))) == {"Mads Lund"}


def test_meetings_outside_the_period_and_cancelled_meetings_do_not_count(fin):
    from meetings.services import plan

    early, late = fin.meeting(dt.date(2026, 2, 28)), fin.meeting(dt.date(2026, 7, 1))
    cancelled = fin.meeting(dt.date(2026, 4, 1))
    for m in (early, late, cancelled):
        fin.present(m, "Mads Lund")
    plan.meeting_cancel(meeting=cancelled, actor=fin.secretary)
    assert payout(fin).rows == []
    edge = fin.meeting(dt.date(2026, 6, 30))
    fin.present(edge, "Mads Lund")
    assert by_name(payout(fin))["Mads Lund"].meeting_count == 1


def test_opt_out_is_respected_inside_its_dates_only(fin, two_meetings):
    services.opt_out_create(council=fin.council, person=fin["Mads Lund"], since=dt.date(2026, 3, 1),
                            until=dt.date(2026, 3, 31), note="Kontanthjælp", actor=fin.secretary)
    services.opt_out_create(council=fin.council, person=fin["Helle Bøgh"], since=dt.date(2026, 1, 1))
    rows = by_name(payout(fin))
    assert rows["Mads Lund"].meeting_count == 2 and rows["Mads Lund"].amount == RATE  # May is after the opt-out
    assert rows["Mads Lund"].reason == "fravalgt for 1 møde(r)"
    assert rows["Helle Bøgh"].amount == 0 and rows["Helle Bøgh"].reason == "fravalgt"
    # Before the opt-out starts, it does not apply.
    services.opt_out_create(council=fin.council, person=fin["Tove Ravn"], since=dt.date(2026, 3, 11))
    assert by_name(payout(fin))["Tove Ravn"].amount == RATE


def test_rate_zero_or_rules_without_per_diem_give_nobody_anything(fin, two_meetings):
    fin.rules(per_diem_rate=Decimal("0"), valid_from=dt.date(2026, 1, 2))
    assert payout(fin).rows == []
    fin.rules(per_diem="none", per_diem_rate=RATE, valid_from=dt.date(2026, 1, 3))
    assert payout(fin).rows == []


def test_the_rate_is_the_one_in_force_on_the_meetings_day(fin, two_meetings):
    fin.rules(per_diem_rate=Decimal("400"), valid_from=dt.date(2026, 4, 1))
    row = by_name(payout(fin))["Mads Lund"]
    assert row.amount == RATE + Decimal("400") and row.rate is None and row.rates == [RATE, Decimal("400")]


def test_transport_is_shown_separately_never_in_the_per_diem(fin, two_meetings):
    fin.expense("84.50", category="transport", person=fin["Mads Lund"], day=dt.date(2026, 3, 10))
    fin.expense("40", category="transport", person=fin["Mads Lund"], day=dt.date(2026, 5, 12), status="committed")
    fin.expense("60", category="transport", person=fin[BOARD], day=dt.date(2026, 5, 12))
    fin.expense("999", category="transport", person=fin["Mads Lund"], day=dt.date(2026, 8, 1))  # outside
    rows = by_name(payout(fin))
    assert rows["Mads Lund"].amount == 2 * RATE
    assert rows["Mads Lund"].transport == Decimal("124.50")
    assert rows[BOARD].amount == 0 and rows[BOARD].transport == Decimal("60") and rows[BOARD].reason == "kun transport"
    assert payout(fin).total == 4 * RATE and payout(fin).transport_total == Decimal("184.50")


def test_recording_the_payout_is_idempotent_per_person_and_meeting(fin, two_meetings):
    march, may = two_meetings
    services.opt_out_create(council=fin.council, person=fin["Helle Bøgh"], since=dt.date(2026, 1, 1))
    created = services.per_diem_record(council=fin.council, start=SPRING[0], end=SPRING[1],
                                       actor=fin.secretary)
    assert sorted((e.person.name, e.meeting_id) for e in created) == [
        ("Mads Lund", march.pk), ("Mads Lund", may.pk), ("Tove Ravn", march.pk)]
    assert all(e.category == "per_diem" and e.amount == RATE and e.status == "spent" for e in created)
    assert services.per_diem_record(council=fin.council, start=SPRING[0], end=SPRING[1]) == []
    # A longer period later records only what is new.
    june = fin.meeting(dt.date(2026, 6, 9))
    fin.present(june, "Mads Lund")
    again = services.per_diem_record(council=fin.council, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert [(e.person.name, e.meeting_id) for e in again] == [("Mads Lund", june.pk)]
    assert Expense.objects.filter(council=fin.council, category="per_diem").count() == 4
    assert AuditEvent.objects.filter(action="finance.per_diem.recorded").count() == 3
    status = selectors.budget_status(council=fin.council, year=2026, as_of=dt.date(2026, 12, 31))
    assert status.categories[1].spent == 4 * RATE


def test_opt_out_services(fin):
    mads = fin["Mads Lund"]
    with pytest.raises(ApplicationError):
        services.opt_out_create(council=fin.council, person=mads, since=dt.date(2026, 5, 1),
                                until=dt.date(2026, 4, 1))
    first = services.opt_out_create(council=fin.council, person=mads, since=dt.date(2026, 1, 1))
    with pytest.raises(ApplicationError) as error:
        services.opt_out_create(council=fin.council, person=mads, since=dt.date(2026, 6, 1))
    assert error.value.code == "overlap"
    services.opt_out_end(opt_out=first, council=fin.council, today=dt.date(2026, 6, 1))
    first.refresh_from_db()
    assert first.until == dt.date(2026, 5, 31)
    future = services.opt_out_create(council=fin.council, person=mads, since=dt.date(2026, 9, 1))
    services.opt_out_end(opt_out=future, council=fin.council, today=dt.date(2026, 6, 1))
    assert not PerDiemOptOut.objects.filter(pk=future.pk).exists()
    from councils.models import Person

    stranger = Person.objects.create(council=fin.other, name="Fremmed")
    with pytest.raises(ApplicationError):
        services.opt_out_create(council=fin.council, person=stranger, since=dt.date(2026, 1, 1))


# --- Exports -----------------------------------------------------------------------------------

@pytest.fixture
def exported(fin, two_meetings):
    from councils import services as council_services

    # Sensitive data that must never leave: lived experience, seat categories, contact details.
    council_services.person_save(council=fin.council, instance=fin["Mads Lund"], lived_experience=True,
                                 phone="20304050")
    fin["Mads Lund"].refresh_from_db()
    services.opt_out_create(council=fin.council, person=fin["Helle Bøgh"], since=dt.date(2026, 1, 1))
    fin.expense("84.50", category="transport", person=fin["Mads Lund"], day=dt.date(2026, 3, 10))
    return payout(fin)


def test_csv_reads_back_with_danish_separators(exported):
    rows = csv_rows(exports.payout_csv(exported))
    assert rows[0] == ["Diæter 01.03.2026–30.06.2026"]
    assert rows[1] == ["Navn", "Møder deltaget", "Sats pr. møde (kr.)", "Diæter (kr.)", "Transport (kr.)",
                       "Bemærkning"]
    body = {r[0]: r for r in rows[2:]}
    assert body["Mads Lund"] == ["Mads Lund", "2", "300,00", "600,00", "84,50", ""]
    assert body["Tove Ravn"][3] == "300,00"
    assert body["I alt"] == ["I alt", "3", "", "900,00", "84,50", ""]
    # Opted out (and no transport): on the page's list with 0 kr., not in the file for the payroll.
    assert "Helle Bøgh" not in body and BOARD not in body
    assert list(body) == ["Mads Lund", "Tove Ravn", "I alt"]


def test_xlsx_reads_back(exported):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.payout_xlsx(exported))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Diæter 01.03.2026–30.06.2026"
    assert values[1] == ["Navn", "Møder deltaget", "Sats pr. møde (kr.)", "Diæter (kr.)", "Transport (kr.)",
                         "Bemærkning"]
    body = {r[0]: r for r in values[2:]}
    assert body["Mads Lund"][:5] == ["Mads Lund", 2, 300, 600, 84.5]
    assert "Helle Bøgh" not in body  # opted out: not in the payroll's file
    assert body["I alt"][1:5] == [3, None, 900, 84.5]
    assert sheet["D3"].number_format == '#,##0.00 "kr."'


def test_exports_never_contain_sensitive_data(exported, fin):
    from openpyxl import load_workbook

    csv_text = exports.payout_csv(exported).decode("utf-8")
    sheet = load_workbook(io.BytesIO(exports.payout_xlsx(exported))).active
    xlsx_text = " ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v is not None)
    for text in (csv_text, xlsx_text):
        for secret in ("erfaring", "udsat", "Borgere", "20304050", "@", "True", "lived", "Sagkyndige"):
            assert secret not in text, secret
