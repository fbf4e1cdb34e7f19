"""Working group pages (arbejdsgrupper) and a person's own tasks (mine opgaver).

Thin: ``council_view`` decides the role, a selector fetches (404 for another council's group or
task), ``can_work_in_group`` decides who writes notes and tasks (the group's members, the
formandskab and the secretariat; everyone else reads and gets 403 on a POST), and one service
call writes. On an ``ApplicationError`` the page is shown again with the form as the user filled
it and the message at the field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.forms.groups import GroupForm, NoteForm, TaskDoneForm, TaskForm
from activities.selectors import groups as selectors
from activities.services import groups as services
from core.errors import ApplicationError
from core.forms import form_status
from core.permissions import can_work_in_group
from core.tenancy import council_view


def _group_url(request, group, anchor: str = "") -> str:
    url = reverse("activities:group", args=[request.council.slug, group.pk])
    return f"{url}#{anchor}" if anchor else url


def _post(request):
    return request.POST if request.method == "POST" else None


def _members_by_pk(group) -> dict:
    return {p.pk: p for p in group.members.all()}


# --- The list and the group form -----------------------------------------------------------------

@require_GET
@council_view("groups.view")
def group_list(request):
    groups = selectors.group_list(council=request.council, person_ids=request.access.person_ids)
    return render(request, "activities/groups/list.html", {
        "nav": "groups", "groups": groups, "can_manage": request.access.can("groups.manage"),
        "has_person": bool(request.access.person_ids)})


def _group_form(request, *, group=None):
    people = selectors.member_choices(council=request.council, group=group)
    initial = None
    if group is not None:
        initial = {"name": group.name, "purpose": group.purpose, "is_active": group.is_active,
                   "members": group.member_ids}
    form = GroupForm(_post(request), initial=initial, people=people, editing=group is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {p.pk: p for p in people}
        members = [by_pk[pk] for pk in data["members"]]
        try:
            if group is None:
                group = services.working_group_create(council=request.council, name=data["name"],
                                                      purpose=data["purpose"], members=members,
                                                      actor=request.user)
                messages.success(request, _("Arbejdsgruppen “%(name)s” er oprettet.") % {"name": group.name})
            else:
                services.working_group_update(council=request.council, group=group, name=data["name"],
                                              purpose=data["purpose"], members=members,
                                              is_active=data["is_active"], actor=request.user)
                messages.success(request, _("Arbejdsgruppen er gemt."))
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            return redirect(_group_url(request, group))
    title = _("Ret arbejdsgruppen") if group is not None else _("Ny arbejdsgruppe")
    return render(request, "activities/groups/form.html", {
        "nav": "groups", "form": form, "group": group, "title": title}, status=form_status(form))


@council_view("groups.manage")
def group_create(request):
    return _group_form(request)


@council_view("groups.manage")
def group_edit(request, pk):
    return _group_form(request, group=selectors.group_get(council=request.council, pk=pk))


# --- The group page -------------------------------------------------------------------------------

def _detail(request, group, *, bound=None, status=200):
    bound = bound or {}
    can_work = can_work_in_group(request.access, group)
    members = list(group.members.all())
    context = {
        "nav": "groups", "group": group, "members": members,
        "can_manage": request.access.can("groups.manage"),
        "can_work": can_work and group.is_active,
        "in_group": any(p.pk in request.access.person_ids for p in members),
        "notes": list(selectors.group_notes(group=group)),
        "tasks": selectors.group_tasks(group=group),
        "today": timezone.localdate(),
    }
    if context["can_work"]:
        context["note_form"] = bound.get("note") or NoteForm(prefix="note")
        context["task_form"] = bound.get("task") or TaskForm(prefix="task", members=members)
    return render(request, "activities/groups/detail.html", context, status=status)


def _workable_group(request, pk):
    group = selectors.group_get(council=request.council, pk=pk)
    if not can_work_in_group(request.access, group):
        raise PermissionDenied("groups.work: not in the working group")
    return group


@require_GET
@council_view("groups.view")
def group_detail(request, pk):
    return _detail(request, selectors.group_get(council=request.council, pk=pk))


@require_POST
@council_view("groups.work")
def note_add(request, pk):
    group = _workable_group(request, pk)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.group_note_add(council=request.council, group=group, text=form.cleaned_data["text"],
                                    actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Noten er gemt."))
            return redirect(_group_url(request, group, "notes"))
    return _detail(request, group, bound={"note": form}, status=form_status(form))


@require_POST
@council_view("groups.work")
def task_add(request, pk):
    group = _workable_group(request, pk)
    members = _members_by_pk(group)
    form = TaskForm(request.POST, prefix="task", members=members.values())
    if form.is_valid():
        data = form.cleaned_data
        try:
            task = services.group_task_create(council=request.council, group=group, title=data["title"],
                                              owners=[members[pk] for pk in data["owners"]], due=data["due"],
                                              actor=request.user)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Opgaven “%(title)s” er oprettet.") % {"title": task.title})
            return redirect(_group_url(request, group, "tasks"))
    return _detail(request, group, bound={"task": form}, status=form_status(form))


@require_POST
@council_view("groups.work")
def task_done(request, pk):
    task = selectors.task_get(council=request.council, pk=pk)
    if not can_work_in_group(request.access, task.group):
        raise PermissionDenied("groups.work: not in the working group")
    form = TaskDoneForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    done = bool(data.get("done"))
    try:
        services.group_task_set_done(council=request.council, task=task, done=done, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, _("“%(title)s” er markeret som udført.") % {"title": task.title})
        else:
            messages.success(request, _("“%(title)s” er åben igen.") % {"title": task.title})
    if data.get("back") == "mine":
        return redirect("activities:my_tasks", request.council.slug)
    return redirect(_group_url(request, task.group, "tasks"))


# --- Mine opgaver ---------------------------------------------------------------------------------

@require_GET
@council_view("council.view_internal")
def my_tasks(request):
    """The user's own open action items from the meetings and their working-group tasks,
    together by due date."""
    tasks = selectors.my_tasks(council=request.council, person_ids=request.access.person_ids)
    return render(request, "activities/groups/my_tasks.html", {
        "nav": "my_tasks", "tasks": tasks, "has_person": bool(request.access.person_ids),
        "can_view_meetings": request.access.can("meetings.view")})
