"""Consultation pages (høringer): the list, intake and material, tovholdere, the shared draft
with its history and comments, approval (on a council meeting's agenda or by the formandskab),
sending the response, its outcome, and partner councils of a joint response.

Thin: ``council_view`` decides the role, ``consultation_get`` fetches (404 for a consultation
the council neither leads nor takes part in), one service call writes. The lead council's
secretariat manages; a partner council's people see, comment and (formandskab, tovholdere)
edit the draft. On an ``ApplicationError`` the page is shown again with the form as the user
filled it and the message at the field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import fragments
from core.errors import ApplicationError, EditConflict
from core.files import serve_stored_file
from core.forms import form_status
from core.permissions import can_edit_draft
from core.tenancy import council_view
from hearings import documents
from hearings.forms.consultations import (
    INTAKE_FIELDS,
    AgendaForm,
    ApproveForm,
    CommentForm,
    ConsultationForm,
    DraftForm,
    MaterialForm,
    OutcomeForm,
    OwnersForm,
    PartnerForm,
    StatusFilterForm,
)
from hearings.models import ConsultationStatus
from hearings.selectors import consultations as selectors
from hearings.services import consultations as services

S = ConsultationStatus
FINISHED_PER_PAGE = 25
EDITABLE = (S.RECEIVED, S.ASSIGNED, S.DRAFTING, S.APPROVED)


def _url(request, name: str, consultation=None, anchor: str = "") -> str:
    args = [request.council.slug] + ([consultation.pk] if consultation is not None else [])
    url = reverse(f"hearings:{name}", args=args)
    return f"{url}#{anchor}" if anchor else url


def _post(request):
    """The submitted data for a form on a page that is also shown by GET (an empty POST is
    still a submission, so its errors are shown)."""
    return request.POST if request.method == "POST" else None


def _get(request, pk):
    return selectors.consultation_get(request.council, pk)


def _get_lead(request, pk):
    """A consultation the lead council manages: a partner council sees it but may not manage it."""
    consultation = _get(request, pk)
    if not selectors.is_lead(consultation, request.council):
        raise PermissionDenied("consultations.manage: not the lead council")
    return consultation


def _rights(request, consultation) -> dict:
    access = request.access
    lead = selectors.is_lead(consultation, request.council)
    return {
        "is_lead": lead,
        "can_manage": lead and access.can("consultations.manage"),
        "can_draft": consultation.status in EDITABLE and can_edit_draft(access, consultation),
        "can_comment": consultation.status in EDITABLE and access.can("consultations.comment"),
        "can_approve": lead and access.can("consultations.approve"),
    }


# --- The list -------------------------------------------------------------------------------------

@require_GET
@council_view("consultations.view")
def consultation_list(request):
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    listing = selectors.consultation_list(request.council, status=status, page=request.GET.get("side"),
                                          per_page=FINISHED_PER_PAGE)
    return render(request, "hearings/consultations/list.html", {
        "nav": "hearings", "listing": listing, "filter_form": form, "finished": listing.finished,
        "can_manage": request.access.can("consultations.manage")})


# --- Intake -------------------------------------------------------------------------------------

@council_view("consultations.manage")
def consultation_create(request):
    committees = selectors.committees_for(request.council)
    form = ConsultationForm(_post(request), committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(council=request.council, actor=request.user,
                                                        **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Høringen “%(title)s” er registreret.") % {"title": consultation.title})
            return redirect(_url(request, "consultation", consultation))
    return render(request, "hearings/consultations/form.html", {
        "nav": "hearings", "form": form, "title": _("Registrér en høring")},
        status=form_status(form))


@council_view("consultations.manage")
def consultation_edit(request, pk):
    consultation = _get_lead(request, pk)
    committees = selectors.committees_for(request.council)
    initial = {name: getattr(consultation, name) for name in INTAKE_FIELDS}
    form = ConsultationForm(_post(request), initial=initial, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(consultation=consultation, council=request.council,
                                         actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Høringen er gemt."))
            return redirect(_url(request, "consultation", consultation))
    return render(request, "hearings/consultations/form.html", {
        "nav": "hearings", "form": form, "consultation": consultation, "title": _("Ret høringen")},
        status=form_status(form))


@council_view("consultations.manage")
def consultation_status(request, pk):
    """Tovholdere: choosing them moves a received consultation to *assigned*."""
    consultation = _get_lead(request, pk)
    people = selectors.owner_candidates(consultation)
    joint = len(selectors.joint_councils(consultation)) > 1
    form = OwnersForm(_post(request), people=people, joint=joint,
                      initial={"owners": consultation.owner_ids})
    if request.method == "POST" and form.is_valid():
        by_id = {p.pk: p for p in people}
        try:
            services.consultation_assign(consultation=consultation, council=request.council,
                                         owners=[by_id[i] for i in form.cleaned_data["owners"]],
                                         actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Tovholderne er gemt."))
            return redirect(_url(request, "consultation", consultation, "status"))
    return render(request, "hearings/consultations/owners.html", {
        "nav": "hearings", "form": form, "consultation": consultation, "people": people},
        status=form_status(form))


# --- The consultation page ----------------------------------------------------------------------

def _detail_context(request, consultation, *, bound=None) -> dict:
    """Everything the consultation page shows, in a constant number of queries. ``bound`` maps
    a form name to a bound form to show instead of a fresh one."""
    bound = bound or {}
    rights = _rights(request, consultation)
    state = selectors.approval_state(consultation)
    context = {
        "nav": "hearings", "consultation": consultation, **rights,
        "steps": selectors.STEPS,
        "step_index": selectors.STEPS.index(consultation.status),
        "joint_with": selectors.other_councils(consultation, request.council),
        "materials": list(selectors.materials(consultation)),
        "versions": list(selectors.draft_versions(consultation)[:5]),
        "comments": list(selectors.draft_comments(consultation)),
        "comment_form": bound.get("comment") or CommentForm(),
        "approval": state,
        "approve_form": ApproveForm(initial={"version": consultation.draft_version}),
        "agenda_item": consultation.agenda_item,
    }
    context["days_left"], context["overdue"] = selectors.deadline_info(consultation)
    context["days_over"] = max(0, -context["days_left"])
    user_person_ids = set(request.access.person_ids)
    context["my_approval"] = next((a.approval for a in state.approvers if a.person.pk in user_person_ids), None)
    context["i_approve"] = any(a.person.pk in user_person_ids for a in state.approvers)
    if rights["can_manage"]:
        context["material_form"] = bound.get("material") or MaterialForm()
        item = consultation.agenda_item
        pending = item is not None and item.meeting is not None and item.meeting.status in ("planned",
                                                                                           "agenda_published")
        if (consultation.status in (S.RECEIVED, S.ASSIGNED, S.DRAFTING) and not pending) or "agenda" in bound:
            context["agenda_form"] = bound.get("agenda") or AgendaForm(
                meetings=selectors.upcoming_council_meetings(consultation))
        if consultation.status in (S.SENT, S.OUTCOME) or "outcome" in bound:
            context["outcome_form"] = bound.get("outcome") or OutcomeForm(initial={"outcome": consultation.outcome})
    return context


def _detail(request, consultation, *, bound=None, status=200):
    return render(request, "hearings/consultations/detail.html",
                  _detail_context(request, consultation, bound=bound), status=status)


@require_GET
@council_view("consultations.view")
def consultation_detail(request, pk):
    consultation = _get(request, pk)

    def page() -> dict:
        """The page below its header (a cached fragment, core.fragments): computed on a miss only. The
        agenda form lists the meetings not yet begun, so the fragment is kept until the first begins."""
        context = _detail_context(request, consultation)
        until = fragments.Until()
        form = context.get("agenda_form")
        if form is not None:
            field = form.fields["meeting"]
            label = field.label_from_instance

            def noted(meeting):
                until.note(meeting.starts_at)
                return label(meeting)

            field.label_from_instance = noted
        return context | {"fragment_until": until}

    # The key: every council behind a joint response with its content generation (a partner's writes
    # are audited in the partner council), the user's roles and person (their approval), the day
    # (days to the deadline).
    councils = tuple((c.pk, c.content_generation) for c in selectors.joint_councils(consultation))
    return render(request, "hearings/consultations/detail.html", {
        "nav": "hearings", "consultation": consultation, "page": fragments.Deferred(page),
        "fragment_vary": (consultation.pk, councils, fragments.access_key(request.access),
                          tuple(request.access.person_ids), timezone.localdate())})


# --- Material ---------------------------------------------------------------------------------

@require_POST
@council_view("consultations.manage")
def material_add(request, pk):
    consultation = _get_lead(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            material = services.material_add(consultation=consultation, council=request.council, name=data["name"],
                                             file=data["file"], url=data["url"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("“%(name)s” er tilføjet materialet.") % {"name": material.name})
            return redirect(_url(request, "consultation", consultation, "material"))
    return _detail(request, consultation, bound={"material": form}, status=form_status(form))


@require_GET
@council_view("consultations.view")
def material_download(request, pk, material_pk):
    """The material for the people of the lead and the partner councils – served through this
    view, never straight from MEDIA_URL."""
    consultation = _get(request, pk)
    return serve_stored_file(selectors.material_get(consultation, material_pk))


@council_view("consultations.manage")
def material_delete(request, pk, material_pk):
    consultation = _get_lead(request, pk)
    material = selectors.material_get(consultation, material_pk)
    if request.method == "POST":
        try:
            services.material_delete(material=material, council=request.council, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(name)s” er slettet fra materialet.") % {"name": material.name})
        return redirect(_url(request, "consultation", consultation, "material"))
    return render(request, "hearings/consultations/material_delete.html", {
        "nav": "hearings", "consultation": consultation, "material": material})


# --- The draft ---------------------------------------------------------------------------------

def _draft_context(request, consultation, *, form=None, conflict=None, comment_form=None) -> dict:
    rights = _rights(request, consultation)
    if form is None and rights["can_draft"]:
        form = DraftForm(initial={"draft": consultation.draft, "version": consultation.draft_version})
    return {
        "nav": "hearings", "consultation": consultation, **rights, "form": form, "conflict": conflict,
        "joint_with": selectors.other_councils(consultation, request.council),
        "versions": list(selectors.draft_versions(consultation)),
        "comments": list(selectors.draft_comments(consultation)),
        "comment_form": comment_form or CommentForm(),
    }


@council_view("consultations.view")
def draft(request, pk):
    """The shared draft: everyone in the councils behind the response reads it and its history;
    the formandskab, the secretariat and the tovholdere write (with a version check)."""
    consultation = _get(request, pk)
    if request.method != "POST":
        return render(request, "hearings/consultations/draft.html", _draft_context(request, consultation))
    if not request.access.can("consultations.draft") or not can_edit_draft(request.access, consultation):
        raise PermissionDenied("consultations.draft")
    form = DraftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        was_approved = consultation.status == S.APPROVED
        try:
            services.draft_save(consultation=consultation, text=data["draft"], note=data["note"],
                                expected_version=data["version"], actor=request.user)
        except EditConflict as conflict:
            form = DraftForm(initial={**conflict.submitted, "version": conflict.stored_version})
            return render(request, "hearings/consultations/draft.html",
                          _draft_context(request, consultation, form=form, conflict=conflict), status=409)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            if not consultation.changed:
                messages.success(request, _("Udkastet er uændret."))
            elif was_approved:
                messages.warning(request, _("Udkastet er gemt som version %(n)d. Svaret var godkendt, men skal nu "
                                            "godkendes igen, fordi teksten er ændret.")
                                 % {"n": consultation.draft_version})
            else:
                messages.success(request, _("Udkastet er gemt som version %(n)d.") % {"n": consultation.draft_version})
            return redirect(_url(request, "consultation_draft", consultation))
    return render(request, "hearings/consultations/draft.html", _draft_context(request, consultation, form=form),
                  status=form_status(form))


@require_GET
@council_view("consultations.view")
def version_detail(request, pk, version_pk):
    consultation = _get(request, pk)
    version = selectors.draft_version_get(consultation, version_pk)
    previous = selectors.previous_version(version)
    return render(request, "hearings/consultations/version.html", {
        "nav": "hearings", "consultation": consultation, "version": version, "previous": previous,
        "diff": selectors.text_diff(previous.text if previous else "", version.text),
        "is_current": version.number == consultation.draft_version})


@require_POST
@council_view("consultations.comment")
def comment(request, pk):
    consultation = _get(request, pk)
    back_to_draft = request.POST.get("tilbage") == "udkast"
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(consultation=consultation, council=request.council, text=form.cleaned_data["text"],
                                 actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Din kommentar er gemt."))
            name = "consultation_draft" if back_to_draft else "consultation"
            return redirect(_url(request, name, consultation, "comments"))
    if back_to_draft:
        return render(request, "hearings/consultations/draft.html",
                      _draft_context(request, consultation, comment_form=form), status=form_status(form))
    return _detail(request, consultation, bound={"comment": form}, status=form_status(form))


# --- Approval -----------------------------------------------------------------------------------

@require_POST
@council_view("consultations.approve")
def approve(request, pk):
    """The chair's or the vice-chair's approval between meetings."""
    consultation = _get(request, pk)
    form = ApproveForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    try:
        services.formandskab_approve(consultation=consultation, actor=request.user, expected_version=version)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if consultation.status == S.APPROVED:
            messages.success(request, _("Høringssvaret er godkendt af formandskabet og kan sendes."))
        else:
            messages.success(request, _("Din godkendelse af version %(n)d er registreret.")
                             % {"n": consultation.draft_version})
    return redirect(_url(request, "consultation", consultation, "approval"))


@require_POST
@council_view("consultations.manage")
def agenda(request, pk):
    """Put the response on a coming council meeting's agenda."""
    consultation = _get_lead(request, pk)
    form = AgendaForm(request.POST, meetings=selectors.upcoming_council_meetings(consultation))
    if form.is_valid():
        try:
            item = services.agenda_item_create(consultation=consultation, meeting=form.cleaned_data["meeting"],
                                               council=request.council, actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Høringssvaret er sat på dagsordenen som punkt %(n)d: “%(title)s”.")
                             % {"n": item.position, "title": item.title})
            return redirect(_url(request, "consultation", consultation, "approval"))
    return _detail(request, consultation, bound={"agenda": form}, status=form_status(form))


@require_POST
@council_view("consultations.manage")
def meeting_approval(request, pk):
    """Record that the council meeting approved the response (the decision in the minutes)."""
    consultation = _get_lead(request, pk)
    try:
        services.meeting_approval_record(consultation=consultation, council=request.council,
                                         actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Høringssvaret er registreret som godkendt på mødet og kan sendes."))
    return redirect(_url(request, "consultation", consultation, "approval"))


# --- Sending, the letter, the outcome ------------------------------------------------------------

@council_view("consultations.manage")
def send(request, pk):
    consultation = _get_lead(request, pk)
    status = 200
    if request.method == "POST":
        try:
            services.consultation_send(consultation=consultation, council=request.council, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("Høringssvaret er sendt til %(to)s. E-mailen med svaret som PDF er lagt i "
                                        "udbakken og sendes nu.") % {"to": consultation.recipient_email})
            return redirect(_url(request, "consultation", consultation, "send"))
    return render(request, "hearings/consultations/send.html", {
        "nav": "hearings", "consultation": consultation,
        "councils": selectors.joint_councils(consultation),
        "can_send": consultation.status == S.APPROVED and bool(consultation.recipient_email)}, status=status)


def _letter(consultation, fmt: str) -> HttpResponse:
    doc = selectors.response_document(consultation)
    if fmt == "pdf":
        # The sent response never changes: its kept file; a draft is rendered as it is now.
        content = (documents.letter_pdf_cached(doc, key=consultation.pk) if consultation.sent_at
                   else documents.letter_pdf(doc))
        content_type, disposition = "application/pdf", "inline"
    else:
        content = documents.letter_docx(doc)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        disposition = "attachment"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{documents.letter_filename(doc, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@council_view("consultations.view")
def response_pdf(request, pk):
    return _letter(_get(request, pk), "pdf")


@require_GET
@council_view("consultations.view")
def response_docx(request, pk):
    return _letter(_get(request, pk), "docx")


@require_POST
@council_view("consultations.manage")
def outcome(request, pk):
    consultation = _get_lead(request, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_record(consultation=consultation, council=request.council,
                                    outcome=form.cleaned_data["outcome"], actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Resultatet er gemt."))
            return redirect(_url(request, "consultation", consultation, "outcome"))
    return _detail(request, consultation, bound={"outcome": form}, status=form_status(form))


# --- Joint responses ---------------------------------------------------------------------------

@council_view("consultations.manage")
def partners(request, pk):
    """Add partner councils to a joint response (and remove one: ``fjern=<council id>``)."""
    consultation = _get_lead(request, pk)
    candidates = selectors.partner_candidates(consultation)
    form = PartnerForm(_post(request), councils=candidates)
    if request.method == "POST":
        remove = request.POST.get("fjern", "")
        current = {p.council_id: p.council for p in consultation.partners.all()}
        if remove:
            partner = current.get(int(remove)) if remove.isdigit() else None
            if partner is None:
                raise Http404
            try:
                services.partner_remove(consultation=consultation, partner=partner, council=request.council,
                                        actor=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(name)s er ikke længere med i høringssvaret.") % {"name": partner.name})
            return redirect(_url(request, "consultation_partners", consultation))
        if form.is_valid():
            partner = next(c for c in candidates if c.pk == form.cleaned_data["council"])
            try:
                services.partner_add(consultation=consultation, partner=partner, council=request.council,
                                     actor=request.user)
            except ApplicationError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("%(name)s er med i høringssvaret.") % {"name": partner.name})
                return redirect(_url(request, "consultation_partners", consultation))
    return render(request, "hearings/consultations/partners.html", {
        "nav": "hearings", "consultation": consultation, "form": form,
        "partners": list(consultation.partners.all())}, status=form_status(form))
