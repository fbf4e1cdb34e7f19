"""Forms of the event pages. They only validate input; the services write and decide the rules
(a refusal comes back as an ApplicationError shown at its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from core.forms import StemmeForm, StemmeModelForm
from core.validators import validate_no_cpr

EVENT_FIELDS = ["kind", "own", "title", "starts_at", "ends_at", "place", "organiser", "description", "url",
                "capacity", "signup_deadline"]


class EventForm(StemmeModelForm):
    """Create or edit an event. Built without an instance (``initial`` when editing), so
    validation never changes the event before the service has checked it."""

    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https",
                         help_text=_("Et link til programmet eller tilmeldingen, hvis der er et."),
                         error_messages={"invalid": _("Skriv et gyldigt link, fx https://www.example.dk/program.")})

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        labels = {"own": _("Rådets eget arrangement (fx temadag, dialogmøde eller borgermøde med spisning)")}
        help_texts = {
            "title": _("Fx “Netværksmøde for udsatteråd i Region Hovedstaden”."),
            "organiser": _("Fx Rådet for Socialt Udsatte eller rådet selv."),
            "url": _("Et link til programmet eller tilmeldingen, hvis der er et."),
            "capacity": _("Hvor mange fra rådet kan komme med? Tom: ingen grænse. Flere tilmeldte kommer på "
                          "venteliste."),
            "signup_deadline": _("Sidste dag, medlemmerne kan tilmelde sig. Tom: indtil arrangementet begynder."),
        }
        error_messages = {
            "title": {"required": _("Skriv arrangementets titel.")},
            "starts_at": {"required": _("Skriv hvornår arrangementet begynder."),
                          "invalid": _("Skriv en gyldig dato og et gyldigt klokkeslæt.")},
            "ends_at": {"invalid": _("Skriv en gyldig dato og et gyldigt klokkeslæt.")},
            "signup_deadline": {"invalid": _("Skriv en gyldig dato.")},
            "url": {"invalid": _("Skriv et gyldigt link, fx https://www.example.dk/program.")},
            "capacity": {"invalid": _("Skriv et helt antal pladser.")},
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
