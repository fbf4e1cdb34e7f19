"""The registries that let a lower app reach a higher one without importing it: every entry
the apps register in their ``ready()`` resolves, and runs in the documented order."""

from core import demo, roster
from notifications import attachments, periodic


def test_the_demo_seeders_run_in_the_apps_order_and_resolve():
    assert [seeder.path for seeder in demo.seeders()] == [
        "councils.demo.seed_demo", "meetings.demo.seed_demo", "hearings.demo.seed_demo",
        "activities.demo.seed_demo", "finance.demo.seed_demo", "library.demo.seed_demo",
        # Citizens' messages, one of them made an idea and chosen as a theme of the year.
        "public.demo.seed_demo",
        # The 2018 annual report goes on the agenda of 1 April 2019, that meeting is held, the report approved.
        "reports.demo.seed_demo", "meetings.demo.hold_demo", "reports.demo.approve_demo",
        "meetings.easyread_demo.seed_demo", "meetings.demo.restate_demo"]
    assert all(callable(seeder.seed) for seeder in demo.seeders())


def test_a_demo_run_lists_an_addition_once():
    run = demo.DemoRun()
    run.add("themes, groups, events, budget and library of ishoej")
    run.add("themes, groups, events, budget and library of ishoej")
    assert run.added == ["themes, groups, events, budget and library of ishoej"] and run.changed


def test_the_periodic_jobs_are_registered_and_resolve():
    assert [(job.path, job.report) for job in periodic.jobs()] == [
        ("meetings.reminders.meeting_reminders_queue", "meeting_reminders"),
        ("meetings.reminders.action_item_reminders_queue", "task_reminders"),
        ("hearings.services.reminders.deadline_reminders_queue", "reminders"),
        ("hearings.services.reminders.draft_reminders_queue", "draft_reminders"),
        ("activities.services.themes.resurface_postponed", "themes_resurfaced"),
        ("activities.reminders.event_reminders_queue", "event_reminders"),
        # The retention rules of every council (citizens' sign-ups among them: activities deletes them).
        ("privacy.retention.retention_job", "retention_deleted"),
        ("notifications.services.subscriptions_expire_job", "expired_subscriptions"),
        ("public.services.messages.citizens_tell", "citizens_told"),
        ("public.alerts.alerts_send_job", "citizen_alerts")]
    assert all(callable(job.run) for job in periodic.jobs())


def test_the_apps_register_their_attachment_builders():
    assert {"meetings.agenda_pdf", "meetings.ics", "hearings.response_pdf",
            "hearings.comment_letter_pdf"} <= set(attachments.BUILDERS)


def test_councils_provides_the_roster_core_reads():
    source = roster.source()
    assert source.roles_from_roster.__module__ == "councils.selectors"
    assert source.disclosure_facts.__module__ == "councils.selectors"
