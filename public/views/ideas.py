"""The public form "Hvad skal rådet arbejde med?": citizens send the council an idea, without
logging in and with their name only if they wish. It goes into the idea catalogue of this
year (source "from a citizen"). The CPR guard runs on the text (a Danish error; what was
written is kept). Spam robots fill in the hidden ``website`` field: they see the thank-you
page, but nothing is saved. Below the form, "Hvad skete der med idéerne?": the citizens' ideas
of every year with what became of them (public.selectors.messages)."""

import logging

from django.shortcuts import redirect, render
from django.utils import timezone

from activities.forms.ideas import CitizenIdeaForm
from activities.services import ideas as services
from core.disclosure import Disclosure
from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from public.selectors import messages as message_selectors

logger = logging.getLogger("stemme.public")


@council_view("council.view_public")
def idea_form(request):
    council = request.council
    form = CitizenIdeaForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST":
        if form.is_spam:
            logger.info("Citizen idea honeypot filled for %s; not saved", council.slug)
            return redirect("public:idea_thanks", council.slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.citizen_idea_submit(council=council, title=data["title"], description=data["description"],
                                             name=data["name"])
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                return redirect("public:idea_thanks", council.slug)
    return render(request, "public/ideas/form.html", {
        "nav": "home", "form": form, "idea_years": message_selectors.citizen_ideas_by_year(council=council),
        "disclosure": Disclosure.for_council(council, on=timezone.localdate())}, status=form_status(form))


@council_view("council.view_public")
def idea_thanks(request):
    return render(request, "public/ideas/thanks.html", {"nav": "home"})
