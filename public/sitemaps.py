from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, RecruitmentCall
from meetings.models import Meeting, MeetingStatus


class StaticSitemap(Sitemap):
    def items(self):
        return ["public:landing", "public:accessibility"]

    def location(self, item):
        return reverse(item)


class CouncilSitemap(Sitemap):
    """The public pages of every active council."""

    pages = ("public:council_home", "public:members", "public:meetings")

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


class MeetingSitemap(Sitemap):
    """Every public, not cancelled meeting of an active council."""

    def items(self):
        return (Meeting.objects.filter(public=True, council__is_active=True)
                .exclude(status=MeetingStatus.CANCELLED).select_related("council").order_by("council_id", "starts_at"))

    def location(self, meeting):
        return reverse("public:meeting", args=[meeting.council.slug, meeting.pk])


sitemaps = {"static": StaticSitemap, "councils": CouncilSitemap, "calls": CallSitemap, "meetings": MeetingSitemap}
