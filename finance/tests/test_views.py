"""Finance pages through the Django test client: content, permissions (members see the status,
only the secretariat sees expenses and per diem), tenancy (another council's expense or receipt
is a 404), Danish errors with nothing lost (disguised receipts, amounts), the exports, a
member's own opt-out, and constant query counts on the status page and the expense list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from finance import services
from finance.models import Budget, Expense, PerDiemOptOut, Receipt
from finance.tests.builders import PDF, csv_rows, upload

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


@pytest.fixture
def sec(fin):
    browser = Client()
    browser.force_login(fin.secretary)
    return browser


@pytest.fixture
def member(fin):
    browser = Client()
    browser.force_login(fin.users["Mads Lund"])
    return browser


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def html(response) -> str:
    return response.content.decode()


def test_status_page_shows_chart_and_table_in_danish_numbers(fin, member):
    services.budget_set(council=fin.council, year=2026, amount=Decimal("25000"))
    fin.expense("450", day=dt.date(2026, 3, 2))
    fin.expense("1000", category="events", status="committed", day=dt.date(2026, 4, 2))
    response = member.get(fin.url("?aar=2026"))
    assert response.status_code == 200
    page = html(response)
    assert "Budget 2026: 25.000,00 kr." in page
    assert 'data-testid="spent">450,00 kr.' in page and 'data-testid="committed">1.000,00 kr.' in page
    assert 'data-testid="left">23.550,00 kr.' in page and 'data-testid="left-table">23.550,00 kr.' in page
    assert '<svg class="finance-bar"' in page and 'aria-hidden="true"' in page
    assert "Forplejning: afholdt 450,00 kr., disponeret 0,00 kr." in page
    # A member sees the status but no management links.
    assert "Registrér en udgift" not in page and "/diaeter/" not in page
    assert fin.url("mine-diaeter/") in page


@pytest.mark.parametrize("suffix", ["budget/", "udgifter/", "udgifter/ny/", "diaeter/", "diaeter/csv/",
                                    "diaeter/xlsx/"])
def test_members_may_not_manage(fin, member, suffix):
    assert member.get(fin.url(suffix)).status_code == 403


def test_member_cannot_open_expenses_or_receipts(fin, member, media):
    expense = fin.expense("450")
    receipt = services.receipt_add(expense=expense, file=upload("bon.pdf"), council=fin.council)
    assert member.get(fin.url(f"udgifter/{expense.pk}/")).status_code == 403
    assert member.get(fin.url(f"kvitteringer/{receipt.pk}/")).status_code == 403
    assert member.post(fin.url(f"udgifter/{expense.pk}/slet/")).status_code == 403
    assert Expense.objects.filter(pk=expense.pk).exists()


def test_another_councils_expense_and_receipt_are_404(fin, sec, media):
    theirs = fin.expense("999", council=fin.other)
    receipt = services.receipt_add(expense=theirs, file=upload("deres.pdf"), council=fin.other)
    for suffix in (f"udgifter/{theirs.pk}/", f"udgifter/{theirs.pk}/rediger/", f"udgifter/{theirs.pk}/slet/",
                   f"kvitteringer/{receipt.pk}/", f"kvitteringer/{receipt.pk}/slet/"):
        assert sec.get(fin.url(suffix)).status_code == 404, suffix
    assert sec.post(fin.url(f"udgifter/{theirs.pk}/slet/")).status_code == 404
    assert sec.post(fin.url(f"kvitteringer/{receipt.pk}/slet/")).status_code == 404
    assert sec.post(fin.url(f"udgifter/{theirs.pk}/kvittering/"), {"file": upload("x.pdf")}).status_code == 404
    assert Expense.objects.filter(pk=theirs.pk).exists() and Receipt.objects.filter(pk=receipt.pk).exists()
    # Through their own slug: not her council.
    assert sec.get(fin.url(f"udgifter/{theirs.pk}/", council=fin.other)).status_code == 403


def test_the_expense_form_offers_only_the_councils_own_meetings_and_refuses_others(fin, sec):
    mine = fin.meeting(dt.date(2026, 5, 5))
    theirs = fin.meeting(dt.date(2026, 5, 5), council=fin.other)
    page = html(sec.get(fin.url("udgifter/ny/")))
    select = page[page.index('name="meeting"'):]
    select = select[:select.index("</select>")]
    assert f'value="{mine.pk}"' in select and f'value="{theirs.pk}"' not in select
    data = {"date": "2026-05-05", "category": "catering", "status": "spent", "amount": "1.250,50",
            "description": "Kaffe og kage", "meeting": theirs.pk}
    response = sec.post(fin.url("udgifter/ny/"), data)
    assert response.status_code == 400 and "Møde: Marker en gyldig valgmulighed" in html(response)
    assert 'value="Kaffe og kage"' in html(response)  # nothing the user typed is lost
    response = sec.post(fin.url("udgifter/ny/"), data | {"meeting": mine.pk})
    expense = Expense.objects.get(council=fin.council)
    assert response.status_code == 302 and response["Location"] == fin.url(f"udgifter/{expense.pk}/")
    assert expense.amount == Decimal("1250.50") and expense.meeting == mine and expense.created_by == fin.secretary


def test_transport_without_a_person_is_refused_at_the_field(fin, sec):
    response = sec.post(fin.url("udgifter/ny/"), {"date": "2026-05-05", "category": "transport", "status": "spent",
                                                  "amount": "84,50", "description": "Bus"})
    assert response.status_code == 400
    assert "Vælg den person, der får transport udbetalt." in html(response)
    assert not Expense.objects.exists()


def test_budget_form_reads_danish_amounts(fin, sec):
    response = sec.post(fin.url("budget/"), {"year": "2026", "amount": "25.000", "note": ""})
    assert response.status_code == 302 and response["Location"] == fin.url("?aar=2026")
    assert Budget.objects.get(council=fin.council, year=2026).amount == Decimal("25000")
    page = html(sec.get(fin.url("budget/?aar=2026")))
    assert 'value="25000,00"' in page
    response = sec.post(fin.url("budget/"), {"year": "2026", "amount": "mange penge"})
    assert response.status_code == 400 and "Skriv beløbet i kroner" in html(response)


def test_edit_and_delete_an_expense(fin, sec):
    expense = fin.expense("450")
    response = sec.post(fin.url(f"udgifter/{expense.pk}/rediger/"), {
        "date": "2026-03-02", "category": "catering", "status": "committed", "amount": "500",
        "description": "Sandwich til mødet"})
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.amount == Decimal("500") and expense.status == "committed"
    assert "Vil du slette udgiften" in html(sec.get(fin.url(f"udgifter/{expense.pk}/slet/")))
    response = sec.post(fin.url(f"udgifter/{expense.pk}/slet/"))
    assert response.status_code == 302 and not Expense.objects.filter(pk=expense.pk).exists()


def test_receipt_upload_download_and_disguised_upload_refused_in_danish(fin, sec, media):
    expense = fin.expense("450")
    response = sec.post(fin.url(f"udgifter/{expense.pk}/kvittering/"), {"file": upload("kvittering.pdf", EXE)})
    assert response.status_code == 400
    page = html(response)
    assert "kan ikke bruges som kvittering: indholdet er ikke en af de tilladte filtyper" in page
    assert not Receipt.objects.exists()
    response = sec.post(fin.url(f"udgifter/{expense.pk}/kvittering/"), {"file": upload("bon.pdf")})
    assert response.status_code == 302
    receipt = Receipt.objects.get(expense=expense)
    download = sec.get(fin.url(f"kvitteringer/{receipt.pk}/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert "bon.pdf" in html(sec.get(fin.url(f"udgifter/{expense.pk}/")))
    assert sec.post(fin.url(f"kvitteringer/{receipt.pk}/slet/")).status_code == 302
    assert not Receipt.objects.exists()


def test_per_diem_page_and_exports(fin, sec):
    meeting = fin.meeting(dt.date(2026, 3, 10))
    fin.present(meeting, "Mads Lund", "Helle Bøgh")
    services.opt_out_create(council=fin.council, person=fin["Helle Bøgh"], since=dt.date(2026, 1, 1))
    fin.expense("84.50", category="transport", person=fin["Mads Lund"], day=dt.date(2026, 3, 10))
    query = "?fra=2026-03-01&til=2026-03-31"
    page = html(sec.get(fin.url("diaeter/" + query)))
    assert "Efter forretningsordenen er diæten i dag 300,00 kr. pr. møde." in page
    assert 'data-testid="payout-total">300,00 kr.' in page and 'data-testid="transport-total">84,50 kr.' in page
    assert "fravalgt" in page
    csv_response = sec.get(fin.url("diaeter/csv/" + query))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="diaeter_2026-03-01_2026-03-31.csv"' in csv_response["Content-Disposition"]
    rows = {r[0]: r for r in csv_rows(csv_response.content)[2:]}
    assert rows["Mads Lund"][3:5] == ["300,00", "84,50"] and "Helle Bøgh" not in rows
    xlsx = sec.get(fin.url("diaeter/xlsx/" + query))
    assert xlsx.content[:2] == b"PK" and ".xlsx" in xlsx["Content-Disposition"]
    assert sec.get(fin.url("diaeter/?fra=2026-04-01&til=2026-03-01")).status_code == 400
    response = sec.post(fin.url("diaeter/bogfoer/"), {"fra": "2026-03-01", "til": "2026-03-31"})
    assert response.status_code == 302
    assert Expense.objects.filter(council=fin.council, category="per_diem").count() == 1
    sec.post(fin.url("diaeter/bogfoer/"), {"fra": "2026-03-01", "til": "2026-03-31"})
    assert Expense.objects.filter(council=fin.council, category="per_diem").count() == 1


def test_secretariat_registers_and_ends_an_opt_out(fin, sec):
    response = sec.post(fin.url("diaeter/fravalg/"), {"person": fin["Mads Lund"].pk, "since": "2026-01-01",
                                                      "note": "Kontanthjælp"})
    assert response.status_code == 302
    opt_out = PerDiemOptOut.objects.get(council=fin.council)
    assert opt_out.person == fin["Mads Lund"] and opt_out.note == "Kontanthjælp"
    assert "Kontanthjælp" in html(sec.get(fin.url("diaeter/")))
    from councils.models import Person

    stranger = Person.objects.create(council=fin.other, name="Fremmed")
    response = sec.post(fin.url("diaeter/fravalg/"), {"person": stranger.pk, "since": "2026-01-01"})
    assert response.status_code == 400 and PerDiemOptOut.objects.count() == 1
    sec.post(fin.url("diaeter/fravalg/afslut/"), {"opt_out": opt_out.pk})
    opt_out.refresh_from_db()
    assert opt_out.until is not None


def test_a_member_sets_and_ends_their_own_opt_out(fin, member):
    page = html(member.get(fin.url("mine-diaeter/")))
    assert "Du får diæter for de møder, du deltager i." in page
    response = member.post(fin.url("mine-diaeter/"), {"since": "2026-01-01", "until": ""})
    assert response.status_code == 302
    opt_out = PerDiemOptOut.objects.get(council=fin.council)
    assert opt_out.person == fin["Mads Lund"]
    assert "Fravalgt fra 1. januar 2026 og indtil videre" in html(member.get(fin.url("mine-diaeter/")))
    # Someone else's opt-out cannot be ended from here.
    other = services.opt_out_create(council=fin.council, person=fin["Helle Bøgh"], since=dt.date(2026, 1, 1))
    assert member.post(fin.url("mine-diaeter/"), {"opt_out": other.pk}).status_code == 404
    member.post(fin.url("mine-diaeter/"), {"opt_out": opt_out.pk})
    opt_out.refresh_from_db()
    assert opt_out.until is not None
    other.refresh_from_db()
    assert other.until is None


def test_the_secretary_without_a_person_is_told_where_to_go(fin, sec):
    assert 'data-testid="no-person"' in html(sec.get(fin.url("mine-diaeter/")))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_data(fin, n, start):
    from django.utils import timezone

    from activities.models import Event

    for i in range(n):
        meeting = fin.meeting(dt.date(2026, 1, 5) + dt.timedelta(days=start + i))
        event = Event.objects.create(council=fin.council, title=f"Arrangement {i}", starts_at=timezone.now())
        fin.expense(f"{100 + i}", category="transport", person=fin["Mads Lund"], meeting=meeting)
        e = fin.expense(f"{200 + i}", category="events", status="committed", event=event)
        Receipt.objects.create(council=fin.council, expense=e, name="bon.pdf", content_type="application/pdf", size=1)


def test_query_counts_are_constant_on_the_status_page_and_the_expense_list(fin, sec, member):
    services.budget_set(council=fin.council, year=2026, amount=Decimal("25000"))
    _more_data(fin, 2, 0)
    urls = [fin.url("?aar=2026"), fin.url("udgifter/?aar=2026"), fin.url("diaeter/?fra=2026-01-01&til=2026-12-31")]
    before = [_count(sec, u) for u in urls]
    member_before = _count(member, fin.url("?aar=2026"))
    _more_data(fin, 20, 10)
    for m in range(3):
        meeting = fin.meeting(dt.date(2026, 9, 1) + dt.timedelta(days=m))
        fin.present(meeting, "Mads Lund", "Helle Bøgh", "Jytte Holm")
    assert [_count(sec, u) for u in urls] == before
    assert _count(member, fin.url("?aar=2026")) == member_before
