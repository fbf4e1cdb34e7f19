"""The roster: municipality, council, its versioned rules, terms, seats, people,
memberships, positions and the recruitment that fills them."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import PUBLIC_TEXT_MAX_LENGTH, FreeCharField, FreeTextField
from core.models import CouncilOwnedModel
from core.status import status_is

# Council slugs that would shadow Stemme's own top-level URLs.
# Every first path segment the site uses itself (a council with one of these addresses could not be
# reached; councils/tests/test_reserved_slugs.py checks the URLconf against this set).
RESERVED_SLUGS = {"konto", "healthz", "sitemap", "static", "media", "raad", "django-admin", "i18n",
                  "tilgaengelighed", "api", "admin", "afbud", "soeg", "s", "sms", "l", "k"}


class Municipality(models.Model):
    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("kortnavn"), unique=True)
    code = models.CharField(_("kommunekode"), max_length=3, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="municipalities",
                                   verbose_name=_("medarbejdere"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class CouncilKind(models.TextChoices):
    UDSATTERAAD = "udsatteraad", _("Udsatteråd")
    VELFAERDSRAAD = "velfaerdsraad", _("Velfærdsråd")
    HANDICAPRAAD = "handicapraad", _("Handicapråd")
    AELDRERAAD = "aeldreraad", _("Ældreråd")
    OTHER = "other", _("Andet råd")


class Council(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="councils",
                                     verbose_name=_("kommune"))
    kind = models.CharField(_("type"), max_length=20, choices=CouncilKind.choices, default=CouncilKind.UDSATTERAAD)
    name = FreeCharField(_("navn"), max_length=120, help_text=_("Fx “Udsatterådet i Albertslund”."))
    slug = models.SlugField(_("adresse"), unique=True, max_length=60,
                            help_text=_("Bruges i adressen, fx /albertslund/. Små bogstaver, tal og bindestreg."))
    preset = models.CharField(_("skabelon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("telefon"), max_length=30, blank=True,
        help_text=_("Sekretariatets telefon. Står i breve, så modtageren kan ringe og melde afbud."))
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped on commit by every service that changes what the public sees of this council
    # (core.publiccache.bump): the key of its cached public pages, so a change invalidates exactly them.
    public_generation = models.PositiveBigIntegerField(default=0, editable=False)
    # Bumped on commit by every audited write of the council (core.audit -> core.publiccache.bump_content):
    # the key of the cached fragments of its internal and personal pages (core.fragments).
    content_generation = models.PositiveBigIntegerField(default=0, editable=False)
    secretaries = models.ManyToManyField(settings.AUTH_USER_MODEL, through="CouncilSecretary", blank=True,
                                         related_name="secretariat_councils")

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("råd")
        verbose_name_plural = _("råd")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The generations only ever go up, by the UPDATE of core.publiccache: saving a council loaded
        # before a bump must not write the older number back (a cached fragment could come back).
        if self.pk is not None and not self._state.adding and "update_fields" not in kwargs:
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name not in GENERATION_FIELDS]
        super().save(*args, **kwargs)


GENERATION_FIELDS = frozenset({"public_generation", "content_generation"})


class CouncilSecretary(CouncilOwnedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateField(default=dt.date.today)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="unique_council_secretary")]
        verbose_name = _("sekretariatsmedarbejder")
        verbose_name_plural = _("sekretariat")


class TaxonomyScheme(models.TextChoices):
    RSU_FOCUS = "rsu_focus", _("Rådet for Socialt Udsattes fokusområder")
    TARGET_GROUP = "target_group", _("Målgrupper")
    FOCUS_AREA = "focus_area", _("Indsatsområder")


class TaxonomyTerm(CouncilOwnedModel):
    scheme = models.CharField(max_length=20, choices=TaxonomyScheme.choices)
    name = FreeCharField(_("navn"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "scheme", "name"], name="unique_taxonomy_term")]

    def __str__(self):
        return self.name


class TermsOfReference(CouncilOwnedModel):
    """Kommissorium, versioned: every edit is a new version; the newest valid one applies."""

    version = models.PositiveIntegerField()
    valid_from = models.DateField(_("gælder fra"))
    text = FreeTextField(_("kommissorium"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["council", "version"], name="unique_tor_version")]


class TieBreak(models.TextChoices):
    CHAIR = "chair", _("Formandens stemme er afgørende")
    FAILS = "fails", _("Forslaget er faldet ved stemmelighed")


class SubstituteMode(models.TextChoices):
    PERSONAL = "personal", _("Personlige suppleanter (én pr. medlem)")
    POOL = "pool", _("Fælles suppleantliste")


class SubstituteAttendance(models.TextChoices):
    ALWAYS = "always", _("Inviteres til alle møder (stemmer kun i stedet for sit medlem)")
    WHEN_NEEDED = "when_needed", _("Indkaldes kun når medlemmet melder afbud")


class PerDiemEligibility(models.TextChoices):
    # Which seats give per diem is set per seat category (``SeatCategory.per_diem``): never the
    # municipal board's, nor those of the municipality's employees, who attend in their working time.
    NON_BOARD = "non_board", _("Medlemmer på pladser med ret til diæter (ikke kommunalbestyrelsen og "
                               "kommunens medarbejdere)")
    NONE = "none", _("Ingen diæter")


# The national recommendation (Rådet for Socialt Udsatte): at least a third of an udsatteråd's members
# have lived experience of social vulnerability. A council may set a lower minimum of its own only with a
# recorded reason (``RulesOfProcedure.lived_experience_min_reason``).
NATIONAL_LIVED_EXPERIENCE_PERCENT = 33
# The kinds of council the national recommendation is made for.
LIVED_EXPERIENCE_KINDS = ("udsatteraad", "velfaerdsraad")


# The retention settings of the rules of procedure (privacy.retention reads them).
RETENTION_FIELDS = ("retention_candidacy_months", "retention_former_member_months", "retention_citizen_signup_days",
                    "retention_citizen_message_months", "retention_outbox_body_days")


class RulesOfProcedure(CouncilOwnedModel):
    """Forretningsorden as configuration, versioned like the kommissorium."""

    version = models.PositiveIntegerField()
    valid_from = models.DateField(_("gælder fra"))
    meetings_per_year = models.PositiveSmallIntegerField(_("møder pr. år"), default=4)
    agenda_notice_days = models.PositiveSmallIntegerField(_("dagsorden udsendes dage før mødet"), default=7)
    proposal_deadline_days = models.PositiveSmallIntegerField(_("frist for medlemmers forslag (dage før)"),
                                                              default=14)
    quorum_percent = models.PositiveSmallIntegerField(
        _("beslutningsdygtighed (% af stemmeberettigede)"), default=50,
        help_text=_("Rådet er beslutningsdygtigt, når mindst denne andel af de stemmeberettigede er til stede."))
    tie_break = models.CharField(_("ved stemmelighed"), max_length=10, choices=TieBreak.choices,
                                 default=TieBreak.CHAIR)
    substitute_mode = models.CharField(_("suppleanter"), max_length=10, choices=SubstituteMode.choices,
                                       default=SubstituteMode.PERSONAL)
    substitute_attendance = models.CharField(_("suppleanters deltagelse"), max_length=12,
                                             choices=SubstituteAttendance.choices,
                                             default=SubstituteAttendance.WHEN_NEEDED)
    per_diem = models.CharField(_("diæter"), max_length=10, choices=PerDiemEligibility.choices,
                                default=PerDiemEligibility.NON_BOARD)
    members_min = models.PositiveSmallIntegerField(_("mindst antal medlemmer"), default=10)
    members_max = models.PositiveSmallIntegerField(_("højst antal medlemmer"), default=15)
    lived_experience_min_percent = models.PositiveSmallIntegerField(
        _("mindst andel med erfaring som udsat (%)"), default=NATIONAL_LIVED_EXPERIENCE_PERCENT,
        help_text=_("Den nationale anbefaling er mindst en tredjedel (33 %). Et lavere minimum kræver en "
                    "begrundelse."))
    lived_experience_min_reason = FreeTextField(
        _("begrundelse for et lavere minimum"), blank=True,
        help_text=_("Skal udfyldes, når rådets minimum er under 33 %. Vises på siden om rådets sammensætning."))
    term_years = models.PositiveSmallIntegerField(_("valgperiode (år)"), default=4)
    meeting_time_note = FreeCharField(_("mødetidspunkt"), max_length=200, blank=True,
                                      help_text=_("Fx “efter arbejdstid, kl. 16–18”."))
    per_diem_rate = models.DecimalField(
        _("diæt pr. møde (kr.)"), max_digits=8, decimal_places=2, default=0,
        help_text=_("Udbetales for hvert møde, medlemmet deltager i, til dem der har ret til diæter."))
    formandskab_approves_responses = models.BooleanField(
        _("formand og næstformand kan godkende høringssvar mellem møderne"), default=True,
        help_text=_("Ellers godkendes høringssvar altid på et rådsmøde."))
    deadline_reminder_days = models.PositiveSmallIntegerField(
        _("påmindelse om frister (dage før)"), default=5,
        help_text=_("Sekretariatet, formandskabet og tovholderne får en påmindelse om høringsfrister og "
                    "kommentarbreve så mange dage før fristen."))
    publish_positions = models.BooleanField(
        _("formand og næstformand vises offentligt"), default=True,
        help_text=_("Offentlige sider og dokumenter skriver “formanden” og “næstformanden”. Ellers står de som "
                    "medlemmer, og deres navn vises kun, hvis de har sagt ja til det."))
    text = FreeTextField(_("øvrige bestemmelser"), blank=True)
    # Retention of personal data (GDPR art. 5(1)(e)): how long after the event the worker's periodic job
    # deletes it (privacy.retention); the secretariat sees what the next run deletes before it runs.
    retention_candidacy_months = models.PositiveSmallIntegerField(
        _("afviste kandidaturer slettes (måneder efter udpegningen)"), default=6,
        help_text=_("Kandidaturer, der ikke førte til en udpegning, slettes så mange måneder efter "
                    "kommunalbestyrelsens beslutning."))
    retention_former_member_months = models.PositiveSmallIntegerField(
        _("tidligere medlemmers kontaktoplysninger slettes (måneder efter valgperioden)"), default=6,
        help_text=_("E-mail, telefon og adresse på personer uden et løbende medlemskab slettes så mange måneder "
                    "efter, at deres sidste valgperiode sluttede."))
    retention_citizen_signup_days = models.PositiveSmallIntegerField(
        _("borgeres tilmeldinger slettes (dage efter arrangementet)"), default=30)
    retention_citizen_message_months = models.PositiveSmallIntegerField(
        _("henvendelser fra borgere slettes (måneder efter modtagelsen)"), default=12)
    retention_outbox_body_days = models.PositiveSmallIntegerField(
        _("indholdet af sendte beskeder slettes (dage efter afsendelsen)"), default=90,
        help_text=_("Modtager, emne og tidspunkt bevares; selve teksten slettes."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    CONFIG_FIELDS = [
        "meetings_per_year", "agenda_notice_days", "proposal_deadline_days", "quorum_percent", "tie_break",
        "substitute_mode", "substitute_attendance", "per_diem", "per_diem_rate", "members_min", "members_max",
        "lived_experience_min_percent", "lived_experience_min_reason", "term_years", "meeting_time_note",
        "formandskab_approves_responses", "deadline_reminder_days", "publish_positions", "text",
        *RETENTION_FIELDS,
    ]

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="unique_rules_version"),
            models.CheckConstraint(condition=Q(members_max__gte=F("members_min")), name="rules_members_range"),
            models.CheckConstraint(condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                                   name="rules_quorum_percent"),
            models.CheckConstraint(condition=Q(lived_experience_min_percent__lte=100), name="rules_lived_percent"),
        ]

    def clean(self):
        if (self.lived_experience_min_percent is not None
                and self.lived_experience_min_percent < NATIONAL_LIVED_EXPERIENCE_PERCENT
                and not (self.lived_experience_min_reason or "").strip()):
            raise ValidationError({"lived_experience_min_reason": _(
                "Skriv en begrundelse: rådets minimum på %(pct)d %% er lavere end den nationale anbefaling på "
                "mindst en tredjedel.") % {"pct": self.lived_experience_min_percent}})


class Term(CouncilOwnedModel):
    """Valgperiode: normally 4 years following the municipal election period."""

    name = FreeCharField(_("navn"), max_length=60)
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"))

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="term_end_after_start")]
        verbose_name = _("valgperiode")
        verbose_name_plural = _("valgperioder")

    def __str__(self):
        return self.name

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class SeatCategory(CouncilOwnedModel):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="seat_categories")
    name = FreeCharField(_("navn"), max_length=120)
    min_seats = models.PositiveSmallIntegerField(_("mindst"), default=0)
    max_seats = models.PositiveSmallIntegerField(_("højst"), default=1)
    lived_experience = models.BooleanField(_("tæller som erfaring som udsat"), default=False)
    municipal_board = models.BooleanField(
        _("medlemmer af kommunalbestyrelsen"), default=False,
        help_text=_("Pladser for kommunalbestyrelsen giver aldrig diæter og kan ikke søges i et opslag."))
    per_diem = models.BooleanField(
        _("giver ret til diæter"), default=True,
        help_text=_("Nej for kommunens medarbejdere, der deltager i deres arbejdstid."))
    open_to_applicants = models.BooleanField(
        _("kan søges i offentlige opslag"), default=True,
        help_text=_("Nej for pladser, som kommunen selv besætter, fx med medarbejdere."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(max_seats__gte=F("min_seats")), name="seat_category_range"),
            models.CheckConstraint(
                condition=Q(municipal_board=False) | Q(per_diem=False, open_to_applicants=False),
                name="seat_category_board_no_per_diem",
                violation_error_message=_("Pladser for kommunalbestyrelsen giver ikke diæter og kan ikke søges i "
                                          "et opslag.")),
        ]
        verbose_name = _("pladskategori")
        verbose_name_plural = _("pladskategorier")

    def __str__(self):
        return self.name


class Organisation(CouncilOwnedModel):
    name = FreeCharField(_("navn"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    nominates = models.BooleanField(_("indstiller medlemmer"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="unique_organisation_name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Brev med posten")


class Person(CouncilOwnedModel):
    name = FreeCharField(_("navn"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobilnummer"), max_length=30, blank=True)
    address = FreeTextField(_("postadresse"), blank=True)
    preferred_channel = models.CharField(_("foretrukken kanal"), max_length=10, choices=Channel.choices,
                                         default=Channel.EMAIL)
    # Reminders (the day before a meeting, tasks due, events, deadlines); invitations are always sent.
    wants_reminders = models.BooleanField(_("vil have påmindelser"), default=True,
                                          help_text=_("Påmindelser dagen før møder, om opgaver og frister. "
                                                      "Indkaldelser sendes altid."))
    publish_name = models.BooleanField(_("navn må vises offentligt"), default=False)
    share_contact = models.BooleanField(_("kontaktoplysninger må ses af rådets medlemmer"), default=False)
    photo_consent = models.BooleanField(
        _("billeder af personen må bruges offentligt"), default=False,
        help_text=_("Fx fra arrangementer, i årsberetningen eller på rådets side."))
    lived_experience = models.BooleanField(
        _("erfaring som socialt udsat"), default=False,
        help_text=_("Følsom oplysning. Ses kun af sekretariatet og vises aldrig offentligt."))
    public_title = FreeCharField(_("titel eller baggrund (offentlig)"), max_length=150, blank=True,
                                 help_text=_("Fx “Kommunalbestyrelsesmedlem” eller “SIND”."))
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="people", verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="people", verbose_name=_("brugerkonto"))
    notes = FreeTextField(_("noter (kun sekretariatet)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["council", "user"])]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return self.name

    def clean(self):
        if self.preferred_channel == Channel.EMAIL and not self.email:
            raise ValidationError({"email": _("Skriv en e-mailadresse, eller vælg SMS eller brev som kanal.")})
        if self.preferred_channel == Channel.SMS and not self.phone:
            raise ValidationError({"phone": _("Skriv et mobilnummer, eller vælg en anden kanal.")})
        if self.preferred_channel == Channel.LETTER and not self.address.strip():
            raise ValidationError({"address": _("Skriv en postadresse, så brevet kan sendes.")})


class ConsentKind(models.TextChoices):
    """What a person may say yes or no to; each kind is a boolean on ``Person`` holding the current
    state, written only through ``councils.services.consent_set``, which records a ``Consent``."""

    PUBLISH_NAME = "publish_name", _("Navn må vises offentligt")
    SHARE_CONTACT = "share_contact", _("Kontaktoplysninger må ses af rådets medlemmer")
    PHOTO = "photo_consent", _("Billeder må bruges offentligt")


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("På papir")
    ORAL = "oral", _("Mundtligt")
    EMAIL = "email", _("På e-mail")
    ONLINE = "online", _("Selv online")
    APPLICATION = "application", _("I ansøgningen til rådet")
    UNSPECIFIED = "unspecified", _("Ikke angivet")


class Consent(CouncilOwnedModel):
    """One consent given or withdrawn: the history behind ``Person``'s consent booleans."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("person"))
    kind = models.CharField(_("samtykke"), max_length=20, choices=ConsentKind.choices)
    given = models.BooleanField(_("givet"), help_text=_("Nej: trukket tilbage."))
    method = models.CharField(_("hvordan"), max_length=12, choices=ConsentMethod.choices,
                              default=ConsentMethod.UNSPECIFIED)
    recorded_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("registreret af"))

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["council", "person", "recorded_at"])]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")

    def __str__(self):
        return f"{self.get_kind_display()}: {'ja' if self.given else 'nej'}"


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Medlem")
    SUBSTITUTE = "substitute", _("Suppleant")
    GUEST = "guest", _("Gæst/observatør")


class MembershipStatus(models.TextChoices):
    NOMINATED = "nominated", _("Indstillet – afventer udpegning")
    APPOINTED = "appointed", _("Udpeget")


class EndReason(models.TextChoices):
    WITHDREW = "withdrew", _("Udtrådt efter eget ønske")
    MOVED = "moved", _("Fraflyttet kommunen")
    ORGANISATION = "organisation", _("Organisationen har udpeget en anden")
    TERM_ENDED = "term_ended", _("Valgperioden udløb")
    BECAME_MEMBER = "became_member", _("Blev medlem")
    MEMBER_LEFT = "member_left", _("Medlemmet, vedkommende var suppleant for, udtrådte")
    NEW_MEMBER = "new_member", _("Blev suppleant for et andet medlem")
    DECEASED = "deceased", _("Død")
    OTHER = "other", _("Anden årsag")


class Membership(CouncilOwnedModel):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name=_("valgperiode"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships",
                               verbose_name=_("person"))
    role = models.CharField(_("rolle"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    status = models.CharField(_("status"), max_length=12, choices=MembershipStatus.choices,
                              default=MembershipStatus.APPOINTED)
    seat_category = models.ForeignKey(SeatCategory, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="memberships", verbose_name=_("pladskategori"))
    substitute_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="substitutes", verbose_name=_("personlig suppleant for"))
    nominated_by = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="nominations", verbose_name=_("indstillet af"))
    nominated_on = models.DateField(
        _("indstillet den"), null=True, blank=True,
        help_text=_("Den dag indstillingen kom. Indtil udpegningen står personen som indstillet."))
    appointment_date = models.DateField(_("udpeget den"), null=True, blank=True)
    appointment_reference = FreeCharField(_("beslutningsreference"), max_length=120, blank=True,
                                          help_text=_("Fx “KB 13.03.2018, pkt. 7”."))
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    end_reason = models.CharField(_("årsag til ophør"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = FreeTextField(_("bemærkning til ophør"), blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["council", "start", "end"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="membership_end_after_start"),
            models.CheckConstraint(condition=Q(substitute_for__isnull=True) | Q(role="substitute"),
                                   name="membership_only_substitutes_stand_in"),
        ]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def is_active_on(self, day: dt.date) -> bool:
        """Appointed and inside its interval on ``day``; the interval also stops with the term.
        ``councils.selectors.roster_on`` asks the same question in SQL."""
        return (self.status == MembershipStatus.APPOINTED and self.start <= day <= self.term.end
                and (self.end is None or self.end >= day))

    def is_nominated_on(self, day: dt.date) -> bool:
        """Awaiting appointment on ``day``: nominated by then, not appointed (or appointed only
        later) and not withdrawn."""
        if self.nominated_on is None or self.nominated_on > day or (self.end is not None and self.end < day):
            return False
        if self.status == MembershipStatus.NOMINATED:
            return True
        return self.appointment_date is not None and self.appointment_date > day


class SubstituteOutcome(models.TextChoices):
    """What happens to a personal substitute when their member leaves (``services.membership_end``)."""

    END = "end", _("Suppleanten udtræder også")
    MOVE_UP = "move_up", _("Suppleanten rykker op som medlem på pladsen")
    ATTACH = "attach", _("Suppleanten bliver personlig suppleant for et andet medlem")


class PositionKind(models.TextChoices):
    CHAIR = "chair", _("Formand")
    VICE_CHAIR = "vice_chair", _("Næstformand")


class Position(CouncilOwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(_("post"), max_length=12, choices=PositionKind.choices)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="position_end_after_start"),
        ]
        verbose_name = _("post")
        verbose_name_plural = _("poster")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"


# --- Recruitment -------------------------------------------------------------------

class RecruitmentCall(CouncilOwnedModel):
    """Opstillingsseddel: a public call for candidates for a term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="calls", verbose_name=_("valgperiode"))
    title = FreeCharField(_("overskrift"), max_length=200)
    text = FreeTextField(_("tekst"))
    deadline = models.DateTimeField(_("frist"))
    selection_criteria = FreeTextField(_("udvælgelseskriterier"), blank=True)
    published = models.BooleanField(_("offentliggjort"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("opslag")
        verbose_name_plural = _("opslag")

    def __str__(self):
        return self.title


class CandidacyKind(models.TextChoices):
    CITIZEN = "citizen", _("Borger, der selv stiller op")
    NOMINATION = "nomination", _("Indstillet af en organisation")


class SeatWish(models.TextChoices):
    MEMBER = "member", _("Medlem")
    SUBSTITUTE = "substitute", _("Suppleant")
    EITHER = "either", _("Begge dele")


class CandidacyStatus(models.TextChoices):
    RECEIVED = "received", _("Modtaget")
    SELECTED = "selected", _("Indstillet til udpegning")
    NOT_SELECTED = "not_selected", _("Ikke valgt")
    APPOINTED = "appointed", _("Udpeget")


class Candidacy(CouncilOwnedModel):
    call = models.ForeignKey(RecruitmentCall, on_delete=models.CASCADE, related_name="candidacies")
    kind = models.CharField(_("type"), max_length=12, choices=CandidacyKind.choices, default=CandidacyKind.CITIZEN)
    name = FreeCharField(_("navn"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    # The lengths of these text fields limit the public candidacy form (TextField: not the database).
    address = FreeTextField(_("postadresse"), blank=True, max_length=300)
    preferred_channel = models.CharField(_("hvordan vil du helst kontaktes?"), max_length=10,
                                         choices=Channel.choices, default=Channel.EMAIL)
    organisation_name = FreeCharField(_("organisation"), max_length=150, blank=True)
    nominated_by = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="candidacies")
    motivation = FreeTextField(_("hvorfor vil du være med?"), max_length=PUBLIC_TEXT_MAX_LENGTH)
    wish = models.CharField(_("ønsker at være"), max_length=12, choices=SeatWish.choices, default=SeatWish.EITHER)
    seat_category = models.ForeignKey(SeatCategory, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="candidacies", verbose_name=_("ønsket plads"))
    lived_experience = models.BooleanField(_("erfaring som socialt udsat"), default=False)
    publish_name = models.BooleanField(_("navn må vises offentligt, hvis jeg bliver valgt"), default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=14, choices=CandidacyStatus.choices,
                              default=CandidacyStatus.RECEIVED)
    # Status flags for templates (core.status): no template compares with a raw status string.
    is_appointed = status_is(CandidacyStatus.APPOINTED)
    decision_role = models.CharField(_("udpeges som"), max_length=12, choices=MembershipRole.choices, blank=True)
    decision_seat_category = models.ForeignKey(SeatCategory, null=True, blank=True, on_delete=models.SET_NULL,
                                               related_name="+", verbose_name=_("plads"))
    decision_substitute_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                                related_name="+", verbose_name=_("suppleant for"))
    review_note = FreeTextField(_("begrundelse"), blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("kandidatur")
        verbose_name_plural = _("kandidaturer")

    def __str__(self):
        return self.name


class Appointment(CouncilOwnedModel):
    """The municipal board's decision that appoints the selected candidates."""

    call = models.ForeignKey(RecruitmentCall, on_delete=models.PROTECT, related_name="appointments")
    decision_date = models.DateField(_("beslutningsdato"))
    reference = FreeCharField(_("reference"), max_length=120, help_text=_("Fx “KB 13.03.2018, pkt. 7”."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decision_date"]


# --- Plain words for the readability meter ---------------------------------------------------------

class PlainWord(CouncilOwnedModel):
    """A council's own plain word for a municipal word, beside the shared list
    (core/data/plain_words_da.txt); the council's word wins over the shared one."""

    word = FreeCharField(_("ord"), max_length=80,
                         help_text=_("Det kommunale ord i grundform, fx “sagsfremstilling”. Bøjede former findes "
                                     "selv."))
    plain = FreeCharField(_("almindeligt ord"), max_length=120,
                          help_text=_("Det ord, man kan skrive i stedet, fx “hvad sagen handler om”."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]
        constraints = [models.UniqueConstraint(fields=["council", "word"], name="unique_plain_word")]
        verbose_name = _("almindeligt ord")
        verbose_name_plural = _("almindelige ord")

    def __str__(self):
        return f"{self.word} → {self.plain}"
