"""Annual reports for the document and public-page tests, built straight from the models (an
approved, frozen version without going through the workflow): ``report_with_sections`` for a
draft, ``approve`` to freeze it (optionally at a held meeting) and ``publish``. Every section has
its own text with the facts a test looks for; the meetings section carries an attendance chart
and the economy section a table."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.utils import timezone

from reports.models import AnnualReport, ReportSection, ReportStatus, ReportVersion, SectionKind

CHART = (
    '<svg role="img" viewBox="0 0 400 160" width="400" height="160" aria-labelledby="chart-title chart-desc" '
    'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Fremmøde pr. møde i 2018</title>'
    '<desc id="chart-desc">Fremmødet lå mellem 6 og 9 af 10 medlemmer, i gennemsnit 7,5.</desc>'
    '<g class="bars"><rect x="40" y="40" width="60" height="100" fill="#004993"></rect>'
    '<rect x="120" y="60" width="60" height="80" fill="#004993"></rect>'
    '<rect x="200" y="70" width="60" height="70" fill="#004993"></rect>'
    '<rect x="280" y="50" width="60" height="90" fill="#004993"></rect></g>'
    '<g class="labels"><text x="70" y="155" text-anchor="middle" font-size="10">17. april</text>'
    '<text x="150" y="155" text-anchor="middle" font-size="10">12. juni</text>'
    '<text x="230" y="155" text-anchor="middle" font-size="10">4. september</text>'
    '<text x="310" y="155" text-anchor="middle" font-size="10">27. november</text></g></svg>'
)

ECONOMY_TABLE = (
    "<table><caption>Budget og forbrug 2018</caption>"
    '<thead><tr><th scope="col">Kategori</th><th scope="col">Budget</th><th scope="col">Forbrug</th></tr></thead>'
    "<tbody><tr><td>Mødeforplejning</td><td>8.000 kr.</td><td>6.450 kr.</td></tr>"
    "<tr><td>Temadage og konferencer</td><td>12.000 kr.</td><td>9.875 kr.</td></tr>"
    "<tr><td>Diæter i alt</td><td>20.000 kr.</td><td>16.800 kr.</td></tr>"
    "<tr><td>I alt</td><td>40.000 kr.</td><td>33.125 kr.</td></tr></tbody></table>"
)

SECTIONS: list[tuple[str, str, str]] = [
    (SectionKind.INTRODUCTION, "Indledning",
     "<p>Kommunalbestyrelsen besluttede i juni 2017 at oprette rådet, som holdt sit første møde i april 2018.</p>"
     "<h2>Rådets formål</h2><p>Rådet giver borgere i en udsat livssituation en stemme over for politikerne.</p>"),
    (SectionKind.COMPOSITION, "Sammensætning",
     "<p>Rådet har 10 pladser. Pr. 1. april 2019 sad der 9 medlemmer i rådet.</p>"
     "<ul><li>5 medlemmer med egen erfaring</li><li>2 medlemmer af kommunalbestyrelsen</li>"
     "<li>2 sagkyndige og 1 personligt udpeget</li></ul><p>To medlemmer udtrådte i løbet af året.</p>"),
    (SectionKind.MEETINGS, "Møder og mødedeltagelse",
     "<p>Rådet holdt 4 møder i 2018. Forretningsordenen krævede 4 møder om året.</p>"
     "<p>Ved første møde deltog 9 medlemmer, og derefter i gennemsnit 7,5.</p>"
     "<table><thead><tr><th scope=\"col\">Møde</th><th scope=\"col\">Til stede</th></tr></thead>"
     "<tbody><tr><td>17. april</td><td>9</td></tr><tr><td>12. juni</td><td>7</td></tr>"
     "<tr><td>4. september</td><td>6</td></tr><tr><td>27. november</td><td>8</td></tr></tbody></table>"),
    (SectionKind.EVENTS, "Temadage og konferencer",
     "<p>Medlemmerne deltog i 3 arrangementer.</p><ul><li>Årsmøde for udsatteråd i Odense: 4 medlemmer</li>"
     "<li>Temadag om hjemløshed: 3 medlemmer</li><li>Dialogmøde med Socialudvalget: 6 medlemmer</li></ul>"),
    (SectionKind.THEMES, "Behandlede emner",
     "<p>Rådet arbejdede med boliger, misbrug og beskæftigelse. Tandpleje blev udskudt til 2019.</p>"),
    (SectionKind.RESPONSES, "Høringssvar og kommentarer",
     "<p>Rådet sendte 2 høringssvar og 1 kommentarbrev. Svaret om ungestrategien førte til et nyt mål.</p>"),
    (SectionKind.ECONOMY, "Økonomi",
     "<p>Rådet brugte 33.125 kr. af et budget på 40.000 kr.</p>" + ECONOMY_TABLE),
    (SectionKind.LIBRARY, "Rapporter til inspiration",
     "<p>Rådet modtog 2 rapporter, blandt andet om socialt udsattes sundhed.</p>"),
    (SectionKind.OUTLOOK, "Anbefalinger og fremadrettet",
     "<p>Rådet vil i 2019 arbejde videre med tandpleje og med et bedre samarbejde med jobcentret.</p>"),
    (SectionKind.ANNEX, "Bilag: høringssvar og kommentarer",
     "<h2>Høringssvar om ungestrategien</h2><p>Rådet anbefaler, at strategien får et mål om boliger til unge.</p>"
     "<h2>Kommentarer til Socialudvalgets møde 4. december 2018</h2>"
     "<p>Rådet beder udvalget huske natcaféen i budgettet.</p>"),
]


def canonical_sha256(sections: list[dict]) -> str:
    return hashlib.sha256(json.dumps(sections, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode()).hexdigest()


def report_with_sections(council, *, year: int = 2018, sections=None, title: str | None = None,
                         chart: str = CHART) -> AnnualReport:
    """A draft report for the calendar year with the sections (kind, title, body), in order."""
    report = AnnualReport.objects.create(
        council=council, year=year, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
        title=title or f"Årsberetning {year}")
    for position, (kind, section_title, body) in enumerate(sections or SECTIONS):
        section = ReportSection(council=council, report=report, kind=kind, position=position, title=section_title,
                                body=body, draft=body)
        if kind == SectionKind.MEETINGS:
            section.chart = chart
        section.save()
    return report


def frozen_sections(report: AnnualReport) -> list[dict]:
    frozen = []
    for section in report.sections.filter(included=True).order_by("position", "pk"):
        row = {"kind": section.kind, "title": section.title, "body": section.body}
        if section.kind == SectionKind.MEETINGS:
            row["chart"] = section.chart
        frozen.append(row)
    return frozen


def approve(report: AnnualReport, *, meeting=None, at: dt.datetime | None = None) -> ReportVersion:
    sections = frozen_sections(report)
    approved_at = at or timezone.make_aware(dt.datetime(report.year + 1, 4, 3, 18))
    version = ReportVersion.objects.create(
        council=report.council, report=report, number=report.versions.count() + 1, sections=sections,
        sha256=canonical_sha256(sections), meeting=meeting, approved_at=approved_at)
    report.status = ReportStatus.APPROVED
    report.approved_at = approved_at
    report.save(update_fields=["status", "approved_at"])
    return version


def publish(report: AnnualReport, *, at: dt.datetime | None = None) -> AnnualReport:
    report.status = ReportStatus.PUBLISHED
    report.published_at = at or timezone.make_aware(dt.datetime(report.year + 1, 4, 20, 12))
    report.save(update_fields=["status", "published_at"])
    return report


def published_report(council, *, year: int = 2018, sections=None, meeting=None,
                     chart: str = CHART) -> tuple[AnnualReport, ReportVersion]:
    report = report_with_sections(council, year=year, sections=sections, chart=chart)
    version = approve(report, meeting=meeting)
    publish(report)
    return report, version
