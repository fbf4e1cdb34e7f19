"""Form rendering with Det Fælles Designsystem (DKFDS) markup.

Every Stemme form inherits ``StemmeFormMixin``: widgets get DKFDS classes and ``{{ form }}``
renders through ``components/form.html`` and ``components/field.html`` (labels, hints,
errors tied to inputs with ``aria-describedby``)."""

from django import forms
from django.forms.renderers import TemplatesSetting


class StemmeFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class StemmeFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every field's widget its DKFDS class. Idempotent: a form that adds fields after
        ``__init__`` calls it again."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-input"
            if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
                field.widget = widget = DateInput(attrs=widget.attrs)
            if isinstance(widget, forms.DateTimeInput) and not isinstance(widget, DateTimeInput):
                field.widget = widget = DateTimeInput(attrs=widget.attrs)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 5)
            classes = widget.attrs.get("class", "").split()
            if css and css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])


class StemmeForm(StemmeFormMixin, forms.Form):
    pass


class StemmeModelForm(StemmeFormMixin, forms.ModelForm):
    pass
