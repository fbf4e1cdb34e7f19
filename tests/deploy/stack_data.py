"""Data for the stack test (tests/deploy/test_stack.py), built through the real services in the
database the test's gunicorn uses. Run in a process of its own with that database's environment:

    python -m tests.deploy.stack_data build     -> JSON: slug, meeting, member's session key, names
    python -m tests.deploy.stack_data publish <meeting pk>   -> sends (publishes) the agenda
    python -m tests.deploy.stack_data serve     -> builds and prints the JSON line, then reads commands
                                                   ("publish <pk>") from stdin, one JSON line each, until EOF

``serve`` is what the test uses: Django is set up once for both steps, and the build runs while the
test starts gunicorn and nginx.

The test process itself runs on pytest-django's test database, which gunicorn cannot see (SQLite
in memory), so the publish is made here, directly in the database through the service, not over HTTP.
"""

import datetime as dt
import json
import sys

import django

MUNICIPALITY = "Stakkeby Kommune"
ITEM_TITLE = "Stakkens punkt: belysning i parken"
MEMBER_NAME = "Stine Stakmedlem"


def build() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from councils import services as council_services
    from councils.models import Municipality, SeatCategory, Term
    from meetings.services import agenda as agenda_services
    from meetings.services import plan as plan_services

    user_model = get_user_model()
    today = timezone.localdate()
    municipality = Municipality.objects.create(name=MUNICIPALITY, slug="stakkeby")
    council = council_services.council_create_from_preset(
        municipality=municipality, preset_key="albertslund2018", name="Udsatterådet i Stakkeby", slug="stakkeby",
        term_start=today.replace(month=1, day=1), term_end=today.replace(year=today.year + 3, month=12, day=31))
    secretary = user_model.objects.create_user(email="sekretariat@stakkeby.example", name="Sara Sekretær",
                                               password="stak-stak-stak-1")
    council_services.council_secretary_add(council=council, user=secretary)
    member_user = user_model.objects.create_user(email="stine@stakkeby.example", name=MEMBER_NAME,
                                                 password="stak-stak-stak-2")
    term = Term.objects.filter(council=council).order_by("-start").first()
    person = council_services.person_save(council=council, name=MEMBER_NAME, email="stine@stakkeby.example",
                                          user=member_user, publish_name=True)
    council_services.membership_create(
        council=council, person=person, term=term, role="member", start=term.start,
        seat_category=SeatCategory.objects.filter(council=council, term=term).order_by("position").first())
    day = today + dt.timedelta(days=40)
    starts = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 16))
    meeting = plan_services.meeting_create(council=council, kind="ordinary", starts_at=starts,
                                           ends_at=starts + dt.timedelta(hours=2), location="Rådhuset",
                                           actor=secretary)
    agenda_services.item_create(meeting=meeting, title=ITEM_TITLE, kind="decision", actor=secretary,
                                case_text="Stien gennem parken er mørk om vinteren.")
    client = Client()
    client.force_login(member_user)
    return {"slug": council.slug, "meeting": meeting.pk, "session": client.cookies["sessionid"].value,
            "item_title": ITEM_TITLE, "member_name": MEMBER_NAME}


def publish(meeting_pk: int) -> None:
    from meetings.models import Meeting
    from meetings.services import agenda as agenda_services

    meeting = Meeting.objects.get(pk=meeting_pk)
    agenda_services.agenda_publish(meeting=meeting, actor=None)


def main(argv: list[str]) -> None:
    django.setup()
    if argv[0] == "build":
        print(json.dumps(build()))
    elif argv[0] == "publish":
        publish(int(argv[1]))
        print(json.dumps({"published": int(argv[1])}))
    elif argv[0] == "serve":
        print(json.dumps(build()), flush=True)
        for line in sys.stdin:
            command, _, argument = line.strip().partition(" ")
            if command != "publish":
                raise SystemExit(f"unknown command {command!r}")
            publish(int(argument))
            print(json.dumps({"published": int(argument)}), flush=True)
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
