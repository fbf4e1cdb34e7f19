from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, DateTimeInput, PublicFormMixin, ReadabilityTextarea, StemmeForm, StemmeModelForm
from councils.models import (
    RESERVED_SLUGS,
    Candidacy,
    CandidacyKind,
    CandidacyStatus,
    ConsentKind,
    ConsentMethod,
    Council,
    EndReason,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    Person,
    PositionKind,
    RecruitmentCall,
    RulesOfProcedure,
    SeatCategory,
    SubstituteOutcome,
    Term,
    TermsOfReference,
)
from councils.presets import PRESETS, preset_choices


class CouncilCreateForm(StemmeForm):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.none())
    preset = forms.ChoiceField(label=_("Skabelon"), choices=(), widget=forms.RadioSelect,
                               help_text=_("Skabelonen sætter pladser, regler og emner. Alt kan rettes bagefter."))
    name = forms.CharField(label=_("Rådets navn"), max_length=120, help_text=_("Fx “Udsatterådet i Albertslund”."))
    slug = forms.SlugField(label=_("Adresse"), max_length=60,
                           help_text=_("Bruges i adressen på rådets sider, fx “albertslund”."))
    term_start = forms.DateField(label=_("Valgperiodens start"), required=False, widget=DateInput,
                                 help_text=_("Tom: 1. januar efter seneste kommunalvalg."))
    term_end = forms.DateField(label=_("Valgperiodens slut"), required=False, widget=DateInput)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
        self.fields["preset"].choices = [(key, f"{label} – {PRESETS[key].description}")
                                         for key, label in preset_choices()]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Adressen er reserveret af systemet. Vælg en anden."))
        if Council.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Adressen er allerede i brug. Vælg en anden."))
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Slutdatoen skal ligge efter startdatoen."))
        if bool(start) != bool(end):
            self.add_error("term_end", _("Udfyld både start og slut – eller ingen af dem."))
        return data


class PersonForm(StemmeModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone", "address", "preferred_channel", "wants_reminders", "publish_name",
                  "share_contact", "photo_consent", "public_title", "organisation", "lived_experience", "notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3}),
                   "preferred_channel": forms.RadioSelect}

    consent_method = forms.ChoiceField(
        label=_("Hvordan blev samtykket givet eller trukket tilbage?"), required=False,
        choices=[("", "–"), *[(m.value, m.label) for m in ConsentMethod
                               if m not in (ConsentMethod.UNSPECIFIED, ConsentMethod.APPLICATION)]],
        help_text=_("Udfyldes, når et af de tre samtykker ovenfor ændres. Gemmes i personens samtykkehistorik."))

    def __init__(self, *args, council, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(council=council)
        if not show_sensitive:
            del self.fields["lived_experience"]
        # The consent method belongs right after the consents it is about.
        order = list(self.fields)
        order.remove("consent_method")
        order.insert(order.index("photo_consent") + 1, "consent_method")
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        changed = [kind for kind in ConsentKind.values if kind in self.changed_data]
        if changed and not data.get("consent_method"):
            self.add_error("consent_method", _("Vælg hvordan personen gav eller trak samtykket tilbage."))
        if not changed:
            data["consent_method"] = ConsentMethod.UNSPECIFIED
        return data


class RemindersForm(StemmeForm):
    """A member's own yes or no to reminders (``services.person_reminders_set``)."""

    wants = forms.TypedChoiceField(
        label=_("Vil du have påmindelser?"), widget=forms.RadioSelect, coerce=lambda value: value == "yes",
        choices=[("yes", _("Ja, send mig påmindelser")), ("no", _("Nej, ingen påmindelser"))],
        error_messages={"required": _("Vælg ja eller nej.")})


class MyConsentsForm(StemmeForm):
    """A member's own yes or no to the consents (``services.consent_set``, "selv online")."""

    publish_name = forms.BooleanField(
        label=_("Mit navn må vises offentligt"), required=False,
        help_text=_("På rådets offentlige sider, i referater og i årsberetningen. Ellers står du som fx "
                    "“et medlem”."))
    share_contact = forms.BooleanField(
        label=_("Rådets medlemmer må se min e-mail og mit telefonnummer"), required=False,
        help_text=_("På rådets kontaktliste, som kun rådets medlemmer kan se."))
    photo_consent = forms.BooleanField(
        label=_("Billeder af mig må bruges offentligt"), required=False,
        help_text=_("Fx fra arrangementer, i årsberetningen eller på rådets side."))


class MembershipFieldsForm(StemmeForm):
    """The membership half of "add a member or substitute"."""

    role = forms.ChoiceField(label=_("Rolle"), choices=MembershipRole.choices, widget=forms.RadioSelect,
                             initial=MembershipRole.MEMBER)
    seat_category = forms.ModelChoiceField(label=_("Pladskategori"), queryset=SeatCategory.objects.none(),
                                           required=False)
    substitute_for = forms.ModelChoiceField(label=_("Personlig suppleant for"), queryset=Membership.objects.none(),
                                            required=False, help_text=_("Kun for suppleanter."))
    nominated_by = forms.ModelChoiceField(label=_("Indstillet af organisation"),
                                          queryset=Organisation.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[
        ("appointed", _("Udpeget af kommunalbestyrelsen")), ("nominated", _("Indstillet – afventer udpegning"))],
        initial="appointed", widget=forms.RadioSelect)
    nominated_on = forms.DateField(
        label=_("Indstillet den"), required=False, widget=DateInput,
        help_text=_("Kun for indstillede. Tom: i dag – eller startdatoen, hvis den er tidligere."))
    appointment_date = forms.DateField(label=_("Udpeget den"), required=False, widget=DateInput)
    appointment_reference = forms.CharField(label=_("Beslutningsreference"), required=False, max_length=120,
                                            help_text=_("Fx “KB 13.03.2018, pkt. 7”."))
    start = forms.DateField(label=_("Fra"), widget=DateInput)

    def __init__(self, *args, council, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat_category"].queryset = SeatCategory.objects.filter(council=council, term=term)
        self.fields["substitute_for"].queryset = (
            Membership.objects.filter(council=council, term=term, role=MembershipRole.MEMBER, end__isnull=True)
            .select_related("person").order_by("person__name"))
        self.fields["substitute_for"].label_from_instance = lambda m: m.person.name
        self.fields["nominated_by"].queryset = Organisation.objects.filter(council=council)
        self.fields["start"].initial = max(term.start, timezone.localdate()) if term else timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("role") != MembershipRole.SUBSTITUTE and data.get("substitute_for"):
            self.add_error("substitute_for", _("Kun suppleanter kan være suppleant for et medlem."))
        if data.get("role") == MembershipRole.MEMBER and not data.get("seat_category"):
            self.add_error("seat_category", _("Vælg hvilken plads medlemmet besætter."))
        if data.get("status") != "nominated":
            data["nominated_on"] = None
        return data


class MembershipEndForm(StemmeForm):
    """A withdrawal. When the member has a personal substitute, the form also asks what becomes of
    the substitute: leave too, move up to the seat, or become another member's substitute."""

    end = forms.DateField(label=_("Sidste dag i rådet"), widget=DateInput)
    reason = forms.ChoiceField(label=_("Årsag"), choices=EndReason.choices)
    note = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, substitutes=(), other_members=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not substitutes:
            return
        names = ", ".join(s.person.name for s in substitutes)
        self.fields["substitute_outcome"] = forms.ChoiceField(
            label=_("Hvad sker der med suppleanten %(names)s?") % {"names": names},
            choices=SubstituteOutcome.choices, initial=SubstituteOutcome.END, widget=forms.RadioSelect,
            help_text=_("En personlig suppleants plads følger medlemmets. Vælg, om suppleanten også udtræder, "
                        "rykker op som medlem, eller bliver suppleant for et andet medlem fra dagen efter."))
        self.fields["substitute_new_member"] = forms.ModelChoiceField(
            label=_("Suppleanten bliver personlig suppleant for"), required=False,
            queryset=Membership.objects.filter(pk__in=[m.pk for m in other_members]).select_related("person")
            .order_by("person__name"),
            help_text=_("Kun hvis suppleanten skal være suppleant for et andet medlem."))
        self.fields["substitute_new_member"].label_from_instance = lambda m: m.person.name
        self.style_fields()

    def clean(self):
        data = super().clean()
        if (data.get("substitute_outcome") == SubstituteOutcome.ATTACH
                and not data.get("substitute_new_member")):
            self.add_error("substitute_new_member", _("Vælg det medlem, suppleanten skal være suppleant for."))
        return data


class AppointForm(StemmeForm):
    decision_date = forms.DateField(label=_("Kommunalbestyrelsens beslutningsdato"), widget=DateInput)
    reference = forms.CharField(label=_("Reference"), max_length=120, help_text=_("Fx “KB 13.03.2018, pkt. 7”."))


class PositionForm(StemmeForm):
    person = forms.ModelChoiceField(label=_("Medlem"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("Post"), choices=PositionKind.choices, widget=forms.RadioSelect)
    start = forms.DateField(label=_("Fra"), widget=DateInput)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RulesForm(StemmeModelForm):
    valid_from = forms.DateField(label=_("Gælder fra"), widget=DateInput)

    class Meta:
        model = RulesOfProcedure
        fields = ["valid_from", *RulesOfProcedure.CONFIG_FIELDS]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}),
                   "lived_experience_min_reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        # The model's check constraints would otherwise surface as "Begrænsning … er overtrådt".
        data = super().clean()
        low, high = data.get("members_min"), data.get("members_max")
        if low is not None and high is not None and high < low:
            self.add_error("members_max", _("Højst antal medlemmer kan ikke være mindre end mindst antal."))
        quorum = data.get("quorum_percent")
        if quorum is not None and not 1 <= quorum <= 100:
            self.add_error("quorum_percent", _("Skriv en procent mellem 1 og 100."))
        lived = data.get("lived_experience_min_percent")
        if lived is not None and lived > 100:
            self.add_error("lived_experience_min_percent", _("Skriv en procent mellem 0 og 100."))
        return data


class TermsOfReferenceForm(StemmeModelForm):
    class Meta:
        model = TermsOfReference
        fields = ["valid_from", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}


class TermForm(StemmeModelForm):
    copy_seats = forms.BooleanField(label=_("Kopiér pladskategorierne fra den seneste periode"), required=False,
                                    initial=True)

    class Meta:
        model = Term
        fields = ["name", "start", "end"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        return data


class SeatCategoryForm(StemmeModelForm):
    class Meta:
        model = SeatCategory
        fields = ["name", "min_seats", "max_seats", "lived_experience", "municipal_board", "per_diem",
                  "open_to_applicants", "position"]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_seats"), data.get("max_seats")
        if low is not None and high is not None and high < low:
            self.add_error("max_seats", _("Højst kan ikke være mindre end mindst."))
        if data.get("municipal_board"):  # as the help text says; the service does the same
            data["per_diem"] = data["open_to_applicants"] = False
        return data


class OrganisationForm(StemmeModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "email", "phone", "nominates"]

    def clean_name(self):
        # The council is not a form field, so the model's unique constraint is not checked here
        # and a duplicate would fail in the service as a server error. The view passes an
        # instance that carries the council.
        name = self.cleaned_data["name"]
        same = Organisation.objects.filter(council_id=self.instance.council_id, name__iexact=name)
        if self.instance.council_id and same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Rådet har allerede en organisation med det navn."))
        return name


class CallForm(StemmeModelForm):
    class Meta:
        model = RecruitmentCall
        fields = ["term", "title", "text", "deadline", "selection_criteria", "published"]
        widgets = {"deadline": DateTimeInput, "text": ReadabilityTextarea(attrs={"rows": 8}),
                   "selection_criteria": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(council=council)


class CandidacyForm(PublicFormMixin, StemmeModelForm):
    """The public form: a citizen stands, or an organisation nominates someone. Rate-limited, with
    a honeypot field (core.forms.PublicFormMixin)."""

    rate_limit_scope = "public.candidacy"

    class Meta:
        model = Candidacy
        fields = ["kind", "name", "organisation_name", "email", "phone", "address", "preferred_channel", "wish",
                  "seat_category", "motivation", "lived_experience", "publish_name"]
        widgets = {"kind": forms.RadioSelect, "wish": forms.RadioSelect, "preferred_channel": forms.RadioSelect,
                   "address": forms.Textarea(attrs={"rows": 3}), "motivation": forms.Textarea(attrs={"rows": 6})}
        labels = {"name": _("Dit navn (eller kandidatens navn)"),
                  "organisation_name": _("Organisation, der indstiller"),
                  "lived_experience": _("Jeg har selv erfaring med at være socialt udsat")}
        help_texts = {
            "organisation_name": _("Kun hvis en organisation indstiller kandidaten."),
            "lived_experience": _("Frivilligt. Oplysningen ses kun af sekretariatet og vises aldrig offentligt."),
            "motivation": _("Skriv med dine egne ord. Skriv ikke CPR-nummer eller oplysninger om andre."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the seats citizens and organisations can apply for: never the municipal board's or the
        # municipality's employees' (the service refuses a forged choice too).
        self.fields["seat_category"].queryset = SeatCategory.objects.filter(
            council=call.council, term=call.term, open_to_applicants=True).order_by("position", "name")
        self.fields["seat_category"].required = False
        self.fields["seat_category"].error_messages["invalid_choice"] = _(
            "Vælg en af de pladser på listen. De andre pladser besættes af kommunen.")
        self.fields["kind"].initial = CandidacyKind.CITIZEN


class CandidacyReviewForm(StemmeModelForm):
    class Meta:
        model = Candidacy
        fields = ["status", "decision_role", "decision_seat_category", "decision_substitute_for", "review_note"]
        widgets = {"status": forms.RadioSelect, "review_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call
        self.fields["status"].choices = [c for c in CandidacyStatus.choices if c[0] != CandidacyStatus.APPOINTED]
        self.fields["decision_seat_category"].queryset = SeatCategory.objects.filter(council=call.council,
                                                                                     term=call.term)
        self.fields["decision_substitute_for"].queryset = Candidacy.objects.filter(
            call=call, status=CandidacyStatus.SELECTED, decision_role=MembershipRole.MEMBER).exclude(
            pk=self.instance.pk)


class AppointmentForm(StemmeForm):
    decision_date = forms.DateField(label=_("Kommunalbestyrelsens beslutningsdato"), widget=DateInput)
    reference = forms.CharField(label=_("Reference"), max_length=120, help_text=_("Fx “KB 13.03.2018, pkt. 7”."))


class DateFilterForm(StemmeForm):
    dato = forms.DateField(label=_("Per dato"), required=False, widget=DateInput)


class ChangesFilterForm(StemmeForm):
    fra = forms.DateField(label=_("Fra"), widget=DateInput)
    til = forms.DateField(label=_("Til"), widget=DateInput)


class MembershipEditForm(StemmeModelForm):
    class Meta:
        model = Membership
        fields = ["seat_category", "substitute_for", "nominated_by", "appointment_date", "appointment_reference",
                  "start"]
        widgets = {"appointment_date": DateInput, "start": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        m = self.instance
        self.fields["seat_category"].queryset = SeatCategory.objects.filter(council=m.council, term=m.term)
        self.fields["nominated_by"].queryset = Organisation.objects.filter(council=m.council)
        if m.role == MembershipRole.SUBSTITUTE:
            self.fields["substitute_for"].queryset = (
                Membership.objects.filter(council=m.council, term=m.term, role=MembershipRole.MEMBER,
                                          end__isnull=True).select_related("person").order_by("person__name"))
            self.fields["substitute_for"].label_from_instance = lambda member: member.person.name
        else:
            del self.fields["substitute_for"]


class PlainWordForm(StemmeForm):
    word = forms.CharField(label=_("Kommunalt ord"), max_length=80,
                           help_text=_("I grundform, fx “sagsfremstilling”. Bøjede former som “sagsfremstillingen” "
                                       "findes af sig selv."))
    plain = forms.CharField(label=_("Almindeligt ord"), max_length=120,
                            help_text=_("Det, man kan skrive i stedet, fx “hvad sagen handler om”."))


class ReadabilityForm(StemmeForm):
    """The text the readability meter measures; longer text than this is measured from its start."""

    MAX_LENGTH = 50_000
    text = forms.CharField(required=False, strip=False)
