"""The public form "Hvad skal rådet arbejde med?": citizens send the council an idea, without
logging in and with their name only if they wish. It goes into the idea catalogue of this
year (source "from a citizen"). The CPR guard runs on the text (a Danish error; what was
written is kept). Spam robots fill in the hidden ``website`` field: they see the thank-you
page, but nothing is saved."""

import logging

from django.shortcuts import redirect, render

from activities.forms.ideas import CitizenIdeaForm
from activities.services import ideas as services
from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view

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
    return render(request, "public/ideas/form.html", {"nav": "home", "form": form}, status=form_status(form))


@council_view("council.view_public")
def idea_thanks(request):
    return render(request, "public/ideas/thanks.html", {"nav": "home"})
