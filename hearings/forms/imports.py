"""The upload form for importing committee meetings and agenda items."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import StemmeForm
from hearings.importers.base import MAX_IMPORT_BYTES, format_size


class ImportForm(StemmeForm):
    file = forms.FileField(
        label=gettext_lazy("Fil med udvalgsmøder"),
        help_text=gettext_lazy(
            "En dagsorden eksporteret som XML fra kommunens sagssystem (SBSYS eller Acadre) eller en mødeplan som "
            "kalenderfil (.ics). Højst 5 MB. Filens indhold afgør formatet, ikke filnavnet."),
        error_messages={"required": gettext_lazy("Vælg en fil."), "empty": gettext_lazy("Filen er tom."),
                        "invalid": gettext_lazy("Filen kunne ikke læses. Prøv igen.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.ics,text/xml,application/xml,text/calendar"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("Filen “%(name)s” er for stor (%(size)s MB). En importfil må højst fylde %(limit)s MB – del den op "
                  "i flere filer.") % {"name": upload.name, "size": format_size(upload.size),
                                       "limit": format_size(MAX_IMPORT_BYTES)}, code="too_large")
        return upload
