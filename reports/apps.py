from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Årsberetning")

    def ready(self) -> None:
        # Registries of the apps below (they never import reports): the report PDF as an outbox
        # attachment, and "the year in figures" on the council's start page.
        from core import demo
        from core.search import register_source
        from councils.hooks import register_dashboard_panel
        from notifications.attachments import register
        from reports.attachments import report_pdf_attachment
        from reports.panels import PANEL_TEMPLATE, year_in_figures_panel
        from reports.search import EASY_KIND, KIND, easy_entries, entries

        register("reports.report_pdf", report_pdf_attachment)
        register_dashboard_panel(PANEL_TEMPLATE, year_in_figures_panel)
        register_source(KIND, _("Årsberetninger"), entries)
        register_source(EASY_KIND, _("Letlæste årsberetninger"), easy_entries)
        # The demo (core.demo): the 2018 report drafted and put on the agenda of 1 April 2019 once the
        # council's year is seeded (after activities, finance and library: 40–42), approved once
        # meetings.demo.hold_demo (50) has held that meeting.
        demo.register("reports.demo.seed_demo", order=45)
        demo.register("reports.demo.approve_demo", order=55)
