"""Danish prose from the year's facts (work in progress: the full version lands shortly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from councils.models import Council
from reports.models import SectionKind


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    figures: list[dict] = field(default_factory=list)


def section_title(*, council: Council, kind: str) -> str:
    return str(SectionKind(kind).label) if kind in SectionKind.values else _("Afsnit")


def attendance_chart_svg(facts: Any) -> str:
    return ""


def draft_section(*, kind: str, facts: Any, council: Council, boilerplate: str = "") -> Draft:
    return Draft(title=section_title(council=council, kind=kind), body="<p></p>", figures=[])
