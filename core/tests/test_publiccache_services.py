"""Every service that publishes or changes public content bumps the council's public generation
(core.publiccache.bump), so the council's cached public pages are renewed when it commits.

Two ways of proving it: the rich council of the disclosure crawler (public/tests/
test_disclosure_crawler.py) is built through the real services while every bump is recorded with
the services on the call stack; and the services it does not call are called here one by one, and
the generation must have gone up after the commit."""

import datetime as dt
import inspect

import pytest
from django.utils import timezone

from core import publiccache
from councils.models import Council
from public.tests.test_disclosure_crawler import seeded  # noqa: F401 - the rich council, built through services


@pytest.fixture
def bumped(monkeypatch):
    """The service functions (module.function) on the call stack of every bump."""
    seen: set[str] = set()
    real = publiccache.bump

    def recording(council):
        for frame in inspect.stack()[1:]:
            module = frame.frame.f_globals.get("__name__", "")
            if ".services" in module:
                seen.add(f"{module}.{frame.function}")
        real(council)

    monkeypatch.setattr(publiccache, "bump", recording)
    return seen


def test_the_publishing_services_of_a_council_year_bump(db, bumped, request):
    """Built after ``bumped`` is in place: the council's year through the real services."""
    request.getfixturevalue("seeded")
    expected = {
        "councils.services.person_save", "councils.services.membership_create", "councils.services.membership_end",
        "councils.services.position_assign", "councils.services.rules_update",
        "meetings.services.plan.meeting_create", "meetings.services.agenda.agenda_publish",
        "meetings.services.minutes.minutes_publish", "meetings.services.minutes.minutes_approve_at_meeting",
        "meetings.services.minutes.minutes_approve_in_writing",
        "activities.services.events.signup",
        "activities.services.events.report_save",
        "hearings.services.consultations.consultation_send", "hearings.services.consultations.outcome_record",
        "hearings.services.letters.comment_letter_send",
    }
    missing = expected - bumped
    assert not missing, f"these services changed public content without a bump: {sorted(missing)}"


def generation(council) -> int:
    return Council.objects.values_list("public_generation", flat=True).get(pk=council.pk)


def _meeting(council, days=20):
    from meetings.services import plan

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return plan.meeting_create(council=council, kind="ordinary", starts_at=start,
                               ends_at=start + dt.timedelta(hours=2), location="Rådhuset")


def _event(council, **fields):
    from activities.services import events

    return events.event_create(council=council, title="Temadag", starts_at=timezone.now() + dt.timedelta(days=20),
                               **fields)


def _terms(council):
    from councils import services

    services.terms_of_reference_update(council=council, actor=None, text="Rådet rådgiver.",
                                       valid_from=timezone.localdate())


def _call(council):
    from councils import services
    from councils.models import Term

    services.call_save(council=council, term=Term.objects.get(council=council), title="Bliv medlem",
                       text="Vi søger.", deadline=timezone.now() + dt.timedelta(days=14), published=True)


def _meeting_update(council, meeting):
    from meetings.services import plan

    plan.meeting_update(meeting=meeting, location="Biblioteket")


def _meeting_cancel(council, meeting):
    from meetings.services import plan

    plan.meeting_cancel(meeting=meeting)


def _year_plan(council):
    from meetings.services import plan

    plan.year_plan_generate(council=council, year=timezone.localdate().year + 1, weekday=1,
                            start_time=dt.time(16), end_time=dt.time(18), location="Rådhuset")


def _event_update(council, event):
    from activities.services import events

    events.event_update(event=event, title="Temadag om ensomhed")


def _event_public(council, event):
    from activities.services import citizens

    citizens.event_publish_set(event=event, is_public=True)


def _citizen_signup(council, event):
    from activities.services import citizens

    citizens.citizen_signup(event=event, name="Kim")


def _approved_report(council):
    from reports.tests.documents_builders import approve, report_with_sections

    report = report_with_sections(council, year=timezone.localdate().year - 1)
    approve(report)
    return report


def _report_publish(council, report):
    from reports import services

    services.report_publish(report=report, actor=None)


SERVICES = [
    ("terms_of_reference_update", _terms, None),
    ("call_save", _call, None),
    ("meeting_create", _meeting, None),
    ("meeting_update", _meeting_update, _meeting),
    ("meeting_cancel", _meeting_cancel, _meeting),
    ("year_plan_generate", _year_plan, None),
    ("event_create", lambda council: _event(council, is_public=True, own=True), None),
    ("event_update", _event_update, _event),
    ("event_publish_set", _event_public, lambda council: _event(council, own=True)),
    ("citizen_signup", _citizen_signup, lambda council: _event(council, is_public=True, own=True, public_capacity=5)),
    ("report_publish", _report_publish, _approved_report),
]


@pytest.mark.parametrize("name,change,given", SERVICES, ids=[s[0] for s in SERVICES])
def test_the_service_bumps_the_generation_on_commit(name, change, given, make_council, settings, tmp_path,
                                                    django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council = make_council("nordby")
    with django_capture_on_commit_callbacks(execute=True):
        thing = given(council) if given else None
    before = generation(council)
    with django_capture_on_commit_callbacks(execute=True):
        change(council, thing) if given else change(council)
        assert generation(council) == before  # not before the commit
    assert generation(council) > before, name


# --- Agenda edits: public once the agenda is out -------------------------------------------------

def _agenda_edits():
    from meetings.services import agenda

    def update(item):
        agenda.item_update(item=item, title="Fokus på socialt frikort og job")

    def create(item):
        agenda.item_create(meeting=item.meeting, title="Ekstra punkt", kind="information")

    def move(item):
        agenda.item_move(item=item, direction="down")

    def delete(item):
        agenda.item_delete(item=agenda.item_create(meeting=item.meeting, title="Fejl", kind="information"))

    def postpone(item):
        agenda.proposal_postpone(item=item)

    def attach(item):
        from meetings.tests.agenda_builders import pdf_bytes, upload

        agenda.attachment_add(item=item, file=upload("bilag.pdf", pdf_bytes(), "application/pdf"))

    return [("item_update", update), ("item_create", create), ("item_move", move), ("item_delete", delete),
            ("proposal_postpone", postpone), ("attachment_add", attach)]


@pytest.mark.parametrize("published", [True, False], ids=["agenda out", "draft agenda"])
@pytest.mark.parametrize("name,change", _agenda_edits(), ids=[e[0] for e in _agenda_edits()])
def test_an_agenda_edit_bumps_once_the_agenda_is_public(name, change, published, make_council, settings, tmp_path,
                                                         django_capture_on_commit_callbacks):
    """The public meeting page shows a sent agenda's items as they are now, so editing them renews the
    cached page; a draft agenda is not public, so editing it leaves the cache alone."""
    from meetings.tests.agenda_builders import make_meeting, own_items, set_status

    settings.MEDIA_ROOT = tmp_path
    council = make_council("nordby")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(council, timezone.localdate() + dt.timedelta(days=10))
        item = own_items(meeting)[0]
        if published:
            set_status(meeting, "agenda_published")
    item.refresh_from_db()
    before = generation(council)
    with django_capture_on_commit_callbacks(execute=True):
        change(item)
    assert (generation(council) > before) is published, name
