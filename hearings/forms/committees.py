"""Forms for committees, their meetings and agenda items, the council's comments and comment
letters. Plain forms: the services validate across rows (unique abbreviation and item number)
and the view puts their errors on the right field. Choices (the working group's candidates) are
handed in by the view, so rendering costs no queries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, StemmeForm
from core.validators import validate_no_cpr
from hearings.services.committees import MAX_COMMENT_DAYS_BEFORE


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _char(label, *, max_length, required=False, help_text="", width="input-width-l", **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           validators=[validate_no_cpr], widget=forms.TextInput(attrs={"class": width}), **kwargs)


def _textarea(label, *, required=False, rows=5, help_text="", **kwargs):
    return forms.CharField(label=label, required=required, help_text=help_text, validators=[validate_no_cpr],
                           widget=forms.Textarea(attrs={"rows": rows, "class": "input-width-xl"}), **kwargs)


class CommitteeForm(StemmeForm):
    name = _char(_("Udvalgets navn"), max_length=150, required=True, width="input-width-xl",
                 help_text=_("Fx Social- og Sundhedsudvalget."),
                 error_messages={"required": _("Skriv udvalgets navn.")})
    abbreviation = forms.CharField(label=_("Forkortelse"), max_length=12,
                                   help_text=_("Fx SUS, BSU, EBU, ØU eller KB. Bruges i sagsgangen, fx SUS/ØU/KB."),
                                   widget=forms.TextInput(attrs={"class": "input-width-xs"}),
                                   error_messages={"required": _("Skriv udvalgets forkortelse, fx SUS.")})

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["is_active"] = forms.BooleanField(
                label=_("Udvalget findes stadig"), required=False,
                help_text=_("Fjern krydset, hvis udvalget er nedlagt. Det vises så nederst på listen."))
            self.fields["is_active"].widget.attrs["class"] = "form-checkbox"


class FollowForm(StemmeForm):
    members = forms.TypedMultipleChoiceField(
        label=_("Arbejdsgruppe"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("De medlemmer, der læser udvalgets dagsordener og skriver rådets kommentarer. Formandskabet og "
                    "sekretariatet kan altid skrive med."))
    recipient_name = _char(_("Kommentarer sendes til"), max_length=150,
                           help_text=_("Fx udvalgets formand eller udvalgssekretæren."))
    recipient_email = forms.EmailField(label=_("Modtagerens e-mail"), required=False,
                                       widget=forms.EmailInput(attrs={"class": "input-width-l"}),
                                       error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx "
                                                                    "sus@kommune.dk.")})
    comment_days_before = forms.IntegerField(
        label=_("Frist for kommentarer (dage før udvalgets møde)"), min_value=0, max_value=MAX_COMMENT_DAYS_BEFORE,
        initial=2, widget=forms.NumberInput(attrs={"class": "input-width-xs"}),
        help_text=_("Kommentarbrevets frist foreslås så mange dage før udvalgets møde."),
        error_messages={"required": _("Skriv et antal dage, fx 2."),
                        "invalid": _("Skriv et helt antal dage, fx 2."),
                        "min_value": _("Skriv et antal dage, 0 eller mere."),
                        "max_value": _("Skriv et antal dage mellem 0 og %(limit_value)s.")})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [
            (p.pk, p.name if getattr(p, "current", True) else _("%(name)s (ikke længere i rådet)") % {"name": p.name})
            for p in people]


class CommitteeMeetingForm(StemmeForm):
    date = forms.DateField(label=_("Dato"), widget=DateInput,
                           error_messages={"required": _("Skriv mødets dato."),
                                           "invalid": _("Skriv en dato, fx 01.04.2026.")})
    time = forms.TimeField(label=_("Klokken"), widget=TimeInput,
                           error_messages={"required": _("Skriv, hvornår mødet begynder, fx 16:00."),
                                           "invalid": _("Skriv et klokkeslæt, fx 16:00.")})
    location = _char(_("Sted"), max_length=200, help_text=_("Fx Rådhuset, udvalgsværelse 1."))
    url = forms.URLField(label=_("Link til dagsordenen"), max_length=500, required=False, assume_scheme="https",
                         widget=forms.URLInput(attrs={"class": "input-width-xl"}),
                         help_text=_("Adressen på kommunens hjemmeside, hvor dagsordenen ligger."),
                         error_messages={"invalid": _("Skriv en gyldig adresse, fx https://kommune.dk/dagsorden.")})

    SERVICE_FIELDS = {"starts_at": "date"}

    @staticmethod
    def zone() -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @classmethod
    def initial_for(cls, meeting) -> dict:
        local = meeting.starts_at.astimezone(cls.zone())
        return {"date": local.date(), "time": local.time().replace(second=0, microsecond=0),
                "location": meeting.location, "url": meeting.url}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"starts_at": dt.datetime.combine(data["date"], data["time"], tzinfo=self.zone()),
                "location": data["location"], "url": data["url"]}


class CommitteeItemForm(StemmeForm):
    number = forms.IntegerField(label=_("Punkt nr."), min_value=1, max_value=9999,
                                widget=forms.NumberInput(attrs={"class": "input-width-xs"}),
                                error_messages={"required": _("Skriv punktets nummer, fx 3."),
                                                "invalid": _("Skriv punktets nummer som et tal, fx 3."),
                                                "min_value": _("Punktets nummer skal være 1 eller mere.")})
    case_code = forms.CharField(label=_("Sagsgang"), max_length=60, required=False,
                                widget=forms.TextInput(attrs={"class": "input-width-s"}),
                                help_text=_("De udvalg, sagen går igennem, fx SUS/ØU/KB."))
    title = _char(_("Overskrift"), max_length=300, required=True, width="input-width-xl",
                  error_messages={"required": _("Skriv punktets overskrift.")})
    url = forms.URLField(label=_("Link til punktet"), max_length=500, required=False, assume_scheme="https",
                         widget=forms.URLInput(attrs={"class": "input-width-xl"}),
                         error_messages={"invalid": _("Skriv en gyldig adresse, fx https://kommune.dk/punkt-3.")})
    case_text = _textarea(_("Sagsfremstilling"), rows=8,
                          help_text=_("Kopiér gerne sagsfremstillingen fra udvalgets dagsorden."))
    closed = forms.BooleanField(label=_("Lukket punkt"), required=False,
                                help_text=_("Punktet behandles for lukkede døre."))


class ItemCommentForm(StemmeForm):
    relevant = forms.BooleanField(label=_("Punktet er relevant for rådet"), required=False,
                                  help_text=_("Kun relevante punkter med en kommentar kommer med i kommentarbrevet."))
    text = _textarea(_("Kommentar til punktet"), rows=6)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CommentLetterForm(StemmeForm):
    intro = _textarea(_("Indledning"), rows=3,
                      help_text=_("Står før kommentarerne. Tom: standardteksten."))
    closing = _textarea(_("Afslutning"), rows=3,
                        help_text=_("Står efter kommentarerne, fx et tilbud om at uddybe på et møde."))
    recipient_name = _char(_("Modtager"), max_length=150, help_text=_("Fx udvalgets formand."))
    recipient_email = forms.EmailField(label=_("Modtagerens e-mail"), required=False,
                                       widget=forms.EmailInput(attrs={"class": "input-width-l"}),
                                       error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx "
                                                                    "sus@kommune.dk.")})
    deadline = forms.DateField(label=_("Frist"), required=False, widget=DateInput,
                               help_text=_("Hvornår brevet senest skal sendes."),
                               error_messages={"invalid": _("Skriv en dato, fx 01.04.2026.")})
    published = forms.BooleanField(label=_("Vis brevet på rådets offentlige side, når det er sendt"),
                                   required=False)
