"""Forms of the consultation pages. They only validate input; the services write and decide
the rules (a refusal comes back as an ApplicationError shown at its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formats import long_date
from core.forms import StemmeForm, StemmeModelForm
from core.validators import validate_no_cpr
from hearings.models import Consultation, ConsultationStatus

INTAKE_FIELDS = ["title", "committee", "sender", "summary", "received_on", "deadline", "recipient_name",
                 "recipient_email", "published"]


class ConsultationForm(StemmeModelForm):
    """Register or edit a consultation. Built without an instance (``initial`` when editing), so
    validation never changes the consultation before the service has checked it."""

    class Meta:
        model = Consultation
        fields = INTAKE_FIELDS
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        labels = {"committee": _("Fra udvalg"), "received_on": _("Modtaget den")}
        help_texts = {
            "title": _("Fx “Høring om Ungestrategi 2019”."),
            "committee": _("Vælg udvalget – eller skriv forvaltningen herunder, hvis høringen kommer fra en "
                           "forvaltning."),
            "summary": _("Hvad handler høringen om, og hvad skal rådet tage stilling til?"),
            "recipient_name": _("Fx Social- og Sundhedsforvaltningen, att. sagsbehandleren."),
            "recipient_email": _("Svaret sendes hertil som PDF, når det er godkendt."),
            "published": _("Når svaret er sendt, kan alle læse det på rådets offentlige side."),
        }
        error_messages = {
            "title": {"required": _("Skriv høringens titel.")},
            "received_on": {"required": _("Skriv datoen, høringen blev modtaget."),
                            "invalid": _("Skriv en gyldig dato.")},
            "deadline": {"required": _("Skriv høringsfristen."), "invalid": _("Skriv en gyldig dato.")},
            "recipient_email": {"invalid": _("Skriv en gyldig e-mailadresse, fx navn@kommune.dk.")},
        }

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = _("Ikke fra et udvalg")
        self.fields["committee"].error_messages["invalid_choice"] = _("Vælg et af kommunens udvalg.")

    def clean(self):
        data = super().clean()
        if not data.get("committee") and not (data.get("sender") or "").strip() and "sender" not in self.errors:
            self.add_error("sender", _("Vælg det udvalg, høringen kommer fra, eller skriv forvaltningen eller "
                                       "afdelingen."))
        received, deadline = data.get("received_on"), data.get("deadline")
        if received and deadline and deadline < received:
            self.add_error("deadline", _("Høringsfristen kan ikke ligge før den dato, høringen blev modtaget."))
        return data


class OwnersForm(StemmeForm):
    """Choose tovholdere among ``people`` (Person objects, in the order to show). ``cleaned_data
    ["owners"]`` is a list of person ids; the view maps them back to the people."""

    owners = forms.TypedMultipleChoiceField(
        coerce=int, label=_("Tovholdere"), widget=forms.CheckboxSelectMultiple,
        help_text=_("De skriver udkastet. Formandskabet og sekretariatet kan altid rette i det."),
        error_messages={"required": _("Vælg mindst én tovholder."),
                        "invalid_choice": _("Vælg tovholderne fra listen.")})

    def __init__(self, *args, people, joint=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].choices = [
            (p.pk, f"{p.name} ({p.council.name})" if joint else p.name) for p in people]


class MaterialForm(StemmeForm):
    name = forms.CharField(label=_("Navn"), max_length=190, required=False,
                           help_text=_("Tom: filens navn eller linket."), validators=[validate_no_cpr])
    file = forms.FileField(label=_("Fil"), required=False,
                           help_text=_("PDF, Word, ODT, Excel, PNG eller JPEG."),
                           error_messages={"empty": _("Filen er tom."),
                                           "invalid": _("Filen kunne ikke læses. Prøv igen.")})
    url = forms.URLField(label=_("Eller et link"), max_length=500, required=False, assume_scheme="https",
                         help_text=_("Fx linket til høringsmaterialet på kommunens hjemmeside."),
                         error_messages={"invalid": _("Skriv et gyldigt link, fx https://kommune.dk/hoering.")})

    def clean(self):
        data = super().clean()
        if not self.errors:
            if data.get("file") and data.get("url"):
                self.add_error("url", _("Tilføj enten en fil eller et link – ikke begge dele på én gang."))
            elif not data.get("file") and not data.get("url"):
                self.add_error("file", _("Vælg en fil, eller skriv et link til materialet."))
        return data


class DraftForm(StemmeForm):
    draft = forms.CharField(label=_("Udkast til høringssvar"),
                            widget=forms.Textarea(attrs={"rows": 18, "class": "stemme-wide"}),
                            error_messages={"required": _("Skriv udkastet til høringssvaret.")},
                            help_text=_("Skriv svaret, som det skal stå i brevet. En tom linje giver et nyt afsnit."))
    note = forms.CharField(label=_("Hvad har du ændret?"), max_length=200, required=False,
                           help_text=_("Fx “Tilføjet afsnit om boliger”. Vises i versionshistorikken."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CommentForm(StemmeForm):
    text = forms.CharField(label=_("Din kommentar til udkastet"), widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Skriv din kommentar.")},
                           help_text=_("Alle i rådene bag svaret kan læse kommentaren. Skriv ikke om enkeltpersoners "
                                       "sager."))


class AgendaForm(StemmeForm):
    meeting = forms.ModelChoiceField(
        queryset=None, label=_("Rådsmøde"), empty_label=_("Vælg et møde"),
        help_text=_("Svaret kommer på dagsordenen som beslutningspunkt med udkastet vedlagt."),
        error_messages={"required": _("Vælg det møde, hvor rådet skal godkende svaret."),
                        "invalid_choice": _("Vælg et af rådets kommende møder.")})

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = lambda m: f"{m.display_title} {long_date(m.starts_at)}"


class ApproveForm(StemmeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class OutcomeForm(StemmeForm):
    outcome = forms.CharField(label=_("Hvad førte svaret til?"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Fx “Svaret førte til et ekstra mål i strategien”. Vises sammen med svaret."),
                              error_messages={"required": _("Skriv, hvad høringssvaret førte til.")})


class PartnerForm(StemmeForm):
    """Add a partner council among ``councils`` (in the order to show); ``cleaned_data["council"]``
    is its id."""

    council = forms.TypedChoiceField(
        coerce=int, label=_("Råd"),
        help_text=_("Fx kommunens handicapråd. Rådets folk kan se høringen og kommentere, og formandskab og "
                    "tovholdere kan rette i udkastet."),
        error_messages={"required": _("Vælg det råd, der skal være med i svaret."),
                        "invalid_choice": _("Vælg et råd fra listen.")})

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", _("Vælg et råd"))] + [
            (c.pk, f"{c.name} ({c.municipality.name} Kommune)") for c in councils]


class StatusFilterForm(StemmeForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(ConsultationStatus.choices))
