from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, RecruitmentCall


class StaticSitemap(Sitemap):
    def items(self):
        return ["public:landing", "public:accessibility"]

    def location(self, item):
        return reverse(item)


class CouncilSitemap(Sitemap):
    """The public pages of every active council."""

    pages = ("public:council_home", "public:members")

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


sitemaps = {"static": StaticSitemap, "councils": CouncilSitemap, "calls": CallSitemap}
