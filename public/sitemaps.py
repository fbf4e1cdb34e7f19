"""The sitemap: every public page and public document. What is public is decided where each page
decides it (the public selectors and the disclosure policy, ``core.disclosure``); the sitemap
only lists the addresses, never names or texts."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from activities.models import Event
from councils.models import Council, RecruitmentCall
from hearings.models import CommentLetter, Consultation, ConsultationPartner, LetterStatus
from hearings.selectors.public import PUBLIC_STATUSES
from meetings.models import EasyReadMinutes, EasyReadStatus, Meeting, MeetingStatus
from meetings.selectors.plan import agenda_is_public, minutes_are_public
from reports.models import AnnualReport, EasyReadReport, ReportStatus


class StaticSitemap(Sitemap):
    def items(self):
        return ["public:landing", "public:accessibility"]

    def location(self, item):
        return reverse(item)


class CouncilSitemap(Sitemap):
    """The public pages of every active council."""

    pages = ("public:council_home", "public:members", "public:meetings", "public:responses", "public:ideas",
             "public:reports", "public:events", "public:write")

    def items(self):
        return [(page, slug) for slug in Council.objects.filter(is_active=True).values_list("slug", flat=True)
                for page in self.pages]

    def location(self, item):
        page, slug = item
        return reverse(page, args=[slug])


class CallSitemap(Sitemap):
    def items(self):
        return (RecruitmentCall.objects.filter(published=True, council__is_active=True, deadline__gte=timezone.now())
                .select_related("council"))

    def location(self, call):
        return reverse("public:call", args=[call.council.slug, call.pk])


class EventSitemap(Sitemap):
    """Every public event (the council's own, made public) of an active council."""

    def items(self):
        return list(Event.objects.filter(is_public=True, own=True, council__is_active=True)
                    .order_by("council_id", "starts_at", "pk").values_list("council__slug", "pk"))

    def location(self, item):
        slug, pk = item
        return reverse("public:event", args=[slug, pk])


class MeetingSitemap(Sitemap):
    """Every public, not cancelled meeting of an active council."""

    def items(self):
        return (Meeting.objects.filter(public=True, council__is_active=True)
                .exclude(status=MeetingStatus.CANCELLED).select_related("council").order_by("council_id", "starts_at"))

    def location(self, meeting):
        return reverse("public:meeting", args=[meeting.council.slug, meeting.pk])


class MeetingDocumentSitemap(Sitemap):
    """The public PDFs of agendas that are sent out and minutes that are published (their
    content follows the disclosure policy, see ``meetings.documents.public_pdf``)."""

    def items(self):
        meetings = (Meeting.objects.filter(public=True, council__is_active=True)
                    .exclude(status=MeetingStatus.CANCELLED).select_related("council")
                    .order_by("council_id", "starts_at"))
        rows = []
        for meeting in meetings:
            if agenda_is_public(meeting):
                rows.append(("public:meeting_agenda_pdf", meeting.council.slug, meeting.pk))
            if minutes_are_public(meeting):
                rows.append(("public:meeting_minutes_pdf", meeting.council.slug, meeting.pk))
        return rows

    def location(self, item):
        name, slug, pk = item
        return reverse(name, args=[slug, pk])


class EasyReadSitemap(Sitemap):
    """The published easy-read versions: of published minutes of public meetings, and of
    published annual reports (the same conditions as their pages)."""

    def items(self):
        minutes = (EasyReadMinutes.objects.filter(
            status=EasyReadStatus.PUBLISHED, meeting__status=MeetingStatus.MINUTES_PUBLISHED, meeting__public=True,
            council__is_active=True).order_by("council_id", "meeting__starts_at")
            .values_list("council__slug", "meeting_id"))
        reports = (EasyReadReport.objects.filter(
            status=EasyReadStatus.PUBLISHED, report__status=ReportStatus.PUBLISHED, council__is_active=True)
            .order_by("council_id", "report__year").values_list("council__slug", "report__year"))
        return ([("public:meeting_easy", slug, pk) for slug, pk in minutes]
                + [("public:report_easy", slug, year) for slug, year in sorted(set(reports))])

    def location(self, item):
        name, slug, key = item
        return reverse(name, args=[slug, key])


class ResponseSitemap(Sitemap):
    """Every sent, published consultation response, on the lead's and each partner's page."""

    def items(self):
        lead_rows = Consultation.objects.filter(
            status__in=PUBLIC_STATUSES, published=True, sent_at__isnull=False, council__is_active=True,
        ).values_list("council__slug", "pk")
        partner_rows = ConsultationPartner.objects.filter(
            consultation__status__in=PUBLIC_STATUSES, consultation__published=True,
            consultation__sent_at__isnull=False, council__is_active=True,
        ).values_list("council__slug", "consultation_id")
        return sorted(set(lead_rows) | set(partner_rows))

    def location(self, item):
        slug, pk = item
        return reverse("public:response", args=[slug, pk])


class CommentLetterSitemap(Sitemap):
    """Every sent, published comment letter of an active council."""

    def items(self):
        return list(CommentLetter.objects.filter(status=LetterStatus.SENT, published=True, sent_at__isnull=False,
                                                 council__is_active=True)
                    .order_by("council_id", "pk").values_list("council__slug", "pk"))

    def location(self, item):
        slug, pk = item
        return reverse("public:comment_letter", args=[slug, pk])


class ReportSitemap(Sitemap):
    """Every published annual report of an active council: the page and the PDF."""

    def items(self):
        years = sorted(set(AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, council__is_active=True)
                           .values_list("council__slug", "year")))
        return [(name, slug, year) for slug, year in years for name in ("public:report", "public:report_pdf")]

    def location(self, item):
        name, slug, year = item
        return reverse(name, args=[slug, year])


sitemaps = {"static": StaticSitemap, "councils": CouncilSitemap, "calls": CallSitemap, "meetings": MeetingSitemap,
            "meeting_documents": MeetingDocumentSitemap, "responses": ResponseSitemap,
            "comment_letters": CommentLetterSitemap, "reports": ReportSitemap,
            "easy_read": EasyReadSitemap, "events": EventSitemap}
