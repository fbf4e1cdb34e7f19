"""Idea catalogue pages (idékatalog): the year's ideas, a member's idea, the brainstorm
(several ideas at once, one per line), an idea's page (edit, postpone), the prioritising
(dots or ranks) and the results.

Thin: ``council_view`` decides the role, selectors fetch (another council's idea is a 404),
one service call writes; an ``ApplicationError`` is shown on the form with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from activities.forms.ideas import BallotForm, BrainstormForm, ChooseThemesForm, IdeaEditForm, IdeaForm, PostponeForm
from activities.models import IdeaSource
from activities.selectors import ideas as selectors
from activities.selectors import themes as theme_selectors
from activities.services import ideas as services
from activities.services import themes as theme_services
from core.errors import ApplicationError
from core.formats import long_date
from core.forms import form_status
from core.tenancy import council_view
from councils.models import Person
from meetings.models import Meeting


def _post(request):
    return request.POST if request.method == "POST" else None


def _url(request, name: str, *args, year: int | None = None) -> str:
    url = reverse(f"activities:{name}", args=[request.council.slug, *args])
    return f"{url}?aar={year}" if year else url


def _year(request) -> int:
    return selectors.year_from(request.GET.get("aar") or request.POST.get("aar"))


@require_GET
@council_view("ideas.view")
def idea_list(request):
    year = _year(request)
    ideas = selectors.catalogue(request.council, year)
    access = request.access
    return render(request, "activities/ideas/list.html", {
        "nav": "ideas", "year": year, "years": selectors.catalogue_years(request.council), "ideas": ideas,
        "can_propose": access.can("ideas.propose"), "can_manage": access.can("themes.manage"),
        "can_vote": access.can("ideas.vote") and selectors.voter_person_id(access) is not None,
        "public_url": reverse("public:ideas", args=[request.council.slug])})


@council_view("ideas.propose")
def idea_create(request):
    """A member's idea (one, with an optional description)."""
    year = selectors.current_year()
    form = IdeaForm(_post(request))
    if request.method == "POST" and form.is_valid():
        person_id = selectors.voter_person_id(request.access)
        proposed_by = Person.objects.filter(council=request.council, pk=person_id).first() if person_id else None
        try:
            idea = services.idea_create(council=request.council, year=year, source=IdeaSource.MEMBER,
                                        proposed_by=proposed_by, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Idéen “%(title)s” er skrevet i idékataloget.") % {"title": idea.title})
            return redirect(_url(request, "ideas", year=year))
    return render(request, "activities/ideas/form.html", {
        "nav": "ideas", "form": form, "year": year, "title": _("Foreslå en idé")},
        status=form_status(form))


@council_view("themes.manage")
def idea_brainstorm(request):
    """The brainstorm at a meeting: the secretariat or formandskab types the ideas in, one per line."""
    council = request.council
    meetings = list(Meeting.objects.filter(council=council).order_by("-starts_at")[:20])
    form = BrainstormForm(_post(request), meetings=meetings, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = next((m for m in meetings if m.pk == data["meeting"]), None)
        try:
            ideas = services.ideas_brainstorm(council=council, year=data["year"], text=data["text"],
                                              meeting=meeting, actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, ngettext("%(count)d idé er skrevet i idékataloget.",
                                               "%(count)d idéer er skrevet i idékataloget.",
                                               len(ideas)) % {"count": len(ideas)})
            return redirect(_url(request, "ideas", year=data["year"]))
    return render(request, "activities/ideas/brainstorm.html", {"nav": "ideas", "form": form},
                  status=form_status(form))


def _idea_page(request, idea, *, edit_form=None, postpone_form=None, status=200):
    can_manage = request.access.can("themes.manage")
    people = theme_selectors.owner_candidates(request.council) if can_manage else []
    context = {"nav": "ideas", "idea": idea, "can_manage": can_manage,
               "themes": list(idea.themes.select_related("owner").order_by("-year", "-id"))}
    if can_manage:
        context["edit_form"] = edit_form or IdeaEditForm(initial={
            "title": idea.title, "description": idea.description, "status": idea.status})
        context["postpone_form"] = postpone_form or PostponeForm(people=people, prefix="udsaet")
    return render(request, "activities/ideas/detail.html", context, status=status)


@council_view("ideas.view")
def idea_detail(request, pk):
    idea = selectors.idea_get(request.council, pk)
    if request.method == "POST":
        request.access.require("themes.manage")
        form = IdeaEditForm(request.POST)
        if form.is_valid():
            try:
                services.idea_update(idea=idea, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Idéen er gemt."))
                return redirect(_url(request, "idea", idea.pk))
        return _idea_page(request, idea, edit_form=form, status=form_status(form))
    return _idea_page(request, idea)


@council_view("themes.manage")
def idea_postpone(request, pk):
    idea = selectors.idea_get(request.council, pk)
    if request.method != "POST":
        return redirect(_url(request, "idea", idea.pk))
    people = theme_selectors.owner_candidates(request.council)
    form = PostponeForm(request.POST, people=people, prefix="udsaet")
    if form.is_valid():
        data = form.cleaned_data
        try:
            theme = theme_services.idea_postpone(idea=idea, until=data["until"], note=data["note"],
                                                 owner=theme_selectors.owner_get(request.council, data["owner"]),
                                                 actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Emnet er udsat til %(day)s og kommer derefter tilbage på listen over "
                                        "punkter til et senere møde.") % {
                "day": long_date(theme.postponed_until)})
            return redirect(_url(request, "theme", theme.pk))
    return _idea_page(request, idea, postpone_form=form, status=form_status(form))


# --- Prioritising ----------------------------------------------------------------------------

@council_view("ideas.vote")
def idea_vote(request):
    """A member's prioritising for the year: dots (``?maade=prikker``, the default) or ranks
    (``?maade=rang``). Secretariat has no vote (the policy); a substitute has."""
    council = request.council
    year = _year(request)
    method = "rank" if (request.POST.get("maade") or request.GET.get("maade")) == "rang" else "dots"
    person_id = selectors.voter_person_id(request.access)
    person = Person.objects.filter(council=council, pk=person_id).first() if person_id else None
    if person is None:
        raise Http404("no person in this council")
    ideas = selectors.votable_ideas(council, year)
    mine = selectors.my_votes(council, year, person.pk)
    initial = {(f"dots_{i}" if method == "dots" else f"rank_{i}"): (v.dots or None) if method == "dots" else v.rank
               for i, v in mine.items()}
    form = BallotForm(_post(request), ideas=ideas, method=method, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if method == "dots":
                services.dots_cast(council=council, year=year, person=person, dots=form.values(),
                                   actor=request.user)
            else:
                services.ranking_cast(council=council, year=year, person=person, ranks=form.values(),
                                      actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Din prioritering er gemt."))
            return redirect(_url(request, "idea_results", year=year))
    return render(request, "activities/ideas/vote.html", {
        "nav": "ideas", "form": form, "year": year, "method": method, "ideas": ideas,
        "dots_per_member": selectors.DOTS_PER_MEMBER, "max_per_idea": selectors.MAX_DOTS_PER_IDEA,
        "has_voted": bool(mine)}, status=form_status(form))


@require_GET
@council_view("ideas.view")
def idea_results(request):
    council = request.council
    year = _year(request)
    results = selectors.results(council, year)
    can_manage = request.access.can("themes.manage")
    return render(request, "activities/ideas/results.html", {
        "nav": "ideas", "year": year, "results": results, "can_manage": can_manage,
        "can_vote": request.access.can("ideas.vote") and selectors.voter_person_id(request.access) is not None,
        "dots_per_member": selectors.DOTS_PER_MEMBER, "max_per_idea": selectors.MAX_DOTS_PER_IDEA,
        "idea_count": len(results.rows)})


@council_view("themes.manage")
def themes_choose(request):
    """Choose the year's main themes (5–8 recommended) from the ideas in result order."""
    council = request.council
    year = _year(request)
    results = selectors.results(council, year)
    people = theme_selectors.owner_candidates(council)
    existing = {t.idea_id: t for t in theme_selectors.themes_for(council).filter(year=year, idea__isnull=False)}
    initial = {}
    for row in results.rows:
        theme = existing.get(row.idea.pk)
        if theme is not None:
            initial.update({f"pick_{row.idea.pk}": True, f"owner_{row.idea.pk}": theme.owner_id,
                            f"priority_{row.idea.pk}": theme.priority or row.position})
    form = ChooseThemesForm(_post(request), rows=results.rows, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        by_id = {p.pk: p for p in people}
        picks = [theme_services.ThemePick(idea=idea, owner=by_id.get(owner), priority=priority)
                 for idea, owner, priority in form.picked()]
        try:
            theme_services.themes_choose(council=council, year=year, picks=picks, actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            count = theme_selectors.main_theme_count(council, year)
            messages.success(request, ngettext("%(count)d tema er valgt for året.",
                                               "%(count)d temaer er valgt for året.", len(picks))
                             % {"count": len(picks)})
            warning = theme_selectors.count_warning(count)
            if warning:
                messages.warning(request, warning)
            return redirect(_url(request, "themes", year=year))
    return render(request, "activities/themes/choose.html", {
        "nav": "ideas", "form": form, "year": year, "results": results,
        "min_themes": theme_selectors.MIN_THEMES, "max_themes": theme_selectors.MAX_THEMES},
        status=form_status(form))
