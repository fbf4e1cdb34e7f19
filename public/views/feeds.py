"""The council's feeds, the "Abonnér" page, and the citizens' e-mail alerts: sign up (double
opt-in: a mail with a confirmation link), confirm, and unsubscribe from the link in every alert
or with a mail client's one-click button (RFC 8058). No login anywhere; the links are the keys."""

import logging

from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import ApplicationError
from core.forms import form_status
from core.links import absolute_url, site_root
from core.tenancy import council_view
from notifications import selectors as subscriptions
from notifications import services
from notifications.forms import SubscribeForm
from public.feeds import TopicAtomFeed, TopicRssFeed
from public.selectors.feeds import topics

logger = logging.getLogger("stemme.public")

atom_feed = require_safe(council_view("council.view_public")(TopicAtomFeed()))
rss_feed = require_safe(council_view("council.view_public")(TopicRssFeed()))


def _topic_choices() -> list[tuple[str, str]]:
    return [(topic.key, str(topic.label)) for topic in topics()]


@require_http_methods(["GET", "HEAD", "POST"])
@council_view("council.view_public")
def subscribe(request):
    """What feeds, calendars and e-mail alerts are, and the sign-up form for the alerts."""
    council = request.council
    form = SubscribeForm(request.POST if request.method == "POST" else None, request=request,
                         topics=_topic_choices())
    if request.method == "POST":
        if form.is_spam:
            logger.info("Subscription honeypot filled for %s; not saved", council.slug)
            return redirect("public:subscribe_sent", council.slug)
        if form.is_valid():
            try:
                services.subscription_request(council=council, email=form.cleaned_data["email"],
                                              topics=form.cleaned_data["topics"], base_url=site_root(request))
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                return redirect("public:subscribe_sent", council.slug)
    feeds = [{"topic": topic, "url": absolute_url(_feed_path("public:feed", council, topic), request),
              "rss_url": absolute_url(_feed_path("public:feed_rss", council, topic), request)}
             for topic in topics()]
    return render(request, "public/subscribe/subscribe.html", {
        "nav": "subscribe", "form": form, "feeds": feeds,
        "meetings_ics": absolute_url(reverse("public:meetings_ics", args=[council.slug]), request),
        "events_ics": _events_ics(request)}, status=form_status(form))


def _feed_path(name: str, council, topic) -> str:
    return reverse(name, kwargs={"council_slug": council.slug, "topic": topic.slug})


def _events_ics(request) -> str:
    """The public events' calendar, when the council's events have one (the events part's URL)."""
    try:
        return absolute_url(reverse("public:events_ics", args=[request.council.slug]), request)
    except NoReverseMatch:
        return ""


@require_safe
@council_view("council.view_public")
def subscribe_sent(request):
    return render(request, "public/subscribe/sent.html", {"nav": "subscribe"})


@require_http_methods(["GET", "HEAD", "POST"])
@council_view("council.view_public")
def subscribe_confirm(request, token):
    """GET shows a button; the POST confirms. A button, not the link itself, because mail
    scanners open links in mails: a subscription is confirmed only by a person."""
    error = None
    try:
        if request.method == "POST":
            subscription = services.subscription_confirm(council=request.council, token=token)
            return render(request, "public/subscribe/confirmed.html", {
                "nav": "subscribe", "subscription": subscription,
                "topics": [label for key, label in services.topic_labels().items() if key in subscription.topics]})
        # Read on GET too: a damaged or old link says so at once, another council's is a 404.
        subscriptions.confirm_request(council=request.council, token=token, now=timezone.now())
    except ApplicationError as refusal:
        error = refusal.message
    return render(request, "public/subscribe/confirm.html", {"nav": "subscribe", "error": error},
                  status=400 if error else 200)


@csrf_exempt  # the one-click unsubscribe (RFC 8058) is POSTed by mail clients without a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
@council_view("council.view_public")
def unsubscribe(request, token):
    """GET: a page with a button. POST (the button, or a mail client's one-click button with the
    body ``List-Unsubscribe=One-Click``): the subscription is deleted. The token is the key, so
    no login and no CSRF token; a used or unknown token answers the same "you are unsubscribed"."""
    council = request.council
    found = subscriptions.subscription_by_unsubscribe_token(council=council, token=token)  # 404: another council's
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") != "One-Click":
            return render(request, "public/subscribe/unsubscribe.html", {
                "nav": "subscribe", "subscribed": found is not None,
                "error": _("Noget gik galt. Tryk på knappen igen.")}, status=400)
        services.subscription_cancel(council=council, token=token)
        return render(request, "public/subscribe/unsubscribed.html", {"nav": "subscribe"})
    return render(request, "public/subscribe/unsubscribe.html", {"nav": "subscribe", "subscribed": found is not None})
