"""The record of processing (GDPR art. 30) for the platform admin: the same declaration that
docs/privacy.md is written from (privacy/record.py)."""

from django.shortcuts import render

from core.tenancy import council_view
from privacy import record as declaration


@council_view("privacy.record")
def record(request):
    kinds = []
    for kind in declaration.KINDS.values():
        kinds.append({"kind": kind, "seen_by": declaration.seen_by_text(kind),
                      "settings": declaration.settings_text(kind),
                      "fields": [f"{m._meta.label_lower}.{f.name}" for m, f in declaration.fields_of(kind.key)]})
    return render(request, "privacy/record_page.html", {
        "nav": "privacy", "kinds": kinds, "figures": declaration.figures(),
        "unclassified": declaration.unclassified()})
