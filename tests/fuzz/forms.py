"""The forms of a page, read from its HTML: what a browser would send.

The fuzz test GETs every page as every role and reads its ``<form>`` elements with the standard
library's HTML parser: the action, the method and every named field with its type, its current
value and, for select/radio/checkbox, the values it offers. Hypothesis then varies those values.
Reading the page rather than the form classes means a new form is covered the day its page is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # text, email, number, date, datetime-local, checkbox, radio, select, textarea, file, hidden, ...
    value: str = ""
    choices: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str  # a path ("/nordby/intern/...")
    method: str  # "get" or "post"
    fields: dict[str, Field] = field(default_factory=dict)
    multipart: bool = False

    def add(self, new: Field) -> None:
        known = self.fields.get(new.name)
        if known is None:
            self.fields[new.name] = new
            return
        # Radio buttons and checkbox groups: one field, many values.
        for choice in new.choices or ([new.value] if new.value else []):
            if choice not in known.choices:
                known.choices.append(choice)
        if new.kind == "checkbox":
            known.multiple = True


SKIPPED_FIELDS = {"csrfmiddlewaretoken"}
TEXT_KINDS = {"text", "email", "tel", "url", "search", "password", "textarea", "hidden", "number", "date",
              "datetime-local", "time", "month", "week", "color", "range"}


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._orphans: dict[str, list[Field]] = {}  # fields with form="id" outside their form
        self._ids: dict[str, Form] = {}

    def _target(self, attrs: dict) -> Form | None:
        owner = attrs.get("form")
        if owner:
            return self._ids.get(owner)
        return self._form

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_path
            path = urlsplit(urljoin(self.page_path, action)).path
            self._form = Form(action=path, method=(a.get("method") or "get").lower(),
                              multipart="multipart" in a.get("enctype", ""))
            self.forms.append(self._form)
            if a.get("id"):
                self._ids[a["id"]] = self._form
            return
        if tag in ("input", "button"):
            name = a.get("name")
            target = self._target(a)
            if not name or target is None or name in SKIPPED_FIELDS:
                return
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("submit", "image", "reset", "button"):
                # A named button is a choice the view reads ("action=approve").
                target.add(Field(name, "radio", choices=[a.get("value", "")]))
            elif kind in ("radio", "checkbox"):
                target.add(Field(name, kind, value=a.get("value", "on") if "checked" in a else "",
                                 choices=[a.get("value", "on")], multiple=kind == "checkbox"))
            else:
                target.add(Field(name, kind, value=a.get("value", "")))
        elif tag == "select":
            target = self._target(a)
            if a.get("name") and target is not None:
                self._select = Field(a["name"], "select", multiple="multiple" in a)
                target.add(self._select)
                self._select = target.fields[a["name"]]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if value not in self._select.choices:
                self._select.choices.append(value)
            if "selected" in a:
                self._select.value = value
        elif tag == "textarea":
            target = self._target(a)
            if a.get("name") and target is not None:
                self._textarea = Field(a["name"], "textarea")
                target.add(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


def initial_data(form: Form) -> dict[str, str | list[str]]:
    """What the browser would send untouched."""
    data: dict[str, str | list[str]] = {}
    for f in form.fields.values():
        if f.kind == "file":
            continue
        if f.kind in ("radio", "checkbox"):
            if f.value:
                data[f.name] = [f.value] if f.multiple else f.value
        else:
            data[f.name] = f.value
    return data
