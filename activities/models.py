"""What the council does between and around its meetings: the idea catalogue (idékatalog)
and its prioritising, the year's themes with owners (tovholdere) and postponements, working
groups with notes and tasks, and events with sign-up, attendance and report back."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilManyToManyField, CouncilOwnedModel
from core.status import status_is

# --- Ideas and themes -------------------------------------------------------------------------

# Dot-voting: the dots a member has for a year, and the most they may put on one idea.
DOTS_PER_MEMBER = 5
MAX_DOTS_PER_IDEA = 3

class IdeaSource(models.TextChoices):
    BRAINSTORM = "brainstorm", _("Brainstorm på møde")
    MEMBER = "member", _("Fra et medlem")
    CITIZEN = "citizen", _("Fra en borger")


class IdeaStatus(models.TextChoices):
    OPEN = "open", _("I kataloget")
    CHOSEN = "chosen", _("Valgt som tema")
    POSTPONED = "postponed", _("Udsat")
    SET_ASIDE = "set_aside", _("Lagt til side")


class Idea(CouncilOwnedModel):
    """One idea in the council's idea catalogue for a year."""

    year = models.PositiveSmallIntegerField(_("år"))
    title = FreeCharField(_("idé"), max_length=200)
    description = FreeTextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=12, choices=IdeaSource.choices, default=IdeaSource.BRAINSTORM)
    proposed_by = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("foreslået af"))
    citizen_name = FreeCharField(_("borgerens navn"), max_length=150, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("brainstorm på mødet"))
    status = models.CharField(_("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.OPEN)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_open = status_is(IdeaStatus.OPEN)
    is_postponed = status_is(IdeaStatus.POSTPONED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "id"]
        indexes = [models.Index(fields=["council", "year"])]
        constraints = [models.CheckConstraint(condition=Q(status__in=IdeaStatus.values), name="idea_status_valid")]
        verbose_name = _("idé")
        verbose_name_plural = _("idéer")

    def __str__(self):
        return self.title


class IdeaVote(CouncilOwnedModel):
    """A member's dots on an idea (dot-voting) and/or the rank they gave it (1 = most important)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")
    dots = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "idea", "person"], name="unique_idea_vote"),
            models.CheckConstraint(condition=Q(dots__lte=MAX_DOTS_PER_IDEA), name="idea_vote_dots_range"),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="idea_vote_rank_from_1"),
        ]


class ThemeStatus(models.TextChoices):
    ACTIVE = "active", _("I gang")
    POSTPONED = "postponed", _("Udsat")
    DONE = "done", _("Afsluttet")


class Theme(CouncilOwnedModel):
    """One of the year's main themes (5–8 a year), or a topic postponed to a date."""

    year = models.PositiveSmallIntegerField(_("år"))
    priority = models.PositiveSmallIntegerField(_("prioritet"), default=0, help_text=_("1 er vigtigst."))
    title = FreeCharField(_("tema"), max_length=200)
    description = FreeTextField(_("beskrivelse"), blank=True)
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="themes")
    owner = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("tovholder"))
    status = models.CharField(_("status"), max_length=10, choices=ThemeStatus.choices, default=ThemeStatus.ACTIVE)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_postponed = status_is(ThemeStatus.POSTPONED)
    status_note = FreeTextField(_("status"), blank=True)
    postponed_until = models.DateField(_("udsat til"), null=True, blank=True)
    # The backlog item created when a postponed theme comes back (set once; see services).
    resurfaced_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    agenda_items = CouncilManyToManyField("meetings.AgendaItem", blank=True, related_name="themes",
                                          through="ThemeAgendaItem")
    consultations = CouncilManyToManyField("hearings.Consultation", blank=True, related_name="themes",
                                           through="ThemeConsultation")
    events = CouncilManyToManyField("activities.Event", blank=True, related_name="themes", through="ThemeEvent")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "priority", "id"]
        indexes = [models.Index(fields=["council", "year"]), models.Index(fields=["council", "postponed_until"])]
        constraints = [
            # One theme per idea and year: choosing an idea again updates its theme (services.themes).
            models.UniqueConstraint(fields=["council", "idea", "year"], condition=Q(idea__isnull=False),
                                    name="unique_theme_idea_year"),
            models.CheckConstraint(condition=Q(status__in=ThemeStatus.values), name="theme_status_valid"),
            models.CheckConstraint(condition=~Q(status=ThemeStatus.POSTPONED) | Q(postponed_until__isnull=False),
                                   name="theme_postponed_has_date"),
        ]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")

    def __str__(self):
        return self.title


# --- Working groups ---------------------------------------------------------------------------

class WorkingGroup(CouncilOwnedModel):
    name = FreeCharField(_("navn"), max_length=150)
    purpose = FreeTextField(_("formål"), blank=True)
    members = CouncilManyToManyField("councils.Person", blank=True, related_name="working_groups",
                                     verbose_name=_("medlemmer"), through="WorkingGroupMember")
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="unique_working_group_name")]
        verbose_name = _("arbejdsgruppe")
        verbose_name_plural = _("arbejdsgrupper")

    def __str__(self):
        return self.name

    @property
    def member_ids(self) -> list[int]:
        return [p.pk for p in self.members.all()]


class GroupNote(CouncilOwnedModel):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="notes")
    text = FreeTextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class GroupTask(CouncilOwnedModel):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="tasks")
    title = FreeCharField(_("opgave"), max_length=250)
    owners = CouncilManyToManyField("councils.Person", blank=True, related_name="group_tasks",
                                    verbose_name=_("tovholdere"), through="GroupTaskOwner")
    due = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due", "id"]


# --- Events -------------------------------------------------------------------------------------

class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Konference")
    NETWORK = "network", _("Netværksmøde for udsatteråd")
    CITIZENS = "citizens", _("Borgermøde")
    RECEPTION = "reception", _("Reception")
    THEME_DAY = "theme_day", _("Temadag")
    DIALOGUE = "dialogue", _("Dialogmøde")
    OTHER = "other", _("Andet")


class Event(CouncilOwnedModel):
    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices, default=EventKind.CONFERENCE)
    own = models.BooleanField(_("rådets eget arrangement"), default=False)
    title = FreeCharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    place = FreeCharField(_("sted"), max_length=200, blank=True)
    organiser = FreeCharField(_("arrangør"), max_length=200, blank=True)
    description = FreeTextField(_("beskrivelse"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(_("pladser til rådet"), null=True, blank=True,
                                                help_text=_("Tom: ingen grænse."))
    signup_deadline = models.DateField(_("tilmeldingsfrist"), null=True, blank=True)
    # The public side (citizens' meetings): only the council's own events can be public.
    is_public = models.BooleanField(_("offentligt arrangement"), default=False)
    public_capacity = models.PositiveSmallIntegerField(_("pladser til borgere"), null=True, blank=True,
                                                       help_text=_("Tom: ingen grænse."))
    accessibility = FreeTextField(_("tilgængelighed"), blank=True)
    meal = FreeCharField(_("mad og drikke"), max_length=200, blank=True)
    # Kept when the citizens' sign-ups are deleted after the event (retention), so the list and
    # the annual report still know how many signed up and came.
    citizens_signed_up = models.PositiveIntegerField(_("borgere tilmeldt"), null=True, blank=True)
    citizens_attended = models.PositiveIntegerField(_("borgere mødt op"), null=True, blank=True)
    report = FreeTextField(_("kort tilbagemelding"), blank=True)
    reported_by = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reported_at = models.DateTimeField(null=True, blank=True)
    # The information item the report back became on the next meeting's agenda (set once).
    report_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["council", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                                   name="event_ends_after_start"),
            # The services compare with the event's local day; the database stores UTC, so the
            # constraint allows the day after the UTC day (no time zone is a day ahead of UTC).
            models.CheckConstraint(
                condition=Q(signup_deadline__isnull=True)
                | Q(signup_deadline__lte=Cast(F("starts_at") + dt.timedelta(days=1), models.DateField())),
                name="event_signup_deadline_not_after_event"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                                   name="event_capacity_from_1"),
            models.CheckConstraint(condition=Q(public_capacity__isnull=True) | Q(public_capacity__gte=1),
                                   name="event_public_capacity_from_1"),
            models.CheckConstraint(condition=Q(is_public=False) | Q(own=True), name="event_public_only_own"),
        ]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")

    def __str__(self):
        return self.title


class SignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Tilmeldt")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")
    ATTENDED = "attended", _("Deltog")
    NO_SHOW = "no_show", _("Deltog ikke")


class EventSignup(CouncilOwnedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="event_signups")
    status = models.CharField(max_length=10, choices=SignupStatus.choices, default=SignupStatus.SIGNED_UP)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_signed_up = status_is(SignupStatus.SIGNED_UP)
    is_waiting = status_is(SignupStatus.WAITING)
    is_attended = status_is(SignupStatus.ATTENDED)
    signed_up_at = models.DateTimeField(auto_now_add=True)
    # The member has been reminded of the event (the day before).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_up_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "event", "person"], name="unique_event_signup"),
            models.CheckConstraint(condition=Q(status__in=SignupStatus.values), name="event_signup_status_valid"),
        ]


# --- Citizens' sign-ups for public events ------------------------------------------------------

class CitizenSignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Tilmeldt")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")


class CitizenSignup(CouncilOwnedModel):
    """A citizen's sign-up for a public event: a name or nickname and, if they wish, a phone
    number (personal data: seen by the secretariat only, deleted shortly after the event).
    The cancel token is the citizen's key to their own sign-up (the cancel link)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citizen_signups")
    name = FreeCharField(_("navn eller kaldenavn"), max_length=100)
    phone = models.CharField(_("telefon"), max_length=12, blank=True,
                             help_text=_("Gemt som +45 og otte cifre."))
    status = models.CharField(_("status"), max_length=10, choices=CitizenSignupStatus.choices,
                              default=CitizenSignupStatus.SIGNED_UP)
    is_signed_up = status_is(CitizenSignupStatus.SIGNED_UP)
    is_waiting = status_is(CitizenSignupStatus.WAITING)
    is_cancelled = status_is(CitizenSignupStatus.CANCELLED)
    created_at = models.DateTimeField(_("tilmeldt"), default=timezone.now)
    # When a place was freed and given to them from the waiting list (the secretariat sees it).
    promoted_at = models.DateTimeField(_("fik plads"), null=True, blank=True)
    cancel_token = models.CharField(max_length=64)  # unique per council (the link names the council)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CitizenSignupStatus.values),
                                   name="citizen_signup_status_valid"),
            models.CheckConstraint(condition=~Q(cancel_token=""), name="citizen_signup_token_set"),  # nosec B106  # a constraint that the token is never empty
            models.UniqueConstraint(fields=["council", "cancel_token"], name="citizen_signup_token_unique"),
        ]
        verbose_name = _("borgertilmelding")
        verbose_name_plural = _("borgertilmeldinger")

    def __str__(self):
        return self.name


# --- Many-to-many rows (council-owned, so they shard with what they link; core.citus) ---------

class ThemeAgendaItem(CouncilOwnedModel):
    """An agenda item linked to a theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    agendaitem = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "activities_theme_agenda_items"
        constraints = [models.UniqueConstraint(fields=["council", "theme", "agendaitem"],
                                               name="unique_theme_agenda_item")]

class ThemeConsultation(CouncilOwnedModel):
    """A consultation linked to a theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey("hearings.Consultation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "activities_theme_consultations"
        constraints = [models.UniqueConstraint(fields=["council", "theme", "consultation"],
                                               name="unique_theme_consultation")]

class ThemeEvent(CouncilOwnedModel):
    """An event linked to a theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "activities_theme_events"
        constraints = [models.UniqueConstraint(fields=["council", "theme", "event"], name="unique_theme_event")]

class WorkingGroupMember(CouncilOwnedModel):
    """A member of a working group."""

    workinggroup = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "activities_workinggroup_members"
        constraints = [models.UniqueConstraint(fields=["council", "workinggroup", "person"],
                                               name="unique_working_group_member")]

class GroupTaskOwner(CouncilOwnedModel):
    """A tovholder of a working group's task."""

    grouptask = models.ForeignKey(GroupTask, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "activities_grouptask_owners"
        constraints = [models.UniqueConstraint(fields=["council", "grouptask", "person"],
                                               name="unique_group_task_owner")]
