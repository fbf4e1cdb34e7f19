"""Public pages: no login. Only data that is public by the council's rules and each
person's consent (the disclosure policy, ``core.disclosure``); never sensitive status."""

import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.selectors.events import upcoming_public_events
from core.disclosure import Disclosure
from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from councils import selectors, services
from councils.forms import CandidacyForm
from reports.selectors.published import published_years

logger = logging.getLogger("stemme.public")


def landing(request):
    return render(request, "public/landing.html", {"councils": selectors.councils_public()})


def accessibility(request):
    return render(request, "public/accessibility.html")


@council_view()
def council_home(request):
    council = request.council
    today = timezone.localdate()
    return render(request, "public/council_home.html", {
        "nav": "home", "tor": selectors.terms_of_reference_in_force(council=council, on=today),
        "rules": selectors.rules_in_force(council=council, on=today),
        "open_calls": selectors.published_calls(council=council).filter(deadline__gte=timezone.now()),
        "report_years": published_years(council=council),
        "upcoming_events": upcoming_public_events(council=council),
        "disclosure": Disclosure.for_council(council, on=today)})


@council_view()
def members(request):
    """Who sits on the council today: by name those the disclosure policy lets us name, the
    others counted by role ("Desuden sidder formanden, 4 medlemmer og 3 suppleanter i rådet …")."""
    today = timezone.localdate()
    disclosure = Disclosure.for_council(request.council, on=today)
    return render(request, "public/members.html", {
        "nav": "public_members",
        "members": selectors.public_members(council=request.council, on=today, disclosure=disclosure),
        "others": disclosure.people(disclosure.unnamed(disclosure.on_council()))})


@council_view()
def call(request, pk):
    council = request.council
    call = selectors.call_get(council=council, pk=pk, published_only=True)
    is_open = timezone.now() <= call.deadline
    form = CandidacyForm(request.POST or None, call=call, request=request)
    if request.method == "POST":
        if form.is_spam:
            logger.info("Candidacy honeypot filled for %s; not saved", council.slug)
            return redirect("public:call_thanks", council.slug, call.pk)
        if form.is_valid():
            try:
                services.candidacy_submit(call=call, **form.cleaned_data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Tak! Dit kandidatur er modtaget. Sekretariatet kontakter dig."))
                return redirect("public:call_thanks", council.slug, call.pk)
    return render(request, "public/call.html", {"nav": "home", "call": call, "form": form, "is_open": is_open,
                                                "disclosure": Disclosure.for_council(council, on=timezone.localdate())},
                  status=form_status(form))


@council_view()
def call_thanks(request, pk):
    call = selectors.call_get(council=request.council, pk=pk, published_only=True)
    return render(request, "public/call_thanks.html", {
        "nav": "home", "call": call, "disclosure": Disclosure.for_council(request.council, on=timezone.localdate())})
