"""Builders for the finance tests: the seed udsatteråd (10 members, three personal
substitutes, secretary Carina) plus a member of the municipal board, rules of procedure with a
per diem of 300 kr. per meeting from 1 January 2026, a member with a login, and another council
that must never see any of it. Built through the real services. The ``fin`` fixture is in
conftest.py; the builders here are imported by name."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from councils import services as council_services
from finance import services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services
from meetings.tests.seed import SeedWorld

CPH = ZoneInfo("Europe/Copenhagen")
RATE = Decimal("300.00")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
BOARD = "Birthe Byråd"


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class Fin(SeedWorld):
    def __getitem__(self, name: str):
        return self.seed[name]

    def url(self, suffix: str = "", council=None) -> str:
        return f"/{(council or self.council).slug}/intern/oekonomi/{suffix}"

    def meeting(self, day: dt.date, council=None):
        return plan_services.meeting_create(council=council or self.council, kind="ordinary", starts_at=at(day),
                                            ends_at=at(day, 18), location="Rådhuset", actor=self.secretary)

    def present(self, meeting, *names, stands_in=()):
        for name in names:
            minutes_services.attendance_record(meeting=meeting, person=self[name], status="present",
                                               actor=self.secretary)
        for sub, member in stands_in:
            minutes_services.attendance_record(meeting=meeting, person=self[member], status="afbud",
                                               actor=self.secretary)
            minutes_services.attendance_record(meeting=meeting, person=self[sub], status="present",
                                               stands_in_for=self[member], actor=self.secretary)

    def expense(self, amount, *, category="catering", status="spent", day=dt.date(2026, 3, 2), council=None,
                description="Sandwich til mødet", **links):
        return services.expense_create(council=council or self.council, date=day, category=category, status=status,
                                       amount=Decimal(amount), description=description, actor=self.secretary,
                                       **links)

    def rules(self, **fields):
        return council_services.rules_update(council=self.council, actor=self.secretary,
                                             valid_from=fields.pop("valid_from", dt.date(2026, 1, 1)), **fields)


def csv_rows(content: bytes) -> list[list[str]]:
    import csv

    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
