from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo
from notifications import periodic
from notifications.attachments import register


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Møder")

    def ready(self):
        from meetings.startpage import register_panels

        register_panels()  # on the member's start page (councils.hooks.register_member_panel)
        from core.search import register_source
        from councils.followups import register_rules_followup
        from meetings import attachments, letters
        from meetings.search import EASY_KIND, KIND, PERMISSION, easy_entries, entries
        from meetings.selectors.attendance import rules_followups

        register_rules_followup(rules_followups)
        register("meetings.agenda_pdf", attachments.agenda_pdf)
        register("meetings.ics", attachments.calendar_file)
        letters.register()  # the printed invitation's QR code and short address (notifications.letters)
        register_source(KIND, _("Dagsordener og referater"), entries, internal_permission=PERMISSION)
        register_source(EASY_KIND, _("Letlæste referater"), easy_entries)
        # Reminders by each person's channel (meetings.reminders): the day before, action items due.
        periodic.register("meetings.reminders.meeting_reminders_queue", report="meeting_reminders",
                          failure="Day-before meeting reminders failed; sending goes on")
        periodic.register("meetings.reminders.action_item_reminders_queue", report="task_reminders",
                          failure="Action item reminders failed; sending goes on")
        demo.register("meetings.demo.seed_demo", order=20)
        # The spring 2019 meeting is held after the council's year and the draft annual report (45).
        demo.register("meetings.demo.hold_demo", order=50)
        # The easy-read minutes of the latest published minutes: after they are held and published (50).
        demo.register("meetings.easyread_demo.seed_demo", order=60)
        demo.register("meetings.demo.restate_demo", order=90)  # last: once budgets and events exist
        # "AFBUD" and "JA" answered by SMS (notifications.inbound).
        from meetings.inbound import handle_reply
        from notifications.inbound import register_inbound_handler

        register_inbound_handler(handle_reply)
