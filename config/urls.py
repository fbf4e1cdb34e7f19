from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.views import choose_language, healthz
from councils import views as council_views
from meetings.views import attendance as attendance_views
from meetings.views import reading as reading_views
from notifications import views as notification_views
from public.sitemaps import sitemaps

admin.site.site_header = "Stemme – platformsadministration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # The footer's language links (GET, no CSRF cookie); Django's POST set_language stays at /i18n/setlang/.
    path("i18n/sprog/<str:code>/", choose_language, name="choose_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Passkeys: django-otp-webauthn's begin/complete endpoints (namespace "otp_webauthn").
    path("konto/adgangsnoegle/", include("django_otp_webauthn.urls")),
    path("konto/", include("accounts.urls")),
    path("django-admin/", admin.site.urls),
    path("raad/nyt/", council_views.council_create, name="council_create"),
    path("afbud/<str:token>/", attendance_views.afbud, name="afbud"),
    path("afbud/<str:token>/fortryd/", attendance_views.afbud_withdraw, name="afbud_withdraw"),
    # The SMS provider's webhooks (notifications.sms: signed, no council in the address).
    path("sms/status/", notification_views.sms_status, name="sms_status"),
    path("sms/indgaaende/", notification_views.sms_inbound, name="sms_inbound"),
    # The personal reading link and the letter's short code (meetings.views.reading): no login.
    path("l/<str:token>/", reading_views.reading, name="reading"),
    path("l/<str:token>/kommer/", reading_views.reading_coming, name="reading_coming"),
    path("l/<str:token>/afbud/", reading_views.reading_afbud, name="reading_afbud"),
    path("l/<str:token>/fortryd/", reading_views.reading_withdraw, name="reading_withdraw"),
    path("l/<str:token>/bilag/<int:pk>/", reading_views.reading_attachment, name="reading_attachment"),
    path("k/<str:code>/", reading_views.reading_short, name="reading_short"),
    path("<slug:council_slug>/intern/moeder/", include("meetings.urls")),
    path("<slug:council_slug>/intern/", include("hearings.urls")),
    path("<slug:council_slug>/intern/", include("activities.urls")),
    path("<slug:council_slug>/intern/oekonomi/", include("finance.urls")),
    path("<slug:council_slug>/intern/bibliotek/", include("library.urls")),
    path("<slug:council_slug>/intern/aarsberetning/", include("reports.urls")),
    path("<slug:council_slug>/intern/persondata/", include("privacy.urls")),
    path("<slug:council_slug>/intern/udsendelser/", include("notifications.urls")),
    path("<slug:council_slug>/intern/", include("councils.urls")),
    path("", include("public.urls")),
]

# An uncaught error anywhere (also in a middleware before the view): the 503 page when the
# database is unavailable, else Django's 500 page (core.views.server_error).
handler500 = "core.views.server_error"
