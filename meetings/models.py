"""The meeting cycle: year plan, meetings, agenda items, attendance, decisions, votes,
action items and minutes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import FreeCharField, FreeTextField
from core.models import CouncilManyToManyField, CouncilOwnedModel, StoredFile
from core.status import status_is


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinært møde")
    EXTRAORDINARY = "extraordinary", _("Ekstraordinært møde")
    CONSTITUTING = "constituting", _("Konstituerende møde")
    JOINT = "joint", _("Fællesmøde")
    THEME_DAY = "theme_day", _("Temadag")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    AGENDA_PUBLISHED = "agenda_published", _("Dagsorden udsendt")
    HELD = "held", _("Afholdt – referat i kladde")
    MINUTES_APPROVED = "minutes_approved", _("Referat godkendt")
    MINUTES_PUBLISHED = "minutes_published", _("Referat offentliggjort")
    CANCELLED = "cancelled", _("Aflyst")


class Meeting(CouncilOwnedModel):
    kind = models.CharField(_("mødetype"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.ORDINARY)
    title = FreeCharField(_("titel"), max_length=200, blank=True,
                          help_text=_("Tom: “Møde i <rådets navn>”."))
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = FreeCharField(_("sted"), max_length=200, blank=True)
    joint_with = FreeCharField(_("fællesmøde med"), max_length=200, blank=True,
                               help_text=_("Fx “Social- og Sundhedsudvalget” eller “Handicaprådet”."))
    public = models.BooleanField(_("vises i den offentlige mødeplan"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_planned = status_is(MeetingStatus.PLANNED)
    is_agenda_published = status_is(MeetingStatus.AGENDA_PUBLISHED)
    is_held = status_is(MeetingStatus.HELD)
    is_minutes_approved = status_is(MeetingStatus.MINUTES_APPROVED)
    is_minutes_published = status_is(MeetingStatus.MINUTES_PUBLISHED)
    is_cancelled = status_is(MeetingStatus.CANCELLED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_how = models.CharField(max_length=20, blank=True)  # "next_meeting" | "in_writing"
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    # Why the agenda went out later than the rules' notice (agenda_notice_days) asks.
    agenda_late_reason = FreeTextField(_("begrundelse for sen udsendelse"), blank=True)
    minutes_intro = FreeTextField(_("indledning til referatet"), blank=True,
                                  help_text=_("Fx “Velkommen til …”."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["council", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start")]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.get_kind_display()


class ItemKind(models.TextChoices):
    DECISION = "decision", _("Beslutningspunkt")
    INFORMATION = "information", _("Orienteringspunkt")
    DISCUSSION = "discussion", _("Drøftelsespunkt")


class StandardItem(models.TextChoices):
    """Items created automatically from the council's settings."""

    APPROVAL = "approval", _("Godkendelse af referat og dagsorden")
    ECONOMY = "economy", _("Økonomi")
    EVENTS = "events", _("Kommende arrangementer")
    MEMBERSHIP = "membership", _("Status på medlemmer")
    NEXT_ITEMS = "next_items", _("Punkter til næste møde")
    ANY_OTHER = "any_other", _("Eventuelt")


class ProposalStatus(models.TextChoices):
    ACCEPTED = "accepted", _("På dagsordenen")
    PROPOSED = "proposed", _("Foreslået – afventer formandskabet")
    DECLINED = "declined", _("Afvist")
    BACKLOG = "backlog", _("Til et senere møde")


class AgendaItem(CouncilOwnedModel):
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="items",
                                help_text="Null while an item waits in the backlog for a later meeting.")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=12, choices=ItemKind.choices, default=ItemKind.DECISION)
    standard = models.CharField(max_length=12, choices=StandardItem.choices, blank=True)
    title = FreeCharField(_("overskrift"), max_length=250)
    case_text = FreeTextField(_("sagsfremstilling"), blank=True)
    recommendation = FreeTextField(_("indstilling"), blank=True)
    responsible = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("ansvarlig"))
    closed = models.BooleanField(_("lukket punkt"), default=False)
    publish_title = models.BooleanField(_("overskriften må offentliggøres"), default=False)
    publish_decision = models.BooleanField(_("beslutningen må offentliggøres"), default=False)
    proposal_status = models.CharField(max_length=10, choices=ProposalStatus.choices,
                                       default=ProposalStatus.ACCEPTED)
    proposed_by = models.ForeignKey("councils.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    decline_reason = FreeTextField(_("begrundelse"), blank=True)
    # Standard items: the date the generated case text states its facts as of (null when the
    # text was written or edited by hand).
    standard_as_of = models.DateField(null=True, blank=True)
    # The item's number in the agenda as sent ("4", or "4a" for an item added after sending);
    # blank before the agenda is sent, when the number is the item's place in the order.
    sent_number = models.CharField(max_length=8, blank=True)
    # Added after the agenda was sent: part of a supplementary agenda (*supplerende dagsorden*),
    # sent to everyone invited at supplement_sent_at.
    supplementary = models.BooleanField(default=False)
    supplement_sent_at = models.DateTimeField(null=True, blank=True)
    # A backlog item of an ended term that the secretariat carried over to a new term.
    carried_to_term = models.ForeignKey("councils.Term", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    # Minutes, per item
    decision = FreeTextField(_("beslutning"), blank=True)
    dissent = FreeTextField(_("mindretalsudtalelse"), blank=True)
    minutes_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["council", "meeting", "position"])]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")

    def __str__(self):
        return self.title

    @property
    def number_label(self) -> str:
        """The item's number for messages: the one it was sent with, else its place."""
        return self.sent_number or str(self.position)


class Attachment(StoredFile):
    upload_folder = "attachments/%Y/%m/"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Inviteret")
    PRESENT = "present", _("Til stede")
    AFBUD = "afbud", _("Afbud")
    ABSENT = "absent", _("Fraværende uden afbud")
    NOT_CALLED = "not_called", _("Ikke indkaldt")


class AnswerChannel(models.TextChoices):
    """How an answer to an invitation came in."""

    LINK = "link", _("Personligt link")
    SMS = "sms", _("SMS-svar")
    PHONE = "phone", _("Telefon (registreret af sekretariatet)")
    PAGE = "page", _("Medlemmets egen side")


class Attendance(CouncilOwnedModel):
    """One person's invitation to and attendance at one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey("councils.Membership", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_invited = status_is(AttendanceStatus.INVITED)
    is_present = status_is(AttendanceStatus.PRESENT)
    is_afbud = status_is(AttendanceStatus.AFBUD)
    is_absent = status_is(AttendanceStatus.ABSENT)
    is_not_called = status_is(AttendanceStatus.NOT_CALLED)
    stands_in_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="stand_ins", verbose_name=_("møder for"))
    is_guest = models.BooleanField(default=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    afbud_at = models.DateTimeField(null=True, blank=True)
    afbud_note = FreeCharField(max_length=300, blank=True)
    # "Jeg kommer": the person said they will come (for catering and the substitute call-in).
    coming_at = models.DateTimeField(null=True, blank=True)
    # How the person's latest answer (afbud or "Jeg kommer") reached Stemme.
    answered_via = models.CharField(max_length=8, choices=AnswerChannel.choices, blank=True)
    # The personal reading link (/l/<token>/ and its short code /k/<code>/) works until this is set
    # by the secretariat, or until the meeting's minutes are approved.
    reading_revoked_at = models.DateTimeField(null=True, blank=True)
    # The letter's short code: 8 characters or fewer, unambiguous letters and digits, unique.
    short_code = models.CharField(max_length=8, null=True, blank=True, unique=True)
    # The day-before reminder has been queued (one per attendance).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "meeting", "person"], name="unique_attendance")]


class ConflictOfInterest(CouncilOwnedModel):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")
    note = FreeCharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "item", "person"], name="unique_conflict")]


class VoteChoice(models.TextChoices):
    YES = "yes", _("For")
    NO = "no", _("Imod")
    ABSTAIN = "abstain", _("Undlader")


class Vote(CouncilOwnedModel):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    question = FreeCharField(_("der stemmes om"), max_length=300)
    yes = models.PositiveSmallIntegerField(default=0)
    no = models.PositiveSmallIntegerField(default=0)
    abstain = models.PositiveSmallIntegerField(default=0)
    carried = models.BooleanField(default=False)
    tie_broken_by_chair = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)


class Ballot(CouncilOwnedModel):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "vote", "person"], name="unique_ballot")]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    DONE = "done", _("Udført")
    DROPPED = "dropped", _("Droppet")


class ActionItem(CouncilOwnedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="action_items")
    title = FreeCharField(_("opgave"), max_length=300)
    owners = CouncilManyToManyField("councils.Person", related_name="action_items", verbose_name=_("tovholdere"),
                                    through="ActionItemOwner")
    due = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    status_note = FreeTextField(_("status"), blank=True)
    # The day the item was closed (done or dropped); null while it is open. "Open on D" is
    # status open, or closed after D.
    closed_on = models.DateField(_("lukket den"), null=True, blank=True)
    # An open item of an ended term that the secretariat carried over to a new term.
    carried_to_term = models.ForeignKey("councils.Term", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    # The owners have been reminded that the item is due (one reminder per item and due date).
    reminded_for_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]


class MinutesApproval(CouncilOwnedModel):
    """A member's written approval of the minutes between meetings."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "meeting", "person"], name="unique_minutes_approval")]


class EasyReadStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Offentliggjort")


class EasyReadText(CouncilOwnedModel):
    """An easy-read version (*letlæst udgave*) of a published text: short sentences in the tiny
    block format of ``meetings.easyread`` (headings, paragraphs, lists, an optional pictogram per
    block). The minutes' and the annual report's versions are the same thing about another text."""

    body = FreeTextField(_("letlæst tekst"))
    status = models.CharField(_("status"), max_length=12, choices=EasyReadStatus.choices,
                              default=EasyReadStatus.DRAFT)
    is_draft = status_is(EasyReadStatus.DRAFT)
    is_published = status_is(EasyReadStatus.PUBLISHED)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # The LIX of the text as published (a fact about that text, kept beside it).
    lix = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # update_versioned: two people editing at once
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        abstract = True


class EasyReadMinutes(EasyReadText):
    """The easy-read minutes of a meeting, published only after the full minutes."""

    # One per meeting: unique with the council (not the meeting alone), so it shards (core.citus).
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="easy_reads")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "meeting"], name="unique_easy_read_minutes")]
        verbose_name = _("letlæst referat")
        verbose_name_plural = _("letlæste referater")

    def __str__(self):
        return str(self.meeting)


# --- Many-to-many rows (council-owned, so they shard with what they link; core.citus) ---------

class ActionItemOwner(CouncilOwnedModel):
    """A tovholder of an action item."""

    actionitem = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("councils.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "meetings_actionitem_owners"
        constraints = [models.UniqueConstraint(fields=["council", "actionitem", "person"],
                                               name="unique_action_item_owner")]
