"""The public form "Skriv til rådet": a citizen writes a suggestion or a concern to the council,
without logging in, with a name and a contact only if they wish. The page says plainly that the
council cannot help with one person's own case and where to go instead. The CPR guard runs on
the text (a Danish error, the text kept); robots that fill in the hidden ``website`` field see
the thank-you page and nothing is saved."""

import logging

from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from public.forms.messages import WriteForm
from public.services import messages as services

logger = logging.getLogger("stemme.public")


@council_view("council.view_public")
def write(request):
    council = request.council
    form = WriteForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST":
        if form.is_spam:
            logger.info("Citizen message honeypot filled for %s; not saved", council.slug)
            return redirect("public:write_thanks", council.slug)
        if form.is_valid():
            try:
                message = services.message_submit(council=council, **form.service_kwargs())
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                # The thank-you page says whether an answer will come, without the contact in the URL.
                suffix = "?svar=1" if message.has_contact else ""
                return redirect(reverse("public:write_thanks", args=[council.slug]) + suffix)
    return render(request, "public/write/form.html", {"nav": "home", "form": form}, status=form_status(form))


@council_view("council.view_public")
def write_thanks(request):
    return render(request, "public/write/thanks.html", {"nav": "home", "answer": request.GET.get("svar") == "1"})
