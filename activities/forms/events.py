"""Forms of the event pages. They only validate input; the services write and decide the rules
(a refusal comes back as an ApplicationError shown at its field)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from core.forms import PublicFormMixin, ReadabilityTextarea, StemmeForm, StemmeModelForm
from core.phone import normalise_danish_phone
from core.validators import validate_no_cpr

EVENT_FIELDS = ["kind", "own", "title", "starts_at", "ends_at", "place", "organiser", "description", "url",
                "capacity", "signup_deadline", "is_public", "public_capacity", "accessibility", "meal"]


PUBLIC_ONLY_OWN = _("Kun rådets egne arrangementer kan vises på den offentlige side. Sæt kryds i “Rådets eget "
                    "arrangement”, eller fjern krydset her.")


class EventForm(StemmeModelForm):
    """Create or edit an event. Built without an instance (``initial`` when editing), so
    validation never changes the event before the service has checked it."""

    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https",
                         help_text=_("Et link til programmet eller tilmeldingen, hvis der er et."),
                         error_messages={"invalid": _("Skriv et gyldigt link, fx https://www.example.dk/program.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Citizens read the accessibility text on the public page: the readability meter helps.
        self.fields["accessibility"].widget = ReadabilityTextarea(attrs={"rows": 3})
        self.style_fields()

    def clean(self):
        data = super().clean()
        # At the field (the model's constraint alone would give a bare message at the top).
        if data.get("is_public") and not data.get("own"):
            self.add_error("is_public", PUBLIC_ONLY_OWN)
        return data

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {"description": ReadabilityTextarea(attrs={"rows": 5})}
        labels = {"own": _("Rådets eget arrangement (fx temadag, dialogmøde eller borgermøde med spisning)"),
                  "is_public": _("Vis på rådets offentlige side, så borgere kan tilmelde sig"),
                  "public_capacity": _("Pladser til borgere"),
                  "accessibility": _("Tilgængelighed på stedet"),
                  "meal": _("Mad og drikke")}
        help_texts = {
            "title": _("Fx “Netværksmøde for udsatteråd i Region Hovedstaden”."),
            "organiser": _("Fx Rådet for Socialt Udsatte eller rådet selv."),
            "url": _("Et link til programmet eller tilmeldingen, hvis der er et."),
            "capacity": _("Hvor mange fra rådet kan komme med? Tom: ingen grænse. Flere tilmeldte kommer på "
                          "venteliste."),
            "signup_deadline": _("Sidste dag, medlemmerne kan tilmelde sig. Tom: indtil arrangementet begynder."),
            "is_public": _("Kun for rådets egne arrangementer. Siden viser tid, sted, tilgængelighed og "
                           "beskrivelsen, og borgere kan tilmelde sig med navn eller kaldenavn."),
            "public_capacity": _("Hvor mange borgere kan komme? Tom: ingen grænse. Flere tilmeldte kommer på "
                                 "venteliste og rykker automatisk op, hvis nogen melder fra."),
            "accessibility": _("Fx “Niveaufri adgang fra parkeringspladsen. Handicaptoilet. Teleslynge i salen.”"),
            "meal": _("Fx “Vi spiser sammen kl. 18. Sig til, hvis du ikke tåler noget.”"),
        }
        error_messages = {
            "title": {"required": _("Skriv arrangementets titel.")},
            "starts_at": {"required": _("Skriv hvornår arrangementet begynder."),
                          "invalid": _("Skriv en gyldig dato og et gyldigt klokkeslæt.")},
            "ends_at": {"invalid": _("Skriv en gyldig dato og et gyldigt klokkeslæt.")},
            "signup_deadline": {"invalid": _("Skriv en gyldig dato.")},
            "url": {"invalid": _("Skriv et gyldigt link, fx https://www.example.dk/program.")},
            "capacity": {"invalid": _("Skriv et helt antal pladser.")},
            "public_capacity": {"invalid": _("Skriv et helt antal pladser.")},
        }


class AttendanceForm(StemmeForm):
    """Who attended, among ``people`` (Person objects in the order to show)."""

    attended = forms.TypedMultipleChoiceField(
        coerce=int, label=_("Deltog fra rådet"), widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Sæt kryds ved dem, der deltog – også hvis de ikke var tilmeldt."),
        error_messages={"invalid_choice": _("Vælg deltagerne fra listen.")})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(p.pk, p.name) for p in people]


class ReportForm(StemmeForm):
    report = forms.CharField(
        label=_("Kort tilbagemelding"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
        validators=[validate_no_cpr],
        help_text=_("Hvad fik I med hjem, og hvad kan rådet bruge det til? Tilbagemeldingen kommer automatisk "
                    "på dagsordenen til næste møde som et orienteringspunkt."),
        error_messages={"required": _("Skriv en kort tilbagemelding fra arrangementet.")})


class CitizensAttendedForm(StemmeForm):
    count = forms.IntegerField(label=_("Antal borgere, der kom"), min_value=0, max_value=10000, required=False,
                               help_text=_("Tallet bliver gemt, også når tilmeldingerne slettes efter arrangementet."),
                               error_messages={"invalid": _("Skriv et helt tal."),
                                               "min_value": _("Skriv et antal på 0 eller derover.")})


class CitizenSignupForm(PublicFormMixin, StemmeForm):
    """A citizen signs up for a public event (rate-limited, with the honeypot ``website``)."""

    rate_limit_scope = "public.event_signup"

    name = forms.CharField(label=_("Dit navn eller kaldenavn"), max_length=100, validators=[validate_no_cpr],
                           help_text=_("Det er helt fint at skrive et kaldenavn eller kun dit fornavn."),
                           error_messages={"required": _("Skriv dit navn eller et kaldenavn.")})
    phone = forms.CharField(label=_("Dit telefonnummer (hvis du vil)"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
                            help_text=_("Så kan vi sende en sms, hvis du får en plads fra ventelisten. Vi sletter "
                                        "nummeret dagen efter arrangementet."))

    def clean_phone(self):
        try:
            return normalise_danish_phone(self.cleaned_data.get("phone") or "")
        except ValidationError as error:
            raise ValidationError(error.messages[0], code="phone") from None
