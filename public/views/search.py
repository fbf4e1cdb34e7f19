"""Search pages: a council's public documents (``/<slug>/soeg/``), every active council's at once
(``/soeg/``), and the council's internal documents for its own people (``/<slug>/intern/soeg/``).
What each audience may find is decided by ``core.search`` (the index holds public documents only
as the disclosure policy lets them read, internal ones with the permission they need)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.search import SearchResults, search
from core.search.models import Audience
from core.search.text import MIN_QUERY_CHARS
from core.tenancy import council_view
from public.forms.search import SearchForm

PER_PAGE = 20


def _page_number(request) -> int:
    asked = request.GET.get("side", "1")
    return int(asked) if asked.isdigit() and 0 < int(asked) < 10_000 else 1


def _message(form: SearchForm, results: SearchResults | None) -> str:
    """Why nothing was searched: in plain Danish."""
    if results is None or results.searched:
        return ""
    if not results.query:
        return _("Skriv et eller flere ord, du vil søge efter.")
    if len(results.query) < MIN_QUERY_CHARS:
        return _("Skriv mindst %(n)d tegn.") % {"n": MIN_QUERY_CHARS}
    return _("Søg efter et mere præcist ord, fx “høringssvar” eller “budget”.")


def _search_page(request, *, template_context: dict, **scope) -> dict:
    form = SearchForm(request.GET or None)
    results = None
    page = None
    if form.is_bound and form.is_valid():
        kwargs = form.search_kwargs()
        number = _page_number(request)
        results = search(**kwargs, **scope, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
        page = Paginator(range(results.total), PER_PAGE).get_page(number)
        if page.number != number:  # asked past the last page: show the last one
            results = search(**kwargs, **scope, limit=PER_PAGE, offset=(page.number - 1) * PER_PAGE)
    filters = form.search_kwargs() if form.is_bound else {"kinds": None, "year": None}
    return {**template_context, "form": form, "results": results, "page_obj": page,
            "message": _message(form, results) if form.is_bound else "",
            "kind_filter": (filters["kinds"] or [""])[0], "year_filter": filters["year"]}


@require_GET
@council_view()
def council_search(request):
    context = _search_page(request, councils=[request.council], template_context={
        "nav": "public_search", "title": _("Søg i %(council)s") % {"council": request.council.name},
        "action": "public"})
    return render(request, "public/search/results.html", context)


@require_GET
def search_all(request):
    context = _search_page(request, councils=None, template_context={
        "title": _("Søg i alle råd"), "action": "all", "all_councils": True})
    return render(request, "public/search/results.html", context)


@require_GET
@council_view("council.view_internal")
def internal_search(request):
    context = _search_page(request, councils=[request.council], audience=Audience.INTERNAL, user=request.user,
                           template_context={
                               "nav": "search", "action": "internal", "internal": True,
                               "title": _("Søg i rådets dokumenter")})
    return render(request, "public/search/results.html", context)
