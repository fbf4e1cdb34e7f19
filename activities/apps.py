from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import demo
from notifications import periodic


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Temaer, idéer, arbejdsgrupper og arrangementer")

    def ready(self):
        from activities.startpage import register_panels

        register_panels()  # on the member's start page (councils.hooks.register_member_panel)
        from activities import search, yearplan
        from activities.agenda import events_text
        from core.search import register_source as register_search_source
        from meetings import standard_texts
        from meetings.models import StandardItem
        from meetings.yearplan import register_clash_source, register_source

        standard_texts.register(StandardItem.EVENTS, events_text)
        register_source("activities", yearplan.year_entries)
        register_clash_source("activities.events", yearplan.event_clashes)
        register_search_source(search.KIND, _("Arrangementer"), search.entries)
        periodic.register("activities.services.themes.resurface_postponed", report="themes_resurfaced",
                          failure="Resurfacing postponed themes failed; sending goes on")
        periodic.register("activities.reminders.event_reminders_queue", report="event_reminders",
                          failure="Event reminders failed; sending goes on")
        demo.register("activities.demo.seed_demo", order=40)
