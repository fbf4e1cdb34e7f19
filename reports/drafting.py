"""Danish prose from the year's facts (``reports.selectors.facts.YearFacts``): one draft per section of
the annual report, the way a secretary would write it – the numbers in sentences ("Rådet holdt
ti møder i 2025. Forretningsordenen bad om fem."), small numbers as words, a table only where a
table is the text equivalent of a chart (attendance) or of a budget (economy).

A draft is simple HTML (p, ul/li, h3, h4, strong, em, table, and the attendance chart as inline
SVG, which the services keep apart from the text people edit). Every number the draft states is
listed in ``figures`` with the exact text it has in the body, so a figure a person later changes
by hand can be found (``ReportSection.figure_marks``), and with its source: the internal page the
number comes from.

The facts are already disclosure-safe (people by role unless they consented, withdrawals as
counts); the drafting adds no name of its own. A report is a municipal record, so it is drafted
in Danish whatever the language of the person who asks (as letters are)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.disclosure import capitalise, join_words
from core.formats import chart_date, day_month, long_date, sentence, short_date
from councils.models import Council, SubstituteAttendance, SubstituteMode
from councils.presets import PRESETS
from finance.formats import kr_short
from finance.selectors import BudgetStatus
from reports.models import SectionKind
from reports.selectors.facts import Meetings, YearFacts

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


@dataclass(frozen=True)
class Draft:
    title: str
    body: str
    figures: list[dict] = field(default_factory=list)


# --- Titles -----------------------------------------------------------------------------------------

def section_title(*, council: Council, kind: str) -> str:
    """The section's title: the council's preset's wording (``Preset.report_titles``), else the
    default title of the kind."""
    preset = PRESETS.get(council.preset or "")
    titles = preset.report_titles if preset is not None else {}
    if kind in titles:
        return str(titles[kind])
    if kind in SectionKind.values:
        return str(SectionKind(kind).label)
    return _("Eget afsnit")


# --- Words for numbers ------------------------------------------------------------------------------

def number_word(n: int, *, neuter: bool = False) -> str:
    """Small numbers as words ("fire", "et"/"en"), larger ones as digits ("17")."""
    words = {
        0: _("ingen"), 2: _("to"), 3: _("tre"), 4: _("fire"), 5: _("fem"), 6: _("seks"), 7: _("syv"),
        8: _("otte"), 9: _("ni"), 10: _("ti"), 11: _("elleve"), 12: _("tolv"),
    }
    if n == 1:
        return pgettext("number, neuter", "et") if neuter else pgettext("number, common gender", "en")
    return words.get(n, str(n))


def count(n: int, singular: str, plural: str, *, neuter: bool = False) -> str:
    """"ti møder", "et møde", "17 suppleanter": ``singular``/``plural`` are ngettext'ed nouns."""
    return f"{number_word(n, neuter=neuter)} {singular if n == 1 else plural}"


def decimal_text(value: float, places: int = 1) -> str:
    """"9,7" (Danish decimal comma; whole numbers without decimals)."""
    if float(value).is_integer():
        return str(int(value))
    return number_format(round(value, places), places)


def percent_text(value: int) -> str:
    return _("%(p)s %%") % {"p": value}


def _paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs as <p>s (line breaks inside kept as <br>)."""
    parts = [p.strip() for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


class _Figures:
    """The figures a draft states, with the text as it reads in the body."""

    def __init__(self, facts: YearFacts, section: str) -> None:
        self.slug = facts.council_slug
        self.section = section
        self.items: list[dict] = []

    def source(self, name: str) -> str:
        try:
            return reverse(name, kwargs={"council_slug": self.slug})
        except NoReverseMatch:
            return ""

    def add(self, key: str, label: str, value: Any, text: str, source: str = "") -> str:
        """Record the figure and return its text, escaped for the body."""
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        self.items.append({"key": f"{self.section}.{key}", "label": str(label), "value": value, "text": text,
                           "source": self.source(source) if source else ""})
        return escape(text)


def _period_phrase(facts: YearFacts) -> str:
    """"i 2025", or "fra 1. juli 2025 til 30. juni 2029" for another period."""
    if facts.is_calendar_year:
        return _("i %(year)s") % {"year": facts.end.year}
    return _("fra %(start)s til %(end)s") % {"start": long_date(facts.start), "end": long_date(facts.end)}


def _start_phrase(facts: YearFacts) -> str:
    return _("Ved årets begyndelse") if facts.is_calendar_year else _("Ved periodens begyndelse")


def _end_phrase(facts: YearFacts) -> str:
    return _("ved årets udgang") if facts.is_calendar_year else _("ved periodens udgang")


def _members(n: int) -> str:
    return count(n, _("medlem"), _("medlemmer"), neuter=True)


def _substitutes(n: int) -> str:
    return count(n, _("suppleant"), _("suppleanter"))


# --- The sections -----------------------------------------------------------------------------------

def _introduction(facts: YearFacts, boilerplate: str) -> tuple[str, list[dict]]:
    intro = facts.introduction
    f = _Figures(facts, "introduction")
    parts = []
    decided_first = (intro.rules_since is not None and intro.set_up_on is not None
                     and intro.rules_since < intro.set_up_on)
    if decided_first:
        parts.append("<p>" + _("Kommunalbestyrelsen i %(municipality)s besluttede at nedsætte %(council)s, og rådets "
                               "forretningsorden gælder fra den %(since)s.") % {
            "municipality": escape(intro.municipality), "council": escape(intro.council_name),
            "since": f.add("rules_since", _("Forretningsorden fra"), intro.rules_since, long_date(intro.rules_since),
                           "councils:rules")} + "</p>")
    if intro.set_up_on is not None and intro.decided_on is not None:
        values = {
            "municipality": escape(intro.municipality), "council": escape(intro.council_name),
            "decided": f.add("decided_on", _("Første udpegning"), intro.decided_on, long_date(intro.decided_on),
                             "councils:terms"),
            "ref": f" ({escape(intro.decision_reference)})" if intro.decision_reference else ""}
        if intro.set_up_on == intro.decided_on:
            start = _("samme dag")
        else:
            start = _("den %(start)s") % {"start": f.add("set_up_on", _("Rådet oprettet"), intro.set_up_on,
                                                         long_date(intro.set_up_on), "councils:terms")}
        if decided_first:
            text = _("De første medlemmer blev udpeget den %(decided)s%(ref)s, og rådets første valgperiode begyndte "
                     "%(start)s.")
        else:
            text = _("Kommunalbestyrelsen i %(municipality)s udpegede de første medlemmer af %(council)s den "
                     "%(decided)s%(ref)s, og rådets første valgperiode begyndte %(start)s.")
        parts.append("<p>" + text % {**values, "start": start} + "</p>")
    elif intro.set_up_on is not None:
        parts.append("<p>" + _("%(council)s blev oprettet i %(municipality)s, og rådets første valgperiode "
                               "begyndte den %(start)s.") % {
            "council": escape(intro.council_name), "municipality": escape(intro.municipality),
            "start": f.add("set_up_on", _("Rådet oprettet"), intro.set_up_on, long_date(intro.set_up_on),
                           "councils:terms")} + "</p>")
    if boilerplate.strip():
        parts.append(_paragraphs(boilerplate))
    if intro.terms_of_reference.strip():
        parts.append("<h3>" + escape(_("Rådets formål")) + "</h3>")
        parts.append("<p>" + escape(_("Rådets kommissorium siger:")) + "</p>")
        parts.append(_paragraphs(intro.terms_of_reference))
    if intro.meetings_per_year is not None:
        rules = [_("Forretningsordenen fastsætter, at rådet holder %(meetings)s om året") % {
            "meetings": f.add("meetings_per_year", _("Møder om året efter forretningsordenen"),
                              intro.meetings_per_year,
                              count(intro.meetings_per_year, _("møde"), _("møder"), neuter=True), "councils:rules")}]
        if intro.members_min is not None and intro.members_max is not None:
            if intro.members_min == intro.members_max:
                members = _members(intro.members_min)
            else:
                members = _("mellem %(low)s og %(high)s medlemmer") % {"low": intro.members_min,
                                                                      "high": intro.members_max}
            rules.append(_("har %(members)s") % {
                "members": f.add("members", _("Medlemmer efter forretningsordenen"),
                                 f"{intro.members_min}-{intro.members_max}", members, "councils:rules")})
        if intro.term_years:
            rules.append(_("vælges for %(years)s ad gangen") % {
                "years": f.add("term_years", _("Valgperiode"), intro.term_years,
                               count(intro.term_years, _("år"), _("år"), neuter=True), "councils:rules")})
        text = join_words([rules[0]] + rules[1:]) + "."
        if intro.substitute_mode_key == SubstituteMode.PERSONAL:
            text += " " + _("Hvert medlem har en personlig suppleant.")
        elif intro.substitute_mode_key == SubstituteMode.POOL:
            text += " " + _("Rådet har en fælles liste af suppleanter.")
        if intro.substitute_attendance_key == SubstituteAttendance.ALWAYS:
            text += " " + _("Suppleanterne inviteres til alle møder, men stemmer kun i stedet for deres medlem.")
        parts.append(f"<p>{text}</p>")
    return "".join(parts), f.items


def _composition(facts: YearFacts) -> tuple[str, list[dict]]:
    comp = facts.composition
    f = _Figures(facts, "composition")
    parts = []
    if comp.seats:
        parts.append("<h3>" + escape(_("Kriterier for sammensætningen")) + "</h3>")
        parts.append("<p>" + escape(_("Rådets pladser er fordelt sådan:")) + "</p><ul>")
        for i, seat in enumerate(comp.seats):
            if seat.min_seats == seat.max_seats:
                seats = ngettext("%(n)s plads", "%(n)s pladser", seat.max_seats) % {"n": seat.max_seats}
            else:
                seats = ngettext("%(low)s–%(n)s plads", "%(low)s–%(n)s pladser", seat.max_seats) % {
                    "low": seat.min_seats, "n": seat.max_seats}
            parts.append(f"<li>{escape(seat.name)}: " + f.add(f"seats.{i}", seat.name, seat.max_seats, seats,
                                                              "councils:composition") + "</li>")
        parts.append("</ul>")
    start, end = comp.at_start, comp.at_end
    end_text = _("%(when_end)s var der %(members_end)s og %(subs_end)s.") % {
        "when_end": escape(capitalise(_end_phrase(facts))),
        "members_end": f.add("members_end", _("Medlemmer ved udgangen"), end.members, _members(end.members),
                             "councils:roster"),
        "subs_end": f.add("substitutes_end", _("Suppleanter ved udgangen"), end.substitutes,
                          _substitutes(end.substitutes), "councils:roster")}
    if start.members or start.substitutes:
        start_text = _("%(when)s havde rådet %(members)s og %(subs)s.") % {
            "when": escape(_start_phrase(facts)),
            "members": f.add("members_start", _("Medlemmer ved begyndelsen"), start.members,
                             _members(start.members), "councils:roster"),
            "subs": f.add("substitutes_start", _("Suppleanter ved begyndelsen"), start.substitutes,
                          _substitutes(start.substitutes), "councils:roster")}
    else:
        start_text = escape(_("%(when)s var rådet endnu ikke sat sammen.") % {"when": _start_phrase(facts)})
    parts.append(f"<p>{start_text} {end_text}</p>")
    for change in comp.term_changes:
        parts.append("<p>" + escape(_("Valgperioden %(old)s sluttede den %(old_end)s, og en ny valgperiode, "
                                      "%(new)s, begyndte den %(new_start)s.") % {
            "old": change.old_name, "old_end": long_date(change.old_end), "new": change.new_name,
            "new_start": long_date(change.new_start)}) + "</p>")
    for i, rec in enumerate(comp.recruitments):
        parts.append("<h3>" + escape(_("Rekruttering")) + "</h3>")
        text = [_("Rådet søgte nye medlemmer med opslaget “%(title)s”, og fristen for at stille op var den "
                  "%(deadline)s.") % {"title": escape(rec.title),
                                      "deadline": f.add(f"recruitment.{i}.deadline", _("Frist for at stille op"),
                                                        rec.deadline.date(), long_date(rec.deadline),
                                                        "councils:calls")}]
        if rec.info_meetings:
            days = join_words([long_date(m.on) for m in rec.info_meetings])
            text.append(escape(ngettext("Interesserede kunne høre mere på et informationsmøde den %(days)s.",
                                        "Interesserede kunne høre mere på informationsmøder den %(days)s.",
                                        len(rec.info_meetings)) % {"days": days}))
        text.append(_("%(candidacies)s stillede op.") % {
            "candidacies": f.add(f"recruitment.{i}.candidacies", _("Kandidater"), rec.candidacies,
                                 capitalise(ngettext("%(n)s kandidat", "%(n)s kandidater", rec.candidacies)
                                            % {"n": number_word(rec.candidacies)}), "councils:calls")})
        if rec.seats_open and rec.seats_open < rec.seats_total:
            text.append(_("Borgere og organisationer kunne søge %(open)s af rådets %(total)s som medlem.") % {
                "open": f.add(f"recruitment.{i}.seats", _("Pladser i opslaget"), rec.seats_open,
                              number_word(rec.seats_open), "councils:calls"),
                "total": f.add(f"recruitment.{i}.seats_total", _("Pladser som medlem"), rec.seats_total,
                               ngettext("%(n)s plads", "%(n)s pladser", rec.seats_total)
                               % {"n": number_word(rec.seats_total)}, "councils:composition")})
        elif rec.seats_open:
            text.append(_("Borgere og organisationer kunne søge alle rådets %(total)s som medlem.") % {
                "total": f.add(f"recruitment.{i}.seats", _("Pladser i opslaget"), rec.seats_open,
                               ngettext("%(n)s plads", "%(n)s pladser", rec.seats_open)
                               % {"n": number_word(rec.seats_open)}, "councils:calls")})
        if rec.decided_on is not None:
            reference = f" ({escape(rec.reference)})" if rec.reference else ""
            text.append(_("Kommunalbestyrelsen udpegede den %(date)s%(ref)s %(members)s og %(subs)s for valgperioden "
                          "%(term)s.") % {
                "date": f.add(f"recruitment.{i}.decided_on", _("Udpegning"), rec.decided_on, long_date(rec.decided_on),
                              "councils:calls"),
                "ref": reference,
                "members": f.add(f"recruitment.{i}.appointed_members", _("Udpegede medlemmer"), rec.appointed_members,
                                 _members(rec.appointed_members), "councils:calls"),
                "subs": f.add(f"recruitment.{i}.appointed_substitutes", _("Udpegede suppleanter"),
                              rec.appointed_substitutes, _substitutes(rec.appointed_substitutes), "councils:calls"),
                "term": escape(rec.term_name)})
        parts.append("<p>" + " ".join(text) + "</p>")
    const = comp.constituting
    if const is not None:
        parts.append("<h3>" + escape(_("Konstituerende møde")) + "</h3>")
        f.add("constituting.invited", _("Indkaldt til det konstituerende møde"), const.invited,
              _("de %(invited)s indkaldte") % {"invited": const.invited}, "meetings:plan")
        text = [_("Rådet holdt sit konstituerende møde den %(date)s, hvor %(present)s deltog.") % {
            "date": escape(long_date(const.on)),
            "present": f.add("constituting.present", _("Til stede ved det konstituerende møde"), const.present,
                             _("%(present)s af de %(invited)s indkaldte") % {
                                 "present": number_word(const.present), "invited": const.invited},
                             "meetings:plan")}]
        if const.chair and const.vice_chair:
            text.append(escape(_("%(chair)s blev valgt som formand og %(vice)s som næstformand.")
                               % {"chair": const.chair, "vice": const.vice_chair}))
        elif const.chair and const.vice_chair_elected:
            text.append(escape(_("%(chair)s blev valgt som formand, og rådet valgte også en næstformand.")
                               % {"chair": const.chair}))
        elif const.chair:
            text.append(escape(_("%(chair)s blev valgt som formand.") % {"chair": const.chair}))
        elif const.chair_elected and const.vice_chair_elected:
            text.append(escape(_("Rådet valgte en formand og en næstformand blandt medlemmerne.")))
        elif const.chair_elected:
            text.append(escape(_("Rådet valgte en formand blandt medlemmerne.")))
        parts.append("<p>" + " ".join(text) + "</p>")
    parts.append("<h3>" + escape(_("Udtrådte i løbet af året") if facts.is_calendar_year
                                 else _("Udtrådte i løbet af perioden")) + "</h3>")
    wm, ws = comp.withdrawn_members, comp.withdrawn_substitutes
    if wm or ws:
        who = []
        if wm:
            who.append(f.add("withdrawn_members", _("Udtrådte medlemmer"), wm, _members(wm), "councils:roster_changes"))
        if ws:
            who.append(f.add("withdrawn_substitutes", _("Udtrådte suppleanter"), ws, _substitutes(ws),
                             "councils:roster_changes"))
        withdrew = _("%(period)s udtrådte %(who)s efter eget ønske.") % {
            "who": join_words(who), "period": escape(capitalise(_period_phrase(facts)))}
        parts.append("<p>" + withdrew + _other_departures(comp.other_departures, f) + "</p>")
    else:
        parts.append("<p>" + escape(_("Ingen medlemmer eller suppleanter udtrådte efter eget ønske %(period)s.")
                                    % {"period": _period_phrase(facts)}) + _other_departures(comp.other_departures, f)
                     + "</p>")
    if comp.members_on is not None:
        on = comp.members_on
        parts.append("<p>" + _("Pr. %(date)s har rådet %(members)s og %(subs)s.") % {
            "date": escape(long_date(on.on)),
            "members": f.add("members_on.members", _("Medlemmer pr. dato"), on.members, _members(on.members),
                             "councils:roster"),
            "subs": f.add("members_on.substitutes", _("Suppleanter pr. dato"), on.substitutes,
                          _substitutes(on.substitutes), "councils:roster")} + "</p>")
    return "".join(parts), f.items


def _other_departures(n: int, f: _Figures) -> str:
    if not n:
        return ""
    return " " + _("Desuden stoppede %(n)s af andre grunde, fx fordi de flyttede.") % {
        "n": f.add("other_departures", _("Andre, der stoppede"), n,
                   ngettext("%(n)s person", "%(n)s personer", n) % {"n": number_word(n)}, "councils:roster_changes")}


def _asked_sentence(meetings: Meetings, facts: YearFacts, f: _Figures) -> str:
    periods = meetings.rules_periods
    if not periods:
        return ""
    n = number_word(meetings.asked, neuter=True)

    def asked(text: str) -> str:
        return f.add("asked", _("Møder efter forretningsordenen"), meetings.asked, text, "councils:rules")

    if len(periods) == 1:
        if periods[0].meetings_per_year == meetings.asked and facts.is_calendar_year:
            return _("Forretningsordenen %(asked)s.") % {"asked": asked(_("bad om %(n)s") % {"n": n})}
        return _("Forretningsordenen bad om %(per_year)s om året, og det %(asked)s.") % {
            "per_year": escape(count(periods[0].meetings_per_year, _("møde"), _("møder"), neuter=True)),
            "asked": asked(_("svarer til %(n)s i perioden") % {"n": n})}
    changes = [_("fra %(before)s til %(after)s møder om året fra %(date)s") % {
        "before": number_word(c.before, neuter=True), "after": number_word(c.after, neuter=True),
        "date": long_date(c.on) if c.on.year != facts.end.year or not facts.is_calendar_year
        else day_month(c.on)} for c in meetings.rules_changes]
    change_text = f.add("rules_change", _("Ændring af mødefrekvensen"),
                        [[c.on.isoformat(), c.before, c.after] for c in meetings.rules_changes],
                        join_words(changes), "councils:rules")
    return _("Forretningsordenen blev ændret %(change)s, så den %(asked)s for %(whole)s.") % {
        "change": change_text, "asked": asked(_("bad om %(n)s i alt") % {"n": n}),
        "whole": escape(_("året") if facts.is_calendar_year else _("perioden"))}


def _meetings(facts: YearFacts) -> tuple[str, list[dict]]:
    meetings = facts.meetings
    f = _Figures(facts, "meetings")
    parts = []
    held = f.add("held", _("Møder holdt"), meetings.count, count(meetings.count, _("møde"), _("møder"), neuter=True),
                 "meetings:plan")
    text = [_("Rådet holdt %(held)s %(period)s.") % {"held": held, "period": escape(_period_phrase(facts))}]
    asked = _asked_sentence(meetings, facts, f)
    if asked:
        text.append(asked)
    if meetings.cancelled:
        text.append(_("%(n)s blev aflyst.") % {
            "n": f.add("cancelled", _("Aflyste møder"), meetings.cancelled,
                       capitalise(count(meetings.cancelled, _("møde"), _("møder"), neuter=True)), "meetings:plan")})
    parts.append("<p>" + " ".join(text) + "</p>")
    if meetings.held:
        parts.append("<h3>" + escape(_("Fremmøde")) + "</h3>")
        text = [_("I gennemsnit deltog %(average)s i møderne, og det er %(percent)s af dem, der var "
                  "indkaldt.") % {
            "average": f.add("average_present", _("Gennemsnitligt fremmøde"), round(meetings.average_present, 1),
                             _("%(n)s personer") % {"n": decimal_text(meetings.average_present)}, "meetings:plan"),
            "percent": f.add("average_percent", _("Fremmøde i procent"), meetings.average_percent,
                             percent_text(meetings.average_percent), "meetings:plan")}]
        first = meetings.first
        if first is not None and len(meetings.held) > 1:
            f.add("first.invited", _("Indkaldt til første møde"), first.invited,
                  _("%(invited)s indkaldte") % {"invited": first.invited}, "meetings:plan")
            text.append(_("Til %(which)s den %(date)s kom %(present)s. Til de øvrige møder kom der %(rest)s, eller "
                          "%(rest_percent)s af de indkaldte.") % {
                "which": escape(_("det konstituerende møde") if first.kind == "constituting"
                                else _("årets første møde") if facts.is_calendar_year else _("periodens første møde")),
                "date": escape(long_date(first.on)),
                "present": f.add("first.present", _("Fremmøde ved første møde"), first.present,
                                 _("%(present)s af %(invited)s indkaldte") % {"present": first.present,
                                                                             "invited": first.invited},
                                 "meetings:plan"),
                "rest": f.add("rest_average", _("Gennemsnitligt fremmøde ved de øvrige møder"),
                              round(meetings.rest_average_present, 1),
                              _("i gennemsnit %(n)s") % {"n": decimal_text(meetings.rest_average_present)},
                              "meetings:plan"),
                "rest_percent": f.add("rest_percent", _("Fremmøde i procent ved de øvrige møder"),
                                      meetings.rest_average_percent, percent_text(meetings.rest_average_percent),
                                      "meetings:plan")})
        parts.append("<p>" + " ".join(text) + "</p>")
        parts.append(attendance_chart_svg(facts))
        parts.append(_attendance_table(meetings))
    return "".join(parts), f.items


def _attendance_table(meetings: Meetings) -> str:
    rows = "".join(
        f"<tr><td>{escape(short_date(m.on))}</td><td>{m.present}</td><td>{m.invited}</td>"
        f"<td>{escape(percent_text(m.percent))}</td></tr>" for m in meetings.held)
    headers = "".join(f"<th scope=\"col\">{escape(label)}</th>"
                      for label in (_("Møde"), _("Til stede"), _("Indkaldt"), _("Fremmøde")))
    return ("<table><caption>" + escape(_("Fremmøde pr. møde")) + "</caption><thead><tr>"
            f"{headers}</tr></thead><tbody>{rows}</tbody></table>")


def attendance_chart_svg(facts: YearFacts) -> str:
    """The attendance at each meeting as an accessible bar chart: the people invited (light) and
    present (dark) per meeting, with a title and a description that states the same numbers
    as the text; the table in the section is its text equivalent."""
    meetings = facts.meetings.held
    if not meetings:
        return ""
    ident = f"fremmoede-{facts.start:%Y%m%d}-{facts.end:%Y%m%d}"
    width, height, left, bottom, top = 640, 240, 36, 34, 16
    plot_w, plot_h = width - left - 8, height - bottom - top
    scale = max(max(m.invited for m in meetings), 1)
    slot = plot_w / len(meetings)
    bar = max(slot * 0.7, 1.0)
    title = _("Fremmøde pr. møde %(period)s") % {"period": _period_phrase(facts)}
    desc = _("Søjlediagram over %(n)s møder: for hvert møde antal indkaldte (lys søjle) og antal til stede (mørk "
             "søjle). I gennemsnit deltog %(average)s personer, eller %(percent)s af de indkaldte.") % {
        "n": len(meetings), "average": decimal_text(facts.meetings.average_present),
        "percent": percent_text(facts.meetings.average_percent)}
    shapes = []
    for step in sorted({0, scale // 2, scale}):
        y = top + plot_h - plot_h * step / scale
        shapes.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#cccccc" '
                      f'stroke-width="1"></line>')
        shapes.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#333333">'
                      f'{step}</text>')
    label_every = max(1, len(meetings) // 12)
    for i, m in enumerate(meetings):
        x = left + i * slot + (slot - bar) / 2
        h_inv = plot_h * m.invited / scale
        h_pre = plot_h * m.present / scale
        shapes.append(f'<rect x="{x:.1f}" y="{top + plot_h - h_inv:.1f}" width="{bar:.1f}" height="{h_inv:.1f}" '
                      f'fill="#c9d9ec" stroke="#4f7aa8" stroke-width="1"></rect>')
        shapes.append(f'<rect x="{x:.1f}" y="{top + plot_h - h_pre:.1f}" width="{bar:.1f}" height="{h_pre:.1f}" '
                      f'fill="#004993"></rect>')
        if i % label_every == 0:
            shapes.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                          f'font-size="10" fill="#333333">{escape(chart_date(m.on))}</text>')
    legend_y = height - 6
    shapes.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="#c9d9ec" stroke="#4f7aa8" '
                  f'stroke-width="1"></rect>')
    shapes.append(f'<text x="{left + 14}" y="{legend_y}" font-size="11" fill="#333333">{escape(_("Indkaldt"))}</text>')
    shapes.append(f'<rect x="{left + 90}" y="{legend_y - 9}" width="10" height="10" fill="#004993"></rect>')
    shapes.append(f'<text x="{left + 104}" y="{legend_y}" font-size="11" fill="#333333">'
                  f'{escape(_("Til stede"))}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
            # The labels in the documents' own font (an SVG in a PDF does not read the page's CSS).
            '<g font-family="Liberation Sans, Arial, sans-serif">' + "".join(shapes) + "</g></svg>")


def _events(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "events")
    events = facts.events
    if not events:
        return "<p>" + escape(_("Rådet deltog ikke i arrangementer %(period)s.") % {
            "period": _period_phrase(facts)}) + "</p>", f.items
    parts = ["<p>" + _("For at holde sig orienteret og møde andre deltog rådet i %(n)s %(period)s:") % {
        "n": f.add("count", _("Arrangementer"), len(events),
                   count(len(events), _("arrangement"), _("arrangementer"), neuter=True), "activities:events"),
        "period": escape(_period_phrase(facts))} + "</p><ul>"]
    for i, e in enumerate(events):
        where = ", ".join(x for x in (e.organiser, long_date(e.on)) if x)
        took_part = f.add(f"{i}.attended", _("Deltagere fra rådet: %(title)s") % {"title": e.title}, e.attended,
                          capitalise(ngettext("%(n)s fra rådet", "%(n)s fra rådet", e.attended)
                                     % {"n": number_word(e.attended)}), "activities:events")
        parts.append(f"<li><strong>{escape(e.title)}</strong> ({escape(where)}). "
                     + _("%(who)s deltog.") % {"who": took_part} + "</li>")
    parts.append("</ul>")
    return "".join(parts), f.items


def _themes(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "themes")
    themes = facts.themes
    if not themes:
        return "<p>" + escape(_("Rådet havde ingen temaer %(period)s.") % {"period": _period_phrase(facts)}) \
            + "</p>", f.items
    done = [t for t in themes if t.status == "done"]
    active = [t for t in themes if t.status == "active"]
    postponed = [t for t in themes if t.status == "postponed"]
    states = []
    if done:
        states.append(f.add("done", _("Afsluttede temaer"), len(done),
                            _("%(n)s afsluttet") % {"n": number_word(len(done), neuter=True)}, "activities:themes"))
    if active:
        states.append(f.add("active", _("Temaer i gang"), len(active),
                            _("%(n)s stadig i gang") % {"n": number_word(len(active), neuter=True)},
                            "activities:themes"))
    if postponed:
        states.append(f.add("postponed", _("Udsatte temaer"), len(postponed),
                            _("%(n)s udsat") % {"n": number_word(len(postponed), neuter=True)}, "activities:themes"))
    parts = ["<p>" + _("Rådet arbejdede med %(n)s %(period)s. %(when)s var %(states)s.") % {
        "n": f.add("count", _("Temaer"), len(themes), count(len(themes), _("tema"), _("temaer"), neuter=True),
                   "activities:themes"),
        "period": escape(_period_phrase(facts)), "when": escape(capitalise(_end_phrase(facts))),
        "states": join_words(states)} + "</p>"]
    for t in themes:
        parts.append(f"<h3>{escape(t.title)}</h3>")
        bits = [_("Status: %(status)s.") % {"status": t.status_label.lower()}]
        if t.owner_role:
            bits.append(_("Tovholder: %(role)s.") % {"role": t.owner_role})
        if t.status == "postponed" and t.postponed_until is not None:
            bits.append(_("Emnet tages op igen den %(date)s.") % {"date": long_date(t.postponed_until)})
        parts.append("<p>" + escape(" ".join(bits)) + "</p>")
        if t.note.strip():
            parts.append(_paragraphs(t.note))
    return "".join(parts), f.items


def _responses(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "responses")
    parts = []
    responses = facts.responses
    if responses:
        by_committee: dict[str, int] = {}
        for r in responses:
            by_committee[r.committee or r.recipient] = by_committee.get(r.committee or r.recipient, 0) + 1
        spread = join_words([_("%(n)s til %(committee)s") % {
            "n": number_word(n, neuter=True), "committee": committee} for committee, n in by_committee.items()])
        parts.append("<p>" + _("Rådet sendte %(n)s %(period)s: %(spread)s.") % {
            "n": f.add("count", _("Høringssvar sendt"), len(responses),
                       count(len(responses), _("høringssvar"), _("høringssvar"), neuter=True),
                       "hearings:consultations"),
            "period": escape(_period_phrase(facts)), "spread": escape(spread)} + "</p>")
        outcomes = facts.outcomes
        if outcomes:
            parts.append("<p>" + _("Rådet har registreret, hvad %(n)s førte til:") % {
                "n": f.add("outcomes", _("Høringssvar med registreret resultat"), len(outcomes),
                           _("%(n)s af svarene") % {"n": number_word(len(outcomes), neuter=True)},
                           "hearings:consultations")} + "</p>")
        parts.append("<ul>")
        for r in responses:
            where = r.committee or r.recipient
            line = f"<li><strong>{escape(r.title)}</strong> ({escape(where)}, " + escape(
                _("sendt den %(date)s") % {"date": long_date(r.sent_on)}) + ")"
            if r.joint_with:
                line += " " + escape(_("sammen med %(councils)s") % {"councils": join_words(list(r.joint_with))})
            if r.outcome:
                line += ". " + escape(_("Resultat: %(outcome)s") % {"outcome": r.outcome.rstrip(".")}) + "."
            parts.append(line + "</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>" + escape(_("Rådet sendte ingen høringssvar %(period)s.") % {
            "period": _period_phrase(facts)}) + "</p>")
    letters = facts.letters
    if letters:
        committees: dict[str, int] = {}
        for lt in letters:
            committees[lt.committee] = committees.get(lt.committee, 0) + 1
        parts.append("<p>" + _("Rådet følger udvalgenes dagsordener og sendte %(n)s til %(committees)s:") % {
            "n": f.add("letters", _("Kommentarbreve sendt"), len(letters),
                       count(len(letters), _("kommentarbrev"), _("kommentarbreve"), neuter=True),
                       "hearings:committees"),
            "committees": escape(join_words(list(committees)))} + "</p><ul>")
        for lt in letters:
            items = join_words([f"“{t}”" for t in lt.items if t])
            line = _("Mødet i %(committee)s den %(date)s") % {"committee": lt.committee,
                                                                  "date": long_date(lt.meeting_on)}
            if items:
                line += ": " + (ngettext("kommentar til %(items)s", "kommentarer til %(items)s", len(lt.items))
                                % {"items": items})
            parts.append(f"<li>{escape(line)}</li>")
        parts.append("</ul>")
    if responses or letters:
        parts.append("<p>" + escape(_("Svarene og brevene kan læses i deres fulde længde i bilaget.")) + "</p>")
    return "".join(parts), f.items


def _economy_part(economy: BudgetStatus, facts: YearFacts, f: _Figures, several: bool) -> str:
    key = f"{economy.year}." if several else ""
    parts = []
    if economy.budget is not None:
        lead = _("Rådets budget for %(year)s var på %(budget)s, og rådet brugte %(spent)s") % {
            "year": economy.year,
            "budget": f.add(f"{key}budget", _("Budget"), economy.amount, kr_short(economy.amount), "finance:status"),
            "spent": f.add(f"{key}spent", _("Forbrug"), economy.spent, kr_short(economy.spent), "finance:status")}
    else:
        lead = _("Rådet havde intet budget for %(year)s og brugte %(spent)s") % {
            "year": economy.year,
            "spent": f.add(f"{key}spent", _("Forbrug"), economy.spent, kr_short(economy.spent), "finance:status")}
    parts.append(sentence(lead))
    if economy.committed:
        parts.append(sentence(_("Yderligere %(committed)s var disponeret %(when)s") % {
            "committed": f.add(f"{key}committed", _("Disponeret"), economy.committed, kr_short(economy.committed),
                               "finance:status"),
            "when": escape(_end_phrase(facts))}))
    if economy.budget is not None:
        if economy.left >= 0:
            parts.append(sentence(_("Der var %(left)s tilbage") % {
                "left": f.add(f"{key}left", _("Tilbage"), economy.left, kr_short(economy.left), "finance:status")}))
        else:
            parts.append(sentence(_("Budgettet blev overskredet med %(over)s") % {
                "over": f.add(f"{key}over", _("Overskridelse"), -economy.left, kr_short(-economy.left),
                              "finance:status")}))
    if economy.per_diem:
        parts.append(sentence(_("Diæterne til medlemmerne udgjorde i alt %(per_diem)s") % {
            "per_diem": f.add(f"{key}per_diem", _("Diæter i alt"), economy.per_diem, kr_short(economy.per_diem),
                              "finance:per_diem")}))
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(c.label)}</th><td>{escape(kr_short(c.spent))}</td>"
        f"<td>{escape(kr_short(c.committed))}</td></tr>" for c in economy.categories if c.total)
    table = ""
    if rows:
        # The labels outside the f-strings, where makemessages finds them.
        category, spent, committed, total = (escape(_("Kategori")), escape(_("Brugt")), escape(_("Disponeret")),
                                              escape(_("I alt")))
        table = ("<table><caption>" + escape(_("Forbrug fordelt på kategorier, %(year)s") % {"year": economy.year})
                 + "</caption><thead><tr>"
                 f"<th scope=\"col\">{category}</th><th scope=\"col\">{spent}</th>"
                 f"<th scope=\"col\">{committed}</th></tr></thead><tbody>{rows}"
                 f"<tr><th scope=\"row\">{total}</th><td>{escape(kr_short(economy.spent))}</td>"
                 f"<td>{escape(kr_short(economy.committed))}</td></tr></tbody></table>")
    return "<p>" + " ".join(parts) + "</p>" + table


def _economy(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "economy")
    several = len(facts.economies) > 1
    parts = []
    for economy in facts.economies:
        if several:
            parts.append(f"<h3>{economy.year}</h3>")
        parts.append(_economy_part(economy, facts, f, several))
    return "".join(parts), f.items


def _library(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "library")
    documents = facts.documents
    if not documents:
        return "<p>" + escape(_("Rådet har ikke registreret rapporter til inspiration %(period)s.") % {
            "period": _period_phrase(facts)}) + "</p>", f.items
    parts = ["<p>" + _("Rådet fik %(n)s til inspiration %(period)s:") % {
        "n": f.add("count", _("Rapporter modtaget"), len(documents),
                   count(len(documents), _("rapport"), _("rapporter")), "library:documents"),
        "period": escape(_period_phrase(facts))} + "</p><ul>"]
    for d in documents:
        details = ", ".join(x for x in (d.source, str(d.year) if d.year else "") if x)
        parts.append(f"<li><em>{escape(d.title)}</em>" + (f", {escape(details)}" if details else "") + "</li>")
    parts.append("</ul>")
    return "".join(parts), f.items


def _outlook(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "outlook")
    postponed = facts.postponed_themes
    if postponed or facts.open_actions:
        lead = _("Skriv rådets anbefalinger og planer for det kommende år her. Punkterne herunder er "
                 "udgangspunkter fra årets arbejde.")
    else:
        lead = _("Skriv rådets anbefalinger og planer for det kommende år her.")
    parts = ["<p>" + escape(lead) + "</p>"]
    if postponed:
        parts.append("<h3>" + escape(_("Emner, der er udsat")) + "</h3><ul>")
        for t in postponed:
            line = t.title
            if t.postponed_until is not None:
                line += " – " + _("tages op igen den %(date)s") % {"date": long_date(t.postponed_until)}
            if t.note.strip():
                line += ". " + t.note.strip().rstrip(".")
            parts.append(f"<li>{escape(line)}</li>")
        parts.append("</ul>")
    if facts.open_actions:
        parts.append("<h3>" + escape(_("Opgaver, der stadig er åbne")) + "</h3><ul>")
        for a in facts.open_actions:
            line = a.title + (" (" + _("frist %(date)s") % {"date": long_date(a.due)} + ")" if a.due else "")
            parts.append(f"<li>{escape(line)}</li>")
        parts.append("</ul>")
    return "".join(parts), f.items


def _annex(facts: YearFacts) -> tuple[str, list[dict]]:
    f = _Figures(facts, "annex")
    if not facts.annex:
        return "<p>" + escape(_("Rådet sendte ingen høringssvar eller kommentarbreve %(period)s.") % {
            "period": _period_phrase(facts)}) + "</p>", f.items
    responses = [a for a in facts.annex if a.kind == "response"]
    letters = [a for a in facts.annex if a.kind == "comments"]
    parts = ["<p>" + _("Bilaget gengiver %(responses)s og %(letters)s, som rådet sendte %(period)s.") % {
        "responses": f.add("responses", _("Høringssvar i bilaget"), len(responses),
                           count(len(responses), _("høringssvar"), _("høringssvar"), neuter=True),
                           "hearings:consultations"),
        "letters": f.add("letters", _("Kommentarbreve i bilaget"), len(letters),
                         count(len(letters), _("kommentarbrev"), _("kommentarbreve"), neuter=True),
                         "hearings:committees"),
        "period": escape(_period_phrase(facts))} + "</p>"]
    for letter in facts.annex:
        heading = (_("Høringssvar vedrørende %(title)s") % {"title": letter.title} if letter.kind == "response"
                   else letter.title)
        parts.append(f"<h3>{escape(heading)}</h3>")
        parts.append("<p><em>" + escape(_("Sendt til %(recipient)s den %(date)s.") % {
            "recipient": letter.recipient, "date": long_date(letter.sent_on)}) + "</em></p>")
        parts.append(_paragraphs(letter.intro))
        for section in letter.sections:
            parts.append(f"<h4>{escape(section.heading)}</h4>" + _paragraphs(section.text))
        if letter.closing.strip():
            parts.append(_paragraphs(letter.closing))
        if letter.signature:
            parts.append("<p>" + escape(_("Med venlig hilsen")) + "<br>" + escape(letter.signature) + "</p>")
    return "".join(parts), f.items


_DRAFTERS = {
    SectionKind.COMPOSITION: _composition,
    SectionKind.MEETINGS: _meetings,
    SectionKind.EVENTS: _events,
    SectionKind.THEMES: _themes,
    SectionKind.RESPONSES: _responses,
    SectionKind.ECONOMY: _economy,
    SectionKind.LIBRARY: _library,
    SectionKind.OUTLOOK: _outlook,
    SectionKind.ANNEX: _annex,
}


def draft_section(*, kind: str, facts: YearFacts, council: Council, boilerplate: str = "") -> Draft:
    """The section ``kind`` drafted from ``facts``: its title (from the preset), its body (simple
    HTML, Danish) and the figures the body states. A custom section starts empty."""
    with translation.override(settings.LANGUAGE_CODE):
        title = section_title(council=council, kind=kind)
        if kind == SectionKind.INTRODUCTION:
            body, figures = _introduction(facts, boilerplate)
        elif kind in _DRAFTERS:
            body, figures = _DRAFTERS[SectionKind(kind)](facts)
        else:
            body, figures = "", []
    return Draft(title=title, body=body, figures=figures)
