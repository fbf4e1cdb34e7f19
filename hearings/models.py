"""The council's influence on politics: the political committees it follows, their meetings
and agenda items, the council's comments on them (assembled into comment letters), and
consultations (*høringer*) with a shared draft, approval, the response letter and its outcome.

Committees, their meetings and agenda items are public facts of the *municipality*: they carry
the municipality key (two councils in one municipality follow the same SUS agenda, imported
once). Everything the council writes carries the council key."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.formats import short_date
from core.models import CouncilManyToManyField, CouncilOwnedModel, StoredFile
from core.status import status_is
from councils.models import PositionKind

# The most days before the committee's meeting a council can set as its comment deadline.
MAX_COMMENT_DAYS_BEFORE = 60


class Source(models.TextChoices):
    MANUAL = "manual", _("Indtastet")
    XML = "xml", _("Importeret fra XML")
    ICS = "ics", _("Importeret fra kalender")


# --- Committees (municipality-owned) ----------------------------------------------------------

class Committee(models.Model):
    """A political committee (udvalg) of the municipality, e.g. Social- og Sundhedsudvalget (SUS)."""

    municipality = models.ForeignKey("councils.Municipality", on_delete=models.CASCADE, related_name="committees",
                                     verbose_name=_("kommune"))
    name = FreeCharField(_("navn"), max_length=150)
    abbreviation = models.CharField(_("forkortelse"), max_length=12,
                                    help_text=_("Fx SUS, BSU, EBU, ØU eller KB."))
    is_active = models.BooleanField(_("aktivt"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "abbreviation"], name="unique_committee_abbreviation"),
            # The services compare names case-insensitively (casefold), which is stricter than this.
            models.UniqueConstraint("municipality", Lower("name"), name="unique_committee_name"),
        ]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"


class CommitteeMeeting(models.Model):
    municipality = models.ForeignKey("councils.Municipality", on_delete=models.CASCADE, related_name="+")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("udvalg"))
    starts_at = models.DateTimeField(_("mødetidspunkt"))
    location = FreeCharField(_("sted"), max_length=200, blank=True)
    url = models.URLField(_("link til dagsordenen"), max_length=500, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    # The records system's id (XML) or the calendar UID (ICS): re-imports update, never duplicate.
    external_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["municipality", "starts_at"])]
        constraints = [models.UniqueConstraint(fields=["committee", "external_id"], condition=~Q(external_id=""),
                                               name="unique_committee_meeting_external_id")]
        verbose_name = _("udvalgsmøde")
        verbose_name_plural = _("udvalgsmøder")

    def __str__(self):
        return f"{self.committee.abbreviation} {short_date(self.starts_at)}"


class CommitteeAgendaItem(models.Model):
    municipality = models.ForeignKey("councils.Municipality", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("udvalgsmøde"))
    number = models.PositiveIntegerField(_("punkt nr."))
    case_code = models.CharField(_("sagsgang"), max_length=60, blank=True,
                                 help_text=_("Fx SUS/ØU/KB: de udvalg, sagen går igennem."))
    title = FreeCharField(_("overskrift"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    case_text = FreeTextField(_("sagsfremstilling"), blank=True)
    closed = models.BooleanField(_("lukket punkt"), default=False)
    external_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "external_id"], condition=~Q(external_id=""),
                                    name="unique_committee_item_external_id"),
            models.CheckConstraint(condition=Q(number__gte=1), name="committee_item_number_from_1"),
        ]
        verbose_name = _("punkt på udvalgets dagsorden")
        verbose_name_plural = _("punkter på udvalgets dagsorden")

    def __str__(self):
        return f"Punkt {self.number}. {self.title}"


# --- What the council follows and writes --------------------------------------------------------

class CommitteeFollow(CouncilOwnedModel):
    """The council follows a committee; a working group of members reads its agendas."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="follows",
                                  verbose_name=_("udvalg"))
    members = CouncilManyToManyField("councils.Person", blank=True, related_name="committee_groups",
                                     verbose_name=_("arbejdsgruppe"), through="CommitteeFollowMember")
    recipient_name = FreeCharField(_("kommentarer sendes til"), max_length=150, blank=True,
                                   help_text=_("Fx udvalgets formand eller sekretær."))
    recipient_email = models.EmailField(_("modtagerens e-mail"), blank=True)
    comment_days_before = models.PositiveSmallIntegerField(
        _("frist for kommentarer (dage før udvalgets møde)"), default=2)
    since = models.DateField(_("fulgt siden"), auto_now_add=True)

    class Meta:
        ordering = ["committee__name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "committee"], name="unique_committee_follow"),
            models.CheckConstraint(condition=Q(comment_days_before__lte=MAX_COMMENT_DAYS_BEFORE),
                                   name="committee_follow_comment_days_range"),
        ]
        verbose_name = _("fulgt udvalg")
        verbose_name_plural = _("fulgte udvalg")

    def __str__(self):
        return str(self.committee)

    @property
    def member_ids(self) -> list[int]:
        """The working group's person ids (uses ``prefetch_related("members")`` when present)."""
        return [person.pk for person in self.members.all()]


class ItemComment(CouncilOwnedModel):
    """The council's view on one committee agenda item: relevant or not, and a draft comment
    the working group writes together (version-checked like the minutes)."""

    item = models.ForeignKey(CommitteeAgendaItem, on_delete=models.CASCADE, related_name="comments")
    relevant = models.BooleanField(_("relevant for rådet"), default=True)
    text = FreeTextField(_("kommentar"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__number", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "item"], name="unique_item_comment")]
        verbose_name = _("kommentar til udvalgspunkt")
        verbose_name_plural = _("kommentarer til udvalgspunkter")


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    APPROVED = "approved", _("Godkendt")
    SENT = "sent", _("Sendt")


class CommentLetter(CouncilOwnedModel):
    """The council's comments on one committee meeting's agenda, as one letter."""

    committee_meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="letters",
                                          verbose_name=_("udvalgsmøde"))
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_draft = status_is(LetterStatus.DRAFT)
    is_approved = status_is(LetterStatus.APPROVED)
    is_sent = status_is(LetterStatus.SENT)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    intro = FreeTextField(_("indledning"), blank=True)
    closing = FreeTextField(_("afslutning"), blank=True)
    recipient_name = FreeCharField(_("modtager"), max_length=150, blank=True)
    recipient_email = models.EmailField(_("modtagerens e-mail"), blank=True)
    # Frozen at sending: what was sent, item by item (number, case code, title, comment).
    sent_sections = models.JSONField(default=list, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    published = models.BooleanField(_("vises på rådets offentlige side"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-committee_meeting__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "committee_meeting"], name="unique_comment_letter"),
            models.CheckConstraint(condition=Q(status__in=LetterStatus.values), name="comment_letter_status_valid"),
        ]
        verbose_name = _("kommentarbrev")
        verbose_name_plural = _("kommentarbreve")


# --- Consultations ----------------------------------------------------------------------------

class ConsultationStatus(models.TextChoices):
    RECEIVED = "received", _("Modtaget")
    ASSIGNED = "assigned", _("Fordelt")
    DRAFTING = "drafting", _("Udkast skrives")
    APPROVED = "approved", _("Godkendt")
    SENT = "sent", _("Sendt")
    OUTCOME = "outcome", _("Resultat registreret")


class ApprovalRoute(models.TextChoices):
    MEETING = "meeting", _("På et rådsmøde")
    FORMANDSKAB = "formandskab", _("Af formand og næstformand mellem møderne")


class Consultation(CouncilOwnedModel):
    """A consultation (høring) the council answers. ``council`` is the lead council; a joint
    response adds partner councils (ConsultationPartner) who see and work on it too."""

    title = FreeCharField(_("titel"), max_length=250)
    committee = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="consultations", verbose_name=_("fra udvalg"))
    sender = FreeCharField(_("fra forvaltning eller afdeling"), max_length=200, blank=True,
                           help_text=_("Fx Social- og Sundhedsforvaltningen."))
    summary = FreeTextField(_("kort om høringen"), blank=True)
    received_on = models.DateField(_("modtaget"))
    deadline = models.DateField(_("høringsfrist"))
    status = models.CharField(_("status"), max_length=10, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.RECEIVED)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_received = status_is(ConsultationStatus.RECEIVED)
    is_drafting = status_is(ConsultationStatus.DRAFTING)
    is_approved = status_is(ConsultationStatus.APPROVED)
    is_sent = status_is(ConsultationStatus.SENT)
    is_outcome = status_is(ConsultationStatus.OUTCOME)
    owners = CouncilManyToManyField("councils.Person", blank=True, related_name="consultations",
                                    verbose_name=_("tovholdere"), through="ConsultationOwner")
    recipient_name = FreeCharField(_("svaret sendes til"), max_length=150, blank=True)
    recipient_email = models.EmailField(_("modtagerens e-mail"), blank=True)
    # The current draft; every saved change is also kept as a DraftVersion.
    draft = FreeTextField(_("udkast til høringssvar"), blank=True)
    draft_version = models.PositiveIntegerField(default=0)
    approval_route = models.CharField(_("godkendes"), max_length=12, choices=ApprovalRoute.choices, blank=True)
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("punkt på rådsmødet"))
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_note = FreeTextField(_("godkendelse"), blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_text = FreeTextField(blank=True)  # the response as sent (the draft may not change after)
    outcome = FreeTextField(_("hvad svaret førte til"), blank=True,
                            help_text=_("Fx “Førte til et ekstra mål i strategien”."))
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("vises på rådets offentlige side"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["council", "deadline"]), models.Index(fields=["council", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=F("received_on")),
                                   name="consultation_deadline_not_before_received"),
            models.CheckConstraint(condition=Q(status__in=ConsultationStatus.values), name="consultation_status_valid"),
            models.CheckConstraint(condition=Q(approval_route="") | Q(approval_route__in=ApprovalRoute.values),
                                   name="consultation_approval_route_valid"),
        ]
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")

    def __str__(self):
        return self.title

    @property
    def owner_ids(self) -> list[int]:
        """The tovholdere's person ids (uses ``prefetch_related("owners")`` when present)."""
        return [person.pk for person in self.owners.all()]


class ConsultationPartner(CouncilOwnedModel):
    """Another council on the installation writing a joint response; ``council`` is the partner."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="partners")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "council"], name="unique_consultation_partner")]


class ConsultationMaterial(StoredFile):
    """The material sent for consultation: a file (type sniffed, size-limited) or a link."""

    upload_folder = "consultations/%Y/%m/"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="materials")
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]


class DraftVersion(CouncilOwnedModel):
    """One saved version of a consultation's draft (the history)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = FreeTextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    note = FreeCharField(_("hvad er ændret"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["council", "consultation", "number"],
                                               name="unique_draft_version")]


class DraftComment(CouncilOwnedModel):
    """A member's comment on the draft; ``council`` is the commenter's council (joint responses)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    version_number = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    text = FreeTextField(_("kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class FormandskabApproval(CouncilOwnedModel):
    """The chair's or vice-chair's approval of a response between meetings."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.CharField(max_length=12)  # "chair" | "vice_chair"
    draft_version = models.PositiveIntegerField()
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "consultation", "person", "draft_version"],
                                    name="unique_formandskab_approval"),
            models.CheckConstraint(condition=Q(position__in=PositionKind.values),
                                   name="formandskab_approval_position_valid"),
        ]


# --- Reminders ----------------------------------------------------------------------------------

class DeadlineReminder(CouncilOwnedModel):
    """A reminder queued in the outbox before a deadline; one per object and deadline, so the
    periodic job can run as often as it likes."""

    kind = models.CharField(max_length=20)  # "consultation" | "comment_letter"
    object_id = models.PositiveIntegerField()
    deadline = models.DateField()
    queued_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "kind", "object_id", "deadline"],
                                               name="unique_deadline_reminder")]


# --- Many-to-many rows (council-owned, so they shard with what they link; core.citus) ---------

class CommitteeFollowMember(CouncilOwnedModel):
    """A member of the working group that reads a followed committee's agendas."""

    committeefollow = models.ForeignKey(CommitteeFollow, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "hearings_committeefollow_members"
        constraints = [models.UniqueConstraint(fields=["council", "committeefollow", "person"],
                                               name="unique_committee_follow_member")]

class ConsultationOwner(CouncilOwnedModel):
    """A tovholder of a consultation (a person of the lead or a partner council; the row belongs to the lead)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "hearings_consultation_owners"
        constraints = [models.UniqueConstraint(fields=["council", "consultation", "person"],
                                               name="unique_consultation_owner")]
