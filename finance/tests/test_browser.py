"""The finance pages in Chromium with axe-core (WCAG 2.1 AA) on every page: the secretariat sets
the budget, records an expense with a receipt, sees the status update on the finance page and
in the economy item of an upcoming meeting's agenda; the per diem pages and a member's own
opt-out."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance.tests.builders import PDF
from meetings.services import agenda as agenda_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_budget_expense_receipt_status_and_agenda(page, login, axe, fin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate() + dt.timedelta(days=7)
    year = day.year
    meeting = fin.meeting(day)
    agenda_services.standard_items_create(meeting=meeting, actor=fin.secretary)
    base = fin.url()

    login(page, fin.secretary)
    page.goto(f"{base}?aar={year}")
    expect(page.get_by_test_id("no-budget")).to_be_visible()
    axe(page, name="finance-status-empty")

    # The budget.
    page.get_by_role("link", name="Sæt budgettet").click()
    page.get_by_label("År").fill(str(year))
    page.get_by_label("Budget (kr.)").fill("25.000")
    axe(page, name="finance-budget")
    page.get_by_role("button", name="Gem budgettet").click()
    expect(page.get_by_text(f"Budgettet for {year} er sat til 25.000,00 kr.")).to_be_visible()
    expect(page.get_by_test_id("left")).to_have_text("25.000,00 kr.")

    # An expense: first dated in another year than the budget it is registered under, then with an
    # error, then right.
    page.get_by_role("link", name=f"Registrér en udgift for {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Registrér en udgift for {year}")
    page.get_by_label("Dato").fill(dt.date(year - 1, 6, 1).isoformat())
    page.get_by_label("Kategori").select_option("catering")
    page.get_by_label("Beløb (kr.)").fill("450")
    page.get_by_label("Tekst").fill("Sandwich og kaffe til mødet")
    page.get_by_role("button", name="Registrér udgiften").click()
    expect(page.locator("#id_date_error")).to_contain_text(f"Udgiften registreres i budgettet for {year}.")
    expect(page.get_by_label("Tekst")).to_have_value("Sandwich og kaffe til mødet")
    axe(page, name="finance-expense-wrong-year")
    # Paid today for the coming meeting: spent from today (an expense dated ahead counts as committed).
    paid = timezone.localdate() if timezone.localdate().year == year else day
    page.get_by_label("Dato").fill(paid.isoformat())
    page.get_by_label("Kategori").select_option("catering")
    page.get_by_label("Beløb (kr.)").fill("450")
    page.get_by_label("Tekst").fill("Sandwich og kaffe til mødet")
    page.get_by_label("Møde (valgfri)").select_option(str(meeting.pk))
    page.get_by_label("Kategori").select_option("transport")
    page.get_by_role("button", name="Registrér udgiften").click()
    expect(page.get_by_role("link", name="Modtager: Vælg den person, der får transport udbetalt.")).to_be_visible()
    axe(page, name="finance-expense-error")
    page.get_by_label("Kategori").select_option("catering")
    page.get_by_role("button", name="Registrér udgiften").click()
    expect(page.get_by_role("heading", name="Sandwich og kaffe til mødet")).to_be_visible()

    # A disguised receipt is refused in Danish, a real one is kept.
    page.get_by_label("Kvittering", exact=True).set_input_files({"name": "bon.pdf", "mimeType": "application/pdf",
                                                     "buffer": b"MZ\x90\x00" + b"\x00" * 100})
    page.get_by_role("button", name="Tilføj kvitteringen").click()
    expect(page.get_by_text("kan ikke bruges som kvittering", exact=False).first).to_be_visible()
    axe(page, name="finance-receipt-error")
    page.get_by_label("Kvittering", exact=True).set_input_files({"name": "bon.pdf", "mimeType": "application/pdf",
                                                     "buffer": PDF})
    page.get_by_role("button", name="Tilføj kvitteringen").click()
    expect(page.get_by_role("link", name="bon.pdf", exact=True)).to_be_visible()
    axe(page, name="finance-expense")

    # The status on the finance page.
    page.goto(f"{base}?aar={year}")
    expect(page.get_by_test_id("spent")).to_have_text("450,00 kr.")
    expect(page.get_by_test_id("left")).to_have_text("24.550,00 kr.")
    expect(page.get_by_text("Forplejning: afholdt 450,00 kr., disponeret 0,00 kr.")).to_be_visible()
    axe(page, name="finance-status")
    page.get_by_role("link", name="Alle udgifter").click()
    expect(page.get_by_test_id("expense-row")).to_have_count(1)
    axe(page, name="finance-expenses")
    page.get_by_role("link", name="Sandwich og kaffe til mødet").click()
    page.get_by_role("link", name="Ret udgiften").click()
    axe(page, name="finance-expense-edit")
    page.goto(f"{base}udgifter/")
    page.get_by_role("link", name="Sandwich og kaffe til mødet").click()
    page.get_by_role("link", name="Slet udgiften").click()
    axe(page, name="finance-expense-delete")

    # The economy item on the upcoming meeting's agenda, after refreshing the standard texts.
    page.goto(f"/{fin.council.slug}/intern/moeder/{meeting.pk}/dagsorden/")
    page.get_by_role("link", name="Opdatér standardpunkternes tekst").click()
    axe(page, name="finance-agenda")
    page.get_by_role("button", name="Opdatér teksterne").click()
    page.goto(f"/{fin.council.slug}/intern/moeder/{meeting.pk}/dagsorden/laes/")
    # Computed as of today: paid today it is spent; dated next week (across new year) it is still committed.
    amounts = ("Afholdt 450 kr., disponeret 0 kr." if paid <= timezone.localdate()
               else "Afholdt 0 kr., disponeret 450 kr.")
    expect(page.get_by_text(f"Budget {year}: 25.000 kr. {amounts}, tilbage 24.550 kr.", exact=False)).to_be_visible()
    axe(page, name="finance-agenda-read")

    # Per diem: the payout list and the opt-outs.
    past = timezone.localdate() - dt.timedelta(days=10)
    fin.present(fin.meeting(past), "Mads Lund", "Helle Bøgh")
    page.goto(f"{base}diaeter/?fra={past.isoformat()}&til={timezone.localdate().isoformat()}")
    expect(page.get_by_test_id("payout-total")).to_have_text("600,00 kr.")
    axe(page, name="finance-payout")
    page.get_by_role("button", name="Bogfør diæterne som udgifter").click()
    expect(page.get_by_text("2 diæter på i alt 600,00 kr. er bogført som udgifter.")).to_be_visible()
    page.get_by_label("Person", exact=True).select_option(label="Helle Bøgh")
    page.get_by_label("Fra", exact=True).fill(past.isoformat())
    page.get_by_role("button", name="Gem fravalget").click()
    expect(page.get_by_text("Fravalget af diæter for Helle Bøgh er gemt.")).to_be_visible()
    axe(page, name="finance-per-diem")
    # She opted out from the meeting's day: on the list with 0 kr. and marked, the total without her.
    page.goto(f"{base}diaeter/?fra={past.isoformat()}&til={timezone.localdate().isoformat()}")
    row = page.get_by_test_id("payout-row").filter(has_text="Helle Bøgh")
    expect(row.get_by_test_id("opted-out")).to_have_text("fravalgt")
    expect(row.get_by_role("cell").nth(2)).to_have_text("0,00 kr.")
    expect(page.get_by_test_id("payout-total")).to_have_text("300,00 kr.")
    axe(page, name="finance-payout-opted-out")

    # A member's own opt-out.
    page.context.clear_cookies()
    login(page, fin.users["Mads Lund"])
    page.goto(f"{base}?aar={year}")
    axe(page, name="finance-status-member")
    page.get_by_role("link", name="Mine diæter").click()
    page.get_by_role("button", name="Fravælg diæter").click()
    expect(page.get_by_text("Dit fravalg af diæter er gemt.")).to_be_visible()
    axe(page, name="finance-my-per-diem")
