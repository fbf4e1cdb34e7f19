from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo
from notifications import periodic
from notifications.attachments import register


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = _("Høringer og udvalg")

    def ready(self):
        from hearings.startpage import register_panels

        register_panels()  # on the member's start page (councils.hooks.register_member_panel)
        from core.search import register_source as register_search_source
        from hearings import attachments, search, yearplan
        from meetings.yearplan import register_source

        register_source("hearings", yearplan.year_entries)
        register("hearings.response_pdf", attachments.response_pdf)
        register("hearings.comment_letter_pdf", attachments.comment_letter_pdf)
        register_search_source(search.RESPONSE, _("Høringssvar"), search.responses)
        register_search_source(search.LETTER, _("Kommentarbreve"), search.comment_letters)
        periodic.register("hearings.services.reminders.deadline_reminders_queue", report="reminders",
                          failure="Deadline reminders failed; sending goes on")
        periodic.register("hearings.services.reminders.draft_reminders_queue", report="draft_reminders",
                          failure="Drafting reminders failed; sending goes on")
        demo.register("hearings.demo.seed_demo", order=30)
