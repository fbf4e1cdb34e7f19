"""Views for the secretariat's and members' pages of a council. Thin: resolve the council and
access through ``council_view``, read through selectors, write through services."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import fragments
from core.errors import ApplicationError
from core.forms import form_status
from core.permissions import can_create_council
from core.readability import analyse
from core.tenancy import council_view
from core.text import find_cpr_numbers
from councils import hooks, selectors, services
from councils.followups import rules_followups
from councils.forms import (
    AppointForm,
    AppointmentForm,
    CallForm,
    CandidacyReviewForm,
    ChangesFilterForm,
    CouncilCreateForm,
    DateFilterForm,
    MembershipEditForm,
    MembershipEndForm,
    MembershipFieldsForm,
    MyConsentsForm,
    OrganisationForm,
    PersonForm,
    PlainWordForm,
    PositionForm,
    ReadabilityForm,
    RemindersForm,
    RulesForm,
    SeatCategoryForm,
    TermForm,
    TermsOfReferenceForm,
)
from councils.models import ConsentKind, ConsentMethod, MembershipRole, Municipality, Organisation, Person

# --- Creating a council ---------------------------------------------------------------------

@login_required
def council_create(request):
    if request.user.is_superuser:
        municipalities = Municipality.objects.all()
    else:
        municipalities = Municipality.objects.filter(staff=request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = CouncilCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_create_council(request.user, data["municipality"]):
            raise PermissionDenied
        try:
            council = services.council_create_from_preset(
                municipality=data["municipality"], preset_key=data["preset"], name=data["name"], slug=data["slug"],
                actor=request.user, term_start=data["term_start"], term_end=data["term_end"])
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Rådet er oprettet. Tilføj nu medlemmer og suppleanter."))
            return redirect("councils:composition", council.slug)
    return render(request, "councils/council_create.html", {"form": form}, status=form_status(form))


# --- Dashboard and directory -------------------------------------------------------------------

@council_view("council.view_internal")
def dashboard(request):
    council = request.council
    today = timezone.localdate()
    access = request.access

    def page() -> dict:
        """The start page's body (a cached fragment, core.fragments): computed only on a miss. A panel
        that changes with the clock within the day says until when it holds (``until`` in its context:
        a meeting begins, an event ends); the fragment is kept no longer."""
        context = {"rules": selectors.rules_in_force(council=council, on=today),
                   "term": selectors.term_on(council=council, on=today)}
        if access.can("composition.view"):
            context["composition"] = selectors.composition(council=council, on=today)
        context["panels"] = hooks.dashboard_panels(council=council, access=access, today=today)
        # A person of the council (member, substitute, guest, formandskab) sees "Hvad skal jeg nu?" first.
        person = selectors.person_of_user(council=council, person_ids=access.person_ids)
        if person is not None:
            context["member_panels"] = hooks.member_panels(council=council, person=person, user=request.user,
                                                           today=today)
        until = fragments.Until()
        for panel in [*context["panels"], *context.get("member_panels", ())]:
            until.note(panel.context.get("until"))
        return context | {"fragment_until": until}

    # The user's own panels: the key is the user, their roles and people, and the day.
    return render(request, "councils/dashboard.html", {
        "nav": "dashboard", "page": fragments.Deferred(page),
        "fragment_vary": (request.user.pk, fragments.access_key(access), tuple(access.person_ids), today)})


@council_view("directory.view")
def directory(request):
    entries = selectors.member_directory(council=request.council, on=timezone.localdate())
    return render(request, "councils/directory.html", {"nav": "directory", "entries": entries})


@council_view("council.view_internal")
def my_reminders(request):
    """The person's own yes or no to reminders (the day before a meeting, tasks, deadlines,
    events). Only their own Person rows in this council; invitations come either way."""
    council = request.council
    people = list(selectors.people(council=council).filter(pk__in=request.access.person_ids))
    form = RemindersForm(request.POST if request.method == "POST" else None,
                         initial={"wants": "yes" if all(p.wants_reminders for p in people) else "no"})
    if request.method == "POST" and people and form.is_valid():
        wants = form.cleaned_data["wants"]
        with transaction.atomic():
            for person in people:
                services.person_reminders_set(person=person, wants=wants, actor=request.user)
        messages.success(request, _("Du får påmindelser.") if wants else
                         _("Du får ikke flere påmindelser. Indkaldelser til møderne får du stadig."))
        return redirect("councils:my_reminders", council.slug)
    return render(request, "councils/my_reminders.html", {
        "nav": "my_reminders", "form": form, "has_person": bool(people),
        "wants": bool(people) and all(p.wants_reminders for p in people)}, status=form_status(form))


@council_view("council.view_internal")
def my_consents(request):
    """The person's own consents (name public, contact shared with members, photo), given or
    withdrawn online by themselves: recorded in the history like the secretariat's entries
    (``services.consent_set``, method "selv online"). Only their own Person rows in this council."""
    council = request.council
    people = list(selectors.people(council=council).filter(pk__in=request.access.person_ids))
    current = {kind: bool(people) and all(getattr(p, kind) for p in people) for kind in ConsentKind.values}
    form = MyConsentsForm(request.POST if request.method == "POST" else None, initial=current)
    if request.method == "POST" and people and form.is_valid():
        with transaction.atomic():
            for person in people:
                for kind in ConsentKind.values:
                    services.consent_set(person=person, kind=kind, given=form.cleaned_data[kind],
                                         method=ConsentMethod.ONLINE, actor=request.user)
        messages.success(request, _("Dine samtykker er gemt."))
        return redirect("councils:my_consents", council.slug)
    consents = [(ConsentKind(kind).label, current[kind]) for kind in ConsentKind.values]
    return render(request, "councils/my_consents.html", {
        "nav": "my_reminders", "form": form, "has_person": bool(people), "consents": consents},
                  status=form_status(form))


# --- Roster ---------------------------------------------------------------------------------

@council_view("roster.view")
def roster(request):
    form = DateFilterForm(request.GET or None)
    on = form.cleaned_data.get("dato") if form.is_valid() else None
    today = timezone.localdate()
    on = on or today
    # The roster of another day is history (or a plan): today's actions belong to today's roster.
    return render(request, "councils/roster.html", {
        "nav": "roster", "form": form, "roster": selectors.roster_on(council=request.council, on=on), "on": on,
        "is_today": on == today, "actions": on == today and request.access.can("roster.manage"),
    })


@council_view("roster.view")
def roster_changes(request):
    today = timezone.localdate()
    initial = {"fra": today - dt.timedelta(days=365), "til": today}
    form = ChangesFilterForm(request.GET or initial)
    changes = None
    if form.is_valid():
        changes = selectors.roster_changes(council=request.council, start=form.cleaned_data["fra"],
                                           end=form.cleaned_data["til"])
    return render(request, "councils/roster_changes.html", {"nav": "roster", "form": form, "changes": changes})


@council_view("composition.view")
def composition(request):
    form = DateFilterForm(request.GET or None)
    today = timezone.localdate()
    on = (form.cleaned_data.get("dato") if form.is_valid() else None) or today
    return render(request, "councils/composition.html", {
        "nav": "composition", "form": form, "composition": selectors.composition(council=request.council, on=on),
        "actions": on == today and request.access.can("roster.manage")})


@council_view("roster.manage")
def member_add(request):
    """Add a person and their membership (member, substitute or guest) in one step."""
    council = request.council
    term = selectors.term_on(council=council, on=timezone.localdate())
    if term is None:
        messages.error(request, _("Opret en valgperiode først."))
        return redirect("councils:terms", council.slug)
    person_form = PersonForm(request.POST or None, council=council, prefix="person",
                             show_sensitive=request.access.can("roster.view_sensitive"))
    membership_form = MembershipFieldsForm(request.POST or None, council=council, term=term, prefix="membership",
                                           initial={"role": request.GET.get("rolle", "member"),
                                                    "substitute_for": request.GET.get("for")})
    if request.method == "POST" and person_form.is_valid() and membership_form.is_valid():
        try:
            with transaction.atomic():
                person = services.person_save(council=council, actor=request.user, **person_form.cleaned_data)
                services.membership_create(council=council, person=person, term=term, actor=request.user,
                                           **membership_form.cleaned_data)
        except ApplicationError as error:
            target = membership_form if error.field in membership_form.fields else person_form
            error.add_to_form(target)
        else:
            messages.success(request, _("%(name)s er tilføjet.") % {"name": person.name})
            return redirect("councils:composition", council.slug)
    return render(request, "councils/member_add.html", {
        "nav": "roster", "person_form": person_form, "membership_form": membership_form, "term": term},
                  status=form_status(person_form, membership_form))


@council_view("roster.view")
def person_detail(request, pk):
    council = request.council
    person = selectors.person_get(council=council, pk=pk)
    can_manage = request.access.can("roster.manage")
    form = None
    if can_manage:
        form = PersonForm(request.POST or None, instance=person, council=council,
                          show_sensitive=request.access.can("roster.view_sensitive"))
        if request.method == "POST" and form.is_valid():
            try:
                services.person_save(council=council, instance=person, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Oplysningerne er gemt."))
                return redirect("councils:person", council.slug, person.pk)
    return render(request, "councils/person_detail.html", {
        "nav": "roster", "person": person, "form": form,
        "memberships": selectors.memberships_for_person(council=council, person=person),
        "consents": selectors.consents_for_person(council=council, person=person)}, status=form_status(form))


@council_view("roster.manage")
def membership_end(request, pk):
    council = request.council
    membership = selectors.membership_get(council=council, pk=pk)
    today = timezone.localdate()
    substitutes = ([s for s in services.running_personal_substitutes(membership, after=membership.start)
                    if s.end is None] if membership.role == MembershipRole.MEMBER and membership.end is None else [])
    others = (selectors.members_without_substitute(council=council, term=membership.term, exclude=membership)
              if substitutes else [])
    form = MembershipEndForm(request.POST or None, initial={"end": today}, substitutes=substitutes,
                             other_members=others)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Udtrædelsen er registreret."))
            return redirect("councils:composition", council.slug)
    return render(request, "councils/membership_end.html", {"nav": "roster", "membership": membership, "form": form},
                  status=form_status(form))


@council_view("roster.manage")
def membership_appoint(request, pk):
    council = request.council
    membership = selectors.membership_get(council=council, pk=pk)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_appoint(membership=membership, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Udpegningen er registreret."))
            return redirect("councils:roster", council.slug)
    return render(request, "councils/membership_appoint.html",
                  {"nav": "roster", "membership": membership, "form": form}, status=form_status(form))


@council_view("roster.manage")
def position_assign(request):
    council = request.council
    roster = selectors.roster_on(council=council, on=timezone.localdate())
    people = Person.objects.filter(council=council, pk__in=[e.membership.person_id for e in roster.members])
    form = PositionForm(request.POST or None, people=people, initial={"start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.position_assign(council=council, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Posten er registreret."))
            return redirect("councils:roster", council.slug)
    return render(request, "councils/position_assign.html", {"nav": "roster", "form": form}, status=form_status(form))


# --- Rules, terms, seats, organisations --------------------------------------------------------

@council_view("rules.view")
def rules(request):
    council = request.council
    return render(request, "councils/rules.html", {
        "nav": "rules", "rules": selectors.rules_in_force(council=council, on=timezone.localdate()),
        "rules_versions": selectors.rules_versions(council=council),
        "tor": selectors.terms_of_reference_in_force(council=council, on=timezone.localdate()),
        "tor_versions": selectors.terms_of_reference_versions(council=council),
        "taxonomy": selectors.taxonomy(council=council),
        "followups": rules_followups(council=council, access=request.access)})


@council_view("rules.manage")
def rules_edit(request):
    council = request.council
    current = selectors.rules_in_force(council=council, on=timezone.localdate())
    form = RulesForm(request.POST or None, instance=current, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        valid_from = data.pop("valid_from")
        try:
            services.rules_update(council=council, actor=request.user, valid_from=valid_from, **data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("En ny version af forretningsordenen er gemt."))
            return redirect("councils:rules", council.slug)
    return render(request, "councils/form_page.html", {
        "nav": "rules", "form": form, "title": _("Ret forretningsorden"),
        "intro": _("Ændringer gemmes som en ny version. Tidligere versioner bevares."),
        "submit": _("Gem ny version")}, status=form_status(form))


@council_view("rules.manage")
def terms_of_reference_edit(request):
    council = request.council
    current = selectors.terms_of_reference_in_force(council=council, on=timezone.localdate())
    form = TermsOfReferenceForm(request.POST or None, initial={
        "valid_from": timezone.localdate(), "text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.terms_of_reference_update(council=council, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("En ny version af kommissoriet er gemt."))
            return redirect("councils:rules", council.slug)
    return render(request, "councils/form_page.html", {
        "nav": "rules", "form": form, "title": _("Ret kommissorium"), "submit": _("Gem ny version")},
                  status=form_status(form))


@council_view("roster.manage")
def terms(request):
    council = request.council
    return render(request, "councils/terms.html", {
        "nav": "roster", "terms": selectors.terms(council=council),
        "organisations": selectors.organisations(council=council)})


@council_view("roster.manage")
def term_create(request):
    council = request.council
    latest = selectors.terms(council=council).first()
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.term_create(council=council, name=data["name"], start=data["start"], end=data["end"],
                                 actor=request.user, copy_seats_from=latest if data["copy_seats"] else None)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Valgperioden er oprettet."))
            return redirect("councils:terms", council.slug)
    return render(request, "councils/form_page.html", {"nav": "roster", "form": form,
                                                        "title": _("Ny valgperiode"), "submit": _("Opret")},
                  status=form_status(form))


@council_view("roster.manage")
def seat_category_edit(request, term_pk, pk=None):
    council = request.council
    term = selectors.term_get(council=council, pk=term_pk)
    instance = selectors.seat_categories(council=council, term=term).filter(pk=pk).first() if pk else None
    if pk and instance is None:
        raise Http404
    form = SeatCategoryForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_category_save(council=council, term=term, instance=instance, actor=request.user,
                                        **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Pladskategorien er gemt."))
            return redirect("councils:terms", council.slug)
    title = _("Ret pladskategori") if instance else _("Ny pladskategori")
    return render(request, "councils/form_page.html", {"nav": "roster", "form": form, "title": title,
                                                        "submit": _("Gem")}, status=form_status(form))


@council_view("roster.manage")
def organisation_create(request):
    council = request.council
    form = OrganisationForm(request.POST or None, instance=Organisation(council=council))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(council=council, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Organisationen er gemt."))
            return redirect("councils:terms", council.slug)
    return render(request, "councils/form_page.html", {"nav": "roster", "form": form,
                                                        "title": _("Ny organisation"), "submit": _("Gem")},
                  status=form_status(form))


# --- Recruitment ------------------------------------------------------------------------------

@council_view("recruitment.manage")
def calls(request):
    return render(request, "councils/calls.html", {"nav": "recruitment",
                                                   "calls": selectors.calls(council=request.council)})


@council_view("recruitment.manage")
def call_edit(request, pk=None):
    council = request.council
    instance = selectors.call_get(council=council, pk=pk) if pk else None
    initial = {} if instance else {"term": selectors.term_on(council=council, on=timezone.localdate())}
    form = CallForm(request.POST or None, instance=instance, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_save(council=council, instance=instance, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Opslaget er gemt."))
            return redirect("councils:call", council.slug, call.pk)
    return render(request, "councils/form_page.html", {
        "nav": "recruitment", "form": form, "title": _("Ret opslag") if instance else _("Nyt opslag"),
        "submit": _("Gem opslag")}, status=form_status(form))


@council_view("recruitment.manage")
def call_detail(request, pk):
    council = request.council
    call = selectors.call_get(council=council, pk=pk)
    candidacies = list(selectors.candidacies(council=council, call=call))
    return render(request, "councils/call_detail.html", {
        "nav": "recruitment", "call": call, "candidacies": candidacies,
        "selected_count": sum(1 for c in candidacies if c.status == "selected"),
        "appointment_form": AppointmentForm()})


@council_view("recruitment.manage")
def candidacy_review(request, call_pk, pk):
    council = request.council
    call = selectors.call_get(council=council, pk=call_pk)
    candidacy = selectors.candidacy_get(council=council, call=call, pk=pk)
    form = CandidacyReviewForm(request.POST or None, instance=candidacy)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidacy_review(candidacy=candidacy, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Vurderingen er gemt."))
            return redirect("councils:call", council.slug, call.pk)
    return render(request, "councils/candidacy_review.html", {
        "nav": "recruitment", "call": call, "candidacy": candidacy, "form": form,
        "before_deadline": timezone.now() < call.deadline}, status=form_status(form))


@council_view("recruitment.manage")
def appointment_record(request, pk):
    council = request.council
    call = selectors.call_get(council=council, pk=pk)
    form = AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_record(call=call, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Udpegningen er registreret, og medlemskaberne er oprettet."))
            return redirect("councils:roster", council.slug)
    return render(request, "councils/form_page.html", {
        "nav": "recruitment", "form": form, "title": _("Registrér kommunalbestyrelsens udpegning"),
        "submit": _("Registrér udpegning")}, status=form_status(form))


@council_view("roster.manage")
def person_grant_access(request, pk):
    """POST only: give the person a login and e-mail them a link to choose a password."""
    council = request.council
    person = selectors.person_get(council=council, pk=pk)
    if request.method != "POST":
        return redirect("councils:person", council.slug, person.pk)
    try:
        services.person_grant_access(person=person, actor=request.user, domain=request.get_host(),
                                     use_https=request.is_secure())
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s har fået en e-mail med et link til at vælge adgangskode.")
                         % {"name": person.name})
    return redirect("councils:person", council.slug, person.pk)


@council_view("roster.manage")
def membership_edit(request, pk):
    council = request.council
    membership = selectors.membership_get(council=council, pk=pk)
    form = MembershipEditForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Medlemskabet er gemt."))
            return redirect("councils:person", council.slug, membership.person_id)
    return render(request, "councils/form_page.html", {
        "nav": "roster", "form": form, "submit": _("Gem"),
        "title": _("Ret medlemskab: %(name)s (%(role)s)") % {"name": membership.person.name,
                                                            "role": membership.get_role_display().lower()}},
                  status=form_status(form))


# --- The readability meter and the council's plain words ----------------------------------------

@council_view("readability.check")
@require_POST
def readability(request):
    """The meter under a text field (core/static/core/readability.js): an HTML fragment with the
    LIX, its band, the counts, long sentences and words, and plain words from the council's list.
    A CPR number in the text is never echoed back (it is masked in the quoted sentences), and the
    fragment says the field will refuse it."""
    form = ReadabilityForm(request.POST)
    text = (form.cleaned_data["text"] if form.is_valid() else "")[:ReadabilityForm.MAX_LENGTH]
    cpr_numbers = find_cpr_numbers(text)
    result = analyse(text, words=selectors.plain_words(council=request.council))
    long_sentences = [_mask_cpr(sentence, cpr_numbers) for sentence in result.long_sentences]
    return render(request, "components/readability.html", {
        "result": result, "long_sentences": long_sentences, "has_cpr": bool(cpr_numbers),
        "plain_words_url": "councils:plain_words" if request.access.can("plain_words.view") else ""})


def _mask_cpr(sentence: str, cpr_numbers: list[str]) -> str:
    for number in cpr_numbers:
        sentence = sentence.replace(number, "••••••-••••")
    return sentence


@council_view("plain_words.view")
def plain_words(request):
    council = request.council
    can_manage = request.access.can("plain_words.manage")
    form = PlainWordForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("plain_words.manage")
        if form.is_valid():
            try:
                entry = services.plain_word_add(council=council, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("“%(word)s” → “%(plain)s” er gemt.") % {
                    "word": entry.word, "plain": entry.plain})
                return redirect("councils:plain_words", council.slug)
    return render(request, "councils/plain_words.html", {
        "nav": "rules", "form": form, "own_words": selectors.council_plain_words(council=council),
        "shared_words": selectors.shared_plain_words().items()}, status=form_status(form))


@council_view("plain_words.manage")
@require_POST
def plain_word_delete(request, pk):
    council = request.council
    entry = selectors.plain_word_get(council=council, pk=pk)
    services.plain_word_delete(council=council, plain_word=entry, actor=request.user)
    messages.success(request, _("“%(word)s” er fjernet fra rådets liste.") % {"word": entry.word})
    return redirect("councils:plain_words", council.slug)
