"""The secretariat anonymises a person who has left and asked (GDPR art. 17): a list of those who
may be, and a confirmation page that shows what will happen before it does (privacy.erasure)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from core.forms import StemmeForm, form_status
from core.tenancy import council_view
from councils.models import Person
from privacy import erasure


class ErasureConfirmForm(StemmeForm):
    confirmed = forms.BooleanField(
        label=gettext_lazy("Personen har bedt om at blive slettet, og jeg har læst, hvad der sker"),
        error_messages={"required": gettext_lazy("Sæt flueben for at bekræfte, at personen har bedt om det.")})


@council_view("privacy.manage")
def erasure_list(request):
    council = request.council
    today = timezone.localdate()
    return render(request, "privacy/erasure_list.html", {
        "nav": "privacy", "people": erasure.candidates(council=council, today=today),
        "done": erasure.erasures(council=council)})


@council_view("privacy.manage")
def erasure_confirm(request, pk: int):
    council = request.council
    person = get_object_or_404(Person.objects.select_related("user"), council=council, pk=pk)
    form = ErasureConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = erasure.person_erase(council=council, person=person, actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _(
                "Personen er anonymiseret og står nu som “%(label)s”. Referater og beslutninger viser personens "
                "rolle på mødets dag.") % {"label": done.role_label})
            return redirect("privacy:erasure_list", council.slug)
    plan = erasure.erasure_plan(council=council, person=person)
    return render(request, "privacy/erasure_confirm.html", {"nav": "privacy", "person": person, "plan": plan,
                                                            "form": form}, status=form_status(form))
