"""The per diem payout list as CSV (Danish separators: ``;`` between fields, decimal comma, UTF-8
with a BOM so Excel opens it right) and as XLSX (openpyxl).

Columns: name, meetings attended, rate, per diem, transport (recorded separately, never added
to the per diem), note. Only the rows with something to pay are exported (``Payout.payroll_rows``):
a member who opted out and has no transport is on the page's list with 0 kr., not in the file the
payroll gets. Only the name of a person is exported – never contact details, lived-experience
status or the seat category (its name can reveal that status)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formats import short_date
from finance.formats import number
from finance.selectors import Payout

BOM = "\ufeff"


def headers() -> list[str]:
    return [_("Navn"), _("Møder deltaget"), _("Sats pr. møde (kr.)"), _("Diæter (kr.)"), _("Transport (kr.)"),
            _("Bemærkning")]


def _rate(row) -> Decimal | str:
    if row.rate is not None:
        return row.rate
    return " / ".join(number(r) for r in row.rates) if row.rates else ""


def rows(payout: Payout) -> list[list]:
    """The table as values (Decimal amounts), one row per person to be paid and a total row."""
    paid = payout.payroll_rows
    table = [[r.person.name, r.meeting_count, _rate(r) if r.meetings else "", r.amount, r.transport, r.reason]
             for r in paid]
    table.append([_("I alt"), sum(r.meeting_count for r in paid), "", payout.total,
                  payout.transport_total, ""])
    return table


def filename(payout: Payout, extension: str) -> str:
    return f"diaeter_{payout.start:%Y-%m-%d}_{payout.end:%Y-%m-%d}.{extension}"


def _csv_value(value) -> str:
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def payout_csv(payout: Payout) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Diæter %(start)s–%(end)s") % {"start": short_date(payout.start),
                                                      "end": short_date(payout.end)}])
    writer.writerow(headers())
    for row in rows(payout):
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


def payout_xlsx(payout: Payout) -> bytes:
    # openpyxl is large and only this export needs it: loaded when a list is downloaded.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Diæter")
    sheet.append([_("Diæter %(start)s–%(end)s") % {"start": short_date(payout.start),
                                                   "end": short_date(payout.end)}])
    sheet["A1"].font = Font(bold=True)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(payout):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    money = '#,##0.00 "kr."'
    for line in sheet.iter_rows(min_row=3, min_col=3, max_col=5):
        for cell in line:
            if isinstance(cell.value, float):
                cell.number_format = money
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (32, 16, 20, 16, 16, 28), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
