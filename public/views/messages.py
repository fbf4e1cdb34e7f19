"""The secretariat's pages for citizens' messages ("Henvendelser"): the list (new first, by
status) and one message with its actions – an idea for this year's catalogue, an item for a
later meeting, a reply through the outbox, archiving. The formandskab may read; the secretariat
acts. A refusal (another secretary was first, a CPR number, no contact) is shown on the form
with everything typed kept."""

from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from public.forms.messages import ReplyForm, StatusFilterForm, ToAgendaForm, ToIdeaForm
from public.selectors import messages as selectors
from public.services import messages as services

# action (the URL's last segment) -> (form, service, what the page says when done)
ACTIONS = {
    "idee": (ToIdeaForm, services.message_to_idea, gettext_lazy("Henvendelsen er sat i årets idékatalog.")),
    "punkt": (ToAgendaForm, services.message_to_agenda,
              gettext_lazy("Henvendelsen er sat på listen over punkter til et senere møde.")),
    "svar": (ReplyForm, services.message_reply,
             gettext_lazy("Svaret er lagt i udbakken og sendes til borgeren.")),
}


def _detail_url(request, message) -> str:
    return reverse("public:message", args=[request.council.slug, message.pk])


@council_view("messages.view")
def message_list(request):
    council = request.council
    filter_form = StatusFilterForm(request.GET or None)
    status = filter_form.cleaned_data.get("status", "") if filter_form.is_valid() else ""
    page = selectors.messages_page(council=council, status=status, number=request.GET.get("side") or 1)
    found = selectors.outcomes(list(page.object_list))
    rows = [(message, found[message.pk]) for message in page.object_list]
    return render(request, "public/messages/list.html", {
        "nav": "messages", "filter_form": filter_form, "page": page, "rows": rows, "status": status,
        "counts": selectors.status_counts(council=council)})


def _forms(message, bound=None, action=""):
    # A first title to shorten: the citizen's opening words, cut at a word, not inside one.
    title = Truncator(message.text.splitlines()[0] if message.text else "").words(10)
    forms = {
        "idee": ToIdeaForm(initial={"title": title, "description": message.text}, prefix="idee"),
        "punkt": ToAgendaForm(initial={"title": title, "case_text": message.text}, prefix="punkt"),
        "svar": ReplyForm(prefix="svar"),
    }
    if bound is not None:
        forms[action] = bound
    return forms


def _detail_page(request, message, forms=None, refused=None, status=200):
    return render(request, "public/messages/detail.html", {
        "nav": "messages", "message": message, "outcome": selectors.message_outcome(message),
        "forms": forms or _forms(message), "refused": refused}, status=status)


@council_view("messages.view")
def message_detail(request, pk):
    return _detail_page(request, selectors.message_get(council=request.council, pk=pk))


@require_POST
@council_view("messages.manage")
def message_act(request, pk, action):
    council = request.council
    message = selectors.message_get(council=council, pk=pk)
    if action == "arkiver":
        try:
            services.message_archive(council=council, message=message, actor=request.user)
        except ApplicationError as error:
            flash.error(request, error.message)
        else:
            flash.success(request, _("Henvendelsen er arkiveret."))
        return redirect(_detail_url(request, message))
    form_class, service, done = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            service(council=council, message=message, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            flash.success(request, done)
            return redirect(_detail_url(request, message))
    # Read again: a refusal may come from another secretary's action, which changes the page.
    message = selectors.message_get(council=council, pk=pk)
    return _detail_page(request, message, forms=_forms(message, form, action), refused=form,
                        status=form_status(form))
