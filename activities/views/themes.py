"""Theme pages: the year's themes (with a warning outside 5–8), a theme without an idea, the
theme page with its status over the year and links to agenda items, consultations and events,
editing, linking and postponing. Thin, like the idea pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.forms.ideas import PostponeForm, ThemeForm, ThemeLinksForm
from activities.selectors import ideas as idea_selectors
from activities.selectors import themes as selectors
from activities.services import themes as services
from core.errors import ApplicationError
from core.formats import long_date
from core.forms import form_status
from core.tenancy import council_view


def _url(request, name: str, *args, year: int | None = None) -> str:
    url = reverse(f"activities:{name}", args=[request.council.slug, *args])
    return f"{url}?aar={year}" if year else url


def _links_form(council, data=None, theme=None) -> ThemeLinksForm:
    initial = None
    if theme is not None:
        initial = {"agenda_items": [i.pk for i in theme.agenda_items.all()],
                   "consultations": [c.pk for c in theme.consultations.all()],
                   "events": [e.pk for e in theme.events.all()]}
    return ThemeLinksForm(data, initial=initial, agenda_items=selectors.agenda_item_choices(council),
                          consultations=selectors.consultation_choices(council),
                          events=selectors.event_choices(council))


@require_GET
@council_view("ideas.view")
def theme_list(request):
    year = idea_selectors.year_from(request.GET.get("aar"))
    return render(request, "activities/themes/list.html", {
        "nav": "themes", "year": year, "themes": selectors.year_themes(request.council, year),
        "years": selectors.theme_years(request.council, idea_selectors.current_year()),
        "can_manage": request.access.can("themes.manage")})


@council_view("themes.manage")
def theme_create(request):
    year = idea_selectors.year_from(request.GET.get("aar") or request.POST.get("aar"))
    people = selectors.owner_candidates(request.council)
    form = ThemeForm(request.POST if request.method == "POST" else None, people=people, with_status=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services.theme_create(council=request.council, year=year, title=data["title"],
                                          description=data["description"], priority=data["priority"] or 0,
                                          owner=selectors.owner_get(request.council, data["owner"]),
                                          actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Temaet “%(title)s” er oprettet.") % {"title": theme.title})
            return redirect(_url(request, "theme", theme.pk))
    return render(request, "activities/themes/form.html", {
        "nav": "themes", "form": form, "year": year, "title": _("Nyt tema")}, status=form_status(form))


def _detail(request, theme, *, edit_form=None, links_form=None, postpone_form=None, status=200):
    can_manage = request.access.can("themes.manage")
    context = {"nav": "themes", "theme": theme, "can_manage": can_manage,
               "agenda_items": list(theme.agenda_items.all()), "consultations": list(theme.consultations.all()),
               "events": list(theme.events.all())}
    if can_manage:
        people = selectors.owner_candidates(request.council)
        context["edit_form"] = edit_form or ThemeForm(people=people, initial={
            "title": theme.title, "description": theme.description, "owner": theme.owner_id,
            "priority": theme.priority, "status": theme.status if theme.status != "postponed" else "active",
            "status_note": theme.status_note})
        if theme.status == "postponed":
            context["edit_form"].fields.pop("status", None)
        context["links_form"] = links_form or _links_form(request.council, theme=theme)
        context["postpone_form"] = postpone_form or PostponeForm(people=people, initial={"owner": theme.owner_id},
                                                                 prefix="udsaet")
    return render(request, "activities/themes/detail.html", context, status=status)


@council_view("ideas.view")
def theme_detail(request, pk):
    theme = selectors.theme_get(request.council, pk)
    if request.method == "POST":
        request.access.require("themes.manage")
        people = selectors.owner_candidates(request.council)
        form = ThemeForm(request.POST, people=people)
        if theme.status == "postponed":
            form.fields.pop("status", None)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["owner"] = selectors.owner_get(request.council, data["owner"])
            data["priority"] = data["priority"] or 0
            try:
                services.theme_update(theme=theme, actor=request.user, **data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Temaet er gemt."))
                return redirect(_url(request, "theme", theme.pk))
        return _detail(request, theme, edit_form=form, status=form_status(form))
    return _detail(request, theme)


@require_POST
@council_view("themes.manage")
def theme_links(request, pk):
    theme = selectors.theme_get(request.council, pk)
    form = _links_form(request.council, request.POST)
    if form.is_valid():
        try:
            services.theme_links_set(theme=theme, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Koblingerne er gemt."))
            return redirect(_url(request, "theme", theme.pk) + "#koblinger")
    return _detail(request, theme, links_form=form, status=form_status(form))


@require_POST
@council_view("themes.manage")
def theme_postpone(request, pk):
    theme = selectors.theme_get(request.council, pk)
    form = PostponeForm(request.POST, people=selectors.owner_candidates(request.council), prefix="udsaet")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_postpone(theme=theme, until=data["until"], note=data["note"],
                                    owner=selectors.owner_get(request.council, data["owner"]),
                                    actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Temaet er udsat til %(day)s og kommer derefter tilbage på listen over "
                                        "punkter til et senere møde.") % {
                "day": long_date(theme.postponed_until)})
            return redirect(_url(request, "theme", theme.pk))
    return _detail(request, theme, postpone_form=form, status=form_status(form))
